"""Golden files: the Markdown rendered from the fixture dataset, page by page.

Run with UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then
read the diff before committing it.
"""

from __future__ import annotations

import functools
import os

import pytest

from common import FIXTURE
from common import GOLDEN as GOLDEN_ROOT
from dossier.build import Settings, check
from dossier.render import render_pages

GOLDEN = GOLDEN_ROOT / "mini"


@functools.cache  # the fixture's pages, rendered once for the tests below
def rendered() -> dict[str, str]:
    settings = Settings.for_root(FIXTURE)
    graph, mentions = check(settings)
    return render_pages(graph, mentions, {"index.md": "Fixture home"})


def test_golden_pages_match() -> None:
    pages = rendered()
    if os.environ.get("UPDATE_GOLDEN"):
        for path, text in pages.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    on_disk = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")}
    assert set(pages) == on_disk
    for path, text in pages.items():
        assert text == (GOLDEN / path).read_text(encoding="utf-8"), f"{path} differs from its golden file"


@pytest.mark.parametrize("path", ["cases/pat-prisoner.md", "missions/fixture-mission.md", "people/dana-delegate.md"])
def test_every_fact_on_a_record_page_has_a_footnote(path: str) -> None:
    text = rendered()[path]
    used = set(__import__("re").findall(r"\[\^([a-z0-9-]+)\](?!:)", text))
    defined = set(__import__("re").findall(r"^\[\^([a-z0-9-]+)\]:", text, __import__("re").M))
    assert used and used == defined


def test_every_generated_page_is_known_before_rendering() -> None:
    """The data check finds a handwritten page at a generated page's path without rendering."""
    from dossier.graph import generated_paths

    graph, _ = check(Settings.for_root(FIXTURE))
    assert set(rendered()) <= generated_paths(graph)


def test_every_generated_page_of_the_real_site_is_known_before_rendering(graph_and_pages) -> None:
    from dossier.graph import generated_paths

    graph, pages = graph_and_pages
    assert set(pages) <= generated_paths(graph)
