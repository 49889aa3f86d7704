"""Records -> machine-readable files: JSON Schema of each record type (more to come)."""

from __future__ import annotations

from typing import Any

from .model import RECORD_TYPES


def json_schemas() -> dict[str, dict[str, Any]]:
    """{kind: JSON Schema} generated from the models, the one source of truth."""
    out = {}
    for model in RECORD_TYPES:
        schema = model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"{model.kind}.schema.json"
        out[model.kind] = schema
    return out
