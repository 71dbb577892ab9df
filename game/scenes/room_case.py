"""The room's customer on the projector: who they are, what went wrong, the three responses and
what each costs, and which teams have answered on their phones (never what, until the reveal).

Enter (or a clicker's PageDown) reveals; Esc, B or period pause the room; every phone shows it.
"""

from __future__ import annotations

from game.core.model import RESPONSES
from game.core.room import Phase, Room
from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene

CARD_Y, CARD_H, CARD_W = 560, 300, 586
TIMER = (1440, 70, 440, 90)  # the only part that moves by itself: drawn over the layer


class RoomCaseScene(Scene):
    name = "room_case"
    primary = "reveal"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        assert ctx.room is not None, "a room screen needs an open room"
        self._host = ctx.room
        self._room: Room = ctx.room.room
        self.focus = "reveal"

    @property
    def room(self) -> Room:
        """The room this screen shows: kept, so the frame after the room closes still draws it."""
        return self._room

    @property
    def busy(self) -> bool:
        return True  # the timer runs and answers arrive; the layer is drawn again only on a change

    @property
    def paints_background(self) -> bool:
        return True

    def buttons(self) -> list[Button]:
        return [Button("reveal", 1360, 960, 500, 90, self.t("room.reveal"), "Enter")]

    def handle(self, action: str) -> None:
        if action in ("reveal", "confirm"):
            if self.room.reveal() is None:
                self._revealed()
        elif action in ("back", "pause"):
            self.ctx.push("room_pause")

    def update(self, dt: float) -> None:
        self.room.elapse(dt)
        if self.room.phase in (Phase.REVEALED, Phase.FINISHED):  # --reveal auto, or the phones' last vote
            self._revealed()

    def _revealed(self) -> None:
        self.ctx.play_sound("choice")
        self.ctx.go("room_reveal")

    def demo_actions(self) -> list[str]:
        return ["reveal"]

    def draw(self, p: Painter) -> None:
        """The case is drawn once into a layer and again only when what the projector shows changed
        (a team answered, the phase, the pause): a phone's vote alone never redraws it. The timer
        is drawn over it."""
        room = self.room
        answered = tuple(done for _, done in room.answered())
        key = (room.phase, room.index, answered, self._present(), self.t, self.focus, self.pressed, p.palette, p.large)
        live = room.seconds_left is not None
        self.draw_layered(p, key, self._draw, TIMER if live else None)
        left = room.seconds_left
        if left is not None:
            limit = room.decision_seconds or 1
            x, y, w, _ = TIMER
            p.text(
                self.t("case.timer", seconds=int(left + 0.999)),
                x + w,
                y + 10,
                theme.BODY,
                p.palette.timer,
                align="right",
            )
            p.bar(x + w - 400, y + 60, 400, 18, left / limit, p.palette.timer)

    def _present(self) -> int:
        return sum(1 for phone in self.room.phones.values() if phone.present)

    def _draw(self, p: Painter) -> None:
        t, room = self.t, self.room
        case = room.case
        if case is None:
            return
        counter = t("case.counter", n=room.index + 1, total=len(room.level.cases))
        p.text(counter, 1860, 30, theme.BODY, p.palette.text, align="right")
        p.text(p.fit(room.level.title, theme.H2, 1300, True), 60, 24, theme.H2, p.palette.accent, bold=True)
        address = self._host.url.removeprefix("http://")  # for a phone that comes late
        here = t("room.phones_here", n=self._present())
        line = f"{t('room.join_late', address=address)}  ·  {here}"
        if p.measure(line, theme.SMALL)[0] > 860:  # large text: the address alone
            line = p.fit(t("room.join_late", address=address), theme.SMALL, 860, data=True)
        p.text(line, 540, 96, theme.SMALL, p.palette.muted)
        p.rect(60, 110, 440, 420, p.palette.panel, radius=18)
        p.face(280, 215, 80, case.mood, case.customer)
        name = p.fit(case.customer, theme.H2, 400, True, data=True)
        y = 310 + p.text(name, 280, 310, theme.H2, p.palette.text, bold=True, align="center")
        mood = t("case.mood", mood=t(f"mood.{case.mood}"))
        p.text(p.fit(mood, theme.SMALL, 400), 280, y + 4, theme.SMALL, p.palette.muted, align="center")
        y = 170 + p.text(case.situation, 540, 170, theme.BODY, p.palette.text, wrap=1320)
        if case.ask and y + 20 + p.measure(case.ask.question, theme.SMALL, wrap=1320)[1] <= CARD_Y - 10:
            p.text(t("case.ask", question=case.ask.question), 540, y + 20, theme.SMALL, p.palette.muted, wrap=1320)
        for i, r in enumerate(RESPONSES):
            x = 60 + i * (CARD_W + 20)
            choice = case.choices[r]
            p.rect(x, CARD_Y, CARD_W, CARD_H, p.palette.card, radius=18)
            yy = CARD_Y + 14 + p.text(t(f"response.{r.value}"), x + 24, CARD_Y + 14, theme.H2, p.palette.ink, bold=True)
            label = p.fit(choice.label, theme.BODY, CARD_W - 48, True)
            yy += 6 + p.text(label, x + 24, yy + 6, theme.BODY, p.palette.ink, bold=True)
            cost = t("case.cost", minutes=choice.cost.minutes, money=choice.cost.money)
            cost_y = CARD_Y + CARD_H - 14 - p.measure(cost, theme.SMALL, True)[1]
            if (
                yy + 8 + p.measure(choice.text, theme.SMALL, wrap=CARD_W - 48)[1] <= cost_y - 4
            ):  # else the phones have it
                p.text(choice.text, x + 24, yy + 8, theme.SMALL, p.palette.ink, wrap=CARD_W - 48)
            p.text(cost, x + 24, cost_y, theme.SMALL, p.palette.ink, bold=True)
        self._draw_answered(p)
        self.draw_buttons(p)

    def _draw_answered(self, p: Painter) -> None:
        """A badge per team: filled tick when answered, the word beside it, never the answer."""
        t, room = self.t, self.room
        teams = room.answered()
        if room.phase is Phase.CLOSED:
            note = t("room.all_answered") if all(done for _, done in teams) else t("room.time_up")
        else:
            note = t("room.answer_on_phones")
        top = CARD_Y + CARD_H + 8
        top += 6 + p.text(p.fit(note, theme.BODY, 1280, True), 60, top, theme.BODY, p.palette.accent, bold=True)
        per_row = min(max(len(teams), 1), 4)
        w = 1280 / per_row
        line = p.measure("Ag", theme.SMALL, True)[1]
        row_h = min(2 * line + 4, (1075 - top) / max(1, (len(teams) + per_row - 1) // per_row))
        two_lines = row_h >= 2 * line + 4
        for i, (team, done) in enumerate(teams):
            x, y = 60 + (i % per_row) * w, top + (i // per_row) * row_h
            colour = p.palette.good if done else p.palette.muted
            word = t("room.answered") if done else t("room.thinking")
            p.badge(x + 18, y + line / 2, min(16, line / 2), team.badge)
            if two_lines:  # the name, and under it whether the team has answered
                p.text(
                    p.fit(team.name, theme.SMALL, w - 60, True, data=True),
                    x + 44,
                    y,
                    theme.SMALL,
                    p.palette.text,
                    bold=True,
                )
                p.icon("tick" if done else "hourglass", x + 56, y + line * 1.5, min(14, line / 3), colour)
                p.text(p.fit(word, theme.SMALL, w - 90), x + 78, y + line, theme.SMALL, colour)
            else:  # no room for two lines: the mark alone, a tick or an hourglass, tells it
                p.icon("tick" if done else "hourglass", x + 48, y + line / 2, min(14, line / 3), colour)
                p.text(
                    p.fit(team.name, theme.SMALL, w - 90, True, data=True), x + 70, y, theme.SMALL, colour, bold=True
                )
