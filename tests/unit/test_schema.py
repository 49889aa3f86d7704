"""The committed JSON Schemas: equal to the models, named by every data file, met by every data file."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from common import FIXTURE, ROOT
from dossier.export import SCHEMA_DIR, json_schemas, schema_files
from dossier.model import BY_FOLDER, RECORD_TYPES
from dossier.scaffold import plan

SCHEMAS = ROOT / SCHEMA_DIR
DATA_FILES = sorted(
    f for base in (ROOT / "data", FIXTURE / "data") for f in base.glob("*/*.yml") if f.parent.name != "schema"
)


def as_json(value: Any) -> Any:
    """YAML values as JSON has them: PyYAML reads an unquoted 2018-04-16 as a date, the schema wants text."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@functools.cache  # one checked validator per schema: checking a schema costs more than using it
def validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def problems(kind: str, text: str) -> list[str]:
    data = as_json(yaml.safe_load(text))
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(kind).iter_errors(data)]


def test_committed_schemas_equal_the_models() -> None:
    expected = schema_files()
    committed = {f.name: f.read_text(encoding="utf-8") for f in SCHEMAS.glob("*.json")}
    assert sorted(committed) == sorted(expected), "run `make schema` and commit data/schema/"
    for name, text in expected.items():
        assert committed[name] == text, f"data/schema/{name} is out of date: run `make schema` and commit it"


def test_there_is_a_schema_for_every_record_type() -> None:
    assert sorted(json_schemas()) == sorted(t.kind for t in RECORD_TYPES)


@pytest.mark.parametrize("file", [f for f in DATA_FILES if f.is_relative_to(ROOT / "data")], ids=lambda f: f.name)
def test_every_data_file_names_its_schema_in_its_first_line(file: Path) -> None:
    kind = BY_FOLDER[file.parent.name].kind
    first = file.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == f"# yaml-language-server: $schema=../schema/{kind}.schema.json"


@pytest.mark.parametrize("file", DATA_FILES, ids=lambda f: f"{f.parent.parent.parent.name}/{f.parent.name}/{f.name}")
def test_every_data_file_validates_against_its_schema(file: Path) -> None:
    kind = BY_FOLDER[file.parent.name].kind
    assert problems(kind, file.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("kind", sorted(t.kind for t in RECORD_TYPES))
def test_a_new_draft_validates_against_its_schema(kind: str, tmp_path: Path) -> None:
    assert problems(kind, plan(tmp_path, kind, "Test Person").text) == []


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d.update(verifed=d.pop("verified")), "Additional properties are not allowed ('verifed' was unexpected)"),
        (lambda d: d["timeline"][0].update(kind="arrested"), "'arrested' is not one of"),
        (lambda d: d["timeline"][0].update(date="16 April 2018"), "is not valid under any of the given schemas"),
        (lambda d: d["summary"].update(sources=[]), "should be non-empty"),
        (lambda d: d.pop("contacts"), "'contacts' is a required property"),
        (lambda d: d.update(verified="2018-02-30"), "is not a 'date'"),
    ],
    ids=["misspelt field", "unknown event kind", "date in words", "no source", "missing field", "impossible date"],
)
def test_the_schema_rejects_what_the_model_rejects(change: Any, expected: str) -> None:
    data = as_json(yaml.safe_load((ROOT / "data" / "cases" / "ardak-ashim.yml").read_text(encoding="utf-8")))
    change(data)
    messages = [e.message for e in validator("case").iter_errors(data)]
    assert any(expected in m for m in messages), messages


def test_only_a_draft_may_leave_required_fields_out() -> None:
    assert problems("case", "id: new-case\ndraft: true\n") == []
    assert problems("case", "id: new-case\n") != []
    assert problems("case", "id: new-case\ndraft: false\n") != []
    assert any("verifed" in p for p in problems("case", "id: new-case\ndraft: true\nverifed: 2018-01-01\n"))
