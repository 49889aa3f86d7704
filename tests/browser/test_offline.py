"""The offline copy opened from disk (file://) in Chromium: pages, pictures and search work, and no
request leaves the copy.

Every request of the browser is recorded; any that is not a file of the unzipped copy fails the
test (and is aborted, so that no test reaches another server).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from browser.browsing import new_context, settle
from browser.test_search import search

pytestmark = pytest.mark.browser

# one page of each kind, and those with pictures (the map, the charts) and downloads, in both editions
PAGES = [
    "index.html",
    "cases/index.html",
    "cases/ardak-ashim.html",
    "people/index.html",
    "report/index.html",
    "report/print.html",
    "map.html",
    "data.html",
    "about/check-a-copy.html",
    "ru/index.html",  # the Russian edition, in ru/ of the same copy
    "ru/cases/ardak-ashim.html",
    "ru/map.html",
]


@pytest.fixture(scope="module")
def unzipped(offline_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_copy) as zf:
        zf.extractall(dest)
    return next(dest.iterdir())


class Requests:
    """Every request of a browser context, and the failures, sorted into the copy's own and the rest."""

    def __init__(self, root: Path) -> None:
        self.own = root.as_uri() + "/"
        self.all: list[str] = []
        self.foreign: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []

    def route(self, r) -> None:
        url = r.request.url
        if url.startswith((self.own, "data:", "blob:", "about:")):
            r.continue_()
        else:
            self.foreign.append(url)
            r.abort("blockedbyclient")

    def failure(self, request) -> None:
        # Material reads its edition's sitemap with XMLHttpRequest, which a browser refuses from file://:
        # it then goes on without it (it serves instant loading, which this site does not use)
        if request.url not in (self.own + "sitemap.xml", self.own + "ru/sitemap.xml") and request.url not in self.foreign:
            self.failed.append(f"{request.url} ({request.failure})")


@pytest.fixture
def opened(browser: Browser, unzipped: Path) -> Iterator:
    contexts = []

    def _open(path: str) -> tuple[Page, Requests]:
        context = new_context(browser)
        contexts.append(context)
        requests = Requests(unzipped)
        context.route("**/*", requests.route)
        context.on("request", lambda req: requests.all.append(req.url))
        context.on("requestfailed", requests.failure)
        page = context.new_page()
        page.on("pageerror", lambda exc: requests.errors.append(str(exc)))
        page.goto((unzipped / path).as_uri(), wait_until="load")
        settle(page)
        return page, requests

    yield _open
    for context in contexts:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_a_page_opens_from_disk_with_no_request_to_the_network(opened, path: str) -> None:
    page, requests = opened(path)
    page.wait_for_load_state("networkidle")
    assert requests.all, "no request was recorded"
    assert not requests.foreign, f"{path}: requests that leave the copy: {requests.foreign}"
    assert not requests.failed, f"{path}: failed requests: {requests.failed}"
    assert not requests.errors, f"{path}: script errors: {requests.errors}"
    broken = page.locator("img").evaluate_all("imgs => imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
    assert not broken, f"{path}: pictures that did not load: {broken}"
    assert page.locator("h1").first.inner_text().strip()


def test_search_works_from_disk(opened, unzipped: Path) -> None:
    page, requests = opened("index.html")
    found = search(page, "Ashim")
    assert found, "the search found nothing"
    assert found[0].split("?")[0] == (unzipped / "cases" / "ardak-ashim.html").as_uri()
    assert any(url.endswith("/search/search_index.js") for url in requests.all), "the search index was not read from the copy"
    assert any(url.endswith("/assets/javascripts/iframe-worker.js") for url in requests.all)
    assert not requests.foreign, f"requests that leave the copy: {requests.foreign}"
    assert not requests.errors, requests.errors


def test_russian_search_finds_a_word_by_its_stem_from_disk(opened, unzipped: Path) -> None:
    """The wrapper around Material's worker (search-stems.js) works inside the iframe-worker shim
    too: "приговорами" is in no text of the copy, but "приговор" is."""
    index = (unzipped / "ru" / "search" / "search_index.js").read_text(encoding="utf-8")
    assert "приговорами" not in index and "приговор" in index
    page, requests = opened("ru/index.html")
    found = search(page, "приговорами")
    assert found, "the search found nothing"
    # the shim loads a worker with "?<time>" after its name
    assert any(url.split("?")[0].endswith("/ru/assets/javascripts/workers/search-stems.js") for url in requests.all)
    assert not requests.foreign, f"requests that leave the copy: {requests.foreign}"
    assert not requests.errors, requests.errors


def test_a_link_leads_to_the_next_page_from_disk(opened, unzipped: Path) -> None:
    page, requests = opened("cases/index.html")
    page.locator("article a[href$='ardak-ashim.html']").first.click()
    page.wait_for_load_state("load")
    assert page.url == (unzipped / "cases" / "ardak-ashim.html").as_uri()
    assert "Ardak Ashim" in page.locator("h1").first.inner_text()
    assert not requests.foreign and not requests.failed
