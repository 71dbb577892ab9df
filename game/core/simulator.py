"""Headless play: fixed strategies and a planner that knows the level.

Used by the tests to guard the level design (exceeding everywhere must not pay), by the attract
mode to play itself, and by trainers checking a level of their own.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from statistics import fmean, pstdev
from threading import Lock
from typing import NamedTuple

from game.core import chance
from game.core.costs import move_cost as _move_cost
from game.core.figures import Figures
from game.core.model import RESPONSES, Case, Level, Response
from game.core.rules import (
    AskQuestion,
    Play,
    ToggleApology,
    advance,
    lands_as_ambassador,
    new_play,
    satisfy_chance,
    step,
    totals,
    why_not,
    why_not_ask,
)


@dataclass(frozen=True)
class Move:
    """One case's worth of decisions."""

    ask: bool
    apologise: bool
    response: Response


PLAIN = {r: Move(False, False, r) for r in Response}  # moves are values: one of each is enough

# Enum members as module names where a case is decided: read through the class, ~130 ns each on 3.11.
_IGNORE = Response.IGNORE
_HELPING = (Response.FIX, Response.EXCEED)


Strategy = Callable[[Play], Move]

# Cheapest last: what a player falls back on when the preferred response is out of reach.
_FALLBACK = {
    Response.EXCEED: (Response.EXCEED, Response.FIX, Response.IGNORE),
    Response.FIX: (Response.FIX, Response.IGNORE),
    Response.IGNORE: (Response.IGNORE,),
}


def _first_affordable(play: Play, preferred: Response) -> Response:
    for response in _FALLBACK[preferred]:
        if why_not(play, response) is None:
            return response
    return _IGNORE


def always(response: Response) -> Strategy:
    """Always the same response, without asking or apologising; cheaper when it cannot pay."""

    def strategy(play: Play) -> Move:
        return PLAIN[_first_affordable(play, response)]

    return strategy


def random_strategy(play: Play) -> Move:
    rng = chance.stream(play.seed, play.level.id, play.case.id, "random-player")
    ask = why_not_ask(play) is None and rng.random() < 0.5
    apologise = rng.random() < 0.5
    options = [r for r in RESPONSES if fits(play, Move(ask, apologise, r))]
    return Move(ask, apologise, rng.choice(options))


def fits(play: Play, move: Move) -> bool:
    """Whether the clock and the budget left allow the move (ignoring always does). A question
    already asked is paid for, so only one still to ask counts."""
    if move.response is _IGNORE:
        return True
    cost = _move_cost(
        play.figures, play.case, move.response, asked=move.ask and not play.asked, apologised=move.apologise
    )
    return cost.minutes <= play.minutes_left and cost.money <= play.money_left


def expected_score(figures: Figures, case: Case, move: Move) -> float:
    """The mean score of one case under a move, from the figures alone."""
    lost = figures.lost_tells.value
    if move.response is Response.IGNORE:
        silent = figures.silent_per_complaint.value if case.complaint else 0
        return -lost - silent
    if lands_as_ambassador(case, move.response, move.ask):
        return figures.ambassador_tells.value
    return -(1 - satisfy_chance(figures, move.apologise)) * lost


def moves_for(case: Case) -> Iterator[Move]:
    for ask in (False, True) if case.ask else (False,):
        for apologise in (False, True):
            for response in Response:
                yield Move(ask, apologise, response)


def move_cost(figures: Figures, case: Case, move: Move) -> tuple[int, int]:
    """(minutes, money) a whole move takes, question and apology included: the rules' `move_cost`."""
    cost = _move_cost(figures, case, move.response, asked=move.ask, apologised=move.apologise)
    return cost.minutes, cost.money


def best_plan(level: Level, figures: Figures) -> tuple[float, tuple[Move, ...]]:
    """The moves with the highest expected score that the clock and the budget allow."""
    if not level.cases:
        return 0.0, ()
    return _plans(level.cases, figures).plan(level.shift_minutes, level.budget)


def planner(play: Play) -> Move:
    """The greedy planner: replans from where the play stands, so it adapts to what is left. The
    plans of a level are worked out once and kept (see `_Plans`), so a move costs a look-up."""
    move = _plans(play.level.cases, play.figures).first_move(play.index, play.case, play.minutes_left, play.money_left)
    if move.ask and play.asked:
        move = Move(False, move.apologise, move.response)
    return move


def widen(level: Level, customers: int) -> Level:
    """`level` with `customers` cases: its own cases over and over, each repeat with new ids (`id#2`,
    `id#3`, ...) and its variants reading the earlier cases of the same repeat, with the shift and
    the budget scaled to match. For measuring and testing long shifts; a pure function."""
    own = level.cases
    if customers < 1 or not own:
        raise ValueError(f"cannot make {customers} customers from a level of {len(own)} cases")
    ids = {case.id for case in own}
    cases = list(own[:customers])
    for i in range(len(own), customers):
        repeat, case = divmod(i, len(own))
        tag = f"#{repeat + 1}"
        original = own[case]
        variants = tuple(
            replace(v, when=replace(v.when, case=v.when.case + tag)) if v.when.case in ids else v
            for v in original.variants
        )
        cases.append(replace(original, id=original.id + tag, variants=variants))
    if len({case.id for case in cases}) != len(cases):
        raise ValueError(f"the level {level.id!r} already has ids like the ones `widen` makes")
    scale = customers / len(own)
    return replace(
        level, cases=tuple(cases), shift_minutes=round(level.shift_minutes * scale), budget=round(level.budget * scale)
    )


