"""YAML text -> plain values, keeping the line and column of every value and key.

PyYAML's constructors forget where a value came from and accept duplicate keys silently, so
this module composes the node tree itself from the parser's events (with the C parser where
available: ten times faster than the pure-Python one) and builds plain values from it,
recording the position of every value and key.

The composer is ours, not PyYAML's, for two hostile inputs: anchors and aliases are refused
at the first one, before anything is composed, so a "billion laughs" file costs no more than
reading its first lines; and nesting is limited, because PyYAML's C composer recurses without
a limit and a file of 100,000 brackets crashes the interpreter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, DataErrors

try:  # the C parser keeps marks too, and is much faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[Any, ...]
Pos = tuple[int, int]

DEFAULT_MAX_BYTES = 256 * 1024


@dataclass
class Parsed:
    """A YAML document as plain values plus the position of each value and key."""

    value: Any
    values: dict[Path_, Pos] = field(default_factory=dict)
    keys: dict[Path_, Pos] = field(default_factory=dict)

    def where(self, loc: Path_, *, key: bool = False) -> Pos:
        """Position of the value at loc, or of its closest existing parent."""
        if key and loc in self.keys:
            return self.keys[loc]
        for n in range(len(loc), -1, -1):
            if loc[:n] in self.values:
                return self.values[loc[:n]]
        return (1, 1)


def dotted(loc: Path_) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Builder:
    def __init__(self, path: str):
        self.path = path
        self.errors: list[DataError] = []
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()
        self.parsed = Parsed(None)

    def err(self, node: yaml.Node, loc: Path_, message: str) -> None:
        m = node.start_mark
        self.errors.append(DataError(self.path, m.line + 1, m.column + 1, dotted(loc), message))

    def build(self, node: yaml.Node, loc: Path_) -> Any:
        if id(node) in self.seen:
            self.err(node, loc, _ALIAS_MESSAGE)  # compose() refuses them first; kept as a guard
            return None
        self.seen.add(id(node))
        self.parsed.values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            first: dict[str, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.err(key_node, loc, "YAML merge keys (<<) are not allowed; write the fields out")
                    continue
                key = self.build(key_node, loc + ("<key>",))
                if not isinstance(key, str):
                    self.err(key_node, loc, f"a field name must be text, got {key!r}")
                    continue
                if key in out:
                    self.err(key_node, loc + (key,), f"duplicate key '{key}' (first given on line {first[key]})")
                    continue
                first[key] = key_node.start_mark.line + 1
                self.parsed.keys[loc + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, loc + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError) as exc:
            if node.tag != "tag:yaml.org,2002:timestamp":
                self.err(node, loc, f"cannot read '{node.value}': {exc}")
            # 2018-02-30 looks like a date but is none: the text goes to the model, which says so
            # where a date is wanted (with the other errors of the record) and accepts it as text
            return node.value


#: records nest a few levels (case > conflicts > accounts > sources); far deeper is an attack
MAX_DEPTH = 20

_ALIAS_MESSAGE = "YAML anchors and aliases (& and *) are not allowed; write the value out"


def compose(text: str, path: str) -> yaml.Node | None:
    """The node tree of a one-document YAML text, composed without recursion.

    Raises DataErrors at the first anchor or alias, at nesting deeper than MAX_DEPTH and at a
    second document; PyYAML's own errors (yaml.MarkedYAMLError) pass through.
    """
    loader = _Loader(text)
    try:
        return _compose(loader, path)
    finally:
        loader.dispose()


def _refuse(path: str, event: yaml.Event, loc: Path_, message: str) -> DataErrors:
    m = event.start_mark
    line, col = (m.line + 1, m.column + 1) if m else (1, 1)
    return DataErrors([DataError(path, line, col, dotted(loc), message)])


def _compose(loader: Any, path: str) -> yaml.Node | None:
    root: yaml.Node | None = None
    documents = 0
    # each open collection: [node, its location, the key node waiting for its value]
    stack: list[list[Any]] = []
    while loader.check_event():
        event = loader.get_event()
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            continue
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _refuse(path, event, (), "a file holds one record; remove the second document (after '---')")
            continue
        if stack:
            parent, ploc, pending = stack[-1]
            if isinstance(parent, yaml.SequenceNode):
                loc = ploc + (len(parent.value),)
            elif pending is not None and isinstance(pending.value, str):
                loc = ploc + (pending.value,)
            else:
                loc = ploc
        else:
            loc = ()
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            node = stack.pop()[0]
            node.end_mark = event.end_mark
            _attach(stack, node)
            continue
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _refuse(path, event, loc, _ALIAS_MESSAGE)
        tag = event.tag
        if tag not in (None, "!"):  # !!python/object and friends: records are plain values
            raise _refuse(
                path,
                event,
                loc,
                f"YAML tags ({tag.replace('tag:yaml.org,2002:', '!!')}) are not allowed; write the plain value",
            )
        if isinstance(event, yaml.ScalarEvent):
            if tag is None or tag == "!":
                tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            # the C parser's marks are yaml._yaml.Mark, which PyYAML's stubs do not list
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)  # type: ignore[arg-type]
            if stack:
                _attach(stack, node)
            else:
                root = node
            continue
        kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
        if len(stack) >= MAX_DEPTH:
            raise _refuse(
                path, event, loc[:1], f"the values nest more than {MAX_DEPTH} levels deep; a record needs far fewer"
            )
        if tag is None or tag == "!":
            tag = loader.resolve(kind, None, event.implicit)
        node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
        if not stack:
            root = node
        stack.append([node, loc, None])
    return root


def _attach(stack: list[list[Any]], node: yaml.Node) -> None:
    """Add a finished node to the collection that is open (a mapping takes key, then value)."""
    if not stack:
        return
    frame = stack[-1]
    parent = frame[0]
    if isinstance(parent, yaml.SequenceNode):
        parent.value.append(node)
    elif frame[2] is None:
        frame[2] = node
    else:
        parent.value.append((frame[2], node))
        frame[2] = None


def parse(text: str, path: str) -> Parsed:
    """Parse one YAML document; raise DataErrors naming the file, line and column."""
    try:
        node = compose(text, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        lines = text.split("\n")
        if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            problem += " (indent with spaces, not tabs)"
        raise DataErrors([DataError(path, line, col, "", f"invalid YAML: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise DataErrors([DataError(path, 1, 1, "", f"invalid YAML: {exc}")]) from None
    builder = _Builder(path)
    if node is None:
        raise DataErrors([DataError(path, 1, 1, "", "the file is empty; a record is a mapping of fields")])
    builder.parsed.value = builder.build(node, ())
    if builder.errors:
        raise DataErrors(builder.errors)
    return builder.parsed


class Unusual(Exception):
    """The fast path met something only the full path reports on (or a construction error)."""


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


def fast_value(text: str) -> Any:
    """Plain values of a YAML document without positions, or Unusual.

    The same values as ``parse(text).value`` at a fraction of the cost: no position is kept
    and plain text skips PyYAML's constructor. Anything that ``parse`` would report (an
    alias, a merge key, a duplicate or non-text key, a value that cannot be read) raises
    Unusual, and the caller falls back to ``parse`` for the exact message.
    """
    if _RISKY.search(text):
        # anchors, aliases, tags and deep flow nesting go the full way: PyYAML's C composer
        # recurses once per level, and only the full path refuses them with their position
        raise Unusual
    node = yaml.compose(text, Loader=_Loader)
    if node is None:
        raise Unusual
    return _plain(node, set(), yaml.constructor.SafeConstructor())


_RISKY = re.compile(r"[&*!]|[\[{](?:\s*[\[{]){2}")


def _plain(node: yaml.Node, seen: set[int], constructor: yaml.constructor.SafeConstructor) -> Any:
    # a module function, not a closure: a recursive closure is a reference cycle, which
    # only the cycle collector frees (and loading pauses it)
    if id(node) in seen:
        raise Unusual
    seen.add(id(node))
    cls = node.__class__
    if cls is yaml.ScalarNode:
        if node.tag == _STR:
            return node.value
        try:
            return constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError):
            raise Unusual from None
    if cls is yaml.MappingNode:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _plain(key_node, seen, constructor)
            if key_node.tag == _MERGE or not isinstance(key, str) or key in out:
                raise Unusual
            out[key] = _plain(value_node, seen, constructor)
        return out
    return [_plain(item, seen, constructor) for item in node.value]


def read_text(file: Path, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    data = file.read_bytes()
    if len(data) > max_bytes:
        raise DataErrors(
            [
                DataError(
                    path,
                    1,
                    1,
                    "",
                    f"the file is {len(data)} bytes, over the limit of {max_bytes} (setting max_file_bytes)",
                )
            ]
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataErrors([DataError(path, line, col, "", "the file is not UTF-8 text; save it as UTF-8")]) from None
    return text.replace("\r\n", "\n")


