"""The company board: every laptop's scores in one PostgreSQL database the company already runs.

The laptop's SQLite file stays where every score is saved first (game/store/scores.py); this board
receives them by their unique id, so a score sent twice is one score. It reads like the laptop's
store (the same rows, best first, checked where they enter), so a screen never knows which one it
shows. The game makes and upgrades its own tables (prefixed `ambassador_`, in one transaction,
under an advisory lock so two laptops never upgrade at once) and leaves a newer format alone.

The address is a libpq one (`postgresql://user@host/db?sslmode=require`); the password comes from
libpq's own places (~/.pgpass, PGPASSWORD, a service file) and is never shown, logged or kept.
SQL with parameters only. psycopg is an optional extra: without it, the board says so in one line.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from game.core.choices import CaseChoice
from game.core.names import clean_name
from game.store.scores import (
    COLUMNS,
    MAX_TEXT,
    RANK,
    Listing,
    ScoreRow,
    _checked_choice,
    _checked_row,
)

SCHEMA_VERSION = 1
APPLICATION = "ambassador"
CONNECT_TIMEOUT_S = 4  # a board out of reach is told in seconds, never minutes
STATEMENT_TIMEOUT_MS = 15_000
LOCK_KEY = 0x414D4253  # "AMBS": the advisory lock that serialises upgrades between laptops
SCORES = "ambassador_scores"
CHOICES = "ambassador_choices"
VERSION = "ambassador_schema"
CHOICE_COLUMNS = "level, case_id, response, outcome, asked, apologised, timed_out, minutes, money, score"
TABLES = (
    f"CREATE TABLE IF NOT EXISTS {VERSION} (version INTEGER NOT NULL)",
    f"""CREATE TABLE IF NOT EXISTS {SCORES} (
        id BIGSERIAL UNIQUE,
        uid TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        level TEXT NOT NULL,
        seed BIGINT NOT NULL,
        score BIGINT NOT NULL,
        ambassadors BIGINT NOT NULL,
        lost BIGINT NOT NULL,
        date TEXT NOT NULL,
        version TEXT NOT NULL,
        session TEXT NOT NULL DEFAULT '',
        satisfied BIGINT NOT NULL DEFAULT 0,
        kind TEXT NOT NULL DEFAULT 'solo',
        cohort TEXT NOT NULL DEFAULT '',
        received TIMESTAMPTZ NOT NULL DEFAULT now()
    )""",
    f"""CREATE TABLE IF NOT EXISTS {CHOICES} (
        score_uid TEXT NOT NULL REFERENCES {SCORES}(uid) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        level TEXT NOT NULL, case_id TEXT NOT NULL, response TEXT NOT NULL, outcome TEXT NOT NULL,
        asked BOOLEAN NOT NULL, apologised BOOLEAN NOT NULL, timed_out BOOLEAN NOT NULL,
        minutes BIGINT NOT NULL, money BIGINT NOT NULL, score BIGINT NOT NULL,
        PRIMARY KEY (score_uid, seq)
    )""",
    f"CREATE INDEX IF NOT EXISTS ambassador_rank ON {SCORES} ({RANK}, id)",
    f"CREATE INDEX IF NOT EXISTS ambassador_level_rank ON {SCORES} (level, {RANK}, id)",
    f"CREATE INDEX IF NOT EXISTS ambassador_session_rank ON {SCORES} (session, {RANK}, id)",
    f"CREATE INDEX IF NOT EXISTS ambassador_cohort_rank ON {SCORES} (cohort, {RANK}, id)",
    f"CREATE INDEX IF NOT EXISTS ambassador_name ON {SCORES} (name, level, score)",
)
_SELECT = ", ".join(
    f"CASE WHEN length({c}) > {MAX_TEXT} THEN substr({c}, 1, {MAX_TEXT}) ELSE {c} END" if c in ("name", "level") else c
    for c in COLUMNS
)


class AddressError(ValueError):
    """An address for the company board that is not one (said in one line)."""


class BoardError(Exception):
    """The board cannot be used: `reason` is one line a player or an IT department can act on."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_board_address(text: str) -> bool:
    return text.startswith(("postgresql://", "postgres://"))


