"""The room's server on loopback, through real websockets: the page and its files (and nothing
else), a room played by phones, every kind of bad message refused with a clear error and nothing
changed, a reloaded phone keeping its team and vote, dropped connections never holding the loop
up, and a smaller load test in which nothing is lost (the 200-phone figures are `make bench`'s).
"""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request

import pytest

from game.content.levels import default_library
from game.core.room import Phase, Room
from game.core.teams import Team
from game.dev.bench_room import Phone, load
from game.room import protocol
from game.room.host import RoomHost, render_page
from game.room.server import BURST, FLOOD_CLOSE, pick_language


@pytest.fixture
def host(tutorial, figures):
    room = Room(tutorial, figures, 4321, "ABCD", (Team("Fjord", 0), Team("Bre", 1)))
    h = RoomHost(room, default_library(), "en", "127.0.0.1", 0, ["en", "nb", "da", "sv"])
    h.start()
    yield h
    h.stop()


def run(host: RoomHost, coro):
    """Run the phones' coroutine while this thread pumps the room, as the frame loop does."""

    async def main():
        task = asyncio.ensure_future(coro)
        while not task.done():
            host.pump()
            await asyncio.sleep(0.005)
        host.pump()
        return task.result()

    return asyncio.run(asyncio.wait_for(main(), 30))


def ws_url(host: RoomHost) -> str:
    return f"http://127.0.0.1:{host.port}/ws"


def get(host: RoomHost, path: str, lang: str = "") -> tuple[int, str, dict]:
    req = urllib.request.Request(f"http://127.0.0.1:{host.port}{path}", headers={"Accept-Language": lang})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, r.read().decode("utf-8", "replace"), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace"), dict(e.headers)


def test_the_page_its_files_and_nothing_else(host):
    status, page, headers = get(host, "/ABCD")
    assert status == 200 and "/static/room.js" in page and "phone.your_name" in page
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert get(host, "/abcd")[0] == 200
    status, page, _ = get(host, "/ABCD", "nb-NO,nb;q=0.9,en;q=0.5")
    assert 'lang="nb"' in page and "Navnet ditt" in page
    for name in ("room.js", "room.css", "Andika-Regular.ttf", "Andika-Bold.ttf"):
        assert get(host, f"/static/{name}")[0] == 200, name
    for path in ("/", "/WXYZ", "/static/index.html", "/static/..%2f..%2fgame%2fapp.py", "/static/figures.yaml"):
        assert get(host, path)[0] == 404, path
    assert get(host, "/../../etc/passwd")[0] == 404


def test_the_strings_in_the_page_cannot_close_its_script(tutorial):
    from game.content.strings import load_strings

    strings = load_strings("en")
    strings.table = {**strings.table, "phone.title": "</script><script>alert(1)</script>"}
    page = render_page("<title>{{TITLE}}</title><script>{{STRINGS}}</script>", strings, "ABCD")
    assert page.count("</script>") == 1 and "&lt;/script&gt;" in page


def test_a_language_from_the_phone_or_the_session():
    known = {"en": "", "nb": "", "da": "", "sv": ""}
    assert pick_language("sv-SE,sv;q=0.9", known, "en") == "sv"
    assert pick_language("no", known, "en") == "nb"
    assert pick_language("fr-FR,de", known, "da") == "da"


def test_two_teams_play_through_websockets_and_a_reloaded_phone_keeps_team_and_vote(host):
    room = host.room

    async def play():
        a1, a2, b = [await Phone(ws_url(host), "ABCD").open() for _ in range(3)]
        assert a1.state["phase"] == "lobby" and [t["name"] for t in a1.state["teams"]] == ["Fjord", "Bre"]
        assert a1.state["teams"][0]["shape"] == "circle" and a1.state["teams"][1]["colour"].startswith("#")
        await a1.send({"type": "join", "name": "Kari", "team": 0})
        await a2.send({"type": "join", "name": "Ola", "team": 0})
        await b.send({"type": "join", "name": "Åse <b>", "team": 1})
        await b.wait(lambda p: p.state["you"]["team"] == 1)
        assert b.state["you"]["name"] == "Åse <b>"  # kept as data; the page sets it as text only
        await a2.wait(lambda p: p.state["teams"][0]["phones"] == 2)
        room.start()
        await a1.wait(lambda p: p.state["phase"] == "open")
        case = a1.state["case"]
        assert case["n"] == 0 and len(case["choices"]) == 3 and a1.state["team"]["minutes_left"] == 40
        await a1.send({"type": "vote", "case": 0, "team": 0, "choice": "fix"})
        await a1.wait(lambda p: p.state["you"]["vote"] == "fix")
        # a1 reloads: a new connection with its token keeps its team and its vote
        token = a1.token
        await a1.close()
        again = await Phone(ws_url(host), "ABCD").open(token=token)
        assert again.state["you"] == {"name": "Kari", "team": 0, "vote": "fix"}
        assert again.state["team"]["tally"]["fix"] == 1
        await a2.send({"type": "ask", "case": 0, "team": 0})
        await a2.wait(lambda p: p.state["case"]["ask"]["asked"])
        assert a2.state["case"]["ask"]["answer"]
        assert b.state["case"]["ask"]["answer"] is None  # the answer shows on the asking team's phones only
        await a2.send({"type": "vote", "case": 0, "team": 0, "choice": "exceed"})
        await a2.wait(lambda p: p.state["team"]["decided"])
        assert a2.state["team"]["decision"] == "fix"  # one each: fix was voted first
        await b.send({"type": "vote", "case": 0, "team": 1, "choice": "ignore"})
        await b.wait(lambda p: p.state["phase"] == "closed")
        room.reveal()
        await b.wait(lambda p: p.state["phase"] == "revealed")
        assert b.state["outcome"]["choice"] == "ignore" and b.state["outcome"]["outcome"] == "lost"
        await again.wait(lambda p: p.state["phase"] == "revealed")
        assert again.state["outcome"]["choice"] == "fix"
        for p in (again, a2, b):
            await p.close()

    run(host, play())
    assert room.phase is Phase.REVEALED


