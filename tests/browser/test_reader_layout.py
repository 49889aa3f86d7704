"""What a reader sees on a phone and in the menu, over the built site.

- At 320 and 375 px no element of a page's content reaches past either edge of the screen, on
  every page type: wide tables become cards (javascripts/tables.js), pictures are scaled to the
  column, long addresses and code lines wrap. An element cut off inside a box that scrolls
  sideways counts too: the reader would not see it.
- The menu has at most 8 entries at the top, and no label twice.
- "Report an error" is at the foot of every page and leads to the page that says how to reach
  the editors.
- A page is first drawn with its opening text, never as a bare header with the text a moment
  later (overrides/main.html: the first section's heading is expected before anything is drawn).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from playwright.sync_api import Browser

from browser.browsing import Served, SiteHandler, serve, settle
from common import ROOT

pytestmark = pytest.mark.browser

PHONES = {"small phone": 320, "phone": 375}
MAX_TOP_ENTRIES = 8

#: every visible element of the content whose box reaches past the edge of the window
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('.md-content *')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') continue;
    if (box.right > width + 1 || box.left < -1) {
      const text = (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 50);
      out.push(`<${el.tagName.toLowerCase()} class="${el.className}"> ${Math.round(box.left)}..${Math.round(box.right)} px: ${text}`);
    }
  }
  return {page: document.documentElement.scrollWidth - width, elements: out};
}"""

#: the menu's entries: [label, depth], the page's own table of contents left out
MENU = """() => {
  const nav = document.querySelector('nav.md-nav--primary');
  const entries = [];
  for (const li of nav.querySelectorAll('li.md-nav__item')) {
    if (li.closest('.md-nav--secondary')) continue;
    const link = li.querySelector(':scope > a.md-nav__link, :scope > label.md-nav__link:not([for="__toc"])');
    if (!link) continue;
    let depth = 0;
    for (let up = li.parentElement; up && up !== nav; up = up.parentElement) if (up.tagName === 'LI') depth += 1;
    entries.push([link.textContent.replace(/\\s+/g, ' ').trim(), depth]);
  }
  return entries;
}"""


def pages(served: Served) -> list[str]:
    """Two pages of each type (the largest), and the page that lists the cases."""
    return sorted(set(served.site.sample(2)) | {"cases/"})


@pytest.mark.parametrize("width", list(PHONES))
def test_nothing_in_a_page_reaches_past_the_edge_of_a_phone(browser: Browser, served: Served, width: str) -> None:
    context = browser.new_context(viewport={"width": PHONES[width], "height": 740}, reduced_motion="reduce")
    failures = []
    try:
        page = context.new_page()
        checked = pages(served)
        for path in checked:
            page.goto(served.url(path), wait_until="load")
            settle(page)
            page.wait_for_timeout(50)  # tables.js marks a wide table on the next frame
            found = page.evaluate(OVERFLOW)
            if found["page"] > 0:
                failures.append(f"/{path}: the page scrolls sideways by {found['page']} px")
            failures += [f"/{path}: {line}" for line in found["elements"][:5]]
    finally:
        context.close()
    assert len(checked) > 10
    assert not failures, f"at {PHONES[width]} px:\n" + "\n".join(failures)


