"""The leaderboard: this laptop, this session, the group and the whole company (when a company board
is set), all levels or one; big enough to read from the back of a room. Left/Right switch the view,
Up/Down pick the level, Esc goes back. The company's lists come from the board's own thread: the
screen shows what it has and never waits on the network."""

from __future__ import annotations

from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button, draw_button
from game.scenes.base import Scene

TABS = ("laptop", "session", "group", "company")
OLD_TABS = {"all": "laptop", "level": "laptop"}  # the names of the views before groups and the company board
ROWS = 10


class LeaderboardScene(Scene):
    name = "leaderboard"
    still = True

    def __init__(self, ctx, tab: str = "all") -> None:
        super().__init__(ctx)
        self.tab = OLD_TABS.get(tab, tab) if OLD_TABS.get(tab, tab) in self.tabs() else "laptop"
        self.level_index = -1  # all levels; 0.. one of them
        session = ctx.session
        if session is not None and tab == "level":
            ids = [lv.id for lv in ctx.catalogue.levels]
            self.level_index = ids.index(session.level.id) if session.level.id in ids else -1
        self.focus = f"tab:{self.tab}"

    def tabs(self) -> tuple[str, ...]:
        """The views there is something to show in: a group when one is set, the company with a board."""
        return tuple(
            tab
            for tab in TABS
            if (tab != "group" or self.ctx.group) and (tab != "company" or self.ctx.board is not None)
        )

    def buttons(self) -> list[Button]:
        tabs = self.tabs()
        width = 1300 // len(tabs)
        out = [
            Button(f"tab:{tab}", 60 + i * width, 130, width - 20, 80, self.tab_label(tab)) for i, tab in enumerate(tabs)
        ]
        if self.ctx.catalogue.levels:
            out.append(Button("level", 1360, 130, 500, 80, self.level_title(), arrows=True))
        out += [
            Button("back", 60, 960, 360, 90, self.t("common.back"), "Esc"),
            Button("export", 1360, 960, 500, 90, self.t("summary.export")),
            Button("report", 1360, 30, 500, 80, self.t("report.button")),
        ]
        return out

    def tab_label(self, tab: str) -> str:
        return self.t("board.group", group=self.ctx.group) if tab == "group" else self.t(f"board.{tab}")

    def level(self):
        levels = self.ctx.catalogue.levels
        return levels[self.level_index] if levels and 0 <= self.level_index < len(levels) else None

    def level_title(self) -> str:
        level = self.level()
        return level.title if level is not None else self.t("board.all_levels")

    def query(self) -> dict:
        level = self.level()
        found = {"level": level.id if level is not None else None, "limit": ROWS}
        if self.tab == "session":
            found["session"] = self.ctx.run_id
        elif self.tab == "group":
            found["cohort"] = self.ctx.group
        return found

    def rows(self):
        """The rows the view shows, asked of the store once per view (tab and level), not once a
        frame: a company's score file holds a million rows. The company's come from the board's
        thread when it has them (None until then); a group is the company's group when there is a
        board, else this laptop's scores of that group."""
        query = self.query()
        if self.tab in ("company", "group") and self.ctx.board is not None:
            return self.ctx.board.rows(**query)
        key = (self.tab, tuple(query.items()), self.ctx.scores)
        if getattr(self, "_rows_key", None) != key:
            self._rows_key, self._rows = key, self.ctx.scores.rows(**query)
        return self._rows

    @property
    def busy(self) -> bool:
        """Drawn every frame while the company board's answer is on its way (then still again)."""
        board = self.ctx.board
        return (
            self.tab in ("company", "group") and board is not None and board.state != "offline" and self.rows() is None
        )

    def act(self, action: str) -> None:
        tabs = self.tabs()
        if action in ("left", "right"):
            i = tabs.index(self.tab) + (1 if action == "right" else -1) if self.tab in tabs else 0
            self.tab = tabs[i % len(tabs)]
            self.focus = f"tab:{self.tab}"
        elif action in ("up", "down"):
            self.step_level(1 if action == "down" else -1)
        else:
            super().act(action)

    def step_level(self, step: int) -> None:
        """All levels, then each level, round again."""
        count = len(self.ctx.catalogue.levels)
        self.level_index = (self.level_index + 1 + step) % (count + 1) - 1

    def handle(self, action: str) -> None:
        if action.startswith("tab:"):
            self.tab = action.split(":", 1)[1]
        elif action == "level":
            self.step_level(1)
        elif action == "export":
            self.message = self.ctx.export_scores()
        elif action == "report":  # the view's scores on this laptop: its session, group and level
            query = self.query()
            self.ctx.report(session=query.get("session"), group=query.get("cohort"), level=query.get("level"))
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
        asking = rows is None
        rows = rows or []
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
            board = self.ctx.board
            empty = "board.empty"
            if asking:
                empty = "board.offline" if board is not None and board.state == "offline" else "board.asking"
            p.text(t(empty), 960, y + 120, theme.BODY, p.palette.muted, align="center", wrap=1600)
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
