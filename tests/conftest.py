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


@pytest.fixture(scope="session")
def pg_server():
    """One real PostgreSQL per test process (game/dev/postgres.py), or a skip with the reason (a
    failure on CI). A test that stops it for maintenance starts it again."""
    from tests import pg

    pg.require()
    server = pg.Server()
    yield server
    server.close()


@pytest.fixture
def board_url(pg_server, monkeypatch):
    """A fresh company board (its own database) for one test; the password where libpq looks."""
    import uuid

    from tests import pg

    monkeypatch.setenv("PGPASSWORD", pg.PASSWORD)
    monkeypatch.delenv("AMBASSADOR_SCORES", raising=False)
    return pg_server.fresh_database(f"t{uuid.uuid4().hex[:12]}")
