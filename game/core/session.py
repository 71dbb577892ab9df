"""A session: one sitting at the game, whatever screen drives it.

The session owns what a play is about - the level, the seed, solo, team or practice, the teams and
whose turn it is, the play of the team at the keyboard - and what is saved when a level ends. It
takes actions from anyone (keys on the laptop today, a phone tomorrow), steps the rules and reports
events to whoever listens; it never draws and never writes a file. The app saves what a
`LevelDone` event carries, the scenes show what the session holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from game.core.choices import CaseChoice
from game.core.figures import Figures
from game.core.model import Level, Outcome
from game.core.practice import PRACTICE_ID, origin
from game.core.rules import Action, Event, LevelFinished, Play, Resolved, Totals, new_play, step, totals
from game.core.teams import Team, TeamSession


class Kind(str, Enum):
    SOLO = "solo"
    TEAM = "team"
    PRACTICE = "practice"


@dataclass(frozen=True)
class Saving:
    """What a finished level leaves behind: the score (unless it stays off the leaderboard), the
    lessons met and how each case was handled, by the case's own level (practice cases come from
    other levels)."""

    name: str
    level_id: str
    seed: int
    totals: Totals
    leaderboard: bool
    kind: str  # "solo" or "team", as the leaderboard tells them apart
    met: tuple[tuple[str, str], ...]  # (lesson id, level id)
    handled: tuple[tuple[str, str, bool], ...]  # (level id, case id, handled well)
    choices: tuple[CaseChoice, ...] = ()


@dataclass(frozen=True)
class TurnStarted:
    """A play began: a solo level, or the turn of `team` in a team session."""

    team: Team | None


@dataclass(frozen=True)
class LevelDone:
    """The last customer was handled: `saving` is what to keep, before any screen can fail."""

    saving: Saving


SessionEvent = Event | TurnStarted | LevelDone
Listener = Callable[[SessionEvent], None]


@dataclass(eq=False)
class Session:
    """Make one with `Session.solo`, `Session.team` or `Session.practice`; `begin()` starts the
    current play, `act(action)` steps it."""

    level: Level
    figures: Figures
    seed: int
    kind: Kind = Kind.SOLO
    player: str = ""
    teams: TeamSession | None = None
    play: Play | None = None
    last: Resolved | None = None  # the case resolved last, with why it went as it did
    playing: Team | None = None  # the team of the current play (kept while its last outcome shows)
    listeners: list[Listener] = field(default_factory=list)

    @classmethod
    def solo(cls, level: Level, figures: Figures, seed: int, player: str) -> Session:
        return cls(level, figures, seed, Kind.SOLO, player)

    @classmethod
    def team(cls, level: Level, figures: Figures, seed: int, teams: tuple[Team, ...]) -> Session:
        return cls(level, figures, seed, Kind.TEAM, teams=TeamSession(level, seed, teams))

    @classmethod
    def practice(cls, deck: Level, figures: Figures, seed: int, player: str) -> Session:
        return cls(deck, figures, seed, Kind.PRACTICE, player)

    # -- what the session stands at
    @property
    def player_name(self) -> str:
        """Whose score this play is: the team at the keyboard, else the player."""
        return self.playing.name if self.playing is not None else self.player

    @property
    def saves_score(self) -> bool:
        """Practice is for handling customers well: it moves the deck, never the leaderboard."""
        return self.kind is not Kind.PRACTICE

    @property
    def finished(self) -> bool:
        """Every play of the session is over (the last team has played, or the solo level ended)."""
        if self.teams is not None:
            return self.teams.finished
        return self.play is not None and self.play.finished

    # -- actions
    def begin(self) -> Play:
        """Start the play of the current turn: every team meets the same customers and luck."""
        if self.teams is not None and self.teams.finished:
            raise ValueError("every team has already played")
        self.play = new_play(self.level, self.figures, self.seed)
        self.last = None
        self.playing = self.teams.current if self.teams is not None else None
        self._tell(TurnStarted(self.playing))
        return self.play

    def act(self, action: Action) -> list[SessionEvent]:
        """Step the current play; what happened goes to every listener and back to the caller."""
        if self.play is None:
            self.begin()
        assert self.play is not None
        play, events = step(self.play, action)
        self.play = play
        out: list[SessionEvent] = list(events)
        for event in events:
            if isinstance(event, Resolved):
                self.last = event
            elif isinstance(event, LevelFinished):
                saving = self._saving(play, self.player_name)
                if self.teams is not None:
                    self.teams = self.teams.record(play)
                out.append(LevelDone(saving))
        for event in out:
            self._tell(event)
        return out

    def relocalize(self, level: Level) -> None:
        """The same session with the level's text in another language (or freshly reloaded)."""
        if level.id != self.level.id:
            return
        self.level = level
        if self.play is not None:
            self.play = self.play.but(level=level)
        if self.teams is not None:
            self.teams = self.teams.relocalize(level)

    # -- inside
    def _saving(self, play: Play, name: str) -> Saving:
        met, handled, choices = [], [], []
        lessons = {c.id: c.lesson for c in play.level.cases}
        for r in play.results:
            level_id, case_id = origin(r.case_id) if play.level.id == PRACTICE_ID else (play.level.id, r.case_id)
            met.append((lessons.get(r.case_id, ""), level_id))
            handled.append((level_id, case_id, r.outcome is not Outcome.LOST))
            choices.append(
                CaseChoice(
                    level_id,
                    case_id,
                    r.response.value,
                    r.outcome.value,
                    r.asked,
                    r.apologised,
                    r.timed_out,
                    r.minutes,
                    r.money,
                    r.score,
                )
            )
        return Saving(
            name=name,
            level_id=play.level.id,
            seed=play.seed,
            totals=totals(play),
            leaderboard=self.saves_score,
            kind="team" if self.teams is not None else "solo",
            met=tuple(met),
            handled=tuple(handled),
            choices=tuple(choices),
        )

    def _tell(self, event: SessionEvent) -> None:
        for listener in list(self.listeners):
            listener(event)
