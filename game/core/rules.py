"""The rules of a level: a play is a value, and `step(play, action)` gives the next play and what
happened. Same level, figures, seed and actions give the same play on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from game.core import chance
from game.core.figures import Figures
from game.core.model import Case, Cost, Level, Outcome, Response, When

# ---------------------------------------------------------------- actions


@dataclass(frozen=True)
class AskQuestion:
    """Spend minutes to learn what the customer really needs."""


@dataclass(frozen=True)
class ToggleApology:
    """Add (or take back) an apology and a thank-you to the coming response."""


@dataclass(frozen=True)
class Choose:
    response: Response


@dataclass(frozen=True)
class TimeOut:
    """The decision timer ran out: the customer was left waiting."""


Action = AskQuestion | ToggleApology | Choose | TimeOut

# ---------------------------------------------------------------- results and events


class CaseResult(NamedTuple):
    """What one case came to. A named tuple: immutable like the rest, and cheap to make, which
    the simulator's millions of cases notice."""

    case_id: str
    response: Response
    outcome: Outcome
    asked: bool
    apologised: bool
    timed_out: bool
    minutes: int
    money: int
    told_good: int
    told_bad: int
    silent: int

    @property
    def score(self) -> int:
        return self.told_good - self.told_bad - self.silent


@dataclass(frozen=True)
class Asked:
    answer: str


@dataclass(frozen=True)
class ApologyToggled:
    on: bool


@dataclass(frozen=True)
class Resolved:
    result: CaseResult


@dataclass(frozen=True)
class Rejected:
    reason: str  # a string-table key: "no_minutes", "no_money", "already_asked", "no_question", "finished"


@dataclass(frozen=True)
class LevelFinished:
    totals: Totals


Event = Asked | ApologyToggled | Resolved | Rejected | LevelFinished

# ---------------------------------------------------------------- the play


class _PlayFields(NamedTuple):
    level: Level
    figures: Figures
    seed: int
    minutes_left: int
    money_left: int
    index: int
    asked: bool
    apologised: bool
    results: tuple[CaseResult, ...]
    # The current case as it reads after what happened earlier in the level (None once finished);
    # worked out once when the play is made, since plays never change.
    case: Case
    finished: bool


class Play(_PlayFields):
    """Where a level stands. An immutable named tuple rather than a frozen dataclass: the
    simulator makes one per case, millions of them, and a tuple is several times cheaper to make.
    Make one with `Play(...)` or `play.but(...)`; both work out the current case."""

    __slots__ = ()

    def __new__(
        cls,
        level: Level,
        figures: Figures,
        seed: int,
        minutes_left: int,
        money_left: int,
        index: int = 0,
        asked: bool = False,
        apologised: bool = False,
        results: tuple[CaseResult, ...] = (),
    ) -> Play:
        cases = level.cases
        if index >= len(cases):
            return tuple.__new__(
                cls, (level, figures, seed, minutes_left, money_left, index, asked, apologised, results, None, True)
            )
        case = cases[index]
        if case.variants:
            case = effective_case(case, results)
        return tuple.__new__(
            cls, (level, figures, seed, minutes_left, money_left, index, asked, apologised, results, case, False)
        )

    def but(self, **changes: object) -> Play:
        """The same play with some fields changed (not `case` or `finished`: they follow)."""
        fields = dict(zip(_PlayFields._fields[:9], self[:9], strict=True))
        fields.update(changes)
        return Play(**fields)  # type: ignore[arg-type]

    # The named tuple's own ways to make a copy would skip working out the case: route them here.
    _replace = but

    @classmethod
    def _make(cls, iterable) -> Play:  # type: ignore[override]
        return cls(*tuple(iterable)[:9])

    def __getnewargs__(self) -> tuple:  # copy and pickle
        return tuple(self[:9])


def _holds(when: When, results: tuple[CaseResult, ...]) -> bool:
    earlier = next((r for r in results if r.case_id == when.case), None)
    if earlier is None:
        return False
    return (
        (not when.responses or earlier.response in when.responses)
        and (not when.outcomes or earlier.outcome in when.outcomes)
        and (when.asked is None or earlier.asked == when.asked)
        and (when.apologised is None or earlier.apologised == when.apologised)
    )


def effective_case(case: Case, results: tuple[CaseResult, ...]) -> Case:
    """The first variant whose condition holds changes the case; the player's earlier choices
    shape what comes next (a slow call-back makes the next call angrier)."""
    for variant, varied in zip(case.variants, case.varied, strict=True):
        if _holds(variant.when, results):
            return varied
    return case


def case_as_played(play: Play, case_id: str) -> Case:
    """A finished case as the player met it, with the variant its earlier cases chose."""
    i = next(i for i, r in enumerate(play.results) if r.case_id == case_id)
    return effective_case(play.level.cases[i], play.results[:i])


def new_play(level: Level, figures: Figures, seed: int) -> Play:
    return Play(level, figures, seed, minutes_left=level.shift_minutes, money_left=level.budget)


def apology_minutes(play: Play) -> int:
    return int(play.figures.apology_minutes.value)


def response_cost(play: Play, response: Response) -> Cost:
    """What the response costs now, apology included when it is switched on."""
    cost = play.case.choices[response].cost
    extra = apology_minutes(play) if play.apologised else 0
    return Cost(cost.minutes + extra, cost.money)


def why_not(play: Play, response: Response) -> str | None:
    """None when the response can be picked, else the string key that says why not.

    Ignoring is always possible: a customer can always be failed, even at the end of the shift.
    """
    if play.finished:
        return "finished"
    if response is Response.IGNORE:
        return None
    cost = play.case.choices[response].cost
    if cost.minutes + (apology_minutes(play) if play.apologised else 0) > play.minutes_left:
        return "no_minutes"
    if cost.money > play.money_left:
        return "no_money"
    return None


