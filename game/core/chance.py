"""Seeded chance, split into independent streams.

Each draw gets its own generator, seeded from the session seed and a label naming what it is for
(the case, the purpose). So a draw never depends on how many draws came before it: asking a
question or adding an animation cannot shift the luck, and two teams on the same seed meet the
same luck case by case. `random.Random` seeded with a string is stable across machines and runs.
"""

from __future__ import annotations

import random
from hashlib import blake2b


def stream(seed: int | str, *labels: str) -> random.Random:
    return random.Random("/".join([str(seed), *labels]))


def draw(seed: int | str, *labels: str) -> float:
    """One uniform number in [0, 1) for the given purpose: 53 bits of a BLAKE2 hash of the seed
    and the labels, the same on every machine and cheap enough for the simulator's millions."""
    key = f"{seed}/{'/'.join(labels)}" if labels else str(seed)  # the same text as "/".join, built faster
    digest = blake2b(key.encode(), digest_size=8).digest()
    return (int.from_bytes(digest, "big") >> 11) * _SCALE


_SCALE = 1.0 / (1 << 53)
