"""The Report button's work, off the frame loop: `python -m game report` runs as a process of its
own (the same command a trainer types, so the same file), and its one line comes back as a toast.

A process rather than a thread: the PDF library takes half a second to load and the report a
moment to lay out, and neither belongs in the game's frame loop or its start-up.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

TIMEOUT_S = 120.0
FLAGS = {"session": "--session", "player": "--player", "group": "--group", "level": "--level", "since": "--since"}


def command(data_dir: Path, lang: str, target: Path, filters: Mapping[str, str | None]) -> list[str]:
    """The command line the button runs (this Python, or the bundle's program standing in for it)."""
    args = [sys.executable, "-m", "game", "report", "--data-dir", str(data_dir), "--lang", lang, "--out", str(target)]
    for key, value in filters.items():
        if value:
            args += [FLAGS[key], value]
    return args


def run(args: list[str]) -> str:
    """Run the report command; its last line (what it made, or why not), never a traceback."""
    try:
        out = subprocess.run(
            args,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=TIMEOUT_S,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # no console window on Windows
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"The report could not be made: {getattr(exc, 'strerror', None) or exc}"
    lines = (out.stdout if out.returncode == 0 else out.stderr or out.stdout).strip().splitlines()
    return lines[-1] if lines else f"The report could not be made (exit code {out.returncode})."


def make(
    data_dir: Path, lang: str, target: Path, filters: Mapping[str, str | None], tell: Callable[[str], None]
) -> None:
    """Start the report; `tell` gets its one line when it is done (on the worker's thread)."""
    args = command(data_dir, lang, target, filters)
    threading.Thread(target=lambda: tell(run(args)), name="report", daemon=True).start()
