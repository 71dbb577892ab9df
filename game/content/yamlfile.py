"""Reading a YAML file safely while keeping the line of every value.

Parsing goes through PyYAML's safe loader (what `yaml.safe_load` uses) once, keeping the node tree
so an error about `cases[1].cost` can point at the line it stands on. PyYAML's own words ("mapping
values are not allowed in this context") mean nothing to a trainer, so the usual slips - a tab, a
colon or a comma inside a text, `No` read as false - get a plain hint of what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from game.content.errors import ContentError, ContentFileError, field_name

# The same safe loader as yaml.safe_load, in its C build when PyYAML has one (several times faster).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 1_000_000  # a level is a few kB; refuse a huge file before parsing it
MAX_NODES = 50_000  # and refuse alias bombs that expand far past what a level can hold

TAB_HINT = "tabs are not allowed for indentation: use spaces"
QUOTE_HINT = "put the text in quotes"
FLOW_COMMA_HINT = "a comma inside { } starts a new key: put the text in quotes"


class YamlDoc:
    def __init__(
        self, path: str, data: Any, root: yaml.Node | None, lines: int = 0, tab_lines: tuple[int, ...] = ()
    ) -> None:
        self.path = path
        self.data = data
        self.root = root
        self.lines = lines  # how many lines the file has: no error may point past the last
        self.tab_lines = tab_lines  # lines indented with a tab (read as spaces when that parses)

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
        return min(best, self.lines) if self.lines else best

    def node(self, path: tuple[str | int, ...]) -> yaml.Node | None:
        """The node exactly at `path`, or None when the path leaves the file's tree."""
        node = self.root
        for part in path:
            child = None
            if isinstance(node, yaml.MappingNode):
                child = next(
                    (v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None
                )
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                child = node.value[part]
            if child is None:
                return None
            node = child
        return node

    def errors(self, items: list[tuple[tuple[str | int, ...], str]]) -> list[ContentError]:
        """Schema problems as one-line errors, each with its line and, where the slip is a
        familiar one, a hint; a file indented with tabs also says so first."""
        out = [ContentError(self.path, self.line(p), field_name(p), self._hinted(p, m)) for p, m in items]
        if out and self.tab_lines:
            out.insert(0, ContentError(self.path, self.tab_lines[0], "", TAB_HINT))
        return out

    def _hinted(self, path: tuple[str | int, ...], message: str) -> str:
        if message.startswith("unknown key") and path and self._comma_in_braces(path):
            return f"{message} ({FLOW_COMMA_HINT})"
        if message.startswith("expected some text") or message.startswith("expected a digest id"):
            node = self.node(path)
            if isinstance(node, yaml.ScalarNode) and not node.style and node.value:
                read_as = _read_as(node)
                if read_as:
                    return f"{message}; {QUOTE_HINT}: {node.value} is read as {read_as}"
        return message

    def _comma_in_braces(self, path: tuple[str | int, ...]) -> bool:
        """`{label: Shrug, it off}`: YAML reads "it off" as a key with no value."""
        parent = self.node(path[:-1])
        if not isinstance(parent, yaml.MappingNode) or not parent.flow_style:
            return False
        for key, value in parent.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(path[-1]):
                return isinstance(value, yaml.ScalarNode) and value.value == "" and value.tag.endswith(":null")
        return False


def _read_as(node: yaml.ScalarNode) -> str:
    """What a bare word became, in a trainer's words ('false', 'nothing', 'a date'), or ''."""
    kind = node.tag.rsplit(":", 1)[-1]
    if kind == "bool":
        return "true" if node.value.lower() in ("true", "yes", "on", "y") else "false"
    if kind == "null":
        return "nothing"
    if kind == "timestamp":
        return "a date"
    return ""


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


def _too_big_at(root: yaml.Node, limit: int) -> int | None:
    """The line of the top-level entry that takes the file past `limit` values (an alias counts
    everything it repeats, each time it is used), or None when the file stays under it."""
    if isinstance(root, yaml.MappingNode):
        parts = [(k.start_mark.line + 1, (k, v)) for k, v in root.value]
    elif isinstance(root, yaml.SequenceNode):
        parts = [(n.start_mark.line + 1, (n,)) for n in root.value]
    else:
        return None
    total = 1
    for line, nodes in parts:
        for n in nodes:
            total += _count_nodes(n, limit - total + 1)
            if total > limit:
                return line
    return None


def _duplicate_keys(doc_path: str, node: yaml.Node | None, lines: int) -> list[ContentError]:
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
                                doc_path,
                                min(key.start_mark.line + 1, lines),
                                key.value,
                                "this key is given twice; keep one",
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


def line_count(text: str) -> int:
    """Lines as an editor numbers them: a final newline does not start another line."""
    return max(1, len(text.rstrip("\n").split("\n"))) if text.strip("\n") else 1


def _explain(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, str]:
    """The line a parse error belongs on (never past the end of the file) and a plain hint."""
    count = line_count("\n".join(lines))
    problem = (exc.problem or exc.context or "not valid YAML").strip()
    context = (exc.context or "").strip()
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    if exc.context_mark is not None and (line > count or "end of stream" in problem):
        line = exc.context_mark.line + 1  # where the unclosed quote or bracket opened
    line = min(line, count)
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    value = text.split(": ", 1)[1].strip() if ": " in text else text.strip().lstrip("-").strip()
    lead = value[:1]
    if "mapping values are not allowed" in problem:
        if ": " in value or value.endswith(":"):
            return line, f'not valid YAML: a ": " inside a text reads as a new key; {QUOTE_HINT}'
        return line, "not valid YAML: a key where none can start; check the indentation of this line"
    if "quoted scalar" in context:
        return line, "not valid YAML: a quote is not closed; end the text with the same quote mark"
    if "alias" in problem or "alias" in context or "anchor" in context:
        return line, f"not valid YAML: a * or & at the start of a text marks an alias; {QUOTE_HINT}"
    if "cannot start any token" in problem:
        return line, f"not valid YAML: a text cannot start with {lead or 'this character'}; {QUOTE_HINT}"
    if "flow sequence" in context or "flow mapping" in context:
        opener, closer = ("[", "]") if "sequence" in context else ("{", "}")
        return line, f"not valid YAML: a {opener} is never closed with {closer}; close it, or {QUOTE_HINT}"
    if lead in ("[", "{"):
        return line, f"not valid YAML: a text that starts with {lead} reads as a list or a mapping; {QUOTE_HINT}"
    if lead in ('"', "'"):
        other = "'" if lead == '"' else '"'
        return line, f"not valid YAML: a {lead} inside the text ends it early; put the text in {other} quotes instead"
    if "expected ':'" in problem:
        return line, "not valid YAML: expected key: value on this line; check its indentation"
    if "expected key" in problem or "'-' indicator" in problem:
        return line, "not valid YAML: this line does not line up with the lines above; check its indentation"
    return line, f"not valid YAML: {problem}"


def parse(path: str, text: str) -> YamlDoc:
    lines = text.split("\n")
    count = line_count(text)
    tab_lines: tuple[int, ...] = ()
    if "\t" in text:  # YAML forbids tabs for indentation; editors insert them anyway
        tab_lines = tuple(i for i, ln in enumerate(lines, 1) if "\t" in ln[: len(ln) - len(ln.lstrip(" \t"))])
        text = "\n".join(_expand_leading_tabs(line) for line in lines)
    loader = SAFE_LOADER(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            where = _too_big_at(root, MAX_NODES)
            if where is not None:
                raise ContentFileError(
                    [
                        ContentError(
                            path,
                            min(where, count),
                            "",
                            f"expected at most {MAX_NODES} values; the file is far too big"
                            " (each *name repeats everything its &name holds)",
                        )
                    ]
                )
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        line, message = _explain(exc, lines)
        errors = [ContentError(path, line, "", message)]
        if tab_lines:
            errors.insert(0, ContentError(path, tab_lines[0], "", TAB_HINT))
        raise ContentFileError(errors) from None
    except yaml.YAMLError as exc:
        raise ContentFileError([ContentError(path, 0, "", f"not valid YAML: {str(exc).splitlines()[0]}")]) from None
    except RecursionError:
        raise ContentFileError([ContentError(path, 0, "", "not valid YAML: nested far too deep")]) from None
    finally:
        loader.dispose()
    dupes = _duplicate_keys(path, root, count)
    if dupes:
        raise ContentFileError(dupes)
    return YamlDoc(path, data, root, count, tab_lines)


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
