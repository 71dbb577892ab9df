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
CELL_H = 150


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
        t, s, play = self.t, self.totals, self.play
        heading = t("summary.heading", title=play.level.title)
        p.text(p.fit(heading, theme.H1, 1200, True), 60, 40, theme.H1, theme.ACCENT, bold=True)
        if self.message:  # what the export did, where the session code otherwise stands
            line_h = p.text(p.fit(self.message, theme.SMALL, 1800, data=True), 60, 124, theme.SMALL, theme.ACCENT)
        else:
            code = seedcode.encode(play.seed) if play.seed <= seedcode.MAX_SEED else play.seed
            line_h = p.text(p.fit(t("summary.seed", code=code), theme.SMALL, 1800), 60, 124, theme.SMALL, theme.MUTED)
        top = 124 + line_h + 12
        score_h = p.text(t("summary.score"), 290, top + 6, theme.H2, theme.MUTED, align="center")
        p.text(f"{s.score:+d}", 290, top + 6 + score_h, theme.HUGE, theme.ACCENT, bold=True, align="center")
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
            x, y = 580 + (i % 4) * 325, top + (i // 4) * (CELL_H + 10)
            p.rect(x, y, 305, CELL_H, theme.PANEL, radius=16)
            p.rect(x, y, 12, CELL_H, colour, radius=6)
            p.icon(CELL_ICONS[key], x + 36, y + 28, 13, colour)
            label_h = p.measure(t(key), theme.SMALL, wrap=280)[1]
            size = theme.H1  # a smaller figure when the words need two lines
            if p.measure(str(value), size, True)[1] + label_h > CELL_H - 8:
                size = theme.H2
            value_h = p.text(str(value), x + 160, y + 4, size, theme.TEXT, bold=True, align="center")
            p.text(t(key), x + 160, y + 4 + value_h, theme.SMALL, theme.MUTED, align="center", wrap=280)
        rule_y = top + 2 * CELL_H + 26
        rule_h = p.text(t("summary.rule"), 60, rule_y, theme.SMALL, theme.TEXT, wrap=1800)
        self._draw_charts(p, max(560, rule_y + rule_h + 20))
        self.draw_buttons(p)

    def _draw_charts(self, p: Painter, top: float) -> None:
        t, play, results = self.t, self.play, self.play.results
        names = {case.id: case.customer for case in play.level.cases}
        title_h = max(
            p.text(t("summary.chart"), 60, top, theme.BODY, theme.TEXT, bold=True, wrap=860),
            p.text(t("chart.spent"), 1000, top, theme.BODY, theme.TEXT, bold=True, wrap=860),
        )
        keys = [
            ("up", t("summary.told_good")),
            ("hollow", t("summary.silent")),
            ("down", t("summary.told_bad")),
            ("line", t("chart.running")),
        ]
        legend_y = top + title_h + 8
        chart_y = legend_y + charts.legend(p, 60, legend_y, 860, keys) + 16
        labels = [f"{i + 1} {names.get(r.case_id, '')}" for i, r in enumerate(results)]
        charts.word_of_mouth(p, 80, chart_y, 820, 935 - chart_y, results, labels)
        minutes = [r.minutes for r in results]
        money = [r.money for r in results]
        level = play.level
        rows = [
            (
                "clock",
                t("chart.minutes", used=sum(minutes), whole=level.shift_minutes, left=play.minutes_left),
                minutes,
                level.shift_minutes,
            ),
            ("coin", t("chart.money", used=sum(money), whole=level.budget, left=play.money_left), money, level.budget),
        ]
        charts.spending(p, 1000, top + title_h + 8, 860, rows)


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
