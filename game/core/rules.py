"""The rules of a level: a play is a value, and `step(play, action)` gives the next play and what
happened. Same level, figures, seed and actions give the same play on every machine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from itertools import islice
from operator import index as as_index
from typing import NamedTuple, overload

from game.core import chance
from game.core.costs import apology_minutes_of, move_cost, question_minutes
from game.core.figures import Figures
from game.core.model import Case, Cost, Level, Outcome, Response, When

# Enum members as module names for the hot paths: read through their class they cost ~130 ns each on
# Python 3.11, about ten of them a case, a tenth of what the simulator spends on one.
_IGNORE, _EXCEED = Response.IGNORE, Response.EXCEED
_LOST, _SATISFIED, _AMBASSADOR = Outcome.LOST, Outcome.SATISFIED, Outcome.AMBASSADOR

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


class Results(Sequence[CaseResult]):
    """The results of a play so far: an immutable sequence that reads like a tuple (index, slice,
    iterate, `==` with a tuple, hash, pickle). A tuple built again for every case made a game of N
    customers cost O(N) a case (the copy, and every variant's look for an earlier case's result);
    here adding a result and finding a case's result each cost O(1).

    Each value is a view of the first `len` entries of an append-only list it shares with the play
    before it and the play after it, with a map from case id to the first position it holds. Adding
    to the newest view appends; adding to an older one (a branch: two moves tried from one play)
    copies. No view ever sees an entry past its own length, so none can change what it holds."""

    __slots__ = ("_log", "_n")

    def __init__(self, items: Iterable[CaseResult] = ()) -> None:
        self._log = _Log(list(items))
        self._n = len(self._log.items)

    @staticmethod
    def _of(items: list[CaseResult]) -> Results:
        """A view of all of a new list, made without `__init__`'s call: a fresh one begins every game."""
        view = _new_object(Results)
        view._log, view._n = _Log(items), len(items)
        return view

    def plus(self, result: CaseResult) -> Results:
        """These results and one more, in O(1) unless a later play already grew from this one."""
        log, index = self._log, self._n  # `index`: where the new result goes
        items = log.items
        if index and len(items) == index:
            items.append(result)
            if items[index] is result:  # not beaten to the slot by another thread growing the same play
                log.where.setdefault(result.case_id, index)  # no later slot is won before this returns
                view = _new_object(Results)
                view._log, view._n = log, index + 1
                return view
        return Results._of([*islice(items, index), result])

    def find(self, case_id: str) -> CaseResult | None:
        """The first result for `case_id`, or None: a variant's condition reads it for every case."""
        log = self._log
        at = log.where.get(case_id)
        return log.items[at] if at is not None and at < self._n else None

    def position(self, case_id: str) -> int | None:
        """Where the first result for `case_id` is, or None."""
        at = self._log.where.get(case_id)
        return at if at is not None and at < self._n else None

    def head(self, n: int) -> Results:
        """The first `n` results (all of them when n is larger), sharing these: O(1)."""
        view = _new_object(Results)
        view._log, view._n = self._log, max(0, min(n, self._n))
        return view

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> CaseResult: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[CaseResult, ...]: ...

    def __getitem__(self, i: int | slice) -> CaseResult | tuple[CaseResult, ...]:
        if isinstance(i, slice):  # a tuple, as slicing a tuple gives
            return tuple(self._log.items[: self._n][i])
        n = self._n
        at = as_index(i)  # what a tuple takes as an index, and the TypeError it raises for anything else
        if at < 0:
            at += n
        if not 0 <= at < n:
            raise IndexError("results index out of range")
        return self._log.items[at]

    def __iter__(self) -> Iterator[CaseResult]:
        return islice(self._log.items, self._n)

    def __reversed__(self) -> Iterator[CaseResult]:
        return reversed(self._log.items[: self._n])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Results):
            return self._n == other._n and (self._log is other._log or tuple(self) == tuple(other))
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __add__(self, other: object) -> tuple[CaseResult, ...]:
        if isinstance(other, tuple | Results):
            return (*self, *other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple[CaseResult, ...]:
        if isinstance(other, tuple):
            return (*other, *self)
        return NotImplemented

    def __repr__(self) -> str:
        return repr(tuple(self))  # a play prints as it did when its results were a tuple

    def __reduce__(self) -> tuple[type[Results], tuple[tuple[CaseResult, ...]]]:
        return Results, (tuple(self),)


class _Log:
    """The list `Results` views share, and where each case id first comes in it."""

    __slots__ = ("items", "where")

    def __init__(self, items: list[CaseResult]) -> None:
        self.items = items
        self.where: dict[str, int] = {}
        for at, result in enumerate(items):
            self.where.setdefault(result.case_id, at)


_new_object = object.__new__
_tuple_new = tuple.__new__


def _find(results: Sequence[CaseResult], case_id: str) -> CaseResult | None:
    """The first result for `case_id` among `results`, a `Results` (O(1)) or any other sequence."""
    if type(results) is Results:
        return results.find(case_id)
    return next((r for r in results if r.case_id == case_id), None)


@dataclass(frozen=True)
class Asked:
    answer: str


@dataclass(frozen=True)
class ApologyToggled:
    on: bool


class Why(str, Enum):
    """Why an outcome came out as it did: the core says it, a screen only words it."""

    AMBASSADOR_TELLS = "ambassador_tells"  # an ambassador tells the figures' number of people
    LOST_TELLS = "lost_tells"  # a lost customer tells the figures' number of people
    SILENT = "silent"  # silent unhappy customers stand behind an ignored complaint
    BLIND = "blind"  # exceeded without knowing the need, so it landed like a fix
    FIX_ODDS = "fix_odds"  # a fix (or a blind exceed) satisfies by the figures' odds, apology or not


@dataclass(frozen=True)
class Resolved:
    """A case resolved, with why it came out so (see `explain`): a screen only words the reasons."""

    result: CaseResult
    why: tuple[Why, ...] = ()


@dataclass(frozen=True)
class Rejected:
    reason: str  # a string-table key: "no_minutes", "no_money", "already_asked", "no_question", "finished"


@dataclass(frozen=True)
class LevelFinished:
    totals: Totals


Event = Asked | ApologyToggled | Resolved | Rejected | LevelFinished

# ---------------------------------------------------------------- the play


class Play(NamedTuple):
    """Where a level stands: a plain immutable value. A named tuple rather than a frozen dataclass,
    since the simulator makes one per case, millions of them, and a tuple is several times cheaper to
    make. Copy it any way a named tuple copies (`_replace`, `but`, `copy`, `pickle`): the current case
    is worked out when asked for, so no copy can carry a stale one. Its results read as a tuple of
    `CaseResult` (a `Results`, so that the next case costs the same however many came before)."""

    level: Level
    figures: Figures
    seed: int
    minutes_left: int
    money_left: int
    index: int = 0
    asked: bool = False
    apologised: bool = False
    results: Results | tuple[CaseResult, ...] = ()  # a `Results` once the rules have resolved a case

    @property
    def finished(self) -> bool:
        return self.index >= len(self.level.cases)

    @property
    def case(self) -> Case | None:
        """The current case as it reads after what happened earlier in the level; None once finished."""
        cases, index = self.level.cases, self.index
        if index >= len(cases):
            return None
        case = cases[index]
        return _varied(case, self.results) if case.variants else case

    def but(self, **changes: object) -> Play:
        """The same play with some fields changed: `_replace` by a name the scenes read easily."""
        return self._replace(**changes)  # type: ignore[arg-type]


def _varied(case: Case, results: Sequence[CaseResult]) -> Case:
    """`effective_case`, remembered for the last (case, results) asked: the rules ask for the current
    case several times a move (why_not, then advance) on plays that share one results tuple. Keyed by
    identity while the key is held, so no other pair can pass for it; cases and results never change,
    so the answer cannot go stale. One tuple, swapped whole: a thread sees the old entry or the new."""
    global _last_varied
    last = _last_varied
    if last[0] is case and last[1] is results:
        return last[2]
    varied = effective_case(case, results)
    _last_varied = (case, results, varied)
    return varied


_last_varied: tuple[Case, Sequence[CaseResult], Case] | tuple[None, None, None] = (None, None, None)


def _holds(when: When, results: Sequence[CaseResult]) -> bool:
    earlier = _find(results, when.case)
    if earlier is None:
        return False
    return (
        (not when.responses or earlier.response in when.responses)
        and (not when.outcomes or earlier.outcome in when.outcomes)
        and (when.asked is None or earlier.asked == when.asked)
        and (when.apologised is None or earlier.apologised == when.apologised)
    )


def effective_case(case: Case, results: Sequence[CaseResult]) -> Case:
    """The first variant whose condition holds changes the case; the player's earlier choices
    shape what comes next (a slow call-back makes the next call angrier)."""
    for variant, varied in zip(case.variants, case.varied, strict=True):
        if _holds(variant.when, results):
            return varied
    return case


def case_as_played(play: Play, case_id: str) -> Case:
    """A finished case as the player met it, with the variant its earlier cases chose."""
    results = play.results if type(play.results) is Results else Results(play.results)
    i = results.position(case_id)
    if i is None:
        raise ValueError(f"no result for the case {case_id!r}")
    return effective_case(play.level.cases[i], results.head(i))


_NO_RESULTS = Results()  # shared safely: adding to an empty `Results` always starts a list of its own


def new_play(level: Level, figures: Figures, seed: int) -> Play:
    return Play(level, figures, seed, minutes_left=level.shift_minutes, money_left=level.budget, results=_NO_RESULTS)


# ---------------------------------------------------------------- what a move costs: one rule


def apology_minutes(play: Play) -> int:
    """The minutes an apology adds to a response (what the case screen says it costs)."""
    return apology_minutes_of(play.figures)


def response_cost(play: Play, response: Response) -> Cost:
    """What the response costs now, apology included when it is switched on; a question asked is
    already paid for, so it is not counted again."""
    return move_cost(play.figures, play.case, response, apologised=play.apologised)


def why_not(play: Play, response: Response) -> str | None:
    """None when the response can be picked, else the string key that says why not.

    Ignoring is always possible: a customer can always be failed, even at the end of the shift.
    """
    case = play.case
    if case is None:
        return "finished"
    if response is _IGNORE:
        return None
    cost = move_cost(play.figures, case, response, apologised=play.apologised)
    if cost.minutes > play.minutes_left:
        return "no_minutes"
    if cost.money > play.money_left:
        return "no_money"
    return None


def why_not_ask(play: Play) -> str | None:
    case = play.case
    if case is None:
        return "finished"
    if case.ask is None:
        return "no_question"
    if play.asked:
        return "already_asked"
    if case.ask.minutes > play.minutes_left:
        return "no_minutes"
    return None


# ---------------------------------------------------------------- outcomes, and why


def satisfy_chance(figures: Figures, apologised: bool) -> float:
    """Share of unhappy customers a fix satisfies (source 002: 37 %, or 74 % with an apology)."""
    figure = figures.fix_with_apology_satisfies if apologised else figures.fix_satisfies
    return figure.value


def lands_as_ambassador(case: Case, response: Response, asked: bool) -> bool:
    """Exceeding wins an ambassador only when the need is known: asked, or nothing hidden. A blind
    gesture lands like a fix. The rules, the planner and the explanation all ask here."""
    return response is _EXCEED and (asked or case.ask is None)


def outcome_of(play: Play, response: Response, apologised: bool) -> Outcome:
    """What the current case comes to. A fix (or a blind exceed) satisfies by the figures' odds,
    drawn from the case's own stream of the seed."""
    return _outcome(play, play.case, response, play.asked, apologised)


def _outcome(play: Play, case: Case, response: Response, asked: bool, apologised: bool) -> Outcome:
    if response is _IGNORE:
        return _LOST
    if lands_as_ambassador(case, response, asked):
        return _AMBASSADOR
    roll = chance.draw(play.seed, play.level.id, case.id, "outcome")
    return _SATISFIED if roll < satisfy_chance(play.figures, apologised) else _LOST


def word_of_mouth(figures: Figures, case: Case, response: Response, outcome: Outcome) -> tuple[int, int, int]:
    """(told good, told bad, silent unhappy) that follow an outcome (source 002's figures)."""
    if outcome is _AMBASSADOR:
        return int(figures.ambassador_tells.value), 0, 0
    if outcome is _SATISFIED:
        return 0, 0, 0
    silent = int(figures.silent_per_complaint.value) if response is _IGNORE and case.complaint else 0
    return 0, int(figures.lost_tells.value), silent


def explain(case: Case, result: CaseResult) -> tuple[Why, ...]:
    """Why `result` came out as it did, in the order the outcome screen words it: who tells, the
    silent crowd, then for a fix or a gesture that did not win an ambassador, whether it was blind
    and the odds it ran on. `case` is the case as played (see `case_as_played`)."""
    why: list[Why] = []
    if result.outcome is Outcome.AMBASSADOR:
        why.append(Why.AMBASSADOR_TELLS)
    elif result.outcome is Outcome.LOST:
        why.append(Why.LOST_TELLS)
    if result.silent:
        why.append(Why.SILENT)
    if result.response is not Response.IGNORE and not lands_as_ambassador(case, result.response, result.asked):
        if result.response is Response.EXCEED:
            why.append(Why.BLIND)
        why.append(Why.FIX_ODDS)
    return tuple(why)


# ---------------------------------------------------------------- moving on


def _resolve(play: Play, response: Response, timed_out: bool) -> tuple[Play, list[Event]]:
    case = play.case
    nxt = advance(play, response, timed_out)
    result = nxt.results[-1]
    events: list[Event] = [Resolved(result, explain(case, result))]
    if nxt.finished:
        events.append(LevelFinished(totals(nxt)))
    return nxt, events


def advance(play: Play, response: Response, timed_out: bool = False) -> Play:
    """Resolve the current case with a response the player may pick (check with why_not first):
    the play that follows. `step` is this plus the events a screen shows; the simulator calls it
    directly, millions of times, so it works the case out once and passes it on."""
    level, figures, seed, minutes_left, money_left, index, asked, apologised, results = play
    case = level.cases[index]  # the current case, as `Play.case` has it, without the property's call
    if case.variants:
        case = _varied(case, results)
    apologised = apologised and not timed_out
    cost = move_cost(figures, case, response, apologised=apologised)  # the question was paid when asked
    minutes, money = cost.minutes, cost.money
    if response is _IGNORE:  # never blocked: it spends what is left, at most
        minutes = min(minutes, minutes_left)
        money = min(money, money_left)
    outcome = _outcome(play, case, response, asked, apologised)
    good, bad, silent = word_of_mouth(figures, case, response, outcome)
    result = _tuple_new(  # CaseResult(...) without the named tuple's own `__new__` call: the hottest path
        CaseResult,
        (
            case.id,
            response,
            outcome,
            asked,
            apologised,
            timed_out,
            minutes + (question_minutes(case) if asked else 0),  # what the case took, its question included
            money,
            good,
            bad,
            silent,
        ),
    )
    # O(1) whatever the number of earlier results (a tuple rebuilt here made long games quadratic).
    results = results.plus(result) if type(results) is Results else Results((*results, result))
    # Built by position: this is the simulator's hottest line. The next case starts with no
    # question asked and no apology.
    return _tuple_new(
        Play, (level, figures, seed, minutes_left - minutes, money_left - money, index + 1, False, False, results)
    )


def step(play: Play, action: Action) -> tuple[Play, list[Event]]:
    """Apply one player action. An action that is not allowed leaves the play as it was."""
    case = play.case
    if case is None:
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
        assert case.ask is not None
        nxt = play._replace(asked=True, minutes_left=play.minutes_left - case.ask.minutes)
        return nxt, [Asked(case.ask.answer)]
    if isinstance(action, ToggleApology):
        return play._replace(apologised=not play.apologised), [ApologyToggled(not play.apologised)]
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
        if r.outcome is _AMBASSADOR:
            amb += 1
        elif r.outcome is _SATISFIED:
            sat += 1
        else:
            lost += 1
        good += r.told_good
        bad += r.told_bad
        silent += r.silent
    return Totals(amb, sat, lost, good, bad, silent, play.minutes_left, play.money_left, good - bad - silent)


def running_scores(results: Sequence[CaseResult]) -> list[int]:
    """The score after each case in turn: what the charts draw as a line."""
    out, total = [], 0
    for r in results:
        total += r.score
        out.append(total)
    return out
