"""The room's rules, driven directly: teams, votes, the majority, the timer, the reveal, the end."""

from __future__ import annotations

import pytest

from game.core.model import Response
from game.core.room import Phase, Room
from game.core.rules import AskQuestion, Choose, ToggleApology, new_play, step, totals
from game.core.session import LevelDone
from game.core.teams import Team

FIX, IGNORE, EXCEED = Response.FIX, Response.IGNORE, Response.EXCEED


def room_of(tutorial, figures, teams=("Fjord", "Bre", "Dal"), **kw) -> Room:
    return Room(tutorial, figures, 4321, "ABCD", tuple(Team(n, i) for i, n in enumerate(teams)), **kw)


def core_totals(level, figures, seed, actions):
    play = new_play(level, figures, seed)
    for a in actions:
        play, _ = step(play, a)
    return totals(play)


def test_three_teams_play_the_same_customers_and_save_as_a_hot_seat_session(tutorial, figures):
    room = room_of(tutorial, figures)
    saved = []
    room.listeners.append(lambda e: saved.append(e.saving) if isinstance(e, LevelDone) else None)
    for i in range(3):
        for k in range(2):
            assert room.join(f"phone-{i}-{k}", f"P{i}{k}", team=i) is None
    assert room.start() is None and room.phase is Phase.OPEN
    plans = {
        0: [[AskQuestion(), Choose(EXCEED)], [ToggleApology(), Choose(FIX)], [Choose(IGNORE)]],
        1: [[Choose(FIX)], [Choose(EXCEED)], [AskQuestion(), ToggleApology(), Choose(FIX)]],
        2: [[Choose(IGNORE)], [Choose(IGNORE)], [Choose(IGNORE)]],
    }
    for n in range(len(tutorial.cases)):
        for team, plan in plans.items():
            for action in plan[n]:
                if isinstance(action, AskQuestion):
                    assert room.ask(f"phone-{team}-0", n, team) is None
                elif isinstance(action, ToggleApology):
                    assert room.apology(f"phone-{team}-1", n, team, True) is None
                else:
                    for k in range(2):
                        assert room.vote(f"phone-{team}-{k}", n, team, action.response) is None
        assert room.phase is Phase.CLOSED  # every team answered: the room waits for the facilitator
        assert room.reveal() is None and room.phase is Phase.REVEALED
        assert room.next() is None
    assert room.phase is Phase.FINISHED
    want = {room.teams[t].name: core_totals(tutorial, figures, 4321, sum(p, [])) for t, p in plans.items()}
    assert {s.name: s.totals for s in saved} == want
    assert all(s.kind == "team" and s.leaderboard and s.seed == 4321 for s in saved)
    assert {t.team.name: t.totals for t in room.session.teams.turns} == want
    assert room.session.teams.finished and len(room.session.teams.places()) == 3


def test_the_majority_decides_and_a_tie_goes_to_the_earlier_vote(tutorial, figures):
    room = room_of(tutorial, figures, teams=("A",))
    for k in range(4):
        room.join(f"p{k}", f"P{k}", team=0)
    room.start()
    room.vote("p0", 0, 0, FIX)
    room.vote("p1", 0, 0, IGNORE)
    room.vote("p2", 0, 0, IGNORE)
    assert not room.plays[0].decided  # p3 has not voted
    room.vote("p3", 0, 0, FIX)  # two fix, two ignore: fix was voted first
    assert room.plays[0].decision is FIX and room.phase is Phase.CLOSED


def test_a_vote_can_change_until_the_team_decides(tutorial, figures):
    room = room_of(tutorial, figures, teams=("A", "B"))
    room.join("p0", "P0", team=0)
    room.join("p1", "P1", team=0)
    room.join("b", "B", team=1)
    room.start()
    room.vote("p0", 0, 0, FIX)
    room.vote("p0", 0, 0, IGNORE)
    assert room.plays[0].tally()[IGNORE] == 1 and room.plays[0].tally()[FIX] == 0
    room.vote("p1", 0, 0, IGNORE)
    assert room.vote("p0", 0, 0, FIX) == "decided"


def test_a_team_without_an_answer_when_the_time_runs_out_has_ignored_the_customer(tutorial, figures):
    room = room_of(tutorial, figures, teams=("A", "B"), decision_seconds=30)
    room.join("a", "A", team=0)
    room.join("b1", "B1", team=1)
    room.join("b2", "B2", team=1)
    room.start()
    room.vote("b1", 0, 1, FIX)  # b2 never votes: the majority so far counts
    room.elapse(29.0)
    assert room.phase is Phase.OPEN
    room.pause(True)
    room.elapse(100.0)  # a paused room's clock stands still
    assert room.phase is Phase.OPEN
    room.pause(False)
    room.elapse(1.5)
    assert room.phase is Phase.CLOSED
    room.reveal()
    a, b = (r.result for _, r in room.outcomes())
    assert a.response is IGNORE and a.timed_out
    assert b.response is FIX and not b.timed_out


