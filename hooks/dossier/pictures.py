"""Pictures of the record, drawn at build time as inline SVG from the same records as the text.

Python lays out (scales, rows, positions) and ``templates/*.svg.j2`` draw. Custody periods and
statuses come from ``graph.custody_spans`` and ``graph.status_at`` only, so a picture can never
disagree with the status and the event list printed beside it. Nothing is fetched: the map's
outline and the places' coordinates are files shipped with the code (see ``geo``).

"Today", the end of a period still open, is the build day: ``SOURCE_DATE_EPOCH`` when it is
set (reproducible builds), else the calendar date. Each picture says the date it is true for.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable

import jinja2

from . import geo
from .graph import Graph
from .status import IN_CUSTODY, STATUS_LABELS, Span, Status, custody_spans, status_at
from .model import Case, Event, Mission, Place, When

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
WIDTH = 760  # every picture's viewBox width; CSS scales it to the column
ABBR = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()

#: event kind -> group; a group has its own marker shape (and colour), so print in black and white still tells them apart
GROUPS = {
    "custody": ("detained", "remanded", "confined", "confinement-extended", "confinement-ended", "transferred",
                "released", "sentence-completed", "died"),
    "court": ("charged", "charge-changed", "trial-opened", "hearing", "sentenced", "sentence-reduced",
              "appeal-rejected", "release-refused", "release-cancelled", "complaint"),
    "mission": ("mission-contact",),
    "other": ("ill-treatment", "health", "international", "other"),
}
GROUP_OF = {kind: group for group, kinds in GROUPS.items() for kind in kinds}
GROUP_LABELS = {
    "custody": "Custody: detention, transfer, release",
    "court": "Courts, charges and complaints",
    "mission": "The mission's contact",
    "other": "Other event",
}
SHAPES = {"custody": "circle", "court": "square", "mission": "diamond", "other": "triangle"}


def build_day() -> dt.date:
    """The day a build stands for: SOURCE_DATE_EPOCH when set, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


def short(when: When | dt.date) -> str:
    """'21 May 2009', 'May 2009' or '2009': exactly the precision the sources give."""
    if isinstance(when, dt.date):
        return f"{when.day} {ABBR[when.month - 1]} {when.year}"
    if when.day:
        return f"{when.day} {ABBR[when.month - 1]} {when.year}"  # type: ignore[index]
    if when.month:
        return f"{ABBR[when.month - 1]} {when.year}"
    return str(when.year)


def long(day: dt.date) -> str:
    return When(day.year, day.month, day.day).human()


def uncertain(event: Event | None) -> bool:
    """A date drawn hollow: the sources give only a month or a year, or mark the event as not certain."""
    return event is not None and (event.date.precision != "day" or event.certainty is not None)


def num(value: float) -> str:
    """A coordinate as SVG wants it: at most one decimal, no float noise."""
    return f"{round(float(value), 1):g}"


def text_width(text: str, size: float = 12) -> float:
    """A generous estimate of a label's width, for layout only (no font is measured)."""
    return len(text) * size * 0.58


# --------------------------------------------------------------------------- scales


@dataclass(frozen=True)
class TimeScale:
    start: dt.date
    end: dt.date
    x0: float
    x1: float

    @classmethod
    def padded(cls, start: dt.date, end: dt.date, x0: float, x1: float) -> TimeScale:
        days = max((end - start).days, 30)
        pad = dt.timedelta(days=max(3, round(days * 0.03)))
        return cls(start - pad, end + pad, x0, x1)

    def __call__(self, day: dt.date) -> float:
        total = (self.end - self.start).days or 1
        return round(self.x0 + (self.x1 - self.x0) * (day - self.start).days / total, 1)

    def ticks(self, most: int = 8) -> list[tuple[float, str]]:
        """Tick positions and labels: years for long ranges, months for short ones."""
        if (self.end - self.start).days > 2 * 365:
            years = range(self.start.year + 1, self.end.year + 1)
            step = next(s for s in (1, 2, 5, 10, 20, 50) if len(years) / s <= most)
            return [(self(dt.date(y, 1, 1)), str(y)) for y in years if y % step == 0]
        months = []
        y, m = self.start.year, self.start.month
        while True:
            m += 1
            if m > 12:
                y, m = y + 1, 1
            day = dt.date(y, m, 1)
            if day > self.end:
                break
            months.append(day)
        step = next(s for s in (1, 2, 3, 6, 12) if len(months) / s <= most)
        return [(self(d), f"{ABBR[d.month - 1]} {d.year}") for d in months if (d.month - 1) % step == 0]


# --------------------------------------------------------------------------- view models


@dataclass
class Bar:
    """A custody period drawn as a bar."""

    kind: str  # 'custody' or 'psychiatric'
    x0: float
    x1: float
    ongoing: bool
    uncertain: bool
    text: str  # the same period in words


