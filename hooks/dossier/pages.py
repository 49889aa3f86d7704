"""The registry of generated pages: where each kind of record is shown, declared once.

A record kind with a ``folder`` has a page of its own for each record, ``<folder>/<id>.md``,
written by its ``template`` and left out of the navigation (the hook adds ``not_in_nav``):
the nav may still name one of them, and a preview then keeps that record. A kind without a
folder is shown on one shared ``page``, each record at its own anchor (its id).

Everything that needs a record's page derives it from here: ``Graph.page``, the paths the
build generates (checked against the handwritten pages before anything is rendered), the
rendering loop, the nav scan of a preview and the address of each record's JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .model import BY_KIND, Record

EXPORT_DIR = "data"  #: the exports' folder in the site


@dataclass(frozen=True)
class PageType:
    """How the records of one kind are shown."""

    kind: str
    template: str  #: the Jinja template (templates/) of a record's page, or of the shared page
    folder: str | None = None  #: one page per record, <folder>/<id>.md
    page: str | None = None  #: else the one page that shows every record of the kind
    name: str = ""  #: the record's name in its template (default: the kind)

    def path(self, rid: str) -> tuple[str, str | None]:
        """(source path of the page, anchor) of one record of this kind."""
        return (f"{self.folder}/{rid}.md", None) if self.folder else (str(self.page), rid)

    def context(self, record: Record) -> dict[str, Any]:
        """What the template of a record's own page is given besides the graph (g)."""
        return {self.name or self.kind: record}


#: every record kind; a person with a case is shown on the case's page (Graph.page)
PAGE_TYPES = (
    PageType("case", "case.md.j2", folder="cases"),
    PageType("person", "person.md.j2", folder="people"),
    PageType("organisation", "organisation.md.j2", folder="organisations", name="org"),
    PageType("mission", "mission.md.j2", folder="missions"),
    PageType("source", "sources.md.j2", page="sources.md"),
    PageType("place", "places.md.j2", page="places.md"),
    PageType("recommendation", "recommendations.md.j2", page="recommendations.md"),
)
BY_KIND_PAGE = {t.kind: t for t in PAGE_TYPES}
#: the kinds whose records have pages of their own
OWN_PAGES = tuple(t for t in PAGE_TYPES if t.folder)

#: the other pages generated from the records: (source path, template); render.render_pages
#: writes them (a test keeps the two in step)
INDEX_PAGES = (
    ("cases/index.md", "cases_index.md.j2"),
    ("people/index.md", "people_index.md.j2"),
    ("organisations/index.md", "organisations_index.md.j2"),
    ("map.md", "map.md.j2"),
)
#: made with the exports (pipeline.reuse), and from the models (dictionary.PAGE)
REUSE_PAGES = ("data.md", "corrections.md", "about/data-dictionary.md")
#: the report's chapters generated from the records, when docs/report/ holds the others; the
#: report's sources come last: they list what the other chapters cite
REPORT_PAGES = (
    ("report/recommendations.md", "report_recommendations.md.j2"),
    ("report/follow-up.md", "report_follow_up.md.j2"),
    ("report/print.md", "report_print.md.j2"),
)
REPORT_SOURCES = ("report/sources.md", "report_sources.md.j2")
FIXED_PAGES = (
    *(path for path, _ in INDEX_PAGES),
    *(t.page for t in PAGE_TYPES if t.page),
    *REUSE_PAGES,
    *(path for path, _ in REPORT_PAGES),
    REPORT_SOURCES[0],
)


def record_path(kind: str, rid: str) -> str:
    """Where a record's JSON is published: data/<folder of its data files>/<id>.json."""
    return f"{EXPORT_DIR}/{BY_KIND[kind].folder}/{rid}.json"


_NAV_PAGE = re.compile(rf"(?:{'|'.join(t.folder for t in OWN_PAGES if t.folder)})/([a-z0-9-]+)\.md")


def records_in_nav(nav: Any) -> list[str]:
    """Ids of the records whose own pages (cases/<id>.md, ...) the nav of mkdocs.yml names."""
    if isinstance(nav, dict):
        return [rid for value in nav.values() for rid in records_in_nav(value)]
    if isinstance(nav, list):
        return [rid for value in nav for rid in records_in_nav(value)]
    match = _NAV_PAGE.fullmatch(str(nav))
    return [match.group(1)] if match and match.group(1) != "index" else []


def not_in_nav() -> list[str]:
    """The patterns (as mkdocs.yml's not_in_nav) that keep the records' own pages out of the nav."""
    return [f"/{t.folder}/*.md" for t in OWN_PAGES]
