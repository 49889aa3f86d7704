"""axe-core (bundled by axe-playwright-python) finds no WCAG 2.1 A or AA violation on any page type,
at 1280 px and 375 px, in the light and the dark colour scheme.

Page types are discovered from the built site (builtsite.page_type): one page of each type, the
largest, stands for its type in all four settings, so a type added later (a report chapter, the
Data page) is checked without a change here; every page (up to 25 per type) is also checked at
1280 px in the light scheme. Material's known violations are fixed in docs/stylesheets/a11y.css and
overrides/, not silenced.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from browser.browsing import SCHEME_OF, SCHEMES, WIDTHS, Served, new_context, settle

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: rules outside those tags that the issue asks for by name
EXTRA_RULES = {
    "aria-dialog-name": "Material's search dialog had no name (fixed in overrides/partials/search.html)",
}
#: rules switched off, each with its reason; none is
DISABLED: dict[str, str] = {}
OPTIONS = {
    "runOnly": {"type": "tag", "values": TAGS},
    "rules": {**{r: {"enabled": True} for r in EXTRA_RULES}, **{r: {"enabled": False} for r in DISABLED}},
    "resultTypes": ["violations"],
}
#: the page types the issue names, and the type the built site gives each (builtsite.page_type)
NAMED_TYPES = {
    "home": "",
    "mission": "missions/*",
    "delegate": "people/*",
    "case": "cases/*",
    "cases index": "cases/",
    "press conference": "press-conference/",
    "404": "404.html",
    "report chapter": "report/*",
    "data page": "data/",
}

axe = Axe()


def violations(page: Page) -> list[str]:
    """One line per violation and element, with axe's own explanation."""
    out = []
    for v in axe.run(page, options=OPTIONS).response["violations"]:
        for node in v["nodes"]:
            why = "; ".join(c["message"] for c in node.get("any", []) + node.get("all", []) + node.get("none", []))
            out.append(f"{v['id']} ({v['impact']}) at {' '.join(map(str, node['target']))}: {why}")
    return out


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_wcag_violation_on_any_page_type(browser: Browser, served: Served, width: str, scheme: str) -> None:
    context = new_context(browser, width=width, scheme=scheme)
    page = context.new_page()
    found: list[str] = []
    try:
        for kind, path in served.site.representatives().items():
            page.goto(served.url(path), wait_until="networkidle")
            settle(page)
            shown = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
            assert shown == SCHEME_OF[scheme], f"/{path}: the {scheme} scheme was asked for, the page shows {shown!r}"
            found += [f"/{path} ({kind}): {v}" for v in violations(page)]
    finally:
        context.close()
    assert not found, f"{len(found)} violation(s) at {WIDTHS[width]} px, {scheme}:\n" + "\n".join(found)


#: pages of one type checked in the light scheme at 1280 px (all of them on today's site)
PER_TYPE = 25


def test_no_wcag_violation_on_any_page(browser: Browser, served: Served) -> None:
    """Every page (up to PER_TYPE of each type) at 1280 px, light: a fault in one record's data
    (a table, a link in a quote) shows on its page only."""
    context = new_context(browser)
    page = context.new_page()
    found: list[str] = []
    pages = served.site.sample(PER_TYPE)
    try:
        for path in pages:
            page.goto(served.url(path), wait_until="networkidle")
            settle(page)
            found += [f"/{path}: {v}" for v in violations(page)]
    finally:
        context.close()
    assert len(pages) >= len(served.site.representatives())
    assert not found, f"{len(found)} violation(s):\n" + "\n".join(found)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_wcag_violation_with_search_results_open(browser: Browser, served: Served, width: str, scheme: str) -> None:
    """The search dialog and its result list, as a reader sees them while searching."""
    from browser.test_search import search

    context = new_context(browser, width=width, scheme=scheme)
    page = context.new_page()
    try:
        page.goto(served.url(""), wait_until="networkidle")
        settle(page)
        results = search(page, "Kazakhstan")
        assert results, "searching 'Kazakhstan' listed nothing"
        found = violations(page)
    finally:
        context.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "name",
    list(NAMED_TYPES),
)
def test_each_page_type_the_issue_names_is_checked(served: Served, name: str) -> None:
    """The types above are discovered, not listed: prove the ones the issue names are among them."""
    assert NAMED_TYPES[name] in served.site.representatives(), (
        f"no page of type {NAMED_TYPES[name]!r} ({name}) in the built site; types found: "
        + ", ".join(repr(t) for t in served.site.representatives())
    )


def test_axe_finds_a_violation(browser: Browser, served: Served) -> None:
    """axe itself: an image without a text alternative is reported, else a green run proves nothing."""
    context = new_context(browser)
    page = context.new_page()
    try:
        page.goto(served.url(""), wait_until="networkidle")
        page.evaluate(
            "() => document.querySelector('article').append(Object.assign(document.createElement('img'), {src: 'x.png'}))"
        )
        found = violations(page)
    finally:
        context.close()
    assert any(v.startswith("image-alt") for v in found), found
