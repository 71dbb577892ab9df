"""Level files read once: what was checked is kept, keyed by the files it came from.

A trainer's folder may hold a thousand levels; parsing and checking every one at each start and
each F5 costs seconds. The cache keeps, for each level file in each language, the checked level
(or the problems found) with a signature of everything the result depends on: the file, its
translation, the digests beside it, the game's library and the game's version. A file whose
signature is unchanged is not read again; F5 reads only what changed.

A kept level is in two parts: its head (every field the level list shows) and its body (its cases,
packed on their own), so a start unpacks a thousand heads and builds a level's cases only when
they are first asked for (`levels.CachedLevel`).

On disk it is one file per language in the data folder's `cache/`, `levels-<lang>.bin`, kept as
`packed` keeps plain data (a file not exactly as written is not decoded at all). An entry that
does not build a level only means that file is read again. Only what passed the checks is kept,
and only when it reads back as the same level.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

from game import __version__
from game.content import packed
from game.content.errors import ContentError, ContentFileError

log = logging.getLogger(__name__)

FORMAT = 2
MAGIC = b"ambassador level cache %d\n" % FORMAT
MAX_ENTRIES = 20_000  # levels kept per language; a cache past it starts again

Kept = tuple[dict, bytes]  # a level's head and its packed body


def file_signature(path: Path | str) -> list[int] | None:
    """Size, modification time and inode: a changed file changes at least one (None: no file)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ino]


def folder_signature(folder: Path) -> list:
    """Every file directly in `folder` with its signature (the digests a level may cite)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [[name, file_signature(folder / name)] for name in names]


class LevelCache:
    """What `load_all` checked, by level file and language. `folder` None: kept in memory only."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._langs: dict[str, dict[str, Any]] = {}  # lang: path: {"sig": ..., "head"+"body"/"errors": ...}
        self._changed: set[str] = set()
        self.reads = 0  # level files parsed since the cache was made (F5 after no change: none)

    # -- the game's side
    def get(self, path: Path, lang: str, signature: list) -> Kept | ContentFileError | None:
        """The kept (head, packed body) or the problems, when the signature is the one kept."""
        entry = self._entries(lang).get(str(path))
        if type(entry) is not dict or entry.get("sig") != signature:
            return None
        if "errors" in entry:
            errors = _errors(entry["errors"])
            return ContentFileError(errors) if errors else None
        head, body = entry.get("head"), entry.get("body")
        if type(head) is dict and type(body) is bytes:
            return head, body
        return None

    def put(self, path: Path, lang: str, signature: list, result: Kept | ContentFileError) -> None:
        """Keep a level's head and packed body (plain data), or the problems found in its file."""
        self.reads += 1
        entries = self._entries(lang)
        if isinstance(result, ContentFileError):
            value = [[e.path, e.line, e.field, e.message] for e in result.errors]
            entries[str(path)] = {"sig": signature, "errors": value}
        else:
            entries[str(path)] = {"sig": signature, "head": result[0], "body": result[1]}
        self._changed.add(lang)

    def forget_others(self, lang: str, kept: set[str]) -> None:
        """Files gone from the folders leave the cache (of a language read this time: another
        waits until it is read, rather than being read only to be pruned)."""
        if lang not in self._langs:
            return
        entries = self._langs[lang]
        for path in [p for p in entries if p not in kept]:
            del entries[path]
            self._changed.add(lang)

    def save(self) -> None:
        """Write what changed; best effort (a read-only or full data folder only costs the next start)."""
        if self.folder is None:
            self._changed.clear()
            return
        for lang in sorted(self._changed):
            target = self.folder / f"levels-{lang}.bin"
            try:
                packed.write(target, MAGIC, {"version": __version__, "lang": lang, "levels": self._langs[lang]})
            except (OSError, ValueError) as exc:
                log.info("the level cache %s was not written: %s", target, exc)
                continue
            with contextlib.suppress(OSError):  # the JSON cache of the game's earlier versions
                os.unlink(self.folder / f"levels-{lang}.json")
        self._changed.clear()

    # -- inside
    def _entries(self, lang: str) -> dict[str, Any]:
        if lang not in self._langs:
            self._langs[lang] = self._read(lang)
        return self._langs[lang]

    def _read(self, lang: str) -> dict[str, Any]:
        if self.folder is None:
            return {}
        body = packed.read(self.folder / f"levels-{lang}.bin", MAGIC)
        if type(body) is not dict or body.get("version") != __version__ or body.get("lang") != lang:
            return {}
        levels = body.get("levels")
        if type(levels) is not dict or len(levels) > MAX_ENTRIES:
            return {}
        return levels


def library_fingerprint(library: Any) -> str:
    """What a level's check depends on in the library: lessons, sources, titles, questions."""
    digest = hashlib.sha256()
    lessons = sorted((k, v.text, v.source) for k, v in library.lessons.items())
    parts = [lessons, sorted(library.sources), sorted(library.titles.items()), library.lang, library.quoting]
    digest.update(json.dumps(parts, ensure_ascii=False, default=str).encode())
    digest.update(json.dumps(sorted(library.questions.items()), ensure_ascii=False, default=str).encode())
    return digest.hexdigest()


def _errors(raw: Any) -> list[ContentError]:
    if type(raw) is not list:
        return []
    out = []
    for item in raw:
        if not (type(item) is list and len(item) == 4):
            return []
        path, line, field, message = item
        if not (type(path) is str and type(line) is int and type(field) is str and type(message) is str):
            return []
        out.append(ContentError(path, line, field, message))
    return out
