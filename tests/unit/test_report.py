"""The report's core: every statement sourced, statuses derived, chapters joined into one document.

The pure functions run on the real data and pages, rendered without MkDocs (conftest.graph_and_pages);
tests/integration/test_report_build.py reads the built site and its PDF.
"""

from __future__ import annotations

import re

import pytest

from common import DOCS, ROOT
from dossier import report
from dossier.build import DEFAULT_CONTACT, Settings, contact_setting
from dossier.graph import Graph
from dossier.model import FollowUp
from dossier.refs import check_markdown
from dossier.render import cite_sources, fill_settings, render_pages
from dossier.status import recommendation_status

CHAPTER_FILES = sorted((DOCS / "report").rglob("*.md"))


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
    from dossier.checks import resolve
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
    events = [
        FollowUp.model_validate({"date": "2019-01-01", "effect": e, "text": "Something.", "sources": ["odf-2018-05-15-press-release"]})
        for e in effects
    ]
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


# --------------------------------------------------------------------------- conflicts


def test_a_cases_conflicts_are_told_once_on_its_case_page_and_its_chapter_leads_there(graph_and_pages):
    """One story per prisoner (issue 14): the case page gives every account of every conflict with
    its sources; the report's chapter on the case links to that page and does not tell them again.
    A conflict about the mission itself (who arranged the prison visit) is the visit chapter's."""
    graph, pages = graph_and_pages
    assert any(case.conflicts for case in graph.cases)
    for case in graph.cases:
        page = pages[f"cases/{case.id}.md"]
        told = page[page.index("## Where the sources differ"):] if case.conflicts else ""
        for conflict in case.conflicts:
            box = told[told.index(f'!!! warning "{conflict.topic}"'):]
            for account in conflict.accounts:
                item = next((line for line in box.splitlines() if " ".join(account.text.split())[:60] in line), "")
                assert all(f"[^{s}]" in item for s in account.sources), (case.id, conflict.topic, account.text[:60])
        chapter = (DOCS / "report" / "cases" / f"{case.id}.md").read_text(encoding="utf-8")
        assert f"[[case:{case.id}|" in chapter, case.id
        assert "!!! warning" not in chapter, f"{case.id}: a conflict of the case belongs on its case page"


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
