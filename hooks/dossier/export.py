"""Records -> machine-readable files: JSON Schema of each record type (more to come)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import RECORD_TYPES

#: where the schemas are committed, relative to the project root; each data file names its own
#: in its first line (``# yaml-language-server: $schema=../schema/case.schema.json``)
SCHEMA_DIR = Path("data") / "schema"


def json_schemas() -> dict[str, dict[str, Any]]:
    """{kind: JSON Schema} generated from the models, the one source of truth.

    The model's draft rule (``model.draft_of``) is written as ``if``/``then``/``else``: a record
    with ``draft: true`` needs only its id, any other needs every required field. Everything
    else, at any depth, is validated alike, as the loader does.
    """
    out = {}
    for model in RECORD_TYPES:
        schema: dict[str, Any] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{model.kind}.schema.json",
        }
        schema.update(model.model_json_schema(mode="validation"))
        required = schema.pop("required", [])
        schema["if"] = {"properties": {"draft": {"const": True}}, "required": ["draft"]}
        schema["then"] = {"required": ["id"]}
        schema["else"] = {"required": required}
        out[model.kind] = schema
    return out


def schema_files() -> dict[str, str]:
    """{file name: text} of the committed schemas, e.g. 'case.schema.json'."""
    return {
        f"{kind}.schema.json": json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        for kind, schema in json_schemas().items()
    }


def write_schemas(root: Path) -> list[Path]:
    """Write every schema under root/data/schema/; return the files whose text changed."""
    folder = root / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in schema_files().items():
        file = folder / name
        if not file.exists() or file.read_text(encoding="utf-8") != text:
            file.write_text(text, encoding="utf-8")
            changed.append(file)
    return changed
