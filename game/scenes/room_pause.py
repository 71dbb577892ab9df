"""The room's pause, pushed over its customer or its reveal: every phone shows that the room is
paused, the decision timer stops, and the projector shows questions for the room to discuss.
Esc, Enter, B or period resume; "Close the room" ends the session."""

from __future__ import annotations

from game.content.levels import questions_for
from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene

TOP = 560


class RoomPauseScene(Scene):
    name = "room_pause"
    overlay = True
    primary = "resume"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.focus = "resume"

    def enter(self) -> None:
        if self.ctx.room is not None:
            self.ctx.room.room.pause(True)

    def leave(self) -> None:
        if self.ctx.room is not None:
            self.ctx.room.room.pause(False)

    def buttons(self) -> list[Button]:
        return [
            Button("resume", 980, 960, 420, 84, self.t("pause.resume"), "Esc"),
            Button("close", 1420, 960, 420, 84, self.t("room.close")),
        ]

    def handle(self, action: str) -> None:
        if action in ("resume", "back", "confirm", "pause"):
            self.ctx.pop()
        elif action == "close":
            self.ctx.end_session()
            self.ctx.go("title")

    def demo_actions(self) -> list[str]:
        return ["resume"]

    def draw(self, p: Painter) -> None:
        room = self.ctx.room.room if self.ctx.room is not None else None
        case = room.case if room is not None else None
        questions = questions_for(room.level, case, self.ctx.library) if room is not None and case is not None else ()
        p.shade(0, TOP - 10, 1920, 1090 - TOP)
        p.rect(40, TOP, 1840, 1070 - TOP, p.palette.panel, radius=24)
        h = p.text(self.t("pause.heading"), 80, TOP + 14, theme.H1, p.palette.accent, bold=True)
        note_w = p.measure(self.t("pause.heading"), theme.H1, True)[0] + 40
        p.text(
            self.t("room.pause_text"), 80 + note_w, TOP + 30, theme.SMALL, p.palette.text, wrap=max(1760 - note_w, 400)
        )
        y = TOP + 24 + h
        if questions:
            y += 8 + p.text(self.t("pause.discuss"), 80, y, theme.BODY, p.palette.accent, bold=True)
            for q in questions:
                p.circle(96, y + p.measure("A", theme.SMALL)[1] / 2, 7, p.palette.accent)
                y += 10 + p.text(q, 120, y, theme.SMALL, p.palette.text, wrap=1700)
        self.draw_buttons(p)
