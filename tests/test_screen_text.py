"""The teaching on screen, read back from what each screen draws, in every language: the briefing
names its sources, an outcome gives the figures behind it with their source, the debrief gives each
lesson with its source, and no screen shows a string table key or an empty string in place of words.

Each check reads the texts the painter recorded while the real scene drew itself, so dropping a
line from a screen, or a string from a table, fails here.
"""

from __future__ import annotations

import re

import pygame
import pytest

from game.app import App
from game.content.levels import lesson_for
from game.content.strings import Strings, languages
from game.core.model import Outcome, Response
from game.core.rules import AskQuestion, Choose, ToggleApology, case_as_played
from game.core.session import Session
from game.dev.drive import show

KEY_SHOWN = re.compile(r"<[a-z0-9_]+(\.[a-z0-9_]+)+>")  # what a missing string looks like


class Recording(Strings):
    """The same string table, noting every key a screen looks up and the words it got."""

    def __init__(self, strings: Strings) -> None:
        super().__init__(strings.table, strings.fallback, strings.lang)
        self.looked_up: list[tuple[str, str]] = []

    def __call__(self, key: str, **values: object) -> str:
        text = super().__call__(key, **values)
        self.looked_up.append((key, text))
        return text


def screen_text(app: App) -> tuple[list[str], list[tuple[str, str]]]:
    """What the screen on top draws: its texts, and the string keys it looked up with their words."""
    recording = Recording(app.ctx.t)
    app.ctx.t = recording
    try:
        texts = [text for _, text in app.draw(record=True).record]
    finally:
        app.ctx.t = app.strings
    return texts, recording.looked_up


def words_problems(where: str, texts: list[str], looked_up: list[tuple[str, str]]) -> list[str]:
    out = [f"{where}: shows a string key {t!r}" for t in texts if KEY_SHOWN.search(t)]
    out += [f"{where}: {key} gave no words" for key, text in looked_up if not text.strip()]
    return out


def shows(texts: list[str], needle: str) -> bool:
    return any(needle in t for t in texts)


@pytest.fixture(params=languages())
def app(request, tmp_path):
    a = App(size=(1920, 1080), seed=3, lang=request.param, data_dir=tmp_path)
    yield a
    pygame.quit()


def played(app: App, moves: list[list[object]]) -> Session:
    """A solo session of the tutorial played through `moves` (a list of actions per customer)."""
    level = next(lv for lv in app.catalogue.levels if lv.id == "tutorial")
    session = Session.solo(level, app.figures, 3, "Kari")
    show(app, "briefing", session)
    session.begin()
    for actions in moves:
        for action in actions:
            session.act(action)
    return session


def test_the_briefing_names_every_source_of_its_level(app):
    problems: list[str] = []
    for level in app.catalogue.levels:
        show(app, "briefing", Session.solo(level, app.figures, 3, "Kari"))
        texts, looked_up = screen_text(app)
        problems += words_problems(f"{level.id} briefing", texts, looked_up)
        assert shows(texts, level.briefing.split("\n")[0][:40]), level.id
        for source in level.sources:
            title = app.library.titles.get(source, source)
            if not (shows(texts, source) or shows(texts, title)):
                problems.append(f"{level.id} briefing: source {source!r} not shown")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("moves", "outcome", "figures"),
    [
        ([AskQuestion(), Choose(Response.EXCEED)], Outcome.AMBASSADOR, ["ambassador_tells"]),
        ([Choose(Response.IGNORE)], Outcome.LOST, ["lost_tells", "silent_per_complaint"]),
        ([ToggleApology(), Choose(Response.FIX)], None, ["fix_satisfies", "fix_with_apology_satisfies"]),
    ],
    ids=["ambassador", "ignored", "fixed"],
)
def test_an_outcome_shows_the_figures_behind_it_with_their_source(app, moves, outcome, figures):
    session = played(app, [moves])
    result = session.play.results[-1]
    if outcome is not None:
        assert result.outcome is outcome
    show(app, "outcome")
    app.scene.shown = app.scene.people
    texts, looked_up = screen_text(app)
    assert not words_problems("outcome", texts, looked_up)
    for name in figures:
        figure = getattr(app.figures, name)
        cited = app.library.cite_figure(figure)  # the source's title in this language, and whom it quotes
        assert app.library.titles[figure.source] in cited and figure.source not in cited
        line = next((t for t in texts if str(figure) in t and cited in t), None)
        assert line is not None, f"{name} ({figure}, from {cited}) is not on the outcome screen: {texts}"
    if result.outcome is Outcome.LOST:  # the crowd says how many heard, in words
        assert shows(texts, app.strings("outcome.told_bad", n=result.told_bad))


