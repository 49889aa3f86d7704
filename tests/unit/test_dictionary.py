"""The data dictionary page: every record type and part, every field, from the models alone."""

from __future__ import annotations

import re
import typing

import pytest
from pydantic import BaseModel

from dossier import dictionary
from dossier.model import RECORD_TYPES, Case
from dossier.templating import md


def all_models() -> list[type[BaseModel]]:
    """Every model reachable from the record types, found here independently of dictionary.parts()."""
    found: dict[type[BaseModel], None] = {}

    def visit(annotation: typing.Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in found:
            found[annotation] = None
            for info in annotation.model_fields.values():
                visit(info.annotation)
        for arg in typing.get_args(annotation):
            visit(arg)

    for t in RECORD_TYPES:
        visit(t)
    return list(found)


def sections(markdown: str) -> dict[str, str]:
    """{anchor: the Markdown of its section} for every '### Name { #anchor }' heading."""
    parts = re.split(r"^### .+? \{ #([a-z]+) \}$", markdown, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2]))


PAGE = dictionary.page()
SECTIONS = sections(PAGE)


@pytest.mark.parametrize("model", all_models(), ids=lambda m: m.__name__)
def test_every_field_of_every_model_appears_in_its_section(model: type[BaseModel]) -> None:
    section = SECTIONS[model.__name__.lower()]
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `([a-z_]+)` \|.*\|$", section, re.MULTILINE)}
    assert list(rows) == list(model.model_fields)
    for name, info in model.model_fields.items():
        cells = [c.strip() for c in rows[name].strip("|").split(" | ")]
        assert len(cells) == 5, rows[name]
        assert cells[2].startswith("yes" if info.is_required() else "no")
        assert cells[4] == md(info.description).replace("|", "\\|")


@pytest.mark.parametrize("model", all_models(), ids=lambda m: m.__name__)
def test_every_field_declares_a_description(model: type[BaseModel]) -> None:
    missing = [name for name, info in model.model_fields.items() if not info.description]
    assert missing == [], f"{model.__name__}: give these fields a description in model.py"


def test_allowed_values_are_listed() -> None:
    event = typing.get_args(Case.model_fields["timeline"].annotation)[0]
    kinds = typing.get_args(event.model_fields["kind"].annotation)
    row = re.search(r"^\| `kind` \|.*$", SECTIONS["event"], re.MULTILINE)
    assert row and kinds and all(f"`{k}`" in row.group(0) for k in kinds)


def test_references_say_which_record_they_point_to() -> None:
    assert re.search(r"^\| `person` \| id of a person record \| yes \|", SECTIONS["case"], re.MULTILINE)
    assert re.search(r"^\| `sources` \| list of ids of source records \(at least 1\) \| yes \|", SECTIONS["fact"], re.MULTILINE)


def test_the_reference_syntax_in_descriptions_is_not_turned_into_a_link() -> None:
    SUMMARY = Case.model_fields["summary"].annotation
    assert isinstance(SUMMARY, type) and issubclass(SUMMARY, BaseModel)
    from dossier.refs import find_refs

    assert "[[type:id]]" in " ".join(f.description for f in dictionary.describe(SUMMARY).fields)
    assert list(find_refs(PAGE)) == []
