"""What a start does before its first frame, and what it leaves to the quiet frames after it:
the screens other than the title, room play and the simulator are loaded after the first frame,
one a quiet frame, so neither the start nor the first switch to a screen waits for them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import json, sys, types
from game.app import App

def loaded(name):
    module = sys.modules.get(name)
    return type(module) is types.ModuleType

watched = ["game.scenes.case", "game.scenes.room_lobby", "game.core.room", "game.core.simulator"]
app = App(size=(640, 360), data_dir=sys.argv[1])
app.frame(1 / 60)
first = {name: loaded(name) for name in watched}
for _ in range(200):  # the quiet frames: one piece of work each
    app.frame(1 / 60)
    if not app._load_ahead:
        break
after = {name: loaded(name) for name in watched}
print(json.dumps({"first": first, "after": after, "scene": app.scene.name}))
"""


def test_the_first_frame_comes_before_the_other_screens_are_loaded_and_they_follow_in_quiet_frames(tmp_path):
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["scene"] == "title"
    assert not any(seen["first"].values()), seen["first"]
    assert all(seen["after"].values()), seen["after"]
