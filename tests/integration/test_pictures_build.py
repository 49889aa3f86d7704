"""The pictures in built sites: a change to the records changes the picture, the real site's
timelines, map and cases index agree with the records, and bad coordinates stop the build.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from common import ROOT, build, edit
from dossier.chart import EVENT_WORDS
from dossier.model_values import MONTHS

EPOCH = str(int(dt.datetime(2030, 1, 1, tzinfo=dt.UTC).timestamp()))  # a build 'today' of 1 January 2030


# --------------------------------------------------------------------------- parsing the built pages


class Figures(HTMLParser):
    """Collects, per <figure class="dossier-figure">, its SVG elements with their attributes and text."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, list[dict]] = {}
        self.current: str | None = None
        self.stack: list[dict] = []
        self.group: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "figure" and "dossier-figure" in (a.get("class") or ""):
            self.current = a["id"]
            self.figures[self.current] = []
        elif self.current:
            if tag == "g":
                self.group = a.get("class")
            el = {"tag": tag, "attrs": a, "text": "", "group": self.group}
            self.figures[self.current].append(el)
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if self.current and self.stack and tag != "figure":
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self.current = None
        elif self.current and self.stack:
            self.stack.pop()
            if tag == "g":
                self.group = None

    def handle_data(self, data: str) -> None:
        if self.current and self.stack:
            self.stack[-1]["text"] += data


def figures(html: str) -> dict[str, list[dict]]:
    p = Figures()
    p.feed(html)
    return p.figures


def event_rows(elements: list[dict]) -> list[tuple[str, str]]:
    """(date, kind) of each event row of a case timeline, in drawing order."""
    texts = [e["text"] for e in elements if e["group"] == "event" and e["tag"] == "text"]
    # a date's label ("(year inferred)") is compared apart: the wide drawing marks it hollow instead
    return [(re.sub(r" \([a-z ]+\)$", "", d), k) for d, k in zip(texts[::2], texts[1::2])]


def listed_events(html: str) -> list[str]:
    """The date of each item of the page's Timeline list, shortened as the picture writes it."""
    section = html.split('id="timeline"', 1)[1].split("<h2", 1)[0]
    return [shorten(d) for d in re.findall(r"<li><strong>([^<]+)</strong>:", section)]


def shorten(human: str) -> str:
    # the list labels a date that is not certain ('(year inferred)'); the picture draws its mark
    # hollow instead, as test_qualifiers_build checks
    human = re.sub(r" \([a-z ]+\)$", "", human)
    for month in MONTHS:
        human = human.replace(month, month[:3])
    return human


def tick_scale(elements: list[dict]) -> float:
    """Pixels per day, read from the axis ticks and their labels."""
    ticks = [(float(e["attrs"]["x"]), e["text"]) for e in elements if "tick-label" in (e["attrs"].get("class") or "")]
    (x0, l0), (x1, l1) = ticks[0], ticks[-1]

    def day(label: str) -> dt.date:
        parts = label.split()
        return dt.date(int(parts[-1]), [m[:3] for m in MONTHS].index(parts[0]) + 1 if len(parts) == 2 else 1, 1)

    return (x1 - x0) / (day(l1) - day(l0)).days


def bar_days(elements: list[dict], row_name: str) -> list[float]:
    """Lengths in days of the bars drawn in one row of the all-cases axis."""
    per_day = tick_scale(elements)
    out, in_row = [], False
    for e in elements:
        if e["group"] == "case-row" and e["tag"] == "text":
            in_row = e["text"] == row_name
        elif in_row and e["group"] == "case-row" and e["tag"] == "rect" and "bar" in e["attrs"].get("class", "").split():
            out.append(float(e["attrs"]["width"]) / per_day)
    return out


