"""Switching screens: the old screen fades out over the new one from the frame after the switch,
the attract mode's banner stays on top of both, and a switch makes no window-sized surface (at
4K each is 33 MB and costs a frame to make)."""

from __future__ import annotations

import threading
import time

import pygame
import pytest

import game.app
import game.core.yardstick
from game.app import FADE_S, App
from game.dev.drive import press_until
from game.render.layers import LayerPool
from game.scenes.base import LAYER_BANDS, TEXT_FRAMES


@pytest.fixture
def app(tmp_path):
    a = App(size=(960, 540), seed=4, data_dir=tmp_path)
    yield a
    pygame.quit()


def shown(app: App) -> bytes:
    return pygame.image.tobytes(app.window, "RGB")


SWITCH_FRAMES = LAYER_BANDS + TEXT_FRAMES  # the most frames a switch draws without showing


def settle(app: App) -> None:
    """Past a switch's drawing frames and its whole fade."""
    for _ in range(SWITCH_FRAMES + 3):
        app.frame(FADE_S)


def through_switch(app: App, unchanged: bytes | None = None) -> int:
    """The frames of a switch that show nothing (the window stays `unchanged`), up to the one that
    shows the new screen; how many there were."""
    before = app.frames_shown
    for count in range(1, SWITCH_FRAMES + 2):
        app.frame(1 / 60)
        if app.frames_shown > before:
            return count - 1
        assert unchanged is None or shown(app) == unchanged
    raise AssertionError("the new screen never showed")


def test_the_old_screen_fades_out_over_the_new_one(app):
    settle(app)
    title = shown(app)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
    hidden = through_switch(app, unchanged=title)  # the switch's frames draw the new screen and show nothing
    assert app.scene.name == "level_select"
    assert 1 <= hidden <= SWITCH_FRAMES
    blended = shown(app)
    settle(app)
    level_list = shown(app)
    assert level_list != title
    assert blended not in (title, level_list)  # both show through
    app.scene.forget_layer()
    app.draw()
    assert shown(app) == level_list, "after the fade the screen is exactly the new one"


def blend_gaps(app: App, old: pygame.Surface, frames: list[tuple[pygame.Surface, float]], skip: list) -> list[int]:
    """For each fade frame (what the window showed, the fade's time left), how far (in colour
    levels, over a grid of points outside the logical rectangles `skip`) it is from the old screen
    blended over the new one, taking the new one as the window shows it once the fade is over."""
    new = app.window.copy()
    w, h = app.window.get_size()
    skip = [pygame.Rect(app.canvas.rect(*area)) for area in skip]
    points = [(x * w // 48, y * h // 27) for x in range(48) for y in range(27)]
    points = [p for p in points if not any(r.collidepoint(p) for r in skip)]
    gaps = []
    for shown_frame, left in frames:
        expected = new.copy()
        faded = old.copy()
        faded.set_alpha(max(0, round(200 * left / FADE_S)))
        expected.blit(faded, (0, 0))
        gaps.append(
            max(
                abs(a - b)
                for p in points
                for a, b in zip(shown_frame.get_at(p)[:3], expected.get_at(p)[:3], strict=True)
            )
        )
    return gaps


def fade_frames(app: App, toast_at: int | None = None, seen=None) -> list[tuple[pygame.Surface, float]]:
    """The frames of the fade under way (the switch's hidden frames passed already); `seen` is
    called after each."""
    frames = []
    while app._fade_from is not None:
        if len(frames) == toast_at:
            app.toast, app._toast_left = "Could not save the score", 30.0
        app.frame(1 / 60)
        if app._fade_from is not None:
            frames.append((app.window.copy(), app._fade_left))
            if seen is not None:
                seen()
    return frames


def past_switch(app: App) -> None:
    app.frame(1 / 60)
    while app.scene.preparing or app._prepare_left:  # the switch's frames, which show nothing
        app.frame(1 / 60)


@pytest.mark.parametrize("toast_at", [None, 4])
def test_a_fade_into_a_still_screen_shows_the_same_blend_frame_by_frame(app, toast_at):
    """A still screen fades in with one blit a frame over the fade so far (the window); every
    frame shows what blending the old screen over the new one would, to a few colour levels, also
    after a toast appears halfway (from there the old screen is blended over the new as before),
    and the last frame is exactly the new screen."""
    press_until(app, "level_select")
    settle(app)
    old = app.window.copy()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
    past_switch(app)
    assert app.scene.name == "briefing" and app.scene.still
    frames = fade_frames(app, toast_at)
    toast = [(0, 860, 1920, 220)] if toast_at is not None else []  # the foot, where the toast came
    if toast:
        app.toast = ""
        app.draw()
    gaps = blend_gaps(app, old, frames, toast)
    assert len(frames) >= 6 and max(gaps) <= 4, gaps
    final = app.window.copy()
    app.scene.forget_layer()
    app.draw()
    assert final.get_view("2").raw == app.window.get_view("2").raw, "the fade ends on the new screen exactly"


@pytest.mark.parametrize(
    ("start", "into", "share"),
    [("title", "level_select", None), ("briefing", "case", None), ("case", "outcome", None), ("case", "outcome", 0.05)],
)
def test_a_fade_into_a_screen_drawn_from_a_layer_blends_the_same_where_it_does_not_move(
    app, monkeypatch, start, into, share
):
    """The level list moves only by input, a case only in its decision timer, the outcome only in
    two bars and its crowd: there the old screen is blended over each new frame as ever,
    everywhere else the layer shows through the fade so far (one blit a frame). Each frame is the
    same blend, to a few colour levels, wherever the new screen does not move. Moving areas
    larger than `MOVING_SHARE` of the window (here made small) are blended as ever, two blits."""
    if share is not None:
        monkeypatch.setattr(game.app, "MOVING_SHARE", share)
    press_until(app, start)
    settle(app)
    old = app.window.copy()
    key, text = (pygame.K_2, "2") if into == "outcome" else (pygame.K_RETURN, "\r")  # (2: fix)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=text, scancode=0))
    past_switch(app)
    moving = app.scene.moving_areas()
    assert app.scene.name == into and moving is not None
    one_blit = []
    frames = fade_frames(app, seen=lambda: one_blit.append(app._fade_weight is not None))
    assert one_blit and (all(one_blit) if share is None else not any(one_blit))
    gaps = blend_gaps(app, old, frames, list(moving))
    assert len(frames) >= 6 and max(gaps) <= 4, gaps


def tab(app: App) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_TAB, mod=0, unicode="\t", scancode=0))


