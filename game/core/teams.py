"""Hot-seat team play: every team plays the same level with the same seed, one after the other.

Pure data and rules: the ranking, whose turn it is, and the side-by-side comparison for the
debrief. Scenes and the score store only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from game.core.model import Level
from game.core.rules import CaseResult, Play, Totals, totals

MAX_TEAMS = 8


@dataclass(frozen=True)
class Team:
    name: str
    badge: int  # index into the badge table: a colour and a shape, so teams differ without colour


@dataclass(frozen=True)
class Turn:
    team: Team
    play: Play

    @property
    def totals(self) -> Totals:
        return totals(self.play)

    @property
    def results(self) -> tuple[CaseResult, ...]:
        return self.play.results


@dataclass(frozen=True)
class TeamSession:
    level: Level
    seed: int
    teams: tuple[Team, ...]
    turns: tuple[Turn, ...] = field(default=())

    def __post_init__(self) -> None:
        if not 1 <= len(self.teams) <= MAX_TEAMS:
            raise ValueError(f"a session has 1 to {MAX_TEAMS} teams")

    @property
    def current(self) -> Team | None:
        """The team whose turn it is, or None when every team has played."""
        return self.teams[len(self.turns)] if len(self.turns) < len(self.teams) else None

    @property
    def finished(self) -> bool:
        return self.current is None

    def relocalize(self, level: Level) -> TeamSession:
        """The same session with the level's text in another language (or freshly reloaded)."""
        turns = tuple(replace(t, play=t.play.but(level=level)) for t in self.turns)
        return replace(self, level=level, turns=turns)

    def record(self, play: Play) -> TeamSession:
        if self.current is None:
            raise ValueError("every team has already played")
        if not play.finished or play.seed != self.seed or play.level.id != self.level.id:
            raise ValueError("a turn must be a finished play of this session's level and seed")
        return replace(self, turns=(*self.turns, Turn(self.current, play)))

    def ranking(self) -> list[Turn]:
        """Best first: score, then more ambassadors, then fewer lost customers; ties keep play order."""
        order = {id(t): i for i, t in enumerate(self.turns)}
        return sorted(self.turns, key=lambda t: (-t.totals.score, -t.totals.ambassadors, t.totals.lost, order[id(t)]))

    def places(self) -> list[tuple[int, Turn]]:
        """Ranking with shared places for exact ties (1, 2, 2, 4)."""
        out: list[tuple[int, Turn]] = []
        for i, turn in enumerate(self.ranking()):
            key = (turn.totals.score, turn.totals.ambassadors, turn.totals.lost)
            prev = out[-1] if out else None
            same = prev and (prev[1].totals.score, prev[1].totals.ambassadors, prev[1].totals.lost) == key
            out.append((prev[0] if same else i + 1, turn))
        return out

    def by_case(self) -> list[tuple[str, list[tuple[Team, CaseResult]]]]:
        """For the room's debrief: case by case, what each team did and what it brought."""
        return [
            (case.id, [(t.team, t.results[i]) for t in self.turns if i < len(t.results)])
            for i, case in enumerate(self.level.cases)
        ]
