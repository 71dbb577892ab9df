"""The room's protocol, checked where it enters: every message from a phone is one JSON object of a
known type with exactly the fields that type allows, each of the right kind and size. Anything else
is refused with the code of what was wrong, and changes nothing. docs/room.md describes it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from game.core.names import MAX_NAME
from game.core.room import MAX_PHONE_NAME
from game.core.teams import MAX_TEAMS

MAX_BYTES = 1024  # a phone's message is a few dozen bytes; anything over this is refused
TOKEN = re.compile(r"[A-Za-z0-9_-]{8,64}")
ROOM = re.compile(r"[A-Z]{4}")
LANG = re.compile(r"[a-z]{2}(-[A-Za-z]{2,4})?")
CHOICES = ("ignore", "fix", "exceed")

# type -> {field: (kind, required)}; kinds: "room", "token", "lang", "name", "team_name", "team",
# "case", "choice", "bool"
FIELDS: dict[str, dict[str, tuple[str, bool]]] = {
    "hello": {"room": ("room", True), "token": ("token", False), "lang": ("lang", False)},
    "join": {"name": ("name", True), "team": ("team", False), "new_team": ("team_name", False)},
    "vote": {"case": ("case", True), "team": ("team", True), "choice": ("choice", True)},
    "ask": {"case": ("case", True), "team": ("team", True)},
    "apology": {"case": ("case", True), "team": ("team", True), "on": ("bool", True)},
    "ping": {},
}


class ProtocolError(ValueError):
    """`code` says what was wrong (a key of the phone's error texts); `detail` says where, in English."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Message:
    type: str
    fields: dict

    def get(self, name: str, default: object = None) -> object:
        return self.fields.get(name, default)


def _int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check(kind: str, value: object) -> bool:
    if kind == "room":
        return isinstance(value, str) and ROOM.fullmatch(value) is not None
    if kind == "token":
        return isinstance(value, str) and TOKEN.fullmatch(value) is not None
    if kind == "lang":
        return isinstance(value, str) and LANG.fullmatch(value) is not None
    if kind == "name":
        return isinstance(value, str) and 0 < len(value) <= MAX_PHONE_NAME * 2
    if kind == "team_name":
        return isinstance(value, str) and 0 < len(value) <= MAX_NAME * 2
    if kind == "team":
        return _int(value) and 0 <= value < MAX_TEAMS  # type: ignore[operator]
    if kind == "case":
        return _int(value) and 0 <= value < 1000  # type: ignore[operator]
    if kind == "choice":
        return value in CHOICES
    if kind == "bool":
        return isinstance(value, bool)
    raise AssertionError(kind)


def parse(data: str | bytes) -> Message:
    """One message from a phone, checked; raises ProtocolError with the reason's code."""
    if isinstance(data, bytes):
        raise ProtocolError("bad_message", "messages are JSON text, not binary")
    if len(data.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise ProtocolError("too_big", f"a message may be at most {MAX_BYTES} bytes")
    try:
        doc = json.loads(data, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise ProtocolError("bad_message", "not JSON") from None
    if not isinstance(doc, dict):
        raise ProtocolError("bad_message", "a message is a JSON object")
    kind = doc.get("type")
    if not isinstance(kind, str) or kind not in FIELDS:
        raise ProtocolError("unknown_type", f"type must be one of {', '.join(FIELDS)}")
    allowed = FIELDS[kind]
    extra = sorted(k for k in doc if k != "type" and k not in allowed)
    if extra:
        raise ProtocolError("bad_message", f"{kind}: no field {extra[0][:20]!r}")
    for name, (field_kind, required) in allowed.items():
        if name not in doc:
            if required:
                raise ProtocolError("bad_message", f"{kind}: {name} is missing")
            continue
        if not _check(field_kind, doc[name]):
            raise ProtocolError("bad_message", f"{kind}: {name} is not a valid {field_kind}")
    if kind == "join" and ("team" in doc) == ("new_team" in doc):
        raise ProtocolError("bad_message", "join: give either team or new_team")
    return Message(kind, {k: v for k, v in doc.items() if k != "type"})


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def encode(kind: str, **fields: object) -> str:
    """A message to a phone, as text."""
    return json.dumps({"type": kind, **fields}, ensure_ascii=False, separators=(",", ":"))
