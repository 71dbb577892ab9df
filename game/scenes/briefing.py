"""The briefing: the story of the level, its limits and its sources, before the shift starts."""

from __future__ import annotations

from game.core.model import Level
from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene


class BriefingScene(Scene):
    name = "briefing"
    still = True
    primary = "start"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.focus = "start"

    @property
    def level(self) -> Level | None:
        """The level of the session being briefed."""
        return self.ctx.session.level if self.ctx.session else None

    def buttons(self) -> list[Button]:
        return [
            Button("start", 1360, 940, 480, 96, self.t("briefing.start"), "Enter"),
            Button("back", 80, 948, 300, 80, self.t("briefing.back"), "Esc"),
        ]

    def handle(self, action: str) -> None:
        session = self.ctx.session
        if session is None:  # nothing to brief (the session was ended elsewhere)
            self.ctx.go("title")
        elif action in ("start", "confirm"):
            session.begin()
            self.ctx.go("case")
        elif action == "back":
            if session.teams is None:
                self.ctx.go("level_select")
            elif session.teams.turns:
                self.ctx.go("scoreboard")
            else:
                self.ctx.end_session()
                self.ctx.go("team_setup")

    def demo_actions(self) -> list[str]:
        return ["start"]

    def draw(self, p: Painter) -> None:
        session = self.ctx.session
        if session is None:
            return
        lv = session.level
        teams = session.teams
        if teams and teams.current:
            team = teams.current
            p.rect(0, 0, 1920, 70, p.palette.panel_hi)
            p.badge(150, 35, 22, team.badge)
            turn = self.t(
                "briefing.turn",
                team=p.fit(team.name, theme.BODY, 1000, data=True),
                n=len(teams.turns) + 1,
                total=len(teams.teams),
            )
            p.text(turn, 190, 14, theme.BODY, p.palette.text, bold=True)
        p.text(lv.title, 120, 80, theme.TITLE, p.palette.accent, bold=True)
        y = 200 + p.text(lv.briefing, 120, 200, theme.BODY, p.palette.text, wrap=1680)
        limits = self.t("briefing.limits", minutes=lv.shift_minutes, money=lv.budget, seconds=lv.decision_seconds)
        p.rect(120, y + 40, 1680, 90, p.palette.panel, radius=14)
        p.text(limits, 960, y + 64, theme.BODY, p.palette.accent, align="center")
        if lv.sources:  # their titles, in the player's language; a level may name none
            cited = ", ".join(self.ctx.library.cite(s) for s in lv.sources)
            p.text(self.t("briefing.sources", sources=cited), 120, y + 170, theme.SMALL, p.palette.muted, wrap=1680)
        self.draw_buttons(p)
