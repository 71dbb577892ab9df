"""Level files: schema, loading into the core's model, and cross-checks against lessons and
source digests. A broken file is reported and left out; the others still load.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path
from typing import Any, Literal

from game import paths
from game.content import yamlfile
from game.content.errors import ContentError, ContentFileError, shown
from game.content.level_cache import LevelCache, file_signature, folder_signature, library_fingerprint
from game.content.packed import pack, unpack
from game.content.schema import Flag, Key, Link, ListOf, MapOf, Number, OneOf, Problems, Record, Spec, Text, describe
from game.content.sources import DEFAULT_QUOTING, OWN_FOLDER, digest_title, load_sources, own_digests
from game.content.translations import translate_level, translated_lessons, translated_questions, translation_path
from game.core.figures import Figure
from game.core.model import MOODS, Ask, Case, Choice, Cost, Lesson, Level, Outcome, Response, Variant, When
from game.core.practice import is_reserved

LEVEL_SUFFIXES = (".yaml", ".yml")
ID = r"[a-z0-9][a-z0-9_-]*"
ID_HINT = "a name of lower-case letters, digits, - and _"
LEVEL_ID = Text(60, ID, ID_HINT)  # written in the file, or taken from its name: the same rules

COST = Record({"minutes": Key(Number(0, 24 * 60)), "money": Key(Number(0, 10_000_000))})
CHOICE = Record({"label": Key(Text(60)), "text": Key(Text(600)), "cost": Key(COST)})
LESSON = Record({"text": Key(Text(600)), "source": Key(Text(80, ID, ID_HINT))})
# A level's own lesson may cite a digest by id, one of the level's own sources by its title, or nothing.
OWN_LESSON = Record({"text": Key(Text(600)), "source": Key(Text(120), required=False, default="")})
OWN_SOURCE = Record({"title": Key(Text(120)), "link": Key(Link(), required=False)})


class SourceEntry(Spec):
    """One entry of a level's `sources:`: a digest id, or a source of the company's own."""

    expected = f'a digest id ({ID_HINT}) or a source of your own, {{title: "...", link: "https://..."}}'

    def check(self, value: Any, path: tuple[str | int, ...], problems: Problems) -> Any:
        if isinstance(value, dict):
            return OWN_SOURCE.check(value, path, problems)
        if isinstance(value, str) and re.fullmatch(ID, value.strip()):
            return value.strip()
        if isinstance(value, str) and value.strip():
            quoted = describe(value)
            problems.add(
                path,
                f"expected a digest id ({ID_HINT}), got {quoted}; for a source of your own write {{title: {quoted}}}",
            )
            return None
        self.fail(value, path, problems)
        return None


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
        "id": Key(LEVEL_ID, required=False),
        "order": Key(Number(0, 10_000), required=False, default=100),
        "title": Key(Text(60)),
        "summary": Key(Text(200)),
        "briefing": Key(Text(900)),
        "sources": Key(ListOf(SourceEntry(), max_len=10), required=False, default=[]),
        "shift_minutes": Key(Number(1, 24 * 60)),
        "budget": Key(Number(0, 10_000_000)),
        "decision_seconds": Key(Number(5, 600), required=False, default=60),
        "pass_mark": Key(Number(-1_000_000, 1_000_000), required=False),  # the score that passes: xAPI passed/failed
        "lessons": Key(MapOf(OWN_LESSON), required=False, default={}),
        "cases": Key(ListOf(CASE, min_len=1, max_len=12)),
    }
)


@dataclass
class Library:
    """What levels may refer to and how a player sees it: the lesson catalogue, the source
    digests in `seeds/`, each source's title in the library's language, and the room's questions."""

    lessons: dict[str, Lesson] = field(default_factory=dict)
    sources: frozenset[str] = frozenset()  # the ids of the game's digests in seeds/
    titles: dict[str, str] = field(default_factory=dict)  # every source id the game knows: its title
    questions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lang: str = "en"
    quoting: str = DEFAULT_QUOTING  # "{source}, quoting {via}" in the library's language

    def cite(self, source: str) -> str:
        """A source as a player should see it: its title in the library's language (English where
        it has none), never a file name. A level's own source is already its title."""
        return self.titles.get(source) or source

    def cite_figure(self, figure: Figure) -> str:
        """Where a figure comes from, in the player's words: the source's title, and whom it
        quotes the figure from (`via` in assets/figures.yaml), when it says."""
        via_in = getattr(figure, "via_in", None)
        via = via_in(self.lang) if via_in else ""
        title = self.cite(figure.source)
        return self.quoting.format(source=title, via=via) if via else title


