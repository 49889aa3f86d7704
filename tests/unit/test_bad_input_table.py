"""Bad inputs, each with the exact message it must produce (file:line:col: field: what)."""

from __future__ import annotations

from pathlib import Path

import pytest

import common
from dossier.build import Settings, check
from dossier.errors import DataErrors

CASE = "data/cases/pat-prisoner.yml"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    common.edit(root / rel, old, new)


def write(root: Path, rel: str, text: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


MIRROR = """id: a-mirror
publisher: Example Press (copy on a third-party site)
title: A copied report
url: https://copies.example.org/report
date: 2018-02-03
language: en
reliability: mirror
"""

# (name, mutation, expected messages)
def _event_on_a_mirror_only(r: Path) -> None:
    write(r, "data/sources/a-mirror.yml", MIRROR)
    edit(r, CASE, "text: Released.\n    sources: [ngo-two]", "text: Released.\n    sources: [a-mirror]\n    certainty: disputed")


BAD = [
    (
        "unknown field with a hint",
        lambda r: edit(r, CASE, "verified:", "verifed:"),
        [
            "data/cases/pat-prisoner.yml:1:1: verified: required field is missing",
            "data/cases/pat-prisoner.yml:4:1: verifed: unknown field (did you mean 'verified'?)",
        ],
    ),
    (
        "typo in a nested field",
        lambda r: edit(r, CASE, "    kind: released", "    knd: released"),
        [
            "data/cases/pat-prisoner.yml:24:5: timeline[2].kind: required field is missing",
            "data/cases/pat-prisoner.yml:25:5: timeline[2].knd: unknown field (did you mean 'kind'?)",
        ],
    ),
    (
        "duplicate key",
        lambda r: edit(r, CASE, "region: example-city\n", "region: example-city\nregion: example-country\n"),
        ["data/cases/pat-prisoner.yml:4:1: region: duplicate key 'region' (first given on line 3)"],
    ),
    (
        "impossible date",
        lambda r: edit(r, CASE, "  - date: 2018-04-16\n    kind: mission", "  - date: 2018-02-30\n    kind: mission"),
        ["data/cases/pat-prisoner.yml:20:11: timeline[1].date: '2018-02-30' is not a real date (day is out of range for month)"],
    ),
    (
        "impossible month as text",
        lambda r: edit(r, CASE, "  - date: 2019-06\n", "  - date: 2019-13\n"),
        ["data/cases/pat-prisoner.yml:24:11: timeline[2].date: '2019-13' is not a real date (month 13 is not between 1 and 12)"],
    ),
    (
        "timeline out of order",
        lambda r: edit(r, CASE, "  - date: 2019-06\n", "  - date: 2018-03\n"),
        [
            "data/cases/pat-prisoner.yml:24:11: timeline[2].date: 2018-03 comes before the previous event (2018-04-16); keep the timeline oldest first"
        ],
    ),
    (
        "release before any detention",
        lambda r: edit(r, CASE, "    kind: detained", "    kind: charged"),
        [
            "data/cases/pat-prisoner.yml:25:11: timeline[2].kind: 'released' on 2019-06 but the person is not in custody before it (no detention earlier in the timeline)"
        ],
    ),
    (
        "date range that ends before it starts",
        lambda r: edit(r, CASE, "    end: 2019-06", "    end: 2017-06"),
        ["data/cases/pat-prisoner.yml:29:5: custody[0]: end 2017-06 is before the start 2018-01-01"],
    ),
    (
        "missing reference with closest ids",
        lambda r: edit(r, CASE, "region: example-city", "region: example-citty"),
        ["data/cases/pat-prisoner.yml:3:9: region: no place with id 'example-citty'; closest: example-city, example-country"],
    ),
    (
        "reference to a record of the wrong type",
        lambda r: edit(r, CASE, "person: pat-prisoner", "person: example-ngo"),
        ["data/cases/pat-prisoner.yml:2:9: person: 'example-ngo' is an organisation, not a person"],
    ),
    (
        "unknown record in a text field",
        lambda r: edit(r, CASE, "Met by [[person:dana-delegate]]", "Met by [[person:dana-delegat]]"),
        [
            "data/cases/pat-prisoner.yml:22:11: timeline[1].text: [[person:dana-delegat]]: no person with id 'dana-delegat'; closest: dana-delegate"
        ],
    ),
    (
        "unknown record in a Markdown page",
        lambda r: write(r, "docs/extra.md", "# Extra\n\nSee\nthe [[case:pat-prisonr]] page.\n"),
        ["docs/extra.md:4:5: [[case:pat-prisonr]]: no case with id 'pat-prisonr'; closest: pat-prisoner"],
    ),
    (
        "malformed reference in a Markdown page",
        lambda r: write(r, "docs/extra.md", "# Extra\n\n[[pat-prisoner]]\n"),
        ["docs/extra.md:3:1: [[pat-prisoner]]: write [[type:id]], e.g. [[case:ardak-ashim]]"],
    ),
    (
        "id differs from the file name",
        lambda r: edit(r, CASE, "id: pat-prisoner", "id: pat-prisoner-2"),
        ["data/cases/pat-prisoner.yml:1:5: id: id 'pat-prisoner-2' differs from the file name 'pat-prisoner'; rename the file pat-prisoner-2.yml"],
    ),
    (
        "duplicate id across files",
        lambda r: write(r, "data/cases/more/pat-prisoner.yml", (r / CASE).read_text()),
        ["data/cases/pat-prisoner.yml:1:5: id: duplicate id 'pat-prisoner': data/cases/more/pat-prisoner.yml has the same id"],
    ),
    (
        "id with capitals",
        lambda r: write(r, "data/places/Big-City.yml", "id: Big-City\nname: Big City\ntype: city\n"),
        ["data/places/Big-City.yml:1:5: id: 'Big-City' is not an id: use lowercase ASCII letters, digits and single hyphens; did you mean 'big-city'?"],
    ),
    (
        "wrong type",
        lambda r: edit(r, CASE, "verified: 2026-11-28", "verified: [2026]"),
        ["data/cases/pat-prisoner.yml:4:11: verified: input should be a valid date"],
    ),
    (
        "value not allowed",
        lambda r: edit(r, CASE, "    type: met", "    type: visited"),
        ["data/cases/pat-prisoner.yml:40:11: contacts[0].type: 'visited' is not allowed; use one of 'met', 'access-refused' or 'raised'"],
    ),
    (
        "javascript URL in a source",
        lambda r: edit(r, "data/sources/press-one.yml", "url: https://press.example.org/one", "url: javascript:alert(1)"),
        ["data/sources/press-one.yml:4:6: url: only http:// and https:// addresses are allowed, got 'javascript:alert(1)'"],
    ),
    (
        "source without a date",
        lambda r: edit(r, "data/sources/press-one.yml", "date: 2018-01-02\n", ""),
        ["data/sources/press-one.yml:1:1: date: required field is missing"],
    ),
    (
        "malformed YAML",
        lambda r: edit(r, CASE, "region: example-city", "region: [example-city"),
        ["data/cases/pat-prisoner.yml:4:9: invalid YAML: did not find expected ',' or ']'"],
    ),
    (
        "a list instead of a mapping",
        lambda r: write(r, "data/places/listy.yml", "- id: listy\n- name: Listy\n"),
        ["data/places/listy.yml:1:1: a record must be a mapping of fields, got a list"],
    ),
    (
        "an empty file",
        lambda r: write(r, "data/places/empty.yml", ""),
        ["data/places/empty.yml:1:1: the file is empty; a record is a mapping of fields"],
    ),
    (
        "a Markdown link in a text field",
        lambda r: edit(r, CASE, "text: Released.", "text: Released, see [here](javascript:alert(1))."),
        [
            "data/cases/pat-prisoner.yml:26:11: timeline[2].text: Markdown links are not allowed in text; link records with [[type:id]] and cite sources in 'sources'"
        ],
    ),
    (
        "an event that stands only on a mirror, though marked disputed",
        _event_on_a_mirror_only,
        [
            "data/cases/pat-prisoner.yml:27:14: timeline[2].sources: every source of this fact is weak (mirror, blog or low); add a stronger source or list it as one side of a conflict"
        ],
    ),
]


@pytest.mark.parametrize("name, mutate, expected", BAD, ids=[b[0] for b in BAD])
def test_bad_input_message(mini: Path, name: str, mutate, expected: list[str]) -> None:
    mutate(mini)
    with pytest.raises(DataErrors) as info:
        check(Settings.for_root(mini))
    assert [str(e) for e in info.value.errors] == expected


def test_all_errors_are_reported_together(mini: Path) -> None:
    edit(mini, CASE, "region: example-city", "region: nowhere")
    edit(mini, "data/sources/press-one.yml", "reliability: press", "reliability: rumour")
    with pytest.raises(DataErrors) as info:
        check(Settings.for_root(mini))
    report = info.value.report().splitlines()
    assert report[0].startswith("data/cases/pat-prisoner.yml:3:9: region:")
    assert report[1].startswith("data/sources/press-one.yml:7:14: reliability:")
    assert report[-1] == "2 errors in the data; the site was not built."
