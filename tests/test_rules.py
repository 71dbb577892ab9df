"""The rules, with each figure from the sources checked where it acts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.content.figures import load_figures
from game.core.model import Outcome, Response
from game.core.rules import (
    Asked,
    AskQuestion,
    Choose,
    LevelFinished,
    Rejected,
    Resolved,
    TimeOut,
    ToggleApology,
    new_play,
    step,
    totals,
)


def play_case(level, figures, seed, *actions):
    play = new_play(level, figures, seed)
    events = []
    for a in actions:
        play, ev = step(play, a)
        events += ev
    return play, events


def case_with_ask(level):
    return next(i for i, c in enumerate(level.cases) if c.ask)


def test_ignoring_a_complaint_loses_the_customer_who_tells_16_and_stands_for_26_silent(tutorial, figures):
    play, events = play_case(tutorial, figures, 1, Choose(Response.IGNORE))
    result = play.results[0]
    assert result.outcome is Outcome.LOST
    assert result.told_bad == 16 and result.told_good == 0
    assert result.silent == 26
    assert result.score == -42
    assert isinstance(events[0], Resolved)


def test_an_ignored_non_complaint_has_no_silent_crowd(tutorial, figures):
    case = replace(tutorial.cases[0], complaint=False)
    level = replace(tutorial, cases=(case,))
    play, _ = play_case(level, figures, 1, Choose(Response.IGNORE))
    assert play.results[0].silent == 0
    assert play.results[0].told_bad == 16


def test_exceeding_after_asking_wins_an_ambassador_who_tells_9(tutorial, figures):
    play, events = play_case(tutorial, figures, 1, AskQuestion(), Choose(Response.EXCEED))
    assert isinstance(events[0], Asked) and events[0].answer == tutorial.cases[0].ask.answer
    r = play.results[0]
    assert r.outcome is Outcome.AMBASSADOR and r.told_good == 9 and r.told_bad == 0 and r.score == 9


def test_exceeding_blind_lands_like_a_fix(tutorial, figures):
    outcomes = set()
    for seed in range(60):
        play, _ = play_case(tutorial, figures, seed, Choose(Response.EXCEED))
        outcomes.add(play.results[0].outcome)
    assert outcomes == {Outcome.SATISFIED, Outcome.LOST}


@pytest.mark.parametrize("apologise, expected", [(False, 0.37), (True, 0.74)])
def test_a_fix_satisfies_37_percent_and_74_with_an_apology(tutorial, figures, apologise, expected):
    runs = 4000
    satisfied = 0
    for seed in range(runs):
        actions = [ToggleApology()] if apologise else []
        play, _ = play_case(tutorial, figures, seed, *actions, Choose(Response.FIX))
        satisfied += play.results[0].outcome is Outcome.SATISFIED
    share = satisfied / runs
    # 4000 draws: three standard deviations are under 0.025
    assert abs(share - expected) < 0.025, share


def test_the_figures_file_drives_the_rules(tutorial, tmp_path):
    from game import paths

    text = paths.FIGURES.read_text(encoding="utf-8").replace("value: 9\n", "value: 12\n")
    custom = tmp_path / "figures.yaml"
    custom.write_text(text, encoding="utf-8")
    figures = load_figures(custom)
    play, _ = play_case(tutorial, figures, 1, AskQuestion(), Choose(Response.EXCEED))
    assert play.results[0].told_good == 12


def test_a_response_that_cannot_be_paid_is_refused_with_its_reason(tutorial, figures):
    broke = replace(tutorial, budget=50)
    play, events = play_case(broke, figures, 1, Choose(Response.FIX))
    assert events == [Rejected("no_money")]
    assert play.index == 0 and play.money_left == 50
    late = replace(tutorial, shift_minutes=5)
    play, events = play_case(late, figures, 1, Choose(Response.EXCEED))
    assert events == [Rejected("no_minutes")]


def test_the_apology_minute_counts_toward_what_can_be_afforded(tutorial, figures):
    fix = tutorial.cases[0].choices[Response.FIX].cost
    tight = replace(tutorial, shift_minutes=fix.minutes)
    play, events = play_case(tight, figures, 1, ToggleApology(), Choose(Response.FIX))
    assert events[-1] == Rejected("no_minutes")
    play, events = step(play, ToggleApology())
    play, events = step(play, Choose(Response.FIX))
    assert isinstance(events[0], Resolved)
    assert play.minutes_left == 0


def test_ignoring_is_always_possible_even_with_nothing_left(tutorial, figures):
    empty = replace(tutorial, shift_minutes=1, budget=0)
    play, events = play_case(empty, figures, 1, Choose(Response.IGNORE))
    assert isinstance(events[0], Resolved)


def test_asking_costs_minutes_and_can_be_done_once(tutorial, figures):
    i = case_with_ask(tutorial)
    assert i == 0
    play, events = play_case(tutorial, figures, 1, AskQuestion(), AskQuestion())
    assert play.minutes_left == tutorial.shift_minutes - tutorial.cases[0].ask.minutes
    assert events[-1] == Rejected("already_asked")


def test_a_timeout_resolves_as_ignored_and_left_waiting(tutorial, figures):
    play, _ = play_case(tutorial, figures, 1, ToggleApology(), TimeOut())
    r = play.results[0]
    assert r.timed_out and r.response is Response.IGNORE and r.outcome is Outcome.LOST
    assert not r.apologised


def test_the_same_seed_and_choices_give_the_same_game(levels, figures):
    from game.core.simulator import STRATEGIES, play_level

    for level in levels:
        for name in ("random", "always-fix"):
            a = play_level(level, figures, 42, STRATEGIES[name])
            b = play_level(level, figures, 42, STRATEGIES[name])
            assert a.results == b.results


def test_asking_on_one_case_does_not_shift_the_luck_of_the_next(tutorial, figures):
    for seed in range(30):
        a, _ = play_case(tutorial, figures, seed, Choose(Response.IGNORE), ToggleApology(), Choose(Response.FIX))
        b, _ = play_case(
            tutorial, figures, seed, AskQuestion(), Choose(Response.IGNORE), ToggleApology(), Choose(Response.FIX)
        )
        assert a.results[1].outcome == b.results[1].outcome


def test_the_level_ends_with_totals_and_the_score_is_net_word_of_mouth(tutorial, figures):
    play, events = play_case(
        tutorial, figures, 3, AskQuestion(), Choose(Response.EXCEED), Choose(Response.IGNORE), Choose(Response.FIX)
    )
    assert play.finished
    finished = [e for e in events if isinstance(e, LevelFinished)]
    assert len(finished) == 1
    t = finished[0].totals
    assert t == totals(play)
    assert t.ambassadors == 1 and t.lost + t.satisfied == 2
    assert t.score == t.told_good - t.told_bad - t.silent
    assert t.told_good == 9 and t.silent == 26
    spent_minutes = sum(r.minutes for r in play.results)
    assert t.minutes_left == tutorial.shift_minutes - spent_minutes
    assert t.money_left == tutorial.budget - sum(r.money for r in play.results)
    play2, events = step(play, Choose(Response.FIX))
    assert events == [Rejected("finished")] and play2 is play


VARIANT_LEVEL = """
title: Two calls
summary: The second call depends on the first.
briefing: A test level.
sources: [000-production-stop]
shift_minutes: 60
budget: 1000
cases:
  - id: first-call
    customer: Kari
    mood: worried
    situation: Her machine stopped.
    choices:
      ignore: {label: Later, text: Promise to call back some day., cost: {minutes: 0, money: 0}}
      fix: {label: Call back, text: Call back within the hour., cost: {minutes: 10, money: 0}}
      exceed: {label: Escalate, text: Escalate at once., cost: {minutes: 15, money: 100}}
    lesson: call-back-fast
  - id: second-call
    customer: Kari
    mood: annoyed
    situation: She calls again.
    choices:
      ignore: {label: Later, text: Say you are busy., cost: {minutes: 0, money: 0}}
      fix: {label: Send someone, text: Send a technician., cost: {minutes: 10, money: 200}}
      exceed: {label: Drive over, text: Drive over with the tool., cost: {minutes: 30, money: 300}}
    variants:
      - when: {case: first-call, response: [ignore]}
        mood: desperate
        situation: She has waited all day and the whole line is still down.
        choices:
          fix: {label: Send someone, text: "Send a technician, late.", cost: {minutes: 20, money: 400}}
    lesson: call-back-fast
