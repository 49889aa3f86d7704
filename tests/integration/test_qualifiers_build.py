"""Qualifiers travel with their values: in the built site, its PDF and its exports, every date
that is inferred, implied or approximate is shown with its label.

The values are taken from the real records (every date whose type carries a qualifier); the
site is the real one, built once per session (conftest.real_site).
"""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from dossier import i18n
from dossier.graph import Graph
from dossier.model import Case, Court, Custody, Mission, Source, When
from dossier.refs import sub_refs
from dossier.status import status_at
from dossier.templating import certainty_word

#: how far after a date its label may stand: "17 January 2022 (year inferred)", or a range
#: "14–17 April 2018 (approximate)"; a closing bracket or a footnote number may come between
NEAR = 40
LABEL = re.compile(r"\((?:year |month |date )?(?:inferred|implied)\)|\(approximate\)|\(sources differ\)|\(disputed\)")


def qualified_dates(graph: Graph) -> dict[str, When]:
    """Every date in the records whose words are inferred or implied, at day precision, by its
    words. A bare year or month ('2012') stands in too many unrelated sentences to be looked for;
    an approximate date or one on which sources differ is a day the sources do state (the day of a
    court's decision, one account's date), so the same words may rightly stand bare elsewhere."""
    found: list[When] = []
    for case in graph.cases:
        found += [e.date for e in case.timeline]
    for mission in graph.all(Mission):
        found += [mission.start, mission.end] + [m.date for m in mission.meetings if m.date]
    found += [s.date for s in graph.all(Source) if isinstance(s.date, When)]
    return {
        w.calendar(): w
        for w in found
        if w.qualifier and w.qualifier.endswith(("inferred", "implied")) and w.precision == "day"
    }


def unlabelled(text: str, dates: dict[str, When]) -> list[str]:
    """The places in a text where one of the dates stands without a label right after it."""
    text = " ".join(text.split())
    bad = []
    for words in dates:
        for m in re.finditer(r"(?<![\d–-])" + re.escape(words) + r"(?!\d)", text):
            if not LABEL.search(text[m.end() : m.end() + NEAR]):
                bad.append(text[max(0, m.start() - 60) : m.end() + NEAR])
    return bad


def article(page: Path) -> str:
    m = re.search(r"<article\b.*?</article>", page.read_text(encoding="utf-8"), re.DOTALL)
    return m.group(0) if m else ""


