"""Command line: play (the default), check, screenshots.

python -m game                         title screen
python -m game --level ID_OR_PATH --seed N --lang en
python -m game --demo --seconds N      attract mode that plays itself
python -m game check [PATH ...]        validate level files
python -m game screenshots OUTDIR      render every scene to PNG, headless
python -m game room --level ID         a room session: every team answers on its own phones (docs/room.md)
python -m game report --out FILE.pdf   the trainer's report (PDF or HTML; docs/report.md)
python -m game xapi export|send        learning records (xAPI) for the company's LMS
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import sys
from pathlib import Path
from typing import NoReturn

from game import __version__, paths

# The commands `_parser` adds; a launch naming none parses the game's own options alone (`main`).
COMMANDS = ("check", "scores", "simulate", "bench", "room", "screenshots", "report", "xapi")


def _parser(commands: bool = True) -> argparse.ArgumentParser:
    """The command line; without `commands`, the options of a launch of the game alone (the
    commands' parsers and their options took about 5-10 ms of every start)."""
    # a mistake names the command as it was typed: `ambassador` when installed or bundled
    prog = "ambassador" if Path(sys.argv[0]).stem.lower() == "ambassador" else "python -m game"
    p = _Parser(prog=prog, description="Ambassador: a customer-service training game.")
    p.add_argument("--version", action="version", version=f"Ambassador {__version__}")
    p.add_argument("--level", metavar="ID_OR_PATH", help="start this level directly (a level id or a .yaml file)")
    p.add_argument(
        "--seed", type=_seed, default=None, help="session code or number: the same one replays the same luck"
    )
    p.add_argument(
        "--lang", type=_lang, default=None, help="language of the interface: en, nb, da or sv (default: the saved one)"
    )
    p.add_argument("--data-dir", default=None, help="folder for scores and settings (default: the user data folder)")
    p.add_argument("--teams", type=_teams, default=0, help="with --demo: play a team session with 1 to 8 teams")
    p.add_argument("--demo", action="store_true", help="attract mode: the game plays itself")
    p.add_argument(
        "--save",
        action="store_true",
        help="with --demo: save what the attract mode plays as a real session would (by default the demo saves nothing)",
    )
    p.add_argument("--seconds", type=_seconds, default=None, help="exit after this many seconds (with --demo, say)")
    p.add_argument("--size", default="1280x720", help="window size, WIDTHxHEIGHT (default: 1280x720)")
    p.add_argument("--fullscreen", action="store_true", help="start in fullscreen (F11 toggles)")
    p.add_argument("--first-frame", action="store_true", help=argparse.SUPPRESS)  # bench: exit after one frame
    p.add_argument(
        "--scores",
        metavar="URL",
        default=None,
        help="the company board: postgresql://user@host/database (password from ~/.pgpass or PGPASSWORD); "
        "default: $AMBASSADOR_SCORES, then Settings; 'laptop' for this laptop only",
    )
    p.add_argument("--group", type=_group, default=None, help="the group saved with each score (default: Settings)")
    if not commands:
        p.set_defaults(command=None)
        return p
    sub = p.add_subparsers(dest="command")
    c = sub.add_parser("check", help="validate level files; exit 1 if any has a problem")
    c.add_argument("paths", nargs="*", help="level files or folders (default: every file in levels/)")
    sc = sub.add_parser("scores", help="the saved scores: list them, or export them as CSV")
    sc.add_argument("--data-dir", default=argparse.SUPPRESS, help="folder holding scores.db")
    scs = sc.add_subparsers(dest="scores_command", required=True)
    ls = scs.add_parser("list", help="print the scores, best first")
    ls.add_argument("--level", default=None, help="only this level id")
    ls.add_argument("--data-dir", default=argparse.SUPPRESS, help="folder holding scores.db")
    ex = scs.add_parser("export", help="write every score to a CSV file")
    ex.add_argument("--level", default=None, help="only this level id")
    ex.add_argument("--csv", required=True, metavar="FILE", help="where to write the CSV")
    ex.add_argument(
        "--sep",
        "--csv-sep",
        dest="sep",
        type=_sep,
        default=None,
        help="the separator: ',' or ';' (or 'semicolon'); default: the settings' csv_separator, else ';' for "
        "nb, da and sv, which Nordic spreadsheets split on, ',' for en",
    )
    ex.add_argument("--data-dir", default=argparse.SUPPRESS, help="folder holding scores.db")
    sy = scs.add_parser("sync", help="send the scores kept on this laptop to the company board")
    sy.add_argument("--data-dir", default=argparse.SUPPRESS, help="folder holding scores.db")
    for q in (sc, ls, ex, sy):
        q.add_argument("--scores", metavar="URL", default=argparse.SUPPRESS, help="the company board (see above)")
    for q in (ls, ex):
        q.add_argument("--group", type=_group, default=argparse.SUPPRESS, help="only this group")
        q.add_argument("--since", type=_since, default=None, metavar="DATE", help="only scores on or after DATE")
    si = sub.add_parser("simulate", help="play levels headless with fixed strategies and summarise the scores")
    si.add_argument(
        "--strategy",
        type=_strategy,
        default="all",
        help="always-ignore, always-fix, always-exceed, random, greedy or all",
    )
    si.add_argument("--runs", type=_runs, default=200, help="games per level and strategy (default: 200)")
    si.add_argument("--seed", type=int, default=1, help="seed of the first game (default: 1)")
    si.add_argument("--level", default=None, help="a level id or a .yaml file (default: every level)")
    si.add_argument("--json", action="store_true", help="print the rows as JSON")
    b = sub.add_parser("bench", help="measure frame times, start-up, loading, throughput, memory and idle CPU")
    b.add_argument("--json", action="store_true", help="print the results as one JSON object")
    b.add_argument("--quick", action="store_true", help="fewer frames and a shorter idle sample")
    b.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)  # tests: every figure once, meaningless
    r = sub.add_parser("room", help="a room session: every team answers on its own phones (docs/room.md)")
    r.add_argument("--level", dest="room_level", required=True, metavar="ID_OR_PATH", help="the level to play")
    r.add_argument(
        "--teams",
        dest="room_teams",
        default=None,
        metavar='"A,B,C"',
        help="team names separated by commas, up to 8 (default: the phones create the teams)",
    )
    r.add_argument(
        "--seed", dest="room_seed", metavar="CODE", type=_seed, default=None, help="session code (default: a new one)"
    )
    r.add_argument(
        "--host", default=None, help="the address to listen on (default: this computer's address on the room's network)"
    )
    r.add_argument("--port", type=_port, default=None, help="the port (default: 8765, or the next free one)")
    r.add_argument(
        "--reveal",
        choices=("host", "auto"),
        default="host",
        help="host: Enter reveals each customer's answers; auto: once every team has answered",
    )
    r.add_argument("--data-dir", default=argparse.SUPPRESS, help="folder for scores and settings")
    _report_parsers(sub)
    s = sub.add_parser("screenshots", help="render every scene to PNG files, headless")
    s.add_argument("outdir")
    s.add_argument("--size", default="1920x1080", help="picture size, WIDTHxHEIGHT (default: 1920x1080)")
    s.add_argument("--large", action="store_true", help="with the large text setting")
    s.add_argument("--contrast", action="store_true", help="with the high-contrast colours")
    s.add_argument("--lang", type=_lang, default="en", help="the interface and level language (en, nb, da, sv)")
    return p


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is told in one line (the usage block buried it); exit code 2 as before."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _teams(text: str) -> int:
    from game.core.teams import MAX_TEAMS

    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= MAX_TEAMS:
        raise argparse.ArgumentTypeError(f"expected a number of teams from 1 to {MAX_TEAMS}, got {text!r}")
    return n


