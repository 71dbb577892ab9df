"""Saves that fail: whatever goes wrong with the score file (a full disk, a read-only folder, a lock
held too long, the file removed, replaced or truncated during play), nothing raises, every score
played is in the database or in the fallback file, the player is told once in one line, and
`flush()` writes each score exactly once when the fault is gone."""

from __future__ import annotations

import errno
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from game.core.names import MAX_NAME
from game.store import scores
from game.store.scores import FALLBACK_NAME, ScoreRow, ScoreStore
from tests.test_scores import format_2_file

DATE = "2026-11-29T12:00:00"
FULL = "database or disk is full"
READ_ONLY = "attempt to write a readonly database"
LOCKED = "database is locked"
SAYS = {FULL: "the disk is full", READ_ONLY: "read-only", LOCKED: "another program holds the file"}


class Faults:
    """Counts every execute/executemany/commit on the connections the store makes, and raises
    sqlite3.OperationalError(message) on call number `at` (and on every later one when `persist`)."""

    def __init__(self) -> None:
        self.reset("", 0, False)

    def reset(self, message: str, at: int, persist: bool) -> None:
        self.message, self.at, self.persist = message, at, persist
        self.calls = self.raised = 0
        self.on = True

    def fail_from_now(self, message: str) -> None:
        """Every operation from the next one on fails, until `on` is switched off."""
        self.message, self.at, self.persist, self.on = message, self.calls + 1, True, True

    def hit(self) -> None:
        self.calls += 1
        if self.on and self.at and (self.calls == self.at or (self.persist and self.calls > self.at)):
            self.raised += 1
            raise sqlite3.OperationalError(self.message)


class FaultyConnection:
    """A thin proxy around sqlite3.Connection: the operations fail when `faults` says so."""

    def __init__(self, conn: sqlite3.Connection, faults: Faults) -> None:
        self._conn, self._faults = conn, faults

    def execute(self, *args):
        self._faults.hit()
        return self._conn.execute(*args)

    def executemany(self, *args):
        self._faults.hit()
        return self._conn.executemany(*args)

    def commit(self):
        self._faults.hit()
        return self._conn.commit()

    def __getattr__(self, name: str):
        return getattr(self._conn, name)


@pytest.fixture
def short_waits(monkeypatch):
    monkeypatch.setattr(scores, "LOCK_WAIT_S", 0.2)
    monkeypatch.setattr(scores, "RETRY_WAIT_S", 0.1)


@pytest.fixture
def faults(monkeypatch, short_waits) -> Faults:
    f = Faults()
    real = scores._sqlite_connect
    monkeypatch.setattr(scores, "_sqlite_connect", lambda *a, **k: FaultyConnection(real(*a, **k), f))
    return f


def row(name: str, score: int = 0, session: str = "") -> ScoreRow:
    return ScoreRow(name, "tutorial", 7, score, 1, 0, DATE, "test", session, 0, "team")


def play(
    store: ScoreStore, tag: str, told: list[str | None], teams: int = 2, levels=("tutorial", "zappos")
) -> list[str]:
    """A team session as the App saves it: after each turn the progress, the score, a flush and the
    notice; then the screens read (summary, leaderboard, practice). Returns the names saved."""
    names = []
    for level in levels:
        for t in range(teams):
            name = f"{tag}-{level}-{t}"
            store.record_progress(name, DATE, [(f"lesson-{level}", level)], [(level, f"case-{t}", t % 2 == 1)])
            store.save(ScoreRow(name, level, 7, 10 * t, 1, 0, DATE, "test", tag, 0, "team"))
            store.flush()
            told.append(store.take_notice())
            store.rows(session=tag, limit=10)
            store.best_scores(name)
            store.practice_deck(name)
            told.append(store.take_notice())
            names.append(name)
    return names


def in_database(folder: Path) -> Counter:
    """The names in the score file, read on the side (read-only), whatever state it is in."""
    path = folder / "scores.db"
    if not path.is_file():
        return Counter()
    try:
        conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
        try:
            return Counter(r[0] for r in conn.execute("SELECT name FROM scores"))
        finally:
            conn.close()
    except sqlite3.Error:
        return Counter()


def in_fallback(path: Path) -> Counter:
    if not path.is_file():
        return Counter()
    found = Counter()
    for line in path.read_text(encoding="ascii").splitlines():
        with_row = json.loads(line) if line.strip() else {}
        if with_row.get("type") == "score":
            found[with_row["row"]["name"]] += 1
    return found


def kept_path(notice: str) -> Path:
    """The fallback file a notice names."""
    return Path(notice.split(" kept in ")[1].split(" and will be saved")[0])


