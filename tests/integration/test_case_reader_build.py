"""The case pages as a reader sees them, over the built site: a dated status and the sentence
before the first section, old statuses labelled "last known" and never counted as current,
one footnote marker per sentence, no developer words, and a short "Mentioned on"."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest

from builtsite import load
from common import ROOT
from dossier.build import Settings, check
from dossier.chart import build_day
from dossier.model import Case
from dossier.status import status_at, years_before

GRAPH, _ = check(Settings.for_root(ROOT))
AGE = Settings.from_config_file(ROOT / "mkdocs.yml").status_age_years
CASES = [c.id for c in GRAPH.cases]
#: event kinds as the data name them: a reader page shows what happened, never these names
KINDS = sorted({e.kind for c in GRAPH.cases for e in c.timeline})


def article(site: Path, path: str) -> str:
    page = (site / path / "index.html").read_text(encoding="utf-8")
    return page[page.index("<article"):page.index("</article>")]


def words(html: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def old(case: Case) -> bool:
    """The newest event is older than the age limit on the day the site was built."""
    return case.timeline[-1].date.last_day < years_before(build_day(), AGE)


@pytest.mark.parametrize("case_id", CASES)
def test_a_case_page_shows_a_dated_status_and_the_sentence_before_its_first_section(
    real_site: Path, case_id: str
) -> None:
    case = GRAPH.get(Case, case_id)
    body = article(real_site, f"cases/{case_id}")
    top = words(body[: body.index("<h2")])
    now = status_at(case)
    newest = case.timeline[-1].date.human()
    assert f"{now.label} " in top and f"(as of {newest})" in top, top[:400]
    assert ("Last known:" in top) == (old(case) and now.key != "deceased")
    sentences = [e for e in case.timeline if e.kind == "sentenced"]
    assert "Sentence" in top
    for e in sentences:
        assert f"{e.date.human()}:" in top
    if not sentences:
        assert "Sentence None known from the sources." in top
    assert "Charges" in top and "Time in custody" in top and "The mission's contact" in top


def test_the_home_counter_never_counts_a_last_known_status_as_current(real_site: Path) -> None:
    # the words of the home page's text and tables (the status chart's bars are the pictures' own)
    home = words(re.sub(r"<svg.*?</svg>", " ", article(real_site, ""), flags=re.DOTALL))
    current = [c for c in GRAPH.cases if status_at(c).in_custody and not old(c)]
    m = re.search(r"(\d+) of (\d+) are known to be in custody now: ([^(]*)\(", home)
    assert m, "the counter of cases in custody now"
    assert (int(m.group(1)), int(m.group(2))) == (len(current), len(GRAPH.cases))
    stale_open = [c for c in GRAPH.cases if old(c) and status_at(c).key not in ("released", "sentence-completed", "deceased")]
    for year in {c.timeline[-1].date.year for c in stale_open}:
        n = sum(c.timeline[-1].date.year == year for c in stale_open)
        assert f"{n} last known in {year}" in m.group(3)
    # Ardak Ashim's "On trial, at liberty" of May 2018 is shown as last known wherever the home page lists it
    for case in stale_open:
        label = status_at(case).label
        assert f"Last known: {label}" in home and home.count(label) == home.count(f"Last known: {label}"), label


def test_the_home_status_chart_shows_an_old_open_status_as_last_known_not_as_current(real_site: Path) -> None:
    """The chart's bars of newest statuses, both drawings: an open status older than the age limit is
    its own bar, 'Last known in 2018: On trial, at liberty', and no bar counts it with current ones."""
    home = article(real_site, "")
    stale_open = [c for c in GRAPH.cases if old(c) and status_at(c).key not in ("released", "sentence-completed", "deceased")]
    for fid in ("statuses-kazakhstan-2018", "statuses-kazakhstan-2018-narrow"):
        svg = re.search(rf'<figure[^>]*id="{fid}".*?</figure>', home, re.DOTALL)
        assert svg, fid
        texts = [htmllib.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg.group(0))]
        newest = texts[next(i for i, t in enumerate(texts) if t.startswith("Newest known status")):]
        for case in stale_open:
            label, year = status_at(case).label, case.timeline[-1].date.year
            assert f"Last known in {year}: {label}" in newest, (fid, newest)
            assert label not in newest, (fid, label)  # never a bar of its own as if it were current


def test_no_two_footnote_markers_stand_side_by_side(real_site: Path) -> None:
    site = load(real_site)
    side_by_side = {}
    for page in site.pages():
        if not page.endswith("/") and page != "":
            continue
        text = site.file(page).read_text(encoding="utf-8")
        if "<article" not in text:
            continue
        body = text[text.index("<article"):text.index("</article>")]
        found = re.findall(r'</sup>\s*<sup id="fnref', body)
        if found:
            side_by_side[page] = len(found)
    assert not side_by_side, side_by_side


DEVELOPER_WORDS = re.compile(r"\b(records?|JSON|YAML|ids?|generated|GeoNames)\b", re.IGNORECASE)


@pytest.mark.parametrize("case_id", CASES)
def test_a_case_page_speaks_the_readers_language(real_site: Path, case_id: str) -> None:
    body = article(real_site, f"cases/{case_id}")
    body = body[: body.find('<div class="footnote">')]  # the sources' own titles are theirs
    text = words(body)
    assert not DEVELOPER_WORDS.findall(text), DEVELOPER_WORDS.findall(text)
    for kind in KINDS:
        assert f"<em>{kind.replace('-', ' ')}</em>" not in body, kind
        assert "-" not in kind or kind not in text, kind


@pytest.mark.parametrize("case_id", CASES)
def test_mentioned_on_is_short_and_leaves_out_home_and_indexes(real_site: Path, case_id: str) -> None:
    body = article(real_site, f"cases/{case_id}")
    start = body.index('id="mentioned-on"')
    section = body[start:body.index("<h2", start + 1)]
    links = re.findall(r'<a href="([^"]+)">([^<]*)</a>', section)
    assert 0 < len(links) <= 6, links
    assert not [t for _href, t in links if t in ("Home", "Cases", "People", "Places", "Map", "Sources")]
    assert all(not href.rstrip("/").endswith(("..", "../..")) for href, _ in links), links
    assert "In the report:" in words(section)
    assert links[0][0].endswith(f"report/cases/{case_id}/"), "the case's own chapter comes first"
