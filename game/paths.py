"""Where the project's own files are: the game runs from its checkout (installed editable)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
LEVELS = ROOT / "levels"
SEEDS = ROOT / "seeds"
FIGURES = ASSETS / "figures.yaml"
LESSONS = ASSETS / "lessons.yaml"
QUESTIONS = ASSETS / "questions.yaml"
STRINGS = ASSETS / "strings"
I18N = ASSETS / "i18n"  # translated lessons and questions, one folder per language
FONTS = ASSETS / "fonts"
