"""The briefing: the story of the level, its limits and its sources, before the shift starts."""

from __future__ import annotations

from game.core.model import Level
from game.core.rules import new_play
from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene


class BriefingScene(Scene):
    name = "briefing"
    still = True
    primary = "start"

    def __init__(self, app, level: Level) -> None:
        super().__init__(app)
        self.level = level
        self.focus = "start"

    def buttons(self) -> list[Button]:
        return [
            Button("start", 1360, 940, 480, 96, self.t("briefing.start"), "Enter"),
            Button("back", 80, 948, 300, 80, self.t("briefing.back"), "Esc"),
        ]

    def handle(self, action: str) -> None:
        from game.scenes.case import CaseScene
        from game.scenes.level_select import LevelSelectScene

        if action in ("start", "confirm"):
            self.app.switch(CaseScene(self.app, new_play(self.level, self.app.figures, self.app.seed)))
        elif action == "back":
            session = self.app.team_session
            if session is None:
                self.app.switch(LevelSelectScene(self.app))
            elif session.turns:
                from game.scenes.scoreboard import ScoreboardScene

                self.app.switch(ScoreboardScene(self.app))
            else:
                from game.scenes.team_setup import TeamSetupScene

                self.app.team_session = None
                self.app.switch(TeamSetupScene(self.app))

    def demo_actions(self) -> list[str]:
        return ["start"]

    def draw(self, p: Painter) -> None:
        lv = self.level
        session = self.app.team_session
        if session and session.current:
            team = session.current
            p.rect(0, 0, 1920, 70, theme.PANEL_HI)
            p.badge(150, 35, 22, team.badge)
            turn = self.t(
                "briefing.turn",
                team=p.fit(team.name, theme.BODY, 1000, data=True),
                n=len(session.turns) + 1,
                total=len(session.teams),
            )
            p.text(turn, 190, 14, theme.BODY, theme.TEXT, bold=True)
        p.text(lv.title, 120, 80, theme.TITLE, theme.ACCENT, bold=True)
        y = 200 + p.text(lv.briefing, 120, 200, theme.BODY, theme.TEXT, wrap=1680)
        limits = self.t("briefing.limits", minutes=lv.shift_minutes, money=lv.budget, seconds=lv.decision_seconds)
        p.rect(120, y + 40, 1680, 90, theme.PANEL, radius=14)
        p.text(limits, 960, y + 64, theme.BODY, theme.ACCENT, align="center")
        p.text(
            self.t("briefing.sources", sources=", ".join(lv.sources)), 120, y + 170, theme.SMALL, theme.MUTED, wrap=1680
        )
        self.draw_buttons(p)
