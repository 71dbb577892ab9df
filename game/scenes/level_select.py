"""Pick a level. Files that failed to load are listed with their first problem, not hidden."""

from __future__ import annotations

from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene

CARD_W, CARD_H = 860, 220


class LevelSelectScene(Scene):
    name = "level_select"

    def __init__(self, app) -> None:
        super().__init__(app)
        levels = app.catalogue.levels
        self.focus = f"level:{levels[0].id}" if levels else "back"

    def buttons(self) -> list[Button]:
        out = []
        for i, lv in enumerate(self.app.catalogue.levels[:6]):
            x = 80 + (i % 2) * (CARD_W + 40)
            y = 170 + (i // 2) * (CARD_H + 24)
            out.append(Button(f"level:{lv.id}", x, y, CARD_W, CARD_H, lv.title, str(i + 1) if i < 3 else ""))
        out.append(Button("back", 80, 960, 300, 80, self.t("select.back"), "Esc"))
        return out

    def handle(self, action: str) -> None:
        from game.scenes.title import TitleScene

        if action == "back":
            self.app.switch(TitleScene(self.app))
        elif action.startswith("level:"):
            wanted = action.split(":", 1)[1]
            level = next(lv for lv in self.app.catalogue.levels if lv.id == wanted)
            self.app.start_level(level)
        elif action in ("ignore", "fix", "exceed"):  # 1 / 2 / 3 pick the first levels
            levels = self.app.catalogue.levels
            i = ("ignore", "fix", "exceed").index(action)
            if i < len(levels):
                self.app.start_level(levels[i])

    def demo_actions(self) -> list[str]:
        levels = self.app.catalogue.levels
        if not levels:
            return ["back"]
        played = getattr(self.app, "demo_levels_played", 0)
        return [f"level:{levels[played % len(levels)].id}"]

    def draw(self, p: Painter) -> None:
        p.text(self.t("select.heading"), 80, 60, theme.H1, theme.ACCENT, bold=True)
        levels = {f"level:{lv.id}": lv for lv in self.app.catalogue.levels}
        for b in self.buttons():
            if b.action not in levels:
                continue
            lv = levels[b.action]
            focused = self.focus == b.action
            p.rect(b.x, b.y, b.w, b.h, theme.PANEL_HI if focused else theme.PANEL, radius=16)
            if focused:
                p.rect(b.x - 6, b.y - 6, b.w + 12, b.h + 12, theme.FOCUS, radius=20, width=5)
            title = f"{b.key}  {lv.title}" if b.key else lv.title
            p.text(title, b.x + 28, b.y + 20, theme.H2, theme.TEXT, bold=True)
            p.text(lv.summary, b.x + 28, b.y + 72, theme.SMALL, theme.MUTED, wrap=b.w - 56)
            meta = self.t("select.meta", cases=len(lv.cases), minutes=lv.shift_minutes, money=lv.budget)
            p.text(meta, b.x + 28, b.y + b.h - 46, theme.SMALL, theme.ACCENT)
        from game.render.widgets import draw_button

        back = self.buttons()[-1]
        draw_button(p, back, self.focus == back.action, self.pressed == back.action)
        errors = self.app.catalogue.errors
        if errors:
            y = 880
            p.text(self.t("select.broken"), 440, y, theme.SMALL, theme.BAD, bold=True)
            for e in errors[:3]:
                y += 38
                p.text(str(e), 440, y, theme.SMALL, theme.BAD, wrap=1420)
