"""The level summary: the score, the totals, and where to go next."""

from __future__ import annotations

from game.core import seedcode
from game.core.rules import Play, Totals, totals
from game.render import charts, theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene

CELL_H = 150


class SummaryScene(Scene):
    name = "summary"
    still = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.primary = "next" if self.next_level else "again"
        self.focus = self.primary

    def enter(self) -> None:
        self.ctx.play_sound("shift_good" if self.totals.score > 0 else "shift_done")

    @property
    def play(self) -> Play:
        """The session's finished play."""
        assert self.ctx.session is not None and self.ctx.session.play is not None
        return self.ctx.session.play

    @property
    def totals(self) -> Totals:
        return totals(self.play)

    @property
    def next_level(self):
        levels = self.ctx.catalogue.levels
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
        session = self.ctx.session
        if session is None or session.saves_score:  # practice saves no score to report on
            out.append(Button("report", 900, 30, 380, 84, self.t("report.button")))
        if self.next_level:
            out.append(Button("next", 1180, 960, 680, 90, self.t("summary.next"), "Enter"))
        return out

    def handle(self, action: str) -> None:
        session = self.ctx.session
        if action in ("confirm", "next") and self.next_level:
            self.ctx.start_level(self.next_level)
        elif action in ("again", "confirm"):
            if session is not None and not session.saves_score:  # practice: the deck as it stands now
                if not self.ctx.start_practice():
                    self.ctx.go("title")
            else:
                self.ctx.start_level(self.play.level)
        elif action == "export":
            self.message = self.ctx.export_scores(picture=True)
        elif action == "report" and session is not None and session.saves_score:  # the player's: every level
            self.ctx.report(player=session.player_name)
        elif action in ("levels", "back"):
            self.ctx.go("level_select")

    def demo_actions(self) -> list[str]:
        return ["levels"]

    def draw(self, p: Painter) -> None:
        t, s, play = self.t, self.totals, self.play
        heading = t("summary.heading", title=play.level.title)
        p.text(p.fit(heading, theme.H1, 820, True), 60, 40, theme.H1, p.palette.accent, bold=True)
        if self.message:  # what the export did, where the session code otherwise stands
            line_h = p.text(p.fit(self.message, theme.SMALL, 1800, data=True), 60, 124, theme.SMALL, p.palette.accent)
        else:
            code = seedcode.encode(play.seed) if play.seed <= seedcode.MAX_SEED else play.seed
            line_h = p.text(
                p.fit(t("summary.seed", code=code), theme.SMALL, 1800), 60, 124, theme.SMALL, p.palette.muted
            )
        top = 124 + line_h + 12
        score_h = p.text(t("summary.score"), 290, top + 6, theme.H2, p.palette.muted, align="center")
        score_h += p.text(
            f"{s.score:+d}", 290, top + 6 + score_h, theme.HUGE, p.palette.accent, bold=True, align="center"
        )
        score_h += self._draw_yardstick(p, top + 6 + score_h)
        # The outcomes as cards; word of mouth, minutes and money are in the charts below.
        cells = [
            ("summary.ambassadors", s.ambassadors, p.palette.good, "star"),
            ("summary.satisfied", s.satisfied, p.palette.ok, "tick"),
            ("summary.lost", s.lost, p.palette.bad, "cross"),
        ]
        labels = [p.measure(t(key), theme.SMALL, wrap=360)[1] for key, _, _, _ in cells]
        cell_h = max(CELL_H, max(labels) + p.measure("0", theme.H1, True)[1] + 16)
        for i, (key, value, colour, icon) in enumerate(cells):
            x = 580 + i * 430
            p.rect(x, top, 410, cell_h, p.palette.panel, radius=16)
            p.rect(x, top, 12, cell_h, colour, radius=6)
            p.icon(icon, x + 44, top + 36, 18, colour)
            value_h = p.text(str(value), x + 210, top + 6, theme.H1, p.palette.text, bold=True, align="center")
            p.text(t(key), x + 210, top + 6 + value_h, theme.SMALL, p.palette.muted, align="center", wrap=360)
        rule_h = p.text(t("summary.rule"), 580, top + cell_h + 14, theme.SMALL, p.palette.text, wrap=1280)
        self._draw_charts(p, top + max(cell_h + 14 + rule_h, score_h) + 24)
        self.draw_buttons(p)

    def _draw_yardstick(self, p: Painter, y: float) -> float:
        """Where the score sits between the worst and the best the simulator finds on this level,
        with the player's own best; returns the height drawn (nothing for practice)."""
        session = self.ctx.session
        ys = self.ctx.yardstick(self.play.level) if session is not None and session.saves_score else None
        if ys is None:
            return 0.0
        score = self.totals.score
        marks = [(score, "score")]
        best = self.ctx.scores.best_scores(session.player_name).get(self.play.level.id)
        if best is not None:
            marks.insert(0, (best, "best"))
        ends = (self.t("summary.worst", score=f"{ys.worst:+d}"), self.t("summary.best", score=f"{ys.best:+d}"))
        h = charts.yardstick(p, 60, y, 460, ys.worst, ys.best, marks, ends)
        if best is not None:
            h += 4 + p.text(self.t("summary.own_best", score=f"{best:+d}"), 60, y + h + 4, theme.SMALL, p.palette.text)
        return h + 8

    def _draw_charts(self, p: Painter, top: float) -> None:
        t, play, results = self.t, self.play, self.play.results
        names = {case.id: case.customer for case in play.level.cases}
        title_h = max(
            p.text(t("summary.chart"), 60, top, theme.BODY, p.palette.text, bold=True, wrap=860),
            p.text(t("chart.spent"), 1000, top, theme.BODY, p.palette.text, bold=True, wrap=860),
        )
        s = self.totals
        keys = [
            ("up", f"{t('summary.told_good')}: {s.told_good}"),
            ("down", f"{t('summary.told_bad')}: {s.told_bad}"),
            ("hollow", f"{t('summary.silent')}: {s.silent}"),
            ("line", f"{t('chart.running')}: {s.score:+d}"),
        ]
        chart_y = top + title_h + 16
        labels = [f"{i + 1} {names.get(r.case_id, '')}" for i, r in enumerate(results)]
        beside = all(p.measure(words, theme.SMALL)[0] <= 330 - 52 for _, words in keys)
        if beside and not p.large:  # the keys beside the chart, each on one line
            charts.legend(p, 610, chart_y, 330, keys)
            charts.word_of_mouth(p, 70, chart_y, 520, 935 - chart_y, results, labels)
        else:  # large text or long words (Norwegian): the keys above it, two by two
            chart_y += charts.legend(p, 60, chart_y, 860, keys, columns=2) + 8
            charts.word_of_mouth(p, 70, chart_y, 830, 935 - chart_y, results, labels)
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
        y = top + title_h + 8
        y += charts.spending(p, 1000, y, 860, rows)
        # what each customer took, as far as room allows: the numbers in the bars, with names
        for i, r in enumerate(results):
            line = (
                f"{i + 1}  {names.get(r.case_id, '')}  ·  {t(f'response.{r.response.value}')}  ·  "
                f"{t('case.cost', minutes=r.minutes, money=r.money)}"
            )
            h = p.measure(line, theme.SMALL)[1]
            if y + h > 940:
                break
            y += p.text(p.fit(line, theme.SMALL, 860, data=True), 1000, y, theme.SMALL, p.palette.muted)
