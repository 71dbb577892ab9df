"""The company board as a player meets it: the group and the address typed in Settings, the Test
connection button, and the leaderboard's views of the group and the whole company, driven by real
key and mouse events in the real scene loop against a real PostgreSQL."""

from __future__ import annotations

import time

import pygame
import pytest

from game.app import App
from game.dev.drive import click, play_through, press, press_until, type_text
from game.store.postgres import CompanyBoard
from game.store.scores import ScoreRow
from game.store.settings import load


@pytest.fixture(autouse=True)
def no_board_from_the_environment(monkeypatch):
    monkeypatch.delenv("AMBASSADOR_SCORES", raising=False)


def laptop(data_dir, **options) -> App:
    """The game on a laptop, driven headless by posted events."""
    return App(size=(1280, 720), seed=1, data_dir=data_dir, **options)


def texts(app: App) -> list[str]:
    return [text for _, text in app.draw(record=True).record]


def wait_for(app: App, found, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.frame(0.016)
        if found():
            return
        time.sleep(0.02)
    raise AssertionError(f"not seen in {seconds} s: {texts(app)}")


def row(name: str, score: int, cohort: str = "") -> ScoreRow:
    return ScoreRow(name, "tutorial", 7, score, 1, 0, "2026-12-03T10:00:00+00:00", "test", "s", 0, "team", cohort)


def test_the_group_typed_in_settings_is_kept_and_saved_with_the_next_score(tmp_path):
    app = laptop(tmp_path)
    try:
        click(app, "settings")
        click(app, "row:group")
        type_text(app, "Oslo onboarding March")
        press(app, "confirm")
        assert load(tmp_path, ["en"])[0].group == "Oslo onboarding March"
        assert any("Oslo onboarding March" in text for text in texts(app))
        press_until(app, "title", "back")
        click(app, "play")
        press_until(app, "briefing")
        play_through(app, [("ignore",), ("ignore",), ("ignore",)])
        [saved] = app.store.rows()
        assert saved.cohort == "Oslo onboarding March"
    finally:
        app.store.close()


def test_an_address_with_a_password_is_refused_on_screen_and_never_saved(tmp_path):
    app = laptop(tmp_path)
    try:
        click(app, "settings")
        click(app, "row:scores")
        type_text(app, "postgresql://ann:hunter2@db.example.com/board")
        press(app, "confirm")
        shown = " ".join(texts(app))
        assert "password does not belong" in shown
        saved = tmp_path / "settings.yaml"
        assert not saved.exists() or "hunter2" not in saved.read_text()
        assert app.settings.scores == ""
        click(app, "test")  # Test connection with it: refused again, never tried
        assert "password does not belong" in " ".join(texts(app)) and app.ctx.board_test == ""
    finally:
        app.store.close()


def test_test_connection_says_in_one_line_what_it_found(pg_server, board_url, tmp_path):
    board = CompanyBoard(board_url)
    board.save(row("On the board", 5))
    board.close()
    app = laptop(tmp_path)
    try:
        click(app, "settings")
        click(app, "row:scores")
        type_text(app, board_url)
        press(app, "confirm")
        assert app.settings.scores == board_url and load(tmp_path, ["en"])[0].scores == board_url
        click(app, "test")
        wait_for(app, lambda: "1 score(s) on the company board" in " ".join(texts(app)))
        click(app, "row:scores")
        for _ in range(len(board_url)):  # the address rubbed out with Backspace, as a person would
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_BACKSPACE, mod=0, unicode="\b"))
        app.frame(0.016)
        assert app.scene.drafts["scores"] == ""
        type_text(app, board_url.replace(str(pg_server.port), "1"))  # a port where nothing listens
        click(app, "test")
        wait_for(app, lambda: "cannot reach 127.0.0.1" in " ".join(texts(app)))
    finally:
        app.store.close()