def seed_file(folder: Path) -> None:
    store = ScoreStore.open(folder)
    store.save(row("earlier", 1))
    store.close()


def check_all_written_once(folder: Path, names: list[str], store: ScoreStore) -> None:
    """The fault is gone: the store's flush, then another run's, write everything exactly once."""
    store.flush()
    ScoreStore.open(folder).flush()
    counts = in_database(folder)
    assert {n: counts[n] for n in names} == dict.fromkeys(names, 1)
    assert not (folder / FALLBACK_NAME).exists()


# -- every operation failing in turn


@pytest.mark.parametrize("persist", [False, True], ids=["once", "from-then-on"])
@pytest.mark.parametrize("message", [FULL, READ_ONLY, LOCKED], ids=["full", "read-only", "locked"])
def test_each_operation_failing_in_turn_loses_no_score_and_writes_each_once(tmp_path, faults, message, persist):
    seed_file(tmp_path / "clean")
    faults.reset("", 0, False)
    play(ScoreStore.open(tmp_path / "clean"), "clean", [])
    total = faults.calls  # every operation a session makes, from the open to the last read
    assert total > 60
    for at in range(1, total + 1):
        folder = tmp_path / f"at-{at}"
        seed_file(folder)
        faults.reset(message, at, persist)
        store = ScoreStore.open(folder)
        told = [store.notice]
        names = play(store, f"s{at}", told)
        kept = in_database(folder) + in_fallback(folder / FALLBACK_NAME)
        assert all(kept[n] >= 1 for n in names), (at, kept)
        told = [t for t in told if t]
        assert all("\n" not in t and "rollback" not in t.lower() for t in told), told
        if faults.raised:
            assert any(SAYS[message] in t for t in told), (at, told)
        if in_fallback(folder / FALLBACK_NAME):
            assert any(str(folder / FALLBACK_NAME) in t for t in told), (at, told)
        faults.on = False
        check_all_written_once(folder, names, store)
        assert in_database(folder)["earlier"] == 1 and list(folder.glob("scores.db.*")) == []  # never moved aside
        fresh = ScoreStore.open(folder)
        for name in names:
            level, t = name.split("-")[1], int(name.split("-")[2])
            assert f"lesson-{level}" in fresh.lessons_met(name)
            assert fresh.practice_deck(name) == ([] if t % 2 else [(level, f"case-{t}")]), (at, name)


def test_a_fault_in_a_read_shows_what_is_kept_and_says_so_once(tmp_path, faults):
    store = ScoreStore.open(tmp_path)
    store.save(row("saved", 3))
    faults.fail_from_now(LOCKED)
    assert store.rows() == []  # nothing readable, nothing raised
    assert SAYS[LOCKED] in (store.take_notice() or "")
    assert store.rows() == [] and store.names() == [] and store.take_notice() is None
    store.save(row("kept", 5))
    assert [r.name for r in store.rows()] == ["kept"]  # a kept score shows at once
    faults.on = False
    assert store.flush() == 1
    assert [r.name for r in store.rows()] == ["kept", "saved"]


# -- real faults


def test_a_full_disk_keeps_every_score_and_names_the_real_error(tmp_path, monkeypatch, short_waits):
    """SQLite's own SQLITE_FULL: the file may not grow past its size now (max_page_count)."""
    store = ScoreStore.open(tmp_path)
    store.save(row("before"))
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    real = scores._sqlite_connect

    def capped(*args, **kw):
        conn = real(*args, **kw)
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    monkeypatch.setattr(scores, "_sqlite_connect", capped)
    names, notice = [], None
    for i in range(400):
        names.append(f"fill-{i}-" + "x" * 30)
        store.save(row(names[-1], i))
        if notice := store.take_notice():
            break
    assert notice and "the disk is full" in notice and "rollback" not in notice.lower(), notice
    assert kept_path(notice) == tmp_path / FALLBACK_NAME
    for i in range(5):  # the level after: still full, told no more
        store.record_progress(f"more-{i}", DATE, [("l", "tutorial")], [])
        store.save(row(f"more-{i}"))
        names.append(f"more-{i}")
        assert store.flush() == 0 and store.take_notice() is None
    kept = in_database(tmp_path) + in_fallback(tmp_path / FALLBACK_NAME)
    assert all(kept[n] == 1 for n in names)
    monkeypatch.setattr(scores, "_sqlite_connect", real)  # space again
    check_all_written_once(tmp_path, ["before", *names], store)
    assert "now saved" in (store.take_notice() or "")


