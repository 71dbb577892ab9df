"""Between turns, the standings and who plays next; after the last team, the podium and the full
ranking. Readable from the back of a room: few rows, big type, badges beside every name."""

from __future__ import annotations

from game.content.strings import Strings
from game.core import seedcode
from game.core.rules import running_scores
from game.core.teams import TeamSession
from game.core.yardstick import Yardstick
from game.render import charts, theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene

RANGE_X, RANGE_W = 1260, 350  # the column that shows where each score sits, worst to best


def draw_ranking(
    p: Painter, t: Strings, session: TeamSession, top: float, rows: int = 8, ys: Yardstick | None = None
) -> None:
    """The ranking table: place, badge, name, ambassadors, lost customers, where the score sits
    between the worst and the best the simulator finds (`ys`), and the score."""
    cols = [
        (300, "ranking.team", "left"),
        (1040, "ranking.ambassadors", "right"),
        (1220, "ranking.lost", "right"),
        (1760, "ranking.score", "right"),
    ]
    for x, key, align in cols:
        p.text(t(key), x, top, theme.SMALL, p.palette.muted, align=align)
    if ys is not None:  # the scale's ends above its column: "-126  worst to best  +18"
        p.text(f"{ys.worst:+d}", RANGE_X, top, theme.SMALL, p.palette.muted)
        p.text(f"{ys.best:+d}", RANGE_X + RANGE_W, top, theme.SMALL, p.palette.muted, align="right")
        words = t("ranking.range")
        ends_w = p.measure(f"{ys.worst:+d}", theme.SMALL)[0] + p.measure(f"{ys.best:+d}", theme.SMALL)[0]
        if p.measure(words, theme.SMALL)[0] <= RANGE_W - ends_w - 30:  # else the numbers say it alone
            p.text(words, RANGE_X + RANGE_W / 2, top, theme.SMALL, p.palette.muted, align="center")
    y = top + 48
    for place, turn in session.places()[:rows]:
        tot = turn.totals
        p.rect(160, y - 6, 1620, 62, p.palette.panel, radius=10)
        p.text(f"{place}.", 230, y, theme.BODY, p.palette.accent, bold=True, align="right")
        p.badge(270, y + 24, 20, turn.team.badge)
        p.text(p.fit(turn.team.name, theme.BODY, 540, True, data=True), 300, y, theme.BODY, p.palette.text, bold=True)
        p.text(str(tot.ambassadors), 1040, y, theme.BODY, p.palette.good, align="right")
        p.text(str(tot.lost), 1220, y, theme.BODY, p.palette.bad, align="right")
        if ys is not None:
            charts.yardstick(p, RANGE_X, y - 14, RANGE_W, ys.worst, ys.best, [(tot.score, f"badge:{turn.team.badge}")])
        p.text(f"{tot.score:+d}", 1760, y, theme.BODY, p.palette.accent, bold=True, align="right")
        y += 72


class ScoreboardScene(Scene):
    name = "scoreboard"
    still = True
    primary = "next"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.focus = "next"

    @property
    def teams(self) -> TeamSession:
        assert self.ctx.session is not None and self.ctx.session.teams is not None
        return self.ctx.session.teams

    def buttons(self) -> list[Button]:
        nxt = self.teams.current
        label = self.t("scoreboard.next", team=nxt.name if nxt else "")
        return [
            Button("next", 1160, 950, 700, 100, label, "Enter"),
            Button("leave", 60, 960, 420, 80, self.t("scoreboard.leave")),
        ]

    def handle(self, action: str) -> None:
        if action in ("next", "confirm"):
            self.ctx.go("briefing")  # the next team's turn
        elif action == "leave":
            self.ctx.end_session()
            self.ctx.go("title")

    def demo_actions(self) -> list[str]:
        return ["next"]

    def draw(self, p: Painter) -> None:
        s = self.teams
        p.text(self.t("scoreboard.heading", title=s.level.title), 60, 40, theme.H1, p.palette.accent, bold=True)
        p.text(
            self.t("scoreboard.progress", done=len(s.turns), total=len(s.teams), code=seedcode.encode(s.seed)),
            60,
            120,
            theme.BODY,
            p.palette.muted,
        )
        draw_ranking(p, self.t, s, 200, ys=self.ctx.yardstick(s.level))
        places = s.places()
        top = 200 + 48 + min(len(places), 8) * 72 + 24
        if 930 - top >= 260:  # room under the table: the teams so far, customer by customer
            title_h = p.text(self.t("podium.chart"), 160, top, theme.BODY, p.palette.text, bold=True)
            series = [(turn.team.badge, running_scores(turn.play.results)) for _, turn in places]
            charts.race(
                p,
                180,
                top + title_h + 16,
                1580,
                930 - top - title_h - 16,
                series,
                len(s.level.cases),
                self.t("chart.customers"),
            )
        nxt = s.current
        if nxt:
            p.badge(1110, 1000, 26, nxt.badge)
        self.draw_buttons(p)


