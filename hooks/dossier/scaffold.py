"""A new record to fill in: ``make new NAME="Full Name" TYPE=case`` (``python -m dossier new``).

The file it writes has every field of the record type, each under a comment that says what it
takes; the comments come from the model's declarations (``dictionary.comment``), so they say
exactly what the data dictionary and the JSON Schema say. The record is a draft: ``make check``
validates it from the first minute, the site leaves it out until the editor deletes
``draft: true``. Only the id, the draft mark and what the name gives (a person's name, a
source's title, a case's person) are written as values; every other field is commented out,
because a draft may leave required fields out (``model.draft_of``) and a value the editor has
not looked up must never be guessed here.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel
from slugify import slugify

from . import dictionary
from .dictionary import FieldDoc
from .model import BY_KIND, Record
from .model_values import ID_PATTERN

WIDTH = 96  # comment lines are wrapped to this width
BASE_LAST = ("corrections", "editor_notes")  # fields every record has, written after its own


class ScaffoldError(Exception):
    """The record cannot be written; the message says why and what to do."""


@dataclass(frozen=True)
class Scaffold:
    path: Path  # relative to the project root
    text: str
    next_steps: list[str]


def new_id(name: str) -> str:
    """The id python-slugify proposes for a name (lowercase ASCII words joined by hyphens)."""
    return slugify(unicodedata.normalize("NFC", name))


def _given(kind: str, rid: str, name: str) -> dict[str, str]:
    """The values that the name gives, by field."""
    if kind == "case":
        return {"person": rid}  # a case has the id of its person's record
    if kind in ("source", "mission", "recommendation"):
        return {"title": name}
    return {"name": name}


def plan(root: Path, kind: str, name: str, rid: str | None = None) -> Scaffold:
    """The file to write for a new record; raise ScaffoldError when it must not be written."""
    model = BY_KIND.get(kind)
    if model is None:
        raise ScaffoldError(f"TYPE '{kind}' is not a record type; use one of {', '.join(sorted(BY_KIND))}")
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    if not name:
        raise ScaffoldError('give the record a name: make new NAME="Full Name" TYPE=' + kind)
    rid = unicodedata.normalize("NFC", rid.strip()) if rid else new_id(name)
    if not rid:
        raise ScaffoldError(f"the name '{name}' gives no id; choose one with ID=..., e.g. ID=jane-doe")
    if not re.match(ID_PATTERN, rid):
        raise ScaffoldError(
            f"'{rid}' cannot be an id: use lowercase ASCII letters, digits and single hyphens, e.g. ID=jane-doe"
        )
    folder = root / "data" / model.folder
    taken = _taken(folder, rid)
    if taken:
        raise ScaffoldError(
            f"{taken.relative_to(root).as_posix()} already has the id '{rid}'; edit that record, or choose "
            f"another id with ID=..., e.g. make new NAME=\"{name}\" TYPE={kind} ID={rid}-2"
        )
    path = Path("data") / model.folder / f"{rid}.yml"
    return Scaffold(path, render(model, rid, name), _next_steps(root, kind, rid, name, path))


def _taken(folder: Path, rid: str) -> Path | None:
    """An existing record file whose name is the id, also in another case or Unicode form."""
    if not folder.is_dir():
        return None
    want = unicodedata.normalize("NFKC", rid).casefold()
    for file in sorted(folder.iterdir()):
        if file.suffix in (".yml", ".yaml") and unicodedata.normalize("NFKC", file.stem).casefold() == want:
            return file
    return None


def write(root: Path, scaffold: Scaffold) -> Path:
    """Write the file; never over an existing one."""
    file = root / scaffold.path
    file.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(file, "x", encoding="utf-8", newline="\n") as out:
            out.write(scaffold.text)
    except FileExistsError:
        raise ScaffoldError(f"{scaffold.path.as_posix()} exists; it was not changed") from None
    return file


# --------------------------------------------------------------------------- the text


def render(model: type[Record], rid: str, name: str) -> str:
    """The new record's YAML: the id, draft: true, the given values, every other field commented out."""
    kind = model.kind
    lines = [
        f"# yaml-language-server: $schema=../schema/{kind}.schema.json",
        "#",
        *_wrap(
            f"A new {kind} record, written by `make new`. It is a draft: `make check` validates it and "
            "the site leaves it out until the line `draft: true` is deleted.",
            "# ",
        ),
        "#",
        *_wrap(
            "Each field has a comment above it saying what it takes. A line that starts with `#` and a "
            "field name, like `#summary:`, is a field still to fill in: delete the `#` at the start of "
            "that line and of the lines under it that belong to the field, then write the values. Every "
            "required field must be filled in before the record is published; an optional field you have "
            "nothing for can stay commented out or be deleted. Every fact needs the ids of its sources "
            "(files in data/sources/).",
            "# ",
        ),
        "#",
        "# Check your work with `make check`. The editors' guide and the data dictionary are on the",
        "# site under About.",
        "",
    ]
    given = _given(kind, rid, name)
    doc = dictionary.describe(model)
    own = [f for f in doc.fields if f.name not in ("id", "draft", *BASE_LAST)]
    last = [f for f in doc.fields if f.name in BASE_LAST]
    by_name = {f.name: f for f in doc.fields}
    for f in [by_name["id"], by_name["draft"], *own, *last]:
        lines.extend(_wrap(dictionary.comment(f), "# "))
        if f.name == "id":
            lines.append(f"id: {rid}")
        elif f.name == "draft":
            lines.append("draft: true")
        elif f.name in given:
            lines.append(_yaml_line(f.name, given[f.name]))
        else:
            lines.extend("#" + line for line in _skeleton(f, ""))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _yaml_line(key: str, value: str) -> str:
    return yaml.safe_dump({key: value}, allow_unicode=True, width=10_000, sort_keys=False).rstrip("\n")


