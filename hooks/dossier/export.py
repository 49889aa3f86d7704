"""Records -> machine-readable files: JSON, CSV, JSON Schema and the Atom feed.

Only the published graph is exported (``graph.records``: drafts and private items are already
gone, and ``draft`` and ``editor_notes`` are left out of every file). Each JSON record sits in
an envelope: ``record`` is exactly the data, valid against ``data/schema/<kind>.schema.json``
and readable back into the same record; ``derived`` holds what the site works out from it
(the status of a case), which is never typed in the data. Paths are stable: ids never change.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .graph import Graph
from .history import Changed, Entry
from .model import RECORD_TYPES, Case, Recommendation, Record
from .pages import EXPORT_DIR, record_path
from .status import recommendation_status
from .tables import Table, case_derived, page_url, summarise, tables

ATOM = "http://www.w3.org/2005/Atom"
NEVER_EXPORTED = {"draft", "editor_notes"}

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


@dataclass(frozen=True)
class Site:
    """What the exports need to know of the site."""

    url: str = ""  # site_url, ending in '/', or '' when none is set
    name: str = ""
    licence: dict[str, str] = field(default_factory=dict)
    directory_urls: bool = True

    def __post_init__(self) -> None:
        if self.url and not self.url.endswith("/"):
            object.__setattr__(self, "url", self.url + "/")

    def absolute(self, src: str, anchor: str | None = None) -> str:
        return self.url + page_url(src, anchor, directory_urls=self.directory_urls)


def record_data(record: Record) -> dict[str, Any]:
    """The record as JSON values, without the fields that are never published."""
    return _drop_private(record.model_dump(mode="json", exclude=NEVER_EXPORTED))


def _drop_private(value: Any) -> Any:
    # published records hold no private item; the flag itself says nothing to a reader
    if isinstance(value, dict):
        return {k: _drop_private(v) for k, v in value.items() if k != "private"}
    if isinstance(value, list):
        return [_drop_private(v) for v in value]
    return value


def envelope(graph: Graph, kind: str, rid: str, site: Site, changed: Changed | None = None) -> dict[str, Any]:
    record = graph.get(kind, rid)
    out: dict[str, Any] = {
        "kind": kind,
        "id": rid,
        "url": site.absolute(*graph.page(kind, rid)),
        "schema": f"{site.url}{EXPORT_DIR}/schema/{kind}.schema.json",
        "last_changed": _stamp(changed.when) if changed else None,
        "record": record_data(record),
    }
    if isinstance(record, Case):
        out["derived"] = case_derived(summarise(graph, record))
    elif isinstance(record, Recommendation):
        out["derived"] = {"status": recommendation_status(record)}
    return out


def to_csv(table: Table) -> str:
    """RFC 4180 CSV in UTF-8 with a byte-order mark, so that spreadsheets show Cyrillic names."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[name for name, _ in table.columns], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(table.rows)
    return "\ufeff" + buffer.getvalue()


def exports(graph: Graph, site: Site, changed: dict[tuple[str, str], Changed]) -> dict[str, str]:
    """{path under the site: text} of every export file: JSON, CSV and JSON Schema."""
    files: dict[str, str] = {}
    everything: dict[str, list[dict[str, Any]]] = {}
    for model in RECORD_TYPES:
        everything[model.kind] = []
        for record in graph.all(model.kind):
            env = envelope(graph, model.kind, record.id, site, changed.get((model.kind, record.id)))
            everything[model.kind].append(env)
            files[record_path(model.kind, record.id)] = _json(env)
    changes = [c.when for c in changed.values()]
    files[f"{EXPORT_DIR}/records.json"] = json.dumps(
        {
            "site": site.url or None,
            "licence": site.licence or None,
            "data_last_changed": _stamp(max(changes)) if changes else None,
            "counts": {kind: len(items) for kind, items in everything.items()},
            "records": everything,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    for table in tables(graph, changed, directory_urls=site.directory_urls):
        files[f"{EXPORT_DIR}/{table.name}.csv"] = to_csv(table)
    for kind, schema in json_schemas().items():
        files[f"{EXPORT_DIR}/schema/{kind}.schema.json"] = _json(schema)
    return files


def atom_feed(entries: list[Entry], site: Site, *, title: str, subtitle: str) -> str:
    """An Atom 1.0 document (RFC 4287) of the entries, newest first."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    self_url = f"{site.url}feed.xml"
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "en"})
    sub(feed, "title", title)
    sub(feed, "subtitle", subtitle)
    sub(feed, "id", self_url if site.url else "urn:dossier:feed")
    sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    sub(feed, "link", rel="alternate", type="text/html", href=site.absolute("corrections.md"))
    # the newest entry, never the time of the build: the same data give the same feed
    sub(feed, "updated", _stamp(entries[0].when) if entries else "1970-01-01T00:00:00Z")
    author = sub(feed, "author")
    sub(author, "name", site.name or "The editors")
    if site.licence.get("url"):
        sub(feed, "rights", f"{site.licence.get('name', '')} {site.licence['url']}".strip())
    for e in entries:
        entry = sub(feed, "entry")
        sub(entry, "title", e.title)
        sub(entry, "id", f"{site.url}#{e.key}" if site.url else f"urn:dossier:{e.key.replace('/', ':')}")
        sub(entry, "link", rel="alternate", type="text/html", href=site.absolute(*e.page))
        sub(entry, "updated", _stamp(e.when))
        sub(entry, "category", term=e.type)
        sub(entry, "summary", e.text, type="text")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _stamp(when: Any) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")
