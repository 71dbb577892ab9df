"""The company board under a company's load: a real PostgreSQL (from the pgserver wheel) holding a
million scores, the leaderboard's query against it, and how fast a laptop's backlog syncs."""

from __future__ import annotations

import io
import os
import tempfile
import time
from pathlib import Path

from game.dev.postgres import PASSWORD, Server
from game.store.postgres import COLUMNS, SCORES, CompanyBoard
from game.store.scores import ScoreRow, ScoreStore
from game.store.sync import sync

LEVELS = ("tutorial", "zappos", "amazon", "starbucks", "broken-machine", "two-guides")


def bench(smoke: bool = False) -> dict:
    """{"rows", "leaderboard_ms", "company_ms", "sync_scores", "sync_per_s"}, or {"skipped": why}."""
    try:
        import pgserver  # noqa: F401 - a test extra: the bench says so rather than failing
    except ImportError as exc:
        return {"skipped": f"needs the test extras (pgserver, psycopg): {exc}"}
    rows = 2_000 if smoke else 1_000_000
    backlog = 200 if smoke else 20_000
    server = Server()
    old = os.environ.get("PGPASSWORD")
    os.environ["PGPASSWORD"] = PASSWORD
    try:
        url = server.fresh_database("bench")
        board = CompanyBoard(url)
        _fill(board, rows)
        level_ms = _best_of(lambda: board.rows(level="zappos", limit=10))
        company_ms = _best_of(lambda: board.rows(limit=10))
        group_ms = _best_of(lambda: board.rows(cohort="Site 3", limit=10))
        board.close()
        with tempfile.TemporaryDirectory(prefix="ambassador-sync-") as folder:
            local = ScoreStore.open(Path(folder))
            local.conn.execute("BEGIN")
            for i in range(backlog):  # a laptop's backlog, written as one transaction (its own speed is not measured)
                row = ScoreRow(f"Laptop {i}", LEVELS[i % 6], i, i % 50, 1, 0, "2026-12-03T10:00:00", "bench")
                local.conn.execute(
                    f"INSERT INTO scores ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                    tuple(row._replace(uid=f"b{i:031x}")),
                )
            local.conn.execute("COMMIT")
            board = CompanyBoard(url)
            start = time.perf_counter()
            result = sync(local, board)
            seconds = time.perf_counter() - start
            board.close()
            local.close()
        return {
            "rows": rows,
            "leaderboard_ms": round(level_ms, 2),
            "company_ms": round(company_ms, 2),
            "group_ms": round(group_ms, 2),
            "sync_scores": result.sent,
            "sync_per_s": int(result.sent / seconds) if seconds else 0,
        }
    finally:
        if old is None:
            os.environ.pop("PGPASSWORD", None)
        else:
            os.environ["PGPASSWORD"] = old
        server.close()


def _fill(board: CompanyBoard, rows: int) -> None:
    """A million scores through COPY (inserting them one by one would take the bench's whole hour)."""
    cols = ", ".join(COLUMNS)
    board.conn.execute("SET statement_timeout = 0")  # the game's own limit is for a player's questions
    with board.conn.cursor() as cur, cur.copy(f"COPY {SCORES} ({cols}) FROM STDIN") as copy:
        buf = io.StringIO()
        for i in range(rows):
            values = (
                f"Player {i % 5000}", LEVELS[i % 6], i, (i * 37) % 200 - 120, i % 4, i % 3,
                "2026-11-29T10:00:00+00:00", "0.1.0", f"s{i % 900}", i % 2, "solo", f"Site {i % 12}", f"{i:032x}",
            )  # fmt: skip
            buf.write("\t".join(map(str, values)) + "\n")
            if i % 50_000 == 49_999:
                copy.write(buf.getvalue())
                buf = io.StringIO()
        copy.write(buf.getvalue())
    board.conn.execute(f"ANALYZE {SCORES}")


def _best_of(fn, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def print_board(r: dict) -> None:
    if "skipped" in r:
        print(f"company board: skipped ({r['skipped']})")
        return
    print(
        f"company board, {r['rows']:,} scores in PostgreSQL: leaderboard {r['leaderboard_ms']} ms per level, "
        f"{r['company_ms']} ms all levels, {r['group_ms']} ms a group; sync {r['sync_per_s']:,} scores/s"
    )
