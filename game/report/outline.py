"""The report as a sequence of blocks - headings, paragraphs, tables, lists and charts - in the
report's language. The PDF and the HTML each lay out these same blocks, so they say the same
thing with the same numbers; only the page is different.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from game.report import drawing
from game.report.data import RESPONSES, CaseLine, PlayerLines, Report

Tr = Callable[..., str]  # the string table: t(key, **fields)
WIDTH = 180.0  # the page's text width in mm (A4 with 15 mm margins)
DETAILED = 2  # up to this many players, each lesson not yet met is listed; more: counted per level


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: the report's title, 2: a section, 3: a player or a case


@dataclass(frozen=True)
class Para:
    text: str
    muted: bool = False


@dataclass(frozen=True)
class Table:
    heads: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # shares of the width
    numeric: tuple[bool, ...]  # right-aligned columns


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[str, str], ...]  # (text, a note under it: the source)


@dataclass(frozen=True)
class Chart:
    drawing: drawing.Drawing


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Para | Table | Bullets | Chart | PageBreak


def signed(n: int) -> str:
    return f"{n:+d}"


def mean(value: float | None) -> str:
    """An average as the report prints it: signed, one decimal; a dash for none."""
    return "–" if value is None else f"{value:+.1f}"


def chosen(n: int, average: float | None) -> str:
    """How often a response was chosen, and in brackets what it brought on average: "2 (-42.0)"."""
    return f"{n} ({mean(average)})"


def filters_text(report: Report, t: Tr) -> str:
    parts = [t(f"report.f_{key}", value=value) for key, value in report.filters.items() if value]
    return ", ".join(parts) if parts else t("report.all")


def day(date: str) -> str:
    return date[:10]


def blocks(report: Report, t: Tr) -> list[Block]:
    """Everything the report says, in order."""
    out: list[Block] = [
        Heading(t("report.title"), 1),
        Para(filters_text(report, t)),
        Para(t("report.span", n=report.scores, first=day(report.first_date), last=day(report.last_date)), True),
        Heading(t("report.players"), 2),
    ]
    for player in report.players:
        out += _player(player, t, detail=len(report.players) <= DETAILED)
    out += [PageBreak(), Heading(t("report.room"), 2), Para(t("report.room_note"), True)]
    if report.without_choices:
        out.append(Para(t("report.old_scores", n=report.without_choices), True))
    if report.cases:
        out += _cases(report.cases, t)
    out.append(Heading(t("report.most_lost"), 2))
    if report.most_lost:
        out.append(
            Bullets(
                tuple(
                    (
                        f"{c.customer} ({c.level_title}): "
                        + t("report.lost_share", lost=c.outcomes["lost"], played=c.played),
                        "",
                    )
                    for c in report.most_lost
                )
            )
        )
    else:
        out.append(Para(t("report.none_lost")))
    if report.hardest:
        out.append(Heading(t("report.hardest"), 2))
        for c in report.hardest:
            out.append(
                Heading(t("report.hardest_line", customer=c.customer, level=c.level_title, mean=mean(c.mean)), 3)
            )
            if c.questions:
                out.append(Bullets(tuple((q, "") for q in c.questions)))
            else:
                out.append(Para(t("report.no_questions"), True))
    return out


def _player(player: PlayerLines, t: Tr, detail: bool = True) -> list[Block]:
    kind = t("report.team" if player.kind == "team" else "report.solo")
    out: list[Block] = [Heading(f"{player.name} ({kind})", 3)]
    rows = []
    for lv in player.levels:
        rows.append(
            (
                lv.title,
                str(lv.plays),
                signed(lv.best),
                signed(lv.latest),
                t("report.range", worst=signed(lv.worst_found), best=signed(lv.best_found))
                if lv.worst_found is not None and lv.best_found is not None
                else "–",
                str(lv.ambassadors),
                str(lv.satisfied),
                str(lv.lost),
                t("report.used", used=lv.minutes, whole=lv.shift_minutes)
                if lv.minutes is not None and lv.shift_minutes is not None
                else "–",
                t("report.used", used=lv.money, whole=lv.budget)
                if lv.money is not None and lv.budget is not None
                else "–",
            )
        )
    out.append(
        Table(
            (
                t("report.col_level"),
                t("report.col_plays"),
                t("report.col_best"),
                t("report.col_latest"),
                t("report.col_range"),
                t("summary.ambassadors"),
                t("summary.satisfied"),
                t("summary.lost"),
                t("report.col_minutes"),
                t("report.col_money"),
            ),
            tuple(rows),
            (13, 8, 8, 9, 12, 15, 9, 10, 10, 11),
            (False, True, True, True, True, True, True, True, True, True),
        )
    )
    out.append(Para(t("report.latest_note"), True))
    marks = [
        t(
            "report.pass_mark",
            mark=signed(lv.pass_mark),
            verdict=t("report.passed" if lv.best >= lv.pass_mark else "report.failed"),
        )
        + f" ({lv.title})"
        for lv in player.levels
        if lv.pass_mark is not None
    ]
    out += [Para(line) for line in marks]
    out.append(Para(t("report.chart_range"), True))
    out.append(
        Chart(
            drawing.ranges(
                [(lv.title, lv.best, lv.latest, lv.worst_found, lv.best_found, lv.pass_mark) for lv in player.levels],
                WIDTH,
                (t("report.col_best"), t("report.col_latest")),
            )
        )
    )
    out.append(Heading(t("report.lessons_met", n=len(player.met)), 4))
    if player.met:
        out.append(Bullets(tuple((x.text, t("report.source", source=x.source)) for x in player.met)))
    out.append(Heading(t("report.lessons_open", n=len(player.not_met)), 4))
    if player.not_met and detail:
        out.append(Bullets(tuple((x.text, t("report.source", source=x.source)) for x in player.not_met)))
    elif player.not_met:  # a room's report: where the lessons still to meet are, not each one
        per_level: dict[str, int] = {}
        for x in player.not_met:
            per_level[x.level] = per_level.get(x.level, 0) + 1
        out.append(Para("; ".join(f"{lv}: {n}" for lv, n in per_level.items())))
    return out


def _cases(cases: Sequence[CaseLine], t: Tr) -> list[Block]:
    rows = []
    for c in cases:
        rows.append(
            (
                c.customer,
                c.level_title,
                str(c.played),
                *(chosen(c.chosen[r], c.mean_for(r)) for r in RESPONSES),
                str(c.asked),
                str(c.apologised),
                mean(c.mean),
            )
        )
    heads = (
        t("report.col_case"),
        t("report.col_level"),
        t("report.col_played"),
        *(t(f"response.{r}") for r in RESPONSES),
        t("report.col_asked"),
        t("report.col_apologised"),
        t("report.col_mean"),
    )
    labels = [f"{c.customer} · {c.level_title}" for c in cases]
    return [
        Table(
            heads,
            tuple(rows),
            (15, 14, 7, 11, 11, 11, 8, 11, 8),
            (False, False, True, True, True, True, True, True, True),
        ),
        Para(t("report.chart_choices"), True),
        Chart(
            drawing.stacked(
                [(label, c.chosen) for label, c in zip(labels, cases, strict=True)],
                {r: drawing.RESPONSE_STYLE[r] for r in ("exceed", "fix", "ignore")},
                {r: t(f"response.{r}") for r in RESPONSES},
                WIDTH,
            )
        ),
        Para(t("report.chart_outcomes"), True),
        Chart(
            drawing.stacked(
                [(label, c.outcomes) for label, c in zip(labels, cases, strict=True)],
                drawing.OUTCOME_STYLE,
                {
                    "ambassador": t("summary.ambassadors"),
                    "satisfied": t("summary.satisfied"),
                    "lost": t("summary.lost"),
                },
                WIDTH,
            )
        ),
    ]
