"""Spare window-sized surfaces for the screens' cached layers.

A 4K surface takes tens of milliseconds to make the first time (33 MB of fresh memory); a screen
that makes its own on the first frame after a switch misses that frame. The app keeps the layers of screens that left and
hands them to the next, so a switch reuses memory rather than allocating it. A new window's spares
are made one a frame in its first quiet frames (`make_spare`), not before its first frame.
"""

from __future__ import annotations

import pygame


class LayerPool:
    def __init__(self, keep: int = 3) -> None:
        # a pause pushed over a case takes three at once (the case's, the pause's, the fade's),
        # and the spares are what the next switch takes: each is 33 MB at 3840x2160
        self.keep = keep
        self._free: list[pygame.Surface] = []
        self._wanted: tuple[tuple[int, int], int] | None = None  # spares still to make: size, how many

    def take(self, size: tuple[int, int]) -> pygame.Surface:
        for i, surface in enumerate(self._free):
            if surface.get_size() == size:
                return self._free.pop(i)
        return self._new(size)

    @staticmethod
    def _new(size: tuple[int, int]) -> pygame.Surface:
        return window_like(size)

    def reserve(self, size: tuple[int, int], count: int = 3) -> None:
        """Spares of a new window's size are wanted, so the first switch to a layered screen finds
        one (made by `make_spare`); those of other sizes go now."""
        self._free = [s for s in self._free if s.get_size() == size]
        self._wanted = (size, min(count, self.keep) - len(self._free))

    def make_spare(self) -> bool:
        """Make one of the spares still wanted (a frame's worth of work at 4K); False when none
        is: as many were made, or the pool holds as many as it keeps (layers the screens gave
        back count; a layer a screen holds is not replaced while it is out)."""
        if self._wanted is None:
            return False
        size, left = self._wanted
        if left <= 0 or sum(s.get_size() == size for s in self._free) >= self.keep:
            self._wanted = None
            return False
        self._free.append(self._new(size))
        self._wanted = (size, left - 1)
        return True

    def give(self, surface: pygame.Surface | None) -> None:
        if surface is None:
            return
        surface.set_alpha(None)  # a cross-fade's see-through must not follow it into a layer
        self._free.append(surface)
        del self._free[: -self.keep]  # the oldest (a size the window no longer has) go first

    def clear(self) -> None:
        self._free.clear()


def window_like(size: tuple[int, int]) -> pygame.Surface:
    """A surface in the window's own pixel format, made so at once: making a plain one and
    converting it copies 33 MB at 4K (40-70 ms, where this takes 4)."""
    window = pygame.display.get_surface()
    return pygame.Surface(size, 0, window) if window is not None else pygame.Surface(size)
