"""The room on the laptop's side: the room's rules (game.core.room) on the frame loop's thread, the
web server on its own, and this between them. Every frame the app calls `pump()`: the phones'
checked messages are applied to the room (for a few milliseconds at most, the rest next frame) and
every phone whose team changed gets the new state. Nothing here waits on a phone.
"""

from __future__ import annotations

import html
import json
import secrets
import socket
import time
from pathlib import Path

from game import paths
from game.content.levels import Library, lesson_for
from game.content.strings import Strings, load_strings
from game.core.model import RESPONSES, Response
from game.core.room import Phase, Room, TeamPlay
from game.core.rules import case_as_played, response_cost, totals, why_not, why_not_ask
from game.core.session import LevelDone
from game.core.teams import MAX_TEAMS
from game.render import theme
from game.room.protocol import Message, encode
from game.room.server import RoomServer, RoomStartError, StaticFile

WEB = paths.ASSETS / "web"
PORT = 8765
CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O: never read as 1 or 0
PAGE_KEYS = ("phone.", "response.", "outcome.", "mood.", "why.")
PUMP_BUDGET_S = 0.004  # of a frame's time, at most, for the phones' messages
SEND_BUDGET_S = 0.004  # and for the states sent back; the phones left wait for the next frame
TEAM_EVERY_S = 0.1  # a team's tally as it forms goes out at most this often; the room's news at once


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(4))


def lan_address() -> str:
    """The laptop's address on the room's network: where a datagram to the outside would leave
    from (nothing is sent). Raises RoomStartError when the laptop is on no network."""
    for probe in ("192.0.2.1", "10.255.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect((probe, 9))
                address = s.getsockname()[0]
        except OSError:
            continue
        if address and not address.startswith("127.") and address != "0.0.0.0":
            return address
    raise RoomStartError(
        "This computer has no network address the phones could reach: join the room's network "
        "(or a phone's hotspot), or give --host 127.0.0.1 to try it on this computer alone."
    )


def static_files() -> dict[str, StaticFile]:
    """The files the page may load: these, and nothing else, are served."""
    return {
        "room.css": StaticFile(WEB / "room.css", "text/css"),
        "room.js": StaticFile(WEB / "room.js", "text/javascript"),
        "Andika-Regular.ttf": StaticFile(paths.FONTS / "Andika-Regular.ttf", "font/ttf"),
        "Andika-Bold.ttf": StaticFile(paths.FONTS / "Andika-Bold.ttf", "font/ttf"),
    }


def page_strings(strings: Strings) -> dict[str, str]:
    """The words the phone's page shows, from the same string tables as the game."""
    keys = [k for k in strings.fallback if k.startswith(PAGE_KEYS)]
    return {k: strings(k) for k in keys}


def render_page(template: str, strings: Strings, code: str) -> str:
    data = json.dumps(page_strings(strings), ensure_ascii=True)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        template.replace("{{LANG}}", html.escape(strings.lang))
        .replace("{{TITLE}}", html.escape(strings("phone.title")))
        .replace("{{CODE}}", html.escape(code))
        .replace("{{LOADING}}", html.escape(strings("phone.connecting")))
        .replace("{{NOSCRIPT}}", html.escape(strings("phone.noscript")))
        .replace("{{STRINGS}}", data)
    )


