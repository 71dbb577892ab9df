"""The level cache: a trainer's thousand levels are parsed once; F5 reads only what changed; the
cache never changes what a level is, and a damaged cache only costs a slower start."""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest

from game import __version__, paths
from game.content.level_cache import MAGIC, LevelCache
from game.content.levels import CachedLevel, default_library, level_files, load_all
from game.content.packed import pack, unpack
from game.content.strings import languages


@pytest.fixture
def trainer(tmp_path) -> Path:
    """A trainer's levels folder: three copies of the tutorial, one with a Norwegian translation."""
    folder = tmp_path / "levels"
    (folder / "nb").mkdir(parents=True)
    text = (paths.LEVELS / "tutorial.yaml").read_text(encoding="utf-8")
    for i in range(3):
        (folder / f"mine-{i}.yaml").write_text(text.replace("id: tutorial", f"id: mine-{i}"), "utf-8")
    shutil.copy(paths.LEVELS / "nb" / "tutorial.yaml", folder / "nb" / "mine-0.yaml")
    return folder


def touch(path: Path, text: str | None = None) -> None:
    if text is not None:
        path.write_text(text, encoding="utf-8")
    later = time.time_ns() + 5_000_000_000  # a later time than any coarse file system would round to
    os.utime(path, ns=(later, later))


@pytest.mark.parametrize("lang", languages())
def test_every_level_from_the_cache_is_the_level_read_from_its_file(tmp_path, trainer, lang):
    library = default_library(lang)
    folders = [paths.LEVELS, trainer]
    fresh = load_all(folders, library, lang)
    load_all(folders, library, lang, LevelCache(tmp_path / "cache"))  # fills the cache on disk
    cache = LevelCache(tmp_path / "cache")  # the next start
    cached = load_all(folders, library, lang, cache)
    assert cache.reads == 0
    assert cached.levels == fresh.levels and cached.errors == fresh.errors
    assert [lv.title for lv in cached.levels] == [lv.title for lv in fresh.levels]


def test_f5_reads_only_the_file_that_changed(tmp_path, trainer):
    library = default_library("en")
    cache = LevelCache(tmp_path / "cache")
    load_all([trainer], library, "en", cache)
    assert cache.reads == 3
    touch(trainer / "mine-1.yaml", (trainer / "mine-1.yaml").read_text().replace("title:", "title: New", 1))
    catalogue = load_all([trainer], library, "en", cache)
    assert cache.reads == 4  # one more: the changed file
    assert any(lv.title.startswith("New") for lv in catalogue.levels)


def test_a_changed_translation_or_a_new_digest_is_read_again(tmp_path, trainer):
    library = default_library("nb")
    cache = LevelCache(tmp_path / "cache")
    before = {lv.id: lv.title for lv in load_all([trainer], library, "nb", cache).levels}
    nb = trainer / "nb" / "mine-0.yaml"
    touch(nb, nb.read_text(encoding="utf-8").replace("title:", "title: Ny", 1))
    after = {lv.id: lv.title for lv in load_all([trainer], library, "nb", cache).levels}
    assert after["mine-0"].startswith("Ny") and after["mine-0"] != before["mine-0"]
    reads = cache.reads
    (trainer / "sources").mkdir()
    (trainer / "sources" / "my-course.md").write_text("# My course\n\nNotes.\n", encoding="utf-8")
    load_all([trainer], library, "nb", cache)
    assert cache.reads == reads + 3  # every level beside the new digest may cite it


def test_a_broken_level_keeps_its_problems_from_the_cache_and_a_fix_is_seen(tmp_path, trainer):
    library = default_library("en")
    bad = trainer / "mine-2.yaml"
    touch(bad, bad.read_text().replace("shift_minutes:", "shift_minutes: lots #", 1))
    first = load_all([trainer], library, "en", LevelCache(tmp_path / "cache"))
    cache = LevelCache(tmp_path / "cache")
    again = load_all([trainer], library, "en", cache)
    assert cache.reads == 0 and again.errors == first.errors and again.errors
    assert "mine-2" not in {lv.id for lv in again.levels}
    touch(bad, (paths.LEVELS / "tutorial.yaml").read_text().replace("id: tutorial", "id: mine-2"))
    assert "mine-2" in {lv.id for lv in load_all([trainer], library, "en", cache).levels}


def written(payload: bytes) -> bytes:
    """A cache file as the game writes it around `payload`: its format line and digest."""
    return MAGIC + hashlib.sha256(payload).digest() + payload


def ours(**changes) -> bytes:
    return written(pack({"version": __version__, "lang": "en", "levels": {}, **changes}))


