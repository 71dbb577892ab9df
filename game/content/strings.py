"""String tables: every word the interface shows, keyed by id, one YAML file per language."""

from __future__ import annotations

from pathlib import Path

from game import paths
from game.content import yamlfile
from game.content.errors import ContentError, ContentFileError
from game.content.schema import MapOf, Problems, Text

DEFAULT = "en"


def languages(folder: Path = paths.STRINGS) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.yaml"))


def _read(path: Path) -> dict[str, str]:
    doc = yamlfile.read(path, keep=True)
    problems = Problems()
    table = MapOf(Text(600), key_pattern=r"[a-z0-9_.]+").check(doc.data, (), problems)
    if problems.items:
        raise ContentFileError(doc.errors(problems.items))
    return table


class Strings:
    """`strings(KEY, n=3)` gives the text in the chosen language, English where a key is missing."""

    def __init__(self, table: dict[str, str], fallback: dict[str, str], lang: str) -> None:
        self.table = table
        self.fallback = fallback
        self.lang = lang

    def __call__(self, key: str, **values: object) -> str:
        text = self.table.get(key) or self.fallback.get(key)
        if text is None:
            return f"<{key}>"
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self.table or key in self.fallback


def list_separator(lang: str) -> str:
    """The separator a spreadsheet set up for the language splits a CSV on: Nordic settings use
    the decimal comma, so their list separator is `;`."""
    return ";" if lang in ("nb", "da", "sv") else ","


def load_strings(lang: str = DEFAULT, folder: Path = paths.STRINGS) -> Strings:
    if lang not in languages(folder):
        known = ", ".join(languages(folder))
        raise ContentFileError(
            [ContentError(str(folder / f"{lang}.yaml"), 0, "", f"no such language; expected one of: {known}")]
        )
    fallback = _read(folder / f"{DEFAULT}.yaml")
    table = fallback if lang == DEFAULT else _read(folder / f"{lang}.yaml")
    return Strings(table, fallback, lang)
