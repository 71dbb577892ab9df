"""The sources a player sees cited: each digest's title in every language (`assets/sources.yaml`),
and the digests a trainer keeps beside a level (`sources/<id>.md`). Players read titles, never
file names or ids; the ids are for the people who write levels.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path

from game import paths
from game.content import yamlfile
from game.content.errors import ContentFileError
from game.content.schema import Key, MapOf, Problems, Record, Text, describe

SOURCES = paths.ASSETS / "sources.yaml"
OWN_FOLDER = "sources"  # beside a level file: the trainer's own digests, one `<id>.md` each
ID = r"[a-z0-9][a-z0-9_-]*"
LANG = r"[a-z]{2,3}"
DEFAULT_QUOTING = "{source} ({via})"


@dataclass(frozen=True)
class SourceTable:
    """Titles by source id and language, and how a source quoting another is worded per language."""

    titles: dict[str, dict[str, str]] = field(default_factory=dict)
    quoting: dict[str, str] = field(default_factory=dict)

    def title(self, source: str, lang: str) -> str | None:
        words = self.titles.get(source) or {}
        return words.get(lang) or words.get("en")


def load_sources(path: Path = SOURCES) -> SourceTable:
    doc = yamlfile.read(path, keep=True)
    problems = Problems()
    spec = Record(
        {
            "quoting": Key(MapOf(Text(120), key_pattern=LANG), required=False, default={}),
            "titles": Key(MapOf(MapOf(Text(120), key_pattern=LANG), key_pattern=ID)),
        }
    )
    data = spec.check(doc.data, (), problems)
    for lang, words in ((data or {}).get("quoting") or {}).items():
        if words and _fields(words) != {"source", "via"}:
            problems.add(("quoting", lang), f"expected a text with {{source}} and {{via}} in it, got {describe(words)}")
    if problems.items:
        raise ContentFileError(doc.errors(problems.items))
    return SourceTable({k: dict(v or {}) for k, v in data["titles"].items()}, dict(data["quoting"] or {}))


def _fields(text: str) -> set[str] | None:
    """The {names} a text fills in, or None when its braces are broken."""
    try:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}
    except ValueError:
        return None


def digest_title(path: Path) -> str | None:
    """A digest's title: the first `# ` heading of the file (None when unreadable or without one).
    Read as a level is (a plain file, at most its size limit): a digest beside a trainer's level
    may be anything a folder can hold."""
    try:
        lines = yamlfile.read_bytes(path).decode("utf-8-sig").splitlines()
    except (ContentFileError, UnicodeDecodeError):
        return None
    return next((ln[2:].strip() for ln in lines if ln.startswith("# ") and ln[2:].strip()), None)


def own_digests(level_folder: Path) -> dict[str, str]:
    """The digests in `sources/` beside a level file, by id (the file name without .md): their titles."""
    folder = level_folder / OWN_FOLDER
    if not folder.is_dir():
        return {}
    out = {}
    for md in sorted(folder.glob("*.md")):
        if re.fullmatch(ID, md.stem) and md.stem.lower() != "readme":
            out[md.stem] = digest_title(md) or md.stem.replace("-", " ").capitalize()
    return out
