"""The consequence of one response, at once: what the customer became and who hears about it.

The word of mouth is drawn as people appearing around the customer - 9 for an ambassador, 16 for a
lost customer, and the 26 silent unhappy ones behind an ignored complaint further out. Space first
finishes the animation.
"""

from __future__ import annotations

import math

from game.core.model import Outcome
from game.core.rules import CaseResult, Play, Why, case_as_played
from game.render import theme
from game.render.hud import BARS_AREA, draw_hud
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene

PEOPLE_PER_S = 24
BARS_S = 0.6  # the bars ease down to what is left
FACE = {Outcome.AMBASSADOR: "delighted", Outcome.SATISFIED: "relieved", Outcome.LOST: "lost"}
PANEL = (60, 190, 540, 740)  # the customer's corner: the face in the middle of its crowd
CENTRE = (330, 500)
RINGS = (150, 210, 255)  # ring radii; a company's own, larger figures make the people smaller
PERSON = 34  # the largest a person of the crowd is drawn
REACH = RINGS[-1] + PERSON  # from the centre, past the farthest a person of the crowd is drawn (0.7 of a size)
CROWD_AREA = (CENTRE[0] - REACH, CENTRE[1] - REACH, 2 * REACH, 2 * REACH)


def crowd_spots(groups: list[int]) -> tuple[list[tuple[float, float]], float]:
    """Where each person stands: every group starts on a ring of its own, clockwise from the
    top, and spills onto the next ring when full. People shrink until everyone fits."""
    size = float(PERSON)
    while True:
        spacing = size * 1.45
        capacity = [int(2 * math.pi * radius / spacing) for radius in RINGS]
        spots: list[tuple[float, float]] = []
        ring, used = 0, 0
        for count in groups:
            if used:
                ring, used = ring + 1, 0  # each group starts a ring of its own
            left = count
            while left and ring < len(RINGS):
                here = min(left, capacity[ring])  # spread evenly round the ring, from the top
                for i in range(here):
                    angle = -math.pi / 2 + 2 * math.pi * i / here
                    spots.append((CENTRE[0] + RINGS[ring] * math.cos(angle), CENTRE[1] + RINGS[ring] * math.sin(angle)))
                used += here
                left -= here
                if left:
                    ring, used = ring + 1, 0
        if len(spots) == sum(groups) or size <= 8:
            return spots, size
        size *= 0.85


