"""The published records, linked: who refers to whom, and where each record is shown.

The graph is built once per build (``checks.build_graph``), after every reference has been
checked; drafts and private items are dropped from what is published. It is read-only from
then on: later stages pass what they work out (the last-changed dates, the backlinks) along
themselves.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from pydantic import BaseModel

from . import i18n
from .errors import closest
from .load import Loaded, Origin
from .model import Case, Mission, Person, Place, Recommendation, Record, Source
from .pages import BY_KIND_PAGE, FIXED_PAGES, OWN_PAGES
from .refs import find_refs

T = TypeVar("T", bound=Record)


@dataclass
class Graph:
    records: dict[str, dict[str, Record]]
    origins: dict[tuple[str, str], Origin]

    @overload
    def get(self, kind: type[T], rid: str) -> T: ...
    @overload
    def get(self, kind: str, rid: str) -> Record: ...

    def get(self, kind: type[Record] | str, rid: str) -> Any:
        """One record, by its type (code: typed) or its kind's name (templates)."""
        return self.records[kind if isinstance(kind, str) else kind.kind][rid]

    @overload
    def all(self, kind: type[T]) -> list[T]: ...
    @overload
    def all(self, kind: str) -> list[Record]: ...

    def all(self, kind: type[Record] | str) -> list[Any]:
        """Every record of a kind, by id (sorted once: records do not change once the graph is built)."""
        name = kind if isinstance(kind, str) else kind.kind
        if name not in self._sorted:
            self._sorted[name] = [self.records[name][k] for k in sorted(self.records[name])]
        return list(self._sorted[name])

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

    def cases_of_mission(self, mission_id: str) -> list[Case]:
        """The cases this mission took up (had contact with), by id."""
        return [case for case, _contacts in self.contacts_in(mission_id)]

    def _index(self, name: str) -> dict[str, list[Any]]:
        if not self._indexes:
            self._indexes.update(_build_indexes(self))
        return self._indexes[name]

    @property
    def cases(self) -> list[Case]:
        return self.all(Case)

    @property
    def missions(self) -> list[Mission]:
        return self.all(Mission)

    def case_of(self, person_id: str) -> Case | None:
        return self._case_by_person.get(person_id)

    def __post_init__(self) -> None:
        self._sorted: dict[str, list[Record]] = {}
        cases = self.records.get("case", {}).values()
        self._case_by_person = {c.person: c for c in cases if isinstance(c, Case)}
        self._indexes: dict[str, dict[str, list[Any]]] = {}

    def title(self, kind: str, rid: str) -> str:
        r = self.records[kind][rid]
        if isinstance(r, Case):
            return i18n.local_name(self.get(Person, r.person))
        if isinstance(r, Person):
            return i18n.local_name(r)
        if isinstance(r, Source):
            return r.title
        return getattr(r, "name", None) or getattr(r, "title", None) or rid

    def page(self, kind: str, rid: str) -> tuple[str, str | None]:
        """(source path of the page, anchor) where a record is shown (see pages.py)."""
        if kind == "person" and (case := self.case_of(rid)):
            return BY_KIND_PAGE["case"].path(case.id)
        return BY_KIND_PAGE[kind].path(rid)


def generated_paths(graph: Graph) -> set[str]:
    """The source paths of every page the build generates, known before anything is rendered."""
    paths = set(FIXED_PAGES)
    for t in OWN_PAGES:
        paths.update(graph.page(t.kind, rid)[0] for rid in graph.records.get(t.kind, {}))
    return paths


@functools.cache
def fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The field names of a model class (pydantic's own accessor is slow in a loop)."""
    return tuple(cls.model_fields)


def _build_indexes(graph: Graph) -> dict[str, dict[str, list[Any]]]:
    """Every index of Graph in one pass over the records, each list in the order of the ids."""
    idx: dict[str, dict[str, list[Any]]] = {
        name: {}
        for name in (
            "contacts_by",
            "contacts_in",
            "held_at",
            "roles_at",
            "missions_with",
            "missions_of",
            "recommendations_of",
            "recommendations_to",
        )
    }

    def add(name: str, key: str, item: Any) -> None:
        idx[name].setdefault(key, []).append(item)

    for case in graph.all(Case):
        by_mission: dict[str, list[Any]] = {}
        for contact in case.contacts:
            by_mission.setdefault(contact.mission, []).append(contact)
            for pid in dict.fromkeys(contact.by):
                add("contacts_by", pid, (case, contact))
        for mid, contacts in by_mission.items():
            add("contacts_in", mid, (case, contacts))
        for custody in case.custody:
            add("held_at", custody.place, (case, custody.role))
        for court in case.courts:
            add("held_at", court.place, (case, court.role))
    for person in graph.all(Person):
        for role in person.roles:
            if role.organisation:
                add("roles_at", role.organisation, (person, role))
    for mission in graph.all(Mission):
        for pid in dict.fromkeys(mission.delegates):
            add("missions_with", pid, mission)
        for oid in dict.fromkeys(mission.organisers):
            add("missions_of", oid, mission)
    for rec in graph.all(Recommendation):
        add("recommendations_of", rec.mission, rec)
        for oid in dict.fromkeys(rec.addressees):
            add("recommendations_to", oid, rec)
    return idx


def references(record: Record) -> Iterator[tuple[str, str]]:
    """(kind, id) of each record this one refers to: its reference fields, its sources and
    the [[kind:id]] in its text fields."""
    for model, _loc in walk(record):
        cls = type(model)
        for _where, kind, rid in field_refs(model):
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
    records = {
        kind: {rid: r for rid, r in by_id.items() if (kind, rid) in keep} for kind, by_id in graph.records.items()
    }
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


@functools.cache
def ref_fields(cls: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(field, kind of the records it names) of each reference field of a model, its sources included."""
    targets = dict(getattr(cls, "refs", {}))
    if "sources" in fields(cls):
        targets["sources"] = "source"
    return tuple(targets.items())


def field_refs(model: BaseModel) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """(location in the model, kind, id) of each record a model's reference fields name."""
    for name, kind in ref_fields(type(model)):
        for i, rid in _ids(getattr(model, name)):
            yield (name,) + ((i,) if i is not None else ()), kind, rid


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


def shown(loaded: Loaded, drafts: bool) -> dict[str, dict[str, Record]]:
    """The records a build shows: those that are not drafts, and with DRAFTS=1 the complete drafts too."""
    return {
        kind: {rid: r for rid, r in by_id.items() if (drafts or not r.draft) and (kind, rid) not in loaded.incomplete}
        for kind, by_id in loaded.records.items()
    }


