"""What the records say about the state of things, derived and never stored: the custody
status of a case from its timeline, and how far a recommendation has been followed up.

The status, the timeline and the pictures all derive from ``custody_states``, so that they
can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import i18n
from .model import Case, Event, Recommendation, When

STATUS_LABELS = {
    "free": "Not in custody",
    "pre-trial": "In pre-trial detention",
    "serving": "Serving a prison sentence",
    "psychiatric": "In psychiatric confinement",
    "at-liberty": "At liberty",
    "on-trial": "On trial, at liberty",
    "released": "Released",
    "sentence-completed": "Sentence completed",
    "deceased": "Deceased",
}
IN_CUSTODY = {"pre-trial", "serving", "psychiatric"}
#: statuses that end a story: counted as what they are however old they are ("4 released or deceased")
OUTCOMES = {"released", "sentence-completed", "deceased"}
#: a status whose newest event is older than this many years is only the "last known" one
#: (extra.dossier.status_age_years of mkdocs.yml)
DEFAULT_STATUS_AGE_YEARS = 2


@dataclass(frozen=True)
class Status:
    key: str
    since: When | None
    #: the grammatical gender of the person it is said of, where a translation gives it, so that
    #: the label agrees ("Освобождена"); None: the catalogue's form for anyone ("Освобождён(а)")
    gender: str | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        return i18n.agree(STATUS_LABELS[self.key], self.gender)

    @property
    def in_custody(self) -> bool:
        return self.key in IN_CUSTODY


@dataclass(frozen=True)
class Span:
    """A period in custody: kind 'custody' or 'psychiatric'; end None means ongoing."""

    kind: str
    start: When
    end: When | None
    end_kind: str | None
    #: the events that opened and closed the span, so that pictures can show how sure their dates are
    start_event: Event | None = field(default=None, compare=False)
    end_event: Event | None = field(default=None, compare=False)


def custody_states(timeline: list[Event]) -> Iterator[tuple[Event, Status]]:
    """The status after each event, in timeline order."""
    status = Status("free", None)
    for event in timeline:
        k = event.kind
        new = status.key
        if k in ("detained", "remanded"):
            new = status.key if status.in_custody else "pre-trial"
        elif k == "sentenced":
            new = "serving" if status.in_custody else status.key
        elif k == "confined":
            new = "psychiatric"
        elif k == "confinement-ended":
            new = "at-liberty"
        elif k == "trial-opened" and not status.in_custody and status.key != "deceased":
            new = "on-trial"
        elif k == "released":
            new = "released"
        elif k == "sentence-completed":
            new = "sentence-completed"
        elif k == "died":
            new = "deceased"
        if new != status.key:
            status = Status(new, event.date)
        yield event, status


def status_at(case: Case, day: dt.date | None = None) -> Status:
    """The derived status on a day (the newest known one when day is None)."""
    status = Status("free", None, case.gender)
    for event, after in custody_states(case.timeline):
        if day is not None and event.date.first_day > day:
            break
        status = Status(after.key, after.since, case.gender)
    return status


@dataclass(frozen=True)
class Known:
    """A case's newest status as a reader may take it on a given day: its date, and whether
    it is only the last known one (its newest event older than the age limit)."""

    status: Status
    as_of: When  #: the newest event known from the sources
    last_known: bool

    @property
    def in_custody_now(self) -> bool:
        """In custody, and known to be so recently: a last known status is never counted as current."""
        return self.status.in_custody and not self.last_known


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def known_status(case: Case, today: dt.date, max_age_years: int = DEFAULT_STATUS_AGE_YEARS) -> Known:
    """The newest status, marked as only the last known one when the newest event is older than
    max_age_years on today. A death is never 'last known': it is final."""
    status = status_at(case)
    as_of = case.timeline[-1].date
    old = as_of.last_day < years_before(today, max_age_years)
    return Known(status, as_of, old and status.key != "deceased")


@dataclass(frozen=True)
class Tally:
    """The newest statuses of some cases, counted so that nothing old passes for current."""

    total: int
    in_custody_now: int  #: in custody, and known recently
    outcomes: int  #: released, sentence completed or deceased, whenever it happened
    last_known: dict[int, int]  #: year of the newest event -> cases with only an old, open status
    other_now: int  #: recent statuses at liberty that end nothing (on trial at liberty, ...)

    @property
    def phrase(self) -> str:
        """'4 released or deceased, 1 last known in 2018'."""
        parts = []
        if self.in_custody_now:
            parts.append(i18n.t("{n} in custody", n=self.in_custody_now))
        if self.outcomes:
            parts.append(i18n.t("{n} released or deceased", n=self.outcomes))
        if self.other_now:
            parts.append(i18n.t("{n} at liberty", n=self.other_now))
        parts += [i18n.t("{n} last known in {year}", n=n, year=year) for year, n in sorted(self.last_known.items())]
        return ", ".join(parts)


def tally(known: list[Known]) -> Tally:
    stale: dict[int, int] = {}
    for k in known:
        if k.last_known and k.status.key not in OUTCOMES:
            stale[k.as_of.year] = stale.get(k.as_of.year, 0) + 1
    return Tally(
        total=len(known),
        in_custody_now=sum(k.in_custody_now for k in known),
        outcomes=sum(k.status.key in OUTCOMES for k in known),
        last_known=stale,
        other_now=sum(not k.last_known and not k.status.in_custody and k.status.key not in OUTCOMES for k in known),
    )


def custody_spans(case: Case) -> list[Span]:
    spans: list[Span] = []
    open_kind: str | None = None
    opened: Event | None = None
    for event, status in custody_states(case.timeline):
        kind = "psychiatric" if status.key == "psychiatric" else "custody" if status.in_custody else None
        if kind != open_kind:
            if open_kind and opened:
                spans.append(Span(open_kind, opened.date, event.date, event.kind, opened, event))
            open_kind, opened = kind, (event if kind else None)
    if open_kind and opened:
        spans.append(Span(open_kind, opened.date, None, None, opened, None))
    return spans


def recommendation_status(rec: Recommendation) -> str:
    effects = {f.effect for f in rec.follow_up}
    if "implements" in effects:
        return "implemented"
    if "partly-implements" in effects:
        return "partly implemented"
    return "no follow-up found"


