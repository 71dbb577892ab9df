"""Settings kept between runs in `settings.yaml` in the data folder.

A damaged or hand-edited file never stops the game: each bad value is reported in one line and
replaced by its default; the file is written atomically so a crash cannot leave half of it.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from game.content import yamlfile
from game.content.errors import ContentError, ContentFileError, field_name
from game.content.schema import Flag, Link, Number, OneOf, Problems, Spec, describe
from game.core.names import clean_name
from game.store.postgres import has_password, is_board_address, redacted

FILE_NAME = "settings.yaml"
TIMERS = ("off", "relaxed", "normal", "hard")
TIMER_FACTOR = {"off": None, "relaxed": 2.0, "normal": 1.0, "hard": 0.5}
TEXT_SIZES = ("normal", "large")


@dataclass(frozen=True)
class Settings:
    timer: str = "normal"
    text_size: str = "normal"
    high_contrast: bool = False
    sound: bool = True
    volume: int = 70  # per cent
    language: str = "en"
    player: str = "Player"
    group: str = ""  # saved with every score: a cohort, a site, a workshop ("Oslo onboarding March")
    scores: str = ""  # the company board's address (postgresql://...); empty: this laptop only
    csv_separator: str = "auto"  # the CSV export's: auto (';' for nb, da and sv, ',' for en), ',' or ';'
    xapi_home: str = ""  # the company's web address in learning records (accounts, activity ids); empty: the game's
    lrs_endpoint: str = ""  # the company's learning record store (xAPI); empty: statements only exported
    lrs_key: str = field(default="", repr=False)  # never in a repr, a log or a message
    lrs_secret: str = field(default="", repr=False)

    def decision_seconds(self, level_seconds: int) -> float | None:
        """The real seconds a customer waits, or None when the timer is off."""
        factor = TIMER_FACTOR[self.timer]
        return None if factor is None else level_seconds * factor


class PlayerName(Spec):
    """The name solo scores are saved under, cleaned and capped exactly as a name typed in the
    game is (`names.clean_name`), so a hand-edited file cannot put control characters, escape
    sequences or a page of text where a name is shown, stored or exported."""

    expected = "a name with at least one character you can see"

    def check(self, value: object, path: tuple[str | int, ...], problems: Problems) -> str | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # `player: 007` is meant as a name
        name = clean_name(value) if isinstance(value, str) else ""
        if not name:
            problems.add(path, f"expected {self.expected}, got {describe(value)}")
            return None
        return name


class GroupName(PlayerName):
    """A group is named like a player, and may be left empty (no group)."""

    expected = "a group name, or nothing"

    def check(self, value: object, path: tuple[str | int, ...], problems: Problems) -> str | None:
        if value is None or value == "":
            return ""
        return super().check(value, path, problems)


class BoardAddress(Spec):
    """The company board's address; never a password (that stays in libpq's own places)."""

    expected = "a PostgreSQL address such as postgresql://user@host/database, or nothing"

    def check(self, value: object, path: tuple[str | int, ...], problems: Problems) -> str | None:
        if value is None or value == "":
            return ""
        if not isinstance(value, str) or not is_board_address(value.strip()) or len(value) > 2000:
            shown = redacted(value) if isinstance(value, str) else value  # a typo must not echo a password
            problems.add(path, f"expected {self.expected}, got {describe(shown)}")
            return None
        if has_password(value.strip()):
            problems.add(path, "a password does not belong in the settings file; put it in ~/.pgpass or PGPASSWORD")
            return None
        return value.strip()


class OptionalLink(Link):
    """A web address (http:// or https://), or nothing."""

    expected = "a web address starting with http:// or https://, or nothing"

    def check(self, value: object, path: tuple[str | int, ...], problems: Problems) -> str | None:
        if value is None or value == "":
            return ""
        return super().check(value, path, problems)


class Credential(Spec):
    """The LRS's key or secret: text on one line, or nothing; a mistake never echoes it."""

    expected = "text on one line (the key or secret your LRS gave you), or nothing"

    def check(self, value: object, path: tuple[str | int, ...], problems: Problems) -> str | None:
        if value is None or value == "":
            return ""
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or len(value) > 500 or any(not ch.isprintable() for ch in value):
            problems.add(path, f"expected {self.expected}")
            return None
        return value.strip()


def _specs(languages: list[str]) -> dict:
    return {
        "timer": OneOf(*TIMERS),
        "text_size": OneOf(*TEXT_SIZES),
        "high_contrast": Flag(),
        "sound": Flag(),
        "volume": Number(0, 100),
        "language": OneOf(*languages),
        "player": PlayerName(),
        "group": GroupName(),
        "scores": BoardAddress(),
        "csv_separator": OneOf("auto", ",", ";"),
        "xapi_home": OptionalLink(),
        "lrs_endpoint": OptionalLink(),
        "lrs_key": Credential(),
        "lrs_secret": Credential(),
    }


def load(folder: Path, languages: list[str]) -> tuple[Settings, list[str]]:
    """The saved settings and the problems found (each a one-line message); never raises."""
    path = folder / FILE_NAME
    if not os.path.lexists(path):  # (Path.exists raises when the folder cannot be looked into)
        return Settings(), []
    try:
        doc = yamlfile.read(path, keep=True)
    except ContentFileError as exc:
        errors = [e for e in exc.errors if e.message != yamlfile.TAB_HINT] or exc.errors
        first = str(errors[0]) if errors else f"{path}: cannot be read"
        return Settings(), [f"{first}; using the default settings"]  # one line: the first problem is enough
    if doc.data is None:
        return Settings(), []
    if not isinstance(doc.data, dict):
        return Settings(), [f"{path}:1: expected settings as `name: value` lines; using the default settings"]
    values, messages = {}, []
    specs = _specs(languages)
    for name, value in doc.data.items():
        if name not in specs:
            where = (str(name),)
            err = ContentError(str(path), doc.line(where), field_name(where), "unknown setting")
            messages.append(f"{err}; expected one of: {', '.join(specs)}")
            continue
        problems = Problems()
        checked = specs[name].check(value, (name,), problems)
        if problems.items:
            p, msg = problems.items[0]
            err = ContentError(str(path), doc.line(p), field_name(p), msg)
            messages.append(f"{err}; using the default")
        else:
            values[name] = checked
    return replace(Settings(), **values), messages


def save(folder: Path, settings: Settings) -> str:
    """Write the settings; returns an error message instead of raising when the folder is read-only."""
    import yaml  # only a change of settings writes YAML: not loaded at every start

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("# Ambassador settings; change them in the game (Settings) or here.\n")
            yaml.safe_dump(asdict(settings), f, allow_unicode=True, sort_keys=False)
        os.replace(tmp, folder / FILE_NAME)
    except OSError as exc:
        return f"Settings could not be saved in {folder} ({exc.strerror or exc})."
    return ""


FIELDS = [f.name for f in fields(Settings)]
