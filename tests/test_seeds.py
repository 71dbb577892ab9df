"""The source digests and the levels stay in step: every level cites a digest that exists, every
digest is used, and each digest lists exactly the levels and lessons that draw on it."""

from __future__ import annotations

import re

from game import paths


def used_in_game(source: str) -> dict[str, set[str]]:
    text = (paths.SEEDS / f"{source}.md").read_text(encoding="utf-8")
    section = text.split("## Used in the game", 1)[1]
    out = {}
    for key in ("Levels", "Lessons"):
        line = re.search(rf"^- {key}: (.*)$", section, re.M).group(1)
        out[key] = {x.strip() for x in line.split(",") if x.strip()}
    return out


def test_every_level_cites_digests_that_exist(levels, library):
    for level in levels:
        assert level.sources, level.id
        assert set(level.sources) <= library.sources, level.id
        for case in level.cases:
            lesson = level.lessons.get(case.lesson) or library.lessons[case.lesson]
            assert lesson.source in library.sources, (level.id, case.id)


def test_every_digest_is_used_by_a_level_and_lists_what_uses_it(levels, library):
    assert len(library.sources) == 5
    for source in library.sources:
        citing = {lv.id for lv in levels if source in lv.sources}
        assert citing, f"{source} is used by no level"
        lessons = {lesson.id for lesson in library.lessons.values() if lesson.source == source}
        lessons |= {lid for lv in levels for lid, lesson in lv.lessons.items() if lesson.source == source}
        listed = used_in_game(source)
        assert listed["Levels"] == citing, source
        assert listed["Lessons"] == lessons, source


def test_the_four_rules_and_the_five_points_each_teach_in_some_debrief(levels):
    taught = {case.lesson for lv in levels for case in lv.cases}
    four_rules = {"customer-pays-wages", "ask-to-understand", "bad-day-not-customers", "complaint-is-a-chance"}
    five_points = {
        "easy-to-be-customer",
        "know-the-customer",
        "thanks-and-sorry",
        "dont-let-them-leave",
        "old-fashioned-methods",
    }
    assert four_rules <= taught and five_points <= taught
