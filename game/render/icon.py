"""The window's icon, drawn rather than shipped: a customer's speech bubble holding a star (an
ambassador won), in the game's own colours. Set before the window opens, it also spares every
start pygame's own icon, which it looks up through importlib.resources (5 ms)."""

from __future__ import annotations

import math

import pygame

from game.render.theme import NORMAL, Palette

SIZE = 64  # the window manager scales it; 64 px stays sharp in a task bar and a switcher


def window_icon(palette: Palette = NORMAL) -> pygame.Surface:
    icon = pygame.Surface((SIZE, SIZE), pygame.SRCALPHA)
    pygame.draw.rect(icon, palette.bg, icon.get_rect(), border_radius=14)
    pygame.draw.rect(icon, palette.card, pygame.Rect(8, 9, 48, 35), border_radius=12)
    pygame.draw.polygon(icon, palette.card, [(16, 40), (30, 40), (13, 56)])  # the bubble's tail
    cx, cy, outer, inner = 32, 27, 13, 5.5
    points = [
        (cx + r * math.sin(math.pi * i / 5), cy - r * math.cos(math.pi * i / 5))
        for i, r in zip(range(10), [outer, inner] * 5, strict=True)
    ]
    pygame.draw.polygon(icon, palette.accent, points)
    return icon
