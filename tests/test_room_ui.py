"""A room session through the real scene loop, with real key presses and clicks (headless), the
phones standing in through the room's own rules: set-up, lobby, cases, the reveal, the pause, the
podium, and the scores saved as a hot-seat session saves them."""

from __future__ import annotations

import pygame
import pytest

from game.app import App
from game.core import seedcode
from game.core.model import Response
from game.core.room import Phase
from game.core.rules import AskQuestion, Choose, ToggleApology, new_play, step, totals
from game.dev.drive import click, press, type_text
from game.store.scores import ScoreStore

CODE = seedcode.encode(4321)


@pytest.fixture
def app(tmp_path):
    a = App(size=(1280, 720), seed=1, data_dir=tmp_path)
    a.room_address = ("127.0.0.1", 0)
    yield a
    a.end_session()
    pygame.quit()


def clicker(app: App, key: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
    app.frame(0.016)
    app.frame(0.016)


def open_room(app: App, teams: str) -> None:
    click(app, "room")
    assert app.scene.name == "room_setup"
    click(app, "teams")
    type_text(app, teams)
    click(app, "code")
    for _ in range(12):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_BACKSPACE, mod=0, unicode="", scancode=0))
    app.frame(0.016)
    type_text(app, CODE)
    click(app, "open")
    assert app.scene.name == "room_lobby", app.scene.message


def test_a_room_session_from_the_title_to_the_podium_saves_every_team(app, tmp_path, tutorial, figures):
    open_room(app, "Fjord, Åsa & Øyvind")
    room = app.ctx.room.room
    assert [t.name for t in room.teams] == ["Fjord", "Åsa & Øyvind"] and room.seed == 4321
    assert app.ctx.room.url.startswith("http://127.0.0.1:") and app.ctx.room.qr
    press(app, "confirm")
    assert app.scene.name == "room_lobby" and app.scene.message  # no phone yet
    for team in (0, 1):
        for k in range(2):
            room.join(f"t{team}p{k}", f"Phone {k}", team=team)
    app.frame(0.3)
    clicker(app, pygame.K_PAGEDOWN)  # the presenter's clicker starts the room
    assert app.scene.name == "room_case" and room.phase is Phase.OPEN
    plans = {
        0: [
            [AskQuestion(), Choose(Response.EXCEED)],
            [ToggleApology(), Choose(Response.FIX)],
            [Choose(Response.IGNORE)],
        ],
        1: [[Choose(Response.FIX)], [Choose(Response.EXCEED)], [AskQuestion(), ToggleApology(), Choose(Response.FIX)]],
    }
    for n in range(len(tutorial.cases)):
        if n == 1:  # B pauses every phone and the projector; B again resumes
            clicker(app, pygame.K_b)
            assert app.scene.name == "room_pause" and room.paused
            assert room.vote("t0p0", n, 0, Response.FIX) == "paused"
            clicker(app, pygame.K_PERIOD)
            assert app.scene.name == "room_case" and not room.paused
        for team, plan in plans.items():
            for action in plan[n]:
                if isinstance(action, AskQuestion):
                    assert room.ask(f"t{team}p0", n, team) is None
                elif isinstance(action, ToggleApology):
                    assert room.apology(f"t{team}p1", n, team, True) is None
                else:
                    for k in range(2):
                        assert room.vote(f"t{team}p{k}", n, team, action.response) is None
        app.frame(0.016)
        assert room.phase is Phase.CLOSED and app.scene.name == "room_case"
        press(app, "confirm")  # Enter reveals
        assert app.scene.name == "room_reveal"
        app.frame(5.0)
        press(app, "confirm")
    assert app.scene.name == "podium" and room.phase is Phase.FINISHED

    def core(actions):
        play = new_play(tutorial, figures, 4321)
        for a in actions:
            play, _ = step(play, a)
        return totals(play)

    want = {room.teams[t].name: core(sum(p, [])) for t, p in plans.items()}
    assert {t.team.name: t.totals for t in app.session.teams.turns} == want
    rows = ScoreStore.open(tmp_path).rows(session=app.run_id)
    assert sorted((r.name, r.score, r.seed, r.kind) for r in rows) == sorted(
        (name, tot.score, 4321, "team") for name, tot in want.items()
    )
    press(app, "confirm")
    assert app.scene.name == "team_debrief"
    press(app, "back")  # the podium again
    press(app, "back")
    assert app.scene.name == "title" and app.room_host is None  # the room closed with the session


def test_an_unanswered_customer_times_out_as_ignored_and_auto_reveal(app, tutorial):
    app.change_settings(timer="hard")
    click(app, "room")
    click(app, "reveal")  # reveal by itself once every team has answered
    click(app, "open")
    room = app.ctx.room.room
    assert room.auto_reveal and room.decision_seconds
    room.join("a", "Kari", new_team="Fjord")
    room.join("b", "Ola", new_team="Bre")
    press(app, "confirm")
    room.vote("a", 0, 0, Response.FIX)
    for _ in range(int(room.decision_seconds) + 2):
        app.frame(1.0)
        if app.scene.name == "room_reveal":
            break
    app.frame(0.016)
    assert app.scene.name == "room_reveal"
    (_, a), (_, b) = room.outcomes()
    assert a.result.response is Response.FIX and b.result.timed_out


def test_bad_team_names_are_told_on_the_set_up_screen(app):
    click(app, "room")
    click(app, "teams")
    type_text(app, "Fjord, fjord")
    click(app, "open")
    assert app.scene.name == "room_setup" and "fjord" in app.scene.message.lower()
    assert app.room_host is None


def test_hot_seat_is_one_click_from_the_lobby_and_the_help_comes_after_a_minute(app):
    open_room(app, "Fjord, Bre")
    for _ in range(3):
        app.frame(25.0)
    texts = [text for _, text in app.draw(record=True).record]
    assert any(app.strings("room.help_heading") in t for t in texts)
    click(app, "hotseat")
    assert app.scene.name == "briefing" and app.room_host is None
    assert [t.name for t in app.session.teams.teams] == ["Fjord", "Bre"] and app.session.seed == 4321


def test_the_clicker_keys_work_outside_the_room_too(app):
    clicker(app, pygame.K_PAGEDOWN)
    assert app.scene.name == "level_select"
    clicker(app, pygame.K_PAGEUP)
    assert app.scene.name == "title"
    clicker(app, pygame.K_PAGEDOWN)
    clicker(app, pygame.K_PAGEDOWN)
    clicker(app, pygame.K_PAGEDOWN)
    assert app.scene.name == "case"
    clicker(app, pygame.K_b)
    assert app.scene.name == "pause"
    clicker(app, pygame.K_PERIOD)
    assert app.scene.name == "case"


def test_a_new_language_mid_room_reaches_the_projector_and_the_phones(app):
    open_room(app, "Fjord, Bre")
    room = app.ctx.room.room
    room.join("a", "Kari", team=0)
    press(app, "confirm")
    before = app.ctx.room.view(0)["case"]["situation"]
    press(app, "language")  # F2: the next language
    after = app.ctx.room.view(0)["case"]["situation"]
    assert app.settings.language != "en" and after != before
    assert room.plays[0].session.play.case.situation == after