async def _joined(host, team=0, name="Kari") -> Phone:
    phone = await Phone(ws_url(host), "ABCD").open()
    await phone.send({"type": "join", "name": name, "team": team})
    await phone.wait(lambda p: p.state["you"]["team"] == team)
    return phone


BAD = [
    ("not json", "{vote", "bad_message"),
    ("not an object", "[1, 2]", "bad_message"),
    ("unknown type", {"type": "shout"}, "unknown_type"),
    ("no type", {"case": 0}, "unknown_type"),
    ("a field too many", {"type": "vote", "case": 0, "team": 0, "choice": "fix", "admin": True}, "bad_message"),
    ("a field missing", {"type": "vote", "case": 0, "team": 0}, "bad_message"),
    ("a choice not allowed", {"type": "vote", "case": 0, "team": 0, "choice": "bribe"}, "bad_message"),
    ("a case as text", {"type": "vote", "case": "0", "team": 0, "choice": "fix"}, "bad_message"),
    ("a team as a bool", {"type": "vote", "case": 0, "team": True, "choice": "fix"}, "bad_message"),
    ("a team out of range", {"type": "vote", "case": 0, "team": 99, "choice": "fix"}, "bad_message"),
    ("NaN", '{"type": "vote", "case": NaN, "team": 0, "choice": "fix"}', "bad_message"),
    ("a name too long", {"type": "join", "name": "x" * 200, "team": 0}, "bad_message"),
    ("both teams", {"type": "join", "name": "x", "team": 0, "new_team": "y"}, "bad_message"),
    ("oversized", json.dumps({"type": "ping", "pad": "x" * 5000}), "too_big"),
    ("forged team", {"type": "vote", "case": 0, "team": 1, "choice": "fix"}, "not_your_team"),
    ("vote on another case", {"type": "vote", "case": 2, "team": 0, "choice": "fix"}, "closed"),
    ("a new team after the start", {"type": "join", "name": "x", "new_team": "Late"}, "started"),
    ("a second hello", {"type": "hello", "room": "ABCD"}, "bad_message"),
]


