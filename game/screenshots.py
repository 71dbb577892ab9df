"""`python -m game screenshots OUTDIR`: every scene in the states worth seeing, as PNG files.

Drives the real app through real key presses with a fixed seed, headless.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pygame

from game.app import App
from game.drive import click, play_through, press, press_until, type_text

SEED = 7


def render_all(
    outdir: Path, size: tuple[int, int] = (1920, 1080), large: bool = False, contrast: bool = False
) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    app = App(size=size, seed=SEED, data_dir=tempfile.mkdtemp(prefix="ambassador-shots-"))
    app.change_settings(text_size="large" if large else "normal", high_contrast=contrast)
    written: list[Path] = []

    def shot(name: str) -> None:
        app.draw()
        path = outdir / f"{len(written) + 1:02d}-{name}.png"
        pygame.image.save(app.window, str(path))
        written.append(path)

    shot("title")
    press_until(app, "level_select")
    shot("level-select")
    press_until(app, "briefing")
    shot("briefing")
    press_until(app, "case")
    shot("case")
    press(app, "ask", "apology")
    shot("case-asked-apology")
    press(app, "back")
    shot("pause")
    press(app, "back", "exceed")
    app.frame(0.15)
    shot("outcome-animating")
    press(app, "confirm")
    shot("outcome-ambassador")
    press_until(app, "case")
    app.frame(30.0)
    shot("case-timer-running")
    press(app, "ignore")
    press(app, "confirm")
    shot("outcome-lost")
    press_until(app, "case")
    press(app, "fix")
    app.frame(2.0)
    shot("outcome-fix")
    press_until(app, "debrief")
    shot("debrief")
    press_until(app, "summary")
    shot("summary")

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
    shot("team-setup")
    click(app, "start")
    shot("team-briefing")
    plans = [
        [("ask", "exceed"), ("apology", "fix"), ("ignore",)],
        [("apology", "fix"), ("apology", "fix"), ("ask", "exceed")],
        [("ignore",), ("exceed",), ("fix",)],
    ]
    for i, moves in enumerate(plans):
        if i == 0:
            press_until(app, "case")
            press(app, "back")
            shot("pause-questions")
            press(app, "back")
        play_through(app, moves)
        press(app, "confirm")
        if i < len(plans) - 1:
            shot("scoreboard") if i == 0 else None
            press(app, "confirm")
    shot("podium")
    press(app, "confirm")
    shot("team-debrief")
    press_until(app, "podium", "right")
    click(app, "leaderboard")
    shot("leaderboard-session")
    press(app, "left", "left")
    shot("leaderboard-all")
    press(app, "back", "back")
    press_until(app, "title", "back")
    click(app, "settings")
    press(app, "right")
    shot("settings")
    pygame.quit()
    return written
