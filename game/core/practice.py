"""The practice deck as a level: the cases a player handled badly, gathered for another go.

Limits are generous on purpose: practice is about handling each customer well, not about
rationing, so every response can be afforded.
"""

from __future__ import annotations

from dataclasses import replace

from game.core.model import Level, Response

PRACTICE_ID = "practice"
SEPARATOR = "~"
MAX_CASES = 4


def practice_level(entries: list[tuple[Level, str]], title: str, summary: str, briefing: str) -> Level | None:
    """A level of up to four cases from `entries` (level, case id); None when nothing is left."""
    cases, lessons, sources = [], {}, []
    for level, case_id in entries:
        case = next((c for c in level.cases if c.id == case_id), None)
        if case is None:
            continue  # the level changed since: that case is gone
        cases.append(replace(case, id=f"{level.id}{SEPARATOR}{case.id}", variants=()))
        lessons.update(level.lessons)
        sources += [s for s in level.sources if s not in sources]
        if len(cases) == MAX_CASES:
            break
    if not cases:
        return None
    minutes = sum(c.choices[Response.EXCEED].cost.minutes + (c.ask.minutes if c.ask else 0) + 1 for c in cases)
    money = sum(c.choices[Response.EXCEED].cost.money for c in cases)
    return Level(
        id=PRACTICE_ID,
        title=title,
        summary=summary,
        briefing=briefing,
        sources=tuple(sources),
        shift_minutes=minutes,
        budget=money,
        decision_seconds=max(c.ask.minutes if c.ask else 0 for c in cases) + 90,
        cases=tuple(cases),
        order=0,
        lessons=lessons,
    )


def origin(case_id: str) -> tuple[str, str]:
    """The (level, case) a practice case came from."""
    level, _, case = case_id.partition(SEPARATOR)
    return level, case
