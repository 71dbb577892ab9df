"""The platform's per-user data folder, or the one given with --data-dir."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "ambassador"


def default_data_dir() -> Path:
    if sys.platform.startswith("win"):
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / "Ambassador"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Ambassador"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP


def resolve(data_dir: str | Path | None) -> Path:
    return Path(data_dir).expanduser() if data_dir else default_data_dir()
