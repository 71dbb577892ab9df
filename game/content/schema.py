"""A small declarative schema: each spec checks a value, collects every problem with its field
path, and returns the cleaned value. Written here rather than pulled in, because the errors must
read as one line a trainer can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from game.content.errors import shown

Path = tuple[str | int, ...]


@dataclass
class Problems:
    items: list[tuple[Path, str]] = field(default_factory=list)

    def add(self, path: Path, message: str) -> None:
        self.items.append((path, message))


def describe(value: Any) -> str:
    """How a wrong value is quoted back to the writer."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + shown(value[:80].replace("\n", " "), 40) + '"'
    if isinstance(value, (int, float)):
        return shown(repr(value))  # a whole number may have thousands of digits
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def reflow(text: str) -> str:
    """Lines of a YAML block joined as an editor's paragraph would be; blank lines stay breaks."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(line.strip() for line in para.splitlines()) for para in paragraphs)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


class Spec:
    expected = "a value"

    def check(self, value: Any, path: Path, problems: Problems) -> Any:
        raise NotImplementedError

    def fail(self, value: Any, path: Path, problems: Problems) -> None:
        problems.add(path, f"expected {self.expected}, got {describe(value)}")


class Text(Spec):
    def __init__(self, max_len: int = 2000, pattern: str | None = None, hint: str | None = None) -> None:
        self.max_len = max_len
        self.pattern = re.compile(pattern) if pattern else None
        self.expected = hint or "some text"

    def check(self, value: Any, path: Path, problems: Problems) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and self.pattern is None:
            value = str(value)  # `title: 1984` is meant as text
        if not isinstance(value, str) or not value.strip():
            self.fail(value, path, problems)
            return None
        value = reflow(value)
        if self.pattern and not self.pattern.fullmatch(value):
            self.fail(value, path, problems)
            return None
        if len(value) > self.max_len:
            problems.add(path, f"expected at most {self.max_len} characters, got {len(value)}")
            return None
        return value


class Number(Spec):
    def __init__(self, minimum: float = 0, maximum: float | None = None, integer: bool = True) -> None:
        self.minimum = minimum
        self.maximum = maximum
        self.integer = integer
        self.expected = f"a number >= {_num(minimum)}"

    def check(self, value: Any, path: Path, problems: Problems) -> Any:
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value != value or value < self.minimum:
            self.fail(value, path, problems)
            return None
        if self.maximum is not None and value > self.maximum:
            problems.add(path, f"expected a number <= {_num(self.maximum)}, got {describe(value)}")
            return None
        if self.integer and not float(value).is_integer():
            problems.add(path, f"expected a whole number, got {describe(value)}")
            return None
        return int(value) if self.integer else float(value)


class Flag(Spec):
    expected = "true or false"

    def check(self, value: Any, path: Path, problems: Problems) -> Any:
        if not isinstance(value, bool):
            self.fail(value, path, problems)
            return None
        return value


class OneOf(Spec):
    def __init__(self, *options: str) -> None:
        self.options = options
        self.expected = "one of " + ", ".join(options)

    def check(self, value: Any, path: Path, problems: Problems) -> Any:
        if value not in self.options:
            self.fail(value, path, problems)
            return None
        return value


class ListOf(Spec):
    def __init__(self, item: Spec, min_len: int = 0, max_len: int = 100) -> None:
        self.item = item
        self.min_len = min_len
        self.max_len = max_len
        self.expected = "a list"

    def check(self, value: Any, path: Path, problems: Problems) -> Any:
        if not isinstance(value, list):
            self.fail(value, path, problems)
            return None
        if not self.min_len <= len(value) <= self.max_len:
            problems.add(path, f"expected a list of {self.min_len} to {self.max_len} items, got {len(value)}")
        return [self.item.check(v, (*path, i), problems) for i, v in enumerate(value[: self.max_len])]


@dataclass
class Key:
    spec: Spec
    required: bool = True
    default: Any = None


class Record(Spec):
    """A mapping with known keys; an unknown key is a problem (usually a typo)."""

    expected = "a mapping of keys to values"

    def __init__(self, keys: dict[str, Key]) -> None:
        self.keys = keys

    def check(self, value: Any, path: Path, problems: Problems) -> Any:
        if not isinstance(value, dict):
            self.fail(value, path, problems)
            return None
        out: dict[str, Any] = {}
        for name in value:
            if name not in self.keys:
                known = ", ".join(self.keys)
                problems.add((*path, str(name)), f"unknown key; expected one of: {known}")
        for name, key in self.keys.items():
            if name in value:
                out[name] = key.spec.check(value[name], (*path, name), problems)
            elif key.required:
                problems.add((*path, name), f"missing; expected {key.spec.expected}")
            else:
                out[name] = key.default
        return out


class MapOf(Spec):
    """A mapping whose keys are names the writer picks (lesson ids, figure names)."""

    expected = "a mapping of names to values"

    def __init__(self, value: Spec, key_pattern: str = r"[a-z0-9][a-z0-9_-]*", max_len: int = 500) -> None:
        self.value = value
        self.key_pattern = re.compile(key_pattern)
        self.max_len = max_len

    def check(self, value: Any, path: Path, problems: Problems) -> Any:
        if not isinstance(value, dict):
            self.fail(value, path, problems)
            return None
        if len(value) > self.max_len:
            problems.add(path, f"expected at most {self.max_len} entries, got {len(value)}")
            return None
        out: dict[str, Any] = {}
        for name, item in value.items():
            if not isinstance(name, str) or not self.key_pattern.fullmatch(name):
                problems.add((*path, str(name)), "expected a name of lower-case letters, digits, - and _")
                continue
            out[name] = self.value.check(item, (*path, name), problems)
        return out


class Link(Spec):
    """A web address a reader can open: http:// or https://, a host, no spaces."""

    expected = "a web address starting with http:// or https://"

    def check(self, value: Any, path: Path, problems: Problems) -> Any:
        text = value.strip() if isinstance(value, str) else None
        if not text or len(text) > 500 or any(ch.isspace() for ch in text):
            self.fail(value, path, problems)
            return None
        parts = urlsplit(text)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            self.fail(value, path, problems)
            return None
        return text
