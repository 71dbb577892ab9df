"""The window, the frame loop and the scene machine.

Scene switches are queued and applied between frames, never in the middle of handling an event.
Input arrives as pygame events (real ones, or posted by the attract mode and the tests) and leaves
as action names for the scene.
"""

from __future__ import annotations

import _thread
import datetime
import logging
import os
import platform
import random
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game import __version__, paths
from game.audio import Sounds
from game.content import yamlfile
from game.content.errors import ContentFileError
from game.content.figures import load_figures
from game.content.level_cache import LevelCache
from game.content.levels import Catalogue, Library, default_library, load_all, load_level
from game.content.strings import Strings, languages, load_strings
from game.core.model import Level
from game.core.practice import PRACTICE_ID, practice_deck
from game.core.seedcode import MAX_SEED
from game.input.bindings import KEY_FOR, action_for_key
from game.lazy import later, now
from game.render import theme
from game.render.canvas import Canvas
from game.render.hud import draw_banner, draw_toast
from game.render.icon import window_icon
from game.render.layers import LayerPool
from game.render.painter import Painter
from game.render.text import TextCache, budget_for
from game.render.theme import Palette
from game.report.live import LearningRecords
from game.scenes.base import LAYER_BANDS, TEXT_BUDGET_S, TEXT_FRAMES, Scene
from game.scenes.context import Context, Demo
from game.scenes.registry import modules as screen_modules
from game.scenes.registry import scene_class
from game.store import datadir
from game.store import settings as settings_file
from game.store.postgres import CONNECT_TIMEOUT_S, AddressError, BoardError, CompanyBoard, choose_address
from game.store.scores import ScoreRow, ScoreStore
from game.store.settings import Settings
from game.store.sync import BoardLink

if TYPE_CHECKING:
    from game.core.session import Saving, Session
    from game.core.yardstick import Yardstick

# loaded when first used: most sessions never open a room or make a report (about 50 ms of start-up)
rooms = later("game.room.host")
room_core = later("game.core.room")
yardsticks = later("game.core.yardstick")  # the simulator, at a level's start
synthetic = later("game.input.synthetic")  # the attract mode's clicks
room_server = later("game.room.server")
reports = later("game.report.background")
sessions = later("game.core.session")  # with the rules, at the first level (19 ms of the start)

BOARD_CLOSE_WAIT_S = 10.0  # at the end, the longest wait for the last scores to reach the company board
DEMO_STEP_S = 0.6  # the attract mode presses a key this often, slow enough to follow on a wall
# While a text field has the keyboard, only these keys act; the rest type.
EDIT_KEYS = {
    pygame.K_RETURN,
    pygame.K_KP_ENTER,
    pygame.K_ESCAPE,
    pygame.K_TAB,
    pygame.K_UP,
    pygame.K_DOWN,
    pygame.K_F11,
}


IDLE_FPS = 12  # an idle screen still answers a key within a twelfth of a second
IDLE_REDRAW_S = 1.0
FADE_S = 0.18  # a cross-fade between screens: long enough to see, too short to wait for
# A screen that moves in more of the window than this is cross-faded with two blits a frame, not
# one and its moving areas twice: past about a third the areas cost more than the one blit saves
# (a fifth leaves room for a slow machine).
MOVING_SHARE = 0.2
TOAST_S = 12.0  # how long a message about saving stays over the screens


def setup_logging(data_dir: Path) -> None:
    """Warnings (a missing asset, say) go to stderr and to logs/ambassador.log in the data folder."""
    log = logging.getLogger("ambassador")
    log.setLevel(logging.WARNING)
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()
    log.addHandler(logging.StreamHandler())
    try:
        (data_dir / "logs").mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(data_dir / "logs" / "ambassador.log", encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
    except OSError:
        pass  # no writable data folder: stderr alone (the title screen says so once)


def crash_log(data_dir: Path) -> Path | None:
    """Write the traceback of the error being handled to a log file; returns where it went, or
    None when no file could be written (then the details go to the terminal). A file that could
    not be written whole is removed, never left empty; when logs/ cannot be written, the fallback
    is a private folder of its own, never a name others can guess in the shared temporary folder."""
    text = (
        f"Ambassador {__version__} on Python {platform.python_version()}, pygame-ce {pygame.version.ver}, "
        f"{platform.platform()}\n{time.strftime('%Y-%m-%d %H:%M:%S')}\n\n{traceback.format_exc()}"
    )
    name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}.log"

    def private() -> Path:
        return Path(tempfile.mkdtemp(prefix="ambassador-crash-"))

    for folder in (lambda: data_dir / "logs", private):
        target: Path | None = None
        try:
            where = folder()
            where.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".crash-", suffix=".log", dir=where)
            target = Path(tmp)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            final = where / name
            os.replace(target, final)
            print(f"Ambassador stopped on an unexpected error; the details are in {final}", file=sys.stderr)
            return final
        except OSError:
            if target is not None:
                target.unlink(missing_ok=True)  # a disk that filled up mid-write leaves no empty log
            continue
    print(text, file=sys.stderr)
    return None


