"""Plain data kept on disk between starts (the checked levels, the parsed YAML files): `marshal`,
which decodes several times faster than JSON, behind a line naming the format and a
`hashlib.sha256` digest of the rest.

It is ours, but it is read like any file from outside: a file that is not exactly as written
(damage, another format, a digest that does not match, far too big) is not decoded at all, and
reads as nothing. Writing is best effort and atomic: a read-only or full data folder only costs
the next start its time.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

DIGEST_BYTES = 32  # hashlib.sha256
MARSHAL_VERSION = 4  # read by every Python the game runs on
MAX_BYTES = 256 * 1024 * 1024  # a kept file larger than this is not ours


def pack(value: Any) -> bytes:
    """Plain data as bytes; ValueError for anything that is not plain data."""
    return marshal.dumps(value, MARSHAL_VERSION)


def unpack(raw: bytes | memoryview) -> Any:
    """The plain data `pack` made; ValueError for bytes it did not make."""
    try:
        return marshal.loads(raw)
    except (EOFError, TypeError, ValueError, RecursionError) as exc:
        raise ValueError(f"not packed data: {exc}") from exc


# Open without waiting (a named pipe with no writer would block the open itself) and without
# making a terminal the game's own; O_BINARY is Windows' way of saying "bytes as they are". Every
# file from outside is opened so (`yamlfile.read_bytes` too).
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def read(path: Path, magic: bytes) -> Any:
    """What `write` kept at `path` under `magic`, or None: no file, not a plain file (a pipe, a
    device, a folder), another format, damage."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        fd = os.open(path, OPEN_FLAGS)
        with os.fdopen(fd, "rb") as f:
            opened = os.fstat(f.fileno())
            if not stat.S_ISREG(opened.st_mode) or opened.st_size > MAX_BYTES:
                return None
            raw = memoryview(f.read(MAX_BYTES + 1))
    except OSError:
        return None
    start = len(magic) + DIGEST_BYTES
    if raw[: len(magic)] != magic or hashlib.sha256(raw[start:]).digest() != raw[len(magic) : start]:
        return None  # not ours, or not as it was written: nothing in it is decoded
    try:
        return unpack(raw[start:])
    except ValueError:
        return None


def write(path: Path, magic: bytes, value: Any) -> None:
    """Keep `value` at `path` under `magic`, whole or not at all; OSError or ValueError (not plain
    data) when it cannot."""
    payload = pack(value)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(magic + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
