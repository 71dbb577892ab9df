"""Where the game's own files are, in every way it is installed.

The checkout keeps `assets/`, `levels/` and `seeds/` at its top, where trainers and the design
expect them, and the checkout and an editable install read them there. A wheel (`pip install .`,
pipx) carries the same three folders inside the package as `game/_data/` (setup.py copies them in
when it builds), and a PyInstaller bundle carries them at `game/_data/` under its own folder
(ambassador.spec). Every other module asks here, so no one else needs to know which it is.
"""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
DATA_DIRS = ("assets", "levels", "seeds")  # what a wheel and a bundle carry, each folder whole
PACKED = "_data"  # their folder inside an installed package or a bundle


def _root() -> Path:
    """The folder holding assets/, levels/ and seeds/: the bundle's, the installed package's, or the checkout."""
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's boot loader, and only there
    if bundle:
        return Path(bundle) / "game" / PACKED
    packed = PACKAGE / PACKED
    return packed if packed.is_dir() else PACKAGE.parent


ROOT = _root()
ASSETS = ROOT / "assets"
LEVELS = ROOT / "levels"
SEEDS = ROOT / "seeds"
FIGURES = ASSETS / "figures.yaml"
LESSONS = ASSETS / "lessons.yaml"
QUESTIONS = ASSETS / "questions.yaml"
STRINGS = ASSETS / "strings"
I18N = ASSETS / "i18n"  # translated lessons and questions, one folder per language
FONTS = ASSETS / "fonts"
