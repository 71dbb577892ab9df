"""The store's behaviour on both backends: the laptop's SQLite file and the company's PostgreSQL
board, one suite. Every test here runs once per backend; what only a file can do (damage, locks,
the fallback) is in test_scores.py and test_store_faults.py."""

from __future__ import annotations

import pytest

from game.store.postgres import CompanyBoard
from game.store.scores import ScoreRow, ScoreStore
from tests.exports import formula_like, read_export


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "sqlite":
        found = ScoreStore.open(tmp_path)
    else:
        found = CompanyBoard(request.getfixturevalue("board_url"))
    yield found
    found.close()


def reopen(store, tmp_path):
    """The same store as the next start of the game finds it."""
    store.close()
    return ScoreStore.open(tmp_path) if isinstance(store, ScoreStore) else CompanyBoard(store.url)


def row(name: str, score: int = 0, level: str = "tutorial", session: str = "") -> ScoreRow:
    return ScoreRow(name, level, 12345, score, 1, 2, "2026-11-29T12:00:00", "0.1.0", session)


def choice(case: str, response: str = "fix", outcome: str = "satisfied", score: int = 3):
    from game.core.choices import CaseChoice

    return CaseChoice("tutorial", case, response, outcome, False, True, False, 10, 20, score)


def test_saved_scores_come_back_best_first_and_filtered(store, tmp_path):
    store.save(row("Fjord", 5))
    store.save(row("Bølge", 12, session="s1"))
    store.save(row("Skog", -3, level="zappos", session="s1"))
    store = reopen(store, tmp_path)
    assert [r.name for r in store.rows()] == ["Bølge", "Fjord", "Skog"]
    assert [r.name for r in store.rows(level="zappos")] == ["Skog"]
    assert [r.name for r in store.rows(session="s1")] == ["Bølge", "Skog"]
    assert store.take_notice() is None


def test_names_are_stored_as_data(store, tmp_path):
    evil = "x'); DROP TABLE scores; --"
    store.save(row(evil, 1))
    assert store.rows()[0].name == evil


def test_csv_export_reads_back_with_the_csv_module(store, tmp_path):
    names = ["Åse, Øystein & co", 'The "Best" team', "=HYPERLINK(1)", "Ünïcødé ä ö å"]
    for i, n in enumerate(names):
        store.save(row(n, i))
    out = tmp_path / "scores.csv"
    assert store.export_csv(out) == 4
    assert out.read_bytes().startswith(b'\xef\xbb\xbf"name",')
    rows = read_export(out)
    assert [r["name"] for r in rows] == ["Ünïcødé ä ö å", "'=HYPERLINK(1)", 'The "Best" team', "Åse, Øystein & co"]
    assert [int(r["score"]) for r in rows] == [3, 2, 1, 0]
    assert all(r["session_code"] == rows[0]["session_code"] and len(r["session_code"]) == 7 for r in rows)
    assert list(rows[0]) == [
        "name",
        "level",
        "level_title",
        "session_code",
        "score",
        "ambassadors",
        "satisfied",
        "lost",
        "kind",
        "group",
        "date",
        "version",
    ]


def test_csv_export_carries_satisfied_kind_and_the_titles_given_with_either_separator(store, tmp_path):
    store.save(ScoreRow("Fjord; og fjell", "zappos", 7, -16, 0, 1, "2026-11-29T12:00:00", "0.1.0", "s", 2, "team"))
    store.save(row("Solo", 5))
    for sep in (",", ";"):
        out = tmp_path / f"scores{sep}.csv"
        store.export_csv(out, titles={"zappos": "Zappos-utrykningen"}, sep=sep)
        solo, team = read_export(out, sep)
        assert (team["name"], team["level_title"], team["satisfied"], team["kind"]) == (
            "Fjord; og fjell",
            "Zappos-utrykningen",
            "2",
            "team",
        )
        assert (solo["level_title"], solo["satisfied"], solo["kind"]) == ("", "0", "solo")  # no title given: empty
    with pytest.raises(ValueError):
        store.export_csv(tmp_path / "tab.csv", sep="\t")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\n", " =", "\0=", "\0 \0+", "  @", " \t"])
