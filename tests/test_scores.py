"""The score store: nothing saved is ever lost, whatever happens to the process or the file."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.names import MAX_NAME, clean_name
from game.store import scores
from game.store.scores import ScoreRow, ScoreStore
from tests.exports import formula_like, read_export

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


def test_no_writable_folder_keeps_scores_aside_with_a_warning(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = ScoreStore.open(blocker / "data")
    assert "cannot be saved" in store.notice and "kept aside" in store.notice
    store.save(row("mem", 3))
    assert store.rows()[0].name == "mem"  # shown at once, although no file holds it yet
    notice = store.take_notice()
    assert notice and notice.count("\n") == 0 and "your score is kept in " in notice
    private = Path(notice.split("your score is kept in ")[1].split(" and will be saved")[0])
    assert private.name == scores.FALLBACK_NAME and blocker not in private.parents  # a private folder of its own
    assert "mem" in private.read_text(encoding="ascii")
    assert store.take_notice() is None  # told once
    blocker.unlink()  # the way is clear again
    assert store.flush() == 1
    assert [r.name for r in ScoreStore.open(blocker / "data").rows()] == ["mem"]
    assert not private.exists()


text_cells = st.builds(
    lambda pad, start, rest: pad + start + rest,
    st.text(alphabet=" \0", max_size=3),
    st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "\n", "a", "'", "\x0b"]),
    st.text(max_size=12),
)


@settings(max_examples=80, deadline=None)
@given(name=text_cells, level=text_cells, title=text_cells, date=text_cells, version=text_cells)
def test_no_generated_text_cell_leaves_the_export_as_a_formula(name, level, title, date, version):
    store = ScoreStore.in_memory()
    store.save(ScoreRow(name, level, 7, 1, 0, 0, date, version))
    [stored] = store.rows()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "scores.csv"
        store.export_csv(out, titles={level: title})
        [r] = read_export(out)
    expected = {"name": stored.name, "level": stored.level, "level_title": title, "date": date, "version": version}
    for key, value in expected.items():
        cell, value = r[key], value.replace("\0", "")
        assert "\0" not in cell and not formula_like(cell), (key, cell)
        assert cell in (value, "'" + value), (key, cell)
        assert cell == value or formula_like(value), (key, cell)  # quoted only when needed


def raw_insert(folder: Path, rows: list[tuple]) -> None:
    """Rows written by another program, straight into the file, whatever their types."""
    ScoreStore.open(folder).close()
    conn = sqlite3.connect(folder / "scores.db")
    conn.executemany(
        "INSERT INTO scores (name, level, seed, score, ambassadors, lost, date, version, session, satisfied, kind) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.commit()
    conn.close()


def test_a_row_with_a_wrong_type_is_skipped_and_the_rest_still_read(tmp_path):
    good = ("Good", "tutorial", 7, 5, 1, 0, "2026-11-29", "0.1.0", "", 0, "solo")
    bad = [
        ("Score", "tutorial", 7, "lots", 1, 0, "2026-11-29", "0.1.0", "", 0, "solo"),
        (b"\x00\xff", "tutorial", 7, 1, 1, 0, "2026-11-29", "0.1.0", "", 0, "solo"),
        ("Seed", "tutorial", 1.5, 1, 1, 0, "2026-11-29", "0.1.0", "", 0, "solo"),
        ("Kind", "tutorial", 7, 1, 1, 0, "2026-11-29", "0.1.0", "", 0, "practice"),
        ("Level", b"tutorial", 7, 1, 1, 0, "2026-11-29", "0.1.0", "", 0, "solo"),
        ("Date", "tutorial", 7, 1, 1, 0, b"2026", "0.1.0", "", 0, "solo"),
        ("Sat", "tutorial", 7, 1, 1, 0, "2026-11-29", "0.1.0", "", "two", "solo"),
    ]
    raw_insert(tmp_path, [good, *bad])
    store = ScoreStore.open(tmp_path)
    assert [r.name for r in store.rows()] == ["Good"]
    assert store.best_scores("Good") == {"tutorial": 5} and store.best_scores("Score") == {}
    assert "Good" in store.names()
    assert store.export_csv(tmp_path / "out.csv") == 1


def test_a_megabyte_name_written_by_another_program_comes_back_capped_and_clean(tmp_path):
    huge = "\x1b[2J\u202e" + "Ø" * 1_000_000
    raw_insert(tmp_path, [(huge, "tutorial", 7, 5, 1, 0, "2026-11-29", "0.1.0", "", 0, "solo")])
    store = ScoreStore.open(tmp_path)
    [r] = store.rows()
    assert r.name == "[2J" + "Ø" * (MAX_NAME - 3)
    assert all(len(n) <= MAX_NAME for n in store.names())


@settings(max_examples=60, deadline=None)
@given(name=st.text(max_size=300))
def test_every_name_read_back_is_cleaned_as_a_typed_name(name):
    store = ScoreStore.in_memory()
    conn = store.conn
    conn.execute(
        "INSERT INTO scores (name, level, seed, score, ambassadors, lost, date, version) "
        "VALUES (?, 'tutorial', 7, 1, 0, 0, 'd', 'v')",
        (name,),
    )
    [r] = store.rows()
    assert r.name == clean_name(name)
    assert len(r.name) <= MAX_NAME and all(unicodedata.category(ch)[0] != "C" for ch in r.name)


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


def format_3_file(folder) -> None:
    """Format 3 as players have it: format 2 plus satisfied and kind, no unique ids."""
    format_2_file(folder)
    conn = sqlite3.connect(folder / "scores.db")
    conn.execute("ALTER TABLE scores ADD COLUMN satisfied INTEGER NOT NULL DEFAULT 0")
    conn.execute("ALTER TABLE scores ADD COLUMN kind TEXT NOT NULL DEFAULT 'solo'")
    conn.execute("UPDATE scores SET kind = 'team', satisfied = 2 WHERE name = 'old-3'")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("make", [format_2_file, format_3_file])
def test_an_older_file_gets_unique_ids_keeping_every_row(tmp_path, make):
    make(tmp_path)
    store = ScoreStore.open(tmp_path)
    assert store.notice == ""
    assert {r.name for r in store.rows()} == {f"old-{i}" for i in range(30)}
    if make is format_3_file:
        assert [(r.kind, r.satisfied) for r in store.rows() if r.name == "old-3"] == [("team", 2)]
    store.save(row("new", 1))
    conn = store.conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == scores.SCHEMA_VERSION == 5
    # every older score got its own id (a company board takes scores by it)
    assert conn.execute("SELECT COUNT(DISTINCT uid) FROM scores WHERE uid IS NOT NULL").fetchone()[0] == 31
    assert len({r.uid for r in store.rows()}) == 31
    [(uid,)] = conn.execute("SELECT uid FROM scores WHERE name = 'new'").fetchall()
    assert isinstance(uid, str) and len(uid) >= 16
    with pytest.raises(sqlite3.IntegrityError):  # the id is unique in the file itself
        conn.execute(
            "INSERT INTO scores (name, level, seed, score, ambassadors, lost, date, version, uid) "
            "VALUES ('twin', 'tutorial', 7, 1, 1, 0, 'd', 'v', ?)",
            (uid,),
        )
    assert list(tmp_path.glob("scores.db.*")) == []


ESCAPES = [
    "\x1b[2J\x1b[H",  # clear the screen, cursor home
    "\x1b]0;owned\x07",  # OSC: retitle the window, ended by BEL
    "\x1b]2;owned\x1b\\",  # OSC ended by ST
    "\x9b2J",  # the one-byte C1 CSI
    "\x1bc",  # reset the terminal
    "abc\x08\x08\x08xyz",  # backspaces over what was printed
    "\u202eevil\u202c",  # a bidi override reverses the line
    "\u2066x\u2069\u200f",  # isolates and a right-to-left mark
    "a\rb\nc\x00d\x7f",  # CR, LF, NUL, DEL
]


def test_scores_list_never_sends_an_escape_sequence_to_the_terminal(tmp_path, capsys):
    from game import cli

    raw_insert(
        tmp_path,
        [(e, e, 7, i, 1, 0, e, "0.1.0", "", 0, "solo") for i, e in enumerate(ESCAPES)],
    )
    assert cli.main(["--data-dir", str(tmp_path), "scores", "list"]) == 0
    out = capsys.readouterr()
    assert "9 score(s)" in out.out
    for ch in out.out + out.err:
        assert ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp"), repr(ch)
    assert "?[2J" in out.out and "?]0;owned?" in out.out  # made harmless, still readable


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_terminal_safe_replaces_every_control_and_format_character_and_keeps_the_rest(text):
    safe = scores.terminal_safe(text)
    assert len(safe) == len(text)
    for before, after in zip(text, safe, strict=True):
        bad = unicodedata.category(before) in ("Cc", "Cf", "Cs", "Zl", "Zp")
        assert after == ("?" if bad else before)


def test_scores_list_shows_the_scores_kept_aside_by_a_save_that_failed(tmp_path, capsys):
    from game import cli

    entry = {
        "uid": "a" * 32,
        "type": "score",
        "row": {c: v for c, v in zip(scores.COLUMNS, tuple(row("Kept", 4)), strict=True)},
    }
    (tmp_path / scores.FALLBACK_NAME).write_text(json.dumps(entry) + "\n", encoding="ascii")
    assert cli.main(["--data-dir", str(tmp_path), "scores", "list"]) == 0
    assert "Kept" in capsys.readouterr().out


# -- a company's file: streamed reads, the group, each case's choice, the check skipped when unchanged


def choice(case: str, response: str = "fix", outcome: str = "satisfied", score: int = 3):
    from game.core.choices import CaseChoice

    return CaseChoice("tutorial", case, response, outcome, False, True, False, 10, 20, score)


def test_a_stream_merges_scores_kept_aside_into_their_places(tmp_path, monkeypatch):
    store = ScoreStore.open(tmp_path)
    for score in (9, 5, 1):
        store.save(row(f"saved {score}", score))
    monkeypatch.setattr(scores, "_apply", lambda *a: (_ for _ in ()).throw(sqlite3.OperationalError("disk I/O error")))
    store.save(row("kept 7", 7))
    store.save(row("kept 0", 0))
    names = [r.name for r in store.iter_rows()]
    assert names == ["saved 9", "kept 7", "saved 5", "saved 1", "kept 0"]
    assert [r.name for r in store.rows(limit=2)] == ["saved 9", "kept 7"]
    assert [r.name for r in store.rows(limit=0)] == []


def test_a_kept_score_keeps_its_choices_through_the_fallback_file(tmp_path, monkeypatch):
    store = ScoreStore.open(tmp_path)
    real = scores._apply
    monkeypatch.setattr(scores, "_apply", lambda *a: (_ for _ in ()).throw(sqlite3.OperationalError("disk I/O error")))
    store.save(row("Kept", 4), [choice("a")])
    monkeypatch.setattr(scores, "_apply", real)
    later = ScoreStore.open(tmp_path)  # another run reads the fallback line
    assert later.flush() == 1
    [(saved, got)] = list(later.choices())
    assert saved.name == "Kept" and got == (choice("a"),)


def test_a_fallback_line_from_before_groups_still_loads(tmp_path):
    values = ["Old", "tutorial", 7, 2, 1, 0, "2026-11-29T12:00:00", "0.1.0", "", 0, "solo"]
    line = {"uid": "old-line", "type": "score", "row": dict(zip(scores.COLUMNS, values, strict=False))}
    (tmp_path / scores.FALLBACK_NAME).write_text(json.dumps(line) + "\n")
    store = ScoreStore.open(tmp_path)
    assert store.flush() == 1
    [saved] = store.rows()
    assert (saved.name, saved.cohort, saved.uid) == ("Old", "", "old-line")


def test_a_bad_choice_in_a_fallback_line_keeps_the_line_out(tmp_path):
    good = list(choice("a"))
    for bad in (good[:3] + ["flew away"] + good[4:], good[:-1] + ["many"], good[:5]):
        values = list(row("X", 1)._replace(uid="u"))
        line = {"uid": "u", "type": "score", "row": dict(zip(scores.COLUMNS, values, strict=True)), "choices": [bad]}
        assert scores._Entry.from_json(json.dumps(line).encode()) is None


def test_the_file_is_checked_at_start_only_when_changed_since_the_game_last_saw_it(tmp_path, monkeypatch):
    seen: list[str] = []
    real = scores._sqlite_connect

    def traced(*args, **kwargs):
        conn = real(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(scores, "_sqlite_connect", traced)
    store = ScoreStore.open(tmp_path)
    for i in range(300):
        store.save(row(f"r{i}", i))
    store.close()
    checks = [s for s in seen if "quick_check" in s]
    ScoreStore.open(tmp_path).close()  # unchanged since our own last write: a million rows need no check
    assert [s for s in seen if "quick_check" in s] == checks
    db = tmp_path / "scores.db"
    data = bytearray(db.read_bytes())
    data[4096 : 4096 + 64] = b"\xff" * 64  # another program scribbles over a page
    db.write_bytes(bytes(data))
    store = ScoreStore.open(tmp_path)
    assert len([s for s in seen if "quick_check" in s]) > len(checks)  # the changed file, then the new one
    assert "moved to" in store.notice and list(tmp_path.glob("scores.db.corrupt-*"))


def test_names_come_once_each_from_scores_and_lessons(tmp_path):
    store = ScoreStore.open(tmp_path)
    for name, score in [("Bo", 1), ("Ada", 2), ("Bo", 3), ("Åse", 1)]:
        store.save(row(name, score))
    store.record_progress("Cid", "2026-11-29T12:00:00", [("lesson", "tutorial")], [])
    assert store.names() == ["Ada", "Bo", "Cid", "Åse"]
