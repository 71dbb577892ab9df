"""One-line, actionable errors about content files."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentError:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return one_line(text)


MAX_SHOWN = 60  # the most of a value from a file that an error echoes
# Hints that end an error about a file written by hand.
TAB_HINT = "tabs are not allowed for indentation: use spaces"
QUOTE_HINT = "put the text in quotes"


def one_line(text: str) -> str:
    """Control characters (a newline in a key, say) shown escaped, so an error stays one line."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def shown(value: object, limit: int = MAX_SHOWN) -> str:
    """A value from a file as an error may echo it: on one line, control characters escaped, and
    at most `limit` characters with an ellipsis where it is cut. A message about a file must not
    replay the file, nor let it drive the terminal the error is printed on."""
    text = str(value)
    pieces = [ch if ch.isprintable() else repr(ch)[1:-1] for ch in text[: limit + 1]]
    if len(text) <= limit and sum(map(len, pieces)) <= limit:
        return "".join(pieces)
    out, size = [], 0
    for piece in pieces:
        if size + len(piece) > limit - 1:
            break
        out.append(piece)
        size += len(piece)
    return "".join(out) + "…"


class ContentFileError(Exception):
    """A file that cannot be used; carries every problem found in it, not just the first."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def field_name(path: tuple[str | int, ...]) -> str:
    """('cases', 1, 'cost') -> 'cases[1].cost'; a key from the file is echoed at most `shown` long."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{shown(part)}" if out else shown(part)
    return out
