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
from .pages import FIXED_PAGES, OWN_PAGES, REPORT_PAGES
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
        """The backlinks of a record's own page, short and grouped: the report's chapters ("In the
        report", the record's own chapter first), then the other pages ("Also on"), at most
        MAX_BACKLINKS in all. Pages that list every record of a kind (home, indexes, the map, the
        sources) are left out: they mention everything. A case's page counts the pages that
        mention its person too."""
        found = self.on(kind, rid, own)
        if kind == "case":
            found = sorted(set(found + self.on("person", graph.get(Case, rid).person, own)))
        found = [(p, t) for p, t in found if not _lists_everything(p)]
        chapter = f"{REPORT}cases/{rid}.md"
        report = sorted((p, t) for p, t in found if p.startswith(REPORT))
        report.sort(key=lambda pt: pt[0] != chapter)  # the record's own chapter first
        others = sorted(((p, t) for p, t in found if not p.startswith(REPORT)), key=lambda pt: (_handwritten(pt[0]), pt[0]))
        report = report[: max(MAX_BACKLINKS // 2, MAX_BACKLINKS - len(others))]
        others = others[: MAX_BACKLINKS - len(report)]
        return [*_section(own, "In the report", report), *_section(own, "Also on", others)]


#: the longest "Mentioned on" list of a record's page
MAX_BACKLINKS = 6
REPORT = "report/"
#: pages that list every record of some kind: a link from them says nothing about the record
_LISTS = frozenset(FIXED_PAGES) - {path for path, _ in REPORT_PAGES if path != "report/print.md"}


def _lists_everything(path: str) -> bool:
    return path == "index.md" or path.endswith("/index.md") or path in _LISTS


def _handwritten(path: str) -> bool:
    """A record's own page (people/x.md, missions/x.md, ...) comes before the handwritten pages."""
    return not any(path.startswith(f"{t.folder}/") for t in OWN_PAGES)


def _section(own: str, heading: str, where: list[tuple[str, str]]) -> list[Section]:
    here = posixpath.dirname(own) or "."
    return [(heading, [(posixpath.relpath(path, here), title) for path, title in where])] if where else []