def test_a_wide_table_becomes_cards_that_name_every_value(browser: Browser, served: Served) -> None:
    """The cases index is wider than a phone: each case is a card, each value under its column's name."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    try:
        page = context.new_page()
        page.goto(served.url("cases/"), wait_until="load")
        settle(page)
        table = page.locator("#case-table")
        assert table.get_attribute("data-reflow") is not None, "the cases table was not reflowed at 375 px"
        headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
        first = table.locator("tbody tr").first
        labels = first.locator("td").evaluate_all("cells => cells.map(c => c.dataset.label)")
        assert labels == headers
        # the label is shown above the value (the first value titles the card)
        shown = first.locator("td").nth(1).evaluate("c => getComputedStyle(c, '::before').content")
        assert shown == f'"{headers[1]}"'
        assert page.get_by_role("table").count() >= 1  # still a table to a screen reader
    finally:
        context.close()
    # and at 1,280 px the same table is a table
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(served.url("cases/"), wait_until="load")
        settle(page)
        assert page.locator("#case-table").evaluate("t => getComputedStyle(t.rows[1]).display") == "table-row"
    finally:
        context.close()


@pytest.mark.parametrize("path", ["", "cases/", "report/summary/"])
def test_the_menu_has_few_entries_and_no_label_twice(browser: Browser, served: Served, path: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(served.url(path), wait_until="load")
        settle(page)
        entries = page.evaluate(MENU)
    finally:
        context.close()
    labels = [label for label, _ in entries]
    top = [label for label, depth in entries if depth == 0]
    assert len(entries) > 10, entries
    assert len(top) <= MAX_TOP_ENTRIES, top
    assert sorted({label for label in labels if labels.count(label) > 1}) == []
    for editors in ("Editors' guide", "Data dictionary", "Performance"):
        assert not any(label.startswith(editors) for label in labels), f"{editors} is in the readers' menu"


def test_report_an_error_is_at_the_foot_of_every_page(served: Served) -> None:
    site = served.site
    missing, broken = [], []
    for path in site.pages():
        html = site.file(path).read_text(encoding="utf-8")
        footer = html[html.find('class="md-copyright"'):]
        # the link's words in the page's edition: the Russian one (ru/) says it in Russian
        words = "Сообщить об ошибке" if path.startswith("ru/") else "Report an error"
        link = re.search(rf'<a href="([^"]*)">{words}</a>', footer)
        if not link:
            missing.append(path)
            continue
        target = urljoin(site.prefix + ("" if path.endswith(".html") else path), link.group(1))
        file = site.file(target[len(site.prefix):])
        if not file.is_file() or "<h1" not in file.read_text(encoding="utf-8"):
            broken.append(f"/{path} -> {link.group(1)}")
    assert len(site.pages()) > 20
    assert missing == [] and broken == [], (missing, broken)


def test_report_an_error_says_how_to_reach_the_editors(browser: Browser, served: Served) -> None:
    """From a case page on a phone, the footer's link leads to the page; with no publisher set it
    leads on to the corrections procedure, which is there."""
    publisher = (yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader).get("extra") or {}).get("publisher") or {}
    case = served.site.by_type()["cases/*"][0]
    context = browser.new_context(viewport={"width": 375, "height": 740})
    try:
        page = context.new_page()
        page.goto(served.url(case), wait_until="load")
        settle(page)
        page.locator(".md-footer").get_by_role("link", name="Report an error").click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text().strip().startswith("Report an error")
        contact = page.locator(".dossier-contact")
        if publisher.get("name"):
            assert publisher["name"] in contact.inner_text()
        else:
            assert page.locator(".dossier-publisher").count() == 0
            procedure = contact.get_by_role("link", name=re.compile("procedure for reporting an inaccuracy"))
            procedure.click()
            page.wait_for_load_state("load")
            anchor = page.url.partition("#")[2]
            assert anchor and page.locator(f"[id='{anchor}']").count() == 1, page.url
    finally:
        context.close()


#: the paints of the page so far, and the first element drawn as the largest: in the article or not
PAINTS = """() => new Promise(done => {
  const first = [];
  new PerformanceObserver(list => first.push(...list.getEntries())).observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => done({
    paints: performance.getEntriesByType('paint').map(e => e.name),
    firstInArticle: first.length ? !!(first[0].element && first[0].element.closest('article')) : null,
  }), 100);
})"""
STALL = 1.5  # seconds: far longer than Chromium takes to draw what it has


@contextmanager
def stalling(site: Path, page: str, keep_expect: bool) -> Iterator[str]:
    """The built site served as the other browser tests serve it, the page `page` sent up to the
    end of its header, then, after STALL seconds, the rest: a phone's connection that pauses.
    keep_expect=False sends the page without its <link rel="expect">, to show what the browser
    does without it."""
    html = (site / page / "index.html").read_bytes()
    if not keep_expect:
        html = re.sub(rb'<link rel="expect"[^>]*>', b"", html)
    cut = html.index(b"</header>") + len(b"</header>")

    class Stalling(SiteHandler):
        def do_GET(self) -> None:
            if urlsplit(self.path).path != self.prefix + page:
                return super().do_GET()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html[:cut])
            self.wfile.flush()
            time.sleep(STALL)
            self.wfile.write(html[cut:])

    with serve(site, handler=Stalling) as served:
        yield served.url(page)


@pytest.mark.parametrize("page", ["cases/kenzhebek-abishev/", "ru/cases/"])
def test_a_page_is_first_drawn_with_its_opening_text(browser: Browser, real_site: Path, page: str) -> None:
    """The connection pauses after the page's header: nothing is drawn until the text has come, and
    the first thing drawn holds the article's text. The same page without the expectation is drawn
    as a bare header during the pause, so the test can tell the two apart."""
    assert b'rel="expect"' in (real_site / page / "index.html").read_bytes(), page
    seen = {}
    for keep in (True, False):
        context = browser.new_context(viewport={"width": 375, "height": 812})
        try:
            tab = context.new_page()
            with stalling(real_site, page, keep) as url:
                tab.goto(url, wait_until="commit")
                tab.wait_for_timeout(STALL * 1000 * 2 / 3)
                during = tab.evaluate(PAINTS)["paints"]
                tab.wait_for_load_state("load")
                seen[keep] = (during, tab.evaluate(PAINTS))
        finally:
            context.close()
    (during, after), (control_during, control_after) = seen[True], seen[False]
    assert during == [], f"{page}: drawn before its text had come: {during}"
    assert "first-contentful-paint" in after["paints"] and after["firstInArticle"] is True, (page, after)
    # without the expectation the header is drawn alone while the connection pauses
    assert "first-contentful-paint" in control_during and control_after["firstInArticle"] is False, (page, control_during, control_after)
