"""The fast paths give the same results as the slow ones: reading, caching, previews, the search index."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from common import FIXTURE
from dossier.build import Settings, check
from dossier.errors import DataErrors
from dossier.graph import preview
from dossier.load import load_all
from dossier.model import Case, Organisation
from dossier.refs import rewrite
from dossier.searchindex import compact, compact_text
from dossier.yamlread import Unusual, fast_value, parse


@pytest.mark.parametrize(
    "text",
    [
        "id: a\nverified: 2026-11-28\nwhen: 2018-04\nyear: 2018\n",
        "n: 12\nf: 1.5\nt: true\nu: false\nv: yes\nnothing: null\nempty:\n",
        "s: 'quoted: text'\nt: \"two\\nlines\"\nu: Ардак Ашим\nv: >-\n  folded\n  text\n",
        "list:\n  - a\n  - {b: 1, c: [x, y]}\n  - - nested\n",
        "code: '174'\npart: 2\nexp: 1e3\nhex: 0x1f\ntime: 2018-04-16 10:00:00\n",
    ],
)
def test_the_fast_path_reads_the_same_values_as_the_full_path(text: str) -> None:
    assert fast_value(text) == parse(text, "f.yml").value


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key
        "a: &x 1\nb: *x\n",  # alias
        "set: !!set {a, b}\n",  # a tag: the full path refuses it with its position
        "a: [[[[1]]]]\n",  # deep flow nesting: the C composer recurses once per level
        "base: {x: 1}\nc:\n  <<: {y: 2}\n",  # merge key
        "1: one\n",  # a key that is not text
        "d: 2018-02-30\n",  # not a real date
    ],
)
def test_the_fast_path_leaves_anything_unusual_to_the_full_path(text: str) -> None:
    with pytest.raises(Unusual):
        fast_value(text)


def site(tmp_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(FIXTURE, root)
    return root


def test_an_error_found_after_reading_still_names_its_line(tmp_path: Path) -> None:
    """A valid file is read without positions; a reference error found later still gets one."""
    root = site(tmp_path)
    case = root / "data" / "cases" / "pat-prisoner.yml"
    case.write_text(case.read_text().replace("region: example-city", "region: example-town"))
    with pytest.raises(DataErrors) as caught:
        check(Settings.for_root(root))
    assert [str(e) for e in caught.value.errors if e.path == "data/cases/pat-prisoner.yml"] == [
        "data/cases/pat-prisoner.yml:3:9: region: no place with id 'example-town'; closest: example-city, example-country"
    ]


def test_the_cache_reads_a_file_again_only_when_it_changed(tmp_path: Path) -> None:
    root = site(tmp_path)
    cache: dict = {}
    first = load_all(root / "data", root, cache=cache)
    again = load_all(root / "data", root, cache=cache)
    assert again.records["case"]["pat-prisoner"] is first.records["case"]["pat-prisoner"]
    case = root / "data" / "cases" / "pat-prisoner.yml"
    case.write_text(case.read_text().replace("later released", "released later"))
    os.utime(case, ns=(case.stat().st_atime_ns, case.stat().st_mtime_ns + 1_000_000))
    changed = load_all(root / "data", root, cache=cache)
    record = changed.records["case"]["pat-prisoner"]
    assert isinstance(record, Case) and record.summary.text.endswith("released later.")
    assert changed.records["person"]["pat-prisoner"] is first.records["person"]["pat-prisoner"]


def test_a_preview_keeps_the_named_records_and_what_they_refer_to(tmp_path: Path) -> None:
    root = site(tmp_path)
    graph, _ = check(Settings.for_root(root))
    shown = preview(graph, ["example-ngo"])
    kept = {(kind, rid) for kind, by_id in shown.records.items() for rid in by_id}
    assert ("organisation", "example-ngo") in kept
    assert ("case", "pat-prisoner") not in kept  # refers to the organisation; not referred to by it
    ngo = graph.records["organisation"]["example-ngo"]
    assert isinstance(ngo, Organisation)
    assert all(rid in shown.records["source"] for rid in ngo.facts[0].sources)
    # naming a person whose case it is keeps the case, and the case keeps what it cites
    shown = preview(graph, ["pat-prisoner"])
    assert "pat-prisoner" in shown.records["case"] and "example-city" in shown.records["place"]
    with pytest.raises(ValueError, match="no record has the id 'pat-prisonr'; closest: pat-prisoner"):
        preview(graph, ["pat-prisonr"])


def test_a_reference_to_a_page_left_out_of_a_preview_is_its_name_without_a_link() -> None:
    def target(kind: str, rid: str):
        return (None, None, "Pat Prisoner") if rid == "pat" else ("places.md", rid, "City [1]")

    text = "Met [[case:pat]] in [[place:city]] and [[case:pat|her]]."
    assert rewrite(text, "cases/x.md", target) == r"Met Pat Prisoner in [City \[1\]](../places.md#city) and her."


def test_the_search_index_is_compacted() -> None:
    assert compact_text("<p>Met in Almaty.<sup>2</sup><sup>14</sup></p> <ul> <li>a</li> <li>b<sup>x</sup></li> </ul>") == (
        "Met in Almaty. a b<sup>x</sup>"
    )
    written = json.dumps({"config": {"lang": ["en"]}, "docs": [{"location": "a/", "title": "Ардак", "text": "<p>Ашим<sup>1</sup></p>"}]})
    assert "\\u0410" in written
    out = compact(written)
    assert out == '{"config":{"lang":["en"]},"docs":[{"location":"a/","title":"Ардак","text":"Ашим"}]}'


def test_the_real_search_index_leaves_out_repeats_and_keeps_cyrillic(real_site: Path) -> None:
    raw = (real_site / "search" / "search_index.json").read_text(encoding="utf-8")
    docs = json.loads(raw)["docs"]
    pages = {d["location"].split("#")[0] for d in docs}
    assert "cases/ardak-ashim/" in pages
    assert not pages & {"sources/", "people/", "cases/"}  # they repeat the record pages
    assert not [d for d in docs if d["title"] in ("Sources", "Mentioned on")]
    assert "<sup>" not in raw and "\\u04" not in raw
    assert "Ардак Ашим" in raw  # a spelling in Cyrillic script is searchable, as it is written


def test_a_strict_build_refuses_a_preview(tmp_path: Path) -> None:
    """DOSSIER_ONLY is for `make serve`: a partial site must never be published by mistake."""
    from common import ROOT, build

    result = build(ROOT / "mkdocs.yml", tmp_path / "site", env={"DOSSIER_ONLY": "ardak-ashim", "DOSSIER_PDF": "0"})
    assert result.returncode != 0
    assert "Preview: only" in result.stderr and "DOSSIER_ONLY" in result.stderr
    # the preview itself builds (as it does under `make serve`): only its warning stops the build
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr


def test_a_preview_of_a_real_case_renders_every_page() -> None:
    """`make serve ONLY=ardak-ashim`: the preview keeps what its pages cite, including the
    gazetteer that a place's coordinates come from (a prefix, not a reference field)."""
    from common import ROOT
    from dossier.render import render_pages

    graph, mentions = check(Settings.for_root(ROOT))
    shown = preview(graph, ["ardak-ashim", "kazakhstan-2018"])
    assert "geonames" in shown.records["source"]
    titles = {p.relative_to(ROOT / "docs").as_posix(): p.stem for p in (ROOT / "docs").rglob("*.md")}
    pages = render_pages(shown, mentions, titles, report_mission="kazakhstan-2018")
    assert "cases/ardak-ashim.md" in pages
    assert "map.md" in pages
