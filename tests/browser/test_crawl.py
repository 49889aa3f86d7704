"""Every page of the built site, in Chromium: no console error, no failed request, no request to any
other origin, and at 375 px no horizontal scrolling.

The pages come from the built site (sitemap.xml and a walk of site/**/*.html), so a page added
later is crawled without a change here. A missing address is answered with the 404 page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from browser.browsing import WIDTHS, Served, new_context, settle, watch
from common import ARTIFACTS

pytestmark = pytest.mark.browser

#: how far the page scrolls sideways, in CSS pixels (0 when it does not)
OVERFLOW = "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
#: the outermost elements that stick out on the right, to name the culprit in a failure
WIDE = """() => {
  const limit = document.scrollingElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (!r.width || r.right <= limit + 1) continue;
    if (el.parentElement && el.parentElement.getBoundingClientRect().right > limit + 1) continue;
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    out.push(`${el.tagName.toLowerCase()}${cls} (right edge at ${Math.round(r.right)} px)`);
  }
  return out.slice(0, 5);
}"""


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_loads_cleanly_from_its_own_origin_only(browser: Browser, served: Served, width: str) -> None:
    context = new_context(browser, width=width)
    page = context.new_page()
    record = watch(context, page, served.origin)
    problems: list[str] = []
    overflowing: list[str] = []
    log: list[str] = []
    visited = 0
    try:
        for path in [*served.site.pages(), "no-such-page/"]:
            response = page.goto(served.url(path), wait_until="networkidle")
            settle(page)
            visited += 1
            expect_404 = path == "no-such-page/"
            assert response is not None and response.status == (404 if expect_404 else 200), (
                f"/{path}: HTTP {response and response.status}"
            )
            done = record.take()
            log += [f"/{path}", *(f"    {url}" for url in done.requests)]
            assert done.requests, f"/{path}: no request was recorded: is the recorder broken?"
            allow = {served.url(path): 404} if expect_404 else None
            problems += [f"/{path}: {p}" for p in done.problems(allow_status=allow)]
            if width == "phone" and (px := page.evaluate(OVERFLOW)) > 0:
                overflowing.append(f"/{path} scrolls {px} px sideways: {', '.join(page.evaluate(WIDE))}")
    finally:
        context.close()
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"requests-{WIDTHS[width]}.txt").write_text(
            f"# Every request of every page at {WIDTHS[width]} px (the server's address varies per run)\n"
            + "\n".join(log)
            + "\n",
            encoding="utf-8",
        )
    assert visited == len(served.site.pages()) + 1
    assert not problems, "\n".join(problems)
    assert not overflowing, f"at {WIDTHS['phone']} px:\n" + "\n".join(overflowing)


def test_the_recorder_sees_a_request_to_another_origin(browser: Browser, served: Served) -> None:
    """The recorder itself: a page that asks another server for a font is caught (and the request aborted)."""
    context = new_context(browser)
    page = context.new_page()
    record = watch(context, page, served.origin)
    try:
        page.goto(served.url(""), wait_until="networkidle")
        page.evaluate(
            """() => new Promise(done => {
                 const link = document.createElement('link');
                 link.rel = 'stylesheet'; link.href = 'https://fonts.example.invalid/font.css';
                 link.onload = link.onerror = done; document.head.append(link);
                 console.error('a console error');
               })"""
        )
        problems = record.take().problems()
    finally:
        context.close()
    assert "request to another origin: https://fonts.example.invalid/font.css" in problems
    assert any(p.startswith("console error: a console error") for p in problems)
