"""The level design, guarded: exceeding everywhere cannot pay, planning can."""

from __future__ import annotations

import statistics

import pytest

from game import paths
from game.core.model import Response
from game.core.rules import totals
from game.core.simulator import STRATEGIES, play_level

RUNS = 150


def mean_score(level, figures, name):
    return statistics.mean(totals(play_level(level, figures, s, STRATEGIES[name])).score for s in range(RUNS))


LEVEL_IDS = [p.stem for p in sorted(paths.LEVELS.glob("*.yaml"))]


def test_every_shipped_level_has_two_to_four_cases_and_cites_digests(levels, library):
    assert {lv.id for lv in levels} >= {"tutorial", "zappos", "amazon", "starbucks", "broken-machine"}
    for lv in levels:
        assert 2 <= len(lv.cases) <= 4, lv.id
        assert lv.sources and set(lv.sources) <= library.sources, lv.id


@pytest.mark.parametrize("level_id", LEVEL_IDS)
def test_exceeding_everywhere_is_out_of_reach(levels, figures, level_id):
    lv = next(x for x in levels if x.id == level_id)
    minutes = sum(c.choices[Response.EXCEED].cost.minutes for c in lv.cases)
    money = sum(c.choices[Response.EXCEED].cost.money for c in lv.cases)
    assert minutes > lv.shift_minutes or money > lv.budget
    play = play_level(lv, figures, 1, STRATEGIES["always-exceed"])
    assert any(r.response is not Response.EXCEED for r in play.results)


@pytest.mark.parametrize("level_id", LEVEL_IDS)
def test_planning_beats_every_fixed_response_and_ignoring_is_worst(levels, figures, level_id):
    lv = next(x for x in levels if x.id == level_id)
    means = {name: mean_score(lv, figures, name) for name in STRATEGIES}
    fixed = ("always-ignore", "always-fix", "always-exceed")
    assert all(means["greedy"] > means[name] + 5 for name in fixed), means
    assert means["always-ignore"] == min(means.values()), means


def test_the_campaign_runs_from_the_tutorial_to_the_broken_machine(levels):
    orders = [lv.order for lv in levels]
    assert len(set(orders)) == len(orders) and orders == sorted(orders)
    assert levels[0].id == "tutorial" and levels[-1].id == "broken-machine"


@pytest.mark.parametrize("apology", [0, 5, 15])
def test_every_strategy_only_makes_moves_the_rules_accept_whatever_the_apology_costs(levels, figures, apology):
    """A company may set its own apology minutes: the planner and the fixed strategies still plan
    with the rules' own costs, so the rules never refuse what they choose (play_move would raise),
    and every case takes its response's minutes, the question's and the company's apology."""
    from dataclasses import replace

    from game.core.rules import case_as_played

    costly = replace(figures, apology_minutes=replace(figures.apology_minutes, value=apology))
    for lv in levels:
        for name, strategy in STRATEGIES.items():
            for seed in range(5):
                play = play_level(lv, costly, seed, strategy)
                assert play.minutes_left >= 0 and play.money_left >= 0, (lv.id, name, seed)
                for r in play.results:
                    if r.response is Response.IGNORE:
                        continue  # ignoring takes what is left at most
                    case = case_as_played(play, r.case_id)
                    question = case.ask.minutes if r.asked else 0
                    taken = case.choices[r.response].cost.minutes + question + (apology if r.apologised else 0)
                    assert r.minutes == taken, (lv.id, name, seed, r)
