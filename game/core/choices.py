"""What a player chose in each case, as the score file and the trainer's report keep it.

Its own module, apart from the session that makes these, so the score file can read them back
without loading the rules before the first frame.
"""

from __future__ import annotations

from typing import NamedTuple


class CaseChoice(NamedTuple):
    """One case as the player met it, for the trainer's report: what was chosen and what it brought.
    The case's own level (a practice case comes from another level)."""

    level_id: str
    case_id: str
    response: str  # ignore / fix / exceed
    outcome: str  # lost / satisfied / ambassador
    asked: bool
    apologised: bool
    timed_out: bool
    minutes: int
    money: int
    score: int
