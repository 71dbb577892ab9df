"""Session seeds as short codes a room can read aloud and another room can type in.

Crockford's base 32 (no I, L, O, U), so 0/O and 1/I/L typed either way mean the same; a check
character catches a mistyped code instead of silently playing a different session.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
MAX_SEED = 32**5 - 1  # five data characters: plenty of sessions, short to type
_PAIRS = [a + b for a in ALPHABET for b in ALPHABET]  # 0..1023 as two characters
_READ = {c: i for i, c in enumerate(ALPHABET)} | {"O": 0, "I": 1, "L": 1}


def encode(seed: int) -> str:
    """12345 -> '00C-1SX': five characters of seed and one check character."""
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be between 0 and {MAX_SEED}")
    # two characters a table lookup: a million scores are listed with their codes
    return f"{ALPHABET[seed >> 20]}{_PAIRS[(seed >> 10) & 1023]}-{_PAIRS[seed & 1023]}{ALPHABET[_check(seed)]}"


def _check(seed: int) -> int:
    return (seed * 7 + seed // 32 * 3 + 11) % 32


def sql(column: str) -> str:
    """`encode` in SQLite's SQL, with a number out of range as its digits (`ScoreRow.code`), so a
    list of a million scores is written by the database: the same code, character for character."""

    def char(n: str) -> str:
        return f"substr('{ALPHABET}', ({n}) + 1, 1)"

    s = column
    parts = [f"{s} >> 20", f"({s} >> 15) & 31", f"({s} >> 10) & 31", None, f"({s} >> 5) & 31", f"{s} & 31"]
    code = " || ".join("'-'" if n is None else char(n) for n in parts)
    check = char(f"({s} * 7 + {s} / 32 * 3 + 11) % 32")  # `_check`: SQLite's / is // for a seed not below 0
    return f"CASE WHEN {s} BETWEEN 0 AND {MAX_SEED} THEN {code} || {check} ELSE CAST({s} AS TEXT) END"


def decode(text: str) -> int:
    """A code (any case, dashes and spaces ignored) or a plain number back to the seed."""
    raw = text.strip()
    if raw.isdigit():
        seed = int(raw)
        if seed > MAX_SEED:
            raise ValueError(f"a seed number must be at most {MAX_SEED}")
        return seed
    cleaned = raw.upper().replace("-", "").replace(" ", "")
    if len(cleaned) != 6 or any(c not in _READ for c in cleaned):
        raise ValueError(f"expected a session code like {EXAMPLE}, got {text!r}")
    seed = 0
    for c in cleaned[:5]:
        seed = seed * 32 + _READ[c]
    if _READ[cleaned[5]] != _check(seed):
        raise ValueError(f"the code {text!r} has a typo: its last character does not match")
    return seed


EXAMPLE = encode(3782535)  # "3KD-W7G": the code the messages and the README show
