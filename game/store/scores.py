"""Scores in SQLite. Every save is its own transaction, so a crash or `kill -9` at any moment
leaves every earlier score readable; SQLite's locking lets two copies of the game write at once.
A file that is damaged, or written by a newer version, is moved aside with a message, never
overwritten.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import tempfile
import time
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from game.core import seedcode

SCHEMA_VERSION = 3  # 2: lessons met and the practice deck, per player; 3: satisfied and kind (solo or team)
FILE_NAME = "scores.db"
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
    kind TEXT NOT NULL DEFAULT 'solo'
)
"""
# Columns added to the scores table after its first format, each with a default that says what an
# older row meant (every score before format 3 was a solo one, its satisfied customers not kept).
ADDED_COLUMNS = {
    "satisfied": "INTEGER NOT NULL DEFAULT 0",
    "kind": "TEXT NOT NULL DEFAULT 'solo'",
}
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


@dataclass(frozen=True)
class ScoreRow:
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

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind: expected one of {', '.join(KINDS)}, got {self.kind!r}")

    @property
    def code(self) -> str:
        return seedcode.encode(self.seed) if 0 <= self.seed <= seedcode.MAX_SEED else str(self.seed)


COLUMNS = [f.name for f in fields(ScoreRow)]
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
    "date",
    "version",
]
SEPARATORS = (",", ";")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list: a cell starting so may run as a formula


class ScoreStore:
    """Open with `ScoreStore.open(folder)`; `notice` holds the one message the player should see."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, notice: str = "") -> None:
        self.conn = conn
        self.path = path
        self.notice = notice

    @classmethod
    def open(cls, folder: Path) -> ScoreStore:
        path = folder / FILE_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=folder)  # unique: two games may start at once
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            why = exc.strerror or exc
            return cls.in_memory(f"Scores cannot be saved in {folder} ({why}); they are kept in memory only.")
        notice = ""
        for attempt in range(40):
            try:
                return cls(_connect(path), path, notice)
            except _Unusable as exc:
                if notice:  # moved aside once already: do not start a chain of moves
                    break
                aside = _move_aside(path, exc.kind)
                notice = f"The score file {path} {exc.reason}; it was moved to {aside.name} and a new one was started."
            except sqlite3.OperationalError as exc:  # locked or busy: another copy is writing; wait, never move
                last = exc
                time.sleep(min(0.05 * (attempt + 1), 0.5))
        else:
            return cls.in_memory(f"The score file {path} stayed busy ({last}); scores are kept in memory only.")
        return cls.in_memory(f"Scores cannot be saved in {folder}; they are kept in memory only.")

    @classmethod
    def in_memory(cls, notice: str = "") -> ScoreStore:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        _upgrade(conn)
        return cls(conn, None, notice)

    def save(self, row: ScoreRow) -> None:
        """One transaction per score: all of it lands, or none of it. BEGIN IMMEDIATE takes the
        write lock up front, so two copies of the game queue for it instead of deadlocking."""
        sql = f"INSERT INTO scores ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
        _write(self.conn, [(sql, astuple(row))])

    def rows(self, level: str | None = None, session: str | None = None, limit: int | None = None) -> list[ScoreRow]:
        """Best first; ties by date, earlier first."""
        where, args = [], []
        if level is not None:
            where.append("level = ?")
            args.append(level)
        if session is not None:
            where.append("session = ?")
            args.append(session)
        sql = f"SELECT {', '.join(COLUMNS)} FROM scores"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY score DESC, ambassadors DESC, lost ASC, date ASC, id ASC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [ScoreRow(*r) for r in self.conn.execute(sql, args)]

    def export_csv(self, target: Path, titles: dict[str, str] | None = None, sep: str = ",") -> int:
        """Every score, best first, as CSV a spreadsheet opens in columns: UTF-8 with a BOM so Ø and
        Å survive, split by `sep` (`;` for a Nordic spreadsheet: `strings.list_separator`). No `sep=` hint
        line: with one, Excel ignores the BOM and garbles every Nordic letter. The store keeps level
        ids only: `titles` maps them to the titles to show, in the caller's language. Returns the
        number of scores."""
        if sep not in SEPARATORS:
            raise ValueError(f"sep: expected one of {' '.join(SEPARATORS)}, got {sep!r}")
        titles = titles or {}
        rows = self.rows()
        with open(target, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f, delimiter=sep, quoting=csv.QUOTE_NONNUMERIC)  # text quoted: LibreOffice may split on both
            w.writerow(CSV_COLUMNS)
            for r in rows:
                values = [r.name, r.level, titles.get(r.level, ""), r.code, r.score, r.ambassadors, r.satisfied]
                values += [r.lost, r.kind, r.date, r.version]
                w.writerow([_cell(v) for v in values])
        return len(rows)

    def record_progress(
        self, name: str, date: str, met: list[tuple[str, str]], handled: list[tuple[str, str, bool]]
    ) -> None:
        """Lessons met (lesson, level) and cases handled (level, case, well) by one player, in one go:
        a case handled badly joins the practice deck, and leaves it once handled well."""
        statements: list[tuple[str, tuple]] = [
            (
                "INSERT OR IGNORE INTO lessons_met (name, lesson, level, date) VALUES (?, ?, ?, ?)",
                (name, lesson, level, date),
            )
            for lesson, level in met
        ]
        for level, case_id, well in handled:
            if well:
                statements.append(
                    ("DELETE FROM practice WHERE name = ? AND level = ? AND case_id = ?", (name, level, case_id))
                )
            else:
                statements.append(
                    (
                        "INSERT OR REPLACE INTO practice (name, level, case_id, date) VALUES (?, ?, ?, ?)",
                        (name, level, case_id, date),
                    )
                )
        _write(self.conn, statements)

    def lessons_met(self, name: str) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT lesson FROM lessons_met WHERE name = ?", (name,))}

    def practice_deck(self, name: str) -> list[tuple[str, str]]:
        """The cases this player still has to handle well, oldest first."""
        sql = "SELECT level, case_id FROM practice WHERE name = ? ORDER BY date, level, case_id"
        return [(r[0], r[1]) for r in self.conn.execute(sql, (name,))]

    def best_scores(self, name: str) -> dict[str, int]:
        sql = "SELECT level, MAX(score) FROM scores WHERE name = ? GROUP BY level"
        return {r[0]: r[1] for r in self.conn.execute(sql, (name,))}

    def names(self) -> list[str]:
        sql = "SELECT name FROM scores UNION SELECT name FROM lessons_met ORDER BY name"
        return [r[0] for r in self.conn.execute(sql)]

    def close(self) -> None:
        self.conn.close()


def _cell(value: object) -> object:
    """Text that starts like a formula gets a leading quote so a spreadsheet keeps it as text (CSV
    injection): every text cell, since a name, a level id or a title may come from anyone. Numbers
    are ours and stay numbers."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