def window_made_anew(app: App) -> None:
    """The window made again at the same size (a display change, fullscreen toggled back)."""
    pygame.display.set_mode(app.window.get_size(), pygame.RESIZABLE)
    app.dispatch(pygame.event.Event(pygame.WINDOWSIZECHANGED, x=app.window.get_width(), y=app.window.get_height()))


@pytest.mark.parametrize("happening", [tab, window_made_anew])
def test_a_fade_interrupted_by_input_or_a_new_window_goes_on_blending_the_right_screens(app, happening):
    """Input that changes the new screen's layer (the focus moves) or a window made anew halfway
    through a one-blit fade: the window no longer holds the fade so far, so from that frame the
    old screen is blended over the new one whole, and every frame after is the right blend."""
    press_until(app, "level_select")
    settle(app)
    old = app.window.copy()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
    past_switch(app)
    count = []

    def after_each() -> None:
        count.append(1)
        if len(count) == 3:  # before the fourth frame
            happening(app)

    frames = fade_frames(app, seen=after_each)
    assert len(frames) >= 6
    assert (
        max(blend_gaps(app, old, frames[3:], [])) <= 4
    )  # from the frame it came in, against the new screen as it ends


def test_a_layer_drawn_in_bands_is_the_layer_drawn_at_once(app):
    """Every still screen of a whole session, drawn over a switch's frames a band at a time,
    shows exactly what drawing it in one go shows."""
    from game.dev.screenshots import walk

    checked: list[str] = []

    def compare(app: App, name: str) -> None:
        scene = app.scene
        if not scene.still or app.stack[:-1] and scene.overlay:
            return
        scene.forget_layer()
        for _ in range(SWITCH_FRAMES):
            app.draw(show=False)
            if not scene.preparing:
                break
        assert not scene.preparing
        app.draw()
        banded = shown(app)
        scene.forget_layer()
        app.draw()
        assert shown(app) == banded, name
        checked.append(scene.name)

    walk(compare, size=(960, 540))
    assert {"title", "briefing", "debrief", "summary", "podium", "settings"} <= set(checked)


