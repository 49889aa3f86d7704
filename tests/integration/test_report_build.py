"""The report in the built site: no claim to be the original, the print page and the PDF complete.

These tests read the real site built once per session (conftest.real_site) and its PDF, read
back with pypdf; the pure functions are tested in tests/unit/test_report.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from common import DOCS, ROOT
from dossier import report
from dossier.build import DEFAULT_CONTACT

CHAPTER_FILES = sorted((DOCS / "report").rglob("*.md"))


def h1(markdown: str) -> str:
    m = re.search(r"^# (.+?)\s*(\{[^}]*\})?\s*$", markdown, re.MULTILINE)
    assert m, "a chapter has a level-1 heading"
    return m.group(1).strip()


def squash(text: str) -> str:
    return " ".join(text.split())


ORIGINAL = re.compile(r"(\w+\W+){0,6}(the|delegation's|mission's) original (document|report|text)(\W+\w+){0,4}", re.IGNORECASE)


def claims_original(text: str) -> list[str]:
    """Every mention of the original report that is not plainly denied or said to be unavailable."""
    return [m.group(0) for m in ORIGINAL.finditer(text) if not re.search(r"\bnot\b|\bno\b|\bunknown\b|\breplace\b", m.group(0))]


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("It is not the delegation's original document.", 0),
        ("This page is the delegation's original text of the report.", 1),
        ("Editors can later replace them with the original text if it becomes available.", 0),
    ],
)
def test_claims_original_recognises_a_claim(text, claims):
    assert len(claims_original(text)) == claims


def test_no_page_says_the_web_edition_is_the_original(real_site, pdf_text):
    for page in real_site.rglob("*.html"):
        text = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))
        assert not claims_original(squash(text)), page
    assert not claims_original(pdf_text)
    notice = (DOCS / "report" / "index.md").read_text(encoding="utf-8")
    assert "not the delegation's original document" in notice


def test_the_pdf_fetches_nothing_from_another_server(tmp_path):
    from dossier import pdf

    fetcher = pdf.LocalFiles(tmp_path)
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch("https://fonts.example.org/font.woff2")
    with pytest.raises(ValueError, match="outside the built site"):
        fetcher.fetch(Path("/etc/hostname").as_uri())
    (tmp_path / "style.css").write_text("p { color: red }")
    document = '<html><body><p>x</p><img src="https://images.example.org/a.png"></body></html>'
    with pytest.raises(report.ReportError, match="images.example.org"):
        pdf.write_pdf(document, tmp_path / "r.pdf", root=tmp_path, stylesheet=tmp_path / "style.css")


# --------------------------------------------------------------------------- the built site and its PDF


@pytest.fixture(scope="module")
def pdf_text(real_site) -> str:
    path = real_site / report.PDF_PATH
    assert path.read_bytes()[:5] == b"%PDF-"
    return squash(" ".join(page.extract_text() for page in PdfReader(path).pages))


def test_the_pdf_contains_every_chapter_heading(pdf_text, graph_and_pages):
    _, pages = graph_and_pages
    headings = [h1(p.read_text(encoding="utf-8")) for p in CHAPTER_FILES]
    headings += [h1(pages[p]) for p in ("report/recommendations.md", "report/follow-up.md", "report/sources.md")]
    assert len(headings) == len(CHAPTER_FILES) + 3
    for heading in headings:
        assert squash(heading) in pdf_text, heading


def test_the_pdf_says_what_it_is_and_renders_polish_and_cyrillic(pdf_text, graph_and_pages):
    assert "not the delegation's original document" in pdf_text.replace("’", "'")
    assert "Święcicki" in pdf_text
    graph, _ = graph_and_pages
    cyrillic = [n.name for p in graph.all("person") for n in p.native_names if n.script == "cyrillic"]
    assert cyrillic, "the data has names in Cyrillic"
    assert "P8_TA(2019)0203" in pdf_text


def test_the_print_page_has_every_chapter_in_nav_order_and_no_site_chrome_in_print(real_site):
    html = (real_site / "report" / "print" / "index.html").read_text(encoding="utf-8")
    sources = re.findall(r'data-source="([^"]+)"', html)
    assert sources[0] == "report/index.md" and sources[-1] == "report/sources.md"
    assert set(sources) == {p.relative_to(DOCS).as_posix() for p in CHAPTER_FILES} | {
        "report/recommendations.md", "report/follow-up.md", "report/sources.md"}
    ids = re.findall(r'\sid="(chapter-[^"]+)"', html)
    assert len(ids) == len(set(ids))
    css = (real_site / "stylesheets" / "site.css").read_text(encoding="utf-8")  # report.css among the rest
    assert re.search(r"@media print\s*{[^}]*\.md-header[^}]*\.md-sidebar[^}]*\.md-footer[^}]*\.md-search", css)


def test_case_sections_and_case_pages_link_each_other(real_site, graph_and_pages):
    graph, _ = graph_and_pages
    for case in graph.cases:
        section = (real_site / "report" / "cases" / case.id / "index.html").read_text(encoding="utf-8")
        assert f'href="../../../cases/{case.id}/"' in section, case.id
        page = (real_site / "cases" / case.id / "index.html").read_text(encoding="utf-8")
        in_report = page[page.index('id="mentioned-on"'):]  # "In the report: …", the case's own chapter first
        assert f'href="../../report/cases/{case.id}/"' in in_report, case.id


def test_the_web_edition_not_the_pdf_is_linked_where_the_seed_says_download_the_full_report(real_site):
    """The delegation's report was not found: the seed's "[report]" leads to the web edition's
    page, which says what it is, never straight to this site's PDF (issue 15)."""
    html = (real_site / "press-conference" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'Download the full report of the Human Rights Monitoring Mission to Kazakhstan\s*'
                     r'<a href="../report/">\[report\]</a>', html)
    assert 'href="../report/kazakhstan-2018-report.pdf"' not in html


