"""Command line: play (the default), check, screenshots.

python -m game                         title screen
python -m game --level ID_OR_PATH --seed N --lang en
python -m game --demo --seconds N      attract mode that plays itself
python -m game check [PATH ...]        validate level files
python -m game screenshots OUTDIR      render every scene to PNG, headless
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from game import __version__, paths


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m game", description="Ambassador: a customer-service training game.")
    p.add_argument("--version", action="version", version=f"Ambassador {__version__}")
    p.add_argument("--level", metavar="ID_OR_PATH", help="start this level directly (a level id or a .yaml file)")
    p.add_argument("--seed", type=int, default=None, help="seed for the luck of the session (default: random)")
    p.add_argument("--lang", default="en", help="language of the interface (default: en)")
    p.add_argument("--demo", action="store_true", help="attract mode: the game plays itself")
    p.add_argument("--seconds", type=float, default=None, help="with --demo: exit after this many seconds")
    p.add_argument("--size", default="1280x720", help="window size, WIDTHxHEIGHT (default: 1280x720)")
    p.add_argument("--fullscreen", action="store_true", help="start in fullscreen (F11 toggles)")
    sub = p.add_subparsers(dest="command")
    c = sub.add_parser("check", help="validate level files; exit 1 if any has a problem")
    c.add_argument("paths", nargs="*", help="level files or folders (default: every file in levels/)")
    s = sub.add_parser("screenshots", help="render every scene to PNG files, headless")
    s.add_argument("outdir")
    s.add_argument("--size", default="1920x1080", help="picture size, WIDTHxHEIGHT (default: 1920x1080)")
    return p


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise SystemExit(f"--size: expected WIDTHxHEIGHT such as 1280x720, got {text!r}") from None
    if not (1 <= w <= 16384 and 1 <= h <= 16384):
        raise SystemExit(f"--size: expected a size between 1x1 and 16384x16384, got {text!r}")
    return w, h


def cmd_check(targets: list[str]) -> int:
    from game.content.errors import ContentFileError
    from game.content.figures import load_figures
    from game.content.levels import Library, known_sources, level_files, load_lessons, load_level

    problems: list[str] = []
    lessons = {}
    for loader, target in ((load_figures, paths.FIGURES), (load_lessons, paths.LESSONS)):
        try:
            result = loader(target)
            if target == paths.LESSONS:
                lessons = result
        except ContentFileError as exc:
            problems.extend(str(e) for e in exc.errors)
    library = Library(lessons, known_sources())
    files: list[Path] = []
    for t in targets or [str(paths.LEVELS)]:
        path = Path(t)
        found = level_files(path) if path.is_dir() else [path]
        if path.is_dir() and not found:
            problems.append(f"{path}: no level files (*.yaml) in this folder")
        for f in found:
            if not f.is_file():
                problems.append(f"{f}: no such file")
                continue
            files.append(f)
            try:
                load_level(f, library)
            except ContentFileError as exc:
                problems.extend(str(e) for e in exc.errors)
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} problem(s) in {len(files)} level file(s)", file=sys.stderr)
        return 1
    print(f"{len(files)} level file(s) OK")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check":
        return cmd_check(args.paths)
    if args.command == "screenshots":
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
        from game.screenshots import render_all

        written = render_all(Path(args.outdir), _size(args.size))
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
    )
