"""Level files: schema, loading into the core's model, and cross-checks against lessons and
source digests. A broken file is reported and left out; the others still load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game import paths
from game.content import yamlfile
from game.content.errors import ContentError, ContentFileError, field_name
from game.content.schema import Flag, Key, ListOf, MapOf, Number, OneOf, Problems, Record, Text
from game.content.translations import translate_level, translated_lessons, translated_questions, translation_path
from game.core.model import MOODS, Ask, Case, Choice, Cost, Lesson, Level, Outcome, Response, Variant, When

ID = r"[a-z0-9][a-z0-9_-]*"
ID_HINT = "a name of lower-case letters, digits, - and _"

COST = Record({"minutes": Key(Number(0, 24 * 60)), "money": Key(Number(0, 10_000_000))})
CHOICE = Record({"label": Key(Text(60)), "text": Key(Text(600)), "cost": Key(COST)})
LESSON = Record({"text": Key(Text(600)), "source": Key(Text(80, ID, ID_HINT))})
ASK = Record({"question": Key(Text(300)), "answer": Key(Text(500)), "minutes": Key(Number(0, 24 * 60))})
REACTIONS = Record({o.value: Key(Text(400), required=False) for o in Outcome})
WHEN = Record(
    {
        "case": Key(Text(60, ID, ID_HINT)),
        "response": Key(ListOf(OneOf(*(r.value for r in Response)), min_len=1, max_len=3), required=False, default=[]),
        "outcome": Key(ListOf(OneOf(*(o.value for o in Outcome)), min_len=1, max_len=3), required=False, default=[]),
        "asked": Key(Flag(), required=False),
        "apologised": Key(Flag(), required=False),
    }
)
VARIANT = Record(
    {
        "when": Key(WHEN),
        "mood": Key(OneOf(*MOODS), required=False),
        "situation": Key(Text(600), required=False),
        "ask": Key(ASK, required=False),
        "choices": Key(Record({r.value: Key(CHOICE, required=False) for r in Response}), required=False, default={}),
        "reactions": Key(REACTIONS, required=False, default={}),
    }
)
CASE = Record(
    {
        "id": Key(Text(60, ID, ID_HINT)),
        "customer": Key(Text(60)),
        "mood": Key(OneOf(*MOODS)),
        "situation": Key(Text(600)),
        "ask": Key(ASK, required=False),
        "choices": Key(Record({r.value: Key(CHOICE) for r in Response})),
        "reactions": Key(
            Record({o.value: Key(Text(400), required=False) for o in Outcome}), required=False, default={}
        ),
        "lesson": Key(Text(80, ID, ID_HINT)),
        "complaint": Key(Flag(), required=False, default=True),
        "discuss": Key(ListOf(Text(300), min_len=1, max_len=5), required=False, default=[]),
        "variants": Key(ListOf(VARIANT, min_len=1, max_len=6), required=False, default=[]),
    }
)
LEVEL = Record(
    {
        "id": Key(Text(60, ID, ID_HINT), required=False),
        "order": Key(Number(0, 10_000), required=False, default=100),
        "title": Key(Text(60)),
        "summary": Key(Text(200)),
        "briefing": Key(Text(900)),
        "sources": Key(ListOf(Text(80, ID, ID_HINT), min_len=1, max_len=10)),
        "shift_minutes": Key(Number(1, 24 * 60)),
        "budget": Key(Number(0, 10_000_000)),
        "decision_seconds": Key(Number(5, 600), required=False, default=60),
        "lessons": Key(MapOf(LESSON), required=False, default={}),
        "cases": Key(ListOf(CASE, min_len=1, max_len=12)),
    }
)


@dataclass
class Library:
    """What levels may refer to: the lesson catalogue and the source digests in `seeds/`."""

    lessons: dict[str, Lesson] = field(default_factory=dict)
    sources: frozenset[str] = frozenset()
    titles: dict[str, str] = field(default_factory=dict)
    questions: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def cite(self, source: str) -> str:
        """A source as a reader should see it: the article's title and where its digest is."""
        title = self.titles.get(source)
        return f"{title} - seeds/{source}.md" if title else source