class RoomHost:
    """Starts the server for `room` on `host`:`port` (port 0: any free one) and keeps the phones
    and the room in step."""

    def __init__(
        self, room: Room, library: Library, lang: str, host: str, port: int, languages: list[str] | None = None
    ) -> None:
        self.room = room
        self.library = library
        self.lang = lang
        template = (WEB / "index.html").read_text(encoding="utf-8")
        langs = languages or [lang]
        pages = {code: render_page(template, load_strings(code), room.code) for code in langs}
        strings = load_strings(lang)
        self.server = RoomServer(
            host, port, room.code, pages, lang, static_files(), strings("phone.no_room").replace("\n", " ")
        )
        self.token_of: dict[int, str] = {}  # connection -> the phone's token
        self.conn_of: dict[str, int] = {}  # token -> its connection now
        self.url = ""
        self.qr: tuple[tuple[bool, ...], ...] = ()
        self.handled = 0  # messages applied, for the tests and the bench
        self._stale: dict[int, None] = {}  # connections whose phone has not yet had the newest state
        self._teams_changed: set[int | None] = set()  # teams whose news waits for TEAM_EVERY_S
        self._teams_sent = 0.0
        # The teams' session events, passed on in order, at most one finished level a frame: eight
        # teams ending together make eight saves, which in one frame would stall the projector.
        self.listeners: list = []
        self._events: list = []
        room.listeners.append(self._events.append)
        self._shown_host = host

    def start(self, shown_host: str | None = None) -> None:
        """Listen; raises RoomStartError with one line to show."""
        self.server.start()
        host = shown_host or self.server.host
        self.url = f"http://{host}:{self.server.port}/{self.room.code}"
        self.qr = qr_matrix(self.url)

    def stop(self) -> None:
        """Every session event still held goes to the listeners (nothing is ever lost), then the
        server stops."""
        self.deliver(all_of_them=True)
        self.server.stop()

    def deliver(self, all_of_them: bool = False) -> None:
        done = 0
        while self._events and (all_of_them or not done):
            event = self._events.pop(0)
            done += isinstance(event, LevelDone)
            for listener in list(self.listeners):
                listener(event)

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def phones_connected(self) -> int:
        return len(self.token_of)

    # -- every frame
    def pump(self, budget_s: float = PUMP_BUDGET_S) -> int:
        """Apply what the phones sent (within the time budget) and send every changed state."""
        out: list[tuple[int, str, bool]] = []
        start = time.perf_counter()
        n = 0
        inbound = self.server.inbound
        while True:
            try:
                kind, conn, msg = inbound.get_nowait()
            except Exception:  # queue.Empty
                break
            n += 1
            if kind == "gone":
                self._gone(conn)
            elif msg is not None:
                self._apply(conn, msg, out)
            if time.perf_counter() - start > budget_s:
                break
        self.handled += n
        self._flush(out, time.perf_counter() + SEND_BUDGET_S)
        self.server.send(out)
        self.deliver()
        return n

    @property
    def pending(self) -> int:
        """Phones still waiting for the newest state (sent over the next frames)."""
        return len(self._stale)

    # -- inside
    def _apply(self, conn: int, msg: Message, out: list) -> None:
        room = self.room
        if msg.type == "hello":
            token = msg.get("token")
            known = isinstance(token, str) and token in room.phones
            if not known:
                token = secrets.token_urlsafe(16)
            assert isinstance(token, str)
            old = self.conn_of.get(token)
            if old is not None and old != conn:  # the same phone in a new tab: the old one goes
                self.token_of.pop(old, None)
                self.server.drop(old, encode("error", code="replaced", detail="this phone opened the room again"))
            self.token_of[conn] = token
            self.conn_of[token] = conn
            if known:
                room.connect(token)
            out.append((conn, encode("welcome", token=token, room=room.code, known=known), False))
            out.append((conn, self._state(token), True))
            return
        token = self.token_of.get(conn)
        if token is None:
            return
        why: str | None
        if msg.type == "join":
            team, new_team = msg.get("team"), msg.get("new_team")
            why = room.join(token, str(msg.get("name")), team if isinstance(team, int) else None, new_team)  # type: ignore[arg-type]
        elif msg.type == "vote":
            why = room.vote(token, int(msg.get("case")), int(msg.get("team")), Response(msg.get("choice")))  # type: ignore[arg-type]
        elif msg.type == "ask":
            why = room.ask(token, int(msg.get("case")), int(msg.get("team")))  # type: ignore[arg-type]
        elif msg.type == "apology":
            why = room.apology(token, int(msg.get("case")), int(msg.get("team")), bool(msg.get("on")))  # type: ignore[arg-type]
        else:
            why = "unknown_type"
        if why:
            out.append((conn, encode("error", code=why, detail=why.replace("_", " ")), False))
            out.append((conn, self._state(token), True))  # what holds now, so the page shows it

    def _gone(self, conn: int) -> None:
        token = self.token_of.pop(conn, None)
        if token is not None and self.conn_of.get(token) == conn:
            del self.conn_of[token]
            self.room.disconnect(token)

    def _flush(self, out: list, until: float) -> None:
        """Mark the phones whose team changed, then send the newest state to as many of them as
        the time allows; a state is the whole truth, so one sent late is never out of date."""
        self._teams_changed |= self.room.take_dirty()
        now = time.perf_counter()
        dirty: set[int | None] = set()
        if None in self._teams_changed or now - self._teams_sent >= TEAM_EVERY_S:
            dirty, self._teams_changed, self._teams_sent = self._teams_changed, set(), now
        if dirty:
            everyone = None in dirty
            for conn, token in self.token_of.items():
                phone = self.room.phones.get(token)
                if everyone or (phone is not None and phone.team in dirty):
                    self._stale[conn] = None
        if not self._stale:
            return
        shared: dict[int | None, str] = {}
        for conn in list(self._stale):
            if shared and time.perf_counter() > until:
                break
            del self._stale[conn]
            token = self.token_of.get(conn)
            if token is None:
                continue
            phone = self.room.phones.get(token)
            team = phone.team if phone is not None else None
            if team not in shared:
                shared[team] = json.dumps(self.view(team), ensure_ascii=False, separators=(",", ":"))
            out.append((conn, self._message(token, shared[team]), True))

    def _state(self, token: str) -> str:
        phone = self.room.phones.get(token)
        team = phone.team if phone is not None else None
        return self._message(token, json.dumps(self.view(team), ensure_ascii=False, separators=(",", ":")))

    def _message(self, token: str, shared: str) -> str:
        phone = self.room.phones.get(token)
        you: dict[str, object] = {"name": None, "team": None, "vote": None}
        if phone is not None:
            tp = self.room.plays.get(phone.team) if phone.team is not None else None
            vote = tp.votes.get(token) if tp is not None else None
            you = {"name": phone.name, "team": phone.team, "vote": vote.response.value if vote else None}
        return '{"type":"state","you":' + json.dumps(you, ensure_ascii=False) + "," + shared[1:]

    def view(self, team: int | None) -> dict:
        """What every phone of `team` (None: a phone in no team yet) sees."""
        room = self.room
        playing = set(room.plays) if room.plays else None
        here = [0] * len(room.teams)
        for phone in room.phones.values():
            if phone.present and phone.team is not None:
                here[phone.team] += 1
        teams = [
            {
                "index": i,
                "name": t.name,
                "badge": t.badge,
                "colour": "#{:02x}{:02x}{:02x}".format(*theme.NORMAL.badge(t.badge)),
                "shape": theme.BADGE_SHAPES[t.badge % len(theme.BADGE_SHAPES)],
                "phones": here[i],
                "plays": playing is None or i in playing,
            }
            for i, t in enumerate(room.teams)
        ]
        view: dict[str, object] = {
            "phase": room.phase.value,
            "paused": room.paused,
            "room": room.code,
            "level": room.level.title,
            "teams": teams,
            "new_teams": room.phase is Phase.LOBBY and len(room.teams) < MAX_TEAMS,
            "case": None,
            "team": None,
            "outcome": None,
            "final": None,
            "seconds_left": room.seconds_left,
        }
        tp = room.plays.get(team) if team is not None else None
        if tp is None:
            return view
        play = tp.session.play
        assert play is not None
        view["team"] = {
            "minutes_left": play.minutes_left,
            "money_left": play.money_left,
            "minutes_total": room.level.shift_minutes,
            "money_total": room.level.budget,
            "score": totals(play).score,
            "tally": {r.value: n for r, n in tp.tally().items()},
            "voted": len(tp.votes),
            "phones": here[team],  # type: ignore[index]
            "decided": tp.decided,
            "decision": (tp.decision.value if tp.decision else "ignore") if tp.decided else None,
        }
        if room.phase in (Phase.OPEN, Phase.CLOSED) and play.case is not None:
            view["case"] = self._case_view(tp, room.index)
        if room.phase in (Phase.REVEALED, Phase.FINISHED) and tp.last is not None:
            view["outcome"] = self._outcome_view(tp)
        if room.phase is Phase.FINISHED:
            view["final"] = self._final_view(team)  # type: ignore[arg-type]
        return view

    def _case_view(self, tp: TeamPlay, index: int) -> dict:
        play = tp.session.play
        assert play is not None and play.case is not None
        case = play.case
        choices = []
        for r in RESPONSES:
            cost = response_cost(play, r)
            choices.append(
                {
                    "choice": r.value,
                    "label": case.choices[r].label,
                    "text": case.choices[r].text,
                    "minutes": cost.minutes,
                    "money": cost.money,
                    "why": why_not(play, r),
                }
            )
        ask = None
        if case.ask is not None:
            ask = {
                "question": case.ask.question,
                "minutes": case.ask.minutes,
                "asked": play.asked,
                "answer": case.ask.answer if play.asked else None,
                "why": None if play.asked else why_not_ask(play),
            }
        return {
            "n": index,
            "total": len(play.level.cases),
            "customer": case.customer,
            "mood": case.mood,
            "situation": case.situation,
            "ask": ask,
            "apology": {"on": play.apologised, "minutes": int(play.figures.apology_minutes.value)},
            "choices": choices,
        }

    def _outcome_view(self, tp: TeamPlay) -> dict:
        assert tp.last is not None and tp.session.play is not None
        r = tp.last.result
        case = case_as_played(tp.session.play, r.case_id)
        return {
            "choice": r.response.value,
            "label": case.choices[r.response].label,
            "outcome": r.outcome.value,
            "reaction": case.reactions.get(r.outcome, ""),
            "timed_out": r.timed_out,
            "score": r.score,
            "told_good": r.told_good,
            "told_bad": r.told_bad,
            "silent": r.silent,
            "customer": case.customer,
        }

    def _final_view(self, team: int) -> dict:
        room = self.room
        tp = room.plays[team]
        place = room.place_of(team)
        lessons: list[str] = []
        play = tp.session.play
        assert play is not None
        for case in room.level.cases:
            lesson = lesson_for(room.level, case, self.library)
            if lesson is not None and lesson.text not in lessons:
                lessons.append(lesson.text)
        return {
            "place": place[0] if place else None,
            "score": place[1] if place else totals(play).score,
            "teams": len(room.plays),
            "lessons": lessons[:6],
        }


def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of `text` as rows of dark (True) and light modules, without the quiet zone."""
    import segno  # imported here: only a room needs it

    qr = segno.make(text, error="m", micro=False)
    return tuple(tuple(bool(v) for v in row) for row in qr.matrix)


def web_files() -> list[Path]:
    return [f.path for f in static_files().values()] + [WEB / "index.html"]
