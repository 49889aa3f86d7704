"""The pictures: drawn from the records, changed by the records, readable without the picture.

Golden SVGs of the fixture dataset live in tests/golden/; `UPDATE_GOLDEN=1 make test-unit` rewrites
them after a deliberate change (review the diff before committing).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re

import pytest

from common import FIXTURE, GOLDEN, ROOT
from dossier import geo
from dossier.build import Settings, check
from dossier.graph import Graph
from dossier.model import Case, Mission, Place
from dossier.pictures import Pictures

TODAY = dt.date(2026, 1, 1)


def fixture_pictures() -> Pictures:
    graph, _ = check(Settings.for_root(FIXTURE))
    return Pictures(graph, TODAY)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1 to write it"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file; UPDATE_GOLDEN=1 rewrites it"


# --------------------------------------------------------------------------- golden SVGs


@pytest.mark.parametrize(
    "name, draw",
    [
        ("timeline-pat-prisoner.svg", lambda p: p.case_timeline(p.graph.get("case", "pat-prisoner"))),
        ("cases-axis.svg", lambda p: p.cases_axis()),
        ("statuses-fixture-mission.svg", lambda p: p.status_chart(p.graph.get("mission", "fixture-mission"))),
        ("custody-years.svg", lambda p: p.years_chart()),
        ("map.svg", lambda p: p.map()),
    ],
)
def test_svg_of_the_fixture_matches_its_golden_file(name, draw):
    golden(name, draw(fixture_pictures()).svg + "\n")


def test_every_picture_has_a_title_a_description_and_no_outside_address():
    p = fixture_pictures()
    case, mission = p.graph.get("case", "pat-prisoner"), p.graph.get("mission", "fixture-mission")
    assert isinstance(case, Case) and isinstance(mission, Mission)
    for fig in (p.case_timeline(case), p.cases_axis(), p.years_chart(), p.map(), p.status_chart(mission)):
        assert f'role="img" aria-labelledby="{fig.id}-title {fig.id}-desc"' in fig.svg
        assert f'<title id="{fig.id}-title">' in fig.svg and f'<desc id="{fig.id}-desc">' in fig.svg
        assert "<figcaption>" in fig.svg
        addresses = set(re.findall(r"(?:https?:)?//[^\s\"'<>)]+", fig.svg))
        assert addresses <= {"http://www.w3.org/2000/svg"}, addresses  # the namespace is a name, never fetched
        assert not re.search(r"\b(?:href|src)=", fig.svg.replace('fill="url(#', "")), "a picture links or loads something"


def test_text_from_the_data_is_escaped_in_the_svg():
    p = fixture_pictures()
    person = p.graph.get("person", "pat-prisoner")
    p.graph.records["person"]["pat-prisoner"] = person.model_copy(update={"name": "Pat <script>&"})
    svg = p.cases_axis().svg
    assert "Pat &lt;script&gt;&amp;" in svg and "<script>" not in svg


def test_every_real_coordinate_is_its_gazetteer_row():
    graph, _ = check(Settings.for_root(ROOT))
    placed = [p for p in graph.all("place") if isinstance(p, Place) and p.lat is not None]
    assert placed
    for place in placed:
        assert place.coordinates_source is not None, place.id
        row = geo.gazetteer()[place.coordinates_source]
        assert (place.lat, place.lon) == (row.lat, row.lon)


def test_the_vendored_outline_is_world_atlas_unchanged_and_decodes_to_kazakhstan():
    readme = (geo.OUTLINES.parent / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256(geo.OUTLINES.read_bytes()).hexdigest()
    assert digest in readme
    rings = geo.outline()
    points = [p for r in rings for p in r]
    assert len(points) > 500
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    assert 46 < min(lons) < 47.5 and 87 < max(lons) < 88 and 40 < min(lats) < 41 and 55 < max(lats) < 56
    assert all(r[0] == pytest.approx(r[-1]) for r in rings)  # every ring closes


def test_pictures_depend_on_the_build_day_only_while_a_period_is_open():
    graph, _ = check(Settings.for_root(FIXTURE))
    early, late = Pictures(graph, dt.date(2025, 1, 1)), Pictures(graph, dt.date(2031, 6, 30))
    case = graph.get("case", "pat-prisoner")
    assert isinstance(case, Case)
    for draw in (lambda p: p.case_timeline(case), lambda p: p.cases_axis(), lambda p: p.years_chart()):
        assert draw(early).svg == draw(late).svg
    open_case = case.model_copy(update={"timeline": case.timeline[:-1]})  # without its release
    records = {kind: dict(by_id) for kind, by_id in graph.records.items()}
    records["case"]["pat-prisoner"] = open_case
    graph = Graph(records, graph.origins)  # a graph indexes its records once
    assert Pictures(graph, dt.date(2025, 1, 1)).cases_axis().svg != Pictures(graph, dt.date(2031, 6, 30)).cases_axis().svg
