"""A yardstick for a score: the worst and the best the balance simulator reaches on a level.

"-33" means little alone; between -126 and +18 it says how the shift went. The range is found by
playing the level with every fixed strategy and the planner over the same seeds every time, so the
same level and figures give the same range on every machine and in every run.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.core.figures import Figures
from game.core.model import Level
from game.core.rules import totals
from game.core.simulator import STRATEGIES, play_level

RUNS = 12  # seeds 1..RUNS for each strategy: enough luck to find a good and a bad run


@dataclass(frozen=True)
class Yardstick:
    worst: int
    best: int

    def share(self, score: int) -> float:
        """Where `score` sits from worst (0) to best (1), clamped: a player can beat the simulator."""
        if self.best <= self.worst:
            return 1.0
        return min(max((score - self.worst) / (self.best - self.worst), 0.0), 1.0)


def yardstick(level: Level, figures: Figures) -> Yardstick:
    """The lowest and the highest score of every strategy over seeds 1..RUNS."""
    scores = [
        totals(play_level(level, figures, seed, strategy)).score
        for strategy in STRATEGIES.values()
        for seed in range(1, RUNS + 1)
    ]
    return Yardstick(min(scores), max(scores))


def _costs(choices: dict) -> tuple:
    return tuple(sorted((r.value, c.cost.minutes, c.cost.money) for r, c in choices.items()))


def fingerprint(level: Level) -> tuple:
    """Everything the rules read from a level, and nothing of its words: a translated or reworded
    level keeps its yardstick, a level with new costs gets a new one."""
    return (
        level.id,
        level.shift_minutes,
        level.budget,
        tuple(
            (
                c.id,
                c.complaint,
                c.ask.minutes if c.ask else -1,
                _costs(c.choices),
                tuple((v.when, _costs(v.choices), v.ask.minutes if v.ask else -1) for v in c.variants),
            )
            for c in level.cases
        ),
    )
