"""The score store: nothing saved is ever lost, whatever happens to the process or the file."""

from __future__ import annotations

import csv
import signal
import sqlite3
import subprocess
import sys

import pytest

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


def test_csv_export_reads_back_with_the_csv_module(tmp_path):
    store = ScoreStore.open(tmp_path)
    names = ["Åse, Øystein & co", 'The "Best" team', "=HYPERLINK(1)", "Ünïcødé ä ö å"]
    for i, n in enumerate(names):
        store.save(row(n, i))
    out = tmp_path / "scores.csv"
    assert store.export_csv(out) == 4
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["name"] for r in rows] == ["Ünïcødé ä ö å", "'=HYPERLINK(1)", 'The "Best" team', "Åse, Øystein & co"]
    assert [int(r["score"]) for r in rows] == [3, 2, 1, 0]
    assert all(r["session_code"] == rows[0]["session_code"] and len(r["session_code"]) == 7 for r in rows)
    assert set(rows[0]) == {"name", "level", "session_code", "score", "ambassadors", "lost", "date", "version"}
