"""Check every reference and rule between records, and build the graph of those that pass.

Each reference is resolved against the published records (with the closest existing ids
when one is missing); the rules that span a record (timelines in order, private items that
may be left out) are checked here too; the weak-source rule is ``sourcing``, so that one run reports them all.
"""

from __future__ import annotations

from pathlib import Path

from .errors import DataError, DataErrors, closest
from .geo import check_place
from .graph import Graph, field_refs, fields, published_records, walk
from .load import Loaded, Origin
from .model import Case, Event, Person, Place, Recommendation, Record
from .model_blocks import MAX_PHOTO_BYTES, PHOTO_FORMATS
from .refs import find_refs
from .status import IN_CUSTODY, custody_states


def build_graph(loaded: Loaded, *, drafts: bool = False) -> Graph:
    """Check every reference and rule between records; raise DataErrors with all of them."""
    errors: list[DataError] = list(loaded.errors)
    records = published_records(loaded, drafts=drafts)
    case_of: dict[str, str] = {}
    built = [
        (kind, rid, record) for kind, by_id in loaded.records.items() for rid, record in by_id.items()
        if drafts or not record.draft
    ]
    for kind, rid, record in built:
        if (kind, rid) in loaded.incomplete:  # a draft that leaves required fields out
            errors.extend(loaded.incomplete[(kind, rid)])
            continue
        errors.extend(_check_record(record, loaded.origins[(kind, rid)], loaded, records))
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


def resolve(kind: str, rid: str, loaded: Loaded, published: dict[str, dict[str, Record]]) -> str | None:
    """None when kind:rid is a published record, else what is wrong with the reference."""
    if kind not in published:
        return f"unknown record type '{kind}'; use one of {', '.join(sorted(published))}"
    if rid in published[kind] or (kind, rid) in loaded.broken:
        return None  # a record that failed to load has its own error already
    if rid in loaded.records.get(kind, {}):
        return f"{kind} '{rid}' is a draft; publish it (draft: false) or remove the reference"
    others = [k for k, by_id in published.items() if rid in by_id]
    if others:
        return f"'{rid}' is {_a(others[0])}, not {_a(kind)}"
    near = closest(rid, published[kind])
    suggestion = f"; closest: {', '.join(near)}" if near else ""
    return f"no {kind} with id '{rid}'{suggestion}"


def _a(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _check_record(
    record: Record, origin: Origin, loaded: Loaded, published: dict[str, dict[str, Record]]
) -> list[DataError]:
    errors: list[DataError] = []
    for model, loc in walk(record):
        names = fields(type(model))
        for where, kind, rid in field_refs(model):
            if problem := resolve(kind, rid, loaded, published):
                errors.append(origin.error(loc + where, problem))
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
                origin.error(
                    ("timeline", i, "date"),
                    f"{cur.iso()} comes before the previous event ({prev.iso()}); keep the timeline oldest first",
                )
            )
    status = "free"
    for i, (event, after) in enumerate(custody_states(case.timeline)):
        if event.kind in ("released", "confinement-ended") and status not in IN_CUSTODY:
            errors.append(
                origin.error(
                    ("timeline", i, "kind"),
                    f"'{event.kind}' on {event.date.iso()} but the person is not in custody before it "
                    "(no detention earlier in the timeline)",
                )
            )
        if status == "deceased" and event.kind in ("detained", "released", "confined"):
            errors.append(origin.error(("timeline", i, "kind"), f"'{event.kind}' after the person's death"))
        status = after.key
    return errors


def check_photos(loaded: Loaded, root: Path) -> list[DataError]:
    """Each person's photo: the file is there, no larger than MAX_PHOTO_BYTES, and is the image its
    name says (a renamed .gif or a web page saved as .jpg would show as a broken picture)."""
    errors = []
    for rid, person in loaded.records.get("person", {}).items():
        if not isinstance(person, Person) or person.photo is None:
            continue
        origin, name = loaded.origins[("person", rid)], person.photo.file
        full = root / name
        if not full.is_file():
            errors.append(origin.error(("photo", "file"), f"no file {name}; the path is from the project's folder"))
            continue
        size = full.stat().st_size
        if size > MAX_PHOTO_BYTES:
            errors.append(origin.error(
                ("photo", "file"), f"{name} is {size // 1024} KB; a photo may be at most {MAX_PHOTO_BYTES // 1024} KB"
            ))
        with full.open("rb") as f:
            head = f.read(12)
        ending = "." + name.rsplit(".", 1)[-1].lower()
        if not head.startswith(PHOTO_FORMATS[ending]) or (ending == ".webp" and head[8:12] != b"WEBP"):
            errors.append(origin.error(("photo", "file"), f"{name} is not a {ending[1:]} image, though its name says so"))
    return errors
