"""Room play: every team answers the same customer at the same time, from its own phones.

The rules of a room, pure and single-threaded: who is in which team, each team's own play (a
`Session` per team, all on the same seed, so the rules and the saving are the session's own), the
vote inside a team (the majority of its phones' votes; a tie goes to the response voted first), the
decision timer (a team that gives no answer in time has ignored the customer) and the reveal. The
server, the phones and the projector only feed it actions and read what it holds; every method that
a phone drives answers None when it was done, or the code of the reason it was not (see
docs/room.md), and changes nothing else then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from game.core.figures import Figures
from game.core.model import RESPONSES, Level, Response
from game.core.names import clean_name
from game.core.rules import AskQuestion, Choose, Resolved, TimeOut, ToggleApology, why_not, why_not_ask
from game.core.session import Listener, Session, SessionEvent
from game.core.teams import MAX_TEAMS, Team

MAX_PHONE_NAME = 24
MAX_PHONES = 400  # phones a room keeps track of, present or gone: a workshop has far fewer


class TeamNamesError(ValueError):
    """Team names given beforehand that cannot make a room: `code` (a string-table key's end) and
    `value` say why, for a screen; the message says it in one line for the terminal."""

    def __init__(self, code: str, value: object, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.value = value


def teams_from(text: str) -> tuple[Team, ...]:
    """Teams from names separated by commas ("Fjord, Bre, Dal"), cleaned as typed names are; up to
    eight, no two alike. Empty text: no teams (the phones create them)."""
    names = [name for name in (clean_name(part) for part in text.split(",")) if name]
    if len(names) > MAX_TEAMS:
        raise TeamNamesError("too_many_teams", MAX_TEAMS, f"at most {MAX_TEAMS} teams, got {len(names)}")
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            raise TeamNamesError("same_name", name, f"two teams share the name {name!r}")
        seen.add(name.casefold())
    return tuple(Team(name, i) for i, name in enumerate(names))


class Phase(str, Enum):
    LOBBY = "lobby"  # phones join; the facilitator starts
    OPEN = "open"  # the case is open: phones vote
    CLOSED = "closed"  # every team has answered (or the time ran out): the room waits for the reveal
    REVEALED = "revealed"  # each team's response and outcome are shown
    FINISHED = "finished"  # the last customer was revealed: podium and ranking


@dataclass
class Phone:
    token: str  # the phone's secret, kept by the page so a reload comes back as the same phone
    name: str
    team: int | None = None  # index into Room.teams
    present: bool = True


@dataclass(frozen=True)
class Vote:
    response: Response
    order: int  # when it was cast: a tie goes to the earlier vote


@dataclass(eq=False)
class TeamPlay:
    """One team's own play of the level, its votes on the open case and what it decided."""

    team: Team
    session: Session
    votes: dict[str, Vote] = field(default_factory=dict)  # phone token -> its vote on the open case
    decision: Response | None = None
    timed_out: bool = False
    last: Resolved | None = None  # the case revealed last, for this team

    @property
    def decided(self) -> bool:
        return self.decision is not None or self.timed_out

    def tally(self) -> dict[Response, int]:
        out = dict.fromkeys(RESPONSES, 0)
        for vote in self.votes.values():
            out[vote.response] += 1
        return out

    def majority(self) -> Response | None:
        """The response most votes went to; a tie goes to the response voted for first."""
        if not self.votes:
            return None
        first: dict[Response, int] = {}
        for vote in self.votes.values():
            first[vote.response] = min(first.get(vote.response, vote.order), vote.order)
        tally = self.tally()
        return min(first, key=lambda r: (-tally[r], first[r]))


class Room:
    """A room session. `teams` may be set beforehand or created from the phones in the lobby (up to
    eight); `start()` gives every team with a phone its own play of `level` on `seed`."""

    def __init__(
        self,
        level: Level,
        figures: Figures,
        seed: int,
        code: str,
        teams: tuple[Team, ...] = (),
        auto_reveal: bool = False,
        decision_seconds: float | None = None,
    ) -> None:
        if len(teams) > MAX_TEAMS:
            raise ValueError(f"a room has at most {MAX_TEAMS} teams")
        self.level = level
        self.figures = figures
        self.seed = seed
        self.code = code
        self.teams: list[Team] = list(teams)
        self.auto_reveal = auto_reveal
        self.decision_seconds = decision_seconds
        self.phones: dict[str, Phone] = {}
        self.plays: dict[int, TeamPlay] = {}  # team index -> its play, once started
        self.phase = Phase.LOBBY
        self.paused = False
        self.waited = 0.0  # seconds the open case has waited
        self.session: Session | None = None  # every team's finished play, for the podium and debrief
        self.listeners: list[Listener] = []  # hear every team's session events (LevelDone: save it)
        self.version = 0  # goes up with every change a screen or a phone would show
        self.dirty: set[int | None] = set()  # teams whose phones must hear the news; None: everyone
        self._order = 0

    # -- what the room stands at
    @property
    def index(self) -> int:
        """The current case's position (every team's play is on the same case)."""
        play = next(iter(self.plays.values())).session.play if self.plays else None
        if play is None:
            return 0
        return play.index - (1 if self.phase in (Phase.REVEALED, Phase.FINISHED) else 0)

    @property
    def case(self):
        """The customer on the projector: the case as the level has it (a variant may differ per team)."""
        if not self.plays or self.phase is Phase.LOBBY:
            return None
        return self.level.cases[min(self.index, len(self.level.cases) - 1)]

    @property
    def seconds_left(self) -> float | None:
        if self.decision_seconds is None or self.phase is not Phase.OPEN:
            return None
        return max(self.decision_seconds - self.waited, 0.0)

    def phones_of(self, team: int, present_only: bool = True) -> list[Phone]:
        return [p for p in self.phones.values() if p.team == team and (p.present or not present_only)]

    def playing(self) -> list[int]:
        """The teams that play, in order (every team in the lobby; those with a phone once started)."""
        return sorted(self.plays) if self.plays else list(range(len(self.teams)))

    # -- phones coming and going
    def connect(self, token: str) -> Phone | None:
        """A phone comes (back): its name, team and vote are as it left them. None for a new one."""
        phone = self.phones.get(token)
        if phone is not None and not phone.present:
            phone.present = True
            self._changed(phone.team)
            self._check_decided(phone.team)
        return phone

    def disconnect(self, token: str) -> None:
        phone = self.phones.get(token)
        if phone is not None and phone.present:
            phone.present = False
            self._changed(phone.team)
            self._check_decided(phone.team)  # the phones still there may all have voted

    def join(self, token: str, name: str, team: int | None = None, new_team: str | None = None) -> str | None:
        """A phone takes a name and a team: an existing one by its index, or a new one by its name
        (only in the lobby, up to eight teams). A phone that joined before may change team only in
        the lobby; its name may change at any time."""
        clean = clean_name(name)[:MAX_PHONE_NAME].strip()
        if not clean:
            return "bad_name"
        phone = self.phones.get(token)
        if phone is None and len(self.phones) >= MAX_PHONES:
            return "room_full"
        if new_team is not None:
            if self.phase is not Phase.LOBBY:
                return "started"
            team_name = clean_name(new_team)
            if not team_name:
                return "bad_name"
            if any(t.name.casefold() == team_name.casefold() for t in self.teams):
                return "name_taken"
            if len(self.teams) >= MAX_TEAMS:
                return "teams_full"
            self.teams.append(Team(team_name, len(self.teams)))
            team = len(self.teams) - 1
        if team is None or team not in self.playing():
            return "no_such_team"
        if phone is not None and phone.team is not None and phone.team != team and self.phase is not Phase.LOBBY:
            return "started"
        if phone is None:
            phone = self.phones[token] = Phone(token, clean)
        old = phone.team
        phone.name, phone.team, phone.present = clean, team, True
        self._changed(None if new_team is not None or old != team else team)
        if old is not None and old != team:
            self._changed(old)
        return None

    # -- the facilitator
    def start(self) -> str | None:
        """Every team with a phone gets its own play; a team nobody joined sits out."""
        if self.phase is not Phase.LOBBY:
            return "started"
        joined = sorted({p.team for p in self.phones.values() if p.team is not None})
        if not joined:
            return "no_phones"
        for i in joined:
            session = Session.team(self.level, self.figures, self.seed, (self.teams[i],))
            session.listeners.append(self._tell)
            session.begin()
            self.plays[i] = TeamPlay(self.teams[i], session)
        self.session = Session.team(self.level, self.figures, self.seed, tuple(self.teams[i] for i in joined))
        self._open()
        return None

    def elapse(self, dt: float) -> None:
        """Time passes on the projector: the open case waits (not while paused)."""
        if self.phase is not Phase.OPEN or self.paused or self.decision_seconds is None:
            return
        before = int(self.waited)
        self.waited += dt
        if self.waited >= self.decision_seconds:
            self.close()
        elif int(self.waited) != before:
            self.version += 1  # the projector's clock

    def close(self) -> None:
        """No more votes: each team that has not decided takes its majority, or has ignored the
        customer when none of its phones voted."""
        if self.phase is not Phase.OPEN:
            return
        for i, tp in self.plays.items():
            if not tp.decided:
                tp.decision = tp.majority()
                tp.timed_out = tp.decision is None
                self._changed(i)
        self.phase = Phase.CLOSED
        self._changed(None)
        if self.auto_reveal:
            self.reveal()

    def reveal(self) -> str | None:
        """Every team's answer goes to its own play: each phone sees its team's outcome."""
        if self.phase is Phase.OPEN:
            auto, self.auto_reveal = self.auto_reveal, False
            self.close()
            self.auto_reveal = auto
        if self.phase is not Phase.CLOSED:
            return "not_closed"
        self.phase = Phase.REVEALED  # before the sessions step: the last one's LevelDone sees it
        for tp in self.plays.values():
            action = TimeOut() if tp.timed_out or tp.decision is None else Choose(tp.decision)
            events = tp.session.act(action)
            tp.last = next((e for e in events if isinstance(e, Resolved)), tp.last)
        self._changed(None)
        return None

    def next(self) -> str | None:
        """The next customer, or the end: every team's play goes to the room's session for the podium."""
        if self.phase is not Phase.REVEALED:
            return "not_revealed"
        plays = list(self.plays.values())
        if all(tp.session.play is not None and tp.session.play.finished for tp in plays):
            assert self.session is not None and self.session.teams is not None
            for tp in plays:
                assert tp.session.play is not None
                self.session.teams = self.session.teams.record(tp.session.play)
            self.phase = Phase.FINISHED
            self._changed(None)
            return None
        self._open()
        return None

    def relocalize(self, level: Level) -> None:
        """The same room with the level's text in another language (F2 on the projector)."""
        if level.id != self.level.id:
            return
        self.level = level
        for tp in self.plays.values():
            tp.session.relocalize(level)
        if self.session is not None:
            self.session.relocalize(level)
        self._changed(None)

    def pause(self, on: bool) -> None:
        if self.paused != on:
            self.paused = on
            self._changed(None)

    # -- a phone's moves on the open case
    def vote(self, token: str, case: int, team: int, response: Response) -> str | None:
        phone, tp, why = self._may_act(token, case, team)
        if why:
            return why
        assert phone is not None and tp is not None and tp.session.play is not None
        reason = why_not(tp.session.play, response)
        if reason:
            return reason
        self._order += 1
        tp.votes[token] = Vote(response, self._order)
        self._changed(team)
        self._check_decided(team)
        return None

    def ask(self, token: str, case: int, team: int) -> str | None:
        """Ask the customer the question: the team's minutes pay, and the answer shows on that
        team's phones only."""
        phone, tp, why = self._may_act(token, case, team)
        if why:
            return why
        assert tp is not None and tp.session.play is not None
        reason = why_not_ask(tp.session.play)
        if reason:
            return reason
        tp.session.act(AskQuestion())
        self._drop_votes_out_of_reach(team)
        return None

    def apology(self, token: str, case: int, team: int, on: bool) -> str | None:
        """Add (or take back) the apology to the team's coming response."""
        phone, tp, why = self._may_act(token, case, team)
        if why:
            return why
        assert tp is not None and tp.session.play is not None
        if tp.session.play.apologised != on:
            tp.session.act(ToggleApology())
            self._drop_votes_out_of_reach(team)
        return None

    # -- what the room shows
    def answered(self) -> list[tuple[Team, bool]]:
        """Which teams have answered the open case (never what they answered)."""
        return [(self.plays[i].team, self.plays[i].decided) for i in sorted(self.plays)]

    def outcomes(self) -> list[tuple[Team, Resolved | None]]:
        return [(self.plays[i].team, self.plays[i].last) for i in sorted(self.plays)]

    def place_of(self, team: int) -> tuple[int, int] | None:
        """A finished team's place and its score."""
        if self.session is None or self.session.teams is None or team not in self.plays:
            return None
        for place, turn in self.session.teams.places():
            if turn.team == self.plays[team].team:
                return place, turn.totals.score
        return None

    def take_dirty(self) -> set[int | None]:
        out, self.dirty = self.dirty, set()
        return out

    # -- inside
    def _open(self) -> None:
        for tp in self.plays.values():
            tp.votes.clear()
            tp.decision, tp.timed_out = None, False
        self.phase = Phase.OPEN
        self.waited = 0.0
        self._changed(None)

    def _may_act(self, token: str, case: int, team: int) -> tuple[Phone | None, TeamPlay | None, str | None]:
        phone = self.phones.get(token)
        if phone is None or phone.team is None:
            return None, None, "not_joined"
        if team != phone.team:
            return phone, None, "not_your_team"
        if self.phase is not Phase.OPEN or case != self.index:
            return phone, None, "closed"
        if self.paused:
            return phone, None, "paused"
        tp = self.plays.get(team)
        if tp is None:
            return phone, None, "sits_out"
        if tp.decided:
            return phone, tp, "decided"
        return phone, tp, None

    def _check_decided(self, team: int | None) -> None:
        """A team whose phones here have all voted has its answer: the majority, locked."""
        tp = self.plays.get(team) if team is not None else None
        if tp is None or self.phase is not Phase.OPEN or tp.decided or not tp.votes:
            return
        here = self.phones_of(team)
        if here and all(p.token in tp.votes for p in here):
            tp.decision = tp.majority()
            self._changed(team)
            if all(t.decided for t in self.plays.values()):
                self.close()

    def _drop_votes_out_of_reach(self, team: int) -> None:
        """After a question or an apology, a vote for a response the team can no longer pay goes."""
        tp = self.plays[team]
        assert tp.session.play is not None
        for token, vote in list(tp.votes.items()):
            if why_not(tp.session.play, vote.response):
                del tp.votes[token]
        self._changed(team)
        self._check_decided(team)

    def _changed(self, team: int | None) -> None:
        self.version += 1
        self.dirty.add(team)

    def _tell(self, event: SessionEvent) -> None:
        for listener in list(self.listeners):
            listener(event)
