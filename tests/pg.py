"""A real PostgreSQL for the tests (game/dev/postgres.py), or a one-line reason why not."""

from __future__ import annotations

import os

import pytest

from game.dev.postgres import PASSWORD, Server

__all__ = ["PASSWORD", "Server", "require"]


def available() -> str | None:
    """None, or why a real PostgreSQL cannot run here (one line)."""
    try:
        import pgserver  # noqa: F401
        import psycopg  # noqa: F401
    except ImportError as exc:
        return f"PostgreSQL tests need the test extras (pgserver, psycopg): {exc}"
    return None


def require() -> None:
    """Skip with the reason, or fail on CI, where the test extras are always installed."""
    reason = available()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
