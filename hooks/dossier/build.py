"""The core as one pure function: data and handwritten pages in, Markdown pages out.

Nothing here imports MkDocs, so the data check (``python -m dossier check``), the tests
and the hook all run exactly the same code and print exactly the same messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataErrors
from .graph import Graph, build_graph, published_records, resolve
from .load import DEFAULT_MAX_BYTES, load_all
from .refs import SNIPPETS, scan_docs


#: Whom readers tell about an inaccuracy, unless mkdocs.yml sets extra.dossier.contact: the Open
#: Dialogue Foundation's Brussels office, as its press release of 15 May 2018 gives it.
DEFAULT_CONTACT: dict = {
    "name": "Open Dialog Foundation",
    "address": ["Residence Palace", "155 Rue de la Loi", "1040 Brussels, Belgium"],
    "phone": "+32(0)2 280 11 15",
    "email": None,
}


def contact_setting(value: object) -> dict:
    """The contact setting, checked: name, address (lines), phone and email, each text or left out."""
    if value is None:
        return dict(DEFAULT_CONTACT)
    where = "mkdocs.yml: extra.dossier.contact"
    if not isinstance(value, dict) or set(value) - set(DEFAULT_CONTACT):
        raise ValueError(f"{where}: give some of {', '.join(DEFAULT_CONTACT)}")
    out = {**{k: None for k in DEFAULT_CONTACT}, **value}
    out["address"] = [out["address"]] if isinstance(out["address"], str) else (out["address"] or [])
    for key in ("name", "phone", "email"):
        if out[key] is not None and not isinstance(out[key], str):
            raise ValueError(f"{where}.{key}: expected text, got {out[key]!r}")
    if not out["name"]:
        raise ValueError(f"{where}.name: the contact needs a name")
    if not all(isinstance(line, str) for line in out["address"]):
        raise ValueError(f"{where}.address: expected lines of text")
    if out["email"] and not re.fullmatch(r"[^@\s<>()\[\]]+@[^@\s<>()\[\]]+\.[a-z]{2,}", out["email"], re.I):
        raise ValueError(f"{where}.email: '{out['email']}' is not an email address")
    return out


@dataclass(frozen=True)
class Settings:
    root: Path
    data_dir: Path
    docs_dir: Path
    drafts: bool = False
    max_file_bytes: int = DEFAULT_MAX_BYTES
    extra: dict = field(default_factory=dict, hash=False, compare=False)
    contact: dict = field(default_factory=lambda: dict(DEFAULT_CONTACT), hash=False, compare=False)

    @classmethod
    def for_root(cls, root: Path, **kw) -> Settings:
        return cls(root=root, data_dir=root / "data", docs_dir=root / "docs", **kw)


def check(settings: Settings) -> tuple[Graph, dict[str, set[tuple[str, str]]]]:
    """Load and validate every record and every reference; raise DataErrors with all errors."""
    loaded = load_all(settings.data_dir, settings.root, settings.max_file_bytes)
    errors = []
    graph = None
    try:
        graph = build_graph(loaded, drafts=settings.drafts)
    except DataErrors as exc:
        errors.extend(exc.errors)
    published = graph.records if graph else published_records(loaded, drafts=settings.drafts)
    docs_mentions: dict[str, set[tuple[str, str]]] = {}
    if settings.docs_dir.is_dir():
        doc_errors, docs_mentions = scan_docs(
            settings.docs_dir, settings.root, lambda kind, rid: resolve(kind, rid, loaded, published), SNIPPETS
        )
        errors.extend(doc_errors)
    if errors or graph is None:
        raise DataErrors(errors)
    return graph, docs_mentions