@pytest.mark.parametrize(("what", "message", "code"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_message_gets_a_clear_error_and_changes_nothing(host, what, message, code):
    room = host.room

    async def go():
        phone = await _joined(host)
        other = await _joined(host, team=1, name="Ola")
        room.start()
        await phone.wait(lambda p: p.state["phase"] == "open")
        before = (room.version, {i: dict(tp.votes) for i, tp in room.plays.items()}, len(room.teams))
        await phone.send(message)
        await phone.wait(lambda p: p.errors)
        assert phone.errors == [code]
        await phone.send({"type": "ping"})  # the connection still works
        await asyncio.sleep(0.05)
        assert not phone.closed
        after = (room.version, {i: dict(tp.votes) for i, tp in room.plays.items()}, len(room.teams))
        assert after == before
        await phone.close()
        await other.close()

    run(host, go())


def test_a_vote_when_the_case_is_closed_is_refused(host):
    room = host.room

    async def go():
        phone = await _joined(host)
        await phone.send({"type": "vote", "case": 0, "team": 0, "choice": "fix"})  # the lobby
        await phone.wait(lambda p: p.errors)
        room.start()
        room.reveal()
        await phone.wait(lambda p: p.state["phase"] == "revealed")
        await phone.send({"type": "vote", "case": 0, "team": 0, "choice": "fix"})
        await phone.wait(lambda p: len(p.errors) == 2)
        assert phone.errors == ["closed", "closed"]
        await phone.close()

    run(host, go())


def test_the_wrong_room_code_or_no_hello_admits_nobody(host):
    async def go():
        stranger = await Phone(ws_url(host), "ZZZZ").open(hello=False)
        await stranger.send({"type": "join", "name": "x", "team": 0})
        await stranger.wait(lambda p: p.errors)
        await stranger.send({"type": "hello", "room": "ZZZZ"})
        await stranger.wait(lambda p: len(p.errors) == 2)
        assert stranger.errors == ["hello_first", "wrong_room"] and stranger.state is None
        await stranger.close()

    run(host, go())
    assert not host.room.phones and host.phones_connected == 0


def test_flooding_is_refused_then_cut_off_and_the_others_play_on(host):
    async def go():
        flood = await _joined(host)
        calm = await _joined(host, team=1, name="Ola")
        for _ in range(BURST + 20):
            await flood.send({"type": "ping"})
        await flood.wait(lambda p: "too_fast" in p.errors)
        assert flood.errors.count("too_fast") == 1  # told once a second, not once a message
        for _ in range(FLOOD_CLOSE + 50):
            if flood.closed:
                break
            try:
                await flood.send({"type": "ping"})
            except ConnectionError:
                break
        await flood.wait(lambda p: p.closed)
        await calm.send({"type": "join", "name": "Ola Nordmann", "team": 1})
        await calm.wait(lambda p: p.state["you"]["name"] == "Ola Nordmann")
        await calm.close()

    run(host, go())


def test_a_binary_message_is_refused(host):
    async def go():
        phone = await _joined(host)
        await phone.ws.send_bytes(b"\x00\x01")
        await phone.wait(lambda p: p.errors)
        assert phone.errors == ["bad_message"]
        await phone.close()

    run(host, go())


def test_killing_connections_at_any_moment_never_holds_the_loop_up(host):
    room = host.room

    async def go():
        phones = [await _joined(host, team=i % 2, name=f"P{i}") for i in range(12)]
        room.start()
        for p in phones:
            await p.wait(lambda q: q.state["phase"] == "open")
        for i, p in enumerate(phones[:6]):
            await p.send({"type": "vote", "case": 0, "team": i % 2, "choice": "fix"})
            p.kill()  # mid-message, no goodbye
        for p in phones[6:9]:
            p.kill()
        host.pump()  # returns at once: nothing waits on a dropped phone
        await asyncio.sleep(0.3)
        for p in phones[9:]:
            await p.send({"type": "vote", "case": 0, "team": phones.index(p) % 2, "choice": "ignore"})
        await phones[-1].wait(lambda q: q.state["phase"] == "closed")
        for p in phones:
            await p.close()

    run(host, go())
    assert room.phase is Phase.CLOSED  # the phones left decided for their teams
    assert sum(1 for ph in room.phones.values() if ph.present) == 0


def test_closing_the_room_tells_every_phone(host):
    async def go():
        phone = await _joined(host)
        host.stop()
        await phone.wait(lambda p: p.closed)
        assert phone.ws.close_code == 1001

    run(host, go())


def test_the_protocol_module_refuses_what_the_server_refuses():
    with pytest.raises(protocol.ProtocolError) as info:
        protocol.parse(b"{}")
    assert info.value.code == "bad_message"
    ok = protocol.parse('{"type": "apology", "case": 1, "team": 2, "on": true}')
    assert ok.type == "apology" and ok.fields == {"case": 1, "team": 2, "on": True}
    with pytest.raises(protocol.ProtocolError):
        protocol.parse('{"type": "hello", "room": "abcd"}')  # codes are four capitals
    with pytest.raises(protocol.ProtocolError):
        protocol.parse('{"type": "hello", "room": "ABCD", "token": "short"}')


def test_forty_phones_in_eight_teams_vote_on_every_case_and_nothing_is_lost():
    """A smaller version of the bench's 200 phones: the figures are reported, never asserted."""
    result = load(phones=40, teams=8, timeout=60)
    assert result["every_phone_revealed"] and result["lost"] == 0 and result["errors"] == 0
    assert result["phones_in_room"] == 40 and result["team_results"] == 8 * result["cases"]


def test_connections_over_the_limit_are_refused(host, monkeypatch):
    import aiohttp

    import game.room.server as server

    monkeypatch.setattr(server, "MAX_CONNECTIONS", 2)

    async def go():
        first, second = await _joined(host), await _joined(host, team=1, name="Ola")
        with pytest.raises(aiohttp.WSServerHandshakeError) as info:
            await Phone(ws_url(host), "ABCD").open()
        assert info.value.status == 503
        await first.close()
        await second.close()

    run(host, go())


def test_closing_the_room_does_not_wait_for_phones_that_are_gone(host):
    """Twenty phones whose network went away without a word: the room still closes at once."""

    async def go():
        phones = [await _joined(host, team=i % 2, name=f"P{i}") for i in range(20)]
        for p in phones:
            p.ws._response.connection.transport.pause_reading()  # deaf: never answers a close
        host.server.stop(timeout=10)
        assert not host.server._thread.is_alive()
        for p in phones:
            p.kill()
            await p.close()

    run(host, go())
