"""Reading a YAML file safely while keeping the line of every value.

Parsing goes through PyYAML's safe loader (what `yaml.safe_load` uses) once, keeping the node tree
so an error about `cases[1].cost` can point at the line it stands on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from game.content.errors import ContentError, ContentFileError

# The same safe loader as yaml.safe_load, in its C build when PyYAML has one (several times faster).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 1_000_000  # a level is a few kB; refuse a huge file before parsing it
MAX_NODES = 50_000  # and refuse alias bombs that expand far past what a level can hold


class YamlDoc:
    def __init__(self, path: str, data: Any, root: yaml.Node | None) -> None:
        self.path = path
        self.data = data
        self.root = root

    def line(self, path: tuple[str | int, ...]) -> int:
        """The 1-based line of the deepest node on `path` that exists (0 when unknown)."""
        node = self.root
        best = node.start_mark.line + 1 if node is not None else 0
        for part in path:
            child = None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == part:
                        child = value
                        best = key.start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                child = node.value[part]
                best = child.start_mark.line + 1
            if child is None:
                break
            node = child
        return best


def _count_nodes(node: yaml.Node, limit: int) -> int:
    seen = 0
    stack = [node]
    while stack:
        current = stack.pop()
        seen += 1
        if seen > limit:
            break
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return seen


def _duplicate_keys(doc_path: str, node: yaml.Node | None) -> list[ContentError]:
    errors: list[ContentError] = []
    stack = [node] if node is not None else []
    visited: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in visited:
            continue
        visited.add(id(current))
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        errors.append(
                            ContentError(
                                doc_path, key.start_mark.line + 1, key.value, "this key is given twice; keep one"
                            )
                        )
                    seen.add(key.value)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return errors


def decode(path: str, raw: bytes) -> str:
    """Text as an editor would save it: UTF-8 with or without a BOM, any line ends."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentFileError(
            [
                ContentError(
                    path, line, "", f"expected UTF-8 text, got byte 0x{raw[exc.start]:02x}; save the file as UTF-8"
                )
            ]
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(path: str, text: str) -> YamlDoc:
    if "\t" in text:  # YAML forbids tabs for indentation; editors insert them anyway
        text = "\n".join(_expand_leading_tabs(line) for line in text.split("\n"))
    loader = SAFE_LOADER(text)
    try:
        root = loader.get_single_node()
        if root is not None and _count_nodes(root, MAX_NODES) > MAX_NODES:
            raise ContentFileError(
                [ContentError(path, 0, "", f"expected at most {MAX_NODES} values; the file is far too big")]
            )
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = (exc.problem or exc.context or "not valid YAML").strip()
        raise ContentFileError([ContentError(path, line, "", f"not valid YAML: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise ContentFileError([ContentError(path, 0, "", f"not valid YAML: {str(exc).splitlines()[0]}")]) from None
    except RecursionError:
        raise ContentFileError([ContentError(path, 0, "", "not valid YAML: nested far too deep")]) from None
    finally:
        loader.dispose()
    dupes = _duplicate_keys(path, root)
    if dupes:
        raise ContentFileError(dupes)
    return YamlDoc(path, data, root)


def _expand_leading_tabs(line: str) -> str:
    stripped = line.lstrip(" \t")
    lead = line[: len(line) - len(stripped)]
    return lead.expandtabs(2) + stripped if "\t" in lead else line


def read(path: Path | str) -> YamlDoc:
    name = str(path)
    try:
        p = Path(path)
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ContentFileError(
                [ContentError(name, 0, "", f"expected a file under {MAX_BYTES // 1000} kB, got {size // 1000} kB")]
            )
        raw = p.read_bytes()
    except ContentFileError:
        raise
    except OSError as exc:
        raise ContentFileError([ContentError(name, 0, "", f"cannot read the file: {exc.strerror or exc}")]) from None
    return parse(name, decode(name, raw))
