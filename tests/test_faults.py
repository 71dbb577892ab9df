"""Faults the game must survive: an unexpected error, a tiny window, an idle projector."""

from __future__ import annotations

import os
import subprocess
import sys

import pygame
import pytest

from game.app import App
from game.dev.drive import play_through, press_until
from game.scenes.base import LAYER_BANDS, TEXT_FRAMES
from game.store.scores import ScoreStore


@pytest.fixture
def app(tmp_path):
    a = App(size=(1280, 720), seed=4, data_dir=tmp_path)
    yield a
    pygame.quit()


def test_an_unexpected_error_ends_on_a_message_and_a_log_and_keeps_the_scores(app, tmp_path):
    press_until(app, "level_select")
    press_until(app, "case")
    play_through(app, [("ignore",), ("ignore",), ("ignore",)])
    saved = ScoreStore.open(tmp_path).rows()
    assert len(saved) == 1

    def broken_draw(painter):
        raise RuntimeError("a bug nobody foresaw")

    app.scene.draw = broken_draw
    assert app.run(seconds=1) == 2
    logs = list((tmp_path / "logs").glob("crash-*.log"))
    assert len(logs) == 1
    text = logs[0].read_text(encoding="utf-8")
    assert "RuntimeError: a bug nobody foresaw" in text and "Traceback" in text
    assert ScoreStore.open(tmp_path).rows() == saved


def test_an_idle_screen_is_not_redrawn_every_frame(app):
    draws = []
    real = app.draw

    def counting(**how):
        draws.append(1)
        return real(**how)

    app.draw = counting
    app.frame(0.016)
    draws.clear()
    for _ in range(30):  # half a second of an idle title screen
        assert app.frame(0.016) is False
    assert len(draws) == 0
    app.frame(1.0)
    assert len(draws) == 1  # a slow heartbeat redraw


def test_a_window_shrunk_to_one_pixel_and_back_keeps_working(app):
    press_until(app, "level_select")
    press_until(app, "case")
    for size in ((1, 1), (3840, 2160), (1280, 720)):
        pygame.display.set_mode(size, pygame.RESIZABLE)
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1]))
        app.frame(0.016)
        app.draw()
        assert (app.canvas.width, app.canvas.height) == size
    press_until(app, "outcome", "ignore")


def test_a_missing_or_damaged_font_falls_back_and_is_logged(tmp_path, monkeypatch):
    from game import paths
    from game.render.text import FONT_FILES

    regular, bold = FONT_FILES[False], FONT_FILES[True]
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / bold).write_bytes(b"not a font at all")  # damaged; the regular one is missing
    monkeypatch.setattr(paths, "FONTS", fonts)
    data = tmp_path / "data"
    app = App(size=(1280, 720), seed=4, data_dir=data)
    press_until(app, "level_select")
    app.draw()
    log = (data / "logs" / "ambassador.log").read_text(encoding="utf-8")
    assert f"{regular} could not be loaded" in log and f"{bold} could not be loaded" in log
    assert app.scene.name == "level_select"
    pygame.quit()


def test_the_layered_case_screen_shows_exactly_what_a_full_redraw_shows(app):
    press_until(app, "level_select")
    press_until(app, "case")
    for _ in range(5):
        app.frame(0.7)  # the timer moves; only its corner is redrawn
    quick = pygame.image.tobytes(app.window, "RGB")
    app.scene.forget_layer()  # draw everything from scratch
    app.draw()
    assert pygame.image.tobytes(app.window, "RGB") == quick


def test_every_screen_shows_what_a_full_redraw_shows():
    """Screens drawn through a cached layer (the still ones, and the case and level list) show
    exactly what drawing everything again would, after every step of a whole session, and after
    switching the contrast and the text size on that screen: no colour or size is left stale."""
    from game.dev.screenshots import walk

    checked: list[str] = []

    def same_as_fresh(app, name: str) -> None:
        for _ in range(LAYER_BANDS + TEXT_FRAMES + 3):  # past a switch's drawing frames and the cross-fade; no
            app.frame(0.2)  # input, so a layered screen is only shown again
        shown = pygame.image.tobytes(app.window, "RGB")
        for scene in app.stack:
            scene.forget_layer()  # draw everything from scratch
        app.draw()
        assert pygame.image.tobytes(app.window, "RGB") == shown, f"{name}: the layer is stale"

    def compare(app, name: str) -> None:
        same_as_fresh(app, name)
        before = pygame.image.tobytes(app.window, "RGB")
        for change in ({"high_contrast": True}, {"text_size": "large"}, {"high_contrast": False}):
            app.change_settings(**change)
            same_as_fresh(app, f"{name} after {change}")
        assert pygame.image.tobytes(app.window, "RGB") != before or name.startswith("outcome-anim"), name
        app.change_settings(text_size="normal")
        same_as_fresh(app, f"{name} back to normal")
        checked.append(app.scene.name)

    walk(compare, size=(960, 540))
    assert {"title", "summary", "podium", "settings", "team_setup", "lessons", "pause", "outcome"} <= set(checked)


def test_bench_json_is_one_object_other_tools_can_read(tmp_path):
    """`bench --json` prints only JSON, with the keys the issue names. The smoke run measures each
    figure once, as briefly as it can: the real measurements belong to `make bench`, and times are
    never judged in tests."""
    import json

    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "XDG_DATA_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "game", "bench", "--smoke", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=True,
    )
    result = json.loads(out.stdout)
    for key in ("startup_s", "levels_ms", "cases_per_s", "peak_rss_mb", "idle_cpu_pct", "python", "pygame", "date"):
        assert key in result, key
    assert result["cases_per_s"] > 0 and result["peak_rss_mb"] > 0
    sizes = {(row["width"], row["height"]) for row in result["frames"]}
    assert sizes == {(1280, 720), (1920, 1080), (3840, 2160)}
    scenes = {row["scene"] for row in result["frames"]}
    assert {"title", "case", "outcome", "summary", "podium", "settings"} <= scenes
    for row in result["frames"]:
        assert set(row) >= {"scene", "width", "height", "median_ms", "p95_ms"}
        assert 0 < row["median_ms"] <= row["p95_ms"]
    # the work users bring, each figure with the floor it is measured against
    assert set(result["floor"]) == {"startup_s", "blit_flip_ms"} and result["startup_ratio"] > 0
    assert {(r["width"], r["height"]) for r in result["switch_ms"]} == sizes
    for row in result["switch_ms"]:
        assert set(row) >= {"first_frame_ms", "slowest_first_frame_ms", "slowest_fade_frame_ms", "ratio"}
        assert row["switches"] > 0
    assert [(r["width"], r["height"]) for r in result["soak"]] == [(3840, 2160), (1920, 1080)]
    for row in result["soak"]:
        assert set(row) == {"width", "height", "seconds", "peak_rss_mb", "rss_after_first_minute_mb"}
        assert row["peak_rss_mb"] > 0
    assert set(result["store"]) == {
        "rows",
        "level_list_ms",
        "leaderboard_ms",
        "list_rows_per_s",
        "export_peak_rss_mb",
        "export_rows_per_s",
        "startup_ratio",
    }
    assert set(result["user_levels"]) == {"files", "startup_ratio"} and result["user_levels"]["files"] > 0
    assert "3" in result["planner_ms"]
    # the company board in a real PostgreSQL: the leaderboard's query and a laptop's sync
    board = result["board"]
    assert set(board) == {"rows", "leaderboard_ms", "company_ms", "group_ms", "sync_scores", "sync_per_s"}, board
    assert board["sync_scores"] > 0 and board["sync_per_s"] > 0
