"""The report as a PDF, made with fpdf2 (pure Python): A4, the game's font embedded (so æ, ø and å
print), charts as vector paths, page numbers, black text on white. The same data gives the same
file: its date is the newest score's, not the clock's.
"""

from __future__ import annotations

import datetime
import logging
import unicodedata

from fpdf import FPDF
from fpdf.enums import TableCellFillMode
from fpdf.fonts import FontFace

from game import paths
from game.report import drawing
from game.report.outline import WIDTH, Block, Bullets, Chart, Heading, PageBreak, Para, Table, Tr

MARGIN = 15.0
FONT = "Andika"
SIZES = {1: 18.0, 2: 14.0, 3: 12.0, 4: 10.5}
BODY = 10.0
SMALL = 8.5
TABLE = 8.0
MM_PER_PT = 25.4 / 72


def safe(text: str) -> str:
    """Text a PDF can hold: control and format characters (a name may carry any) left out."""
    return "".join(ch for ch in str(text) if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co") or ch == "\n")


class _Pdf(FPDF):
    def __init__(self, page_words: Tr) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.page_words = page_words

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", SMALL)
        self.set_text_color(80, 84, 92)
        self.cell(0, 5, safe(self.page_words("report.page", n=self.page_no())), align="C")


def render(blocks: list[Block], t: Tr, title: str, lang: str, date: str) -> bytes:
    """The PDF's bytes."""
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # the subsetter's notes are not the player's
    logging.getLogger("fpdf").setLevel(logging.ERROR)
    pdf = _Pdf(t)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_font(FONT, "", str(paths.FONTS / "Andika-Regular.ttf"))
    pdf.add_font(FONT, "B", str(paths.FONTS / "Andika-Bold.ttf"))
    pdf.set_title(safe(title))
    pdf.set_lang(lang)
    pdf.set_creator("Ambassador")
    pdf.set_creation_date(_when(date))
    pdf.add_page()
    for block in blocks:
        _block(pdf, block)
    return bytes(pdf.output())


def _when(date: str) -> datetime.datetime:
    try:
        when = datetime.datetime.fromisoformat(date.replace("Z", "+00:00"))
    except ValueError:
        when = datetime.datetime(2000, 1, 1)
    return when if when.tzinfo else when.replace(tzinfo=datetime.timezone.utc)


def _block(pdf: _Pdf, block: Block) -> None:
    pdf.set_text_color(*drawing.INK)
    if isinstance(block, PageBreak):
        pdf.add_page()
    elif isinstance(block, Heading):
        size = SIZES.get(block.level, BODY)
        if pdf.get_y() > pdf.h - 45 and block.level <= 3:  # a heading never alone at a page's foot
            pdf.add_page()
        pdf.ln(2.5 if block.level > 1 else 0)
        pdf.set_font(FONT, "B", size)
        pdf.multi_cell(0, size * MM_PER_PT * 1.3, safe(block.text), new_x="LMARGIN", new_y="NEXT")
        if block.level == 2:
            y = pdf.get_y() + 0.5
            pdf.set_draw_color(*drawing.INK)
            pdf.set_line_width(0.5)
            pdf.line(MARGIN, y, MARGIN + WIDTH, y)
            pdf.ln(2)
    elif isinstance(block, Para):
        pdf.set_font(FONT, "", SMALL if block.muted else BODY)
        if block.muted:
            pdf.set_text_color(70, 74, 84)
        pdf.multi_cell(
            0, (SMALL if block.muted else BODY) * MM_PER_PT * 1.35, safe(block.text), new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(1)
    elif isinstance(block, Table):
        _table(pdf, block)
    elif isinstance(block, Bullets):
        for text, note in block.items:
            pdf.set_font(FONT, "", BODY)
            pdf.set_x(MARGIN + 2)
            pdf.cell(4, BODY * MM_PER_PT * 1.35, "•")
            pdf.multi_cell(WIDTH - 6, BODY * MM_PER_PT * 1.35, safe(text), new_x="LMARGIN", new_y="NEXT")
            if note:
                pdf.set_font(FONT, "", SMALL)
                pdf.set_text_color(70, 74, 84)
                pdf.set_x(MARGIN + 6)
                pdf.multi_cell(WIDTH - 6, SMALL * MM_PER_PT * 1.35, safe(note), new_x="LMARGIN", new_y="NEXT")
                pdf.set_text_color(*drawing.INK)
        pdf.ln(1)
    elif isinstance(block, Chart):
        _chart(pdf, block.drawing)


def _table(pdf: _Pdf, table: Table) -> None:
    pdf.set_font(FONT, "", TABLE)
    pdf.set_draw_color(120, 124, 132)
    pdf.set_line_width(0.2)
    total = sum(table.widths)
    widths = tuple(WIDTH * w / total for w in table.widths)
    aligns = tuple("RIGHT" if n else "LEFT" for n in table.numeric)
    heading = FontFace(emphasis="BOLD", fill_color=(236, 238, 242))
    pdf.set_fill_color(*drawing.PAPER)  # a chart's last colour must not fill the rows
    with pdf.table(
        col_widths=widths,
        text_align=aligns,
        headings_style=heading,
        line_height=TABLE * MM_PER_PT * 1.3,
        padding=0.8,
        cell_fill_mode=TableCellFillMode.NONE,
        width=WIDTH,
        align="LEFT",
    ) as out:
        row = out.row()
        for head in table.heads:
            row.cell(safe(head))
        for values in table.rows:
            row = out.row()
            for value in values:
                row.cell(safe(value))
    pdf.ln(1.5)


def _chart(pdf: _Pdf, d: drawing.Drawing) -> None:
    """A drawing in vector paths at the current line; on a new page when it would not fit."""
    if pdf.get_y() + d.h + 2 > pdf.h - 16:
        pdf.add_page()
    ox, oy = MARGIN, pdf.get_y() + 1
    for s in d.shapes:
        if isinstance(s, drawing.Rect):
            _colours(pdf, s.fill, s.stroke, s.width)
            pdf.rect(ox + s.x, oy + s.y, s.w, s.h, style=_style(s.fill, s.stroke))
        elif isinstance(s, drawing.Line):
            pdf.set_draw_color(*s.colour)
            pdf.set_line_width(s.width)
            if s.dashed:
                pdf.set_dash_pattern(dash=1, gap=0.8)
            pdf.line(ox + s.x1, oy + s.y1, ox + s.x2, oy + s.y2)
            if s.dashed:
                pdf.set_dash_pattern()
        elif isinstance(s, drawing.Poly):
            _colours(pdf, s.fill, s.stroke, s.width)
            pdf.polygon([(ox + x, oy + y) for x, y in s.points], style=_style(s.fill, s.stroke))
        elif isinstance(s, drawing.Text):
            pdf.set_font(FONT, "B" if s.bold else "", s.size / MM_PER_PT)
            pdf.set_text_color(*s.colour)
            text = safe(s.text)
            w = pdf.get_string_width(text)
            x = ox + s.x - (w / 2 if s.align == "center" else w if s.align == "right" else 0)
            pdf.text(x, oy + s.y, text)
    pdf.set_text_color(*drawing.INK)
    pdf.set_y(oy + d.h + 2)


def _colours(pdf: _Pdf, fill: drawing.Colour | None, stroke: drawing.Colour | None, width: float) -> None:
    if fill is not None:
        pdf.set_fill_color(*fill)
    if stroke is not None:
        pdf.set_draw_color(*stroke)
        pdf.set_line_width(width)


def _style(fill: drawing.Colour | None, stroke: drawing.Colour | None) -> str:
    return ("F" if fill is not None else "") + ("D" if stroke is not None else "") or "D"
