"""Pictures of the record, drawn at build time as inline SVG from the same records as the text.

Python lays out (scales, rows, positions) and ``templates/*.svg.j2`` draw. Custody periods and
statuses come from ``status.custody_spans`` and ``status.status_at`` only, so a picture can never
disagree with the status and the event list printed beside it. Nothing is fetched: the map's
outline and the places' coordinates are files shipped with the code (see ``geo``).

"Today", the end of a period still open, is the build day: ``SOURCE_DATE_EPOCH`` when it is
set (reproducible builds), else the calendar date. Each picture says the date it is true for.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable
from functools import cached_property
from typing import Any

import jinja2

from . import geo
from .chart import (
    GROUP_LABELS,
    GROUP_OF,
    GROUPS,
    SHAPES,
    WIDTH,
    Band,
    Bar,
    Figure,
    LegendItem,
    Mark,
    TimeScale,
    build_day,
    duration,
    legend,
    long,
    num,
    short,
    span_days,
    span_text,
    span_uncertain,
    text_width,
    uncertain,
)
from .graph import Graph
from .model import Case, Mission, Place
from .status import IN_CUSTODY, STATUS_LABELS, Span, Status, custody_spans, status_at
from .templating import make

# --------------------------------------------------------------------------- the pictures


@functools.cache
def svg_environment() -> jinja2.Environment:
    """The SVG templates' environment, made once so that each template is compiled once."""
    env = make(markup=True)  # SVG is markup: every text from the data is escaped
    env.filters.update(short=short, long=long, human=lambda w: w.human(), n=num)
    env.globals.update(GROUP_LABELS=GROUP_LABELS, STATUS_LABELS=STATUS_LABELS)
    return env


