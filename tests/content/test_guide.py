"""The editors' guide stays true: its excerpts are the real data, its commands exist."""

from __future__ import annotations

import re

import pytest

from common import ROOT

GUIDE = ROOT / "docs" / "about" / "editors-guide.md"
TEXT = GUIDE.read_text(encoding="utf-8")
EXCERPTS = re.findall(r"^From `([^`]+)`:\n\n```yaml\n(.*?)^```$", TEXT, re.MULTILINE | re.DOTALL)


def test_the_guide_has_worked_examples() -> None:
    assert len(EXCERPTS) >= 3
    assert any(path.startswith("data/cases/") for path, _ in EXCERPTS)


@pytest.mark.parametrize("path, excerpt", EXCERPTS, ids=[f"{p}:{i}" for i, (p, _) in enumerate(EXCERPTS)])
def test_every_quoted_excerpt_is_in_the_data_word_for_word(path: str, excerpt: str) -> None:
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    quoted = excerpt.rstrip("\n").splitlines()
    starts = [i for i, line in enumerate(lines) if line == quoted[0]]
    assert any(lines[i : i + len(quoted)] == quoted for i in starts), f"the guide's excerpt of {path} no longer matches it"


def test_every_make_command_in_the_guide_exists() -> None:
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))
    used = set(re.findall(r"`make ([a-z-]+)", TEXT))
    assert used and used <= targets, used - targets


def test_the_guide_documents_the_reference_syntax_without_resolving_it() -> None:
    from dossier.refs import find_refs

    assert "[[case:ardak-ashim|Ardak Ashim]]" in TEXT
    assert list(find_refs(TEXT)) == []  # all of it is inside code, so the build leaves it as written
