"""One rule, one place: what a screen shows a move costs, what the rules allow and charge, and what
the simulator plans all agree; the practice deck never refuses what it offers; the core says why an
outcome happened, so a screen only words it."""

from __future__ import annotations

import ast
import inspect
from dataclasses import replace

import pytest

from game.core import practice, rules
from game.core.model import Outcome, Response
from game.core.practice import MAX_CASES, PRACTICE_ID, practice_deck
from game.core.rules import (
    Asked,
    AskQuestion,
    Choose,
    Rejected,
    Resolved,
    TimeOut,
    ToggleApology,
    Why,
    case_as_played,
    explain,
    new_play,
    response_cost,
    step,
    why_not,
    why_not_ask,
)
from game.core.simulator import Move, best_plan, expected_score, fits, moves_for, play_move, random_strategy
from game.core.simulator import move_cost as planned_cost

# ---------------------------------------------------------------- helpers


@pytest.fixture(scope="module", params=["shipped", "apology 5 min"])
def figures_any(request, figures):
    """The shipped figures, and the same with a five-minute apology (as a company may set it): an
    apology counted as one minute anywhere shows up with the second."""
    if request.param == "shipped":
        return figures
    return replace(figures, apology_minutes=replace(figures.apology_minutes, value=5))


def every_case(levels):
    """Every case of every level as a player may meet it: as written and as each variant makes it."""
    for level in levels:
        for case in level.cases:
            for met in (case, *case.varied):
                yield level, replace(met, variants=())


def alone(level, case, minutes, money):
    """A level of just this case, with exactly this shift and budget."""
    return replace(level, cases=(case,), shift_minutes=minutes, budget=money)


def prepared(level, figures, asked, apologised, seed=1):
    """A play at the level's one case with the question asked and the apology on as given, through
    the rules like a player; None when the rules refuse the question."""
    play = new_play(level, figures, seed)
    if asked:
        play, events = step(play, AskQuestion())
        if isinstance(events[0], Rejected):
            return None
    if apologised:
        play, _ = step(play, ToggleApology())
    return play


def allowed_moves(level, figures):
    """The moves the rules let a player make on a one-case level, found by trying each."""
    out = []
    for move in moves_for(level.cases[0]):
        play = prepared(level, figures, move.ask, move.apologise)
        if play is not None and why_not(play, move.response) is None:
            out.append(move)
    return out


# ---------------------------------------------------------------- costs: shown, allowed, charged, planned


def test_the_shown_allowed_charged_and_planned_cost_of_every_move_agree(levels, figures_any):
    figures = figures_any
    apology = int(figures.apology_minutes.value)
    checked = 0
    for level, case in every_case(levels):
        for asked in (False, True) if case.ask else (False,):
            question = case.ask.minutes if asked else 0
            for apologised in (False, True):
                for response in (Response.FIX, Response.EXCEED):
                    own = case.choices[response].cost
                    minutes, money = own.minutes + question + (apology if apologised else 0), own.money
                    move = Move(asked, apologised, response)
                    where = (level.id, case.id, asked, apologised, response)

                    exact = alone(level, case, minutes, money)
                    play = prepared(exact, figures, asked, apologised)
                    assert play is not None, where
                    shown = response_cost(play, response)  # what the case screen shows: the question is paid
                    assert (shown.minutes + question, shown.money) == (minutes, money), where
                    assert why_not(play, response) is None, where
                    assert planned_cost(figures, case, move) == (minutes, money), where
                    assert fits(new_play(exact, figures, 1), move), where
                    after, events = step(play, Choose(response))
                    assert isinstance(events[0], Resolved), where
                    assert (after.minutes_left, after.money_left) == (0, 0), where  # charged what was shown
                    assert (after.results[0].minutes, after.results[0].money) == (minutes, money), where
                    assert play_move(new_play(exact, figures, 1), move).results == after.results, where

                    if minutes:
                        short = alone(level, case, minutes - 1, money)
                        play = prepared(short, figures, asked, apologised)
                        assert play is None or why_not(play, response) == "no_minutes", where
                        assert not fits(new_play(short, figures, 1), move), where
                    if money:
                        broke = alone(level, case, minutes, money - 1)
                        play = prepared(broke, figures, asked, apologised)
                        assert play is not None and why_not(play, response) == "no_money", where
                        assert not fits(new_play(broke, figures, 1), move), where
                    checked += 1
    assert checked > 100


