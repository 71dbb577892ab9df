"""Charts drawn in the game, so a trainer can point at the wall rather than read out numbers.

Every chart reads without colour: up against down, filled against hollow, numbered segments and
team badges. They take the core's results as they are and only draw them.
"""

from __future__ import annotations

from collections.abc import Sequence

from game.core.rules import running_scores
from game.render import theme
from game.render.painter import Painter

LABEL_H = 40  # room under a chart for its column labels


def legend(p: Painter, x: float, y: float, w: float, items: Sequence[tuple[str, str]], columns: int = 1) -> float:
    """Keys for a chart: (kind, words), kind one of up, down, hollow, line. Returns the height."""
    col = w / columns
    line = p.measure("Ag", theme.SMALL)[1]
    ky, row_h = y, 0.0
    for i, (kind, words) in enumerate(items):
        kx = x + (i % columns) * col
        mid = ky + line / 2 - 2
        if kind == "line":
            p.line(kx, mid, kx + 34, mid, p.palette.accent, 4)
            p.circle(kx + 17, mid, 7, p.palette.accent)
        else:
            colour = {"up": p.palette.good, "down": p.palette.bad, "hollow": p.palette.silent}[kind]
            p.rect(kx + 4, mid - 12, 26, 24, colour, width=3 if kind == "hollow" else 0)
        h = p.text(words, kx + 42, ky, theme.SMALL, p.palette.muted, wrap=col - 52)
        row_h = h if i % columns == 0 else max(row_h, h)
        if i % columns == columns - 1 or i == len(items) - 1:
            ky += row_h + 8
    return ky - y


def word_of_mouth(
    p: Painter, x: float, y: float, w: float, h: float, results: Sequence, labels: Sequence[str] = ()
) -> None:
    """One column per customer: people told good things above the line (filled), people told bad
    things below (filled), the silent unhappy below them (hollow), the running total as a line
    ending in its value. `labels` name the columns underneath (a number and the customer)."""
    body = h - LABEL_H
    if not results or body < 20:  # no room left to draw it readably
        return
    running = running_scores(results)
    top = max(max(r.told_good for r in results), max(running), 1)
    bottom = max(max(r.told_bad + r.silent for r in results), -min(running), 1)
    mid = y + body * top / (top + bottom)
    unit = body / (top + bottom)
    p.line(x, mid, x + w, mid, p.palette.muted, 2)
    col = w / len(results)
    bar = min(col * 0.45, 70)
    points = []
    for i, r in enumerate(results):
        cx = x + col * (i + 0.5)
        if r.told_good:
            p.rect(cx - bar / 2, mid - r.told_good * unit, bar, r.told_good * unit, p.palette.good)
        if r.told_bad:
            p.rect(cx - bar / 2, mid, bar, r.told_bad * unit, p.palette.bad)
        if r.silent:
            p.rect(cx - bar / 2, mid + r.told_bad * unit, bar, r.silent * unit, p.palette.silent, width=3)
        points.append((cx, mid - running[i] * unit))
        if i < len(labels):
            p.text(
                p.fit(labels[i], theme.SMALL, col - 8, data=True),
                cx,
                y + body + 6,
                theme.SMALL,
                p.palette.muted,
                align="center",
            )
    for a, b in zip(points, points[1:], strict=False):
        p.line(a[0], a[1], b[0], b[1], p.palette.accent, 4)
    for px, py in points:
        p.circle(px, py, 8, p.palette.accent)
    # the running total where the line ends, beside the last point and clear of the bars
    ex, ey = points[-1]
    tw, th = p.measure(f"{running[-1]:+d}", theme.BODY, True)
    tx = min(ex + bar / 2 + 10, x + w - tw)
    ty = min(max(ey - th / 2, y), y + body - th)
    p.text(f"{running[-1]:+d}", tx, ty, theme.BODY, p.palette.accent, bold=True)


def spending(
    p: Painter,
    x: float,
    y: float,
    w: float,
    rows: Sequence[tuple[str, str, Sequence[int], int]],
) -> float:
    """Where the minutes and the money went: for each row (icon, heading, spent per customer,
    whole amount) a bar of the whole, cut into numbered segments, one per customer, the rest left
    hollow. Returns the height drawn."""
    bar_h = 52
    cy = y
    for icon, heading, spent, whole in rows:
        colour = p.palette.time if icon == "clock" else p.palette.money
        p.icon(icon, x + 16, cy + 20, 14, colour)
        cy += p.text(heading, x + 44, cy, theme.SMALL, p.palette.muted, wrap=w - 44) + 8
        p.rect(x, cy, w, bar_h, p.palette.muted, width=2)
        whole = max(whole, sum(spent), 1)
        sx, edges, shown = x, [], 0
        for i, amount in enumerate(spent):
            seg = w * amount / whole
            if seg <= 0:
                continue  # a customer who took nothing (ignored, say) has no segment
            shade = colour if shown % 2 == 0 else tuple(round(c * 0.72) for c in colour)
            shown += 1
            p.rect(sx, cy, seg, bar_h, shade)
            label = str(i + 1)
            lw, lh = p.measure(label, theme.SMALL, True)
            if lw + 8 <= seg:
                p.text(
                    label, sx + seg / 2, cy + (bar_h - lh) / 2, theme.SMALL, p.palette.ink, bold=True, align="center"
                )
            sx += seg
            edges.append(sx)
        for edge in edges[:-1]:  # drawn last, so the next segment does not cover them
            p.line(edge, cy, edge, cy + bar_h, p.palette.bg, 4)
        cy += bar_h + 24
    return cy - y


