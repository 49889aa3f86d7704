"""The data dictionary page in the built real site (tests/unit/test_dictionary.py tests its text)."""

from __future__ import annotations

from pathlib import Path

from dossier.model import Case


def test_the_real_site_has_the_page_with_every_case_field(real_site: Path) -> None:
    html = (real_site / "about" / "data-dictionary" / "index.html").read_text(encoding="utf-8")
    case = html[html.index('id="case"') : html.index('id="mission"')]
    for name in Case.model_fields:
        assert f"<code>{name}</code>" in case


def test_its_opening_paragraphs_stay_apart_in_both_editions(real_site: Path) -> None:
    """The sentence after the link to the editors' guide begins a paragraph of its own (a block tag
    at the end of a template line ate the blank line between them)."""
    for edition in ("", "ru/"):
        html = (real_site / edition / "about" / "data-dictionary" / "index.html").read_text(encoding="utf-8")
        assert "editors' guide</a>.</p>" in html, edition
        assert "<p><em>Required</em> fields must be filled" in html, edition
