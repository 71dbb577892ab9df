"""Drawing primitives in logical units. Scenes draw through a Painter and never see window pixels."""

from __future__ import annotations

import math
import time
import zlib

import pygame

from game.render import theme
from game.render.canvas import LOGICAL_H, LOGICAL_W, Canvas
from game.render.layers import LayerPool
from game.render.text import TextCache

Colour = tuple[int, int, int]
MAX_FIT = 300  # no line on a 1920-wide canvas holds more characters than this


class Painter:
    def __init__(
        self,
        surface: pygame.Surface,
        canvas: Canvas,
        text: TextCache,
        large: bool = False,
        palette: theme.Palette = theme.NORMAL,
    ) -> None:
        self.surface = surface
        self.palette = palette  # a frozen value: a new palette means a new painter
        # Whether the window still holds exactly what this screen drew last frame, so a cached
        # layer need only restore where something moves (the app knows; it sets this).
        self.kept = False
        # False on a switch's first frames: screens draw their layers a band a frame and show
        # nothing (the frame after shows the layer whole, under the old screen fading out).
        self.shown = True
        # Set by a cross-fade: a layer is shown with this surface alpha over what the window holds
        # (the fade so far), one blit where an opaque one and a blend of the old screen were two.
        self.see_through: int | None = None
        self.fade_areas: list[pygame.Rect] = []  # where the screen moves: there the layer is blitted whole
        self.see_through_refused = False  # a layer redrawn this frame was shown whole instead
        # Set where what is drawn is thrown away (a switch's first frame renders a screen's text
        # with nothing shown): text not rendered yet is left for the next frame past this time,
        # and `text_left` says some was, so a screen with much new text spreads it over frames.
        self.text_deadline: float | None = None
        self.text_left = False
        self._fresh_text = False  # a text was rendered anew by this painter
        self.layers: LayerPool | None = None  # where a screen takes its cached layer's surface from
        self.canvas = canvas
        self.cache = text
        self.large = large
        self.record: list[tuple[tuple[float, float, float, float], str]] | None = None  # set by layout checks
        self.cut: list[str] = []  # texts that had to be shortened to fit
        # with `record`: each text's rectangle, words, colour and the colour behind it
        self.inks: list[tuple[tuple[float, float, float, float], str, Colour, Colour]] = []

    def px_size(self, size: int) -> int:
        """A logical type size in real pixels; large mode lifts body text from 28 to 36."""
        if self.large:
            size = round(size * (36 / 28 if size <= theme.BODY else 1.15))
        return max(4, round(size * self.canvas.scale))

    def clear(self) -> None:
        """The background, and the letterbox bars around it: each pixel filled once (at 4K a
        whole-window fill costs 2 ms)."""
        inside = pygame.Rect(self.canvas.rect(0, 0, LOGICAL_W, LOGICAL_H))
        for bar in _around(self.surface.get_rect(), inside):
            self.surface.fill(self.palette.bars, bar)
        self.surface.fill(self.palette.bg, inside)

    def rect(self, x: float, y: float, w: float, h: float, colour: Colour, radius: float = 0, width: float = 0) -> None:
        r = self.canvas.rect(x, y, w, h)
        line = self.canvas.px(width) if width else 0
        pygame.draw.rect(self.surface, colour, r, line, border_radius=self.canvas.px(radius) if radius else 0)

    def shade(self, x: float, y: float, w: float, h: float, alpha: int = 170) -> None:
        """A veil over what is drawn so far: an overlay; text beneath it no longer counts as shown."""
        if self.record is not None:  # only what lies under the veil

            def clear(r: tuple[float, float, float, float]) -> bool:
                return r[0] + r[2] <= x or r[0] >= x + w or r[1] + r[3] <= y or r[1] >= y + h

            self.record[:] = [item for item in self.record if clear(item[0])]
            self.inks[:] = [item for item in self.inks if clear(item[0])]
        r = pygame.Rect(self.canvas.rect(x, y, w, h))
        keep = 255 - alpha
        self.surface.fill((keep, keep, keep), r, special_flags=pygame.BLEND_RGB_MULT)  # darken in place

    def circle(self, x: float, y: float, radius: float, colour: Colour, width: float = 0) -> None:
        line = self.canvas.px(width) if width else 0
        pygame.draw.circle(self.surface, colour, self.canvas.point(x, y), self.canvas.px(radius), line)

    def line(self, x0: float, y0: float, x1: float, y1: float, colour: Colour, width: float = 3) -> None:
        pygame.draw.line(
            self.surface, colour, self.canvas.point(x0, y0), self.canvas.point(x1, y1), self.canvas.px(width)
        )

    def arc(
        self, x: float, y: float, w: float, h: float, start: float, stop: float, colour: Colour, width: float = 4
    ) -> None:
        pygame.draw.arc(self.surface, colour, self.canvas.rect(x, y, w, h), start, stop, self.canvas.px(width))

    def polygon(self, points: list[tuple[float, float]], colour: Colour) -> None:
        pygame.draw.polygon(self.surface, colour, [self.canvas.point(x, y) for x, y in points])

    def text(
        self,
        text: str,
        x: float,
        y: float,
        size: int = theme.BODY,
        colour: Colour | None = None,
        bold: bool = False,
        wrap: float = 0,
        align: str = "left",
    ) -> float:
        """Draw text with its top at y; x is the left edge, the centre or the right edge by `align`.
        Returns the logical height drawn, so paragraphs can be stacked."""
        if not text:
            return 0.0
        colour = colour or self.palette.text
        s = self.canvas.scale
        args = (text, self.px_size(size), colour, bold, max(1, round(wrap * s)) if wrap > 0 else 0, align)
        if self.text_deadline is not None and self.cache.rendered(*args) is None:
            if self._fresh_text and time.perf_counter() > self.text_deadline:  # one at least a frame
                self.text_left = True
                return float(size)  # (nothing here is shown: the height only keeps the layout going)
            self._fresh_text = True
        surface = self.cache.render(*args)
        px, py = self.canvas.point(x, y)
        if align == "center":
            px -= surface.get_width() // 2
        elif align == "right":
            px -= surface.get_width()
        if self.record is not None:
            ox, oy = self.canvas.offset
            rect = ((px - ox) / s, (py - oy) / s, surface.get_width() / s, surface.get_height() / s)
            self.record.append((rect, text))
            self.inks.append((rect, text, colour, self._behind(px, py, surface.get_width(), surface.get_height())))
        self.surface.blit(surface, (px, py))
        return surface.get_height() / s

    def _behind(self, x: int, y: int, w: int, h: int) -> Colour:
        """The colour a text is drawn on: the commonest of the pixels it will cover (contrast checks)."""
        area = pygame.Rect(x, y, w, h).clip(self.surface.get_rect())
        if not area.w or not area.h:
            return self.palette.bg
        step_x, step_y = max(1, area.w // 24), max(1, area.h // 6)
        seen: dict[Colour, int] = {}
        for sx in range(area.x, area.right, step_x):
            for sy in range(area.y, area.bottom, step_y):
                c = tuple(self.surface.get_at((sx, sy)))[:3]
                seen[c] = seen.get(c, 0) + 1  # type: ignore[index]
        return max(seen, key=seen.__getitem__)  # type: ignore[return-value]

    def measure(self, text: str, size: int, bold: bool = False, wrap: float = 0) -> tuple[float, float]:
        s = self.canvas.scale
        surface = self.cache.render(
            text, self.px_size(size), self.palette.text, bold, max(1, round(wrap * s)) if wrap > 0 else 0, "left"
        )
        return surface.get_width() / s, surface.get_height() / s

    def fit(self, text: str, size: int, width: float, bold: bool = False, data: bool = False) -> str:
        """The text cut with an ellipsis so it fits on one line of the given logical width.
        `data` marks a name or a table cell, where shortening is expected; any other cut is a
        layout fault that the layout test reports."""
        if len(text) > MAX_FIT:  # a name stored by another program may be a megabyte long
            text = text[:MAX_FIT]
        if self.measure(text, size, bold)[0] <= width:
            return text
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.measure(text[:mid].rstrip() + "…", size, bold)[0] <= width:
                lo = mid
            else:
                hi = mid - 1
        if not data:
            self.cut.append(text)
        return text[:lo].rstrip() + "…"

    def badge(self, x: float, y: float, r: float, index: int) -> None:
        """A team's badge: its colour and its shape, centred on (x, y)."""
        colour = self.palette.badge(index)
        shape = theme.BADGE_SHAPES[index % len(theme.BADGE_SHAPES)]
        if shape == "circle":
            self.circle(x, y, r, colour)
        elif shape == "square":
            self.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7, colour)
        elif shape == "triangle":
            self.polygon([(x, y - r), (x + r, y + r * 0.8), (x - r, y + r * 0.8)], colour)
        elif shape == "diamond":
            self.polygon([(x, y - r), (x + r, y), (x, y + r), (x - r, y)], colour)
        elif shape in ("star", "hexagon"):
            n, inner = (5, 0.45) if shape == "star" else (6, 1.0)
            pts = []
            for i in range(n * 2):
                rad = r if i % 2 == 0 else r * inner
                a = -math.pi / 2 + i * math.pi / n
                pts.append((x + rad * math.cos(a), y + rad * math.sin(a)))
            self.polygon(pts, colour)
        elif shape == "plus":
            self.rect(x - r, y - r * 0.3, r * 2, r * 0.6, colour)
            self.rect(x - r * 0.3, y - r, r * 0.6, r * 2, colour)
        else:
            self.circle(x, y, r, colour, width=max(3, r * 0.35))

    def bar(self, x: float, y: float, w: float, h: float, share: float, colour: Colour) -> None:
        """A meter; the filled part is drawn with a pattern edge so it reads without colour too."""
        self.rect(x, y, w, h, self.palette.panel_hi, radius=h / 2)
        share = min(max(share, 0.0), 1.0)
        if share > 0:
            self.rect(x, y, max(w * share, h), h, colour, radius=h / 2)
        self.rect(x, y, w, h, self.palette.muted, radius=h / 2, width=2)

    def person(self, x: float, y: float, size: float, colour: Colour, hollow: bool = False) -> None:
        """A little person (head and shoulders): the unit of word of mouth."""
        width = 3 if hollow else 0
        self.circle(x, y - size * 0.35, size * 0.28, colour, width)
        r = self.canvas.rect(x - size * 0.45, y, size * 0.9, size * 0.7)
        pygame.draw.ellipse(self.surface, colour, r, self.canvas.px(width) if width else 0)

    def face(self, x: float, y: float, radius: float, mood: str, who: str = "") -> None:
        """A customer's face drawn from its mood: the mood shows in the mouth and brows, not the
        colour. `who` (the customer's name) picks a skin tone and hair that stay the same for that
        customer on every screen and every machine."""
        pick = zlib.crc32(who.encode("utf-8")) if who else 0
        skin = self.palette.skins[pick % len(self.palette.skins)]
        hair = self.palette.hairs[(pick >> 4) % len(self.palette.hairs)]
        style = (pick >> 8) % 4 if who else 0
        if style == 2:  # long hair behind the face
            self.rect(x - radius * 1.02, y - radius * 0.6, radius * 2.04, radius * 1.45, hair, radius=radius * 0.5)
        self.circle(x, y, radius, skin)
        if style in (1, 2):  # a fringe
            self.arc(x - radius, y - radius, radius * 2, radius * 1.3, 0.15, math.pi - 0.15, hair, radius * 0.32)
        elif style == 3:  # a bun on top
            self.circle(x, y - radius * 1.02, radius * 0.32, hair)
            self.arc(x - radius, y - radius, radius * 2, radius * 1.3, 0.4, math.pi - 0.4, hair, radius * 0.2)
        self.circle(x, y, radius, self.palette.ink, width=4)
        eye_y = y - radius * 0.18
        for side in (-1, 1):
            self.circle(x + side * radius * 0.35, eye_y, radius * 0.08, self.palette.ink)
        mouth_w, mouth_y = radius * 0.9, y + radius * 0.28
        ink = self.palette.ink
        if mood in ("delighted", "relieved", "calm"):
            depth = {"delighted": 0.55, "relieved": 0.35, "calm": 0.18}[mood]
            self.arc(
                x - mouth_w / 2, mouth_y - radius * depth, mouth_w, radius * depth * 2, math.pi, 2 * math.pi, ink, 5
            )
        elif mood in ("angry", "annoyed", "lost", "desperate"):
            depth = 0.3 if mood != "annoyed" else 0.15
            self.arc(x - mouth_w / 2, mouth_y, mouth_w, radius * depth * 2, 0, math.pi, ink, 5)
        else:  # worried
            self.circle(x, mouth_y + radius * 0.08, radius * 0.12, ink, width=4)
        if mood in ("angry", "annoyed", "lost"):
            tilt = radius * (0.18 if mood == "angry" else 0.08)
            for side in (-1, 1):
                inner, outer = x + side * radius * 0.15, x + side * radius * 0.55
                self.line(inner, eye_y - radius * 0.2 + tilt, outer, eye_y - radius * 0.22 - tilt, ink, 5)
        elif mood in ("worried", "desperate"):
            for side in (-1, 1):
                inner, outer = x + side * radius * 0.15, x + side * radius * 0.55
                self.line(inner, eye_y - radius * 0.32, outer, eye_y - radius * 0.2, ink, 5)
        if mood == "desperate":
            self.circle(x + radius * 0.45, eye_y + radius * 0.22, radius * 0.07, self.palette.good)

    def icon(self, name: str, x: float, y: float, r: float, colour: Colour) -> None:
        """Small pictures that carry meaning besides colour, centred on (x, y) with radius r:
        clock, coin, hourglass, star, tick, cross, silent (a hollow person)."""
        w = max(2.0, r * 0.18)
        if name == "clock":
            self.circle(x, y, r, colour, width=w)
            self.line(x, y, x, y - r * 0.6, colour, w)
            self.line(x, y, x + r * 0.45, y + r * 0.2, colour, w)
        elif name == "coin":
            self.circle(x, y, r, colour)
            self.circle(x, y, r * 0.62, self.palette.bg, width=w)
        elif name == "hourglass":
            self.polygon([(x - r * 0.7, y - r), (x + r * 0.7, y - r), (x, y)], colour)
            self.polygon([(x - r * 0.7, y + r), (x + r * 0.7, y + r), (x, y)], colour)
        elif name == "star":
            pts = []
            for i in range(10):
                rad = r if i % 2 == 0 else r * 0.42
                a = -math.pi / 2 + i * math.pi / 5
                pts.append((x + rad * math.cos(a), y + rad * math.sin(a)))
            self.polygon(pts, colour)
        elif name == "tick":
            self.line(x - r * 0.7, y, x - r * 0.15, y + r * 0.6, colour, w * 1.6)
            self.line(x - r * 0.15, y + r * 0.6, x + r * 0.8, y - r * 0.65, colour, w * 1.6)
        elif name == "cross":
            self.line(x - r * 0.7, y - r * 0.7, x + r * 0.7, y + r * 0.7, colour, w * 1.6)
            self.line(x - r * 0.7, y + r * 0.7, x + r * 0.7, y - r * 0.7, colour, w * 1.6)
        elif name in ("person", "silent"):
            self.person(x, y + r * 0.1, r * 1.6, colour, hollow=name == "silent")


def _around(whole: pygame.Rect, inside: pygame.Rect) -> list[pygame.Rect]:
    """The parts of `whole` outside `inside`: bands above and below, then at either side."""
    inside = inside.clip(whole)
    bands = [
        pygame.Rect(whole.left, whole.top, whole.width, inside.top - whole.top),
        pygame.Rect(whole.left, inside.bottom, whole.width, whole.bottom - inside.bottom),
        pygame.Rect(whole.left, inside.top, inside.left - whole.left, inside.height),
        pygame.Rect(inside.right, inside.top, whole.right - inside.right, inside.height),
    ]
    return [band for band in bands if band.width > 0 and band.height > 0]
