"""Colours and type sizes (logical pixels on the 1080p canvas). Meaning is never carried by colour
alone: every outcome also has its own icon and word."""

from __future__ import annotations

Colour = tuple[int, int, int]

BG: Colour = (24, 32, 48)
BARS: Colour = (8, 10, 16)
PANEL: Colour = (36, 48, 70)
PANEL_HI: Colour = (52, 68, 98)
CARD: Colour = (244, 241, 232)
CARD_OFF: Colour = (120, 126, 138)
INK: Colour = (20, 24, 32)
TEXT: Colour = (240, 242, 246)
MUTED: Colour = (176, 188, 206)
ACCENT: Colour = (255, 196, 70)
FOCUS: Colour = (255, 214, 102)

# Outcomes: blue / orange / grey are told apart by colour-blind players, and icons back them up.
GOOD: Colour = (86, 180, 233)
BAD: Colour = (230, 120, 40)
SILENT: Colour = (150, 150, 160)
OK: Colour = (120, 200, 140)

TIME: Colour = (120, 200, 140)
MONEY: Colour = (255, 196, 70)
TIMER: Colour = (200, 160, 255)

SKIN: Colour = (240, 200, 160)
SKINS: tuple[Colour, ...] = ((240, 200, 160), (224, 172, 128), (198, 140, 96), (150, 100, 66), (250, 216, 190))
HAIRS: tuple[Colour, ...] = ((70, 50, 36), (200, 160, 90), (30, 30, 34), (150, 80, 50), (190, 190, 196))

# Type sizes in logical px. Body text is never below 28 px on the 1080p canvas.
HUGE = 120
TITLE = 72
H1 = 54
H2 = 40
BODY = 32
SMALL = 28

# Team badges: a colour and a shape each, so two teams are told apart without colour.
BADGE_COLOURS: list[Colour] = [
    (86, 180, 233),
    (230, 159, 0),
    (0, 158, 115),
    (240, 228, 66),
    (204, 121, 167),
    (213, 94, 0),
    (0, 114, 178),
    (200, 200, 200),
]
BADGE_SHAPES = ("circle", "square", "triangle", "diamond", "star", "hexagon", "plus", "ring")

_NORMAL = {name: value for name, value in globals().items() if name.isupper() and isinstance(value, tuple)}
_HIGH_CONTRAST: dict[str, Colour] = {
    "BG": (0, 0, 0),
    "BARS": (0, 0, 0),
    "PANEL": (20, 20, 20),
    "PANEL_HI": (60, 60, 60),
    "CARD": (255, 255, 255),
    "CARD_OFF": (110, 110, 110),
    "INK": (0, 0, 0),
    "TEXT": (255, 255, 255),
    "MUTED": (230, 230, 230),
    "ACCENT": (255, 220, 0),
    "FOCUS": (0, 255, 255),
    "GOOD": (120, 200, 255),
    "BAD": (255, 140, 60),
    "OK": (140, 255, 160),
}


def apply(high_contrast: bool) -> None:
    """Switch the palette at run time; scenes read the colours when they draw."""
    palette = dict(_NORMAL)
    if high_contrast:
        palette.update(_HIGH_CONTRAST)
    globals().update(palette)
