"""Every text on every screen, in both palettes, stands out from what it is drawn on by at least
4.5:1 (WCAG AA), measured from the colour the text is drawn in and the pixels it covers."""

from __future__ import annotations

import pygame
import pytest

from game.dev.screenshots import walk

AA = 4.5


def luminance(c: tuple[int, int, int]) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_contrast_formula_is_the_wcag_one():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_every_text_on_every_screen_meets_aa(high_contrast):
    problems: list[str] = []

    def shot(app, name: str) -> None:
        painter = app.draw(record=True)
        for _, text, ink, behind in painter.inks:
            ratio = contrast(ink, behind)
            if ratio < AA:
                problems.append(f"{name}: {text[:50]!r} {ink} on {behind}: {ratio:.2f}:1")
        if app.scene.name == "case":  # a response out of reach, with its reason on the greyed card
            play = app.session.play
            app.session.play = play._replace(money_left=0, minutes_left=0)
            painter = app.draw(record=True)
            app.session.play = play
            for _, text, ink, behind in painter.inks:
                if contrast(ink, behind) < AA:
                    problems.append(
                        f"{name} (out of reach): {text[:50]!r} {ink} on {behind}: {contrast(ink, behind):.2f}:1"
                    )

    walk(shot, size=(960, 540), contrast=high_contrast)
    pygame.quit()
    assert not problems, "\n".join(dict.fromkeys(problems))
