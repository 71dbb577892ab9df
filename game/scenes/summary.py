"""The level summary: the score, the totals, and where to go next."""

from __future__ import annotations

import time

import pygame

from game.core import seedcode
from game.core.practice import PRACTICE_ID
from game.core.rules import Play, totals
from game.render import charts, theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene

CELL_ICONS = {
    "summary.ambassadors": "star",
    "summary.satisfied": "tick",
    "summary.lost": "cross",
    "summary.told_good": "person",
    "summary.told_bad": "person",
    "summary.silent": "silent",
    "summary.minutes_left": "clock",
    "summary.money_left": "coin",
}


class SummaryScene(Scene):
    name = "summary"

    def __init__(self, app, play: Play) -> None:
        super().__init__(app)
        self.play = play
        self.totals = totals(play)
        self.primary = "next" if self.next_level else "again"
        self.focus = self.primary

    @property
    def next_level(self):
        levels = self.app.catalogue.levels
        ids = [lv.id for lv in levels]
        if self.play.level.id in ids:
            i = ids.index(self.play.level.id)
            if i + 1 < len(levels):
                return levels[i + 1]
        return None

    def buttons(self) -> list[Button]:
        out = [
            Button("levels", 60, 960, 520, 90, self.t("summary.levels"), "Esc"),
            Button("export", 1300, 30, 560, 84, self.t("summary.export")),
            Button("again", 620, 960, 520, 90, self.t("summary.again")),
        ]
        if self.next_level:
            out.append(Button("next", 1180, 960, 680, 90, self.t("summary.next"), "Enter"))
        return out

    def handle(self, action: str) -> None:
        if action in ("confirm", "next") and self.next_level:
            self.app.start_level(self.next_level)
        elif action in ("again", "confirm"):
            if self.play.level.id == PRACTICE_ID:
                if not self.app.start_practice():
                    from game.scenes.title import TitleScene

                    self.app.switch(TitleScene(self.app))
            else:
                self.app.start_level(self.play.level)
        elif action == "export":
            self.message = export_scores(self)
        elif action in ("levels", "back"):
            from game.scenes.level_select import LevelSelectScene

            self.app.switch(LevelSelectScene(self.app))

    def demo_actions(self) -> list[str]:
        return ["levels"]

    def draw(self, p: Painter) -> None:
        t, s = self.t, self.totals
        heading = t("summary.heading", title=self.play.level.title)
        p.text(p.fit(heading, theme.H1, 1200, True), 60, 40, theme.H1, theme.ACCENT, bold=True)
        p.text(t("summary.score"), 340, 170, theme.H2, theme.MUTED, align="center")
        p.text(f"{s.score:+d}", 340, 230, theme.HUGE, theme.ACCENT, bold=True, align="center")
        p.text(t("summary.chart"), 60, 400, theme.SMALL, theme.MUTED, wrap=560)
        charts.word_of_mouth(p, 80, 450, 520, 200, self.play.results)
        cells = [
            ("summary.ambassadors", s.ambassadors, theme.GOOD),
            ("summary.satisfied", s.satisfied, theme.OK),
            ("summary.lost", s.lost, theme.BAD),
            ("summary.told_good", s.told_good, theme.GOOD),
            ("summary.told_bad", s.told_bad, theme.BAD),
            ("summary.silent", s.silent, theme.SILENT),
            ("summary.minutes_left", s.minutes_left, theme.TIME),
            ("summary.money_left", t("summary.money", money=s.money_left), theme.MONEY),
        ]
        for i, (key, value, colour) in enumerate(cells):
            x, y = 680 + (i % 4) * 300, 150 + (i // 4) * 250
            p.rect(x, y, 280, 230, theme.PANEL, radius=16)
            p.rect(x, y, 12, 230, colour, radius=6)
            p.icon(CELL_ICONS[key], x + 36, y + 28, 13, colour)
            p.text(str(value), x + 150, y + 24, theme.H1, theme.TEXT, bold=True, align="center")
            p.text(t(key), x + 150, y + 110, theme.SMALL, theme.MUTED, align="center", wrap=250)
        p.text(t("summary.rule"), 60, 690, theme.SMALL, theme.TEXT, wrap=1800)
        p.text(
            t(
                "summary.seed",
                code=seedcode.encode(self.play.seed) if self.play.seed <= seedcode.MAX_SEED else self.play.seed,
            ),
            60,
            790,
            theme.SMALL,
            theme.MUTED,
            wrap=1800,
        )
        if self.message:
            p.text(self.message, 60, 860, theme.SMALL, theme.ACCENT, wrap=1800)
        self.draw_buttons(p)


def export_scores(scene: Scene) -> str:
    """Write every saved score as CSV beside the database; returns what to tell the player."""
    folder = scene.app.data_dir / "exports"
    target = folder / f"scores-{time.strftime('%Y%m%d-%H%M%S')}.csv"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        scene.app.store.export_csv(target)
        if isinstance(scene, SummaryScene):  # the summary, charts and all, as a picture beside it
            picture = target.with_name(f"summary-{time.strftime('%Y%m%d-%H%M%S')}.png")
            pygame.image.save(scene.app.window, str(picture))
            return scene.t("summary.exported_png", path=target, picture=picture.name)
    except (OSError, pygame.error) as exc:
        return scene.t("summary.export_failed", path=target, error=getattr(exc, "strerror", None) or exc)
    return scene.t("summary.exported", path=target)
