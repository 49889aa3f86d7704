"""The record models described in words: the data dictionary page and the comments of ``make new``.

Every field's description is declared once, in ``model.py``; this module reads the models
(their annotations, constraints and descriptions) and says for each field what it takes: its
type in plain words, whether it is required, its allowed values, its default. The data
dictionary page (``about/data-dictionary.md``) and the scaffold (``scaffold.py``) both use it,
so the page, the scaffold's comments and the JSON Schemas cannot drift apart.
"""

from __future__ import annotations

import builtins
import datetime as dt
import inspect
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import model as m
from .model_values import ID_PATTERN, When, no_links, safe_url
from .templating import render

#: the generated page's source path, and the editors' guide it links to when the site has one
PAGE = "about/data-dictionary.md"
GUIDE = "about/editors-guide.md"
ONE_OF = "one of the allowed values"


@dataclass(frozen=True)
class FieldDoc:
    """One field, in words."""

    name: str
    type: str  # plain words, e.g. "list of ids of source records (at least 1)"
    required: bool
    allowed: tuple[str, ...]  # the values a Literal allows, else ()
    description: str
    default: str | None  # the value used when the field is left out, in YAML words
    part: builtins.type[BaseModel] | None  # the nested model the field holds, if any
    many: bool  # a list


@dataclass(frozen=True)
class ModelDoc:
    """A record type or a part of a record, with its fields."""

    model: type[BaseModel]
    name: str
    anchor: str
    summary: str
    fields: tuple[FieldDoc, ...]
    kind: str | None = None  # set for record types
    folder: str | None = None


def describe(model: type[BaseModel]) -> ModelDoc:
    """Every field of one model, in declaration order."""
    refs = dict(getattr(model, "refs", {}))
    fields = tuple(
        _field(name, info, refs.get(name, "source" if name == "sources" else None))
        for name, info in model.model_fields.items()
    )
    return ModelDoc(
        model=model,
        name=model.__name__,
        anchor=model.__name__.lower(),
        summary=inspect.cleandoc(model.__doc__ or "").split("\n\n")[0].replace("\n", " "),
        fields=fields,
        kind=getattr(model, "kind", None) if issubclass(model, m.Record) else None,
        folder=getattr(model, "folder", None) if issubclass(model, m.Record) else None,
    )


def records() -> list[ModelDoc]:
    """Every record type, in the model's order."""
    return [describe(t) for t in m.RECORD_TYPES]


def parts() -> list[ModelDoc]:
    """Every model nested in a record (Fact, Event, ...), each once, in order of first use."""
    seen: dict[type[BaseModel], None] = {}

    def visit(model: type[BaseModel]) -> None:
        for f in describe(model).fields:
            if f.part is not None and f.part not in seen:
                seen[f.part] = None
                visit(f.part)

    for t in m.RECORD_TYPES:
        visit(t)
    return [describe(p) for p in seen]


def used_by() -> dict[str, list[str]]:
    """{part name: names of the models that hold it}, for 'used in' lines."""
    out: dict[str, list[str]] = {}
    for doc in records() + parts():
        for f in doc.fields:
            if f.part is not None and doc.name not in out.setdefault(f.part.__name__, []):
                out[f.part.__name__].append(doc.name)
    return out


def comment(f: FieldDoc) -> str:
    """What the field takes, in one paragraph: the scaffold writes it above the field."""
    need = "Required" if f.required else "Optional"
    what = f.type
    if f.allowed and what == ONE_OF:
        what = "one of " + ", ".join(f.allowed)
    return f"{f.description} {need}: {what}."


# --------------------------------------------------------------------------- annotations in words


def _field(name: str, info: FieldInfo, ref_kind: str | None) -> FieldDoc:
    words, allowed, part, many = _words(info.annotation, list(info.metadata), ref_kind)
    default = None
    if not info.is_required():
        value = info.get_default(call_default_factory=True)
        default = _yaml_word(value)
    return FieldDoc(
        name=name,
        type=words,
        required=info.is_required(),
        allowed=allowed,
        description=info.description or "",
        default=default,
        part=part,
        many=many,
    )


def _yaml_word(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if value == []:
        return "[]"
    return str(value)


def _flat_metadata(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip Annotated[...] wrappers; return the bare type and every constraint found on the way."""
    found: list[Any] = []
    while typing.get_origin(annotation) is typing.Annotated:
        args = typing.get_args(annotation)
        annotation = args[0]
        for meta in args[1:]:
            if isinstance(meta, FieldInfo):
                found.extend(meta.metadata)
            else:
                found.append(meta)
    return annotation, found


Words = tuple[str, tuple[str, ...], type[BaseModel] | None, bool]  # type in words, allowed values, part, list


def _words(annotation: Any, metadata: list[Any], ref_kind: str | None) -> Words:
    """(type in words, allowed values, nested model, is a list) of an annotation."""
    annotation, more = _flat_metadata(annotation)
    metadata = metadata + more
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        described = [_words(a, metadata if len(options) == 1 else [], ref_kind) for a in options]
        allowed = tuple(v for d in described for v in d[1])
        words = " or ".join(d[0] for d in described)
        part = next((d[2] for d in described if d[2] is not None), None)
        return words, allowed, part, any(d[3] for d in described)
    if origin is list:
        (item,) = typing.get_args(annotation)
        words, allowed, part, _ = _words(item, [], ref_kind)
        words = _plural(words)
        least = next((c.min_length for c in metadata if getattr(c, "min_length", None)), 0)
        if least:
            words += f" (at least {least})"
        return f"list of {words}", allowed, part, True
    if origin is Literal:
        values = tuple(str(v) for v in typing.get_args(annotation))
        return ("the value " + values[0] if len(values) == 1 else ONE_OF), values, None, False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__, (), annotation, False
    return _scalar(annotation, metadata, ref_kind), (), None, False


def _scalar(annotation: Any, metadata: list[Any], ref_kind: str | None) -> str:
    validators = {getattr(c, "func", None) for c in metadata}
    patterns = [getattr(c, "pattern", None) for c in metadata if getattr(c, "pattern", None)]
    if annotation is When:
        return "date (YYYY-MM-DD, YYYY-MM or YYYY)"
    if annotation is dt.date:
        return "full date (YYYY-MM-DD)"
    if annotation is bool:
        return "true or false"
    if annotation is float:
        low = next((c.ge for c in metadata if getattr(c, "ge", None) is not None), None)
        high = next((c.le for c in metadata if getattr(c, "le", None) is not None), None)
        return f"number from {low} to {high}" if low is not None and high is not None else "number"
    if annotation is int:
        return "whole number"
    if ID_PATTERN in patterns:
        return f"id of {'an' if ref_kind[0] in 'aeiou' else 'a'} {ref_kind} record" if ref_kind else "id"
    if safe_url in validators:
        return "web address (http:// or https://)"
    if no_links in validators:
        return "Markdown text"
    if patterns:
        return f"text matching `{patterns[0]}`"
    return "text"


def _plural(words: str) -> str:
    if words.startswith(("id of a ", "id of an ")):
        return "ids of " + words.split(" ", 3)[3].replace(" record", " records")
    if words == "id":
        return "ids"
    if words == "text":
        return "texts"
    return words


# --------------------------------------------------------------------------- the page


def page(guide: bool = True) -> str:
    """The data dictionary page, as Markdown; guide: link the editors' guide (the site has one)."""
    return render(
        "dictionary.md.j2", records=records(), parts=parts(), used_by=used_by(), schema_dir="data/schema", guide=guide
    )
