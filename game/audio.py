"""Short sounds made in code (no sound files): a click for a choice, a rising chime for an
ambassador, a falling one for a lost customer, a tick while the timer runs low.

Without an audio device, or with sound off in the settings, every call is silent and harmless.
"""

from __future__ import annotations

import math
from array import array

import pygame

RATE = 22050


def _tone(freqs: list[tuple[float, float]], volume: float = 0.35) -> bytes:
    """Notes (frequency in Hz, seconds) one after another, each with a soft attack and decay."""
    samples = array("h")
    for freq, seconds in freqs:
        n = int(RATE * seconds)
        for i in range(n):
            env = min(1.0, i / (RATE * 0.01)) * (1 - i / n) ** 2
            samples.append(int(32767 * volume * env * math.sin(2 * math.pi * freq * i / RATE)))
    return samples.tobytes()


RECIPES: dict[str, list[tuple[float, float]]] = {
    "choice": [(660, 0.06)],
    "ambassador": [(523, 0.09), (659, 0.09), (784, 0.09), (1047, 0.22)],
    "satisfied": [(587, 0.1), (784, 0.18)],
    "lost": [(392, 0.14), (330, 0.14), (262, 0.3)],
    "tick": [(1200, 0.03)],
}


class Sounds:
    def __init__(self, enabled: bool, volume: int = 70) -> None:
        self.enabled = enabled
        self.volume = volume
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=RATE, size=-16, channels=1)
            for name, notes in RECIPES.items():
                self._sounds[name] = pygame.mixer.Sound(buffer=_tone(notes))
        except (pygame.error, OSError):
            self._sounds = {}  # no audio device: the game plays silently

    @property
    def available(self) -> bool:
        return bool(self._sounds)

    def play(self, name: str) -> None:
        if self.enabled and self.volume > 0 and name in self._sounds:
            sound = self._sounds[name]
            sound.set_volume(self.volume / 100)
            sound.play()
