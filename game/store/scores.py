"""Scores in SQLite. Every save is its own transaction, so a crash or `kill -9` at any moment
leaves every earlier score readable; SQLite's locking lets two copies of the game write at once.
A file that is damaged, or written by a newer version, is moved aside with a message, never
overwritten.

A save that fails (a read-only folder, a full disk, a lock held too long, the file removed or
damaged during play) never raises and never loses the score: it is kept in memory and in
`pending-scores.jsonl` beside the database (or in a private temporary folder), and `flush()`
writes it when it can. Every entry carries a unique id, so a retry never makes a second row.
Text read back from the file is checked where it enters, since another program may have written it.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import functools
import heapq
import itertools
import json
import logging
import math
import os
import sqlite3
import stat
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from game.core import seedcode
from game.core.choices import CaseChoice
from game.core.model import Outcome, Response
from game.core.names import MAX_NAME, clean_name

log = logging.getLogger(__name__)

# 2: lessons met and the practice deck, per player; 3: satisfied and kind (solo or team);
# 4: a unique id per score and per progress entry, so a save retried from the fallback never doubles;
# 5: a group per score, every score its id, each case's choice kept with its score, what was sent
# to a company board, and indexes for every way a screen or a command asks (a million rows)
SCHEMA_VERSION = 5
FILE_NAME = "scores.db"


def _mark_path(path: Path) -> Path:
    """Beside the file, hidden: how it was when this game last saw it well."""
    return path.with_name(f".{path.name}-checked")


FALLBACK_NAME = "pending-scores.jsonl"  # scores a failed save kept, one JSON object a line
LOCK_WAIT_S = 5.0  # the longest wait for another program's lock, at open and at a save: never minutes in silence
RETRY_WAIT_S = 0.5  # reads and retries of kept scores wait less: the screen must not freeze after every level
MAX_FALLBACK_BYTES = 16 * 1024 * 1024  # a fallback file larger than this is not ours: read no more of it
STREAM_BATCH = 2000  # rows fetched at a time when a list is streamed
MAX_CHOICES = 1000  # the cases kept with one score: a shift is a dozen; a line claiming more is not ours
MAX_TEXT = 200  # a text cell read back is capped (a name at names.MAX_NAME): another program may have written it
SHOWN_TEXT = ("name", "level")  # the text a screen fits by measuring: capped in SQL (a fallback line: every text)
SCHEMA = """
CREATE TABLE IF NOT EXISTS scores (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    seed INTEGER NOT NULL,
    score INTEGER NOT NULL,
    ambassadors INTEGER NOT NULL,
    lost INTEGER NOT NULL,
    date TEXT NOT NULL,
    version TEXT NOT NULL,
    session TEXT NOT NULL DEFAULT '',
    satisfied INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL DEFAULT 'solo',
    uid TEXT,
    cohort TEXT NOT NULL DEFAULT ''
)
"""
# Columns added to the scores table after its first format, each with a default that says what an
# older row meant (every score before format 3 was a solo one, its satisfied customers not kept;
# a score before format 4 has no id, NULL, which a UNIQUE index allows many times).
ADDED_COLUMNS = {
    "satisfied": "INTEGER NOT NULL DEFAULT 0",
    "kind": "TEXT NOT NULL DEFAULT 'solo'",
    "uid": "TEXT",
    "cohort": "TEXT NOT NULL DEFAULT ''",
}
# What a file opened read-only (so not upgraded) means by a column it does not have yet.
READ_DEFAULTS = {"satisfied": "0", "kind": "'solo'", "cohort": "''", "uid": "''"}
KINDS = ("solo", "team")


LESSONS_SCHEMA = """
CREATE TABLE IF NOT EXISTS lessons_met (
    name TEXT NOT NULL, lesson TEXT NOT NULL, level TEXT NOT NULL, date TEXT NOT NULL,
    PRIMARY KEY (name, lesson)
)
"""
PRACTICE_SCHEMA = """
CREATE TABLE IF NOT EXISTS practice (
    name TEXT NOT NULL, level TEXT NOT NULL, case_id TEXT NOT NULL, date TEXT NOT NULL,
    PRIMARY KEY (name, level, case_id)
)
"""
# The ids of the progress entries written, so one sent again (from the fallback) is not applied twice.
PROGRESS_SAVED_SCHEMA = """
CREATE TABLE IF NOT EXISTS progress_saved (uid TEXT PRIMARY KEY, date TEXT NOT NULL)
"""
# Each case of a saved score as the player met it (the trainer's report counts these).
CHOICES_SCHEMA = """
CREATE TABLE IF NOT EXISTS choices (
    score_uid TEXT NOT NULL, seq INTEGER NOT NULL, level TEXT NOT NULL, case_id TEXT NOT NULL,
    response TEXT NOT NULL, outcome TEXT NOT NULL, asked INTEGER NOT NULL, apologised INTEGER NOT NULL,
    timed_out INTEGER NOT NULL, minutes INTEGER NOT NULL, money INTEGER NOT NULL, score INTEGER NOT NULL,
    PRIMARY KEY (score_uid, seq)
)
"""
# The scores this laptop has sent to a company board (by id): a sync sends only the others.
SENT_SCHEMA = """
CREATE TABLE IF NOT EXISTS sent (uid TEXT PRIMARY KEY, board TEXT NOT NULL, date TEXT NOT NULL)
"""
# Best first, as every list shows them; one index per way of asking, so no question scans a million rows.
RANK = "score DESC, ambassadors DESC, lost ASC, date ASC"
# A score's session code, worked out by SQLite as each score is written, so `scores list` and the
# export read it from `scores_listed` instead of working it out for a million rows (1.6 s). A
# virtual column: never stored in the table, so always what the seed says, whoever wrote the row.
CODE_COLUMN = f"code TEXT GENERATED ALWAYS AS ({seedcode.sql('seed')}) VIRTUAL"
# in rank order with what a list and an export show: both read a million rows from the index alone
LISTED_INDEX = f"CREATE INDEX IF NOT EXISTS scores_listed ON scores({RANK}, id, name, level, code, satisfied, kind, cohort, version)"
# ...and where the column cannot be added (a SQLite before 3.35), the index as it was before it
LISTED_BY_SEED = f"CREATE INDEX IF NOT EXISTS scores_listed ON scores({RANK}, id, name, level, seed)"
INDEXES = (
    LISTED_INDEX,
    f"CREATE INDEX IF NOT EXISTS scores_level_rank ON scores(level, {RANK})",
    f"CREATE INDEX IF NOT EXISTS scores_session_rank ON scores(session, {RANK})",
    f"CREATE INDEX IF NOT EXISTS scores_cohort_rank ON scores(cohort, {RANK})",
    "CREATE INDEX IF NOT EXISTS scores_name ON scores(name, level, score)",
    "CREATE UNIQUE INDEX IF NOT EXISTS scores_uid ON scores(uid)",
)
RETIRED_INDEXES = ("scores_level", "scores_rank")  # format 4's, and scores_listed's first columns


Columns = Callable[[str], tuple[str, ...]]  # a list's SQL, given how a file spells a score's session code


class _Score(NamedTuple):
    name: str
    level: str
    seed: int
    score: int
    ambassadors: int
    lost: int
    date: str
    version: str
    session: str = ""
    satisfied: int = 0
    kind: str = "solo"
    cohort: str = ""  # the group: a cohort, a site, a workshop
    uid: str = ""  # given at the save; the same score sent twice is one score


class ScoreRow(_Score):
    """One saved score. A named tuple: a million are read for a list or an export, and one is
    made in a fraction of a dataclass's time (`_make` skips the check for rows checked already)."""

    __slots__ = ()

    def __new__(cls, *args: object, **kwargs: object) -> ScoreRow:
        row = super().__new__(cls, *args, **kwargs)
        if row.kind not in KINDS:
            raise ValueError(f"kind: expected one of {', '.join(KINDS)}, got {row.kind!r}")
        return row

    @property
    def code(self) -> str:
        return seedcode.encode(self.seed) if 0 <= self.seed <= seedcode.MAX_SEED else str(self.seed)


