"""The Report button on the podium, the summary and the leaderboard, through the real scene loop:
the scene asks, the app writes the PDF beside the CSV exports and shows where; and the learning
records a saved level leaves for the company's LRS, queued without the game waiting."""

from __future__ import annotations

import json
import subprocess
import time

import pygame
import pytest

from game.app import App
from game.core import seedcode
from game.dev.drive import click, play_through, press, press_until, type_text
from game.report import lrs
from game.report.xapi_check import problems
from tests.test_report import need


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("AMBASSADOR_LRS_ENDPOINT", "http://127.0.0.1:9/xapi/")  # nothing listens: all waits
    monkeypatch.setenv("AMBASSADOR_LRS_SECRET", "s3cret")
    a = App(size=(1280, 720), seed=1, data_dir=tmp_path)
    yield a
    a.learning.stop()
    pygame.quit()


def wait_for_toast(app, start: str, seconds: float = 60.0) -> str:
    """The toast once the report's process has told it (it runs off the frame loop)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not app.toast.startswith(start):
        app.frame(0.016)
        time.sleep(0.05)
    return app.toast


def reports(folder) -> list:
    return sorted((folder / "exports").glob("report-*.pdf")) if (folder / "exports").is_dir() else []


def test_the_podium_and_the_leaderboard_make_the_rooms_report(app, tmp_path):
    click(app, "teams")
    click(app, "team:0")
    type_text(app, "Fjord")
    click(app, "team:1")
    type_text(app, "Øy & <Bre>")
    click(app, "start")
    play_through(app, [("ask", "exceed"), ("apology", "fix"), ("ignore",)])
    press(app, "confirm")
    press(app, "confirm")
    play_through(app, [("fix",), ("exceed",), ("ask", "apology", "fix")])
    press(app, "confirm")
    assert app.scene.name == "podium"
    started = time.perf_counter()
    click(app, "report")
    assert time.perf_counter() - started < 0.5  # the frame loop does not wait for the PDF
    assert app.toast == "Making the report…"
    toast = wait_for_toast(app, "Report saved to")
    made = reports(tmp_path)
    assert len(made) == 1 and made[0].read_bytes().startswith(b"%PDF")
    assert toast == f"Report saved to {made[0]}"
    text = subprocess.run([need("pdftotext"), str(made[0]), "-"], capture_output=True, text=True).stdout
    assert f"session code {seedcode.encode(app.session.teams.seed)}" in text  # the code the podium shows
    assert "Fjord" in text and "Øy & <Bre>" in text

    click(app, "leaderboard")
    assert app.scene.name == "leaderboard"
    time.sleep(1.1)  # the file's name has the second in it
    click(app, "report")
    wait_for_toast(app, "Report saved to")
    assert len(reports(tmp_path)) == 2

    # each team's level went to the outbox for the LRS, which is away: nothing was lost, none twice
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(lrs.Outbox(tmp_path).load()) < 2 * 5:
        time.sleep(0.05)
    waiting = lrs.Outbox(tmp_path).load()
    completed = [s for s in waiting if s["verb"]["id"].endswith("/completed")]
    assert sorted(s["actor"]["name"] for s in completed) == ["Fjord", "Øy & <Bre>"]
    assert [p for s in waiting for p in problems(s)] == []
    outbox_text = (tmp_path / lrs.OUTBOX).read_text(encoding="utf-8")
    assert "s3cret" not in outbox_text
    assert "s3cret" not in json.dumps(app.notices) and "s3cret" not in app.learning.courier.last_error


def test_the_summary_makes_the_players_report(app, tmp_path):
    click(app, "play")
    press(app, "confirm")  # the first level
    while app.scene.name not in ("briefing", "case"):
        press(app, "confirm")
    play_through(app, [("fix",), ("fix",), ("fix",)])
    press_until(app, "summary")
    click(app, "report")
    toast = wait_for_toast(app, "Report saved to")
    made = reports(tmp_path)
    assert len(made) == 1 and toast == f"Report saved to {made[0]}"