def test_a_read_only_folder_still_shows_its_scores_and_keeps_new_ones(tmp_path, monkeypatch, short_waits):
    """The folder refuses writes (as a read-only mount would, even for root): the file is opened
    with a mode=ro URI, so SQLite itself refuses to write, and every read still works."""
    store = ScoreStore.open(tmp_path)
    store.save(row("old", 4))
    store.record_progress("old", DATE, [("l1", "tutorial")], [("tutorial", "c1", False)])
    store.close()
    monkeypatch.setattr(scores, "_check_writable", refuse_writes)
    store = ScoreStore.open(tmp_path)
    assert "cannot be written" in store.notice and "read-only" in store.notice and "scores are shown" in store.notice
    with pytest.raises(sqlite3.OperationalError, match="readonly"):  # opened read-only: SQLite itself refuses
        store.conn.execute("DELETE FROM scores")
    assert [r.name for r in store.rows()] == ["old"]
    assert store.best_scores("old") == {"tutorial": 4} and store.names() == ["old"]
    assert store.lessons_met("old") == {"l1"} and store.practice_deck("old") == [("tutorial", "c1")]
    store.save(row("new", 9))
    store.record_progress("old", DATE, [("l2", "tutorial")], [("tutorial", "c1", True)])
    notice = store.take_notice()
    assert notice and "read-only" in notice and kept_path(notice) == tmp_path / FALLBACK_NAME
    assert [r.name for r in store.rows()] == ["new", "old"] and store.lessons_met("old") == {"l1", "l2"}
    assert store.practice_deck("old") == []  # the kept progress counts already
    out = tmp_path / "export.csv"
    assert store.export_csv(out) == 2
    assert in_database(tmp_path) == Counter(["old"])
    monkeypatch.undo()
    check_all_written_once(tmp_path, ["old", "new"], store)
    again = ScoreStore.open(tmp_path)
    assert again.lessons_met("old") == {"l1", "l2"} and again.practice_deck("old") == []


def refuse_writes(folder: Path, path: Path) -> None:
    """The folder refuses writes, as a read-only mount would (even for root)."""
    raise PermissionError(errno.EROFS, "Read-only file system", str(folder))


def test_an_older_file_in_a_read_only_folder_is_read_as_it_is(tmp_path, monkeypatch):
    format_2_file(tmp_path)
    monkeypatch.setattr(scores, "_check_writable", refuse_writes)
    store = ScoreStore.open(tmp_path)
    rows = store.rows()
    assert len(rows) == 30 and {(r.kind, r.satisfied) for r in rows} == {("solo", 0)}
    assert sqlite3.connect(tmp_path / "scores.db").execute("PRAGMA user_version").fetchone()[0] == 2  # not upgraded


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes through chmod; see above")
def test_a_folder_made_read_only_by_chmod(tmp_path, short_waits):
    folder = tmp_path / "data"
    store = ScoreStore.open(folder)
    store.save(row("old"))
    folder.chmod(0o500)
    try:
        store.save(row("during"))
        notice = store.take_notice()
        assert notice and "read-only" in notice and FALLBACK_NAME in notice
        other = ScoreStore.open(folder)
        assert "read-only" in other.notice and [r.name for r in other.rows()] == ["old"]
        assert "during" in in_fallback(kept_path(notice))
    finally:
        folder.chmod(0o700)
    store.flush()
    assert in_database(folder) == Counter(["old", "during"])


@pytest.mark.parametrize("cut", [0.0, 0.5])
def test_a_file_truncated_during_play(tmp_path, cut, short_waits):
    store = ScoreStore.open(tmp_path)
    for i in range(60):
        store.save(row(f"early-{i}" + "x" * 40, i))
    db = tmp_path / "scores.db"
    os.truncate(db, int(db.stat().st_size * cut))
    after = []
    for i in range(3):
        store.record_progress(f"after-{i}", DATE, [("l", "tutorial")], [])
        store.save(row(f"after-{i}", 100 + i))
        after.append(f"after-{i}")
        store.flush()
        assert store.rows(limit=3)  # the screens still read
    kept = in_database(tmp_path) + in_fallback(tmp_path / FALLBACK_NAME)
    assert all(kept[n] >= 1 for n in after), kept
    check_all_written_once(tmp_path, after, store)


def test_a_file_deleted_during_play_is_started_again(tmp_path, short_waits):
    store = ScoreStore.open(tmp_path)
    store.save(row("before"))
    (tmp_path / "scores.db").unlink()
    store.save(row("after"))
    notice = store.take_notice()
    assert notice and "removed during play" in notice and "new one" in notice
    assert in_database(tmp_path) == Counter(["after"])  # in the new file, not into the deleted one
    assert not (tmp_path / FALLBACK_NAME).exists()