# ---------------------------------------------------------------- the planner's tables

_TIE = 1e-9  # a later move must beat the best so far by more than this: of equal moves the first wins
_CLEARLY = 1e-6  # more than twice `_TIE`: a move this much better wins wherever it can be made


class _Option(NamedTuple):
    """A move on one case with what it takes and what it is worth on average."""

    minutes: int
    money: int
    value: float
    move: Move
    ignore: bool


def _options(figures: Figures, case: Case) -> tuple[_Option, ...]:
    """The moves of `case` the planner could ever choose, in `moves_for` order. A move is left out
    when another is at hand whenever it is (ignoring always is), costs no more minutes and no more
    money, and is worth at least as much (coming first) or clearly more (coming later): more time
    and money never lower the best of the rest, so the left-out move could never win."""
    every = []
    for move in moves_for(case):
        minutes, money = move_cost(figures, case, move)
        every.append(_Option(minutes, money, expected_score(figures, case, move), move, move.response is _IGNORE))

    def beaten(i: int, mine: _Option) -> bool:
        return any(
            (other.ignore or not mine.ignore)
            and other.minutes <= mine.minutes
            and other.money <= mine.money
            and (other.value >= mine.value if j < i else other.value > mine.value + _CLEARLY)
            for j, other in enumerate(every)
            if j != i
        )

    return tuple(option for i, option in enumerate(every) if not beaten(i, option))


_Point = tuple[int, int, float]  # (minutes needed, money needed, value) of one plan for the rest


def _frontier(options: tuple[_Option, ...], rest: list[_Point]) -> list[_Point]:
    """Every plan from one case on that no other beats in minutes, money and value at once, best
    value first, made from the same for the cases after it. The best the rest can do with some
    minutes and money is then the first of these that fits, whatever the shift and the budget.

    What a plan needs (of minutes, and alike of money): what it spends up to and including the
    last move that costs some and is not an ignore, since every such move must fit in what is
    left; an ignore is always allowed and spends what is left at most, so a plan that needs
    nothing after an ignore needs nothing for it either."""
    candidates = [
        (
            o.minutes + m if m or not o.ignore else 0,
            o.money + c if c or not o.ignore else 0,
            o.value + v,  # summed as the memoised search summed, so the values are the same floats
        )
        for o in options
        for m, c, v in rest
    ]
    candidates.sort(key=lambda p: (-p[2], p[0], p[1]))
    kept: list[_Point] = []
    steps_m: list[int] = []  # the kept plans' (minutes, money) that no other kept plan beats in both:
    steps_c: list[int] = []  # minutes rising, money falling
    for point in candidates:
        m, c, _ = point
        at = bisect_right(steps_m, m)
        if at and steps_c[at - 1] <= c:
            continue  # a plan worth as much or more needs no more of either
        kept.append(point)
        end = at
        while end < len(steps_m) and steps_c[end] >= c:
            end += 1
        steps_m[at:end] = [m]
        steps_c[at:end] = [c]
    return kept


