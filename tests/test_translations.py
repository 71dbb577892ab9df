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


def english_words(level_data: dict) -> set[str]:
    """Paths of every text a player reads in an English level (personal names aside)."""
    out = {f"{k}" for k in ("title", "summary", "briefing")}
    out |= {f"lessons.{k}" for k in level_data.get("lessons") or {}}
    for case in level_data["cases"]:
        base = f"cases.{case['id']}"
        out.add(f"{base}.situation")
        if case.get("ask"):
            out |= {f"{base}.ask.question", f"{base}.ask.answer"}
        for r in case["choices"]:
            out |= {f"{base}.choices.{r}.label", f"{base}.choices.{r}.text"}
        out |= {f"{base}.reactions.{o}" for o in case.get("reactions") or {}}
        if case.get("discuss"):
            out.add(f"{base}.discuss")
        for i, v in enumerate(case.get("variants") or []):
            vb = f"{base}.variants.{i}"
            out |= {f"{vb}.situation"} if v.get("situation") else set()
            out |= {f"{vb}.ask.question", f"{vb}.ask.answer"} if v.get("ask") else set()
            out |= {f"{vb}.choices.{r}.{k}" for r, c in (v.get("choices") or {}).items() for k in ("label", "text")}
            out |= {f"{vb}.reactions.{o}" for o in v.get("reactions") or {}}
    return out


def given_words(data, prefix: str = "") -> set[str]:
    out = set()
    if isinstance(data, dict):
        for k, v in data.items():
            out |= given_words(v, f"{prefix}{k}.")
    elif isinstance(data, list) and data and isinstance(data[0], dict):
        for i, v in enumerate(data):
            out |= given_words(v, f"{prefix}{i}.")
    elif data:
        out.add(prefix[:-1])
    return out


def test_every_level_is_translated_into_every_language():
    import yaml

    missing = []
    for path in sorted(paths.LEVELS.glob("*.yaml")):
        english = english_words(yaml.safe_load(path.read_text(encoding="utf-8")))
        for lang in ("nb", "da", "sv"):
            tpath = paths.LEVELS / lang / path.name
            words = given_words(yaml.safe_load(tpath.read_text(encoding="utf-8"))) if tpath.exists() else set()
            missing += [f"{lang}/{path.name}: {w}" for w in sorted(english - words)]
    assert not missing, "\n".join(missing[:40])


def test_lessons_and_questions_are_translated():
    from game.content.levels import load_lessons, load_questions
    from game.content.translations import translated_lessons, translated_questions

    for lang in ("nb", "da", "sv"):
        assert set(translated_lessons(paths.I18N, lang)) == set(load_lessons())
        questions = translated_questions(paths.I18N, lang)
        assert {k: len(v) for k, v in questions.items()} == {k: len(v) for k, v in load_questions().items()}


def test_f2_translates_a_level_started_from_a_file_outside_the_level_folders(tmp_path):
    """`--level PATH` with the file's translation beside it: F2 mid-level changes the level's
    words with the interface's, so the screen never mixes two languages."""
    import shutil

    import pygame

    from game import paths
    from game.app import App, find_level
    from game.dev.drive import press, press_until

    folder = tmp_path / "trainer"
    (folder / "nb").mkdir(parents=True)
    text = (paths.LEVELS / "tutorial.yaml").read_text(encoding="utf-8").replace("id: tutorial", "id: my-own")
    (folder / "my-own.yaml").write_text(text, encoding="utf-8")
    shutil.copy(paths.LEVELS / "nb" / "tutorial.yaml", folder / "nb" / "my-own.yaml")
    app = App(size=(1280, 720), seed=4, lang="en", data_dir=tmp_path / "data")
    try:
        app.ctx.start_level(find_level(app, str(folder / "my-own.yaml")))
        app.apply_switches()
        press_until(app, "case")
        english = app.session.play.case.situation
        while app.settings.language != "nb":
            press(app, "language")
        assert app.session.level.title == "Kald suppe"
        assert app.session.play.case.situation != english
        assert app.scene.name == "case"
    finally:
        pygame.quit()


