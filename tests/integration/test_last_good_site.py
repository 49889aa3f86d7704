"""`make build` replaces site/ only with a site that built, whatever stopped the build.

Bad data stops the build in the hook's on_pre_build, before MkDocs empties site/ (the corpus
tests that). A problem that MkDocs itself finds while it writes pages, such as a link to a page
that does not exist, aborts a --strict build after site/ was emptied and half written; so
`make build` builds into site.new/ and swaps it in only when the build succeeded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bad_inputs import tree_digest
from common import ROOT


def make_build(site: Path) -> subprocess.CompletedProcess[str]:
    """The project's `make build`, run in a copy of the fixture site with this checkout's tools."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        ["make", "-f", str(ROOT / "Makefile"), "build", f"BIN={Path(sys.executable).parent}", "STAMP=.stamp"],
        cwd=site,
        capture_output=True,
        text=True,
        env=env,
    )


def test_make_build_keeps_the_last_good_site_when_a_page_breaks(mini: Path):
    for name in ("pyproject.toml", "requirements.lock", ".stamp"):  # the set-up is done: .stamp is newest
        (mini / name).touch()
    first = make_build(mini)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (mini / "site" / "cases" / "pat-prisoner" / "index.html").is_file()
    good = tree_digest(mini / "site")

    index = mini / "docs" / "index.md"
    index.write_text(index.read_text() + "\nSee [the annex](annex-that-does-not-exist.md).\n")
    broken = make_build(mini)
    output = broken.stdout + broken.stderr
    assert broken.returncode != 0
    assert "annex-that-does-not-exist.md" in output
    assert "Traceback" not in output
    assert tree_digest(mini / "site") == good

    index.write_text(index.read_text().replace("[the annex](annex-that-does-not-exist.md)", "the annex"))
    fixed = make_build(mini)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "the annex" in (mini / "site" / "index.html").read_text()
    assert not (mini / "site.new").exists() and not (mini / "site.old").exists()
