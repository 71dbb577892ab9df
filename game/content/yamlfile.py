"""Reading a YAML file someone wrote by hand: safely, with every error on its line.

A start reads the game's own files and the settings, which seldom change. What a file parsed to
is kept by the digest of its bytes (`PARSED`: in memory, and in the data folder's `cache/` once
the game names it), so a file read before is not parsed again and PyYAML is not even loaded; the
node tree that places an error on its line is parsed only when an error asks for it. The parsing
itself, and what it says about the usual slips, is `yamlparse`.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game import __version__
from game.content import packed
from game.content.errors import QUOTE_HINT, TAB_HINT, ContentError, ContentFileError, field_name
from game.lazy import later

if TYPE_CHECKING:
    import yaml

yamlparse = later("game.content.yamlparse")  # PyYAML: only for a file not parsed before

__all__ = ["MAX_BYTES", "PARSED", "QUOTE_HINT", "TAB_HINT", "YamlDoc", "decode", "read", "read_bytes"]

MAX_BYTES = 1_000_000  # a level is a few kB; refuse a huge file before parsing it


class YamlDoc:
    """A parsed file: its data, and where each value stands (for errors)."""

    def __init__(
        self,
        path: str,
        data: Any,
        root: yaml.Node | None,
        lines: int = 0,
        tab_lines: tuple[int, ...] = (),
        text: str | None = None,
        key_lines: dict[str, int] | None = None,
    ) -> None:
        self.path = path
        self.data = data
        self._root = root
        self._text = text  # parsed again for the tree when an error needs a line (a kept parse)
        self.lines = lines  # how many lines the file has: no error may point past the last
        self.tab_lines = tab_lines  # lines indented with a tab (read as spaces when that parses)
        # the line of each top-level key, kept with a parse: a settings file's old or wrong
        # setting is told on its line without parsing the file again at every start
        self.key_lines = key_lines if key_lines is not None else {}

    @property
    def root(self) -> yaml.Node | None:
        if self._root is None and self._text is not None:
            self._root, self._text = yamlparse.parse(self.path, self._text).root, None
        return self._root

    def line(self, path: tuple[str | int, ...]) -> int:
        """The 1-based line of the deepest node on `path` that exists (0 when unknown)."""
        if self._root is None and len(path) == 1 and path[0] in self.key_lines:
            return self.key_lines[path[0]]  # type: ignore[index]
        return yamlparse.line_at(self.root, path, self.lines)

    def top_key_lines(self) -> dict[str, int]:
        """The line of each top-level key (text keys of a mapping at the top)."""
        if not isinstance(self.data, dict):
            return {}
        return {k: self.line((k,)) for k in self.data if isinstance(k, str)}

    def errors(self, items: list[tuple[tuple[str | int, ...], str]]) -> list[ContentError]:
        """Schema problems as one-line errors, each with its line and, where the slip is a
        familiar one, a hint; a file indented with tabs also says so first."""
        root = self.root
        out = [
            ContentError(self.path, yamlparse.line_at(root, p, self.lines), field_name(p), yamlparse.hinted(root, p, m))
            for p, m in items
        ]
        if out and self.tab_lines:
            out.insert(0, ContentError(self.path, self.tab_lines[0], "", TAB_HINT))
        return out


class ParsedFiles:
    """What files parsed to, by the digest of their bytes: `MAX_KEPT` of them, the latest read."""

    MAGIC = b"ambassador parsed yaml 2\n"  # a new number when parsing reads any file differently
    MAX_KEPT = 64  # the game's own files in each language and a few settings files

    def __init__(self) -> None:
        self.folder: Path | None = None
        self._kept: dict[bytes, bytes] = {}  # digest: packed [data, lines, tab lines]
        self._changed = False

    def keep_in(self, folder: Path | None) -> None:
        """Keep the parses in `folder` too (what it holds already joins those in memory)."""
        self.folder = folder
        body = packed.read(folder / "parsed.bin", self.MAGIC) if folder is not None else None
        if type(body) is dict and body.get("version") == __version__ and type(body.get("kept")) is dict:
            on_disk = {k: v for k, v in body["kept"].items() if type(k) is bytes and type(v) is bytes}
            self._kept = on_disk | self._kept

    def get(self, digest: bytes) -> tuple[Any, int, tuple[int, ...], dict[str, int]] | None:
        raw = self._kept.pop(digest, None)
        if raw is None:
            return None
        self._kept[digest] = raw  # the latest read goes last, the last to be dropped
        try:
            data, lines, tabs, keys = packed.unpack(raw)  # a new copy each time: a caller may change it
        except (ValueError, TypeError):
            return None
        if type(lines) is not int or type(tabs) is not tuple or not all(type(t) is int for t in tabs):
            return None
        if type(keys) is not dict or not all(type(k) is str and type(v) is int for k, v in keys.items()):
            return None
        return data, lines, tabs, keys

    def put(self, digest: bytes, doc: YamlDoc) -> None:
        try:
            self._kept[digest] = packed.pack([doc.data, doc.lines, doc.tab_lines, doc.top_key_lines()])
        except ValueError:  # a value marshal does not keep (a date): parsed each time
            return
        while len(self._kept) > self.MAX_KEPT:
            del self._kept[next(iter(self._kept))]
        self._changed = True

    def save(self) -> None:
        """Write what changed; best effort (a read-only or full data folder only costs the next start)."""
        if self.folder is None or not self._changed:
            return
        try:
            packed.write(self.folder / "parsed.bin", self.MAGIC, {"version": __version__, "kept": self._kept})
            self._changed = False
        except (OSError, ValueError):
            pass


PARSED = ParsedFiles()


def decode(path: str, raw: bytes) -> str:
    """Text as an editor would save it: UTF-8 with or without a BOM, any line ends."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentFileError(
            [
                ContentError(
                    path, line, "", f"expected UTF-8 text, got byte 0x{raw[exc.start]:02x}; save the file as UTF-8"
                )
            ]
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(path: str, text: str) -> YamlDoc:
    """`text`, from the file at `path`, parsed; ContentFileError with every problem in it."""
    data, root, lines, tabs = yamlparse.parse(path, text)
    return YamlDoc(path, data, root, lines, tabs)


