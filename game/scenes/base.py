"""What every screen shares: buttons, keyboard focus, and the default way actions arrive.

A scene reads top to bottom: enter() when it comes on screen, buttons() lays out what can be
clicked, handle() turns an action into a session action or a switch to another screen by name,
update() advances time, draw() only draws, leave() when it goes. A scene sees a `Context`, never
the App, and never imports another scene.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.content.strings import Strings
from game.render.layers import window_like
from game.render.painter import Painter
from game.render.widgets import Button, draw_button
from game.scenes.context import Context

FOCUS_MOVES = {"up": -1, "left": -1, "down": 1, "right": 1, "tab": 1}
# A new screen's layer is drawn over this many frames after a switch, so that no frame at 4K
# does all of a screen's first drawing: the first renders its text and draws nothing, each of
# the others draws a band of it with the text found rendered.
LAYER_BANDS = 3
# A screen with more new text than TEXT_BUDGET_S renders in a frame takes up to TEXT_FRAMES more
# first frames (nothing is shown in them): a case's paragraphs at 4K take 20 ms or more.
TEXT_BUDGET_S = 0.008
TEXT_FRAMES = 4


class Scene:
    name = "scene"
    primary = ""  # the action of the button drawn as the main one
    overlay = False  # drawn over the screen beneath it (a pause), which stays in view

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.focus: str | None = None
        self.pressed: str | None = None
        self.message = ""  # a short note shown when something cannot be done

    @property
    def t(self) -> Strings:
        """The string table in the language chosen now."""
        return self.ctx.t

    # -- coming and going (the app calls these as screens switch, between frames)
    def enter(self) -> None:
        """The screen comes into view."""

    def leave(self) -> None:
        """The screen goes for good."""

    def cover(self) -> None:
        """Another screen is pushed over this one."""

    def uncover(self) -> None:
        """The screen over this one was taken away."""

    @property
    def busy(self) -> bool:
        """Whether the screen changes by itself (an animation, a running timer) and must be
        redrawn every frame; an idle screen is redrawn only when something happens."""
        return False

    # -- text entry: a scene with a focused text field sets `editing`
    @property
    def editing(self) -> bool:
        return False

    def type_text(self, text: str) -> None:
        """Characters typed while a text field has the keyboard."""

    def erase(self) -> None:
        """Backspace in a text field."""

    # -- layout and input
    def buttons(self) -> list[Button]:
        return []

    def handle(self, action: str) -> None:
        """Scene-specific actions; the default does nothing."""

    def act(self, action: str) -> None:
        """Every action enters here: focus moves and Enter on a focused button are shared."""
        buttons = [b for b in self.buttons() if b.enabled]
        if action in FOCUS_MOVES and buttons:
            ids = [b.action for b in buttons]
            if self.focus in ids:
                i = (ids.index(self.focus) + FOCUS_MOVES[action]) % len(ids)
            else:
                i = 0 if FOCUS_MOVES[action] > 0 else len(ids) - 1
            self.focus = ids[i]
            return
        if action == "confirm" and self.focus and any(b.action == self.focus for b in buttons):
            self.handle(self.focus)
            return
        self.handle(action)

    def click(self, button: Button) -> None:
        if button.enabled:
            self.focus = button.action
            self.act(button.action)
        else:
            self.message = button.note

    def demo_actions(self) -> list[str]:
        """What the attract mode presses on this screen."""
        return ["confirm"]

    # -- time and drawing
    def update(self, dt: float) -> None:
        """Advance animations and timers by dt seconds."""

    def draw(self, p: Painter) -> None:
        raise NotImplementedError

    def draw_layered(
        self,
        p: Painter,
        key: tuple,
        draw: Callable[[Painter], None],
        dirty: tuple[float, float, float, float] | None = None,
    ) -> None:
        """Draw through a cached layer: `draw` runs only when `key` (compared by identity for
        objects, by value otherwise) or the window size changed. While the window still shows this
        layer, only the `dirty` logical rectangle (where something moves) is restored from it."""
        if p.record is not None:  # layout checks see every text, drawn directly
            p.clear()
            draw(p)
            return
        size = p.surface.get_size()
        layer = getattr(self, "_layer", None)
        if not _same(getattr(self, "_layer_key", None), key) or layer is None or layer.get_size() != size:
            if layer is None or layer.get_size() != size:  # a 4K surface is costly to make: reuse one
                if p.layers is not None:
                    p.layers.give(layer)
                    layer = p.layers.take(size)
                else:
                    layer = window_like(size)
            painter = Painter(layer, p.canvas, p.cache, p.large, p.palette)
            painter.layers = p.layers  # a screen drawn inside this layer takes its own from the pool too
            if not p.shown:  # a switch's frames: a band at a time, shown when whole
                self._layer, self._layer_key = layer, None
                self._draw_band(painter, key, draw, p.text_deadline)
                p.text_left = p.text_left or painter.text_left
                return
            painter.clear()
            draw(painter)
            self._layer, self._layer_key, self._band = layer, key, None
            redrawn = True
        else:
            redrawn = False
        if not p.shown:
            return
        if p.see_through is not None and redrawn:  # what the window holds is of the layer before
            p.surface.blit(layer, (0, 0))
            p.see_through_refused = True
        elif p.see_through is not None:  # a cross-fade: over the fade so far, where nothing moves
            layer.set_alpha(p.see_through)
            p.surface.blit(layer, (0, 0))
            layer.set_alpha(None)
            for area in p.fade_areas:  # where things move, the layer as is, to draw them on
                p.surface.blit(layer, area.topleft, area)
        elif dirty is not None and p.kept and not redrawn:
            area = pygame.Rect(p.canvas.rect(*dirty))
            p.surface.blit(layer, area.topleft, area)
        else:
            p.surface.blit(layer, (0, 0))

    def _draw_band(
        self, painter: Painter, key: tuple, draw: Callable[[Painter], None], deadline: float | None = None
    ) -> None:
        """The next band of a layer drawn over a switch's frames: the first (an empty one) renders
        every text the screen needs (until `deadline`, then again the next frame), the next ones
        draw a part of the layer each and find the text rendered. The layer counts as drawn, under
        `key`, once its last band is."""
        band = getattr(self, "_band", None)
        done = band[1] if band is not None and _same(band[0], key) else 0
        layer = painter.surface
        width, height = layer.get_size()
        parts = LAYER_BANDS - 1  # the first frame draws nothing: it only renders the text
        top, bottom = (height * (done - 1) // parts, height * done // parts) if done else (0, 0)
        layer.set_clip((0, top, width, bottom - top))
        painter.text_deadline = deadline if not done else None  # (the other bands are shown)
        try:
            painter.clear()
            draw(painter)
        finally:
            layer.set_clip(None)
            painter.text_deadline = None
        if painter.text_left:  # more text than one frame renders: the first band again
            self._band = (key, 0)
        elif done + 1 < LAYER_BANDS:
            self._band = (key, done + 1)
        else:
            self._layer_key, self._band = key, None

    @property
    def preparing(self) -> bool:
        """Whether this screen's layer is part drawn (a switch's frames draw it a band at a time)."""
        return getattr(self, "_band", None) is not None

    def forget_layer(self) -> None:
        """Draw everything again next time (a test compares that with what the layer showed)."""
        self._layer_key = self._band = None

    def take_layer(self) -> pygame.Surface | None:
        """The layer's surface, for the next screen to reuse once this one has gone."""
        layer, self._layer, self._layer_key, self._band = getattr(self, "_layer", None), None, None, None
        return layer

    @property
    def paints_background(self) -> bool:
        """Whether draw() covers the whole window itself (a layered screen), so the app need not
        clear it first."""
        return self.still

    # A screen that changes only on input (no timer, no animation): the app draws it once into a
    # layer and, until the next input, a frame only shows that layer again.
    still = False

    def moving_areas(self) -> tuple[tuple[float, float, float, float], ...] | None:
        """Where this screen's frames change by themselves, as logical rectangles: everything
        else is its layer as drawn (so a cross-fade shows that part with one blit over the fade
        so far). () for a still screen; None when not known (any of it may change)."""
        return () if self.still else None

    def state_key(self) -> tuple:
        """The screen's plain state (focus, page, message...), so a change made without input (by a
        test or the attract mode) also redraws a still screen."""
        plain = (str, int, float, bool, type(None))
        return tuple(v for k, v in vars(self).items() if not k.startswith("_") and isinstance(v, plain))

    def draw_buttons(self, p: Painter) -> None:
        for b in self.buttons():
            draw_button(p, b, self.focus == b.action, self.pressed == b.action, primary=b.action == self.primary)


def _same(old: tuple | None, key: tuple) -> bool:
    """Whether a layer drawn under `old` shows what `key` asks for: objects by identity, the rest by value."""
    return old is not None and len(old) == len(key) and all(a is b or a == b for a, b in zip(old, key, strict=True))
