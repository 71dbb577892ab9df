"""The title screen: the game's promise in one line, and the figures behind it. Enter plays."""

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
        return [
            Button("play", 760, 680, 400, 96, self.t("title.play"), "Enter"),
            Button("quit", 760, 810, 400, 84, self.t("title.quit"), "Esc"),
        ]

    def handle(self, action: str) -> None:
        from game.scenes.level_select import LevelSelectScene

        if action in ("play", "confirm"):
            self.app.switch(LevelSelectScene(self.app))
        elif action in ("quit", "back"):
            self.app.quit()

    def demo_actions(self) -> list[str]:
        return ["play"]

    def draw(self, p: Painter) -> None:
        f = self.app.figures
        p.text(self.t("app.title"), 960, 170, theme.HUGE, theme.ACCENT, bold=True, align="center")
        p.text(self.t("app.tagline"), 960, 330, theme.H2, theme.TEXT, align="center")
        for i in range(9):
            p.person(700 + i * 58, 470, 44, theme.GOOD)
        p.text(
            self.t(
                "app.teaser",
                good=int(f.ambassador_tells.value),
                bad=int(f.lost_tells.value),
                silent=int(f.silent_per_complaint.value),
            ),
            960,
            530,
            theme.BODY,
            theme.MUTED,
            wrap=1400,
            align="center",
        )
        self.draw_buttons(p)
        if self.app.catalogue.errors:
            files = {e.path for e in self.app.catalogue.errors}
            p.text(self.t("title.broken", n=len(files)), 960, 960, theme.SMALL, theme.BAD, align="center")