def test_a_file_replaced_by_a_folder_during_play(tmp_path, short_waits):
    store = ScoreStore.open(tmp_path)
    store.save(row("before"))
    db = tmp_path / "scores.db"
    db.unlink()
    db.mkdir()
    store.record_progress("during", DATE, [("l", "tutorial")], [("tutorial", "c", False)])
    store.save(row("during", 2))
    notice = store.take_notice()
    assert notice and "not a file" in notice and kept_path(notice) == tmp_path / FALLBACK_NAME
    assert in_fallback(tmp_path / FALLBACK_NAME) == Counter(["during"])
    assert "during" in [r.name for r in store.rows()]
    assert store.flush() == 0  # still a folder: kept, not raised
    db.rmdir()
    assert store.flush() == 2  # the score and the progress
    assert in_database(tmp_path) == Counter(["during"])
    assert ScoreStore.open(tmp_path).practice_deck("during") == [("tutorial", "c")]


HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


def test_a_lock_held_by_another_program_is_waited_for_briefly_and_said(tmp_path, monkeypatch):
    monkeypatch.setattr(scores, "LOCK_WAIT_S", 1.2)
    monkeypatch.setattr(scores, "RETRY_WAIT_S", 0.1)
    store = ScoreStore.open(tmp_path)
    store.save(row("before"))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "scores.db")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "locked\n"
        start = time.monotonic()
        store.record_progress("during", DATE, [("l", "tutorial")], [])
        store.save(row("during", 2))
        store.flush()
        waited = time.monotonic() - start
        assert 1.2 <= waited < 2.3  # the full wait once (the progress), then short ones: not one per save
        notice = store.take_notice()
        assert notice and "another program holds the file locked" in notice
        assert kept_path(notice) == tmp_path / FALLBACK_NAME
        assert "during" in [r.name for r in store.rows()]
        start = time.monotonic()
        other = ScoreStore.open(tmp_path)  # a second copy starting meanwhile does not wait minutes
        assert 1.2 <= time.monotonic() - start < 2.5
        assert "another program holds the file locked" in other.notice
        assert other.flush() == 0
    finally:
        holder.communicate("\n", timeout=30)
    assert store.flush() == 2
    assert other.flush() == 0  # its copy of the kept entries went in already: nothing twice
    assert in_database(tmp_path) == Counter(["before", "during"])
    assert not (tmp_path / FALLBACK_NAME).exists()


# -- where a kept score goes when the data folder takes nothing


def test_a_fallback_the_data_folder_refuses_goes_to_a_private_folder(tmp_path, faults):
    store = ScoreStore.open(tmp_path)
    (tmp_path / FALLBACK_NAME).mkdir()  # taken by something that is not a file
    faults.fail_from_now(FULL)
    store.save(row("aside", 1))
    notice = store.take_notice()
    private = kept_path(notice)
    assert tmp_path not in private.parents and private.is_file()
    assert oct(private.parent.stat().st_mode & 0o777) == oct(0o700)  # mkdtemp: nobody else's to read or guess
    assert in_fallback(private) == Counter(["aside"])
    faults.on = False
    assert store.flush() == 1
    assert in_database(tmp_path) == Counter(["aside"]) and not private.parent.exists()