def why_not_ask(play: Play) -> str | None:
    if play.finished:
        return "finished"
    if play.case.ask is None:
        return "no_question"
    if play.asked:
        return "already_asked"
    if play.case.ask.minutes > play.minutes_left:
        return "no_minutes"
    return None


def satisfy_chance(figures: Figures, apologised: bool) -> float:
    """Share of unhappy customers a fix satisfies (source 002: 37 %, or 74 % with an apology)."""
    figure = figures.fix_with_apology_satisfies if apologised else figures.fix_satisfies
    return figure.value


def outcome_of(play: Play, response: Response, apologised: bool) -> Outcome:
    """Exceeding wins an ambassador only when the need is known (asked, or nothing hidden);
    a blind gesture lands like a fix. A fix satisfies by the figures' odds, drawn from the case's
    own stream of the seed."""
    case = play.case
    if response is Response.IGNORE:
        return Outcome.LOST
    if response is Response.EXCEED and (play.asked or case.ask is None):
        return Outcome.AMBASSADOR
    roll = chance.draw(play.seed, play.level.id, case.id, "outcome")
    return Outcome.SATISFIED if roll < satisfy_chance(play.figures, apologised) else Outcome.LOST


def word_of_mouth(figures: Figures, case: Case, response: Response, outcome: Outcome) -> tuple[int, int, int]:
    """(told good, told bad, silent unhappy) that follow an outcome (source 002's figures)."""
    if outcome is Outcome.AMBASSADOR:
        return int(figures.ambassador_tells.value), 0, 0
    if outcome is Outcome.SATISFIED:
        return 0, 0, 0
    silent = int(figures.silent_per_complaint.value) if response is Response.IGNORE and case.complaint else 0
    return 0, int(figures.lost_tells.value), silent


def _resolve(play: Play, response: Response, timed_out: bool) -> tuple[Play, list[Event]]:
    nxt = advance(play, response, timed_out)
    events: list[Event] = [Resolved(nxt.results[-1])]
    if nxt.finished:
        events.append(LevelFinished(totals(nxt)))
    return nxt, events


def advance(play: Play, response: Response, timed_out: bool = False) -> Play:
    """Resolve the current case with a response the player may pick (check with why_not first):
    the play that follows. `step` is this plus the events a screen shows; the simulator calls it
    directly."""
    level, figures, seed, minutes_left, money_left, index, asked, apologised, results, case, _ = play
    apologised = apologised and not timed_out
    cost = case.choices[response].cost
    minutes = cost.minutes + (int(figures.apology_minutes.value) if apologised else 0)
    money = cost.money
    if response is Response.IGNORE:  # never blocked: it spends what is left, at most
        minutes = min(minutes, minutes_left)
        money = min(money, money_left)
    outcome = outcome_of(play, response, apologised)
    good, bad, silent = word_of_mouth(figures, case, response, outcome)
    asked_minutes = case.ask.minutes if asked and case.ask else 0
    result = CaseResult(
        case.id, response, outcome, asked, apologised, timed_out, minutes + asked_minutes, money, good, bad, silent
    )
    # Built by position: this is the simulator's hottest line. The next case starts with no
    # question asked and no apology.
    return Play(
        level, figures, seed, minutes_left - minutes, money_left - money, index + 1, False, False, (*results, result)
    )


def step(play: Play, action: Action) -> tuple[Play, list[Event]]:
    """Apply one player action. An action that is not allowed leaves the play as it was."""
    if play.finished:
        return play, [Rejected("finished")]
    if isinstance(action, Choose):  # the commonest action first: the simulator makes millions
        reason = why_not(play, action.response)
        if reason:
            return play, [Rejected(reason)]
        return _resolve(play, action.response, timed_out=False)
    if isinstance(action, AskQuestion):
        reason = why_not_ask(play)
        if reason:
            return play, [Rejected(reason)]
        assert play.case.ask is not None
        nxt = play.but(asked=True, minutes_left=play.minutes_left - play.case.ask.minutes)
        return nxt, [Asked(play.case.ask.answer)]
    if isinstance(action, ToggleApology):
        return play.but(apologised=not play.apologised), [ApologyToggled(not play.apologised)]
    if isinstance(action, TimeOut):
        return _resolve(play, Response.IGNORE, timed_out=True)
    raise TypeError(f"not an action: {action!r}")


# ---------------------------------------------------------------- totals and score


@dataclass(frozen=True)
class Totals:
    ambassadors: int
    satisfied: int
    lost: int
    told_good: int
    told_bad: int
    silent: int
    minutes_left: int
    money_left: int
    score: int


def totals(play: Play) -> Totals:
    """The level summary. Score = people told good things - people told bad things - silent
    unhappy customers behind ignored complaints: net word of mouth, nothing for speed."""
    amb = sat = lost = good = bad = silent = 0
    for r in play.results:  # one pass: the simulator totals millions of plays
        if r.outcome is Outcome.AMBASSADOR:
            amb += 1
        elif r.outcome is Outcome.SATISFIED:
            sat += 1
        else:
            lost += 1
        good += r.told_good
        bad += r.told_bad
        silent += r.silent
    return Totals(amb, sat, lost, good, bad, silent, play.minutes_left, play.money_left, good - bad - silent)


def running_scores(results: tuple[CaseResult, ...] | list[CaseResult]) -> list[int]:
    """The score after each case in turn: what the charts draw as a line."""
    out, total = [], 0
    for r in results:
        total += r.score
        out.append(total)
    return out