NOT_A_FILE = "expected a plain file of text, got {what}"


def _what(mode: int) -> str:
    """What stands where a file should, in a trainer's words."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "something that is not a file")


def read_bytes(path: Path | str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a plain file of at most `limit` bytes, or ContentFileError saying why not.

    The one way the game reads a file someone else may have put there. A folder, a named pipe, a
    device (a link to /dev/zero never ends) or a socket is refused: it is checked before opening
    (opening some devices does something) and again on what was opened, since the name may have
    changed in between. A file is never read past `limit` + 1 bytes, whatever its size claims."""
    name = str(path)

    def fail(message: str) -> ContentFileError:
        return ContentFileError([ContentError(name, 0, "", message)])

    too_big = f"expected a file under {limit // 1000} kB, got {{got}}"
    try:
        before = os.stat(path)
        if not stat.S_ISREG(before.st_mode):
            raise fail(NOT_A_FILE.format(what=_what(before.st_mode)))
        fd = os.open(path, packed.OPEN_FLAGS)
    except ContentFileError:
        raise
    except OSError as exc:
        raise fail(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise fail(NOT_A_FILE.format(what=_what(opened.st_mode)))
        if opened.st_size > limit:
            raise fail(too_big.format(got=f"{opened.st_size // 1000} kB"))
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 16, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew, or its size was never true (/proc)
            raise fail(too_big.format(got="more"))
        return b"".join(chunks)
    except OSError as exc:
        raise fail(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def read(path: Path | str, keep: bool = False) -> YamlDoc:
    """A YAML file read safely (see `read_bytes`), or ContentFileError with every problem in it.
    `keep`: what it parses to is kept (`PARSED`) for the next read of the same bytes; for the
    game's own files and the settings, read at every start (the levels have their own cache,
    and a trainer's thousand would only push those out)."""
    name = str(path)
    raw = read_bytes(path)
    if not keep:
        return parse(name, decode(name, raw))
    digest = hashlib.sha256(raw).digest()
    kept = PARSED.get(digest)
    if kept is not None:
        data, lines, tabs, keys = kept
        return YamlDoc(name, data, None, lines, tabs, text=decode(name, raw), key_lines=keys)
    doc = parse(name, decode(name, raw))
    PARSED.put(digest, doc)
    return doc
