"""The pause, pushed over the case: the timer stops, and the room sees the customer it is talking
about above questions to discuss. Esc or Enter resumes; "Leave" ends the level unfinished."""

from __future__ import annotations

from game.content.levels import questions_for
from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button
from game.scenes.base import Scene

TOP = 630  # the panel covers the responses; the customer, the story and the question stay in view


class PauseScene(Scene):
    name = "pause"
    overlay = True
    still = True  # the case beneath is stopped: the app keeps both in one layer
    primary = "resume"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.focus = "resume"

    def buttons(self) -> list[Button]:
        return [
            Button("resume", 980, 960, 420, 84, self.t("pause.resume"), "Esc"),
            Button("leave", 1420, 960, 420, 84, self.t("pause.leave")),
        ]

    def handle(self, action: str) -> None:
        if action in ("resume", "back", "confirm"):
            self.ctx.pop()
        elif action == "leave":
            session = self.ctx.session
            in_team = session is not None and session.teams is not None
            self.ctx.end_session()
            self.ctx.go("title" if in_team else "level_select")

    def demo_actions(self) -> list[str]:
        return ["resume"]

    def draw(self, p: Painter) -> None:
        """A panel over the lower half, where the responses were: the customer, the mood and the
        situation stay in view above it while the room talks."""
        session = self.ctx.session
        play = session.play if session else None
        questions = questions_for(play.level, play.case, self.ctx.library) if play and play.case else ()
        p.shade(0, TOP - 10, 1920, 1090 - TOP)
        p.rect(40, TOP, 1840, 1070 - TOP, p.palette.panel, radius=24)
        h = p.text(self.t("pause.heading"), 80, TOP + 14, theme.H1, p.palette.accent, bold=True)
        note_w = p.measure(self.t("pause.heading"), theme.H1, True)[0] + 40
        p.text(self.t("pause.text"), 80 + note_w, TOP + 30, theme.SMALL, p.palette.text, wrap=max(1760 - note_w, 400))
        y = TOP + 24 + h
        if questions:
            y += 8 + p.text(self.t("pause.discuss"), 80, y, theme.BODY, p.palette.accent, bold=True)
            size = next(
                (
                    s
                    for s in (theme.BODY, theme.SMALL)
                    if sum(p.measure(q, s, wrap=1700)[1] + 10 for q in questions) <= 940 - y
                ),
                theme.SMALL,
            )
            for q in questions:
                p.circle(96, y + p.measure("A", size)[1] / 2, 7, p.palette.accent)
                y += 10 + p.text(q, 120, y, size, p.palette.text, wrap=1700)
        self.draw_buttons(p)
