"""Team sessions: turns rotate, every team meets the same luck, the ranking is fair."""

from __future__ import annotations

import pytest

from game.core import seedcode
from game.core.model import Response
from game.core.names import clean_name
from game.core.simulator import STRATEGIES, Move, play_level
from game.core.teams import Team, TeamSession


def scripted(moves):
    it = iter(moves)
    return lambda play: next(it)


def test_turns_rotate_through_the_teams_in_order(tutorial, figures):
    teams = tuple(Team(n, i) for i, n in enumerate(["Fjord", "Bølge", "Skog"]))
    s = TeamSession(tutorial, 99, teams)
    seen = []
    while not s.finished:
        seen.append(s.current.name)
        s = s.record(play_level(tutorial, figures, 99, STRATEGIES["always-fix"]))
    assert seen == ["Fjord", "Bølge", "Skog"]
    with pytest.raises(ValueError):
        s.record(play_level(tutorial, figures, 99, STRATEGIES["always-fix"]))


def test_two_teams_making_the_same_choices_get_the_same_score(tutorial, figures):
    for seed in range(40):
        moves = [Move(False, False, Response.FIX), Move(False, True, Response.FIX), Move(True, False, Response.FIX)]
        a = play_level(tutorial, figures, seed, scripted(moves))
        b = play_level(tutorial, figures, seed, scripted(moves))
        s = TeamSession(tutorial, seed, (Team("A", 0), Team("B", 1))).record(a).record(b)
        first, second = s.ranking()
        assert first.totals == second.totals
        assert [p for p, _ in s.places()] == [1, 1]


def test_a_play_with_another_seed_or_level_is_refused(tutorial, figures):
    s = TeamSession(tutorial, 5, (Team("A", 0),))
    with pytest.raises(ValueError):
        s.record(play_level(tutorial, figures, 6, STRATEGIES["always-fix"]))


def test_ranking_is_by_score_then_ambassadors_then_fewer_lost(tutorial, figures):
    teams = tuple(Team(n, i) for i, n in enumerate("ABC"))
    s = TeamSession(tutorial, 1, teams)
    for name in ("always-ignore", "greedy", "always-fix"):
        s = s.record(play_level(tutorial, figures, 1, STRATEGIES[name]))
    ranked = [t.team.name for t in s.ranking()]
    assert ranked[0] == "B" and ranked[-1] == "A"
    scores = [t.totals.score for t in s.ranking()]
    assert scores == sorted(scores, reverse=True)


def test_by_case_lines_up_every_teams_choice(tutorial, figures):
    s = TeamSession(tutorial, 3, (Team("A", 0), Team("B", 1)))
    s = s.record(play_level(tutorial, figures, 3, STRATEGIES["always-ignore"]))
    s = s.record(play_level(tutorial, figures, 3, STRATEGIES["greedy"]))
    rows = s.by_case()
    assert [case_id for case_id, _ in rows] == [c.id for c in tutorial.cases]
    for _, entries in rows:
        assert [team.name for team, _ in entries] == ["A", "B"]
        assert entries[0][1].response is Response.IGNORE


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("  Team\tÆrlig  ", "Team Ærlig"),
        ("Bad\x00name\x1b[31m", "Badname[31m"),
        ("Zero\u200bwidth", "Zerowidth"),
        ("Åsa & Øyvind; DROP TABLE scores", "Åsa & Øyvind; DROP TABLE scores"),
        ("\n\t ", "Team 1"),
        ("x" * 100, "x" * 40),
    ],
)
def test_team_names_are_cleaned_of_control_characters_and_capped(raw, expected):
    assert clean_name(raw, fallback="Team 1") == expected


def test_seed_codes_round_trip_and_catch_typos():
    for seed in (0, 1, 7, 12345, 999_999, seedcode.MAX_SEED):
        code = seedcode.encode(seed)
        assert len(code) == 7 and code[3] == "-"
        assert seedcode.decode(code) == seed
        assert seedcode.decode(code.lower().replace("-", " ")) == seed
    code = seedcode.encode(4242)
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValueError, match="typo"):
        seedcode.decode(typo)
    assert seedcode.decode("4242") == 4242
    with pytest.raises(ValueError):
        seedcode.decode("not a code")


def test_every_session_code_the_docs_and_messages_show_is_one_the_game_accepts():
    """A trainer copies a code from the README or an error message: it must play, not be refused."""
    import re
    from pathlib import Path

    root = Path(__file__).parent.parent
    shown = re.compile(r"\b[0-9A-Z]{3}-[0-9A-Z]{3}\b")
    texts = [p.read_text(encoding="utf-8") for p in [root / "README.md", *(root / "docs").glob("*.md")]]
    texts += [p.read_text(encoding="utf-8") for p in (root / "assets" / "strings").glob("*.yaml")]
    codes = {code for text in texts for code in shown.findall(text) if not code.replace("-", "").isdigit()}
    assert codes, "the README shows at least one session code"
    for code in codes:
        seedcode.decode(code)  # raises on a code the game would refuse
    with pytest.raises(ValueError) as refused:
        seedcode.decode("nonsense")
    example = shown.search(str(refused.value))
    assert example and seedcode.decode(example.group()) >= 0
