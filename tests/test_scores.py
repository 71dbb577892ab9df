"""The score store: nothing saved is ever lost, whatever happens to the process or the file."""

from __future__ import annotations

import csv
import signal
import sqlite3
import subprocess
import sys

import pytest

from game.store import scores
from game.store.scores import ScoreRow, ScoreStore

WRITER = """
import sys, time
from pathlib import Path
from game.store.scores import ScoreStore, ScoreRow
store = ScoreStore.open(Path(sys.argv[1]))
tag, count = sys.argv[2], int(sys.argv[3])
i = 0
while count < 0 or i < count:
    store.save(ScoreRow(f"{tag}-{i}", "tutorial", 7, i, 1, 0, "2026-11-29T12:00:00", "test"))
    print(i, flush=True)
    i += 1
"""


def row(name: str, score: int = 0, level: str = "tutorial", session: str = "") -> ScoreRow:
    return ScoreRow(name, level, 12345, score, 1, 2, "2026-11-29T12:00:00", "0.1.0", session)


def test_saved_scores_come_back_best_first_and_filtered(tmp_path):
    store = ScoreStore.open(tmp_path)
    store.save(row("Fjord", 5))
    store.save(row("Bølge", 12, session="s1"))
    store.save(row("Skog", -3, level="zappos", session="s1"))
    store.close()
    store = ScoreStore.open(tmp_path)
    assert [r.name for r in store.rows()] == ["Bølge", "Fjord", "Skog"]
    assert [r.name for r in store.rows(level="zappos")] == ["Skog"]
    assert [r.name for r in store.rows(session="s1")] == ["Bølge", "Skog"]
    assert store.notice == ""


def test_names_are_stored_as_data(tmp_path):
    store = ScoreStore.open(tmp_path)
    evil = "x'); DROP TABLE scores; --"
    store.save(row(evil, 1))
    assert store.rows()[0].name == evil


def test_killing_a_writer_mid_save_keeps_every_earlier_score(tmp_path):
    store = ScoreStore.open(tmp_path)
    for i in range(50):
        store.save(row(f"early-{i}", i))
    store.close()
    committed = 0
    for round_ in range(4):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), f"w{round_}", "-1"], stdout=subprocess.PIPE, text=True
        )
        for _ in range(20 + round_ * 7):  # let it get well into its saves, then kill it mid-stream
            writer.stdout.readline()
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        committed += 20 + round_ * 7
    store = ScoreStore.open(tmp_path)
    assert store.notice == ""
    names = {r.name for r in store.rows()}
    assert {f"early-{i}" for i in range(50)} <= names
    assert len(names) >= 50 + committed  # every save the writer reported survived the kill
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("fresh", [True, False])
def test_two_writers_at_once_both_keep_their_rows(tmp_path, fresh):
    if not fresh:
        ScoreStore.open(tmp_path).close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), tag, "150"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    names = {r.name for r in ScoreStore.open(tmp_path).rows()}
    assert names == {f"{t}-{i}" for t in "ab" for i in range(150)}
    assert list(tmp_path.glob("scores.db.*")) == []  # a busy file is waited for, never moved aside


def test_a_damaged_file_is_moved_aside_and_a_fresh_one_started(tmp_path):
    store = ScoreStore.open(tmp_path)
    store.save(row("kept", 1))
    store.close()
    db = tmp_path / "scores.db"
    damaged = b"this is not a database, it was overwritten by something else" * 100
    db.write_bytes(damaged)
    store = ScoreStore.open(tmp_path)
    assert "moved to scores.db.corrupt-" in store.notice and str(db) in store.notice
    asides = list(tmp_path.glob("scores.db.corrupt-*"))
    assert len(asides) == 1 and asides[0].read_bytes() == damaged  # kept for rescue, never overwritten
    store.save(row("after", 2))
    assert [r.name for r in store.rows()] == ["after"]


def test_a_half_damaged_file_is_moved_aside_too(tmp_path):
    store = ScoreStore.open(tmp_path)
    for i in range(300):
        store.save(row(f"r{i}", i))
    store.close()
    db = tmp_path / "scores.db"
    data = bytearray(db.read_bytes())
    data[4096 : 4096 + 64] = b"\xff" * 64  # scribble over the header of a page in the middle
    db.write_bytes(bytes(data))
    store = ScoreStore.open(tmp_path)
    assert "moved to" in store.notice
    assert list(tmp_path.glob("scores.db.corrupt-*"))


def test_a_file_from_a_newer_version_is_not_touched(tmp_path):
    store = ScoreStore.open(tmp_path)
    store.save(row("future", 1))
    store.close()
    conn = sqlite3.connect(tmp_path / "scores.db")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    store = ScoreStore.open(tmp_path)
    assert "newer version" in store.notice
    aside = list(tmp_path.glob("scores.db.newer-*"))
    assert len(aside) == 1
    old = sqlite3.connect(aside[0])
    assert old.execute("SELECT name FROM scores").fetchall() == [("future",)]


def test_no_writable_folder_keeps_scores_in_memory_with_a_warning(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = ScoreStore.open(blocker / "data")
    assert "kept in memory only" in store.notice
    store.save(row("mem", 3))
    assert store.rows()[0].name == "mem"


def read_export(path, sep=","):
    with open(path, encoding="utf-8-sig", newline="") as f:
        assert not f.read(4).startswith("sep=")  # no hint line: with one, Excel drops the BOM and garbles Ø
        f.seek(0)
        return list(csv.DictReader(f, delimiter=sep))


def test_csv_export_reads_back_with_the_csv_module(tmp_path):
    store = ScoreStore.open(tmp_path)
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
        "date",
        "version",
    ]


