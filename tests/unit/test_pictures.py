"""The pictures: drawn from the records, changed by the records, readable without the picture.

Golden SVGs of the fixture dataset live in tests/golden/; `UPDATE_GOLDEN=1 make test-unit` rewrites
them after a deliberate change (review the diff before committing).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
import xml.etree.ElementTree as ET

import pytest

from common import FIXTURE, GOLDEN, ROOT
from dossier import geo, i18n
from dossier.build import Settings, check
from dossier.chart import NARROW, WIDTH, text_width
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
        ("timeline-pat-prisoner-narrow.svg", lambda p: p.case_timeline(p.graph.get("case", "pat-prisoner"), NARROW)),
        ("cases-axis-narrow.svg", lambda p: p.cases_axis(NARROW)),
        ("statuses-fixture-mission-narrow.svg",
         lambda p: p.status_chart(p.graph.get("mission", "fixture-mission"), NARROW)),
        ("custody-years-narrow.svg", lambda p: p.years_chart(NARROW)),
        ("map-narrow.svg", lambda p: p.map(NARROW)),
    ],
)
def test_svg_of_the_fixture_matches_its_golden_file(name, draw):
    golden(name, draw(fixture_pictures()).svg + "\n")


def test_every_picture_has_a_title_a_description_and_no_outside_address():
    p = fixture_pictures()
    case, mission = p.graph.get("case", "pat-prisoner"), p.graph.get("mission", "fixture-mission")
    assert isinstance(case, Case) and isinstance(mission, Mission)
    for width in (WIDTH, NARROW):
        for fig in (p.case_timeline(case, width), p.cases_axis(width), p.years_chart(width), p.map(width),
                    p.status_chart(mission, width)):
            assert f'<figure class="dossier-figure dossier-{"wide" if width == WIDTH else "narrow"}"' in fig.svg
            assert f'viewBox="0 0 {width} ' in fig.svg
            _has_a_text_alternative_and_no_address(fig)


def _has_a_text_alternative_and_no_address(fig) -> None:
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


# --------------------------------------------------------------------------- the narrow pictures, for phones

SVG = "{http://www.w3.org/2000/svg}"


@functools.cache
def real_pictures() -> Pictures:
    graph, _ = check(Settings.for_root(ROOT))
    return Pictures(graph, TODAY)


def narrow_figures(p: Pictures) -> list:
    cases = [c for c in p.graph.cases]
    return ([p.case_timeline(c, NARROW) for c in cases] + [p.cases_axis(NARROW), p.years_chart(NARROW), p.map(NARROW)]
            + [p.status_chart(m, NARROW) for m in p.graph.missions])


def text_extents(fig) -> list[tuple[str, float, float, float]]:
    """(text, left, right, font size) of every <text> of a figure, its width estimated as the layout does."""
    root = ET.fromstring(fig.svg.split("\n", 1)[1].rsplit("<figcaption>", 1)[0])  # the <svg> inside <figure>
    base = float(root.get("font-size", "12"))
    out = []
    for t in root.iter(f"{SVG}text"):
        words, size = "".join(t.itertext()), float(t.get("font-size", base))
        x, w = float(t.get("x", 0)), text_width("".join(t.itertext()), size)
        anchor = t.get("text-anchor", "start")
        left = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
        out.append((words, left, left + w, size))
    return out


@pytest.mark.parametrize("source", ["fixture", "real"])
def test_every_narrow_picture_keeps_its_text_inside_its_width_and_at_11_units_or_more(source):
    """Drawn 320 units wide and shown 288 px wide on a 320 px phone, 11 units are 9.9 px."""
    p = fixture_pictures() if source == "fixture" else real_pictures()
    for fig in narrow_figures(p):
        assert fig.width == NARROW and fig.variant == "narrow" and fig.id.endswith("-narrow")
        texts = text_extents(fig)
        assert texts or fig.data.get("points") == [], fig.id  # only the fixture's map, with no point, has none
        for words, left, right, size in texts:
            assert size >= 11, (fig.id, words, size)
            assert left >= -0.5 and right <= NARROW + 0.5, (fig.id, words, left, right)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_wide_picture_keeps_its_text_inside_its_width_in_each_edition(language):
    """A label longer in translation widens its column instead of running off the picture's edge,
    where the browser cuts it (the Russian status chart did at 1,280 px)."""
    i18n.use(language)
    try:
        p = real_pictures()
        figures = ([p.case_timeline(c) for c in p.graph.cases] + [p.cases_axis(), p.years_chart(), p.map()]
                   + [p.status_chart(m) for m in p.graph.missions])
        for fig in figures:
            assert fig.width == WIDTH, fig.id
            for words, left, right, _ in text_extents(fig):
                assert left >= -0.5 and right <= WIDTH + 0.5, (language, fig.id, words, left, right)
    finally:
        i18n.use(i18n.DEFAULT)


def test_the_narrow_timeline_has_one_row_per_event_in_the_order_of_the_list():
    p = real_pictures()
    for case in p.graph.cases:
        fig = p.case_timeline(case, NARROW)
        rows = fig.data["rows"]
        assert [r["event"] for r in rows if "event" in r] == list(range(len(case.timeline)))
        ys = [r["y"] for r in rows]
        assert ys == sorted(ys) and len(set(ys)) == len(ys)  # one row each, top to bottom
        dates = [r["date"] for r in rows if "event" in r]
        # the narrow row may add the date's label ("(sources differ)"): the wide mark shows it as a hollow mark
        wide = [p.case_timeline(case).data["marks"][i].date for i in range(len(case.timeline))]
        assert [d.split(" (")[0] for d in dates] == [w.split(" (")[0] for w in wide]
        for column in fig.data["columns"]:  # each custody period runs down the rows it spans
            assert ys[0] <= column["y0"] < column["y1"] <= fig.height


def test_the_narrow_bars_give_every_value_after_its_bar():
    p = real_pictures()
    for fig in (p.years_chart(NARROW), *(p.status_chart(m, NARROW) for m in p.graph.missions)):
        wide = p.years_chart() if fig.id.startswith("custody") else p.status_chart(p.graph.missions[0])
        values = [r["text"] for r in wide.data["rows"] if "text" in r]
        bars = [r for r in fig.data["rows"] if "text" in r]
        assert [r["text"] for r in bars] == values
        extents = {words: (left, right) for words, left, right, _ in text_extents(fig)}
        for r in bars:
            assert extents[r["text"]][0] >= fig.data["x0"] + r["w"], r  # after the bar, never under it
            assert extents[r["label"]][0] == fig.data["x0"]


def test_the_narrow_map_shows_every_point_of_the_wide_map_with_its_number_and_none_covers_another():
    p = real_pictures()
    wide, narrow = p.map(), p.map(NARROW)
    assert len(wide.data["points"]) >= 5
    assert [(q["n"], q["at"].id) for q in narrow.data["points"]] == [(q["n"], q["at"].id) for q in wide.data["points"]]
    r = narrow.data["radius"]
    points = narrow.data["points"]
    for i, a in enumerate(points):
        assert r <= a["x"] <= NARROW - r and r <= a["y"] <= narrow.height - r, a["at"].id
        assert f'>{a["n"]}</text>' in narrow.svg
        for b in points[i + 1:]:
            assert (a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2 >= (2 * r) ** 2, (a["at"].id, b["at"].id)
    assert any(q["moved"] for q in points)  # Almaty and Qapshaghai are a few pixels apart at this size
    assert "joined to its place by a line" in narrow.svg


def test_every_event_kind_has_a_readers_name_in_the_pictures():
    """A picture's row says what happened in words, never the data's kind name ('mission-contact')."""
    import typing

    from dossier.chart import EVENT_WORDS
    from dossier.model import EventKind

    assert set(EVENT_WORDS) == set(typing.get_args(EventKind))
    assert all("-" not in words for words in EVENT_WORDS.values())
