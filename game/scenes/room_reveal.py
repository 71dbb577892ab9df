"""The reveal: every team's response and what it brought, side by side, with the people who hear
about it appearing under each team. Enter (or PageDown) first finishes the animation, then brings
the next customer, or the podium after the last.
"""

from __future__ import annotations

from game.core.model import Outcome
from game.core.room import Phase, Room
from game.core.rules import Resolved, case_as_played
from game.core.teams import Team
from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene

PEOPLE_PER_S = 24
ICONS = {Outcome.AMBASSADOR: "star", Outcome.SATISFIED: "tick", Outcome.LOST: "cross"}
TOP, BOTTOM = 130, 930


class RoomRevealScene(Scene):
    name = "room_reveal"
    primary = "next"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        assert ctx.room is not None, "a room screen needs an open room"
        self._host = ctx.room
        self._room: Room = ctx.room.room
        self.focus = "next"
        self.shown = 0.0
        self._crowds: list[tuple[float, float, float, float, object]] = []  # where each team's crowd stands

    @property
    def room(self) -> Room:
        """The room this screen shows: kept, so the frame after the room closes still draws it."""
        return self._room

    @property
    def entries(self) -> list[tuple[Team, Resolved]]:
        return [(team, last) for team, last in self.room.outcomes() if last is not None]

    @property
    def people(self) -> int:
        return max((r.result.told_good + r.result.told_bad + r.result.silent for _, r in self.entries), default=0)

    @property
    def busy(self) -> bool:
        return self.shown < self.people

    def buttons(self) -> list[Button]:
        done = self.room.level.cases and self.room.index >= len(self.room.level.cases) - 1
        return [Button("next", 1360, 960, 500, 90, self.t("room.to_podium" if done else "room.next"), "Enter")]

    def handle(self, action: str) -> None:
        if action in ("next", "confirm"):
            if self.busy:
                self.shown = float(self.people)
                return
            if self.room.next() is None:
                self.ctx.go("podium" if self.room.phase is Phase.FINISHED else "room_case")
        elif action in ("back", "pause"):
            self.ctx.push("room_pause")

    def update(self, dt: float) -> None:
        self.shown = min(self.shown + dt * PEOPLE_PER_S, float(self.people))

    def demo_actions(self) -> list[str]:
        return ["next"]

    @property
    def paints_background(self) -> bool:
        return True

    def draw(self, p: Painter) -> None:
        """The teams' columns are drawn once into a layer; only the crowds grow over it."""
        room = self.room
        key = (room.phase, room.index, self.t, self.focus, self.pressed, p.palette, p.large)
        self.draw_layered(p, key, self._draw_static)
        for x, y, w, h, r in self._crowds:
            self._crowd(p, x, y, w, h, r)

    def _draw_static(self, p: Painter) -> None:
        self._crowds: list[tuple[float, float, float, float, object]] = []
        t, room = self.t, self.room
        case = room.case
        name = case.customer if case else ""
        heading = t("room.reveal_heading", name=name)
        p.text(p.fit(heading, theme.H1, 1800, True, data=True), 60, 30, theme.H1, p.palette.accent, bold=True)
        entries = self.entries
        n = max(len(entries), 1)
        gap = 16
        w = (1800 - gap * (n - 1)) / n
        small = w < 300
        for i, (team, resolved) in enumerate(entries):
            r = resolved.result
            x = 60 + i * (w + gap)
            p.rect(x, TOP, w, BOTTOM - TOP, p.palette.panel, radius=14)
            p.badge(x + 36, TOP + 40, 22, team.badge)
            size = theme.SMALL if small else theme.BODY
            p.text(p.fit(team.name, size, w - 80, True, data=True), x + 68, TOP + 22, size, p.palette.text, bold=True)
            y = TOP + 90
            word = t("room.no_answer") if r.timed_out else t(f"response.{r.response.value}")
            y += 8 + p.text(
                p.fit(word, theme.H2 if not small else theme.BODY, w - 40, True),
                x + 20,
                y,
                theme.H2 if not small else theme.BODY,
                p.palette.accent,
                bold=True,
            )
            if not r.timed_out:
                label = self._label(team, resolved)
                y += 6 + p.text(label, x + 20, y, theme.SMALL, p.palette.text, wrap=w - 40)
            marks = [m for m, on in ((t("room.asked"), r.asked), (t("room.sorry"), r.apologised)) if on]
            if marks:
                y += 6 + p.text(", ".join(marks), x + 20, y, theme.SMALL, p.palette.muted, wrap=w - 40)
            colour = p.palette.outcome(r.outcome)
            p.icon(ICONS[r.outcome], x + 40, y + 40, 26, colour)
            y += 10 + p.text(
                t(f"outcome.{r.outcome.value}"),
                x + 76,
                y + 14,
                theme.SMALL if small else theme.BODY,
                colour,
                bold=True,
                wrap=w - 96,
            )
            y = max(y + 20, TOP + 330)
            p.text(f"{r.score:+d}", x + 20, y, theme.H1, p.palette.accent, bold=True)
            self._crowds.append((x + 20, y + 80, w - 40, BOTTOM - y - 100, r))
        self.draw_buttons(p)

    def _label(self, team: Team, resolved: Resolved) -> str:
        """What the team chose, in the words of the case as the team met it (a variant may differ)."""
        play = next(tp.session.play for tp in self.room.plays.values() if tp.team == team)
        r = resolved.result
        return case_as_played(play, r.case_id).choices[r.response].label if play is not None else ""

    def _crowd(self, p: Painter, x: float, y: float, w: float, h: float, r) -> None:
        """The people who hear about it, row by row: told good, told bad, then the silent (hollow)."""
        people = (
            [(p.palette.good, False)] * r.told_good
            + [(p.palette.bad, False)] * r.told_bad
            + [(p.palette.silent, True)] * r.silent
        )
        if not people or h <= 0:
            return
        size = 40.0
        while size > 10:
            per_row = max(1, int(w // (size * 1.1)))
            if ((len(people) + per_row - 1) // per_row) * size * 1.45 <= h:
                break
            size *= 0.9
        per_row = max(1, int(w // (size * 1.1)))
        for k, (colour, hollow) in enumerate(people[: int(self.shown)]):
            px = x + (k % per_row) * size * 1.1 + size / 2
            py = y + (k // per_row) * size * 1.45 + size * 0.65
            p.person(px, py, size, colour, hollow)
