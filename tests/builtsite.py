"""What a built site holds, read from its files: its pages, its address and the type of each page.

Shared by the link check (no browser) and the browser suite, so that both walk the same pages
and a page added later (a report chapter, the Data page) is covered without touching a test.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
#: the stand-in address of a site built without site_url: MkDocs then writes a sitemap without
#: pages, links the 404 page from the root of the host, and the site is served from there
UNADDRESSED = "http://unaddressed.invalid/"


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    #: the site's public address, from the sitemap: https://example.org/kazakhstan-2018/, or
    #: UNADDRESSED for a site built without site_url (served from the root of its host)
    site_url: str

    @property
    def prefix(self) -> str:
        """The path the site lives under, e.g. '/kazakhstan-2018/' (404.html links absolutely below it)."""
        return urlsplit(self.site_url).path or "/"

    def pages(self) -> list[str]:
        """Every HTML page, as a path relative to the site root: '', 'cases/', 'cases/ardak-ashim/', '404.html'.

        The union of the sitemap and a walk of the folder, so that a page missing from the sitemap
        is still crawled.
        """
        found = {path_of(f.relative_to(self.root).as_posix()) for f in self.root.rglob("*.html")}
        found |= set(sitemap_pages(self.root, self.site_url))
        return sorted(found, key=lambda p: (p.count("/"), p))

    def file(self, page: str) -> Path:
        """The file that serves a page path ('' -> index.html, 'cases/' -> cases/index.html)."""
        if page == "" or page.endswith("/"):
            return self.root / page / "index.html"
        return self.root / page

    def by_type(self) -> dict[str, list[str]]:
        """Pages grouped by page type (see page_type), each group sorted."""
        groups: dict[str, list[str]] = {}
        for page in self.pages():
            groups.setdefault(page_type(page), []).append(page)
        return groups

    def sample(self, per_type: int) -> list[str]:
        """Up to per_type pages of each type, the largest first: every page of a small site, and a
        bounded number when a type has thousands of pages."""
        out = []
        for pages in self.by_type().values():
            out += sorted(pages, key=lambda p: (-self.file(p).stat().st_size, p))[:per_type]
        return sorted(out, key=lambda p: (p.count("/"), p))

    def representatives(self) -> dict[str, str]:
        """One page per type: the one with the largest HTML file, as it has the most to go wrong."""
        return {
            kind: max(pages, key=lambda p: (self.file(p).stat().st_size, p))
            for kind, pages in sorted(self.by_type().items())
        }


def load(root: Path) -> BuiltSite:
    return BuiltSite(root=root, site_url=site_url(root))


def path_of(relative_file: str) -> str:
    """'cases/ardak-ashim/index.html' -> 'cases/ardak-ashim/'; 'index.html' -> ''; '404.html' stays."""
    if relative_file == "index.html":
        return ""
    if relative_file.endswith("/index.html"):
        return relative_file[: -len("index.html")]
    return relative_file


def site_url(root: Path) -> str:
    """The site's address: the shortest <loc> of the sitemap (every page lies below it), or
    UNADDRESSED when the sitemap lists no page (no site_url was set)."""
    locs = _sitemap_locs(root)
    if not locs:
        return UNADDRESSED
    home = min(locs, key=len)
    assert all(loc.startswith(home) for loc in locs), f"sitemap.xml: not every page lies below {home}"
    return home


def sitemap_pages(root: Path, base: str) -> list[str]:
    return [loc[len(base) :] for loc in _sitemap_locs(root)]


def _sitemap_locs(root: Path) -> list[str]:
    tree = ET.parse(root / "sitemap.xml")
    return [el.text.strip() for el in tree.iter(f"{SITEMAP_NS}loc") if el.text]


def page_type(page: str) -> str:
    """A page's type from its place in the site: '' (home), 'cases/' (an index), 'cases/*' (a record
    page or a chapter below a section), 'press-conference/' (a page of its own), '404.html'.

    Record pages and report chapters share a template per folder, so one of each type stands for all.
    """
    parts = [p for p in page.split("/") if p]
    if len(parts) <= 1:
        return page
    return parts[0] + "/*"


class Anchors(HTMLParser):
    """Collects element ids and the links and resources of one HTML page."""

    LINKS: ClassVar[set[tuple[str, str]]] = {
        ("a", "href"),
        ("area", "href"),
        ("link", "href"),
        ("script", "src"),
        ("img", "src"),
        ("source", "src"),
        ("iframe", "src"),
        ("video", "src"),
        ("audio", "src"),
        ("object", "data"),
        ("form", "action"),
        ("image", "href"),
        ("use", "href"),
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        #: (tag, attribute, value, line)
        self.links: list[tuple[str, str, str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if (tag, name) in self.LINKS or (tag == "img" and name == "srcset"):
                values = [v.strip().split()[0] for v in value.split(",")] if name == "srcset" else [value]
                self.links.extend((tag, name, v, self.getpos()[0]) for v in values if v)

    handle_startendtag = handle_starttag


def parse(file: Path) -> Anchors:
    parser = Anchors()
    parser.feed(file.read_text(encoding="utf-8"))
    parser.close()
    return parser
