"""Random input thrown at every screen: keys, typing, clicks, drags, resizes. The game must keep
running without an error. `make soak` runs 20,000 events; the normal suite a few thousand."""

from __future__ import annotations

import os
import random

import pygame

from game.app import App
from game.input.bindings import KEYS

EVENTS = int(os.environ.get("SOAK_EVENTS", "1500"))
EXTRA_KEYS = [pygame.K_x, pygame.K_z, pygame.K_0, pygame.K_DELETE, pygame.K_HOME, pygame.K_F1, pygame.K_LSHIFT]


def test_random_input_never_breaks_the_game(tmp_path):
    rng = random.Random(20261129)
    app = App(size=(1280, 720), seed=8, data_dir=tmp_path)
    keys = [k for k in KEYS if k != pygame.K_F11] + EXTRA_KEYS
    scenes = set()
    size = (1280, 720)
    for _ in range(EVENTS):
        roll = rng.random()
        if roll < 0.55:
            key = rng.choice(keys)
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
        elif roll < 0.65:
            pygame.event.post(
                pygame.event.Event(pygame.TEXTINPUT, text=rng.choice(["a", "Ø", "å", " ", "7", "中", "😀"]))
            )
        elif roll < 0.9:
            pos = (rng.randrange(size[0]), rng.randrange(size[1]))
            kind = rng.choice([pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP])
            extra = (
                {"rel": (0, 0), "buttons": (0, 0, 0)}
                if kind == pygame.MOUSEMOTION
                else {"button": rng.choice([1, 1, 3])}
            )
            pygame.event.post(pygame.event.Event(kind, pos=pos, **extra))
        elif roll < 0.93:
            size = rng.choice([(1, 1), (320, 200), (1280, 720), (1920, 1080), (3840, 2160), (777, 1333)])
            pygame.display.set_mode(size, pygame.RESIZABLE)
            pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1]))
        else:
            pygame.event.post(
                pygame.event.Event(
                    rng.choice(
                        [pygame.WINDOWFOCUSLOST, pygame.WINDOWFOCUSGAINED, pygame.WINDOWEXPOSED, pygame.ACTIVEEVENT]
                    )
                )
            )
        app.frame(rng.choice([0.0, 0.016, 0.016, 0.1, 2.0]))
        scenes.add(app.scene.name)
        if not app.running:  # Esc on the title quits; a real player would start the game again
            app.running = True
    pygame.quit()
    assert len(scenes) >= 6, scenes  # the storm really went through the game's screens
