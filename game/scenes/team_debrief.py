"""The room's debrief: one case at a time, what every team chose and what it brought, side by
side, so the facilitator can start from the differences. Left/Right turn the cases."""

from __future__ import annotations

from game.content.levels import lesson_for
from game.core.rules import case_as_played
from game.core.teams import TeamSession
from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene


class TeamDebriefScene(Scene):
    name = "team_debrief"
    still = True
    primary = "next"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.page = 0
        self.focus = "next"

    @property
    def teams(self) -> TeamSession:
        assert self.ctx.session is not None and self.ctx.session.teams is not None
        return self.ctx.session.teams

    @property
    def rows(self):
        return self.teams.by_case()

    def buttons(self) -> list[Button]:
        last = self.page >= len(self.rows) - 1
        return [
            Button("next", 1360, 960, 500, 90, self.t("tdebrief.done" if last else "tdebrief.next"), "Enter"),
            Button("prev", 60, 960, 420, 90, self.t("tdebrief.prev"), "Esc", enabled=self.page > 0),
        ]

    def act(self, action: str) -> None:
        self.handle({"right": "next", "left": "prev", "back": "prev" if self.page else "done"}.get(action, action))

    def handle(self, action: str) -> None:
        if action in ("next", "confirm"):
            if self.page < len(self.rows) - 1:
                self.page += 1
                return
            action = "done"
        if action == "prev" and self.page > 0:
            self.page -= 1
        elif action == "done":
            self.ctx.go("podium", debriefed=True)

    def demo_actions(self) -> list[str]:
        return ["next"]

    def draw(self, p: Painter) -> None:
        t, s = self.t, self.teams
        case_id, entries = self.rows[self.page]
        case = next(c for c in s.level.cases if c.id == case_id)
        p.text(
            t("tdebrief.heading", n=self.page + 1, total=len(self.rows), name=case.customer),
            60,
            30,
            theme.H1,
            p.palette.accent,
            bold=True,
        )
        p.text(case.situation, 60, 110, theme.BODY, p.palette.text, wrap=1800)
        turns = {turn.team: turn for turn in s.turns}
        n = max(len(entries), 1)
        gap = 16
        w = (1800 - gap * (n - 1)) / n
        for i, (team, r) in enumerate(entries):
            x, y = 60 + i * (w + gap), 240
            p.rect(x, y, w, 500, p.palette.panel, radius=14)
            p.badge(x + 40, y + 40, 22, team.badge)
            size = theme.BODY if w > 300 else theme.SMALL
            p.text(p.fit(team.name, size, w - 90, True, data=True), x + 76, y + 20, size, p.palette.text, bold=True)
            choice = case_as_played(turns[team].play, case_id).choices[r.response]
            yy = y + 90
            yy += 8 + p.text(t(f"response.{r.response.value}"), x + 24, yy, theme.H2, p.palette.accent, bold=True)
            yy += 8 + p.text(choice.label, x + 24, yy, theme.SMALL, p.palette.text, wrap=w - 48)
            marks = [
                t("tdebrief.asked_yes" if r.asked else "tdebrief.asked_no"),
                t("tdebrief.sorry_yes" if r.apologised else "tdebrief.sorry_no"),
            ]
            if r.timed_out:
                marks.append(t("tdebrief.waited"))
            for m in marks:
                yy += 4 + p.text(m, x + 24, yy, theme.SMALL, p.palette.muted, wrap=w - 48)
            p.text(
                t(f"outcome.{r.outcome.value}"),
                x + 24,
                y + 380,
                theme.SMALL,
                p.palette.outcome(r.outcome),
                bold=True,
                wrap=w - 48,
            )
            p.text(f"{r.score:+d}", x + 24, y + 430, theme.H2, p.palette.accent, bold=True)
        lesson = lesson_for(s.level, case, self.ctx.library)
        if lesson:
            h = p.text(t("debrief.lesson", text=lesson.text), 60, 770, theme.SMALL, p.palette.text, wrap=1800)
            cited = self.ctx.library.cite(lesson.source)
            if cited:  # a trainer's own lesson may cite nothing
                p.text(t("debrief.source", source=cited), 60, 776 + h, theme.SMALL, p.palette.muted, wrap=1800)
        self.draw_buttons(p)