def known_sources(seeds_dir: Path = paths.SEEDS) -> frozenset[str]:
    return frozenset(p.stem for p in seeds_dir.glob("*.md") if p.stem.lower() != "readme")


def source_titles(seeds_dir: Path = paths.SEEDS) -> dict[str, str]:
    """Each digest's title as its file gives it (the first heading): for trainers, and the last
    resort when assets/sources.yaml has no title for a digest."""
    titles = {}
    for source in known_sources(seeds_dir):
        titles[source] = digest_title(seeds_dir / f"{source}.md") or source
    return titles


def load_questions(path: Path = paths.QUESTIONS) -> dict[str, tuple[str, ...]]:
    """Questions for the room, by source digest."""
    doc = yamlfile.read(path, keep=True)
    problems = Problems()
    data = MapOf(ListOf(Text(300), min_len=1, max_len=10)).check(doc.data, (), problems)
    _raise(doc, problems)
    return {k: tuple(v) for k, v in data.items()}


def load_lessons(path: Path = paths.LESSONS) -> dict[str, Lesson]:
    doc = yamlfile.read(path, keep=True)
    problems = Problems()
    data = MapOf(LESSON).check(doc.data, (), problems)
    _raise(doc, problems)
    return {k: Lesson(k, v["text"], v["source"]) for k, v in data.items()}


def default_library(lang: str = "en") -> Library:
    """Lessons, questions and source titles in the language asked for, English where a
    translation is missing."""
    lessons = load_lessons()
    questions = load_questions()
    words = translated_lessons(paths.I18N, lang)
    lessons = {k: Lesson(k, words.get(k) or v.text, v.source) for k, v in lessons.items()}
    questions = {**questions, **{k: tuple(v) for k, v in translated_questions(paths.I18N, lang).items()}}
    table = load_sources()
    headings = source_titles()
    seeds = known_sources()
    titles = {s: table.title(s, lang) or headings.get(s) or s for s in sorted(seeds | set(table.titles))}
    quoting = table.quoting.get(lang) or table.quoting.get("en") or DEFAULT_QUOTING
    return Library(lessons, seeds, titles, questions, lang, quoting)


def _raise(doc: yamlfile.YamlDoc, problems: Problems) -> None:
    if problems.items:
        raise ContentFileError(doc.errors(problems.items))


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


def _own_sources(data: dict[str, Any], library: Library, digests: dict[str, str]) -> dict[str, str]:
    """The level's own sources, by how a lesson may name them (a digest id or the title given
    in the level): the title a player sees. The game's digests are not among them."""
    own: dict[str, str] = {}
    for entry in data.get("sources") or []:
        if isinstance(entry, dict) and entry.get("title"):
            own[entry["title"]] = entry["title"]
        elif isinstance(entry, str) and entry in digests and entry not in library.sources:
            own[entry] = digests[entry]
    return own


