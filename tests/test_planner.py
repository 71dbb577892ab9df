"""The planner, checked against searches too slow to ship: every sequence of moves on small
generated levels (with variants, ignores that cost something, questions), and the memoised search
it replaced on the shipped levels. Also: the kept tables answer as a fresh solve does, long shifts
play out legally, and a long game's results add up."""

from __future__ import annotations

import pickle
from dataclasses import replace
from functools import cache
from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core.model import Ask, Case, Choice, Cost, Level, Outcome, Response, Variant, When
from game.core.rules import advance, new_play, totals, why_not_ask
from game.core.simulator import (
    STRATEGIES,
    Move,
    best_plan,
    expected_score,
    fits,
    moves_for,
    planner,
    play_level,
    play_move,
    widen,
)
from game.core.simulator import move_cost as planned_cost

GENERATED = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------- references


def every_sequence(figures, cases, minutes, money):
    """{first move: the best value of any sequence of moves that starts with it}, by trying every
    sequence in turn as the rules would take it: a response that does not fit is not allowed,
    and an ignore spends what is left at most."""
    every = [
        [(move, *planned_cost(figures, case, move), expected_score(figures, case, move)) for move in moves_for(case)]
        for case in cases
    ]
    best: dict[Move, float] = {}
    for moves in product(*every):
        left_m, left_c, value = minutes, money, 0.0
        for move, m, c, worth in moves:
            if move.response is not Response.IGNORE and (m > left_m or c > left_c):
                break
            left_m, left_c = left_m - min(m, left_m), left_c - min(c, left_c)
            value += worth
        else:
            first = moves[0][0]
            best[first] = max(best.get(first, value), value)
    return best


def first_of_the_best(best: dict[Move, float], case: Case) -> tuple[float, Move]:
    """The best value, and the first move in `moves_for` order that reaches it: of equals, the first."""
    top = max(best.values())
    return top, next(move for move in moves_for(case) if move in best and best[move] >= top - 1e-6)


def memoised_search(figures, cases, minutes, money):
    """The planner as it was: a search over (case, minutes, money) solved afresh for each question,
    the first move in `moves_for` order that no later one beats by more than 1e-9."""

    @cache
    def best(index, minutes, money):
        if index == len(cases):
            return 0.0, ()
        case = cases[index]
        top = None
        for move in moves_for(case):
            m, c = planned_cost(figures, case, move)
            if move.response is not Response.IGNORE and (m > minutes or c > money):
                continue
            rest, plan = best(index + 1, minutes - min(m, minutes), money - min(c, money))
            value = expected_score(figures, case, move) + rest
            if top is None or value > top[0] + 1e-9:
                top = (value, (move, *plan))
        return top

    return best(0, minutes, money)


_searched: dict[tuple, tuple] = {}


def memoised_search_at(play):
    """`memoised_search` from where `play` stands, each state searched once per test session."""
    key = (id(play.level.cases), id(play.figures), play.index, id(play.case), play.minutes_left, play.money_left)
    if key not in _searched:
        _searched[key] = (
            memoised_search(play.figures, as_the_planner_sees_it(play), play.minutes_left, play.money_left),
            (play.level, play.figures),
        )  # held, so no other level can take these ids
    return _searched[key][0]


def as_the_planner_sees_it(play):
    """The cases the planner weighs at `play`: the current one as played, the rest as written."""
    return (play.case, *play.level.cases[play.index + 1 :])


def fresh(play):
    """The same play on an equal level whose cases tuple is new, so nothing kept can answer for it."""
    return play.but(level=replace(play.level, cases=tuple(list(play.level.cases))))


# ---------------------------------------------------------------- generated levels


def choice(response, minutes, money):
    return Choice(response, response.value, response.value, Cost(minutes, money))