def redacted(url: str) -> str:
    """The address as it may be shown or logged: never a password, whatever was typed."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(an address that cannot be read)"
    netloc = parts.netloc
    if "@" in netloc:
        who, where = netloc.rsplit("@", 1)
        netloc = f"{who.split(':', 1)[0]}@{where}"
    query = re.sub(r"(?i)(password|sslpassword)=[^&]*", r"\1=***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def has_password(url: str) -> bool:
    return redacted(url) != url.split("#", 1)[0]


def choose_address(given: str | None, environment: str | None, saved: Callable[[], str]) -> str:
    """The board to use, or "" for this laptop only: the command line, then the environment
    (AMBASSADOR_SCORES), then the settings. Raises ValueError with one line for a wrong address."""
    for value in (given, environment):
        if value is not None and value.strip():
            value = value.strip()
            if value.lower() in ("laptop", "local", "sqlite"):
                return ""
            if not is_board_address(value):
                raise AddressError(
                    f"--scores: expected postgresql://user@host/database or 'laptop', got {redacted(value)!r}"
                )
            return value
    return saved()


def board_key(url: str) -> str:
    """Which board a score was sent to (the laptop keeps it per board): the address without secrets."""
    return redacted(url)


class CompanyBoard(Listing):
    """One connection to the company's PostgreSQL. Raises BoardError, with one line, when the board
    cannot be reached or used; the game then keeps scores on the laptop (game/store/sync.py)."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        if not is_board_address(url):
            raise BoardError(f"expected an address such as postgresql://user@host/database, got {redacted(url)!r}")
        self.url = url
        self.shown = redacted(url)
        self.key = board_key(url)
        self.read_only = False
        self.notice = ""
        try:
            import psycopg
        except ImportError:
            raise BoardError(
                "the company board needs psycopg: pip install 'ambassador[postgres]' (or psycopg[binary])"
            ) from None
        self._pg = psycopg
        try:
            # named, so the IT department sees in pg_stat_activity what holds a connection
            self.conn = psycopg.connect(
                url, connect_timeout=CONNECT_TIMEOUT_S, autocommit=True, application_name=APPLICATION
            )
        except psycopg.Error as exc:
            raise BoardError(explain(exc, self.shown)) from None
        try:
            self.conn.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
            self._upgrade(create)
        except BoardError:
            self.close()
            raise
        except psycopg.Error as exc:
            self.close()
            raise BoardError(explain(exc, self.shown)) from None

    # -- writing: one transaction per batch; a score already there is left as it is
    def receive(self, batch: Iterable[tuple[ScoreRow, tuple[CaseChoice, ...]]]) -> int:
        """Take scores sent from a laptop; returns how many were new. Raises BoardError."""
        if self.read_only:
            raise BoardError(f"{self.shown}: permission denied: this role may read the board but not add to it")
        cols = ", ".join(COLUMNS)
        insert = (
            f"INSERT INTO {SCORES} ({cols}) VALUES ({', '.join(['%s'] * len(COLUMNS))}) "
            "ON CONFLICT (uid) DO NOTHING RETURNING uid"
        )
        add_choice = (
            f"INSERT INTO {CHOICES} (score_uid, seq, {CHOICE_COLUMNS}) VALUES ({', '.join(['%s'] * 12)}) "
            "ON CONFLICT DO NOTHING"
        )
        new = 0
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                for row, choices in batch:
                    if not row.uid:
                        raise ValueError("a score without an id cannot be sent")
                    cur.execute(insert, _storable(row))
                    if cur.fetchone() is None:
                        continue  # sent before (a retry, another laptop with the same backlog)
                    new += 1
                    if choices:
                        cur.executemany(add_choice, [_storable((row.uid, seq, *c)) for seq, c in enumerate(choices)])
        except self._pg.Error as exc:
            raise BoardError(explain(exc, self.shown)) from None
        return new

    def save(self, row: ScoreRow, choices: tuple[CaseChoice, ...] | list[CaseChoice] = ()) -> str:
        """The store's own way to add one score (the laptop's store has the same)."""
        import uuid

        row = row if row.uid else row._replace(uid=uuid.uuid4().hex)
        self.receive([(row, tuple(choices))])
        return row.uid

    # -- reading: never raises; a board gone mid-read ends the list with a notice
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
        where, args = _where(level, session, cohort, name, since)
        sql = f"SELECT {_SELECT} FROM {SCORES}{where} ORDER BY {RANK}, id"
        if limit is not None and limit >= 0:
            sql += f" LIMIT {int(limit)}"
        return (row for values in self._stream(sql, args) if (row := _checked_row(values)) is not None)

    def _with_choices(self, rows: list[ScoreRow]) -> Iterator[tuple[ScoreRow, tuple[CaseChoice, ...]]]:
        found: dict[str, list[CaseChoice]] = {}
        sql = f"SELECT score_uid, {CHOICE_COLUMNS} FROM {CHOICES} WHERE score_uid = ANY(%s) ORDER BY score_uid, seq"
        for values in self._query(sql, ([r.uid for r in rows],)):
            if (choice := _checked_choice(values[1:])) is not None:
                found.setdefault(values[0], []).append(choice)
        return ((r, tuple(found.get(r.uid, ()))) for r in rows)

    def best_scores(self, name: str) -> dict[str, int]:
        sql = f"SELECT level, MAX(score) FROM {SCORES} WHERE name = %s GROUP BY level"
        return {r[0][:MAX_TEXT]: r[1] for r in self._query(sql, (name,)) if type(r[0]) is str and type(r[1]) is int}

    def names(self) -> list[str]:
        sql = (
            f"WITH RECURSIVE hop(name) AS (SELECT MIN(name) FROM {SCORES} UNION ALL "
            f"SELECT (SELECT MIN(name) FROM {SCORES} WHERE name > hop.name) FROM hop WHERE hop.name IS NOT NULL) "
            "SELECT substr(name, 1, 200) FROM hop WHERE name IS NOT NULL"
        )
        return sorted({clean_name(r[0]) for r in self._query(sql) if type(r[0]) is str})

    def count(self) -> int:
        rows = self._query(f"SELECT COUNT(*) FROM {SCORES}")
        return rows[0][0] if rows else 0

    def take_notice(self) -> str | None:
        notice, self.notice = self.notice, ""
        return notice or None

    def close(self) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None:
            with contextlib.suppress(self._pg.Error):
                conn.close()

    # -- inside
    def _upgrade(self, create: bool) -> None:
        """Make or bring the tables up to this format in one transaction; a newer format is left as
        it is. A role that may only read can still show the board, once the tables are there."""
        pg = self._pg
        try:
            with self.conn.transaction():
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
                version = self._version()
                if version is not None and version > SCHEMA_VERSION:
                    raise BoardError(
                        f"{self.shown} was set up by a newer version of Ambassador (format {version}); "
                        "it is left untouched: update the game on this laptop"
                    )
                if version == SCHEMA_VERSION:
                    self.read_only = not self._may_insert()
                    return
                if not create:
                    raise BoardError(f"{self.shown} holds no Ambassador board yet")
                for sql in TABLES:
                    self.conn.execute(sql)
                self.conn.execute(f"DELETE FROM {VERSION}")
                self.conn.execute(f"INSERT INTO {VERSION} (version) VALUES (%s)", (SCHEMA_VERSION,))
        except pg.errors.InsufficientPrivilege as exc:
            if self._version() == SCHEMA_VERSION:  # tables there, this role may only read them
                self.read_only = not self._may_insert()
                return
            raise BoardError(explain(exc, self.shown)) from None
        self.read_only = not self._may_insert()

    def _version(self) -> int | None:
        exists = self.conn.execute("SELECT to_regclass(%s)", (VERSION,)).fetchone()[0]
        if exists is None:
            return None
        row = self.conn.execute(f"SELECT MAX(version) FROM {VERSION}").fetchone()
        return row[0] if row and type(row[0]) is int else None

    def _may_insert(self) -> bool:
        row = self.conn.execute("SELECT has_table_privilege(%s, 'INSERT')", (SCORES,)).fetchone()
        return bool(row and row[0])

    def _query(self, sql: str, args: tuple | list = ()) -> list[tuple]:
        try:
            return self.conn.execute(sql, args).fetchall()
        except self._pg.Error as exc:
            self._read_failed(exc)
            return []

    def _stream(self, sql: str, args: tuple | list = ()) -> Iterator[tuple]:
        """Rows in batches from a server-side cursor: a million never sit in memory at once."""
        try:
            with self.conn.transaction(), self.conn.cursor(name="ambassador_list") as cur:
                cur.itersize = 2000
                cur.execute(sql, args)
                while batch := cur.fetchmany(2000):
                    yield from batch
        except self._pg.Error as exc:
            self._read_failed(exc)

    def _read_failed(self, exc: Exception) -> None:
        self.notice = f"Could not read the company board: {explain(exc, self.shown)}"