def article_text(page: Path, *, pictures: bool = True) -> str:
    markup = article(page) if pictures else re.sub(r"<svg\b.*?</svg>", " ", article(page), flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def abbreviated(dates: dict[str, When]) -> dict[str, When]:
    """The same dates as the pictures and the map's lists write them: '17 Jan 2022'."""
    return {f"{w.day} {w.calendar().split()[1][:3]} {w.year}": w for w in dates.values()}


@pytest.fixture(scope="module")
def dates(real_graph: Graph) -> dict[str, When]:
    found = qualified_dates(real_graph)
    # the records hold such dates (Abishev's death, Azattyq's report of 18 September); none gone unseen
    assert {"17 January 2022", "18 September 2018", "28 November 2017"} <= set(found), sorted(found)
    return found


def test_every_page_shows_a_qualified_date_with_its_label(real_site: Path, dates: dict[str, When]) -> None:
    bad, seen = {}, 0
    short = abbreviated(dates)
    for page in sorted(real_site.rglob("*.html")):
        text = article_text(page)
        seen += sum(text.count(d) for d in dates)
        # a timeline's date column is too narrow for the label: there the mark is hollow instead
        found = unlabelled(text, dates) + unlabelled(article_text(page, pictures=False), short)
        for event in re.findall(r'<g class="event">.*?</g>', article(page), re.DOTALL):
            date = re.search(r"<text[^>]*>([^<]*)</text>", event)
            if date and date.group(1) in short and "hollow" not in event:
                found.append(f"a timeline mark of {date.group(1)} that is not hollow")
        if found:
            bad[page.relative_to(real_site).as_posix()] = found
    assert seen > 20, "the qualified dates are shown on the case pages, the indexes and the report"
    assert not bad, bad


#: the labels as the Russian edition writes them ("(год установлен косвенно)", "(дата следует из источников)")
LABEL_RU = re.compile(r"\((?:[^()]{0,12} )?(?:установлен[аоы]? косвенно|следует из источников)\)")


def russian(dates: dict[str, When]) -> dict[str, When]:
    """The same dates as the Russian edition writes them: '17 января 2022 г.'."""
    try:
        i18n.use("ru")
        return {" ".join(w.calendar().split()): w for w in dates.values()}
    finally:
        i18n.use(i18n.DEFAULT)


def unlabelled_ru(text: str, dates: dict[str, When]) -> tuple[int, list[str]]:
    """How often the dates stand in a Russian text, and where one stands without its label."""
    text = " ".join(text.split())
    seen, bad = 0, []
    for words in russian(dates):
        for m in re.finditer(r"(?<![\d–-])" + re.escape(words), text):
            seen += 1
            if not LABEL_RU.search(text[m.end() : m.end() + NEAR + 10]):
                bad.append(text[max(0, m.start() - 60) : m.end() + NEAR])
    return seen, bad


def test_every_russian_page_shows_a_qualified_date_with_its_label(real_site: Path, dates: dict[str, When]) -> None:
    assert "17 января 2022 г." in russian(dates)
    bad, seen = {}, 0
    for page in sorted((real_site / "ru").rglob("*.html")):
        n, found = unlabelled_ru(article_text(page), dates)
        seen += n
        if found:
            bad[page.relative_to(real_site).as_posix()] = found
    assert seen > 20, "the qualified dates are shown on the Russian case pages, the indexes and the report"
    assert not bad, bad


def test_the_russian_pdf_shows_a_qualified_date_with_its_label(real_site: Path, dates: dict[str, When]) -> None:
    (pdf,) = (real_site / "ru").glob("report/*.pdf")
    seen, bad = unlabelled_ru(" ".join(page.extract_text() for page in PdfReader(pdf).pages), dates)
    assert seen > 0, "Abishev's death (17 января 2022 г.) is in the report"
    assert not bad, bad


def test_the_pdf_shows_a_qualified_date_with_its_label(real_site: Path, dates: dict[str, When]) -> None:
    (pdf,) = real_site.glob("report/*.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "17 January 2022" in " ".join(text.split())
    assert not unlabelled(text, dates)


def _csv(real_site: Path, name: str) -> list[dict[str, str]]:
    with (real_site / "data" / f"{name}.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_the_csv_tables_put_the_label_next_to_the_date(real_site: Path, real_graph: Graph) -> None:
    events = {(r["case"], int(r["n"])): r for r in _csv(real_site, "events")}
    labelled = 0
    for case in real_graph.cases:
        for n, e in enumerate(case.timeline, 1):
            row = events[(case.id, n)]
            assert (row["date"], row["date_qualifier"]) == (e.date.iso(), e.date.qualifier or ""), (case.id, n)
            labelled += bool(e.date.qualifier)
    assert labelled >= 5
    for row in _csv(real_site, "sources"):
        src = real_graph.get(Source, row["id"])
        assert row["date_qualifier"] == (getattr(src.date, "qualifier", None) or ""), row["id"]
    cases = {r["id"]: r for r in _csv(real_site, "cases")}
    for case in real_graph.cases:
        since = status_at(case).since
        assert cases[case.id]["status_now_since_qualifier"] == (since.qualifier or "" if since else "")
        assert cases[case.id]["as_of_qualifier"] == (case.timeline[-1].date.qualifier or "")
    assert cases["kenzhebek-abishev"]["status_now_since_qualifier"] == "year inferred"


def test_the_json_files_put_the_label_next_to_the_date(real_site: Path, real_graph: Graph) -> None:
    for case in real_graph.cases:
        derived = json.loads((real_site / "data" / "cases" / f"{case.id}.json").read_text(encoding="utf-8"))["derived"]
        since = status_at(case).since
        assert derived["status_now_since_qualifier"] == (since.qualifier if since else None), case.id
        assert derived["as_of_qualifier"] == case.timeline[-1].date.qualifier, case.id
        for at in derived["status_at_mission"]:
            assert ("since_qualifier" in at) and (at["since_qualifier"] is None or at["since"]), case.id
    abishev = json.loads((real_site / "data" / "cases" / "kenzhebek-abishev.json").read_text(encoding="utf-8"))
    died = abishev["record"]["timeline"][-1]
    assert (died["date"], died["certainty"], died["certainty_of"]) == ("2022-01-17", "inferred", "year")
    assert abishev["derived"]["status_now_since_qualifier"] == "year inferred"


def _mark(item: Any) -> str:
    """The quiet uncertainty mark of an item as a page shows it: the word, with its explanation
    (the item's note, references as their words) one tap away in its title; the note's start."""
    note = " ".join(sub_refs(str(item.note or ""), lambda ref: ref.text or ref.id).split())
    label = certainty_word(str(item.certainty))
    return f'class="uncertain" tabindex="0" title="{label.capitalize()}: {html.escape(note[:40], quote=True)}'


@pytest.mark.parametrize("edition", ["", "ru"])
def test_the_map_marks_every_place_and_event_that_is_not_certain(real_site: Path, real_graph: Graph, edition: str) -> None:
    """The mission's meetings, the cases' events, and the places the cases were held or tried
    (Almaty implied by the trial there): each uncertain one carries its mark on the map page,
    in both editions (the Russian mark's title is translated, so only its presence is counted)."""
    page = " ".join((real_site / edition / "map" / "index.html").read_text(encoding="utf-8").split())
    meetings = [m for mission in real_graph.all(Mission) for m in mission.meetings if m.certainty_of == "place"]
    assert meetings, "the 16 April 2018 meeting's place, Almaty, is inferred"
    cases = real_graph.all(Case)
    held: list[Custody | Court] = [c for case in cases for c in case.custody]
    places = [c for c in held + [c for case in cases for c in case.courts] if c.certainty]
    assert places, "Abishev's and Zhumagulov's pre-trial detention in Almaty is inferred"
    events = [e for case in cases for e in case.timeline if e.certainty and e.places]
    items = [*meetings, *places, *events]
    if edition:
        assert page.count('class="uncertain"') >= len(items)
        return
    for item in items:
        assert _mark(item) in page, item