@st.composite
def levels(draw, min_cases=1, max_cases=4):
    """A small level: costs near the shift and the budget so that choices bind; sometimes an
    ignore that costs something, a question, a case that is no complaint, and variants that
    change the costs or the question once an earlier case went a certain way."""
    count = draw(st.integers(min_cases, max_cases))
    cases = []
    for i in range(count):
        costly_ignore = draw(st.booleans()) and draw(st.booleans())
        ask = draw(st.one_of(st.none(), st.integers(0, 4)))
        variants = []
        if i and draw(st.booleans()):
            for _ in range(draw(st.integers(1, 2))):
                when = When(
                    case=cases[draw(st.integers(0, i - 1))].id,
                    responses=frozenset(draw(st.sets(st.sampled_from(list(Response)), max_size=2))),
                    outcomes=frozenset(draw(st.sets(st.sampled_from(list(Outcome)), max_size=2))),
                    asked=draw(st.one_of(st.none(), st.booleans())),
                )
                variants.append(
                    Variant(
                        when=when,
                        ask=Ask("q", "a", draw(st.integers(0, 3))) if draw(st.booleans()) else None,
                        choices={
                            r: choice(r, draw(st.integers(0, 14)), draw(st.integers(0, 12)) * 25)
                            for r in draw(st.sets(st.sampled_from([Response.FIX, Response.EXCEED])))
                        },
                    )
                )
        cases.append(
            Case(
                id=f"c{i}",
                customer="someone",
                mood="annoyed",
                situation="something went wrong",
                choices={
                    Response.IGNORE: choice(
                        Response.IGNORE, draw(st.integers(0, 3)) if costly_ignore else 0, 25 if costly_ignore else 0
                    ),
                    Response.FIX: choice(Response.FIX, draw(st.integers(0, 10)), draw(st.integers(0, 8)) * 25),
                    Response.EXCEED: choice(Response.EXCEED, draw(st.integers(0, 16)), draw(st.integers(0, 16)) * 25),
                },
                lesson="x",
                ask=None if ask is None else Ask("q", "a", ask),
                complaint=draw(st.booleans()) or i % 2 == 0,
                variants=tuple(variants),
            )
        )
    per_case = draw(st.integers(0, 16))
    return Level(
        id="generated",
        title="Generated",
        summary="",
        briefing="",
        sources=(),
        shift_minutes=per_case * count,
        budget=draw(st.integers(0, 12)) * 25 * count,
        decision_seconds=60,
        cases=tuple(cases),
    )


@pytest.fixture(scope="module", params=["shipped", "apology 4 min"])
def figures_any(request, figures):
    if request.param == "shipped":
        return figures
    return replace(figures, apology_minutes=replace(figures.apology_minutes, value=4))


# ---------------------------------------------------------------- the plan's value and moves


@GENERATED
@given(level=levels())
def test_the_best_plan_is_worth_what_the_best_of_every_sequence_of_moves_is_worth(figures, level):
    best = every_sequence(figures, level.cases, level.shift_minutes, level.budget)
    value, plan = best_plan(level, figures)
    top, first = first_of_the_best(best, level.cases[0])
    assert value == pytest.approx(top, abs=1e-9)
    assert plan[0] == first
    left_m, left_c, worth = level.shift_minutes, level.budget, 0.0  # the plan itself can be made and is worth it
    for case, move in zip(level.cases, plan, strict=True):
        m, c = planned_cost(figures, case, move)
        assert move.response is Response.IGNORE or (m <= left_m and c <= left_c)
        left_m, left_c = left_m - min(m, left_m), left_c - min(c, left_c)
        worth += expected_score(figures, case, move)
    assert worth == pytest.approx(value, abs=1e-9)


@GENERATED
@given(level=levels(min_cases=2), seed=st.integers(0, 10_000))
def test_every_move_of_a_greedy_game_is_the_first_best_of_every_sequence_variants_and_all(figures, level, seed):
    play = new_play(level, figures, seed)
    while not play.finished:
        cases = as_the_planner_sees_it(play)
        best = every_sequence(figures, cases, play.minutes_left, play.money_left)
        move = planner(play)
        assert move == first_of_the_best(best, play.case)[1], (play.index, play.case.id)
        assert fits(play, move)
        play = play_move(play, move)


def test_the_planner_moves_as_the_memoised_search_did_on_every_shipped_level(levels, figures_any):
    """The search it replaced, move by move over many seeds: same moves, first of equals first."""
    figures = figures_any
    moves = 0
    for level in levels:
        for seed in range(1, 61):
            play = new_play(level, figures, seed)
            while not play.finished:
                _, plan = memoised_search_at(play)
                assert planner(play) == plan[0], (level.id, seed, play.index)
                play = play_move(play, plan[0])
                moves += 1
        value, plan = memoised_search(figures, level.cases, level.shift_minutes, level.budget)
        assert best_plan(level, figures) == (pytest.approx(value, abs=1e-9), plan), level.id
    assert moves > 1000


@pytest.mark.parametrize("level_id", ["zappos", "broken-machine", "customer-carousel"])
def test_the_planner_moves_as_the_memoised_search_did_on_six_customers(levels, figures, level_id):
    level = widen(next(lv for lv in levels if lv.id == level_id), 6)
    for seed in range(1, 11):
        play = new_play(level, figures, seed)
        while not play.finished:
            _, plan = memoised_search_at(play)
            assert planner(play) == plan[0], (seed, play.index)
            play = play_move(play, plan[0])


# ---------------------------------------------------------------- kept or fresh


@GENERATED
@given(level=levels(min_cases=2), seeds=st.lists(st.integers(0, 10_000), min_size=2, max_size=4))
def test_the_kept_tables_choose_as_a_fresh_solve_does(figures, level, seeds):
    for seed in seeds:  # the first game fills the kept tables, the later ones are answered from them
        play = new_play(level, figures, seed)
        while not play.finished:
            move = planner(play)
            assert planner(fresh(play)) == move, (seed, play.index)
            play = play_move(play, move)


