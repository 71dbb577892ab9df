"""Making a report file from the store: the filters checked, the rows read through the store's API
(whichever board is behind it), the report built and written as PDF or HTML by the file's name.

Shared by `python -m game report` and the game's Report button, so both make the same file from
the same scores. Every problem a person can cause (a bad date, an unknown level or player, a
folder that takes no file) is a `ReportError` of one line naming what was expected.
"""

from __future__ import annotations

import datetime
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from game.content.levels import Library
from game.content.strings import Strings
from game.core import seedcode
from game.core.model import Level
from game.core.practice import PRACTICE_ID
from game.core.yardstick import Yardstick, fingerprint, yardstick
from game.report import data, html, outline, pdf

RUN_ID = re.compile(r"[0-9a-f]{12}")  # the app's id of one run of the game, as the store keeps it
SUFFIXES = (".pdf", ".html", ".htm")


class ReportError(Exception):
    """One line for the person who asked: what was wrong and what was expected."""


@dataclass(frozen=True)
class Filters:
    session: str | None = None  # a session code as the screens show it (the seed's), or a run id
    player: str | None = None
    group: str | None = None
    level: str | None = None
    since: str | None = None  # an ISO date (checked by `since_date`)

    def shown(self) -> dict[str, str]:
        """What the report's heading says was asked for, in order."""
        return {k: v for k, v in (("session", self.session), ("player", self.player), ("group", self.group),
                                  ("level", self.level), ("since", self.since)) if v}  # fmt: skip


def since_date(text: str) -> str:
    """A date as a person types it (2026-12-01, or with a time) to the ISO text the store compares;
    ReportError when it is not one."""
    raw = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return datetime.date.fromisoformat(raw).isoformat()
        when = datetime.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ReportError(f"--since: expected a date such as 2026-12-01, got {text!r}") from None
    if when.tzinfo is not None:
        when = when.astimezone(datetime.timezone.utc)
    return when.replace(tzinfo=None).isoformat(timespec="seconds")


def session_match(code: str) -> tuple[str | None, int | None]:
    """(run id, seed) to filter by: a session code (00C-1SX) is the seed the screens show; twelve
    hex digits are the app's run id."""
    raw = code.strip()
    if RUN_ID.fullmatch(raw.lower()):
        return raw.lower(), None
    try:
        return None, seedcode.decode(raw)
    except ValueError:
        raise ReportError(
            f"--session: expected a session code like {seedcode.EXAMPLE} (as the podium and the summary show it), "
            f"got {code!r}"
        ) from None


def scored(store, filters: Filters) -> Iterator[tuple[object, tuple]]:
    """Each matching score with its cases, through the store's own API."""
    run, seed = session_match(filters.session) if filters.session else (None, None)
    since = since_date(filters.since) if filters.since else None
    for row, choices in store.choices(
        level=filters.level, session=run, cohort=filters.group, name=filters.player, since=since
    ):
        if seed is None or row.seed == seed:
            yield row, choices


def check(filters: Filters, levels: Mapping[str, Level], names: Callable[[], Sequence[str]]) -> None:
    """Refuse what cannot match, before reading: a bad date or code, an unknown level or player."""
    if filters.since:
        since_date(filters.since)
    if filters.session:
        session_match(filters.session)
    if filters.level and filters.level not in levels:
        known = ", ".join(sorted(levels)) or "(no levels load)"
        raise ReportError(f"--level: no level {filters.level!r}; expected one of: {known}")
    if filters.player:
        known_names = list(names())
        if filters.player not in known_names:
            shown = ", ".join(known_names[:20]) + (", ..." if len(known_names) > 20 else "")
            raise ReportError(
                f"--player: no scores for {filters.player!r}; expected one of: {shown or '(no players yet)'}"
            )


def build(
    store,
    filters: Filters,
    levels: Mapping[str, Level],
    library: Library,
    yardstick: Callable[[Level], Yardstick | None],
    lang: str,
) -> data.Report:
    check(filters, levels, store.names)
    rows = list(scored(store, filters)) if filters.session else scored(store, filters)
    scope: Sequence[str] | None = None
    if filters.level:
        scope = [filters.level]
    elif filters.session:  # a workshop's report: the lessons of what the room played
        scope = list(dict.fromkeys(row.level for row, _ in rows))
    met = getattr(store, "lessons_met", None)  # a company board keeps scores, not lessons
    return data.build(rows, levels, library, yardstick, met, lang, filters.shown(), scope)


def nothing_line(report: data.Report, t: Strings) -> str:
    return t("report.nothing", filters=outline.filters_text(report, t))


def write(report: data.Report, t: Strings, target: Path) -> Path:
    """The report as PDF or HTML by `target`'s suffix, written whole or not at all."""
    kind = target.suffix.lower()
    if kind not in SUFFIXES:
        raise ReportError(f"--out: expected a file name ending in .pdf or .html, got {str(target)!r}")
    blocks = outline.blocks(report, t)
    title = f"{t('app.title')}: {t('report.title')}"
    if kind == ".pdf":
        content = pdf.render(blocks, t, title, report.lang, report.last_date)
    else:
        content = html.render(blocks, report.lang, title).encode("utf-8")
    return write_shared(target, content, "the report")


def write_shared(target: Path, content: bytes, what: str) -> Path:
    """`content` at `target`, whole or not at all, readable by others (it is for sharing, unlike
    mkstemp's private file); a ReportError naming `what` could not be written, and why."""
    folder = target.parent if str(target.parent) else Path(".")
    try:
        if not folder.is_dir():
            raise FileNotFoundError(2, "no such folder", str(folder))
        fd, tmp = tempfile.mkstemp(prefix=".ambassador-", suffix=target.suffix, dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(content)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ReportError(f"{target}: cannot write {what}: {exc.strerror or exc}") from None
    return target


def yardsticks(figures) -> Callable[[Level], Yardstick | None]:
    """Each level's range worked out once per level's numbers (the app keeps its own cache)."""
    kept: dict[tuple, Yardstick] = {}

    def get(level: Level) -> Yardstick | None:
        if level.id == PRACTICE_ID:
            return None
        key = fingerprint(level)
        if key not in kept:
            kept[key] = yardstick(level, figures)
        return kept[key]

    return get