def test_a_switch_interrupted_at_any_frame_ends_on_the_right_screen_drawn_whole(app):
    """To the level list and straight back, the second key pressed at each frame of the first
    switch (while its layer is part drawn, then while it fades in): the title comes back exactly
    as it was, with nothing of a half-drawn layer or an old fade left on it."""
    settle(app)
    title = shown(app)
    for wait in range(SWITCH_FRAMES + 3):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
        app.frame(1 / 60)
        for _ in range(wait):
            app.frame(1 / 60)
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
        settle(app)
        assert app.scene.name == "title"
        assert shown(app) == title, f"back after {wait} frame(s)"


def test_the_attract_modes_banner_stays_on_top_while_screens_fade(tmp_path):
    app = App(size=(960, 540), seed=3, demo=True, data_dir=tmp_path)
    try:
        banner = pygame.Rect(app.canvas.rect(960 - 80, 0, 160, 24))  # the middle of the ribbon at the top
        seen_fading = 0
        for _ in range(400):
            before = app.frames_shown
            app.frame(1 / 60)
            if app._fade_from is not None and app.frames_shown > before:  # a fade is on screen
                seen_fading += 1
                during = app.window.subsurface(banner).copy()
                app.scene.forget_layer()
                app.draw()  # the same frame without the fade
                assert pygame.image.tobytes(app.window.subsurface(banner), "RGB") == pygame.image.tobytes(
                    during, "RGB"
                ), "the banner faded with the screen beneath it"
        assert seen_fading > 5
    finally:
        pygame.quit()


def counted(monkeypatch) -> list[tuple[int, int]]:
    """The window-sized surfaces the layer pool makes from now on."""
    made: list[tuple[int, int]] = []
    real = LayerPool._new

    def counting(size):
        made.append(size)
        return real(size)

    monkeypatch.setattr(LayerPool, "_new", staticmethod(counting))
    return made


def test_a_new_windows_spares_are_made_after_its_first_frame_one_a_frame(tmp_path, monkeypatch):
    """The first frame makes only the title's own layer: it is not held back by the spares (three
    window-sized surfaces, tens of milliseconds at 4K); the quiet frames after it make them, one
    each, and a window of a new size gets its own the same way."""
    made = counted(monkeypatch)
    a = App(size=(960, 540), seed=4, data_dir=tmp_path)
    try:
        a.frame(1 / 60)
        assert a.frames_shown == 1 and made == [(960, 540)]
        for count in (2, 3, 4, 4):  # (the title is still: these frames draw nothing)
            a.frame(1 / 60)
            assert made == [(960, 540)] * count
        pygame.display.set_mode((800, 600), pygame.RESIZABLE)
        a.dispatch(pygame.event.Event(pygame.WINDOWSIZECHANGED, x=800, y=600))
        for _ in range(5):
            a.frame(1 / 60)
        assert made[4:] == [(800, 600)] * 4  # the title's layer at the new size, then three spares
    finally:
        pygame.quit()


def test_a_switch_before_the_spares_are_made_leaves_no_more_than_the_pool_keeps(app, monkeypatch):
    """A key pressed at once after the start: that switch makes its own layer, and the spares made
    afterwards stop at what the pool keeps (each is 33 MB at 4K)."""
    made = counted(monkeypatch)
    app.frame(1 / 60)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
    settle(app)
    for _ in range(10):
        app.frame(1 / 60)
    assert app.scene.name == "level_select"
    assert len(app.layers._free) <= app.layers.keep
    assert len(made) <= app.layers.keep + 2  # the switch's own layer and its fade's, then spares up to the pool


def test_switching_screens_makes_no_window_sized_surface(app, monkeypatch):
    """The window's spares are made in its first frames; from the title through the level list
    and the briefing to a case, then twenty pauses and returns, every switch reuses them: a 4K
    projector's memory stays flat and no switch pays for a new surface."""
    for _ in range(4):
        app.frame(1 / 60)
    made = counted(monkeypatch)
    press_until(app, "level_select")
    press_until(app, "case")
    for _ in range(20):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
        for _ in range(3):
            app.frame(FADE_S / 2)
    assert app.scene.name == "case"
    assert made == []


def test_the_summarys_score_range_is_worked_out_while_the_level_is_played(app, monkeypatch):
    """The range the summary draws takes a simulation of the level; it runs beside the play, so
    the frame that shows the summary does not pay for it."""
    worked_out: list[str] = []
    real = game.core.yardstick.yardstick

    def counting(level, figures):
        found = real(level, figures)
        worked_out.append(threading.current_thread().name)  # once it is known
        return found

    monkeypatch.setattr(game.core.yardstick, "yardstick", counting)
    press_until(app, "level_select")
    press_until(app, "case")
    deadline = time.monotonic() + 10
    while not worked_out and time.monotonic() < deadline:
        time.sleep(0.01)
    assert worked_out and worked_out[0] != threading.main_thread().name
    assert app.yardstick(app.session.level) is not None
    assert len(worked_out) == 1  # the summary finds it ready