def known_sources(seeds_dir: Path = paths.SEEDS) -> frozenset[str]:
    return frozenset(p.stem for p in seeds_dir.glob("*.md") if p.stem.lower() != "readme")


def source_titles(seeds_dir: Path = paths.SEEDS) -> dict[str, str]:
    """Each digest's title: the first heading of the file."""
    titles = {}
    for source in known_sources(seeds_dir):
        try:
            lines = (seeds_dir / f"{source}.md").read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        titles[source] = next((ln.lstrip("# ").strip() for ln in lines if ln.startswith("# ")), source)
    return titles


def load_questions(path: Path = paths.QUESTIONS) -> dict[str, tuple[str, ...]]:
    """Questions for the room, by source digest."""
    doc = yamlfile.read(path)
    problems = Problems()
    data = MapOf(ListOf(Text(300), min_len=1, max_len=10)).check(doc.data, (), problems)
    _raise(doc, problems)
    return {k: tuple(v) for k, v in data.items()}


def load_lessons(path: Path = paths.LESSONS) -> dict[str, Lesson]:
    doc = yamlfile.read(path)
    problems = Problems()
    data = MapOf(LESSON).check(doc.data, (), problems)
    _raise(doc, problems)
    return {k: Lesson(k, v["text"], v["source"]) for k, v in data.items()}


def default_library(lang: str = "en") -> Library:
    """Lessons and questions in the language asked for, English where a translation is missing."""
    lessons = load_lessons()
    questions = load_questions()
    words = translated_lessons(paths.I18N, lang)
    lessons = {k: Lesson(k, words.get(k) or v.text, v.source) for k, v in lessons.items()}
    questions = {**questions, **{k: tuple(v) for k, v in translated_questions(paths.I18N, lang).items()}}
    return Library(lessons, known_sources(), source_titles(), questions)


def _raise(doc: yamlfile.YamlDoc, problems: Problems) -> None:
    if problems.items:
        raise ContentFileError([ContentError(doc.path, doc.line(p), field_name(p), msg) for p, msg in problems.items])


def _choice(r: Response, c: dict[str, Any]) -> Choice:
    return Choice(r, c["label"], c["text"], Cost(c["cost"]["minutes"], c["cost"]["money"]))


def _ask(raw: dict[str, Any] | None) -> Ask | None:
    return Ask(raw["question"], raw["answer"], raw["minutes"]) if raw else None


def _reactions(raw: dict[str, Any] | None) -> dict[Outcome, str]:
    return {Outcome(k): v for k, v in (raw or {}).items() if v}


def _variant(raw: dict[str, Any]) -> Variant:
    w = raw["when"]
    when = When(
        case=w["case"],
        responses=frozenset(Response(x) for x in w["response"]),
        outcomes=frozenset(Outcome(x) for x in w["outcome"]),
        asked=w.get("asked"),
        apologised=w.get("apologised"),
    )
    choices = {Response(k): _choice(Response(k), c) for k, c in (raw["choices"] or {}).items() if c}
    return Variant(when, raw["mood"], raw["situation"], _ask(raw["ask"]), choices, _reactions(raw["reactions"]))


def _build_case(raw: dict[str, Any]) -> Case:
    choices = {r: _choice(r, raw["choices"][r.value]) for r in Response}
    ask = raw["ask"]
    return Case(
        id=raw["id"],
        customer=raw["customer"],
        mood=raw["mood"],
        situation=raw["situation"],
        choices=choices,
        lesson=raw["lesson"],
        ask=_ask(ask),
        complaint=raw["complaint"],
        reactions=_reactions(raw["reactions"]),
        discuss=tuple(raw["discuss"] or ()),
        variants=tuple(_variant(v) for v in raw["variants"] or ()),
    )


