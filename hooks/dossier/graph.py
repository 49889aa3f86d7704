"""Resolve every reference between records and derive what follows from them.

The graph is built once per build, in one pass over the records: references are checked
(with the closest existing ids when one is missing), drafts and private items are dropped
from what is published, and the custody status of each case is derived from its timeline,
so that the status, the timeline and the pictures can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterator

from pydantic import BaseModel

from .errors import DataError, DataErrors, closest
from .geo import check_place
from .load import Loaded, Origin
from .refs import find_refs
from .model import Account, Case, Name, Event, Mission, Person, Place, Record, Recommendation, Source, When

# --------------------------------------------------------------------------- custody


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


# --------------------------------------------------------------------------- the graph


@dataclass
class Graph:
    records: dict[str, dict[str, Record]]
    origins: dict[tuple[str, str], Origin]
    #: (kind, id) -> source paths of the pages that mention the record
    mentions: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    #: (kind, id) -> when the record's data file last changed (history.Changed), set by the hook
    changed: dict[tuple[str, str], Any] = field(default_factory=dict)

    def get(self, kind: str, rid: str) -> Record:
        return self.records[kind][rid]

    def all(self, kind: str) -> list[Record]:
        return [self.records[kind][k] for k in sorted(self.records[kind])]

    @property
    def cases(self) -> list[Case]:
        return self.all("case")  # type: ignore[return-value]

    @property
    def missions(self) -> list[Mission]:
        return self.all("mission")  # type: ignore[return-value]

    def case_of(self, person_id: str) -> Case | None:
        return self._case_by_person.get(person_id)

    def __post_init__(self) -> None:
        self._case_by_person = {c.person: c for c in self.records.get("case", {}).values()}  # type: ignore[attr-defined]

    def title(self, kind: str, rid: str) -> str:
        r = self.records[kind][rid]
        if isinstance(r, Case):
            return self.records["person"][r.person].name  # type: ignore[attr-defined]
        if isinstance(r, Source):
            return r.title
        return getattr(r, "name", None) or getattr(r, "title", None) or rid

    def page(self, kind: str, rid: str) -> tuple[str, str | None]:
        """(source path of the page, anchor) where a record is shown."""
        if kind == "person" and (case := self.case_of(rid)):
            return f"cases/{case.id}.md", None
        return {
            "case": (f"cases/{rid}.md", None),
            "person": (f"people/{rid}.md", None),
            "organisation": (f"organisations/{rid}.md", None),
            "mission": (f"missions/{rid}.md", None),
            "source": ("sources.md", rid),
            "place": ("places.md", rid),
            "recommendation": ("recommendations.md", rid),
        }[kind]


#: the pages generated besides one per record (render.render_pages); a test keeps the two in step
FIXED_PAGES = (
    "cases/index.md", "people/index.md", "organisations/index.md", "recommendations.md", "places.md",
    "sources.md", "map.md", "data.md", "corrections.md", "about/data-dictionary.md",
    "report/recommendations.md", "report/follow-up.md", "report/sources.md", "report/print.md",
)


def generated_paths(graph: Graph) -> set[str]:
    """The source paths of every page the build generates, known before anything is rendered."""
    paths = set(FIXED_PAGES)
    for kind in ("case", "person", "organisation", "mission"):
        paths.update(graph.page(kind, rid)[0] for rid in graph.records.get(kind, {}))
    return paths


def walk(model: BaseModel, loc: tuple[Any, ...] = ()) -> Iterator[tuple[BaseModel, tuple[Any, ...]]]:
    """Every model in a record (the record first), with its location."""
    yield model, loc
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from walk(value, loc + (name,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from walk(item, loc + (name, i))


def _ids(value: Any) -> list[tuple[int | None, str]]:
    if value is None:
        return []
    if isinstance(value, list):
        return list(enumerate(value))
    return [(None, value)]


def publish(record: Record) -> Record:
    """A copy without private items and editors' notes."""
    updates: dict[str, Any] = {"editor_notes": None}
    return _strip(record).model_copy(update=updates)


def _strip(model: BaseModel) -> Any:
    updates: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel) and getattr(value, "private", False):
            updates[name] = None  # a required field cannot be private: _check_private says so
        elif isinstance(value, BaseModel):
            updates[name] = _strip(value)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            updates[name] = [_strip(v) for v in value if not getattr(v, "private", False)]
    return model.model_copy(update=updates)


def published_records(loaded: Loaded, *, drafts: bool = False) -> dict[str, dict[str, Record]]:
    """The records that reach the site: drafts left out (unless asked for), private items stripped."""
    return {kind: {rid: publish(r) for rid, r in by_id.items()} for kind, by_id in shown(loaded, drafts).items()}


def build_graph(loaded: Loaded, *, drafts: bool = False) -> Graph:
    """Check every reference and rule between records; raise DataErrors with all of them."""
    errors: list[DataError] = list(loaded.errors)
    records = published_records(loaded, drafts=drafts)
    case_of: dict[str, str] = {}
    for kind, by_id in loaded.records.items():
        for rid, record in by_id.items():
            if record.draft and not drafts:
                continue
            if (kind, rid) in loaded.incomplete:  # a draft that leaves required fields out
                errors.extend(loaded.incomplete[(kind, rid)])
                continue
            origin = loaded.origins[(kind, rid)]
            errors.extend(_check_record(record, origin, loaded, records))
            if isinstance(record, Case):
                if record.person in case_of:
                    first = loaded.origins[("case", case_of[record.person])].path
                    errors.append(
                        origin.error(("person",), f"'{record.person}' already has a case, {first}; a person has one case record")
                    )
                case_of.setdefault(record.person, rid)
    if errors:
        raise DataErrors(errors)
    return Graph(records, loaded.origins)


