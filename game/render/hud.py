"""The strip at the top of a case: where the shift, the budget and the waiting customer stand."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.content.strings import Strings
from game.render import theme
from game.render.painter import Painter

if TYPE_CHECKING:  # (the rules load with the first level, not before the title)
    from game.core.rules import Play
    from game.core.teams import Team

METER_X, METER_W, METER_GAP = 60, 580, 30  # three meters side by side: shift, budget, the waiting customer
TIMER_AREA = (METER_X + 2 * (METER_W + METER_GAP), 80, METER_W + 20, 90)  # where the timer alone moves
BAR_Y, BAR_H = 132, 24
BARS_AREA = (METER_X - 2, BAR_Y - 2, 2 * METER_W + METER_GAP + 4, BAR_H + 4)  # the shift's and budget's bars


def meter_x(i: int) -> float:
    return METER_X + i * (METER_W + METER_GAP)


def timer_meter(p: Painter, t: Strings, seconds_left: float, limit: float) -> tuple[str, float, tuple[int, int, int]]:
    share = seconds_left / limit
    return t("case.timer", seconds=int(seconds_left + 0.999)), share, p.palette.bad if share < 0.25 else p.palette.timer


def draw_timer(p: Painter, t: Strings, seconds_left: float, limit: float) -> None:
    """The third meter alone: the only part of a case screen that moves by itself."""
    label, share, colour = timer_meter(p, t, seconds_left, limit)
    if p.measure(label, theme.SMALL)[0] > 540:
        label = t("case.timer_short", seconds=int(seconds_left + 0.999))
    x = meter_x(2)
    p.icon("hourglass", x + 14, 106, 14, colour)
    p.text(label, x + 38, 86, theme.SMALL, p.palette.text)
    p.bar(x, BAR_Y, METER_W, BAR_H, share, colour)


def draw_hud(
    p: Painter,
    t: Strings,
    play: Play,
    seconds_left: float | None,
    number: int | None = None,
    limit: float | None = None,
    spent: float = 1.0,
    team: Team | None = None,
    words: bool = True,
    bars: bool = True,
) -> None:
    """The top strip. `spent` (0 to 1) eases the bars from what they showed before the last
    response (the play's last result says what it cost) down to what is left now. `words` or
    `bars` alone draw half of it: the words into a screen's layer, the easing bars over it."""
    lv = play.level
    last = play.results[-1] if play.results and spent < 1.0 else None
    ease = 1 - (1 - spent) ** 3
    shown_minutes = play.minutes_left + (last.minutes * (1 - ease) if last else 0)
    shown_money = play.money_left + (last.money * (1 - ease) if last else 0)
    if words:
        _heading(p, t, play, number, team)
    meters = [
        (
            t("case.clock", left=play.minutes_left, total=lv.shift_minutes),
            shown_minutes / lv.shift_minutes,
            p.palette.time,
        ),
        (
            t("case.budget", left=play.money_left, total=lv.budget),
            shown_money / lv.budget if lv.budget else 0,
            p.palette.money,
        ),
    ]
    if seconds_left is not None and limit:
        meters.append(timer_meter(p, t, seconds_left, limit))
    shorts = ["case.clock_short", "case.budget_short", "case.timer_short"]
    values = [
        {"left": play.minutes_left, "total": lv.shift_minutes},
        {"left": play.money_left, "total": lv.budget},
        {"seconds": int(seconds_left + 0.999) if seconds_left is not None else 0},
    ]
    icons = ("clock", "coin", "hourglass")
    for i, (label, share, colour) in enumerate(meters):
        x = meter_x(i)
        if words:
            if p.measure(label, theme.SMALL)[0] > 540:  # large text or a long word: numbers only
                label = t(shorts[i], **values[i])
            p.icon(icons[i], x + 14, 106, 14, colour)
            p.text(label, x + 38, 86, theme.SMALL, p.palette.text)
        if bars:
            p.bar(x, BAR_Y, METER_W, BAR_H, share, colour)


def _heading(p: Painter, t: Strings, play: Play, number: int | None, team: Team | None) -> None:
    """The level's title, whose turn it is in a team session, and which case of how many."""
    lv = play.level
    counter = t("case.counter", n=number or min(play.index + 1, len(lv.cases)), total=len(lv.cases))
    counter_w = p.measure(counter, theme.BODY)[0]
    p.text(counter, 1860, 30, theme.BODY, p.palette.text, align="right")
    title_x = 60
    if team is not None:  # in a team session the room sees whose turn it is
        p.badge(80, 50, 20, team.badge)
        name = p.fit(team.name, theme.H2, 480, True, data=True)
        p.text(name, 116, 24, theme.H2, p.palette.text, bold=True)
        title_x = 116 + p.measure(name, theme.H2, True)[0] + 30
    title = p.fit(lv.title, theme.H2, 1800 - counter_w - title_x, True, data=team is not None)
    p.text(title, title_x, 24, theme.H2, p.palette.accent, bold=True)


def draw_banner(p: Painter, text: str) -> None:
    """A ribbon across the top middle of every screen (the attract mode says it is a demo)."""
    w, h = p.measure(text, theme.SMALL, True)
    p.rect(960 - w / 2 - 24, -20, w + 48, h + 30, p.palette.accent, radius=14)
    p.text(text, 960, 4, theme.SMALL, p.palette.ink, bold=True, align="center")


def draw_toast(p: Painter, text: str) -> None:
    """A message across the foot of every screen (a score that could not be saved, and where it
    went), on its own band so it reads over whatever is beneath."""
    line = p.fit(text, theme.SMALL, 1800, data=True)
    _, h = p.measure(line, theme.SMALL)
    p.rect(40, 1080 - h - 36, 1840, h + 24, p.palette.ink, radius=12)
    p.rect(40, 1080 - h - 36, 1840, h + 24, p.palette.bad, radius=12, width=3)
    p.text(line, 960, 1080 - h - 24, theme.SMALL, p.palette.text, align="center")
