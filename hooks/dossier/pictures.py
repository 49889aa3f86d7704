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
from typing import Any

import jinja2

from . import i18n
from .chart import (
    EVENT_WORDS,
    GROUP_LABELS,
    GROUP_OF,
    GROUPS,
    NARROW,
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
    wrap,
)
from .graph import Graph
from .mapfigure import MapFigures
from .model import Case, Mission
from .status import (
    DEFAULT_STATUS_AGE_YEARS,
    IN_CUSTODY,
    OUTCOMES,
    STATUS_LABELS,
    Known,
    Span,
    Status,
    custody_spans,
    known_status,
    status_at,
)
from .templating import make

# --------------------------------------------------------------------------- the pictures


@functools.cache
def svg_environment() -> jinja2.Environment:
    """The SVG templates' environment, made once so that each template is compiled once."""
    env = make(markup=True)  # SVG is markup: every text from the data is escaped
    env.filters.update(short=short, long=long, human=lambda w: w.human(), n=num)
    env.globals.update(GROUP_LABELS=GROUP_LABELS, STATUS_LABELS=STATUS_LABELS)
    return env


class Pictures(MapFigures):
    """Every picture of one build, from one graph and one 'today'."""

    NARROW = NARROW  # for the page templates: pics.case_timeline(case, pics.NARROW)

    def __init__(self, graph: Graph, today: dt.date | None = None, status_age_years: int = DEFAULT_STATUS_AGE_YEARS):
        self.graph = graph
        self.today = today or build_day()
        self.status_age_years = status_age_years  #: older open statuses are only the last known ones
        self.env = svg_environment()

    @staticmethod
    def both(wide: Figure, narrow: Figure) -> str:
        """A figure's two drawings as two HTML blocks: the stylesheet shows the narrow one on
        phones and the wide one elsewhere, and hides the other from every reader and screen reader."""
        return f"{wide.svg}\n\n{narrow.svg}"

    def draw(self, template: str, figure: Figure) -> Figure:
        """Render the SVG as a block of raw HTML that Markdown passes through unchanged: no
        indentation and no blank line inside it."""
        text = self.env.get_template(template).render(f=figure, **figure.data)
        figure.svg = "\n".join(line.strip() for line in text.splitlines() if line.strip())
        return figure

    # ----------------------------------------------------------------- one case

    def case_timeline(self, case: Case, width: float = WIDTH) -> Figure:
        """Every event of the case as a row, on a time axis, with its custody periods as bars.
        Narrow: one event per row in time order, with its date and what it was, and the custody
        periods as a bar down the side from the row that opens each to the row that ends it."""
        if width < WIDTH:
            return self._case_timeline_narrow(case, width)
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
                kind=i18n.t(EVENT_WORDS[e.kind]),
            ))
        bands = self._bands(missions, scale)
        items = self._legend(bars, marks, bands)
        bottom = top + len(events) * row
        legend_h = legend(items, bottom + 22)
        title, desc = self._timeline_words(case, bars)
        figure = Figure(
            id=f"timeline-{case.id}", title=title, desc=desc, height=bottom + 22 + legend_h,
            data={"scale": scale, "ticks": scale.ticks(), "bars": bars, "marks": marks, "bands": bands, "legend": items,
                      "left": left, "x0": x0, "x1": x1, "band_y": band_y, "top": top, "bottom": bottom, "row": row},
        )
        return self.draw("timeline.svg.j2", figure)

    def _case_timeline_narrow(self, case: Case, width: float) -> Figure:
        events = case.timeline
        spans = custody_spans(case)
        top, row, date_x, label_x = 14, 24, 30, 112
        entries: list[tuple[dt.date, int, dict[str, Any]]] = []
        for i, e in enumerate(events):
            group = GROUP_OF.get(e.kind, "other")
            entries.append((e.date.first_day, 1, {
                "event": i, "group": group, "shape": SHAPES[group], "uncertain": uncertain(e),
                "date": short(e.date), "label": i18n.t(EVENT_WORDS[e.kind]),
            }))
        for m in self._missions_of(case):
            entries.append((m.start.first_day, 0, {"symbol": "band", "date": short(m.start),
                                                   "label": i18n.t("Mission visit to {end}", end=short(m.end))}))
            if m.press_conference:
                entries.append((m.press_conference.date.first_day, 0, {
                    "symbol": "line", "date": short(m.press_conference.date), "label": i18n.t("Report presented")}))
        rows = [r for _, _, r in sorted(entries, key=lambda t: (t[0], t[1]))]
        y_of_event = {}
        for n, r in enumerate(rows):
            r["y"] = top + n * row
            if "event" in r:
                y_of_event[r["event"]] = r["y"]
        bottom = top + (len(rows) - 1) * row
        index = {id(e): i for i, e in enumerate(events)}
        bars = self._bars(spans, TimeScale(self.today, self.today, 0, 0))  # the periods; x unused here
        columns = []  # each period as a bar down the side, from its first row to its last
        for s, bar in zip(spans, bars, strict=True):
            y0 = y_of_event[index[id(s.start_event)]] if s.start_event is not None else top
            y1 = y_of_event[index[id(s.end_event)]] if s.end_event is not None and s.end is not None else bottom + 8
            columns.append({"bar": bar, "y0": y0, "y1": max(y1, y0 + 2)})
        marks = [Mark(y=r["y"], x=16, x_from=16, x_to=16, ranged=False, uncertain=r["uncertain"], group=r["group"],
                      shape=r["shape"], date=r["date"], kind=r["label"]) for r in rows if "event" in r]
        bands = [Band(0, 0, r["label"], r["symbol"] == "line") for r in rows if "symbol" in r]
        items = self._legend(bars, marks, bands)
        legend_h = legend(items, bottom + 36, width)
        title, desc = self._timeline_words(case, bars)
        figure = Figure(
            id=f"timeline-{case.id}-narrow", title=title, desc=desc, height=bottom + 36 + legend_h,
            width=width,
            data={"rows": rows, "columns": columns, "legend": items, "date_x": date_x, "label_x": label_x, "bottom": bottom},
        )
        return self.draw("timeline_narrow.svg.j2", figure)

    def _timeline_words(self, case: Case, bars: list[Bar]) -> tuple[str, str]:
        """A case timeline's title and description, the same for both layouts."""
        events = case.timeline
        span_words = "; ".join(b.text for b in bars) or i18n.t("No period in custody follows from the events")
        desc = i18n.t("{n} dated events from {start} to {end}, one per row in the order of the list below. {spans}.",
                      n=len(events), start=short(events[0].date), end=short(events[-1].date), spans=span_words)
        return i18n.t("Timeline of the case of {name}", name=self.graph.title("case", case.id)), desc

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
                f"({i18n.t('about ') if span_uncertain(s) else ''}{duration(span_days(s, self.today))})",
            ))
        return bars

    def _bands(self, missions: list[Mission], scale: TimeScale, width: float = WIDTH) -> list[Band]:
        """The missions' visits and press conferences; labels on alternate lines above the rows,
        running away from the nearer edge, and kept inside the picture when they do not fit."""
        bands = []
        for m in missions:
            bands.append(Band(scale(m.start.first_day), max(scale(m.end.last_day), scale(m.start.first_day) + 2),
                              i18n.t("Mission, {start} to {end}", start=short(m.start), end=short(m.end)), False))
            if m.press_conference:
                x = scale(m.press_conference.date.first_day)
                bands.append(Band(x, x, i18n.t("Report presented, {date}", date=short(m.press_conference.date)), True))
        for n, band in enumerate(bands):
            band.label_y = 12 + 14 * (n % 2)
            band.anchor = "start" if band.x0 < (scale.x0 + scale.x1) / 2 else "end"
            band.label_x = band.x0 + (4 if band.anchor == "start" else -4)
            w = text_width(band.label, 11)
            if band.anchor == "start" and band.label_x + w > width:
                band.label_x = max(0.0, width - w)
            elif band.anchor == "end" and band.label_x - w < 0:
                band.label_x = min(width, w)
            band.label_x = round(band.label_x, 1)
        return bands

    def _legend(self, bars: list[Bar], marks: list[Mark], bands: list[Band]) -> list[LegendItem]:
        """What the picture shows, in the legend's order: (shown?, symbol, words) for each thing it may show."""
        kinds = {b.kind for b in bars}
        groups = [g for g in GROUPS if any(m.group == g for m in marks)]
        entries = [
            ("custody" in kinds, "bar-custody", i18n.t("In custody")),
            ("psychiatric" in kinds, "bar-psychiatric", i18n.t("Psychiatric confinement")),
            (any(b.ongoing for b in bars), "ongoing", i18n.t("Still open on {date}", date=short(self.today))),
            (any(b.uncertain for b in bars), "bar-uncertain", i18n.t("Start or end date not certain")),
            *((True, f"shape-{SHAPES[g]}-{g}", i18n.t(GROUP_LABELS[g])) for g in groups),
            (any(m.uncertain for m in marks), "hollow", i18n.t("Hollow: date or event not certain")),
            (any(m.ranged for m in marks), "range", i18n.t("Only the month or year is known")),
            (any(not b.line for b in bands), "band", i18n.t("The mission's visit")),
            (any(b.line for b in bands), "line", i18n.t("Report presented")),
        ]
        return [LegendItem(symbol, words) for shown, symbol, words in entries if shown]

    # ----------------------------------------------------------------- all cases

    def cases_axis(self, width: float = WIDTH) -> Figure:
        """One row per case on a common time axis: custody periods from detention to release,
        or to today when still open; the missions' visits and press conferences across all rows.
        Narrow: each case's name above its row, the axis across the whole width, fewer ticks."""
        narrow = width < WIDTH
        cases = self.graph.cases
        rows = [(c, custody_spans(c)) for c in cases]
        missions = self.graph.missions
        days = [s.start.first_day for _, spans in rows for s in spans]
        days += [s.end.first_day if s.end else self.today for _, spans in rows for s in spans]
        days += [m.start.first_day for m in missions] + [m.end.last_day for m in missions]
        days += [m.press_conference.date.first_day for m in missions if m.press_conference]
        if not days:
            days = [self.today]
        x0, x1 = (6, width - 14) if narrow else (190, WIDTH - 14)
        scale = TimeScale.padded(min(days), max(days), x0, x1)
        top, row = (74, 40) if narrow else (68, 30)
        out: list[dict[str, Any]] = []
        for i, (case, spans) in enumerate(rows):
            name = self.graph.title("case", case.id)
            out.append({"y": top + i * row, "name": name, "bars": self._bars(spans, scale)})
        bands = self._bands(missions, scale, width)
        bottom = top + len(rows) * row
        all_bars = [b for r in out for b in r["bars"]]
        items = self._legend(all_bars, [], bands)
        legend_h = legend(items, bottom + 36, width)
        open_rows = [r["name"] for r in out if any(b.ongoing for b in r["bars"])]
        desc = (i18n.t("One row per case, {n} in all; bars show the periods in custody derived from each case's events.",
                       n=len(rows))
                + (" " + i18n.t("Still open on {date}: {names}.", date=long(self.today), names=", ".join(open_rows))
                   if open_rows else ""))
        figure = Figure(
            id="cases-axis-narrow" if narrow else "cases-axis", title=i18n.t("All cases on one time axis"), desc=desc,
            height=bottom + 36 + legend_h, width=width,
            data={"rows": out, "ticks": _fitting(scale.ticks(4), width) if narrow else scale.ticks(10), "bands": bands, "legend": items, "x0": x0,
                  "x1": x1, "top": top, "bottom": bottom, "row": row, "narrow": narrow},
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
        known = [known_status(c, self.today, self.status_age_years) for c in cases]
        checked = sorted({c.verified for c in cases})
        return {
            "mission": mission, "cases": cases, "then": then, "now": now, "total": len(cases),
            "then_in_custody": sum(s.in_custody for s in then.values()),
            "now_in_custody": sum(k.in_custody_now for k in known),
            "then_counts": [(i18n.agree(STATUS_LABELS[k], "plural"), n, k) for k, n in _by_status(then.values())],
            "now_counts": _by_known(known),
            "checked": _checked(checked[0], checked[-1]) if checked else i18n.t("on no date"),
        }

    def status_chart(self, mission: Mission, width: float = WIDTH) -> Figure:
        c = self.counts(mission)
        checked = c["checked"]
        sections = [
            (i18n.t("At the start of the mission, {date}", date=long(mission.start.first_day)), c["then_counts"]),
            (i18n.t("Newest known status, checked {checked}", checked=checked), c["now_counts"]),
        ]
        figure = self._bars_figure(
            f"statuses-{mission.id}", i18n.t("Status of the mission's {n} cases, then and now", n=c["total"]),
            i18n.t("Number of cases by status at the start of the mission ({date}) and by newest known status (checked "
                   "against the sources {checked}); a status whose newest event is more than {years} years old is "
                   "counted as last known in that year, not as current. Filled bars are statuses in custody, outlined "
                   "bars statuses at liberty.", date=long(mission.start.first_day), checked=checked,
                   years=self.status_age_years),
            [(title, [(label, n, str(n), "bar-custody" if k in IN_CUSTODY else "bar-free")
                      for label, n, k in counts]) for title, counts in sections],
            c["total"], width,
        )
        return figure

    def years_chart(self, width: float = WIDTH) -> Figure:
        rows = self.custody_rows()
        bars = []
        for r in rows:
            label = (i18n.t("about ") if r["approximate"] else "") + r["duration"] + (i18n.t(", still open") if r["ongoing"] else "")
            bars.append((self.graph.title("case", r["case"].id), r["days"], label,
                         "years" + (" ongoing" if r["ongoing"] else "") + (" approximate" if r["approximate"] else "")))
        most = max([b[1] for b in bars] + [1])
        still_open = (" " + i18n.t("A period still open is counted to {date} and drawn hatched.", date=long(self.today))
                      if any(r["ongoing"] for r in rows) else "")
        return self._bars_figure(
            "custody-years", i18n.t("Time in custody per person"),
            i18n.t("Total time in custody of each person, from the custody periods derived from their case's events.")
            + still_open + " " + i18n.t("'About' marks a total whose start or end date is not certain."),
            [("", bars)], most, width,
        )

    def _bars_figure(
        self, fid: str, title: str, desc: str, sections: list[tuple[str, list[tuple]]], most: float,
        width: float = WIDTH,
    ) -> Figure:
        if width < WIDTH:
            return self._bars_figure_narrow(fid, title, desc, sections, most, width)
        # the labels' column is as wide as the longest label needs, which a translation may make
        # longer, and leaves the bars 200 units at least
        x1 = WIDTH - 130
        longest = max([text_width(label) for _, bars in sections for label, *_ in bars] + [0])
        x0 = min(max(250, round(longest) + 16), x1 - 200)
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

    def _bars_figure_narrow(
        self, fid: str, title: str, desc: str, sections: list[tuple[str, list[tuple]]], most: float, width: float
    ) -> Figure:
        """Each bar's label on a line above it and its value right after its end, so that the
        value is never cut off: the longest bar leaves room for the longest value."""
        room = max([text_width(text) for _, bars in sections for _, _, text, _ in bars] + [0])
        x0, x1 = 0, max(width - room - 8, width / 2)
        y = 0.0
        out: list[dict[str, Any]] = []
        for heading, bars in sections:
            if heading:
                y += 24 if out else 0
                for line in wrap(heading, width):
                    y += 16
                    out.append({"heading": line, "y": y})
                y += 4
            for label, value, text, cls in bars:
                w = round((x1 - x0) * value / most, 1) if most else 0
                out.append({"label": label, "y": y + 16, "bar_y": y + 22, "w": max(w, 2 if value else 0), "text": text,
                            "cls": cls})
                y += 42
        figure = Figure(id=f"{fid}-narrow", title=title, desc=desc, height=y + 4, width=width,
                        data={"rows": out, "x0": x0, "x1": x1})
        return self.draw("bars_narrow.svg.j2", figure)


def _by_status(statuses: Iterable[Status]) -> list[tuple[str, int]]:
    counts = Counter(s.key for s in statuses)
    return [(k, counts[k]) for k in STATUS_LABELS if counts[k]]


def _by_known(known: Iterable[Known]) -> list[tuple[str, int, str]]:
    """(label, count, status key) of the newest statuses; an open status older than the age limit
    is its own bar, 'Last known in 2018: On trial, at liberty', never counted with current ones."""
    counts = Counter((k.status.key, k.as_of.year if k.last_known and k.status.key not in OUTCOMES else None)
                     for k in known)
    out = []
    for key in STATUS_LABELS:
        for (k, year), n in sorted(counts.items(), key=lambda item: item[0][1] or 0):
            if k == key:
                label = i18n.agree(STATUS_LABELS[k], "plural")
                out.append((i18n.t("Last known in {year}: {status}", year=year, status=label) if year else label, n, k))
    return out


def _checked(first: dt.date, last: dt.date) -> str:
    if first == last:
        return i18n.t("on {date}", date=long(first))
    return i18n.t("between {first} and {last}", first=long(first), last=long(last))


def _fitting(ticks: list[tuple[float, str]], width: float) -> list[tuple[float, str]]:
    """The ticks whose label, centred on the tick, fits inside the picture."""
    return [(x, label) for x, label in ticks if text_width(label, 11) / 2 <= x <= width - text_width(label, 11) / 2]


__all__ = ["IN_CUSTODY", "Pictures", "build_day"]
