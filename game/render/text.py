"""Fonts and a text cache: each (text, size, colour, wrap) is rendered once at the real pixel size
and reused every frame until the window changes size."""

from __future__ import annotations

import logging
import unicodedata
from collections import OrderedDict

import pygame
import pygame.freetype

from game import paths

log = logging.getLogger("ambassador")
FONT_FILES = {False: "Andika-Regular.ttf", True: "Andika-Bold.ttf"}
# The tallest and deepest letters a Nordic text needs. Andika keeps room above them for stacked
# accents no Scandinavian text has; trimming its line box to these keeps lines as compact as an
# ordinary sans serif's without clipping a single Nordic letter.
TALL, DEEP = "ÅÉÀÄÖÜÑÇ«”|", "gjpqyÅ,;|"


BUDGET_PER_PIXEL = 4  # bytes of cached text per window pixel: about eight screens' worth of text
MIN_BUDGET = 12 * 1024 * 1024


def budget_for(size: tuple[int, int]) -> int:
    """The cache's byte budget for a window: text drawn for a 4K window takes four times the pixels
    of 1080p, so the budget grows with the window (33 MB at 3840x2160, 12 MB at 1920x1080)."""
    return max(MIN_BUDGET, size[0] * size[1] * BUDGET_PER_PIXEL)


class TextCache:
    def __init__(self, limit: int = 3000, budget: int = 48 * 1024 * 1024) -> None:
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._trim: dict[tuple[int, bool], tuple[int, int]] = {}  # (rows cut above, rows cut below)
        self._coverage: pygame.freetype.Font | None = None
        self._broken: set = set()
        self._surfaces: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self.limit = limit  # entries
        self.budget = budget  # bytes of pixels: a 4K projector's paragraphs are megabytes each
        self.used = 0
        self._masks: tuple[int, int, int, int] | None = None

    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        key = (size, bold)
        if key not in self._fonts:
            path = paths.FONTS / FONT_FILES[bold]
            try:
                font = pygame.font.Font(path, size)
                font.render("Åg", True, (0, 0, 0))  # a damaged file can open and fail only here
                self._fonts[key] = font
            except (OSError, pygame.error) as exc:
                if path not in self._broken:
                    self._broken.add(path)
                    log.warning("font %s could not be loaded (%s); drawing with pygame's built-in font", path, exc)
                font = pygame.font.Font(None, size)  # pygame's own font: still every Nordic letter
                font.bold = bold
                self._fonts[key] = font
            self._trim[key] = self._line_box(self._fonts[key])
        return self._fonts[key]

    @staticmethod
    def _line_box(font: pygame.font.Font) -> tuple[int, int]:
        """How many rows above and below a rendered line no Nordic letter reaches; wrapped lines
        are then spaced by what is left, so every line of a paragraph is trimmed alike."""
        top = max((m[3] for m in font.metrics(TALL) if m), default=font.get_ascent())
        bottom = min((m[2] for m in font.metrics(DEEP) if m), default=font.get_descent())
        pad = max(1, font.get_height() // 80)
        cut_top = max(0, font.get_ascent() - top - pad)
        cut_bottom = max(0, -font.get_descent() + bottom - pad)
        font.set_linesize(font.get_height() - cut_top - cut_bottom)
        return cut_top, cut_bottom

    def rendered(
        self, text: str, size: int, colour: tuple[int, int, int], bold: bool = False, wrap: int = 0, align: str = "left"
    ) -> pygame.Surface | None:
        """The text as `render` made it already, or None (nothing is rendered here)."""
        return self._surfaces.get((text, size, colour, bold, wrap, align))

    def render(
        self, text: str, size: int, colour: tuple[int, int, int], bold: bool = False, wrap: int = 0, align: str = "left"
    ) -> pygame.Surface:
        key = (text, size, colour, bold, wrap, align)
        surface = self._surfaces.get(key)
        if surface is not None:
            self._surfaces.move_to_end(key)
            return surface
        font = self.font(size, bold)
        text = self.displayable(text)
        font.align = {"left": pygame.FONT_LEFT, "center": pygame.FONT_CENTER, "right": pygame.FONT_RIGHT}[align]
        surface = font.render(text, True, colour, None, wrap)
        cut_top, cut_bottom = self._trim[(size, bold)]
        if cut_top or cut_bottom:  # a view of the rows kept: no copy
            height = max(1, surface.get_height() - cut_top - cut_bottom)
            surface = surface.subsurface((0, cut_top, surface.get_width(), height))
        if pygame.display.get_surface() is not None and surface.get_masks() != self._window_masks():
            surface = surface.convert_alpha()  # only when the font's pixels are not the window's already
        self._surfaces[key] = surface
        self.used += _bytes(surface)
        while len(self._surfaces) > 1 and (len(self._surfaces) > self.limit or self.used > self.budget):
            _, old = self._surfaces.popitem(last=False)  # the least recently drawn goes first
            self.used -= _bytes(old)
        return surface

    def _window_masks(self) -> tuple[int, int, int, int]:
        """The pixel layout convert_alpha gives for this window (SDL_ttf usually renders in it
        already, and converting a 4K paragraph to what it is costs as much as rendering it)."""
        if self._masks is None:
            self._masks = pygame.Surface((1, 1), pygame.SRCALPHA).convert_alpha().get_masks()
        return self._masks

    def displayable(self, text: str) -> str:
        """Characters the font has no glyph for (a typed emoji, say) become '?', never a blank box;
        control characters (from a name stored by another program, say) are dropped."""
        if text.isascii() and text.isprintable():
            return text
        text = "".join(ch for ch in text if ch in "\n" or unicodedata.category(ch)[0] != "C")
        try:
            if self._coverage is None:
                pygame.freetype.init()
                self._coverage = pygame.freetype.Font(paths.FONTS / FONT_FILES[False], 12)
            metrics = self._coverage.get_metrics(text)
        except (OSError, pygame.error):
            return text
        return "".join(ch if m is not None or ch in "\n\t " else "?" for ch, m in zip(text, metrics, strict=False))

    def clear(self) -> None:
        self._surfaces.clear()
        self.used = 0
        self._fonts.clear()
        self._masks = None  # a new window may have another pixel layout


def _bytes(surface: pygame.Surface) -> int:
    return surface.get_width() * surface.get_height() * surface.get_bytesize()
