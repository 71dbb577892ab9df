"""Parsing YAML while keeping the line of every value: the part of reading a file that needs
PyYAML, loaded only when a file's parse is not kept already (see `yamlfile`).

Parsing goes through PyYAML's safe loader (what `yaml.safe_load` uses) once, keeping the node tree
so an error about `cases[1].cost` can point at the line it stands on. PyYAML's own words ("mapping
values are not allowed in this context") mean nothing to a trainer, so the usual slips - a tab, a
colon or a comma inside a text, `No` read as false - get a plain hint of what to do.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import yaml

from game.content.errors import QUOTE_HINT, TAB_HINT, ContentError, ContentFileError, field_name, shown

# The same safe loader as yaml.safe_load, in its C build when PyYAML has one (several times faster).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NODES = 50_000  # refuse alias bombs that expand far past what a level can hold
MAX_INT_BITS = 13_000  # about 3,900 digits: no number a file here means, and near what Python will print
CORE_TAG = "tag:yaml.org,2002:"
# What a plain value YAML reads as something else becomes, in a trainer's words.
READ_AS = {"timestamp": "a date", "int": "a number", "float": "a number", "bool": "true or false", "null": "nothing"}
FLOW_COMMA_HINT = "a comma inside { } starts a new key: put the text in quotes"


class Parsed(NamedTuple):
    data: Any
    root: yaml.Node | None
    lines: int  # how many lines the file has: no error may point past the last
    tab_lines: tuple[int, ...]  # lines indented with a tab (read as spaces when that parses)


def line_at(root: yaml.Node | None, path: tuple[str | int, ...], lines: int) -> int:
    """The 1-based line of the deepest node on `path` that exists (0 when unknown), never past
    the file's last line."""
    node = root
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
    return min(best, lines) if lines else best


def node_at(root: yaml.Node | None, path: tuple[str | int, ...]) -> yaml.Node | None:
    """The node exactly at `path`, or None when the path leaves the file's tree."""
    node = root
    for part in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
        if child is None:
            return None
        node = child
    return node


def hinted(root: yaml.Node | None, path: tuple[str | int, ...], message: str) -> str:
    """A schema problem with a hint where the slip is a familiar one."""
    if message.startswith("unknown key") and path and _comma_in_braces(root, path):
        return f"{message} ({FLOW_COMMA_HINT})"
    if message.startswith("expected some text") or message.startswith("expected a digest id"):
        node = node_at(root, path)
        if isinstance(node, yaml.ScalarNode) and not node.style and node.value:
            read_as = _read_as(node)
            if read_as:
                return f"{message}; {QUOTE_HINT}: {shown(node.value)} is read as {read_as}"
    return message


def _comma_in_braces(root: yaml.Node | None, path: tuple[str | int, ...]) -> bool:
    """`{label: Shrug, it off}`: YAML reads "it off" as a key with no value."""
    parent = node_at(root, path[:-1])
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


