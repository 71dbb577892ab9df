"""A YAML file read at an earlier start is not parsed again: what it parsed to is kept by the
digest of its bytes, so a start loads neither PyYAML nor the node trees. An error in such a file
still names its line, a changed file is parsed anew, and a damaged store of parses only costs
time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.content import yamlfile
from game.content.yamlfile import ParsedFiles
from game.store import settings as settings_file

ROOT = Path(__file__).resolve().parents[1]

START = """
import sys
from game.app import App
app = App(size=(640, 360), data_dir=sys.argv[1])
app.frame(1 / 60)
print(app.scene.name, "yaml" in sys.modules)
"""


def start(data_dir: Path) -> tuple[str, bool]:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    out = subprocess.run(
        [sys.executable, "-c", START, str(data_dir)], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    scene, loaded = out.stdout.split()[-2:]
    return scene, loaded == "True"


def test_the_second_start_draws_the_title_without_loading_the_yaml_parser(tmp_path):
    """Also with a trainer's levels, more of them than parses are kept: those have their own cache."""
    (tmp_path / "settings.yaml").write_text("language: en\nvolume: 40\n", encoding="utf-8")
    tutorial = (ROOT / "levels" / "tutorial.yaml").read_text(encoding="utf-8")
    (tmp_path / "levels").mkdir()
    for i in range(ParsedFiles.MAX_KEPT + 6):
        own = tutorial.replace("\nid: tutorial\n", f"\nid: own-{i}\n")
        (tmp_path / "levels" / f"own-{i}.yaml").write_text(own, encoding="utf-8")
    assert start(tmp_path) == ("title", True)  # the first parses every file
    assert (tmp_path / "cache" / "parsed.bin").is_file()
    assert start(tmp_path) == ("title", False)
    (tmp_path / "settings.yaml").write_text("language: en\nvolume: 55\n", encoding="utf-8")
    assert start(tmp_path) == ("title", True)  # a changed file is parsed again
    (tmp_path / "cache" / "parsed.bin").write_bytes(b"ambassador parsed yaml 1\n" + b"\0" * 40)  # damaged
    assert start(tmp_path) == ("title", True)


@pytest.fixture
def fresh(monkeypatch) -> ParsedFiles:
    """The kept parses of this test alone."""
    kept = ParsedFiles()
    monkeypatch.setattr(yamlfile, "PARSED", kept)
    return kept


def test_a_kept_parse_gives_the_same_errors_on_the_same_lines(tmp_path, fresh):
    folder = tmp_path
    (folder / "settings.yaml").write_text(
        "language: en\n\n# the room is loud\nvolume: loud\nshape: round\n", encoding="utf-8"
    )
    first = settings_file.load(folder, ["en"])
    assert len(fresh._kept) == 1  # parsed once, kept
    again = settings_file.load(folder, ["en"])
    assert again == first
    messages = first[1]
    assert any(m.startswith(f"{folder / 'settings.yaml'}:4: volume:") for m in messages), messages
    assert any(m.startswith(f"{folder / 'settings.yaml'}:5: shape: unknown setting") for m in messages), messages


def test_what_a_reader_changes_in_a_kept_parse_is_not_kept(tmp_path, fresh):
    path = tmp_path / "x.yaml"
    path.write_text("teams: [Blue, Red]\n", encoding="utf-8")
    doc = yamlfile.read(path, keep=True)
    doc.data["teams"].append("Green")
    assert yamlfile.read(path, keep=True).data == {"teams": ["Blue", "Red"]}
    assert yamlfile.read(path, keep=True).data == {"teams": ["Blue", "Red"]}


def test_parses_are_kept_on_disk_between_runs_and_bounded(tmp_path, fresh):
    for i in range(ParsedFiles.MAX_KEPT + 20):
        (tmp_path / f"{i}.yaml").write_text(f"n: {i}\n", encoding="utf-8")
        yamlfile.read(tmp_path / f"{i}.yaml", keep=True)
    assert len(fresh._kept) == ParsedFiles.MAX_KEPT  # the oldest went
    fresh.keep_in(tmp_path / "cache")
    fresh.save()
    later = ParsedFiles()
    later.keep_in(tmp_path / "cache")
    assert len(later._kept) == ParsedFiles.MAX_KEPT
    assert later._kept == fresh._kept


def test_a_value_marshal_cannot_keep_is_parsed_each_time(tmp_path, fresh):
    path = tmp_path / "dated.yaml"
    path.write_text("when: 2026-12-03\n", encoding="utf-8")
    assert str(yamlfile.read(path, keep=True).data["when"]) == "2026-12-03"
    assert fresh._kept == {}


def test_a_cache_folder_that_cannot_be_made_costs_nothing_but_time(tmp_path, fresh):
    (tmp_path / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    fresh.keep_in(blocked)
    assert yamlfile.read(tmp_path / "x.yaml", keep=True).data == {"a": 1}
    fresh.save()  # no error: the next start parses again
    assert blocked.read_text(encoding="utf-8") == "a file where the folder should be"


def test_a_file_read_without_keep_is_not_kept(tmp_path, fresh):
    """Level files have their own cache: a trainer's thousand levels must not push the game's
    own files out of this one."""
    for i in range(ParsedFiles.MAX_KEPT + 5):
        (tmp_path / f"{i}.yaml").write_text(f"id: level-{i}\n", encoding="utf-8")
        assert yamlfile.read(tmp_path / f"{i}.yaml").data == {"id": f"level-{i}"}
    assert fresh._kept == {}


def test_a_named_pipe_where_a_cache_file_should_be_does_not_hold_the_start(tmp_path):
    """A cache file is read like any file from outside: a pipe with no writer (or anything that
    is not a plain file) is passed over, and the game starts as with no cache."""
    (tmp_path / "cache").mkdir()
    os.mkfifo(tmp_path / "cache" / "parsed.bin")
    os.mkfifo(tmp_path / "cache" / "levels-en.bin")
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    out = subprocess.run(
        [sys.executable, "-c", START, str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-2] == "title"


def test_an_old_setting_is_told_on_its_line_without_parsing_the_file_again(tmp_path, fresh):
    """A settings file carrying a setting this version does not know is read at every start: its
    line comes with the kept parse, so the file is not parsed again to find it."""
    path = tmp_path / "settings.yaml"
    path.write_text("language: en\n\n\nold_setting: 1\nvolume: 40\n", encoding="utf-8")
    first = settings_file.load(tmp_path, ["en"])
    doc = yamlfile.read(path, keep=True)
    assert doc._root is None  # a kept parse: no node tree
    again = settings_file.load(tmp_path, ["en"])
    assert again == first
    assert again[1][0].startswith(f"{path}:4: old_setting: unknown setting")
    assert doc.line(("old_setting",)) == 4 and doc._root is None  # still not parsed again
