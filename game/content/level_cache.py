"""Level files read once: what was checked is kept, keyed by the files it came from.

A trainer's folder may hold a thousand levels; parsing and checking every one at each start and
each F5 costs seconds. The cache keeps, for each level file in each language, the checked data (or
the problems found) with a signature of everything the result depends on: the file, its
translation, the digests beside it, the game's library and the game's version. A file whose
signature is unchanged is not read again; F5 reads only what changed.

On disk it is one JSON file per language in the data folder's `cache/`. It is ours, but it is
read like any file from outside: anything unexpected in it (damage, another version, an entry
that does not build a level) only means the levels are read again. Only what passed the checks
is kept, and only when it reads back as the same level.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from game import __version__
from game.content.errors import ContentError, ContentFileError

log = logging.getLogger(__name__)

FORMAT = 1
MAX_BYTES = 256 * 1024 * 1024  # a cache file larger than this is not ours
MAX_ENTRIES = 20_000  # levels kept per language; a cache past it starts again


def file_signature(path: Path) -> list[int] | None:
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
        self._langs: dict[str, dict[str, Any]] = {}  # lang: path: {"sig": ..., "data"/"errors": ...}
        self._changed: set[str] = set()
        self.reads = 0  # level files parsed since the cache was made (F5 after no change: none)

    # -- the game's side
    def get(self, path: Path, lang: str, signature: list) -> tuple[dict, dict] | ContentFileError | None:
        """The checked (data, own sources) or the problems, when the signature is the one kept."""
        entry = self._entries(lang).get(str(path))
        if not isinstance(entry, dict) or entry.get("sig") != signature:
            return None
        if "errors" in entry:
            errors = _errors(entry["errors"])
            return ContentFileError(errors) if errors else None
        data, own = entry.get("data"), entry.get("own")
        if isinstance(data, dict) and isinstance(own, dict):
            return data, own
        return None

    def put(self, path: Path, lang: str, signature: list, result: tuple[dict, dict] | ContentFileError) -> None:
        self.reads += 1
        entries = self._entries(lang)
        if isinstance(result, ContentFileError):
            value = [[e.path, e.line, e.field, e.message] for e in result.errors]
            entries[str(path)] = {"sig": signature, "errors": value}
        else:
            entries[str(path)] = {"sig": signature, "data": result[0], "own": result[1]}
        self._changed.add(lang)

    def forget_others(self, lang: str, kept: set[str]) -> None:
        """Files gone from the folders leave the cache."""
        entries = self._entries(lang)
        for path in [p for p in entries if p not in kept]:
            del entries[path]
            self._changed.add(lang)

    def save(self) -> None:
        """Write what changed; best effort (a read-only or full data folder only costs the next start)."""
        if self.folder is None:
            self._changed.clear()
            return
        for lang in sorted(self._changed):
            target = self.folder / f"levels-{lang}.json"
            body = {"format": FORMAT, "version": __version__, "lang": lang, "levels": self._langs[lang]}
            tmp = None
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=".levels-", dir=self.folder)
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump(body, f, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, target)
            except (OSError, TypeError, ValueError) as exc:
                log.info("the level cache %s was not written: %s", target, exc)
                if tmp is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
        self._changed.clear()

    # -- inside
    def _entries(self, lang: str) -> dict[str, Any]:
        if lang not in self._langs:
            self._langs[lang] = self._read(lang)
        return self._langs[lang]

    def _read(self, lang: str) -> dict[str, Any]:
        if self.folder is None:
            return {}
        path = self.folder / f"levels-{lang}.json"
        try:
            with open(path, "rb") as f:
                if not os.path.isfile(path) or os.fstat(f.fileno()).st_size > MAX_BYTES:
                    return {}
                body = json.loads(f.read())
        except (OSError, ValueError, RecursionError):
            return {}
        if not isinstance(body, dict) or body.get("format") != FORMAT or body.get("version") != __version__:
            return {}
        levels = body.get("levels")
        if body.get("lang") != lang or not isinstance(levels, dict) or len(levels) > MAX_ENTRIES:
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
    if not isinstance(raw, list):
        return []
    out = []
    for item in raw:
        if not (isinstance(item, list) and len(item) == 4):
            return []
        path, line, field, message = item
        if not (isinstance(path, str) and type(line) is int and isinstance(field, str) and isinstance(message, str)):
            return []
        out.append(ContentError(path, line, field, message))
    return out
