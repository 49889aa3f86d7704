"""What the tests share besides fixtures: the project's paths and a way to build a site.

(A module of its own rather than conftest.py, which tests/browser/ has too: `import conftest`
would find either.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini"
MKDOCS = [sys.executable, "-m", "mkdocs"]


def build(config: Path, site_dir: Path, *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` on a config; return the finished process (never raises)."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=config.parent,
    )


def copy_fixture(dest: Path) -> Path:
    """Copy the fixture site to dest, with its hook path pointing at this checkout."""
    shutil.copytree(FIXTURE, dest)
    config = dest / "mkdocs.yml"
    config.write_text(config.read_text().replace("../../../hooks/site.py", str(ROOT / "hooks" / "site.py")))
    return dest


def use_overrides(site: Path, extra_yaml: str = "") -> Path:
    """Give a copy of the fixture site the project's Material overrides (overrides/: footer,
    sharing, page templates) and append extra_yaml (top-level keys) to its mkdocs.yml."""
    config = site / "mkdocs.yml"
    text = config.read_text().replace("theme:\n  name: material\n", f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n", 1)
    assert "custom_dir" in text, "the fixture's mkdocs.yml no longer starts its theme with `name: material`"
    config.write_text(text + extra_yaml)
    return site
