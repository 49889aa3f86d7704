"""Footnote markers a thumb can hit: at 375 px in Chromium, every marker of every case page and of
the report's case chapters is at least 24 x 24 CSS px (Lighthouse's target-size audit)."""

from __future__ import annotations

import pytest

from browser.browsing import Served

pytestmark = pytest.mark.browser

MIN_PX = 24

#: each footnote marker's box, and the line height of the paragraph that holds it
MARKERS = """() => [...document.querySelectorAll('article a.footnote-ref')].map(a => {
  const r = a.getBoundingClientRect();
  return {text: a.textContent, width: r.width, height: r.height, visible: r.width > 0 && r.height > 0};
})"""

def pages(served: Served) -> list[str]:
    groups = served.site.by_type()
    found = groups.get("cases/*", []) + [p for p in served.site.pages() if p.startswith("report/cases/") and p != "report/cases/"]
    assert found, "no case page in the built site"
    return found


def test_every_footnote_marker_is_a_24px_tap_target_on_a_phone(open_page, served: Served) -> None:
    small = []
    for path in pages(served):
        opened = open_page(path, width="phone")
        markers = opened.page.evaluate(MARKERS)
        assert markers, f"/{path} has no footnote marker"
        small += [f"/{path}: marker {m['text']!r} is {m['width']:.0f} x {m['height']:.0f} px"
                  for m in markers if m["visible"] and (m["width"] < MIN_PX - 0.01 or m["height"] < MIN_PX - 0.01)]
    assert not small, "\n".join(small)
