"""The title screen: the game's promise in one line, the figures behind it, and the ways in.

Enter plays alone; team sessions, practice, lessons, the leaderboard, settings and the language
are a click or an arrow away. Any problem met at start-up is shown here once.
"""

from __future__ import annotations

from game import __version__
from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene

ROW1 = ("teams", "room", "leaderboard", "settings")
ROW2 = ("practice", "lessons", "language", "quit")
ROW2_WIDTHS = (440, 330, 560, 330)  # the language's name needs the room


class TitleScene(Scene):
    name = "title"
    still = True
    primary = "play"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.focus = "play"
        self.deck = 0

    def enter(self) -> None:
        self.ctx.end_session()  # the title is outside every session
        deck = self.ctx.practice_deck()
        self.deck = len(deck.cases) if deck else 0

    def buttons(self) -> list[Button]:
        t = self.t
        labels = {
            "teams": t("title.teams"),
            "room": t("title.room"),
            "leaderboard": t("title.leaderboard"),
            "settings": t("title.settings"),
            "quit": t("title.quit"),
            "practice": t("title.practice", n=self.deck),
            "lessons": t("title.lessons"),
            "language": t("title.language", language=t(f"settings.language.{self.ctx.settings.language}")),
        }
        out = [Button("play", 660, 560, 600, 110, t("title.play"), "Enter")]
        for i, action in enumerate(ROW1):
            out.append(Button(action, 125 + i * 430, 700, 400, 90, labels[action]))
        x = 85
        for action, width in zip(ROW2, ROW2_WIDTHS, strict=True):
            key = "F2" if action == "language" else ""
            x += width + 30
            out.append(
                Button(
                    action,
                    x - width - 30,
                    815,
                    width,
                    90,
                    labels[action],
                    key,
                    enabled=action != "practice" or self.deck > 0,
                )
            )
        return out

    def act(self, action: str) -> None:
        """Esc asks before quitting (everywhere else it means back); a second Esc quits."""
        if action == "back":
            if self.message:
                self.ctx.quit()
            else:
                self.message = self.t("title.quit_confirm")
                self.focus = "play"
            return
        self.message = ""
        super().act(action)

    def handle(self, action: str) -> None:
        screens = {"play": "level_select", "confirm": "level_select", "teams": "team_setup", "room": "room_setup"}
        screens.update({name: name for name in ("leaderboard", "settings", "lessons")})
        if action in screens:
            self.ctx.go(screens[action])
        elif action == "practice":
            self.ctx.start_practice()
        elif action == "language":
            self.ctx.cycle_language()
        elif action == "quit":
            self.ctx.quit()

    def demo_actions(self) -> list[str]:
        return ["teams"] if self.ctx.demo.teams else ["play"]

    def draw(self, p: Painter) -> None:
        f = self.ctx.figures
        p.text(self.t("app.title"), 960, 90, theme.HUGE, p.palette.accent, bold=True, align="center")
        # the version, to quote when asking for help, in the corner
        p.text(f"v{__version__}", 1890, 24, theme.SMALL, p.palette.muted, align="right")
        p.text(self.t("app.tagline"), 960, 262, theme.H2, p.palette.text, align="center", wrap=1700)
        told = max(int(f.ambassador_tells.value), 0)  # one person for each told, as the figures say
        step = min(58.0, 1600 / max(told, 1))
        for i in range(told):
            p.person(960 + (i - (told - 1) / 2) * step, 380, min(44.0, step * 0.76), p.palette.good)
        teaser = self.t(
            "app.teaser",
            good=int(f.ambassador_tells.value),
            bad=int(f.lost_tells.value),
            silent=int(f.silent_per_complaint.value),
        )
        p.text(teaser, 960, 432, theme.BODY, p.palette.muted, wrap=1500, align="center")
        self.draw_buttons(p)
        y = 925
        if self.message:  # asking before quitting
            y += 4 + p.text(
                p.fit(self.message, theme.BODY, 1800), 960, y, theme.BODY, p.palette.accent, bold=True, align="center"
            )
        notes = list(self.ctx.notices)
        catalogue = self.ctx.catalogue
        if catalogue.count("left_out"):
            notes.append(self.t("title.broken", n=catalogue.count("left_out")))
        if catalogue.count("in_english"):
            notes.append(self.t("title.in_english", n=catalogue.count("in_english")))
        for note in notes[:3]:
            y += 4 + p.text(p.fit(note, theme.SMALL, 1800), 960, y, theme.SMALL, p.palette.bad, align="center")
