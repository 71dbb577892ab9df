"""One customer: who they are, what went wrong, and the three ways to respond.

Keys: Q ask, A apology, 1 / 2 / 3 ignore / fix / exceed, Esc pause. The decision timer only limits
how long the customer waits; it never adds to the score.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from game.core import chance
from game.core.model import RESPONSES, Response
from game.core.rules import (
    Action,
    ApologyToggled,
    Asked,
    AskQuestion,
    Choose,
    Play,
    Rejected,
    Resolved,
    TimeOut,
    ToggleApology,
    apology_minutes,
    response_cost,
    why_not,
    why_not_ask,
)
from game.core.simulator import Move, planner, random_strategy
from game.render import theme
from game.render.hud import TIMER_AREA, draw_hud, draw_timer
from game.render.painter import Painter
from game.render.widgets import Button, draw_button
from game.scenes.base import Scene

CARD_Y, CARD_H, CARD_W = 630, 410, 586


@dataclass(frozen=True)
class Layout:
    """Where things go. Large text gets its own arrangement rather than a squeezed one: the
    buttons move beside the customer and the cards stack full width, so every word still fits."""

    panel: tuple[float, float, float, float]
    face: tuple[float, float, float]
    name: tuple[float, float, float, str]  # x, y, width, align
    text: tuple[float, float, float]  # x, y, width of the situation and the answer
    answer_bottom: float
    ask: tuple[float, float, float, float]
    apology: tuple[float, float, float, float]
    cards: tuple[tuple[float, float, float, float], ...]
    wide_cards: bool
    message_y: float


NORMAL = Layout(
    panel=(60, 190, 540, 420),
    face=(330, 300, 95),
    name=(330, 410, 500, "center"),
    text=(640, 200, 1220),
    answer_bottom=465,
    ask=(640, 478, 600, 140),
    apology=(1260, 478, 600, 140),
    cards=tuple((60 + i * (CARD_W + 20), CARD_Y, CARD_W, CARD_H) for i in range(3)),
    wide_cards=False,
    message_y=1044,
)
LARGE = Layout(
    panel=(60, 170, 560, 158),
    face=(130, 249, 55),
    name=(205, 176, 400, "left"),
    text=(650, 170, 1210),
    answer_bottom=538,
    ask=(60, 338, 560, 98),
    apology=(60, 442, 560, 98),
    cards=tuple((60, 548 + i * 162, 1800, 156) for i in range(3)),
    wide_cards=True,
    message_y=1032,
)


class CaseScene(Scene):
    name = "case"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.waited = 0.0
        self.focus = None

    @property
    def play(self) -> Play:
        """The play of the session this screen shows."""
        assert self.ctx.session is not None and self.ctx.session.play is not None
        return self.ctx.session.play

    @property
    def seconds_left(self) -> float | None:
        """Real seconds before the waiting customer counts as ignored; None with the timer off."""
        limit = self.ctx.decision_seconds(self.play.level)
        return None if limit is None else max(limit - self.waited, 0.0)

    @property
    def busy(self) -> bool:
        return self.seconds_left is not None

    @property
    def layout(self) -> Layout:
        return LARGE if self.ctx.settings.text_size == "large" else NORMAL

    # -- layout
    def buttons(self) -> list[Button]:
        play, out, lay = self.play, [], self.layout
        case = play.case
        if case.ask and not play.asked:
            why = why_not_ask(play)
            note = self.t(f"why.{why}") if why else self.t("case.ask_cost", minutes=case.ask.minutes)
            out.append(Button("ask", *lay.ask, self.t("response.ask"), "Q", why is None, note))
        label = self.t("case.apology_on") if play.apologised else self.t("case.apology_off")
        note = self.t("case.apology_cost", minutes=apology_minutes(play))
        out.append(Button("apology", *lay.apology, label, "A", True, note))
        for i, r in enumerate(RESPONSES):
            why = why_not(play, r)
            out.append(Button(r.value, *lay.cards[i], "", str(i + 1), why is None, self.t(f"why.{why}") if why else ""))
        return out

    # -- actions
    def handle(self, action: str) -> None:
        if action == "back":
            self.ctx.push("pause")  # the timer stops: only the screen on top moves
        elif action == "ask":
            self._step(AskQuestion())
        elif action == "apology":
            self._step(ToggleApology())
        elif action in ("ignore", "fix", "exceed"):
            self.ctx.play_sound("choice")
            self._step(Choose(Response(action)))

    def _step(self, action: Action) -> None:
        """Send the action to the session and show what it says happened."""
        assert self.ctx.session is not None
        for event in self.ctx.session.act(action):
            if isinstance(event, Asked):
                self.ctx.play_sound("ask")
            elif isinstance(event, ApologyToggled) and event.on:
                self.ctx.play_sound("apology")
            elif isinstance(event, Resolved):
                self.ctx.play_sound(event.result.outcome.value)
                self.ctx.go("outcome")
            elif isinstance(event, Rejected):
                self.message = self.t(f"why.{event.reason}")

    def update(self, dt: float) -> None:
        before = self.seconds_left
        self.waited += dt
        left = self.seconds_left
        if left is not None and before is not None and 0 < left <= 5 and int(before) != int(left):
            self.ctx.play_sound("tick" if left > 2 else "tick_last")  # the last seconds of a waiting customer
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
        """Everything but the running timer is drawn once into a layer and reused until something
        changes, so a 4K projector spends its frames on the timer alone."""
        limit = self.ctx.decision_seconds(self.play.level)
        left = self.seconds_left
        live = left is not None and limit
        key = (self.play, self.t, self.focus, self.pressed, self.message, p.large, p.palette, bool(live))
        self.draw_layered(
            p, key, lambda layer: self._draw_static(layer, with_timer=not live), TIMER_AREA if live else None
        )
        if live and left is not None and limit:
            draw_timer(p, self.t, left, limit)

    @property
    def paints_background(self) -> bool:
        return True

    def moving_areas(self) -> tuple[tuple[float, float, float, float], ...]:
        return (TIMER_AREA,) if self.busy else ()  # the decision timer, when one runs

    def _draw_static(self, p: Painter, with_timer: bool) -> None:
        play, case = self.play, self.play.case
        limit = self.ctx.decision_seconds(play.level)
        team = self.ctx.session.playing if self.ctx.session else None
        draw_hud(p, self.t, play, self.seconds_left if with_timer else None, limit=limit, team=team)
        lay = self.layout
        p.rect(*lay.panel, p.palette.panel, radius=18)
        p.face(*lay.face, case.mood, case.customer)
        nx, ny, nw, align = lay.name
        name_size = theme.H2 if align == "center" else theme.BODY
        h = p.text(case.customer, nx, ny, name_size, p.palette.text, bold=True, align=align, wrap=nw)
        mood = self.t("case.mood", mood=self.t(f"mood.{case.mood}"))
        mood_y = max(540, 420 + h) if align == "center" else ny + h + 4
        p.text(mood, nx, mood_y, theme.SMALL, p.palette.muted, align=align, wrap=nw)
        tx, ty, tw = lay.text
        sizes = self._text_sizes(p, case, play.asked)
        y = ty + p.text(case.situation, tx, ty, sizes[0], p.palette.text, wrap=tw)
        if case.ask and play.asked:
            room = max(lay.answer_bottom - y - 20, 110)
            asked = self.t("case.asked", question=case.ask.question) if sizes[2] else ""
            ask_h = p.measure(asked, theme.SMALL, wrap=tw - 50)[1] + 8 if asked else 0.0
            p.rect(tx, y + 20, tw, room, p.palette.panel_hi, radius=14)
            if asked:
                p.text(asked, tx + 24, y + 36, theme.SMALL, p.palette.muted, wrap=tw - 50)
            p.text(case.ask.answer, tx + 24, y + 36 + ask_h, sizes[1], p.palette.accent, wrap=tw - 50)
        elif case.ask:
            p.text(self.t("case.ask", question=case.ask.question), tx, y + 30, theme.SMALL, p.palette.muted, wrap=tw)
        for b in self.buttons():
            if b.action == "apology" and lay is LARGE and p.measure(b.note, theme.SMALL)[0] > b.w - 32:
                b = replace(b, note="")  # no room in large text: the cards' costs count the apology
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
            p.text(
                p.fit(self.message, theme.SMALL, 1800), 960, lay.message_y, theme.SMALL, p.palette.bad, align="center"
            )

    def _text_sizes(self, p: Painter, case, asked: bool) -> tuple[int, int, bool]:
        """Sizes for the situation and the answer, and whether the question is repeated: the
        largest that fit above the buttons (long translations get the smaller body size)."""
        tx, ty, tw = self.layout.text
        if not (case.ask and asked):
            return theme.BODY, theme.BODY, False
        question = self.t("case.asked", question=case.ask.question)
        options = [
            (theme.BODY, theme.BODY, True),
            (theme.BODY, theme.BODY, False),
            (theme.BODY, theme.SMALL, False),
            (theme.SMALL, theme.SMALL, False),
        ]
        for sit, ans, repeat in options:
            need = p.measure(case.situation, sit, wrap=tw)[1] + 56 + p.measure(case.ask.answer, ans, wrap=tw - 50)[1]
            if repeat:
                need += p.measure(question, theme.SMALL, wrap=tw - 50)[1] + 8
            if ty + need <= self.layout.answer_bottom:
                return sit, ans, repeat
        return options[-1]

    def _draw_card(self, p: Painter, b: Button) -> None:
        r = Response(b.action)
        choice = self.play.case.choices[r]
        focused = self.focus == b.action
        pressed = self.pressed == b.action and b.enabled
        fill = p.palette.card if b.enabled else p.palette.card_off
        if focused and not pressed:  # the card under the pointer or the keys stands up off the table
            p.rect(b.x + 6, b.y + 10, b.w, b.h, p.palette.bars, radius=18)
        if pressed:  # and goes down when pressed
            b = replace(b, y=b.y + 5)
        p.rect(b.x, b.y, b.w, b.h, fill, radius=18)
        if focused:
            p.rect(b.x - 6, b.y - 6, b.w + 12, b.h + 12, p.palette.focus, radius=22, width=6)
        cost = response_cost(self.play, r)
        line = self.t("case.cost", minutes=cost.minutes, money=cost.money)
        if b.note:  # out of reach: the cost stays, and why it cannot be paid, in ink on the grey card
            line = f"{line}  ·  {b.note}"
        colour = p.palette.ink
        if self.layout.wide_cards:  # one line of heading and cost, then the text across the screen
            head = f"[{b.key}]  {self.t(f'response.{r.value}')}  ·  {choice.label}"
            cost_w = p.measure(line, theme.SMALL, bold=True)[0]
            p.text(line, b.x + b.w - 24, b.y + 16, theme.SMALL, colour, bold=True, align="right")
            h = p.text(
                p.fit(head, theme.BODY, b.w - cost_w - 80, True),
                b.x + 24,
                b.y + 10,
                theme.BODY,
                p.palette.ink,
                bold=True,
            )
            p.text(choice.text, b.x + 24, b.y + 14 + h, theme.SMALL, p.palette.ink, wrap=b.w - 48)
            return
        y = b.y + 14
        y += p.text(f"[{b.key}]  {self.t(f'response.{r.value}')}", b.x + 24, y, theme.H2, p.palette.ink, bold=True)
        y += 4 + p.text(
            p.fit(choice.label, theme.BODY, b.w - 48, True), b.x + 24, y + 4, theme.BODY, p.palette.ink, bold=True
        )
        p.text(choice.text, b.x + 24, y + 8, theme.SMALL, p.palette.ink, wrap=b.w - 48)
        _, lh = p.measure(line, theme.SMALL, bold=True, wrap=b.w - 48)
        p.text(line, b.x + 24, b.y + b.h - lh - 14, theme.SMALL, colour, bold=True, wrap=b.w - 48)
