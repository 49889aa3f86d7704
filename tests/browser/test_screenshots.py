"""Screenshots of the main pages at both widths, for people to look at: tests/artifacts/screenshots/
(ignored by git). The test only proves that each picture was taken and shows a laid-out page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import WIDTHS, Served, new_context, settle
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

#: name of the picture -> the page types (builtsite.page_type) to take it from, the first found wins
PAGES = {
    "home": [""],
    "mission": ["missions/*"],
    "case": ["cases/*"],
    "cases-index": ["cases/"],
    "report": ["report/", "report/*"],
}


def pick(served: Served, types: list[str]) -> str | None:
    groups = served.site.by_type()
    for kind in types:
        if kind in groups:
            return groups[kind][0]
    return None


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize(
    "name", list(PAGES)
)
def test_screenshot(browser: Browser, served: Served, screenshots: Path, name: str, width: str) -> None:
    path = pick(served, PAGES[name])
    assert path is not None, f"no page of type {' or '.join(PAGES[name])} in the built site"
    context = new_context(browser, width=width)
    try:
        page = context.new_page()
        page.goto(served.url(path), wait_until="networkidle")
        settle(page)
        file = screenshots / f"{name}-{WIDTHS[width]}.png"
        file.unlink(missing_ok=True)
        page.screenshot(path=str(file), full_page=True)
        height = page.evaluate("() => document.documentElement.scrollHeight")
    finally:
        context.close()
    assert file.stat().st_size > 10_000, f"{file.name} is almost empty"
    assert height > 400, f"/{path} is only {height} px high: did the page lay out?"
