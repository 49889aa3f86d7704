"""`make new` (python -m dossier new): a new draft record that validates, explains every field,
stays out of the site, and never overwrites or duplicates a record."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

from common import build
from dossier import dictionary
from dossier.build import Settings, check
from dossier.errors import DataErrors
from dossier.model import RECORD_TYPES, BY_KIND
from dossier.scaffold import ScaffoldError, new_id, plan, write

KINDS = sorted(t.kind for t in RECORD_TYPES)
ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


def new(root: Path, kind: str, name: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dossier", "new", "--type", kind, "--name", name, *extra],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=root,
    )


def test_the_command_writes_the_record_and_prints_the_path_and_next_steps(mini: Path) -> None:
    result = new(mini, "case", "Test Person")
    assert result.returncode == 0, result.stderr
    file = mini / "data" / "cases" / "test-person.yml"
    assert file.is_file()
    assert "data/cases/test-person.yml" in result.stdout.splitlines()[0]
    for step in ("make check", "make serve DRAFTS=1", "draft: true", 'make new NAME="Test Person" TYPE=person'):
        assert step in result.stdout
    record = yaml.safe_load(file.read_text(encoding="utf-8"))
    assert record == {"id": "test-person", "draft": True, "person": "test-person"}
    checked = subprocess.run([sys.executable, "-m", "dossier", "check"], capture_output=True, text=True, env=ENV, cwd=mini)
    assert checked.returncode == 0, checked.stderr
    assert "; 1 draft left out of the site" in checked.stdout


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
        above = []
        for line in reversed(lines[:at]):
            if not line.startswith("# "):
                break
            above.insert(0, line[2:])
        assert " ".join(above) == dictionary.comment(f)
        assert f.description and f.description in dictionary.comment(f)


def test_nested_fields_are_explained_too(tmp_path: Path) -> None:
    text = plan(tmp_path, "case", "Test Person").text
    event = dictionary.describe(BY_KIND["case"].model_fields["timeline"].annotation.__args__[0])
    for f in event.fields:
        assert f"#    {f.name}:" in text or f"#  - {f.name}:" in text
    assert "#    # What happened, in the site's own words. Required: Markdown text." in text


def test_a_new_draft_builds_and_is_not_published(mini: Path) -> None:
    for kind in KINDS:
        assert new(mini, kind, "Test Person").returncode == 0
    result = build(mini / "mkdocs.yml", mini / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (mini / "site" / "cases" / "test-person").exists()
    for file in (mini / "site").rglob("*"):
        if file.suffix in (".html", ".json", ".xml", ".txt"):
            text = file.read_text(encoding="utf-8", errors="replace")
            assert "test-person" not in text and "Test Person" not in text, file


def test_a_filled_in_draft_is_published_once_draft_true_is_deleted(mini: Path) -> None:
    write(mini, plan(mini, "person", "Sam Example"))
    write(mini, plan(mini, "case", "Sam Example"))
    person = mini / "data" / "people" / "sam-example.yml"
    case = mini / "data" / "cases" / "sam-example.yml"

    # incomplete: the check passes, but a preview of drafts names what is missing
    with pytest.raises(DataErrors) as exc:
        check(Settings.for_root(mini, drafts=True))
    assert "data/cases/sam-example.yml:" in str(exc.value) and "verified: required field is missing" in str(exc.value)

    filled = """
summary:
  text: A made-up case for the test.
  sources: [press-one]
verified: 2026-11-28
timeline:
  - date: 2018-01-01
    kind: detained
    text: Detained.
    sources: [press-one]
contacts:
  - mission: fixture-mission
    type: raised
    text: Raised by the mission.
    sources: [ngo-two]
"""
    for file, extra in ((person, ""), (case, filled)):
        file.write_text(file.read_text(encoding="utf-8").replace("draft: true\n", "") + extra, encoding="utf-8")
    result = build(mini / "mkdocs.yml", mini / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Sam Example" in (mini / "site" / "cases" / "sam-example" / "index.html").read_text(encoding="utf-8")


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


def test_it_refuses_to_overwrite_a_file(mini: Path) -> None:
    file = mini / "data" / "cases" / "pat-prisoner.yml"
    before = file.read_bytes()
    result = new(mini, "case", "Pat Prisoner")
    assert result.returncode == 1
    assert "data/cases/pat-prisoner.yml already has the id 'pat-prisoner'" in result.stderr
    assert "ID=" in result.stderr
    assert file.read_bytes() == before


@pytest.mark.parametrize(
    "existing",
    ["test-person.yaml", "Test-Person.yml", unicodedata.normalize("NFD", "test-person.yml")],
    ids=["other extension", "other case", "NFD file name"],
)
def test_it_refuses_to_reuse_an_id(mini: Path, existing: str) -> None:
    (mini / "data" / "people" / existing).write_text("id: test-person\nname: x\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="already has the id 'test-person'"):
        plan(mini, "person", "Test Person")


def test_the_same_name_typed_in_another_unicode_form_is_refused(mini: Path) -> None:
    name = "José Núñez"
    assert new(mini, "person", unicodedata.normalize("NFC", name)).returncode == 0
    again = new(mini, "person", unicodedata.normalize("NFD", name))
    assert again.returncode == 1 and "already has the id 'jose-nunez'" in again.stderr
    assert yaml.safe_load((mini / "data" / "people" / "jose-nunez.yml").read_text(encoding="utf-8"))["name"] == name


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


def test_a_chosen_id_is_used(mini: Path) -> None:
    result = new(mini, "person", "Pat Prisoner", "--id", "pat-prisoner-2")
    assert result.returncode == 0, result.stderr
    assert (mini / "data" / "people" / "pat-prisoner-2.yml").is_file()


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
