"""Every word on screen comes from the string table, and every key the code asks for exists."""

from __future__ import annotations

import re

from game import paths
from game.content.strings import load_strings
from game.core.model import MOODS, Outcome, Response

STATIC_KEY = re.compile(r"""\bt\(\s*"([a-z0-9_.]+)"|self\.t\(\s*"([a-z0-9_.]+)"|strings\(\s*"([a-z0-9_.]+)\"""")


def test_every_key_used_in_the_code_is_in_the_english_table():
    strings = load_strings("en")
    used = set()
    for path in (paths.ROOT / "game").rglob("*.py"):
        for match in STATIC_KEY.finditer(path.read_text(encoding="utf-8")):
            used.add(next(g for g in match.groups() if g))
    assert len(used) > 40
    missing = sorted(k for k in used if not strings.has(k))
    assert not missing, missing


def test_every_key_built_at_run_time_is_in_the_table():
    strings = load_strings("en")
    families = [f"response.{r.value}" for r in Response] + ["response.ask"]
    families += [f"mood.{m}" for m in MOODS] + [f"outcome.{o.value}" for o in Outcome]
    families += [f"why.{w}" for w in ("no_minutes", "no_money", "already_asked", "no_question", "finished")]
    assert [k for k in families if not strings.has(k)] == []


def test_an_unknown_language_is_one_clear_error():
    import pytest

    from game.content.errors import ContentFileError

    with pytest.raises(ContentFileError) as info:
        load_strings("xx")
    assert "no such language; expected one of: da, en, nb, sv" in str(info.value)


def test_every_language_has_every_key_and_keeps_the_placeholders():
    import string

    from game.content.strings import languages

    english = load_strings("en").table
    assert set(languages()) >= {"en", "nb", "da", "sv"}
    for lang in languages():
        table = load_strings(lang).table
        assert set(table) == set(english), (lang, sorted(set(table) ^ set(english)))
        for key, text in english.items():
            fields = {f for _, f, _, _ in string.Formatter().parse(text) if f}
            theirs = {f for _, f, _, _ in string.Formatter().parse(table[key]) if f}
            assert fields == theirs, (lang, key)
