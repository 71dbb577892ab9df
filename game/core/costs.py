"""What a move costs: the one rule the case screen, the rules, the planner and the practice deck
share. Its own module, apart from the rules' play, so the level list can ask the practice deck's
questions without loading the rules before the first frame.
"""

from __future__ import annotations

from game.core.figures import Figures
from game.core.model import Case, Cost, Response


def move_cost(
    figures: Figures, case: Case, response: Response, *, asked: bool = False, apologised: bool = False
) -> Cost:
    """What a response to `case` takes: its own cost, the question's minutes when `asked` (and the
    case has a question) and the figures' apology minutes when `apologised`. The one place the cost
    of a move is worked out: the screens, the rules that allow and charge it and the simulator's
    planner all ask here, so what is shown, allowed, charged and planned cannot drift apart."""
    cost = case.choices[response].cost
    extra = question_minutes(case) if asked else 0
    if apologised:
        extra += apology_minutes_of(figures)
    return Cost(cost.minutes + extra, cost.money) if extra else cost  # the common move makes nothing new


def question_minutes(case: Case) -> int:
    """The minutes a case's question takes (none without one)."""
    return case.ask.minutes if case.ask is not None else 0


def apology_minutes_of(figures: Figures) -> int:
    """The minutes an apology adds to a response, by the figures."""
    return int(figures.apology_minutes.value)