def race(
    p: Painter,
    x: float,
    y: float,
    w: float,
    h: float,
    series: Sequence[tuple[int, Sequence[int]]],
    cases: int,
    axis: str = "",
) -> None:
    """Each team's running word of mouth, customer by customer: a line per team with the team's
    badge at every point, so teams are told apart by shape as well as colour. `axis` names the
    numbered customers under the chart."""
    number_h = p.measure("0", theme.SMALL)[1]
    axis_h = p.measure(axis, theme.SMALL)[1] if axis else 0.0
    body = h - max(LABEL_H, number_h + 8) - axis_h
    if not series or cases <= 0 or body < 60:
        return
    if axis:
        p.text(axis, x + w / 2, y + body + 6 + number_h, theme.SMALL, p.palette.muted, align="center")
    values = [v for _, run in series for v in run]
    high, low = max([*values, 0]), min([*values, 0])
    span = (high - low) or 1
    unit = (body - 40) / span
    zero = y + 20 + high * unit
    p.line(x, zero, x + w, zero, p.palette.muted, 2)
    col = w / cases
    for i in range(cases):
        p.text(str(i + 1), x + col * (i + 0.5), y + body + 6, theme.SMALL, p.palette.muted, align="center")
    zero_h = p.measure("0", theme.SMALL)[1]
    p.text("0", x - 12, zero - zero_h / 2, theme.SMALL, p.palette.muted, align="right")
    ends: dict[int, float] = {}  # each final score once, beside the last customer, level with its line
    for _, run in series:
        if run:
            ends[run[-1]] = zero - run[-1] * unit
    label_h = p.measure("+0", theme.SMALL, True)[1]
    last_y = -1e9
    for value, vy in sorted(ends.items(), key=lambda item: item[1]):
        ty = max(vy - label_h / 2, last_y)
        p.text(f"{value:+d}", x + col * (cases - 0.5) + 30, ty, theme.SMALL, p.palette.text, bold=True)
        last_y = ty + label_h
    for k, (badge, run) in enumerate(series):
        colour = p.palette.badge(badge)
        nudge = (k - (len(series) - 1) / 2) * min(8, col / (2 * len(series)))  # equal scores stay visible
        points = [(x + col * (i + 0.5) + nudge, zero - v * unit) for i, v in enumerate(run)]
        for a, b in zip(points, points[1:], strict=False):
            p.line(a[0], a[1], b[0], b[1], colour, 4)
        for px, py in points:
            p.badge(px, py, 13, badge)


def yardstick(
    p: Painter,
    x: float,
    y: float,
    w: float,
    worst: int,
    best: int,
    marks: Sequence[tuple[int, str]],
    ends: tuple[str, str] = ("", ""),
) -> float:
    """A scale from the worst to the best score the simulator found, with a mark for each score
    in `marks` (score, kind: "score" a filled triangle, "best" a hollow diamond, or "badge:N" a
    team's badge). `ends` label the two ends under the scale. Returns the height drawn."""
    bar_h, top = 14, y + 26
    p.rect(x, top, w, bar_h, p.palette.panel_hi, radius=bar_h / 2)
    p.rect(x, top, w, bar_h, p.palette.muted, radius=bar_h / 2, width=2)
    span = best - worst
    for score, kind in marks:
        share = 1.0 if span <= 0 else min(max((score - worst) / span, 0.0), 1.0)
        mx, my = x + share * w, top + bar_h / 2
        if kind == "score":
            p.polygon([(mx - 14, my - 26), (mx + 14, my - 26), (mx, my - 2)], p.palette.accent)
        elif kind == "best":
            p.polygon([(mx, my - 14), (mx + 12, my), (mx, my + 14), (mx - 12, my)], p.palette.text)
            p.polygon([(mx, my - 8), (mx + 6, my), (mx, my + 8), (mx - 6, my)], p.palette.panel_hi)
        elif kind.startswith("badge:"):
            p.badge(mx, my, 12, int(kind.split(":", 1)[1]))
    height = 26 + bar_h + 4
    left, right = ends
    if left or right:
        lh = p.text(left, x, top + bar_h + 6, theme.SMALL, p.palette.muted)
        side_by_side = p.measure(left, theme.SMALL)[0] + p.measure(right, theme.SMALL)[0] + 24 <= w
        ry = top + bar_h + 6 + (0 if side_by_side else lh)  # no room for both: the best goes under it
        rh = p.text(right, x + w, ry, theme.SMALL, p.palette.muted, align="right")
        height += 6 + (max(lh, rh) if side_by_side else lh + rh)
    return height
