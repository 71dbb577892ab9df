"""The key table: data, not logic. Scenes receive action names, never key codes."""

from __future__ import annotations

import pygame

KEYS: dict[int, str] = {
    pygame.K_1: "ignore",
    pygame.K_KP1: "ignore",
    pygame.K_2: "fix",
    pygame.K_KP2: "fix",
    pygame.K_3: "exceed",
    pygame.K_KP3: "exceed",
    pygame.K_a: "apology",
    pygame.K_q: "ask",
    pygame.K_RETURN: "confirm",
    pygame.K_KP_ENTER: "confirm",
    pygame.K_SPACE: "confirm",
    pygame.K_ESCAPE: "back",
    pygame.K_BACKSPACE: "back",
    pygame.K_UP: "up",
    pygame.K_DOWN: "down",
    pygame.K_LEFT: "left",
    pygame.K_RIGHT: "right",
    pygame.K_TAB: "tab",
    pygame.K_F11: "fullscreen",
    pygame.K_m: "mute",
    pygame.K_F5: "reload",
    pygame.K_F2: "language",
    # A presenter's clicker: next and previous slide go on and back; its "blank screen" button
    # (B or period) pauses a case and resumes it.
    pygame.K_PAGEDOWN: "confirm",
    pygame.K_PAGEUP: "back",
    pygame.K_b: "pause",
    pygame.K_PERIOD: "pause",
}

# For the attract mode and tests: the key that produces an action.
KEY_FOR: dict[str, int] = {}
for _key, _action in KEYS.items():
    KEY_FOR.setdefault(_action, _key)


def action_for_key(key: int) -> str | None:
    return KEYS.get(key)
