"""A real learning record store: Learning Locker's statement service (the npm package
`xapi-statements`, pinned in tests/lrs/) in memory on 127.0.0.1, started by the test. The game's
statements go in as they were made and come back the same; an LRS that stops mid-session and
starts again gets each statement exactly once.

It is installed with npm into .cache/lrs (gitignored) when missing, from tests/lrs/'s lock file.
Without Node and npm the module is skipped with the reason; under CI that is a failure.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from game import paths
from game.cli import main
from game.report import lrs
from tests.test_report import RUN, seeded_session
from tests.test_xapi import made

HERE = Path(__file__).parent / "lrs"
CACHE = paths.ROOT / ".cache" / "lrs"
SERVED_KEYS = ("stored", "authority", "version")  # what an LRS adds to a statement it keeps

pytestmark = pytest.mark.xdist_group("xapi-lrs")  # one worker: the module's fixtures are made once


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def install() -> Path:
    """The LRS's packages in the cache, installed once (a lock keeps two test workers from
    installing at the same time); returns the folder to run it in."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        _missing("the xAPI LRS test needs Node.js and npm (Debian: apt-get install nodejs npm)")
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE.parent / "lrs.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        wanted = (HERE / "package-lock.json").read_bytes()
        installed = CACHE / "node_modules" / "xapi-statements" / "dist" / "server.js"
        if not installed.exists() or (CACHE / "package-lock.json").read_bytes() != wanted:
            for name in ("package.json", "package-lock.json"):
                shutil.copyfile(HERE / name, CACHE / name)
            out = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
                cwd=CACHE,
                capture_output=True,
                text=True,
                timeout=600,
            )
            if out.returncode != 0:
                _missing(f"npm could not install the test LRS: {out.stderr.strip().splitlines()[-1:]}")
        shutil.copyfile(HERE / "serve.js", CACHE / "serve.js")
    return CACHE


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lrs:
    """One run of the LRS on a port; `stop` and `start` again on the same port."""

    def __init__(self, folder: Path, port: int, logs: Path) -> None:
        self.folder, self.port, self.logs = folder, port, logs
        self.proc: subprocess.Popen | None = None
        self.endpoint = f"http://127.0.0.1:{port}/xAPI/"

    def start(self) -> None:
        env = {
            **os.environ,
            "AUTH_REPO": "test",
            "EVENTS_REPO": "test",
            "MODELS_REPO": "memory",
            "STORAGE_REPO": "memory",
            "EXPRESS_PORT": str(self.port),
            "EXPRESS_MORGAN_DIRECTORY": str(self.logs),
            "FS_LOCAL_STORAGE_DIR": str(self.logs),
            "WINSTON_CONSOLE_LEVEL": "error",
        }
        log = open(self.logs / "lrs.log", "ab")  # noqa: SIM115 - the process holds it
        self.proc = subprocess.Popen(
            ["node", "serve.js"], cwd=self.folder, env=env, stdout=log, stderr=log, start_new_session=True
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if self.get("about").get("version"):
                    return
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        pytest.fail(f"the test LRS did not start: {(self.logs / 'lrs.log').read_text(errors='replace')[-800:]}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.proc = None

    def get(self, what: str) -> dict:
        request = urllib.request.Request(
            self.endpoint + what,
            headers={
                "X-Experience-API-Version": "1.0.3",
                "Authorization": "Basic " + base64.b64encode(b"test:test").decode(),
            },
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            return json.loads(answer.read())

    def statements(self) -> list[dict]:
        """Every statement it holds, page after page."""
        out: list[dict] = []
        page = self.get("statements?limit=100")
        while True:
            out += page["statements"]
            more = page.get("more")
            if not more:
                return out
            page = self.get(more.split("/xAPI/", 1)[1])


@pytest.fixture(scope="module")
def lrs_server(tmp_path_factory):
    folder = install()
    server = Lrs(folder, free_port(), tmp_path_factory.mktemp("lrs-logs"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lrs-room")
    store = seeded_session(folder)
    yield folder, store
    store.close()


def as_sent(statement: dict) -> dict:
    return {k: v for k, v in statement.items() if k not in SERVED_KEYS}


def test_statements_read_back_equal_what_was_sent_and_a_resend_is_no_duplicate(lrs_server, room, tmp_path):
    _, store = room
    _, statements = made(store)
    cfg = lrs.LrsConfig(lrs_server.endpoint, "test", "test")
    box = lrs.Outbox(tmp_path)
    box.add(statements)
    assert lrs.send(box, cfg) == (len(statements), 0)
    box.add(statements)  # the same statements again, as after a lost answer
    assert lrs.send(box, cfg) == (len(statements), 0)
    held = {s["id"]: s for s in lrs_server.statements() if s["id"] in {x["id"] for x in statements}}
    assert len(held) == len(statements)
    assert [s["id"] for s in lrs_server.statements()].count(statements[0]["id"]) == 1
    for sent in statements:
        assert as_sent(held[sent["id"]]) == sent


def test_an_lrs_stopped_mid_session_gets_each_statement_exactly_once(room, tmp_path, monkeypatch):
    """The courier sends while the LRS runs, keeps statements while it is down, and sends only
    those once it is back (the in-memory LRS forgets at a restart, so what each run got is read
    before it stops)."""
    folder = install()
    server = Lrs(folder, free_port(), tmp_path)
    monkeypatch.setattr(lrs, "BACKOFF_S", (0.2,))
    _, store = room
    _, statements = made(store)
    half = len(statements) // 2
    courier = lrs.Courier(tmp_path, lrs.LrsConfig(server.endpoint, "test", "test"))
    server.start()
    try:
        courier.post_statements(statements[:half])
        _until(lambda: len(server.statements()) == half)
        first = [s["id"] for s in server.statements()]
        server.stop()
        started = time.perf_counter()
        courier.post_statements(statements[half:])  # the LRS is away: they wait on disk
        assert time.perf_counter() - started < 0.05
        _until(lambda: courier.last_error != "")
        assert len(lrs.Outbox(tmp_path).load()) == len(statements) - half
        server.start()
        _until(lambda: not lrs.Outbox(tmp_path).load(), 20)
        second = [s["id"] for s in server.statements()]
    finally:
        courier.stop()
        server.stop()
    assert sorted(first + second) == sorted(s["id"] for s in statements)  # every one, none twice


def test_xapi_send_sends_a_data_folder_to_the_lrs(lrs_server, room, capsys):
    folder, store = room
    code = main(["xapi", "send", "--session", RUN, "--data-dir", str(folder), "--lrs", lrs_server.endpoint])
    out = capsys.readouterr()
    assert code == 0, out.err
    _, statements = made(store)
    assert out.out.strip() == f"{len(statements)} statement(s) sent to the LRS; 0 waiting"
    held = {s["id"] for s in lrs_server.statements()}
    assert {s["id"] for s in statements} <= held


def _until(check, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if check():
                return
        time.sleep(0.05)
    raise AssertionError("waited in vain")
