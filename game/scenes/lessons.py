"""Every lesson the game teaches, with its source, and which of them a player or team has met
in play. Left/Right change whose lessons are shown, Up/Down turn the pages, Esc goes back."""

from __future__ import annotations

from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene

PER_PAGE = 5


class LessonsScene(Scene):
    name = "lessons"
    still = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        names = ctx.scores.names()
        me = ctx.settings.player
        self.names = [me, *(n for n in names if n != me)]
        self.who = 0
        self.page = 0
        self.focus = "back"

    @property
    def lessons(self):
        """The catalogue's lessons and those a level defines itself, by source."""
        every = dict(self.ctx.library.lessons)
        for level in self.ctx.catalogue.levels:
            for lesson_id, lesson in level.lessons.items():
                every.setdefault(lesson_id, lesson)
        return sorted(every.values(), key=lambda lesson: (lesson.source, lesson.id))

    @property
    def per_page(self) -> int:
        return PER_PAGE if self.ctx.settings.text_size == "normal" else 3

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.lessons) // self.per_page))

    def buttons(self) -> list[Button]:
        return [
            Button("back", 60, 960, 360, 90, self.t("common.back"), "Esc"),
            Button("who", 460, 960, 700, 90, self.t("lessons.who", name=self.names[self.who])),
            Button("more", 1200, 960, 660, 90, self.t("lessons.page", n=self.page + 1, total=self.pages)),
        ]

    def act(self, action: str) -> None:
        if action in ("left", "right"):
            self.who = (self.who + (1 if action == "right" else -1)) % len(self.names)
        elif action in ("up", "down"):
            self.page = (self.page + (1 if action == "down" else -1)) % self.pages
        else:
            super().act(action)

    def handle(self, action: str) -> None:
        if action == "who":
            self.who = (self.who + 1) % len(self.names)
        elif action == "more":
            self.page = (self.page + 1) % self.pages
        elif action == "back":
            self.ctx.go("title")

    def demo_actions(self) -> list[str]:
        return ["back"]

    def draw(self, p: Painter) -> None:
        name = self.names[self.who]
        met = self.ctx.scores.lessons_met(name)
        lessons = self.lessons
        p.text(
            p.fit(self.t("lessons.heading", name=name), theme.H1, 1300, True, data=True),
            60,
            30,
            theme.H1,
            p.palette.accent,
            bold=True,
        )
        count = sum(lesson.id in met for lesson in lessons)
        p.text(
            self.t("lessons.count", n=count, total=len(lessons)), 1860, 48, theme.BODY, p.palette.text, align="right"
        )
        y = 130
        for lesson in lessons[self.page * self.per_page : (self.page + 1) * self.per_page]:
            seen = lesson.id in met
            cite = self.ctx.library.cite(lesson.source)
            _, text_h = p.measure(lesson.text, theme.SMALL, wrap=1600)
            _, cite_h = p.measure(cite, theme.SMALL, wrap=1600)
            row_h = max(128, text_h + cite_h + 30)
            p.rect(60, y, 1800, row_h, p.palette.panel_hi if seen else p.palette.panel, radius=12)
            if seen:
                p.circle(130, y + 46, 26, p.palette.good)
                p.line(117, y + 46, 127, y + 58, p.palette.ink, 6)
                p.line(127, y + 58, 146, y + 34, p.palette.ink, 6)
            else:
                p.circle(130, y + 46, 26, p.palette.muted, width=4)
            status = self.t("lessons.met" if seen else "lessons.not_yet")
            p.text(status, 130, y + 82, theme.SMALL, p.palette.muted, align="center", wrap=180)
            h = p.text(lesson.text, 240, y + 10, theme.SMALL, p.palette.text if seen else p.palette.muted, wrap=1600)
            p.text(cite, 240, y + 14 + h, theme.SMALL, p.palette.accent, wrap=1600)
            y += row_h + 10
        self.draw_buttons(p)
