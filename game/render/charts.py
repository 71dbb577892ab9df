"""Charts drawn in the game: word of mouth case by case, so a trainer can point at the wall."""

from __future__ import annotations

from collections.abc import Sequence

from game.render import theme
from game.render.painter import Painter


def word_of_mouth(p: Painter, x: float, y: float, w: float, h: float, results: Sequence) -> None:
    """One column per customer: people told good things above the line (filled), people told bad
    things below (filled), the silent unhappy below them (hollow), and the running total as a
    line. Up and down, filled and hollow: it reads without colour."""
    if not results:
        return
    biggest = max(max(r.told_good, r.told_bad + r.silent) for r in results) or 1
    running, total = [], 0
    for r in results:
        total += r.score
        running.append(total)
    scale_top = max(biggest, max(running), 1)
    scale_bottom = max(biggest, -min(running), 1)
    mid = y + h * scale_top / (scale_top + scale_bottom)
    unit_up = (mid - y) / scale_top
    unit_down = (y + h - mid) / scale_bottom
    p.line(x, mid, x + w, mid, theme.MUTED, 2)
    col = w / len(results)
    bar = min(col * 0.5, 60)
    points = []
    for i, r in enumerate(results):
        cx = x + col * (i + 0.5)
        if r.told_good:
            p.rect(cx - bar / 2, mid - r.told_good * unit_up, bar, r.told_good * unit_up, theme.GOOD)
        if r.told_bad:
            p.rect(cx - bar / 2, mid, bar, r.told_bad * unit_down, theme.BAD)
        if r.silent:
            top = mid + r.told_bad * unit_down
            p.rect(cx - bar / 2, top, bar, r.silent * unit_down, theme.SILENT, width=3)
        value = running[i]
        points.append((cx, mid - value * unit_up if value >= 0 else mid - value * unit_down))
    for a, b in zip(points, points[1:], strict=False):
        p.line(a[0], a[1], b[0], b[1], theme.ACCENT, 4)
    for px, py in points:
        p.circle(px, py, 8, theme.ACCENT)
