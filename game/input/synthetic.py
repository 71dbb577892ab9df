"""Real input events made up by the program: the attract mode and the tests press keys and click
buttons through the same event queue a person's hands would."""

from __future__ import annotations

import pygame

from game.input.bindings import KEY_FOR
from game.render.canvas import Canvas
from game.render.widgets import Button


def post_key(action: str) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=KEY_FOR[action], mod=0, unicode="", scancode=0))


def post_click(canvas: Canvas, button: Button) -> None:
    """Move to the middle of the button, press and release the left mouse button."""
    pos = canvas.point(button.x + button.w / 2, button.y + button.h / 2)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