def test_the_planner_plans_with_exactly_the_moves_the_rules_allow(levels, figures_any):
    """At every budget edge of every case, the planner's best equals the best the rules allow, and
    the move it plans is one the rules accept."""
    figures = figures_any
    for level, case in every_case(levels):
        edges = set()
        for move in moves_for(case):
            minutes, money = planned_cost(figures, case, move)
            edges |= {(minutes, money), (max(minutes - 1, 0), money), (minutes, max(money - 1, 0))}
        for minutes, money in sorted(edges):
            tight = alone(level, case, minutes, money)
            value, plan = best_plan(tight, figures)
            best = max(expected_score(figures, case, m) for m in allowed_moves(tight, figures))
            assert value == pytest.approx(best), (level.id, case.id, minutes, money)
            assert plan[0] in allowed_moves(tight, figures), (level.id, case.id, minutes, money, plan[0])


def test_the_planner_and_the_rules_agree_on_when_a_gesture_wins_an_ambassador(levels, figures):
    for level, case in every_case(levels):
        for asked in (False, True) if case.ask else (False,):
            planned = expected_score(figures, case, Move(asked, False, Response.EXCEED))
            outcomes = set()
            for seed in range(12):
                play = prepared(alone(level, case, 10_000, 10**7), figures, asked, False, seed)
                outcomes.add(step(play, Choose(Response.EXCEED))[0].results[0].outcome)
            wins = outcomes == {Outcome.AMBASSADOR}
            assert wins == (planned == figures.ambassador_tells.value), (level.id, case.id, asked, outcomes)
            assert wins == (asked or case.ask is None)


# ---------------------------------------------------------------- practice


def round_robin(levels):
    """(level id, case id) entries taking one case from each level in turn, so a deck of four
    mixes four levels."""
    longest = max(len(level.cases) for level in levels)
    return [(lv.id, lv.cases[i].id) for i in range(longest) for lv in levels if i < len(lv.cases)]


def test_practice_never_refuses_a_response_it_offers(levels, figures_any):
    figures = figures_any
    entries = round_robin(levels)
    decks = 0
    for start in range(0, len(entries), MAX_CASES):
        deck = practice_deck(levels, entries[start : start + MAX_CASES], figures, "Practice", "S", "B")
        assert deck is not None and deck.id == PRACTICE_ID
        if start == 0:
            assert len({practice.origin(c.id)[0] for c in deck.cases}) == MAX_CASES  # four levels mixed
        play = new_play(deck, figures, 7)
        while not play.finished:
            if play.case.ask:
                assert why_not_ask(play) is None, play.case.id
                play, events = step(play, AskQuestion())
                assert isinstance(events[0], Asked)
            play, _ = step(play, ToggleApology())
            for response in Response:
                assert why_not(play, response) is None, (play.case.id, response)
            play, events = step(play, Choose(Response.EXCEED))
            assert events[0].result.outcome is Outcome.AMBASSADOR  # the need was asked for: it lands
        assert play.minutes_left >= 0 and play.money_left >= 0
        decks += 1
    assert decks >= 3


def test_the_practice_timer_is_the_most_generous_of_its_levels_in_seconds(levels, figures):
    quick, slow, middling = (replace(levels[i], decision_seconds=s) for i, s in ((0, 45), (1, 150), (2, 60)))
    entries = [(lv.id, lv.cases[0].id) for lv in (quick, slow, middling)]
    deck = practice_deck([quick, slow, middling], entries, figures, "Practice", "S", "B")
    assert deck.decision_seconds == 150
    without_slow = practice_deck([quick, middling], entries, figures, "Practice", "S", "B")
    assert without_slow.decision_seconds == 60
    assert [practice.origin(c.id)[0] for c in without_slow.cases] == [quick.id, middling.id]


def test_the_practice_deck_drops_what_no_longer_exists_and_keeps_the_oldest_first(levels, figures):
    a, b = levels[0], levels[1]
    entries = [
        ("gone-level", a.cases[0].id),  # a level no longer loaded, even with a case id that exists elsewhere
        (b.id, b.cases[1].id),
        (a.id, "gone-case"),
        (a.id, a.cases[0].id),
        *[(b.id, c.id) for c in b.cases],
    ]
    deck = practice_deck(levels, entries, figures, "Practice", "S", "B")
    expected = [(b.id, b.cases[1].id), (a.id, a.cases[0].id), *[(b.id, c.id) for c in b.cases if c is not b.cases[1]]]
    assert [practice.origin(c.id) for c in deck.cases] == expected[:MAX_CASES]
    assert practice_deck(levels, [("gone-level", "x"), (a.id, "gone-case")], figures, "P", "S", "B") is None
    assert practice_deck(levels, [], figures, "P", "S", "B") is None