class Pictures:
    """Every picture of one build, from one graph and one 'today'."""

    def __init__(self, graph: Graph, today: dt.date | None = None):
        self.graph = graph
        self.today = today or build_day()
        self.env = svg_environment()

    def draw(self, template: str, figure: Figure) -> Figure:
        """Render the SVG as a block of raw HTML that Markdown passes through unchanged: no
        indentation and no blank line inside it."""
        text = self.env.get_template(template).render(f=figure, **figure.data)
        figure.svg = "\n".join(line.strip() for line in text.splitlines() if line.strip())
        return figure

    # ----------------------------------------------------------------- one case

    def case_timeline(self, case: Case) -> Figure:
        """Every event of the case as a row, on a time axis, with its custody periods as bars."""
        events = case.timeline
        spans = custody_spans(case)
        missions = self._missions_of(case)
        first = min([e.date.first_day for e in events] + [m.start.first_day for m in missions])
        last = max([e.date.last_day for e in events] + [m.end.last_day for m in missions])
        if any(s.end is None for s in spans):
            last = max(last, self.today)
        left, x0, x1 = 0, 250, WIDTH - 14
        scale = TimeScale.padded(first, last, x0, x1)
        band_y, top, row = 54, 92, 20
        bars = self._bars(spans, scale)
        marks = []
        for i, e in enumerate(events):
            group = GROUP_OF.get(e.kind, "other")
            marks.append(Mark(
                y=top + i * row, x=scale(e.date.first_day) if e.date.precision == "day" else
                round((scale(e.date.first_day) + scale(e.date.last_day)) / 2, 1),
                x_from=scale(e.date.first_day), x_to=scale(e.date.last_day), ranged=e.date.precision != "day",
                uncertain=uncertain(e), group=group, shape=SHAPES[group],
                date=short(e.date, label=not uncertain(e)),  # a hollow mark: its legend says why
                kind=e.kind.replace("-", " "),
            ))
        bands = self._bands(missions, scale)
        items = self._legend(bars, marks, bands)
        bottom = top + len(events) * row
        legend_h = legend(items, bottom + 22)
        person = self.graph.title("case", case.id)
        span_words = "; ".join(b.text for b in bars) or "No period in custody follows from the events"
        figure = Figure(
            id=f"timeline-{case.id}",
            title=f"Timeline of the case of {person}",
            desc=f"{len(events)} dated events from {short(events[0].date)} to {short(events[-1].date)}, one per row "
            f"in the order of the list below. {span_words}.",
            height=bottom + 22 + legend_h,
            data={"scale": scale, "ticks": scale.ticks(), "bars": bars, "marks": marks, "bands": bands, "legend": items,
                      "left": left, "x0": x0, "x1": x1, "band_y": band_y, "top": top, "bottom": bottom, "row": row},
        )
        return self.draw("timeline.svg.j2", figure)

    def _missions_of(self, case: Case) -> list[Mission]:
        ids = dict.fromkeys(c.mission for c in case.contacts)
        return [self.graph.get(Mission, m) for m in ids]

    def _bars(self, spans: list[Span], scale: TimeScale) -> list[Bar]:
        bars = []
        for s in spans:
            end = s.end.first_day if s.end else self.today
            x0 = scale(s.start.first_day)
            bars.append(Bar(
                kind=s.kind, x0=x0, x1=max(scale(end), x0 + 2), ongoing=s.end is None,
                uncertain=span_uncertain(s),
                text=f"{span_text(s, self.today)} "
                f"({'about ' if span_uncertain(s) else ''}{duration(span_days(s, self.today))})",
            ))
        return bars

    def _bands(self, missions: list[Mission], scale: TimeScale) -> list[Band]:
        """The missions' visits and press conferences; labels on alternate lines above the rows,
        running away from the nearer edge."""
        bands = []
        for m in missions:
            bands.append(Band(scale(m.start.first_day), max(scale(m.end.last_day), scale(m.start.first_day) + 2),
                              f"Mission, {short(m.start)} to {short(m.end)}", False))
            if m.press_conference:
                x = scale(m.press_conference.date.first_day)
                bands.append(Band(x, x, f"Report presented, {short(m.press_conference.date)}", True))
        for n, band in enumerate(bands):
            band.label_y = 12 + 14 * (n % 2)
            band.anchor = "start" if band.x0 < (scale.x0 + scale.x1) / 2 else "end"
        return bands

    def _legend(self, bars: list[Bar], marks: list[Mark], bands: list[Band]) -> list[LegendItem]:
        items = []
        kinds = {b.kind for b in bars}
        if "custody" in kinds:
            items.append(LegendItem("bar-custody", "In custody"))
        if "psychiatric" in kinds:
            items.append(LegendItem("bar-psychiatric", "Psychiatric confinement"))
        if any(b.ongoing for b in bars):
            items.append(LegendItem("ongoing", f"Still open on {short(self.today)}"))
        if any(b.uncertain for b in bars):
            items.append(LegendItem("bar-uncertain", "Start or end date not certain"))
        groups = [g for g in GROUPS if any(m.group == g for m in marks)]
        items.extend(LegendItem(f"shape-{SHAPES[g]}-{g}", GROUP_LABELS[g]) for g in groups)
        if any(m.uncertain for m in marks):
            items.append(LegendItem("hollow", "Hollow: date or event not certain"))
        if any(m.ranged for m in marks):
            items.append(LegendItem("range", "Only the month or year is known"))
        if any(not b.line for b in bands):
            items.append(LegendItem("band", "The mission's visit"))
        if any(b.line for b in bands):
            items.append(LegendItem("line", "Report presented"))
        return items

    # ----------------------------------------------------------------- all cases

    def cases_axis(self) -> Figure:
        """One row per case on a common time axis: custody periods from detention to release,
        or to today when still open; the missions' visits and press conferences across all rows."""
        cases = self.graph.cases
        rows = [(c, custody_spans(c)) for c in cases]
        missions = self.graph.missions
        days = [s.start.first_day for _, spans in rows for s in spans]
        days += [s.end.first_day if s.end else self.today for _, spans in rows for s in spans]
        days += [m.start.first_day for m in missions] + [m.end.last_day for m in missions]
        days += [m.press_conference.date.first_day for m in missions if m.press_conference]
        if not days:
            days = [self.today]
        x0, x1 = 190, WIDTH - 14
        scale = TimeScale.padded(min(days), max(days), x0, x1)
        top, row = 68, 30
        out: list[dict[str, Any]] = []
        for i, (case, spans) in enumerate(rows):
            name = self.graph.title("case", case.id)
            out.append({"y": top + i * row, "name": name, "bars": self._bars(spans, scale)})
        bands = self._bands(missions, scale)
        bottom = top + len(rows) * row
        all_bars = [b for r in out for b in r["bars"]]
        items = self._legend(all_bars, [], bands)
        legend_h = legend(items, bottom + 36)
        open_rows = [r["name"] for r in out if any(b.ongoing for b in r["bars"])]
        desc = (f"One row per case, {len(rows)} in all; "
                "bars show the periods in custody derived from each case's events."
                + (f" Still open on {long(self.today)}: {', '.join(open_rows)}." if open_rows else ""))
        figure = Figure(
            id="cases-axis", title="All cases on one time axis", desc=desc, height=bottom + 36 + legend_h,
            data={"rows": out, "ticks": scale.ticks(10), "bands": bands, "legend": items, "x0": x0, "x1": x1,
                  "top": top,
                      "bottom": bottom, "row": row},
        )
        return self.draw("cases_axis.svg.j2", figure)

    def custody_rows(self) -> list[dict[str, Any]]:
        """The facts of the time axis and of the years chart, as rows for their tables."""
        out = []
        for case in self.graph.cases:
            spans = custody_spans(case)
            total = sum(span_days(s, self.today) for s in spans)
            out.append({
                "case": case, "spans": [span_text(s, self.today) for s in spans], "days": total,
                "duration": duration(total),
                "ongoing": any(s.end is None for s in spans), "approximate": any(span_uncertain(s) for s in spans),
                "now": status_at(case), "newest": case.timeline[-1].date,
            })
        return out

    # ----------------------------------------------------------------- counters

    def counts(self, mission: Mission) -> dict[str, Any]:
        """Statuses of the mission's cases at its start and now, counted from the derived statuses."""
        cases = self.graph.cases_of_mission(mission.id)
        then = {c.id: status_at(c, mission.start.first_day) for c in cases}
        now = {c.id: status_at(c) for c in cases}
        checked = sorted({c.verified for c in cases})
        return {
            "mission": mission, "cases": cases, "then": then, "now": now, "total": len(cases),
            "then_in_custody": sum(s.in_custody for s in then.values()),
            "now_in_custody": sum(s.in_custody for s in now.values()),
            "then_counts": _by_status(then.values()), "now_counts": _by_status(now.values()),
            "checked": _checked(checked[0], checked[-1]) if checked else "on no date",
        }

    def status_chart(self, mission: Mission) -> Figure:
        c = self.counts(mission)
        checked = c["checked"]
        sections = [
            (f"At the start of the mission, {long(mission.start.first_day)}", c["then_counts"]),
            (f"Now: newest known status, facts checked {checked}", c["now_counts"]),
        ]
        figure = self._bars_figure(
            f"statuses-{mission.id}", f"Status of the mission's {c['total']} cases, then and now",
            f"Number of cases by status at the start of the mission ({long(mission.start.first_day)}) and by newest "
            f"known status (facts checked {checked}). Filled bars are statuses in custody, outlined bars "
            f"statuses at liberty.",
            [(title, [(STATUS_LABELS[k], n, str(n), "bar-custody" if k in IN_CUSTODY else "bar-free")
                      for k, n in counts]) for title, counts in sections],
            c["total"],
        )
        return figure

    def years_chart(self) -> Figure:
        rows = self.custody_rows()
        bars = []
        for r in rows:
            label = ("about " if r["approximate"] else "") + r["duration"] + (", still open" if r["ongoing"] else "")
            bars.append((self.graph.title("case", r["case"].id), r["days"], label,
                         "years" + (" ongoing" if r["ongoing"] else "") + (" approximate" if r["approximate"] else "")))
        most = max([b[1] for b in bars] + [1])
        still_open = (f" A period still open is counted to {long(self.today)} and drawn hatched."
                      if any(r["ongoing"] for r in rows) else "")
        return self._bars_figure(
            "custody-years", "Time in custody per person",
            f"Total time in custody of each person, from the custody periods derived from their case's events."
            f"{still_open} 'About' marks a total whose start or end date is not certain.",
            [("", bars)], most,
        )

    def _bars_figure(
        self, fid: str, title: str, desc: str, sections: list[tuple[str, list[tuple]]], most: float
    ) -> Figure:
        x0, x1 = 250, WIDTH - 130
        y, row = 0.0, 22
        out: list[dict[str, Any]] = []
        for heading, bars in sections:
            if heading:
                y += 36 if out else 16
                out.append({"heading": heading, "y": y})
            y += 6
            for label, value, text, cls in bars:
                y += row
                w = round((x1 - x0) * value / most, 1) if most else 0
                out.append({"label": label, "y": y, "w": max(w, 2 if value else 0), "text": text, "cls": cls})
        figure = Figure(id=fid, title=title, desc=desc, height=y + 14,
                        data={"rows": out, "x0": x0, "x1": x1, "row": row})
        return self.draw("bars.svg.j2", figure)

    # ----------------------------------------------------------------- map

    @cached_property
    def _places(self) -> dict[str, Place]:
        return {rid: self.graph.get(Place, rid) for rid in self.graph.records.get("place", {})}

    def drawn_at(self, place: Place) -> Place | None:
        """The place whose coordinates stand for this one: itself, else the nearest enclosing
        city or facility that has them. Regions and countries are areas, never a point."""
        seen = set()
        current: Place | None = place
        while current is not None and current.id not in seen:
            seen.add(current.id)
            if current.type in ("region", "country"):
                return None
            if current.lat is not None and current.lon is not None:
                return current
            current = self._places.get(current.within) if current.within else None
        return None

    @property
    def countries(self) -> set[str]:
        """The countries of the missions: the map draws the places that lie in them."""
        return {m.country for m in self.graph.missions}

    def in_country(self, place: Place) -> bool:
        seen = set()
        current: Place | None = place
        while current is not None and current.id not in seen:
            if current.id in self.countries:
                return True
            seen.add(current.id)
            current = self._places.get(current.within) if current.within else None
        return False

    def links(self, place: Place) -> list[tuple[Case, list[str]]]:
        """The cases held, tried or otherwise dealt with at a place, with what happened there."""
        found = self._links.get(place.id, {})
        return [(case, what + ([f"events: {', '.join(e)}"] if e else [])) for case, what, e in found.values()]

    @cached_property
    def _links(self) -> dict[str, dict[str, tuple[Case, list[str], list[str]]]]:
        # one pass over every case and meeting for all places: asking each place in turn to look
        # through every case would grow with places x cases
        out: dict[str, dict[str, tuple[Case, list[str], list[str]]]] = {}

        def entry(place_id: str, case: Case) -> tuple[Case, list[str], list[str]]:
            return out.setdefault(place_id, {}).setdefault(case.id, (case, [], []))

        for case in self.graph.cases:
            for held in case.custody:
                entry(held.place, case)[1].append(f"held ({held.role})")
            for court in case.courts:
                entry(court.place, case)[1].append(f"court: {court.role}")
            for e in case.timeline:
                for place_id in dict.fromkeys(e.places):
                    entry(place_id, case)[2].append(f"{short(e.date)} {e.kind.replace('-', ' ')}")
        for mission in self.graph.missions:
            for m in mission.meetings:
                for cid in m.cases if m.place else ():
                    when = f" of {short(m.date)}" if m.date else ""
                    entry(str(m.place), self.graph.get(Case, cid))[1].append(f"mission meeting{when}")
        return out

    def map(self) -> Figure:
        """The country's outline with one numbered marker per point that stands for places."""
        rings = geo.outline()
        project = geo.Projection.fitting(rings, WIDTH)
        points: dict[str, dict[str, Any]] = {}
        for place in self._places.values():
            at = self.drawn_at(place)
            if at is None or not self.in_country(at):
                continue
            assert at.lon is not None and at.lat is not None, "drawn_at returns a place with coordinates"
            x, y = project(at.lon, at.lat)
            point = points.setdefault(at.id, {"at": at, "x": x, "y": y, "places": []})
            point["places"].append(place)
        ordered = sorted(points.values(), key=lambda p: (p["x"], p["y"]))
        boxes = [(p["x"] - 9.0, p["y"] - 9.0, p["x"] + 9.0, p["y"] + 9.0) for p in ordered]
        for n, p in enumerate(ordered, 1):
            p["n"] = n
            p["places"].sort(key=lambda pl: (pl.id != p["at"].id, pl.name))
            p.update(_label_position(p["x"], p["y"], p["at"].name, boxes, WIDTH, project.height))
        figure = Figure(
            id="places-map", title="Map of the places in Kazakhstan",
            desc=f"Outline of Kazakhstan with {len(ordered)} numbered points: "
            + "; ".join(f"{p['n']} {p['at'].name}" for p in ordered)
            + ". The list below the map gives the places and cases at each point.",
            height=round(project.height, 1),
            data={"outline": geo.svg_path(rings, project), "points": ordered},
        )
        return self.draw("map.svg.j2", figure)

    def meetings(self, place: Place) -> list[Any]:
        """The missions' meetings held at a place."""
        return [m for mission in self.graph.missions for m in mission.meetings if m.place == place.id]

    def unmapped(self) -> list[tuple[Place, str]]:
        """The places the map cannot show as a point, each with the reason: 'area' (a region or
        country), 'abroad' (outside the missions' countries) or 'unknown' (no coordinates for it
        or for a city it lies in)."""
        out = []
        for place in sorted(self._places.values(), key=lambda p: p.name):
            if place.type in ("region", "country"):
                out.append((place, "area"))
            elif not self.in_country(place):
                out.append((place, "abroad"))
            elif self.drawn_at(place) is None:
                out.append((place, "unknown"))
        return out

    @staticmethod
    def coordinates(place: Place) -> geo.Row:
        return geo.gazetteer()[str(place.coordinates_source)]


