"""Translations lay another language's words over a level; numbers and structure stay English."""

from __future__ import annotations

import shutil

from game import paths
from game.content.levels import load_all, load_level
from game.core.model import Outcome, Response

NB = """
title: Kald suppe
cases:
  birthday-soup:
    situation: Fiskesuppen til Ingrid kom lunken på bordet.
    choices:
      fix: {label: En varm bolle}
    reactions:
      ambassador: Hele bordet jubler.
"""


def copy_tutorial(tmp_path):
    shutil.copy(paths.LEVELS / "tutorial.yaml", tmp_path / "tutorial.yaml")
    (tmp_path / "nb").mkdir()
    return tmp_path / "tutorial.yaml"


def test_a_translation_replaces_words_and_falls_back_to_english(tmp_path, library):
    path = copy_tutorial(tmp_path)
    (tmp_path / "nb" / "tutorial.yaml").write_text(NB, encoding="utf-8")
    en = load_level(path, library)
    nb = load_level(path, library, "nb")
    assert nb.title == "Kald suppe" and en.title == "Cold soup"
    case, en_case = nb.cases[0], en.cases[0]
    assert case.situation.startswith("Fiskesuppen") and case.customer == en_case.customer
    assert case.choices[Response.IGNORE] == en_case.choices[Response.IGNORE]  # not translated: English
    assert case.choices[Response.FIX].label == "En varm bolle"
    assert case.choices[Response.FIX].cost == en_case.choices[Response.FIX].cost  # numbers stay
    assert case.choices[Response.FIX].text == en_case.choices[Response.FIX].text
    assert case.reactions[Outcome.AMBASSADOR] == "Hele bordet jubler."
    assert nb.cases[1] == en.cases[1]


def test_a_broken_translation_is_reported_and_the_level_plays_in_english(tmp_path, library):
    copy_tutorial(tmp_path)
    (tmp_path / "nb" / "tutorial.yaml").write_text("cases:\n  no-such-case:\n    situation: x\n", encoding="utf-8")
    catalogue = load_all([tmp_path], library, "nb")
    assert [lv.title for lv in catalogue.levels] == ["Cold soup"]
    assert len(catalogue.errors) == 1
    err = str(catalogue.errors[0])
    assert err.startswith(str(tmp_path / "nb" / "tutorial.yaml") + ":2: cases.no-such-case: no case with this id")


def test_a_translation_cannot_change_numbers(tmp_path, library):
    copy_tutorial(tmp_path)
    (tmp_path / "nb" / "tutorial.yaml").write_text("budget: 99999\n", encoding="utf-8")
    catalogue = load_all([tmp_path], library, "nb")
    assert catalogue.levels[0].budget == 600
    assert "budget: unknown key" in str(catalogue.errors[0])
