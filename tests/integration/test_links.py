"""Link integrity of the built site, without a browser: every internal link, resource and #anchor
resolves to a file and an element; external links are listed for people to review, never fetched.

The list is written to tests/artifacts/external-links.txt (ignored by git).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

import builtsite
from common import ARTIFACTS

#: schemes that are no request to a web server; listed with the external links
NON_WEB = ("mailto:", "tel:", "sms:")


def test_no_empty_links_anywhere(real_site: Path) -> None:
    for page in real_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'href="#"' not in text, page
        assert 'href=""' not in text, f"a link to the page itself in {page}"
        assert "[[" not in re.sub(r"<code>.*?</code>", "", text, flags=re.DOTALL), f"unresolved reference in {page}"


@pytest.fixture(scope="module")
def site(real_site: Path) -> builtsite.BuiltSite:
    return builtsite.load(real_site)


class Resolver:
    """Maps a link found on a page to a file of the built site, and checks its #anchor."""

    def __init__(self, site: builtsite.BuiltSite) -> None:
        self.site = site
        self.base = urlsplit(site.site_url)
        self._parsed: dict[Path, builtsite.Anchors] = {}

    def parsed(self, file: Path) -> builtsite.Anchors:
        if file not in self._parsed:
            self._parsed[file] = builtsite.parse(file)
        return self._parsed[file]

    def target_file(self, path: str) -> Path | None:
        """The file a path below the site root serves, as a static host would ('a/' and 'a' -> a/index.html)."""
        file = self.site.root / unquote(path)
        if path == "" or path.endswith("/") or file.is_dir():
            file = file / "index.html"
        return file if file.is_file() else None

    def check(self, page: str, value: str) -> tuple[str, str | None]:
        """('internal' | 'external', error or None) for one link value found on page."""
        if value.startswith(NON_WEB):
            return "external", None
        if value.startswith(("javascript:", "data:")):
            return "internal", f"{value[:40]!r}: script or inline data in a link"
        absolute = urljoin(self.site.site_url + page, value)
        parts = urlsplit(absolute)
        if (parts.scheme, parts.netloc) != (self.base.scheme, self.base.netloc):
            return "external", None
        if not parts.path.startswith(self.site.prefix) and parts.path + "/" != self.site.prefix:
            return "internal", f"{value!r} points outside the site ({parts.path})"
        relative = parts.path[len(self.site.prefix) :]
        file = self.target_file(relative)
        if file is None:
            return "internal", f"{value!r}: no file for /{relative}"
        if parts.fragment and file.suffix == ".html" and unquote(parts.fragment) not in self.parsed(file).ids:
            return (
                "internal",
                f"{value!r}: no element with id {unquote(parts.fragment)!r} in {file.relative_to(self.site.root)}",
            )
        return "internal", None


def test_every_internal_link_and_anchor_resolves(site: builtsite.BuiltSite) -> None:
    resolver = Resolver(site)
    errors: list[str] = []
    external: dict[str, set[str]] = defaultdict(set)
    internal_count = 0
    for page in site.pages():
        file = site.file(page)
        assert file.is_file(), f"the sitemap lists /{page} but the site has no {file.relative_to(site.root)}"
        for tag, attr, value, line in resolver.parsed(file).links:
            kind, error = resolver.check(page, value)
            if kind == "external":
                external[value].add(page or "(home)")
                continue
            internal_count += 1
            if error:
                errors.append(f"{file.relative_to(site.root)}:{line}: <{tag} {attr}> {error}")
    ARTIFACTS.mkdir(exist_ok=True)
    report = ARTIFACTS / "external-links.txt"
    report.write_text(
        "# External links of the built site (not fetched by the tests), with the pages that carry them\n"
        + "".join(f"{url}\t{' '.join(sorted(pages))}\n" for url, pages in sorted(external.items())),
        encoding="utf-8",
    )
    assert internal_count > len(site.pages()), "the link check found almost no internal link: is the parser broken?"
    assert not errors, f"{len(errors)} broken internal link(s):\n" + "\n".join(errors)