def _skeleton(f: FieldDoc, indent: str) -> list[str]:
    """The field's lines with empty values (or its default), and a comment above each part's field."""
    if f.part is not None:
        inner = _part_lines(f.part, indent + ("    " if f.many else "  "), first_prefix="  - " if f.many else None)
        return [f"{indent}{f.name}:", *inner]
    if f.many:
        return [f"{indent}{f.name}: []"]
    if f.default is not None:
        return [f"{indent}{f.name}: {_yaml_value(f.default)}"]
    return [f"{indent}{f.name}:"]


def _part_lines(part: type[BaseModel], indent: str, first_prefix: str | None) -> list[str]:
    """Every field of a part, each under its comment; a list item's first field carries the '- '."""
    out: list[str] = []
    for i, f in enumerate(dictionary.describe(part).fields):
        comment_indent = indent[:-4] + "  " if first_prefix and i == 0 else indent
        out.extend(_wrap(dictionary.comment(f), comment_indent + "# "))
        lines = _skeleton(f, indent)
        if first_prefix and i == 0:
            lines[0] = indent[:-4] + first_prefix + lines[0].lstrip()
        out.extend(lines)
    return out


def _yaml_value(word: str) -> str:
    if word in ("true", "false", "[]"):
        return word
    return yaml.safe_dump(word, allow_unicode=True, width=10_000).removesuffix("\n...\n").rstrip("\n")


def _wrap(text: str, prefix: str) -> list[str]:
    return textwrap.wrap(text, width=WIDTH, initial_indent=prefix, subsequent_indent=prefix, break_on_hyphens=False)


# --------------------------------------------------------------------------- what next


def _next_steps(root: Path, kind: str, rid: str, name: str, path: Path) -> list[str]:
    steps = [f"Open {path.as_posix()} and fill in the fields; the comment above each says what it takes."]
    if kind == "case" and not (root / "data" / "people" / f"{rid}.yml").exists():
        steps.append(
            f"A case refers to the record of its person, data/people/{rid}.yml, which does not exist yet: "
            f'make new NAME="{name}" TYPE=person'
        )
    steps += [
        "Run `make check` after each change: it names the file, line and field of every problem.",
        "Once every required field is filled in, preview the draft with `make serve DRAFTS=1`.",
        "To publish: delete the line `draft: true`, run `make check` and `make build`, then commit.",
    ]
    return steps