def show_crash(log: Path | None, wait: bool) -> None:
    """A plain screen that says what happened, drawn without the scene machinery that failed."""
    try:
        window = pygame.display.get_surface()
        if window is None:
            return
        font = pygame.font.Font(None, max(18, window.get_height() // 28))
        lines = [
            "Ambassador stopped because of an unexpected error.",
            "Every score saved so far is safe.",
            f"The details are in {log}" if log else "The details were printed in the terminal.",
            "Press any key or close the window to leave.",
        ]
        window.fill((24, 32, 48))
        for i, line in enumerate(lines):
            window.blit(font.render(line, True, (240, 242, 246)), (40, 40 + i * font.get_linesize() * 1.5))
        pygame.display.flip()
        while wait:
            event = pygame.event.wait(1000)
            if event.type in (pygame.QUIT, pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
                break
    except pygame.error:
        pass


def new_seed() -> int:
    return random.SystemRandom().randrange(1, MAX_SEED)


class App:
    """The window, the frame loop, the services (content, settings, scores, sound), the current
    session and the stack of screens. Scenes see only the `Context` the app keeps current."""

    def __init__(
        self,
        size: tuple[int, int] = (1280, 720),
        seed: int | None = None,
        lang: str | None = None,
        demo: bool = False,
        fullscreen: bool = False,
        data_dir: str | Path | None = None,
        demo_teams: int = 0,
        demo_saves: bool = False,
        scores: str | None = None,
        group: str | None = None,
    ) -> None:
        self.data_dir = datadir.resolve(data_dir)
        setup_logging(self.data_dir)
        yamlfile.PARSED.keep_in(self.data_dir / "cache")  # a file read at the last start is not parsed again
        settings, self.notices = settings_file.load(self.data_dir, languages())
        if lang:
            settings = replace(settings, language=lang)
        self.figures = load_figures()
        self.user_levels = self.data_dir / "levels"  # a trainer's own levels, listed beside ours
        self.level_cache = LevelCache(self.data_dir / "cache")  # F5 and the next start read only what changed
        library, catalogue = self.load_content(settings.language)
        self.store = ScoreStore.open(self.data_dir)
        if self.store.notice:
            self.notices.append(self.store.notice)
        # The company board, when one is set: scores are saved here first, then sent on a thread of
        # its own (never a wait on the network in the frame loop).
        self._scores_given = scores
        url = choose_address(scores, os.environ.get("AMBASSADOR_SCORES"), lambda: settings.scores)
        self.board = BoardLink(url, self.data_dir) if url else None
        # The company's LRS, when one is set: each saved level's xAPI statements go there on a thread.
        self.learning = LearningRecords(self.data_dir, settings)
        if self.learning.problem:
            self.notices.append(self.learning.problem)
        for notice in self.notices:
            print(notice, file=sys.stderr)
        self.run_id = os.urandom(6).hex()
        self.demo = Demo(on=demo, teams=demo_teams, saves=demo_saves)
        self.room_host: rooms.RoomHost | None = None  # a room session's server, while one runs
        self.room_address: tuple[str | None, int | None] = (None, None)  # --host and --port, if given
        # The one home of the content, the settings and the session: the scenes read it, the app
        # writes it (through the properties below).
        self.ctx = Context(
            self,
            t=load_strings(settings.language),
            figures=self.figures,
            library=library,
            catalogue=catalogue,
            settings=settings,
            scores=self.store,
            board=self.board,
            data_dir=self.data_dir,
            run_id=self.run_id,
            seed=seed if seed is not None else new_seed(),
            demo=self.demo,
            notices=self.notices,
        )
        yamlfile.PARSED.save()
        os.environ["SDL_VIDEO_X11_WMCLASS"] = "Ambassador"  # pygame sets it to the script: "__main__.py"
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption(self.strings("app.title"))
        pygame.display.set_icon(window_icon())
        self.windowed_size = size
        self.fullscreen = False
        self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        if fullscreen:
            self.toggle_fullscreen()
        self.text = TextCache(budget=budget_for(self.window.get_size()))
        self.canvas = Canvas(*self.window.get_size())
        self.sounds = Sounds(settings.sound, settings.volume)
        self.running = True
        self._yardsticks: dict[tuple, Yardstick] = {}
        self.toast, self._toast_left = "", 0.0  # a one-line message over every screen for a while
        self.stack: list[Scene] = []
        self.layers = LayerPool()
        # What the start left to first use, loaded in the quiet frames after it, before a switch
        # needs it (a screen's module loaded in the frame that shows it costs that frame 5-30 ms).
        self._load_ahead = [sessions, *screen_modules(), yardsticks]
        self.layers.reserve(self.window.get_size())
        self.switch_count = 0
        self._switches: list[tuple[str, str, dict]] = []  # (how, scene name, arguments), applied between frames
        self._demo_clock = 0.0
        self._demo_queue: list[str] = []
        self._since_draw = 0.0
        self._input_serial = 0  # counts frames with input: a still screen is redrawn after one
        self._fade_from: pygame.Surface | None = None
        self._fade_left = 0.0
        # The old screen's share of what the window shows during a fade (1.0 at the switch: the
        # window still shows it), so a still new screen fades in with one blit over the window;
        # None when the window holds anything else (each frame then blends the old over the new).
        self._fade_weight: float | None = None
        self._fade_overlays: tuple = ()
        self._on_screen: Scene | None = None  # the scene whose last frame the window holds as it was
        self._layer_on_screen: Scene | None = None  # a still screen whose layer is what the window shows
        self._fade_source: Scene | None = None  # while switching: the screen whose layer can fade out
        self._prepare_left = 0  # frames left to draw a new screen's layer a band at a time, not shown
        self._copy_later = False  # the window is to be copied for the fade on the next frame
        self.frames_shown = 0  # frames presented (a switch's drawing frames are not)
        self._dirty = False  # something changed without input (settings, language, files): draw again
        self.ctx.group_override = group
        self.store.flush()  # scores a failed save kept earlier (in this run or one before) go in now
        self._show_store_notice()
        self.go("title")
        self.apply_switches()

    @property
    def scene(self) -> Scene:
        """The screen on top: the one that gets the input."""
        return self.stack[-1]

    # What the scenes see lives in the context; these read and write it there.
    @property
    def strings(self) -> Strings:
        return self.ctx.t

    @property
    def settings(self) -> Settings:
        return self.ctx.settings

    @property
    def library(self) -> Library:
        return self.ctx.library

    @property
    def catalogue(self) -> Catalogue:
        return self.ctx.catalogue

    @catalogue.setter
    def catalogue(self, catalogue: Catalogue) -> None:
        self.ctx.catalogue = catalogue
        self._dirty = True

    @property
    def session(self) -> Session | None:
        return self.ctx.session

    @property
    def seed(self) -> int:
        return self.ctx.seed

    @property
    def palette(self) -> Palette:
        return theme.palette(self.settings.high_contrast)

    # -- content, language and reloading
    def load_content(self, lang: str) -> tuple[Library, Catalogue]:
        library = default_library(lang)
        folders = [paths.LEVELS] + ([self.user_levels] if self.user_levels.is_dir() else [])
        return library, load_all(folders, library, lang, self.level_cache)

    def reload_content(self) -> None:
        """F5 and language changes: read every level again. A level that no longer loads keeps
        its last good version in play, with its error shown in the level list."""
        old = {lv.path: lv for lv in self.catalogue.levels}
        try:
            self.ctx.library, catalogue = self.load_content(self.settings.language)
        except ContentFileError as exc:  # the lessons or questions of the language broke: keep what plays
            self._tell(f"{exc.errors[0]} - the levels stay as they were.")
            return
        ids = {lv.id for lv in catalogue.levels}
        broken = {e.path for e in catalogue.errors}
        kept = [lv for path, lv in old.items() if path in broken and lv.id not in ids]
        catalogue.levels.extend(kept)
        catalogue.levels.sort(key=lambda lv: (lv.order, lv.title))
        self.ctx.catalogue = catalogue
        self.text.clear()
        self._dirty = True
        yamlfile.PARSED.save()
        if self.session is not None:
            self.session.relocalize(self.same_level(self.session.level))
        if self.room_host is not None:  # the projector and the phones read the customers anew
            self.room_host.room.relocalize(self.same_level(self.room_host.room.level))

    def same_level(self, level: Level) -> Level:
        """The freshly loaded version of a level (new language or new text), else the level as it
        was. A level started from a file outside the level folders (`--level PATH`) is read again
        from that file, so it speaks the new language too."""
        fresh = next((lv for lv in self.catalogue.levels if lv.id == level.id), None)
        if fresh is not None:
            return fresh
        if level.path and level.id != PRACTICE_ID:
            try:
                return load_level(Path(level.path), self.library, self.settings.language)
            except (ContentFileError, OSError):
                return level  # the file broke or went since: play on with the words it had
        return level

    def set_language(self, lang: str) -> None:
        self.change_settings(language=lang)

    def cycle_language(self) -> None:
        """F2: the next language that loads (a broken one is said once and passed over)."""
        langs = languages()
        current = self.settings.language
        start = langs.index(current) if current in langs else -1
        for step in range(1, len(langs) + 1):
            candidate = langs[(start + step) % len(langs)]
            self.set_language(candidate)
            if self.settings.language == candidate:
                return

    # -- settings, sound and pictures
    def change_settings(self, **changes: object) -> None:
        self.ctx.settings = replace(self.settings, **changes)
        if "group" in changes:
            self.ctx.group_override = None  # a group chosen on screen takes over from --group
        self._dirty = True
        if "language" in changes:
            try:
                self.ctx.t = load_strings(self.settings.language)
            except ContentFileError as exc:  # a broken string table: stay in the language that works
                self.ctx.settings = replace(self.settings, language=self.strings.lang)
                self._tell(f"{exc.errors[0]} - the game stays in the language it was in.")
            self.reload_content()
            pygame.display.set_caption(self.strings("app.title"))
        if "text_size" in changes:
            self.text.clear()
        if "scores" in changes and self._scores_given is None and not os.environ.get("AMBASSADOR_SCORES"):
            self._relink_board()  # the address typed in Settings takes over from now on
        self.sounds.enabled, self.sounds.volume = self.settings.sound, self.settings.volume
        problem = settings_file.save(self.data_dir, self.settings)
        if problem and problem not in self.notices:
            self.notices.append(problem)

    def test_board(self, url: str) -> None:
        """Settings' Test connection: tried on a thread (an unreachable host takes seconds), the one
        line found shown on the screen when it comes."""
        if not url:
            self.ctx.board_test = self.strings("settings.laptop_only")
            self._dirty = True
            return
        self.ctx.board_test = self.strings("settings.testing")
        self._dirty = True

        def attempt() -> None:
            try:
                board = CompanyBoard(url)
            except BoardError as exc:
                self.ctx.board_test = exc.reason
            else:
                words = self.strings("settings.board_ok", where=board.shown, count=board.count())
                if board.read_only:
                    words += self.strings("settings.board_read_only")
                board.close()
                self.ctx.board_test = words
            self._dirty = True

        threading.Thread(target=attempt, name="board-test", daemon=True).start()

    def play_sound(self, name: str) -> None:
        self.sounds.play(name)

    def save_picture(self, path: Path) -> None:
        try:
            pygame.image.save(self.window, str(path))
        except pygame.error as exc:
            raise OSError(str(exc)) from exc

    def new_seed(self) -> int:
        return new_seed()

    # -- sessions and what they save
    def practice_deck(self) -> Level | None:
        """The player's practice round: cases handled badly before, until handled well."""
        t = self.strings
        entries = self.store.practice_deck(self.settings.player)
        return practice_deck(
            self.catalogue.levels,
            entries,
            self.figures,
            t("practice.title"),
            t("practice.summary"),
            t("practice.briefing"),
        )

    def yardstick(self, level: Level) -> Yardstick | None:
        """The worst and best scores the simulator finds on `level`, worked out once per level's
        numbers (the words may change with the language); None for the practice deck."""
        if level.id == PRACTICE_ID:
            return None
        key = (yardsticks.fingerprint(level), self.figures)
        if key not in self._yardsticks:
            self._yardsticks[key] = yardsticks.yardstick(level, self.figures)
        return self._yardsticks[key]

    def start(self, session: Session) -> None:
        """A new session, from its briefing; the old one (if any) ends."""
        self.end_session()
        session.listeners.append(self._on_session_event)
        self.ctx.session = session
        self.go("briefing")
        if session.saves_score and session.level.id != PRACTICE_ID:  # the summary's range, worked out
            # while the level is played rather than in the frame that shows it (10-50 ms of
            # simulation); a bare thread, as Thread.start would hold this frame until it runs
            now(yardsticks)  # loaded here, not on the thread
            _thread.start_new_thread(self._work_out_yardstick, (session.level,))

    def _work_out_yardstick(self, level: Level) -> None:
        try:
            self.yardstick(level)
        except Exception:  # the summary works it out again, and shows what goes wrong there
            logging.getLogger("ambassador").exception("working out the score range of %s", level.id)

    def end_session(self) -> None:
        if self.session is not None and self._on_session_event in self.session.listeners:
            self.session.listeners.remove(self._on_session_event)
        self.ctx.session = None
        if self.room_host is not None:  # the room closes: its server stops, the phones are told
            self.room_host.stop()
            self.room_host = self.ctx.room = None

    def start_room(
        self,
        level: Level,
        teams: list,
        seed: int,
        auto_reveal: bool,
        host: str | None = None,
        port: int | None = None,
        code: str | None = None,
    ) -> str | None:
        """A room session (docs/room.md): the server starts on `host` (default: this computer's
        address on the room's network) and the lobby shows its address. Returns one line to show
        when it cannot start; the port is the next free one from 8765 unless `port` is given."""
        self.end_session()
        host, port = host or self.room_address[0], port if port is not None else self.room_address[1]
        try:
            bind = host or rooms.lan_address()
        except room_server.RoomStartError as exc:
            return str(exc)
        limit = self.ctx.decision_seconds(level)
        room = room_core.Room(level, self.figures, seed, code or rooms.new_code(), tuple(teams), auto_reveal, limit)
        error = ""
        for candidate in [port] if port is not None else [rooms.PORT + i for i in range(10)]:
            room_host = rooms.RoomHost(room, self.library, self.settings.language, bind, candidate, languages())
            try:
                room_host.start()
            except room_server.RoomStartError as exc:
                error = str(exc)
                continue
            room_host.listeners.append(self._on_session_event)  # each team's score is saved as it ends
            self.room_host = self.ctx.room = room_host
            print(f"Room {room.code} is open: phones join at {room_host.url}", file=sys.stderr, flush=True)
            self.go("room_lobby")
            return None
        return error

    def begin_room(self) -> str | None:
        """The facilitator starts the room's play; the room's session is the one the podium reads."""
        if self.room_host is None:
            return "no_room"
        why = self.room_host.room.start()
        if why is None:
            self.ctx.session = self.room_host.room.session
        return why

    def _on_session_event(self, event: object) -> None:
        """Save the score and the player's progress the moment the last customer is handled,
        before any screen can fail. What is saved is the session's decision."""
        if not isinstance(event, sessions.LevelDone):
            return
        saving = event.saving
        if self.demo.on:
            self.demo.levels_played += 1
            if not self.demo.saves:  # the attract mode writes nothing a workshop would see
                return
        now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        # The store never raises: a save that fails is kept (in memory and a fallback file) and
        # written when it can; the player reads one line about it.
        self.store.record_progress(saving.name, now, list(saving.met), list(saving.handled))
        if saving.leaderboard:
            row = self._score_row(saving, now)
            self._record_learning(row._replace(uid=self.store.save(row, saving.choices)), saving)
        self.store.flush()  # anything kept from before goes in now, if it can
        if self.board is not None:
            self.board.poke()  # on to the company board, on the link's own thread
        self._show_store_notice()

    def _record_learning(self, row: ScoreRow, saving: Saving) -> None:
        """The saved level's xAPI statements to the company's LRS (game/report/live.py): made here,
        written and sent on the courier's thread; nothing when no LRS is set."""
        if not self.learning.on:
            return
        level = next((lv for lv in self.catalogue.levels if lv.id == saving.level_id), None)
        if level is None and self.session is not None and self.session.level.id == saving.level_id:
            level = self.session.level  # a level started from a file
        ys = self.yardstick(level) if level is not None else None
        s = self.settings
        self.learning.record(row, saving.choices, level, self.library, ys, self.figures, s.language, s.xapi_home)

    def make_report(self, **filters: str | None) -> str:
        """The trainer's report of the scores the screen shows (a session, a player, a level) as a PDF
        beside the CSV exports, made by the report command in a process of its own; its line comes
        back as a toast. Returns the line to show meanwhile."""
        target = self.data_dir / "exports" / f"report-{time.strftime('%Y%m%d-%H%M%S')}.pdf"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            message = self.strings("report.failed_write", path=target, error=exc.strerror or exc)
            self._tell(message)
            return message
        message = self.strings("report.making")
        self._tell(message)
        reports.make(self.data_dir, self.settings.language, target, filters, self._tell)
        return message

    def _score_row(self, saving: Saving, now: str) -> ScoreRow:
        t = saving.totals
        return ScoreRow(
            name=saving.name,
            level=saving.level_id,
            seed=saving.seed,
            score=t.score,
            ambassadors=t.ambassadors,
            lost=t.lost,
            date=now,
            version=__version__,
            session=self.run_id,
            satisfied=t.satisfied,
            kind=saving.kind,
            cohort=self.group,
        )

    def _show_store_notice(self) -> None:
        """What the store has to say (a save that failed, and where the score went), once."""
        notice = self.store.take_notice()
        if notice:
            self._tell(notice)

    @property
    def group(self) -> str:
        return self.ctx.group

    def _relink_board(self) -> None:
        if self.board is not None:
            self.board.close()
        url = self.settings.scores
        self.board = self.ctx.board = BoardLink(url, self.data_dir) if url else None

    def _close_board(self) -> None:
        """Before the game ends: one last sync, waited for briefly; what cannot go stays on the laptop."""
        if self.board is not None:
            if self.board.state == "ok":
                self.board.poke()
                self.board.wait_idle(BOARD_CLOSE_WAIT_S)
            elif self.board.state == "unknown":  # still trying: let that try end, no more
                self.board.wait_idle(CONNECT_TIMEOUT_S + 1)
            self.board.close()  # out of reach: the next start sends what is kept, the exit waits for nothing

    def _tell(self, notice: str) -> None:
        """One line over every screen for a while, kept for the title screen, and on the terminal."""
        self.toast, self._toast_left = notice, TOAST_S
        if notice not in self.notices:
            self.notices.append(notice)
        print(notice, file=sys.stderr)

    # -- the scene machine: switches are queued and applied between frames
    def go(self, name: str, **args: object) -> None:
        self._switches.append(("go", name, args))

    def push(self, name: str, **args: object) -> None:
        self._switches.append(("push", name, args))

    def pop(self) -> None:
        self._switches.append(("pop", "", {}))

    def quit(self) -> None:
        self.running = False

    def _make(self, name: str, args: dict) -> Scene:
        return scene_class(name)(self.ctx, **args)

    def apply_switches(self) -> bool:
        """Apply the screen switches asked for since the last frame (the loop does this between
        frames); returns whether the screen changed."""
        if not self._switches:
            return False
        self.switch_count += 1  # the bench times the first frame after each switch
        switches, self._switches = self._switches, []
        for how, name, args in switches:
            if how == "go":
                while self.stack:
                    self._gone(self.stack.pop())
                self.stack.append(self._make(name, args))
                self.scene.enter()
            elif how == "push":
                if self.stack:
                    self.scene.cover()
                self.stack.append(self._make(name, args))
                self.scene.enter()
            elif len(self.stack) > 1:
                self._gone(self.stack.pop())
                self.scene.uncover()
        return True

    def _gone(self, scene: Scene) -> None:
        scene.leave()
        layer = scene.take_layer()
        if scene is self._fade_source and layer is not None and layer.get_size() == self.window.get_size():
            self._fade_from, layer = layer, None  # what the window showed: it fades out as it is
        self.layers.give(layer)  # the next screen draws into it

    # -- window
    def toggle_fullscreen(self) -> None:
        if self.fullscreen:
            self.window = pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)
        else:
            self.windowed_size = self.window.get_size()
            self.window = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        self.fullscreen = not self.fullscreen
        self._resized()

    def _resized(self) -> None:
        self.window = pygame.display.get_surface()
        self._on_screen = self._layer_on_screen = None  # a new window holds nothing of the old frame
        self._fade_weight = None  # nor the fade so far: the rest of a fade blends the old screen whole
        size = self.window.get_size()
        if not hasattr(self, "canvas") or size != (self.canvas.width, self.canvas.height):
            self.canvas = Canvas(*size)
            if hasattr(self, "text"):
                self.text.clear()  # fonts are rendered at the new real size
                self.text.budget = budget_for(size)
            if hasattr(self, "layers"):
                self.layers.reserve(size)

    # -- one frame
    def dispatch(self, event: pygame.event.Event) -> None:
        scene = self.scene
        if event.type == pygame.QUIT:
            self.quit()
        elif event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            self._resized()
        elif event.type == pygame.TEXTINPUT and scene.editing:
            scene.type_text(event.text)
        elif event.type == pygame.KEYDOWN and scene.editing and event.key not in EDIT_KEYS:
            if event.key == pygame.K_BACKSPACE:
                scene.erase()
        elif event.type == pygame.KEYDOWN:
            action = action_for_key(event.key)
            if action == "fullscreen":
                self.toggle_fullscreen()
            elif action == "reload":
                self.reload_content()
            elif action == "language":
                self.cycle_language()
            elif action == "mute":
                self.change_settings(sound=not self.settings.sound)
            elif action == "pause" and scene.name in ("case", "pause"):
                scene.act("back")  # a clicker's blank-screen key pauses and resumes a hot-seat case too
            elif action:
                scene.act(action)
        elif event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            pos = self.canvas.logical(*event.pos)
            hit = next((b for b in scene.buttons() if pos and b.hit(pos)), None)
            if event.type == pygame.MOUSEMOTION:
                if hit and hit.enabled:
                    scene.focus = hit.action
            elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                scene.pressed = hit.action if hit else None
            elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
                if hit and scene.pressed == hit.action:
                    scene.click(hit)
                scene.pressed = None

    def _autopilot(self, dt: float) -> None:
        self._demo_clock += dt
        if self._demo_clock < DEMO_STEP_S:
            return
        self._demo_clock = 0.0
        if not self._demo_queue:
            self._demo_queue = list(self.scene.demo_actions())
        if self._demo_queue:
            action = self._demo_queue.pop(0)
            button = next((b for b in self.scene.buttons() if b.action == action and b.enabled), None)
            if button is not None:
                synthetic.post_click(self.canvas, button)
            elif action in KEY_FOR:
                synthetic.post_key(action)

    def frame(self, dt: float) -> bool:
        """One turn of the loop. Returns whether the screen is active; an idle screen (nothing
        moving, no input) is not redrawn, so a laptop on a projector saves its battery."""
        started = self.frames_shown > 0  # the window shows a screen already (spares may be made)
        if self.demo.on:
            self._autopilot(dt)
        if self.room_host is not None:  # the phones' messages, within a few milliseconds
            self.room_host.pump()
        if self.board is not None and (notice := self.board.take_notice()):
            self._tell(notice)  # the company board out of reach, or back: said once
        events = pygame.event.get()
        if events:  # the attract mode's presses are real events too
            self._input_serial += 1
        for event in events:
            self.dispatch(event)
            if self._switches:
                break  # the rest of this frame's input belongs to the old screen
        self.scene.update(dt)  # only the screen on top moves: a pause stops the case's timer
        if self.toast:
            self._toast_left -= dt
            if self._toast_left <= 0:
                self.toast = ""
                self._dirty = True
        changed = bool(events) or self._dirty
        self._dirty = False
        switched = bool(self._switches)
        if switched:
            self._switch_with_fade()
            self._demo_queue.clear()
            pygame.event.clear((pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP))
            changed = True
            # A switch's frames draw the new screen's layer (its text, then a band a frame) without
            # showing it; it shows from the frame after, under the old one fading out: a screen's
            # first drawing and a blend of two would not fit in one frame together at 4K. (An
            # overlay shows at once: the screen beneath is drawn already.) At most that many
            # frames: a layer whose key changes every frame (the mouse moving over it, say) would
            # never be whole, and is then drawn at once in the frame that shows it.
            self._prepare_left = 0 if self.scene.overlay else LAYER_BANDS + TEXT_FRAMES
        preparing = self._prepare_left > 0
        fading = self._fade_from is not None
        if fading and not preparing:
            self._fade_left -= max(dt, 1 / 60)
        active = changed or self.scene.busy or self.demo.on or fading or bool(self.toast) or preparing
        self._since_draw += dt
        if self._copy_later and not switched and self._fade_from is not None:
            self._fade_from.blit(self.window, (0, 0))  # still the old screen: nothing drew on it since
            self._copy_later = False
        if active or self._since_draw >= IDLE_REDRAW_S:
            if preparing:
                more = self.draw(show=False).text_left or self.scene.preparing
                self._prepare_left = self._prepare_left - 1 if more else 0
            else:
                self.draw(fade=True)
                pygame.display.flip()
                self.frames_shown += 1
            self._since_draw = 0.0
        if started and not (switched or preparing or fading or self.scene.busy):  # nothing moves
            self._work_ahead()
        return active

    def _work_ahead(self) -> None:
        """One piece of work a quiet frame: a new window's spare layers first, then a module the
        start left to first use, loaded before a switch needs it."""
        if not self.layers.make_spare() and self._load_ahead:
            now(self._load_ahead.pop(0))

    def _switch_with_fade(self) -> None:
        """Apply the switches asked for; what the window showed fades out over the new screen. A
        still screen that leaves fades out from its own layer, which is what the window showed
        beneath the banner and the toast; anything else is copied from the window first. So a
        switch makes no window-sized surface and copies none it need not."""
        self.layers.give(self._fade_from)  # a fade still running ends here
        self._fade_from, self._copy_later = None, False
        self._fade_source = self._layer_on_screen
        self.apply_switches()
        self._fade_source = None
        if self._fade_from is None:
            self._fade_from = self.layers.take(self.window.get_size())
            # a new screen's first frames draw only into its layer, so the window keeps the old
            # screen until the next frame: the copy is made there, where less is drawn
            self._copy_later = not self.scene.overlay
            if not self._copy_later:
                self._fade_from.blit(self.window, (0, 0))
        self._fade_left = FADE_S
        self._fade_weight, self._fade_overlays = 1.0, self._overlays()

    def _overlays(self) -> tuple:
        """What is drawn over every screen (the attract mode's banner, a toast)."""
        return (self.demo.on, self.demo.saves, self.toast)

    def _see_through(self, covered: bool) -> tuple[int, list[pygame.Rect]] | None:
        """During a fade into a screen that nothing covers and that moves, if at all, only in small
        known areas: the alpha to show its layer with over the window, which holds the fade so
        far, and those areas (there the old screen is blended over each new frame as ever). One
        blit a frame instead of two, the difference between a 60 Hz frame and a missed one at 4K.
        None (blend the old screen over the new) once anything else has drawn on the window, when
        the moving areas are large enough to cost more than they save, or when the fade is over."""
        fading = self._fade_from is not None and self._fade_left > 0
        areas = self.scene.moving_areas() if fading and not covered else None
        moving = [pygame.Rect(self.canvas.rect(*area)) for area in areas or ()]
        width, height = self.window.get_size()
        if (
            areas is None
            or self._fade_weight is None
            or sum(r.w * r.h for r in moving) > MOVING_SHARE * width * height
            or self._fade_from.get_size() != (width, height)
            or self._fade_overlays != self._overlays()
        ):
            self._fade_weight = None
            return None
        target = self._fade_alpha() / 255  # the old screen's share, as `_draw_fade` blends it
        alpha = 255 if self._fade_weight <= 0 else round(255 * (1 - target / self._fade_weight))
        alpha = min(255, max(0, alpha))
        self._fade_weight *= 1 - alpha / 255
        return alpha, moving

    def _fade_alpha(self) -> int:
        """The old screen's alpha over the new one at this point of the fade."""
        return max(0, round(200 * self._fade_left / FADE_S))

    def _draw_fade(self, areas: list[pygame.Rect] | None = None) -> None:
        """A short cross-fade between screens (the old one over the new, in `areas` only when
        given). It never holds input back: the new screen already has the keyboard, so a quick
        player is never slowed."""
        if self._fade_from is None or self._fade_from.get_size() != self.window.get_size() or self._fade_left <= 0:
            self.layers.give(self._fade_from)  # kept for the next switch
            self._fade_from = None
            return
        self._fade_from.set_alpha(self._fade_alpha())
        for area in areas if areas is not None else [self.window.get_rect()]:
            self.window.blit(self._fade_from, area.topleft, area)
        self._on_screen = self._layer_on_screen = None  # the window now holds more than the scene drew

    def painter(self, surface: pygame.Surface | None = None) -> Painter:
        """A painter with the settings' text size and palette, for the window unless told otherwise."""
        painter = Painter(
            surface or self.window, self.canvas, self.text, self.settings.text_size == "large", self.palette
        )
        painter.layers = self.layers  # a screen's layer reuses a surface another screen left
        return painter

    def draw(self, record: bool = False, fade: bool = False, show: bool = True) -> Painter:
        """Draw the screen (and, under an overlay, the screen it covers), with `fade` the screen
        before it fading out, then the banner and the toast over both; with `record`, the painter
        keeps where every text went (layout checks); without `show`, a layered screen only draws
        its layer, to be shown next frame."""
        covered = [s for s in self.stack[:-1]] if self.scene.overlay else []
        painter = self.painter()
        if record:
            painter.record = []
        if not show:  # layers only: the window keeps the old screen (clipped to nothing, text still rendered)
            painter.shown = False
            painter.text_deadline = time.perf_counter() + TEXT_BUDGET_S  # the rest of the text next frame
            self.window.set_clip((0, 0, 0, 0))
            try:
                for scene in (*covered[-1:], self.scene):
                    self._draw_scene(scene, painter)
            finally:
                self.window.set_clip(None)
            self._on_screen = self._layer_on_screen = None
            return painter
        faded = self._see_through(bool(covered)) if fade else None
        see_through, moving = faded if faded is not None else (None, [])
        if covered and self.scene.still:
            self._draw_still_overlay(covered[-1], painter)
        else:
            for scene in (*covered[-1:], self.scene):
                painter.kept = self._on_screen is scene
                painter.see_through = see_through if scene is self.scene else None
                painter.fade_areas = moving if scene is self.scene else []
                self._draw_scene(scene, painter)
            painter.see_through, painter.fade_areas = None, []
        self._on_screen = None if covered else self.scene
        # what the window shows now, beneath the banner and the toast, is this screen's layer as is
        self._layer_on_screen = self.scene if self.scene.still and not covered and not record else None
        if see_through is not None and painter.see_through_refused:  # input changed the layer
            self._fade_weight = None  # the window holds the old layer's ghost: blend whole from here
            self._draw_fade()
        elif see_through is not None:  # the fade so far shows through this screen's layer
            self._on_screen = self._layer_on_screen = None
            if moving:
                self._draw_fade(moving)
        elif fade and self._fade_from is not None:
            self._draw_fade()
        if self.demo.on:  # the room must see that this plays itself, and whether it keeps scores
            draw_banner(painter, self.strings("demo.banner_saving" if self.demo.saves else "demo.banner"))
            self._on_screen = None
        if self.toast:
            draw_toast(painter, self.toast)
            self._on_screen = None
        return painter

    def _draw_still_overlay(self, under: Scene, painter: Painter) -> None:
        """A still overlay (the pause) and the screen beneath it, which cannot change while covered
        (only the top screen is updated), drawn together into the overlay's layer: a projector
        left on the pause shows one blit a frame, not a case, a veil and a panel."""
        over = self.scene
        key = (self._input_serial, self.strings, painter.palette, painter.large, over.state_key(), under.state_key())

        def both(layer: Painter) -> None:
            self._draw_scene(under, layer)
            over.draw(layer)

        over.draw_layered(painter, key, both)

    def _draw_scene(self, scene: Scene, painter: Painter) -> None:
        if not scene.paints_background and not scene.overlay:
            painter.clear()
        if scene.still:  # redrawn after input, a new language or palette; else the layer shows
            key = (self._input_serial, self.strings, painter.palette, painter.large, scene.state_key())
            scene.draw_layered(painter, key, scene.draw)
        else:
            scene.draw(painter)

    def run(self, seconds: float | None = None) -> int:
        """The frame loop: 60 frames a second while something moves, a few when idle. An
        unexpected error ends on a readable screen and a log file, never a vanished window."""
        clock = pygame.time.Clock()
        elapsed = 0.0
        active = True
        try:
            while self.running:
                dt = min(clock.tick(60 if active else IDLE_FPS) / 1000.0, 0.25)
                elapsed += dt
                active = self.frame(dt)
                if elapsed > 0.5:  # the first frames are on the screen: make the sounds now
                    self.sounds.warm_up()
                if seconds is not None and elapsed >= seconds:
                    break
        except Exception:  # the last line of defence: report, keep the scores, close cleanly
            log = crash_log(self.data_dir)
            show_crash(log, wait=seconds is None)
            self._close_room()
            self._close_board()
            self.learning.stop()
            pygame.quit()
            return 2
        self._close_room()
        self._close_board()
        self.learning.stop()
        pygame.quit()
        return 0

    def _close_room(self) -> None:
        """A room still open when the game ends: every score it holds is saved, its server stops."""
        if self.room_host is not None:
            try:
                self.room_host.stop()
            finally:
                self.room_host = self.ctx.room = None


def run(
    level: str | None = None,
    seed: int | None = None,
    lang: str | None = None,
    demo: bool = False,
    seconds: float | None = None,
    size: tuple[int, int] = (1280, 720),
    fullscreen: bool = False,
    data_dir: str | None = None,
    teams: int = 0,
    first_frame: bool = False,
    save: bool = False,
    scores: str | None = None,
    group: str | None = None,
) -> int:
    """Start the game (from the command line); bad content ends with one clear line, not a traceback."""
    try:
        app = App(
            size=size,
            seed=seed,
            lang=lang,
            demo=demo,
            fullscreen=fullscreen,
            data_dir=data_dir,
            demo_teams=teams,
            demo_saves=save,
            scores=scores,
            group=group,
        )
        if level:
            app.ctx.start_level(find_level(app, level))
            app.apply_switches()
    except ContentFileError as exc:
        print(exc, file=sys.stderr)
        return 1
    except LookupError as exc:
        print(exc.args[0], file=sys.stderr)
        return 1
    except AddressError as exc:  # a company board's address that is not one
        print(exc, file=sys.stderr)
        return 2
    except pygame.error as exc:
        print(
            f"Cannot open the game window: {exc}. On a machine without a screen, use --demo with "
            "SDL_VIDEODRIVER=dummy, or the check, simulate and screenshots commands.",
            file=sys.stderr,
        )
        return 1
    if first_frame:  # for the start-up benchmark: present one frame, say when, and stop
        app.frame(0.0)
        print(f"first-frame {time.time():.6f}", flush=True)  # the bench counts to here, not the exit
        pygame.quit()
        return 0
    if os.environ.get("SDL_VIDEODRIVER") == "dummy" and seconds is None:
        print("No display (SDL_VIDEODRIVER=dummy): give --seconds to end the run.", file=sys.stderr)
        return 1
    return app.run(seconds)


def find_level(app: App, id_or_path: str) -> Level:
    for lv in app.catalogue.levels:
        if lv.id == id_or_path:
            return lv
    path = Path(id_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.exists():
            raise LookupError(f"{path}: no such file")
        return load_level(path, app.library, app.settings.language)
    known = ", ".join(lv.id for lv in app.catalogue.levels)
    raise LookupError(f"--level: no level {id_or_path!r}; expected a level file or one of: {known}")