def test_a_translation_gives_a_levels_own_lessons_as_plain_text_and_says_so_when_not(tmp_path, library):
    text = (paths.LEVELS / "tutorial.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "shift_minutes: 40",
        "lessons:\n  our-way:\n    text: Greet every guest by name.\n    source: 002-word-of-mouth\nshift_minutes: 40",
    )
    (tmp_path / "tutorial.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "nb").mkdir()
    words = tmp_path / "nb" / "tutorial.yaml"
    words.write_text("lessons:\n  our-way: Hils på hver gjest med navn.\n", encoding="utf-8")
    lesson = load_level(tmp_path / "tutorial.yaml", library, "nb").lessons["our-way"]
    assert (lesson.text, lesson.source) == ("Hils på hver gjest med navn.", "002-word-of-mouth")
    words.write_text("lessons:\n  our-way:\n    text: Hils på hver gjest.\n    source: x\n", encoding="utf-8")
    catalogue = load_all([tmp_path], library, "nb")
    assert [str(e) for e in catalogue.errors] == [
        f"{words}:2: lessons.our-way: expected the lesson's text alone (no text: or source:), got a mapping"
    ]


def test_a_translation_gives_customers_and_variants_in_the_levels_order(tmp_path, library):
    text = (paths.LEVELS / "tutorial.yaml").read_text(encoding="utf-8")
    variants = (
        "    variants:\n"
        "      - when: {case: birthday-soup, response: [ignore]}\n"
        "        situation: Lars saw how Ingrid was treated.\n"
        "      - when: {case: birthday-soup, response: [fix]}\n"
        "        situation: Lars saw the new soup arrive.\n"
        "        choices:\n"
        "          fix: {label: A new steak at once, text: Bring it first., cost: {minutes: 10, money: 150}}\n"
    )
    text = text.replace("    lesson: fix-feels-unhappened\n", "    lesson: fix-feels-unhappened\n" + variants, 1)
    assert variants in text
    (tmp_path / "tutorial.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "da").mkdir()
    (tmp_path / "da" / "tutorial.yaml").write_text(
        "cases:\n"
        "  cold-steak:\n"
        "    customer: Lars fra bord 4\n"
        "    variants:\n"
        "      - {}\n"
        "      - situation: Lars så den nye suppe komme.\n"
        "        choices:\n"
        "          fix: {label: En ny bøf med det samme}\n",
        encoding="utf-8",
    )
    en = load_level(tmp_path / "tutorial.yaml", library)
    da = load_level(tmp_path / "tutorial.yaml", library, "da")
    steak, en_steak = da.cases[1], en.cases[1]
    assert steak.customer == "Lars fra bord 4" and en_steak.customer == "Lars Haugen"
    assert steak.variants[0] == en_steak.variants[0]  # {}: the first variant stays English
    assert steak.variants[1].situation == "Lars så den nye suppe komme."
    fix = steak.variants[1].choices[Response.FIX]
    assert (fix.label, fix.text, fix.cost) == (
        "En ny bøf med det samme",
        "Bring it first.",
        en_steak.variants[1].choices[Response.FIX].cost,
    )
    (tmp_path / "da" / "tutorial.yaml").write_text(
        "cases:\n  cold-steak:\n    variants: [{}, {}, {situation: Tre}]\n", encoding="utf-8"
    )
    catalogue = load_all([tmp_path], library, "da")
    assert "cases.cold-steak.variants: expected at most 2 variants, as in tutorial.yaml" in str(catalogue.errors[0])


def test_f2_into_a_language_whose_files_are_broken_plays_on_and_says_so(tmp_path, monkeypatch):
    """A broken Norwegian string table or lesson file met on F2: one line on the screen, the game
    stays in a language that works, nothing crashes."""
    import pygame

    from game.app import App
    from game.content import strings
    from game.content.errors import ContentError, ContentFileError
    from game.dev.drive import press

    real = strings.load_strings

    def broken(lang="en", folder=strings.paths.STRINGS):
        if lang == "nb":
            raise ContentFileError([ContentError("assets/strings/nb.yaml", 3, "title", "expected text")])
        return real(lang, folder)

    monkeypatch.setattr("game.app.load_strings", broken)
    app = App(size=(640, 360), seed=1, lang="en", data_dir=tmp_path)
    try:
        press(app, "language")  # en -> nb (broken): passed over, to sv
        assert app.settings.language == "sv" and app.strings.lang == "sv"
        assert app.toast.startswith("assets/strings/nb.yaml:3")
        press(app, "language")  # and on round: da, then en
        assert app.settings.language == "da"
    finally:
        pygame.quit()
