"""Every page of the built site passes the Nu HTML Checker (errors only).

vnu.jar comes from the npm package vnu-jar (package.json, installed by `npm ci` from the
Makefile) and runs on the installed Java. Messages that must stay are listed, each with its
reason, in tests/integration/vnu-allowed.txt.

The tests of this file carry the marker `java`: `make test` runs them, `make test-fast` leaves
them out, so that it needs neither Java nor npm.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from common import ROOT

pytestmark = pytest.mark.java
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ALLOWED = Path(__file__).resolve().parent / "vnu-allowed.txt"


@dataclass(frozen=True)
class Allowed:
    message: str
    extract: re.Pattern[str]
    reason: str
    line: int

    def matches(self, msg: dict) -> bool:
        return msg.get("message", "").startswith(self.message) and bool(self.extract.search(msg.get("extract", "")))


def read_allowed(path: Path) -> list[Allowed]:
    """Parse the blocks of 'message:', 'extract:' and 'reason:' (see the file's head)."""
    entries: list[Allowed] = []
    block: dict[str, str] = {}
    start = 0
    key = None

    def close() -> None:
        if not block:
            return
        missing = {"message", "extract", "reason"} - block.keys()
        assert not missing, f"{path.name}:{start}: entry lacks {', '.join(sorted(missing))}"
        assert block["reason"].strip(), f"{path.name}:{start}: entry has an empty reason"
        entries.append(Allowed(block["message"], re.compile(block["extract"]), block["reason"], start))
        block.clear()

    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if raw.startswith("#"):
            continue
        if not raw.strip():
            close()
            key = None
            continue
        if raw[0].isspace():
            assert key, f"{path.name}:{n}: continuation line outside an entry"
            block[key] += " " + raw.strip()
            continue
        key, sep, value = raw.partition(":")
        assert sep and key in ("message", "extract", "reason"), (
            f"{path.name}:{n}: expected 'message:', 'extract:' or 'reason:'"
        )
        assert key not in block, f"{path.name}:{n}: {key} given twice in one entry"
        if not block:
            start = n
        block[key] = value.strip()
    close()
    return entries


def run_vnu(site: Path) -> list[dict]:
    java = shutil.which("java")
    assert java, "no `java` on PATH: the HTML check needs a Java runtime (Debian: apt-get install default-jre-headless)"
    assert VNU.is_file(), f"no {VNU.relative_to(ROOT)}: run `npm ci` at the repository root (make test does)"
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        check=False,  # vnu exits 1 when it finds errors; its JSON report says which
    )
    assert result.stderr.strip().startswith("{"), f"vnu.jar failed ({result.returncode}): {result.stderr[:2000]}"
    return json.loads(result.stderr)["messages"]


def test_every_page_is_valid_html(real_site: Path) -> None:
    allowed = read_allowed(ALLOWED)
    messages = run_vnu(real_site)
    used: set[int] = set()
    errors = []
    for msg in messages:
        hit = next((a for a in allowed if a.matches(msg)), None)
        if hit:
            used.add(hit.line)
            continue
        where = msg.get("url", "").removeprefix("file:").removeprefix(str(real_site) + "/")
        errors.append(
            f"{where}:{msg.get('lastLine')}: {msg.get('type')}: {msg.get('message')}\n    {msg.get('extract', '').strip()!r}"
        )
    stale = [f"{ALLOWED.name}:{a.line}: {a.message}" for a in allowed if a.line not in used]
    assert not errors, f"{len(errors)} message(s) of the Nu HTML Checker:\n" + "\n".join(errors)
    assert not stale, "entries of the allowed list that match nothing any more (remove them):\n" + "\n".join(stale)


def test_the_checker_reports_an_error(tmp_path: Path) -> None:
    """vnu itself runs and finds a real error, else a green run proves nothing."""
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><title>x</title><p><div id=a></div><span id=a></span>'
    )
    messages = run_vnu(tmp_path)
    assert any("Duplicate ID" in m.get("message", "") for m in messages), messages


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("message: x\nextract: y\n", "lacks reason"),
        ("message: x\nextract: y\nreason:\n", "empty reason"),
        ("message: x\nwhy: y\n", "expected 'message:'"),
    ],
)
def test_the_allowed_list_needs_a_reason_for_each_entry(tmp_path: Path, text: str, error: str) -> None:
    bad = tmp_path / "allowed.txt"
    bad.write_text(text)
    with pytest.raises(AssertionError, match=error):
        read_allowed(bad)
