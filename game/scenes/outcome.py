"""The consequence of one response, at once: what the customer became and who hears about it.

The word of mouth is drawn as people appearing around the customer - 9 for an ambassador, 16 for a
lost customer, and the 26 silent unhappy ones behind an ignored complaint further out. Space first
finishes the animation.
"""

from __future__ import annotations

import math

from game.core.model import Outcome, Response
from game.core.rules import CaseResult, Play, case_as_played
from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene
from game.scenes.hud import draw_hud

PEOPLE_PER_S = 24
BARS_S = 0.6  # the bars ease down to what is left
FACE = {Outcome.AMBASSADOR: "delighted", Outcome.SATISFIED: "relieved", Outcome.LOST: "lost"}
COLOUR = {Outcome.AMBASSADOR: theme.GOOD, Outcome.SATISFIED: theme.OK, Outcome.LOST: theme.BAD}
PANEL = (60, 190, 540, 740)  # the customer's corner: the face in the middle of its crowd
CENTRE = (330, 500)
RINGS = (150, 210, 255)  # ring radii; a company's own, larger figures make the people smaller


def crowd_spots(groups: list[int]) -> tuple[list[tuple[float, float]], float]:
    """Where each person stands: every group starts on a ring of its own, clockwise from the
    top, and spills onto the next ring when full. People shrink until everyone fits."""
    size = 34.0
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

    def __init__(self, app, play: Play, result: CaseResult) -> None:
        super().__init__(app)
        self.play = play  # the play after this case
        self.result = result
        self.people = result.told_good + result.told_bad + result.silent
        self.shown = 0.0
        self.spent = 0.0  # how far the time and money bars have eased down to what is left
        self.focus = "next"

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
        if self.play.finished:
            self.app.switch(self.app.after_level(self.play))
        else:
            from game.scenes.case import CaseScene

            self.app.switch(CaseScene(self.app, self.play))

    def demo_actions(self) -> list[str]:
        return ["next"] if not self.animating else []

    def update(self, dt: float) -> None:
        before = int(self.shown)
        self.shown = min(self.shown + dt * PEOPLE_PER_S, self.people)
        if int(self.shown) > before:  # a soft pop as people join: bright for good news, low for the silent
            r = self.result
            n = int(self.shown)
            self.app.sounds.play(
                "pop_good" if n <= r.told_good else "pop_bad" if n <= r.told_good + r.told_bad else "pop_silent"
            )
        self.spent = min(self.spent + dt / BARS_S, 1.0)

    def draw(self, p: Painter) -> None:
        r, t = self.result, self.t
        draw_hud(p, t, self.play, None, number=len(self.play.results), spent=self.spent)
        p.rect(*PANEL, theme.PANEL, radius=18)
        p.face(*CENTRE, 88, FACE[r.outcome], self.case.customer)
        name = p.fit(self.case.customer, theme.H2, 500, True, data=True)
        p.text(
            name,
            CENTRE[0],
            PANEL[1] + PANEL[3] - 16 - p.measure(name, theme.H2, True)[1],
            theme.H2,
            theme.TEXT,
            bold=True,
            align="center",
        )
        self._badge(p, 640, 200, r.outcome)
        p.text(t(f"outcome.{r.outcome.value}"), 730, 196, theme.H1, COLOUR[r.outcome], bold=True)
        choice = self.case.choices[r.response]
        y = 290
        if r.timed_out:
            y += p.text(t("outcome.timed_out", name=self.case.customer), 640, y, theme.BODY, theme.BAD, wrap=1220)
        else:
            y += p.text(
                t("outcome.you_chose", response=t(f"response.{r.response.value}"), label=choice.label),
                640,
                y,
                theme.BODY,
                theme.MUTED,
                wrap=1220,
            )
        reaction = self.case.reactions.get(r.outcome)
        if reaction:
            y += 12 + p.text(reaction, 640, y + 12, theme.BODY, theme.TEXT, wrap=1220)
        y = self._why(p, 640, y + 24)
        self._crowd(p, max(y + 30, 620))
        p.text(t("outcome.score", score=f"{r.score:+d}"), 60, 960, theme.H2, theme.ACCENT, bold=True)
        self.draw_buttons(p)

    def _why(self, p: Painter, x: float, y: float) -> float:
        r, f, t = self.result, self.app.figures, self.t
        lines = []
        if r.outcome is Outcome.AMBASSADOR:
            lines.append(t("outcome.why_ambassador", n=f"{f.ambassador_tells}", source=f.ambassador_tells.source))
        if r.outcome is Outcome.LOST:
            lines.append(t("outcome.why_lost", n=f"{f.lost_tells}", source=f.lost_tells.source))
        if r.silent:
            lines.append(t("outcome.why_silent", n=f"{f.silent_per_complaint}", source=f.silent_per_complaint.source))
        if r.response is not Response.IGNORE and r.outcome is not Outcome.AMBASSADOR:
            if r.response is Response.EXCEED:
                lines.append(t("outcome.why_blind"))
            lines.append(
                t(
                    "outcome.why_fix",
                    without=f"{f.fix_satisfies}",
                    source=f.fix_satisfies.source,
                    **{"with": f"{f.fix_with_apology_satisfies}"},
                )
            )
        for line in lines:
            y += 8 + p.text(line, x, y, theme.SMALL, theme.MUTED, wrap=1220)
        return y

    def _badge(self, p: Painter, x: float, y: float, outcome: Outcome) -> None:
        """An icon per outcome so it reads without colour: star, tick, cross."""
        name = {Outcome.AMBASSADOR: "star", Outcome.SATISFIED: "tick", Outcome.LOST: "cross"}[outcome]
        p.icon(name, x + 36, y + 36, 34, COLOUR[outcome])

    def _crowd(self, p: Painter, label_y: float) -> None:
        """The people who hear about it appear one by one in rings around the customer: those who
        are told first, close by, then the silent unhappy ones, hollow, further out. Beside them,
        in words, how many and why."""
        r = self.result
        groups = [
            (r.told_good, theme.GOOD, False, self.t("outcome.told_good", n=r.told_good)),
            (r.told_bad, theme.BAD, False, self.t("outcome.told_bad", n=r.told_bad)),
            (r.silent, theme.SILENT, True, self.t("outcome.silent", n=r.silent)),
        ]
        if not self.people:
            p.text(self.t("outcome.none"), 640, label_y, theme.BODY, theme.MUTED, wrap=1220)
            return
        spots, size = crowd_spots([count for count, _, _, _ in groups if count])
        budget, k = int(self.shown), 0
        for count, colour, hollow, label in groups:
            if not count:
                continue
            p.person(664, label_y + 22, 34, colour, hollow)
            label_y += 14 + p.text(label, 700, label_y, theme.BODY, theme.TEXT, wrap=1160)
            for x, y in spots[k : k + min(count, budget)]:
                p.person(x, y, size, colour, hollow)
            k += count
            budget -= count