"""


def test_an_earlier_choice_changes_a_later_case(tmp_path, library, figures):
    from game.content.levels import load_level

    path = tmp_path / "two.yaml"
    path.write_text(VARIANT_LEVEL, encoding="utf-8")
    level = load_level(path, library)
    slow, _ = play_case(level, figures, 1, Choose(Response.IGNORE))
    quick, _ = play_case(level, figures, 1, Choose(Response.FIX))
    assert slow.case.mood == "desperate" and "waited all day" in slow.case.situation
    assert slow.case.choices[Response.FIX].cost.money == 400
    assert quick.case.mood == "annoyed" and quick.case.choices[Response.FIX].cost.money == 200
    done, _ = step(slow, Choose(Response.FIX))
    assert done.money_left == 1000 - 400


def test_a_variant_must_point_at_an_earlier_case(tmp_path, library):
    from game.content.errors import ContentFileError
    from game.content.levels import load_level

    path = tmp_path / "bad.yaml"
    path.write_text(VARIANT_LEVEL.replace("when: {case: first-call", "when: {case: third-call"), encoding="utf-8")
    with pytest.raises(ContentFileError) as info:
        load_level(path, library)
    assert "cases[1].variants[0].when.case: expected the id of an earlier case" in str(info.value)


def test_the_summary_charts_add_up_on_every_level_whatever_is_played(levels, figures):
    """The spending chart cuts the shift and the budget by what each case took, and the running
    line ends at the score: for any play, questions, apologies and time-outs included."""
    from game.core.rules import running_scores
    from game.core.simulator import random_strategy

    for level in levels:
        for seed in range(25):
            play = new_play(level, figures, seed)
            while not play.finished:
                if seed % 5 == 0:  # now and then the clock runs out, apology on
                    play, _ = step(play, ToggleApology())
                    play, _ = step(play, TimeOut())
                    continue
                move = random_strategy(play)
                for action in ([AskQuestion()] if move.ask else []) + ([ToggleApology()] if move.apologise else []):
                    play, _ = step(play, action)
                play, _ = step(play, Choose(move.response))
            t = totals(play)
            assert sum(r.minutes for r in play.results) + t.minutes_left == level.shift_minutes, level.id
            assert sum(r.money for r in play.results) + t.money_left == level.budget, level.id
            assert t.minutes_left >= 0 and t.money_left >= 0
            assert running_scores(play.results)[-1] == t.score


def test_a_play_changed_or_copied_any_way_knows_its_current_case(tutorial, figures):
    """A play is a plain value: every way a named tuple is made or copied gives the same play, and the
    current case follows the index, so no copy can carry a stale one."""
    import copy
    import pickle

    play = new_play(tutorial, figures, 3)
    for later in (
        play.but(index=1),
        play._replace(index=1),
        type(play)._make([*play[:5], 1, False, False, ()]),
        type(play)(*play[:5], index=1),
    ):
        assert later.case is tutorial.cases[1] and not later.finished
        assert later == play._replace(index=1)
    done = play.but(index=len(tutorial.cases))
    assert done.finished and done.case is None
    for same in (copy.copy(play), copy.deepcopy(play), pickle.loads(pickle.dumps(play))):
        assert same == play and same.case.id == play.case.id and not same.finished
    moved = pickle.loads(pickle.dumps(step(play, Choose(Response.FIX))[0]))
    assert moved.case.id == tutorial.cases[1].id and moved.index == 1


def test_a_play_is_its_nine_fields_and_nothing_worked_out(tutorial, figures):
    """Only what happened is stored; the case and whether the level is over are read from it, so two
    plays that agree on what happened are equal, whichever way they were made."""
    from game.core.rules import Play

    assert Play._fields == (
        "level",
        "figures",
        "seed",
        "minutes_left",
        "money_left",
        "index",
        "asked",
        "apologised",
        "results",
    )
    play, _ = play_case(tutorial, figures, 5, AskQuestion(), Choose(Response.EXCEED))
    rebuilt = Play(*play)
    assert rebuilt == play and len(play) == 9
    assert rebuilt.case is tutorial.cases[1]


def test_a_case_that_changes_with_earlier_choices_reads_right_on_every_copy(tmp_path, library, figures):
    """The current case of a variant is read from the results each play carries, not from the play
    asked last: two plays at the same case with different histories see their own variant."""
    import pickle

    from game.content.levels import load_level

    path = tmp_path / "two.yaml"
    path.write_text(VARIANT_LEVEL, encoding="utf-8")
    level = load_level(path, library)
    slow, _ = play_case(level, figures, 1, Choose(Response.IGNORE))
    quick, _ = play_case(level, figures, 1, Choose(Response.FIX))
    for _ in range(2):  # alternate, so neither can be served the other's answer
        assert slow.case.mood == "desperate" and quick.case.mood == "annoyed"
    assert pickle.loads(pickle.dumps(slow)).case.mood == "desperate"
    assert slow.but(results=quick.results).case.mood == "annoyed"


def test_results_read_like_the_tuple_they_used_to_be(levels, figures):
    """Every way a screen, the session or a test reads a play's results gives what a tuple gave."""
    import copy
    import pickle

    from game.core.rules import Results
    from game.core.simulator import STRATEGIES, play_level

    for level in levels:
        play = play_level(level, figures, 3, STRATEGIES["random"])
        results, plain = play.results, tuple(play.results)
        assert type(results) is Results and len(plain) == len(level.cases)
        assert results == plain and plain == results and results != plain[:-1]
        assert hash(results) == hash(plain) and repr(results) == repr(plain)
        assert list(results) == list(plain) and list(reversed(results)) == list(reversed(plain))
        assert results[0] == plain[0] and results[-1] == plain[-1] and results[-len(plain)] == plain[0]
        assert results[1:] == plain[1:] and type(results[1:]) is tuple and results[::-1] == plain[::-1]
        assert results + () == plain and () + results == plain and plain[-1] in results
        assert results.index(plain[-1]) == len(plain) - 1 and results.count(plain[0]) == 1
        assert [r.case_id for r in results] == [c.id for c in level.cases]
        for i in range(len(plain)):
            assert results.find(plain[i].case_id) == plain[i] and results.head(i) == plain[:i]
            assert results.head(i).find(plain[i].case_id) is None  # a shorter view never sees past its end
        with pytest.raises(IndexError):
            results[len(plain)]
        with pytest.raises(TypeError):
            results["0"]
        for copied in (pickle.loads(pickle.dumps(play)), copy.deepcopy(play), copy.copy(play)):
            assert copied == play and copied.results == plain
        assert play.but(results=plain) == play  # a tuple still does as results


