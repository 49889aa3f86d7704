"""The building blocks of the records: facts with their sources, conflicting accounts,
corrections, names, roles, dates with their certainty, a person's photo, and ``Record`` itself.

Split from ``model`` (the record types) so that each stays short; ``model`` re-exports these
names, so code and tests import every type from ``dossier.model``.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .model_values import (
    CERTAINTY_HELP,
    NOTE_HELP,
    Certainty,
    Id,
    SourceIds,
    Text,
    When,
    Words,
    qualifier_label,
)

# --------------------------------------------------------------------------- building blocks


class Strict(BaseModel):
    """Base of every model: unknown fields are errors, values are not coerced silently."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, validate_default=False)

    #: field name -> kind of record its id (or list of ids) refers to; 'sources' always refers to sources.
    refs: ClassVar[dict[str, str]] = {}


class Fact(Strict):
    """One statement of fact, in the site's own words, with its sources."""

    text: Text
    sources: SourceIds
    certainty: Certainty | None = Field(None, description=CERTAINTY_HELP)
    note: Words | None = Field(None, description="Why the value is inferred, approximate or disputed.")
    private: bool = Field(False, description="Kept in the data for editors; never published.")


class Account(Strict):
    """One side of a conflict between sources."""

    text: Text
    sources: SourceIds


class Conflict(Strict):
    """Facts on which the sources disagree: every account is shown with its sources."""

    topic: str = Field(min_length=1, description="What the sources disagree about, in a few words.")
    accounts: list[Account] = Field(min_length=2, description="Each account with its sources.")
    note: Words | None = Field(None, description="What reconciles or explains the accounts, if anything.")


class Correction(Strict):
    """A correction of published data, kept for the corrections log."""

    date: When = Field(description="When the correction was made.")
    text: Text = Field(description="What was wrong and what it was changed to.")
    sources: list[Id] = Field(default_factory=list, description="Sources that support the corrected value.")


class Name(Strict):
    """A spelling of a name, as a source uses it."""

    name: str = Field(min_length=1, description="The name exactly as the source spells it.")
    script: Literal["latin", "cyrillic"] = Field("latin", description="The writing system.")
    language: str | None = Field(
        None,
        pattern=r"^[a-z]{2}$",
        description="ISO 639-1 code of the language of the spelling (kk, ru, en, de, ky), if it matters.",
    )
    sources: SourceIds
    note: Words | None = Field(None, description="What a reader should know about the spelling, e.g. that it is a misspelling.")


class Role(Strict):
    """A position a person held."""
    refs: ClassVar[dict[str, str]] = {"organisation": "organisation"}

    title: str = Field(min_length=1, description="The role, in the site's own words.")
    organisation: Id | None = Field(None, description="Id of the organisation record, where there is one.")
    start: When | None = Field(None, description="When the role began, where known.")
    end: When | None = Field(None, description="When it ended; leave out when ongoing or unknown.")
    sources: SourceIds
    note: Words | None = Field(None, description=NOTE_HELP)

    @model_validator(mode="after")
    def _range(self) -> Role:
        _check_range(self.start, self.end)
        return self


class DateCertainty(Strict):
    """A dated item with 'certainty' and 'certainty_of': its date carries the label they give."""

    @field_validator("certainty_of", check_fields=False)
    @classmethod
    def _needs_certainty(cls, of: str | None, info: ValidationInfo) -> str | None:
        if of and not info.data.get("certainty"):
            raise PydanticCustomError(
                "certainty_of", "'certainty_of' says what 'certainty' concerns; give 'certainty' too"
            )
        return of

    @model_validator(mode="after")
    def _qualify_date(self) -> Any:
        certainty, of = getattr(self, "certainty", None), getattr(self, "certainty_of", None)
        if of not in ("place", "fact"):
            label = qualifier_label(certainty, of if of in ("year", "month") else None)
            self.date = _qualified(getattr(self, "date", None), label)
        return self


def _qualified(date: Any, label: str | None) -> Any:
    """The date carrying its qualifier; a draft's missing date (None) stays missing."""
    return date.qualified(label) if isinstance(date, When) else date


def _check_range(start: When | None, end: When | None, what: str = "end") -> None:
    if start and end and end < start:
        raise PydanticCustomError(
            "date_range",
            "{what} {end} is before the start {start}",
            {"what": what, "end": end.iso(), "start": start.iso()},
        )


class Record(Strict):
    """Fields that every record has."""

    kind: ClassVar[str]
    folder: ClassVar[str]

    id: Id
    draft: bool = Field(
        False,
        description="A draft is never published (make serve DRAFTS=1 shows it). It may leave out required "
        "fields until it is finished; every field it has is validated.",
    )
    corrections: list[Correction] = Field(default_factory=list, description="Corrections made after publication.")
    editor_notes: str | None = Field(None, description="Private notes for editors; never published.")


#: the formats a photo may have: the file's ending -> the bytes such a file starts with
PHOTO_FORMATS = {".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG\r\n\x1a\n",), ".webp": (b"RIFF",)}
#: the largest photo accepted, in bytes: a card shows it at 96 px, a phone on a slow line loads it
MAX_PHOTO_BYTES = 200 * 1024


def _photo_file(path: str) -> str:
    if not path.startswith("docs/") or ".." in path.split("/"):
        raise PydanticCustomError(
            "photo_folder", "put the photo under docs/ (e.g. docs/photos/name.jpg), got '{path}'", {"path": path[:80]}
        )
    ending = "." + path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if ending not in PHOTO_FORMATS:
        raise PydanticCustomError(
            "photo_format", "a photo must be a .jpg, .png or .webp file, got '{ending}'", {"ending": ending or path[-20:]}
        )
    return path


class Photo(Strict):
    """A photo of a person, published only with their consent (or their family's), and credited."""

    file: Annotated[str, AfterValidator(_photo_file)] = Field(
        description=f"The image, from the project's folder: docs/photos/<id>.jpg (.jpg, .png or .webp, at most "
        f"{MAX_PHOTO_BYTES // 1024} KB)."
    )
    alt: str = Field(min_length=1, description="What the photo shows, for readers who cannot see it.")
    credit: str = Field(min_length=1, description="Who took the photo or holds its rights.")
    licence: str = Field(min_length=1, description="The terms on which the site shows it, e.g. 'used with permission'.")
    consent: When = Field(description="When the person (or their family) agreed to its publication.")
    sources: list[Id] = Field(default_factory=list, description="Sources where the photo was published, if any.")
