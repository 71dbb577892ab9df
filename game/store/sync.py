"""Offline first: every score is saved on the laptop, then sent to the company board when it can be.

The laptop's file remembers which scores each board has (the `sent` table); a sync sends the
others, oldest first, in batches. The board takes a score by its id and ignores one it has, so a
sync cut off anywhere (`kill -9` after the upload, before the laptop noted it) only sends that
batch again, which changes nothing. The game never waits for the network: `BoardLink` syncs and
reads the board on a thread of its own and hands back what it found.
"""

from __future__ import annotations

import datetime
import logging
import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from game.store.postgres import BoardError, CompanyBoard, redacted
from game.store.scores import ScoreRow, ScoreStore

log = logging.getLogger(__name__)

BATCH = 500
FRESH_S = 15.0  # a company list this young is shown as it is; older ones are asked again
RETRY_S = 30.0
CLOSE_WAIT_S = 5.0  # the longest the game waits for the link when it closes  # while the board is out of reach, how often the link tries again by itself


@dataclass(frozen=True)
class SyncResult:
    sent: int  # new on the board now
    offered: int  # sent, counting those the board had already
    waiting: int  # still on this laptop only
    problem: str = ""  # why the rest wait (one line), or ""


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def sync(local: ScoreStore, board: CompanyBoard, batch: int = BATCH) -> SyncResult:
    """Send every score the board does not have yet; stops at the first failure, which it names."""
    sent = offered = 0
    seen: set[str] = set()
    try:
        while rows := local.unsent(board.key, batch):
            uids = [row.uid for row, _ in rows]
            if seen.issuperset(uids):
                break  # noted as sent, yet offered again: the laptop's file refuses the note
            sent += board.receive(rows)
            offered += len(rows)
            seen.update(uids)
            local.mark_sent(uids, board.key, now())
    except BoardError as exc:
        return SyncResult(sent, offered, local.unsent_count(board.key), exc.reason)
    except Exception as exc:  # the laptop's file: locked, full, read-only
        return SyncResult(sent, offered, local.unsent_count(board.key), f"this laptop's score file: {exc}")
    return SyncResult(sent, offered, local.unsent_count(board.key))


class BoardLink:
    """The game's link to the company board, on a thread of its own. `poke()` after a save asks
    for a sync; `rows()` gives the board's list for a view when it has one (None: asked, not yet
    there); `take_notice()` the one line the player should read, once."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url = url
        self.folder = folder
        self.shown = redacted(url)
        self.state = "unknown"  # "ok", "offline"
        self._jobs: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._rows: dict[tuple, tuple[float, list[ScoreRow]]] = {}
        self._asked: set[tuple] = set()
        self._notice: str | None = None
        self._told_offline = False
        self._failed_at = 0.0  # when the board was last found out of reach
        self._sync_pending = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="company-board", daemon=True)
        self._thread.start()
        self.poke()  # at start: send what an earlier run kept

    def poke(self) -> None:
        """Ask for a sync; asks made while one waits are one sync (a board out of reach costs its
        connection timeout once, not once per level saved)."""
        with self._lock:
            if self._sync_pending:
                return
            self._sync_pending = True
        self._jobs.put(("sync",))

    def rows(self, **query: str | int | None) -> list[ScoreRow] | None:
        key = tuple(sorted(query.items()))
        with self._lock:
            found = self._rows.get(key)
            now = time.monotonic()
            stale = found is None or now - found[0] > FRESH_S
            resting = self.state == "offline" and now - self._failed_at < RETRY_S  # no knocking every frame
            if stale and not resting and key not in self._asked:
                self._asked.add(key)
                self._jobs.put(("rows", key))
        return found[1] if found else None

    def take_notice(self) -> str | None:
        with self._lock:
            notice, self._notice = self._notice, None
        return notice

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """For tests and `--seconds` runs: wait until every job asked for is done."""
        done = threading.Event()
        self._jobs.put(("mark", done))
        return done.wait(timeout)

    def close(self) -> None:
        self._stop.set()
        self._jobs.put(("stop",))
        self._thread.join(timeout=CLOSE_WAIT_S)

    # -- on the link's own thread
    def _run(self) -> None:
        board: CompanyBoard | None = None
        local: ScoreStore | None = None
        while not self._stop.is_set():
            try:
                job = self._jobs.get(timeout=RETRY_S)
            except queue.Empty:
                job = ("sync",) if self.state == "offline" else None
            if job is None:
                continue
            if job[0] == "stop":
                break
            if job[0] == "mark":
                if board is not None and self._jobs.empty():
                    board.close()  # idle: closed before saying so
                    board = None
                job[1].set()
                continue
            if job[0] == "sync":
                with self._lock:
                    self._sync_pending = False
            for attempt in (1, 2):  # a connection the server dropped (a restart) is made again once
                fresh = board is None
                try:
                    if board is None:
                        board = CompanyBoard(self.url)
                    if local is None:
                        local = ScoreStore.open_for_sync(self.folder)
                    if job[0] == "sync":
                        result = sync(local, board)
                        if result.problem and not fresh and attempt == 1:
                            raise BoardError(result.problem)
                        self._synced(result)
                    elif job[0] == "rows":
                        self._read(board, job[1])
                    break
                except BoardError as exc:
                    if board is not None:
                        board.close()
                    board = None
                    if fresh or attempt == 2:
                        self._offline(exc.reason)
                        break
                except Exception:  # a bug here must never end the game: the scores stay on the laptop
                    log.exception("the company board link failed")
                    board = None
                    break
            if board is not None and self._jobs.empty():
                board.close()  # no connection held while idle: a company's 2,000 laptops, not 2,000 sessions
                board = None
        if board is not None:
            board.close()
        if local is not None:
            local.close()

    def _synced(self, result: SyncResult) -> None:
        if result.problem:
            self._offline(result.problem)
            return
        with self._lock:
            was_offline = self.state == "offline"
            self.state = "ok"
            if result.sent and was_offline:
                self._notice = f"The company board is back: {result.sent} score(s) kept on this laptop were sent."
            self._told_offline = False
            self._rows.clear()  # new scores: every list is asked again

    def _read(self, board: CompanyBoard, key: tuple) -> None:
        query = dict(key)
        rows = board.rows(**query)
        problem = board.take_notice()
        with self._lock:
            self._asked.discard(key)
            if problem is None:
                self._rows[key] = (time.monotonic(), rows)
                self.state = "ok"
        if problem is not None:
            raise BoardError(problem)

    def _offline(self, reason: str) -> None:
        with self._lock:
            self.state = "offline"
            self._failed_at = time.monotonic()
            self._asked.clear()
            if not self._told_offline:
                self._told_offline = True
                self._notice = f"Scores are kept on this laptop until the company board can be reached ({reason})."
