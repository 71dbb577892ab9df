"""`scores list`: a line per score, a million of them streamed in seconds.

SQLite writes the line where it can (`line_sql`, a `printf` over the index that holds what a list
shows, the session code included), and Python, `line()`, wherever SQLite cannot be trusted with
it: a name `clean_name` would change, text that is not printable, holds a NUL (SQLite's text
functions stop at one) or was not UTF-8. Either way the line is the same, character for character (tests/test_listing.py).
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator

from game.store.scores import NOT_PLAIN, Listing, ScoreRow, terminal_safe

NAME_W, LEVEL_W, CODE_W, DATE_MAX = 30, 14, 8, 32
HEADER = (
    f"{'#':>3}  {'name':<{NAME_W}} {'level':<{LEVEL_W}} {'code':<{CODE_W}} {'score':>6} {'amb':>4} {'lost':>4}  date\n"
)


def line(count: int, r: ScoreRow) -> str:
    """One score's line; stored text is anyone's, so no escape sequence reaches the terminal."""
    name = terminal_safe(r.name if len(r.name) <= NAME_W else r.name[: NAME_W - 1] + "…")
    level, date = terminal_safe(r.level[:LEVEL_W]), terminal_safe(r.date[:DATE_MAX])
    return (
        f"{count:>3}  {name:<{NAME_W}} {level:<{LEVEL_W}} {r.code:<{CODE_W}} "
        f"{r.score:>6} {r.ambassadors:>4} {r.lost:>4}  {date}\n"
    )


_NAME = f"CASE WHEN length(name) > {NAME_W} THEN substr(name, 1, {NAME_W - 1}) || '…' ELSE name END"


def line_sql(code: str) -> tuple[str, str]:
    """The line, for a row whose text SQLite may write as it is (`scores.PLAIN`), NULL for the
    others; and the part of a long name not shown. `code`: the session code's SQL (`ScoreStore.ranked`)."""
    return (
        f"CASE WHEN NOT {NOT_PLAIN} THEN printf('  %!-{NAME_W}s %!-{LEVEL_W}s %!-{CODE_W}s %6d %4d %4d  %s', "
        f"{_NAME}, substr(level, 1, {LEVEL_W}), {code}, score, ambassadors, lost, "
        f"substr(date, 1, {DATE_MAX})) END AS line",
        f"CASE WHEN length(name) > {NAME_W} THEN name END AS cut",
    )


def _as_sqlite_wrote(text: str) -> bool:
    """No character SQLite cannot be trusted with: one not printable, or U+FFFD (bytes that were not
    UTF-8, which SQLite counts otherwise for a column's width)."""
    return text.isprintable() and "\ufffd" not in text


def chunks(store: Listing, **filters: str | None) -> Iterator[tuple[int, str]]:
    """Every matching score's line, best first, numbered: (how many lines, their text) a batch at a
    time, streamed in constant memory."""
    count = 0
    made = store.ranked(line_sql, **filters)
    if made is None:  # the company board, or scores kept aside that join in their places
        found = store.iter_rows(**filters)
        while rows := list(itertools.islice(found, 1000)):
            yield len(rows), "".join(line(n, r) for n, r in enumerate(rows, count + 1))
            count += len(rows)
        return
    with contextlib.closing(made):  # its read ends here, however the caller stops
        for rows in made:
            texts = [text for text, _, _ in rows]
            cut = [name for _, name, _ in rows if name is not None]
            if None not in texts and _as_sqlite_wrote("".join(texts) + "".join(cut)):  # the usual batch
                lines = [f"{n:>3}{text}\n" for n, text in enumerate(texts, count + 1)]
            else:
                lines = []
                trusted = [text is not None and _as_sqlite_wrote(text + (name or "")) for text, name, _ in rows]
                again = store.rows_at([row[2] for row, ok in zip(rows, trusted, strict=True) if not ok])
                for (text, _, rowid), ok in zip(rows, trusted, strict=True):
                    if ok:
                        lines.append(f"{count + len(lines) + 1:>3}{text}\n")
                    elif (row := again.get(rowid)) is not None:  # (gone only if a person deleted it)
                        lines.append(line(count + len(lines) + 1, row))
            count += len(lines)
            if lines:
                yield len(lines), "".join(lines)
