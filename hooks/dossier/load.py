"""YAML files -> validated records, with where each came from (file, line and column).

The files are read by ``yamlread``; this module walks the data folder, validates each file
against its record model and collects the errors of every file, so that one run reports them
all. A valid file takes the fast path (no positions kept); a file with errors is read again
the full way, for messages that name the line and column.
"""

from __future__ import annotations

import os
import typing
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from slugify import slugify

from .errors import DataError, DataErrors, hint
from .model import BY_FOLDER, Record, absent_required, model_for
from .model_values import ID_PATTERN
from .yamlread import DEFAULT_MAX_BYTES, Parsed, Path_, Unusual, dotted, fast_value, parse, read_text

INCOMPLETE_DRAFT = "required field is missing (a draft may leave it out, but DRAFTS=1 shows only complete drafts)"


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


def _message(e: ErrorDetails) -> str:
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


def _model_at(model: type, loc: Path_) -> type[BaseModel] | None:
    """The pydantic model class that holds the field at loc, for 'did you mean' hints."""
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
    if hasattr(annotation, "model_fields"):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _read_record(file: Path, path: str, model: type[Record], max_bytes: int) -> tuple[Record, Origin]:
    """One record: the fast path when the file is valid, the full path for its errors."""
    text = read_text(file, path, max_bytes)
    try:
        value = fast_value(text)
    except (Unusual, yaml.YAMLError):
        value = None
    if isinstance(value, dict):
        try:
            return model.model_validate(value), Origin(path, file=file)
        except ValidationError:
            pass
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


def load_all(data_dir: Path, root: Path, max_bytes: int = DEFAULT_MAX_BYTES, cache: dict | None = None) -> Loaded:
    """Read and validate every record under data_dir, collecting the errors of every file, so
    that a build can report the errors of the whole data set (references included) at once.

    With a cache (a dict kept between the builds of `mkdocs serve`), a file whose size and
    modification time have not changed is not read again: its record is taken from the cache.
    """
    errors: list[DataError] = []
    broken: set[tuple[str, str]] = set()
    records: dict[str, dict[str, Record]] = {model.kind: {} for model in BY_FOLDER.values()}
    origins: dict[tuple[str, str], Origin] = {}
    incomplete: dict[tuple[str, str], list[DataError]] = {}
    for full in entries(data_dir, os.path.realpath(root)):
        if os.path.isdir(full):
            continue
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
            if rel.parts[0] not in ("schema", "i18n"):  # the JSON Schemas; translations (translations.py)
                errors.append(
                    DataError(
                        path, 1, 1, "", f"records live in one of the folders {', '.join(sorted(BY_FOLDER))} of data/"
                    )
                )
            continue
        try:
            if cache is None:
                record, origin = _read_record(file, path, model, max_bytes)
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
            detail = (
                " (they differ only in Unicode normalisation)"
                if stem == unicodedata.normalize("NFC", record.id)
                else ""
            )
            errors.append(
                origin.error(
                    ("id",),
                    f"id '{record.id}' differs from the file name '{file.stem}'{detail}; "
                    f"rename the file {record.id}{file.suffix}",
                )
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
