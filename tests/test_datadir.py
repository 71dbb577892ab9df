"""The data folder comes from platformdirs and is the very folder 0.1 used, so an upgrade loses
no score: checked on Linux for real, and for Windows and macOS through platformdirs' own classes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import platformdirs.windows
import pytest
from platformdirs.macos import MacOS
from platformdirs.windows import Windows

from game.store import datadir
from game.store.scores import ScoreRow, ScoreStore

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    return tmp_path


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux folder, read on Linux")
@pytest.mark.parametrize("xdg", [None, "", "data"])
def test_the_linux_folder_is_where_0_1_kept_it(home, monkeypatch, xdg):
    if xdg is not None:
        monkeypatch.setenv("XDG_DATA_HOME", str(home / xdg) if xdg else "")
    before = home / xdg if xdg else home / ".local" / "share"  # 0.1: $XDG_DATA_HOME or ~/.local/share
    assert datadir.default_data_dir() == before / "ambassador"
    assert datadir.resolve(None) == before / "ambassador"
    assert not (before / "ambassador").exists()  # asking makes no folder; the first save does


def test_the_windows_folder_is_the_roaming_appdata_with_no_company_folder(home, monkeypatch):
    appdata = home / "AppData" / "Roaming"
    monkeypatch.setenv("APPDATA", str(appdata))
    asked: list[str] = []  # the known folder platformdirs asks Windows for
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", lambda name: asked.append(name) or str(appdata))
    assert datadir.default_data_dir("win32", Windows) == appdata / "Ambassador" == datadir.earlier_folder("win32")
    assert set(asked) == {"CSIDL_APPDATA"}  # the roaming one, as %APPDATA% is


def test_the_macos_folder_is_application_support(home):
    expected = home / "Library" / "Application Support" / "Ambassador"
    assert datadir.default_data_dir("darwin", MacOS) == expected == datadir.earlier_folder("darwin")


def test_a_player_keeps_the_folder_they_have_where_platformdirs_now_points_elsewhere(home, monkeypatch):
    """Newer platformdirs read $XDG_DATA_HOME on macOS, which 0.1 never did."""
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg"))
    kept = home / "Library" / "Application Support" / "Ambassador"
    kept.mkdir(parents=True)
    assert datadir.default_data_dir("darwin", MacOS) == kept
    new = datadir.platform_folder("darwin", MacOS)
    if new != kept:  # this platformdirs reads the variable: a new player gets its folder
        kept.rmdir()
        assert datadir.default_data_dir("darwin", MacOS) == new


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux folder, read on Linux")
def test_a_score_saved_before_the_upgrade_is_listed_after_it(home):
    old = home / ".local" / "share" / "ambassador"
    store = ScoreStore.open(old)
    store.save(ScoreRow("Kari Nordmann", "tutorial", 7, 9, 1, 0, "2026-11-20T10:00:00", "0.1.0"))
    store.close()
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    out = subprocess.run(
        [sys.executable, "-m", "game", "scores", "list"], capture_output=True, text=True, timeout=60, env=env, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr
    assert "Kari Nordmann" in out.stdout and str(old / "scores.db") in out.stdout
