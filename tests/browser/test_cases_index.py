"""The cases index in the browser: a complete plain table without JavaScript; with it, each filter
narrows the rows and writes the URL, a reload restores the view, a live counter says how many
cases are shown, and every column sorts both ways.

The filters and sorting are the feature of issue 4 (another branch). These tests are written to
the contract of that issue, read generically from the page, so that they do not depend on the
markup its author chose:

- the table is the table of `.md-content` with the most body rows; it has one row per case page;
- a filter is a <select> (each non-empty option is a choice) or a checkbox or radio button inside
  `.md-content` (toggling it is a choice); the issue asks for four: status, article, region and
  the mission's contact;
- a row that is filtered out is not rendered (hidden, display: none);
- the counter is an element of `.md-content` with aria-live or role=status whose text holds the
  number of rows shown;
- a column sorts by clicking the <button> in its header cell (or the cell itself); the header cell
  then carries aria-sort="ascending" or "descending"; a cell whose text does not sort as text (a
  date, "Art. 256(1)") carries its sort key in a data-sort attribute (ISO date, number).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from browser.browsing import Served, new_context, settle
from browser.keyboard import walk

pytestmark = pytest.mark.browser

INDEX = "cases/"
FILTERS = "cases index that filters and sorts (issue 4)"

TABLE = """() => {
  const tables = [...document.querySelectorAll('.md-content table')];
  const table = tables.sort((a, b) => b.querySelectorAll('tbody tr').length - a.querySelectorAll('tbody tr').length)[0];
  if (!table) return null;
  table.setAttribute('data-test-table', '');
  return table.querySelectorAll('tbody tr').length;
}"""
SHOWN_ROWS = """() => [...document.querySelectorAll('[data-test-table] tbody tr')]
  .filter(tr => tr.checkVisibility() && tr.getBoundingClientRect().height > 0)
  .map(tr => tr.querySelector('a') ? tr.querySelector('a').getAttribute('href') : tr.textContent.trim())"""
CONTROLS = """() => {
  const out = [];
  document.querySelectorAll('.md-content select, .md-content input[type=checkbox], .md-content input[type=radio]')
    .forEach((el, i) => { el.setAttribute('data-test-filter', String(i)); out.push({index: i, tag: el.tagName.toLowerCase(), type: el.type, name: el.name || el.id || el.getAttribute('aria-label') || String(i),
      options: el.tagName === 'SELECT' ? [...el.options].map(o => o.value).filter(v => v !== '') : []}); });
  return out;
}"""
COUNTER = """() => {
  const el = document.querySelector('.md-content [aria-live], .md-content [role=status]');
  return el ? el.textContent.trim() : null;
}"""
STATE = """() => [...document.querySelectorAll('[data-test-filter]')].map(el => el.tagName === 'SELECT' ? el.value : el.checked)"""
SORT_KEYS = """index => [...document.querySelectorAll('[data-test-table] tbody tr')]
  .filter(tr => tr.checkVisibility())
  .map(tr => { const td = tr.children[index]; return td ? (td.getAttribute('data-sort') ?? td.textContent.trim()) : ''; })"""
ORDERED = """([keys, direction]) => {
  const cmp = (a, b) => a.localeCompare(b, undefined, {numeric: true, sensitivity: 'base'});
  for (let i = 1; i < keys.length; i++) {
    const c = cmp(keys[i - 1], keys[i]);
    if (direction === 'ascending' ? c > 0 : c < 0) return false;
  }
  return true;
}"""


def case_pages(served: Served) -> list[str]:
    return served.site.by_type().get("cases/*", [])


@pytest.fixture
def index_page(open_page) -> Page:
    """The cases index, loaded and settled, with its table (the context closes after the test)."""
    page = open_page(INDEX).page
    assert page.evaluate(TABLE), f"/{INDEX} has no table"
    return page


def open_index(page: Page, served: Served, query: str = "") -> int:
    page.goto(served.url(INDEX) + query, wait_until="networkidle")
    settle(page)
    rows = page.evaluate(TABLE)
    assert rows, f"/{INDEX} has no table"
    return rows


def test_without_javascript_the_index_is_a_complete_table(browser: Browser, served: Served) -> None:
    context = new_context(browser, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served.url(INDEX), wait_until="load")
        rows = page.evaluate(TABLE)
        shown = page.evaluate(SHOWN_ROWS)
    finally:
        context.close()
    cases = case_pages(served)
    assert rows == len(cases), f"the table has {rows} rows for {len(cases)} case pages"
    assert len(shown) == rows, f"without JavaScript only {len(shown)} of {rows} rows show"
    linked = sorted(href.strip("./").removeprefix("cases/") for href in shown)
    assert linked == sorted(c.removeprefix("cases/").strip("/") for c in cases), f"rows link {linked}"


def test_each_filter_narrows_the_rows_writes_the_url_and_survives_a_reload(browser: Browser, served: Served) -> None:
    context = new_context(browser)
    page = context.new_page()
    problems: list[str] = []
    try:
        total = open_index(page, served)
        controls = page.evaluate(CONTROLS)
        groups = {c["name"] for c in controls}
        assert len(groups) >= 4, (
            f"the issue asks for filters by status, article, region and contact; found {sorted(groups)}"
        )
        assert page.evaluate(COUNTER) is not None, "no live counter (aria-live or role=status) in the page"
        base_url = page.url
        for control in controls:
            choices = control["options"] if control["tag"] == "select" else ["toggle"]
            narrowed = False
            for choice in choices:
                open_index(page, served)
                page.evaluate(CONTROLS)
                locator = page.locator(f"[data-test-filter='{control['index']}']")
                if control["tag"] == "select":
                    locator.select_option(choice)
                else:
                    locator.evaluate("el => el.click()")  # the box may be drawn by its label
                label = f"filter {control['name']!r} = {choice!r}"
                shown = page.evaluate(SHOWN_ROWS)
                if not 0 < len(shown) <= total:
                    problems.append(f"{label} shows {len(shown)} of {total} rows")
                narrowed |= len(shown) < total
                counter = page.evaluate(COUNTER) or ""
                if str(len(shown)) not in counter.split() and str(len(shown)) not in counter:
                    problems.append(f"{label}: the counter says {counter!r} while {len(shown)} rows show")
                if page.url == base_url:
                    problems.append(f"{label} did not change the URL")
                    continue
                state = page.evaluate(STATE)
                page.reload(wait_until="networkidle")
                settle(page)
                page.evaluate(TABLE)
                page.evaluate(CONTROLS)
                if page.evaluate(SHOWN_ROWS) != shown or page.evaluate(STATE) != state:
                    problems.append(f"{label}: a reload of {page.url} does not restore the view")
            if not narrowed:
                problems.append(f"filter {control['name']!r}: no choice narrows the rows")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_every_column_sorts_both_ways(index_page: Page) -> None:
    page = index_page
    problems: list[str] = []
    headers = page.locator("[data-test-table] thead th")
    assert headers.count() >= 2, "the table has no header cells"
    for index in range(headers.count()):
        cell = headers.nth(index)
        name = cell.inner_text().strip()
        control = cell.locator("button")
        target = control.first if control.count() else cell
        seen = []
        for _ in range(2):
            target.click()
            direction = cell.get_attribute("aria-sort")
            if direction not in ("ascending", "descending"):
                problems.append(f"column {name!r}: after a click aria-sort is {direction!r}")
                break
            keys = page.evaluate(SORT_KEYS, index)
            if not page.evaluate(ORDERED, [keys, direction]):
                problems.append(f"column {name!r} {direction}: rows are out of order: {keys}")
            seen.append(direction)
        if len(seen) == 2 and seen[0] == seen[1]:
            problems.append(f"column {name!r}: a second click does not reverse the order")
    assert not problems, "\n".join(problems)


def test_the_keyboard_reaches_every_filter_and_sort_button(index_page: Page) -> None:
    page = index_page
    controls = page.evaluate(CONTROLS)
    assert controls, "the cases index has no filter"
    result = walk(page)
    reached = page.evaluate(
        """() => {
             const radios = new Set([...document.querySelectorAll('input[type=radio][data-kbd-reached]')].map(r => r.name));
             return [...document.querySelectorAll('[data-test-filter], [data-test-table] thead button')]
               .filter(el => !el.hasAttribute('data-kbd-reached') && !(el.type === 'radio' && radios.has(el.name)))
               .map(el => el.outerHTML.slice(0, 100));
           }"""
    )
    assert not result.problems(), "\n".join(result.problems())
    assert not reached, "not reached with Tab:\n" + "\n".join(reached)
