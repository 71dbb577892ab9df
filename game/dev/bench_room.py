"""Room play under load: many websocket phones vote on every case of a level, on loopback.

`load()` starts a real room (its server in its own thread, as in the game), runs the phones in
another thread's event loop, and keeps the projector's frame loop going on this one: the real app
on the room's case and reveal screens when `app` is given, else the room's own pump. It reports
the time from the last vote of a case to the reveal on every phone (median and 95th percentile),
the frame times meanwhile, and whether anything was lost. `python -m game bench` prints it; the
tests run a smaller one and assert only that nothing was lost.

`Phone` is a small websocket client of the protocol in docs/room.md, used by the tests too.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

from game import paths
from game.app import App
from game.content.figures import load_figures
from game.content.levels import default_library, load_all
from game.core.room import Phase, Room
from game.core.teams import Team
from game.room.host import RoomHost


@dataclass(eq=False)
class Phone:
    """One phone: a websocket, the last state the game sent, the errors it got, and when the last
    state came (time.perf_counter)."""

    url: str
    code: str
    token: str | None = None
    state: dict | None = None
    errors: list[str] = field(default_factory=list)
    states: int = 0
    state_at: float = 0.0
    closed: bool = False
    ws: object = None
    session: object = None
    _reader: asyncio.Task | None = None
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    async def open(self, hello: bool = True, token: str | None = None) -> Phone:
        import aiohttp

        self.session = aiohttp.ClientSession()
        try:
            self.ws = await self.session.ws_connect(self.url, max_msg_size=0, autoping=True)  # type: ignore[attr-defined]
        except BaseException:
            await self.session.close()  # type: ignore[attr-defined]
            raise
        self.closed = False
        self._reader = asyncio.ensure_future(self._read())
        if hello:
            msg = {"type": "hello", "room": self.code}
            if token or self.token:
                msg["token"] = token or self.token
            await self.send(msg)
            await self.wait(lambda p: p.state is not None)
        return self

    async def send(self, msg: dict | str) -> None:
        await self.ws.send_str(msg if isinstance(msg, str) else json.dumps(msg))  # type: ignore[attr-defined]

    async def _read(self) -> None:
        import aiohttp

        ws = self.ws
        try:
            async for msg in ws:  # type: ignore[attr-defined]
                if msg.type != aiohttp.WSMsgType.TEXT:
                    continue
                doc = json.loads(msg.data)
                if doc["type"] == "welcome":
                    self.token = doc["token"]
                elif doc["type"] == "state":
                    self.state, self.states, self.state_at = doc, self.states + 1, time.perf_counter()
                elif doc["type"] == "error":
                    self.errors.append(doc["code"])
                self._changed.set()
        finally:
            self.closed = True
            self._changed.set()

    async def wait(self, ready: Callable[[Phone], bool], timeout: float = 30.0) -> None:
        end = time.monotonic() + timeout
        while not ready(self):
            if self.closed:
                raise ConnectionError("the game closed the connection")
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"waited {timeout} s; last state {self.state and self.state.get('phase')}")
            self._changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._changed.wait(), left)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()  # type: ignore[attr-defined]
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)
        if self.session is not None:
            await self.session.close()  # type: ignore[attr-defined]

    def kill(self) -> None:
        """Drop the connection as a phone losing the network would: no closing handshake."""
        transport = getattr(getattr(self.ws, "_response", None), "connection", None)
        transport = getattr(transport, "transport", None)
        if transport is not None:
            transport.abort()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def _crowd_plays(
    url: str, code: str, phones: int, teams: int, cases: int, ready, seen, spread_s: float = 0.0
) -> dict:
    """The phones' side: join, then vote on every case, each phone at its own moment within
    `spread_s` seconds as people do; the time from the last vote of a case to each phone's reveal."""
    import random

    rng = random.Random(16)
    crowd = [Phone(url, code) for _ in range(phones)]
    await asyncio.gather(*(p.open() for p in crowd))
    await asyncio.gather(*(p.send({"type": "join", "name": f"P{i}", "team": i % teams}) for i, p in enumerate(crowd)))
    await asyncio.gather(*(p.wait(lambda q: q.state["you"]["team"] is not None) for p in crowd))
    ready.set()
    reveal_ms: list[float] = []
    for n in range(cases):
        await asyncio.gather(
            *(p.wait(lambda q, n=n: q.state["phase"] == "open" and q.state["case"]["n"] == n) for p in crowd)
        )
        sent: list[float] = []

        async def vote(i: int, p: Phone, delay: float, n: int = n, sent: list[float] = sent) -> None:
            await asyncio.sleep(delay)
            choice = ("fix", "ignore", "exceed")[(i + n) % 3]
            if p.state["case"]["choices"][("ignore", "fix", "exceed").index(choice)]["why"]:
                choice = "ignore"  # what the team can no longer pay for
            await p.send({"type": "vote", "case": n, "team": i % teams, "choice": choice})
            sent.append(time.perf_counter())

        await asyncio.gather(*(vote(i, p, rng.uniform(0, spread_s)) for i, p in enumerate(crowd)))
        last_vote = max(sent)
        await asyncio.gather(*(p.wait(lambda q: q.state["phase"] in ("revealed", "finished")) for p in crowd))
        reveal_ms += [(p.state_at - last_vote) * 1000 for p in crowd]
        seen.set()
    out = {"reveal_ms": reveal_ms, "errors": sum(len(p.errors) for p in crowd)}
    await asyncio.gather(*(p.close() for p in crowd))
    return out


