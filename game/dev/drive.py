"""Driving the real app with posted input events: used by the screenshots command and the tests."""

from __future__ import annotations

import pygame

from game.app import App
from game.core.session import Session
from game.input.synthetic import post_click, post_key


def press(app: App, *actions: str, dt: float = 0.016) -> None:
    """Post real key presses into the app's event queue and run a frame after each."""
    for action in actions:
        post_key(action)
        app.frame(dt)
    app.frame(dt)


def press_until(app: App, scene: str, action: str = "confirm", limit: int = 20) -> None:
    for _ in range(limit):
        if app.scene.name == scene:
            return
        press(app, action)
    raise RuntimeError(f"never reached the {scene} screen (stuck on {app.scene.name})")


def type_text(app: App, text: str, dt: float = 0.016) -> None:
    """Type into the focused text field, as the keyboard's text input would."""
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))
    app.frame(dt)


def play_through(app: App, moves: list[tuple[str, ...]]) -> None:
    """From a briefing or a case, play one customer per entry of `moves` (actions like "ask", "fix")."""
    press_until(app, "case")
    for i, move in enumerate(moves):
        press(app, *move)
        if i < len(moves) - 1:
            press_until(app, "case")
    app.frame(5.0)  # let the last word-of-mouth animation finish


def click(app: App, action: str, dt: float = 0.016) -> None:
    """Click the middle of the button that does `action`, as a mouse would."""
    post_click(app.canvas, next(b for b in app.scene.buttons() if b.action == action))
    app.frame(dt)


def show(app: App, name: str, session: Session | None = None, **args: object) -> None:
    """Put the app straight on the screen called `name` (with `session` as the current session,
    when given), as if the player had got there: for checks of one screen in many states."""
    if session is not None:
        app.start(session)
        app.apply_switches()
    app.go(name, **args)
    app.apply_switches()