def _cross_check(data: dict[str, Any], library: Library, problems: Problems, digests: dict[str, str]) -> None:
    """References between parts: digests, lessons and earlier cases. Runs on data that may have
    failed its schema check, so every value is read as possibly missing."""
    ids = library.sources | set(digests)
    own_titles = [e["title"] for e in data.get("sources") or [] if isinstance(e, dict) and e.get("title")]
    for i, source in enumerate(data.get("sources") or []):
        if isinstance(source, str) and source and ids and source not in ids:
            known = ", ".join(sorted(ids))
            problems.add(
                ("sources", i),
                f"no digest named '{shown(source)}' in seeds/ or in {OWN_FOLDER}/ beside this level; expected one of:"
                f" {known}; for a source of your own write {{title: ...}}",
            )
    local = data.get("lessons") or {}
    for name, lesson in local.items():
        source = (lesson or {}).get("source")
        if source and ids and source not in ids and source not in own_titles:
            titles = "; or the title of one of this level's sources: " + ", ".join(own_titles) if own_titles else ""
            problems.add(
                ("lessons", name, "source"),
                f"no source named '{shown(source)}'; expected a digest id from seeds/ or {OWN_FOLDER}/ beside this level"
                f"{titles}",
            )
    seen: set[str] = set()
    for i, case in enumerate(data.get("cases") or []):
        if not case:
            continue
        case_id = case.get("id")
        if case_id and case_id in seen:
            problems.add(("cases", i, "id"), f"expected a case id used once in the level, got '{shown(case_id)}' again")
        for j, variant in enumerate(case.get("variants") or []):
            target = ((variant or {}).get("when") or {}).get("case")
            if target and target not in seen:
                problems.add(
                    ("cases", i, "variants", j, "when", "case"),
                    f"expected the id of an earlier case in this level, got '{shown(target)}'",
                )
        if case_id:
            seen.add(case_id)
        lesson = case.get("lesson")
        if lesson and lesson not in local and lesson not in library.lessons:
            problems.add(
                ("cases", i, "lesson"),
                f"no lesson named '{shown(lesson)}'; expected one from assets/lessons.yaml or this file's lessons:",
            )


def level_id(written: Any, path: Path | str, problems: Problems) -> str | None:
    """The level's id: the one written in the file, else the file's name in lower case; either
    must be a name of the id's pattern and length, and not one the game keeps for itself (the
    practice deck), or its scores would be filed under practice. None, with the problem noted,
    when it cannot be used."""
    if written is not None:
        candidate = written
    else:
        stem = Path(path).stem
        candidate = LEVEL_ID.check(stem.lower(), ("id",), name := Problems())
        if name.items:
            problems.add(
                ("id",),
                f"this level has no id:, so its file name gives it one, but '{shown(stem)}' is not {ID_HINT}"
                " (at most 60); rename the file, or write id: in it",
            )
            return None
    if is_reserved(candidate):
        where = "its id" if written is not None else f"the id its file name gives it ('{shown(candidate)}')"
        problems.add(
            ("id",), f"{where} is one the game keeps for its own practice round; choose another id for this level"
        )
        return None
    return candidate


def load_level(path: Path | str, library: Library, lang: str = "en") -> Level:
    """The level in the file, in the language asked for where a translation exists, or
    ContentFileError with every problem found in it (or in its translation).

    A level's own sources (a `{title: ...}` entry, or a digest in `sources/` beside the file) are
    carried by their title in the level's language, which is what `Library.cite` shows; the
    game's digests stay ids, which the library turns into titles."""
    data, own = _checked(path, library, lang)
    return _level_from(data, own, path)


