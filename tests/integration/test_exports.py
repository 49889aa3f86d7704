"""Data downloads: every file parses, matches its schema, round-trips to the records and agrees
with the pages; drafts, private items and editors' notes never leave the data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from common import build, copy_fixture
from dossier.build import Settings, check
from dossier.export import json_schemas
from dossier.graph import Graph
from dossier.model import BY_KIND, RECORD_TYPES, Source
from dossier.tables import case_summaries


@pytest.fixture(scope="module")
def mini_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, Path]:
    root = copy_fixture(tmp_path_factory.mktemp("exports") / "mini")
    site = root / "site"
    result = build(root / "mkdocs.yml", site)
    assert result.returncode == 0, result.stdout + result.stderr
    graph, _ = check(Settings.for_root(root))
    return graph, site


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV starts with a byte-order mark for spreadsheets"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def record_files(site: Path) -> dict[tuple[str, str], dict]:
    out = {}
    for model in RECORD_TYPES:
        for file in sorted((site / "data" / model.folder).glob("*.json")):
            out[(model.kind, file.stem)] = json.loads(file.read_text(encoding="utf-8"))
    return out


def page_text(site: Path, url: str) -> str:
    return (site / url.split("#")[0] / "index.html").read_text(encoding="utf-8")


def check_exports(graph: Graph, site: Path) -> None:
    """Everything the issue asks of the exports, for one built site and its graph."""
    schemas = json_schemas()
    validators = {kind: jsonschema.Draft202012Validator(s) for kind, s in schemas.items()}
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)

    # the schema files are the models' schemas
    for kind, schema in schemas.items():
        assert json.loads((site / f"data/schema/{kind}.schema.json").read_text()) == schema

    # one file per published record, no more, and records.json holds the same envelopes
    files = record_files(site)
    published = {(kind, rid) for kind, by_id in graph.records.items() for rid in by_id}
    assert set(files) == published
    everything = json.loads((site / "data/records.json").read_text(encoding="utf-8"))
    assert everything["counts"] == {kind: len(by_id) for kind, by_id in graph.records.items()}
    assert {(e["kind"], e["id"]): e for items in everything["records"].values() for e in items} == files

    for (kind, rid), env in files.items():
        # valid against the published schema, and read back it is the very record
        errors = list(validators[kind].iter_errors(env["record"]))
        assert not errors, f"{kind}:{rid}: {errors[0].message}"
        assert BY_KIND[kind].model_validate(env["record"]) == graph.get(kind, rid)
        assert "editor_notes" not in env["record"] and "draft" not in env["record"]
        assert _addressed(env["url"]), env["url"]
        assert env["schema"].endswith(f"data/schema/{kind}.schema.json")

    # the derived status of each case agrees with the case page and with cases.csv
    rows = {r["id"]: r for r in read_csv(site / "data/cases.csv")}
    assert set(rows) == set(graph.records["case"])
    for s in case_summaries(graph):
        derived = files[("case", s.case.id)]["derived"]
        row = rows[s.case.id]
        assert derived["status_now"] == row["status_now"] == s.now.key
        assert derived["as_of"] == row["as_of"] == s.case.timeline[-1].date.iso()
        assert derived["status_at_mission"][0]["status"] == row["status_at_mission"]
        html = page_text(site, row["url"])
        assert f"<strong>{row['status_now_label']}</strong>" in html
        assert f"{derived['status_at_mission'][0]['label']}" in html
        for article in filter(None, row["articles"].split("; ")):
            assert f"Art. {article}" in html

    # the other tables hold every published record of their kind
    assert {r["id"] for r in read_csv(site / "data/people.csv")} == set(graph.records["person"])
    assert {r["id"] for r in read_csv(site / "data/sources.csv")} == set(graph.records["source"])
    assert {r["id"] for r in read_csv(site / "data/recommendations.csv")} == set(graph.records["recommendation"])
    events = read_csv(site / "data/events.csv")
    assert [(e["case"], e["date"], e["kind"]) for e in events] == [
        (c.id, ev.date.iso(), ev.kind) for c in graph.cases for ev in c.timeline
    ]
    for src in read_csv(site / "data/sources.csv"):
        source = graph.get("source", src["id"])
        assert isinstance(source, Source) and src["url"] == source.url

    # the Data page links every file it lists, and they exist
    data_page = (site / "data/index.html").read_text(encoding="utf-8")
    for name in ["records.json", "cases.csv", "people.csv", "events.csv", "sources.csv", "recommendations.csv"]:
        assert f'href="{name}"' in data_page
        assert (site / "data" / name).is_file()
    for kind in schemas:
        assert f'href="schema/{kind}.schema.json"' in data_page


def test_fixture_exports_parse_validate_and_round_trip(mini_built: tuple[Graph, Path]) -> None:
    check_exports(*mini_built)


def test_real_exports_parse_validate_and_agree_with_the_pages(real_site: Path, real_graph: Graph) -> None:
    check_exports(real_graph, real_site)


def test_case_pages_link_their_own_json(real_site: Path, real_graph: Graph) -> None:
    for case in real_graph.cases:
        html = (real_site / "cases" / case.id / "index.html").read_text(encoding="utf-8")
        assert f'href="../../data/cases/{case.id}.json"' in html


def test_text_columns_name_the_records_they_refer_to(mini_built: tuple[Graph, Path]) -> None:
    _, site = mini_built
    events = read_csv(site / "data/events.csv")
    # the fixture's timeline says "Detained in [[place:example-city]]."
    assert "Detained in Example City." in [e["text"] for e in events]
    assert not any("[[" in value for e in events for value in e.values())


def test_drafts_private_items_and_editors_notes_are_never_exported(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "mini")
    data = root / "data"
    (data / "sources/secret-draft.yml").write_text(
        "id: secret-draft\ndraft: true\npublisher: Draft Publisher\ntitle: DRAFT-MARKER-7731\n"
        "url: https://draft.example.org/\ndate: 2018-01-01\nlanguage: en\nreliability: press\n"
    )
    person = yaml.safe_load((data / "people/pat-prisoner.yml").read_text())
    person["facts"] = [{"text": "PRIVATE-MARKER-4410", "sources": ["press-one"], "private": True}]
    person["editor_notes"] = "NOTES-MARKER-9921"
    (data / "people/pat-prisoner.yml").write_text(yaml.safe_dump(person, allow_unicode=True))
    site = root / "site"
    result = build(root / "mkdocs.yml", site)
    assert result.returncode == 0, result.stdout + result.stderr
    leaked = [
        (file.relative_to(site).as_posix(), marker)
        for file in site.rglob("*")
        if file.is_file() and file.suffix in (".html", ".json", ".csv", ".xml")
        for marker in ("DRAFT-MARKER-7731", "PRIVATE-MARKER-4410", "NOTES-MARKER-9921", "secret-draft")
        if marker in file.read_text(encoding="utf-8", errors="replace")
    ]
    assert leaked == []
    assert not (site / "data/sources/secret-draft.json").exists()
    assert (site / "data/people/pat-prisoner.json").exists()


def test_the_licence_is_a_setting(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "mini")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  dossier:\n",
        "  dossier:\n    licence:\n      name: Test Licence 1.0\n      url: https://licence.example.org/\n"
        "      statement: Reuse LICENCE-STATEMENT-5512 freely.\n",
    ))
    site = root / "site"
    result = build(config, site)
    assert result.returncode == 0, result.stdout + result.stderr
    data_page = (site / "data/index.html").read_text(encoding="utf-8")
    assert "LICENCE-STATEMENT-5512" in data_page
    assert 'href="https://licence.example.org/"' in data_page
    everything = json.loads((site / "data/records.json").read_text(encoding="utf-8"))
    assert everything["licence"]["name"] == "Test Licence 1.0"
    assert "Test Licence 1.0" in (site / "feed.xml").read_text(encoding="utf-8")


def test_without_a_licence_setting_the_data_page_says_so(mini_built: tuple[Graph, Path]) -> None:
    _, site = mini_built
    assert "No licence is stated" in (site / "data/index.html").read_text(encoding="utf-8")



def _addressed(url: str) -> bool:
    """An address a reader can follow: a web address when the site sets site_url, else one
    relative to the site; never from the root, and never a file on the builder's machine."""
    return url.startswith(("https://", "http://")) or (bool(url) and not url.startswith(("/", "file:")))
