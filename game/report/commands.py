"""`python -m game report` and `python -m game xapi export|send`: what the commands do once
`game/cli.py` has parsed them. Every mistake is one line naming what was expected, never a
traceback; a folder with nothing to report says so in one line and writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from game import paths
from game.content.errors import ContentFileError
from game.content.figures import load_figures
from game.content.levels import default_library, load_all
from game.content.strings import languages, load_strings
from game.report import lrs, make, records
from game.report.make import Filters, ReportError
from game.store import datadir
from game.store import settings as settings_file
from game.store.scores import FALLBACK_NAME, FILE_NAME, ScoreStore, terminal_safe


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(args.f_session, args.f_player, args.f_group, args.f_level, args.f_since)


def _has_scores(folder: Path) -> bool:
    return (folder / FILE_NAME).exists() or (folder / FALLBACK_NAME).exists()


def _content(folder: Path, lang: str):
    """Every level the game would list (ours and the trainer's own in the data folder), the
    library and the figures, in `lang`."""
    library = default_library(lang)
    user = folder / "levels"
    catalogue = load_all([paths.LEVELS] + ([user] if user.is_dir() else []), library, lang)
    return {lv.id: lv for lv in catalogue.levels}, library, load_figures()


def _language(args: argparse.Namespace, folder: Path) -> str:
    """--lang, else the language the player chose in Settings."""
    return getattr(args, "lang", None) or _settings(folder).language


def _settings(folder: Path) -> settings_file.Settings:
    return settings_file.load(folder, languages())[0]


def cmd_report(args: argparse.Namespace) -> int:
    """The report of the scores the filters match, as PDF or HTML by --out's name."""
    folder = datadir.resolve(args.data_dir)
    target = Path(args.out)
    lang = _language(args, folder)
    t = load_strings(lang)
    filters = _filters(args)
    try:
        if target.suffix.lower() not in make.SUFFIXES:
            raise make.ReportError(f"--out: expected a file name ending in .pdf or .html, got {args.out!r}")
        levels, library, figures = _content(folder, lang)
        if filters.since:
            make.since_date(filters.since)
        if filters.session:
            make.session_match(filters.session)
        if not _has_scores(folder):
            make.check(filters, levels, list)
            print(terminal_safe(f"{t('report.empty')} ({folder})"))
            return 0
        store = ScoreStore.open(folder)
        try:
            report = make.build(store, filters, levels, library, make.yardsticks(figures), lang)
            if report.empty:
                print(terminal_safe(make.nothing_line(report, t)))
                return 0
            make.write(report, t, target)
        finally:
            store.close()
    except make.ReportError as exc:
        print(terminal_safe(str(exc)), file=sys.stderr)
        return 1
    except ContentFileError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(terminal_safe(t("report.saved", path=target)))
    return 0


def cmd_xapi(args: argparse.Namespace) -> int:
    """The statements of the scores the filters match: to a JSON file, or to the LRS."""
    folder = datadir.resolve(args.data_dir)
    lang = _language(args, folder)
    settings = _settings(folder)
    filters = _filters(args)
    try:
        cfg = None
        if args.xapi_command == "send":
            cfg = lrs.config(settings, endpoint=args.lrs)
            if cfg is None:
                raise make.ReportError(
                    "no LRS: expected --lrs URL, AMBASSADOR_LRS_ENDPOINT or lrs_endpoint in the settings file"
                )
        levels, library, figures = _content(folder, lang)
        if filters.since:
            make.since_date(filters.since)
        if filters.session:
            make.session_match(filters.session)
        profile = records.profile(settings.xapi_home, lang, figures)
        facts = records.Facts(levels, library, make.yardsticks(figures))
        count = 0
        statements: list[dict] = []
        if _has_scores(folder):
            store = ScoreStore.open(folder)
            try:
                make.check(filters, levels, store.names)
                statements = list(records.statements(make.scored(store, filters), facts, profile))
            finally:
                store.close()
        else:
            make.check(filters, levels, list)
        count = len(statements)
        if args.xapi_command == "export":
            if not count:
                print(terminal_safe(f"Nothing to export: no saved scores match in {folder}."))
                return 0
            _write_json(Path(args.out), statements)
            print(terminal_safe(f"{count} statement(s) written to {args.out}"))
            return 0
        outbox = lrs.Outbox(folder)
        outbox.add(statements)
        sent, left = lrs.send(outbox, cfg)
    except make.ReportError as exc:
        print(terminal_safe(str(exc)), file=sys.stderr)
        return 1
    except ContentFileError as exc:
        print(exc, file=sys.stderr)
        return 1
    except lrs.LrsError as exc:
        print(terminal_safe(f"{exc}; the statements wait in {folder / lrs.OUTBOX} for the next send"), file=sys.stderr)
        return 1
    except OSError as exc:
        print(terminal_safe(f"{folder}: the xAPI outbox cannot be written: {exc.strerror or exc}"), file=sys.stderr)
        return 1
    print(terminal_safe(f"{sent} statement(s) sent to the LRS; {left} waiting"))
    return 0


def _write_json(target: Path, statements: list[dict]) -> None:
    if target.suffix.lower() != ".json":
        raise ReportError(f"--out: expected a file name ending in .json, got {str(target)!r}")
    text = json.dumps(statements, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    make.write_shared(target, text.encode("utf-8"), "the file")
