"""Buttons: a logical rectangle that turns a click, or Enter while focused, into a scene action."""

from __future__ import annotations

from dataclasses import dataclass

from game.render import theme
from game.render.painter import Painter


@dataclass(frozen=True)
class Button:
    action: str
    x: float
    y: float
    w: float
    h: float
    label: str = ""
    key: str = ""  # the key that does the same, shown on the button
    enabled: bool = True
    note: str = ""  # why it is disabled, or what it costs
    arrows: bool = False  # a value that turns with left and right: drawn arrows at both ends
    icon: str = ""  # a painter icon drawn in place of a label (the team list's remove cross)

    def hit(self, pos: tuple[float, float]) -> bool:
        return self.x <= pos[0] < self.x + self.w and self.y <= pos[1] < self.y + self.h


def fitting_label(p: Painter, b: Button, room: float) -> tuple[str, int]:
    """The longest form of the label that fits: with its key (smaller if need be, since the key is
    what a room calls out), then without it, then cut short."""
    full = f"[{b.key}]  {b.label}" if b.key else b.label
    for text, size in ((full, theme.BODY), (full, theme.SMALL), (b.label, theme.BODY), (b.label, theme.SMALL)):
        if p.measure(text, size, bold=True)[0] <= room:
            return text, size
    return p.fit(b.label, theme.SMALL, room, bold=True), theme.SMALL


def draw_button(p: Painter, b: Button, focused: bool, pressed: bool = False, primary: bool = False) -> None:
    fill = p.palette.accent if primary and b.enabled else (p.palette.panel_hi if b.enabled else p.palette.panel)
    ink = p.palette.ink if primary and b.enabled else (p.palette.text if b.enabled else p.palette.muted)
    dy = 3 if pressed else 0
    p.rect(b.x, b.y + dy, b.w, b.h, fill, radius=14)
    if focused:
        p.rect(b.x - 6, b.y - 6 + dy, b.w + 12, b.h + 12, p.palette.focus, radius=18, width=5)
    if b.icon and not b.label:
        p.icon(b.icon, b.x + b.w / 2, b.y + dy + b.h / 2, min(b.w, b.h) * 0.22, ink)
        return
    if b.arrows:  # drawn, not typed: crisp at any size and in any font
        mid, r = b.y + dy + b.h / 2, 11
        p.polygon([(b.x + 22, mid), (b.x + 22 + r * 1.5, mid - r), (b.x + 22 + r * 1.5, mid + r)], ink)
        right = b.x + b.w - 22
        p.polygon([(right, mid), (right - r * 1.5, mid - r), (right - r * 1.5, mid + r)], ink)
    label, size = fitting_label(p, b, b.w - (96 if b.arrows else 32))
    _, th = p.measure(label, size, bold=True)
    note, nh = b.note, 0.0
    if note:
        nh = p.measure(note, theme.SMALL, wrap=b.w - 32)[1]
        if th + nh > b.h - 8 and size != theme.SMALL:  # make room with a smaller label first
            size = theme.SMALL
            full = f"[{b.key}]  {b.label}" if b.key else b.label
            for text in (full, b.label):  # the key stays if it fits
                if p.measure(text, size, bold=True)[0] <= b.w - 32:
                    label = text
                    break
            th = p.measure(label, size, bold=True)[1]
        if th + nh > b.h - 8:  # still no room for a second line: one line, shortened
            note = p.fit(note, theme.SMALL, b.w - 32)
            nh = p.measure(note, theme.SMALL)[1]
    top = b.y + dy + (b.h - th - nh) / 2
    p.text(label, b.x + b.w / 2, top, size, ink, bold=True, align="center")
    if note:
        p.text(note, b.x + b.w / 2, top + th, theme.SMALL, ink, wrap=b.w - 32, align="center")


def draw_field(
    p: Painter,
    b: Button,
    text: str,
    focused: bool,
    *,
    empty: str = "",
    size: int = theme.BODY,
    bold: bool = False,
    colour: tuple[int, int, int] | None = None,
    centred: bool = False,
) -> None:
    """A text field: its panel, the focus ring, what was typed (or, muted, what an empty one means)
    and the caret while it has the keyboard."""
    p.rect(b.x, b.y, b.w, b.h, p.palette.panel_hi if focused else p.palette.panel, radius=12)
    if focused:
        p.rect(b.x - 5, b.y - 5, b.w + 10, b.h + 10, p.palette.focus, radius=16, width=5)
    shown = p.fit(text or empty, size, b.w - 60, bold, data=True) + ("|" if focused else "")
    ink = colour or (p.palette.text if text else p.palette.muted)
    y = b.y + (b.h - p.measure(shown or "0", size, bold)[1]) / 2
    if centred:
        p.text(shown, b.x + b.w / 2, y, size, ink, bold=bold, align="center")
    else:
        p.text(shown, b.x + 24, y, size, ink, bold=bold)
