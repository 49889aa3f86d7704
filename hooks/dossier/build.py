"""The core as one pure function: data and handwritten pages in, Markdown pages out.

Nothing here imports MkDocs, so the data check (``python -m dossier check``), the tests
and the hook all run exactly the same code and print exactly the same messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataErrors
from .export import Site, atom_feed, exports
from .history import corrections, feed_entries
from .graph import Graph, build_graph, resolve
from .load import DEFAULT_MAX_BYTES, load_all
from .model import RECORD_TYPES
from .refs import scan_docs
from .render import render_page
from .tables import tables


@dataclass(frozen=True)
class Settings:
    root: Path
    data_dir: Path
    docs_dir: Path
    drafts: bool = False
    max_file_bytes: int = DEFAULT_MAX_BYTES
    extra: dict = field(default_factory=dict, hash=False, compare=False)

    @classmethod
    def for_root(cls, root: Path, **kw) -> Settings:
        return cls(root=root, data_dir=root / "data", docs_dir=root / "docs", **kw)


def check(settings: Settings) -> tuple[Graph, dict[str, set[tuple[str, str]]]]:
    """Load and validate every record and every reference; raise DataErrors with all errors."""
    errors = []
    graph = None
    loaded = None
    try:
        loaded = load_all(settings.data_dir, settings.root, settings.max_file_bytes)
        graph = build_graph(loaded, drafts=settings.drafts)
    except DataErrors as exc:
        errors.extend(exc.errors)
    docs_mentions: dict[str, set[tuple[str, str]]] = {}
    if loaded is not None and settings.docs_dir.is_dir():
        published = graph.records if graph else {k: {} for k in loaded.records}
        doc_errors, docs_mentions = scan_docs(
            settings.docs_dir, settings.root, lambda kind, rid: resolve(kind, rid, loaded, published)
        )
        errors.extend(doc_errors)
    if errors:
        raise DataErrors(errors)
    assert graph is not None
    return graph, docs_mentions


def reuse(graph: Graph, site: Site) -> tuple[dict[str, str], dict[str, str]]:
    """What readers find and reuse the record with: ({page: Markdown}, {file: text}).

    The pages are the corrections log and the Data page; the files are the exports (JSON,
    CSV, JSON Schema) and the Atom feed of changes and corrections.
    """
    files = exports(graph, site)
    files["feed.xml"] = atom_feed(
        feed_entries(graph), site, title=f"{site.name}: changes and corrections".lstrip(": "),
        subtitle="The newest changes to the data of the record, and every correction.",
    )
    pages = {
        "corrections.md": render_page(graph, "corrections.md.j2", log=corrections(graph)),
        "data.md": render_page(
            graph, "data.md.j2", licence=site.licence, tables=tables(graph, graph.changed),
            sizes={path: len(text.encode("utf-8")) for path, text in files.items()},
            plural={t.kind: t.folder for t in RECORD_TYPES},
        ),
    }
    return pages, files
