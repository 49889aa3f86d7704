"""Resolve every reference between records and derive what follows from them.

The graph is built once per build, in one pass over the records: references are checked
(with the closest existing ids when one is missing), drafts and private items are dropped
from what is published, and the custody status of each case is derived from its timeline,
so that the status, the timeline and the pictures can never disagree.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from pydantic import BaseModel

from . import background
from .errors import DataError, DataErrors, closest
from .geo import check_place
from .load import Loaded, Origin
from .refs import find_refs
from .model import Case, Event, Mission, Person, Place, Record, Recommendation, Source, When

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
        """Every record of a kind, by id (sorted once: records do not change once the graph is built)."""
        if kind not in self._sorted:
            self._sorted[kind] = [self.records[kind][k] for k in sorted(self.records[kind])]
        return list(self._sorted[kind])

    # Who refers to whom, for the pages of the records referred to. A template that looped
    # over every case for each person, organisation, place or mission would make the build
    # quadratic in the number of records; these are worked out in one pass instead.

    def contacts_by(self, person_id: str) -> list[tuple[Case, Any]]:
        """(case, contact) for each contact of the mission with a case made by this person."""
        return self._index("contacts_by").get(person_id, [])

    def contacts_in(self, mission_id: str) -> list[tuple[Case, list[Any]]]:
        """(case, its contacts in this mission) for each case the mission had contact with."""
        return self._index("contacts_in").get(mission_id, [])

    def held_at(self, place_id: str) -> list[tuple[Case, str]]:
        """(case, role) for each place of detention, then each court, of every case at this place."""
        return self._index("held_at").get(place_id, [])

    def roles_at(self, org_id: str) -> list[tuple[Person, Any]]:
        """(person, role) for each role held at this organisation."""
        return self._index("roles_at").get(org_id, [])

    def missions_with(self, person_id: str) -> list[Mission]:
        """The missions this person was a delegate of."""
        return self._index("missions_with").get(person_id, [])

    def missions_of(self, org_id: str) -> list[Mission]:
        """The missions this organisation organised."""
        return self._index("missions_of").get(org_id, [])

    def recommendations_of(self, mission_id: str) -> list[Recommendation]:
        return self._index("recommendations_of").get(mission_id, [])

    def recommendations_to(self, org_id: str) -> list[Recommendation]:
        return self._index("recommendations_to").get(org_id, [])

    def _index(self, name: str) -> dict[str, list[Any]]:
        if not self._indexes:
            self._indexes.update(_build_indexes(self))
        return self._indexes[name]

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
        self._sorted: dict[str, list[Record]] = {}
        self._indexes: dict[str, dict[str, list[Any]]] = {}

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


@functools.cache
def fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The field names of a model class (pydantic's own accessor is slow in a loop)."""
    return tuple(cls.model_fields)


def _build_indexes(graph: Graph) -> dict[str, dict[str, list[Any]]]:
    """Every index of Graph in one pass over the records, each list in the order of the ids."""
    idx: dict[str, dict[str, list[Any]]] = {
        name: {}
        for name in ("contacts_by", "contacts_in", "held_at", "roles_at", "missions_with", "missions_of", "recommendations_of", "recommendations_to")
    }

    def add(name: str, key: str, item: Any) -> None:
        idx[name].setdefault(key, []).append(item)

    for case in graph.all("case"):
        by_mission: dict[str, list[Any]] = {}
        for contact in case.contacts:  # type: ignore[attr-defined]
            by_mission.setdefault(contact.mission, []).append(contact)
            for pid in dict.fromkeys(contact.by):
                add("contacts_by", pid, (case, contact))
        for mid, contacts in by_mission.items():
            add("contacts_in", mid, (case, contacts))
        for custody in case.custody:  # type: ignore[attr-defined]
            add("held_at", custody.place, (case, custody.role))
        for court in case.courts:  # type: ignore[attr-defined]
            add("held_at", court.place, (case, court.role))
    for person in graph.all("person"):
        for role in person.roles:  # type: ignore[attr-defined]
            if role.organisation:
                add("roles_at", role.organisation, (person, role))
    for mission in graph.all("mission"):
        for pid in dict.fromkeys(mission.delegates):  # type: ignore[attr-defined]
            add("missions_with", pid, mission)
        for oid in dict.fromkeys(mission.organisers):  # type: ignore[attr-defined]
            add("missions_of", oid, mission)
    for rec in graph.all("recommendation"):
        add("recommendations_of", rec.mission, rec)  # type: ignore[attr-defined]
        for oid in dict.fromkeys(rec.addressees):  # type: ignore[attr-defined]
            add("recommendations_to", oid, rec)
    return idx


def references(record: Record) -> Iterator[tuple[str, str]]:
    """(kind, id) of each record this one refers to: its reference fields, its sources and
    the [[kind:id]] in its text fields."""
    for model, _loc in walk(record):
        cls = type(model)
        targets = dict(cls.refs)
        if "sources" in fields(cls):
            targets["sources"] = "source"
        for name, kind in targets.items():
            for _i, rid in _ids(getattr(model, name)):
                yield kind, rid
        for name in fields(cls):
            value = getattr(model, name)
            if isinstance(value, str) and "[[" in value:
                for ref, _raw, _offset in find_refs(value):
                    if ref is not None:
                        yield ref.kind, ref.id
    if isinstance(record, Place) and record.coordinates_source:
        # "geonames:1526384": the source record of the data set the coordinates come from
        yield "source", record.coordinates_source.partition(":")[0]