class _Unusable(Exception):
    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


def _write(conn: sqlite3.Connection, statements: list[tuple[str, tuple]]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for sql, args in statements:
            conn.execute(sql, args)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


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
            conn.execute("CREATE INDEX IF NOT EXISTS scores_level ON scores(level, score)")
            conn.execute(LESSONS_SCHEMA)
            conn.execute(PRACTICE_SCHEMA)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)  # transactions are explicit
    try:
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA synchronous = FULL")
        version = conn.execute("PRAGMA user_version").fetchall()[0][0]
        if version > SCHEMA_VERSION:
            conn.close()
            raise _Unusable("newer", f"was written by a newer version of Ambassador (format {version})")
        check = conn.execute("PRAGMA quick_check").fetchall()[0][0]
        if check != "ok":
            conn.close()
            raise _Unusable("corrupt", f"is damaged ({check})")
        if version < SCHEMA_VERSION:
            _upgrade(conn)
        cols = {r[1] for r in conn.execute("PRAGMA table_info(scores)")}
        if not set(COLUMNS) <= cols:
            conn.close()
            raise _Unusable("corrupt", "does not hold Ambassador scores")
    except _Unusable:
        conn.close()
        raise
    except sqlite3.OperationalError:
        conn.close()
        raise  # a lock or a busy disk says nothing about the file being damaged
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _Unusable("corrupt", f"could not be read ({exc})") from None
    return conn


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
