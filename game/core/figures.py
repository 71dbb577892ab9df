"""The word-of-mouth figures the rules run on, each carried with the source it comes from.

The values themselves live in `assets/figures.yaml`; the core only knows their names, so a
company can put in its own figures without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass

FIGURE_NAMES: tuple[str, ...] = (
    "ambassador_tells",
    "lost_tells",
    "silent_per_complaint",
    "fix_satisfies",
    "fix_with_apology_satisfies",
    "apology_minutes",
)

# Which figures are shares (0..1) rather than counts.
SHARES: frozenset[str] = frozenset({"fix_satisfies", "fix_with_apology_satisfies"})


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    source: str
    note: str

    def __str__(self) -> str:
        if self.name in SHARES:
            return f"{round(self.value * 100)}\u00a0%"
        return f"{self.value:g}"


@dataclass(frozen=True)
class Figures:
    ambassador_tells: Figure
    lost_tells: Figure
    silent_per_complaint: Figure
    fix_satisfies: Figure
    fix_with_apology_satisfies: Figure
    apology_minutes: Figure

    def all(self) -> tuple[Figure, ...]:
        return tuple(getattr(self, name) for name in FIGURE_NAMES)
