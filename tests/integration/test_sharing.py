"""Sharing: title, description, Open Graph and Twitter meta and a canonical address on every page;
a sitemap of every page; a helpful 404 page; nothing loaded from another host; a printable case."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from common import ROOT, build, use_overrides

# the publisher sets the site's address; until then (None) no page names an address of its own
SITE_URL = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader).get("site_url")
SHARING = ["og:type", "og:site_name", "og:title", "og:description", "twitter:card", "twitter:title",
           "twitter:description"]


class Head(HTMLParser):
    """<title>, <meta> and <link> of a page, and every address it loads something from."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.loads: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "title":
            self._in_title = True
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a["name"]] = a.get("content", "")
        if tag == "link":
            self.links.append(a)
            if set(a.get("rel", "").split()) & {"stylesheet", "icon", "preload", "modulepreload", "manifest",
                                                "preconnect", "dns-prefetch"}:
                self.loads.append(a.get("href", ""))
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed", "track") and a.get("src"):
            self.loads.append(a["src"])
        if tag in ("img", "source") and a.get("srcset"):
            self.loads.extend(part.split()[0] for part in a["srcset"].split(","))
        if tag == "object" and a.get("data"):
            self.loads.append(a["data"])
        if "style" in a:
            self.loads.extend(re.findall(r"url\(\s*['\"]?([^'\")]+)", a["style"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)


def head(page: Path) -> Head:
    parser = Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def url_of(site: Path, page: Path, site_url: str | None = SITE_URL) -> str:
    rel = page.relative_to(site).as_posix()
    assert site_url, "no site_url"
    return site_url + ("" if rel == "index.html" else rel[: -len("index.html")])


def canonical_of(h: Head) -> list[str]:
    return [link["href"] for link in h.links if link.get("rel") == "canonical"]


def test_every_page_has_a_title_description_and_sharing_meta(real_site: Path) -> None:
    seen_types = set()
    for page in pages(real_site):
        h = head(page)
        rel = page.relative_to(real_site).as_posix()
        seen_types.add(rel.split("/")[0] if "/" in rel else rel)
        assert h.title.strip(), rel
        assert h.meta.get("description", "").strip(), rel
        missing = [name for name in SHARING if not h.meta.get(name, "").strip()]
        assert missing == [], rel
        assert h.meta["og:title"] in h.title
        assert h.meta["og:description"] == " ".join(h.meta["description"].split())
        if rel == "404.html" or not SITE_URL:
            # no address of its own: the 404 page has none, and none is invented before the
            # publisher sets site_url (test_a_site_with_an_address_says_it checks the other case)
            assert canonical_of(h) == [] and "og:url" not in h.meta, rel
            continue
        canonical = canonical_of(h)
        assert canonical == [url_of(real_site, page)], rel
        assert h.meta.get("og:url") == canonical[0], rel
    # every page type was seen: home, handwritten, index, record pages, data, corrections, 404
    assert {"index.html", "404.html", "cases", "people", "organisations", "missions", "data", "corrections",
            "press-conference", "sources"} <= seen_types


def test_record_pages_describe_the_record(real_site: Path) -> None:
    for page in (real_site / "cases").glob("*/index.html"):
        h = head(page)
        name = h.meta["og:title"]
        assert h.meta["og:type"] == "article"
        assert h.meta["og:description"].startswith(f"{name}: ")
        # a long summary is cut at a word, and says so
        assert h.meta["og:description"].endswith(("…", ".", ")")), h.meta["og:description"][-40:]


def test_the_sitemap_lists_every_page(real_site: Path) -> None:
    listed = set(re.findall(r"<loc>(.*?)</loc>", (real_site / "sitemap.xml").read_text(encoding="utf-8")))
    expected = {url_of(real_site, p) for p in pages(real_site) if p.name == "index.html"} if SITE_URL else set()
    assert listed == expected


def test_a_site_with_an_address_says_it(mini: Path, tmp_path: Path) -> None:
    """With site_url set (the fixture site's), every page has its canonical address, Open Graph
    gives it, and the sitemap lists every page at its full address."""
    fixture_url = yaml.load((mini / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["site_url"]
    use_overrides(mini)
    site = tmp_path / "site"
    result = build(mini / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    built = [p for p in pages(site) if p.name == "index.html"]
    assert len(built) > 5
    for page in built:
        h = head(page)
        assert canonical_of(h) == [url_of(site, page, fixture_url)], page
        assert h.meta.get("og:url") == url_of(site, page, fixture_url), page
    listed = set(re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8")))
    assert listed == {url_of(site, p, fixture_url) for p in built}


def test_the_404_page_helps_the_reader_on(real_site: Path) -> None:
    html = (real_site / "404.html").read_text(encoding="utf-8")
    base = urlsplit(SITE_URL or "/").path
    form = re.search(r'<form[^>]*role="search"[^>]*>.*?</form>', html, re.DOTALL)
    assert form and 'name="q"' in form.group(0) and f'action="{base}' in form.group(0)
    for target in (base, f"{base}cases/", f"{base}data/"):
        assert re.search(rf'<a href="{re.escape(target)}\.?"', html), target


def test_nothing_is_loaded_from_another_host(real_site: Path) -> None:
    foreign = []
    for page in pages(real_site):
        for address in head(page).loads:
            if urlsplit(address).netloc or address.startswith("//"):
                foreign.append((page.relative_to(real_site).as_posix(), address))
    for css in real_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for address in re.findall(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)", text):
            address = "".join(address)
            if urlsplit(address).netloc or address.startswith("//"):
                foreign.append((css.relative_to(real_site).as_posix(), address))
    assert foreign == []


@pytest.mark.browser
def test_a_case_page_prints_as_a_case_sheet(real_site: Path, tmp_path: Path) -> None:
    """Chromium prints the page; the sheet has the status card, charges, timeline and sources with
    their addresses, and none of the site's navigation."""
    chromium, pdftotext = shutil.which("chromium"), shutil.which("pdftotext")
    assert chromium and pdftotext, "needs Debian's chromium and poppler-utils"
    case = min((real_site / "cases").glob("*/index.html"))
    pdf = tmp_path / "case.pdf"
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", case.as_uri()],
        capture_output=True, timeout=120, check=True,
    )
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for kept in ("Status", "Last known:", "Charges", "Timeline", "Sources", "https://"):
        assert kept in text, kept
    site_name = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["site_name"]
    for dropped in (site_name, "Places of detention", "Mentioned on", "Table of contents", "Made with"):
        assert dropped not in text, dropped
