"""The player's data folder (scores, settings, logs, a trainer's own levels), or the one given
with --data-dir.

platformdirs knows each system's place for it, in every way the game is installed (checkout,
wheel, pipx, the standalone bundle). The name and settings keep the folder 0.1 made by hand, so no
one loses a score by upgrading: `ambassador` in $XDG_DATA_HOME or ~/.local/share on Linux,
`Ambassador` in the roaming %APPDATA% with no company folder above it on Windows, and in
~/Library/Application Support on macOS. Where platformdirs would still point elsewhere for some
player (newer ones read $XDG_DATA_HOME on macOS too; 0.1 took %APPDATA% from the environment), a
folder that player already has in 0.1's place is kept.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import PlatformDirs
from platformdirs.api import PlatformDirsABC


def app_name(platform: str = sys.platform) -> str:
    """Lower case where folder names are (Linux and the other Unixes), capitalised elsewhere."""
    return "Ambassador" if platform.startswith("win") or platform == "darwin" else "ambassador"


def platform_folder(platform: str = sys.platform, dirs: type[PlatformDirsABC] = PlatformDirs) -> Path:
    return Path(dirs(app_name(platform), appauthor=False, roaming=True).user_data_dir)


def earlier_folder(platform: str = sys.platform) -> Path:
    """Where version 0.1 kept the folder, by its own rule, for players upgrading from it."""
    if platform.startswith("win"):
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / "Ambassador"
    if platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Ambassador"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "ambassador"


def default_data_dir(platform: str = sys.platform, dirs: type[PlatformDirsABC] = PlatformDirs) -> Path:
    """platformdirs' folder, unless only the folder 0.1 used exists: then that one, with its scores."""
    current = platform_folder(platform, dirs)
    earlier = earlier_folder(platform)
    if earlier.is_absolute() and earlier != current and earlier.is_dir() and not current.exists():
        return earlier
    return current


def resolve(data_dir: str | Path | None) -> Path:
    return Path(data_dir).expanduser() if data_dir else default_data_dir()