class _Unbuildable(Exception):
    """A value that parsed but could not be built: a date that does not exist, `!!int abc`, a tag
    the safe loader does not know. Carries the node, for the line and the field."""

    def __init__(self, node: yaml.Node, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.node = node
        self.cause = cause


class _Loader(SAFE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader, but a value that cannot be built says which node it was. PyYAML's
    constructors raise whatever Python raises on bad input (ValueError for 2026-13-45,
    AttributeError for `!!timestamp x`, KeyError for `!!bool maybe`), not only YAMLError; each
    becomes one error about that value."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (_Unbuildable, RecursionError, MemoryError):
            raise
        except Exception as exc:  # any failure to build untrusted input is a problem with the file
            raise _Unbuildable(node, exc) from None

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        value = super().construct_yaml_int(node)
        if value.bit_length() > MAX_INT_BITS:  # 1:59:59:... or 0xfff... with thousands of digits
            raise ValueError("a number far too long")
        return value


def _guard(node: yaml.Node, steps: Iterator[Any]) -> Iterator[Any]:
    """A collection is built in two steps (the empty list or mapping first, its items later, outside
    `construct_object`): a failure in the second names the node too."""
    try:
        yield from steps
    except (_Unbuildable, RecursionError, MemoryError):
        raise
    except Exception as exc:
        raise _Unbuildable(node, exc) from None


def _guarded(build: Callable[[Any, yaml.Node], Any]) -> Callable[[Any, yaml.Node], Any]:
    def guarded(loader: Any, node: yaml.Node) -> Any:
        built = build(loader, node)
        return _guard(node, built) if isinstance(built, types.GeneratorType) else built

    return guarded


_Loader.add_constructor(CORE_TAG + "int", _Loader.construct_yaml_int)
for _tag, _build in list(_Loader.yaml_constructors.items()):
    _Loader.add_constructor(_tag, _guarded(_build))


def _tag_name(tag: str | None) -> str:
    """`tag:yaml.org,2002:int` as a writer types it: `!!int`."""
    tag = tag or "?"
    return "!!" + tag[len(CORE_TAG) :] if tag.startswith(CORE_TAG) else tag


def _unbuildable(path: str, loader: _Loader, root: yaml.Node, exc: _Unbuildable, count: int) -> ContentError:
    """The one-line error for a value that parsed but could not be built, on its line and field:
    a tag the game does not read, a bare value YAML took for a date or a number that cannot be,
    or a tagged value that is not what its tag says."""
    node = exc.node
    mark = getattr(exc.cause, "problem_mark", None) or node.start_mark
    line = min(mark.line + 1, count)
    field = field_name(_path_to(root, node) or ())
    if node.tag not in _Loader.yaml_constructors:
        return ContentError(
            path,
            line,
            field,
            f"unknown tag {shown(_tag_name(node.tag))}: a file here holds only text, numbers, true or false,"
            f" lists and mappings; remove the tag, or {QUOTE_HINT}",
        )
    if isinstance(node, yaml.ScalarNode):
        value = shown(node.value)
        implicit = not node.style and loader.resolve(yaml.ScalarNode, node.value, (True, False))
        kind = node.tag[len(CORE_TAG) :]
        if implicit == node.tag and kind in READ_AS:
            why = "there is no such date" if kind == "timestamp" else "not one the game can use"
            return ContentError(path, line, field, f"{value} is read as {READ_AS[kind]}, but {why}; {QUOTE_HINT}")
    else:
        value = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
        if node.tag == loader.resolve(type(node), None, True):  # no tag: a key or a << went wrong
            cause = exc.cause
            words = getattr(cause, "problem", None) or str(cause) or type(cause).__name__
            if "unhashable" in words:
                words = f"a list or a mapping stands where a key should be; {QUOTE_HINT}"
            return ContentError(path, line, field, f"not valid YAML: {shown(words, 120)}")
    return ContentError(
        path,
        line,
        field,
        f"{value or 'nothing'} is not what its tag {shown(_tag_name(node.tag))} says; remove the tag, or {QUOTE_HINT}",
    )


def _path_to(root: yaml.Node, target: yaml.Node) -> tuple[str | int, ...] | None:
    """Where `target` stands in the tree (a key stands for its mapping), or None."""
    stack: list[tuple[yaml.Node, tuple[str | int, ...]]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, where = stack.pop()
        if node is target:
            return where
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key is target:
                    return where
                label = key.value if isinstance(key, yaml.ScalarNode) else "?"
                stack.append((value, (*where, label)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, (*where, i)) for i, child in enumerate(node.value))
    return None


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
                                field_name((key.value,)),
                                "this key is given twice; keep one",
                            )
                        )
                    seen.add(key.value)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return errors


def line_count(text: str) -> int:
    """Lines as an editor numbers them: a final newline does not start another line."""
    return max(1, len(text.rstrip("\n").split("\n"))) if text.strip("\n") else 1


def _explain(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, str]:
    """The line a parse error belongs on (never past the end of the file) and a plain hint."""
    count = line_count("\n".join(lines))
    problem = shown((exc.problem or exc.context or "not valid YAML").strip(), 120)
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


def parse(path: str, text: str) -> Parsed:
    """The document and its node tree, or ContentFileError with every problem in it."""
    lines = text.split("\n")
    count = line_count(text)
    tab_lines: tuple[int, ...] = ()
    if "\t" in text:  # YAML forbids tabs for indentation; editors insert them anyway
        tab_lines = tuple(i for i, ln in enumerate(lines, 1) if "\t" in ln[: len(ln) - len(ln.lstrip(" \t"))])
        text = "\n".join(_expand_leading_tabs(line) for line in lines)
    loader = _Loader(text)
    root = None
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
    except _Unbuildable as exc:
        errors = [_unbuildable(path, loader, root, exc, count)] if root is not None else []
        if tab_lines:
            errors.insert(0, ContentError(path, tab_lines[0], "", TAB_HINT))
        raise ContentFileError(errors) from None
    except yaml.MarkedYAMLError as exc:
        line, message = _explain(exc, lines)
        errors = [ContentError(path, line, "", message)]
        if tab_lines:
            errors.insert(0, ContentError(path, tab_lines[0], "", TAB_HINT))
        raise ContentFileError(errors) from None
    except yaml.YAMLError as exc:
        first = (str(exc).splitlines() or ["?"])[0]
        raise ContentFileError([ContentError(path, 0, "", f"not valid YAML: {shown(first, 120)}")]) from None
    except RecursionError:
        raise ContentFileError([ContentError(path, 0, "", "not valid YAML: nested far too deep")]) from None
    finally:
        loader.dispose()
    dupes = _duplicate_keys(path, root, count)
    if dupes:
        raise ContentFileError(dupes)
    return Parsed(data, root, count, tab_lines)


def _expand_leading_tabs(line: str) -> str:
    stripped = line.lstrip(" \t")
    lead = line[: len(line) - len(stripped)]
    return lead.expandtabs(2) + stripped if "\t" in lead else line