COLUMNS = list(ScoreRow._fields)
TYPES: dict[str, type] = {
    name: int if getattr(kind, "__forward_arg__", kind) in ("int", int) else str
    for name, kind in _Score.__annotations__.items()
}
_TYPE_LIST = tuple(TYPES[c] for c in COLUMNS)
_KIND = COLUMNS.index("kind")
# True in SQL for a row `_checked_row` keeps: every column of its type (a missing uid reads as ''),
# a known kind. The partial index `scores_odd` holds the others, so a list asks for them at once
# (a change here makes it again at the next start: SQLite uses a partial index only for its own condition).
VALID = " AND ".join(
    [f"typeof({c}) = '{'integer' if TYPES[c] is int else 'text'}'" for c in COLUMNS if c != "uid"]
    + ["typeof(uid) IN ('text', 'null')", "kind IN ({})".format(", ".join(f"'{k}'" for k in KINDS))]
)
INDEXES += (f"CREATE INDEX IF NOT EXISTS scores_odd ON scores(id) WHERE NOT ({VALID})",)
CHOICE_COLUMNS = "level, case_id, response, outcome, asked, apologised, timed_out, minutes, money, score"
CHOICE_INSERT = f"INSERT OR IGNORE INTO choices (score_uid, seq, {CHOICE_COLUMNS}) VALUES ({', '.join('?' * 12)})"
CHOICE_TYPES = (str, str, str, str, bool, bool, bool, int, int, int)
RESPONSE_NAMES = frozenset(r.value for r in Response)
OUTCOME_NAMES = frozenset(o.value for o in Outcome)
CSV_COLUMNS = [
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
SEPARATORS = (",", ";")

# OWASP's list, and a line feed: a cell starting so may run as a formula (also after spaces or NULs)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# What may start a cell `_cell` changes: a formula's first character, or any space before one.
_CELL_STARTS = (*FORMULA_STARTS, *"\x0b\x0c\x1c\x1d\x1e\x1f \x85\xa0\u1680\u3000\u2028\u2029\u202f\u205f")
_CELL_STARTS += tuple(chr(c) for c in range(0x2000, 0x200B))  # (tests: every character str.isspace knows)
# True in SQL for a row whose text SQLite may write into a list's line and an export's cells as it
# is: a name that `clean_name` keeps as it is (no double or outer space, short enough; printable,
# which Python checks on what SQLite wrote), no NUL in the text shown (SQLite's `printf` stops at
# one), no cell that `_cell` would change (a negative seed's code starts with a minus). The game
# writes no other; the partial index `scores_unplain` holds those another program did, so a list
# tells them apart without working this out for a million rows.
_SHOWN = ("name", "level", "cohort", "date", "version")
# Text starting with one of `_CELL_STARTS`, as a GLOB (its minus last, where it is not a range):
# ten times quicker than an IN list when a million rows' partial index is made.
_CELL_GLOB = "'[' || char({}) || '-]*'".format(", ".join(str(ord(c)) for c in _CELL_STARTS if c != "-"))
PLAIN = " AND ".join(
    [f"length(name) <= {MAX_NAME}", "instr(name, '  ') = 0", "trim(name, ' ') = name", "seed >= 0"]
    + [f"instr(CAST({c} AS BLOB), x'00') = 0" for c in _SHOWN]
    + [f"{c} NOT GLOB {_CELL_GLOB}" for c in _SHOWN]
)
INDEXES += (f"CREATE INDEX IF NOT EXISTS scores_unplain ON scores(id) WHERE NOT ({PLAIN})",)
NOT_PLAIN = f"id IN (SELECT id FROM scores WHERE NOT ({PLAIN}))"  # (through scores_unplain)

Progress = tuple[str, str, tuple[tuple[str, str], ...], tuple[tuple[str, str, bool], ...]]


@dataclass(eq=False)
class _Entry:
    """A score or a player's progress on its way to the database; `where` is the fallback file holding
    it, `kept` says a save of it failed once (or it came from a fallback file)."""

    uid: str
    row: ScoreRow | None = None
    progress: Progress | None = None
    where: Path | None = None
    kept: bool = False
    choices: tuple[CaseChoice, ...] = ()

    def to_json(self) -> str:
        if self.row is not None:
            body: dict = {"uid": self.uid, "type": "score", "row": dict(zip(COLUMNS, tuple(self.row), strict=True))}
            if self.choices:
                body["choices"] = [list(c) for c in self.choices]
        else:
            assert self.progress is not None
            name, date, met, handled = self.progress
            body = {"uid": self.uid, "type": "progress", "name": name, "date": date}
            body |= {"met": [list(m) for m in met], "handled": [list(h) for h in handled]}
        return json.dumps(body, ensure_ascii=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, line: bytes) -> _Entry | None:
        """An entry from a fallback line, or None: the file may have been written by anyone."""
        try:
            body = json.loads(line)
        except (ValueError, RecursionError):
            return None
        if not isinstance(body, dict):
            return None
        uid = body.get("uid")
        if not (isinstance(uid, str) and 0 < len(uid) <= 64):
            return None
        if body.get("type") == "score" and isinstance(body.get("row"), dict):
            given = body["row"] | {"uid": uid}  # a line from before format 5 has no group: it had none
            given.setdefault("cohort", "")
            row = _checked_row(tuple(given.get(c) for c in COLUMNS), capped=False)
            raw = body.get("choices", [])
            choices = [_checked_choice(c) for c in raw] if isinstance(raw, list) and len(raw) <= MAX_CHOICES else []
            if row is None or None in choices:
                return None
            return cls(uid, row=row, kept=True, choices=tuple(c for c in choices if c is not None))
        if body.get("type") == "progress":
            name, date, met, handled = (body.get(k) for k in ("name", "date", "met", "handled"))
            if not (isinstance(name, str) and isinstance(date, str)):
                return None
            if not (isinstance(met, list) and all(_strings(m, 2) for m in met)):
                return None
            if not (isinstance(handled, list) and all(_handled_ok(h) for h in handled)):
                return None
            progress = (name, date, tuple(tuple(m) for m in met), tuple((h[0], h[1], h[2]) for h in handled))
            return cls(uid, progress=progress, kept=True)
        return None


def _strings(value: object, count: int) -> bool:
    return isinstance(value, list) and len(value) == count and all(isinstance(v, str) for v in value)


def _handled_ok(value: object) -> bool:
    return isinstance(value, list) and len(value) == 3 and _strings(value[:2], 2) and isinstance(value[2], bool)


class Listing:
    """What every store lists the same way, on top of its own `iter_rows`: the laptop's file and the
    company board."""

    def iter_rows(self, *args: str | None, **kwargs: str | int | None) -> Iterator[ScoreRow]:
        raise NotImplementedError

    def ranked(self, columns: Columns, **filters: str | None) -> Iterator[list[tuple]] | None:
        """A list's lines worked out by the database (`ScoreStore.ranked`); None: use `iter_rows`."""
        return None

    def rows_at(self, rowids: list[int]) -> dict[int, ScoreRow]:
        raise NotImplementedError

    def _with_choices(self, rows: list[ScoreRow]) -> Iterator[tuple[ScoreRow, tuple[CaseChoice, ...]]]:
        raise NotImplementedError

    def choices(
        self,
        level: str | None = None,
        session: str | None = None,
        cohort: str | None = None,
        name: str | None = None,
        since: str | None = None,
    ) -> Iterator[tuple[ScoreRow, tuple[CaseChoice, ...]]]:
        """Each matching score (as `iter_rows` gives it) with the choices made in its cases, in order:
        what the trainer's report counts. A score saved before format 5 has none. Asked in batches,
        so a company's million scores never sit in memory at once."""
        batch: list[ScoreRow] = []
        for row in itertools.chain(self.iter_rows(level, session, cohort, name, since), [None]):
            if row is not None:
                batch.append(row)
            if batch and (row is None or len(batch) >= 500):
                yield from self._with_choices(batch)
                batch = []

    def rows(
        self, level: str | None = None, session: str | None = None, limit: int | None = None, **more: str | None
    ) -> list[ScoreRow]:
        """Best first; ties by date, earlier first. `more`: the filters of `iter_rows`."""
        return list(self.iter_rows(level=level, session=session, limit=limit, **more))

    def export_csv(
        self, target: Path, titles: dict[str, str] | None = None, sep: str = ",", **filters: str | None
    ) -> int:
        """Every score, best first, as CSV a spreadsheet opens in columns: UTF-8 with a BOM so Ø and
        Å survive, split by `sep` (`;` for a Nordic spreadsheet: `strings.list_separator`). No `sep=` hint
        line: with one, Excel ignores the BOM and garbles every Nordic letter. The store keeps level
        ids only: `titles` maps them to the titles to show, in the caller's language. Streamed, so a
        million rows take no more memory than ten. `filters`: those of `iter_rows`. Returns the
        number of scores."""
        if sep not in SEPARATORS:
            raise ValueError(f"sep: expected one of {' '.join(SEPARATORS)}, got {sep!r}")
        titles = titles or {}
        count = 0
        cells: dict[str, object] = {}  # names, levels, dates repeat: each made safe once (bounded)

        def cell(text: str) -> object:
            safe = cells.get(text)
            if safe is None:
                if len(cells) > 50_000:
                    cells.clear()
                safe = cells[text] = _cell(text)
            return safe

        def cells_of(r: ScoreRow) -> tuple:  # every text cell made safe; the numbers are ours
            return (
                *(cell(v) for v in (r.name, r.level, titles.get(r.level, ""), r.code)),
                *(r.score, r.ambassadors, r.satisfied, r.lost),
                *(cell(v) for v in (r.kind, r.cohort, r.date, r.version)),
            )

        with open(target, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f, delimiter=sep, quoting=csv.QUOTE_NONNUMERIC)  # text quoted: LibreOffice may split on both
            w.writerow(CSV_COLUMNS)
            made = self.ranked(functools.partial(_csv_sql, sep), **filters)
            if made is None:  # the company board, or scores kept aside that join in their places
                found = self.iter_rows(**filters)
                while batch := list(itertools.islice(found, STREAM_BATCH)):
                    w.writerows(cells_of(r) for r in batch)
                    count += len(batch)
                return count
            quoted = {"": '""'}  # each title's cell, as the writer would quote it (a level with none: "")

            def title_cell(level: str) -> str:
                text = titles.get(level, "")
                if (cell_text := quoted.get(text)) is None:
                    cell_text = quoted[text] = '"{}"'.format(str(cell(text)).replace('"', '""'))
                return cell_text

            class ByLevel(dict):  # a level's cell by its id, found without a call (bounded, as `cells`)
                def __missing__(self, level: str) -> str:
                    if len(self) > 50_000:
                        self.clear()
                    found = self[level] = title_cell(level)
                    return found

            title = ByLevel()

            with contextlib.closing(made):  # its read ends here, even when a write fails (a full disk)
                for rows in made:  # written by SQLite but for the title; by the writer where it cannot be
                    heads = [head for head, _, _, _ in rows]
                    if (
                        None not in heads
                        and (text := "".join(heads)).isprintable()
                        and _written(text + "".join([tail for _, _, tail, _ in rows]))
                    ):  # the usual batch: as SQLite wrote it
                        f.write("".join([f"{head}{title[level]}{tail}\r\n" for head, level, tail, _ in rows]))
                        count += len(rows)
                        continue
                    trusted = [
                        head is not None and head.isprintable() and _written(head + tail) for head, _, tail, _ in rows
                    ]
                    again = self.rows_at([row[3] for row, ok in zip(rows, trusted, strict=True) if not ok])
                    for (head, level, tail, rowid), ok in zip(rows, trusted, strict=True):
                        if ok:
                            f.write(f"{head}{title[level]}{tail}\r\n")
                        elif (r := again.get(rowid)) is not None:  # (gone only if a person deleted it)
                            w.writerow(cells_of(r))
                        else:
                            continue
                        count += 1
        return count


class ScoreStore(Listing):
    """Open with `ScoreStore.open(folder)`; `notice` holds what the player should see about opening,
    `take_notice()` what happened since (a save that failed and where the score went), once."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path | None,
        notice: str = "",
        *,
        folder: Path | None = None,
        live: bool = True,
        cols: set[str] | None = None,
    ) -> None:
        self.conn = conn  # reads go here; writes too while `live` and the file at `path` is still this one
        self.path = path
        self.notice = notice
        self.folder = folder
        self._live = live
        self._stale = False  # the last write failed: connect again before the next one
        self._ident = _identity(path) if live and path is not None else None
        # the columns the file has: an older file opened read-only may lack some
        self._cols = cols if cols is not None else {*COLUMNS, "uid"}
        self._pending: list[_Entry] = []
        self._private: Path | None = None  # a folder of our own from mkdtemp, when the data folder takes nothing
        self._notice: str | None = None
        self._unread: str | None = None  # the reason in a failure notice not taken yet
        self._told: set[tuple] = set()  # the problems told since all was last well: none is told twice
        if folder is not None:
            self._load_fallbacks()  # scores kept by an earlier run show at once, and go in at the next flush

    @classmethod
    def open(cls, folder: Path) -> ScoreStore:
        path = folder / FILE_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            notice = (
                f"Scores cannot be saved in {folder} ({_reason(exc)}); new scores are kept aside until they can be."
            )
            return cls(_memory(), path, notice, folder=folder, live=False)
        try:
            _check_writable(folder, path)
        except (OSError, _Fault) as exc:
            return cls._read_only(folder, path, _reason(exc, path))
        notice = ""
        while True:
            try:
                conn, cols = _connect(path, LOCK_WAIT_S)
                return cls(conn, path, notice, folder=folder, cols=cols)
            except _Unusable as exc:
                if notice:  # moved aside once already: do not start a chain of moves
                    return cls._read_only(folder, path, _reason(exc), notice)
                try:
                    aside = _move_aside(path, exc.kind)
                except OSError as move:
                    return cls._read_only(
                        folder, path, f"{_reason(exc)}, and it could not be moved aside: {_reason(move)}"
                    )
                notice = f"The score file {path} {exc.reason}; it was moved to {aside.name} and a new one was started."
            except (sqlite3.Error, OSError) as exc:  # locked, full, read-only: never moved aside
                return cls._read_only(folder, path, _reason(exc, path), notice)

    @classmethod
    def _read_only(cls, folder: Path, path: Path, reason: str, earlier: str = "") -> ScoreStore:
        """The file cannot be written: show what it holds (opened read-only), keep new scores aside."""
        kept = "new scores are kept aside and saved when it can be written"
        try:
            conn, cols = _connect(path, RETRY_WAIT_S, readonly=True)
            notice = f"The score file {path} cannot be written ({reason}); its scores are shown, and {kept}."
        except (_Unusable, sqlite3.Error, OSError):
            conn, cols = _memory(), None
            notice = f"The score file {path} cannot be used ({reason}); {kept}."
        return cls(conn, path, f"{earlier} {notice}".strip(), folder=folder, live=False, cols=cols)

    @classmethod
    def open_for_sync(cls, folder: Path) -> ScoreStore:
        """The file for a company board's sync, on a thread of its own: no fallback files (the game's
        own store keeps those). Raises sqlite3.Error or OSError when the file cannot be used."""
        path = folder / FILE_NAME
        conn, cols = _connect(path, LOCK_WAIT_S)
        return cls(conn, path, folder=None, cols=cols)

    @classmethod
    def in_memory(cls, notice: str = "") -> ScoreStore:
        return cls(_memory(), None, notice)

    # -- writing: never raises, never loses a score
    def save(self, row: ScoreRow, choices: tuple[CaseChoice, ...] | list[CaseChoice] = ()) -> str:
        """One transaction per score, with its cases' choices: all of it lands, or none of it. BEGIN
        IMMEDIATE takes the write lock up front, so two copies of the game queue for it instead of
        deadlocking. When it cannot land, the score is kept (memory and the fallback file) for
        `flush`. Returns the score's id (the row's own, or a new one)."""
        uid = row.uid or _new_uid()
        self._submit(_Entry(uid, row=row._replace(uid=uid), choices=tuple(choices)[:MAX_CHOICES]))
        return uid

    def record_progress(
        self, name: str, date: str, met: list[tuple[str, str]], handled: list[tuple[str, str, bool]]
    ) -> None:
        """Lessons met (lesson, level) and cases handled (level, case, well) by one player, in one go:
        a case handled badly joins the practice deck, and leaves it once handled well."""
        if not met and not handled:
            return
        progress = (name, date, tuple((a, b) for a, b in met), tuple((a, b, bool(w)) for a, b, w in handled))
        self._submit(_Entry(_new_uid(), progress=progress))

    def flush(self) -> int:
        """Write every kept entry (from memory and the fallback files, an earlier run's too), oldest
        first, and take out of the fallback what got in. Returns how many entries (scores and
        progress) were written now; never raises."""
        try:
            written, failure = self._flush(RETRY_WAIT_S)
            if failure is not None:
                for entry in self._pending:
                    if entry.where is None:  # memory only so far: perhaps a fallback takes it now
                        entry.where = self._append(entry)
                where = next((e.where for e in self._pending), None)
                self._tell(failure, where, "the scores kept earlier wait {place} and will be saved when they can.")
            return written
        except Exception:  # the last line of defence: keep what is kept, let the game play on
            log.exception("retrying the kept scores failed unexpectedly")
            return 0

    def take_notice(self) -> str | None:
        """The one line the player should read about saving since the last call, or None."""
        notice, self._notice, self._unread = self._notice, None, None
        return notice

    # -- reading: never raises; rows are checked where they enter, kept scores are shown too
    def iter_rows(
        self,
        level: str | None = None,
        session: str | None = None,
        cohort: str | None = None,
        name: str | None = None,
        since: str | None = None,
        *,
        limit: int | None = None,
    ) -> Iterator[ScoreRow]:
        """Every score that matches, best first, streamed: a million rows in constant memory, each
        checked where it enters. Scores kept aside (not yet in the file) join in their places.
        `since`: an ISO date; scores on or after it. `limit`: at most this many (the file is asked
        for no more than can be shown)."""
        filters = {"level": level, "session": session, "cohort": cohort, "name": name}
        where, args = _where(filters, since)
        sql = f"SELECT {self._select()} FROM scores{where} ORDER BY {RANK}, id ASC"
        if limit is not None and limit >= 0:  # kept scores may take places: ask for as many more
            sql += f" LIMIT {int(limit) + len(self._pending)}"

        def wanted(row: ScoreRow) -> bool:
            return all(value is None or getattr(row, col) == value for col, value in filters.items()) and (
                since is None or row.date >= since
            )

        kept = [e.row for e in self._pending if e.row is not None and wanted(e.row)]
        stored = self._stored_uids([r.uid for r in kept])
        kept = [c for r in kept if r.uid not in stored and (c := _checked_row(tuple(r), capped=False))]
        found = ((row, values[-1]) for values in self._stream(sql, args) if (row := _checked_row(values[:-1])))
        if kept:  # the file's rows come in order already: kept ones are merged into their places
            found = heapq.merge(found, sorted(((r, math.inf) for r in kept), key=_by_order), key=_by_order)
        rows = (row for row, _ in found)
        return itertools.islice(rows, limit) if limit is not None and limit >= 0 else rows

    def ranked(
        self,
        columns: Columns,
        level: str | None = None,
        session: str | None = None,
        cohort: str | None = None,
        name: str | None = None,
        since: str | None = None,
    ) -> Iterator[list[tuple]] | None:
        """Rows of `columns` (SQL over a score's columns, given how this file spells its session
        code: `code`, or SQL that works it out where the file has no such column) and the score's id, for every score
        `iter_rows` gives, in the same order, worked out by SQLite and read in batches: a list made
        this way streams a million rows in seconds. Rows `_checked_row` skips are left out in SQL.
        None when only `iter_rows` can say: scores kept aside wait to join in their places, or the
        file lacks a column."""
        if any(e.row is not None for e in self._pending) or not {*COLUMNS, "uid"} <= self._cols:
            return None
        where, args = _where({"level": level, "session": session, "cohort": cohort, "name": name}, since)
        skip = f"id NOT IN (SELECT id FROM scores WHERE NOT ({VALID}))"  # (through scores_odd: none, usually)
        where = f"{where} AND {skip}" if where else f" WHERE {skip}"
        code = "code" if "code" in self._cols else seedcode.sql("seed")
        sql = f"SELECT {', '.join(columns(code))}, id FROM scores{where} ORDER BY {RANK}, id ASC"
        return self._batches(sql, args, quick=True)

    def rows_at(self, rowids: list[int]) -> dict[int, ScoreRow]:
        """Scores by their ids, checked as `iter_rows` checks them; one gone, or not a score, is left out."""
        found: dict[int, ScoreRow] = {}
        for i in range(0, len(rowids), 500):
            part = rowids[i : i + 500]
            sql = f"SELECT {self._select()} FROM scores WHERE id IN ({', '.join('?' * len(part))})"
            found |= {values[-1]: row for values in self._query(sql, part) if (row := _checked_row(values[:-1]))}
        return found

    def lessons_met(self, name: str) -> set[str]:
        found = {r[0] for r in self._query("SELECT lesson FROM lessons_met WHERE name = ?", (name,))}
        found = {lesson for lesson in found if type(lesson) is str}
        for progress in self._pending_progress(name):
            found |= {lesson for lesson, _ in progress[2]}
        return found

    def practice_deck(self, name: str) -> list[tuple[str, str]]:
        """The cases this player still has to handle well, oldest first."""
        sql = "SELECT level, case_id, date FROM practice WHERE name = ?"
        deck = {(r[0], r[1]): r[2] for r in self._query(sql, (name,)) if all(type(v) is str for v in r)}
        for _, date, _, handled in self._pending_progress(name):
            for level, case_id, well in handled:
                if well:
                    deck.pop((level, case_id), None)
                else:
                    deck[(level, case_id)] = date
        return [key for key, _ in sorted(deck.items(), key=lambda kv: (kv[1], kv[0]))]

    def best_scores(self, name: str) -> dict[str, int]:
        sql = "SELECT level, MAX(score) FROM scores WHERE name = ? AND typeof(score) = 'integer' GROUP BY level"
        best = {_clean_text(r[0]): r[1] for r in self._query(sql, (name,)) if type(r[0]) is str and type(r[1]) is int}
        for entry in self._pending:
            if entry.row is not None and entry.row.name == name:
                best[entry.row.level] = max(best.get(entry.row.level, entry.row.score), entry.row.score)
        return best

    def names(self) -> list[str]:
        found = {clean_name(r[0]) for table in ("scores", "lessons_met") for r in self._query(_distinct_names(table))}
        found |= {_clean_name(e.row.name) for e in self._pending if e.row is not None}
        found |= {clean_name(e.progress[0]) for e in self._pending if e.progress is not None}
        return sorted(found)

    # -- what has gone to a company board (game/store/sync.py)
    def unsent(self, board: str, limit: int = 500) -> list[tuple[ScoreRow, tuple[CaseChoice, ...]]]:
        """The oldest scores in the file not yet sent to `board`, with their choices."""
        sql = (
            f"SELECT {self._select()} FROM scores WHERE NOT EXISTS "
            "(SELECT 1 FROM sent WHERE sent.uid = scores.uid AND sent.board = ?) ORDER BY id LIMIT ?"
        )
        rows = [row for values in self._query(sql, (board, int(limit))) if (row := _checked_row(values[:-1]))]
        return list(self._with_choices(rows)) if rows else []

    def unsent_count(self, board: str) -> int:
        sql = "SELECT COUNT(*) FROM scores WHERE NOT EXISTS (SELECT 1 FROM sent WHERE sent.uid = scores.uid AND sent.board = ?)"
        found = self._query(sql, (board,))
        return found[0][0] if found else 0

    def mark_sent(self, uids: list[str], board: str, date: str) -> None:
        """Raises sqlite3.Error: the caller sends again later, which the board takes as a no-op."""
        conn = self._writer(LOCK_WAIT_S)
        conn.execute(f"PRAGMA busy_timeout = {int(LOCK_WAIT_S * 1000)}")
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(
                "INSERT OR IGNORE INTO sent (uid, board, date) VALUES (?, ?, ?)", [(u, board, date) for u in uids]
            )
            conn.execute("COMMIT")
        except BaseException:
            _rollback_quietly(conn)
            raise
        if self.path is not None and self._same_file():
            _mark_checked(self.path)

    def close(self) -> None:
        """One last try at what is kept, then let the file go; never raises."""
        if self._pending:
            self.flush()
        _close_quietly(self.conn)

    # -- the machinery
    def _submit(self, entry: _Entry) -> None:
        """Write `entry` after whatever is kept (the order matters for the practice deck); keep it
        if it cannot be written, and tell the player once where it went."""
        try:
            self._pending.append(entry)
            # the full wait once; while a failure lasts, a short one (the App saves progress, score, then flushes)
            _, failure = self._flush(RETRY_WAIT_S if self._stale else LOCK_WAIT_S)
            if any(e is entry for e in self._pending):
                entry.kept = True
                entry.where = self._append(entry)
                what = "your score" if entry.row is not None else "your progress"
                failure = failure or _Fault("the database refused it")
                self._tell(failure, entry.where, what + " is kept {place} and will be saved when it can.")
        except Exception:  # the last line of defence: a bug here must not end the game or lose the score
            log.exception("saving failed unexpectedly; the entry is kept in memory")
            if not any(e is entry for e in self._pending):
                self._pending.append(entry)

    def _flush(self, wait: float) -> tuple[int, BaseException | None]:
        """Write what is kept, oldest first; stop at the first failure, which is returned."""
        self._load_fallbacks()
        if not self._pending:
            return 0, None
        try:
            conn = self._writer(wait)
        except (_Unusable, _Fault, sqlite3.Error, OSError) as exc:
            self._stale = True
            return 0, exc
        written, done, failure, saved_kept = 0, [], None, []
        for entry in list(self._pending):
            try:
                new = _apply(conn, entry, wait)
            except sqlite3.IntegrityError:  # this entry, not the file: leave it be, write the others
                log.warning("a kept score was refused by the database and stays kept: %s", entry.to_json())
                continue
            except (sqlite3.Error, OSError) as exc:
                self._stale = True
                failure = exc
                break
            self._pending.remove(entry)
            done.append(entry)
            written += new
            if new and entry.kept:
                saved_kept.append(entry)
        self._forget(done)
        if written and failure is None and self.path is not None and self._same_file():
            _mark_checked(self.path)  # our own write: the next start need not check the file again
        if done and not self._pending:  # a problem told before is over: say so, and tell the next one again
            if saved_kept:  # (one found in the database already, written by another copy, says nothing)
                scores = sum(1 for e in saved_kept if e.row is not None)
                what = f"The {scores} score(s) kept aside are" if scores else "The progress kept aside is"
                self._notice = f"{what} now saved in {self.path}."
                if self._unread is not None:  # failed and saved before the player could read it: one line
                    self._notice = f"Saving to {self.path} failed at first ({self._unread}); a retry saved everything."
            self._told.clear()
            self._unread = None
        return written, failure

    def _writer(self, wait: float) -> sqlite3.Connection:
        """The connection to write through: the file at `path` as it is now. A file removed or
        replaced during play is never written through the old handle (that would write into nothing)."""
        if self.path is None:
            return self.conn  # a store in memory by design
        usable = self._live and not self._stale
        if usable and self._same_file():
            return self.conn
        changed = usable  # it was fine, and the file at `path` is another one now, or none
        existed = os.path.lexists(self.path)
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            _check_writable(self.folder, self.path)
        conn, cols = _connect(self.path, wait)
        old, self.conn = self.conn, conn
        self._live, self._stale, self._ident, self._cols = True, False, _identity(self.path), cols
        _close_quietly(old)
        if changed:
            happened = "was replaced during play; scores now go to the file found there"
            if not existed:
                happened = "was removed during play; a new one was started"
            self._notice = f"The score file {self.path} {happened}."
            self._told.add(("replaced", self._ident))
        return conn

    def _same_file(self) -> bool:
        return self._ident is not None and _identity(self.path) == self._ident

    def _tell(self, failure: BaseException, where: Path | None, what: str) -> None:
        """One line, once per problem: what happened, in plain words, and where the score went
        (`what` says it, with `{place}` for the place)."""
        reason = _reason(failure, self.path)
        key = (reason, where)
        if key in self._told:
            return
        self._told.add(key)
        place = f"in {where}" if where is not None else "in memory only (until the game is closed)"
        target = self.path or "the score file"
        self._notice = f"Could not save to {target} ({reason}); " + what.format(place=place)
        self._unread = reason

    def _query(self, sql: str, args: tuple | list = ()) -> list[tuple]:
        """A read that never raises: a file locked, removed or damaged shows what is kept, with a notice."""
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {int(RETRY_WAIT_S * 1000)}")
            return self.conn.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            self._read_failed(exc)
            return []

    def _read_failed(self, exc: sqlite3.Error) -> None:
        reason = _reason(exc, self.path)
        if ("read", reason) not in self._told:
            self._told.add(("read", reason))
            self._notice = f"Could not read the scores in {self.path} ({reason}); only the scores kept aside are shown."

    def _stream(self, sql: str, args: tuple | list = ()) -> Iterator[tuple]:
        """A read streamed in batches that never raises: a file locked, removed or damaged on the way
        ends the stream with a notice."""
        for batch in self._batches(sql, args):
            yield from batch

    def _batches(self, sql: str, args: tuple | list = (), quick: bool = False) -> Iterator[list[tuple]]:
        """`_stream`'s batches as they are read (for work done a batch at a time). `quick`: text is
        decoded by Python's own decoder, 0.6 s less for a million rows than `_decoded`, which reads the
        rest again, from where it stopped, should a row hold text that is not UTF-8 (the one read
        transaction around both sees no other program's write between them)."""
        began = False
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {int(RETRY_WAIT_S * 1000)}")
            if quick and not self.conn.in_transaction:
                self.conn.execute("BEGIN")
                began = True
            cursor = self.conn.execute(sql, args)
        except sqlite3.Error as exc:
            if began:
                _rollback_quietly(self.conn)
            self._read_failed(exc)
            return
        try:
            size, read = 50, 0  # a screen's ten rows cost a screen's worth; a list grows to full batches
            while True:
                try:
                    batch = _fetch_quickly(cursor, size) if quick else cursor.fetchmany(size)
                except sqlite3.OperationalError:
                    if not quick:
                        raise
                    quick = False  # (a fault, not the text, fails again, and is told)
                    cursor.close()
                    cursor = self.conn.execute(f"{sql} LIMIT -1 OFFSET {read}", args)
                    continue
                if not batch:
                    break
                size, read = STREAM_BATCH, read + len(batch)
                yield batch
        except sqlite3.Error as exc:
            self._read_failed(exc)
        finally:
            with contextlib.suppress(sqlite3.Error):
                cursor.close()
            if began:
                _rollback_quietly(self.conn)  # (a read: nothing to keep)

    def _stored_uids(self, uids: list[str]) -> set[str]:
        """Which of these score ids the file holds already (a kept score another copy wrote)."""
        found: set[str] = set()
        for i in range(0, len(uids), 500):
            part = uids[i : i + 500]
            sql = f"SELECT uid FROM scores WHERE uid IN ({', '.join('?' * len(part))})"
            found |= {r[0] for r in self._query(sql, part)}
        return found

    def _with_choices(self, rows: list[ScoreRow]) -> Iterator[tuple[ScoreRow, tuple[CaseChoice, ...]]]:
        uids = [r.uid for r in rows]
        sql = f"SELECT score_uid, {CHOICE_COLUMNS} FROM choices WHERE score_uid IN ({', '.join('?' * len(uids))})"
        found: dict[str, list[CaseChoice]] = {}
        for values in self._query(sql + " ORDER BY score_uid, seq", uids):
            if (choice := _checked_choice(values[1:])) is not None:
                found.setdefault(values[0], []).append(choice)
        kept = {e.uid: e.choices for e in self._pending if e.row is not None}
        for row in rows:
            yield row, tuple(found.get(row.uid, ())) or kept.get(row.uid, ())

    def _select(self) -> str:
        """The score columns as this file has them: the text a screen shows capped in SQL (a megabyte
        name never leaves SQLite), a column an old read-only file lacks read as its default; then
        the uid and the id."""
        parts = []
        for name in COLUMNS:
            if name not in self._cols:
                parts.append(READ_DEFAULTS.get(name, "NULL"))
            elif name in SHOWN_TEXT:
                parts.append(_capped(name))
            elif name == "uid":
                parts.append("COALESCE(uid, '')")  # a read-only file of format 4 may hold scores without one
            else:
                parts.append(name)
        return ", ".join(parts + ["id"])

    def _pending_progress(self, name: str) -> Iterator[Progress]:
        return (e.progress for e in self._pending if e.progress is not None and e.progress[0] == name)

    # -- the fallback files
    def _fallback_files(self) -> list[Path]:
        files = [self.folder / FALLBACK_NAME] if self.folder is not None else []
        return files + ([self._private / FALLBACK_NAME] if self._private is not None else [])

    def _fallback_targets(self) -> Iterator[Path]:
        """Where a kept entry may be written: the data folder, else a private folder of our own."""
        if self.folder is not None:
            yield self.folder / FALLBACK_NAME
        if self._private is None:
            try:
                self._private = Path(tempfile.mkdtemp(prefix="ambassador-scores-"))
            except OSError:
                return
        yield self._private / FALLBACK_NAME

    def _append(self, entry: _Entry) -> Path | None:
        line = (entry.to_json() + "\n").encode("ascii")
        for target in self._fallback_targets():
            try:
                _append_line(target, line)
                return target
            except OSError as exc:
                log.warning("could not keep a score in %s: %s", target, exc)
        return None

    def _load_fallbacks(self) -> None:
        """Entries in the fallback files that are not in memory (an earlier run's, another copy's)
        go first: they are older."""
        known = {e.uid for e in self._pending}
        fresh = []
        for path in self._fallback_files():
            lines, _ = _read_lines(path)
            for line in lines:
                entry = _Entry.from_json(line)
                if entry is not None and entry.uid not in known:
                    entry.where = path
                    known.add(entry.uid)
                    fresh.append(entry)
        self._pending[:0] = fresh

    def _forget(self, done: list[_Entry]) -> None:
        """Take what got into the database out of the fallback files (best effort: the unique id
        keeps an entry left behind from being written twice)."""
        by_file: dict[Path, set[str]] = {}
        for entry in done:
            if entry.where is not None:
                by_file.setdefault(entry.where, set()).add(entry.uid)
        for path, uids in by_file.items():
            try:
                _rewrite_without(path, uids)
            except OSError as exc:
                log.warning("could not take saved scores out of %s: %s", path, exc)
        if self._private is not None and not (self._private / FALLBACK_NAME).exists():
            with contextlib.suppress(OSError):
                self._private.rmdir()
                self._private = None


def _csv_sql(sep: str, code: str) -> tuple[str, str, str]:
    """A score's CSV line in SQL, as `export_csv`'s writer writes it, in two parts either side of
    the level's title (which Python knows, in the reader's language), with the level id between;
    the first part NULL where `_cell` or `_clean_name` would change a cell, or `printf` would stop
    at a NUL (`PLAIN`): Python writes that row. Text that was not UTF-8 is looked for in Python
    (`_written`). `code` is the session code's SQL (`ScoreStore.ranked`); `%w` doubles quotes."""
    level = _capped("level")
    head = f"""CASE WHEN NOT {NOT_PLAIN} THEN printf('"%w"{sep}"%w"{sep}', name, {level}) END"""
    tail = f"""printf('{sep}"%s"{sep}%d{sep}%d{sep}%d{sep}%d{sep}"%s"{sep}"%w"{sep}"%w"{sep}"%w"', """
    tail += f"{code}, score, ambassadors, satisfied, lost, kind, cohort, date, version)"  # (a code, a kind: no quotes)
    return f"{head} AS head", f"{level} AS level", f"{tail} AS tail"


def _written(text: str) -> bool:
    """Text SQLite wrote as `_cell` and the reader would: no NUL (`_cell` drops it, SQLite's text
    functions stop at it) and no U+FFFD (bytes that were not UTF-8, counted otherwise by SQLite)."""
    return "\0" not in text and "\ufffd" not in text


def _cell(value: object) -> object:
    """Text that starts like a formula (OWASP: `= + - @`, tab, CR, and a line feed; also after
    leading spaces or NULs) gets a leading quote so a spreadsheet keeps it as text (CSV injection): every
    text cell, since a name, a level id or a title may come from anyone. NULs are dropped. Numbers
    are ours and stay numbers."""
    if not isinstance(value, str):
        return value
    text = value.replace("\0", "") if "\0" in value else value
    if text[:1].isalnum():  # the usual cell, quickly: a letter or a digit starts no formula
        return text
    lead = 0
    while lead < len(text) and text[lead].isspace() and text[lead] not in FORMULA_STARTS:
        lead += 1  # spaces (of any kind) a spreadsheet may skip
    return "'" + text if text[lead:].startswith(FORMULA_STARTS) else text


def terminal_safe(text: str) -> str:
    """Text for a terminal: control characters (ESC, CSI, BEL, backspace, C1), format characters
    (bidi overrides) and line separators become `?`, so a stored name cannot clear the screen,
    retitle the window or reorder the line."""
    if text.isprintable():  # the usual text, quickly: no control, format or separator character in it
        return text
    return "".join("?" if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") else ch for ch in text)


def _clean_name(name: str) -> str:
    """`clean_name`, quick for the usual name (a million rows may be read): printable text without
    double or outer spaces, short enough, is what clean_name would give back unchanged."""
    if len(name) <= MAX_NAME and name.isprintable() and "  " not in name and name == name.strip():
        return name
    return clean_name(name[: MAX_TEXT * 2])


def _clean_text(text: str) -> str:
    """A text cell read back, capped. Its characters are kept: a level id must still find its level;
    whatever shows it escapes it for its own medium (`_cell` for CSV, `terminal_safe` for a terminal)."""
    return text[:MAX_TEXT]


def _checked_choice(values: object) -> CaseChoice | None:
    """A case's choice as read (a fallback line, a database row), or None when it is not one of ours."""
    if not isinstance(values, list | tuple) or len(values) != len(CHOICE_TYPES):
        return None
    flags = [bool(v) if type(v) is int and v in (0, 1) else v for v in values[4:7]]  # SQLite keeps 0 and 1
    values = (*values[:4], *flags, *values[7:])
    if tuple(map(type, values)) != CHOICE_TYPES or values[2] not in RESPONSE_NAMES or values[3] not in OUTCOME_NAMES:
        return None
    return CaseChoice(*(v[:MAX_TEXT] if type(v) is str else v for v in values))


def _checked_row(values: tuple, capped: bool = True) -> ScoreRow | None:
    """A row as read, or None when a column has the wrong type: a bad row is skipped, never fatal.
    Names are cleaned and capped like a typed name; other text is capped (the shown text in SQL
    already when `capped`). Written for speed: a company's file holds a million rows."""
    if len(values) != len(COLUMNS) or tuple(map(type, values)) != _TYPE_LIST or values[_KIND] not in KINDS:
        return None
    if not capped:
        values = [v[:MAX_TEXT] if type(v) is str else v for v in values]
    return _make((_clean_name(values[0]), *values[1:]))


_make = ScoreRow._make  # checked already: no second look at the kind


def _distinct_names(table: str) -> str:
    """Each name once, by hopping along the name index (a loose index scan): a million rows of five
    thousand players cost five thousand index lookups, not a scan. Text only, capped."""
    return (
        "WITH RECURSIVE hop(name) AS ("
        f"SELECT MIN(name) FROM {table} WHERE typeof(name) = 'text' UNION ALL "
        f"SELECT (SELECT MIN(name) FROM {table} WHERE name > hop.name AND typeof(name) = 'text') FROM hop "
        f"WHERE hop.name IS NOT NULL) SELECT {_capped('name')} FROM hop WHERE name IS NOT NULL"
    )


def _where(filters: dict[str, str | None], since: str | None) -> tuple[str, list]:
    """The WHERE clause (with its leading space, or empty) and arguments for a list's filters."""
    where = [f"{col} = ?" for col, value in filters.items() if value is not None]
    args: list = [value for value in filters.values() if value is not None]
    if since is not None:
        where.append("date >= ?")
        args.append(since)
    return (" WHERE " + " AND ".join(where) if where else ""), args


def _capped(column: str) -> str:
    """A text column cut in SQL, so a megabyte name never leaves SQLite. Only a long one: SQLite's
    substr and length stop at a NUL, which must reach `_cell` to be dropped there."""
    long = f"typeof({column}) = 'text' AND length({column}) > {MAX_TEXT}"
    return f"CASE WHEN {long} THEN substr({column}, 1, {MAX_TEXT}) ELSE {column} END"


def _order(row: ScoreRow, rowid: float) -> tuple:
    return (-row.score, -row.ambassadors, row.lost, row.date, rowid)


def _by_order(found: tuple[ScoreRow, float]) -> tuple:
    return _order(*found)


class _Unusable(Exception):
    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


class _Fault(Exception):
    """A problem we found ourselves, already in plain words."""


def _reason(exc: BaseException, path: Path | None = None) -> str:
    """The error in plain words: the real one, never a follow-on."""
    if isinstance(exc, _Fault):
        return str(exc)
    if isinstance(exc, _Unusable):
        return "the file was written by a newer version of Ambassador" if exc.kind == "newer" else "the file is damaged"
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return "the disk is full"
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return "the file or its folder is read-only"
        if exc.errno in (errno.ENOTDIR, errno.EEXIST):
            return "something that is not a folder stands where the folder should be"
        return str(exc.strerror or exc)
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary == 13 or "full" in text:
        return "the disk is full"
    if primary == 8 or "readonly" in text or "read-only" in text:
        return "the file or its folder is read-only"
    if primary in (5, 6) or "locked" in text or "busy" in text:
        return "another program holds the file locked"
    if primary in (11, 26) or "malformed" in text or "not a database" in text:
        return "the file is damaged"
    if "no such table" in text or "no such column" in text:
        return "the file was emptied or damaged"
    if primary in (10, 14) or "unable to open" in text or "disk i/o" in text:
        if path is not None and not os.path.lexists(path):
            return "the file was removed"
        if path is not None and not path.is_file():
            return "something that is not a file stands in its place"
        return "the file could not be opened" if primary == 14 or "unable to open" in text else "the disk failed"
    return str(exc)[:MAX_TEXT] or type(exc).__name__


def _check_writable(folder: Path, path: Path) -> None:
    """Raise when the folder or the file cannot be written (a probe file, unique: two games may
    start at once); then the file is opened read-only, so its scores still show."""
    fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=folder)
    os.close(fd)
    os.unlink(probe)
    if path.is_file() and not os.access(path, os.W_OK):
        raise _Fault("the file is read-only")


def _apply(conn: sqlite3.Connection, entry: _Entry, wait: float) -> int:
    """Write one entry in one transaction; 1 if it went in now, 0 if its id was already there."""
    conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
    if entry.row is not None:
        sql = f"INSERT INTO scores ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))}) ON CONFLICT(uid) DO NOTHING"
        row = entry.row._replace(uid=entry.uid)
        cases = [(CHOICE_INSERT, (entry.uid, seq, *c)) for seq, c in enumerate(entry.choices)]
        return int(_transaction(conn, (sql, tuple(row)), cases))
    assert entry.progress is not None
    name, date, met, handled = entry.progress
    first = ("INSERT INTO progress_saved (uid, date) VALUES (?, ?) ON CONFLICT(uid) DO NOTHING", (entry.uid, date))
    statements: list[tuple[str, tuple]] = [
        ("INSERT OR IGNORE INTO lessons_met (name, lesson, level, date) VALUES (?, ?, ?, ?)", (name, lesson, lv, date))
        for lesson, lv in met
    ]
    for level, case_id, well in handled:
        if well:
            statements.append(
                ("DELETE FROM practice WHERE name = ? AND level = ? AND case_id = ?", (name, level, case_id))
            )
        else:
            sql = "INSERT OR REPLACE INTO practice (name, level, case_id, date) VALUES (?, ?, ?, ?)"
            statements.append((sql, (name, level, case_id, date)))
    return int(_transaction(conn, first, statements))


def _transaction(conn: sqlite3.Connection, first: tuple[str, tuple], rest: list[tuple[str, tuple]]) -> bool:
    """`first` marks the entry as written; the rest follow only if it was not there already."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        new = conn.execute(*first).rowcount == 1
        if new:
            for sql, args in rest:
                conn.execute(sql, args)
        conn.execute("COMMIT")
    except BaseException:
        _rollback_quietly(conn)
        raise  # the real error, not a "cannot rollback" that follows it
    return new


def _rollback_quietly(conn: sqlite3.Connection) -> None:
    """SQLite rolls back by itself on a full disk; a ROLLBACK then would only hide the real error."""
    with contextlib.suppress(sqlite3.Error):
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def _close_quietly(conn: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):
        conn.close()


def _upgrade(conn: sqlite3.Connection) -> None:
    """Create a new file, or bring an older one up to this format, in one transaction: a crash
    half-way leaves the file as it was, every row kept. The format is read again under the write
    lock, since another copy of the game may have upgraded the file meanwhile."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            cols = {r[1] for r in conn.execute("PRAGMA table_info(scores)")}
            if cols and not set(COLUMNS) - set(ADDED_COLUMNS) <= cols:
                raise _Unusable("corrupt", "does not hold Ambassador scores")  # someone else's table: leave it be
            conn.execute(SCHEMA)
            for name, declaration in ADDED_COLUMNS.items():
                if cols and name not in cols:
                    conn.execute(f"ALTER TABLE scores ADD COLUMN {name} {declaration}")
            # every score its id (a company board takes a score by it): older ones get one now
            conn.execute(
                "UPDATE scores SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL OR typeof(uid) != 'text'"
            )
            for index in RETIRED_INDEXES:
                conn.execute(f"DROP INDEX IF EXISTS {index}")
            for index in INDEXES:
                if index != LISTED_INDEX:  # (with its column, by `_add_indexes`: an old SQLite goes without)
                    conn.execute(index)
            for table in (LESSONS_SCHEMA, PRACTICE_SCHEMA, PROGRESS_SAVED_SCHEMA, CHOICES_SCHEMA, SENT_SCHEMA):
                conn.execute(table)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        _rollback_quietly(conn)
        raise
    conn.execute("COMMIT")


INDEX_COMMIT_WAIT_MS = 2000
# Every score but the first with an id gets a new one (the unique index over ids needs it).
_NEW_IDS_FOR_COPIES = (
    "UPDATE scores SET uid = lower(hex(randomblob(16))) "
    "WHERE uid IS NOT NULL AND id NOT IN (SELECT MIN(id) FROM scores WHERE uid IS NOT NULL GROUP BY uid)"
)


def _has_code(conn: sqlite3.Connection) -> bool:
    """The scores table has `CODE_COLUMN` as this version defines it."""
    found = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'scores'").fetchone()
    return found is not None and CODE_COLUMN in str(found[0])


def _add_code(conn: sqlite3.Connection) -> bool:
    """`CODE_COLUMN`, in a transaction of its own, with `scores_listed` (which holds it) dropped to be
    made again; a `code` column of another definition gives way. False, the file as it was, when it
    could not be added: locked (so is the rest, until the next start), or a SQLite older than 3.35."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(f"PRAGMA busy_timeout = {INDEX_COMMIT_WAIT_MS}")  # a reader to finish, briefly
        conn.execute("DROP INDEX IF EXISTS scores_listed")
        if "code" in {r[1] for r in conn.execute("PRAGMA table_xinfo(scores)")}:
            conn.execute("ALTER TABLE scores DROP COLUMN code")
        conn.execute(f"ALTER TABLE scores ADD COLUMN {CODE_COLUMN}")
        conn.execute("COMMIT")
    except sqlite3.DatabaseError:
        _rollback_quietly(conn)
        return False
    return True


def _add_indexes(conn: sqlite3.Connection) -> bool:
    """The indexes a file of this format was made without, or with another definition (they came
    later, with no change to its rows), made once, and the session code's column before the index
    that holds it; whether any was. Never a wait: when another program holds the write lock they are
    left for the next start. Scores another program copied with their ids get ids of their own, as
    the unique index over ids needs (saves need it too)."""
    stored = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall())
    changed = [sql for sql in INDEXES if stored.get(_index_name(sql)) != sql.replace(" IF NOT EXISTS", "")]
    retired = [name for name in RETIRED_INDEXES if name in stored]
    has_code = _has_code(conn)
    if not changed and not retired and has_code:
        return False
    (wait,) = conn.execute("PRAGMA busy_timeout").fetchone()
    made = False
    try:
        conn.execute("PRAGMA busy_timeout = 0")  # another program writing: try at the next start
        if not has_code and not (made := _add_code(conn)):
            changed = [sql for sql in changed if sql != LISTED_INDEX]  # an old one serves as it is
            if "scores_listed" not in stored:
                changed.insert(0, LISTED_BY_SEED)  # (none: the leaderboard and lists would sort the table)
            if not changed and not retired:
                return False
        elif not has_code and LISTED_INDEX not in changed:
            changed.insert(0, LISTED_INDEX)
        for i, sql in enumerate(changed or [None]):  # one index a transaction: what was made stays made
            conn.execute("PRAGMA busy_timeout = 0")  # another program writing: try at the next start
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(f"PRAGMA busy_timeout = {INDEX_COMMIT_WAIT_MS}")  # a reader to finish, briefly
            if i == 0:  # (the retired ones with the first: scores_listed stands in for scores_rank)
                for name in retired:
                    conn.execute(f"DROP INDEX IF EXISTS {name}")
            if sql is not None:
                name = _index_name(sql)
                conn.execute(f"DROP INDEX IF EXISTS {name}")
                try:
                    conn.execute(sql)
                except sqlite3.IntegrityError:  # ids another program copied: the copies get ids of their own
                    conn.execute(_NEW_IDS_FOR_COPIES)
                    conn.execute(sql)
            conn.execute("COMMIT")
            made = True
    except sqlite3.DatabaseError:  # locked, read-only, full: the file is read as it is
        _rollback_quietly(conn)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(wait)}")
    return made


def _index_name(sql: str) -> str:
    return sql.split(" EXISTS ")[1].split()[0]


def _new_uid() -> str:
    """A score's or an entry's id: 128 random bits in hex, as SQLite's own `hex(randomblob(16))`
    gives older scores (the `uuid` module, for the same, was 1-4 ms of every start)."""
    return os.urandom(16).hex()


def _fetch_quickly(cursor: sqlite3.Cursor, size: int) -> list[tuple]:
    """A batch with its text decoded by Python's C decoder: an OperationalError where it is not UTF-8."""
    conn = cursor.connection
    factory, conn.text_factory = conn.text_factory, str
    try:
        return cursor.fetchmany(size)
    finally:
        conn.text_factory = factory


def _decoded(raw: bytes) -> str:
    """Text as stored, whatever another program wrote: bytes that are not UTF-8 show as U+FFFD
    instead of ending every read that meets them."""
    return raw.decode("utf-8", "replace")


def _sqlite_connect(target: str, wait: float, uri: bool = False) -> sqlite3.Connection:
    """The one place a file connection is made (tests wrap it to make each operation fail in turn)."""
    conn = sqlite3.connect(target, timeout=wait, isolation_level=None, uri=uri)  # transactions are explicit
    conn.text_factory = _decoded
    return conn


def _memory() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.text_factory = _decoded
    _upgrade(conn)
    return conn


def _identity(path: Path | None) -> tuple[int, int] | None:
    try:
        info = os.stat(path) if path is not None else None
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if info is not None else None


def _connect(path: Path, wait: float, readonly: bool = False) -> tuple[sqlite3.Connection, set[str]]:
    """A checked connection and the columns of its scores table; read-only (a `mode=ro` URI) for a
    file or folder that cannot be written, which is then read as it is, never upgraded."""
    if readonly:
        conn = _sqlite_connect(path.absolute().as_uri() + "?mode=ro", wait, uri=True)
    else:
        conn = _sqlite_connect(str(path), wait)
    try:
        if not readonly:
            conn.execute("PRAGMA synchronous = FULL")
        version = conn.execute("PRAGMA user_version").fetchall()[0][0]
        if version > SCHEMA_VERSION:
            raise _Unusable("newer", f"was written by a newer version of Ambassador (format {version})")
        checked = _checked_before(path)
        if not checked:  # a million rows take a while to check: only a file changed since it was last seen well
            check = conn.execute("PRAGMA quick_check").fetchall()[0][0]
            if check != "ok":
                raise _Unusable("corrupt", f"is damaged ({str(check)[:MAX_TEXT]})")
        if version < SCHEMA_VERSION and not readonly:
            _upgrade(conn)
        cols = {r[1] for r in conn.execute("PRAGMA table_info(scores)")}
        needed = set(COLUMNS) - set(READ_DEFAULTS) if readonly else set(COLUMNS) | {"uid"}
        if not needed <= cols:
            raise _Unusable("corrupt", "does not hold Ambassador scores")
        if not readonly and (_add_indexes(conn) or not checked):
            _mark_checked(path)  # (new indexes change the file, not what was checked)
        cols.discard("code")  # a `code` column another program made is not the session code
        if _has_code(conn):
            cols.add("code")
    except _Unusable:
        _close_quietly(conn)
        raise
    except sqlite3.OperationalError:
        _close_quietly(conn)
        raise  # a lock, a full disk or a read-only file says nothing about the file being damaged
    except sqlite3.DatabaseError as exc:
        _close_quietly(conn)
        raise _Unusable("corrupt", f"could not be read ({exc})") from None
    except BaseException:
        _close_quietly(conn)
        raise
    return conn, cols


def _stamp(path: Path) -> str | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return f"{info.st_size} {info.st_mtime_ns} {info.st_ino} {info.st_dev}"


def _checked_before(path: Path) -> bool:
    """The file is as this game last saw it well (checked, or written by it): size, time and inode
    unchanged. Another program's change, a crash mid-write or a copy from elsewhere check it again."""
    stamp = _stamp(path)
    try:
        with open(_mark_path(path), "rb") as f:
            seen = f.read(200)
    except OSError:
        return False
    return stamp is not None and seen == stamp.encode()


def _mark_checked(path: Path) -> None:
    """Best effort: a folder that takes no file only means the next start checks again."""
    stamp, mark = _stamp(path), _mark_path(path)
    if stamp is None:
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=".checked-", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(stamp.encode())
        os.replace(tmp, mark)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)


def _move_aside(path: Path, kind: str) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.{kind}-{stamp}")
    n = 1
    while aside.exists():
        aside = path.with_name(f"{path.name}.{kind}-{stamp}-{n}")
        n += 1
    path.replace(aside)
    for suffix in ("-journal", "-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(aside.with_name(aside.name + suffix))
    return aside


_OPEN_FLAGS = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)  # a named pipe never blocks us


def _read_lines(path: Path) -> tuple[list[bytes], bool]:
    """The non-blank lines of a fallback file and whether that was all of it: only a regular file
    (checked on what was opened), at most MAX_FALLBACK_BYTES."""
    try:
        fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    except (FileNotFoundError, NotADirectoryError):
        return [], True  # nothing kept there
    except OSError as exc:
        log.warning("could not read the kept scores in %s: %s", path, exc)
        return [], False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return [], False
        chunks, size = [], 0
        while size <= MAX_FALLBACK_BYTES and (chunk := os.read(fd, 1 << 16)):
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        log.warning("could not read the kept scores in %s: %s", path, exc)
        return [], False
    finally:
        os.close(fd)
    data = b"".join(chunks)
    whole = len(data) <= MAX_FALLBACK_BYTES
    lines = data[:MAX_FALLBACK_BYTES].split(b"\n")
    if not whole:
        lines = lines[:-1]  # the last one is cut
    return [line for line in lines if line.strip()], whole


def _append_line(path: Path, data: bytes) -> None:
    """Append one line and make it durable (fsync); a line half-written (a full disk) is cut off
    again, and a line before it left without its end (a crash) never swallows this one."""
    flags = os.O_RDWR | os.O_CREAT | os.O_APPEND | _OPEN_FLAGS | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        size = info.st_size
        if size + len(data) + 1 > MAX_FALLBACK_BYTES:
            raise OSError(errno.EFBIG, "the fallback file is full", str(path))
        if size:
            os.lseek(fd, size - 1, os.SEEK_SET)
            if os.read(fd, 1) != b"\n":
                data = b"\n" + data
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
            raise
    finally:
        os.close(fd)
    if size == 0:
        _fsync_folder(path.parent)


def _rewrite_without(path: Path, uids: set[str]) -> None:
    """The fallback file without the entries written, replaced whole (a crash leaves old or new)."""
    lines, whole = _read_lines(path)
    if not whole:
        return  # not all of it could be read: leave it be rather than drop what was not read
    keep = [line for line in lines if _uid_of(line) not in uids]
    if len(keep) == len(lines):
        return
    if not keep:
        path.unlink(missing_ok=True)
        return
    fd, tmp = tempfile.mkstemp(prefix=".pending-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(b"\n".join(keep) + b"\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(path.parent)


def _uid_of(line: bytes) -> str | None:
    try:
        body = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return body.get("uid") if isinstance(body, dict) else None


def _fsync_folder(folder: Path) -> None:
    """A new or renamed file survives a power cut only once its folder is synced (POSIX)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
