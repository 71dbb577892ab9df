"""The real scene loop, headless, driven by posted keyboard and mouse events."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pygame
import pytest

from game.app import App
from game.core.model import Response
from game.core.rules import AskQuestion, Choose, ToggleApology, new_play, step, totals
from game.core.session import Session
from game.dev.drive import click, press, press_until, show


@pytest.fixture
def app(tmp_path):
    a = App(size=(1280, 720), seed=11, data_dir=tmp_path)
    yield a
    pygame.quit()


def to_first_case(app: App) -> None:
    press_until(app, "level_select")
    press_until(app, "briefing")
    press_until(app, "case")


def test_a_whole_level_played_with_keys_scores_what_the_core_says(app, tutorial, figures):
    to_first_case(app)
    assert app.scene.play.level.id == "tutorial"
    press(app, "ask", "exceed")
    press_until(app, "case")
    press(app, "apology", "fix")
    press_until(app, "case")
    press(app, "ignore")
    press_until(app, "debrief")
    press_until(app, "summary")
    shown = app.scene.totals

    play = new_play(tutorial, figures, 11)
    for action in (
        AskQuestion(),
        Choose(Response.EXCEED),
        ToggleApology(),
        Choose(Response.FIX),
        Choose(Response.IGNORE),
    ):
        play, _ = step(play, action)
    assert shown == totals(play)
    assert shown.ambassadors == 1 and shown.silent == 26


def test_choices_work_with_the_mouse(app):
    to_first_case(app)
    click(app, "apology")
    assert app.scene.play.apologised
    click(app, "fix")
    assert app.scene.name == "outcome"
    assert app.scene.result.response is Response.FIX and app.scene.result.apologised


def test_a_response_out_of_reach_is_shown_but_cannot_be_picked_and_says_why(app, tutorial, figures):
    poor = replace(tutorial, budget=10)
    session = Session.solo(poor, figures, 1, "Kari")
    session.begin()
    show(app, "case", session)
    app.frame(0.016)
    fix = next(b for b in app.scene.buttons() if b.action == "fix")
    assert not fix.enabled and fix.note == app.strings("why.no_money")
    press(app, "fix")
    assert app.scene.name == "case" and app.scene.message == app.strings("why.no_money")
    click(app, "exceed")
    assert app.scene.name == "case"


def test_the_decision_timer_leaves_the_customer_waiting(app):
    to_first_case(app)
    seconds = app.scene.play.level.decision_seconds
    app.frame(seconds / 2)
    assert app.scene.name == "case"
    app.frame(seconds / 2 + 0.1)
    assert app.scene.name == "outcome"
    assert app.scene.result.timed_out and app.scene.result.response is Response.IGNORE


def test_escape_pauses_and_stops_the_timer(app):
    to_first_case(app)
    press(app, "back")
    assert app.scene.name == "pause"
    app.frame(10_000)
    assert app.scene.name == "pause" and not app.session.play.results
    press(app, "back")
    assert app.scene.name == "case"
    app.frame(0.5)
    assert app.scene.seconds_left == pytest.approx(app.session.play.level.decision_seconds - 0.5, abs=0.2)


def test_the_layout_follows_a_resized_window(app):
    to_first_case(app)
    pygame.display.set_mode((1920, 1200), pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1920, 1200), w=1920, h=1200))
    app.frame(0.016)
    assert (app.canvas.width, app.canvas.height) == (1920, 1200)
    assert app.canvas.scale == 1.0 and app.canvas.offset == (0, 60)  # letterboxed top and bottom
    click(app, "ignore")
    assert app.scene.name == "outcome"


def test_fonts_are_rendered_at_the_real_size(app):
    small = app.text.render("Ambassador", round(32 * app.canvas.scale), (255, 255, 255))
    pygame.display.set_mode((3840, 2160), pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(3840, 2160), w=3840, h=2160))
    app.frame(0.016)
    big = app.text.render("Ambassador", round(32 * app.canvas.scale), (255, 255, 255))
    assert big.get_height() > 2.5 * small.get_height()


def test_the_attract_mode_plays_whole_levels_by_itself_saves_nothing_and_says_so(tmp_path):
    """In a workshop the demo must not fill the leaderboard, the lessons met or the practice
    deck, and the room sees on every screen that it is a demo."""
    from game.store.scores import ScoreStore

    app = App(size=(1280, 720), seed=5, demo=True, data_dir=tmp_path)
    seen = {app.scene.name}
    banners = set()
    for _ in range(400):
        app.frame(0.7)
        seen.add(app.scene.name)
        if app.scene.name in ("case", "summary", "title"):
            texts = [t for _, t in app.draw(record=True).record]
            banners.add(app.strings("demo.banner") in texts)
    player = app.settings.player
    pygame.quit()
    assert {"title", "level_select", "briefing", "case", "outcome", "debrief", "summary"} <= seen
    assert banners == {True}
    store = ScoreStore.open(tmp_path)
    assert store.rows() == [] and store.lessons_met(player) == set() and store.practice_deck(player) == []


def run_game(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    import tempfile

    data = tempfile.mkdtemp(prefix="ambassador-test-")  # never the tester's own scores
    env = {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PATH": "/usr/bin:/bin", "XDG_DATA_HOME": data}
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, timeout=timeout, env=env
    )


def test_demo_command_runs_headless_and_exits():
    out = run_game("--demo", "--seconds", "2")
    assert out.returncode == 0, out.stderr


def test_a_level_file_can_be_started_directly(tmp_path):
    out = run_game("--level", "levels/zappos.yaml", "--seed", "3", "--demo", "--seconds", "1")
    assert out.returncode == 0, out.stderr
    out = run_game("--level", "no-such-level", "--seconds", "1")
    assert out.returncode == 1 and "no level 'no-such-level'" in out.stderr and "Traceback" not in out.stderr


def test_screenshots_render_every_scene(tmp_path):
    out = run_game("screenshots", str(tmp_path), "--size", "1280x720")
    assert out.returncode == 0, out.stderr
    pictures = sorted(tmp_path.glob("*.png"))
    names = {p.stem.split("-", 1)[1] for p in pictures}
    assert {"title", "level-select", "briefing", "case", "pause", "outcome-ambassador", "debrief", "summary"} <= names
    for p in pictures:
        assert pygame.image.load(str(p)).get_size() == (1280, 720)


def test_keyboard_focus_moves_between_buttons_and_enter_presses_the_focused_one(app):
    press_until(app, "level_select")
    press(app, "right")
    assert app.scene.focus == f"level:{app.scene.levels[1].id}"
    press(app, "confirm")
    assert app.scene.name == "briefing" and app.scene.level.id == app.catalogue.levels[1].id
    press(app, "back")
    assert app.scene.name == "level_select"


def test_f11_switches_fullscreen_and_back(app):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F11, mod=0, unicode="", scancode=0))
    app.frame(0.016)
    assert app.fullscreen
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F11, mod=0, unicode="", scancode=0))
    app.frame(0.016)
    assert not app.fullscreen and app.window.get_size() == (1280, 720)


def test_many_levels_are_paged_and_a_broken_file_is_shown_in_the_list(app, tmp_path, library):
    from pathlib import Path

    from game.content.levels import load_all

    good = Path(app.catalogue.levels[0].path).read_text(encoding="utf-8")
    for i in range(8):
        (tmp_path / f"copy{i}.yaml").write_text(good.replace("id: tutorial", f"id: copy-{i}"), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("title: [oops\n", encoding="utf-8")
    app.catalogue = load_all([tmp_path], library)
    press_until(app, "level_select")
    assert len([b for b in app.scene.buttons() if b.action.startswith("level:")]) == 6
    assert any(b.action == "more" for b in app.scene.buttons())
    for _ in range(7):
        press(app, "right")
    assert app.scene.page == 1
    press(app, "confirm")
    assert app.scene.name == "briefing" and app.scene.level.id == "copy-7"
    assert [str(e.path) for e in app.catalogue.errors] == [str(tmp_path / "broken.yaml")]


def test_a_character_the_font_lacks_is_shown_as_a_question_mark(app):
    assert app.text.displayable("Åsa 中 ø") == "Åsa ? ø"
    assert app.text.displayable("Plain team") == "Plain team"


def test_control_characters_in_a_stored_name_are_not_drawn(app):
    assert app.text.displayable("Team\x1b[31m\x07 Bølge") == "Team[31m Bølge"


def test_each_moment_has_its_own_sound(app, monkeypatch):
    """Asking, apologising, choosing, the outcome, the crowd as it spreads and the end of the shift
    each sound; a muted game plays nothing."""
    heard: list[str] = []
    monkeypatch.setattr(app.sounds, "_sound", lambda name: heard.append(name) or None)
    app.sounds.available = True  # the dummy driver may or may not open; the names are what count
    to_first_case(app)
    press(app, "ask", "apology", "exceed")
    assert heard[:4] == ["ask", "apology", "choice", "ambassador"]
    for _ in range(40):
        app.frame(0.02)  # the nine people who hear good things appear, with a pop each
    assert heard.count("pop_good") == 9 and "pop_bad" not in heard
    heard.clear()
    press_until(app, "case")
    press(app, "ignore")
    for _ in range(150):
        app.frame(0.02)
    assert heard[:2] == ["choice", "lost"]
    assert heard.count("pop_bad") == 16 and heard.count("pop_silent") == 26
    press_until(app, "case")
    press(app, "ignore")
    press_until(app, "summary")
    assert heard[-1] in ("shift_good", "shift_done")
    heard.clear()
    press(app, "mute")
    press_until(app, "briefing")
    press_until(app, "case")
    press(app, "ignore")
    assert heard == []


@pytest.mark.parametrize("groups", [[9], [16, 26], [30, 80], [1], [5, 5, 5]])
def test_the_crowd_around_a_customer_shows_every_person_apart_and_inside_their_corner(groups):
    from game.scenes.outcome import PANEL, crowd_spots

    spots, size = crowd_spots(groups)
    assert len(spots) == sum(groups)  # a company's bigger figures still show everyone
    x0, y0, w, h = PANEL
    for x, y in spots:
        assert x0 <= x - size / 2 and x + size / 2 <= x0 + w and y0 <= y - size / 2 and y + size / 2 <= y0 + h
    for i, (ax, ay) in enumerate(spots):
        for bx, by in spots[i + 1 :]:
            assert (ax - bx) ** 2 + (ay - by) ** 2 >= (size * 0.9) ** 2, "two people drawn on top of each other"


def test_escape_on_the_title_asks_before_quitting(app):
    assert app.scene.name == "title"
    press(app, "back")
    assert app.running and app.scene.message == app.strings("title.quit_confirm")
    assert app.strings("title.quit_confirm") in [t for _, t in app.draw(record=True).record]
    press(app, "right")  # anything else: the question goes away and the game stays
    assert app.running and not app.scene.message
    press(app, "back", "back")
    assert not app.running
    app.running = True
    click(app, "quit")  # the Quit button quits at once
    assert not app.running


@pytest.mark.parametrize("scene", ["case", "outcome"])
def test_large_text_keeps_the_key_hints(app, scene):
    """A room calls out "press 2": the keys stay on the buttons in large text too."""
    app.change_settings(text_size="large")
    to_first_case(app)
    if scene == "outcome":
        press(app, "fix")
        app.frame(5.0)
    texts = " ".join(t for _, t in app.draw(record=True).record)
    wanted = ["[Q]", "[A]", "[1]", "[2]", "[3]"] if scene == "case" else ["[Enter]"]
    assert all(key in texts for key in wanted), texts


def test_the_summary_shows_where_the_score_sits_and_the_players_best(app):
    """A score means something against the level's range: the worst and the best the simulator
    finds (the same every run), and the player's own best on the level."""
    from game.core.yardstick import yardstick

    to_first_case(app)
    for move in (("ignore",), ("ignore",), ("ignore",)):
        press(app, *move)
        press_until(app, "case" if not app.session.play.finished else "debrief")
    press_until(app, "summary")
    level = app.session.level
    ys = yardstick(level, app.figures)
    assert ys == yardstick(level, app.figures) and ys.worst < ys.best
    assert ys.worst <= app.scene.totals.score <= ys.best
    texts = [t for _, t in app.draw(record=True).record]
    assert app.strings("summary.worst", score=f"{ys.worst:+d}") in texts
    assert app.strings("summary.best", score=f"{ys.best:+d}") in texts
    best = app.store.best_scores(app.settings.player)[level.id]
    assert app.strings("summary.own_best", score=f"{best:+d}") in texts
