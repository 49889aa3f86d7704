"""What the report says of the follow-up, as the sources in facts.md tell it: the European
Parliament's resolution of 14 March 2019 and the EPCA's entry into force."""

from __future__ import annotations

from dossier.status import recommendation_status


def test_the_urgent_resolution_recommendation_is_implemented_by_the_resolution_of_14_march_2019(graph_and_pages):
    graph, _ = graph_and_pages
    rec = graph.get("recommendation", "urgent-ep-resolution")
    assert recommendation_status(rec) == "implemented"
    event = next(f for f in rec.follow_up if f.effect == "implements")
    assert event.date.iso() == "2019-03-14" and "P8_TA(2019)0203" in event.text
    assert graph.get("source", "ep-2019-03-14-resolution-p8-ta-2019-0203").reliability == "primary"
    assert "ep-2019-03-14-resolution-p8-ta-2019-0203" in event.sources


def test_the_epca_entry_into_force_is_a_follow_up_event(graph_and_pages):
    graph, _ = graph_and_pages
    rec = graph.get("recommendation", "conditions-in-agreements")
    event = next(f for f in rec.follow_up if f.date.iso() == "2020-03-01")
    assert event.effect == "related"
    assert not all(graph.get("source", s).weak for s in event.sources)


def test_the_follow_up_shows_the_resolution_of_14_march_2019_with_its_source(real_site):
    html = (real_site / "report" / "follow-up" / "index.html").read_text(encoding="utf-8")
    section = html[html.index('id="urgent-ep-resolution"'):html.index('id="what-became-of-the-people"')]
    assert "Status: implemented" in section
    item = next(li for li in section.split("<li>") if "14 March 2019" in li)
    assert "P8_TA(2019)0203" in item and 'href="#fn:ep-2019-03-14-resolution-p8-ta-2019-0203"' in item
    assert "europarl.europa.eu/doceo/document/TA-8-2019-0203" in html
