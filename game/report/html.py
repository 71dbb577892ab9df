"""The report as one self-contained HTML file: inline CSS, charts as inline SVG, the game's font
(subset to the letters used) inside it, no link to anything outside. Every text is escaped: a
player's name is whatever was typed into the game.
"""

from __future__ import annotations

import base64
import html
import io
import logging
from pathlib import Path

from fontTools import subset  # comes with fpdf2

from game import paths
from game.report import drawing
from game.report.outline import Block, Bullets, Chart, Heading, PageBreak, Para, Table

CSS = """
@font-face { font-family: "Andika"; src: url(data:font/ttf;base64,{regular}) format("truetype"); }
@font-face { font-family: "Andika"; font-weight: bold; src: url(data:font/ttf;base64,{bold}) format("truetype"); }
body { font-family: "Andika", sans-serif; color: #141820; background: #fff; max-width: 60em;
  margin: 1.5em auto; padding: 0 1em; line-height: 1.35; font-size: 11pt; }
h1 { font-size: 20pt; margin: 0 0 .2em; }
h2 { font-size: 15pt; border-bottom: 1.5pt solid #141820; margin-top: 1.4em; }
h3 { font-size: 12.5pt; margin: 1.2em 0 .3em; }
h4 { font-size: 11pt; margin: .8em 0 .2em; }
p.muted { color: #4a505c; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: .4em 0; }
th, td { border: .6pt solid #78808c; padding: .15em .35em; text-align: left; vertical-align: top; }
th { background: #eceef2; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
ul { margin: .2em 0 .6em; padding-left: 1.3em; }
li small { display: block; color: #4a505c; }
svg { display: block; width: 100%; height: auto; margin: .3em 0 .8em; }
.break { break-before: page; }
@media print { body { margin: 0; max-width: none; } h2, h3 { break-after: avoid; } table, svg { break-inside: avoid; } }
"""
# Nothing from outside may load, whatever a name holds: fonts and images from data: only.
CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:"


def render(blocks: list[Block], lang: str, title: str) -> str:
    """The whole page as text."""
    body: list[str] = []
    pending_break = False
    for block in blocks:
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        cls = ' class="break"' if pending_break else ""
        pending_break = False
        body.append(_block(block, cls))
    text = "\n".join(body)
    regular, bold = _fonts(text + title)
    css = CSS.replace("{regular}", regular).replace("{bold}", bold)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{text}\n</body>\n</html>\n"
    )


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def _block(block: Block, cls: str) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level, 1), 4)
        return f"<h{level}{cls}>{_e(block.text)}</h{level}>"
    if isinstance(block, Para):
        muted = ' class="muted"' if block.muted and not cls else cls
        return f"<p{muted}>{_e(block.text)}</p>"
    if isinstance(block, Table):
        heads = "".join(
            f"<th{' class=n' if n else ''}>{_e(h)}</th>" for h, n in zip(block.heads, block.numeric, strict=True)
        )
        rows = "".join(
            "<tr>"
            + "".join(f"<td{' class=n' if n else ''}>{_e(v)}</td>" for v, n in zip(row, block.numeric, strict=True))
            + "</tr>\n"
            for row in block.rows
        )
        return f"<table{cls}>\n<thead><tr>{heads}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>"
    if isinstance(block, Bullets):
        items = "".join(
            f"<li>{_e(text)}" + (f"<small>{_e(note)}</small>" if note else "") + "</li>\n" for text, note in block.items
        )
        return f"<ul{cls}>\n{items}</ul>"
    if isinstance(block, Chart):
        return svg(block.drawing)
    raise TypeError(f"no HTML for {block!r}")


def _rgb(colour: drawing.Colour | None) -> str:
    return "none" if colour is None else "#{:02x}{:02x}{:02x}".format(*colour)


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def svg(d: drawing.Drawing) -> str:
    """A drawing as inline SVG in millimetres: the viewBox keeps it sharp at any width."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-1 -1 {_n(d.w + 2)} {_n(d.h + 2)}" '
        f'role="img" font-family="Andika, sans-serif">'
    ]
    if d.title:
        parts.append(f"<title>{_e(d.title)}</title>")
    for s in d.shapes:
        if isinstance(s, drawing.Rect):
            parts.append(
                f'<rect x="{_n(s.x)}" y="{_n(s.y)}" width="{_n(s.w)}" height="{_n(s.h)}" fill="{_rgb(s.fill)}" '
                f'stroke="{_rgb(s.stroke)}" stroke-width="{_n(s.width)}"/>'
            )
        elif isinstance(s, drawing.Line):
            dash = ' stroke-dasharray="1 0.8"' if s.dashed else ""
            parts.append(
                f'<line x1="{_n(s.x1)}" y1="{_n(s.y1)}" x2="{_n(s.x2)}" y2="{_n(s.y2)}" '
                f'stroke="{_rgb(s.colour)}" stroke-width="{_n(s.width)}"{dash}/>'
            )
        elif isinstance(s, drawing.Poly):
            points = " ".join(f"{_n(x)},{_n(y)}" for x, y in s.points)
            parts.append(
                f'<polygon points="{points}" fill="{_rgb(s.fill)}" stroke="{_rgb(s.stroke)}" stroke-width="{_n(s.width)}"/>'
            )
        elif isinstance(s, drawing.Text):
            anchor = {"left": "start", "center": "middle", "right": "end"}[s.align]
            weight = ' font-weight="bold"' if s.bold else ""
            parts.append(
                f'<text x="{_n(s.x)}" y="{_n(s.y)}" font-size="{_n(s.size)}" fill="{_rgb(s.colour)}" '
                f'text-anchor="{anchor}"{weight}>{_e(s.text)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _fonts(text: str) -> tuple[str, str]:
    """The game's font, regular and bold, cut to the letters the page uses (a few kilobytes
    instead of a megabyte), as base64 for the style sheet."""
    chars = set(text) | set("0123456789+-–×·…()%: ")
    return _subset(paths.FONTS / "Andika-Regular.ttf", chars), _subset(paths.FONTS / "Andika-Bold.ttf", chars)


def _subset(path: Path, chars: set[str]) -> str:
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # its notes on dropped tables are not the user's
    font = subset.load_font(str(path), subset.Options())
    options = subset.Options()
    options.name_IDs = ["*"]  # the font's name and its licence stay with it
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(ord(c) for c in chars))
    sub.subset(font)
    out = io.BytesIO()
    font.save(out)
    return base64.b64encode(out.getvalue()).decode("ascii")
