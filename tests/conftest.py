"""Shared fixtures. Tests never open a real window: SDL's dummy drivers stand in for screen and sound."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest  # noqa: E402

from game import paths  # noqa: E402
from game.content.figures import load_figures  # noqa: E402
from game.content.levels import default_library, load_all, load_level  # noqa: E402


@pytest.fixture(scope="session")
def figures():
    return load_figures()


@pytest.fixture(scope="session")
def library():
    return default_library()


@pytest.fixture(scope="session")
def levels(library):
    catalogue = load_all([paths.LEVELS], library)
    assert not catalogue.errors, catalogue.errors
    return catalogue.levels


@pytest.fixture(scope="session")
def tutorial(library):
    return load_level(paths.LEVELS / "tutorial.yaml", library)