def test_a_mouse_moving_through_a_switch_does_not_hold_the_new_screen_back(app):
    """Each movement is input, which asks a still screen to draw again: the bands would start
    over every frame. The new screen shows after the switch's frames however the mouse moves."""
    press_until(app, "level_select")
    settle(app)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
    before = app.frames_shown
    for i in range(SWITCH_FRAMES + 1):
        app.frame(1 / 60)
        pos = (100 + i * 7, 100 + i * 5)
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(7, 5), buttons=(0, 0, 0)))
    assert app.scene.name == "briefing" and app.scene.still
    assert app.frames_shown >= before + 1
    settle(app)
    moved = shown(app)
    app.scene.forget_layer()
    app.draw()
    assert shown(app) == moved


@pytest.mark.parametrize("budget", [10.0, 0.0])
def test_a_screen_with_more_new_text_than_a_frame_renders_takes_more_frames_to_show(app, monkeypatch, budget):
    """A switch's first frame renders the new screen's text only while its time lasts (at 4K a
    case's paragraphs take 20 ms and more); what is left waits for the next frame, a few frames
    at most, and the screen then shows whole, exactly as drawn at once."""
    monkeypatch.setattr(game.app, "TEXT_BUDGET_S", budget)
    settle(app)
    app.text.clear()  # every text of the level list is new
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
    hidden = through_switch(app)
    assert app.scene.name == "level_select"
    assert hidden == (LAYER_BANDS if budget else SWITCH_FRAMES)
    settle(app)
    spread = shown(app)
    app.text.clear()
    app.draw()
    assert shown(app) == spread


def outside(app: App, surface: pygame.Surface, areas) -> bytes:
    """The pixels of `surface` outside the logical rectangles `areas` (those painted over)."""
    copy = surface.copy()
    for area in areas:
        copy.fill((255, 0, 255), app.canvas.rect(*area))
    return pygame.image.tobytes(copy, "RGB")


@pytest.mark.parametrize("key", [pygame.K_1, pygame.K_2, pygame.K_3])
def test_a_screen_draws_over_its_layer_only_in_the_areas_it_names_as_moving(app, key):
    """A one-blit fade trusts `moving_areas`: a frame drawn anywhere else would show unfaded. A
    case with its decision timer, and the outcome at every point of its animation (the bars
    easing, the crowd growing ring by ring), change the window only there."""
    press_until(app, "case")
    settle(app)
    app.frame(1.0)  # the timer has moved
    app.draw()
    case = app.scene
    assert case.moving_areas()
    assert outside(app, app.window, case.moving_areas()) == outside(app, case._layer, case.moving_areas())
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=chr(key), scancode=0))
    settle(app)
    outcome = app.scene
    assert outcome.name == "outcome" and outcome.people > 0
    areas = outcome.moving_areas()
    moved = set()
    for step in range(11):
        outcome.shown, outcome.spent = outcome.people * step / 10, step / 10
        app.draw()
        assert outside(app, app.window, areas) == outside(app, outcome._layer, areas), f"at {step / 10:.0%}"
        moved.add(pygame.image.tobytes(app.window, "RGB"))
    assert len(moved) == 11  # and in them, every step shows more


@pytest.mark.parametrize("groups", [[19, 26, 32], [9, 60], [200]])
def test_the_outcomes_crowd_stays_in_its_moving_area_however_full_its_rings(app, groups):
    """Every ring full at the largest size (a company's own, larger figures fill them all), or so
    many people they shrink: none is drawn outside the area the outcome names as moving."""
    from game.scenes.outcome import CROWD_AREA, crowd_spots

    surface = app.window.copy()
    surface.fill((0, 0, 0))
    painter = app.painter(surface)
    spots, size = crowd_spots(groups)
    assert len(spots) == sum(groups)
    for x, y in spots:
        painter.person(x, y, size, (255, 255, 255), hollow=False)
    surface.set_colorkey((0, 0, 0))
    first, *more = pygame.mask.from_surface(surface).get_bounding_rects()
    drawn = first.unionall(more)
    assert pygame.Rect(app.canvas.rect(*CROWD_AREA)).contains(drawn), (drawn, app.canvas.rect(*CROWD_AREA))