def _seconds(text: str) -> float:
    try:
        n = float(text)
    except ValueError:
        n = math.nan
    if not (n > 0 and math.isfinite(n)):
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text!r}")
    return n


def _runs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of games, at least 1, got {text!r}")
    return n


LANGUAGE_ORDER = ("en", "nb", "da", "sv")  # as the README lists them


def _lang(text: str) -> str:
    """Any case (`NB` is `nb`); an unknown one is told with the languages there are, not a file path."""
    from game.content.strings import languages

    known = sorted(languages(), key=lambda x: (LANGUAGE_ORDER.index(x) if x in LANGUAGE_ORDER else 99, x))
    if text.strip().lower() not in known:
        raise argparse.ArgumentTypeError(f"expected one of {', '.join(known)}, got {text!r}")
    return text.strip().lower()


def _strategy(text: str) -> str:
    from game.core.simulator import STRATEGIES

    if text != "all" and text not in STRATEGIES:
        raise argparse.ArgumentTypeError(f"expected one of {', '.join(STRATEGIES)} or all, got {text!r}")
    return text


SEPARATORS = {",": ",", "comma": ",", ";": ";", "semicolon": ";"}


def _sep(text: str) -> str:
    if text.strip().lower() not in SEPARATORS:
        raise argparse.ArgumentTypeError(f"expected ',' or ';' (or comma, semicolon), got {text!r}")
    return SEPARATORS[text.strip().lower()]


