"""Shared fixtures: the project root, a copy of the fixture site, and builds of either site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the fixture site; its hook path is rewritten to point at this checkout."""
    return copy_fixture(tmp_path / "mini")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session into a temporary folder."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site
