"""The debrief: case by case, what was chosen, what it brought, and the lesson with its source."""

from __future__ import annotations

from game.content.levels import lesson_for
from game.core.rules import Play, case_as_played
from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene

PER_PAGE = 3


class DebriefScene(Scene):
    name = "debrief"
    still = True
    primary = "next"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.page = 0
        self.focus = "next"

    @property
    def play(self) -> Play:
        """The session's finished play."""
        assert self.ctx.session is not None and self.ctx.session.play is not None
        return self.ctx.session.play

    @property
    def per_page(self) -> int:
        return PER_PAGE if self.ctx.settings.text_size == "normal" else 2

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.play.results) // self.per_page))

    def buttons(self) -> list[Button]:
        last = self.page == self.pages - 1
        label = self.t("debrief.next") if last else f"{self.t('debrief.more')} ({self.page + 1}/{self.pages})"
        return [Button("next", 1300, 960, 560, 90, label, "Enter")]

    def handle(self, action: str) -> None:
        if action in ("next", "confirm", "right", "down"):
            if self.page < self.pages - 1:
                self.page += 1
                return
            if action in ("next", "confirm"):
                self.ctx.go("summary")
        elif action in ("back", "left", "up") and self.page > 0:
            self.page -= 1

    def act(self, action: str) -> None:
        self.handle(action)  # arrows turn pages here rather than move focus

    def draw(self, p: Painter) -> None:
        t, lv = self.t, self.play.level
        p.text(t("debrief.heading", title=lv.title), 60, 40, theme.H1, p.palette.accent, bold=True)
        f = self.ctx.figures
        figures = t(
            "debrief.figures",
            good=f.ambassador_tells,
            bad=f.lost_tells,
            silent=f.silent_per_complaint,
            without=f.fix_satisfies,
            apology=f.fix_with_apology_satisfies,
            source=f.ambassador_tells.source,
        )
        # The figures sit at the foot beside the button, as high as their lines need; the rows
        # share what is left.
        footer_y = min(900.0, 1060 - p.measure(figures, theme.SMALL, wrap=1200)[1])
        p.text(figures, 60, footer_y, theme.SMALL, p.palette.muted, wrap=1200)
        height = (footer_y - 20 - 140) / self.per_page - 20
        start = self.page * self.per_page
        for row, r in enumerate(self.play.results[start : start + self.per_page]):
            case = case_as_played(self.play, r.case_id)
            y = 140 + row * (height + 20)
            p.rect(60, y, 1800, height, p.palette.panel, radius=16)
            mood = {"ambassador": "delighted", "satisfied": "relieved", "lost": "lost"}[r.outcome.value]
            p.face(140, y + 80, 50, mood, case.customer)
            yy = (
                y
                + 16
                + p.text(
                    p.fit(case.customer, theme.BODY, 900, True), 220, y + 16, theme.BODY, p.palette.text, bold=True
                )
            )
            extras = (t("debrief.asked") if r.asked else "") + (t("debrief.apologised") if r.apologised else "")
            extras += t("debrief.timed_out") if r.timed_out else ""
            choice = t(
                "debrief.choice",
                response=t(f"response.{r.response.value}"),
                extras=extras,
                outcome=t(f"outcome.{r.outcome.value}"),
            )
            yy += 4 + p.text(choice, 220, yy, theme.SMALL, p.palette.muted, wrap=1600)
            wom = t("debrief.wom", good=r.told_good, bad=r.told_bad, silent=r.silent)
            p.text(f"{wom}   ({r.score:+d})", 1830, y + 24, theme.SMALL, p.palette.accent, bold=True, align="right")
            lesson = lesson_for(lv, case, self.ctx.library)
            if lesson:
                yy += 6 + p.text(
                    t("debrief.lesson", text=lesson.text), 220, yy + 6, theme.SMALL, p.palette.text, wrap=1600
                )
                source = self.ctx.library.cite(lesson.source)
                p.text(t("debrief.source", source=source), 220, yy + 4, theme.SMALL, p.palette.muted, wrap=1600)
        self.draw_buttons(p)
