"""Every level's words, in every language and both text sizes, fit the screens that show them:
each case as met, after the question, and its outcome; each briefing and debrief."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest

from game.app import App
from game.content.strings import languages
from game.core.model import Response
from game.core.rules import AskQuestion, Choose, new_play, step
from game.scenes.briefing import BriefingScene
from game.scenes.case import CaseScene
from game.scenes.debrief import DebriefScene
from game.scenes.outcome import OutcomeScene
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
        app.scene = BriefingScene(app, level)
        check(app, f"{level.id} briefing", problems)
        for name, case in case_versions(level):
            single = replace(level, cases=(replace(case, variants=()),))
            play = new_play(single, app.figures, 5)
            app.scene = CaseScene(app, play)
            check(app, f"{level.id}/{name}", problems)
            if case.ask:
                play, _ = step(play, AskQuestion())
                app.scene = CaseScene(app, play)
                check(app, f"{level.id}/{name} asked", problems)
            for response in Response:
                done, events = step(play, Choose(response))
                if not done.results:
                    continue  # out of reach in this level: shown disabled on the case screen above
                app.scene = OutcomeScene(app, done, events[0].result)
                app.scene.shown = app.scene.people
                check(app, f"{level.id}/{name} {response.value}", problems)
        play = new_play(level, app.figures, 5)
        while not play.finished:
            play, _ = step(play, Choose(Response.IGNORE))
        app.scene = DebriefScene(app, play)
        for page in range(app.scene.pages):
            app.scene.page = page
            check(app, f"{level.id} debrief page {page + 1}", problems)
    pygame.quit()
    assert not problems, "\n".join(dict.fromkeys(problems))
