"""Print: every page type, printed, shows its text and no navigation, header, search or footer.

The issue names a case page and a report chapter; every other page type is held to the same rule.
"""

from __future__ import annotations

import pytest
from conftest import Served, new_context, settle
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

#: what a printed page must not show: site navigation, the header, the search, the footer
CHROME = (
    "header, nav, footer, [role=navigation], [role=search], [role=banner], [role=contentinfo], "
    ".md-header, .md-tabs, .md-sidebar, .md-search, .md-footer, .md-top, .md-skip"
)
#: elements of CHROME inside the printed text that are part of the page, not the site's chrome
SHOWN = """sel => {
  const out = [];
  for (const el of document.querySelectorAll(sel)) {
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    out.push(el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ` (${Math.round(r.width)}x${Math.round(r.height)})`);
  }
  return out;
}"""
TEXT = "() => { const a = document.querySelector('article'); return a && a.checkVisibility() ? a.innerText.trim().length : 0; }"


def printed(page: Page) -> tuple[list[str], int]:
    page.emulate_media(media="print")
    return page.evaluate(SHOWN, CHROME), page.evaluate(TEXT)


def test_every_page_type_prints_without_site_chrome(browser: Browser, served: Served) -> None:
    context = new_context(browser)
    page = context.new_page()
    problems = []
    try:
        for kind, path in served.site.representatives().items():
            page.emulate_media(media="screen")
            page.goto(served.url(path), wait_until="networkidle")
            settle(page)
            assert page.evaluate(SHOWN, CHROME), (
                f"/{path}: on screen no header or navigation was found: are the selectors right?"
            )
            shown, text = printed(page)
            problems += [f"/{path} ({kind}) prints {what}" for what in shown]
            if text == 0:
                problems.append(f"/{path} ({kind}) prints no text: the article is hidden")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "kind",
    ["cases/*", "report/*"],
)
def test_the_page_types_the_issue_names_are_printed(served: Served, kind: str) -> None:
    assert kind in served.site.representatives(), f"no page of type {kind!r} in the built site"


def test_the_check_sees_navigation_left_in_print(browser: Browser, served: Served) -> None:
    """The check itself: a navigation bar that stays in print is reported."""
    context = new_context(browser)
    page = context.new_page()
    try:
        page.goto(served.url(""), wait_until="networkidle")
        settle(page)
        page.evaluate(
            "() => document.querySelector('article').insertAdjacentHTML('afterbegin', '<nav class=\"left-over\">Home · Cases</nav>')"
        )
        shown, _ = printed(page)
    finally:
        context.close()
    assert any(s.startswith("nav.left-over") for s in shown), shown