def built(mini: Path, tmp_path: Path, name: str = "site", env: dict | None = None) -> Path:
    site = tmp_path / name
    result = build(mini / "mkdocs.yml", site, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- pictures and text agree


def test_each_real_case_timeline_draws_exactly_the_events_of_its_list(real_site: Path):
    pages = sorted((real_site / "cases").glob("*/index.html"))
    assert len(pages) >= 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        figs = figures(html)
        assert sorted(f for f in figs if f.startswith("timeline-")) == [f"timeline-{page.parent.name}",
                                                                        f"timeline-{page.parent.name}-narrow"]
        for fid in (f"timeline-{page.parent.name}", f"timeline-{page.parent.name}-narrow"):  # wide and phone
            assert [d for d, _ in event_rows(figs[fid])] == listed_events(html), (page, fid)
            assert {words for _, words in event_rows(figs[fid])} <= set(EVENT_WORDS.values()), (page, fid)
            assert len(event_rows(figs[fid])) > 0


def test_the_real_cases_index_has_one_row_per_case_and_the_home_page_its_counters(real_site: Path):
    html = read(real_site, "cases/index.html")
    rows = [e["text"] for e in figures(html)["cases-axis"] if e["group"] == "case-row" and e["tag"] == "text"]
    cases = re.findall(r'<tr>\s*<td><a href="([a-z0-9-]+)/">', html)
    assert len(rows) == len(set(cases)) == len(list((ROOT / "data" / "cases").glob("*.yml")))
    home = read(real_site, "index.html")
    assert re.search(r"<strong>\d+ of \d+</strong> cases that .* were in custody at its start, on 14 April 2018", home)
    assert re.search(r"last checked against their sources on \d+ \w+ \d{4}", home)
    assert {"statuses-kazakhstan-2018", "custody-years"} <= set(figures(home))
    narrow = [e["text"] for e in figures(html)["cases-axis-narrow"] if e["group"] == "case-row" and e["tag"] == "text"]
    assert narrow == rows
    assert {"statuses-kazakhstan-2018-narrow", "custody-years-narrow"} <= set(figures(home))


def test_the_real_map_lists_every_place_record_and_links_its_cases(real_site: Path):
    html = read(real_site, "map/index.html")
    main = html.split('<article', 1)[1]
    for yml in (ROOT / "data" / "places").glob("*.yml"):
        assert f'href="../places/#{yml.stem}"' in main, yml.stem
    points = [e["text"] for e in figures(html)["places-map"] if "point-label" in (e["attrs"].get("class") or "")]
    assert {"Almaty", "Astana", "Semey", "Shymkent", "Qapshaghai"} <= set(points)
    numbers = [e["text"] for e in figures(html)["places-map"] if "point-number" in (e["attrs"].get("class") or "")]
    narrow = [e["text"] for e in figures(html)["places-map-narrow"] if "point-number" in (e["attrs"].get("class") or "")]
    headings = re.findall(r'<h3 id="map-[a-z0-9-]+">(\d+)\. ', main)
    assert numbers == narrow == headings == [str(n) for n in range(1, len(points) + 1)]  # one numbering, three places
    semey = main.split('id="map-semey"', 1)[1].split("<h3", 1)[0]
    assert "Colony OV-156/14, Semey" in semey and 'href="../cases/mukhtar-dzhakishev/"' in semey
    below = main.split('id="places-map-narrow"', 1)[1].split("</figure>", 1)[1].split("</article>", 1)[0]
    text = re.sub(r"<[^>]+>", "", below)  # the words below the pictures
    assert "GeoNames entry" not in text and "events:" not in text
    assert text.count("Coordinates: GeoNames, CC BY 4.0") == 1


# --------------------------------------------------------------------------- changing a record changes the picture


def test_a_new_event_appears_on_the_case_timeline(mini: Path, tmp_path: Path):
    before = event_rows(figures(read(built(mini, tmp_path, "before"), "cases/pat-prisoner/index.html"))["timeline-pat-prisoner"])
    edit(mini / "data/cases/pat-prisoner.yml", "  - date: 2019-06\n", (
        "  - date: 2018-11-20\n    kind: hearing\n    text: A hearing was held.\n    sources: [press-one]\n"
        "    certainty: approximate\n  - date: 2019-06\n"))
    html = read(built(mini, tmp_path, "after"), "cases/pat-prisoner/index.html")
    after = event_rows(figures(html)["timeline-pat-prisoner"])
    assert after == before[:2] + [("20 Nov 2018", EVENT_WORDS["hearing"])] + before[2:]
    assert [d for d, _ in after] == listed_events(html)
    marks = [e for e in figures(html)["timeline-pat-prisoner"] if e["group"] == "event" and "mark" in e["attrs"].get("class", "")]
    assert "hollow" in marks[2]["attrs"]["class"] and "g-court" in marks[2]["attrs"]["class"]  # approximate: drawn hollow


def test_an_earlier_release_shortens_the_bar(mini: Path, tmp_path: Path):
    before = bar_days(figures(read(built(mini, tmp_path, "before"), "cases/index.html"))["cases-axis"], "Pat Prisoner")
    edit(mini / "data/cases/pat-prisoner.yml", "  - date: 2019-06\n    kind: released", "  - date: 2018-08-01\n    kind: released")
    after = bar_days(figures(read(built(mini, tmp_path, "after"), "cases/index.html"))["cases-axis"], "Pat Prisoner")
    assert len(before) == len(after) == 1
    assert before[0] == pytest.approx((dt.date(2019, 6, 1) - dt.date(2018, 1, 1)).days, abs=3)
    assert after[0] == pytest.approx((dt.date(2018, 8, 1) - dt.date(2018, 1, 1)).days, abs=3)


def test_removing_the_release_makes_the_bar_ongoing_to_the_build_day(mini: Path, tmp_path: Path):
    html = read(built(mini, tmp_path, "before", env={"SOURCE_DATE_EPOCH": EPOCH}), "cases/index.html")
    assert not [e for e in figures(html)["cases-axis"] if "ongoing" in (e["attrs"].get("class") or "").split()]
    edit(mini / "data/cases/pat-prisoner.yml", "  - date: 2019-06\n    kind: released\n    text: Released.\n    sources: [ngo-two]\n", "")
    site = built(mini, tmp_path, "after", env={"SOURCE_DATE_EPOCH": EPOCH})
    axis = figures(read(site, "cases/index.html"))["cases-axis"]
    assert [e for e in axis if "ongoing" in (e["attrs"].get("class") or "").split()]
    assert bar_days(axis, "Pat Prisoner")[0] == pytest.approx((dt.date(2030, 1, 1) - dt.date(2018, 1, 1)).days, abs=3)
    assert "Still open on 1 Jan 2030" in read(site, "cases/index.html")
    assert "still so on 1 January 2030" in read(site, "cases/pat-prisoner/index.html")


def test_a_new_place_appears_on_the_map_with_its_case(mini: Path, tmp_path: Path):
    html = read(built(mini, tmp_path, "before"), "map/index.html")
    assert not [e for e in figures(html)["places-map"] if e["tag"] == "circle"]
    (mini / "data/sources/geonames.yml").write_text(
        (ROOT / "data/sources/geonames.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (mini / "data/places/prison-town.yml").write_text(
        "id: prison-town\nname: Prison Town\ntype: city\nwithin: example-country\n"
        "lat: 50.42064\nlon: 80.25025\ncoordinates_source: geonames:1519422\n", encoding="utf-8")
    (mini / "data/places/town-prison.yml").write_text(
        "id: town-prison\nname: Town Prison\ntype: facility\nwithin: prison-town\n", encoding="utf-8")
    edit(mini / "data/cases/pat-prisoner.yml", "custody:\n", (
        "custody:\n  - place: town-prison\n    role: prison\n    sources: [press-one]\n"))
    html = read(built(mini, tmp_path, "after"), "map/index.html")
    labels = [e["text"] for e in figures(html)["places-map"] if "point-label" in (e["attrs"].get("class") or "")]
    assert labels == ["Prison Town"]
    section = html.split('id="map-prison-town"', 1)[1].split("<h2", 1)[0]
    assert "Town Prison" in section and "shown at Prison Town, its exact location is not known" in section
    assert 'href="../cases/pat-prisoner/"' in section and "held (prison)" in section
    assert "GeoNames" not in section  # the gazetteer is credited once, under the map
    assert "Coordinates: GeoNames, CC BY 4.0." in html
    narrow = [e for e in figures(html)["places-map-narrow"] if e["tag"] == "text"]
    assert [e["text"] for e in narrow] == ["1"]


# --------------------------------------------------------------------------- coordinates are checked, never typed


@pytest.mark.parametrize(
    "lines, message",
    [
        ("lat: 50.5\nlon: 80.25025\ncoordinates_source: geonames:1519422\n",
         "data/places/prison-town.yml:5:6: lat: 50.5 differs from 50.42064, the value of geonames:1519422 (Semey)"),
        ("lat: 50.42064\nlon: 80.25025\ncoordinates_source: geonames:999\n",
         "data/places/prison-town.yml:7:21: coordinates_source: 'geonames:999' is not a row of"),
        ("lat: 50.42064\nlon: 80.25025\n",
         "data/places/prison-town.yml:1:1: coordinates_source: lat, lon and coordinates_source go together"),
        ("lat: 50.42064\nlon: 80.25025\ncoordinates_source: geonames:1519422\n",
         "data/places/prison-town.yml:7:21: coordinates_source: 'geonames' names no source record"),
    ],
)
def test_coordinates_that_do_not_match_their_gazetteer_row_stop_the_build(mini: Path, tmp_path: Path, lines, message):
    (mini / "data/places/prison-town.yml").write_text(
        "id: prison-town\nname: Prison Town\ntype: city\nwithin: example-country\n" + lines, encoding="utf-8")
    if "names no source" not in message:
        (mini / "data/sources/geonames.yml").write_text(
            (ROOT / "data/sources/geonames.yml").read_text(encoding="utf-8"), encoding="utf-8")
    result = build(mini / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert message in result.stdout + result.stderr


# --------------------------------------------------------------------------- the home page's block


def test_the_home_block_counts_the_fixture_case_and_says_for_when(mini: Path, tmp_path: Path):
    edit(mini / "docs/index.md", "# Fixture home\n", "# Fixture home\n\n<!-- dossier:home-figures -->\n")
    html = read(built(mini, tmp_path), "index.html")
    assert "<strong>1 of 1</strong> cases that" in html and "were in custody at its start, on 14 April 2018" in html
    assert "<strong>0 of 1</strong> are known to be in custody now" in html and "checked against their sources on 28 November 2026" in html
    assert {"statuses-fixture-mission", "custody-years"} <= set(figures(html))
    assert "<!-- dossier:" not in html


def test_an_unknown_block_marker_names_the_page_and_line(mini: Path, tmp_path: Path):
    edit(mini / "docs/index.md", "# Fixture home\n", "# Fixture home\n\n<!-- dossier:home-figure -->\n")
    result = build(mini / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "docs/index.md:3:1: unknown snippet 'home-figure'; known snippets: cases-at-a-glance, cases-timeline, home-cards, home-figures" in result.stdout + result.stderr
