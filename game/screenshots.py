"""`python -m game screenshots OUTDIR`: every scene in the states worth seeing, as PNG files.

Drives the real app through real key presses with a fixed seed, headless.
"""

from __future__ import annotations

from pathlib import Path

import pygame

from game.app import App
from game.input.bindings import KEY_FOR

SEED = 7


def _press(app: App, *actions: str, dt: float = 0.016) -> None:
    for action in actions:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=KEY_FOR[action], mod=0, unicode="", scancode=0))
        app.frame(dt)
    app.frame(dt)


def _shot(app: App, outdir: Path, name: str, written: list[Path]) -> None:
    app.draw()
    path = outdir / f"{len(written) + 1:02d}-{name}.png"
    pygame.image.save(app.window, str(path))
    written.append(path)


def render_all(outdir: Path, size: tuple[int, int] = (1920, 1080)) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    app = App(size=size, seed=SEED)
    written: list[Path] = []
    _shot(app, outdir, "title", written)
    _press(app, "confirm")
    _shot(app, outdir, "level-select", written)
    _press(app, "confirm")
    _shot(app, outdir, "briefing", written)
    _press(app, "confirm")
    _shot(app, outdir, "case", written)
    _press(app, "ask", "apology")
    _shot(app, outdir, "case-asked-apology", written)
    _press(app, "back")
    _shot(app, outdir, "pause", written)
    _press(app, "back", "exceed")
    app.frame(0.15)
    _shot(app, outdir, "outcome-animating", written)
    _press(app, "confirm")
    _shot(app, outdir, "outcome-ambassador", written)
    _press(app, "confirm")
    app.frame(1.0)
    _shot(app, outdir, "case-timer-running", written)
    _press(app, "ignore", "confirm")
    _shot(app, outdir, "outcome-lost", written)
    _press(app, "confirm", "apology", "fix", "confirm")
    _shot(app, outdir, "outcome-fix", written)
    _press(app, "confirm")
    _shot(app, outdir, "debrief", written)
    _press(app, "confirm")
    _shot(app, outdir, "summary", written)
    pygame.quit()
    return written
