"""The report: every statement sourced, statuses derived, the PDF built and complete.

Core tests run the pure functions on the real data; the build tests read the real site built
once per session (conftest.real_site) and its PDF, read back with pypdf.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from common import ROOT
from dossier import report
from dossier.build import DEFAULT_CONTACT, Settings, check, contact_setting
from dossier.graph import Graph, recommendation_status
from dossier.model import FollowUp
from dossier.refs import check_markdown
from dossier.render import cite_sources, fill_settings, render_pages

DOCS = ROOT / "docs"
CHAPTER_FILES = sorted((DOCS / "report").rglob("*.md"))


@pytest.fixture(scope="module")
def graph_and_pages():
    settings = Settings.for_root(ROOT)
    graph, docs_mentions = check(settings)
    titles = {f.relative_to(DOCS).as_posix(): f.stem for f in DOCS.rglob("*.md")}
    return graph, render_pages(graph, docs_mentions, titles)


def h1(markdown: str) -> str:
    m = re.search(r"^# (.+?)\s*(\{[^}]*\})?\s*$", markdown, re.M)
    assert m, "a chapter has a level-1 heading"
    return m.group(1).strip()


def squash(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- no statement without a footnote


@pytest.mark.parametrize(
    ("markdown", "unsourced"),
    [
        ("The delegates met him.[[cite:a]]", []),
        ("The delegates met him.[^a] He said so.[^b]", []),
        ("The delegates met him. He said so.[[cite:a]]", ["The delegates met him."]),
        ("- a listed fact\n- another fact.[^x]", ["- a listed fact"]),
        ("| Case | Status |\n|---|---|\n| Ashim | released |", ["| Ashim | released |"]),
        ("| Case | Status |\n|---|---|\n| Ashim | released[^x] |", []),
        ("The judge S. Ainabekov made the order.[^x]", []),  # an initial does not end a sentence
        ("Opinion No. 67/2018 was adopted.[^x]", []),
        ('!!! info "About"\n\n    An editorial note without a source.\n\nA fact.', ["A fact."]),
        ('!!! warning "Sources differ"\n\n    - One account.\n    - Another.[^x]', ["- One account."]),
        ("[^x]: Publisher, title. <https://example.org>", []),
        ("- [Summary](summary.md)\n- [Findings](findings.md)", []),  # a table of contents
        ("**Not known:** the facility is not named.[^x]", []),
        ("**Not known:** the facility is not named.", ["the facility is not named."]),
        ("---\ntitle: A\n---\n\n# Heading\n\n## Sources", []),
        ("```\nan example without a source\n```", []),
    ],
)
def test_unsourced_finds_every_statement_without_a_footnote(markdown, unsourced):
    assert [s for _, s in report.unsourced(markdown)] == unsourced


@pytest.mark.parametrize("path", CHAPTER_FILES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_statement_of_a_handwritten_chapter_cites_a_source(path):
    text = path.read_text(encoding="utf-8")
    assert "[[cite:" in text
    problems = report.unsourced(text)
    assert not problems, "\n".join(f"{path.name}:{line}: {s}" for line, s in problems)


@pytest.mark.parametrize("path", CHAPTER_FILES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_a_chapter_that_loses_its_sources_fails(path):
    stripped = re.sub(r"\[\[cite:[^\]]+\]\]", "", path.read_text(encoding="utf-8"))
    assert report.unsourced(stripped)


def test_every_statement_of_a_generated_chapter_cites_a_source(graph_and_pages):
    _, pages = graph_and_pages
    generated = [p for p in pages if p.startswith("report/") and p != report.PRINT_PAGE]
    assert set(generated) == {"report/recommendations.md", "report/follow-up.md", "report/sources.md"}
    for path in generated:
        assert report.unsourced(pages[path], per_sentence=False) == [], path


def test_every_chapter_links_the_records_it_names():
    for path in CHAPTER_FILES:
        assert re.search(r"\[\[(case|person|organisation|mission):", path.read_text(encoding="utf-8")), path


ORIGINAL = re.compile(r"(\w+\W+){0,6}(the|delegation's|mission's) original (document|report|text)(\W+\w+){0,4}", re.I)


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


# --------------------------------------------------------------------------- the citation and setting forms


def test_cite_sources_writes_one_footnote_per_source(graph_and_pages):
    graph, _ = graph_and_pages
    text = "A.[[cite:odf-2018-05-15-press-release]] B.[[cite:odf-2018-05-15-press-release]] `[[cite:kept]]`\n"
    out = cite_sources(text, graph)
    assert out.count("[^odf-2018-05-15-press-release]") == 3  # two markers and one definition
    assert out.count("[^odf-2018-05-15-press-release]:") == 1
    assert "[[source:odf-2018-05-15-press-release|About this source]]" in out
    assert "`[[cite:kept]]`" in out  # code is left alone
    assert out.rstrip().endswith("///Footnotes Go Here///")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x [[cite:no-such-source]]", "1:3: [[cite:no-such-source]]: no source with id 'no-such-source'"),
        ("x\n[[cite:fidu]]", "2:1: [[cite:fidu]]: 'fidu' is an organisation, not a source"),
        ("[[setting:phone]]", "1:1: [[setting:phone]]: unknown setting 'phone'; use one of contact"),
    ],
)
def test_bad_citations_and_settings_name_the_line(graph_and_pages, text, message):
    graph, _ = graph_and_pages
    from dossier.graph import resolve
    from dossier.load import load_all

    loaded = load_all(ROOT / "data", ROOT)
    errors, _ = check_markdown(text, "docs/page.md", lambda k, i: resolve(k, i, loaded, graph.records))
    assert [str(e) for e in errors] == [f"docs/page.md:{message}"]


def test_the_contact_setting_defaults_to_the_seed_and_is_checked():
    assert contact_setting(None) == DEFAULT_CONTACT
    out = fill_settings("Write to:\n\n[[setting:contact]]\n", {"contact": contact_setting({"name": "A <b>", "email": "a@b.org"})})
    assert "**A &lt;b&gt;**" in out and "<a@b.org>" in out
    for bad in ({"nmae": "x"}, {"name": 3}, {"name": "x", "email": "javascript:alert(1)"}):
        with pytest.raises(ValueError, match="mkdocs.yml: extra.dossier.contact"):
            contact_setting(bad)


# --------------------------------------------------------------------------- recommendations


@pytest.mark.parametrize(
    ("effects", "status"),
    [
        ([], "no follow-up found"),
        (["related"], "no follow-up found"),
        (["related", "partly-implements"], "partly implemented"),
        (["partly-implements", "implements", "related"], "implemented"),
    ],
)
def test_a_recommendations_status_follows_from_its_events(graph_and_pages, effects, status):
    graph, _ = graph_and_pages
    rec = graph.get("recommendation", "annual-public-reports")
    events = [FollowUp(date="2019-01-01", effect=e, text="Something.", sources=["odf-2018-05-15-press-release"]) for e in effects]
    assert recommendation_status(rec.model_copy(update={"follow_up": events})) == status


EXPECTED = {"implements": "implemented", "partly-implements": "partly implemented"}


def expected_status(rec) -> str:
    """The rule, written out again here: the strongest effect among the events decides."""
    effects = [f.effect for f in rec.follow_up]
    for effect in ("implements", "partly-implements"):
        if effect in effects:
            return EXPECTED[effect]
    return "no follow-up found"


def test_every_page_shows_each_recommendations_derived_status(graph_and_pages):
    graph, pages = graph_and_pages
    for rec in graph.all("recommendation"):
        status = expected_status(rec)
        follow = pages["report/follow-up.md"]
        section = follow[follow.index(f"{{ #{rec.id} }}"):]
        assert section.split("\n### ")[0].count(f'"Status: {status}"') == 1, rec.id
        chapter = pages["report/recommendations.md"]
        assert f'"Status: {status}"' in chapter[chapter.index(f"{{ #{rec.id} }}"):].split("\n## ")[0], rec.id
        page = pages["recommendations.md"]
        assert f"**Status:** {status}." in page[page.index(f"{{ #{rec.id} }}"):].split("\n## ")[0], rec.id
        for f in rec.follow_up:  # every event shows its date and its sources
            line = next(line for line in section.splitlines() if line.startswith(f"- **{f.date.human()}**") and f.text[:40] in line)
            assert all(f"[^{s}]" in line for s in f.sources)


def test_changing_an_event_changes_the_status_shown(graph_and_pages, tmp_path):
    graph, _ = graph_and_pages
    rec = graph.get("recommendation", "conditions-in-agreements")
    assert expected_status(rec) == "no follow-up found"
    changed = rec.model_copy(update={"follow_up": [rec.follow_up[0].model_copy(update={"effect": "implements"})]})
    records = {kind: dict(by_id) for kind, by_id in graph.records.items()}
    records["recommendation"]["conditions-in-agreements"] = changed
    pages = render_pages(Graph(records, graph.origins), {}, {"report/index.md": "x"})  # a graph indexes its records once
    follow = pages["report/follow-up.md"]
    assert '"Status: implemented"' in follow[follow.index("{ #conditions-in-agreements }"):].split("\n### ")[0]


def test_the_urgent_resolution_recommendation_is_implemented_by_the_resolution_of_14_march_2019(graph_and_pages):
    graph, pages = graph_and_pages
    rec = graph.get("recommendation", "urgent-ep-resolution")
    assert recommendation_status(rec) == "implemented"
    event = next(f for f in rec.follow_up if f.effect == "implements")
    assert event.date.iso() == "2019-03-14" and "P8_TA(2019)0203" in event.text
    assert graph.get("source", "ep-2019-03-14-resolution-p8-ta-2019-0203").reliability == "primary"
    assert "ep-2019-03-14-resolution-p8-ta-2019-0203" in event.sources


def test_the_epca_entry_into_force_is_a_follow_up_event(graph_and_pages):
    graph, _ = graph_and_pages
    rec = graph.get("recommendation", "conditions-in-agreements")
    event = next(f for f in rec.follow_up if f.date.iso() == "2020-03-01")
    assert event.effect == "related"
    assert not all(graph.get("source", s).weak for s in event.sources)


# --------------------------------------------------------------------------- conflicts


def test_the_report_shows_every_account_of_every_conflict_of_a_case(graph_and_pages):
    graph, _ = graph_and_pages
    for case in graph.cases:
        section = (DOCS / "report" / "cases" / f"{case.id}.md").read_text(encoding="utf-8")
        for conflict in case.conflicts:
            for account in conflict.accounts:
                assert any(f"[[cite:{s}]]" in section for s in account.sources), (case.id, conflict.topic, account.text[:60])


# --------------------------------------------------------------------------- joining chapters


def chapter(src: str, html: str) -> report.Chapter:
    return report.Chapter(src=src, url=src[:-3].removesuffix("index") + ("/" if not src.endswith("index.md") else ""), title=src, html=html)


def test_joined_chapters_keep_ids_unique_and_links_working():
    a = chapter("report/summary.md", '<h1 id="summary">S</h1><p>x<sup id="fnref:s"><a href="#fn:s">1</a></sup> '
                '<a href="../findings/#torture">f</a> <a href="../../cases/x/">c</a> <a href="https://e.org/a">https://e.org/a</a></p>'
                '<li id="fn:s">s</li>')
    b = chapter("report/findings.md", '<h1 id="findings">F</h1><h2 id="torture">T</h2><li id="fn:s">s</li>')
    pdf = report.body([a, b], here=report.PDF_PATH, site_url="https://site.example/k/", absolute=True)
    ids = re.findall(r'\sid="([^"]+)"', pdf)
    assert len(ids) == len(set(ids))
    assert 'href="#chapter-summary--fn:s"' in pdf and 'id="chapter-summary--fn:s"' in pdf
    assert 'href="#chapter-findings--torture"' in pdf  # a link to another chapter stays inside the document
    assert 'href="https://site.example/k/cases/x/"' in pdf  # any other page of the site: its full address
    assert 'class="bare-url" href="https://e.org/a"' in pdf
    web = report.body([a, b], here="report/print/", site_url="https://site.example/k/", absolute=False)
    assert 'href="../../cases/x/" data-url="https://site.example/k/cases/x/"' in web


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
    css = (real_site / "stylesheets" / "report.css").read_text(encoding="utf-8")
    assert re.search(r"@media print\s*{[^}]*\.md-header[^}]*\.md-sidebar[^}]*\.md-footer[^}]*\.md-search", css)


def test_case_sections_and_case_pages_link_each_other(real_site, graph_and_pages):
    graph, _ = graph_and_pages
    for case in graph.cases:
        section = (real_site / "report" / "cases" / case.id / "index.html").read_text(encoding="utf-8")
        assert f'href="../../../cases/{case.id}/"' in section, case.id
        page = (real_site / "cases" / case.id / "index.html").read_text(encoding="utf-8")
        in_report = page[page.index('id="in-the-report"'):]
        assert f'href="../../report/cases/{case.id}/"' in in_report, case.id


def test_the_follow_up_shows_the_resolution_of_14_march_2019_with_its_source(real_site):
    html = (real_site / "report" / "follow-up" / "index.html").read_text(encoding="utf-8")
    section = html[html.index('id="urgent-ep-resolution"'):html.index('id="what-became-of-the-people"')]
    assert "Status: implemented" in section
    item = next(li for li in section.split("<li>") if "14 March 2019" in li)
    assert "P8_TA(2019)0203" in item and 'href="#fn:ep-2019-03-14-resolution-p8-ta-2019-0203"' in item
    assert "europarl.europa.eu/doceo/document/TA-8-2019-0203" in html


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


def test_the_report_covers_its_own_mission_only(graph_and_pages):
    """A site that carries more missions still publishes the report of one: another mission's
    recommendations and the cases only it took up stay out of the report's chapters."""
    graph, _ = graph_and_pages
    records = {kind: dict(by_id) for kind, by_id in graph.records.items()}
    ours = graph.get("mission", "kazakhstan-2018")
    records["mission"]["other-mission"] = ours.model_copy(update={"id": "other-mission"})
    ashim = graph.get("case", "ardak-ashim")
    moved = [c.model_copy(update={"mission": "other-mission"}) for c in ashim.contacts]
    records["case"]["ardak-ashim"] = ashim.model_copy(update={"contacts": moved})
    rec = graph.get("recommendation", "urgent-ep-resolution")
    records["recommendation"]["urgent-ep-resolution"] = rec.model_copy(update={"mission": "other-mission"})
    both = Graph(records, graph.origins)
    titles = {"report/index.md": "x"}

    ours_only = render_pages(both, {}, titles, report_mission="kazakhstan-2018")
    theirs = render_pages(Graph(records, graph.origins), {}, titles, report_mission="other-mission")
    for chapter in ("report/follow-up.md", "report/recommendations.md"):
        assert "{ #urgent-ep-resolution }" not in ours_only[chapter], chapter
        assert "{ #urgent-ep-resolution }" in theirs[chapter], chapter
        assert "{ #conditions-in-agreements }" in ours_only[chapter], chapter
        assert "{ #conditions-in-agreements }" not in theirs[chapter], chapter
    assert "{ #ardak-ashim " not in ours_only["report/follow-up.md"]
    assert "{ #iskander-yerimbetov " in ours_only["report/follow-up.md"]
    assert "{ #ardak-ashim " in theirs["report/follow-up.md"]
    assert "{ #iskander-yerimbetov " not in theirs["report/follow-up.md"]


def test_the_check_reads_an_inherited_configuration_as_mkdocs_does(tmp_path):
    """`python -m dossier check -f` on a mkdocs.yml that INHERITs another sees the options of both,
    the child's over the parent's (the benchmark's scratch sites are made this way)."""
    from dossier.build import Settings
    from dossier.errors import DataErrors

    (tmp_path / "base.yml").write_text(
        "site_name: x\nextra:\n  dossier:\n    report_mission: kazakhstan-2018\n    max_file_bytes: 1000\n", encoding="utf-8"
    )
    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\nextra:\n  dossier:\n    max_file_bytes: 2000\n", encoding="utf-8")
    settings = Settings.from_config_file(tmp_path / "mkdocs.yml")
    assert (settings.report_mission, settings.max_file_bytes) == ("kazakhstan-2018", 2000)
    (tmp_path / "base.yml").write_text("INHERIT: mkdocs.yml\n", encoding="utf-8")
    with pytest.raises(DataErrors, match="INHERIT: mkdocs.yml inherits from this file again"):
        Settings.from_config_file(tmp_path / "mkdocs.yml")


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
