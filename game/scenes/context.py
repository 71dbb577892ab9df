"""What a scene may see and ask for, rather than the whole App.

The app owns the window, the loop, the services and the session; it fills a `Context` and keeps
it current (a new language, new settings, a new session), and a scene reads it and sends its
requests through it: go to another screen by name, start a session, change a setting. A scene
never imports another scene, and never reaches the app behind the context.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from game.content.levels import Catalogue, Library
from game.content.strings import Strings, list_separator
from game.core.figures import Figures
from game.core.model import Level
from game.lazy import later

if TYPE_CHECKING:
    from game.core.session import Session
    from game.core.teams import Team
    from game.core.yardstick import Yardstick
    from game.room.host import RoomHost
    from game.store.scores import ScoreStore
    from game.store.settings import Settings
    from game.store.sync import BoardLink

sessions = later("game.core.session")  # (loaded in the quiet frames after the title's first)


class Host(Protocol):
    """The requests a scene may make; the app answers them."""

    def go(self, name: str, **args: Any) -> None: ...
    def push(self, name: str, **args: Any) -> None: ...
    def pop(self) -> None: ...
    def quit(self) -> None: ...
    def change_settings(self, **changes: object) -> None: ...
    def test_board(self, url: str) -> None: ...
    def cycle_language(self) -> None: ...
    def play_sound(self, name: str) -> None: ...
    def start(self, session: Session) -> None: ...
    def end_session(self) -> None: ...
    def start_room(self, level: Level, teams: list[Team], seed: int, auto_reveal: bool) -> str | None: ...
    def begin_room(self) -> str | None: ...
    def practice_deck(self) -> Level | None: ...
    def yardstick(self, level: Level) -> Yardstick | None: ...
    def new_seed(self) -> int: ...
    def save_picture(self, path: Path) -> None: ...
    def make_report(self, **filters: str | None) -> str: ...


@dataclass
class Demo:
    """The attract mode: how many teams it plays with, whether it saves what it plays (only when
    asked: it must not fill a workshop's leaderboard), and how many levels it has played."""

    on: bool = False
    teams: int = 0
    saves: bool = False
    levels_played: int = 0


class Context:
    """The content in the chosen language, the settings, the scores to read, the session, and the
    app's answers to a scene's requests. Only the app writes its fields."""

    def __init__(
        self,
        host: Host,
        *,
        t: Strings,
        figures: Figures,
        library: Library,
        catalogue: Catalogue,
        settings: Settings,
        scores: ScoreStore,
        data_dir: Path,
        board: BoardLink | None = None,
        run_id: str,
        seed: int,
        demo: Demo,
        notices: list[str],
    ) -> None:
        self._host = host
        self.t = t
        self.figures = figures
        self.library = library
        self.catalogue = catalogue
        self.settings = settings
        self.scores = scores
        self.board = board  # the company board (its lists come on its own thread), or None: this laptop only
        self.group_override: str | None = None  # --group for this run; else the group in Settings
        self.board_test = ""  # what testing the company board's address found (one line), once asked
        self.data_dir = data_dir
        self.run_id = run_id  # this run of the game: the leaderboard's "this session" tab
        self.seed = seed  # the seed solo levels are played with (fixed by --seed, else drawn at start)
        self.demo = demo
        self.notices = notices
        self.session: Session | None = None
        self.room: RoomHost | None = None  # a room session's host: its room, address and QR code

    @property
    def group(self) -> str:
        """The group saved with each score (a cohort, a site, a workshop), or ""."""
        return self.group_override if self.group_override is not None else self.settings.group

    # -- where to go
    def go(self, name: str, **args: Any) -> None:
        """Leave this screen for the one called `name` (switched between frames)."""
        self._host.go(name, **args)

    def push(self, name: str, **args: Any) -> None:
        """Show a screen over this one (a pause), which `pop` takes away again."""
        self._host.push(name, **args)

    def pop(self) -> None:
        self._host.pop()

    def quit(self) -> None:
        self._host.quit()

    # -- sessions
    def start_level(self, level: Level) -> None:
        """A solo play of `level`, from its briefing."""
        self._host.start(sessions.Session.solo(level, self.figures, self.seed, self.settings.player))

    def start_team(self, level: Level, teams: list[Team], seed: int) -> None:
        self._host.start(sessions.Session.team(level, self.figures, seed, tuple(teams)))

    def start_practice(self) -> bool:
        """The player's practice deck, if anything is left in it."""
        deck = self._host.practice_deck()
        if deck is None:
            return False
        self._host.start(sessions.Session.practice(deck, self.figures, self.seed, self.settings.player))
        return True

    def practice_deck(self) -> Level | None:
        return self._host.practice_deck()

    def start_room(self, level: Level, teams: list[Team], seed: int, auto_reveal: bool) -> str | None:
        """Open a room for the phones (its lobby next); one line to show when it cannot open."""
        return self._host.start_room(level, teams, seed, auto_reveal)

    def begin_room(self) -> str | None:
        """Start the room's play: None, or the code of why not (no team has a phone)."""
        return self._host.begin_room()

    def end_session(self) -> None:
        self._host.end_session()

    def yardstick(self, level: Level) -> Yardstick | None:
        """The worst and the best score the simulator finds on the level (None for practice)."""
        return self._host.yardstick(level)

    def new_seed(self) -> int:
        return self._host.new_seed()

    # -- settings, sound and pictures
    def test_board(self, url: str) -> None:
        """Try the company board at `url` (on a thread of the app's); `board_test` says what was found."""
        self._host.test_board(url)

    def change_settings(self, **changes: object) -> None:
        self._host.change_settings(**changes)

    def cycle_language(self) -> None:
        self._host.cycle_language()

    def play_sound(self, name: str) -> None:
        self._host.play_sound(name)

    def save_picture(self, path: Path) -> None:
        """The window as it shows now, as a PNG file (the summary beside an export)."""
        self._host.save_picture(path)

    def export_scores(self, picture: bool = False) -> str:
        """Write every saved score as CSV in the data folder's exports, with the screen as a picture
        beside it when asked (the summary, charts and all); returns what to tell the player."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        folder = self.data_dir / "exports"
        target = folder / f"scores-{stamp}.csv"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            titles = {lv.id: lv.title for lv in self.catalogue.levels}
            sep = self.settings.csv_separator if self.settings.csv_separator != "auto" else None
            self.scores.export_csv(target, titles, sep or list_separator(self.settings.language))
            if picture:
                shot = target.with_name(f"summary-{stamp}.png")
                self.save_picture(shot)
                return self.t("summary.exported_png", path=target, picture=shot.name)
        except OSError as exc:
            return self.t("summary.export_failed", path=target, error=exc.strerror or exc)
        return self.t("summary.exported", path=target)

    def report(self, **filters: str | None) -> str:
        """The trainer's report (PDF) of these scores - a session, a player, a level - saved beside the
        CSV exports; the app makes it off the frame loop and shows the path when it is done.
        Returns what to tell the player meanwhile."""
        return self._host.make_report(**filters)

    def decision_seconds(self, level: Level) -> float | None:
        """Real seconds a customer waits for an answer under the chosen timer; None when off."""
        return self.settings.decision_seconds(level.decision_seconds)
