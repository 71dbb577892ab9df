"""Every level's words, in every language and both text sizes, fit the screens that show them:
each case as met, after the question, and its outcome; each briefing and debrief."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest

from game.app import App
from game.content.strings import languages
from game.core.model import Response
from game.core.rules import AskQuestion, Choose
from game.core.session import Session
from game.dev.drive import show
from tests.test_layout import faults


def check(app, where: str, problems: list[str]) -> None:
    problems.extend(faults(app, where))


def case_versions(level):
    """Each case as it can be met: its own text and every variant's."""
    from game.core.rules import effective_case

    for case in level.cases:
        yield case.id, case
        for i, variant in enumerate(case.variants):
            fake = (replace_result(variant.when),)
            yield f"{case.id}/variant{i}", effective_case(case, fake)


def replace_result(when):
    from game.core.model import Outcome
    from game.core.rules import CaseResult

    response = next(iter(when.responses), Response.FIX)
    outcome = next(iter(when.outcomes), Outcome.LOST)
    return CaseResult(when.case, response, outcome, bool(when.asked), bool(when.apologised), False, 0, 0, 0, 0, 0)


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("lang", languages())
def test_every_level_fits_its_screens(tmp_path, lang, large):
    app = App(size=(1920, 1080), seed=5, lang=lang, data_dir=tmp_path)
    app.change_settings(text_size="large" if large else "normal")
    problems: list[str] = []
    for level in app.catalogue.levels:
        show(app, "briefing", Session.solo(level, app.figures, 5, "Kari"))
        check(app, f"{level.id} briefing", problems)
        for name, case in case_versions(level):
            single = replace(level, cases=(replace(case, variants=()),))
            session = Session.solo(single, app.figures, 5, "Kari")
            session.begin()
            show(app, "case", session)
            check(app, f"{level.id}/{name}", problems)
            if case.ask:
                session.act(AskQuestion())
                show(app, "case")
                check(app, f"{level.id}/{name} asked", problems)
            asked = session.play
            for response in Response:
                session.play = asked
                session.act(Choose(response))
                if not session.play.results:
                    continue  # out of reach in this level: shown disabled on the case screen above
                show(app, "outcome")
                app.scene.shown = app.scene.people
                check(app, f"{level.id}/{name} {response.value}", problems)
        session = Session.solo(level, app.figures, 5, "Kari")
        session.begin()
        while not session.play.finished:
            session.act(Choose(Response.IGNORE))
        show(app, "debrief", session)
        for page in range(app.scene.pages):
            app.scene.page = page
            check(app, f"{level.id} debrief page {page + 1}", problems)
    pygame.quit()
    assert not problems, "\n".join(dict.fromkeys(problems))
