"""Nothing marked draft or private reaches any file of the built site.

A copy of the fixture site gets a unique canary word in every place that must stay out of the
site: an editors' note on every record, a private item in every field that can hold one (found
from the models, so a new such field is covered or the test says what it lacks), and a draft
copy of every record with canaries in all its text. The site is built and every file under
site/ is scanned, whatever its kind (HTML, search index, sitemap and its gzip, and any JSON,
CSV or feed that a later export adds), names included.

The same data built with drafts shown (DOSSIER_DRAFTS=1, as `make serve DRAFTS=1` does) shows
the drafts' canaries with a draft banner, which proves that the scan finds a canary that is
there, while the private items and editors' notes still never appear.
"""

from __future__ import annotations

import gzip
import itertools
import re
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from common import build, is_valid
from dossier.model import BY_FOLDER, Event, Fact, Record

CANARY = "zqxcanary"
_counter = itertools.count(1)


def canary(kind: str) -> str:
    return f"{CANARY}{kind}{next(_counter)}"


# a private item of each model that has a 'private' field; a model added later without an
# entry here fails test_every_private_field_is_planted
PRIVATE_ITEMS = {
    Fact: lambda: {"text": f"A private fact {canary('private')}.", "sources": ["press-one"], "private": True,
                   "note": f"note {canary('private')}"},
    Event: lambda: {"kind": "other", "text": f"A private event {canary('private')}.", "sources": ["press-one"],
                    "private": True},
}


def _model_of(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """(the record model in a field's type, whether the field is a list)"""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    is_list = typing.get_origin(annotation) is list
    for arg in typing.get_args(annotation):
        model, inner_list = _model_of(arg)
        if model is not None:
            return model, is_list or inner_list
    return None, False


def plant_private(value: dict, model: type[BaseModel], planted: list[str]) -> None:
    """Add a private item to every field of value (a record or a part of one) that can hold one."""
    for name, info in model.model_fields.items():
        inner, is_list = _model_of(info.annotation)
        if inner is None:
            continue
        current = value.get(name)
        if "private" in inner.model_fields:
            item = PRIVATE_ITEMS[inner]()
            if is_list:
                items = list(current or [])
                if inner is Event:  # dated like the first event, to keep the timeline in order
                    item["date"] = str(items[0]["date"]) if items else "2018-04-16"
                    items.insert(1, item)
                else:
                    items.append(item)
                value[name] = items
                planted.append(f"{model.__name__}.{name}[]")
            elif current is None and not info.is_required():
                value[name] = item
                planted.append(f"{model.__name__}.{name}")
        for sub in current if isinstance(current, list) else [current]:
            if isinstance(sub, dict):
                plant_private(sub, inner, planted)


def with_canaries(value: Any, model: type[Record], data: dict) -> None:
    """Put a canary into every string of a record that stays valid with it (text, names, titles)."""
    if isinstance(value, dict):
        for key, sub in value.items():
            if isinstance(sub, str) and key != "id":
                value[key] = f"{canary('draft')} {sub}"
                if not is_valid(model, data):
                    value[key] = sub
            else:
                with_canaries(sub, model, data)
    elif isinstance(value, list):
        for sub in value:
            with_canaries(sub, model, data)


def plant(site: Path) -> dict[str, list[str]]:
    """Plant every canary in a copy of the fixture site; return what was planted where."""
    data_dir = site / "data"
    planted: dict[str, list[str]] = {"private": [], "notes": [], "drafts": []}
    originals = sorted(data_dir.rglob("*.yml"))
    draft_ids = {folder: f"{CANARY}-draft-{model.kind}" for folder, model in BY_FOLDER.items()}
    for file in originals:
        folder, model = file.parent.name, BY_FOLDER[file.parent.name]
        record = yaml.safe_load(file.read_text(encoding="utf-8"))
        # a draft copy of the record, with canaries in its id and all its text
        if draft_ids[folder] not in planted["drafts"]:
            draft = yaml.safe_load(file.read_text(encoding="utf-8"))
            draft.update(id=draft_ids[folder], draft=True)
            if folder == "cases":  # a person has one case: the draft case is the draft person's
                draft["person"] = draft_ids["people"]
            with_canaries(draft, model, draft)
            assert is_valid(model, draft), f"the draft copy of {file.name} must stay valid"
            (file.parent / f"{draft_ids[folder]}.yml").write_text(yaml.safe_dump(draft, allow_unicode=True))
            planted["drafts"].append(draft_ids[folder])
        record["editor_notes"] = f"For editors only: {canary('notes')}"
        planted["notes"].append(file.name)
        plant_private(record, model, planted["private"])
        assert is_valid(model, record), f"{file.name} with its private items must stay valid"
        file.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return planted


def canaries_in(site: Path) -> dict[str, set[str]]:
    """{file: canary words found in its name or its bytes (gzip files unpacked too)}"""
    found: dict[str, set[str]] = {}
    pattern = re.compile(rf"{CANARY}[a-z0-9-]*".encode())
    for file in sorted(site.rglob("*")):
        rel = file.relative_to(site).as_posix()
        words = {m.decode() for m in pattern.findall(rel.lower().encode())}
        if file.is_file():
            data = file.read_bytes()
            if file.suffix == ".gz":
                data += gzip.decompress(data)
            words |= {m.decode() for m in pattern.findall(data.lower())}
        if words:
            found[rel] = words
    return found


def test_every_private_field_is_planted(mini: Path):
    planted = plant(mini)
    holders = {
        f"{model.__name__}.{name}"
        for model in [*BY_FOLDER.values()]
        for name, info in model.model_fields.items()
        if (held := _model_of(info.annotation)[0]) is not None
        and "private" in held.model_fields
        and not info.is_required()  # a required fact cannot be private (the corpus checks that)
    }
    # every record-level field that can hold a private item got one (nested ones are planted too)
    assert holders <= {p.rstrip("[]") for p in planted["private"]}
    assert len(planted["drafts"]) == len(BY_FOLDER)


def test_no_draft_private_item_or_editors_note_reaches_any_output_file(mini: Path):
    plant(mini)
    result = build(mini / "mkdocs.yml", mini / "site", env={"DOSSIER_DRAFTS": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    files = [p for p in (mini / "site").rglob("*") if p.is_file()]
    assert any(p.name == "search_index.json" for p in files) and any(p.name == "sitemap.xml.gz" for p in files)
    assert canaries_in(mini / "site") == {}


def test_drafts_shown_on_request_with_a_banner_and_private_items_still_hidden(mini: Path):
    plant(mini)
    result = build(mini / "mkdocs.yml", mini / "site", env={"DOSSIER_DRAFTS": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    found = set().union(*canaries_in(mini / "site").values())
    assert {w for w in found if "private" in w or "notes" in w} == set()
    assert any("draft" in w for w in found)  # the scan does find a canary that is there
    page = (mini / "site" / "cases" / f"{CANARY}-draft-case" / "index.html").read_text()
    assert "This record is a draft" in page
    assert "This record is a draft" not in (mini / "site" / "cases" / "pat-prisoner" / "index.html").read_text()
