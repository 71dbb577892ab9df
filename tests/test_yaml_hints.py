"""The slips a trainer makes in YAML get a line that says what to do: a tab, a colon or a comma
inside a text, a bare No read as false, an unclosed quote or bracket. Every error points at a
line that exists, and an alias bomb says where it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game import paths
from game.content import yamlfile, yamlparse
from game.content.errors import ContentFileError
from game.content.levels import load_all, load_level
from game.content.yamlparse import FLOW_COMMA_HINT, QUOTE_HINT, TAB_HINT, line_count

GOOD = (paths.LEVELS / "tutorial.yaml").read_text(encoding="utf-8")
LINES = GOOD.split("\n")


def problems(tmp_path: Path, library, text: str, name: str = "slip.yaml") -> list[tuple[int, str]]:
    """(line, rest of the message) for each error the level gives; each names this file."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentFileError) as info:
        load_level(path, library)
    out = []
    for e in info.value.errors:
        line = str(e)
        assert line.startswith(f"{path}:") and "\n" not in line, line
        assert 1 <= e.line <= line_count(text), line  # never a line past the end of the file
        out.append((e.line, line))
    return out


def lines_with(key: str) -> list[int]:
    """0-based numbers of the tutorial's lines that hold `key: some text`."""
    return [i for i, ln in enumerate(LINES) if re.match(rf"\s+{key}: [A-Z]", ln)]


def with_value(i: int, value: str) -> str:
    lines = list(LINES)
    lines[i] = lines[i].split(": ", 1)[0] + ": " + value
    return "\n".join(lines)


@pytest.mark.parametrize("word", ["No", "Yes", "On", "Off", "no", "TRUE", "False", "off"])
@pytest.mark.parametrize("key", ["label", "customer"])
def test_a_bare_yes_or_no_says_to_quote_the_text(tmp_path, library, word, key):
    read_as = "true" if word.lower() in ("yes", "on", "true") else "false"
    assert lines_with(key)
    for i in lines_with(key):
        found = problems(tmp_path, library, with_value(i, word))
        hint = f"{QUOTE_HINT}: {word} is read as {read_as}"
        assert any(n == i + 1 and m.endswith(hint) for n, m in found), found


@pytest.mark.parametrize("key", ["text", "situation", "label", "answer"])
def test_a_colon_inside_a_text_says_to_quote_the_text(tmp_path, library, key):
    assert lines_with(key)
    for i in lines_with(key):
        words = LINES[i].split(": ", 1)[1]
        broken = with_value(i, words.replace(" ", ": ", 1))
        found = problems(tmp_path, library, broken)
        assert [n for n, m in found if m.endswith(QUOTE_HINT)] == [i + 1], found
        assert load_level(_write(tmp_path, with_value(i, f'"{words.replace(" ", ": ", 1)}"')), library)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fixed.yaml"
    path.write_text(text, encoding="utf-8")
    return path


CHOICE = re.compile(r"^(\s+)(ignore|fix|exceed):$")


def as_flow_with_a_comma(i: int) -> str:
    """The choice block starting at line i rewritten as `{label: ..., text: ..., cost: ...}` with
    an unquoted comma in its label."""
    indent = CHOICE.match(LINES[i]).group(1)
    label = LINES[i + 1].split(": ", 1)[1]
    text = LINES[i + 2].split(": ", 1)[1]
    cost = LINES[i + 3].split(": ", 1)[1]
    flow = f'{indent}{CHOICE.match(LINES[i]).group(2)}: {{label: Sorry, {label}, text: "{text}", cost: {cost}}}'
    return "\n".join([*LINES[:i], flow, *LINES[i + 4 :]])


def test_a_comma_inside_braces_says_to_quote_the_text(tmp_path, library):
    starts = [i for i, ln in enumerate(LINES) if CHOICE.match(ln)]
    assert len(starts) >= 9
    for i in starts:
        found = problems(tmp_path, library, as_flow_with_a_comma(i))
        assert len(found) == 1 and found[0][0] == i + 1, found
        assert "unknown key" in found[0][1] and found[0][1].endswith(f"({FLOW_COMMA_HINT})"), found


