"""YAML files -> validated records, keeping the line and column of every value.

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

import contextlib
import gc
import os
import re
import unicodedata

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml
from pydantic import ValidationError
from slugify import slugify

from . import background
from .errors import DataError, DataErrors, hint
from .model import BY_FOLDER, ID_PATTERN, Record, absent_required, model_for

try:  # the C parser keeps marks too, and is much faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[Any, ...]
Pos = tuple[int, int]

DEFAULT_MAX_BYTES = 256 * 1024
INCOMPLETE_DRAFT = "required field is missing (a draft may leave it out, but DRAFTS=1 shows only complete drafts)"


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


class Origin:
    """Where a record came from, for error messages.

    A record read by the fast path keeps neither the positions of its values nor its text
    (at thousands of records both cost memory for nothing): the positions are worked out
    from the file when an error first needs them.
    """

    def __init__(self, path: str, parsed: Parsed | None = None, *, file: Path | None = None):
        self.path = path
        self._parsed = parsed
        self._file = file

    @property
    def parsed(self) -> Parsed:
        if self._parsed is None:
            try:
                self._parsed = parse(read_text(self._file, self.path, 1 << 40) if self._file else "", self.path)
            except (OSError, DataErrors):  # the file changed or went since it was read
                self._parsed = Parsed(None)
        return self._parsed

    def error(self, loc: Path_, message: str, *, key: bool = False) -> DataError:
        line, col = self.parsed.where(tuple(loc), key=key)
        return DataError(self.path, line, col, dotted(loc), message)


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
    return DataErrors([DataError(path, m.line + 1, m.column + 1, dotted(loc), message)])


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
            raise _refuse(path, event, loc, f"YAML tags ({tag.replace('tag:yaml.org,2002:', '!!')}) are not allowed; write the plain value")
        if isinstance(event, yaml.ScalarEvent):
            if tag is None or tag == "!":
                tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            if stack:
                _attach(stack, node)
            else:
                root = node
            continue
        kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
        if len(stack) >= MAX_DEPTH:
            raise _refuse(path, event, loc[:1], f"the values nest more than {MAX_DEPTH} levels deep; a record needs far fewer")
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


class _Unusual(Exception):
    """The fast path met something only the full path reports on (or a construction error)."""


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


def fast_value(text: str) -> Any:
    """Plain values of a YAML document without positions, or _Unusual.

    The same values as ``parse(text).value`` at a fraction of the cost: no position is kept
    and plain text skips PyYAML's constructor. Anything that ``parse`` would report (an
    alias, a merge key, a duplicate or non-text key, a value that cannot be read) raises
    _Unusual, and the caller falls back to ``parse`` for the exact message.
    """
    if _RISKY.search(text):
        # anchors, aliases, tags and deep flow nesting go the full way: PyYAML's C composer
        # recurses once per level, and only the full path refuses them with their position
        raise _Unusual
    node = yaml.compose(text, Loader=_Loader)
    if node is None:
        raise _Unusual
    return _plain(node, set(), yaml.constructor.SafeConstructor())


_RISKY = re.compile(r"[&*!]|[\[{](?:\s*[\[{]){2}")


def _plain(node: yaml.Node, seen: set[int], constructor: yaml.constructor.SafeConstructor) -> Any:
    # a module function, not a closure: a recursive closure is a reference cycle, which
    # only the cycle collector frees (and loading pauses it)
    if id(node) in seen:
        raise _Unusual
    seen.add(id(node))
    cls = node.__class__
    if cls is yaml.ScalarNode:
        if node.tag == _STR:
            return node.value
        try:
            return constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError):
            raise _Unusual from None
    if cls is yaml.MappingNode:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _plain(key_node, seen, constructor)
            if key_node.tag == _MERGE or not isinstance(key, str) or key in out:
                raise _Unusual
            out[key] = _plain(value_node, seen, constructor)
        return out
    return [_plain(item, seen, constructor) for item in node.value]


def read_text(file: Path, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    data = file.read_bytes()
    if len(data) > max_bytes:
        raise DataErrors(
            [DataError(path, 1, 1, "", f"the file is {len(data)} bytes, over the limit of {max_bytes} (setting max_file_bytes)")]
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


def validate(parsed: Parsed, model: type[Record], path: str) -> Record:
    """Validate plain values against a record model; raise DataErrors with positions."""
    origin = Origin(path, parsed)
    if not isinstance(parsed.value, dict):
        kind = type(parsed.value).__name__.replace("list", "a list").replace("str", "text")
        raise DataErrors([origin.error((), f"a record must be a mapping of fields, got {kind}")])
    try:
        return model_for(model, parsed.value).model_validate(parsed.value)
    except ValidationError as exc:
        errors = []
        seen_unions: set[Path_] = set()
        for e in exc.errors():
            # a union (When | 'undated') reports each of its branches, named like "literal['undated']";
            # the first branch says what is wanted, the others repeat it less clearly
            # (the last part of an unknown field's location is the editor's key, whatever it holds)
            inner, last = (e["loc"][:-1], e["loc"][-1:]) if e["type"] == "extra_forbidden" else (e["loc"], ())
            loc = tuple(part for part in inner if not (isinstance(part, str) and "[" in part)) + tuple(last)
            if len(loc) < len(e["loc"]):
                if loc in seen_unions:
                    continue
                seen_unions.add(loc)
            if e["type"] == "extra_forbidden":
                parent = _model_at(model, loc[:-1])
                fields = parent.model_fields if parent else {}
                errors.append(origin.error(loc, "unknown field" + hint(str(loc[-1]), fields), key=True))
            elif e["type"] == "missing":
                errors.append(origin.error(loc, "required field is missing"))
            else:
                errors.append(origin.error(loc, _message(e)))
        raise DataErrors(errors) from None


def _message(e: dict[str, Any]) -> str:
    msg = e["msg"]
    if e["type"] == "literal_error":
        return f"{e['input']!r} is not allowed; use one of {e['ctx']['expected']}"
    if e["type"] == "string_pattern_mismatch" and e["ctx"]["pattern"] == ID_PATTERN:
        return bad_id(str(e["input"]))
    if e["type"] == "string_pattern_mismatch":
        return f"{e['input']!r} does not match the pattern {e['ctx']['pattern']}"
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    if not msg or msg.split()[0] in ("Markdown", "YAML", "JSON"):
        return msg
    return msg[0].lower() + msg[1:]


def bad_id(value: str) -> str:
    """What is wrong with an id, with the id python-slugify proposes for it."""
    proposal = slugify(value)
    fix = f"; did you mean '{proposal}'?" if proposal and proposal != value else ""
    return f"{value!r} is not an id: use lowercase ASCII letters, digits and single hyphens{fix}"


def _model_at(model: type, loc: Path_) -> type | None:
    """The pydantic model class that holds the field at loc, for 'did you mean' hints."""
    import typing

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
        if current is None:
            return None
    return current if hasattr(current, "model_fields") else None


def _inner_model(annotation: Any) -> Any:
    import typing

    if hasattr(annotation, "model_fields"):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


_UNREAD = object()


def _read_record(file: Path, path: str, model: type[Record], max_bytes: int, value: Any = _UNREAD) -> tuple[Record, Origin]:
    """One record: the fast path when the file is valid, the full path for its errors.

    value: the file's plain values, when another process has read them already (None: that
    process could not, so the full path reads the file again and says why)."""
    text = None
    if value is _UNREAD:
        text = read_text(file, path, max_bytes)
        try:
            value = fast_value(text)
        except (_Unusual, yaml.YAMLError):
            value = None
    if isinstance(value, dict):
        try:
            return model.model_validate(value), Origin(path, file=file)
        except ValidationError:
            pass
    if text is None:
        text = read_text(file, path, max_bytes)
    parsed = parse(text, path)
    return validate(parsed, model, path), Origin(path, parsed)


@dataclass
class Loaded:
    """Every record of a data folder, by kind and id, with where each came from."""

    records: dict[str, dict[str, Record]]
    origins: dict[tuple[str, str], Origin]
    #: errors of files that could not be read or validated
    errors: list[DataError] = field(default_factory=list)
    #: (kind, id taken from the file name) of the files that could not be loaded: their own
    #: errors are reported, so references to them are not reported a second time
    broken: set[tuple[str, str]] = field(default_factory=set)
    #: (kind, id) of a draft that still leaves required fields out -> what publishing it would report
    incomplete: dict[tuple[str, str], list[DataError]] = field(default_factory=dict)


def load_records(data_dir: Path, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Loaded, list[DataError]]:
    """Every record that loads, and the errors of the files that do not."""
    loaded = load_all(data_dir, root, max_bytes)
    return loaded, list(loaded.errors)


def load_all(data_dir: Path, root: Path, max_bytes: int = DEFAULT_MAX_BYTES, cache: dict | None = None) -> Loaded:
    """Read and validate every record under data_dir, collecting the errors of every file, so
    that a build can report the errors of the whole data set (references included) at once.

    With a cache (a dict kept between the builds of `mkdocs serve`), a file whose size and
    modification time have not changed is not read again: its record is taken from the cache.
    """
    with _cycle_collection_paused():
        return _load_all(data_dir, root, max_bytes, cache)


@contextlib.contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Reading makes millions of short-lived objects and no reference cycle; Python's cycle
    collector, run every few hundred allocations over a growing heap, doubled the time of
    reading 26,000 files."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def inside(path: str, folder: str) -> bool:
    """Whether a real path lies in a real folder (strings, no file system access)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def entries(folder: Path, project: str) -> list[str]:
    """Every file, folder and link under folder, sorted (os.walk and plain strings: at 26,000
    data files, pathlib's rglob took a second). A linked folder inside the project is walked
    once; one that leads outside it is listed, never entered."""
    out: list[str] = []
    seen: set[str] = set()
    for top, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in seen or not inside(real, project):
            dirs[:] = []
            continue
        seen.add(real)
        out.extend(os.path.join(top, name) for name in dirs + files)
    return sorted(out)


