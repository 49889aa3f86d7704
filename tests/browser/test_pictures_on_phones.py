"""The pictures on a phone (issue 14, item 1): at 320 and 375 px each picture shows its narrow
drawing, nothing in the page's content reaches past the screen's edge, and no text inside a
picture renders below 9 px; at 1,280 px the wide drawing shows.

Every picture is drawn twice (hooks/dossier/pictures.py) and the stylesheet shows one:
measured here as the reader's browser lays them out, not read from the SVG source.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from browser.browsing import Served, settle

pytestmark = pytest.mark.browser

#: the pages with pictures: the home page (custody bars), a case (timeline), the map, the cases index (axis)
PAGES = ["", "cases/mukhtar-dzhakishev/", "map/", "cases/"]
SMALLEST_PX = 9
#: every element of the content is checked: tables reflow into cards on phones (narrow.css)
NOT_YET = ""

MEASURE = """({least, notYet}) => {
  const article = document.querySelector('.md-content article') || document.querySelector('.md-content');
  const width = document.documentElement.clientWidth;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const overflowing = [];
  for (const el of article.querySelectorAll('*')) {
    if (!el.getClientRects().length) continue;  // not rendered (display: none, closed <details>)
    if (notYet && el.closest(notYet)) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5)) {
      overflowing.push(`${name(el)} spans ${Math.round(r.left)}..${Math.round(r.right)} px`);
    }
  }
  const small = [], texts = [];
  for (const svg of article.querySelectorAll('svg')) {
    if (!svg.getClientRects().length) continue;
    const m = svg.getScreenCTM();
    const scale = Math.hypot(m.a, m.b);
    for (const t of svg.querySelectorAll('text')) {
      if (!t.getClientRects().length || !t.textContent.trim()) continue;
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      texts.push(px);
      if (px < least) small.push(`${t.textContent.trim()} in ${name(svg.closest('figure') || svg)}: ${px.toFixed(1)} px`);
    }
  }
  const shown = [...article.querySelectorAll('figure.dossier-figure')]
    .filter(f => f.getClientRects().length).map(f => f.id);
  const hidden = [...article.querySelectorAll('figure.dossier-figure')]
    .filter(f => !f.getClientRects().length).map(f => f.id);
  return {overflowing, small, texts: texts.length, shown, hidden, width};
}"""
ARGS = {"least": SMALLEST_PX, "notYet": NOT_YET}


@pytest.fixture(scope="module")
def pages(browser: Browser, served: Served) -> Iterator:
    contexts = []

    def _open(path: str, width: int, scheme: str = "light") -> Page:
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme,  # type: ignore[arg-type]
                                      reduced_motion="reduce", service_workers="block")
        contexts.append(context)
        page = context.new_page()
        page.goto(served.url(path), wait_until="networkidle")
        settle(page)
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("path", PAGES)
def test_on_a_phone_each_picture_shows_its_narrow_drawing_whole_and_readable(pages, path: str, width: int):
    m = pages(path, width).evaluate(MEASURE, ARGS)
    assert m["width"] == width
    assert m["shown"], f"/{path}: no picture shows at {width} px"
    assert all(f.endswith("-narrow") for f in m["shown"]), (path, m["shown"])
    assert sorted(m["hidden"]) == sorted(f.removesuffix("-narrow") for f in m["shown"])  # each wide one hidden
    assert m["texts"] > 0
    assert m["small"] == [], f"/{path} at {width} px: text in a picture below {SMALLEST_PX} px"
    assert m["overflowing"] == [], f"/{path} at {width} px: content wider than the screen"


@pytest.mark.parametrize("path", PAGES)
def test_on_a_desktop_the_wide_drawing_shows(pages, path: str):
    m = pages(path, 1280).evaluate(MEASURE, ARGS)
    assert m["shown"] and not any(f.endswith("-narrow") for f in m["shown"]), (path, m["shown"])
    assert sorted(m["hidden"]) == sorted(f + "-narrow" for f in m["shown"])
    assert m["small"] == [] and m["overflowing"] == []


def test_in_the_dark_scheme_the_narrow_pictures_show_too(pages):
    m = pages("cases/mukhtar-dzhakishev/", 375, "dark").evaluate(MEASURE, ARGS)
    assert m["shown"] == ["timeline-mukhtar-dzhakishev-narrow"] and m["small"] == []