def test_auto_reveal_once_every_team_has_answered(tutorial, figures):
    room = room_of(tutorial, figures, teams=("A", "B"), auto_reveal=True)
    room.join("a", "A", team=0)
    room.join("b", "B", team=1)
    room.start()
    room.vote("a", 0, 0, FIX)
    assert room.phase is Phase.OPEN
    room.vote("b", 0, 1, EXCEED)
    assert room.phase is Phase.REVEALED


def test_the_facilitator_may_reveal_before_everyone_answered(tutorial, figures):
    room = room_of(tutorial, figures, teams=("A", "B"))
    room.join("a", "A", team=0)
    room.join("b", "B", team=1)
    room.start()
    room.vote("a", 0, 0, FIX)
    assert room.reveal() is None
    (_, a), (_, b) = room.outcomes()
    assert a.result.response is FIX and b.result.timed_out


def test_a_phone_votes_only_for_its_own_team_only_while_the_case_is_open(tutorial, figures):
    room = room_of(tutorial, figures, teams=("A", "B", "C"))
    assert room.vote("a", 0, 0, FIX) == "not_joined"
    room.join("a", "A", team=0)
    room.join("b", "B", team=1)
    room.join("c", "C", team=2)
    assert room.vote("a", 0, 0, FIX) == "closed"  # the lobby
    room.start()
    assert room.vote("a", 0, 1, FIX) == "not_your_team"
    assert room.vote("a", 1, 0, FIX) == "closed"  # not the open case
    room.pause(True)
    assert room.vote("a", 0, 0, FIX) == "paused"
    room.pause(False)
    assert not room.plays[1].votes and not room.plays[0].votes
    room.vote("a", 0, 0, FIX)
    room.vote("b", 0, 1, FIX)
    assert room.vote("a", 0, 0, EXCEED) == "decided"
    room.reveal()
    assert room.vote("a", 0, 0, FIX) == "closed"


def test_a_phone_that_comes_back_keeps_its_team_and_vote_and_one_gone_does_not_block(tutorial, figures):
    room = room_of(tutorial, figures, teams=("A",))
    for k in range(3):
        room.join(f"p{k}", f"P{k}", team=0)
    room.start()
    room.vote("p0", 0, 0, EXCEED)
    room.disconnect("p0")
    assert room.connect("p0").team == 0 and room.plays[0].votes["p0"].response is EXCEED
    room.vote("p1", 0, 0, FIX)
    room.disconnect("p2")  # the last phone slept: those still here have all voted
    assert room.plays[0].decided and room.plays[0].decision is EXCEED  # tie: the earlier vote


def test_teams_from_the_phones_and_bad_names(tutorial, figures):
    room = Room(tutorial, figures, 1, "ABCD")
    assert room.join("p", "\x1b\x07\u200b ", new_team="X") == "bad_name"
    assert room.join("p", "Kari", new_team="Fjord\u202efolk\n") is None
    assert room.teams[0].name == "Fjordfolk"
    assert room.join("q", "Ola", new_team="fjordFOLK") == "name_taken"
    assert room.join("q", "Ola", team=5) == "no_such_team"
    for i in range(1, 8):
        assert room.join(f"t{i}", "X", new_team=f"T{i}") is None
    assert room.join("q", "Ola", new_team="Ninth") == "teams_full"
    assert room.join("q", "Ola" * 40, team=0) is None and len(room.phones["q"].name) <= 24
    room.start()
    assert room.join("r", "Late", team=0) is None  # a phone can join late, mid-level
    assert room.join("r2", "Late", new_team="New") == "started"
    assert room.join("q", "Ola", team=1) == "started"  # a team is kept once play starts


def test_teams_nobody_joined_sit_out_and_a_room_with_no_phones_cannot_start(tutorial, figures):
    room = room_of(tutorial, figures)
    assert room.start() == "no_phones"
    room.join("a", "A", team=2)
    room.start()
    assert sorted(room.plays) == [2]
    assert [t.name for t in room.session.teams.teams] == ["Dal"]


def test_an_apology_that_puts_a_vote_out_of_reach_drops_the_vote(tutorial, figures):
    room = Room(tutorial, figures, 7, "ABCD", (Team("A", 0),))
    room.join("a", "A", team=0)
    room.join("b", "B", team=0)
    room.start()
    play = room.plays[0].session.play
    room.plays[0].session.play = play.but(minutes_left=play.case.choices[EXCEED].cost.minutes)
    room.vote("a", 0, 0, EXCEED)
    assert room.apology("b", 0, 0, True) is None
    assert "a" not in room.plays[0].votes and room.plays[0].session.play.apologised
    assert room.vote("a", 0, 0, EXCEED) == "no_minutes"


@pytest.mark.parametrize("n", [1, 8])
def test_every_team_sees_its_own_play(tutorial, figures, n):
    room = Room(tutorial, figures, 3, "ABCD", tuple(Team(f"T{i}", i) for i in range(n)))
    for i in range(n):
        room.join(f"p{i}", "P", team=i)
    room.start()
    room.ask("p0", 0, 0)
    assert room.plays[0].session.play.asked
    assert all(not room.plays[i].session.play.asked for i in range(1, n))
