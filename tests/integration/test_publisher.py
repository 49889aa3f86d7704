"""The publisher's settings (extra.publisher in mkdocs.yml) as the reader sees them: the footer
names the publisher first, before any "Made with" credit, only when its name is set; the
"Report an error" page gives the publisher's address, the public issue tracker when repo_url is
set, and otherwise the corrections procedure. Nothing is shown that the publisher has not set."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import yaml

from common import ROOT, build, use_overrides

PUBLISHER = """
  publisher:
    name: "Example Rights Desk"
    address:
      - "1 Example Street"
      - "0000 Example City"
    email: "desk@example.org"
"""
ERROR_PAGE = """---
title: Report an error
template: report-an-error.html
---

# Report an error

## How to reach the editors

<!-- editors-contact -->

## What happens next

The editors check it.
"""


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def footer(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html[html.index('<div class="md-copyright">'):html.index("</footer>")]


def built(mini: Path, tmp_path: Path, *, extra: str = "", top: str = "") -> Path:
    """The fixture site with the project's overrides, extra keys under `extra:`, top-level keys
    and a "Report an error" page; returns the built site."""
    use_overrides(mini, top)
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text().replace("extra:\n", "extra:\n" + extra.lstrip("\n"), 1))
    (mini / "docs" / "about").mkdir(exist_ok=True)
    (mini / "docs" / "about" / "report-an-error.md").write_text(ERROR_PAGE)
    site = tmp_path / "site"
    result = build(config, site)
    assert result.returncode == 0, result.stderr
    return site


def test_the_footer_names_the_publisher_first_when_set(mini: Path, tmp_path: Path) -> None:
    site = built(mini, tmp_path, extra=PUBLISHER)
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 5
    for page in pages:
        foot = text(footer(page))
        assert foot.startswith("Published by Example Rights Desk 1 Example Street 0000 Example City desk@example.org")
        assert foot.index("Example Rights Desk") < foot.index("Report an error") < foot.index("Made with")
    assert 'href="mailto:desk@example.org"' in footer(pages[0])
    contact = text((site / "about" / "report-an-error" / "index.html").read_text(encoding="utf-8"))
    assert "Write to the publisher of this site: Published by Example Rights Desk" in contact
    assert "does not yet name its publisher" not in contact and "issue tracker" not in contact


def test_without_a_publisher_the_site_names_none(mini: Path, tmp_path: Path) -> None:
    site = built(mini, tmp_path, extra='  publisher:\n    name: ""\n    address: []\n    email: ""\n',
                 top="repo_url: https://git.example.org/desk/record\n")
    for page in sorted(site.rglob("index.html")):
        foot = footer(page)
        assert "dossier-publisher" not in foot and "Published by" not in foot
        assert text(foot).startswith("Report an error For editors")
    error_page = (site / "about" / "report-an-error" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://git.example.org/desk/record/issues"' in error_page
    assert "does not yet name its publisher" in text(error_page)
    assert re.search(r'href="(\.\./)+methodology/#report-an-inaccuracy"', error_page)
    assert "dossier-publisher" not in error_page


def test_the_real_site_names_the_publisher_only_if_its_settings_do(real_site: Path) -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    name = ((config.get("extra") or {}).get("publisher") or {}).get("name") or ""
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        if "assets" in page.relative_to(real_site).parts:
            continue
        foot = text(footer(page))
        russian = page.relative_to(real_site).parts[0] == "ru"  # the Russian edition: the same footer in Russian
        by, report, made = ("Издатель:", "Сообщить об ошибке", "Сделано на") if russian else (
            "Published by", "Report an error", "Made with")
        if name:
            assert foot.startswith(f"{by} {name}"), page
        else:
            assert by not in foot, page
        assert report in foot and foot.index(report) < foot.index(made), page