def test_the_leaderboard_shows_the_group_and_the_whole_company_from_the_board(pg_server, board_url, tmp_path):
    board = CompanyBoard(board_url)
    board.save(row("Bergen team", 30, "Bergen"))
    board.save(row("Oslo team", 20, "Oslo"))
    board.close()
    app = laptop(tmp_path, scores=board_url, group="Oslo")
    try:
        click(app, "leaderboard")
        assert [a for a in (b.action for b in app.scene.buttons()) if a.startswith("tab:")] == [
            "tab:laptop",
            "tab:session",
            "tab:group",
            "tab:company",
        ]
        click(app, "tab:company")
        wait_for(app, lambda: "Bergen team" in texts(app) and "Oslo team" in texts(app))
        click(app, "tab:group")
        wait_for(app, lambda: "Oslo team" in texts(app))
        assert "Bergen team" not in texts(app) and "Group: Oslo" in texts(app)
        click(app, "tab:laptop")
        assert "Oslo team" not in texts(app)  # this laptop has saved nothing
    finally:
        app._close_board()
        app.store.close()


def test_without_a_board_there_is_no_company_view_and_the_laptop_view_works(tmp_path):
    app = laptop(tmp_path)
    try:
        app.store.save(row("Here", 3))
        click(app, "leaderboard")
        tabs = [b.action for b in app.scene.buttons() if b.action.startswith("tab:")]
        assert tabs == ["tab:laptop", "tab:session"]
        assert "Here" in texts(app)
        press(app, "down")  # the first level only
        assert app.scene.level() is app.ctx.catalogue.levels[0]
    finally:
        app.store.close()


def test_the_group_typed_on_the_team_set_up_goes_with_the_session_and_is_kept(tmp_path):
    app = laptop(tmp_path, group="From the command line")
    try:
        click(app, "teams")
        assert app.scene.name == "team_setup" and app.scene.group == "From the command line"
        click(app, "group")
        for _ in range(len("From the command line")):
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_BACKSPACE, mod=0, unicode="\b"))
        app.frame(0.016)
        type_text(app, "Bergen workshop")
        click(app, "start")
        assert app.scene.name == "briefing" and app.ctx.group == "Bergen workshop"
        assert load(tmp_path, ["en"])[0].group == "Bergen workshop"
    finally:
        app.store.close()


def test_a_company_board_out_of_reach_is_said_on_the_leaderboard_and_not_knocked_on_every_frame(tmp_path):
    nowhere = "postgresql://player@127.0.0.1:1/board?connect_timeout=2"  # nothing listens on port 1
    app = laptop(tmp_path, scores=nowhere)
    try:
        click(app, "leaderboard")
        click(app, "tab:company")
        wait_for(app, lambda: any("cannot be reached" in text for text in texts(app)))
        for _ in range(100):
            app.frame(0.016)
        assert app.board._jobs.qsize() == 0 and not app.scene.busy  # resting until the next retry
    finally:
        app._close_board()
        app.store.close()


def test_the_group_typed_on_the_room_set_up_goes_with_the_room(tmp_path):
    app = laptop(tmp_path)
    app.room_address = ("127.0.0.1", 0)  # tests bind to loopback only
    try:
        click(app, "room")
        assert app.scene.name == "room_setup"
        click(app, "group")
        type_text(app, "Tromsø workshop")
        click(app, "open")
        assert app.ctx.group == "Tromsø workshop" and load(tmp_path, ["en"])[0].group == "Tromsø workshop"
        assert app.scene.name == "room_lobby"
    finally:
        app._close_room()
        app.store.close()


def test_quitting_with_the_board_out_of_reach_tries_it_no_more(tmp_path, monkeypatch):
    """The scores stay on the laptop for the next start; the exit does not wait on the network again."""
    from game.store import sync as sync_module

    tries = []
    real = sync_module.CompanyBoard

    def counted(board_url, *args, **kwargs):
        tries.append(board_url)
        return real(board_url, *args, **kwargs)

    monkeypatch.setattr(sync_module, "CompanyBoard", counted)
    app = laptop(tmp_path, scores="postgresql://p@127.0.0.1:1/b?connect_timeout=2")
    try:
        app.store.save(row("Kept here", 3))
        app.board.poke()
        wait_for(app, lambda: app.board.state == "offline")
        before = len(tries)
        app._close_board()
        assert len(tries) == before
    finally:
        app.store.close()