def test_csv_export_carries_satisfied_kind_and_the_titles_given_with_either_separator(tmp_path):
    store = ScoreStore.open(tmp_path)
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


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_text_cell_that_starts_like_a_formula_is_kept_as_text(tmp_path, start):
    """OWASP's CSV injection rule, on the name, the level id and the title alike; numbers stay numbers."""
    store = ScoreStore.open(tmp_path)
    store.save(ScoreRow(f"{start}1+1", f"{start}lvl", 7, -3, 0, 0, "2026-11-29T12:00:00", "0.1.0"))
    out = tmp_path / "scores.csv"
    store.export_csv(out, titles={f"{start}lvl": f"{start}cmd|' /C calc'!A0"})
    [r] = read_export(out)
    assert (r["name"], r["level"], r["level_title"]) == (f"'{start}1+1", f"'{start}lvl", f"'{start}cmd|' /C calc'!A0")
    assert r["score"] == "-3"


def test_a_score_is_solo_or_team_and_keeps_its_satisfied_customers(tmp_path):
    store = ScoreStore.open(tmp_path)
    store.save(
        ScoreRow("Team 1", "tutorial", 7, 9, 1, 0, "2026-11-29T12:00:00", "0.1.0", "s", satisfied=2, kind="team")
    )
    store.save(row("Solo", 1))
    assert [(r.satisfied, r.kind) for r in store.rows()] == [(2, "team"), (0, "solo")]
    with pytest.raises(ValueError, match="kind"):
        ScoreRow("x", "tutorial", 7, 9, 1, 0, "2026-11-29T12:00:00", "0.1.0", kind="practice")


# The file as format 2 wrote it, kept here verbatim: the upgrade must work on what players have.
FORMAT_2 = [
    """CREATE TABLE IF NOT EXISTS scores (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    seed INTEGER NOT NULL,
    score INTEGER NOT NULL,
    ambassadors INTEGER NOT NULL,
    lost INTEGER NOT NULL,
    date TEXT NOT NULL,
    version TEXT NOT NULL,
    session TEXT NOT NULL DEFAULT ''
)""",
    "CREATE INDEX IF NOT EXISTS scores_level ON scores(level, score)",
    """CREATE TABLE IF NOT EXISTS lessons_met (
    name TEXT NOT NULL, lesson TEXT NOT NULL, level TEXT NOT NULL, date TEXT NOT NULL,
    PRIMARY KEY (name, lesson)
)""",
    """CREATE TABLE IF NOT EXISTS practice (
    name TEXT NOT NULL, level TEXT NOT NULL, case_id TEXT NOT NULL, date TEXT NOT NULL,
    PRIMARY KEY (name, level, case_id)
)""",
    "PRAGMA user_version = 2",
]


def format_2_file(folder) -> None:
    conn = sqlite3.connect(folder / "scores.db")
    for sql in FORMAT_2:
        conn.execute(sql)
    for i in range(30):
        conn.execute(
            "INSERT INTO scores (name, level, seed, score, ambassadors, lost, date, version, session) "
            "VALUES (?, 'tutorial', 7, ?, 1, 0, '2026-11-29T12:00:00', '0.1.0', 's1')",
            (f"old-{i}", i),
        )
    conn.execute("INSERT INTO lessons_met VALUES ('old-1', 'l1', 'tutorial', '2026-11-29T12:00:00')")
    conn.execute("INSERT INTO practice VALUES ('old-1', 'tutorial', 'c1', '2026-11-29T12:00:00')")
    conn.commit()
    conn.close()


def test_a_file_from_the_previous_format_is_upgraded_keeping_every_row(tmp_path):
    format_2_file(tmp_path)
    store = ScoreStore.open(tmp_path)
    assert store.notice == ""
    rows = store.rows()
    assert {r.name for r in rows} == {f"old-{i}" for i in range(30)}
    assert {(r.satisfied, r.kind, r.session) for r in rows} == {(0, "solo", "s1")}  # what an old score meant
    assert store.lessons_met("old-1") == {"l1"} and store.practice_deck("old-1") == [("tutorial", "c1")]
    store.save(ScoreRow("new", "tutorial", 7, 99, 1, 0, "2026-11-29T13:00:00", "0.2.0", satisfied=3, kind="team"))
    store.close()
    store = ScoreStore.open(tmp_path)  # opened again: nothing to upgrade, nothing lost
    assert (store.rows()[0].name, store.rows()[0].satisfied, len(store.rows())) == ("new", 3, 31)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == scores.SCHEMA_VERSION
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert list(tmp_path.glob("scores.db.*")) == []


def test_an_upgrade_that_fails_half_way_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    format_2_file(tmp_path)
    broken = {**scores.ADDED_COLUMNS, "zz": "INTEGER NOT NULL"}  # SQLite refuses: NOT NULL without a default
    monkeypatch.setattr(scores, "ADDED_COLUMNS", broken)
    conn = sqlite3.connect(tmp_path / "scores.db", isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        scores._upgrade(conn)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(scores)")]
    assert "satisfied" not in cols and "kind" not in cols  # added first, rolled back with the rest
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert conn.execute("SELECT COUNT(*) FROM scores").fetchone()[0] == 30


def test_a_file_holding_someone_elses_scores_table_is_moved_aside_untouched(tmp_path):
    conn = sqlite3.connect(tmp_path / "scores.db")
    conn.execute("CREATE TABLE scores (player TEXT, points INTEGER)")
    conn.execute("INSERT INTO scores VALUES ('ann', 3)")
    conn.commit()
    conn.close()
    store = ScoreStore.open(tmp_path)
    assert "does not hold Ambassador scores" in store.notice
    [aside] = tmp_path.glob("scores.db.corrupt-*")
    old = sqlite3.connect(aside)
    assert old.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall() == [("scores",)]
    assert old.execute("PRAGMA user_version").fetchone()[0] == 0