def test_two_moves_tried_from_one_play_keep_their_own_results(levels, figures):
    """Plays share their results' storage with the plays they came from: growing an older play (a
    branch) must copy, and no play may ever see a result that is not its own."""
    from game.core.rules import advance, effective_case

    fix, ignore = Response.FIX, Response.IGNORE
    level = next(lv for lv in levels if len(lv.cases) >= 3 and any(c.variants for c in lv.cases))
    start = new_play(level, figures, 11)
    ignored = advance(start, ignore)
    fixed = advance(start, fix)  # a branch from the first play
    twice = advance(ignored, ignore)
    then_fixed = advance(twice, fix)
    thrice = advance(twice, ignore)  # a branch from a play that has already grown
    fixed_then = advance(fixed, ignore)
    histories = [  # a list, not a dict: a play holds its level, which has no hash
        (start, []),
        (ignored, [ignore]),
        (fixed, [fix]),
        (twice, [ignore, ignore]),
        (then_fixed, [ignore, ignore, fix]),
        (thrice, [ignore, ignore, ignore]),
        (fixed_then, [fix, ignore]),
    ]
    for play, responses in histories:
        assert [r.response for r in play.results] == responses
        assert [r.case_id for r in play.results] == [c.id for c in level.cases[: len(responses)]]
        if not play.finished:  # and each reads the case it stands at from its own history
            assert play.case is effective_case(level.cases[play.index], tuple(play.results))
