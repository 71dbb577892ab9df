"""A name a person types (a team, a player): checked once, the same everywhere it is kept.

Its own module, apart from the team session's rules, so the score file and the settings can
check a name without loading the rules before the first frame.
"""

from __future__ import annotations

import unicodedata

MAX_NAME = 40


def clean_name(raw: str, fallback: str = "") -> str:
    """A name as data: control and format characters dropped, spaces squeezed, length capped."""
    spaced = (" " if ch.isspace() else ch for ch in raw)
    kept = "".join(ch for ch in spaced if unicodedata.category(ch)[0] != "C")
    name = " ".join(kept.split())[:MAX_NAME]
    return name or fallback