def test_a_comma_inside_braces_in_a_translation_says_to_quote_the_text(tmp_path, library):
    (tmp_path / "tutorial.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "nb").mkdir()
    words = "cases:\n  birthday-soup:\n    choices:\n      ignore: {label: Nei, beklager, text: Si nei.}\n"
    (tmp_path / "nb" / "tutorial.yaml").write_text(words, encoding="utf-8")
    catalogue = load_all([tmp_path], library, "nb")
    assert [str(e) for e in catalogue.errors] == [
        f"{tmp_path / 'nb' / 'tutorial.yaml'}:4: cases.birthday-soup.choices.ignore.beklager: unknown key;"
        f" expected one of: label, text ({FLOW_COMMA_HINT})"
    ]


def test_a_tab_in_the_indentation_is_named_on_its_line(tmp_path, library):
    deep = [i for i, ln in enumerate(LINES) if ln.startswith("      ") and not ln.startswith("       ")]
    assert len(deep) > 20
    for i in deep:
        lines = list(LINES)
        lines[i] = "\t" + lines[i][4:]  # a tab where an editor showed four spaces
        text = "\n".join(lines)
        try:
            load_level(_write(tmp_path, text), library)
        except ContentFileError as exc:
            first = exc.errors[0]
            assert (first.line, first.message) == (i + 1, TAB_HINT), [str(e) for e in exc.errors]
        else:
            raise AssertionError(f"a tab on line {i + 1} changed the level and nobody said so")


@pytest.mark.parametrize(
    ("text", "line", "hint"),
    [
        ("title: [unclosed\n", 1, "a [ is never closed with ]"),
        ("title: x\nsummary: y\nsources: [a, b\n", 3, "a [ is never closed with ]"),
        ("title: x\nsummary: {a: b\n", 2, "a { is never closed with }"),
        ('title: "abc\nsummary: x\n', 1, "a quote is not closed"),
        ("title: x\nsummary: |\nno indent\n", 3, "check its indentation"),
        ("title: x\nsummary: *sigh* fine\n", 2, QUOTE_HINT),
        ("title: x\nsummary: [Sighs] fine\nbudget: 3\n", 2, QUOTE_HINT),
        ("title: x\nsummary: 'it's late'\n", 2, 'put the text in " quotes instead'),
        ("title: x\nsummary: @home\n", 2, QUOTE_HINT),
        ("title: x\n  summary: y\n", 2, "check the indentation"),
    ],
)
def test_a_file_yaml_cannot_read_gets_a_line_in_the_file_and_a_hint(tmp_path, library, text, line, hint):
    found = problems(tmp_path, library, text)
    assert len(found) == 1 and found[0][0] == line and hint in found[0][1], found


@pytest.mark.parametrize("cut", range(1, len(LINES), 7))
def test_a_file_cut_short_never_points_past_its_end(tmp_path, library, cut):
    text = "\n".join(LINES[:cut]) + "\n"
    path = _write(tmp_path, text)
    try:
        load_level(path, library)
    except ContentFileError as exc:
        assert all(1 <= e.line <= line_count(text) for e in exc.errors if e.line), [str(e) for e in exc.errors]


@pytest.mark.parametrize("depth", [6, 7, 9])
def test_an_alias_bomb_names_the_line_where_it_explodes(tmp_path, depth):
    lines = ["title: A bomb", "a: &a [x, x, x, x, x, x, x, x, x]"]
    for k in range(1, depth):
        prev, cur = chr(ord("a") + k - 1), chr(ord("a") + k)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentFileError) as info:
        yamlfile.read(bomb)
    (error,) = info.value.errors
    total, size, expected = 3, 10, 0  # the document, the title and its value; what each list holds
    for k in range(depth):
        total += 1 + size  # the key and its list, every alias expanded
        if total > yamlparse.MAX_NODES:
            expected = k + 2  # the line of the first key that takes the file past the limit
            break
        size = 1 + 9 * size
    assert error.line == expected and "far too big" in error.message, str(error)


@pytest.mark.parametrize("word", ["2026-13-45", "2024-02-30", "0x_", "0b_", "-0x__"])
@pytest.mark.parametrize("key", ["label", "customer"])
def test_a_bare_date_or_number_yaml_cannot_build_says_to_quote_the_text(tmp_path, library, word, key):
    """YAML reads these as a date or a number and fails to build it: the trainer meant text."""
    assert lines_with(key)
    for i in lines_with(key):
        found = problems(tmp_path, library, with_value(i, word))
        assert len(found) == 1 and found[0][0] == i + 1, found
        assert f"{word} is read as a " in found[0][1] and found[0][1].endswith(QUOTE_HINT), found
        assert load_level(_write(tmp_path, with_value(i, f'"{word}"')), library)
