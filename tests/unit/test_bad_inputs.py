"""The corpus of bad inputs: each stops the data check with its exact message.

For every case in tests/bad_inputs/cases.yaml, written into a copy of the fixture site, the
data check (`python -m dossier check`, run in-process for speed) prints exactly the expected
report and exits 1. tests/integration/test_bad_inputs_build.py runs the command line once and
builds the cases marked `build: true`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bad_inputs import apply, load_cases, report
from dossier.__main__ import main

CASES = load_cases()
IDS = [c["name"] for c in CASES]


def test_the_corpus_covers_enough_inputs():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_check_prints_the_exact_message(case, mini: Path, capsys):
    apply(case, mini)
    status = main(["check", "--root", str(mini)])
    err = capsys.readouterr().err
    if case.get("accepted"):
        assert (status, err) == (0, "")
    else:
        assert status == 1
        assert err == report(case) + "\n"