DAMAGES = {
    "empty": b"",
    "not ours": b"not a cache",
    "the old JSON cache": b'{"format": 1, "version": "0.0.0", "lang": "en", "levels": {}}',
    "a wrong digest": MAGIC + bytes(32) + pack({"version": __version__, "lang": "en", "levels": {}}),
    "cut short": ours(levels={"x": {"sig": [], "body": bytes(1000)}})[:-500],
    "not marshal": written(b"\xff\xfe not marshal"),
    "deeply nested": written(b"[\x01\x00\x00\x00" * 100_000),
    "not a mapping": written(pack([1, 2, 3])),
    "another version": ours(version="0.0.0"),
    "another language": ours(lang="nb"),
    "entries not mappings": ours(levels={"x": 1}),
    "levels not a mapping": ours(levels=[1]),
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_or_foreign_cache_only_means_the_levels_are_read_again(tmp_path, trainer, damage):
    library = default_library("en")
    fresh = load_all([trainer], library, "en")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "levels-en.bin").write_bytes(damage)
    cache = LevelCache(tmp_path / "cache")
    assert load_all([trainer], library, "en", cache).levels == fresh.levels
    assert cache.reads == 3


def test_a_cache_damaged_anywhere_is_not_decoded(tmp_path, trainer):
    library = default_library("en")
    fresh = load_all([trainer], library, "en", LevelCache(tmp_path / "cache"))
    path = tmp_path / "cache" / "levels-en.bin"
    raw = bytearray(path.read_bytes())
    for at in (len(MAGIC) + 40, len(raw) // 2, len(raw) - 1):
        damaged = bytearray(raw)
        damaged[at] ^= 0x55
        path.write_bytes(bytes(damaged))
        cache = LevelCache(tmp_path / "cache")
        assert load_all([trainer], library, "en", cache).levels == fresh.levels
        assert cache.reads == 3


def rewrite(path: Path, change) -> None:
    """The cache file with every entry changed by `change`, written back with a matching digest."""
    body = unpack(path.read_bytes()[len(MAGIC) + 32 :])
    for entry in body["levels"].values():
        change(entry)
    path.write_bytes(written(pack(body)))


def test_a_hand_edited_cache_entry_never_makes_a_level_the_file_does_not_hold(tmp_path, trainer):
    library = default_library("en")
    fresh = load_all([trainer], library, "en", LevelCache(tmp_path / "cache"))
    path = tmp_path / "cache" / "levels-en.bin"
    rewrite(path, lambda entry: entry.update(body=pack([{"nonsense": True}])))  # the signature still matches
    cache = LevelCache(tmp_path / "cache")
    catalogue = load_all([trainer], library, "en", cache)
    assert cache.reads == 0 and catalogue.levels == fresh.levels  # cases read from the file when asked for
    rewrite(path, lambda entry: entry["head"].update(title=None))
    cache = LevelCache(tmp_path / "cache")
    assert load_all([trainer], library, "en", cache).levels == fresh.levels
    assert cache.reads == 3


def test_a_cached_level_builds_its_cases_only_when_asked_and_plays_like_the_file(tmp_path, trainer):
    library = default_library("nb")
    fresh = {lv.id: lv for lv in load_all([trainer], library, "nb").levels}
    load_all([trainer], library, "nb", LevelCache(tmp_path / "cache"))
    cached = load_all([trainer], library, "nb", LevelCache(tmp_path / "cache")).levels
    assert all(isinstance(lv, CachedLevel) and "cases" not in vars(lv) for lv in cached)
    level = cached[0]
    assert level.title == fresh[level.id].title and "cases" not in vars(level)
    assert level.cases == fresh[level.id].cases and "cases" in vars(level)
    assert fresh[level.id] == level and level == fresh[level.id]
    assert fresh[level.id] != replace(level, title="Other") != fresh[level.id]
    assert replace(level, title="Other").title == "Other" and replace(level, title="Other").cases == level.cases
    assert copy.deepcopy(cached[1]) == fresh[cached[1].id]


def test_a_cache_folder_that_takes_no_file_still_loads_every_level(tmp_path, trainer):
    (tmp_path / "cache").write_text("a file where the folder should be")
    library = default_library("en")
    catalogue = load_all([trainer], library, "en", LevelCache(tmp_path / "cache"))
    assert {lv.id for lv in catalogue.levels} == {"mine-0", "mine-1", "mine-2"}


def test_a_removed_file_leaves_the_cache_of_the_language_read(tmp_path, trainer):
    library = default_library("en")
    load_all([trainer], library, "en", LevelCache(tmp_path / "cache"))
    (trainer / "mine-2.yaml").unlink()
    load_all([trainer], library, "en", LevelCache(tmp_path / "cache"))
    body = unpack((tmp_path / "cache" / "levels-en.bin").read_bytes()[len(MAGIC) + 32 :])
    assert sorted(Path(p).name for p in body["levels"]) == ["mine-0.yaml", "mine-1.yaml"]


def test_level_files_are_the_yaml_files_directly_in_the_folder_by_name(tmp_path):
    for name in ("b.yml", "a.yaml", ".yaml", "..yaml", "c.YAML", "d.yaml.bak", "e.xml", "Z.yaml"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "a.yaml").write_text("", encoding="utf-8")
    assert [p.name for p in level_files(tmp_path)] == ["..yaml", "Z.yaml", "a.yaml", "b.yml"]
    assert all(p.parent == tmp_path for p in level_files(tmp_path))
    assert level_files(tmp_path / "missing") == []
