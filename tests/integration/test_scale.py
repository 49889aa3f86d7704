"""The work of a build grows linearly with the number of records, and a case page keeps its size.

No timing here (timings belong to `make bench`): these tests count the work itself, on the
benchmark's synthetic records, so that a template looping over every case for each record,
or a case page that lists every other case, fails them whatever the machine.
"""

from __future__ import annotations

import shutil
import sys
from collections import Counter
from pathlib import Path

import jinja2
import pytest
import yaml

from bench.synth import Scale, scratch_site, write_config, write_synthetic
from common import ROOT, build
from dossier import render
from dossier.build import Settings, check
from dossier.model import Case, Person
from dossier.refs import rewrite

# missions, delegates, organisations, courts and colonies grow with the cases, as at scale
SMALL = Scale(per_list=5, per_colony=5, per_court=5, per_mission=5, per_organisation=5)


SIZES = (10, 40, 70)


def work(root: Path, n: int, monkeypatch: pytest.MonkeyPatch) -> tuple[Counter, dict[str, str]]:
    """Check, render and link n synthetic cases; count template attribute reads and calls of the core."""
    write_synthetic(root / "data", n, scale=SMALL)
    (root / "docs").mkdir()
    counts: Counter = Counter()
    plain_getattr = jinja2.Environment.getattr

    def getattr(self, obj, attribute):  # every `a.b` that a template evaluates
        counts["template reads"] += 1
        return plain_getattr(self, obj, attribute)

    monkeypatch.setattr(jinja2.Environment, "getattr", getattr)
    core = str(ROOT / "hooks" / "dossier")

    def line(frame, event, arg):
        if event == "line":
            counts["core lines"] += 1
            counts["lines in " + frame.f_code.co_filename[len(core) + 1 :]] += 1
        return line

    def call(frame, event, arg):
        # every call into the core and its templates, and every line run there: a loop over all
        # cases inside one function (once per place, say) shows in the lines, not in the calls
        if event == "call" and frame.f_code.co_filename.startswith(core):
            counts["core calls"] += 1
            return line
        return None

    sys.settrace(call)
    try:
        graph, mentions = check(Settings.for_root(root))
        pages = render.render_pages(graph, mentions, {})
        for path, text in pages.items():
            rewrite(text, path, lambda kind, rid: (*graph.page(kind, rid), graph.title(kind, rid)))
    finally:
        sys.settrace(None)
    return counts, pages


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Counter, dict[str, str]]]:
    out = {}
    for n in SIZES:
        with pytest.MonkeyPatch.context() as monkeypatch:
            out[n] = work(tmp_path_factory.mktemp(f"n{n}"), n, monkeypatch)
    return out


@pytest.mark.parametrize("what", ["template reads", "core calls", "core lines"])
def test_each_further_case_costs_the_same_work(runs, what: str) -> None:
    """The cases 40 to 69 cost no more work than the cases 10 to 39 did.

    Linear work costs the same for each block of cases. A loop over every case for each
    delegate, organisation, place or mission (whose numbers grow with the cases) makes the
    second block cost about twice the first."""
    (a, _), (b, _), (c, _) = (runs[n] for n in SIZES)
    first, second = b[what] - a[what], c[what] - b[what]
    assert first > 0
    assert second <= 1.1 * first, (what, a[what], b[what], c[what])


def test_no_module_of_the_core_does_more_work_for_each_further_case(runs) -> None:
    """The same rule file by file: a loop over every case for each place, hidden among the
    whole core's work, still shows in the lines of the one file that runs it."""
    (a, _), (b, _), (c, _) = (runs[n] for n in SIZES)
    files = sorted(k for k in c if k.startswith("lines in "))
    assert "lines in pictures.py" in files and "lines in templates/case.md.j2" in files
    growing = [
        f"{k[9:]}: {a[k]}, {b[k]}, {c[k]} lines at {SIZES}"
        for k in files
        if c[k] - b[k] > 1.1 * (b[k] - a[k]) + 50  # a few lines of set-up are not growth
    ]
    assert not growing, growing


def test_a_case_page_does_not_grow_with_the_record(runs) -> None:
    # case 0 is the same record at any size (missions, lists and courts are shared by five)
    small, large = runs[SIZES[0]][1], runs[SIZES[-1]][1]
    assert small["cases/syn-case-0.md"] == large["cases/syn-case-0.md"]
    assert len(large) > 5 * len(small)  # while the record grew sevenfold


def test_the_baseline_builds_the_same_case_page_and_no_case_is_in_the_navigation(tmp_path: Path) -> None:
    """At 10 and 40 cases (plus the real data): strict builds, no warning, the same case page;
    and the benchmark's baseline (the captured Markdown built without hooks) gives the same HTML."""
    from bench.run import CAPTURE_HOOK, make_baseline, project_hooks

    pages = {}
    for n in (10, 40):
        config, synthetic = scratch_site(tmp_path / f"n{n}", n)
        env = None
        if n == 10:
            config = write_config(config.parent / "mkdocs-capture.yml", hooks=project_hooks() + [str(CAPTURE_HOOK)])
            env = {"DOSSIER_BENCH_CAPTURE": str(tmp_path / "captured")}
        result = build(config, tmp_path / f"site{n}", env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "WARNING" not in result.stderr, result.stderr
        page = tmp_path / f"site{n}" / "cases" / synthetic.probe / "index.html"
        pages[n] = page.read_bytes()
        assert f"cases/{synthetic.case_ids[-1]}/" not in pages[n].decode()
    assert pages[10] == pages[40]

    (tmp_path / "plain").mkdir()
    plain = make_baseline(tmp_path / "plain", tmp_path / "n10", tmp_path / "captured")
    from bench.run import THEME_HOOK

    assert yaml.safe_load(plain.read_text())["hooks"] == [str(THEME_HOOK)], "MkDocs alone, with the theme's words only"
    result = build(plain, tmp_path / "site-plain")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert (tmp_path / "site-plain" / "cases" / "syn-case-0" / "index.html").read_bytes() == pages[10]
    shutil.rmtree(tmp_path / "n10")


def test_copies_of_a_real_case_pass_the_data_check(tmp_path: Path) -> None:
    """`python -m bench --clone ardak-ashim`: each copy of the case gets a copy of its person,
    since the check refuses two case records for one person, and the copies load and link."""
    from bench.synth import write_clones

    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "docs").mkdir()
    clones = write_clones(tmp_path / "data", 3, "ardak-ashim")
    graph, _ = check(Settings.for_root(tmp_path))
    for rid in clones.case_ids:
        case = graph.get("case", rid)
        assert isinstance(case, Case) and case.person == f"{rid}-person"
        person = graph.get("person", case.person)
        assert isinstance(person, Person) and person.name == "Ardak Ashim"
    original = graph.case_of("ardak-ashim")
    assert original is not None and original.id == "ardak-ashim"
