"""What the records say about the state of things, derived and never stored: the custody
status of a case from its timeline, and how far a recommendation has been followed up.

The status, the timeline and the pictures all derive from ``custody_states``, so that they
can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Status:
    key: str
    since: When | None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.key]

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
    status = Status("free", None)
    for event, after in custody_states(case.timeline):
        if day is not None and event.date.first_day > day:
            break
        status = after
    return status


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


