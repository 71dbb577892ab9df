"""Broken level files: each kind of mistake gets one clear line naming file, line and field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from game import paths
from game.content.errors import ContentFileError
from game.content.levels import load_all, load_level

GOOD = (paths.LEVELS / "tutorial.yaml").read_text(encoding="utf-8")


def errors_for(tmp_path: Path, library, content: bytes | str, name: str = "broken.yaml") -> list[str]:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(ContentFileError) as info:
        load_level(path, library)
    lines = [str(e) for e in info.value.errors]
    for line in lines:
        assert line.startswith(str(path)), line
        assert "\n" not in line and "Traceback" not in line
    return lines


def line_of(text: str, needle: str, nth: int = 1) -> int:
    count = 0
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            count += 1
            if count == nth:
                return i
    raise AssertionError(needle)


def test_a_wrong_type_names_file_line_field_and_what_was_expected(tmp_path, library):
    text = GOOD.replace("cost: {minutes: 15, money: 400}", "cost: {minutes: 15, money: lots}")
    text = GOOD.replace("        cost: {minutes: 12, money: 400}", '        cost: {minutes: 12, money: "lots"}')
    assert text != GOOD
    lines = errors_for(tmp_path, library, text)
    line = line_of(text, '"lots"')
    assert lines == [
        f'{tmp_path / "broken.yaml"}:{line}: cases[1].choices.exceed.cost.money: expected a number >= 0, got "lots"'
    ]


def test_every_problem_in_a_file_is_reported_in_one_pass(tmp_path, library):
    text = GOOD.replace("shift_minutes: 40", "shift_minutes: -5").replace("mood: angry", "mood: furious")
    lines = errors_for(tmp_path, library, text)
    assert any("shift_minutes: expected a number >= 1, got -5" in x for x in lines)
    assert any("cases[1].mood: expected one of calm, worried, annoyed, angry, desperate" in x for x in lines)
    assert len(lines) == 2


def test_missing_fields_and_unknown_keys(tmp_path, library):
    text = GOOD.replace("budget: 600\n", "").replace("summary:", "sumary:")
    lines = errors_for(tmp_path, library, text)
    assert any(": budget: missing; expected a number >= 0" in x for x in lines)
    assert any(f":{line_of(text, 'sumary:')}: sumary: unknown key" in x for x in lines)
    assert any(": summary: missing" in x for x in lines)


@pytest.mark.parametrize(
    "content, expected",
    [
        ("", "the file is empty"),
        ("   \n# only a comment\n", "the file is empty"),
        ("title: [unclosed\n", "not valid YAML"),
        ("- just\n- a list\n", "expected a mapping of keys to values, got a list"),
        ("just text", 'expected a mapping of keys to values, got "just text"'),
        (b"title: caf\xe9\n", "expected UTF-8 text, got byte 0xe9"),
        ("title: A\ntitle: B\n", "title: this key is given twice"),
        (
            "a: &a [1,2,3,4,5,6,7,8,9]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
            "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
            "far too big",
        ),
    ],
)
def test_files_that_are_not_levels_at_all(tmp_path, library, content, expected):
    lines = errors_for(tmp_path, library, content)
    assert any(expected in x for x in lines), lines


def test_a_lesson_or_source_that_does_not_exist_is_named(tmp_path, library):
    text = GOOD.replace("lesson: apology-doubles", "lesson: no-such-lesson").replace(
        "sources: [003-service-is-marketing, 002-word-of-mouth]", "sources: [003-service-is-marketing, 999-nowhere]"
    )
    lines = errors_for(tmp_path, library, text)
    assert any("cases[2].lesson: no lesson named 'no-such-lesson'" in x for x in lines)
    assert any("sources[1]: no digest named '999-nowhere'" in x for x in lines)


def test_an_editors_file_with_bom_crlf_and_tabs_loads(tmp_path, library):
    text = GOOD.replace("\n", "\r\n").replace("\r\n  - id: cold-fries", "\r\n\t- id: cold-fries", 1)
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\t- id: cold-fries", "  - id: cold-fries").encode("utf-8"))
    level = load_level(path, library)
    assert level.title == "Cold soup" and len(level.cases) == 3


def test_a_broken_file_is_left_out_and_the_others_load(tmp_path, library):
    (tmp_path / "good.yaml").write_text(GOOD.replace("id: tutorial", "id: good-one"), encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("title: 5\ncases: nope\n", encoding="utf-8")
    catalogue = load_all([tmp_path], library)
    assert [lv.id for lv in catalogue.levels] == ["good-one"]
    assert catalogue.errors and all(str(e.path).endswith("bad.yaml") for e in catalogue.errors)


def run_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", "check", *args], capture_output=True, text=True, timeout=60)


def test_check_command_passes_the_shipped_levels():
    out = run_check()
    assert out.returncode == 0, out.stdout + out.stderr
    assert "OK" in out.stdout


def test_check_command_prints_one_line_per_problem_and_fails(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\xff\xfe not text")
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    good = tmp_path / "good.yaml"
    good.write_text(GOOD)
    out = run_check(str(bad), str(empty), str(good), str(tmp_path / "missing.yaml"))
    assert out.returncode == 1
    assert "Traceback" not in out.stdout + out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{bad}:1: expected UTF-8 text")
    assert lines[1].startswith(f"{empty}:1: the file is empty")
    assert "no such file" in lines[2]


# -- checking a translation on its own -------------------------------------------------------


def test_check_reads_a_translation_file_as_the_translation_of_its_level(tmp_path):
    for lang in ("nb", "da", "sv"):
        out = run_check(str(paths.LEVELS / lang / "tutorial.yaml"))
        assert out.returncode == 0 and "OK" in out.stdout, out.stdout + out.stderr
    (tmp_path / "nb").mkdir()
    (tmp_path / "mine.yaml").write_text(GOOD, encoding="utf-8")
    words = tmp_path / "nb" / "mine.yaml"
    words.write_text("title: Kald suppe\ncases:\n  no-such-case:\n    situation: x\n", encoding="utf-8")
    orphan = tmp_path / "nb" / "orphan.yaml"
    orphan.write_text("title: Ingen\n", encoding="utf-8")
    out = run_check(str(words), str(orphan))
    assert out.returncode == 1
    assert out.stdout.strip().splitlines() == [
        f"{words}:3: cases.no-such-case: no case with this id in mine.yaml; expected one of: "
        "birthday-soup, cold-steak, cold-fries",
        f"{orphan}: a translation with no level {tmp_path / 'orphan.yaml'} to translate",
    ]
    out = run_check(str(tmp_path))  # a folder: its levels, their translations, and translations with no level
    assert out.returncode == 1 and f"{orphan}: a translation with no level" in out.stdout


# -- what the level list says about broken files ---------------------------------------------


def catalogue_with(tmp_path: Path, library, lang: str, broken: int, translations: int):
    """A folder with one good level, `broken` levels that fail and `translations` levels whose
    `lang` words fail; the catalogue read from it."""
    (tmp_path / lang).mkdir(exist_ok=True)
    (tmp_path / "good.yaml").write_text(GOOD.replace("id: tutorial", "id: good"), encoding="utf-8")
    for i in range(broken):
        text = GOOD.replace("id: tutorial", f"id: broken-{i}").replace("budget: 600", f"budget: {'lots' * (i + 1)}")
        (tmp_path / f"broken-{i}.yaml").write_text(text, encoding="utf-8")
    for i in range(translations):
        (tmp_path / f"words-{i}.yaml").write_text(GOOD.replace("id: tutorial", f"id: words-{i}"), encoding="utf-8")
        (tmp_path / lang / f"words-{i}.yaml").write_text("cases:\n  nope:\n    situation: x\n", encoding="utf-8")
    return load_all([tmp_path], library, lang)


def test_the_catalogue_tells_a_level_left_out_from_one_that_plays_in_english(tmp_path, library):
    catalogue = catalogue_with(tmp_path, library, "nb", broken=2, translations=3)
    assert sorted(lv.id for lv in catalogue.levels) == ["good", "words-0", "words-1", "words-2"]
    assert catalogue.count("left_out") == 2 and catalogue.count("in_english") == 3
    assert catalogue.count("last_good") == 0
    for problem in catalogue.problems:
        expected = "in_english" if "words" in problem.path else "left_out"
        assert catalogue.effect(problem) == expected and problem.errors
        assert Path(problem.path).parent == tmp_path  # listed under the level, even for its translation
    shown = [catalogue.shown(e) for p in catalogue.problems for e in p.errors]
    assert all(s.startswith(f"{tmp_path.name}/") for s in shown), shown


def overlaps(a, b) -> bool:
    return min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]) > 1 and min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]) > 1


@pytest.mark.parametrize("lang", ["en", "nb", "da", "sv"])
@pytest.mark.parametrize(("broken", "translations"), [(1, 0), (0, 1), (2, 2), (6, 5)])
@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_the_level_list_counts_the_problems_and_shows_what_fits_without_touching_a_button(
    tmp_path, lang, broken, translations, large
):
    import pygame

    from game.app import App
    from game.dev.drive import show

    user = tmp_path / "levels"
    user.mkdir()
    app = App(size=(1920, 1080), seed=3, lang=lang, data_dir=tmp_path)
    try:
        app.catalogue = catalogue_with(user, app.library, lang, broken, translations)
        app.change_settings(text_size="large" if large else "normal")
        show(app, "level_select")
        drawn = app.draw(record=True).record
        texts = [text for _, text in drawn]
        t = app.strings
        files = broken + (translations if lang != "en" else 0)  # English reads no translation
        count = t("select.problems", n=files)
        if not files:
            assert count not in texts and not app.catalogue.problems
            return
        assert count in texts
        prefixes = {t("select.left_out", error=""): "broken", t("select.in_english", error=""): "words"}
        shown = [(text, kind) for text in texts for prefix, kind in prefixes.items() if text.startswith(prefix)]
        assert shown, texts
        for text, kind in shown:
            assert f"/{kind}-" in text, text  # each problem is worded by what it means for play
        more = t("select.more_problems", n=len(app.catalogue.errors) - len(shown))
        assert len(shown) == len(app.catalogue.errors) or more in texts, texts  # the rest counted, not dropped
        banner = {count, more, *(text for text, _ in shown)}
        buttons = [(b.x, b.y, b.w, b.h) for b in app.scene.buttons()]
        for rect, text in drawn:
            if text in banner:
                assert not any(overlaps(rect, b) for b in buttons), (text, rect)
                assert rect[1] + rect[3] <= 1080 and rect[0] + rect[2] <= 1920, (text, rect)
    finally:
        pygame.quit()


def test_a_level_broken_by_an_edit_still_plays_in_its_last_good_version_and_says_so(tmp_path):
    import pygame

    from game.app import App
    from game.dev.drive import press, show

    user = tmp_path / "levels"
    user.mkdir()
    mine = user / "mine.yaml"
    mine.write_text(GOOD.replace("id: tutorial", "id: mine"), encoding="utf-8")
    app = App(size=(1920, 1080), seed=3, lang="sv", data_dir=tmp_path)
    try:
        mine.write_text(GOOD.replace("id: tutorial", "id: mine").replace("budget: 600", "budget: x"), encoding="utf-8")
        press(app, "reload")
        assert app.catalogue.count("last_good") == 1 and "mine" in [lv.id for lv in app.catalogue.levels]
        show(app, "level_select")
        texts = [t for _, t in app.draw(record=True).record]
        assert any(text.startswith(app.strings("select.last_good", error="")) for text in texts), texts
    finally:
        pygame.quit()