def _by_status(statuses: Iterable[Status]) -> list[tuple[str, int]]:
    counts = Counter(s.key for s in statuses)
    return [(k, counts[k]) for k in STATUS_LABELS if counts[k]]


def _checked(first: dt.date, last: dt.date) -> str:
    return f"on {long(first)}" if first == last else f"between {long(first)} and {long(last)}"


def _label_position(x: float, y: float, text: str, boxes: list[tuple[float, float, float, float]],
                    width: float, height: float) -> dict[str, Any]:
    """Put a marker's name right, left, above or below it, wherever it overlaps nothing drawn yet."""
    w, h = text_width(text, 13), 14
    candidates = [
        (x + 12, y + 4.5, "start", (x + 12, y - 9, x + 12 + w, y + 5)),
        (x - 12, y + 4.5, "end", (x - 12 - w, y - 9, x - 12, y + 5)),
        (x, y - 13, "middle", (x - w / 2, y - 13 - h + 3, x + w / 2, y - 10)),
        (x, y + 24, "middle", (x - w / 2, y + 11, x + w / 2, y + 25)),
    ]

    def free(box: tuple[float, float, float, float]) -> bool:
        inside = box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height
        return inside and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes)

    lx, ly, anchor, box = next((c for c in candidates if free(c[3])), candidates[0])
    boxes.append(box)
    return {"lx": round(lx, 1), "ly": round(ly, 1), "anchor": anchor}


__all__ = ["IN_CUSTODY", "Pictures", "build_day"]
