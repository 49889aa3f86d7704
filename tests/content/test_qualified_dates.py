"""The real records state how sure their dates are in structured fields, and the hand-written
pages do not give a bare date for a source whose date is implied."""

from __future__ import annotations

import re

from common import DOCS
from dossier.graph import Graph
from dossier.model import Case, Source, When
from dossier.model_values import MONTHS

FOOTNOTE = re.compile(r"^\[\^[^\]]+\]:(?P<text>.*?)\[\[source:(?P<id>[a-z0-9-]+)", re.MULTILINE)
#: a note that dates its source: "The Times of Central Asia, April 2018." (its last part a bare date)
DATED = re.compile(r",\s*(?:\d{1,2}\s+)?(?:(?:" + "|".join(MONTHS) + r")\s+)?\d{4}\.\s*$")


def test_abishevs_death_and_azattyqs_report_carry_their_labels(real_graph: Graph) -> None:
    died = real_graph.get(Case, "kenzhebek-abishev").timeline[-1]
    assert died.kind == "died" and died.date.human() == "17 January 2022 (year inferred)"
    funeral = real_graph.get(Source, "azattyq-2018-09-18-dzhakishev-mother-funeral")
    assert isinstance(funeral.date, When) and funeral.date.human() == "18 September 2018 (year implied)"


def test_a_source_whose_note_says_its_year_is_implied_has_a_qualified_date(real_graph: Graph) -> None:
    """A dated source whose note says the page shows no year must say so in 'date_certainty'."""
    for src in real_graph.all(Source):
        note = src.date_note or ""
        if isinstance(src.date, When) and re.search(r"without a year|year \d{4} is implied|shows \d+ \w+;", note):
            assert src.date.qualifier == "year implied", src.id


def test_handwritten_notes_do_not_give_an_implied_date_as_a_fact(real_graph: Graph) -> None:
    """A footnote written by hand that cites an undated source, or one whose date is implied,
    does not end on a bare date as if the page showed it ('April 2018 (date implied)' does not)."""
    bad = []
    for page in DOCS.rglob("*.md"):
        for m in FOOTNOTE.finditer(page.read_text(encoding="utf-8")):
            src = real_graph.get(Source, m["id"])
            implied = not isinstance(src.date, When) or bool(src.date.qualifier)  # 'undated' or qualified
            if implied and DATED.search(m["text"]):
                bad.append(f"{page.relative_to(DOCS)}: {m.group(0)}")
    assert not bad, bad


def test_custody_dates_carry_the_label_of_their_timeline_event(real_graph: Graph) -> None:
    dzhakishev = real_graph.get(Case, "mukhtar-dzhakishev")
    semey = next(c for c in dzhakishev.custody if c.place == "colony-ov-156-14-semey")
    assert semey.start is not None and semey.start.human() == "17 July 2018 (year inferred)"