def test_the_debrief_gives_every_lesson_with_its_source(app):
    session = played(app, [[Choose(Response.IGNORE)]] * 3)
    assert session.play.finished
    show(app, "debrief")
    problems: list[str] = []
    for page in range(app.scene.pages):
        app.scene.page = page
        texts, looked_up = screen_text(app)
        problems += words_problems(f"debrief page {page + 1}", texts, looked_up)
        start = page * app.scene.fit
        for r in session.play.results[start : start + app.scene.fit]:
            lesson = lesson_for(session.level, case_as_played(session.play, r.case_id), app.library)
            assert lesson is not None
            if not shows(texts, lesson.text[:40]):
                problems.append(f"debrief: the lesson of {r.case_id} is not shown")
            title = app.library.cite(lesson.source)
            assert title and title == app.library.titles.get(lesson.source, lesson.source) and title != lesson.source
            if not shows(texts, title):
                problems.append(f"debrief: the source of {r.case_id}'s lesson is not shown")
        f = app.figures
        if not (shows(texts, str(f.lost_tells)) and shows(texts, str(f.silent_per_complaint))):
            problems.append("debrief: the figures are not shown")
    assert not problems, "\n".join(problems)


def test_a_missing_string_is_caught_on_screen(app):
    """The check itself: a string table that lost a key, or gave empty words, is reported."""
    session = played(app, [[Choose(Response.IGNORE)]])
    assert session.play.results
    show(app, "outcome")
    app.scene.shown = app.scene.people
    empty = {**app.strings.table, "outcome.why_lost": ""}
    app.ctx.t = Strings(empty, {**app.strings.fallback, "outcome.why_lost": ""}, "xx")
    texts, looked_up = screen_text(app)
    assert any("outcome.why_lost gave no words" in p for p in words_problems("outcome", texts, looked_up))
    app.ctx.t = Strings({k: v for k, v in app.strings.table.items() if k != "outcome.lost"}, {}, "xx")
    texts, looked_up = screen_text(app)
    assert any("shows a string key" in p for p in words_problems("outcome", texts, looked_up))


DEVELOPER_TEXT = re.compile(r"seeds/|\.md\b|\.yaml\b|\b\d{3}-[a-z]+(-[a-z]+)*\b")


@pytest.mark.parametrize("lang", languages())
def test_no_screen_shows_file_names_or_source_ids(lang, tmp_path):
    """Players read titles in their language; file names and digest ids belong in the trainer's
    guide. Every screen of the walk, every briefing, and the outcome of each response are read."""
    from game.dev.screenshots import walk

    seen: list[tuple[str, str]] = []
    ids: set[str] = set()

    def shot(app: App, name: str) -> None:
        seen.extend((name, text) for _, text in app.draw(record=True).record)
        ids.update(app.library.titles)

    walk(shot, lang=lang)
    app = App(size=(1920, 1080), seed=3, lang=lang, data_dir=tmp_path)
    try:
        for level in app.catalogue.levels:
            show(app, "briefing", Session.solo(level, app.figures, 3, "Kari"))
            seen.extend((f"{level.id} briefing", text) for _, text in app.draw(record=True).record)
        for moves in ([AskQuestion(), Choose(Response.EXCEED)], [Choose(Response.IGNORE)], [Choose(Response.FIX)]):
            played(app, [moves])
            show(app, "outcome")
            app.scene.shown = app.scene.people
            seen.extend(("outcome", text) for _, text in app.draw(record=True).record)
    finally:
        pygame.quit()
    assert ids >= {"002-word-of-mouth", "game-design"}
    wrong = [f"{where}: {text!r}" for where, text in seen if DEVELOPER_TEXT.search(text) or any(i in text for i in ids)]
    assert not wrong, "\n".join(dict.fromkeys(wrong))
