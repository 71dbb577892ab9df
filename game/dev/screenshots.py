"""`python -m game screenshots OUTDIR`: every scene in the states worth seeing, as PNG files.

Drives the real app through real key presses with a fixed seed, headless.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pygame

from game.app import App
from game.core.model import Response
from game.dev.drive import click, play_through, press, press_until, type_text

SEED = 7


def render_all(
    outdir: Path,
    size: tuple[int, int] = (1920, 1080),
    large: bool = False,
    contrast: bool = False,
    lang: str = "en",
) -> list[Path]:
    """Every screen as a PNG file in `outdir`."""
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(app: App, name: str) -> None:
        app.draw()
        path = outdir / f"{len(written) + 1:02d}-{name}.png"
        pygame.image.save(app.window, str(path))
        written.append(path)

    walk(save, size=size, large=large, contrast=contrast, lang=lang)
    return written


def walk(
    shot: Callable[[App, str], None],
    size: tuple[int, int] = (1920, 1080),
    large: bool = False,
    contrast: bool = False,
    lang: str = "en",
) -> None:
    """Drive the real app through every screen in the states worth seeing, calling shot(app, name)
    at each: a solo level, a three-team session, the leaderboard, lessons and settings."""
    with tempfile.TemporaryDirectory(prefix="ambassador-shots-") as data_dir:  # nothing left behind
        app = App(size=size, seed=SEED, lang=lang, data_dir=data_dir)
        try:
            app.change_settings(text_size="large" if large else "normal", high_contrast=contrast)
            _walk(app, shot)
        finally:
            app.store.close()
            pygame.quit()


def _walk(app: App, shot: Callable[[App, str], None]) -> None:
    def shot_(name: str) -> None:
        shot(app, name)

    shot_("title")
    press_until(app, "level_select")
    shot_("level-select")
    press_until(app, "briefing")
    shot_("briefing")
    press_until(app, "case")
    shot_("case")
    press(app, "ask", "apology")
    shot_("case-asked-apology")
    press(app, "back")
    shot_("pause")
    press(app, "back", "exceed")
    app.frame(0.15)
    shot_("outcome-animating")
    press(app, "confirm")
    shot_("outcome-ambassador")
    press_until(app, "case")
    app.frame(30.0)
    shot_("case-timer-running")
    press(app, "ignore")
    press(app, "confirm")
    shot_("outcome-lost")
    press_until(app, "case")
    press(app, "fix")
    app.frame(2.0)
    shot_("outcome-fix")
    press_until(app, "debrief")
    shot_("debrief")
    press_until(app, "summary")
    shot_("summary")

    # A team session of three, as a workshop would run it.
    press(app, "back")
    press_until(app, "title", "back")
    click(app, "teams")
    for i, name in enumerate(["Fjordfolket", "Åsa & Øyvind", "Kundeklubben for ærlige tilbakemeldinger i Nord"]):
        if i >= 2:
            click(app, "add")
        else:
            click(app, f"team:{i}")
        type_text(app, name)
    shot_("team-setup")
    click(app, "start")
    shot_("team-briefing")
    plans = [
        [("ask", "exceed"), ("apology", "fix"), ("ignore",)],
        [("apology", "fix"), ("apology", "fix"), ("ask", "exceed")],
        [("ignore",), ("exceed",), ("fix",)],
    ]
    for i, moves in enumerate(plans):
        if i == 0:
            press_until(app, "case")
            press(app, "back")
            shot_("pause-questions")
            press(app, "back")
        play_through(app, moves)
        press(app, "confirm")
        if i == 0:
            shot_("scoreboard")
        if i < len(plans) - 1:
            press(app, "confirm")
    shot_("podium")
    press(app, "confirm")
    shot_("team-debrief")
    press_until(app, "podium", "right")
    click(app, "leaderboard")
    shot_("leaderboard-session")
    press(app, "left", "left")
    shot_("leaderboard-all")
    press(app, "back", "back")
    press_until(app, "title", "back")
    click(app, "settings")
    press(app, "right")
    shot_("settings")
    press_until(app, "title", "back")
    click(app, "lessons")
    shot_("lessons")
    _walk_room(app, shot_)


def _walk_room(app: App, shot_: Callable[[str], None]) -> None:
    """A room session on loopback; the phones stand in through the room's own rules."""
    press_until(app, "title", "back")
    app.room_address = ("127.0.0.1", 0)
    click(app, "room")
    click(app, "teams")
    type_text(app, "Fjordfolket, Åsa & Øyvind, Kundeklubben for ærlige tilbakemeldinger i Nord")
    shot_("room-setup")
    click(app, "open")
    assert app.ctx.room is not None, app.scene.message
    room = app.ctx.room.room
    app.frame(61.0)  # a minute without a phone: what usually stops them, and what to do
    shot_("room-lobby-help")
    for i, names in enumerate((["Kari", "Ola Nordmann"], ["Åsa", "Øyvind", "Lars"], ["Per"])):
        for k, name in enumerate(names):
            room.join(f"shot-{i}-{k}", name, team=i)
    app.frame(0.3)
    shot_("room-lobby")
    press(app, "confirm")
    room.vote("shot-0-0", 0, 0, Response.FIX)
    room.vote("shot-0-1", 0, 0, Response.FIX)
    app.frame(0.016)
    shot_("room-case")
    press(app, "pause")
    shot_("room-pause")
    press(app, "pause")
    room.ask("shot-1-0", 0, 1)
    for k in range(3):
        room.vote(f"shot-1-{k}", 0, 1, Response.EXCEED)
    press(app, "confirm")
    app.frame(5.0)
    shot_("room-reveal")
    for _ in range(len(room.level.cases) * 3):
        if app.scene.name == "podium":
            break
        press(app, "confirm")
        app.frame(5.0)
    app.end_session()
