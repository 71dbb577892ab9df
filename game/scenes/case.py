"""One customer: who they are, what went wrong, and the three ways to respond.

Keys: Q ask, A apology, 1 / 2 / 3 ignore / fix / exceed, Esc pause. The decision timer only limits
how long the customer waits; it never adds to the score.
"""

from __future__ import annotations

from game.content.levels import questions_for
from game.core import chance
from game.core.model import RESPONSES, Response
from game.core.rules import (
    AskQuestion,
    Choose,
    Play,
    Resolved,
    TimeOut,
    ToggleApology,
    apology_minutes,
    response_cost,
    step,
    why_not,
    why_not_ask,
)
from game.core.simulator import Move, planner, random_strategy
from game.render import theme
from game.render.painter import Painter
from game.render.widgets import Button, draw_button
from game.scenes.base import Scene
from game.scenes.hud import draw_hud

CARD_Y, CARD_H, CARD_W = 630, 410, 586


class CaseScene(Scene):
    name = "case"

    def __init__(self, app, play: Play) -> None:
        super().__init__(app)
        self.play = play
        self.waited = 0.0
        self.paused = False
        self.focus = None

    @property
    def seconds_left(self) -> float | None:
        """Real seconds before the waiting customer counts as ignored; None with the timer off."""
        limit = self.app.decision_seconds(self.play.level)
        return None if limit is None else max(limit - self.waited, 0.0)

    @property
    def busy(self) -> bool:
        return not self.paused and self.seconds_left is not None

    # -- layout
    def buttons(self) -> list[Button]:
        if self.paused:
            return [
                Button("resume", 340, 880, 600, 100, self.t("pause.resume"), "Esc"),
                Button("leave", 980, 880, 600, 100, self.t("pause.leave")),
            ]
        return self._case_buttons()

    def _case_buttons(self) -> list[Button]:
        play, out = self.play, []
        case = play.case
        if case.ask and not play.asked:
            why = why_not_ask(play)
            note = self.t(f"why.{why}") if why else self.t("case.ask_cost", minutes=case.ask.minutes)
            out.append(Button("ask", 640, 478, 600, 140, self.t("response.ask"), "Q", why is None, note))
        label = self.t("case.apology_on") if play.apologised else self.t("case.apology_off")
        out.append(
            Button(
                "apology",
                1260,
                478,
                600,
                140,
                label,
                "A",
                True,
                self.t("case.apology_cost", minutes=apology_minutes(play)),
            )
        )
        for i, r in enumerate(RESPONSES):
            why = why_not(play, r)
            out.append(
                Button(
                    r.value,
                    60 + i * (CARD_W + 20),
                    CARD_Y,
                    CARD_W,
                    CARD_H,
                    "",
                    str(i + 1),
                    why is None,
                    self.t(f"why.{why}") if why else "",
                )
            )
        return out

    # -- actions
    def handle(self, action: str) -> None:
        if self.paused:
            if action in ("resume", "back", "confirm"):
                self.paused = False
                self.focus = None
            elif action == "leave":
                from game.scenes.level_select import LevelSelectScene
                from game.scenes.title import TitleScene

                left_team = self.app.team_session is not None
                self.app.team_session = None
                self.app.switch(TitleScene(self.app) if left_team else LevelSelectScene(self.app))
            return
        if action == "back":
            self.paused = True
            self.focus = "resume"
        elif action == "ask":
            self._step(AskQuestion())
        elif action == "apology":
            self._step(ToggleApology())
        elif action in ("ignore", "fix", "exceed"):
            self.app.sounds.play("choice")
            self._step(Choose(Response(action)))

    def _step(self, action) -> None:
        play, events = step(self.play, action)
        self.play = play
        for event in events:
            if isinstance(event, Resolved):
                from game.scenes.outcome import OutcomeScene

                if play.finished:
                    self.app.level_finished(play)
                self.app.sounds.play(event.result.outcome.value)
                self.app.switch(OutcomeScene(self.app, play, event.result))
            elif hasattr(event, "reason"):
                self.message = self.t(f"why.{event.reason}")

    def update(self, dt: float) -> None:
        if self.paused:
            return
        before = self.seconds_left
        self.waited += dt
        left = self.seconds_left
        if left is not None and before is not None and 0 < left <= 5 and int(before) != int(left):
            self.app.sounds.play("tick")  # the last seconds of a waiting customer
        if left is not None and left <= 0:
            self._step(TimeOut())

    def demo_actions(self) -> list[str]:
        """The attract mode plays like a decent trainee: mostly the planner's move, sometimes not."""
        play = self.play
        rng = chance.stream(play.seed, play.level.id, play.case.id, "demo")
        move: Move = planner(play) if rng.random() < 0.75 else random_strategy(play)
        actions = []
        if move.ask and not play.asked and why_not_ask(play) is None:
            actions.append("ask")
        if move.apologise != play.apologised:
            actions.append("apology")
        return [*actions, move.response.value]

    # -- drawing
    def draw(self, p: Painter) -> None:
        play, case = self.play, self.play.case
        limit = self.app.decision_seconds(play.level)
        draw_hud(p, self.app.strings, play, self.seconds_left, limit=limit)
        p.rect(60, 190, 540, 420, theme.PANEL, radius=18)
        p.face(330, 300, 95, case.mood)
        h = p.text(case.customer, 330, 410, theme.H2, theme.TEXT, bold=True, align="center", wrap=500)
        mood = self.t("case.mood", mood=self.t(f"mood.{case.mood}"))
        p.text(mood, 330, max(540, 420 + h), theme.SMALL, theme.MUTED, align="center")
        y = 200 + p.text(case.situation, 640, 200, theme.BODY, theme.TEXT, wrap=1220)
        if case.ask and play.asked:
            room = max(465 - y - 20, 110)
            asked = self.t("case.asked", question=case.ask.question)
            ask_h = p.measure(asked, theme.SMALL, wrap=1170)[1]
            size = theme.BODY
            if ask_h + p.measure(case.ask.answer, size, wrap=1170)[1] + 30 > room:
                asked, ask_h = "", 0.0  # short of room: the answer alone says what was asked
                if p.measure(case.ask.answer, size, wrap=1170)[1] + 30 > room:
                    size = theme.SMALL
            p.rect(640, y + 20, 1220, room, theme.PANEL_HI, radius=14)
            if asked:
                p.text(asked, 664, y + 36, theme.SMALL, theme.MUTED, wrap=1170)
            p.text(case.ask.answer, 664, y + 36 + (ask_h + 8 if asked else 0), size, theme.ACCENT, wrap=1170)
        elif case.ask:
            p.text(self.t("case.ask", question=case.ask.question), 640, y + 30, theme.SMALL, theme.MUTED, wrap=1220)
        for b in self._case_buttons():
            if b.action in ("ask", "apology"):
                draw_button(
                    p,
                    b,
                    self.focus == b.action,
                    self.pressed == b.action,
                    primary=b.action == "apology" and play.apologised,
                )
            else:
                self._draw_card(p, b)
        if self.message:
            p.text(self.message, 960, 1044, theme.SMALL, theme.BAD, align="center")
        if self.paused:
            self._draw_pause(p)

    def _draw_card(self, p: Painter, b: Button) -> None:
        r = Response(b.action)
        choice = self.play.case.choices[r]
        focused = self.focus == b.action
        fill = theme.CARD if b.enabled else theme.CARD_OFF
        p.rect(b.x, b.y, b.w, b.h, fill, radius=18)
        if focused:
            p.rect(b.x - 6, b.y - 6, b.w + 12, b.h + 12, theme.FOCUS, radius=22, width=6)
        y = b.y + 14
        y += p.text(f"[{b.key}]  {self.t(f'response.{r.value}')}", b.x + 24, y, theme.H2, theme.INK, bold=True)
        y += 4 + p.text(
            p.fit(choice.label, theme.BODY, b.w - 48, True), b.x + 24, y + 4, theme.BODY, theme.INK, bold=True
        )
        p.text(choice.text, b.x + 24, y + 8, theme.SMALL, theme.INK, wrap=b.w - 48)
        cost = response_cost(self.play, r)
        line = b.note or self.t("case.cost", minutes=cost.minutes, money=cost.money)
        _, lh = p.measure(line, theme.SMALL, bold=True, wrap=b.w - 48)
        colour = theme.BAD if b.note else theme.INK
        p.text(line, b.x + 24, b.y + b.h - lh - 14, theme.SMALL, colour, bold=True, wrap=b.w - 48)

    def _draw_pause(self, p: Painter) -> None:
        p.shade(0, 0, 1920, 1080)
        p.rect(260, 60, 1400, 960, theme.PANEL, radius=24)
        p.text(self.t("pause.heading"), 960, 90, theme.TITLE, theme.ACCENT, bold=True, align="center")
        p.text(self.t("pause.text"), 960, 200, theme.BODY, theme.TEXT, wrap=1280, align="center")
        y = 280
        p.text(self.t("pause.discuss"), 320, y, theme.BODY, theme.ACCENT, bold=True)
        y += 56
        for q in questions_for(self.play.level, self.play.case, self.app.library):
            p.circle(336, y + 18, 7, theme.ACCENT)
            y += 14 + p.text(q, 360, y, theme.BODY, theme.TEXT, wrap=1240)
        self.draw_buttons(p)
