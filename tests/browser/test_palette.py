"""The light and dark switch in the header (overrides/partials/palette.html and
partials/javascripts/palette.html), as a reader uses it in Chromium.

Until the reader chooses, a page follows the system's colour setting, also when it changes; the
reader's choice holds on every page and after a reload; the switch works with the mouse and with
the Enter key; the browser's bar takes the header's colour. The scheme is set while the page is
read: once a page has opened, nothing changes the body's colour attributes again, which is what
made the browser work out the whole page's style several more times under Material's own switch.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from browser.browsing import SCHEME_OF, Served, new_context, watch

OTHER = {"light": "dark", "dark": "light"}

#: the scheme shown, the switch offered, the bar's colour, the header's colour, what is saved
STATE = """() => {
  const shown = [...document.querySelectorAll('[data-dossier-palette] label')].filter(l => !l.hidden);
  const rgb = getComputedStyle(document.querySelector('[data-md-component=header]')).backgroundColor.match(/\\d+/g);
  return {
    scheme: document.body.getAttribute('data-md-color-scheme'),
    switches: shown.map(l => l.title),
    bar: (document.querySelector('meta[name=theme-color]') || {}).content || null,
    header: '#' + rgb.slice(0, 3).map(n => (+n).toString(16).padStart(2, '0')).join(''),
    saved: Object.keys(localStorage).filter(k => k.endsWith('.__palette')).length,
  };
}"""

#: every change of a colour attribute of the body after the page was read
WATCH_BODY = """
document.addEventListener('DOMContentLoaded', () => {
  window.__colourChanges = [];
  new MutationObserver(changes => {
    for (const c of changes) if (c.attributeName.startsWith('data-md-color')) window.__colourChanges.push(c.attributeName);
  }).observe(document.body, {attributes: true});
});
"""


def open_home(open_page, scheme: str, width: str = "phone") -> Page:
    """The home page, once the browser's bar has its colour."""
    page = open_page("", width=width, scheme=scheme).page
    page.wait_for_function("() => !!(document.querySelector('meta[name=theme-color]') || {}).content")
    return page


def state(page: Page) -> dict:
    return page.evaluate(STATE)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_page_follows_the_system_until_the_reader_chooses(open_page, scheme: str) -> None:
    page = open_home(open_page, scheme)
    now = state(page)
    assert now["scheme"] == SCHEME_OF[scheme]
    assert len(now["switches"]) == 1, f"one switch is offered, not {now['switches']}"
    assert now["saved"] == 0, "nothing is saved before the reader chooses"
    assert now["bar"] == now["header"], "the browser's bar takes the header's colour"
    page.emulate_media(color_scheme=OTHER[scheme])  # type: ignore[arg-type]
    page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') === '{SCHEME_OF[OTHER[scheme]]}'")
    after = state(page)
    assert after["bar"] == after["header"] != now["header"]
    assert after["switches"] != now["switches"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_readers_choice_holds_on_every_page_and_over_the_system(open_page, served: Served, scheme: str) -> None:
    page = open_home(open_page, scheme)
    before = state(page)
    page.locator("[data-dossier-palette] label:not([hidden])").click()
    chosen = state(page)
    assert chosen["scheme"] == SCHEME_OF[OTHER[scheme]]
    assert chosen["saved"] == 1
    assert chosen["bar"] == chosen["header"] != before["header"]
    assert chosen["switches"] != before["switches"]
    for path in ("cases/", ""):
        page.goto(served.url(path), wait_until="networkidle")
        assert state(page)["scheme"] == SCHEME_OF[OTHER[scheme]], f"/{path} forgot the reader's choice"
    page.emulate_media(color_scheme=OTHER[scheme])  # type: ignore[arg-type]
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.wait_for_timeout(100)
    assert state(page)["scheme"] == SCHEME_OF[OTHER[scheme]], "a change of the system's setting overrode the reader's choice"


def test_the_enter_key_switches_and_keeps_the_focus_on_the_switch(open_page) -> None:
    page = open_home(open_page, "light", width="desktop")
    page.locator("[data-dossier-palette] input:checked").focus()
    page.keyboard.press("Enter")
    assert state(page)["scheme"] == "slate"
    page.keyboard.press("Enter")
    assert state(page)["scheme"] == "default"
    assert page.evaluate("() => !!document.activeElement.closest('[data-dossier-palette]')")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_nothing_changes_the_pages_colours_once_it_is_read(browser: Browser, served: Served, scheme: str) -> None:
    context = new_context(browser, width="phone", scheme=scheme)
    context.add_init_script(WATCH_BODY)  # before any page opens: open_page cannot
    try:
        page = context.new_page()
        record = watch(context, page, served.origin)
        for path in ("", "cases/", "map/"):
            page.goto(served.url(path), wait_until="networkidle")
            page.wait_for_timeout(200)
            assert page.evaluate("() => window.__colourChanges") == [], f"/{path}: the scheme was set again after the page was read"
            assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == SCHEME_OF[scheme]
        assert record.problems() == []
    finally:
        context.close()
