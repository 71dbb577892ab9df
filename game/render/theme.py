"""Colours and type sizes (logical pixels on the 1080p canvas). Meaning is never carried by colour
alone: every outcome also has its own icon and word.

The colours are a frozen `Palette` value that the painter carries: switching to high contrast
makes a new painter with the other palette, so no screen can keep a colour from the old one, and
the palette is part of every cached layer's key.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

Colour = tuple[int, int, int]

# Type sizes in logical px. Body text is never below 28 px on the 1080p canvas.
HUGE = 120
TITLE = 72
H1 = 54
H2 = 40
BODY = 32
SMALL = 28

BADGE_SHAPES = ("circle", "square", "triangle", "diamond", "star", "hexagon", "plus", "ring")


@dataclass(frozen=True)
class Palette:
    bg: Colour
    bars: Colour
    panel: Colour
    panel_hi: Colour
    card: Colour
    card_off: Colour
    ink: Colour
    text: Colour
    muted: Colour
    accent: Colour
    focus: Colour
    # Outcomes: blue / orange / grey are told apart by colour-blind players, and icons back them up.
    good: Colour
    bad: Colour
    silent: Colour
    ok: Colour
    time: Colour
    money: Colour
    timer: Colour
    skins: tuple[Colour, ...]
    hairs: tuple[Colour, ...]
    # Team badges: a colour and a shape each, so two teams are told apart without colour.
    badges: tuple[Colour, ...]

    def outcome(self, outcome: str) -> Colour:
        """The colour of an outcome ("ambassador", "satisfied", "lost"), always from this palette."""
        return {"ambassador": self.good, "satisfied": self.ok, "lost": self.bad}[
            str(getattr(outcome, "value", outcome))
        ]

    def badge(self, index: int) -> Colour:
        return self.badges[index % len(self.badges)]


NORMAL = Palette(
    bg=(24, 32, 48),
    bars=(8, 10, 16),
    panel=(36, 48, 70),
    panel_hi=(52, 68, 98),
    card=(244, 241, 232),
    card_off=(140, 146, 158),
    ink=(20, 24, 32),
    text=(240, 242, 246),
    muted=(176, 188, 206),
    accent=(255, 196, 70),
    focus=(255, 214, 102),
    good=(110, 190, 240),
    bad=(250, 155, 80),
    silent=(150, 150, 160),
    ok=(120, 200, 140),
    time=(120, 200, 140),
    money=(255, 196, 70),
    timer=(200, 160, 255),
    skins=((240, 200, 160), (224, 172, 128), (198, 140, 96), (150, 100, 66), (250, 216, 190)),
    hairs=((70, 50, 36), (200, 160, 90), (30, 30, 34), (150, 80, 50), (190, 190, 196)),
    badges=(
        (86, 180, 233),
        (230, 159, 0),
        (0, 158, 115),
        (240, 228, 66),
        (204, 121, 167),
        (213, 94, 0),
        (0, 114, 178),
        (200, 200, 200),
    ),
)

HIGH_CONTRAST = replace(
    NORMAL,
    bg=(0, 0, 0),
    bars=(0, 0, 0),
    panel=(20, 20, 20),
    panel_hi=(60, 60, 60),
    card=(255, 255, 255),
    card_off=(130, 130, 130),
    ink=(0, 0, 0),
    text=(255, 255, 255),
    muted=(230, 230, 230),
    accent=(255, 220, 0),
    focus=(0, 255, 255),
    good=(120, 200, 255),
    bad=(255, 140, 60),
    ok=(140, 255, 160),
)


def palette(high_contrast: bool) -> Palette:
    return HIGH_CONTRAST if high_contrast else NORMAL
