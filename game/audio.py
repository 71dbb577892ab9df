"""Short sounds made in code (no sound files): a click for a choice, a question's rising pair, a
warm chord for an apology, a rising bell for an ambassador, a falling one for a lost customer,
soft pops as the word of mouth spreads, ticks that sharpen as a waiting customer runs out of
patience, and a chord at the end of a shift.

Sounds are synthesised in the background once the game is running (about a third of a second of
work in all), so start-up pays for none of them. Without an audio device, or with sound off in the settings, every call is silent
and harmless.
"""

from __future__ import annotations

import math
import threading
from array import array

import pygame

RATE = 22050

# A bell-like voice: the fundamental and a few partials, the higher ones fading faster.
BELL = ((1.0, 1.0, 1.0), (2.0, 0.45, 1.8), (3.0, 0.22, 2.6), (4.2, 0.10, 3.5))
PLAIN = ((1.0, 1.0, 1.0),)
SOFT = ((1.0, 1.0, 1.0), (2.0, 0.25, 2.0))

# name: (notes as (frequencies played together, seconds), voice, loudness)
RECIPES: dict[str, tuple[list[tuple[tuple[float, ...], float]], tuple, float]] = {
    "choice": ([((660.0,), 0.06)], PLAIN, 0.30),
    "ask": ([((587.0,), 0.07), ((880.0,), 0.11)], SOFT, 0.28),
    "apology": ([((392.0, 494.0), 0.22)], SOFT, 0.22),
    "ambassador": ([((523.0,), 0.09), ((659.0,), 0.09), ((784.0,), 0.09), ((1047.0, 1319.0), 0.45)], BELL, 0.30),
    "satisfied": ([((587.0,), 0.1), ((784.0, 988.0), 0.3)], BELL, 0.28),
    "lost": ([((392.0,), 0.14), ((330.0,), 0.14), ((262.0, 311.0), 0.42)], SOFT, 0.32),
    "pop_good": ([((1175.0,), 0.035)], PLAIN, 0.16),
    "pop_bad": ([((466.0,), 0.04)], PLAIN, 0.16),
    "pop_silent": ([((196.0,), 0.05)], PLAIN, 0.14),
    "tick": ([((1200.0,), 0.03)], PLAIN, 0.30),
    "tick_last": ([((1568.0,), 0.05)], BELL, 0.38),
    "shift_good": (
        [((523.0, 659.0, 784.0), 0.16), ((587.0, 740.0, 880.0), 0.16), ((659.0, 784.0, 1047.0), 0.6)],
        BELL,
        0.22,
    ),
    "shift_done": ([((440.0, 523.0), 0.2), ((392.0, 494.0, 587.0), 0.6)], SOFT, 0.22),
}


def synthesise(notes: list[tuple[tuple[float, ...], float]], voice: tuple, loudness: float) -> bytes:
    """16-bit mono samples: each note's frequencies together, with a soft attack and a decay
    per partial, one note after another."""
    samples = array("h")
    norm = loudness / sum(a for _, a, _ in voice)
    two_pi_over_rate = 2 * math.pi / RATE
    for freqs, seconds in notes:
        n = int(RATE * seconds)
        attack = RATE * 0.008
        per_freq = norm / len(freqs)
        for i in range(n):
            fade = 1 - i / n
            env = min(1.0, i / attack)
            value = 0.0
            for freq in freqs:
                for ratio, amp, decay in voice:
                    value += amp * fade**decay * math.sin(two_pi_over_rate * freq * ratio * i)
            samples.append(int(32767 * per_freq * env * fade * value))
    return samples.tobytes()


class Sounds:
    def __init__(self, enabled: bool, volume: int = 70) -> None:
        self.enabled = enabled
        self.volume = volume
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        self._pcm: dict[str, bytes] = {}  # filled ahead of need by warm_up
        self._warming = False
        self.available = False
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=RATE, size=-16, channels=1)
            self.available = True
        except (pygame.error, OSError):
            pass  # no audio device: the game plays silently

    def warm_up(self) -> None:
        """Synthesise every sound in a background thread once the window is up, so the first
        ambassador's chime does not hold a frame back. Only bytes are made there; the mixer is
        touched on the main thread alone."""
        if not self.available or self._warming:
            return
        self._warming = True

        def make() -> None:
            for name, recipe in RECIPES.items():
                self._pcm.setdefault(name, synthesise(*recipe))

        threading.Thread(target=make, name="sound-warm-up", daemon=True).start()

    def _sound(self, name: str) -> pygame.mixer.Sound | None:
        sound = self._sounds.get(name)
        if sound is None and name in RECIPES:
            pcm = self._pcm.get(name) or synthesise(*RECIPES[name])
            try:
                sound = pygame.mixer.Sound(buffer=pcm)
            except (pygame.error, OSError):
                self.available = False
                return None
            self._sounds[name] = sound
        return sound

    def play(self, name: str) -> None:
        if not (self.enabled and self.volume > 0 and self.available):
            return
        sound = self._sound(name)
        if sound is not None:
            sound.set_volume(self.volume / 100)
            sound.play()