@dataclass
class Mark:
    """One event of a case timeline: one row."""

    y: float
    x: float
    x_from: float  # the month or year the date stands for, when it is not a day
    x_to: float
    ranged: bool
    uncertain: bool
    group: str
    shape: str
    date: str
    kind: str


@dataclass
class Band:
    """A dated context marker across all rows: the mission's visit (a band) or a single day (a line)."""

    x0: float
    x1: float
    label: str
    line: bool
    label_y: float = 0
    anchor: str = "start"


@dataclass
class LegendItem:
    symbol: str
    label: str
    x: float = 0
    y: float = 0


@dataclass
class Figure:
    """What a template needs to draw one picture and write its text alternative."""

    id: str
    title: str
    desc: str
    height: float
    data: dict[str, Any] = field(default_factory=dict)
    svg: str = ""


def span_text(span: Span, today: dt.date) -> str:
    kind = "In psychiatric confinement" if span.kind == "psychiatric" else "In custody"
    if span.end is None:
        return f"{kind} since {span.start.human()}, still so on {long(today)} according to the records"
    return f"{kind} from {span.start.human()} to {span.end.human()}"


def span_days(span: Span, today: dt.date) -> int:
    """Length in days, from the first day the start date stands for to the first day of the end
    (or to today when the period is still open)."""
    end = span.end.first_day if span.end else today
    return max(0, (end - span.start.first_day).days)


def span_uncertain(span: Span) -> bool:
    return uncertain(span.start_event) or uncertain(span.end_event)


def duration(days: int) -> str:
    if days < 365:
        return f"{days} day{'s' if days != 1 else ''}"
    return f"{days / 365.25:.1f} years"


def legend(items: list[LegendItem], y: float, width: float = WIDTH, size: float = 11) -> float:
    """Flow the legend items into lines; return the height they take."""
    x, line = 0.0, 0
    for item in items:
        w = 22 + text_width(item.label, size) + 14
        if x and x + w > width:
            x, line = 0.0, line + 1
        item.x, item.y = round(x), y + line * 18
        x += w
    return (line + 1) * 18 if items else 0


# --------------------------------------------------------------------------- the pictures


