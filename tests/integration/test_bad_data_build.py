"""Bad data stops `mkdocs build` with its located message and keeps the last good site
(tests/unit/test_bad_input_table.py checks each message without building)."""

from __future__ import annotations

from pathlib import Path

from common import build, edit


def test_bad_data_stops_the_build_and_keeps_the_last_good_site(mini: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    good = build(mini / "mkdocs.yml", site)
    assert good.returncode == 0, good.stderr
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    case_page = (site / "cases" / "pat-prisoner" / "index.html").read_bytes()

    edit(mini / "data/cases/pat-prisoner.yml", "person: pat-prisoner", "person: nobody-here")
    bad = build(mini / "mkdocs.yml", site)

    assert bad.returncode != 0
    assert "Traceback" not in bad.stdout + bad.stderr
    assert "data/cases/pat-prisoner.yml:2:9: person: no person with id 'nobody-here'" in bad.stderr
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert (site / "cases" / "pat-prisoner" / "index.html").read_bytes() == case_page
