"""The level cache: a trainer's thousand levels are parsed once; F5 reads only what changed; the
cache never changes what a level is, and a damaged cache only costs a slower start."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from game import paths
from game.content.level_cache import LevelCache
from game.content.levels import default_library, load_all
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


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not json",
        b'{"format": 1, "version": "0.0.0", "lang": "en", "levels": {}}',
        b'{"format": 1, "version": "%s", "lang": "en", "levels": {"x": 1}}',
        b"[" * 100_000,
    ],
)
def test_a_damaged_or_foreign_cache_only_means_the_levels_are_read_again(tmp_path, trainer, damage):
    from game import __version__

    library = default_library("en")
    fresh = load_all([trainer], library, "en")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "levels-en.json").write_bytes(damage.replace(b"%s", __version__.encode()))
    cache = LevelCache(tmp_path / "cache")
    assert load_all([trainer], library, "en", cache).levels == fresh.levels
    assert cache.reads == 3


def test_a_hand_edited_cache_entry_never_makes_a_level_the_file_does_not_hold(tmp_path, trainer):
    import json

    library = default_library("en")
    fresh = load_all([trainer], library, "en", LevelCache(tmp_path / "cache"))
    path = tmp_path / "cache" / "levels-en.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    for entry in body["levels"].values():
        entry["data"]["cases"] = [{"nonsense": True}]  # the signature still matches
    path.write_text(json.dumps(body), encoding="utf-8")
    cache = LevelCache(tmp_path / "cache")
    assert load_all([trainer], library, "en", cache).levels == fresh.levels


def test_a_cache_folder_that_takes_no_file_still_loads_every_level(tmp_path, trainer):
    (tmp_path / "cache").write_text("a file where the folder should be")
    library = default_library("en")
    catalogue = load_all([trainer], library, "en", LevelCache(tmp_path / "cache"))
    assert {lv.id for lv in catalogue.levels} == {"mine-0", "mine-1", "mine-2"}
