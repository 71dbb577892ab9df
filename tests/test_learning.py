"""Learning that sticks: lessons met per player, the practice deck, best scores in the level list,
F5 reloading, a trainer's own level folder, and switching language mid-level."""

from __future__ import annotations

import pygame
import pytest

from game import paths
from game.app import App
from game.core.practice import PRACTICE_ID
from game.dev.drive import click, play_through, press, press_until


@pytest.fixture
def app(tmp_path):
    a = App(size=(1280, 720), seed=3, data_dir=tmp_path)
    yield a
    pygame.quit()


def play_tutorial(app, moves):
    press_until(app, "title", "back")
    click(app, "play")
    press_until(app, "briefing")
    play_through(app, moves)
    press_until(app, "summary")


def test_lessons_met_in_play_are_marked_per_player(app):
    tutorial = app.catalogue.levels[0]
    assert app.store.lessons_met("Player") == set()
    play_tutorial(app, [("ignore",), ("ignore",), ("ignore",)])
    assert app.store.lessons_met("Player") == {c.lesson for c in tutorial.cases}
    assert app.store.lessons_met("Someone else") == set()
    press_until(app, "title", "back")
    click(app, "lessons")
    assert app.scene.name == "lessons" and app.scene.names[0] == "Player"


def test_badly_handled_cases_come_back_until_handled_well(app):
    play_tutorial(app, [("ignore",), ("ignore",), ("ask", "exceed")])
    deck = app.store.practice_deck("Player")
    assert deck == [("tutorial", "birthday-soup"), ("tutorial", "cold-steak")]
    press_until(app, "title", "back")
    title = app.scene
    assert title.deck == 2 and next(b for b in title.buttons() if b.action == "practice").enabled
    click(app, "practice")
    assert app.scene.name == "briefing" and app.scene.level.id == PRACTICE_ID
    assert [c.id for c in app.scene.level.cases] == ["tutorial~birthday-soup", "tutorial~cold-steak"]
    play_through(app, [("ask", "exceed"), ("ignore",)])
    assert app.store.practice_deck("Player") == [("tutorial", "cold-steak")]
    assert all(r.level != PRACTICE_ID for r in app.store.rows())  # practice is not a leaderboard score


def test_the_level_list_shows_done_levels_with_the_best_score(app):
    play_tutorial(app, [("ignore",), ("ignore",), ("ignore",)])
    play_tutorial(app, [("ask", "exceed"), ("apology", "fix"), ("fix",)])
    best = max(r.score for r in app.store.rows(level="tutorial"))
    press_until(app, "title", "back")
    click(app, "play")
    assert app.scene.best == {"tutorial": best}


def test_f5_reloads_levels_and_keeps_the_last_good_version_of_a_broken_one(tmp_path):
    user = tmp_path / "levels"
    user.mkdir()
    mine = user / "mine.yaml"
    text = (paths.LEVELS / "tutorial.yaml").read_text(encoding="utf-8").replace("id: tutorial", "id: mine")
    mine.write_text(text.replace("title: Cold soup", "title: My own level"), encoding="utf-8")
    app = App(size=(1280, 720), seed=3, data_dir=tmp_path)
    titles = [lv.title for lv in app.catalogue.levels]
    assert "My own level" in titles and "Cold soup" in titles  # a trainer's folder beside the built-in levels
    mine.write_text(text.replace("title: Cold soup", "title: Edited title"), encoding="utf-8")
    press(app, "reload")
    assert "Edited title" in [lv.title for lv in app.catalogue.levels]
    mine.write_text(text.replace("budget: 600", "budget: lots"), encoding="utf-8")
    press(app, "reload")
    assert "Edited title" in [lv.title for lv in app.catalogue.levels]  # last good version still plays
    assert any(e.path == str(mine) and "budget" in str(e) for e in app.catalogue.errors)
    pygame.quit()


def test_switching_language_mid_level_keeps_the_play(app):
    press_until(app, "level_select")
    press_until(app, "case")
    press(app, "ask")
    before = app.scene.play
    press(app, "language")
    after = app.scene.play
    assert app.settings.language != "en"
    assert (after.index, after.minutes_left, after.asked) == (before.index, before.minutes_left, before.asked)
    assert after.level.id == before.level.id
    assert app.strings("title.play") != "Play alone"


def test_the_summary_exports_every_score_and_a_picture_of_itself(app, tmp_path):
    import csv

    play_tutorial(app, [("ignore",), ("ignore",), ("ignore",)])
    click(app, "export")
    csvs = list((tmp_path / "exports").glob("scores-*.csv"))
    pictures = list((tmp_path / "exports").glob("summary-*.png"))
    assert len(csvs) == 1 and len(pictures) == 1
    with open(csvs[0], encoding="utf-8-sig", newline="") as f:
        assert [r["level"] for r in csv.DictReader(f)] == ["tutorial"]
    assert pygame.image.load(str(pictures[0])).get_size() == (1280, 720)
    assert pictures[0].name in app.scene.message
