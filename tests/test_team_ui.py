"""A workshop's team session, end to end, through the real scene loop and the score database."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from game.app import App
from game.core import seedcode
from game.core.model import Response
from game.core.rules import AskQuestion, Choose, ToggleApology, new_play, step, totals
from game.dev.drive import click, play_through, press, press_until, type_text
from game.store.scores import ScoreStore

CODE = seedcode.encode(4321)


@pytest.fixture
def app(tmp_path):
    a = App(size=(1280, 720), seed=1, data_dir=tmp_path)
    yield a
    pygame.quit()


def core_totals(level, figures, seed, actions):
    play = new_play(level, figures, seed)
    for a in actions:
        play, _ = step(play, a)
    return totals(play)


def test_a_two_team_session_through_the_podium(app, tmp_path, tutorial, figures):
    click(app, "teams")
    assert app.scene.name == "team_setup"
    click(app, "team:0")
    type_text(app, "Fjord")
    type_text(app, "folket")
    click(app, "team:1")
    type_text(app, "Åsa & Øyvind")
    click(app, "code")
    for _ in range(12):  # clear the suggested code with Backspace, then type the other room's code
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_BACKSPACE, mod=0, unicode="", scancode=0))
    app.frame(0.016)
    assert app.scene.code == ""
    type_text(app, CODE.lower())
    click(app, "start")
    assert app.scene.name == "briefing"
    assert app.session.teams.seed == 4321 and app.session.teams.current.name == "Fjordfolket"

    play_through(app, [("ask", "exceed"), ("apology", "fix"), ("ignore",)])
    press(app, "confirm")
    assert app.scene.name == "scoreboard"
    press(app, "confirm")
    assert app.scene.name == "briefing" and app.session.teams.current.name == "Åsa & Øyvind"
    play_through(app, [("fix",), ("exceed",), ("ask", "apology", "fix")])
    press(app, "confirm")
    assert app.scene.name == "podium"

    first = core_totals(
        tutorial,
        figures,
        4321,
        [AskQuestion(), Choose(Response.EXCEED), ToggleApology(), Choose(Response.FIX), Choose(Response.IGNORE)],
    )
    second = core_totals(
        tutorial,
        figures,
        4321,
        [Choose(Response.FIX), Choose(Response.EXCEED), AskQuestion(), ToggleApology(), Choose(Response.FIX)],
    )
    by_name = {t.team.name: t.totals for t in app.session.teams.turns}
    assert by_name == {"Fjordfolket": first, "Åsa & Øyvind": second}
    ranked = [t.team.name for t in app.session.teams.ranking()]
    assert ranked[0] == ("Fjordfolket" if first.score >= second.score else "Åsa & Øyvind")

    rows = ScoreStore.open(tmp_path).rows(session=app.run_id)
    assert sorted((r.name, r.score, r.seed) for r in rows) == sorted(
        [("Fjordfolket", first.score, 4321), ("Åsa & Øyvind", second.score, 4321)]
    )

    press(app, "confirm")
    assert app.scene.name == "team_debrief"
    for _ in range(len(tutorial.cases)):
        press(app, "confirm")
    assert app.scene.name == "podium"


def test_a_typo_in_the_session_code_is_caught_before_play(app):
    click(app, "teams")
    app.scene.code = CODE[:-1] + ("0" if CODE[-1] != "0" else "1")
    click(app, "start")
    assert app.scene.name == "team_setup" and "typo" in app.scene.message


def test_typing_a_name_does_not_trigger_game_keys(app):
    click(app, "teams")
    click(app, "team:0")
    for key in (pygame.K_q, pygame.K_a, pygame.K_1, pygame.K_SPACE):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
    type_text(app, "qa1 ")
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_BACKSPACE, mod=0, unicode="", scancode=0))
    app.frame(0.016)
    assert app.scene.name == "team_setup" and app.scene.names[0] == "qa1"


def test_teams_can_be_added_up_to_eight_and_removed(app):
    click(app, "teams")
    for _ in range(10):
        if any(b.action == "add" for b in app.scene.buttons()):
            click(app, "add")
    assert len(app.scene.names) == 8
    click(app, "remove:3")
    assert len(app.scene.names) == 7


def test_the_demo_plays_a_team_session_and_saves_its_scores_when_asked(tmp_path):
    app = App(size=(1280, 720), seed=9, demo=True, demo_teams=3, data_dir=tmp_path, demo_saves=True)
    seen = set()
    for _ in range(600):
        app.frame(0.7)
        seen.add(app.scene.name)
        if "team_debrief" in seen and app.scene.name == "title":
            break
    pygame.quit()
    assert {"team_setup", "scoreboard", "podium", "team_debrief"} <= seen
    names = sorted(r.name for r in ScoreStore.open(tmp_path).rows())
    assert names[:3] == ["Team 1", "Team 2", "Team 3"]


def test_settings_change_the_game_and_survive_a_restart(app, tmp_path):
    click(app, "settings")
    assert app.scene.name == "settings"
    press(app, "left")  # the timer row: one step back from normal is relaxed
    assert app.settings.timer == "relaxed"
    press(app, "left")
    assert app.settings.timer == "off"
    press(app, "down", "right")
    assert app.settings.text_size == "large"
    press(app, "down", "right")
    assert app.settings.high_contrast
    pygame.quit()
    again = App(size=(1280, 720), seed=1, data_dir=tmp_path)
    assert again.settings.timer == "off" and again.settings.text_size == "large" and again.settings.high_contrast
    press_until(again, "level_select")
    press_until(again, "case")
    again.frame(10_000)
    assert again.scene.name == "case"  # no timer: the customer waits as long as the room talks


def test_large_text_is_bigger_on_screen(app):
    from game.render.painter import Painter

    normal = Painter(app.window, app.canvas, app.text).measure("Ambassador", 28)[1]
    large = Painter(app.window, app.canvas, app.text, large=True).measure("Ambassador", 28)[1]
    assert large / normal == pytest.approx(36 / 28, rel=0.1)


def test_the_pause_shows_questions_for_the_room(app):
    press_until(app, "level_select")
    press_until(app, "case")
    press(app, "back")
    from game.content.levels import questions_for

    qs = questions_for(app.session.play.level, app.session.play.case, app.library)
    assert app.scene.name == "pause" and len(qs) == 3
    shown = [text for _, text in app.draw(record=True).record]
    assert all(q in shown for q in qs)  # the questions are on the screen, the customer beside them
    assert app.session.play.case.customer in shown


def test_an_unwritable_data_folder_plays_on_with_one_warning(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    app = App(size=(1280, 720), seed=2, data_dir=blocker / "sub")
    assert sum("cannot be saved" in n for n in app.notices) == 1
    press_until(app, "level_select")
    press_until(app, "case")
    play_through(app, [("ignore",), ("ignore",), ("ignore",)])
    assert len(app.store.rows()) == 1  # the score played is still shown (kept aside)
    kept = [n for n in app.notices if "kept" in n]
    pygame.quit()
    for note in kept:  # the private folder it was kept in is the tester's to clean up
        for word in note.split():
            folder = Path(word.rstrip(".;,)")).parent
            if folder.name.startswith("ambassador-scores-") and folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)


def scores_cli(*args):
    return subprocess.run([sys.executable, "-m", "game", "scores", *args], capture_output=True, text=True, timeout=60)


def test_scores_list_and_csv_export_from_the_command_line(tmp_path):
    from game.store.scores import ScoreRow

    store = ScoreStore.open(tmp_path)
    store.save(ScoreRow("Bølge", "tutorial", 77, 9, 1, 0, "2026-11-29T10:00:00", "0.1.0"))
    store.save(ScoreRow("Skog", "zappos", 77, -16, 0, 1, "2026-11-29T10:05:00", "0.1.0"))
    store.close()
    out = scores_cli("list", "--data-dir", str(tmp_path))
    assert out.returncode == 0 and "Bølge" in out.stdout and out.stdout.index("Bølge") < out.stdout.index("Skog")
    target = tmp_path / "out.csv"
    out = scores_cli("--data-dir", str(tmp_path), "export", "--csv", str(target))
    assert out.returncode == 0, out.stderr
    import csv

    with open(target, encoding="utf-8-sig", newline="") as f:
        assert [r["name"] for r in csv.DictReader(f)] == ["Bølge", "Skog"]


def test_m_mutes_and_unmutes_and_the_choice_is_kept(app, tmp_path):
    assert app.settings.sound and app.sounds.enabled
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_m, mod=0, unicode="m", scancode=0))
    app.frame(0.016)
    assert not app.settings.sound and not app.sounds.enabled
    from game.store.settings import load

    assert load(tmp_path, ["en"])[0].sound is False


def test_without_an_audio_device_the_game_plays_silently(tmp_path):
    env = {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "no-such-device", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-m", "game", "--demo", "--seconds", "2", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr


def test_switching_language_mid_session_keeps_every_team_result(app):
    """F2 between turns and on the podium: the words change, the results and the ranking do not."""
    click(app, "teams")
    click(app, "start")
    play_through(app, [("ask", "exceed"), ("ignore",), ("fix",)])
    press(app, "confirm")
    assert app.scene.name == "scoreboard"
    before = [(t.team.name, t.totals) for t in app.session.teams.turns]
    heading = app.strings("scoreboard.heading", title=app.session.teams.level.title)
    press(app, "language")
    assert app.strings("scoreboard.heading", title=app.session.teams.level.title) != heading
    assert [(t.team.name, t.totals) for t in app.session.teams.turns] == before
    assert app.session.teams.turns[0].play.level.title == app.session.teams.level.title  # the new words
    press(app, "confirm")
    play_through(app, [("fix",), ("fix",), ("fix",)])
    press(app, "confirm")
    assert app.scene.name == "podium"
    press(app, "language")
    assert [(t.team.name, t.totals) for t in app.session.teams.turns][:1] == before
    app.draw()


def test_tab_from_a_team_name_goes_to_the_next_name_not_the_remove_button(app):
    click(app, "teams")
    click(app, "team:0")
    type_text(app, "Nord")
    press(app, "tab")
    assert app.scene.focus == "team:1"
    type_text(app, "Sør")
    press(app, "tab")
    assert app.scene.focus == "add"
    assert app.scene.names == ["Nord", "Sør"]


def test_the_podium_puts_tied_teams_level_and_shows_each_score_against_the_levels_range(app):
    from game.core.yardstick import yardstick

    click(app, "teams")
    click(app, "add")
    click(app, "start")
    for moves in ([("ignore",)] * 3, [("ignore",)] * 3, [("fix",)] * 3):
        play_through(app, moves)
        press(app, "confirm")
        if app.scene.name == "scoreboard":
            press(app, "confirm")
    assert app.scene.name == "podium"
    places = [place for place, _ in app.session.teams.places()]
    assert places.count(places[1]) >= 1
    ys = yardstick(app.session.level, app.figures)
    texts = [t for _, t in app.draw(record=True).record]
    assert f"{ys.worst:+d}" in texts and f"{ys.best:+d}" in texts
    # the two teams that ignored everyone share a place: their names stand at the same height
    tied = [turn.team.name for place, turn in app.session.teams.places() if places.count(place) > 1]
    assert len(tied) == 2
    heights = {rect[1] for rect, text in app.draw(record=True).record if text in tied and rect[1] < 560}
    assert len(heights) == 1, heights


def test_a_save_that_fails_mid_session_keeps_every_score_and_the_room_plays_on(app, tmp_path):
    """The disk fills during a team session: the game goes on to the podium, the room is told once
    where the scores went, and each score reaches the database exactly once when it can."""
    click(app, "teams")
    click(app, "add")
    click(app, "start")
    play_through(app, [("fix",), ("fix",), ("fix",)])
    press(app, "confirm")
    db = tmp_path / "scores.db"
    for extra in ("-wal", "-shm", ""):  # another program takes the file away: a folder in its place
        (tmp_path / f"scores.db{extra}").unlink(missing_ok=True)
    db.mkdir()
    for turn in range(2):
        press_until(app, "case")
        play_through(app, [("ignore",), ("fix",), ("exceed",)])
        if turn == 0:  # told at once, on the screen, in one line
            assert app.toast and "\n" not in app.toast
            shown = [t for _, t in app.draw(record=True).record]
            assert any(app.toast[:30] in t for t in shown)
        press(app, "confirm")
    assert app.scene.name == "podium"  # played on
    assert sum(n == app.notices[-1] for n in app.notices) == 1  # told once, kept for the title
    later = [turn.team.name for turn in app.session.teams.turns[1:]]
    db.rmdir()  # the folder goes: the kept scores are written when the game can
    app.store.flush()
    app.store.flush()  # a second flush writes nothing twice
    rows = ScoreStore.open(tmp_path).rows(session=app.run_id)
    assert sorted(r.name for r in rows) == sorted(later)
