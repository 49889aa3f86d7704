"""`make new` as a command and in a build: it writes the record and says what to do next, never
overwrites or duplicates one, and a new draft stays out of the site until `draft: true` is deleted."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

from common import build, new
from dossier.build import Settings, check
from dossier.errors import DataErrors
from dossier.model import RECORD_TYPES
from dossier.scaffold import plan, write

KINDS = sorted(t.kind for t in RECORD_TYPES)
ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


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


def test_it_refuses_to_overwrite_a_file(mini: Path) -> None:
    file = mini / "data" / "cases" / "pat-prisoner.yml"
    before = file.read_bytes()
    result = new(mini, "case", "Pat Prisoner")
    assert result.returncode == 1
    assert "data/cases/pat-prisoner.yml already has the id 'pat-prisoner'" in result.stderr
    assert "ID=" in result.stderr
    assert file.read_bytes() == before


def test_the_same_name_typed_in_another_unicode_form_is_refused(mini: Path) -> None:
    name = "José Núñez"
    assert new(mini, "person", unicodedata.normalize("NFC", name)).returncode == 0
    again = new(mini, "person", unicodedata.normalize("NFD", name))
    assert again.returncode == 1 and "already has the id 'jose-nunez'" in again.stderr
    assert yaml.safe_load((mini / "data" / "people" / "jose-nunez.yml").read_text(encoding="utf-8"))["name"] == name


def test_a_chosen_id_is_used(mini: Path) -> None:
    result = new(mini, "person", "Pat Prisoner", "--id", "pat-prisoner-2")
    assert result.returncode == 0, result.stderr
    assert (mini / "data" / "people" / "pat-prisoner-2.yml").is_file()
