"""The browser suite's set-up: the real site served on loopback, and Debian's Chromium driven by Playwright.

- The site is built once per session (the `real_site` fixture of tests/conftest.py) and served
  by `browsing.serve` on 127.0.0.1 (see tests/browser/browsing.py).
- Chromium is /usr/bin/chromium (Debian's package; `playwright install` cannot download here).
  A missing browser FAILS every browser test with a clear message: it is never a skip.
- `open_page` opens a page in a fresh context and records every request, failed request, HTTP
  error, console error and uncaught exception; requests to any other origin are recorded and
  aborted, so that no test ever reaches another server.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from browser.browsing import BrowserMissing, Record, Served, launch, new_context, serve, settle, watch


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test."""
    for item in items:
        if Path(item.fspath).resolve().parent == Path(__file__).resolve().parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def served(real_site: Path) -> Iterator[Served]:
    with serve(real_site) as served:
        yield served


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    try:
        browser = launch(playwright)
    except BrowserMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    yield browser
    browser.close()


@dataclass
class Opened:
    page: Page
    record: Record
    context: BrowserContext


@pytest.fixture
def open_page(browser: Browser, served: Served) -> Iterator:
    """open_page(path, width=..., scheme=...) -> Opened: the page loaded and settled, with its record.

    Contexts are closed at the end of the test.
    """
    contexts: list[BrowserContext] = []

    def _open(
        page_path: str, *, width: str = "desktop", scheme: str = "light", wait: Literal["commit", "domcontentloaded", "load", "networkidle"] = "networkidle", **options
    ) -> Opened:
        context = new_context(browser, width=width, scheme=scheme, **options)
        contexts.append(context)
        page = context.new_page()
        record = watch(context, page, served.origin)
        page.goto(served.url(page_path), wait_until=wait)
        settle(page)
        return Opened(page=page, record=record, context=context)

    yield _open
    for context in contexts:
        context.close()
