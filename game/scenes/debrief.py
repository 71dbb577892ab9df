"""The debrief: case by case, what was chosen, what it brought, and the lesson with its source."""

from __future__ import annotations

from game.content.levels import lesson_for
from game.core.model import Case
from game.core.rules import CaseResult, Play, case_as_played
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
    def fit(self) -> int:
        """Rows a page holds: as set by the text size, fewer when the last drawing found them too tall."""
        return min(self.per_page, getattr(self, "_fit", self.per_page))

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.play.results) // self.fit))

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

    def _row(self, r: CaseResult) -> tuple[CaseResult, Case, str, str, str]:
        """What one customer's row says: the case as met, the choice, the lesson and its source."""
        t = self.t
        case = case_as_played(self.play, r.case_id)
        marks = [
            t(key).strip(" ,") for key, on in (("debrief.asked", r.asked), ("debrief.apologised", r.apologised)) if on
        ]
        extras = "".join(f", {m}" for m in marks) + (f" {t('debrief.timed_out').strip()}" if r.timed_out else "")
        choice = t(
            "debrief.choice",
            response=t(f"response.{r.response.value}"),
            extras=extras,
            outcome=t(f"outcome.{r.outcome.value}"),
        )
        lesson = lesson_for(self.play.level, case, self.ctx.library)
        if lesson is None:
            return r, case, choice, "", ""
        cited = self.ctx.library.cite(lesson.source)
        source = t("debrief.source", source=cited) if cited else ""  # a trainer's lesson may cite nothing
        return r, case, choice, t("debrief.lesson", text=lesson.text), source

    def _row_height(self, p: Painter, row: tuple[CaseResult, Case, str, str, str]) -> float:
        _, case, choice, lesson, source = row
        h = 16 + p.measure(case.customer, theme.BODY, True)[1] + 4 + p.measure(choice, theme.SMALL, wrap=1600)[1]
        if lesson:
            h += 6 + p.measure(lesson, theme.SMALL, wrap=1600)[1]
            h += 4 + p.measure(source, theme.SMALL, wrap=1600)[1] if source else 0
        return max(h + 16, 170.0)  # never less than the face needs

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
            source=self.ctx.library.cite_figure(f.ambassador_tells),
        )
        # The figures sit at the foot beside the button, as high as their lines need; the rows
        # share what is left, as many to a page as fit whole (fewer in a small window or a long
        # translation, where text takes more room).
        footer_y = min(900.0, 1060 - p.measure(figures, theme.SMALL, wrap=1200)[1])
        p.text(figures, 60, footer_y, theme.SMALL, p.palette.muted, wrap=1200)
        rows = [self._row(r) for r in self.play.results]
        need = max((self._row_height(p, row) for row in rows), default=0.0)
        room = footer_y - 20 - 140
        self._fit = max(1, min(self.per_page, int((room + 20) // (need + 20)) if need else self.per_page))
        self.page = min(self.page, self.pages - 1)
        height = (room + 20) / self.fit - 20
        start = self.page * self.fit
        for i, (r, case, choice, lesson, source) in enumerate(rows[start : start + self.fit]):
            y = 140 + i * (height + 20)
            p.rect(60, y, 1800, height, p.palette.panel, radius=16)
            mood = {"ambassador": "delighted", "satisfied": "relieved", "lost": "lost"}[r.outcome.value]
            p.face(140, y + 80, 50, mood, case.customer)
            name = p.fit(case.customer, theme.BODY, 900, True, data=True)
            yy = y + 16 + p.text(name, 220, y + 16, theme.BODY, p.palette.text, bold=True)
            yy += 4 + p.text(choice, 220, yy, theme.SMALL, p.palette.muted, wrap=1600)
            wom = t("debrief.wom", good=r.told_good, bad=r.told_bad, silent=r.silent)
            p.text(f"{wom}   ({r.score:+d})", 1830, y + 24, theme.SMALL, p.palette.accent, bold=True, align="right")
            if lesson:
                yy += 6 + p.text(lesson, 220, yy + 6, theme.SMALL, p.palette.text, wrap=1600)
                p.text(source, 220, yy + 4, theme.SMALL, p.palette.muted, wrap=1600)
        self.draw_buttons(p)
