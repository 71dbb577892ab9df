"""The practice deck as a level: the cases a player handled badly, gathered for another go.

Limits are generous on purpose: practice is about handling each customer well, not about
rationing, so every response can be afforded, with the question asked and the apology on, at the
costs the rules charge (`costs.move_cost`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from game.core.costs import move_cost
from game.core.figures import Figures
from game.core.model import RESPONSES, Case, Level

PRACTICE_ID = "practice"
SEPARATOR = "~"
MAX_CASES = 4


def is_reserved(level_id: str) -> bool:
    """Whether a level id is one the game gives its own levels: the practice deck, or a practised
    case (`level~case`). A level file that took one would have its scores filed as practice (and so
    never saved as its own), so the content checks refuse it."""
    return level_id.strip().casefold() == PRACTICE_ID or SEPARATOR in level_id


def practice_deck(
    levels: Sequence[Level],
    entries: Sequence[tuple[str, str]],
    figures: Figures,
    title: str,
    summary: str,
    briefing: str,
) -> Level | None:
    """The player's practice round from the score store's `entries` (level id, case id), oldest
    first, among the loaded `levels`. An entry whose level or case no longer exists is dropped: the
    content changed since the case was played. None when nothing is left to practise."""
    by_id = {level.id: level for level in levels}
    found = [(by_id[level_id], case_id) for level_id, case_id in entries if level_id in by_id]
    return practice_level(found, figures, title, summary, briefing)


def practice_level(
    entries: Sequence[tuple[Level, str]], figures: Figures, title: str, summary: str, briefing: str
) -> Level | None:
    """A level of up to four cases from `entries` (level, case id); None when nothing is left.

    The shift and the budget hold the dearest move of every case (the question asked, the apology
    on), so no response the deck offers is refused. The timer is the most generous of the levels
    the cases come from: seconds stay seconds."""
    cases: list[Case] = []
    lessons, sources, seconds = {}, [], []
    for level, case_id in entries:
        case = next((c for c in level.cases if c.id == case_id), None)
        practice_id = f"{level.id}{SEPARATOR}{case_id}"
        if case is None or any(c.id == practice_id for c in cases):
            continue  # the level changed since and that case is gone, or it is in the deck already
        cases.append(replace(case, id=practice_id, variants=()))
        lessons.update(level.lessons)
        sources += [s for s in level.sources if s not in sources]
        seconds.append(level.decision_seconds)
        if len(cases) == MAX_CASES:
            break
    if not cases:
        return None
    dearest = [[move_cost(figures, c, r, asked=True, apologised=True) for r in RESPONSES] for c in cases]
    return Level(
        id=PRACTICE_ID,
        title=title,
        summary=summary,
        briefing=briefing,
        sources=tuple(sources),
        shift_minutes=sum(max(cost.minutes for cost in costs) for costs in dearest),
        budget=sum(max(cost.money for cost in costs) for costs in dearest),
        decision_seconds=max(seconds),
        cases=tuple(cases),
        order=0,
        lessons=lessons,
    )


def origin(case_id: str) -> tuple[str, str]:
    """The (level, case) a practice case came from."""
    level, _, case = case_id.partition(SEPARATOR)
    return level, case
