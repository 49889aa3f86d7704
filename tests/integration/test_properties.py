"""Property-based tests: whatever the input, the data check either accepts it (and the pages
render) or stops with the project's DataErrors naming a file and line; never another exception.

Two sources of input: YAML-like text made from the characters that matter to YAML, and
mutations of the real records (a value replaced by another of any type, a field removed or
added, a list item dropped or doubled), checked together with the rest of the real data.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common import ROOT
from dossier.build import Settings, check
from dossier.errors import DataErrors
from dossier.load import validate
from dossier.model import BY_FOLDER
from dossier.render import render_pages
from dossier.yamlread import parse

REAL_FILES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*.yml") if p.parent.name in BY_FOLDER)
REAL_IDS = sorted({Path(p).stem for p in REAL_FILES})
FIELD_NAMES = sorted({name for model in BY_FOLDER.values() for name in model.model_fields} | {"text", "sources", "date"})

TRICKY = [
    "", " ", "undated", "2018-02-30", "2018-13", "2018", "2018-04-16", "javascript:alert(1)", "https://x.example/a b",
    "https://x.example/", "[[case:ardak-ashim]]", "[[case:nobody]]", "[[ardak-ashim]]", "[x](javascript:1)",
    "<script>alert(1)</script>", "{: onclick=x}", "Święcicki", "s\u0301wie\u0328cicki", "\x00", "\ufeff", "a\r\nb",
    "detained", "released", "died", "other", "primary", "blog", "city", "met", "implements", "true", "null", "~",
    *REAL_IDS[:40],
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.sampled_from(TRICKY),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, path + (i,))
    return out


def _parent(doc: Any, path: tuple) -> Any:
    for part in path[:-1]:
        doc = doc[part]
    return doc


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    """(a real record file, its text after one random mutation)"""
    rel = draw(st.sampled_from(REAL_FILES))
    doc = yaml.safe_load((ROOT / rel).read_text(encoding="utf-8"))
    path = draw(st.sampled_from(_paths(doc)[1:]))
    parent, key = _parent(doc, path), path[-1]
    operation = draw(st.sampled_from(["replace", "remove", "add", "double"]))
    if operation == "replace":
        parent[key] = draw(values)
    elif operation == "remove":
        del parent[key]
    elif operation == "add" and isinstance(parent, dict):
        parent[draw(st.sampled_from(FIELD_NAMES))] = draw(values)
    elif operation == "double" and isinstance(parent, list):
        parent.insert(key, parent[key])
    return rel, yaml.safe_dump(doc, allow_unicode=True, sort_keys=draw(st.booleans()))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real data and pages, whose files the examples replace one at a time."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "docs", root / "docs")
    return root


def _assert_located(exc: DataErrors, root_files: set[str]) -> None:
    assert exc.errors, "a DataErrors without any error"
    for error in exc.errors:
        assert error.path in root_files and error.line >= 1 and error.col >= 1, error
        assert error.message
    assert exc.report().endswith("in the data; the site was not built.")


@PROPERTY
@given(st.text(alphabet=":-?[]{}#&*!|>'\"%@`,\n\t abc019.\\", max_size=120))
def test_any_text_is_a_record_or_a_located_error(text: str):
    for model in BY_FOLDER.values():
        try:
            validate(parse(text, "data/x/y.yml"), model, "data/x/y.yml")
        except DataErrors as exc:
            _assert_located(exc, {"data/x/y.yml"})


@PROPERTY
@given(st.sampled_from(sorted(BY_FOLDER)), st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=8))
def test_generated_records_are_valid_or_a_located_error(folder: str, record: dict):
    text = yaml.safe_dump(record, allow_unicode=True)
    try:
        validate(parse(text, "data/x/y.yml"), BY_FOLDER[folder], "data/x/y.yml")
    except DataErrors as exc:
        _assert_located(exc, {"data/x/y.yml"})


@PROPERTY
@given(mutated())
def test_mutated_real_data_builds_or_fails_with_a_data_error(project: Path, change: tuple[str, str]):
    rel, text = change
    target = project / rel
    original = target.read_bytes()
    target.write_text(text, encoding="utf-8")
    try:
        graph, mentions = check(Settings.for_root(project))
        render_pages(graph, mentions, {})  # what the hook does next, so the pages must render too
    except DataErrors as exc:
        _assert_located(exc, set(REAL_FILES) | {p.relative_to(project).as_posix() for p in (project / "docs").rglob("*.md")})
    finally:
        target.write_bytes(original)
