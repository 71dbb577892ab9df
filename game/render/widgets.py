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

    def hit(self, pos: tuple[float, float]) -> bool:
        return self.x <= pos[0] < self.x + self.w and self.y <= pos[1] < self.y + self.h


def draw_button(p: Painter, b: Button, focused: bool, pressed: bool = False, primary: bool = False) -> None:
    fill = theme.ACCENT if primary and b.enabled else (theme.PANEL_HI if b.enabled else theme.PANEL)
    ink = theme.INK if primary and b.enabled else (theme.TEXT if b.enabled else theme.MUTED)
    dy = 3 if pressed else 0
    p.rect(b.x, b.y + dy, b.w, b.h, fill, radius=14)
    if focused:
        p.rect(b.x - 6, b.y - 6 + dy, b.w + 12, b.h + 12, theme.FOCUS, radius=18, width=5)
    label = f"[{b.key}]  {b.label}" if b.key else b.label
    _, th = p.measure(label, theme.BODY, bold=True)
    top = b.y + dy + (b.h - th) / 2 if not b.note else b.y + dy + 12
    p.text(label, b.x + b.w / 2, top, theme.BODY, ink, bold=True, align="center")
    if b.note:
        p.text(b.note, b.x + b.w / 2, top + th + 4, theme.SMALL, ink, align="center")
