"""xAPI 1.0.3 statements from saved scores, for the company's learning record store (LRS).

Pure (the standard library and the core only): the same score gives the same statements, byte for byte, on every
machine. Each statement's id is a UUID derived (uuid5) from the score's own id and what the
statement is about, so a statement sent again - from the queue after the LRS was away, or by
`xapi send` a month later - is the same statement, which an LRS stores once.

What each saved score becomes:
- the level: `completed`, and `passed` or `failed` when the level sets a `pass_mark`;
- each case answered: `answered`, its response (ignore, fix, exceed) and what it brought;
- each lesson met in it: `experienced`.

The actor is an account (the company's or the game's home page and the player's or team's name),
never an e-mail address. `duration` is the shift clock's minutes the choices took (the game keeps
no wall-clock time), said so in the statement's extension `shift-minutes`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from game.core import seedcode
from game.core.choices import CaseChoice
from game.core.model import RESPONSES

if TYPE_CHECKING:  # what a statement reads of a saved score; the module itself needs no store
    from game.store.scores import ScoreRow

VERSION = "1.0.3"
GAME_HOME = "https://ambassador.invalid/"  # the game has no site of its own: a company sets `xapi_home`
NAMESPACE = uuid.UUID("6f1c3a52-6d3e-5b8e-9a57-0c1f7a1e2d18")  # this game's uuid5 namespace: fixed forever
ADL = "http://adlnet.gov/expapi"
VERBS = {name: f"{ADL}/verbs/{name}" for name in ("completed", "passed", "failed", "answered", "experienced")}
ACTIVITY_TYPES = {
    "level": f"{ADL}/activities/simulation",
    "case": f"{ADL}/activities/cmi.interaction",
    "lesson": f"{ADL}/activities/lesson",
}
LANGUAGE_TAGS = {"en": "en", "nb": "nb-NO", "da": "da-DK", "sv": "sv-SE"}


@dataclass(frozen=True)
class LevelFacts:
    """What the statements say about a level, in the report's language: its title, its pass mark,
    the range the simulator finds, each case's customer and lesson, each lesson's words."""

    id: str
    title: str
    pass_mark: int | None = None
    worst: int | None = None
    best: int | None = None
    customers: Mapping[str, str] = field(default_factory=dict)  # case id: the customer's name
    lessons: Mapping[str, str] = field(default_factory=dict)  # case id: lesson id
    lesson_texts: Mapping[str, str] = field(default_factory=dict)  # lesson id: the lesson


@dataclass(frozen=True)
class Profile:
    """Where the statements point: `home` the account's home page (the company's or the game's URL),
    which also roots the activity ids; `lang` the report's language; `case_scale` the largest
    number of people one case can move (scores a case's result into [-1, 1])."""

    home: str = GAME_HOME
    lang: str = "en"
    case_scale: int = 42
    platform: str = "Ambassador"

    @property
    def root(self) -> str:
        return self.home.rstrip("/") + "/xapi"

    def extension(self, name: str) -> str:
        return f"{self.root}/extensions/{name}"

    def level_id(self, level: str) -> str:
        return f"{self.root}/levels/{_iri_part(level)}"

    def case_id(self, level: str, case: str) -> str:
        return f"{self.level_id(level)}/cases/{_iri_part(case)}"

    def lesson_id(self, lesson: str) -> str:
        return f"{self.root}/lessons/{_iri_part(lesson)}"


def score_key(row: ScoreRow) -> str:
    """The score's own id; an old score without one gets one made of what it holds."""
    if row.uid:
        return row.uid
    made = "\x1f".join(str(v) for v in (row.name, row.level, row.seed, row.score, row.date, row.session))
    return "row-" + hashlib.sha256(made.encode("utf-8")).hexdigest()[:32]


def statement_id(row: ScoreRow, part: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{score_key(row)}/{part}"))


def registration(row: ScoreRow) -> str:
    """The session as xAPI's registration: every team of one session shares it."""
    return str(uuid.uuid5(NAMESPACE, f"session/{row.session}/{row.seed}"))


def scaled(raw: int, worst: int | None, best: int | None) -> float:
    """The score in [-1, 1]: the best the simulator finds is 1, the worst -1 (when below zero)."""
    if raw >= 0:
        top = best if best is not None and best > 0 else None
        return round(min(raw / top, 1.0), 4) if top else (1.0 if raw > 0 else 0.0)
    bottom = -worst if worst is not None and worst < 0 else None
    return round(max(raw / bottom, -1.0), 4) if bottom else -1.0


def minutes_iso(minutes: int) -> str:
    """ISO 8601 duration of whole minutes: PT45M, PT1H30M, PT0S."""
    minutes = max(int(minutes), 0)
    if minutes == 0:
        return "PT0S"
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest else "")


def statements(
    row: ScoreRow, choices: Sequence[CaseChoice], facts: LevelFacts | None, profile: Profile
) -> list[dict[str, Any]]:
    """Every statement one saved score makes: the level's, each case's, each lesson's."""
    facts = facts or LevelFacts(row.level, row.level)
    actor = _actor(row, profile)
    level_activity = _activity(profile.level_id(row.level), facts.title, "level", profile)
    context = _context(row, profile)
    timestamp = _timestamp(row.date)
    out = [_level_statement(row, choices, facts, profile, actor, level_activity, context, timestamp, "completed")]
    if facts.pass_mark is not None:
        verb = "passed" if row.score >= facts.pass_mark else "failed"
        out.append(_level_statement(row, choices, facts, profile, actor, level_activity, context, timestamp, verb))
    in_level = {**context, "contextActivities": {"parent": [level_activity]}}
    lessons: dict[str, None] = {}
    for seq, choice in enumerate(choices):
        out.append(_case_statement(row, seq, choice, facts, profile, actor, in_level, timestamp))
        lesson = facts.lessons.get(choice.case_id) if choice.level_id == row.level else None
        if lesson:
            lessons.setdefault(lesson, None)
    for lesson in lessons:
        text = facts.lesson_texts.get(lesson, lesson)
        out.append(
            {
                "id": statement_id(row, f"lesson/{lesson}"),
                "actor": actor,
                "verb": _verb("experienced"),
                "object": _activity(profile.lesson_id(lesson), _short(text), "lesson", profile, description=text),
                "result": {"completion": True},
                "context": in_level,
                "timestamp": timestamp,
            }
        )
    return out


def all_statements(
    scored: Iterable[tuple[ScoreRow, Sequence[CaseChoice]]], facts: Mapping[str, LevelFacts], profile: Profile
) -> Iterable[dict[str, Any]]:
    for row, choices in scored:
        yield from statements(row, choices, facts.get(row.level), profile)


# -- the parts
def _actor(row: ScoreRow, profile: Profile) -> dict[str, Any]:
    """An account, never an e-mail: a team is an identified group, a player an agent."""
    kind = "Group" if row.kind == "team" else "Agent"
    return {"objectType": kind, "name": row.name, "account": {"homePage": profile.home, "name": row.name}}


def _verb(name: str) -> dict[str, Any]:
    return {"id": VERBS[name], "display": {"en-US": name}}


def _activity(
    iri: str, name: str, kind: str, profile: Profile, description: str = "", extra: dict | None = None
) -> dict[str, Any]:
    tag = LANGUAGE_TAGS.get(profile.lang, profile.lang)
    definition: dict[str, Any] = {"name": {tag: name}, "type": ACTIVITY_TYPES[kind]}
    if description:
        definition["description"] = {tag: description}
    definition.update(extra or {})
    return {"objectType": "Activity", "id": iri, "definition": definition}


def _context(row: ScoreRow, profile: Profile) -> dict[str, Any]:
    extensions: dict[str, Any] = {
        profile.extension("session-code"): _code(row.seed),
        profile.extension("kind"): row.kind,
    }
    if row.cohort:
        extensions[profile.extension("group")] = row.cohort
    context: dict[str, Any] = {
        "registration": registration(row),
        "language": LANGUAGE_TAGS.get(profile.lang, profile.lang),
        "platform": profile.platform,
        "extensions": extensions,
    }
    if row.version:
        context["revision"] = row.version
    return context


def _level_statement(
    row: ScoreRow,
    choices: Sequence[CaseChoice],
    facts: LevelFacts,
    profile: Profile,
    actor: dict,
    activity: dict,
    context: dict,
    timestamp: str,
    verb: str,
) -> dict[str, Any]:
    score: dict[str, Any] = {"raw": row.score, "scaled": scaled(row.score, facts.worst, facts.best)}
    if facts.worst is not None and facts.best is not None and facts.worst <= row.score <= facts.best:
        score["min"], score["max"] = facts.worst, facts.best
    result: dict[str, Any] = {"score": score, "completion": True}
    if facts.pass_mark is not None:
        result["success"] = row.score >= facts.pass_mark
    mine = [c for c in choices if c.level_id == row.level]
    extensions: dict[str, Any] = {
        profile.extension("ambassadors"): row.ambassadors,
        profile.extension("satisfied"): row.satisfied,
        profile.extension("lost"): row.lost,
    }
    if mine:
        minutes = sum(c.minutes for c in mine)
        result["duration"] = minutes_iso(minutes)
        extensions[profile.extension("shift-minutes")] = minutes
        extensions[profile.extension("money")] = sum(c.money for c in mine)
    if facts.pass_mark is not None:
        extensions[profile.extension("pass-mark")] = facts.pass_mark
    result["extensions"] = extensions
    return {
        "id": statement_id(row, "level" if verb == "completed" else "level-mark"),
        "actor": actor,
        "verb": _verb(verb),
        "object": activity,
        "result": result,
        "context": context,
        "timestamp": timestamp,
    }


def _case_statement(
    row: ScoreRow,
    seq: int,
    choice: CaseChoice,
    facts: LevelFacts,
    profile: Profile,
    actor: dict,
    context: dict,
    timestamp: str,
) -> dict[str, Any]:
    own = choice.level_id == row.level
    name = (facts.customers.get(choice.case_id) if own else None) or choice.case_id
    extra = {
        "interactionType": "choice",
        "choices": [{"id": r.value, "description": {"en-US": r.value}} for r in RESPONSES],
    }
    result: dict[str, Any] = {
        "score": {"raw": choice.score, "scaled": _unit(choice.score / max(profile.case_scale, 1))},
        "success": choice.outcome != "lost",
        "completion": True,
        "response": choice.response,
        "duration": minutes_iso(choice.minutes),
        "extensions": {
            profile.extension("outcome"): choice.outcome,
            profile.extension("asked"): bool(choice.asked),
            profile.extension("apologised"): bool(choice.apologised),
            profile.extension("timed-out"): bool(choice.timed_out),
            profile.extension("shift-minutes"): choice.minutes,
            profile.extension("money"): choice.money,
        },
    }
    return {
        "id": statement_id(row, f"case/{seq}/{choice.level_id}/{choice.case_id}"),
        "actor": actor,
        "verb": _verb("answered"),
        "object": _activity(profile.case_id(choice.level_id, choice.case_id), name, "case", profile, extra=extra),
        "result": result,
        "context": context,
        "timestamp": timestamp,
    }


def _unit(value: float) -> float:
    return round(min(max(value, -1.0), 1.0), 4)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _code(seed: int) -> str:
    return seedcode.encode(seed) if 0 <= seed <= seedcode.MAX_SEED else str(seed)


def _timestamp(date: str) -> str:
    """The score's date as xAPI wants it (ISO 8601 with a zone); a date without one is UTC."""
    text = date.strip()
    if text.endswith("Z") or text[-6:-5] in ("+", "-") and text[-3:-2] == ":":
        return text
    return text + "+00:00" if "T" in text else text + "T00:00:00+00:00"


def _iri_part(text: str) -> str:
    """An id as a path segment of an IRI: letters, digits, - _ . kept, anything else escaped."""
    return quote(text, safe="-_.~")