def _checked(path: Path | str, library: Library, lang: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The level file parsed, checked and translated: what the cache keeps (plain data)."""
    doc = yamlfile.read(path)
    if doc.data is None:
        raise ContentFileError(
            [ContentError(str(path), 1, "", "the file is empty; expected a level (see docs/levels.md)")]
        )
    digests = own_digests(Path(path).parent)
    problems = Problems()
    data = LEVEL.check(doc.data, (), problems)
    if data is not None:
        if data["id"] is not None or "id" not in doc.data:  # a bad id: already said
            data["id"] = level_id(data["id"], path, problems)
        _cross_check(data, library, problems, digests)
    _raise(doc, problems)
    own = _own_sources(data, library, digests)
    return translate_level(data, Path(path), lang, frozenset(own)), own


def _level_from(data: dict[str, Any], own: dict[str, str], path: Path | str) -> Level:
    cited = {**own, **(data.get("source_titles") or {})}
    keys = [e["title"] if isinstance(e, dict) else e for e in data["sources"]]
    lessons = {k: Lesson(k, v["text"], cited.get(v["source"], v["source"])) for k, v in data["lessons"].items()}
    return Level(
        id=data["id"],
        title=data["title"],
        summary=data["summary"],
        briefing=data["briefing"],
        sources=tuple(dict.fromkeys(cited.get(k, k) for k in keys)),
        shift_minutes=data["shift_minutes"],
        budget=data["budget"],
        decision_seconds=data["decision_seconds"],
        cases=tuple(_build_case(c) for c in data["cases"]),
        order=data["order"],
        lessons=lessons,
        path=str(path),
        pass_mark=data["pass_mark"],
    )


def _cases(raw: Any) -> tuple[Case, ...]:
    return tuple(_build_case(c) for c in raw)


_FIELDS = attrgetter(*(f.name for f in fields(Level)))
_HEAD = {  # a level's fields of one plain type, as the cache keeps them
    "id": str,
    "title": str,
    "summary": str,
    "briefing": str,
    "shift_minutes": int,
    "budget": int,
    "decision_seconds": int,
    "order": int,
}
_NOT_BUILT = (KeyError, TypeError, ValueError, AttributeError, IndexError)  # what a body not as we packed it raises


class CachedLevel(Level):
    """A level from the level cache: every field the level list shows is there from the start;
    its cases are built from the packed body the first time they are asked for (a start with a
    thousand levels builds none). It equals the same level read from its file.

    A body that does not build (a cache edited by hand) means the file is read again then; only
    if that file has meanwhile broken too does asking for the cases raise its ContentFileError."""

    def __getattr__(self, name: str) -> Any:
        if name != "cases":
            raise AttributeError(name)
        state = self.__dict__
        try:
            cases = _cases(unpack(state.get("_body")))
        except _NOT_BUILT:
            if state.get("_origin") is None:
                raise AttributeError(name) from None
            path, library, lang = state["_origin"]
            cases = load_level(path, library, lang).cases
        object.__setattr__(self, "cases", cases)
        state.pop("_body", None)
        state.pop("_origin", None)
        return cases

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return _FIELDS(self) == _FIELDS(other)

    __hash__ = Level.__hash__


def _head(level: Level) -> dict[str, Any]:
    """A level's every field but its cases and path, as plain data for the cache."""
    out = {name: getattr(level, name) for name in _HEAD}
    out["sources"], out["pass_mark"] = level.sources, level.pass_mark
    out["lessons"] = {k: (v.text, v.source) for k, v in level.lessons.items()}
    return out


def _head_fields(head: dict) -> dict[str, Any] | None:
    """The fields a kept head gives its level; None when it is not as `_head` wrote it."""
    out = {}
    for name, kind in _HEAD.items():
        value = head.get(name)
        if type(value) is not kind:
            return None
        out[name] = value
    sources, mark, lessons = head.get("sources"), head.get("pass_mark"), head.get("lessons")
    if type(sources) is not tuple or any(type(s) is not str for s in sources):
        return None
    if (mark is not None and type(mark) is not int) or type(lessons) is not dict:
        return None
    out["sources"], out["pass_mark"], out["lessons"] = sources, mark, {}
    for key, lesson in lessons.items():
        if not (type(key) is str and type(lesson) is tuple and len(lesson) == 2):
            return None
        text, source = lesson
        if type(text) is not str or type(source) is not str:
            return None
        out["lessons"][key] = Lesson(key, text, source)
    return out


def _from_cache(head: dict, body: bytes, path: Path, origin: tuple | None) -> CachedLevel | None:
    """The level a kept head and body make, its cases still packed; None: the head is not ours."""
    given = _head_fields(head)
    if given is None:
        return None
    level = object.__new__(CachedLevel)
    level.__dict__.update(given, path=str(path), _body=body, _origin=origin)
    return level


def level_files(folder: Path) -> list[Path]:
    """The level files directly in `folder` (a name ending .yaml or .yml after a stem), by name."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [folder / name for name in sorted(names) if name.endswith(LEVEL_SUFFIXES) and name not in LEVEL_SUFFIXES]


Effect = Literal["left_out", "last_good", "in_english"]


@dataclass(frozen=True)
class LevelProblem:
    """One level file that did not load as written: its problems, and whether the level is
    missing from the list or only its translation failed (it then plays in English)."""

    path: str  # the level file (a translation's problems are listed under its level)
    errors: tuple[ContentError, ...]
    translation: bool = False


@dataclass
class Catalogue:
    """The levels that play, and what went wrong with the others. `errors` holds every problem
    found; `problems` groups them by level file, so a screen can say what each means for play."""

    levels: list[Level]
    errors: list[ContentError]
    problems: list[LevelProblem] = field(default_factory=list)
    folders: tuple[Path, ...] = ()  # where the levels were read from

    def shown(self, error: ContentError) -> str:
        """An error as a trainer reads it on screen: the file named from its level folder
        (`levels/nb/tutorial.yaml:2: ...`) rather than by a long absolute path."""
        for folder in self.folders:
            try:
                short = Path(error.path).relative_to(folder.parent)
            except ValueError:
                continue
            return str(ContentError(short.as_posix(), error.line, error.field, error.message))
        return str(error)

    def effect(self, problem: LevelProblem) -> Effect:
        """What a problem means for play: the level plays in English (only its translation is
        broken), its last good version still plays (after F5), or it is left out of the list."""
        if problem.translation:
            return "in_english"
        if any(lv.path == problem.path for lv in self.levels):
            return "last_good"
        return "left_out"

    def count(self, effect: Effect) -> int:
        """How many level files have problems with this effect (for the title screen's note)."""
        return len({p.path for p in self.problems if self.effect(p) == effect})


def load_all(folders: list[Path], library: Library, lang: str = "en", cache: LevelCache | None = None) -> Catalogue:
    """Every level that loads, in campaign order, and the problems of those that do not.
    A level whose translation is broken still plays, in English, with the problem listed.
    With a `cache`, a file unchanged since it was last checked is not read again."""
    levels: list[Level] = []
    errors: list[ContentError] = []
    problems: list[LevelProblem] = []
    ids: set[str] = set()
    read = _Reader(library, cache)
    seen: set[str] = set()
    for folder in folders:
        for path in level_files(folder):
            seen.add(str(path))
            try:
                level = read(path, lang, folder)
            except ContentFileError as exc:
                errors.extend(exc.errors)
                in_english = all(e.path == str(translation_path(path, lang)) for e in exc.errors)
                problems.append(LevelProblem(str(path), tuple(exc.errors), translation=in_english))
                if not in_english:
                    continue
                level = read(path, "en", folder)
            if level.id in ids:
                clash = ContentError(str(path), 1, "id", f"another level already has the id {level.id!r}")
                errors.append(clash)
                earlier = problems.pop() if problems and problems[-1].path == str(path) else None
                problems.append(LevelProblem(str(path), (*(earlier.errors if earlier else ()), clash)))
                continue
            ids.add(level.id)
            levels.append(level)
    levels.sort(key=lambda lv: (lv.order, lv.title))
    if cache is not None:
        for code in {lang, "en"}:
            cache.forget_others(code, seen)
        cache.save()
    return Catalogue(levels, errors, problems, tuple(folders))


class _Reader:
    """One level file in one language, from the cache when nothing it depends on changed."""

    def __init__(self, library: Library, cache: LevelCache | None) -> None:
        self.library, self.cache = library, cache
        self.fingerprint = library_fingerprint(library) if cache is not None else ""
        self.digests: dict[Path, list] = {}  # each level folder's sources/, listed once per load

    def __call__(self, path: Path, lang: str, folder: Path) -> Level:
        """The level in `path`, a file directly in `folder`."""
        if self.cache is None:
            return load_level(path, self.library, lang)
        signature = [
            file_signature(path),
            file_signature(os.path.join(folder, lang, path.name)) if lang != "en" else None,  # its translation_path
            self._digests(folder),
            self.fingerprint,
        ]
        kept = self.cache.get(path, lang, signature)
        if isinstance(kept, ContentFileError):
            raise kept
        if kept is not None:
            level = _from_cache(*kept, path, (path, self.library, lang))
            if level is not None:
                return level
            # not as we wrote it: read the file again
        try:
            checked = _checked(path, self.library, lang)
        except ContentFileError as exc:
            self.cache.put(path, lang, signature, exc)
            raise
        level = _level_from(*checked, path)
        try:  # kept only if it reads back as the same level, built without the file
            head, body = unpack(pack(_head(level))), pack(checked[0]["cases"])
            again = _from_cache(head, body, path, None)
            same = again is not None and again == level
        except (*_NOT_BUILT, RecursionError):
            same = False
        if same:
            self.cache.put(path, lang, signature, (head, body))
        return level

    def _digests(self, folder: Path) -> list:
        if folder not in self.digests:
            self.digests[folder] = folder_signature(folder / OWN_FOLDER)
        return self.digests[folder]


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