def _storable(values: tuple) -> tuple:
    """PostgreSQL keeps no NUL in text (SQLite does, and a name may hold one): dropped, as the CSV drops
    it; a number past 64 bits (only another program could have written one) is clamped."""
    return tuple(
        v.replace("\0", "") if type(v) is str else max(-(2**63), min(2**63 - 1, v)) if type(v) is int else v
        for v in values
    )


def _where(level: str | None, session: str | None, cohort: str | None, name: str | None, since: str | None):
    filters = {"level": level, "session": session, "cohort": cohort, "name": name}
    parts = [f"{col} = %s" for col, value in filters.items() if value is not None]
    args: list[Any] = [value for value in filters.values() if value is not None]
    if since is not None:
        parts.append("date >= %s")
        args.append(since)
    return (" WHERE " + " AND ".join(parts) if parts else ""), args


def explain(exc: BaseException, shown: str) -> str:
    """A PostgreSQL failure in one line someone can act on, naming the board (never a password)."""
    text = " ".join(str(exc).split())
    low = text.lower()
    where = urlsplit(shown).hostname or "the server"
    if "password authentication failed" in low or "no password supplied" in low:
        return f"{shown}: wrong or missing password (give it in ~/.pgpass or PGPASSWORD, never in the address)"
    if "does not exist" in low and "database" in low:
        return f"{shown}: no such database"
    if "role" in low and "does not exist" in low:
        return f"{shown}: no such user on the server"
    if "permission denied" in low or "insufficientprivilege" in type(exc).__name__.lower():
        return f"{shown}: permission denied ({_short(text)})"
    if "ssl" in low or "encryption" in low or "no pg_hba.conf entry" in low:
        return f"{shown}: the server requires TLS or refused this laptop (try ?sslmode=require): {_short(text)}"
    if any(
        s in low
        for s in ("connection refused", "timeout expired", "could not translate host", "no route", "unreachable")
    ):
        return f"{shown}: cannot reach {where} (is the server up, and this laptop on its network?)"
    if "server closed the connection" in low or "terminating connection" in low or "connection" in low:
        return f"{shown}: the connection to {where} was lost"
    return f"{shown}: {_short(text)}"


def _short(text: str) -> str:
    return text[:160]
