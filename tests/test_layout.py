"""Every screen, in every language, in normal and large text: nothing drawn off the 1920x1080
canvas, no two texts on top of each other, and no interface text cut short to fit its box.

The screens are reached by driving the real game (the same walk as `python -m game screenshots`);
each text the painter draws is measured where it landed.
"""

from __future__ import annotations

import re

import pygame
import pytest

from game.content.strings import languages
from game.dev.screenshots import walk

KEY_SHOWN = re.compile(r"<[a-z0-9_]+(\.[a-z0-9_]+)+>")  # what a string missing from every table looks like
LONG_NAME = "Kundeklubben"  # the walk's deliberately long team name may be shortened with an ellipsis


def overlap(a, b) -> float:
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return min(w, h) if w > 0 and h > 0 else 0.0


def faults(app, where: str) -> list[str]:
    """Draw the current screen and say what is off the canvas, overlapping, or cut short."""
    painter = app.draw(record=True)
    texts, out = painter.record, []
    for (x, y, w, h), text in texts:
        if x < -1 or y < -1 or x + w > 1921 or y + h > 1081:
            out.append(f"{where}: off the canvas: {text[:60]!r}")
    for i, (a, ta) in enumerate(texts):
        for b, tb in texts[i + 1 :]:
            if overlap(a, b) > 4:
                out.append(f"{where}: {ta[:40]!r} overlaps {tb[:40]!r}")
    out.extend(f"{where}: cut short to fit: {t[:60]!r}" for t in painter.cut if LONG_NAME not in t)
    out.extend(f"{where}: shows a string key: {t[:60]!r}" for _, t in texts if KEY_SHOWN.search(t))
    return out


def layout_problems(lang: str, large: bool) -> list[str]:
    problems: list[str] = []

    def shot(app, name: str) -> None:
        problems.extend(faults(app, name))

    walk(shot, size=(1920, 1080), large=large, lang=lang)
    pygame.quit()
    return problems


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("lang", languages())
def test_every_screen_fits(lang, large):
    problems = layout_problems(lang, large)
    assert not problems, "\n".join(dict.fromkeys(problems))
