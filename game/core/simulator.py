"""Headless play: fixed strategies and a planner that knows the level.

Used by the tests to guard the level design (exceeding everywhere must not pay), by the attract
mode to play itself, and by trainers checking a level of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from statistics import fmean, pstdev

from game.core import chance
from game.core.figures import Figures
from game.core.model import Case, Level, Response
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
from game.core.rules import move_cost as _move_cost


@dataclass(frozen=True)
class Move:
    """One case's worth of decisions."""

    ask: bool
    apologise: bool
    response: Response


PLAIN = {r: Move(False, False, r) for r in Response}  # moves are values: one of each is enough


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
    return Response.IGNORE


def always(response: Response) -> Strategy:
    """Always the same response, without asking or apologising; cheaper when it cannot pay."""

    def strategy(play: Play) -> Move:
        return PLAIN[_first_affordable(play, response)]

    return strategy


def random_strategy(play: Play) -> Move:
    rng = chance.stream(play.seed, play.level.id, play.case.id, "random-player")
    ask = why_not_ask(play) is None and rng.random() < 0.5
    apologise = rng.random() < 0.5
    options = [r for r in Response if fits(play, Move(ask, apologise, r))]
    return Move(ask, apologise, rng.choice(options))


def fits(play: Play, move: Move) -> bool:
    """Whether the clock and the budget left allow the move (ignoring always does). A question
    already asked is paid for, so only one still to ask counts."""
    if move.response is Response.IGNORE:
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

    @cache
    def best(index: int, minutes: int, money: int) -> tuple[float, tuple[Move, ...]]:
        if index == len(level.cases):
            return 0.0, ()
        case = level.cases[index]
        top: tuple[float, tuple[Move, ...]] | None = None
        for move in moves_for(case):
            m, c = move_cost(figures, case, move)
            if move.response is not Response.IGNORE and (m > minutes or c > money):
                continue
            m, c = min(m, minutes), min(c, money)
            rest, plan = best(index + 1, minutes - m, money - c)
            value = expected_score(figures, case, move) + rest
            if top is None or value > top[0] + 1e-9:
                top = (value, (move, *plan))
        assert top is not None  # ignoring is always allowed
        return top

    return best(0, level.shift_minutes, level.budget)


def planner(play: Play) -> Move:
    """The greedy planner: replans from where the play stands, so it adapts to what is left."""
    rest = _remaining_level(play)
    _, plan = best_plan(rest, play.figures)
    move = plan[0]
    if move.ask and play.asked:
        move = Move(False, move.apologise, move.response)
    return move


def _remaining_level(play: Play) -> Level:
    return replace(
        play.level,
        cases=(play.case, *play.level.cases[play.index + 1 :]),
        shift_minutes=play.minutes_left,
        budget=play.money_left,
    )


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
            reasons = {why_not(play, r) for r in (Response.FIX, Response.EXCEED)}
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
