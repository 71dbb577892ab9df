"""The shipped font: every character the game's words use has a glyph, and trimming the line box
never cuts a letter."""

from __future__ import annotations

import pygame
import pytest

from game import paths
from game.render.text import FONT_FILES, TextCache


def used_characters() -> set[str]:
    files = [*paths.ASSETS.rglob("*.yaml"), *paths.LEVELS.rglob("*.yaml")]
    text = "".join(f.read_text(encoding="utf-8") for f in files)
    return {ch for ch in text if not ch.isascii() and ch.isprintable()}


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
def test_every_character_in_the_words_has_a_glyph(bold):
    import pygame.freetype

    pygame.freetype.init()
    font = pygame.freetype.Font(paths.FONTS / FONT_FILES[bold], 20)
    chars = sorted(used_characters())
    assert "ø" in chars and "å" in chars  # the files were read
    missing = [ch for ch, m in zip(chars, font.get_metrics("".join(chars)), strict=True) if m is None]
    assert not missing, f"{FONT_FILES[bold]} has no glyph for {missing}"


@pytest.mark.parametrize("size", [16, 28, 37, 54, 120, 240])
def test_trimmed_lines_keep_every_nordic_letter_whole(size):
    pygame.init()
    cache = TextCache()
    for text in ("ÅÉÀ Øyvind gjpqy", "Åsa og Ærø\nsnakker med «Ågot», gjerne"):
        surface = cache.render(text, size, (255, 255, 255), wrap=size * 40)
        ink = pygame.mask.from_surface(surface, 1).get_bounding_rects()
        assert min(r.top for r in ink) > 0, f"the top of {text!r} is cut at {size} px"
        assert max(r.bottom for r in ink) < surface.get_height(), f"the bottom of {text!r} is cut at {size} px"
    one = cache.render("Åg", size, (255, 255, 255)).get_height()
    two = cache.render("Åg\nÅg", size, (255, 255, 255), wrap=size * 40).get_height()
    assert two == 2 * one  # wrapped lines are spaced exactly as one line is tall
    assert one < size * 1.45  # and the empty room above the letters has gone


def test_the_text_cache_is_bounded_by_the_bytes_it_holds_not_the_count():
    """A 4K projector's paragraphs are megabytes each: the cache drops the least recently drawn
    text once its pixels pass the budget, and keeps what was drawn last."""
    import pygame

    from game.render.text import TextCache

    pygame.font.init()
    cache = TextCache(budget=2 * 1024 * 1024)
    words = "Ingrid's fish soup arrived lukewarm and she points at the bowl without a word. " * 3
    for i in range(60):
        cache.render(f"{i} {words}", 96, (255, 255, 255), wrap=3000)
        assert cache.used <= cache.budget or len(cache._surfaces) == 1
    assert cache.used == sum(s.get_width() * s.get_height() * s.get_bytesize() for s in cache._surfaces.values())
    last = cache.render(f"59 {words}", 96, (255, 255, 255), wrap=3000)
    assert cache.render(f"59 {words}", 96, (255, 255, 255), wrap=3000) is last  # still cached
    assert len(cache._surfaces) < 60


def test_the_text_cache_budget_follows_the_window_size(tmp_path):
    """A 4K window's text takes four times the pixels of 1080p: the cache may hold more there, and
    a small window keeps a small cache (the 1080p attract mode stays under 150 MB)."""
    from game.app import App
    from game.render.text import MIN_BUDGET, budget_for

    assert budget_for((1280, 720)) == MIN_BUDGET < budget_for((3840, 2160)) == 3840 * 2160 * 4
    app = App(size=(1280, 720), seed=1, data_dir=tmp_path)
    try:
        assert app.text.budget == budget_for((1280, 720))
        pygame.display.set_mode((3840, 2160), pygame.RESIZABLE)
        app._resized()
        assert app.text.budget == budget_for((3840, 2160))
    finally:
        app.store.close()
