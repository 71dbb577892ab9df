"""Pick a level. Files that failed to load are listed with their problems, not hidden: each says
whether the level is missing from the list, still plays in its last good version, or plays in
English because only its translation is broken.

Arrows move through the levels (pages turn by themselves), Enter starts, Esc goes back.
"""

from __future__ import annotations

from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button, draw_button
from game.scenes.base import Scene

CARD_W, CARD_H, PER_PAGE = 860, 250, 6
STEPS = {"left": -1, "right": 1, "up": -2, "down": 2, "tab": 1}


class LevelSelectScene(Scene):
    name = "level_select"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.index = 0  # the focused level, across pages
        self.focus = self._id(0) if self.levels else "back"
        self.best = ctx.scores.best_scores(ctx.settings.player)

    @property
    def levels(self):
        return self.ctx.catalogue.levels

    def _id(self, i: int) -> str:
        return f"level:{self.levels[i].id}"

    @property
    def per_page(self) -> int:
        return PER_PAGE if self.ctx.settings.text_size == "normal" else 4

    @property
    def card_h(self) -> float:
        return CARD_H if self.per_page == PER_PAGE else 380

    @property
    def page(self) -> int:
        return self.index // self.per_page

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.levels) // self.per_page))

    def buttons(self) -> list[Button]:
        out = []
        start = self.page * self.per_page
        for i, lv in enumerate(self.levels[start : start + self.per_page]):
            x = 80 + (i % 2) * (CARD_W + 40)
            y = 135 + (i // 2) * (self.card_h + 16)
            out.append(Button(self._id(start + i), x, y, CARD_W, self.card_h, lv.title))
        out.append(Button("back", 80, 950, 300, 90, self.t("select.back"), "Esc"))
        if self.pages > 1:
            out.append(Button("more", 1440, 950, 400, 90, self.t("select.more", n=self.page + 1, total=self.pages)))
        return out

    def act(self, action: str) -> None:
        if action in STEPS and self.levels:
            self.index = (self.index + STEPS[action]) % len(self.levels)
            self.focus = self._id(self.index)
        elif action == "confirm" and self.focus and self.focus.startswith("level:"):
            self.handle(self.focus)
        else:
            self.handle(action)

    def handle(self, action: str) -> None:
        if action == "back":
            self.ctx.go("title")
        elif action == "more":
            self.index = ((self.page + 1) % self.pages) * self.per_page
            self.focus = self._id(self.index)
        elif action.startswith("level:"):
            ids = [self._id(i) for i in range(len(self.levels))]
            if action in ids:
                self.index = ids.index(action)
                self.ctx.start_level(self.levels[self.index])

    def demo_actions(self) -> list[str]:
        if not self.levels:
            return ["back"]
        played = self.ctx.demo.levels_played
        target = played % len(self.levels)
        self.index = target
        return [self._id(target)]

    def draw(self, p: Painter) -> None:
        key = (self.ctx.catalogue, self.t, self.focus, self.pressed, self.index, p.large, p.palette)
        self.draw_layered(p, key, self._draw)

    @property
    def paints_background(self) -> bool:
        return True

    def moving_areas(self) -> tuple[tuple[float, float, float, float], ...]:
        return ()  # drawn from its layer alone: nothing moves but by input

    def _draw(self, p: Painter) -> None:
        p.text(self.t("select.heading"), 80, 36, theme.H1, p.palette.accent, bold=True)
        levels = {self._id(i): lv for i, lv in enumerate(self.levels)}
        for b in self.buttons():
            lv = levels.get(b.action)
            if lv is None:
                draw_button(p, b, self.focus == b.action, self.pressed == b.action)
                continue
            focused = self.focus == b.action
            p.rect(b.x, b.y, b.w, b.h, p.palette.panel_hi if focused else p.palette.panel, radius=16)
            if focused:
                p.rect(b.x - 6, b.y - 6, b.w + 12, b.h + 12, p.palette.focus, radius=20, width=5)
            h = p.text(lv.title, b.x + 28, b.y + 14, theme.H2, p.palette.text, bold=True, wrap=b.w - 56)
            p.text(lv.summary, b.x + 28, b.y + 18 + h, theme.SMALL, p.palette.muted, wrap=b.w - 56)
            meta = self.t("select.meta", cases=len(lv.cases), minutes=lv.shift_minutes, money=lv.budget)
            p.text(meta, b.x + 28, b.y + b.h - 50, theme.SMALL, p.palette.accent)
            if lv.id in self.best:
                done = self.t("select.done", score=f"{self.best[lv.id]:+d}")
                p.rect(b.x + b.w - 250, b.y + b.h - 56, 226, 44, p.palette.good, radius=10)
                p.text(done, b.x + b.w - 137, b.y + b.h - 50, theme.SMALL, p.palette.ink, bold=True, align="center")
        self._problems(p)

    def _problems(self, p: Painter) -> None:
        """A count line, then one line per problem, as many as fit in the free space below the
        last card without touching a button; each says what the problem means for play. The
        lines are shortened to fit: `python -m game check` gives every problem in full."""
        catalogue = self.ctx.catalogue
        order = sorted(  # every file's first problem before any file's second
            ((rank, problem, error) for problem in catalogue.problems for rank, error in enumerate(problem.errors)),
            key=lambda item: item[0],
        )
        lines = [
            self.t(f"select.{catalogue.effect(problem)}", error=catalogue.shown(error)) for _, problem, error in order
        ]
        if not lines:
            return
        buttons = self.buttons()
        cards = [b for b in buttons if b.action.startswith("level:")]
        foot = [b for b in buttons if not b.action.startswith("level:")]
        foot_top = min((b.y for b in foot), default=1080) - 8
        narrow_left = max((b.x + b.w for b in foot if b.x < 960), default=40) + 40
        narrow_right = min((b.x for b in foot if b.x >= 960), default=1880) - 40
        y, bottom = max((b.y + b.h for b in cards), default=120) + 8, 1076

        def room(text: str, at: float, bold: bool = False) -> tuple[float, float, float] | None:
            """Where one line of `text` fits at `at` (left, width, height): the full width above
            the buttons, only the gap between them beside them; None below the canvas."""
            h = p.measure(text, theme.SMALL, bold)[1]
            if at + h <= foot_top:
                return 80, 1760, h
            return (narrow_left, narrow_right - narrow_left, h) if at + h <= bottom else None

        count = self.t("select.problems", n=len({problem.path for problem in catalogue.problems}))
        x, width, _ = room(count, y, bold=True) or (narrow_left, narrow_right - narrow_left, 0)
        y += p.text(count, x, y, theme.SMALL, p.palette.bad, bold=True, wrap=width)
        for i, text in enumerate(lines):
            more = self.t("select.more_problems", n=len(lines) - i)
            place = room(text, y)
            last = i == len(lines) - 1
            if place is None or not (last or room(more, y + place[2])):  # keep a line to say how many more
                place = room(more, y)
                if place:
                    p.text(more, place[0], y, theme.SMALL, p.palette.bad)
                return
            y += p.text(p.fit(text, theme.SMALL, place[1], data=True), place[0], y, theme.SMALL, p.palette.bad)
