"""`make new` (python -m dossier new): a new draft record that validates, explains every field,
stays out of the site, and never overwrites or duplicates a record."""

from __future__ import annotations

import typing
import unicodedata
from pathlib import Path

import pytest

from dossier import dictionary
from dossier.build import Settings, check
from dossier.errors import DataErrors
from dossier.model import BY_KIND, RECORD_TYPES
from dossier.scaffold import ScaffoldError, new_id, plan, write

KINDS = sorted(t.kind for t in RECORD_TYPES)


@pytest.mark.parametrize("kind", KINDS)
def test_a_new_draft_of_every_type_passes_the_check(mini: Path, kind: str) -> None:
    write(mini, plan(mini, kind, "Test Person"))
    check(Settings.for_root(mini))  # raises DataErrors on any problem


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_is_in_the_new_record_under_its_comment(tmp_path: Path, kind: str) -> None:
    lines = plan(tmp_path, kind, "Test Person").text.splitlines()
    assert lines[0] == f"# yaml-language-server: $schema=../schema/{kind}.schema.json"
    for f in dictionary.describe(BY_KIND[kind]).fields:
        at = next(i for i, line in enumerate(lines) if line.startswith((f"{f.name}:", f"#{f.name}:")))
        above: list[str] = []
        for line in reversed(lines[:at]):
            if not line.startswith("# "):
                break
            above.insert(0, line[2:])
        assert " ".join(above) == dictionary.comment(f)
        assert f.description and f.description in dictionary.comment(f)


def test_nested_fields_are_explained_too(tmp_path: Path) -> None:
    text = plan(tmp_path, "case", "Test Person").text
    event = dictionary.describe(typing.get_args(BY_KIND["case"].model_fields["timeline"].annotation)[0])
    for f in event.fields:
        assert f"#    {f.name}:" in text or f"#  - {f.name}:" in text
    assert "#    # What happened, in the site's own words. Required: Markdown text." in text


def test_publishing_an_incomplete_record_names_every_missing_field(mini: Path) -> None:
    write(mini, plan(mini, "case", "Test Person"))
    case = mini / "data" / "cases" / "test-person.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    with pytest.raises(DataErrors) as exc:
        check(Settings.for_root(mini))
    missing = {e.field for e in exc.value.errors if e.message == "required field is missing"}
    assert missing == {"summary", "verified", "timeline", "contacts"}


def test_the_id_comes_from_python_slugify() -> None:
    assert new_id("Test Person") == "test-person"
    assert new_id("Ärdak  Äshim") == "ardak-ashim"
    assert new_id("O'Brien, Ann") == "o-brien-ann"


@pytest.mark.parametrize(
    "existing",
    ["test-person.yaml", "Test-Person.yml", unicodedata.normalize("NFD", "test-person.yml")],
    ids=["other extension", "other case", "NFD file name"],
)
def test_it_refuses_to_reuse_an_id(mini: Path, existing: str) -> None:
    (mini / "data" / "people" / existing).write_text("id: test-person\nname: x\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="already has the id 'test-person'"):
        plan(mini, "person", "Test Person")


def test_write_never_replaces_a_file(mini: Path) -> None:
    scaffold = plan(mini, "place", "New Town")
    write(mini, scaffold)
    (mini / scaffold.path).write_text("edited\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="exists"):
        write(mini, scaffold)
    assert (mini / scaffold.path).read_text(encoding="utf-8") == "edited\n"


@pytest.mark.parametrize(
    "kind, name, rid, message",
    [
        ("prisoner", "Test Person", None, "TYPE 'prisoner' is not a record type"),
        ("case", "  ", None, "give the record a name"),
        ("case", "!!!", None, "gives no id"),
        ("case", "Test Person", "Test_Person", "cannot be an id"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(mini: Path, kind: str, name: str, rid: str | None, message: str) -> None:
    with pytest.raises(ScaffoldError, match=message):
        plan(mini, kind, name, rid)


@pytest.mark.parametrize(
    "line, message",
    [
        ("verifed: 2026-11-28", "verifed: unknown field (did you mean 'verified'?)"),
        ("verified: 2018-02-30", "verified: '2018-02-30' is not a real date"),
        ("timeline: []", "timeline: list should have at least 1 item"),
        ("summary: {text: A case., sources: []}", "summary.sources: list should have at least 1 item"),
    ],
    ids=["misspelt field", "impossible date", "empty timeline", "fact without a source"],
)
def test_a_draft_may_leave_fields_out_but_what_it_has_is_checked(mini: Path, line: str, message: str) -> None:
    write(mini, plan(mini, "case", "Test Person"))
    case = mini / "data" / "cases" / "test-person.yml"
    case.write_text(case.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    with pytest.raises(DataErrors) as exc:
        check(Settings.for_root(mini))
    assert any(str(e).startswith("data/cases/test-person.yml:") and message in str(e) for e in exc.value.errors), str(exc.value)
