"""The corpus of bad inputs, as processes: the check command once, and each case marked for it built.

For the cases of tests/bad_inputs/cases.yaml marked `build: true`, `mkdocs build --strict` over a
previously built good site exits non-zero with the very same report as the data check, without
a traceback, and leaves that site byte for byte as it was; `mkdocs serve` does not start.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bad_inputs import apply, load_cases, report, tree_digest
from common import build
from dossier.__main__ import main

CASES = load_cases()
BUILT = [c for c in CASES if c.get("build")]


def test_the_check_command_exits_non_zero_without_a_traceback(mini: Path):
    """The command line itself, once: a bad file, a clean report and exit status 1."""
    (mini / "data" / "places" / "bad-place.yml").write_text("id: bad-place\nname: [unclosed\n")
    result = subprocess.run(
        [sys.executable, "-m", "dossier", "check", "--root", str(mini)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("data/places/bad-place.yml:3:1: invalid YAML:")
    assert result.stderr.endswith("1 error in the data; the site was not built.\n")


@pytest.fixture(scope="module")
def good_site(tmp_path_factory: pytest.TempPathFactory, request) -> Path:
    """The fixture site, built once; each case starts from a copy of this last good site/."""
    from common import FIXTURE, ROOT

    root = tmp_path_factory.mktemp("good") / "mini"
    shutil.copytree(FIXTURE, root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("../../../hooks/site.py", str(ROOT / "hooks" / "site.py")))
    result = build(config, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.mark.parametrize("case", BUILT, ids=[c["name"] for c in BUILT])
def test_build_stops_with_the_same_message_and_keeps_the_last_good_site(case, mini: Path, good_site: Path):
    shutil.copytree(good_site, mini / "site")
    before = tree_digest(mini / "site")
    apply(case, mini)
    result = build(mini / "mkdocs.yml", mini / "site")
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    if case.get("accepted"):
        assert result.returncode == 0, output
        return
    assert result.returncode != 0
    # the build prints the very report of the data check, line for line
    assert report(case) in output.replace("\r\n", "\n")
    assert tree_digest(mini / "site") == before


def test_serve_prints_the_same_report_as_the_check(mini: Path, capsys):
    """`make serve` runs `mkdocs serve`: its first build stops on bad data with the very report
    of the data check (the same code runs in the hook), and the server does not start."""
    case = next(c for c in CASES if c["name"] == "many-errors-sorted")
    apply(case, mini)
    assert main(["check", "--root", str(mini)]) == 1
    checked = capsys.readouterr().err
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(mini / "mkdocs.yml"), "--dev-addr", "127.0.0.1:8799"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        cwd=mini,
        timeout=300,  # a safety net should the server start: the test does not time anything
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert checked.strip() in result.stderr
    assert checked.strip() == report(case)
