"""Backlinks: which pages mention each record, for its "Mentioned on" and "In the report" lists.

They are worked out from every page's references once all pages but the record pages' ends
are rendered (a backlink is a plain link, never a reference, so the lists do not mention
anything themselves); ``templates/_page_end.md.j2`` writes them.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from .graph import Graph
from .model import Case
from .refs import find_refs

_FOOTNOTE = re.compile(r"\[\^([a-z0-9-]+)\]")

#: a list of backlinks: (heading, [(link relative to the page, title of the page)])
Section = tuple[str, list[tuple[str, str]]]


class Mentions:
    """(kind, id) -> the pages that mention the record, from the pages' text."""

    def __init__(self, pages: dict[str, str], docs_mentions: dict[str, set[tuple[str, str]]], titles: dict[str, str]):
        self.titles = titles
        self.by_record: dict[tuple[str, str], set[str]] = {}
        for path, text in pages.items():
            for ref, _, _ in find_refs(text):
                if ref is not None:
                    self.by_record.setdefault((ref.kind, ref.id), set()).add(path)
            for sid in set(_FOOTNOTE.findall(text)):  # a footnote cites its source
                self.by_record.setdefault(("source", sid), set()).add(path)
        for path, refs in docs_mentions.items():
            for key in refs:
                self.by_record.setdefault(key, set()).add(path)

    def on(self, kind: str, rid: str, own: str) -> list[tuple[str, str]]:
        """(path, title) of each page other than own that mentions the record, by path."""
        where = sorted(p for p in self.by_record.get((kind, rid), ()) if p != own)
        return [(p, self.titles.get(p, p)) for p in where]

    def sources(self) -> Iterable[str]:
        """The ids of the sources some page cites."""
        return (rid for kind, rid in self.by_record if kind == "source")

    def sections(self, graph: Graph, kind: str, rid: str, own: str) -> list[Section]:
        """The backlinks of a record's own page: a case's page lists the pages that mention its
        person too, and the report's chapters apart."""
        if kind == "case":
            both = dict(self.on("case", rid, own) + self.on("person", graph.get(Case, rid).person, own))
            return [
                *_section(own, "Mentioned on", sorted((p, t) for p, t in both.items() if not p.startswith("report/"))),
                *_section(own, "In the report", sorted((p, t) for p, t in both.items() if p.startswith("report/"))),
            ]
        return _section(own, "Mentioned on", self.on(kind, rid, own))


def _section(own: str, heading: str, where: list[tuple[str, str]]) -> list[Section]:
    here = posixpath.dirname(own) or "."
    return [(heading, [(posixpath.relpath(path, here), title) for path, title in where])] if where else []
