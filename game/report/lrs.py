"""Sending statements to the company's learning record store (LRS), and keeping them on disk until
it takes them.

The outbox is a file in the data folder (`xapi-outbox.jsonl`, one statement a line). A statement
leaves it only when the LRS has answered that it holds it; until then it is sent again, with the
same id, which an LRS stores once. Statements the LRS refuses as bad (400) go to
`xapi-rejected.jsonl` with the reason, so one bad statement never holds up the rest.

The game never waits for the network: `Courier` is a background thread that takes statements from
the frame loop through a queue, writes them to the outbox and sends, backing off while the LRS
cannot be reached. The key and the secret never appear in a log, a message or a repr.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import queue
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from game.lazy import later, now

xapi = later("game.report.xapi")  # loaded when an LRS is set, not at every start
xapi_check = later("game.report.xapi_check")

log = logging.getLogger(__name__)

OUTBOX = "xapi-outbox.jsonl"
REJECTED = "xapi-rejected.jsonl"
BATCH = 50  # statements per request
TIMEOUT_S = 10.0
MAX_LINE = 256 * 1024  # a statement longer than this is not one of ours
MAX_OUTBOX = 64 * 1024 * 1024  # an outbox larger than this is not ours: read no more of it
BACKOFF_S = (5.0, 15.0, 60.0, 300.0)  # waits after failures in a row, the last repeated
ENV = ("AMBASSADOR_LRS_ENDPOINT", "AMBASSADOR_LRS_KEY", "AMBASSADOR_LRS_SECRET")


class LrsError(Exception):
    """One line about the LRS, without the key or the secret."""


@dataclass(frozen=True)
class LrsConfig:
    """Where the LRS is and how to sign in. `secret` and `key` are left out of the repr."""

    endpoint: str
    key: str = field(default="", repr=False)
    secret: str = field(default="", repr=False)

    @property
    def statements_url(self) -> str:
        base = self.endpoint if self.endpoint.endswith("/") else self.endpoint + "/"
        return base + "statements"

    def headers(self) -> dict[str, str]:
        headers = {"X-Experience-API-Version": xapi.VERSION, "Content-Type": "application/json"}
        if self.key or self.secret:
            token = base64.b64encode(f"{self.key}:{self.secret}".encode()).decode("ascii")
            headers["Authorization"] = f"Basic {token}"
        return headers


def config(settings: object, environ: Mapping[str, str] | None = None, endpoint: str | None = None) -> LrsConfig | None:
    """The LRS to use: `--lrs` first, then the environment, then the settings file; None when
    none is set. Raises LrsError for an endpoint that is not a web address."""
    env = os.environ if environ is None else environ
    url = endpoint or env.get(ENV[0]) or getattr(settings, "lrs_endpoint", "") or ""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url.strip()):
        raise LrsError(f"LRS endpoint: expected a web address such as https://lrs.example.com/xapi/, got {url!r}")
    key = env.get(ENV[1]) or getattr(settings, "lrs_key", "") or ""
    secret = env.get(ENV[2]) or getattr(settings, "lrs_secret", "") or ""
    return LrsConfig(url.strip(), key, secret)


class Outbox:
    """The statements not yet taken by the LRS, in a file; safe to use from one thread at a time
    (the courier's lock)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / OUTBOX
        self.rejected = folder / REJECTED

    def load(self) -> list[dict]:
        """What waits, oldest first, each id once; a damaged line is skipped (and logged)."""
        try:
            with open(self.path, "rb") as f:
                raw = f.read(MAX_OUTBOX + 1)
        except FileNotFoundError:
            return []
        except OSError as exc:
            log.warning("the xAPI outbox %s cannot be read: %s", self.path, exc.strerror or exc)
            return []
        seen: dict[str, dict] = {}
        for line in raw[:MAX_OUTBOX].splitlines():
            if not line.strip() or len(line) > MAX_LINE:
                continue
            try:
                statement = json.loads(line)
            except (ValueError, UnicodeDecodeError):
                log.warning("a damaged line in the xAPI outbox was skipped")
                continue
            if isinstance(statement, dict) and isinstance(statement.get("id"), str):
                seen.setdefault(statement["id"], statement)
        return list(seen.values())

    def add(self, statements: Iterable[dict]) -> int:
        """Append statements (checked: a bad one is never queued). Returns how many were added."""
        lines = []
        for st in statements:
            if xapi_check.problems(st):
                log.error(
                    "an xAPI statement broke the rules and was not queued: %s", "; ".join(xapi_check.problems(st))
                )
                continue
            lines.append(json.dumps(st, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
        if lines:
            with open(self.path, "a", encoding="utf-8") as f:
                f.write("".join(lines))
                f.flush()
                os.fsync(f.fileno())
        return len(lines)

    def keep_only(self, waiting: list[dict]) -> None:
        """The outbox rewritten to hold `waiting`, atomically."""
        tmp = self.path.with_name(f".{OUTBOX}.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            for st in waiting:
                f.write(json.dumps(st, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)

    def reject(self, statements: list[dict], reason: str) -> None:
        with open(self.rejected, "a", encoding="utf-8") as f:
            for st in statements:
                f.write(json.dumps({"reason": reason, "statement": st}, ensure_ascii=False, sort_keys=True) + "\n")


def post(cfg: LrsConfig, batch: list[dict], timeout: float = TIMEOUT_S) -> None:
    """POST one batch. Returns when the LRS holds every statement in it; raises LrsError when it
    could not be reached or refused the sign-in (try again later), or ValueError when it refused
    the statements themselves (400: never worth sending again)."""
    import urllib.error  # here, not at the top: http.client and ssl cost the game's start-up 35 ms
    import urllib.request

    body = json.dumps(batch, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(cfg.statements_url, data=body, method="POST", headers=cfg.headers())
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            answer.read(1024 * 1024)
    except urllib.error.HTTPError as exc:
        detail = _detail(exc)
        if exc.code == 409:  # the same ids already held: held once, which is what we want
            return
        if exc.code == 400:
            raise ValueError(f"the LRS refused the statements (400): {detail}") from None
        if exc.code in (401, 403):
            raise LrsError(f"the LRS at {_where(cfg)} refused the key and secret ({exc.code})") from None
        raise LrsError(f"the LRS at {_where(cfg)} answered {exc.code}: {detail}") from None
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise LrsError(
            f"the LRS at {_where(cfg)} cannot be reached: {getattr(reason, 'strerror', None) or reason}"
        ) from None


def _where(cfg: LrsConfig) -> str:
    parts = urlsplit(cfg.endpoint)
    return f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "") + parts.path


def _detail(exc: Exception) -> str:  # an HTTPError: its body, if any
    with contextlib.suppress(Exception):
        text = exc.read(2000).decode("utf-8", "replace")
        return " ".join(text.split())[:300]
    return exc.reason or ""


def send(outbox: Outbox, cfg: LrsConfig, timeout: float = TIMEOUT_S) -> tuple[int, int]:
    """Send what waits, a batch at a time, taking out what the LRS holds. Returns (sent, left);
    raises LrsError (after keeping what got through) when the LRS cannot be reached."""
    waiting = outbox.load()
    sent = 0
    try:
        while waiting:
            batch = waiting[:BATCH]
            try:
                post(cfg, batch, timeout)
            except ValueError as exc:  # a bad batch: find the bad ones one by one, keep the rest going
                if len(batch) == 1:
                    outbox.reject(batch, str(exc))
                else:
                    for st in batch:
                        try:
                            post(cfg, [st], timeout)
                            sent += 1
                        except ValueError as one:
                            outbox.reject([st], str(one))
                waiting = waiting[len(batch) :]
                outbox.keep_only(waiting)
                continue
            sent += len(batch)
            waiting = waiting[len(batch) :]
            outbox.keep_only(waiting)
    finally:
        left = len(waiting)
    return sent, left


class Courier:
    """The background sender: `post_statements` from the frame loop returns at once; the thread
    writes them to the outbox and sends them, now and again later when the LRS was away."""

    def __init__(self, folder: Path, cfg: LrsConfig | None) -> None:
        self.outbox = Outbox(folder)
        self.cfg = cfg
        self._queue: queue.Queue[list[dict] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.last_error = ""  # one line, no secrets: what the last attempt met
        self.sent = 0
        self._unwritten: list[dict] = []  # statements the outbox could not take yet

    def start(self) -> None:
        if self._thread is None:
            now(xapi)  # loaded here: the courier's thread must not be the first to use them
            now(xapi_check)
            self._thread = threading.Thread(target=self._run, name="xapi-courier", daemon=True)
            self._thread.start()
            self._queue.put([])  # what an earlier run left in the outbox goes now

    def post_statements(self, statements: list[dict]) -> None:
        self._queue.put(statements)
        self.start()

    def stop(self, wait: float = 2.0) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(wait)
            self._thread = None

    def _run(self) -> None:
        failures = 0
        while True:
            wait = None if failures == 0 else BACKOFF_S[min(failures, len(BACKOFF_S)) - 1]
            try:
                item = self._queue.get(timeout=wait)
            except queue.Empty:
                item = []  # time to try again
            if item is None:
                return
            self._unwritten += item
            try:
                with self._lock:
                    if self._unwritten:  # kept in memory while the data folder takes nothing
                        self.outbox.add(self._unwritten)
                        self._unwritten = []
                    if self.cfg is None:
                        continue
                    sent, _ = send(self.outbox, self.cfg)
                self.sent += sent
                failures, self.last_error = 0, ""
            except LrsError as exc:
                failures += 1
                self.last_error = str(exc)
                log.info("xAPI statements wait in the outbox: %s", exc)
            except Exception:  # the game plays on; the statements stay in the outbox
                failures += 1
                log.exception("sending xAPI statements failed")
