"""The core as one pure function: data and handwritten pages in, Markdown pages out.

Nothing here imports MkDocs, so the data check (``python -m dossier check``), the tests
and the hook all run exactly the same code and print exactly the same messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataErrors
from .graph import Graph, build_graph, resolve
from .load import DEFAULT_MAX_BYTES, load_all
from .refs import scan_docs


@dataclass(frozen=True)
class Settings:
    root: Path
    data_dir: Path
    docs_dir: Path
    drafts: bool = False
    max_file_bytes: int = DEFAULT_MAX_BYTES
    extra: dict = field(default_factory=dict, hash=False, compare=False)
    #: ids of the records to build pages for (a preview); empty: every record
    only: tuple[str, ...] = ()
    #: records read by earlier builds (see load.load_all); None: read every file
    cache: dict | None = field(default=None, hash=False, compare=False, repr=False)

    @classmethod
    def for_root(cls, root: Path, **kw) -> Settings:
        return cls(root=root, data_dir=root / "data", docs_dir=root / "docs", **kw)


def check(settings: Settings) -> tuple[Graph, dict[str, set[tuple[str, str]]]]:
    """Load and validate every record and every reference; raise DataErrors with all errors."""
    errors = []
    graph = None
    loaded = None
    try:
        loaded = load_all(settings.data_dir, settings.root, settings.max_file_bytes, settings.cache)
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
