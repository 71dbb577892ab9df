"""The title screen: the game's promise in one line, the figures behind it, and the ways in.

Enter plays alone; team sessions, practice, lessons, the leaderboard, settings and the language
are a click or an arrow away. Any problem met at start-up is shown here once.
"""

from __future__ import annotations

from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene

ROW1 = ("teams", "leaderboard", "settings", "quit")
ROW2 = ("practice", "lessons", "language")


class TitleScene(Scene):
    name = "title"
    still = True
    primary = "play"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.focus = "play"
        self.deck = len(app.store.practice_deck(app.settings.player))

    def buttons(self) -> list[Button]:
        t = self.t
        labels = {
            "teams": t("title.teams"),
            "leaderboard": t("title.leaderboard"),
            "settings": t("title.settings"),
            "quit": t("title.quit"),
            "practice": t("title.practice", n=self.deck),
            "lessons": t("title.lessons"),
            "language": t("title.language", language=t(f"settings.language.{self.app.settings.language}")),
        }
        out = [Button("play", 660, 560, 600, 110, t("title.play"), "Enter")]
        for i, action in enumerate(ROW1):
            out.append(Button(action, 125 + i * 430, 700, 400, 90, labels[action], "Esc" if action == "quit" else ""))
        for i, action in enumerate(ROW2):
            key = "F2" if action == "language" else ""
            out.append(
                Button(
                    action,
                    125 + i * 573,
                    815,
                    530,
                    90,
                    labels[action],
                    key,
                    enabled=action != "practice" or self.deck > 0,
                )
            )
        return out

    def handle(self, action: str) -> None:
        from game.scenes.leaderboard import LeaderboardScene
        from game.scenes.lessons import LessonsScene
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
        elif action == "lessons":
            self.app.switch(LessonsScene(self.app))
        elif action == "practice":
            self.app.start_practice()
        elif action == "language":
            self.app.cycle_language()
        elif action in ("quit", "back"):
            self.app.quit()

    def demo_actions(self) -> list[str]:
        return ["teams"] if self.app.demo_teams else ["play"]

    def draw(self, p: Painter) -> None:
        f = self.app.figures
        p.text(self.t("app.title"), 960, 90, theme.HUGE, theme.ACCENT, bold=True, align="center")
        p.text(self.t("app.tagline"), 960, 262, theme.H2, theme.TEXT, align="center", wrap=1700)
        for i in range(9):
            p.person(728 + i * 58, 380, 44, theme.GOOD)
        teaser = self.t(
            "app.teaser",
            good=int(f.ambassador_tells.value),
            bad=int(f.lost_tells.value),
            silent=int(f.silent_per_complaint.value),
        )
        p.text(teaser, 960, 432, theme.BODY, theme.MUTED, wrap=1500, align="center")
        self.draw_buttons(p)
        y = 925
        notes = list(self.app.notices)
        if self.app.catalogue.errors:
            notes.append(self.t("title.broken", n=len({e.path for e in self.app.catalogue.errors})))
        for note in notes[:3]:
            y += 4 + p.text(p.fit(note, theme.SMALL, 1800), 960, y, theme.SMALL, theme.BAD, align="center")
