"""Loading the word-of-mouth figures from `assets/figures.yaml`."""

from __future__ import annotations

from pathlib import Path

from game import paths
from game.content import yamlfile
from game.content.errors import ContentError, ContentFileError, field_name
from game.content.schema import Key, Number, Problems, Record, Text
from game.core.figures import FIGURE_NAMES, SHARES, Figure, Figures


def _spec() -> Record:
    keys = {}
    for name in FIGURE_NAMES:
        value = Number(0, 1, integer=False) if name in SHARES else Number(0, 1000)
        keys[name] = Key(Record({"value": Key(value), "source": Key(Text(200)), "note": Key(Text(600))}))
    return Record(keys)


def load_figures(path: Path | str = paths.FIGURES) -> Figures:
    doc = yamlfile.read(path)
    problems = Problems()
    data = _spec().check(doc.data, (), problems)
    if problems.items:
        raise ContentFileError([ContentError(doc.path, doc.line(p), field_name(p), m) for p, m in problems.items])
    return Figures(**{n: Figure(n, data[n]["value"], data[n]["source"], data[n]["note"]) for n in FIGURE_NAMES})
