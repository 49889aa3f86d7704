"""Typed records: the one source of truth for the data's shape.

Every record type is a pydantic model that forbids unknown fields, so a typo such as
``staus:`` is an error and never silently ignored. Every field declares its description
once, here; the data dictionary, the JSON Schemas and the editors' completion are all
generated from these declarations.

Nothing here knows about files or MkDocs: ``load`` turns YAML into plain values with
positions, this module says whether those values are a valid record.
"""

from __future__ import annotations

import functools
from typing import Any, ClassVar, Literal, Optional

from pydantic import (
    Field,
    PrivateAttr,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .model_blocks import (  # the building blocks; re-exported, so every type is imported from .model
    Conflict,
    DateCertainty,
    Fact,
    Name,
    Photo,
    Record,
    Role,
    Strict,
    _check_range,
    _qualified,
)
from .model_values import (
    CERTAINTY_HELP,
    NOTE_HELP,
    PLACE_CERTAINTY_HELP,
    Certainty,
    Day,
    Id,
    SourceIds,
    Text,
    Url,
    When,
    Words,
    qualifier_label,
)

# --------------------------------------------------------------------------- record types


class Source(Record):
    """A public document that facts are drawn from."""
    refs: ClassVar[dict[str, str]] = {"copy_of": "source"}

    kind: ClassVar[str] = "source"
    folder: ClassVar[str] = "sources"

    publisher: str = Field(min_length=1, description="Who published it (newspaper, NGO, institution).")
    title: str = Field(min_length=1, description="The document's title, in its own language.")
    url: Url
    date: When | Literal["undated"] = Field(
        description="Publication date as the page shows it; 'undated' when the page shows none."
    )
    date_note: str | None = Field(
        None,
        description="For undated pages: the period that the content implies, e.g. 'content implies May 2018'; "
        "for a date that is implied, how.",
    )
    date_certainty: Literal["year-implied", "implied"] | None = Field(
        None,
        description="When the page does not show the date as given: 'year-implied' (it shows the day and "
        "month, the year follows from the content) or 'implied' (the whole date follows from the content "
        "or the address). Say how in 'date_note'. The date is then always shown with '(year implied)' or "
        "'(date implied)'.",
    )
    language: str = Field(pattern=r"^[a-z]{2}$", description="ISO 639-1 code of the document's language.")
    reliability: Literal["primary", "press", "ngo", "mirror", "blog", "low"] = Field(
        description="primary: the institution's own text; press; ngo; mirror: a copy on a third-party site; "
        "blog and low: never the only source of a published fact."
    )
    note: Words | None = Field(None, description="Anything a reader should know about the source.")
    copy_of: Id | None = Field(
        None,
        description="For a mirror: the id of the source record of the document it copies, when that "
        "document's own address is known; pages then give that address first and this copy beside it.",
    )

    @model_validator(mode="after")
    def _copy(self) -> Source:
        if self.copy_of and self.reliability != "mirror":
            raise PydanticCustomError(
                "copy_of", "only a copy (reliability: mirror) names the original it copies, in copy_of"
            )
        return self

    @property
    def weak(self) -> bool:
        return self.reliability in ("mirror", "blog", "low")

    @field_validator("date_certainty")
    @classmethod
    def _implied_how(cls, certainty: str | None, info: ValidationInfo) -> str | None:
        if certainty and info.data.get("date") == "undated":
            raise PydanticCustomError(
                "date_certainty",
                "an undated source has no date to qualify; say what the content implies in 'date_note'",
            )
        if certainty and "date_note" in info.data and not info.data["date_note"]:
            raise PydanticCustomError("date_certainty", "say in 'date_note' how the date is implied")
        return certainty

    @model_validator(mode="after")
    def _qualify_date(self) -> Source:
        if self.date_certainty:
            part = "year" if self.date_certainty == "year-implied" else "date"
            self.date = _qualified(self.date, qualifier_label("implied", part))
        return self


class Place(Record):
    """A city, region, facility or court: where people were held, tried or met."""
    refs: ClassVar[dict[str, str]] = {"within": "place"}

    kind: ClassVar[str] = "place"
    folder: ClassVar[str] = "places"

    name: str = Field(min_length=1, description="The name the site uses.")
    type: Literal["country", "region", "city", "facility", "court"] = Field(description="What the place is.")
    other_names: list[str] = Field(default_factory=list, description="Other spellings met in sources.")
    within: Id | None = Field(None, description="Id of the place record this one lies in (a city, a region).")
    description: Fact | None = Field(None, description="What the place is, with sources.")
    lat: float | None = Field(None, ge=-90, le=90, description="Latitude in decimal degrees, where known.")
    lon: float | None = Field(None, ge=-180, le=180, description="Longitude in decimal degrees, where known.")
    coordinates_source: str | None = Field(
        None,
        description="Where the coordinates come from: 'geonames:<geonameid>', a row of the vendored gazetteer "
        "hooks/dossier/assets/geonames/places.tsv; the build checks lat and lon against that row.",
    )


class Organisation(Record):
    """An organisation that organised, hosted or was addressed by the mission."""
    refs: ClassVar[dict[str, str]] = {"parent": "organisation"}

    kind: ClassVar[str] = "organisation"
    folder: ClassVar[str] = "organisations"

    name: str = Field(min_length=1, description="Full name in English.")
    short_name: str | None = Field(None, description="Abbreviation, e.g. FIDU.")
    other_names: list[str] = Field(default_factory=list, description="Names in other languages.")
    parent: Id | None = Field(None, description="Id of the organisation this one is part of.")
    website: Url | None = Field(None, description="The organisation's own site.")
    facts: list[Fact] = Field(default_factory=list, description="What the site says about it, with sources.")


class Person(Record):
    """A person named on the site: a delegate or the subject of a case."""

    kind: ClassVar[str] = "person"
    folder: ClassVar[str] = "people"

    name: str = Field(min_length=1, description="The name as the site spells it (the ODF spelling).")
    native_names: list[Name] = Field(
        default_factory=list, description="The name in Kazakh or Russian script, where a source gives it."
    )
    aliases: list[Name] = Field(default_factory=list, description="Every other spelling met in the sources.")
    born: Fact | None = Field(None, description="Date or year of birth, with sources; say when it is inferred.")
    summary: Fact | None = Field(None, description="One sentence on who the person is.")
    roles: list[Role] = Field(default_factory=list, description="Positions held.")
    facts: list[Fact] = Field(default_factory=list, description="Further facts, each with sources.")
    photo: Photo | None = Field(None, description="A photo, only with consent; none: the site shows a neutral outline.")


EventKind = Literal[
    "detained",
    "remanded",
    "charged",
    "charge-changed",
    "confined",
    "confinement-extended",
    "confinement-ended",
    "trial-opened",
    "hearing",
    "sentenced",
    "sentence-reduced",
    "transferred",
    "ill-treatment",
    "complaint",
    "health",
    "mission-contact",
    "international",
    "appeal-rejected",
    "release-refused",
    "release-cancelled",
    "released",
    "sentence-completed",
    "died",
    "other",
]

EVENT_KIND_HELP = (
    "What happened. Custody follows from the kinds: 'detained' starts pre-trial detention, "
    "'sentenced' during custody makes it a sentence, 'confined' starts psychiatric confinement, "
    "'confinement-ended' and 'released' end custody, 'sentence-completed' ends a sentence served "
    "at liberty, 'died' ends everything."
)


class Event(DateCertainty):
    """A dated event in a case."""
    refs: ClassVar[dict[str, str]] = {"places": "place"}

    date: When = Field(description="When it happened, to the precision the sources give.")
    kind: EventKind = Field(description=EVENT_KIND_HELP)
    text: Text = Field(description="What happened, in the site's own words.")
    places: list[Id] = Field(default_factory=list, description="Ids of place records where it happened.")
    sources: SourceIds
    certainty: Certainty | None = Field(None, description=CERTAINTY_HELP)
    certainty_of: Literal["date", "year", "month", "place", "fact"] | None = Field(
        None,
        description="What 'certainty' concerns: the whole 'date' (the default), only its 'year' (the sources "
        "give the day and month) or 'month', the 'place', or the 'fact' (not the date). The date then carries "
        "'(inferred)', '(year inferred)' or '(approximate)' wherever it is shown.",
    )
    note: Words | None = Field(None, description="Why the date or fact is inferred, approximate or disputed.")
    private: bool = Field(False, description="Kept in the data for editors; never published.")


class Charge(Strict):
    """A criminal charge, as the sources state it."""

    offence: str = Field(min_length=1, description="The offence in plain words.")
    article: str | None = Field(
        None, pattern=r"^\d+(?:-\d+)?$", description="Article number; leave out when no source gives it."
    )
    part: str | None = Field(None, pattern=r"^\d+$", description="Part of the article, where a source gives it.")
    code: str = Field(
        "Criminal Code of Kazakhstan", description="The code the article belongs to, as the sources name it."
    )
    code_edition: str | None = Field(None, description="Edition (year) of the code, only where a source states it.")
    stage: Literal["pre-trial", "trial", "conviction"] = Field(description="The stage at which the charge is reported.")
    sources: SourceIds
    note: Words | None = Field(None, description=NOTE_HELP)


class Custody(Strict):
    """A place where the person was held."""
    refs: ClassVar[dict[str, str]] = {"place": "place"}

    place: Id = Field(
        description="Id of the place record (a facility, or a city or region where no facility is named)."
    )
    role: Literal["pre-trial detention", "penal colony", "prison", "psychiatric hospital", "hospital"] = Field(
        description="What kind of custody the place was."
    )
    start: When | None = Field(None, description="When the person arrived there, where known.")
    end: When | None = Field(None, description="When the person left, where known.")
    sources: SourceIds
    certainty: Certainty | None = Field(None, description=PLACE_CERTAINTY_HELP)
    note: Words | None = Field(None, description=NOTE_HELP)

    @model_validator(mode="after")
    def _range(self) -> Custody:
        _check_range(self.start, self.end)
        return self


class Court(Strict):
    """A court that dealt with the case."""
    refs: ClassVar[dict[str, str]] = {"place": "place"}

    place: Id = Field(description="Id of the court's place record (or its city where the court is not named).")
    role: Words = Field(min_length=1, description="What the court did: trial, appeal, parole hearings, ...")
    sources: SourceIds
    certainty: Certainty | None = Field(None, description=PLACE_CERTAINTY_HELP)
    note: Words | None = Field(None, description=NOTE_HELP)


class Contact(Strict):
    """The mission's contact with a case."""
    refs: ClassVar[dict[str, str]] = {"mission": "mission", "by": "person"}

    mission: Id = Field(description="Id of the mission record.")
    type: Literal["met", "access-refused", "raised"] = Field(
        description="met: the delegates met the person; access-refused: a visit was refused; "
        "raised: the mission raised the case in its report or press conference."
    )
    date: When | None = Field(None, description="When, where known.")
    by: list[Id] = Field(default_factory=list, description="Ids of the delegates (person records).")
    text: Text
    sources: SourceIds


class Case(Record):
    """A political-prisoner case that the mission took up."""
    refs: ClassVar[dict[str, str]] = {"person": "person", "region": "place"}

    kind: ClassVar[str] = "case"
    folder: ClassVar[str] = "cases"

    person: Id = Field(description="Id of the person record of the person prosecuted.")
    summary: Fact = Field(description="Two or three sentences on the case.")
    region: Id | None = Field(None, description="Id of the region or city place record the case belongs to.")
    verified: Day = Field(description="The date the record was last checked against its sources.")
    status_note: Words | None = Field(
        None, description="What is not known about the present status, said plainly."
    )
    charges: list[Charge] = Field(default_factory=list, description="Charges, as the sources state them.")
    timeline: list[Event] = Field(min_length=1, description="Dated events, oldest first.")
    custody: list[Custody] = Field(default_factory=list, description="Places of detention.")
    courts: list[Court] = Field(default_factory=list, description="Courts that dealt with the case.")
    contacts: list[Contact] = Field(min_length=1, description="The mission's contact with the case.")
    facts: list[Fact] = Field(default_factory=list, description="Further facts (background, health, ...).")
    conflicts: list[Conflict] = Field(default_factory=list, description="Where the sources disagree.")

    #: the grammatical gender that words said of the person agree with, in an edition whose language
    #: has it ("Освобождена"): given by the case's translation file (translations.py), not by the record
    _gender: str | None = PrivateAttr(None)

    @property
    def gender(self) -> str | None:
        return self._gender

    @model_validator(mode="after")
    def _custody_dates_from_timeline(self) -> Case:
        """A stay in custody begins and ends with events of the timeline: a start or end on the day
        of an event whose date is inferred carries the same label."""
        labelled = {e.date: e.date for e in self.timeline or () if e.date.qualifier}
        for c in self.custody or ():
            c.start = labelled.get(c.start, c.start) if c.start else c.start
            c.end = labelled.get(c.end, c.end) if c.end else c.end
        return self


class Meeting(DateCertainty):
    """A meeting or visit during the mission."""
    refs: ClassVar[dict[str, str]] = {"place": "place", "cases": "case"}

    date: When | None = Field(None, description="When it took place, where known.")
    text: Text
    place: Id | None = Field(None, description="Id of the place record.")
    cases: list[Id] = Field(default_factory=list, description="Ids of the cases concerned.")
    sources: SourceIds
    certainty: Certainty | None = Field(None, description=CERTAINTY_HELP)
    certainty_of: Literal["date", "year", "month", "place", "fact"] | None = Field(
        None,
        description="What 'certainty' concerns: the whole 'date' (the default), only its 'year' (the sources "
        "give the day and month) or 'month', the 'place', or the 'fact' (not the date). The date then carries "
        "'(inferred)', '(year inferred)' or '(approximate)' wherever it is shown.",
    )
    note: Words | None = Field(None, description=NOTE_HELP)


class PressConference(Strict):
    """The press conference at which the mission presented its report."""

    refs: ClassVar[dict[str, str]] = {"place": "place"}

    date: When = Field(description="When it was held.")
    place: Id = Field(description="Id of the place record of the city.")
    text: Text
    sources: SourceIds
    note: Words | None = Field(None, description=NOTE_HELP)


class Mission(Record):
    """A monitoring mission."""
    refs: ClassVar[dict[str, str]] = {"country": "place", "organisers": "organisation", "delegates": "person"}

    kind: ClassVar[str] = "mission"
    folder: ClassVar[str] = "missions"

    title: str = Field(min_length=1, description="The mission's name as the site shows it.")
    country: Id = Field(description="Id of the country's place record.")
    start: When = Field(description="The first day of the mission.")
    end: When = Field(description="The last day of the mission.")
    dates: Fact = Field(description="The dates, with their sources and how sure they are.")
    organisers: list[Id] = Field(min_length=1, description="Ids of the organising organisations.")
    delegates: list[Id] = Field(min_length=1, description="Ids of the delegates (person records).")
    purpose: Fact = Field(description="Why the mission went, with sources.")
    meetings: list[Meeting] = Field(default_factory=list, description="Meetings and visits during the mission.")
    findings: list[Fact] = Field(default_factory=list, description="What the mission found, with sources.")
    unknowns: list[Words] = Field(
        default_factory=list, description="What is not known about the mission, said plainly."
    )
    press_conference: PressConference | None = Field(
        None, description="The press conference at which the mission presented its report."
    )
    conflicts: list[Conflict] = Field(default_factory=list, description="Where the sources disagree.")

    @model_validator(mode="after")
    def _range(self) -> Mission:
        _check_range(self.start, self.end)
        label = qualifier_label(getattr(self.dates, "certainty", None))  # a draft may leave 'dates' out
        self.start, self.end = _qualified(self.start, label), _qualified(self.end, label)
        return self


class FollowUp(Strict):
    """Something that happened after the mission in answer to a recommendation."""

    date: When = Field(description="When it happened.")
    effect: Literal["implements", "partly-implements", "related"] = Field(
        description="implements: does what was asked; partly-implements: does some of it; related: context only."
    )
    text: Text
    sources: SourceIds


class Recommendation(Record):
    """A recommendation of the mission. Its status is derived from the follow-up, never typed."""
    refs: ClassVar[dict[str, str]] = {"mission": "mission", "addressees": "organisation"}

    kind: ClassVar[str] = "recommendation"
    folder: ClassVar[str] = "recommendations"

    mission: Id = Field(description="Id of the mission record.")
    title: str = Field(min_length=1, description="A short title.")
    text: Text = Field(description="What the mission recommended, in the site's own words.")
    addressees: list[Id] = Field(min_length=1, description="Ids of the organisations it is addressed to.")
    sources: SourceIds
    follow_up: list[FollowUp] = Field(default_factory=list, description="What followed, oldest first.")


RECORD_TYPES: tuple[type[Record], ...] = (Source, Place, Organisation, Person, Case, Mission, Recommendation)
BY_FOLDER = {t.folder: t for t in RECORD_TYPES}
BY_KIND = {t.kind: t for t in RECORD_TYPES}


# --------------------------------------------------------------------------- drafts


def absent_required(model: type[Record], data: dict[str, Any]) -> list[str]:
    """The required fields of a record type that a record's data leaves out."""
    return [name for name, info in model.model_fields.items() if info.is_required() and name not in data]


@functools.cache
def draft_of(model: type[Record]) -> type[Record]:
    """The record type as a draft may be written: required fields other than the id may be left out.

    An editor writes a new record over several sittings (``make new`` starts one with every
    field commented out), and ``make check`` should flag a misspelt field or a bad date in it
    from the start without insisting on the values nobody has looked up yet. So the rule is
    relaxed at exactly one depth: a required field of the record may be absent; any value that
    is present, at any depth, is validated as strictly as in a published record. A draft is
    never published, and ``make serve DRAFTS=1`` refuses one that is still incomplete.
    """
    relaxed: dict[str, Any] = {
        # a type built at run time from pydantic's annotation
        name: (Optional[info.rebuild_annotation()], Field(None, description=info.description))  # noqa: UP045
        for name, info in model.model_fields.items()
        if info.is_required() and name != "id"
    }
    return create_model(model.__name__, __base__=model, __module__=model.__module__, **relaxed)


def model_for(model: type[Record], data: Any) -> type[Record]:
    """The model that validates a record's data: the draft form for a draft that leaves fields out."""
    if isinstance(data, dict) and data.get("draft") is True and absent_required(model, data):
        return draft_of(model)
    return model
