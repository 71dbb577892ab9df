"""Loading the word-of-mouth figures from `assets/figures.yaml`.

Each figure names its source by id (a digest in `seeds/`, or another source in
`assets/sources.yaml`), so players see the source's title in their own language; `via` names
whoever the source quotes the figure from (Groove, for the word-of-mouth numbers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from game import paths
from game.content import yamlfile
from game.content.errors import ContentFileError
from game.content.schema import Key, MapOf, Number, Problems, Record, Spec, Text, describe
from game.content.sources import ID, LANG, SOURCES, load_sources
from game.core.figures import FIGURE_NAMES, SHARES, Figure, Figures


@dataclass(frozen=True)
class SourcedFigure(Figure):
    """A figure with whoever its source quotes it from, in each language: (("", "Groove"),) for a
    name said the same everywhere, (("en", ...), ("nb", ...)) for words that translate."""

    via: tuple[tuple[str, str], ...] = ()

    def via_in(self, lang: str) -> str:
        words = dict(self.via)
        return words.get(lang) or words.get("en") or words.get("", "")


class Via(Spec):
    """A name (`via: Groove`) or the same words per language (`via: {en: ..., nb: ...}`)."""

    expected = "a name, or a mapping of languages to words"

    def check(self, value, path, problems):
        if isinstance(value, dict):
            words = MapOf(Text(80), key_pattern=LANG).check(value, path, problems)
            return tuple(sorted((words or {}).items()))
        text = Text(80).check(value, path, problems)
        return (("", text),) if text else ()


def _spec() -> Record:
    keys = {}
    for name in FIGURE_NAMES:
        value = Number(0, 1, integer=False) if name in SHARES else Number(0, 1000)
        keys[name] = Key(
            Record(
                {
                    "value": Key(value),
                    "source": Key(Text(200)),
                    "via": Key(Via(), required=False, default=()),
                    "note": Key(Text(600)),
                }
            )
        )
    return Record(keys)


def known_ids(sources_path: Path = SOURCES, seeds_dir: Path = paths.SEEDS) -> frozenset[str]:
    """Every source id a figure may name: the titled sources and the digests in seeds/."""
    seeds = {p.stem for p in seeds_dir.glob("*.md") if p.stem.lower() != "readme"}
    try:
        titled = set(load_sources(sources_path).titles)
    except ContentFileError:
        titled = set()  # reported by `check` on its own
    return frozenset(seeds | titled)


def load_figures(path: Path | str = paths.FIGURES, sources: frozenset[str] | None = None) -> Figures:
    doc = yamlfile.read(path, keep=True)
    problems = Problems()
    data = _spec().check(doc.data, (), problems)
    known = known_ids() if sources is None else sources
    for name in FIGURE_NAMES:
        source = ((data or {}).get(name) or {}).get("source")
        if source and known and re.fullmatch(ID, source) and source not in known:
            problems.add(
                (name, "source"),
                f"expected the id of a source in seeds/ or assets/sources.yaml ({', '.join(sorted(known))}),"
                f" or a title in words, got {describe(source)}",
            )
    if problems.items:
        raise ContentFileError(doc.errors(problems.items))
    return Figures(
        **{
            n: SourcedFigure(n, data[n]["value"], data[n]["source"], data[n]["note"], data[n]["via"])
            for n in FIGURE_NAMES
        }
    )
