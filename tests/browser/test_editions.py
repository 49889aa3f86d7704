"""The two editions in Chromium: the language switch leads to the same page in the other language
with Material's own script running, without a failed request; Russian search finds Russian words
by their beginning and by their stem, and finds a person by either spelling of the name.

The fixture site's two editions (tests/common.py, build_editions), served below its site_url's path.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from browser.browsing import Served, new_context, serve, watch
from browser.test_search import page_path, search
from common import build_editions

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served_editions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(build_editions(tmp_path_factory.mktemp("editions") / "mini")) as served:
        yield served


@pytest.fixture
def page(browser: Browser, served_editions: Served) -> Iterator[Page]:
    context = new_context(browser)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    ("start", "lang", "lands"),
    [
        ("cases/pat-prisoner/", "ru", "ru/cases/pat-prisoner/"),  # a generated page
        ("ru/cases/pat-prisoner/", "en", "cases/pat-prisoner/"),
        ("ru/", "en", ""),  # a handwritten page, translated
        ("places/", "ru", "ru/places/"),
    ],
)
def test_the_switch_keeps_the_reader_on_the_same_page(
    page: Page, served_editions: Served, start: str, lang: str, lands: str
) -> None:
    record = watch(page.context, page, served_editions.origin)
    page.goto(served_editions.url(start), wait_until="networkidle")
    page.locator(".md-header__option .md-select").hover()
    page.locator(f"a.md-select__link[hreflang={lang}]").click()
    page.wait_for_load_state("networkidle")
    assert served_editions.page_of(page.url) == lands
    assert page.locator("html").get_attribute("lang") == lang
    assert record.problems() == []  # no sitemap fetched where there is none, nothing from elsewhere


def test_russian_search_finds_a_russian_word_from_its_beginning(page: Page, served_editions: Served) -> None:
    page.goto(served_editions.url("ru/"), wait_until="networkidle")
    # the summary says "приговорён" and "задержанный"
    for query in ("приговор", "задержан", "задержанный"):
        found = [page_path(served_editions, r) for r in search(page, query)]
        assert "ru/cases/pat-prisoner/" in found, (query, found)


def test_russian_search_finds_other_forms_of_a_russian_word(page: Page, served_editions: Served) -> None:
    """Other grammatical forms than the text's find it, by their shared stem
    (overrides/assets/javascripts/workers/search-stems.js); Material alone finds only a word's beginning."""
    index = (served_editions.site.root / "ru" / "search" / "search_index.json").read_text(encoding="utf-8")
    page.goto(served_editions.url("ru/"), wait_until="networkidle")
    # the summary says "приговорён" and "задержанный"
    for query in ("приговора", "задержанного", "задержанные"):
        assert query not in index  # so that only the stem can find it
        found = [page_path(served_editions, r) for r in search(page, query)]
        assert "ru/cases/pat-prisoner/" in found, (query, found)


def test_the_english_search_has_no_russian_text_to_find(page: Page, served_editions: Served) -> None:
    page.goto(served_editions.url(""), wait_until="networkidle")
    assert search(page, "приговор") == []


@pytest.mark.parametrize("edition", ["", "ru/"])
@pytest.mark.parametrize("name", ["Пат Пленник", "Pat Prisoner", "Пленник", "Plennik"])
def test_either_spelling_of_a_name_finds_the_person_first(
    page: Page, served_editions: Served, edition: str, name: str
) -> None:
    page.goto(served_editions.url(edition), wait_until="networkidle")
    found = [page_path(served_editions, r) for r in search(page, name)]
    assert found[:1] == [f"{edition}cases/pat-prisoner/"], found


def test_the_russian_case_page_is_titled_with_the_sourced_cyrillic_name(served_editions: Served) -> None:
    html = (served_editions.site.root / "ru" / "cases" / "pat-prisoner" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in html and "Пат Пленник" in html[html.index("<h1"):html.index("</h1>")]