def shown(loaded: Loaded, drafts: bool) -> dict[str, dict[str, Record]]:
    """The records a build shows: those that are not drafts, and with DRAFTS=1 the complete drafts too."""
    return {
        kind: {rid: r for rid, r in by_id.items() if (drafts or not r.draft) and (kind, rid) not in loaded.incomplete}
        for kind, by_id in loaded.records.items()
    }


def resolve(kind: str, rid: str, loaded: Loaded, published: dict[str, dict[str, Record]]) -> str | None:
    """None when kind:rid is a published record, else what is wrong with the reference."""
    if kind not in published:
        return f"unknown record type '{kind}'; use one of {', '.join(sorted(published))}"
    if rid in published[kind] or (kind, rid) in loaded.broken:
        return None  # a record that failed to load has its own error already
    if rid in loaded.records.get(kind, {}):
        return f"{kind} '{rid}' is a draft; publish it (draft: false) or remove the reference"
    if (kind, rid) in loaded.broken:
        return None  # its file has errors of its own, reported already
    others = [k for k, by_id in published.items() if rid in by_id]
    if others:
        return f"'{rid}' is {_a(others[0])}, not {_a(kind)}"
    near = closest(rid, published[kind])
    suggestion = f"; closest: {', '.join(near)}" if near else ""
    return f"no {kind} with id '{rid}'{suggestion}"


def _a(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _check_record(record: Record, origin: Origin, loaded: Loaded, published: dict[str, dict[str, Record]]) -> list[DataError]:
    errors: list[DataError] = []
    for model, loc in walk(record):
        targets = dict(type(model).refs)
        if "sources" in type(model).model_fields:
            targets["sources"] = "source"
        for name, kind in targets.items():
            for i, rid in _ids(getattr(model, name)):
                problem = resolve(kind, rid, loaded, published)
                if problem:
                    errors.append(origin.error(loc + (name,) + ((i,) if i is not None else ()), problem))
        sources = getattr(model, "sources", None)
        # an account in a conflict and a spelling are attributed to their source by design
        if sources and not isinstance(model, (Account, Name)) and all(
            getattr(published["source"].get(s), "weak", False) for s in sources
        ) and getattr(model, "certainty", None) != "disputed":
            errors.append(
                origin.error(
                    loc + ("sources",),
                    "cites only mirror, blog or low-reliability sources; add a stronger source or mark certainty: disputed",
                )
            )
        for name in type(model).model_fields:
            value = getattr(model, name)
            if isinstance(value, str) and "[[" in value:
                for ref, raw, _ in find_refs(value):
                    problem = "write [[type:id]], e.g. [[case:ardak-ashim]]" if ref is None else resolve(
                        ref.kind, ref.id, loaded, published
                    )
                    if problem:
                        errors.append(origin.error(loc + (name,), f"[[{raw}]]: {problem}"))
    errors.extend(_check_private(record, origin))
    if isinstance(record, Case):
        errors.extend(_check_timeline(record, origin))
    if isinstance(record, Place):
        errors.extend(origin.error((name,), message) for name, message in check_place(record))
        dataset = (record.coordinates_source or "").partition(":")[0]
        if dataset and (problem := resolve("source", dataset, loaded, published)):
            errors.append(origin.error(("coordinates_source",), f"'{dataset}' names no source record: {problem}"))
    if isinstance(record, Recommendation):
        for i in range(1, len(record.follow_up)):
            if record.follow_up[i].date < record.follow_up[i - 1].date:
                errors.append(origin.error(("follow_up", i, "date"), "follow-up out of date order (oldest first)"))
    return errors


#: event kinds from which the custody status is derived; hiding one would make the published status wrong
CUSTODY_KINDS = ("detained", "remanded", "sentenced", "confined", "confinement-ended", "trial-opened",
                 "released", "sentence-completed", "died")


def _check_private(record: Record, origin: Origin) -> list[DataError]:
    """A private item is left out of every output, so it must be one that can be left out."""
    errors = []
    for model, loc in walk(record):
        for name, info in type(model).model_fields.items():
            value = getattr(model, name)
            if info.is_required() and getattr(value, "private", False):
                errors.append(origin.error(loc + (name, "private"), f"'{name}' is required, so it cannot be private"))
        if isinstance(model, Event) and model.private and model.kind in CUSTODY_KINDS:
            errors.append(
                origin.error(
                    loc + ("private",),
                    f"a '{model.kind}' event cannot be private: the published custody status is derived from it",
                )
            )
    return errors


def _check_timeline(case: Case, origin: Origin) -> list[DataError]:
    errors = []
    for i in range(1, len(case.timeline)):
        prev, cur = case.timeline[i - 1].date, case.timeline[i].date
        if cur < prev:
            errors.append(
                origin.error(("timeline", i, "date"), f"{cur.iso()} comes before the previous event ({prev.iso()}); keep the timeline oldest first")
            )
    status = "free"
    for i, (event, after) in enumerate(custody_states(case.timeline)):
        if event.kind in ("released", "confinement-ended") and status not in IN_CUSTODY:
            errors.append(origin.error(("timeline", i, "kind"), f"'{event.kind}' on {event.date.iso()} but the person is not in custody before it (no detention earlier in the timeline)"))
        if status == "deceased" and event.kind in ("detained", "released", "confined"):
            errors.append(origin.error(("timeline", i, "kind"), f"'{event.kind}' after the person's death"))
        status = after.key
    return errors