class OutcomeScene(Scene):
    name = "outcome"
    primary = "next"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.shown = 0.0
        self.spent = 0.0  # how far the time and money bars have eased down to what is left
        self.focus = "next"

    @property
    def play(self) -> Play:
        """The session's play after this case."""
        assert self.ctx.session is not None and self.ctx.session.play is not None
        return self.ctx.session.play

    @property
    def result(self) -> CaseResult:
        assert self.ctx.session is not None and self.ctx.session.last is not None
        return self.ctx.session.last.result

    @property
    def why(self) -> tuple[Why, ...]:
        """Why it went as it did, in the core's words."""
        assert self.ctx.session is not None and self.ctx.session.last is not None
        return self.ctx.session.last.why

    @property
    def people(self) -> int:
        r = self.result
        return r.told_good + r.told_bad + r.silent

    @property
    def case(self):
        return case_as_played(self.play, self.result.case_id)

    @property
    def busy(self) -> bool:
        return self.animating or self.spent < 1.0

    @property
    def animating(self) -> bool:
        return self.shown < self.people

    def buttons(self) -> list[Button]:
        label = self.t("outcome.debrief") if self.play.finished else self.t("outcome.next")
        return [Button("next", 1400, 950, 460, 96, label, "Enter")]

    def handle(self, action: str) -> None:
        if action not in ("next", "confirm"):
            return
        if self.animating or self.spent < 1.0:  # Space first finishes the animation
            self.shown, self.spent = self.people, 1.0
            return
        session = self.ctx.session
        if not self.play.finished:
            self.ctx.go("case")
        elif session is not None and session.teams is not None:  # the room's standings, or the podium
            self.ctx.go("podium" if session.teams.finished else "scoreboard")
        else:
            self.ctx.go("debrief")

    def demo_actions(self) -> list[str]:
        return ["next"] if not self.animating else []

    def update(self, dt: float) -> None:
        before = int(self.shown)
        self.shown = min(self.shown + dt * PEOPLE_PER_S, self.people)
        if int(self.shown) > before:  # a soft pop as people join: bright for good news, low for the silent
            r = self.result
            n = int(self.shown)
            self.ctx.play_sound(
                "pop_good" if n <= r.told_good else "pop_bad" if n <= r.told_good + r.told_bad else "pop_silent"
            )
        self.spent = min(self.spent + dt / BARS_S, 1.0)

    def draw(self, p: Painter) -> None:
        """Everything but the moving parts (the shift's and budget's bars easing down, the crowd
        growing) is drawn once into a layer; a 4K frame of the animation shows the layer and
        draws those."""
        team = self.ctx.session.playing if self.ctx.session else None
        key = (self.play, self.result, team, self.t, self.focus, self.pressed, self.message, p.large, p.palette)
        self.draw_layered(p, key, self._draw_static)
        self._hud(p, words=False)
        self._crowd(p)

    def _hud(self, p: Painter, words: bool) -> None:
        team = self.ctx.session.playing if self.ctx.session else None
        number = len(self.play.results)
        draw_hud(p, self.t, self.play, None, number=number, spent=self.spent, team=team, words=words, bars=not words)

    @property
    def paints_background(self) -> bool:
        return True

    def moving_areas(self) -> tuple[tuple[float, float, float, float], ...]:
        return (BARS_AREA, CROWD_AREA)  # drawn over the layer every frame: the bars easing, the crowd

    def _draw_static(self, p: Painter) -> None:
        r, t = self.result, self.t
        self._hud(p, words=True)
        p.rect(*PANEL, p.palette.panel, radius=18)
        p.face(*CENTRE, 88, FACE[r.outcome], self.case.customer)
        name = p.fit(self.case.customer, theme.H2, 500, True, data=True)
        p.text(
            name,
            CENTRE[0],
            PANEL[1] + PANEL[3] - 16 - p.measure(name, theme.H2, True)[1],
            theme.H2,
            p.palette.text,
            bold=True,
            align="center",
        )
        self._badge(p, 640, 200, r.outcome)
        p.text(t(f"outcome.{r.outcome.value}"), 730, 196, theme.H1, p.palette.outcome(r.outcome), bold=True)
        choice = self.case.choices[r.response]
        y = 290
        if r.timed_out:
            y += p.text(t("outcome.timed_out", name=self.case.customer), 640, y, theme.BODY, p.palette.bad, wrap=1220)
        else:
            y += p.text(
                t("outcome.you_chose", response=t(f"response.{r.response.value}"), label=choice.label),
                640,
                y,
                theme.BODY,
                p.palette.muted,
                wrap=1220,
            )
        reaction = self.case.reactions.get(r.outcome)
        if reaction:
            y += 12 + p.text(reaction, 640, y + 12, theme.BODY, p.palette.text, wrap=1220)
        y = self._why(p, 640, y + 24)
        self._crowd_words(p, max(y + 30, 620))
        p.text(t("outcome.score", score=f"{r.score:+d}"), 60, 960, theme.H2, p.palette.accent, bold=True)
        self.draw_buttons(p)

    def _why(self, p: Painter, x: float, y: float) -> float:
        f, t = self.ctx.figures, self.t
        cite = self.ctx.library.cite_figure  # the source's title and whom it quotes, in the player's words
        words = {
            Why.AMBASSADOR_TELLS: lambda: t(
                "outcome.why_ambassador", n=f"{f.ambassador_tells}", source=cite(f.ambassador_tells)
            ),
            Why.LOST_TELLS: lambda: t("outcome.why_lost", n=f"{f.lost_tells}", source=cite(f.lost_tells)),
            Why.SILENT: lambda: t(
                "outcome.why_silent", n=f"{f.silent_per_complaint}", source=cite(f.silent_per_complaint)
            ),
            Why.BLIND: lambda: t("outcome.why_blind"),
            Why.FIX_ODDS: lambda: t(
                "outcome.why_fix",
                without=f"{f.fix_satisfies}",
                source=cite(f.fix_satisfies),
                **{"with": f"{f.fix_with_apology_satisfies}"},
            ),
        }
        for line in (words[why]() for why in self.why):
            y += 8 + p.text(line, x, y, theme.SMALL, p.palette.muted, wrap=1220)
        return y

    def _badge(self, p: Painter, x: float, y: float, outcome: Outcome) -> None:
        """An icon per outcome so it reads without colour: star, tick, cross."""
        name = {Outcome.AMBASSADOR: "star", Outcome.SATISFIED: "tick", Outcome.LOST: "cross"}[outcome]
        p.icon(name, x + 36, y + 36, 34, p.palette.outcome(outcome))

    def _groups(self, p: Painter) -> list[tuple[int, tuple[int, int, int], bool, str]]:
        """Who hears of it, in the order they appear: told by an ambassador, told by a lost
        customer, and the silent unhappy ones."""
        r = self.result
        return [
            (r.told_good, p.palette.good, False, self.t("outcome.told_good", n=r.told_good)),
            (r.told_bad, p.palette.bad, False, self.t("outcome.told_bad", n=r.told_bad)),
            (r.silent, p.palette.silent, True, self.t("outcome.silent", n=r.silent)),
        ]

    def _crowd_words(self, p: Painter, label_y: float) -> None:
        """Beside the crowd, in words, how many hear of it, each with its kind of person."""
        if not self.people:
            p.text(self.t("outcome.none"), 640, label_y, theme.BODY, p.palette.muted, wrap=1220)
            return
        for count, colour, hollow, label in self._groups(p):
            if count:
                p.person(664, label_y + 22, PERSON, colour, hollow)
                label_y += 14 + p.text(label, 700, label_y, theme.BODY, p.palette.text, wrap=1160)

    def _crowd(self, p: Painter) -> None:
        """The people who hear about it appear one by one in rings around the customer: those who
        are told first, close by, then the silent unhappy ones, hollow, further out."""
        groups = [g for g in self._groups(p) if g[0]]
        if not groups:
            return
        spots, size = crowd_spots([count for count, _, _, _ in groups])
        budget, k = int(self.shown), 0
        for count, colour, hollow, _ in groups:
            for x, y in spots[k : k + min(count, budget)]:
                p.person(x, y, size, colour, hollow)
            k += count
            budget -= count
