"""Letterbox maths between the logical 1920x1080 canvas and the real window."""

from __future__ import annotations

from dataclasses import dataclass

LOGICAL_W = 1920
LOGICAL_H = 1080


@dataclass(frozen=True)
class Canvas:
    width: int
    height: int

    @property
    def scale(self) -> float:
        return max(min(self.width / LOGICAL_W, self.height / LOGICAL_H), 1e-3)

    @property
    def offset(self) -> tuple[float, float]:
        s = self.scale
        return (self.width - LOGICAL_W * s) / 2, (self.height - LOGICAL_H * s) / 2

    def point(self, x: float, y: float) -> tuple[int, int]:
        ox, oy = self.offset
        return round(ox + x * self.scale), round(oy + y * self.scale)

    def rect(self, x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
        """A logical rectangle in window pixels; edges are rounded so neighbours never gap."""
        x0, y0 = self.point(x, y)
        x1, y1 = self.point(x + w, y + h)
        return x0, y0, max(x1 - x0, 1), max(y1 - y0, 1)

    def px(self, n: float) -> int:
        return max(1, round(n * self.scale))

    def logical(self, x: int, y: int) -> tuple[float, float] | None:
        """A window pixel in logical units, or None when it falls on the letterbox bars."""
        ox, oy = self.offset
        lx, ly = (x - ox) / self.scale, (y - oy) / self.scale
        if 0 <= lx < LOGICAL_W and 0 <= ly < LOGICAL_H:
            return lx, ly
        return None
