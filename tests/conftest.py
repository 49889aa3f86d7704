"""Shared fixtures of every layer: a copy of the fixture site, the real data read and rendered
without MkDocs, and the real site built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from common import DOCS, OFFLINE_EPOCH, ROOT, build, copy_fixture
from dossier.build import Settings, check
from dossier.graph import Graph
from dossier.render import render_pages


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the fixture site; its hook path is rewritten to point at this checkout."""
    return copy_fixture(tmp_path / "mini")


@pytest.fixture(scope="session")
def real_graph() -> Graph:
    """The real records, read and checked as the build reads them (no MkDocs)."""
    graph, _ = check(Settings.for_root(ROOT))
    return graph


@pytest.fixture(scope="session")
def graph_and_pages() -> tuple[Graph, dict[str, str]]:
    """The real records and the Markdown of every page rendered from them (no MkDocs)."""
    graph, docs_mentions = check(Settings.for_root(ROOT))
    titles = {f.relative_to(DOCS).as_posix(): f.stem for f in DOCS.rglob("*.md")}
    return graph, render_pages(graph, docs_mentions, titles)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site as `make build` publishes it, built once per test session into a temporary
    folder: the English edition, the Russian in ru/, and the checksums over both."""
    from dossier import manifest

    site = tmp_path_factory.mktemp("real") / "site"
    result = build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stdout + result.stderr
    result = build(ROOT / "mkdocs.ru.yml", site / "ru")
    assert result.returncode == 0, result.stdout + result.stderr
    manifest.write(site)
    return site


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline copy of the real site as `make offline` makes it: the zip file (its folder built once per session).

    The iframe-worker shim comes from node_modules (`npm ci`, which make test runs first): missing, the
    fixture fails, as the copy's search could not work without it.
    """
    from dossier import copies

    shim = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
    assert shim.is_file(), f"{shim} is missing: run `npm ci --ignore-scripts` (make test does)"
    site = tmp_path_factory.mktemp("offline") / "offline-site"
    result = build(ROOT / "mkdocs.offline.yml", site)
    assert result.returncode == 0, result.stdout + result.stderr
    result = build(ROOT / "mkdocs.offline.ru.yml", site / "ru")  # the Russian edition, in ru/ as make offline puts it
    assert result.returncode == 0, result.stdout + result.stderr
    zip_file = site.parent / "kazakhstan-2018-offline-test.zip"
    return copies.package(site, shim, zip_file, title="Test copy", version="test", epoch=OFFLINE_EPOCH)
