"""The values a record's fields hold: ids, web addresses, text without links, sources and
dates that may be partial (a year, a month or a day). ``model`` builds the records from them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
)
from pydantic_core import PydanticCustomError, core_schema

from . import i18n

# --------------------------------------------------------------------------- values

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        description="Lowercase ASCII letters, digits and single hyphens; equal to the file name.",
    ),
]


_URL_HOST = re.compile(r"^https?://[\w.-]+(?::\d{1,5})?(?:[/?#]|$)")
# characters that never stand unencoded in an address; in a page they could close the link
_URL_UNSAFE = re.compile(r"[\s<>\"'`{}|\\^\x00-\x1f\x7f]")


def safe_url(url: str) -> str:
    if not re.match(r"^https?://", url):
        raise PydanticCustomError(
            "url_scheme", "only http:// and https:// addresses are allowed, got '{url}'", {"url": url[:60]}
        )
    bad = _URL_UNSAFE.search(url)
    if bad:
        raise PydanticCustomError(
            "url_character",
            "the address holds {char}, which an address cannot hold unencoded; percent-encode it ({code})",
            {"char": repr(bad.group()), "code": "%" + "%".join(f"{b:02X}" for b in bad.group().encode())},
        )
    if not _URL_HOST.match(url):
        raise PydanticCustomError("url_host", "'{url}' does not name a host after the scheme", {"url": url[:60]})
    return url


Url = Annotated[
    str,
    AfterValidator(safe_url),
    Field(description="An http:// or https:// address.", json_schema_extra={"pattern": r"^https?://"}),
]

def no_links(text: str) -> str:
    """Text fields link records with [[type:id]] and cite sources in 'sources'; a Markdown link
    could carry a javascript: or data: address, so none is accepted."""
    if re.search(r"\]\s*\(|^\s{0,3}\[[^\]]+\]:\s", text, re.MULTILINE):
        raise PydanticCustomError(
            "markdown_link",
            "Markdown links are not allowed in text; link records with [[type:id]] and cite sources in 'sources'",
        )
    return text


Text = Annotated[
    str,
    AfterValidator(no_links),
    Field(
        min_length=1,
        description="Markdown text in the site's own words. Raw HTML is shown as text, never run. "
        "Refer to records with `[[type:id]]`.",
    ),
]

#: a note shown as Markdown next to a fact: like Text, it cannot hold a link
Words = Annotated[str, AfterValidator(no_links)]

Certainty = Literal["inferred", "approximate", "sources-differ", "disputed"]
CERTAINTY_HELP = (
    "How sure the value is, when it is not stated outright by the sources: 'inferred' (derived "
    "from two or more facts), 'approximate', 'sources-differ' or 'disputed'. Explain in 'note'."
)
PLACE_CERTAINTY_HELP = (
    "How sure the place is, when the sources do not state it outright: 'inferred' (for example a "
    "city implied by the trial there), 'sources-differ' or 'disputed'. The place then carries the "
    "label wherever it is shown. Explain in 'note'."
)

NOTE_HELP = "Anything a reader should know about it: what is unclear, or where a detail comes from."

SourceIds = Annotated[
    list[Id],
    Field(min_length=1, description="Ids of the source records that state this fact."),
]


#: the reader's words for a value that is not stated outright, by certainty and the part it concerns
QUALIFIER_WORDS = {"sources-differ": "sources differ"}


def qualifier_label(certainty: str | None, part: str | None = None) -> str | None:
    """'year inferred', 'date implied', 'approximate', ...: the label a qualified value carries."""
    if not certainty:
        return None
    word = QUALIFIER_WORDS.get(certainty, certainty)
    return f"{part} {word}" if part and certainty in ("inferred", "implied") else word


class When:
    """A calendar date at day, month or year precision: 2018-04-16, 2018-04 or 2018.

    Sources often give only a month or a year; the site says exactly what is known and
    never pads a month into a made-up day. A date that is not stated outright carries its
    qualifier ('year inferred', 'date implied', 'approximate'): ``human()`` always shows it, so
    that no page can show the date without it; ``iso()`` stays the bare date, and the exports
    put the qualifier in a field of its own next to it. The qualifier plays no part in
    comparing dates.
    """

    __slots__ = ("day", "month", "qualifier", "year")

    def __init__(self, year: int, month: int | None = None, day: int | None = None, qualifier: str | None = None):
        if day is not None:
            dt.date(year, 0 if month is None else month, day)  # raises ValueError for 2018-02-30
        elif month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month} is not between 1 and 12")
        self.year, self.month, self.day = year, month, day
        self.qualifier = qualifier

    def qualified(self, label: str | None) -> When:
        """The same date carrying a qualifier (itself when there is none to add)."""
        return self if not label or label == self.qualifier else When(self.year, self.month, self.day, label)

    @classmethod
    def parse(cls, value: Any) -> When:
        if isinstance(value, When):
            return value
        if isinstance(value, dt.datetime):
            raise ValueError("give a date without a time")  # noqa: TRY004 - pydantic reports a ValueError
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 2999:
            return cls(value)
        if isinstance(value, str):
            m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
            if m:
                mo, d = (int(g) if g else None for g in m.groups()[1:])
                try:
                    return cls(int(m.group(1)), mo, d)
                except ValueError as exc:
                    raise ValueError(f"'{value}' is not a real date ({exc})") from None
        raise ValueError(f"expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got {value!r}")

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.day:
            return self.first_day
        if self.month:
            nxt = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        return "-".join(
            part
            for part in (f"{self.year:04d}", self.month and f"{self.month:02d}", self.day and f"{self.day:02d}")
            if part
        )

    def human(self, *, after: bool = False) -> str:
        """'17 January 2022', with its qualifier when it has one: '17 January 2022 (year inferred)'.
        after: the date follows 'since', 'from' or 'until' (Russian: 'с февраля 2014 г.')."""
        return self.calendar(after=after) + (f" ({i18n.t(self.qualifier)})" if self.qualifier else "")

    def calendar(self, *, after: bool = False) -> str:
        """The date in words without its qualifier: only for text that states the qualifier
        itself (a range whose end carries it, a picture's title that adds it)."""
        return i18n.date(self.year, self.month, self.day, after=after)  # in the build's language

    def __eq__(self, other: object) -> bool:
        return isinstance(other, When) and self.sort_key() == other.sort_key()

    def __lt__(self, other: When) -> bool:
        return self.sort_key() < other.sort_key()

    def __le__(self, other: When) -> bool:
        return self.sort_key() <= other.sort_key()

    def __hash__(self) -> int:
        return hash(self.sort_key())

    def __repr__(self) -> str:
        return f"When({self.iso()}{', ' + self.qualifier if self.qualifier else ''})"

    def __str__(self) -> str:
        return self.iso()

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def validate(value: Any) -> When:
            try:
                return cls.parse(value)
            except ValueError as exc:
                raise PydanticCustomError("date", str(exc)) from None

        return core_schema.no_info_plain_validator_function(
            validate, serialization=core_schema.plain_serializer_function_ser_schema(lambda w: w.iso())
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {
            "description": "A date: YYYY-MM-DD, or YYYY-MM or YYYY when the sources give no more.",
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1000, "maximum": 2999},
            ],
        }


def _real_day(value: Any) -> Any:
    """A day written as text must be a real one: 2018-02-30 is named as such."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise PydanticCustomError(
                "date", "'{value}' is not a real date ({reason})", {"value": value, "reason": str(exc)}
            ) from None
    return value


#: a full date (a day): the date a record was checked, for example
Day = Annotated[dt.date, BeforeValidator(_real_day)]


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
