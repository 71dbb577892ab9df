"""One version, game/__init__.py's, wherever a trainer or a new hire looks for it: the title
screen, `--version`, the wheel's metadata (tests/test_install.py) and the bundle's name
(tests/test_dist.py)."""

from __future__ import annotations

import subprocess
import sys

from game import __version__
from game.app import App
from game.dev.drive import show


def test_the_title_screen_shows_the_version_in_a_corner(tmp_path):
    app = App(size=(1280, 720), data_dir=tmp_path)
    show(app, "title")
    drawn = {text: rect for rect, text in app.draw(record=True).record}
    x, y, w, h = drawn[f"v{__version__}"]
    assert x + w > 1700 and y < 80  # the top right corner, out of the way of the title and the buttons


def test_version_prints_the_one_version(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "game", "--version"], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"Ambassador {__version__}"