def test_the_methodology_page_defines_political_prisoner_and_shows_the_contact(real_site):
    html = (real_site / "about" / "methodology" / "index.html").read_text(encoding="utf-8")
    assert "Resolution 1900 (2012)" in html
    for line in DEFAULT_CONTACT["address"] + [DEFAULT_CONTACT["phone"]]:
        assert line in html
    for label in ("As of.", "Inferred.", "Sources differ."):
        assert f"<strong>{label}</strong>" in html


def test_a_build_without_the_pdf_leaves_it_empty_and_ends_cleanly(tmp_path):
    """`make serve` turns the PDF off: the build, and MkDocs' shutdown after it, must still pass."""
    from common import build

    done = build(ROOT / "mkdocs.yml", tmp_path / "site", env={"DOSSIER_PDF": "false"})
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "site" / report.PDF_PATH).read_bytes() == b""
    assert "left empty (extra.dossier.pdf is off" in done.stderr


def test_the_follow_up_of_each_case_is_left_to_the_case_page_in_the_search(real_site, graph_and_pages):
    """The follow-up chapter repeats each case's events after the mission: the search finds
    them on the case page, so the chapter's case sections stay out of the index (a mission
    with a thousand cases would otherwise add 2 KB a case to what every reader downloads)."""
    import json

    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {entry["location"] for entry in index["docs"]}
    graph, _ = graph_and_pages
    assert "report/follow-up/#conditions-in-agreements" in locations  # the recommendations' part stays
    for case in graph.cases:
        assert f"report/follow-up/#{case.id}" not in locations
        assert f"cases/{case.id}/" in locations


def test_the_pdf_links_only_web_addresses_never_the_folder_it_was_drawn_in(real_site):
    """With no site address set (site_url), a link to one of the site's pages stays plain words in
    the PDF: a file:// link would point into the build's scratch folder on the builder's machine."""
    reader = PdfReader(real_site / "report" / "kazakhstan-2018-report.pdf")
    uris = [
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object() and "/URI" in annot.get_object()["/A"]
    ]
    assert uris, "the PDF links its sources"
    assert not [u for u in uris if not u.startswith(("https://", "http://"))]
