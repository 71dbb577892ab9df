"""`python -m game room`: a room from the command line, and the mistakes a facilitator can make
there told in one line each, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pygame

from game.app import App
from game.room.server import RoomStartError

ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}


def game(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", "--seconds", "0.5", "room", "--data-dir", str(tmp_path), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=ENV,
    )


def one_line(out: subprocess.CompletedProcess) -> str:
    lines = [line for line in out.stderr.splitlines() if line.strip() and not line.startswith(("ALSA", "pygame"))]
    assert "Traceback" not in out.stderr, out.stderr
    assert len(lines) == 1, out.stderr
    return lines[0]


def test_a_room_opens_and_prints_its_address(tmp_path):
    out = game(tmp_path, "--level", "tutorial", "--teams", "Fjord,Bre,Dal", "--host", "127.0.0.1", "--port", "0")
    assert out.returncode == 0, out.stderr
    assert "phones join at http://127.0.0.1:" in out.stderr


def test_bad_teams_are_one_line(tmp_path):
    out = game(tmp_path, "--level", "tutorial", "--teams", "Fjord,fjord", "--host", "127.0.0.1")
    assert out.returncode == 2 and "two teams share the name" in one_line(out)
    out = game(tmp_path, "--level", "tutorial", "--teams", ",".join(f"T{i}" for i in range(9)), "--host", "127.0.0.1")
    assert out.returncode == 2 and "at most 8 teams" in one_line(out)
    out = game(tmp_path, "--level", "tutorial", "--teams", " , ", "--host", "127.0.0.1")
    assert out.returncode == 2 and "no team names" in one_line(out)


def test_a_port_in_use_is_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = game(tmp_path, "--level", "tutorial", "--host", "127.0.0.1", "--port", str(port))
    assert out.returncode == 1
    assert f"Port {port} on 127.0.0.1 is in use" in one_line(out)


def test_an_unknown_level_or_a_bad_port_is_one_line(tmp_path):
    out = game(tmp_path, "--level", "nope", "--host", "127.0.0.1")
    assert out.returncode == 1 and "no level 'nope'" in one_line(out)
    out = game(tmp_path, "--level", "tutorial", "--port", "99999")
    assert out.returncode == 2 and "port number" in one_line(out)


def test_no_network_address_is_one_line_on_the_set_up_screen(tmp_path, monkeypatch):
    import game.room.host

    def nowhere() -> str:
        raise RoomStartError("This computer has no network address the phones could reach: join the room's network.")

    monkeypatch.setattr(game.room.host, "lan_address", nowhere)
    app = App(size=(640, 360), seed=1, data_dir=tmp_path)
    try:
        level = app.catalogue.levels[0]
        assert "no network address" in app.start_room(level, [], 1, False)
        assert app.room_host is None
    finally:
        pygame.quit()