class PodiumScene(Scene):
    name = "podium"
    still = True
    primary = "debrief"

    def __init__(self, ctx, debriefed: bool = False) -> None:
        super().__init__(ctx)
        self.debriefed = debriefed
        self.focus = "debrief"

    @property
    def teams(self) -> TeamSession:
        assert self.ctx.session is not None and self.ctx.session.teams is not None
        return self.ctx.session.teams

    def buttons(self) -> list[Button]:
        return [
            Button("debrief", 1080, 960, 780, 90, self.t("podium.debrief"), "Enter"),
            Button("leaderboard", 630, 960, 420, 90, self.t("title.leaderboard")),
            Button("title", 60, 960, 540, 90, self.t("podium.title"), "Esc"),
            Button("report", 60, 30, 360, 72, self.t("report.button")),
        ]

    def handle(self, action: str) -> None:
        if action in ("debrief", "confirm"):
            self.ctx.go("team_debrief")
        elif action == "leaderboard":
            self.ctx.go("leaderboard", tab="session")
        elif action == "report":  # the room's report: this session's code, this level
            s = self.teams
            code = seedcode.encode(s.seed) if s.seed <= seedcode.MAX_SEED else str(s.seed)
            self.ctx.report(session=code, level=s.level.id)
        elif action in ("title", "back"):
            self.ctx.end_session()
            self.ctx.go("title")

    def demo_actions(self) -> list[str]:
        return ["title"] if self.debriefed else ["debrief"]

    def draw(self, p: Painter) -> None:
        s = self.teams
        p.text(
            self.t("podium.heading", title=s.level.title),
            960,
            30,
            theme.H1,
            p.palette.accent,
            bold=True,
            align="center",
        )
        p.text(
            self.t("podium.code", code=seedcode.encode(s.seed)), 1860, 44, theme.SMALL, p.palette.muted, align="right"
        )
        places = s.places()
        # 2nd on the left, 1st in the middle and highest, 3rd on the right; the chart beside them
        blocks = [(1, 210, 290), (0, 510, 480), (2, 810, 290)]  # the winner's name may be wider
        heights = {1: 260, 2: 190, 3: 130}  # by place, so teams tied for a place stand as high
        for rank_index, cx, room in blocks:
            if rank_index >= len(places):
                continue
            place, turn = places[rank_index]
            height = heights.get(place, 130)
            base = 560
            p.rect(cx - 135, base - height, 270, height, p.palette.panel_hi, radius=12)
            p.text(str(place), cx, base - height + 16, theme.TITLE, p.palette.accent, bold=True, align="center")
            # stacked up from the block by measured heights: score, name, badge
            score = f"{turn.totals.score:+d}"
            score_y = base - height - 6 - p.measure(score, theme.BODY)[1]
            p.text(score, cx, score_y, theme.BODY, p.palette.accent, align="center")
            name = p.fit(turn.team.name, theme.H2, room, True, data=True)
            name_y = score_y - p.measure(name, theme.H2, True)[1]
            p.text(name, cx, name_y, theme.H2, p.palette.text, bold=True, align="center")
            p.badge(cx, name_y - 40, 32, turn.team.badge)
        p.text(p.fit(self.t("podium.chart"), theme.BODY, 840, True), 1000, 110, theme.BODY, p.palette.text, bold=True)
        series = [(turn.team.badge, running_scores(turn.play.results)) for _, turn in places]
        charts.race(p, 1010, 170, 830, 390, series, len(s.level.cases), self.t("chart.customers"))
        draw_ranking(p, self.t, s, 590, rows=4, ys=self.ctx.yardstick(s.level))
        if len(places) > 4:
            p.text(self.t("podium.more", n=len(places) - 4), 960, 905, theme.SMALL, p.palette.muted, align="center")
        self.draw_buttons(p)
