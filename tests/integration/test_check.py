"""`make check` (python -m dossier check): the build's validation without the build.

It must not build the site (it never imports MkDocs, which is what makes it fast), it must
print exactly the messages that the build prints for the same data, and exit 0 or 1.
Its speed is measured by hand (see the editors' guide), not here: tests are not timed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from common import ROOT, build

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
LOCATED = re.compile(r"^data/\S+\.yml:\d+:\d+: ", re.MULTILINE)


def check(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dossier", "check", "--root", str(root), *extra],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=root,
    )


def imported(stderr: str) -> set[str]:
    """Top-level package names that `-X importtime` reports as imported."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def report(stderr: str) -> list[str]:
    """The error report of a run, without -X importtime's lines."""
    return [line for line in stderr.splitlines() if not line.startswith("import time:")]


@pytest.fixture
def real_copy(tmp_path: Path) -> Path:
    """The real data and pages, copied so that a test may break them."""
    dest = tmp_path / "real"
    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("hooks", "overrides"):  # the code itself is not copied
        (dest / name).symlink_to(ROOT / name, target_is_directory=True)
    return dest


def test_the_check_passes_on_the_real_data_without_importing_mkdocs() -> None:
    result = check(ROOT)
    assert result.returncode == 0, result.stderr
    # after the list of texts not yet translated, if any
    assert re.search(r"^\d+ records and their references are valid", result.stdout, re.MULTILINE)
    modules = imported(result.stderr)
    assert "dossier" in modules and "pydantic" in modules  # the report is real: it lists what ran
    assert not modules & {"mkdocs", "material", "markdown", "jinja2", "pymdownx"}


def misspell(root: Path) -> None:
    case = root / "data" / "cases" / "ardak-ashim.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("\nverified:", "\nverifed:"), encoding="utf-8")


def break_reference(root: Path) -> None:
    page = root / "docs" / "press-conference.md"
    page.write_text(page.read_text(encoding="utf-8").replace("[[case:ardak-ashim|", "[[case:ardak-ashym|"), encoding="utf-8")


def break_source(root: Path) -> None:
    src = root / "data" / "sources" / "odf-2018-05-15-press-release.yml"
    src.write_text(src.read_text(encoding="utf-8").replace("\nreliability: ngo", "\nreliability: NGO"), encoding="utf-8")


def bring_back_a_weak_only_fact(root: Path) -> None:
    """The remand of 28 November 2017, which only a mirror of an Azattyq report states (issue 15)."""
    case = root / "data" / "cases" / "kenzhebek-abishev.yml"
    text = case.read_text(encoding="utf-8")
    event = (
        "  - date: 2017-11-28\n    kind: remanded\n    text: A court ordered the three men held in custody.\n"
        "    sources: [azattyq-mirror-2018-preliminary-hearing]\n    certainty: disputed\n"
    )
    case.write_text(text.replace("  - date: 2018-04-16\n", event + "  - date: 2018-04-16\n", 1), encoding="utf-8")


WEAK_ONLY = (
    "data/cases/kenzhebek-abishev.yml:58:14: timeline[1].sources: every source of this fact is weak "
    "(mirror, blog or low); add a stronger source or list it as one side of a conflict"
)


@pytest.mark.parametrize(
    "breakage, expected",
    [
        (misspell, "data/cases/ardak-ashim.yml:5:1: verifed: unknown field (did you mean 'verified'?)"),
        (break_reference, "[[case:ardak-ashym]]: no case with id 'ardak-ashym'; closest: ardak-ashim"),
        (break_source, "reliability: 'NGO' is not allowed"),
        (bring_back_a_weak_only_fact, WEAK_ONLY),
    ],
    ids=["misspelt field", "unknown reference in a page", "bad value", "weak-only fact"],
)
def test_the_check_prints_exactly_the_builds_messages(real_copy: Path, breakage, expected: str) -> None:
    breakage(real_copy)
    checked = check(real_copy)
    assert checked.returncode == 1
    lines = report(checked.stderr)
    assert any(expected in line for line in lines), lines
    assert lines[-1].endswith("in the data; the site was not built.")
    assert not imported(checked.stderr) & {"mkdocs", "material"}

    built = build(real_copy / "mkdocs.yml", real_copy / "site")
    assert built.returncode == 1
    output = built.stdout + built.stderr
    assert "\n".join(lines) in output  # the same lines, in the same order, nothing left out
    assert not (real_copy / "site").exists()


def test_a_misspelt_field_in_the_fixture_names_file_line_and_column(mini: Path) -> None:
    case = mini / "data" / "cases" / "pat-prisoner.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("\nregion:", "\nregoin:"), encoding="utf-8")
    result = check(mini)
    assert result.returncode == 1
    located = LOCATED.findall("\n".join(report(result.stderr)))
    assert located and all(line.startswith("data/cases/pat-prisoner.yml:") for line in located)
    assert "regoin: unknown field (did you mean 'region'?)" in result.stderr


def test_no_published_fact_of_the_real_record_stands_on_weak_sources_alone() -> None:
    """facts.md: mirrors, blogs and low-reliability pages are never the only source of a published
    fact. Every value with sources is read (a conflict's accounts aside); none may come back."""
    from dossier.load import load_all
    from dossier.model import Source
    from dossier.sourcing import weak_only

    loaded = load_all(ROOT / "data", ROOT)
    assert loaded.records["source"], "the real record has sources"
    weak = {rid for rid, s in loaded.records["source"].items() if isinstance(s, Source) and s.weak}
    assert weak, "the real record cites weak sources, so the rule has something to check"
    assert [str(e) for e in weak_only(loaded)] == []