def preview(graph: Graph, ids: Iterable[str]) -> Graph:
    """The records named (by id, of any kind) and every record they refer to, directly or not.

    Editors preview a few records of a large record this way (setting ``only``): the site
    then has their pages and the index pages, listing only these records, and builds in
    seconds. A reference to a record left out is shown as its name without a link.
    Raises ValueError naming an id that no record has.
    """
    todo: list[tuple[str, str]] = []
    for rid in ids:
        found = [(kind, rid) for kind, by_id in graph.records.items() if rid in by_id]
        if not found:
            near = closest(rid, {r for by_id in graph.records.values() for r in by_id})
            raise ValueError(f"no record has the id '{rid}'" + (f"; closest: {', '.join(near)}" if near else ""))
        todo.extend(found)
    keep: set[tuple[str, str]] = set()
    while todo:
        key = todo.pop()
        if key in keep or key[1] not in graph.records.get(key[0], {}):
            continue
        keep.add(key)
        todo.extend(references(graph.get(*key)))
        if key[0] == "person" and (case := graph.case_of(key[1])):
            todo.append(("case", case.id))  # a person with a case is shown on the case's page
    records = {kind: {rid: r for rid, r in by_id.items() if (kind, rid) in keep} for kind, by_id in graph.records.items()}
    return Graph(records, graph.origins)


def walk(model: BaseModel, loc: tuple[Any, ...] = ()) -> Iterator[tuple[BaseModel, tuple[Any, ...]]]:
    """Every model in a record (the record first), with its location."""
    yield model, loc
    for name in fields(type(model)):
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
    """The record without private items and editors' notes (a copy only where one is dropped)."""
    stripped = _strip(record)
    if stripped.editor_notes is None:
        return stripped
    return stripped.model_copy(update={"editor_notes": None})


def _strip(model: BaseModel) -> Any:
    updates: dict[str, Any] = {}
    for name in fields(type(model)):
        value = getattr(model, name)
        if isinstance(value, BaseModel) and getattr(value, "private", False):
            updates[name] = None  # a required field cannot be private: _check_private says so
        elif isinstance(value, BaseModel):
            new = _strip(value)
            if new is not value:
                updates[name] = new
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            new_list = [_strip(v) for v in value if not getattr(v, "private", False)]
            if len(new_list) != len(value) or any(a is not b for a, b in zip(new_list, value)):
                updates[name] = new_list
    return model.model_copy(update=updates) if updates else model


def published_records(loaded: Loaded, *, drafts: bool = False) -> dict[str, dict[str, Record]]:
    """The records that reach the site: drafts left out (unless asked for), private items stripped."""
    return {kind: {rid: publish(r) for rid, r in by_id.items()} for kind, by_id in shown(loaded, drafts).items()}


def build_graph(loaded: Loaded, *, drafts: bool = False) -> Graph:
    """Check every reference and rule between records; raise DataErrors with all of them."""
    errors: list[DataError] = list(loaded.errors)
    records = published_records(loaded, drafts=drafts)
    case_of: dict[str, str] = {}
    built = [
        (kind, rid, record) for kind, by_id in loaded.records.items() for rid, record in by_id.items()
        if drafts or not record.draft
    ]
    keys = [(kind, rid) for kind, rid, _ in built if (kind, rid) not in loaded.incomplete]
    # at thousands of records, every other record is checked by a second process
    job = background.start(_check_records, keys[1::2], loaded, records) if len(keys) >= background.PARALLEL_FROM else None
    found = _check_records(keys[::2] if job else keys, loaded, records)
    found.update(job.result() if job else {})
    for kind, rid, record in built:
        if (kind, rid) in loaded.incomplete:  # a draft that leaves required fields out
            errors.extend(loaded.incomplete[(kind, rid)])
            continue
        errors.extend(found.get((kind, rid), ()))
        if isinstance(record, Case):
            if record.person in case_of:
                first = loaded.origins[("case", case_of[record.person])].path
                errors.append(
                    loaded.origins[(kind, rid)].error(
                        ("person",), f"'{record.person}' already has a case, {first}; a person has one case record"
                    )
                )
            case_of.setdefault(record.person, rid)
    if errors:
        raise DataErrors(errors)
    return Graph(records, loaded.origins)


def _check_records(keys: list[tuple[str, str]], loaded: Loaded, published: dict[str, dict[str, Record]]) -> dict[tuple[str, str], list[DataError]]:
    """The errors of each of these records that has any."""
    out = {}
    for kind, rid in keys:
        if problems := _check_record(loaded.records[kind][rid], loaded.origins[(kind, rid)], loaded, published):
            out[(kind, rid)] = problems
    return out


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
        names = fields(type(model))
        targets = dict(type(model).refs)
        if "sources" in names:
            targets["sources"] = "source"
        for name, kind in targets.items():
            for i, rid in _ids(getattr(model, name)):
                problem = resolve(kind, rid, loaded, published)
                if problem:
                    errors.append(origin.error(loc + (name,) + ((i,) if i is not None else ()), problem))
        for name in names:
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
