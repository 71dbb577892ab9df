"""The rules of a level: a play is a value, and `step(play, action)` gives the next play and what
happened. Same level, figures, seed and actions give the same play on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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


@dataclass(frozen=True, slots=True)
class Play:
    level: Level
    figures: Figures
    seed: int
    minutes_left: int
    money_left: int
    index: int = 0
    asked: bool = False
    apologised: bool = False
    results: tuple[CaseResult, ...] = ()
    # The current case as it reads after what happened earlier in the level; worked out once when
    # the play is made (plays are immutable). Only meaningful while the level is not finished.
    case: Case = field(init=False, compare=False, repr=False)
    finished: bool = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        cases = self.level.cases
        finished = self.index >= len(cases)
        object.__setattr__(self, "finished", finished)
        if finished:
            object.__setattr__(self, "case", None)
        else:
            base = cases[self.index]
            object.__setattr__(self, "case", effective_case(base, self.results) if base.variants else base)


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
    for variant in case.variants:
        if _holds(variant.when, results):
            return replace(
                case,
                mood=variant.mood or case.mood,
                situation=variant.situation or case.situation,
                ask=variant.ask or case.ask,
                choices={**case.choices, **variant.choices},
                reactions={**case.reactions, **variant.reactions},
            )
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
    if play.index >= len(play.level.cases):
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
    good = int(figures.ambassador_tells.value) if outcome is Outcome.AMBASSADOR else 0
    bad = int(figures.lost_tells.value) if outcome is Outcome.LOST else 0
    silent = int(figures.silent_per_complaint.value) if response is Response.IGNORE and case.complaint else 0
    return good, bad, silent


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
    apologised = play.apologised and not timed_out
    case = play.case
    cost = case.choices[response].cost
    minutes = cost.minutes + (apology_minutes(play) if apologised else 0)
    money = cost.money
    if response is Response.IGNORE:  # never blocked: it spends what is left, at most
        minutes = min(minutes, play.minutes_left)
        money = min(money, play.money_left)
    outcome = outcome_of(play, response, apologised)
    good, bad, silent = word_of_mouth(play.figures, case, response, outcome)
    asked_minutes = case.ask.minutes if play.asked and case.ask else 0
    result = CaseResult(
        case.id, response, outcome, play.asked, apologised, timed_out, minutes + asked_minutes, money, good, bad, silent
    )
    # Built directly and by position: this is the simulator's hottest line. The next case starts
    # with no question asked and no apology.
    level, left, cash = play.level, play.minutes_left - minutes, play.money_left - money
    return Play(level, play.figures, play.seed, left, cash, play.index + 1, False, False, (*play.results, result))


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
        nxt = replace(play, asked=True, minutes_left=play.minutes_left - play.case.ask.minutes)
        return nxt, [Asked(play.case.ask.answer)]
    if isinstance(action, ToggleApology):
        return replace(play, apologised=not play.apologised), [ApologyToggled(not play.apologised)]
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
