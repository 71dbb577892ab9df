"""Reading a CSV export back as a spreadsheet would, for the store's tests."""

from __future__ import annotations

import csv
import re


def read_export(path, sep=","):
    with open(path, encoding="utf-8-sig", newline="") as f:
        assert not f.read(4).startswith("sep=")  # no hint line: with one, Excel drops the BOM and garbles Ø
        f.seek(0)
        return list(csv.DictReader(f, delimiter=sep))


def formula_like(cell: str) -> bool:
    """What a spreadsheet may run, per OWASP: a cell starting with = + - @, tab, CR or LF, also after
    spaces (written here on its own, not taken from the code under test)."""
    return re.match(r"[^\S\t\r\n]*[=+\-@\t\r\n]", cell) is not None
