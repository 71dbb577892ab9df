"""Translations of content: a level's text in another language lives beside it, in
`levels/<lang>/<same file name>.yaml`, holding only the words. Numbers, ids and the structure
stay in the English file, so a translator cannot break the game's balance. A missing
translation falls back to English, field by field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.content import yamlfile
from game.content.errors import ContentFileError
from game.content.schema import Key, ListOf, MapOf, Problems, Record, Spec, Text

ID = r"[a-z0-9][a-z0-9_-]*"


def _opt(spec: Spec) -> Key:
    return Key(spec, required=False)


CHOICE_T = Record({"label": _opt(Text(60)), "text": _opt(Text(600))})
ASK_T = Record({"question": _opt(Text(300)), "answer": _opt(Text(500))})
REACTIONS_T = Record({k: _opt(Text(400)) for k in ("lost", "satisfied", "ambassador")})
CHOICES_T = Record({k: _opt(CHOICE_T) for k in ("ignore", "fix", "exceed")})
VARIANT_T = Record(
    {"situation": _opt(Text(600)), "ask": _opt(ASK_T), "choices": _opt(CHOICES_T), "reactions": _opt(REACTIONS_T)}
)
CASE_T = Record(
    {
        "customer": _opt(Text(60)),
        "situation": _opt(Text(600)),
        "ask": _opt(ASK_T),
        "choices": _opt(CHOICES_T),
        "reactions": _opt(REACTIONS_T),
        "discuss": _opt(ListOf(Text(300), min_len=1, max_len=5)),
        "variants": _opt(ListOf(VARIANT_T, min_len=1, max_len=6)),
    }
)
LEVEL_T = Record(
    {
        "title": _opt(Text(60)),
        "summary": _opt(Text(200)),
        "briefing": _opt(Text(900)),
        # A lesson's words alone: its source and id stay in the level file.
        "lessons": _opt(MapOf(Text(600, hint="the lesson's text alone (no text: or source:)"), key_pattern=ID)),
        # The level's own sources: the id of a digest in sources/, or the title as the level gives it.
        "sources": _opt(MapOf(Text(120), key_pattern=r"(?s).+")),
        "cases": _opt(MapOf(CASE_T, key_pattern=ID)),
    }
)


def translation_path(level_path: Path, lang: str) -> Path:
    return level_path.parent / lang / level_path.name


def _merge(base: Any, words: Any) -> Any:
    """Words laid over the English: mappings merge key by key, anything else is replaced."""
    if base is None and isinstance(words, dict):
        return None  # words for a part the English level does not have: nothing to translate
    if isinstance(base, dict) and isinstance(words, dict):
        out = dict(base)
        for k, v in words.items():
            if v is not None:
                out[k] = _merge(base.get(k), v)
        return out
    return base if words is None else words


def translate_level(
    data: dict[str, Any], path: Path, lang: str, own_sources: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """The validated English level data with the language's words laid over it; the titles of
    the level's own sources (named in `own_sources`) in that language are in `source_titles`."""
    tpath = translation_path(path, lang)
    if lang == "en" or not tpath.exists():
        return data
    doc = yamlfile.read(tpath)
    if doc.data is None:
        return data
    problems = Problems()
    words = LEVEL_T.check(doc.data, (), problems)
    cases = {c["id"]: i for i, c in enumerate(data["cases"])}
    if words:
        for cid, case_words in (words.get("cases") or {}).items():
            if cid not in cases:
                problems.add(
                    ("cases", cid), f"no case with this id in {path.name}; expected one of: {', '.join(cases)}"
                )
            elif case_words and case_words.get("variants"):
                have = len(data["cases"][cases[cid]]["variants"] or [])
                if len(case_words["variants"]) > have:
                    problems.add(("cases", cid, "variants"), f"expected at most {have} variants, as in {path.name}")
        for lid in words.get("lessons") or {}:
            if lid not in (data["lessons"] or {}):
                problems.add(("lessons", lid), f"no lesson with this id in {path.name}")
        for sid in words.get("sources") or {}:
            if sid not in own_sources:
                mine = ", ".join(sorted(own_sources)) or "none"
                problems.add(
                    ("sources", sid),
                    f"expected the id or title of one of {path.name}'s own sources ({mine}); the game's"
                    " sources are translated in assets/sources.yaml",
                )
    if problems.items:
        raise ContentFileError(doc.errors(problems.items))
    out = _merge(
        {k: v for k, v in data.items() if k not in ("cases", "lessons")},
        {k: v for k, v in words.items() if k not in ("cases", "lessons", "sources")},
    )
    out["source_titles"] = {k: v for k, v in (words.get("sources") or {}).items() if v}
    out["lessons"] = {
        lid: _merge(lesson, {"text": (words.get("lessons") or {}).get(lid)}) for lid, lesson in data["lessons"].items()
    }
    out["cases"] = []
    for case in data["cases"]:
        case_words = dict((words.get("cases") or {}).get(case["id"]) or {})
        variant_words = case_words.pop("variants", None) or []
        merged = _merge(case, case_words)
        merged["variants"] = [
            _merge(v, variant_words[i] if i < len(variant_words) else None)
            for i, v in enumerate(case["variants"] or [])
        ]
        out["cases"].append(merged)
    return out


def translated_lessons(folder: Path, lang: str) -> dict[str, str]:
    return _table(folder / lang / "lessons.yaml", MapOf(Text(600)), lang)


def translated_questions(folder: Path, lang: str) -> dict[str, list[str]]:
    return _table(folder / lang / "questions.yaml", MapOf(ListOf(Text(300), min_len=1, max_len=10)), lang)


def _table(path: Path, spec: Spec, lang: str) -> dict:
    if lang == "en" or not path.exists():
        return {}
    doc = yamlfile.read(path, keep=True)
    problems = Problems()
    data = spec.check(doc.data, (), problems) if doc.data is not None else {}
    if problems.items:
        raise ContentFileError(doc.errors(problems.items))
    return data or {}
