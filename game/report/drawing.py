"""The report's charts as plain shapes, drawn once here and written twice: as SVG into the HTML
and as vector paths into the PDF. Sharp at any zoom and on any printer.

They are the game's own charts on paper: the same colours (`game.render.theme`), the same marks
(the yardstick's filled triangle for a score and hollow diamond for a best) and the same rule that
colour never carries meaning alone. Every segment also has its fill - solid, striped or hollow -
and its count written in it, so a black-and-white printout reads the same.

Units are millimetres on the page; text sizes are millimetres of the font's height.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from game.render.theme import NORMAL

Colour = tuple[int, int, int]
INK: Colour = (20, 24, 32)
PAPER: Colour = (255, 255, 255)
TRACK: Colour = (232, 234, 238)
GRID: Colour = (120, 124, 132)
SMALL = 3.0  # text height in mm (about 8.5 pt)
CHAR_W = 0.52  # an average character's width in font heights: labels are cut to fit by it
ROW = 7.0  # one chart row's height
LABEL_W = 52.0  # the room for a row's label
SOLID, STRIPED, HOLLOW = "solid", "striped", "hollow"
# The fills, best to worst, as the game's outcomes: solid, striped, hollow.
RESPONSE_STYLE = {"exceed": (NORMAL.good, SOLID), "fix": (NORMAL.ok, STRIPED), "ignore": (NORMAL.silent, HOLLOW)}
OUTCOME_STYLE = {"ambassador": (NORMAL.good, SOLID), "satisfied": (NORMAL.ok, STRIPED), "lost": (NORMAL.bad, HOLLOW)}


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: Colour | None = None
    stroke: Colour | None = None
    width: float = 0.3


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: Colour = INK
    width: float = 0.3
    dashed: bool = False


@dataclass(frozen=True)
class Poly:
    points: tuple[tuple[float, float], ...]
    fill: Colour | None = None
    stroke: Colour | None = INK
    width: float = 0.3


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float = SMALL
    colour: Colour = INK
    bold: bool = False
    align: str = "left"  # left, center, right


Shape = Rect | Line | Poly | Text


@dataclass
class Drawing:
    w: float
    h: float
    shapes: list[Shape] = field(default_factory=list)
    title: str = ""  # what the chart shows, for a screen reader (SVG <title>)


def fit(text: str, width: float, size: float = SMALL) -> str:
    """`text` cut with an ellipsis to about `width` mm."""
    most = max(int(width / (size * CHAR_W)), 1)
    return text if len(text) <= most else text[: max(most - 1, 0)].rstrip() + "…"


def segment(
    out: list[Shape], x: float, y: float, w: float, h: float, colour: Colour, style: str, count: int | None
) -> None:
    """One piece of a stacked bar: solid, striped or hollow, outlined, with its count in it when
    it fits."""
    if w <= 0:
        return
    if style == SOLID:
        out.append(Rect(x, y, w, h, fill=colour, stroke=INK))
    elif style == STRIPED:
        out.append(Rect(x, y, w, h, fill=PAPER, stroke=INK))
        step = 1.2
        sx = x + step / 2
        while sx < x + w:
            out.append(Line(sx, y, sx, y + h, colour, 0.6))
            sx += step
    else:
        out.append(Rect(x, y, w, h, fill=PAPER, stroke=colour, width=0.8))
    label = str(count)
    if count is not None and w >= len(label) * SMALL * CHAR_W + 1.5:
        if style == STRIPED:  # a white box under the number, so the stripes do not cross it
            bw = len(label) * SMALL * CHAR_W + 1.0
            out.append(Rect(x + w / 2 - bw / 2, y + h / 2 - SMALL * 0.55, bw, SMALL * 1.1, fill=PAPER))
        out.append(Text(x + w / 2, y + h / 2 + SMALL * 0.35, label, SMALL, INK, True, "center"))


def legend(out: list[Shape], x: float, y: float, items: Sequence[tuple[Colour, str, str]]) -> float:
    """Keys in a row: (colour, style, words). Returns the height used."""
    cx = x
    for colour, style, words in items:
        segment(out, cx, y, 6, 3.6, colour, style, None)
        out.append(Text(cx + 7.5, y + 3.0, words))
        cx += 7.5 + len(words) * SMALL * CHAR_W + 6
    return 6.0


def ranges(
    rows: Sequence[tuple[str, int, int, int | None, int | None, int | None]], width: float, words: tuple[str, str]
) -> Drawing:
    """Each level's best and latest score on the level's range, worst to best: (label, best,
    latest, worst found, best found, pass mark). A level with no range (gone from the game) shows
    its numbers alone. `words`: how to name the two marks in the legend."""
    d = Drawing(width, 0)
    out = d.shapes
    track_x, track_w = LABEL_W + 14, width - LABEL_W - 30
    _mark_key(out, 2, 2.5, words)
    y = 9.0
    for label, best, latest, worst_found, best_found, mark in rows:
        out.append(Text(0, y + 3.2, fit(label, LABEL_W)))
        if worst_found is None or best_found is None:
            out.append(Text(track_x, y + 3.2, f"{best:+d} / {latest:+d}", bold=True))
            y += ROW
            continue
        out.append(Text(track_x - 3.5, y + 3.2, f"{worst_found:+d}", align="right", colour=GRID))
        out.append(Text(track_x + track_w + 3.5, y + 3.2, f"{best_found:+d}", colour=GRID))
        out.append(Rect(track_x, y + 1.0, track_w, 3.0, fill=TRACK, stroke=GRID))
        span = best_found - worst_found

        def at(score: int, low: int = worst_found, span: int = span) -> float:
            share = 1.0 if span <= 0 else min(max((score - low) / span, 0.0), 1.0)
            return track_x + share * track_w

        if mark is not None:
            out.append(Line(at(mark), y - 0.5, at(mark), y + 5.5, INK, 0.4, dashed=True))
        _diamond(out, at(best), y + 2.5)
        _triangle(out, at(latest), y + 2.5)
        y += ROW
    d.h = y
    return d


def stacked(
    rows: Sequence[tuple[str, dict[str, int]]],
    styles: dict[str, tuple[Colour, str]],
    keys: dict[str, str],
    width: float,
) -> Drawing:
    """A bar per row (label, counts by kind), its pieces in the order of `styles`, each as wide as
    its share, with its count in it; the legend names each kind by `keys`."""
    d = Drawing(width, 0)
    out = d.shapes
    y = legend(out, 0, 0, [(colour, style, keys[kind]) for kind, (colour, style) in styles.items()]) + 2
    bar_x, bar_w = LABEL_W + 2, width - LABEL_W - 2
    for label, counts in rows:
        out.append(Text(0, y + 3.6, fit(label, LABEL_W)))
        whole = sum(counts.get(kind, 0) for kind in styles)
        x = bar_x
        for kind, (colour, style) in styles.items():
            n = counts.get(kind, 0)
            w = bar_w * n / whole if whole else 0
            segment(out, x, y, w, 5.0, colour, style, n)
            x += w
        y += ROW
    d.h = y
    return d


def _diamond(out: list[Shape], x: float, y: float) -> None:
    """The game's mark for a best: a hollow diamond."""
    out.append(Poly(((x, y - 2.6), (x + 2.2, y), (x, y + 2.6), (x - 2.2, y)), fill=PAPER, stroke=INK, width=0.6))


def _triangle(out: list[Shape], x: float, y: float) -> None:
    """The game's mark for a score: a filled triangle pointing down at the scale."""
    out.append(Poly(((x - 2.0, y - 3.6), (x + 2.0, y - 3.6), (x, y - 0.2)), fill=NORMAL.accent, stroke=INK))


def _mark_key(out: list[Shape], x: float, y: float, words: tuple[str, str]) -> None:
    best, latest = words
    _diamond(out, x, y)
    out.append(Text(x + 4, y + 1.1, best))
    lx = x + 4 + len(best) * SMALL * CHAR_W + 8
    _triangle(out, lx, y + 1.2)
    out.append(Text(lx + 4, y + 1.1, latest))
