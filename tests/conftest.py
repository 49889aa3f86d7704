"""Shared fixtures: the project root, a copy of the fixture site, and builds of either site."""

from __future__ import annotations

from pathlib import Path

import pytest

from common import FIXTURE, ROOT, build, copy_fixture  # noqa: F401  (fixtures below use them)


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