def test_no_apology_is_written_in_as_a_literal_minute():
    """The apology's minutes come from the figures: no `+ 1` in the practice deck or the rules
    (moving on to the next case, `index + 1`, is the one sum with a literal one)."""
    for module in (practice, rules):
        tree = ast.parse(inspect.getsource(module))
        literal_ones = {
            ast.unparse(node)
            for node in ast.walk(tree)
            if isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Add)
            and any(isinstance(side, ast.Constant) and side.value == 1 for side in (node.left, node.right))
        }
        assert literal_ones <= {"index + 1"}, (module.__name__, literal_ones)


# ---------------------------------------------------------------- why an outcome happened


def screen_reasons(result) -> tuple[Why, ...]:
    """What the outcome screen said before the core did, in its order: who tells, the silent crowd,
    then for a fix or a gesture that won no ambassador, whether it was blind and the odds."""
    out = []
    if result.outcome is Outcome.AMBASSADOR:
        out.append(Why.AMBASSADOR_TELLS)
    if result.outcome is Outcome.LOST:
        out.append(Why.LOST_TELLS)
    if result.silent:
        out.append(Why.SILENT)
    if result.response is not Response.IGNORE and result.outcome is not Outcome.AMBASSADOR:
        if result.response is Response.EXCEED:
            out.append(Why.BLIND)
        out.append(Why.FIX_ODDS)
    return tuple(out)


def resolve(level, figures, seed, *actions):
    play = new_play(level, figures, seed)
    events = []
    for action in actions:
        play, more = step(play, action)
        events += more
    resolved = [e for e in events if isinstance(e, Resolved)]
    return play, resolved[-1]


def first_seed(level, figures, outcome, *actions):
    """A seed on which these actions come to `outcome`: found, not written down."""
    return next(s for s in range(200) if resolve(level, figures, s, *actions)[1].result.outcome is outcome)


def test_every_kind_of_result_comes_with_its_reasons(tutorial, figures):
    asked = tutorial.cases[0]
    assert asked.ask is not None and asked.complaint
    kinds = {
        "ambassador": ((AskQuestion(), Choose(Response.EXCEED)), None, (Why.AMBASSADOR_TELLS,)),
        "ignored": ((Choose(Response.IGNORE),), None, (Why.LOST_TELLS, Why.SILENT)),
        "timed out": ((ToggleApology(), TimeOut()), None, (Why.LOST_TELLS, Why.SILENT)),
        "fix satisfied": ((Choose(Response.FIX),), Outcome.SATISFIED, (Why.FIX_ODDS,)),
        "fix lost": ((Choose(Response.FIX),), Outcome.LOST, (Why.LOST_TELLS, Why.FIX_ODDS)),
        "blind satisfied": ((Choose(Response.EXCEED),), Outcome.SATISFIED, (Why.BLIND, Why.FIX_ODDS)),
        "blind lost": ((Choose(Response.EXCEED),), Outcome.LOST, (Why.LOST_TELLS, Why.BLIND, Why.FIX_ODDS)),
    }
    for name, (actions, outcome, expected) in kinds.items():
        seed = first_seed(tutorial, figures, outcome, *actions) if outcome else 1
        play, event = resolve(tutorial, figures, seed, *actions)
        assert event.why == expected, name
        assert explain(case_as_played(play, event.result.case_id), event.result) == expected, name
    quiet = replace(tutorial, cases=(replace(asked, complaint=False),))
    assert resolve(quiet, figures, 1, Choose(Response.IGNORE))[1].why == (Why.LOST_TELLS,)
    open_need = replace(tutorial, cases=(replace(asked, ask=None),))
    assert resolve(open_need, figures, 1, Choose(Response.EXCEED))[1].why == (Why.AMBASSADOR_TELLS,)


def test_the_reasons_match_what_happened_on_every_level(levels, figures):
    """Over every level and many seeds, questions, apologies and time-outs included: the reasons
    come in the screen's order and say what a player sees (who told, the silent crowd)."""
    kinds = set()
    for level in levels:
        for seed in range(30):
            play = new_play(level, figures, seed)
            while not play.finished:
                if seed % 7 == 0:
                    play, events = step(play, TimeOut())
                else:
                    move = random_strategy(play)
                    for action in [AskQuestion()] * move.ask + [ToggleApology()] * move.apologise:
                        play, _ = step(play, action)
                    play, events = step(play, Choose(move.response))
                event = events[0]
                assert isinstance(event, Resolved)
                r = event.result
                assert event.why == screen_reasons(r), (level.id, seed, r)
                assert (Why.AMBASSADOR_TELLS in event.why) == (r.told_good > 0)
                assert (Why.LOST_TELLS in event.why) == (r.told_bad > 0)
                assert (Why.SILENT in event.why) == (r.silent > 0)
                kinds.add(event.why)
    assert len(kinds) >= 5, kinds
