"""The keyboard alone: every control can be reached with Tab and shows a visible focus; the search,
a search result and every filter of the cases index are reached and work.

Every page type of the built site is walked (one page per type, see builtsite.representatives),
at both widths.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from browser.browsing import WIDTHS, Served, new_context, settle
from browser.keyboard import FOCUS, press_until, tab_until, walk

pytestmark = pytest.mark.browser

SEARCH_FIELD = "el.matches('.md-search__input')"
SEARCH_FIELD_OR_BUTTON = "el.matches(\".md-search__input, button.md-header__button[data-for='__search']\")"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_stop_of_the_tab_key_is_visible_and_every_control_is_reached(
    browser: Browser, served: Served, width: str
) -> None:
    context = new_context(browser, width=width)
    page = context.new_page()
    problems: list[str] = []
    try:
        for path in served.site.representatives().values():
            page.goto(served.url(path), wait_until="networkidle")
            settle(page)
            result = walk(page)
            assert len(result.stops) > 3, f"/{path}: Tab reached only {len(result.stops)} element(s)"
            problems += [f"/{path}: {p}" for p in result.problems()]
    finally:
        context.close()
    assert not problems, f"at {WIDTHS[width]} px:\n" + "\n".join(problems)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_keyboard_reaches_the_search_and_opens_a_result(browser: Browser, served: Served, width: str) -> None:
    context = new_context(browser, width=width)
    page = context.new_page()
    try:
        page.goto(served.url(""), wait_until="networkidle")
        settle(page)
        tab_until(page, SEARCH_FIELD_OR_BUTTON)
        if not page.evaluate(f"() => {{ const el = document.activeElement; return {SEARCH_FIELD}; }}"):
            page.keyboard.press("Enter")  # the search button of a narrow screen opens the search
            page.wait_for_function(f"() => {{ const el = document.activeElement; return !!el && {SEARCH_FIELD}; }}")
        page.wait_for_function(
            "() => !/initializ/i.test(document.querySelector('.md-search-result__meta').textContent)"
        )
        page.keyboard.type("Kazakhstan")
        page.keyboard.press("End")  # Material searches on key release
        # wait until the results stop changing: a list still being redrawn takes the focus away
        page.wait_for_function(
            "() => /\\d+ matching/i.test(document.querySelector('.md-search-result__meta').textContent)"
            " && document.querySelector('.md-search-result__list a.md-search-result__link')"
        )
        page.wait_for_timeout(300)
        # Material's search moves through its results with the arrow keys (Tab leaves the search)
        press_until(page, "ArrowDown", "el.matches('.md-search-result__list a.md-search-result__link')", limit=5)
        stop = page.evaluate(FOCUS, False)
        assert stop["ring"] and stop["visible"], f"the focused search result shows no visible focus: {stop}"
        target = page.evaluate("() => document.activeElement.href")
        page.keyboard.press("Enter")
        page.wait_for_url(target.split("#")[0] + "**")
    finally:
        context.close()


def test_escape_closes_the_navigation_drawer(browser: Browser, served: Served) -> None:
    """On a phone the navigation opens from its header button with Enter and closes with Escape."""
    context = new_context(browser, width="phone")
    page = context.new_page()
    try:
        page.goto(served.url(""), wait_until="networkidle")
        settle(page)
        tab_until(page, "el.matches(\"button.md-header__button[data-for='__drawer']\")", limit=10)
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.getElementById('__drawer').checked")
        first_link = tab_until(page, "el.closest('.md-sidebar--primary') !== null", limit=10)
        # past the header's other controls: the palette, the language switch and the search
        assert first_link <= 6, "the navigation opened, but its links are far down the tab order"
        page.keyboard.press("Escape")
        assert not page.evaluate("() => document.getElementById('__drawer').checked")
        assert page.evaluate("() => document.activeElement.matches(\"button.md-header__button[data-for='__drawer']\")")
    finally:
        context.close()


def test_the_walk_sees_a_hidden_focus_and_a_missing_ring(open_page) -> None:
    """The walk itself: a link moved off screen and a link without a focus ring are both reported."""
    page = open_page("").page
    page.evaluate(
        """() => {
             const add = (html) => document.querySelector('article').insertAdjacentHTML('beforeend', html);
             add('<a href="#a" style="position:absolute;left:-9999px">off screen</a>');
             add('<a href="#b" style="outline:none !important">no ring</a>');
             add('<a href="#c" tabindex="-1">not in the tab order</a>');
           }"""
    )
    problems = walk(page).problems()
    assert any('"off screen" has the focus but cannot be seen' in p for p in problems), problems
    assert any('"no ring" shows no focus ring' in p for p in problems), problems
    assert not any("not in the tab order" in p for p in problems), problems
