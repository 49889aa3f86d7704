"""The pieces every picture is made of: the build day, scales, the view models the SVG
templates draw, custody periods in words and the legend's layout.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any

from . import i18n
from .model import Event, When
from .status import Span

WIDTH = 760  # the wide pictures' viewBox width; CSS scales it to the column
#: the narrow pictures' viewBox width, for phones: shown at 288-343 px in a 320-375 px screen,
#: so that their smallest text (11 units) stays at 9.9 px or more
NARROW = 320

#: event kind -> group; a group has its own marker shape (and colour), so print in black and white
#: still tells them apart
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
#: what each event kind is called in a picture's row: a reader's words, never the data's kind names
EVENT_WORDS = {
    "detained": "detained", "remanded": "remanded in custody", "charged": "charged", "charge-changed": "charge changed", "confined": "psychiatric confinement",
    "confinement-extended": "confinement extended", "confinement-ended": "confinement ended",
    "trial-opened": "trial opened", "hearing": "court hearing", "sentenced": "sentenced",
    "sentence-reduced": "sentence reduced", "transferred": "transferred", "ill-treatment": "mistreatment",
    "complaint": "complaint", "health": "health", "mission-contact": "the mission's contact",
    "international": "international response", "appeal-rejected": "appeal rejected",
    "release-refused": "early release refused", "release-cancelled": "early release cancelled",
    "released": "released", "sentence-completed": "sentence completed", "died": "died", "other": "other event",
}


def build_day() -> dt.date:
    """The day a build stands for: SOURCE_DATE_EPOCH when set, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


def short(when: When | dt.date, *, label: bool = True) -> str:
    """'21 May 2009', 'May 2009' or '2009': exactly the precision the sources give, with the
    date's qualifier ('17 Jan 2022 (year inferred)'). label=False only where the picture marks
    the date as not certain itself (a hollow mark, explained in its legend)."""
    if isinstance(when, dt.date):
        return i18n.active().short(when.year, when.month, when.day)
    words = i18n.active().short(when.year, when.month, when.day)
    return f"{words} ({i18n.t(when.qualifier)})" if label and when.qualifier else words


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


def wrap(text: str, width: float, size: float = 12) -> list[str]:
    """Break a label into lines that fit `width` (by the estimate of `text_width`)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


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
        return [(self(d), i18n.active().short(d.year, d.month)) for d in months if (d.month - 1) % step == 0]


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
    label_x: float = 0
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
    width: float = WIDTH  # the viewBox width: WIDTH, or NARROW for the phone layout

    @property
    def variant(self) -> str:
        return "wide" if self.width >= WIDTH else "narrow"


def span_text(span: Span, today: dt.date) -> str:
    kind = i18n.t("In psychiatric confinement" if span.kind == "psychiatric" else "In custody")
    if span.end is None:
        return i18n.t("{kind} since {start}, still so on {today} as far as the sources tell",
                      kind=kind, start=span.start.human(after=True), today=long(today))
    return i18n.t("{kind} from {start} to {end}", kind=kind, start=span.start.human(after=True),
                  end=span.end.human(after=True))


def span_days(span: Span, today: dt.date) -> int:
    """Length in days, from the first day the start date stands for to the first day of the end
    (or to today when the period is still open)."""
    end = span.end.first_day if span.end else today
    return max(0, (end - span.start.first_day).days)


def span_uncertain(span: Span) -> bool:
    return uncertain(span.start_event) or uncertain(span.end_event)


def duration(days: int) -> str:
    """'12 days', '2.5 years' ('12 дней', '2,5 года' in Russian: a fraction takes one form)."""
    if days < 365:
        return i18n.plural(days, "day")
    return i18n.t("{n} years", n=i18n.num(days / 365.25, 1))


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