def _crowd_process(
    url: str, code: str, phones: int, teams: int, cases: int, ready, seen, results, spread_s: float
) -> None:
    """The phones in a process of their own, as real phones are other machines: the projector's
    frame times are its own, not the test client's."""
    try:
        results.put(asyncio.run(_crowd_plays(url, code, phones, teams, cases, ready, seen, spread_s)))
    except BaseException as exc:  # noqa: BLE001 - told to the projector's side
        results.put({"failure": repr(exc)})


def load(
    phones: int = 200,
    teams: int = 8,
    level_id: str = "tutorial",
    app: object | None = None,
    timeout: float = 120.0,
    spread_s: float = 0.0,
) -> dict:
    """Run a room of `phones` phones in `teams` teams through every case of the level; see the
    module's docstring. With `app` (a headless App), the room runs in it, screens and all."""
    import multiprocessing
    import queue

    library = default_library()
    level = next(lv for lv in load_all([paths.LEVELS], library).levels if lv.id == level_id)
    code = "LOAD"
    team_list = tuple(Team(f"Team {i + 1}", i) for i in range(teams))
    if app is not None:
        error = app.start_room(level, list(team_list), 4242, True, host="127.0.0.1", port=0, code=code)  # type: ignore[attr-defined]
        if error:
            raise RuntimeError(error)
        app.apply_switches()  # type: ignore[attr-defined]
        host: RoomHost = app.room_host  # type: ignore[attr-defined]

        def frame() -> None:
            app.frame(1 / 60)  # type: ignore[attr-defined]
    else:
        room = Room(level, load_figures(), 4242, code, team_list, auto_reveal=True)
        host = RoomHost(room, library, "en", "127.0.0.1", 0)
        host.start()

        def frame() -> None:
            host.pump()

    room = host.room
    spawn = multiprocessing.get_context("spawn")
    ready, seen, results = spawn.Event(), spawn.Event(), spawn.Queue()
    url = f"http://127.0.0.1:{host.port}/ws"
    crowd = spawn.Process(
        target=_crowd_process,
        args=(url, code, phones, teams, len(level.cases), ready, seen, results, spread_s),
        daemon=True,
    )
    crowd.start()
    frames: list[float] = []
    result: dict | None = None
    started = time.monotonic()
    try:
        while result is None and time.monotonic() - started < timeout:
            if ready.is_set() and room.phase is Phase.LOBBY:
                if app is not None:
                    app.scene.act("confirm")  # type: ignore[attr-defined]
                else:
                    room.start()
            if room.phase is Phase.REVEALED and seen.is_set():
                if app is None:
                    room.next()
                elif app.scene.name == "room_reveal":  # type: ignore[attr-defined]
                    app.scene.act("confirm")  # type: ignore[attr-defined]  # the animation ends, then the next
                    app.scene.act("confirm")  # type: ignore[attr-defined]
                if room.phase is not Phase.REVEALED:
                    seen.clear()
            t0 = time.perf_counter()
            frame()
            if ready.is_set():
                frames.append((time.perf_counter() - t0) * 1000)
            try:
                result = results.get(timeout=max(0.0, 1 / 60 - (time.perf_counter() - t0)) or 0.001)
            except queue.Empty:
                if not crowd.is_alive() and results.empty():
                    break
    finally:
        crowd.join(10)
        if crowd.is_alive():
            crowd.kill()
        if app is None:
            host.stop()
    if result is None:
        raise TimeoutError(f"the room did not finish in {timeout} s (phase {room.phase.value})")
    if "failure" in result:
        raise RuntimeError(result["failure"])
    votes = sum(len(tp.session.play.results) for tp in room.plays.values())
    return {
        "phones": phones,
        "teams": teams,
        "votes_spread_s": spread_s,
        "frames": len(frames),
        "cases": len(level.cases),
        "reveal_ms_median": round(statistics.median(result["reveal_ms"]), 1),
        "reveal_ms_p95": round(percentile(result["reveal_ms"], 0.95), 1),
        "frame_ms_median": round(statistics.median(frames), 2) if frames else 0.0,
        "frame_ms_p95": round(percentile(frames, 0.95), 2),
        "frame_ms_max": round(max(frames), 2) if frames else 0.0,
        "frames_over_50ms": sum(1 for f in frames if f > 50),
        "phones_in_room": len(room.phones),
        "every_phone_revealed": len(result["reveal_ms"]) == phones * len(level.cases),
        "team_results": votes,
        "errors": result["errors"],
        "lost": phones * len(level.cases) - len(result["reveal_ms"]) + (teams * len(level.cases) - votes),
    }


def print_room(r: dict) -> None:
    """The room's figures, for `python -m game bench`."""
    print(
        f"  room: {r['phones']} phones in {r['teams']} teams, {r['cases']} customers: last vote to reveal on every"
        f" phone median {r['reveal_ms_median']:.0f} ms, p95 {r['reveal_ms_p95']:.0f} ms; projector frames median"
        f" {r['frame_ms_median']:.1f} ms, p95 {r['frame_ms_p95']:.1f} ms, slowest {r['frame_ms_max']:.1f} ms"
        f" ({r['frames_over_50ms']} over 50 ms); lost {r['lost']}   goal: nothing lost, no frame over 50 ms"
    )


def bench(quick: bool = False, smoke: bool = False) -> dict:
    """The figures for `python -m game bench`: 200 phones in 8 teams (fewer for --smoke)."""
    n = 16 if smoke else 200
    with tempfile.TemporaryDirectory(prefix="ambassador-room-bench-") as data_dir:
        app = App(size=(1920, 1080), seed=1, data_dir=data_dir)
        try:
            return load(phones=n, teams=8, app=app, spread_s=0.2 if smoke else 3.0)
        finally:
            app.end_session()
            app.store.close()
            pygame.quit()
