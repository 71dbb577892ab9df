"""Settings survive a restart, and a bad settings file costs a warning, never the game."""

from game.store.settings import Settings, load, save


def test_settings_are_kept_between_runs(tmp_path):
    chosen = Settings(timer="relaxed", text_size="large", high_contrast=True, sound=False, player="Åsa")
    assert save(tmp_path, chosen) == ""
    loaded, problems = load(tmp_path, ["en"])
    assert loaded == chosen and problems == []


def test_a_bad_value_is_named_with_its_line_and_replaced_by_the_default(tmp_path):
    (tmp_path / "settings.yaml").write_text("sound: false\ntimer: turbo\ncolour: red\n", encoding="utf-8")
    loaded, problems = load(tmp_path, ["en"])
    assert loaded.sound is False and loaded.timer == "normal"
    assert any(
        f"{tmp_path / 'settings.yaml'}:2: timer: expected one of off, relaxed, normal, hard" in p for p in problems
    )
    assert any(":3: colour: unknown setting" in p for p in problems)


def test_a_damaged_settings_file_gives_defaults(tmp_path):
    for content in (b"\xff\xfe\x00garbage", b"timer: [unclosed", b"- a\n- list\n"):
        (tmp_path / "settings.yaml").write_bytes(content)
        loaded, problems = load(tmp_path, ["en"])
        assert loaded == Settings() and len(problems) == 1 and "settings.yaml" in problems[0]


def test_the_timer_setting_scales_the_decision_time():
    assert Settings(timer="off").decision_seconds(60) is None
    assert Settings(timer="relaxed").decision_seconds(60) == 120
    assert Settings(timer="hard").decision_seconds(60) == 30


def test_saving_into_an_unwritable_place_reports_instead_of_crashing(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert "could not be saved" in save(blocker / "sub", Settings())


def test_the_volume_is_kept_and_checked(tmp_path):
    assert save(tmp_path, Settings(volume=30)) == ""
    assert load(tmp_path, ["en"])[0].volume == 30
    (tmp_path / "settings.yaml").write_text("volume: 300\n", encoding="utf-8")
    loaded, problems = load(tmp_path, ["en"])
    assert loaded.volume == Settings().volume and "volume: expected a number <= 100" in problems[0]


def test_the_player_name_is_kept_on_enter_and_undone_by_escape(tmp_path):
    import pygame

    from game.app import App
    from game.dev.drive import click, press, type_text

    app = App(size=(1280, 720), seed=1, data_dir=tmp_path)
    try:
        click(app, "settings")
        before = app.settings.player
        click(app, "row:player")
        for _ in range(len(before)):  # Backspace, as typed
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_BACKSPACE, mod=0, unicode="", scancode=0))
        app.frame(0.016)
        type_text(app, "Ingrid")
        assert app.settings.player == before  # nothing kept while typing
        press(app, "back")  # Esc: the edit is undone, the screen stays
        assert app.settings.player == before and app.scene.name == "settings"
        assert app.scene.value_label("player") == before
        click(app, "row:player")
        type_text(app, " Å")
        press(app, "confirm")
        assert app.settings.player == f"{before} Å"
        press(app, "back")  # out of the field (nothing left to undo), then back to the title
        assert app.settings.player == f"{before} Å" and app.scene.name == "settings"
        press(app, "back")
        assert app.scene.name == "title"
    finally:
        pygame.quit()
