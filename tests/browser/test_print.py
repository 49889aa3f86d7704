"""Print: every page type, printed, shows its text and no navigation, header, search or footer.

The issue names a case page and a report chapter; every other page type is held to the same rule.
Every case page of the built site, printed to PDF, is one page of A4 and of US Letter that keeps
what the screen page shows of the case (status card, contact, charges, timeline, conflicts,
corrections, numbered sources with their addresses), at no less than 7 pt (source notes 6.5 pt).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from browser.browsing import Served, new_context, settle
from common import ARTIFACTS

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


def test_the_check_sees_navigation_left_in_print(open_page) -> None:
    """The check itself: a navigation bar that stays in print is reported."""
    page = open_page("").page
    page.evaluate(
        "() => document.querySelector('article').insertAdjacentHTML('afterbegin', '<nav class=\"left-over\">Home · Cases</nav>')"
    )
    shown, _ = printed(page)
    assert any(s.startswith("nav.left-over") for s in shown), shown


# ---------------------------------------------------------------------------------------------
# The case sheet: every case page of the built site prints on ONE page, A4 and US Letter, with
# all it must keep (issue 4, item 6). docs/stylesheets/print.css lays it out.

#: the page type of a case page (builtsite.page_type): every page under cases/, not the index
CASE_PAGES = "cases/*"
PAPERS = ("A4", "Letter")
#: the sections a case sheet keeps, by the id of their h2, where the page has them; the others
#: (places of detention, courts, the person, background, backlinks) stay on the screen
KEPT = ("charges", "timeline", "where-the-sources-differ", "corrections", "sources")
#: the smallest sizes, in points: the text, and the source notes (note numbers excepted)
SMALLEST_TEXT_PT, SMALLEST_NOTE_PT = 7.0, 6.5

#: What the screen page shows that the sheet must keep, read from the DOM before printing. Each
#: block of text is cut at its note numbers (printed apart from the line, so they are checked
#: apart): every piece must stand in the PDF's text.
SHEET_CONTENT = """kept => {
  const article = document.querySelector('article');
  const pieces = el => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll('sup').forEach(s => s.replaceWith('\\u0001'));
    copy.querySelectorAll('.headerlink, .footnote-backref, a[href*="sources/#"]').forEach(a => a.remove());
    return copy.textContent.split('\\u0001').map(t => t.trim()).filter(Boolean);
  };
  const leaves = root => [...root.querySelectorAll('li, p, td, th, .admonition-title')]
    .filter(el => !el.querySelector('li, p, td, th') && !el.closest('.footnote'));
  const blocks = [];
  const h1 = article.querySelector('h1');
  blocks.push({where: 'title', pieces: pieces(h1)});
  if (h1.nextElementSibling && h1.nextElementSibling.matches('p'))
    blocks.push({where: 'summary', pieces: pieces(h1.nextElementSibling)});
  for (const el of article.querySelectorAll(':scope > .case-facts :is(dt, dd)'))
    blocks.push({where: 'fact box', pieces: pieces(el)});
  const headings = [];
  for (const id of kept) {
    const h2 = article.querySelector(`:scope > h2#${CSS.escape(id)}`);
    if (!h2) continue;
    const title = pieces(h2).join(' ');
    headings.push(title);
    for (let el = h2.nextElementSibling; el && el.tagName !== 'H2'; el = el.nextElementSibling) {
      if (el.matches('.dossier-figure, .footnote')) continue;
      for (const leaf of (el.matches('p') ? [el] : leaves(el)))
        blocks.push({where: title, pieces: pieces(leaf)});
    }
  }
  const notes = [...article.querySelectorAll('.footnote > ol > li')].map((li, i) => ({
    number: i + 1,
    pieces: pieces(li),
    url: (li.querySelector('a[href^="http"]') || {getAttribute: () => null}).getAttribute('href'),
  }));
  const outside = [...article.querySelectorAll('a[href^="http"]')]
    .filter(a => !a.closest('.footnote') && a.textContent.trim() !== a.getAttribute('href'))
    .map(a => a.getAttribute('href'));
  return {name: pieces(h1).join(''), headings, blocks, notes, outside};
}"""

#: The smallest font size in print, in points, of the text outside and inside the source notes
#: (note numbers excepted), over every text the printed article shows.
SMALLEST_SIZES = """() => {
  const out = {text: Infinity, notes: Infinity};
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || el.closest('sup') || !el.checkVisibility()) continue;
    const r = document.createRange(); r.selectNodeContents(n);
    if (!r.getClientRects().length) continue;
    const pt = parseFloat(getComputedStyle(el).fontSize) * 72 / 96;
    const key = el.closest('.footnote') ? 'notes' : 'text';
    out[key] = Math.min(out[key], pt);
  }
  return out;
}"""


def squeeze(text: str) -> str:
    """Text without white space: the PDF breaks lines (and addresses) wherever the column ends."""
    return "".join(text.split())


def pdf_of(page: Page, paper: str, keep: Path | None = None) -> tuple[int, str]:
    """The page printed on one paper size: its number of pages and its text, squeezed."""
    page.emulate_media(media="print")
    data = page.pdf(format=paper, print_background=False)
    if keep is not None:
        keep.write_bytes(data)
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), squeeze(" ".join(p.extract_text() or "" for p in reader.pages))


def case_pages(served: Served) -> list[str]:
    pages = served.site.by_type().get(CASE_PAGES, [])
    assert pages, f"no page of type {CASE_PAGES!r} in the built site"
    return pages


def missing_from(text: str, content: dict) -> list[str]:
    """What the screen page shows and the printed text lacks."""
    out = []
    if squeeze(content["name"]) not in text:
        out.append(f"the name {content['name']!r}")
    out += [f"the heading {h!r}" for h in content["headings"] if squeeze(h) not in text]
    for block in content["blocks"]:
        out += [f"{block['where']}: {p!r}" for p in block["pieces"] if squeeze(p) not in text]
    for note in content["notes"]:
        first = squeeze(note["pieces"][0]) if note["pieces"] else ""
        if f"{note['number']}.{first}" not in text:
            out.append(f"source note {note['number']}: {first[:60]!r}")
        if note["url"] and squeeze(note["url"]) not in text:
            out.append(f"the address of source note {note['number']}: {note['url']}")
        out += [f"source note {note['number']}: {p!r}" for p in note["pieces"][1:] if squeeze(p) not in text]
    out += [f"the target of the outside link {href}" for href in content["outside"] if squeeze(href) not in text]
    return out


@pytest.fixture(scope="module")
def sheets() -> Path:
    folder = ARTIFACTS / "print"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("paper", PAPERS)
def test_every_case_page_prints_on_one_page_with_all_it_must_keep(
    browser: Browser, served: Served, sheets: Path, paper: str
) -> None:
    """Each case page, printed to PDF, is one page whose text has the name, the status card, the
    contact, the charges, every event of the timeline, the conflicts and corrections, and every
    source note with its number and address. The PDFs are kept in tests/artifacts/print/."""
    context = new_context(browser)
    page = context.new_page()
    problems = []
    try:
        for path in case_pages(served):
            page.emulate_media(media="screen")
            page.goto(served.url(path), wait_until="networkidle")
            settle(page)
            content = page.evaluate(SHEET_CONTENT, list(KEPT))
            assert content["notes"], f"/{path}: no source notes on the screen page: is the selector right?"
            slug = path.strip("/").replace("/", "-")
            pages, text = pdf_of(page, paper, keep=sheets / f"{slug}-{paper}.pdf")
            if pages != 1:
                problems.append(
                    f"/{path} prints on {pages} {paper} pages, not one (the sheet is laid out for "
                    "Arial's metrics: Liberation Sans, Debian's fonts-liberation, must be installed)"
                )
            problems += [f"/{path} on {paper} lacks {what}" for what in missing_from(text, content)]
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_a_case_sheet_is_legible(browser: Browser, served: Served) -> None:
    """Fitting a page by shrinking the type is no fit: nothing printed below 7 pt, the source
    notes not below 6.5 pt (their note numbers excepted)."""
    context = new_context(browser)
    page = context.new_page()
    problems = []
    try:
        for path in case_pages(served):
            page.goto(served.url(path), wait_until="networkidle")
            settle(page)
            page.emulate_media(media="print")
            smallest = page.evaluate(SMALLEST_SIZES)
            if smallest["text"] < SMALLEST_TEXT_PT - 0.01:
                problems.append(f"/{path}: text printed at {smallest['text']:.2f} pt")
            if smallest["notes"] < SMALLEST_NOTE_PT - 0.01:
                problems.append(f"/{path}: source notes printed at {smallest['notes']:.2f} pt")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_the_sheet_check_sees_a_dropped_event_and_a_hidden_link_target(browser: Browser, served: Served) -> None:
    """The check itself: an outside link in the body prints its address, and an event the print
    stylesheet hid would be reported."""
    path = case_pages(served)[0]
    context = new_context(browser)
    page = context.new_page()
    try:
        page.goto(served.url(path), wait_until="networkidle")
        settle(page)
        page.evaluate(
            """() => document.querySelector('h2#timeline ~ ul').insertAdjacentHTML('beforeend',
                 '<li>An outside link: <a href="https://example.org/print-check">the check</a></li>'
                 + '<li class="left-off">An event the sheet leaves off</li>')"""
        )
        page.add_style_tag(content="@media print { .left-off { display: none; } }")
        content = page.evaluate(SHEET_CONTENT, list(KEPT))
        _pages, text = pdf_of(page, "A4")
    finally:
        context.close()
    assert "https://example.org/print-check" in content["outside"]
    assert squeeze("<https://example.org/print-check>") in text, "the outside link's address is not printed"
    assert missing_from(text, content) == ["Timeline: 'An event the sheet leaves off'"]


def test_a_russian_case_page_prints_as_the_same_sheet(browser: Browser, served: Served) -> None:
    """The sheet's layout (print.css) finds a case page by its section ids, which the Russian
    edition shares with the English one: printed, each Russian case page is the two-column sheet
    without the site's chrome, with its source notes, not the screen page. Russian runs longer
    than English, so a long case may take a second sheet; the page counts are printed."""
    context = new_context(browser)
    page = context.new_page()
    problems, counts = [], []
    try:
        for path in case_pages(served):
            page.emulate_media(media="screen")
            page.goto(served.url("ru/" + path), wait_until="networkidle")
            settle(page)
            shown, text = printed(page)
            problems += [f"/ru/{path} prints {what}" for what in shown]
            layout = page.evaluate("() => getComputedStyle(document.querySelector('article.md-typeset')).columnCount")
            if layout != "2" or text == 0:
                problems.append(f"/ru/{path} does not print as the case sheet (columns: {layout})")
            counts.append(f"/ru/{path}: " + ", ".join(f"{paper} {pdf_of(page, paper)[0]}" for paper in PAPERS))
    finally:
        context.close()
    print("\n".join(counts))
    assert not problems, "\n".join(problems)