@functools.cache
def svg_environment() -> jinja2.Environment:
    """The SVG templates' environment, made once so that each template is compiled once."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # SVG is markup: every text from the data is escaped
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
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
                uncertain=uncertain(e), group=group, shape=SHAPES[group], date=short(e.date),
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
            data=dict(scale=scale, ticks=scale.ticks(), bars=bars, marks=marks, bands=bands, legend=items,
                      left=left, x0=x0, x1=x1, band_y=band_y, top=top, bottom=bottom, row=row),
        )
        return self.draw("timeline.svg.j2", figure)

    def _missions_of(self, case: Case) -> list[Mission]:
        ids = dict.fromkeys(c.mission for c in case.contacts)
        return [self.graph.get("mission", m) for m in ids]  # type: ignore[misc]

    def _bars(self, spans: list[Span], scale: TimeScale) -> list[Bar]:
        bars = []
        for s in spans:
            end = s.end.first_day if s.end else self.today
            x0 = scale(s.start.first_day)
            bars.append(Bar(
                kind=s.kind, x0=x0, x1=max(scale(end), x0 + 2), ongoing=s.end is None,
                uncertain=span_uncertain(s),
                text=f"{span_text(s, self.today)} ({'about ' if span_uncertain(s) else ''}{duration(span_days(s, self.today))})",
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
        out = []
        for i, (case, spans) in enumerate(rows):
            out.append(dict(y=top + i * row, name=self.graph.title("case", case.id), bars=self._bars(spans, scale)))
        bands = self._bands(missions, scale)
        bottom = top + len(rows) * row
        all_bars = [b for r in out for b in r["bars"]]
        items = self._legend(all_bars, [], bands)
        legend_h = legend(items, bottom + 36)
        open_rows = [r["name"] for r in out if any(b.ongoing for b in r["bars"])]
        desc = (f"One row per case, {len(rows)} in all; bars show the periods in custody derived from each case's events."
                + (f" Still open on {long(self.today)}: {', '.join(open_rows)}." if open_rows else ""))
        figure = Figure(
            id="cases-axis", title="All cases on one time axis", desc=desc, height=bottom + 36 + legend_h,
            data=dict(rows=out, ticks=scale.ticks(10), bands=bands, legend=items, x0=x0, x1=x1, top=top,
                      bottom=bottom, row=row),
        )
        return self.draw("cases_axis.svg.j2", figure)

    def custody_rows(self) -> list[dict[str, Any]]:
        """The facts of the time axis and of the years chart, as rows for their tables."""
        out = []
        for case in self.graph.cases:
            spans = custody_spans(case)
            total = sum(span_days(s, self.today) for s in spans)
            out.append(dict(
                case=case, spans=[span_text(s, self.today) for s in spans], days=total, duration=duration(total),
                ongoing=any(s.end is None for s in spans), approximate=any(span_uncertain(s) for s in spans),
                now=status_at(case), newest=case.timeline[-1].date,
            ))
        return out

    # ----------------------------------------------------------------- counters

    def mission_cases(self, mission: Mission) -> list[Case]:
        return [c for c in self.graph.cases if any(k.mission == mission.id for k in c.contacts)]

    def counts(self, mission: Mission) -> dict[str, Any]:
        """Statuses of the mission's cases at its start and now, counted from the derived statuses."""
        cases = self.mission_cases(mission)
        then = {c.id: status_at(c, mission.start.first_day) for c in cases}
        now = {c.id: status_at(c) for c in cases}
        checked = sorted({c.verified for c in cases})
        return dict(
            mission=mission, cases=cases, then=then, now=now, total=len(cases),
            then_in_custody=sum(s.in_custody for s in then.values()),
            now_in_custody=sum(s.in_custody for s in now.values()),
            then_counts=_by_status(then.values()), now_counts=_by_status(now.values()),
            checked=_checked(checked[0], checked[-1]) if checked else "on no date",
        )

    def status_chart(self, mission: Mission) -> Figure:
        c = self.counts(mission)
        checked = c["checked"]
        sections = [
            (f"At the start of the mission, {long(mission.start.first_day)}", c["then_counts"]),
            (f"Now: newest known status, records checked {checked}", c["now_counts"]),
        ]
        figure = self._bars_figure(
            f"statuses-{mission.id}", f"Status of the mission's {c['total']} cases, then and now",
            f"Number of cases by status at the start of the mission ({long(mission.start.first_day)}) and by newest "
            f"known status (records checked {checked}). Filled bars are statuses in custody, outlined bars "
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

    def _bars_figure(self, fid: str, title: str, desc: str, sections: list[tuple[str, list[tuple]]], most: float) -> Figure:
        x0, x1 = 250, WIDTH - 130
        y, row = 0.0, 22
        out = []
        for heading, bars in sections:
            if heading:
                y += 36 if out else 16
                out.append(dict(heading=heading, y=y))
            y += 6
            for label, value, text, cls in bars:
                y += row
                w = round((x1 - x0) * value / most, 1) if most else 0
                out.append(dict(label=label, y=y, w=max(w, 2 if value else 0), text=text, cls=cls))
        figure = Figure(id=fid, title=title, desc=desc, height=y + 14,
                        data=dict(rows=out, x0=x0, x1=x1, row=row))
        return self.draw("bars.svg.j2", figure)

    # ----------------------------------------------------------------- map

    @cached_property
    def _places(self) -> dict[str, Place]:
        return self.graph.records.get("place", {})  # type: ignore[return-value]

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
        return [(case, what + ([f"events: {', '.join(events)}"] if events else [])) for case, what, events in found.values()]

    @cached_property
    def _links(self) -> dict[str, dict[str, tuple[Case, list[str], list[str]]]]:
        # one pass over every case and meeting for all places: asking each place in turn to look
        # through every case would grow with places x cases
        out: dict[str, dict[str, tuple[Case, list[str], list[str]]]] = {}

        def entry(place_id: str, case: Case) -> tuple[Case, list[str], list[str]]:
            return out.setdefault(place_id, {}).setdefault(case.id, (case, [], []))

        for case in self.graph.cases:
            for c in case.custody:
                entry(c.place, case)[1].append(f"held ({c.role})")
            for c in case.courts:
                entry(c.place, case)[1].append(f"court: {c.role}")
            for e in case.timeline:
                for place_id in dict.fromkeys(e.places):
                    entry(place_id, case)[2].append(f"{short(e.date)} {e.kind.replace('-', ' ')}")
        for mission in self.graph.missions:
            for m in mission.meetings:
                for cid in m.cases if m.place else ():
                    when = f" of {short(m.date)}" if m.date else ""
                    entry(m.place, self.graph.get("case", cid))[1].append(f"mission meeting{when}")  # type: ignore[arg-type]
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
            x, y = project(at.lon, at.lat)  # type: ignore[arg-type]
            point = points.setdefault(at.id, dict(at=at, x=x, y=y, places=[]))
            point["places"].append(place)
        ordered = sorted(points.values(), key=lambda p: (p["x"], p["y"]))
        boxes: list[tuple[float, float, float, float]] = [(p["x"] - 9, p["y"] - 9, p["x"] + 9, p["y"] + 9) for p in ordered]
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
            data=dict(outline=geo.svg_path(rings, project), points=ordered),
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
    return dict(lx=round(lx, 1), ly=round(ly, 1), anchor=anchor)


__all__ = ["Pictures", "build_day", "IN_CUSTODY"]