def _group(text: str) -> str:
    from game.core.names import clean_name

    name = clean_name(text)
    if text.strip() and not name:
        raise argparse.ArgumentTypeError(f"expected a group name with a character you can see, got {text!r}")
    return name


def _since(text: str) -> str:
    import datetime

    try:
        return datetime.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def board_address(given: str | None, folder: Path) -> str:
    """The company board to use, or "" for this laptop only: --scores, then $AMBASSADOR_SCORES, then
    Settings. Raises ValueError with one line when the address is not one."""
    from game.store.postgres import choose_address

    return choose_address(given, os.environ.get("AMBASSADOR_SCORES"), lambda: _saved_settings(folder).scores)


def _seed(text: str) -> int:
    from game.core import seedcode

    try:
        return seedcode.decode(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _port(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if not 0 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 1 to 65535 (0: any free one), got {text!r}")
    return n


def cmd_room(args: argparse.Namespace) -> int:
    """A room session from the command line: the server starts, its address is printed, the lobby
    shows it; a port in use, no network address or bad team names are one line, not a traceback."""
    from game.content.errors import ContentFileError
    from game.core.room import TeamNamesError, teams_from

    try:
        teams = teams_from(args.room_teams or "")
    except TeamNamesError as exc:
        print(f"--teams: {exc}", file=sys.stderr)
        return 2
    if args.room_teams is not None and not teams:
        print('--teams: no team names; give names separated by commas, such as "Fjord,Bre,Dal"', file=sys.stderr)
        return 2
    import pygame

    from game.app import App, find_level

    try:
        app = App(size=_size(args.size), lang=args.lang, fullscreen=args.fullscreen, data_dir=args.data_dir)
        level = find_level(app, args.room_level)
    except ContentFileError as exc:
        print(exc, file=sys.stderr)
        return 1
    except LookupError as exc:
        print(str(exc.args[0]).replace("--level", "room --level", 1), file=sys.stderr)
        return 1
    except pygame.error as exc:
        print(f"Cannot open the game window: {exc}.", file=sys.stderr)
        return 1
    seed = args.room_seed if args.room_seed is not None else app.new_seed()
    error = app.start_room(level, list(teams), seed, args.reveal == "auto", host=args.host, port=args.port)
    if error:
        print(error, file=sys.stderr)
        app.store.close()
        pygame.quit()
        return 1
    app.apply_switches()
    if os.environ.get("SDL_VIDEODRIVER") == "dummy" and args.seconds is None:
        print("No display (SDL_VIDEODRIVER=dummy): give --seconds to end the run.", file=sys.stderr)
        app.end_session()
        pygame.quit()
        return 1
    return app.run(args.seconds)


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise SystemExit(f"--size: expected WIDTHxHEIGHT such as 1280x720, got {text!r}") from None
    if not (1 <= w <= 16384 and 1 <= h <= 16384):
        raise SystemExit(f"--size: expected a size between 1x1 and 16384x16384, got {text!r}")
    return w, h


def cmd_check(targets: list[str]) -> int:
    """Check the game's content and the level files named (default: levels/). A file in a
    language folder beside a level (`levels/nb/tutorial.yaml`) is checked as that level's
    translation, since alone it is not a level. Every file is read as the game reads it (a plain
    file under the size limit), so a named pipe or a link to a device is told, never waited on;
    every line printed is escaped, so a file's name or contents cannot drive the terminal."""
    from game.content.errors import ContentFileError, one_line
    from game.content.figures import known_ids, load_figures
    from game.content.levels import Library, known_sources, level_files, load_lessons, load_level, load_questions
    from game.content.sources import load_sources
    from game.content.strings import languages, load_strings
    from game.content.translations import translated_lessons, translated_questions

    problems: list[str] = []

    def attempt(loader, *args):
        """The loader's result, or None with its problems noted."""
        try:
            return loader(*args)
        except ContentFileError as exc:
            problems.extend(str(e) for e in exc.errors if str(e) not in problems)
            return None

    attempt(load_sources)
    attempt(load_figures, paths.FIGURES, known_ids())
    lessons = attempt(load_lessons, paths.LESSONS) or {}
    attempt(load_questions, paths.QUESTIONS)
    langs = languages()
    for lang in langs:
        attempt(load_strings, lang)
        attempt(translated_lessons, paths.I18N, lang)
        attempt(translated_questions, paths.I18N, lang)
    library = Library(lessons, known_sources())
    others = [x for x in langs if x != "en"]
    files: list[Path] = []
    translations = 0
    for t in targets or [str(paths.LEVELS)]:
        path = Path(t)
        found = level_files(path) if path.is_dir() else [path]
        if path.is_dir() and not found:
            problems.append(f"{path}: no level files (*.yaml) in this folder")
        if path.is_dir() and path.name not in langs:  # translations whose level is not there
            for lang in others:
                for orphan in level_files(path / lang) if (path / lang).is_dir() else []:
                    if not os.path.lexists(path / orphan.name):
                        problems.append(f"{orphan}: a translation with no level {path / orphan.name} to translate")
        for f in found:
            if not os.path.lexists(f):  # anything else there is read, and refused, by the loader
                problems.append(f"{f}: no such file")
                continue
            files.append(f)
            if f.parent.name in others:  # levels/nb/x.yaml: the Norwegian words of levels/x.yaml
                level = f.parent.parent / f.name
                if not os.path.lexists(level):
                    problems.append(f"{f}: a translation with no level {level} to translate")
                    continue
                translations += 1
                attempt(load_level, level, library, f.parent.name)
                continue
            for lang in ["en", *others]:  # the level, then each translation
                if attempt(load_level, f, library, lang) is None and lang == "en":
                    break
    for line in problems:
        print(one_line(line))
    if problems:
        print(f"{len(problems)} problem(s) in {len(files)} level file(s)", file=sys.stderr)
        return 1
    note = f" ({translations} of them as the translation of a level)" if translations else ""
    print(f"{len(files)} level file(s) OK{note}")
    return 0


def cmd_scores(args: argparse.Namespace) -> int:
    from game.content.strings import list_separator
    from game.store import datadir, listing
    from game.store.scores import FALLBACK_NAME, ScoreStore, terminal_safe

    folder = datadir.resolve(args.data_dir)
    from game.store.postgres import AddressError

    try:
        url = board_address(getattr(args, "scores", None), folder)
    except AddressError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.scores_command == "sync":
        return _cmd_sync(folder, url)
    filters = {"level": args.level, "cohort": getattr(args, "group", None), "since": args.since}
    board = _open_board(url) if url else None
    if board is None and not (folder / "scores.db").exists() and not (folder / FALLBACK_NAME).exists():
        if args.scores_command == "list":
            if args.level and args.level not in (known := _level_titles(folder)):
                return _no_such_level(args.level, known)
            print(f"No scores yet in {folder}.")
            return 0
        print(f"No scores yet in {folder}.")
    store = board if board is not None else ScoreStore.open(folder)
    where = board.shown if board is not None else str(folder / "scores.db")
    if notice := getattr(store, "notice", ""):
        print(terminal_safe(notice), file=sys.stderr)
    if args.scores_command == "export":
        target = Path(args.csv)
        try:
            lang = args.lang or _saved_language(folder)
            sep = args.sep or _saved_separator(folder) or list_separator(lang)
            count = store.export_csv(target, _level_titles(folder, lang), sep, **filters)
        except OSError as exc:
            print(f"{target}: cannot write the file: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"{count} score(s) written to {target}")
        if notice := store.take_notice():  # a file locked or damaged while reading
            print(terminal_safe(notice), file=sys.stderr)
        return 0
    chunks = listing.chunks(store, **filters)  # streamed: a million rows print in constant memory
    first = next(chunks, None)
    if first is None and any(filters.values()):  # a level with scores is listed even if its file is gone
        if args.level and args.level not in (known := _level_titles(folder)):
            return _no_such_level(args.level, known)
        asked = ", ".join(f"{k if k != 'cohort' else 'group'} {v!r}" for k, v in filters.items() if v)
        print(terminal_safe(f"No scores yet for {asked} in {where}."))
        return 0
    out = sys.stdout
    out.write(listing.HEADER)
    count = 0
    for lines, text in itertools.chain([first] if first else [], chunks):
        count += lines
        out.write(text)
    print(f"{count} score(s) in {where}")
    if notice := store.take_notice():
        print(terminal_safe(notice), file=sys.stderr)
    return 0


def _open_board(url: str):
    """The company board, or None with one line on why this laptop's scores are shown instead."""
    from game.store.postgres import BoardError, CompanyBoard

    try:
        return CompanyBoard(url, create=False)
    except BoardError as exc:
        print(f"{exc.reason}; showing this laptop's scores instead", file=sys.stderr)
        return None


def _cmd_sync(folder: Path, url: str) -> int:
    from game.store.postgres import BoardError, CompanyBoard, board_key
    from game.store.scores import FILE_NAME, ScoreStore
    from game.store.sync import sync

    if not url:
        print("No company board is set: give --scores postgresql://..., AMBASSADOR_SCORES, or set it in Settings.")
        return 2
    if not (folder / FILE_NAME).exists():
        print(f"No scores yet in {folder}.")
        return 0
    store = ScoreStore.open(folder)
    store.flush()  # scores an earlier run kept aside go into the file first
    try:
        board = CompanyBoard(url)
    except BoardError as exc:
        waiting = store.unsent_count(board_key(url))
        print(f"{exc.reason}; {waiting} score(s) stay on this laptop until it can be reached", file=sys.stderr)
        return 1
    result = sync(store, board)
    board.close()
    store.close()
    already = result.offered - result.sent
    note = f" ({already} were there already)" if already else ""
    print(f"{result.sent} score(s) sent to {board.shown}{note}; {result.waiting} still on this laptop only")
    if result.problem:
        print(result.problem, file=sys.stderr)
        return 1
    return 0


def _level_titles(folder: Path, lang: str = "en") -> dict[str, str]:
    """Every level the game would list, ours and the trainer's own in the data folder: id to title.
    The store keeps ids only, so the titles come from the level files."""
    from game.content.errors import ContentFileError
    from game.content.levels import default_library, load_all

    user = folder / "levels"
    try:
        catalogue = load_all([paths.LEVELS] + ([user] if user.is_dir() else []), default_library(lang), lang)
    except ContentFileError:
        return {}  # `check` tells what is wrong; an export without titles is still an export
    return {lv.id: lv.title for lv in catalogue.levels}


def _no_such_level(level: str, known: dict[str, str]) -> int:
    print(f"--level: no level {level!r}; expected one of: {', '.join(known) or '(no levels load)'}", file=sys.stderr)
    return 1


def _saved_settings(folder: Path):
    from game.content.strings import languages
    from game.store import settings as settings_file

    return settings_file.load(folder, languages())[0]


def _saved_separator(folder: Path) -> str | None:
    """The CSV separator chosen in the settings file, None for auto (by the language)."""
    from game.content.strings import languages
    from game.store import settings as settings_file

    sep = settings_file.load(folder, languages())[0].csv_separator
    return None if sep == "auto" else sep


def _report_parsers(sub: argparse._SubParsersAction) -> None:
    """report and xapi: the trainer's report, and the learning records for the company's LMS."""
    r = sub.add_parser("report", help="the trainer's report as PDF or HTML: players, lessons, the room's choices")
    r.add_argument("--out", required=True, metavar="FILE.pdf|FILE.html", help="where to write the report")
    x = sub.add_parser("xapi", help="learning records (xAPI 1.0.3) for the company's LMS: export or send them")
    xs = x.add_subparsers(dest="xapi_command", required=True)
    xe = xs.add_parser("export", help="write the statements to a JSON file for a manual import")
    xe.add_argument("--out", required=True, metavar="FILE.json", help="where to write the statements")
    xd = xs.add_parser("send", help="send the statements (and any waiting) to the LRS")
    xd.add_argument("--lrs", default=None, metavar="URL", help="the LRS endpoint (default: environment, settings)")
    for q in (r, xe, xd):
        q.add_argument("--session", dest="f_session", default=None, metavar="CODE", help="one session (its code)")
        q.add_argument("--player", dest="f_player", default=None, metavar="NAME", help="one player or team")
        q.add_argument("--group", dest="f_group", default=None, metavar="NAME", help="one group")
        q.add_argument("--level", dest="f_level", default=None, metavar="ID", help="one level")
        q.add_argument("--since", dest="f_since", default=None, metavar="DATE", help="scores on or after this date")
        q.add_argument("--lang", type=_lang, default=argparse.SUPPRESS, help="en, nb, da or sv (default: Settings)")
        q.add_argument("--data-dir", default=argparse.SUPPRESS, help="folder holding scores.db")


def _saved_language(folder: Path) -> str:
    """The language the player chose in Settings, so an export's titles read as the game showed them."""
    return _saved_settings(folder).language


def cmd_simulate(args: argparse.Namespace) -> int:
    import json
    from dataclasses import asdict

    from game.content.errors import ContentFileError
    from game.content.figures import load_figures
    from game.content.levels import default_library, load_all, load_level
    from game.core.simulator import STRATEGIES, simulate

    names = list(STRATEGIES) if args.strategy == "all" else [args.strategy]  # both checked by the parser
    try:
        figures = load_figures()
        library = default_library()
        levels = load_all([paths.LEVELS], library).levels
        if args.level:
            chosen = [lv for lv in levels if lv.id == args.level]
            levels = chosen or [load_level(args.level, library)]
    except ContentFileError as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{args.level}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    rows = [simulate(level, figures, name, args.runs, args.seed) for level in levels for name in names]
    if args.json:
        print(json.dumps([asdict(r) for r in rows], indent=1))
        return 0
    print(
        f"{'level':<20} {'strategy':<14} {'runs':>5} {'score':>8} {'sd':>6} {'amb':>5} {'lost':>5} {'broke':>6} {'late':>6}"
    )
    for r in rows:
        print(
            f"{r.level:<20} {r.strategy:<14} {r.runs:>5} {r.score_mean:>8.1f} {r.score_sd:>6.1f} "
            f"{r.ambassadors_mean:>5.2f} {r.lost_mean:>5.2f} {r.out_of_budget_rate:>6.0%} {r.out_of_time_rate:>6.0%}"
        )
    return 0


def _launch(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace | None:
    """A plain launch's options, parsed without the commands; None when `argv` may name a command
    or ask for help, or holds a word that is no option's value or an option the launch does not
    know: the whole parser says what it is (a command, or a mistake it names as the user typed it)."""
    options = {name: action for action in parser._actions for name in action.option_strings}
    value_next = False
    for arg in argv:
        if value_next:  # (argparse takes it as the value too, whatever it looks like but a command)
            value_next = False
            if arg not in COMMANDS:
                continue
        if not arg.startswith("-") or arg in ("-", "--", "-h") or arg in COMMANDS:
            return None
        name, _, value = arg.partition("=")
        known = [options[name]] if name in options else [a for n, a in options.items() if n.startswith(name)]
        if len(set(map(id, known))) != 1 or name.startswith("--h"):
            return None  # unknown, ambiguous, or help: the whole parser
        value_next = known[0].nargs != 0 and not value
    args, rest = parser.parse_known_args(argv)
    return None if rest else args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = _parser(commands=False)
    if (args := _launch(parser, argv)) is None:
        parser = _parser()
        args = parser.parse_args(argv)
    if args.teams and not args.demo:
        parser.error("argument --teams: only with --demo; a room starts a team session from the title screen")
    if args.save and not args.demo:
        parser.error("argument --save: only with --demo; a real session always saves")
    if args.command == "simulate":
        return cmd_simulate(args)
    if args.command == "bench":
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
        from game.dev.bench import run_bench

        return run_bench(as_json=args.json, quick=args.quick, smoke=args.smoke)
    if args.command == "check":
        return cmd_check(args.paths)
    if args.command == "room":
        return cmd_room(args)
    if args.command == "scores":
        return cmd_scores(args)
    if args.command in ("report", "xapi"):
        from game.report.commands import cmd_report, cmd_xapi

        return cmd_report(args) if args.command == "report" else cmd_xapi(args)
    if args.command == "screenshots":
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
        from game.dev.screenshots import render_all

        written = render_all(
            Path(args.outdir), _size(args.size), large=args.large, contrast=args.contrast, lang=args.lang
        )
        print(f"{len(written)} screenshots in {args.outdir}")
        return 0
    if args.demo:
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from game.app import run

    return run(
        level=args.level,
        seed=args.seed,
        lang=args.lang,
        demo=args.demo,
        seconds=args.seconds,
        size=_size(args.size),
        fullscreen=args.fullscreen,
        data_dir=args.data_dir,
        teams=args.teams,
        first_frame=args.first_frame,
        save=args.save,
        scores=args.scores,
        group=args.group,
    )