def _cross_check(data: dict[str, Any], library: Library, problems: Problems) -> None:
    """References between parts: digests, lessons and earlier cases. Runs on data that may have
    failed its schema check, so every value is read as possibly missing."""
    for i, source in enumerate(data.get("sources") or []):
        if source and library.sources and source not in library.sources:
            known = ", ".join(sorted(library.sources))
            problems.add(("sources", i), f"no digest named {source!r} in seeds/; expected one of: {known}")
    local = data.get("lessons") or {}
    for name, lesson in local.items():
        source = (lesson or {}).get("source")
        if source and library.sources and source not in library.sources:
            problems.add(("lessons", name, "source"), f"no digest named {source!r} in seeds/")
    seen: set[str] = set()
    for i, case in enumerate(data.get("cases") or []):
        if not case:
            continue
        case_id = case.get("id")
        if case_id and case_id in seen:
            problems.add(("cases", i, "id"), f"expected a case id used once in the level, got {case_id!r} again")
        for j, variant in enumerate(case.get("variants") or []):
            target = ((variant or {}).get("when") or {}).get("case")
            if target and target not in seen:
                problems.add(
                    ("cases", i, "variants", j, "when", "case"),
                    f"expected the id of an earlier case in this level, got {target!r}",
                )
        if case_id:
            seen.add(case_id)
        lesson = case.get("lesson")
        if lesson and lesson not in local and lesson not in library.lessons:
            problems.add(
                ("cases", i, "lesson"),
                f"no lesson named {lesson!r}; expected one from assets/lessons.yaml or this file's lessons:",
            )


def load_level(path: Path | str, library: Library, lang: str = "en") -> Level:
    """The level in the file, in the language asked for where a translation exists, or
    ContentFileError with every problem found in it (or in its translation)."""
    doc = yamlfile.read(path)
    if doc.data is None:
        raise ContentFileError(
            [ContentError(str(path), 1, "", "the file is empty; expected a level (see docs/levels.md)")]
        )
    problems = Problems()
    data = LEVEL.check(doc.data, (), problems)
    if data is not None:
        _cross_check(data, library, problems)
    _raise(doc, problems)
    data = translate_level(data, Path(path), lang)
    lessons = {k: Lesson(k, v["text"], v["source"]) for k, v in data["lessons"].items()}
    return Level(
        id=data["id"] or Path(path).stem.lower(),
        title=data["title"],
        summary=data["summary"],
        briefing=data["briefing"],
        sources=tuple(data["sources"]),
        shift_minutes=data["shift_minutes"],
        budget=data["budget"],
        decision_seconds=data["decision_seconds"],
        cases=tuple(_build_case(c) for c in data["cases"]),
        order=data["order"],
        lessons=lessons,
        path=str(path),
    )


def level_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


@dataclass
class Catalogue:
    levels: list[Level]
    errors: list[ContentError]


def load_all(folders: list[Path], library: Library, lang: str = "en") -> Catalogue:
    """Every level that loads, in campaign order, and the problems of those that do not.
    A level whose translation is broken still plays, in English, with the problem listed."""
    levels: list[Level] = []
    errors: list[ContentError] = []
    ids: set[str] = set()
    for folder in folders:
        for path in level_files(folder):
            try:
                level = load_level(path, library, lang)
            except ContentFileError as exc:
                errors.extend(exc.errors)
                if not all(e.path == str(translation_path(path, lang)) for e in exc.errors):
                    continue
                level = load_level(path, library)
            if level.id in ids:
                errors.append(ContentError(str(path), 1, "id", f"another level already has the id {level.id!r}"))
                continue
            ids.add(level.id)
            levels.append(level)
    levels.sort(key=lambda lv: (lv.order, lv.title))
    return Catalogue(levels, errors)


def lesson_for(level: Level, case: Case, library: Library) -> Lesson | None:
    return level.lessons.get(case.lesson) or library.lessons.get(case.lesson)


def questions_for(level: Level, case: Case, library: Library, count: int = 3) -> tuple[str, ...]:
    """What the room discusses during a pause: the case's own questions, else its source's."""
    if case.discuss:
        return case.discuss[:count]
    lesson = lesson_for(level, case, library)
    sources = ([lesson.source] if lesson else []) + list(level.sources)
    for source in sources:
        if library.questions.get(source):
            return library.questions[source][:count]
    return ()
