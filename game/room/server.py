"""The room's web server: the phones' page, its files, and one websocket per phone.

aiohttp runs on its own event loop in one background thread. It never touches the room: every
message a phone sends is checked here (size, rate, protocol, room code) and what passes goes into
`inbound`, a thread-safe queue the game's frame loop drains; what the game sends back comes in
through `send`, which hands it to the loop. A phone that is slow or gone only ever holds up its own
connection: the newest state replaces an unsent one, and its queue of other messages is bounded.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import errno
import itertools
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from game.room.protocol import Message, ProtocolError, encode, parse

RATE = 8.0  # messages a second a phone may keep up
BURST = 16  # and in a burst
FLOOD_CLOSE = 200  # refused messages after which a flooding connection is closed
MAX_QUEUED = 64  # messages waiting for one phone, besides its latest state
HTTP_MAX_MSG = 64 * 1024  # aiohttp closes a connection (1009) on anything larger
MAX_CONNECTIONS = 600  # open websockets at once: a workshop of 40 uses a tenth of it


class RoomStartError(Exception):
    """The server could not start: one line a facilitator can act on."""


@dataclass(frozen=True)
class StaticFile:
    path: Path
    content_type: str


@dataclass(eq=False)
class Conn:
    id: int
    ws: object
    tokens: float = BURST
    refilled: float = field(default_factory=time.monotonic)
    refused: int = 0
    told_slow: float = 0.0
    welcomed: bool = False
    state: str | None = None
    queued: collections.deque = field(default_factory=collections.deque)
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    def allow(self, now: float) -> bool:
        """A token bucket: RATE messages a second, BURST at once."""
        self.tokens = min(BURST, self.tokens + (now - self.refilled) * RATE)
        self.refilled = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


class RoomServer:
    """Serves `pages` (language -> the page's HTML) at /CODE, the files in `files` (and nothing
    else) at /static/NAME, and the websocket at /ws."""

    def __init__(
        self,
        host: str,
        port: int,
        code: str,
        pages: dict[str, str],
        default_lang: str,
        files: dict[str, StaticFile],
        not_found: str,
    ) -> None:
        self.host, self.port, self.code = host, port, code
        self.pages, self.default_lang, self.files, self.not_found = pages, default_lang, files, not_found
        self.inbound: queue.SimpleQueue[tuple[str, int, Message | None]] = queue.SimpleQueue()
        self._conns: dict[int, Conn] = {}
        self._ids = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stopping: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    # -- from the game's thread
    def start(self, timeout: float = 10.0) -> None:
        self._thread = threading.Thread(target=self._run, name="room-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RoomStartError("The room server did not start in time.")
        if self._error is not None:
            raise RoomStartError(self._error_line(self._error))

    def send(self, items: list[tuple[int, str, bool]]) -> None:
        """Hand messages (connection, text, whether it is a state that replaces an unsent one) to
        the server's loop; returns at once."""
        loop = self._loop
        if items and loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(self._deliver, items)

    def drop(self, conn: int, text: str) -> None:
        """Send `text` to one connection, then close it (another tab took its place)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._close_conn, conn, text)

    def stop(self, timeout: float = 5.0) -> None:
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stopping.set)
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def connections(self) -> int:
        return len(self._conns)

    # -- the server's own thread
    def _error_line(self, exc: BaseException) -> str:
        if isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE:
            return (
                f"Port {self.port} on {self.host} is in use (is another room running?): "
                "close it, or give another port with --port N."
            )
        if isinstance(exc, OSError) and exc.errno in (errno.EADDRNOTAVAIL, errno.EACCES):
            return f"Cannot listen on {self.host}:{self.port} ({exc.strerror}): give an address of this computer with --host."
        if isinstance(exc, OSError):
            return f"Cannot listen on {self.host}:{self.port}: {exc.strerror or exc}."
        return f"The room server could not start: {exc}"

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._serve())
        except BaseException as exc:  # noqa: BLE001 - told to the game's thread, never lost
            if not self._ready.is_set():
                self._error = exc
                self._ready.set()
        finally:
            loop.close()

    async def _serve(self) -> None:
        from aiohttp import web  # imported here: the game starts fast without the room

        self._stopping = asyncio.Event()
        app = web.Application(client_max_size=4096)
        app.router.add_get("/ws", self._websocket)
        app.router.add_get("/static/{name}", self._static)
        app.router.add_get("/{code}", self._page)
        app.router.add_get("/", self._nothing)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port, backlog=512)
            await site.start()
            server = getattr(site, "_server", None)
            if server is not None and server.sockets:
                self.port = server.sockets[0].getsockname()[1]  # the port chosen when asked for 0
            self._ready.set()
            await self._stopping.wait()
            closing = [  # every phone is told the room closed, at once; a phone gone is not waited for
                conn.ws.close(code=1001, message=b"the room closed")  # type: ignore[attr-defined]
                for conn in list(self._conns.values())
            ]
            if closing:
                await asyncio.wait([asyncio.ensure_future(c) for c in closing], timeout=1.0)
        finally:
            await runner.cleanup()

    async def _nothing(self, request):
        from aiohttp import web

        return web.Response(status=404, text=self.not_found, content_type="text/plain", charset="utf-8")

    async def _page(self, request):
        from aiohttp import web

        if request.match_info["code"].upper() != self.code:
            return await self._nothing(request)
        lang = pick_language(request.headers.get("Accept-Language", ""), self.pages, self.default_lang)
        return web.Response(
            text=self.pages[lang],
            content_type="text/html",
            charset="utf-8",
            headers={"Cache-Control": "no-store", **SECURITY_HEADERS},
        )

    async def _static(self, request):
        from aiohttp import web

        found = self.files.get(request.match_info["name"])
        if found is None:
            return await self._nothing(request)
        return web.Response(
            body=found.path.read_bytes(),
            content_type=found.content_type,
            headers={"Cache-Control": "max-age=3600", **SECURITY_HEADERS},
        )

    async def _websocket(self, request):
        from aiohttp import WSMsgType, web

        if len(self._conns) >= MAX_CONNECTIONS:
            return web.Response(status=503, text="the room is full", content_type="text/plain")
        ws = web.WebSocketResponse(max_msg_size=HTTP_MAX_MSG, heartbeat=25.0, compress=False, timeout=2.0)
        await ws.prepare(request)
        conn = Conn(next(self._ids), ws)
        self._conns[conn.id] = conn
        sender = asyncio.ensure_future(self._sender(conn))
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    self._receive(conn, msg.data)
                elif msg.type == WSMsgType.BINARY:
                    self._refuse(conn, ProtocolError("bad_message", "messages are JSON text, not binary"))
                if conn.refused >= FLOOD_CLOSE:
                    await ws.close(code=1008, message=b"too many refused messages")
                    break
        finally:
            sender.cancel()
            self._conns.pop(conn.id, None)
            if conn.welcomed:
                self.inbound.put(("gone", conn.id, None))
        return ws

    def _receive(self, conn: Conn, data: str) -> None:
        now = time.monotonic()
        if not conn.allow(now):
            conn.refused += 1
            if now - conn.told_slow >= 1.0:  # said once a second, so a flood is not answered by one
                conn.told_slow = now
                self._queue(conn, encode("error", code="too_fast", detail=f"at most {RATE:g} messages a second"))
            return
        try:
            msg = parse(data)
        except ProtocolError as exc:
            self._refuse(conn, exc)
            return
        if msg.type == "ping":
            self._queue(conn, encode("pong"))
            return
        if msg.type == "hello":
            if msg.get("room") != self.code:
                self._refuse(conn, ProtocolError("wrong_room", "no room with that code here"))
                return
            if conn.welcomed:
                self._refuse(conn, ProtocolError("bad_message", "hello comes once"))
                return
            conn.welcomed = True
        elif not conn.welcomed:
            self._refuse(conn, ProtocolError("hello_first", "say hello with the room code first"))
            return
        self.inbound.put(("msg", conn.id, msg))

    def _refuse(self, conn: Conn, exc: ProtocolError) -> None:
        conn.refused += 1
        self._queue(conn, encode("error", code=exc.code, detail=exc.detail))

    def _queue(self, conn: Conn, text: str) -> None:
        if len(conn.queued) >= MAX_QUEUED:
            conn.queued.popleft()
        conn.queued.append(text)
        conn.wake.set()

    def _deliver(self, items: list[tuple[int, str, bool]]) -> None:
        for conn_id, text, is_state in items:
            conn = self._conns.get(conn_id)
            if conn is None:
                continue
            if is_state:
                conn.state = text
                conn.wake.set()
            else:
                self._queue(conn, text)

    def _close_conn(self, conn_id: int, text: str) -> None:
        conn = self._conns.get(conn_id)
        if conn is None:
            return
        conn.welcomed = False  # the game already counts it gone
        conn.state = None
        self._queue(conn, text)
        conn.queued.append(None)  # the sender closes after the last message

    async def _sender(self, conn: Conn) -> None:
        ws = conn.ws
        try:
            while True:
                await conn.wake.wait()
                conn.wake.clear()
                while conn.queued:
                    text = conn.queued.popleft()
                    if text is None:
                        await ws.close(code=4000, message=b"replaced")  # type: ignore[attr-defined]
                        return
                    await ws.send_str(text)  # type: ignore[attr-defined]
                if conn.state is not None:
                    text, conn.state = conn.state, None
                    await ws.send_str(text)  # type: ignore[attr-defined]
        except (ConnectionError, RuntimeError, asyncio.CancelledError):
            return
        except Exception:  # noqa: BLE001 - a broken socket ends this phone's sending only
            return


SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "style-src 'self'; script-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def pick_language(header: str, known: dict[str, str], default: str) -> str:
    """The phone's own language when the game speaks it (Norwegian as `no`, `nb` or `nn`), else
    the session's."""
    aliases = {"no": "nb", "nn": "nb"}
    for part in header.split(",")[:12]:
        tag = part.split(";")[0].strip().lower()[:12]
        base = aliases.get(tag.split("-")[0], tag.split("-")[0])
        if base in known:
            return base
    return default