def test_nothing_writable_keeps_the_score_in_memory_and_says_so(tmp_path, faults, monkeypatch):
    store = ScoreStore.open(tmp_path)
    (tmp_path / FALLBACK_NAME).mkdir()

    def no_temp(*args, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(scores.tempfile, "mkdtemp", no_temp)
    faults.fail_from_now(FULL)
    store.save(row("memory", 1))
    notice = store.take_notice()
    assert notice and "in memory only" in notice and "the disk is full" in notice
    assert [r.name for r in store.rows()] == ["memory"]
    faults.on = False
    assert store.flush() == 1
    assert in_database(tmp_path) == Counter(["memory"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_as_the_fallback_never_hangs(tmp_path, faults):
    os.mkfifo(tmp_path / FALLBACK_NAME)
    signal.alarm(20)  # a hang fails the test instead of the whole run
    try:
        store = ScoreStore.open(tmp_path)
        faults.fail_from_now(FULL)
        store.save(row("piped"))
        notice = store.take_notice()
        assert notice and tmp_path not in kept_path(notice).parents
        faults.on = False
        assert store.flush() == 1
    finally:
        signal.alarm(0)
    assert in_database(tmp_path) == Counter(["piped"])


def entry_line(uid: str, **row_values) -> str:
    values = dict(
        zip(scores.COLUMNS, (f"n-{uid}", "tutorial", 7, 1, 1, 0, DATE, "t", "", 0, "solo", "", uid), strict=True)
    )
    return json.dumps({"uid": uid, "type": "score", "row": values | row_values})


def test_an_earlier_runs_fallback_is_written_once_and_its_bad_lines_left_alone(tmp_path, faults):
    bad = [
        "not json at all",
        "[1, 2, 3]",
        json.dumps({"type": "score", "row": {}}),  # no id
        entry_line("wrongtype", score="lots"),
        entry_line("wrongkind", kind="practice"),
        json.dumps({"uid": "p-bad", "type": "progress", "name": "x", "date": DATE, "met": [[1, 2]], "handled": []}),
    ]
    good = [
        entry_line("u1"),
        entry_line("u1"),  # the same entry twice: one row
        entry_line("huge", name="\x1b[2J" + "N" * 100_000),
        json.dumps(
            {
                "uid": "p1",
                "type": "progress",
                "name": "n-u1",
                "date": DATE,
                "met": [["l1", "tutorial"]],
                "handled": [["tutorial", "c1", False]],
            }
        ),
    ]
    cut = '{"uid": "cut", "type": "sco'  # a crash in the middle of a line
    (tmp_path / FALLBACK_NAME).write_text("\n".join(bad + good) + "\n" + cut, encoding="ascii")
    store = ScoreStore.open(tmp_path)
    assert sorted(r.name for r in store.rows()) == sorted(["n-u1", "[2J" + "N" * (MAX_NAME - 3)])  # shown before saved
    faults.fail_from_now(LOCKED)
    store.save(row("new-one"))  # appended after the cut line, never glued to it
    faults.on = False
    assert store.flush() == 4  # u1, huge, p1 and new-one
    counts = in_database(tmp_path)
    assert counts == Counter(["n-u1", "[2J" + "N" * (MAX_NAME - 3), "new-one"])
    assert store.lessons_met("n-u1") == {"l1"} and store.practice_deck("n-u1") == [("tutorial", "c1")]
    left = (tmp_path / FALLBACK_NAME).read_text(encoding="ascii").splitlines()
    assert left == bad + [cut]  # what could not be read is kept for a person to look at
    assert ScoreStore.open(tmp_path).flush() == 0 and in_database(tmp_path) == counts


def test_a_crash_after_the_write_but_before_the_fallback_is_cleaned_makes_no_second_row(tmp_path, faults):
    store = ScoreStore.open(tmp_path)
    faults.fail_from_now(FULL)
    store.record_progress("p", DATE, [("l", "tutorial")], [("tutorial", "c", False)])
    store.save(row("once"))
    before = (tmp_path / FALLBACK_NAME).read_bytes()
    faults.on = False
    assert store.flush() == 2
    (tmp_path / FALLBACK_NAME).write_bytes(before)  # as if the run died before taking them out
    store.record_progress("p", DATE, [], [("tutorial", "c", True)])  # a later, newer progress
    assert ScoreStore.open(tmp_path).flush() == 0
    assert in_database(tmp_path) == Counter(["once"])
    assert ScoreStore.open(tmp_path).practice_deck("p") == []  # the old entry did not come back over the new one


# -- the game plays on


def test_a_team_session_plays_on_to_the_podium_when_every_save_fails(tmp_path, faults):
    import pygame

    from game.app import App
    from game.dev.drive import click, play_through, press, type_text

    app = App(size=(1280, 720), seed=1, data_dir=tmp_path)
    try:
        faults.fail_from_now(FULL)
        click(app, "teams")
        click(app, "team:0")
        type_text(app, "Alfa")
        click(app, "team:1")
        type_text(app, "Beta")
        click(app, "start")
        play_through(app, [("fix",), ("ignore",), ("fix",)])
        press(app, "confirm")
        assert app.scene.name == "scoreboard"
        press(app, "confirm")
        play_through(app, [("exceed",), ("fix",), ("ignore",)])
        press(app, "confirm")
        assert app.scene.name == "podium"
        names = [t.team.name for t in app.session.teams.turns]
        assert len(names) == 2
        assert in_fallback(tmp_path / FALLBACK_NAME) == Counter(names)
        assert any("the disk is full" in n for n in app.notices)
        faults.on = False
        app.store.flush()
        assert in_database(tmp_path) == Counter(names)
    finally:
        pygame.quit()
