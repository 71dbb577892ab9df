"""The title screen: the game's promise in one line, the figures behind it, and the ways in.

Enter plays alone; the team session, leaderboard and settings are a click or an arrow away.
Any problem met at start-up (a damaged settings or score file) is shown here once.
"""

from __future__ import annotations

from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene


class TitleScene(Scene):
    name = "title"
    primary = "play"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.focus = "play"

    def buttons(self) -> list[Button]:
        row = [("teams", "title.teams"), ("leaderboard", "title.leaderboard"), ("settings", "title.settings")]
        out = [Button("play", 660, 590, 600, 110, self.t("title.play"), "Enter")]
        for i, (action, key) in enumerate(row):
            out.append(Button(action, 165 + i * 410, 740, 380, 90, self.t(key)))
        out.append(Button("quit", 1395, 740, 360, 90, self.t("title.quit"), "Esc"))
        return out

    def handle(self, action: str) -> None:
        from game.scenes.leaderboard import LeaderboardScene
        from game.scenes.level_select import LevelSelectScene
        from game.scenes.settings import SettingsScene
        from game.scenes.team_setup import TeamSetupScene

        self.app.team_session = None
        if action in ("play", "confirm"):
            self.app.switch(LevelSelectScene(self.app))
        elif action == "teams":
            self.app.switch(TeamSetupScene(self.app))
        elif action == "leaderboard":
            self.app.switch(LeaderboardScene(self.app))
        elif action == "settings":
            self.app.switch(SettingsScene(self.app))
        elif action in ("quit", "back"):
            self.app.quit()

    def demo_actions(self) -> list[str]:
        return ["teams"] if self.app.demo_teams else ["play"]

    def draw(self, p: Painter) -> None:
        f = self.app.figures
        p.text(self.t("app.title"), 960, 110, theme.HUGE, theme.ACCENT, bold=True, align="center")
        p.text(self.t("app.tagline"), 960, 270, theme.H2, theme.TEXT, align="center", wrap=1700)
        for i in range(9):
            p.person(728 + i * 58, 400, 44, theme.GOOD)
        teaser = self.t(
            "app.teaser",
            good=int(f.ambassador_tells.value),
            bad=int(f.lost_tells.value),
            silent=int(f.silent_per_complaint.value),
        )
        p.text(teaser, 960, 460, theme.BODY, theme.MUTED, wrap=1500, align="center")
        self.draw_buttons(p)
        y = 870
        notes = list(self.app.notices)
        if self.app.catalogue.errors:
            notes.append(self.t("title.broken", n=len({e.path for e in self.app.catalogue.errors})))
        for note in notes[:3]:
            y += 6 + p.text(note, 960, y, theme.SMALL, theme.BAD, align="center", wrap=1760)
