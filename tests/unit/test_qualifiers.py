"""A date that is not stated outright carries its label in its type: the one way to show it
in words includes the label, and the records attach it from their certainty fields."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from dossier.model import Event, Meeting, Source, When
from dossier.model_values import qualifier_label
from dossier.tables import qualifier
from dossier.templating import human, period


def test_a_qualified_date_always_shows_its_label_in_words() -> None:
    died = When(2022, 1, 17).qualified("year inferred")
    assert died.human() == "17 January 2022 (year inferred)"
    assert human(died) == "17 January 2022 (year inferred)"
    assert died.calendar() == "17 January 2022"
    assert died.iso() == "2022-01-17"  # the exports keep the bare date, the label beside it
    assert qualifier(died) == "year inferred" and qualifier(When(2022, 1, 17)) == ""
    assert When(2018, 5).qualified("date implied").human() == "May 2018 (date implied)"


def test_the_label_plays_no_part_in_comparing_dates() -> None:
    plain, labelled = When(2022, 1, 17), When(2022, 1, 17).qualified("year inferred")
    assert plain == labelled and hash(plain) == hash(labelled)
    assert plain.qualified(None) is plain


@pytest.mark.parametrize(
    ("certainty", "part", "label"),
    [
        ("inferred", "year", "year inferred"),
        ("inferred", None, "inferred"),
        ("implied", "date", "date implied"),
        ("approximate", "year", "approximate"),
        ("sources-differ", None, "sources differ"),
        (None, "year", None),
    ],
)
def test_labels_are_in_the_readers_words(certainty: str | None, part: str | None, label: str | None) -> None:
    assert qualifier_label(certainty, part) == label


def test_a_range_keeps_the_label_of_each_end() -> None:
    start, end = When(2018, 4, 14), When(2018, 4, 17)
    assert period(start, end) == "14–17 April 2018"
    assert period(start.qualified("approximate"), end.qualified("approximate")) == "14–17 April 2018 (approximate)"
    assert period(start.qualified("year inferred"), end) == "14 April 2018 (year inferred) to 17 April 2018"


EVENT = {"kind": "died", "text": "He died.", "sources": ["s"]}


@pytest.mark.parametrize(
    ("extra", "shown"),
    [
        ({"certainty": "inferred", "certainty_of": "year"}, "17 January 2022 (year inferred)"),
        ({"certainty": "inferred"}, "17 January 2022 (inferred)"),
        ({"certainty": "approximate"}, "17 January 2022 (approximate)"),
        ({"certainty": "sources-differ", "certainty_of": "fact"}, "17 January 2022"),
        ({}, "17 January 2022"),
    ],
)
def test_an_event_date_carries_what_its_certainty_says(extra: dict[str, str], shown: str) -> None:
    assert Event.model_validate({"date": "2022-01-17", **EVENT, **extra}).date.human() == shown


def test_a_meeting_whose_place_is_inferred_keeps_its_date_plain() -> None:
    meeting = Meeting.model_validate(
        {"date": "2018-04-16", "text": "Met.", "place": "almaty", "sources": ["s"], "certainty": "inferred",
         "certainty_of": "place", "note": "The city is implied."}
    )
    assert meeting.date is not None and meeting.date.human() == "16 April 2018"


def test_certainty_of_needs_a_certainty() -> None:
    with pytest.raises(ValidationError, match="give 'certainty' too"):
        Event.model_validate({"date": "2022-01-17", **EVENT, "certainty_of": "year"})


SOURCE = {"id": "s", "publisher": "P", "title": "T", "url": "https://example.org/", "language": "en", "reliability": "press"}


def test_a_source_date_that_is_implied_says_so() -> None:
    src = Source.model_validate(
        {**SOURCE, "date": "2018-09-18", "date_certainty": "year-implied", "date_note": "the page shows no year"}
    )
    assert isinstance(src.date, When) and src.date.human() == "18 September 2018 (year implied)"
    whole = Source.model_validate({**SOURCE, "date": 2018, "date_certainty": "implied", "date_note": "the address"})
    assert isinstance(whole.date, When) and whole.date.human() == "2018 (date implied)"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"date": "undated", "date_certainty": "implied", "date_note": "content implies May 2018"}, "undated"),
        ({"date": "2018-09-18", "date_certainty": "year-implied"}, "date_note"),
    ],
)
def test_an_implied_source_date_needs_a_date_and_a_note(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Source.model_validate({**SOURCE, **fields})