def test_a_fresh_level_is_solved_afresh_and_a_kept_one_is_not(levels, figures):
    """`fresh` really does miss the kept tables (else the test above compares a thing with itself)."""
    from game.core import simulator

    level = levels[0]
    planner(new_play(level, figures, 1))
    kept = simulator._plans(level.cases, figures)
    assert simulator._plans(level.cases, figures) is kept
    assert simulator._plans(fresh(new_play(level, figures, 1)).level.cases, figures) is not kept


# ---------------------------------------------------------------- long shifts


@pytest.mark.parametrize("level_id", ["zappos", "broken-machine", "customer-carousel", "starbucks"])
def test_a_greedy_game_of_twelve_customers_finishes_with_only_legal_moves(levels, figures, level_id):
    level = widen(next(lv for lv in levels if lv.id == level_id), 12)
    for seed in (1, 2, 3):
        play = new_play(level, figures, seed)
        while not play.finished:
            move = planner(play)
            assert fits(play, move), (seed, play.index, move)
            if move.ask:
                assert why_not_ask(play) is None
            play = play_move(play, move)  # raises if the rules refuse the move
            assert play.minutes_left >= 0 and play.money_left >= 0
        assert len(play.results) == 12
        assert [r.case_id for r in play.results] == [c.id for c in level.cases]


@GENERATED
@given(level=levels(min_cases=1, max_cases=2), seed=st.integers(0, 1000))
def test_a_generated_twelve_customer_level_plays_out_greedily(figures, level, seed):
    level = widen(level, 12)
    play = play_level(level, figures, seed, planner)
    assert play.finished and len(play.results) == 12
    assert play.minutes_left >= 0 and play.money_left >= 0


def test_widen_repeats_the_cases_with_new_ids_and_scales_the_shift(levels):
    broken = next(lv for lv in levels if lv.id == "broken-machine")
    assert any(c.variants for c in broken.cases)
    wide = widen(broken, 10)
    assert len(wide.cases) == 10 and len({c.id for c in wide.cases}) == 10
    assert wide.cases[:4] == broken.cases
    assert [c.id for c in wide.cases[4:6]] == [f"{broken.cases[0].id}#2", f"{broken.cases[1].id}#2"]
    assert (wide.shift_minutes, wide.budget) == (round(broken.shift_minutes * 2.5), round(broken.budget * 2.5))
    for case in wide.cases[4:8]:  # a repeat's variants read the cases of the same repeat
        assert all(v.when.case.endswith("#2") for v in case.variants), case.id
    assert [c.id for c in widen(broken, 3).cases] == [c.id for c in broken.cases[:3]]
    assert widen(broken, 4).cases == broken.cases and widen(broken, 4).cases is not broken.cases
    with pytest.raises(ValueError):
        widen(broken, 0)


def test_a_variant_in_a_repeat_reads_its_own_repeat(levels, figures):
    """In the broken machine, losing the first call makes the call-back angrier; in a widened level
    the second call-back looks at the second first call, not the first."""
    wide = widen(next(lv for lv in levels if lv.id == "broken-machine"), 8)
    first, second, call_back = wide.cases[0], wide.cases[4], wide.cases[5]
    assert call_back.variants[0].when.case == second.id and call_back.variants[0].when.outcomes == {Outcome.LOST}
    seen = set()
    for seed in range(60):
        play = new_play(wide, figures, seed)
        while play.index < 5:
            play = advance(play, Response.FIX if play.index in (0, 4) else Response.IGNORE)
        found = {r.case_id: r for r in play.results}
        lost = tuple(found[c.id].outcome is Outcome.LOST for c in (first, second))
        assert (play.case is call_back.varied[0]) == lost[1], (seed, lost)
        seen.add(lost)
    assert {(True, False), (False, True)} <= seen  # the two first calls went differently, both ways


def test_a_game_of_a_thousand_customers_adds_up_to_the_sum_of_its_results(levels, figures):
    for level_id in ("broken-machine", "zappos"):
        level = widen(next(lv for lv in levels if lv.id == level_id), 1000)
        for name in ("always-fix", "random", "always-exceed"):
            play = play_level(level, figures, 7, STRATEGIES[name])
            results = play.results
            assert len(results) == 1000 and [r.case_id for r in results] == [c.id for c in level.cases]
            t = totals(play)
            assert t.ambassadors == sum(r.outcome is Outcome.AMBASSADOR for r in results)
            assert t.satisfied == sum(r.outcome is Outcome.SATISFIED for r in results)
            assert t.lost == sum(r.outcome is Outcome.LOST for r in results)
            assert (t.told_good, t.told_bad, t.silent) == (
                sum(r.told_good for r in results),
                sum(r.told_bad for r in results),
                sum(r.silent for r in results),
            )
            assert t.score == sum(r.score for r in results)
            assert t.minutes_left == level.shift_minutes - sum(r.minutes for r in results)
            assert t.money_left == level.budget - sum(r.money for r in results)
            assert pickle.loads(pickle.dumps(play)) == play
