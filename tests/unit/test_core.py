"""Unit tables for dates, the reference syntax and the derived custody status."""

from __future__ import annotations

import datetime as dt

import pytest

from dossier.errors import DataErrors
from dossier.model import Case, When
from dossier.refs import find_refs, rewrite
from dossier.status import custody_spans, status_at
from dossier.yamlread import parse


@pytest.mark.parametrize(
    "value, iso, human",
    [
        (dt.date(2018, 4, 16), "2018-04-16", "16 April 2018"),
        ("2023-05", "2023-05", "May 2023"),
        (2012, "2012", "2012"),
        ("2012", "2012", "2012"),
    ],
)
def test_when_keeps_the_precision_of_the_sources(value, iso: str, human: str) -> None:
    w = When.parse(value)
    assert (w.iso(), w.human()) == (iso, human)


@pytest.mark.parametrize("value", ["2018-02-30", "2019-13", "16 April 2018", True, 12])
def test_when_refuses_what_is_not_a_date(value) -> None:
    with pytest.raises(ValueError):
        When.parse(value)


def test_month_precision_sorts_before_days_of_that_month() -> None:
    assert When.parse("2021-02") < When.parse("2021-02-01") < When.parse("2021-03")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("see [[case:ardak-ashim]] now", [("case", "ardak-ashim", None, None)]),
        ("[[person:a-b|Mr B]]", [("person", "a-b", None, "Mr B")]),
        ("[[source:x#part|here]]", [("source", "x", "part", "here")]),
        ("`[[case:in-code]]` is documentation", []),
        ("```\n[[case:in-fence]]\n```\n", []),
    ],
)
def test_find_refs(text: str, expected) -> None:
    found = [(r.kind, r.id, r.anchor, r.text) for r, _, _ in find_refs(text) if r]
    assert found == expected


@pytest.mark.parametrize(
    "page, dest, expected",
    [
        ("index.md", "cases/x.md", "[X](cases/x.md)"),
        ("cases/y.md", "cases/x.md", "[X](x.md)"),
        ("report/a/b.md", "people/p.md", "[X](../../people/p.md)"),
        ("cases/x.md", "cases/x.md", "X"),  # the page itself: its name, no link to where the reader is
    ],
)
def test_rewrite_makes_links_relative_to_the_page(page: str, dest: str, expected: str) -> None:
    assert rewrite("[[case:x]]", page, lambda kind, rid: (dest, None, "X")) == expected


def test_rewrite_links_a_part_of_the_page_itself_by_its_anchor() -> None:
    assert rewrite("[[place:x]]", "places.md", lambda kind, rid: ("places.md", "x", "X")) == "[X](#x)"


def test_rewrite_escapes_brackets_in_names() -> None:
    assert rewrite("[[case:x]]", "index.md", lambda k, r: ("c.md", "a", "A [b]")) == r"[A \[b\]](c.md#a)"


def case(*events: tuple[str, str]) -> Case:
    return Case.model_validate(
        {
            "id": "c",
            "person": "p",
            "verified": "2026-11-28",
            "summary": {"text": "t", "sources": ["s"]},
            "timeline": [{"date": d, "kind": k, "text": "t", "sources": ["s"]} for d, k in events],
            "contacts": [{"mission": "m", "type": "met", "text": "t", "sources": ["s"]}],
        }
    )


@pytest.mark.parametrize(
    "events, day, key",
    [
        ([("2017-11-13", "detained")], None, "pre-trial"),
        ([("2017-11-13", "detained"), ("2018-10-22", "sentenced")], None, "serving"),
        ([("2017-11-13", "detained"), ("2018-10-22", "sentenced")], dt.date(2018, 4, 14), "pre-trial"),
        ([("2017-11-13", "detained"), ("2019-12-30", "released")], None, "released"),
        ([("2018-03-31", "confined"), ("2018-05-05", "confinement-ended"), ("2018-05-10", "trial-opened")], None, "on-trial"),
        ([("2018-03-31", "confined")], dt.date(2018, 4, 14), "psychiatric"),
        ([("2009-05-21", "detained"), ("2010-03-12", "sentenced"), ("2020-03-19", "released"), ("2023-05", "sentence-completed")], None, "sentence-completed"),
        ([("2017-11-27", "detained"), ("2021-09-27", "released"), ("2022-01-17", "died")], None, "deceased"),
        ([("2017-11-27", "detained")], dt.date(2017, 1, 1), "free"),
    ],
)
def test_status_is_derived_from_the_timeline(events, day, key: str) -> None:
    assert status_at(case(*events), day).key == key


def test_custody_spans_end_at_release_or_stay_open() -> None:
    spans = custody_spans(case(("2017-11-13", "detained"), ("2018-10-22", "sentenced"), ("2019-12-30", "released")))
    assert [(s.kind, s.start.iso(), s.end and s.end.iso()) for s in spans] == [("custody", "2017-11-13", "2019-12-30")]
    ongoing = custody_spans(case(("2017-11-13", "detained")))
    assert [(s.kind, s.end) for s in ongoing] == [("custody", None)]
    psych = custody_spans(case(("2018-03-31", "confined"), ("2018-05-05", "confinement-ended")))
    assert [(s.kind, s.end and s.end.iso()) for s in psych] == [("psychiatric", "2018-05-05")]


@pytest.mark.parametrize(
    "text, message",
    [
        ("a: 1\na: 2\n", "f.yml:2:1: a: duplicate key 'a' (first given on line 1)"),
        ("a: &x 1\nb: *x\n", "f.yml:1:4: a: YAML anchors and aliases (& and *) are not allowed; write the value out"),
        ("a:\n\t- 1\n", "f.yml:2:1: invalid YAML: found character that cannot start any token (indent with spaces, not tabs)"),
        ("", "f.yml:1:1: the file is empty; a record is a mapping of fields"),
    ],
)
def test_parse_errors_name_the_place(text: str, message: str) -> None:
    with pytest.raises(DataErrors) as info:
        parse(text, "f.yml")
    assert [str(e) for e in info.value.errors] == [message]


def test_parse_keeps_positions_of_nested_values() -> None:
    parsed = parse("a:\n  - b: 1\n    c: x\n", "f.yml")
    assert parsed.values[("a", 0, "c")] == (3, 8)
    assert parsed.keys[("a", 0, "c")] == (3, 5)
