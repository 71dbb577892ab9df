"""The strip at the top of a case: where the shift, the budget and the waiting customer stand."""

from __future__ import annotations

from game.content.strings import Strings
from game.core.rules import Play
from game.render import theme
from game.render.painter import Painter


def timer_meter(t: Strings, seconds_left: float, limit: float) -> tuple[str, float, tuple[int, int, int]]:
    share = seconds_left / limit
    return t("case.timer", seconds=int(seconds_left + 0.999)), share, theme.BAD if share < 0.25 else theme.TIMER


def draw_timer(p: Painter, t: Strings, seconds_left: float, limit: float) -> None:
    """The third meter alone: the only part of a case screen that moves by itself."""
    label, share, colour = timer_meter(t, seconds_left, limit)
    if p.measure(label, theme.SMALL)[0] > 540:
        label = t("case.timer_short", seconds=int(seconds_left + 0.999))
    p.icon("hourglass", 60 + 2 * 610 + 14, 106, 14, colour)
    p.text(label, 60 + 2 * 610 + 38, 86, theme.SMALL, theme.TEXT)
    p.bar(60 + 2 * 610, 132, 580, 24, share, colour)


def draw_hud(
    p: Painter,
    t: Strings,
    play: Play,
    seconds_left: float | None,
    number: int | None = None,
    limit: float | None = None,
    spent: float = 1.0,
) -> None:
    """The top strip. `spent` (0 to 1) eases the bars from what they showed before the last
    response (the play's last result says what it cost) down to what is left now."""
    lv = play.level
    last = play.results[-1] if play.results and spent < 1.0 else None
    ease = 1 - (1 - spent) ** 3
    shown_minutes = play.minutes_left + (last.minutes * (1 - ease) if last else 0)
    shown_money = play.money_left + (last.money * (1 - ease) if last else 0)
    p.text(lv.title, 60, 24, theme.H2, theme.ACCENT, bold=True)
    counter = t("case.counter", n=number or min(play.index + 1, len(lv.cases)), total=len(lv.cases))
    p.text(counter, 1860, 30, theme.BODY, theme.TEXT, align="right")
    meters = [
        (
            t("case.clock", left=play.minutes_left, total=lv.shift_minutes),
            shown_minutes / lv.shift_minutes,
            theme.TIME,
        ),
        (
            t("case.budget", left=play.money_left, total=lv.budget),
            shown_money / lv.budget if lv.budget else 0,
            theme.MONEY,
        ),
    ]
    if seconds_left is not None and limit:
        meters.append(timer_meter(t, seconds_left, limit))
    shorts = ["case.clock_short", "case.budget_short", "case.timer_short"]
    values = [
        {"left": play.minutes_left, "total": lv.shift_minutes},
        {"left": play.money_left, "total": lv.budget},
        {"seconds": int(seconds_left + 0.999) if seconds_left is not None else 0},
    ]
    icons = ("clock", "coin", "hourglass")
    for i, (label, share, colour) in enumerate(meters):
        x = 60 + i * 610
        if p.measure(label, theme.SMALL)[0] > 540:  # large text or a long word: numbers only
            label = t(shorts[i], **values[i])
        p.icon(icons[i], x + 14, 106, 14, colour)
        p.text(label, x + 38, 86, theme.SMALL, theme.TEXT)
        p.bar(x, 132, 580, 24, share, colour)
