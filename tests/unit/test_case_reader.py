"""What a reader is told of a case, without a build: the age rule of "last known" statuses and
their counting, the grouping of footnote markers, and the setting that sets the age."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown
import pytest

from common import FIXTURE
from dossier.build import Settings
from dossier.errors import DataErrors
from dossier.model import Case
from dossier.pipeline import stylesheet
from dossier.render import NoteGroups, note_numbers
from dossier.status import known_status, tally

PAT = "pat-prisoner"  # the fixture's case: detained 1 January 2018, released June 2019 (its newest event)


def fixture_case() -> Case:
    from dossier.build import check

    graph, _ = check(Settings.for_root(FIXTURE))
    return graph.get(Case, PAT)


def test_a_status_older_than_the_age_limit_is_only_the_last_known_one() -> None:
    case = fixture_case()
    newest = case.timeline[-1].date.last_day  # 30 June 2019
    # a fixed 'today': two years after the newest event's last day, and the day after
    assert not known_status(case, newest.replace(year=newest.year + 2), 2).last_known
    assert known_status(case, newest.replace(year=newest.year + 2) + dt.timedelta(days=1), 2).last_known
    assert not known_status(case, dt.date(2026, 12, 7), 10).last_known  # a longer limit
    assert known_status(case, dt.date(2026, 12, 7), 0).last_known


def test_a_last_known_status_in_custody_is_not_counted_as_in_custody_now() -> None:
    case = fixture_case()
    before_release = case.model_copy(update={"timeline": case.timeline[:-1]})  # detained, then nothing
    today = dt.date(2026, 12, 7)
    old = known_status(before_release, today, 2)
    assert old.status.in_custody and old.last_known and not old.in_custody_now
    recent = known_status(before_release, dt.date(2018, 6, 1), 2)
    assert recent.in_custody_now
    counted = tally([old, known_status(case, today, 2)])
    assert (counted.total, counted.in_custody_now, counted.outcomes) == (2, 0, 1)
    assert counted.phrase == "1 released or deceased, 1 last known in 2018"


def test_a_death_is_never_only_last_known() -> None:
    case = fixture_case()
    died = case.timeline[-1].model_copy(update={"kind": "died"})
    dead = case.model_copy(update={"timeline": [*case.timeline[:-1], died]})
    known = known_status(dead, dt.date(2040, 1, 1), 2)
    assert known.status.key == "deceased" and not known.last_known


@pytest.mark.parametrize("value", [-1, "two", True, 1.5])
def test_the_age_setting_is_a_whole_number_of_years(value: object) -> None:
    with pytest.raises(DataErrors) as err:
        Settings.from_options(Path("."), Path("docs"), {"status_age_years": value})
    assert "extra.dossier.status_age_years" in err.value.report()
    assert Settings.from_options(Path("."), Path("docs"), {"status_age_years": 5}).status_age_years == 5
    assert Settings.from_options(Path("."), Path("docs"), {}).status_age_years == 2


def test_note_numbers_are_written_as_ranges() -> None:
    assert note_numbers([1, 2, 3, 4]) == "1–4"
    assert note_numbers([1, 2, 5, 7, 8, 9]) == "1,2,5,7–9"
    assert note_numbers([3]) == "3"


def test_markers_side_by_side_become_one_and_every_note_keeps_its_way_back() -> None:
    text = "One.[^a][^b][^c] Two[^b] three[^c][^a].\n\n[^a]: A\n[^b]: B\n[^c]: C\n"
    html = markdown.markdown(text, extensions=["footnotes", NoteGroups()])
    body = html.split('<div class="footnote">')[0]
    assert "</sup><sup" not in body
    assert '<a class="footnote-ref" href="#fn:a" title="Sources 1, 2, 3">1–3</a>' in body
    assert ">1,3</a>" in body and '>2</a>' in body
    # each note's links back lead to an id that is still in the text
    for target in __import__("re").findall(r'class="footnote-backref" href="#([^"]+)"', html):
        assert f'id="{target}"' in body, target


def test_the_stylesheets_setting_names_files_under_docs(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "css").mkdir(parents=True)
    (docs / "css" / "a.css").write_text(".a { color: red; }\n", encoding="utf-8")
    (docs / "css" / "b.css").write_text("@media print { .b { display: none; } }\n", encoding="utf-8")
    for value, field, words in (
        ("css/a.css", "extra.dossier.stylesheets", "expected a list of files under docs/"),
        (["css/a.css", 3], "extra.dossier.stylesheets", "expected a list of files under docs/"),
        (["css/a.css", "css/c.css"], "extra.dossier.stylesheets[1]", "no such file: docs/css/c.css"),
    ):
        with pytest.raises(DataErrors) as err:
            Settings.from_options(tmp_path, docs, {"stylesheets": value})
        assert f"mkdocs.yml:1:1: {field}: {words}" in err.value.report(), err.value.report()
    settings = Settings.from_options(tmp_path, docs, {"stylesheets": ["css/b.css", "css/a.css"]})
    assert settings.stylesheets == ("css/b.css", "css/a.css") and "stylesheets" not in settings.extra
    joined = stylesheet(docs, settings.stylesheets)
    assert joined.index("@media print { .b") < joined.index(".a { color: red; }")  # in the order given
    assert joined.count("/* css/") == 2