def _read_ahead(files: list[str], max_bytes: int) -> dict[str, Any]:
    """The plain values of each YAML file, or None where only the full path can say what is wrong."""
    out: dict[str, Any] = {}
    for full in files:
        if full.endswith((".yml", ".yaml")):
            try:
                out[full] = fast_value(read_text(Path(full), full, max_bytes))
            except (DataErrors, _Unusual, yaml.YAMLError, ValueError):
                out[full] = None
    return out


def _half_by_size(files: list[str]) -> int:
    """The index that splits the files into two parts of about the same number of bytes (a case
    file is ten times the size of a source's)."""
    sizes = [os.path.getsize(f) for f in files]
    half, total = sum(sizes) / 2, 0
    for i, size in enumerate(sizes):
        total += size
        if total >= half:
            return i + 1
    return len(files)


def _load_all(data_dir: Path, root: Path, max_bytes: int, cache: dict | None) -> Loaded:
    errors: list[DataError] = []
    broken: set[tuple[str, str]] = set()
    records: dict[str, dict[str, Record]] = {model.kind: {} for model in BY_FOLDER.values()}
    origins: dict[tuple[str, str], Origin] = {}
    incomplete: dict[tuple[str, str], list[DataError]] = {}
    listing = [full for full in entries(data_dir, os.path.realpath(root)) if not os.path.isdir(full)]
    # Reading is most of a build's own work at thousands of records: a second process reads the
    # second half of the files while this one reads the first (not under `mkdocs serve`, whose
    # cache reads only the files that changed).
    split, job, ahead = len(listing), None, {}
    if cache is None and len(listing) >= background.PARALLEL_FROM:
        split = _half_by_size(listing)
        job = background.start(_read_ahead, listing[split:], max_bytes)
    for i, full in enumerate(listing):
        if i == split and job is not None:
            try:
                ahead = job.result()
            except Exception:  # noqa: BLE001 - the second process failed: this one reads everything
                ahead = {}
        file = Path(full)
        path = file.relative_to(root).as_posix()
        if file.suffix.lower() in (".yml", ".yaml") and file.suffix not in (".yml", ".yaml"):
            errors.append(DataError(path, 1, 1, "", f"a record file ends in .yml; rename it {file.stem}.yml"))
            continue
        if file.suffix not in (".yml", ".yaml"):
            continue
        rel = file.relative_to(data_dir)
        model = BY_FOLDER.get(rel.parts[0]) if len(rel.parts) > 1 else None
        if model is None:
            if rel.parts[0] != "schema":
                errors.append(
                    DataError(path, 1, 1, "", f"records live in one of the folders {', '.join(sorted(BY_FOLDER))} of data/")
                )
            continue
        try:
            if cache is None:
                record, origin = _read_record(file, path, model, max_bytes, ahead.get(full, _UNREAD))
            else:
                stat = file.stat()
                stamp = (stat.st_mtime_ns, stat.st_size, max_bytes)
                hit = cache.get(path)
                if hit is None or hit[0] != stamp:
                    hit = cache[path] = (stamp, _read_record(file, path, model, max_bytes))
                record, origin = hit[1]
        except DataErrors as exc:
            errors.extend(exc.errors)
            broken.add((model.kind, file.stem))
            continue
        stem = unicodedata.normalize("NFC", file.stem)
        if record.id != file.stem:
            detail = " (they differ only in Unicode normalisation)" if stem == unicodedata.normalize("NFC", record.id) else ""
            errors.append(
                origin.error(("id",), f"id '{record.id}' differs from the file name '{file.stem}'{detail}; rename the file {record.id}{file.suffix}")
            )
            broken.update({(model.kind, file.stem), (model.kind, record.id)})
            continue
        if record.id in records[model.kind]:
            first = origins[(model.kind, record.id)].path
            errors.append(origin.error(("id",), f"duplicate id '{record.id}': {first} has the same id"))
            continue
        records[model.kind][record.id] = record
        origins[(model.kind, record.id)] = origin
        if record.draft and (absent := absent_required(model, origin.parsed.value)):
            incomplete[(model.kind, record.id)] = [origin.error((name,), INCOMPLETE_DRAFT) for name in absent]
    return Loaded(records, origins, errors, broken, incomplete)