class _Plans:
    """The planner's tables for one tuple of cases under one set of figures: for every case, the
    plans from it to the end that nothing beats, so the best the rest can do with any minutes and
    money is one look, and every run, case and shift of the level shares them. A variant in play
    changes only the current case: its moves are weighed against the tables of the cases after it.

    Replaces a search over (case, minutes, money) solved from scratch for every case of every run
    (3.7 s for the first move of twelve customers, 8 ms now); it makes the same moves, first of
    equals first, each value summed in the same order (every move of every strategy on every
    level over 200 seeds was compared)."""

    def __init__(self, cases: tuple[Case, ...], figures: Figures) -> None:
        self.cases, self.figures = cases, figures
        self._options: dict[int, tuple[Case, tuple[_Option, ...]]] = {}  # by id of a case held here
        self._fronts: list[list[_Point]] = [[(0, 0, 0.0)]]
        for case in reversed(cases):
            self._fronts.append(_frontier(self._of(case), self._fronts[-1]))
        self._fronts.reverse()  # the plans from case i on; the last, past every case, is doing nothing
        self._best: list[dict[tuple[int, int], float]] = [{} for _ in self._fronts]
        self._moves: dict[tuple[int, int, int, int], tuple[float, Move]] = {}

    def _of(self, case: Case) -> tuple[_Option, ...]:
        known = self._options.get(id(case))
        if known is None or known[0] is not case:
            known = (case, _options(self.figures, case))
            self._options[id(case)] = known
        return known[1]

    def best(self, index: int, minutes: int, money: int) -> float:
        """The highest expected score of the cases from `index` on with these minutes and money."""
        table = self._best[index]
        value = table.get((minutes, money))
        if value is None:
            value = next(v for m, c, v in self._fronts[index] if m <= minutes and c <= money)  # ignoring always fits
            table[(minutes, money)] = value
        return value

    def choose(self, index: int, case: Case, minutes: int, money: int) -> tuple[float, Move]:
        """The value and the move of the best plan for `case` at `index` (the level's own, or as a
        variant made it) and the level's cases after it: the first move in `moves_for` order that
        no later one beats by more than `_TIE`, as the memoised search chose."""
        key = (index, id(case), minutes, money)
        known = self._moves.get(key)
        if known is not None:
            return known
        top: tuple[float, Move] | None = None
        nxt = index + 1
        for m, c, value, move, ignore in self._of(case):
            if ignore:
                m, c = min(m, minutes), min(c, money)
            elif m > minutes or c > money:
                continue
            value += self.best(nxt, minutes - m, money - c)
            if top is None or value > top[0] + _TIE:
                top = (value, move)
        assert top is not None  # ignoring is always allowed
        self._moves[key] = top
        return top

    def first_move(self, index: int, case: Case, minutes: int, money: int) -> Move:
        return self.choose(index, case, minutes, money)[1]

    def plan(self, minutes: int, money: int) -> tuple[float, tuple[Move, ...]]:
        """The value of the best plan from the first case with these minutes and money, and its
        moves: the best move at each case in turn, as the memoised search built it."""
        value, moves = 0.0, []
        for index, case in enumerate(self.cases):
            top, move = self.choose(index, case, minutes, money)
            if not index:
                value = top
            m, c = move_cost(self.figures, case, move)
            minutes, money = minutes - min(m, minutes), money - min(c, money)  # an ignore spends what is left
            moves.append(move)
        return value, tuple(moves)


_KEPT = 32  # the tables of this many (cases, figures) pairs are kept, the least recently used dropped
_kept: OrderedDict[tuple[int, int], _Plans] = OrderedDict()
_kept_lock = Lock()


def _plans(cases: tuple[Case, ...], figures: Figures) -> _Plans:
    """The tables for these cases and figures, kept by identity (cases and figures are frozen, and
    an entry holds both, so no other pair can take their ids while it is kept)."""
    key = (id(cases), id(figures))
    with _kept_lock:
        plans = _kept.get(key)
        if plans is not None and plans.cases is cases and plans.figures is figures:
            _kept.move_to_end(key)
            return plans
    plans = _Plans(cases, figures)
    with _kept_lock:
        _kept[key] = plans
        while len(_kept) > _KEPT:
            _kept.popitem(last=False)
    return plans


STRATEGIES: dict[str, Strategy] = {
    "always-ignore": always(Response.IGNORE),
    "always-fix": always(Response.FIX),
    "always-exceed": always(Response.EXCEED),
    "random": random_strategy,
    "greedy": planner,
}


def play_level(level: Level, figures: Figures, seed: int, strategy: Strategy) -> Play:
    play = new_play(level, figures, seed)
    while not play.finished:
        play = play_move(play, strategy(play))
    return play


def play_move(play: Play, move: Move) -> Play:
    """One case's decisions through the rules: the question and the apology as actions, then the
    response, checked like any player's."""
    if move.ask:
        play, _ = step(play, AskQuestion())
    if move.apologise:
        play, _ = step(play, ToggleApology())
    reason = why_not(play, move.response)
    if reason:
        raise RuntimeError(f"the move {move} is not allowed on case {play.case.id!r}: {reason}")
    return advance(play, move.response)


@dataclass(frozen=True)
class Summary:
    """How one strategy fares on one level over many seeded runs."""

    level: str
    strategy: str
    runs: int
    score_mean: float
    score_sd: float
    ambassadors_mean: float
    lost_mean: float
    out_of_budget_rate: float
    out_of_time_rate: float


def simulate(level: Level, figures: Figures, name: str, runs: int, seed: int) -> Summary:
    """Play `runs` games (seeds seed, seed+1, ...) and summarise them. A run counts as out of
    budget (or time) when, at some customer, fixing or exceeding was out of reach for lack of money
    (or minutes)."""
    strategy = STRATEGIES[name]
    scores, ambassadors, lost, broke, late = [], [], [], 0, 0
    for i in range(runs):
        play = new_play(level, figures, seed + i)
        short_money = short_time = False
        while not play.finished:
            reasons = {why_not(play, r) for r in _HELPING}
            short_money |= "no_money" in reasons
            short_time |= "no_minutes" in reasons
            play = play_move(play, strategy(play))
        t = totals(play)
        scores.append(t.score)
        ambassadors.append(t.ambassadors)
        lost.append(t.lost)
        broke += short_money
        late += short_time
    return Summary(
        level=level.id,
        strategy=name,
        runs=runs,
        score_mean=round(fmean(scores), 2),
        score_sd=round(pstdev(scores), 2),
        ambassadors_mean=round(fmean(ambassadors), 2),
        lost_mean=round(fmean(lost), 2),
        out_of_budget_rate=round(broke / runs, 3),
        out_of_time_rate=round(late / runs, 3),
    )
