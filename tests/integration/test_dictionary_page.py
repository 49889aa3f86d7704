"""The data dictionary page in the built real site (tests/unit/test_dictionary.py tests its text)."""

from __future__ import annotations

from pathlib import Path

from dossier.model import Case


def test_the_real_site_has_the_page_with_every_case_field(real_site: Path) -> None:
    html = (real_site / "about" / "data-dictionary" / "index.html").read_text(encoding="utf-8")
    case = html[html.index('id="case"') : html.index('id="mission"')]
    for name in Case.model_fields:
        assert f"<code>{name}</code>" in case
