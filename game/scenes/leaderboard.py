"""The leaderboard: all time, per level, and this session; big enough to read from the back of a
room. Left/Right switch the view, Up/Down pick the level, Esc goes back."""

from __future__ import annotations

from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button, draw_button
from game.scenes.base import Scene

TABS = ("all", "level", "session")
ROWS = 10


class LeaderboardScene(Scene):
    name = "leaderboard"
    still = True

    def __init__(self, ctx, tab: str = "all") -> None:
        super().__init__(ctx)
        self.tab = tab if tab in TABS else "all"
        self.level_index = 0
        session = ctx.session
        if session is not None:
            ids = [lv.id for lv in ctx.catalogue.levels]
            self.level_index = ids.index(session.level.id) if session.level.id in ids else 0
        self.focus = f"tab:{tab}"

    def buttons(self) -> list[Button]:
        out = [Button(f"tab:{tab}", 60 + i * 430, 130, 410, 80, self.t(f"board.{tab}")) for i, tab in enumerate(TABS)]
        if self.tab == "level" and self.ctx.catalogue.levels:
            out.append(Button("level", 1350, 130, 510, 80, self.level_title()))
        out += [
            Button("back", 60, 960, 360, 90, self.t("common.back"), "Esc"),
            Button("export", 1360, 960, 500, 90, self.t("summary.export")),
        ]
        return out

    def level_title(self) -> str:
        levels = self.ctx.catalogue.levels
        return levels[self.level_index % len(levels)].title if levels else ""

    def rows(self):
        """The rows the view shows, asked of the store once per view (tab and level), not once a
        frame: a company's score file holds a million rows."""
        levels = self.ctx.catalogue.levels
        level = levels[self.level_index % len(levels)].id if self.tab == "level" and levels else None
        key = (self.tab, level, self.ctx.scores)
        if getattr(self, "_rows_key", None) != key:
            if level is not None:
                rows = self.ctx.scores.rows(level=level, limit=ROWS)
            elif self.tab == "session":
                rows = self.ctx.scores.rows(session=self.ctx.run_id, limit=ROWS)
            else:
                rows = self.ctx.scores.rows(limit=ROWS)
            self._rows_key, self._rows = key, rows
        return self._rows

    def act(self, action: str) -> None:
        if action in ("left", "right"):
            i = TABS.index(self.tab) + (1 if action == "right" else -1)
            self.tab = TABS[i % len(TABS)]
            self.focus = f"tab:{self.tab}"
        elif action in ("up", "down") and self.tab == "level":
            self.level_index += 1 if action == "down" else -1
        else:
            super().act(action)

    def handle(self, action: str) -> None:
        if action.startswith("tab:"):
            self.tab = action.split(":", 1)[1]
        elif action == "level":
            self.level_index += 1
        elif action == "export":
            self.message = self.ctx.export_scores()
        elif action == "back":
            session = self.ctx.session
            in_room = session is not None and session.teams is not None and session.finished
            if in_room:
                self.ctx.go("podium", debriefed=True)
            else:
                self.ctx.go("title")

    def demo_actions(self) -> list[str]:
        return ["back"]

    def draw(self, p: Painter) -> None:
        t = self.t
        p.text(t("board.heading"), 60, 30, theme.H1, p.palette.accent, bold=True)
        for b in self.buttons():
            selected = b.action == f"tab:{self.tab}"
            draw_button(p, b, self.focus == b.action, self.pressed == b.action, primary=selected)
        titles = {lv.id: lv.title for lv in self.ctx.catalogue.levels}
        rows = self.rows()
        y = 250
        heads = [
            (200, "ranking.team", "left"),
            (790, "board.col_level", "left"),
            (1450, "ranking.ambassadors", "right"),
            (1640, "ranking.lost", "right"),
            (1840, "ranking.score", "right"),
        ]
        for x, key, align in heads:
            p.text(t(key), x, y, theme.SMALL, p.palette.muted, align=align)
        y += 44
        if not rows:
            p.text(t("board.empty"), 960, y + 120, theme.BODY, p.palette.muted, align="center", wrap=1600)
        for i, r in enumerate(rows):
            p.rect(60, y - 4, 1800, 60, p.palette.panel if i % 2 else p.palette.panel_hi, radius=8)
            p.text(f"{i + 1}.", 170, y + 6, theme.BODY, p.palette.accent, bold=True, align="right")
            p.text(p.fit(r.name, theme.BODY, 560, True, data=True), 200, y + 6, theme.BODY, p.palette.text, bold=True)
            p.text(
                p.fit(titles.get(r.level, r.level), theme.SMALL, 400, data=True),
                790,
                y + 10,
                theme.SMALL,
                p.palette.muted,
            )
            p.text(str(r.ambassadors), 1450, y + 6, theme.BODY, p.palette.good, align="right")
            p.text(str(r.lost), 1640, y + 6, theme.BODY, p.palette.bad, align="right")
            p.text(f"{r.score:+d}", 1840, y + 6, theme.BODY, p.palette.accent, bold=True, align="right")
            y += 64
        if self.message:
            p.text(self.message, 460, 975, theme.SMALL, p.palette.accent, wrap=880)