def test_every_text_cell_that_starts_like_a_formula_is_kept_as_text(store, tmp_path, start):
    """OWASP's CSV injection rule, on the level id (as a file name may give it), the title, the date
    and the version alike; NULs dropped; numbers stay numbers."""
    store.save(ScoreRow(f"{start}1+1", f"{start}lvl", 7, -3, 0, 0, f"{start}2026", f"{start}0.1"))
    out = tmp_path / "scores.csv"
    title = f"{start}cmd|' /C calc'!A0"  # PostgreSQL keeps no NUL: its level id has none
    store.export_csv(out, titles={f"{start}lvl": title, f"{start}lvl".replace("\0", ""): title})
    [r] = read_export(out)
    bare = start.replace("\0", "")
    for key, text in [("level", "lvl"), ("level_title", "cmd|' /C calc'!A0"), ("date", "2026"), ("version", "0.1")]:
        assert r[key] == f"'{bare}{text}", key
    assert not formula_like(r["name"]) and r["name"].endswith("1+1")  # the name is also cleaned as it is read
    assert r["score"] == "-3"


def test_a_score_is_solo_or_team_and_keeps_its_satisfied_customers(store, tmp_path):
    store.save(
        ScoreRow("Team 1", "tutorial", 7, 9, 1, 0, "2026-11-29T12:00:00", "0.1.0", "s", satisfied=2, kind="team")
    )
    store.save(row("Solo", 1))
    assert [(r.satisfied, r.kind) for r in store.rows()] == [(2, "team"), (0, "solo")]
    with pytest.raises(ValueError, match="kind"):
        ScoreRow("x", "tutorial", 7, 9, 1, 0, "2026-11-29T12:00:00", "0.1.0", kind="practice")


def test_filters_by_group_name_and_date_read_the_same_from_the_file_and_from_what_is_kept(store, tmp_path):
    store.save(row("Oslo 1", 3)._replace(cohort="Oslo March", date="2026-03-02T10:00:00"))
    store.save(row("Oslo 2", 8)._replace(cohort="Oslo March", date="2026-03-09T10:00:00"))
    store.save(row("Bergen", 5)._replace(cohort="Bergen", date="2026-03-09T10:00:00"))
    assert [r.name for r in store.iter_rows(cohort="Oslo March")] == ["Oslo 2", "Oslo 1"]
    assert [r.name for r in store.iter_rows(since="2026-03-05")] == ["Oslo 2", "Bergen"]
    assert [r.name for r in store.iter_rows(name="Bergen")] == ["Bergen"]
    assert len({r.uid for r in store.iter_rows()}) == 3  # each score its own id


def test_a_score_keeps_the_choice_made_in_each_case_and_a_resave_is_one_score(store, tmp_path):
    cases = [choice("a", "ignore", "lost", -16), choice("b", "exceed", "ambassador", 9)]
    uid = store.save(row("Team Fjord", 5), cases)
    store.save(row("Team Fjord", 5)._replace(uid=uid), cases)  # the same score again (a retry, a sync)
    store = reopen(store, tmp_path)
    [(saved, got)] = list(store.choices())
    assert saved.uid == uid and got == tuple(cases)
    assert [c.response for c in got] == ["ignore", "exceed"] and got[0].apologised is True


def test_a_stored_list_is_streamed_best_first_and_a_limit_asks_for_no_more(store):
    for i in range(120):
        store.save(row(f"p{i:03}", (i * 37) % 50))
    every = list(store.iter_rows())
    assert len(every) == 120
    keys = [(-r.score, -r.ambassadors, r.lost, r.date) for r in every]
    assert keys == sorted(keys)
    assert store.rows(limit=5) == every[:5]
    assert store.best_scores("p001") == {"tutorial": 37}
    assert store.names()[:3] == ["p000", "p001", "p002"]