def test_every_page_can_be_reached_from_the_home_page(site: builtsite.BuiltSite) -> None:
    """Following the links of the pages from the home page reaches every page of both editions
    (a page linked from nowhere, such as one left out of the menu and never mentioned, is found
    by nobody); the 404 page is reached by a wrong address instead."""
    resolver = Resolver(site)
    page_of = {site.file(page): page for page in site.pages()}
    seen, todo = {""}, [""]
    while todo:
        page = todo.pop()
        for tag, _attr, value, _line in resolver.parsed(site.file(page)).links:
            if tag != "a" or resolver.check(page, value) != ("internal", None):
                continue
            path = urlsplit(urljoin(site.site_url + page, value)).path[len(site.prefix):]
            target = page_of.get(resolver.target_file(path))  # type: ignore[arg-type]
            if target is not None and target not in seen:
                seen.add(target)
                todo.append(target)
    unreached = sorted(set(page_of.values()) - seen - {"404.html"})
    assert len(seen) > 40, "the walk found almost no page: is the parser broken?"
    assert not unreached, f"pages no link leads to: {unreached}"


def tiny_site(tmp_path: Path) -> builtsite.BuiltSite:
    """A built site of two pages, each with one anchor, for the checker's own tests."""
    root = tmp_path / "site"
    (root / "places").mkdir(parents=True)
    (root / "index.html").write_text('<h1 id="top">Home</h1>')
    (root / "places" / "index.html").write_text('<h2 id="almaty">Almaty</h2>')
    return builtsite.BuiltSite(root=root, site_url="https://example.org/record/")


@pytest.mark.parametrize(
    ("page", "value", "expected"),
    [
        ("cases/x/", "../../places/#nowhere", "no element with id 'nowhere'"),
        ("cases/x/", "../../no-such-page/", "no file for /no-such-page/"),
        ("", "/elsewhere/", "points outside the site"),
        ("", "#missing", "no element with id 'missing'"),
        ("", "javascript:alert(1)", "script or inline data"),
    ],
)
def test_the_checker_catches_broken_links(tmp_path: Path, page: str, value: str, expected: str) -> None:
    """The checker itself: each kind of broken link is reported (else a green run proves nothing)."""
    site = tiny_site(tmp_path)
    kind, error = Resolver(site).check(page, value)
    assert kind == "internal"
    assert error is not None and expected in error


@pytest.mark.parametrize(
    ("page", "value", "kind"),
    [
        ("cases/x/", "../../places/#almaty", "internal"),
        ("cases/x/", "../..", "internal"),
        ("", "/record/places/", "internal"),
        ("", "https://example.org/record/#top", "internal"),
        ("", "https://other.example/page", "external"),
        ("", "mailto:someone@example.org", "external"),
    ],
)
def test_the_checker_accepts_good_links(tmp_path: Path, page: str, value: str, kind: str) -> None:
    site = tiny_site(tmp_path)
    assert Resolver(site).check(page, value) == (kind, None)


def test_every_page_waits_for_one_stylesheet_of_the_site(real_site: Path) -> None:
    """The site's stylesheets (extra.dossier.stylesheets) reach a reader as one file, after
    Material's two: each page links three, not eleven, before it can show. Their own files are
    not published, and the joined file holds each of them whole, in order."""
    import yaml

    from common import ROOT

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    names = config["extra"]["dossier"]["stylesheets"]
    assert len(names) > 1
    joined = (real_site / "stylesheets" / "site.css").read_text(encoding="utf-8")
    at = [joined.index((ROOT / "docs" / n).read_text(encoding="utf-8").strip()) for n in names]
    assert at == sorted(at)
    assert sorted(p.name for p in (real_site / "stylesheets").iterdir()) == ["site.css"]
    for page in ("index.html", "cases/ardak-ashim/index.html", "ru/map/index.html", "404.html"):
        html = (real_site / page).read_text(encoding="utf-8")
        links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        assert [h.rsplit("/", 1)[-1] for h in links][2:] == ["site.css"], (page, links)
        assert links[0].split("/")[-1].startswith("main.") and links[1].split("/")[-1].startswith("palette."), page
