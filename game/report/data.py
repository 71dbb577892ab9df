"""What the trainer's report says, worked out once from the store's rows, before any page is drawn.

The PDF and the HTML both lay out this one `Report`, so every figure is the same in both, and a
test can check each against the store. Deterministic: the same rows give the same report (no
clock is read; the report is dated by its newest score).

Per player or team: each level played with the plays, the best and the latest score against the
level's range (the worst and the best the simulator finds), the latest play's ambassadors,
satisfied and lost customers and the shift minutes and money it used; the lessons met and those
not yet met, with their sources. For the room: every case with how often each response was chosen
and what each brought on average, the cases most often lost, and the questions for the hardest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from game.content.levels import Library, lesson_for, questions_for
from game.core.model import Level
from game.core.yardstick import Yardstick

RESPONSES = ("ignore", "fix", "exceed")
OUTCOMES = ("ambassador", "satisfied", "lost")
MOST_LOST = 5  # the cases most often lost, listed
HARDEST = 3  # the cases with the lowest average, with their discussion questions


@dataclass(frozen=True)
class LessonLine:
    id: str
    text: str
    source: str  # as a reader sees it: the source's title
    level: str = ""  # the title of the first level that teaches it


@dataclass
class LevelLine:
    """One level as one player or team played it."""

    level_id: str
    title: str
    plays: int
    best: int
    latest: int
    latest_date: str
    ambassadors: int  # of the latest play, as are the rest
    satisfied: int
    lost: int
    minutes: int | None  # shift minutes the latest play used; None: saved before choices were kept
    money: int | None
    shift_minutes: int | None  # the level's whole shift and budget (None: the level is gone)
    budget: int | None
    worst_found: int | None  # the level's range
    best_found: int | None
    pass_mark: int | None = None


@dataclass
class PlayerLines:
    name: str
    kind: str  # solo or team
    levels: list[LevelLine] = field(default_factory=list)
    met: list[LessonLine] = field(default_factory=list)
    not_met: list[LessonLine] = field(default_factory=list)


@dataclass
class CaseLine:
    """One case across every play in the report: how often each response was chosen and what it
    brought."""

    level_id: str
    level_title: str
    case_id: str
    customer: str
    order: tuple[int, int]
    played: int = 0
    chosen: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RESPONSES, 0))
    score_by_response: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RESPONSES, 0))
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    asked: int = 0
    apologised: int = 0
    timed_out: int = 0
    total_score: int = 0
    questions: tuple[str, ...] = ()

    @property
    def mean(self) -> float:
        return self.total_score / self.played if self.played else 0.0

    def mean_for(self, response: str) -> float | None:
        n = self.chosen[response]
        return self.score_by_response[response] / n if n else None

    @property
    def lost_share(self) -> float:
        return self.outcomes["lost"] / self.played if self.played else 0.0


@dataclass
class Report:
    lang: str
    filters: dict[str, str]  # what was asked for (the heading says it)
    scores: int  # the scores read
    first_date: str
    last_date: str
    players: list[PlayerLines]
    cases: list[CaseLine]
    most_lost: list[CaseLine]
    hardest: list[CaseLine]
    without_choices: int  # scores saved before each case's choice was kept

    @property
    def empty(self) -> bool:
        return self.scores == 0


def build(
    scored: Iterable[tuple[object, Sequence[object]]],
    levels: Mapping[str, Level],
    library: Library,
    yardstick: Callable[[Level], Yardstick | None],
    lessons_met: Callable[[str], set[str]] | None,
    lang: str,
    filters: Mapping[str, str] | None = None,
    scope: Sequence[str] | None = None,
) -> Report:
    """The report of `scored` (the store's `choices(...)`: each score with its cases). `levels`: every
    level the game knows, by id; `scope`: the levels whose lessons count as "not yet met" (default:
    every level). Rows are read once, streamed."""
    per_player: dict[tuple[str, str], dict[str, list]] = {}  # (name, kind): level: [plays, best, latest row, choices]
    played: dict[str, set[tuple[str, str]]] = {}  # name: (level, case) met in the scores read
    cases: dict[tuple[str, str], CaseLine] = {}
    count, without, first, last = 0, 0, "", ""
    level_order = {lid: i for i, lid in enumerate(sorted(levels, key=lambda k: (levels[k].order, k)))}
    for row, choices in scored:
        count += 1
        first = row.date if not first or row.date < first else first
        last = max(last, row.date)
        entry = per_player.setdefault((row.name, row.kind), {}).get(row.level)
        if entry is None:
            per_player[(row.name, row.kind)][row.level] = [1, row.score, row, choices]
        else:
            entry[0] += 1
            entry[1] = max(entry[1], row.score)
            if (row.date, row.uid) > (entry[2].date, entry[2].uid):
                entry[2], entry[3] = row, choices
        if not choices:
            without += 1
        played.setdefault(row.name, set()).update((c.level_id, c.case_id) for c in choices)
        for choice in choices:
            line = cases.get((choice.level_id, choice.case_id))
            if line is None:
                line = cases[(choice.level_id, choice.case_id)] = _case_line(choice, levels, level_order)
            _count(line, choice)
    players = [
        _player(name, kind, plays, levels, library, yardstick, _met(lessons_met, played, levels, library), scope)
        for (name, kind), plays in sorted(per_player.items(), key=lambda item: (item[0][0].casefold(), item[0]))
    ]
    ordered = sorted(cases.values(), key=lambda c: (c.order, c.level_id, c.case_id))
    lost = sorted((c for c in ordered if c.outcomes["lost"]), key=lambda c: (-c.lost_share, -c.outcomes["lost"]))
    hardest = sorted((c for c in ordered if c.played), key=lambda c: c.mean)[:HARDEST]
    for line in hardest:
        level = levels.get(line.level_id)
        case = next((c for c in level.cases if c.id == line.case_id), None) if level else None
        line.questions = questions_for(level, case, library) if case is not None else ()
    return Report(
        lang=lang,
        filters=dict(filters or {}),
        scores=count,
        first_date=first,
        last_date=last,
        players=players,
        cases=ordered,
        most_lost=lost[:MOST_LOST],
        hardest=hardest,
        without_choices=without,
    )


def _met(
    stored: Callable[[str], set[str]] | None,
    played: Mapping[str, set[tuple[str, str]]],
    levels: Mapping[str, Level],
    library: Library,
) -> Callable[[str], set[str]]:
    """The lessons a player met: as the store keeps them (when it does: a company board may not),
    and every lesson of a case in the scores read."""

    def met(name: str) -> set[str]:
        found = set(stored(name)) if stored is not None else set()
        for level_id, case_id in played.get(name, ()):
            level = levels.get(level_id)
            case = next((c for c in level.cases if c.id == case_id), None) if level else None
            lesson = lesson_for(level, case, library) if case is not None else None
            if lesson is not None:
                found.add(lesson.id)
        return found

    return met


def _case_line(choice, levels: Mapping[str, Level], level_order: Mapping[str, int]) -> CaseLine:
    level = levels.get(choice.level_id)
    index = next((i for i, c in enumerate(level.cases) if c.id == choice.case_id), 999) if level else 999
    customer = level.cases[index].customer if level and index < len(level.cases) else choice.case_id
    return CaseLine(
        level_id=choice.level_id,
        level_title=level.title if level else choice.level_id,
        case_id=choice.case_id,
        customer=customer,
        order=(level_order.get(choice.level_id, 10_000), index),
    )


def _count(line: CaseLine, choice) -> None:
    line.played += 1
    if choice.response in line.chosen:
        line.chosen[choice.response] += 1
        line.score_by_response[choice.response] += choice.score
    if choice.outcome in line.outcomes:
        line.outcomes[choice.outcome] += 1
    line.asked += bool(choice.asked)
    line.apologised += bool(choice.apologised)
    line.timed_out += bool(choice.timed_out)
    line.total_score += choice.score


def _player(
    name: str,
    kind: str,
    plays: dict[str, list],
    levels: Mapping[str, Level],
    library: Library,
    yardstick: Callable[[Level], Yardstick | None],
    lessons_met: Callable[[str], set[str]],
    scope: Sequence[str] | None,
) -> PlayerLines:
    out = PlayerLines(name, kind)
    known = sorted(plays, key=lambda lid: (levels[lid].order if lid in levels else 10_000, lid))
    for level_id in known:
        n, best, row, choices = plays[level_id]
        level = levels.get(level_id)
        ys = yardstick(level) if level is not None else None
        mine = [c for c in choices if c.level_id == level_id]
        out.levels.append(
            LevelLine(
                level_id=level_id,
                title=level.title if level else level_id,
                plays=n,
                best=best,
                latest=row.score,
                latest_date=row.date,
                ambassadors=row.ambassadors,
                satisfied=row.satisfied,
                lost=row.lost,
                minutes=sum(c.minutes for c in mine) if mine else None,
                money=sum(c.money for c in mine) if mine else None,
                shift_minutes=level.shift_minutes if level else None,
                budget=level.budget if level else None,
                worst_found=ys.worst if ys else None,
                best_found=ys.best if ys else None,
                pass_mark=level.pass_mark if level else None,
            )
        )
    met = lessons_met(name)
    seen: set[str] = set()
    for level_id in scope if scope is not None else sorted(levels, key=lambda k: (levels[k].order, k)):
        level = levels.get(level_id)
        if level is None:
            continue
        for case in level.cases:
            lesson = lesson_for(level, case, library)
            if lesson is None or lesson.id in seen:
                continue
            seen.add(lesson.id)
            line = LessonLine(lesson.id, lesson.text, library.cite(lesson.source), level.title)
            (out.met if lesson.id in met else out.not_met).append(line)
    return out
