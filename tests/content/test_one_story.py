"""One story per prisoner (issue 14, item 7): the case page holds the dated record, the report's
chapter the mission's part in the case, and neither retells the other.

Read from the real site as built: a chapter's own prose (its notes, headings, the titles of its
boxes and the text of its links left out, as names and titles repeat by nature) is compared with
everything a reader can read on the case page, the explanations behind "inferred" included.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from common import ROOT
from dossier.build import Settings, check

GRAPH, _ = check(Settings.for_root(ROOT))
CASES = [c.id for c in GRAPH.cases]
#: the longest run of words a chapter may share with its case page: a shared clause is normal
#: ("met him in detention on 16 April 2018"), a shared sentence is the same story told twice
LONGEST_SHARED_RUN = 11
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "col", "embed", "track"}


class Prose(HTMLParser):
    """The words of an article, in pieces: a piece ends where left-out text stood, so that no run
    of words is made up across a name or a note marker.

    `skip` holds what is left out: tag names ("a", "h2") and classes ("footnote"), with all they
    contain; `titles` keeps the explanations behind uncertain values (abbr title=...).
    """

    def __init__(self, skip: set[str], titles: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.skip, self.titles = skip, titles
        self.open: list[bool] = []  # per open element: is it left out?
        self.pieces: list[list[str]] = [[]]

    def left_out(self) -> bool:
        return any(self.open)

    def cut(self) -> None:
        if self.pieces[-1]:
            self.pieces.append([])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self.titles and tag == "abbr" and a.get("title") and not self.left_out():
            self.cut()
            self.pieces[-1] += words(a["title"] or "")
            self.cut()
        if tag in VOID:
            return
        out = tag in self.skip or bool(set((a.get("class") or "").split()) & self.skip)
        if out and not self.left_out():
            self.cut()
        self.open.append(out)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.open:
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if not self.left_out():
            self.pieces[-1] += words(data)


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


def article(site: Path, path: str) -> str:
    page = (site / path / "index.html").read_text(encoding="utf-8")
    return page[page.index("<article"):page.index("</article>")]


def chapter_prose(site: Path, case_id: str) -> list[list[str]]:
    """The chapter's own sentences: no headings, box titles, link texts, note markers or notes."""
    parser = Prose({"h1", "h2", "h3", "h4", "a", "sup", "footnote", "admonition-title"}, titles=False)
    parser.feed(article(site, f"report/cases/{case_id}"))
    return [p for p in parser.pieces if p]


def case_page_text(site: Path, case_id: str) -> list[list[str]]:
    """What a reader can read on the case page, but the note markers and the sources' own titles."""
    parser = Prose({"sup", "footnote"}, titles=True)
    parser.feed(article(site, f"cases/{case_id}"))
    return [p for p in parser.pieces if p]


def shared_runs(prose: list[list[str]], other: list[list[str]], n: int) -> list[str]:
    """Each longest run of n or more words of `prose` that also stands, word for word, in `other`."""
    grams = {tuple(p[i:i + n]) for p in other for i in range(len(p) - n + 1)}
    runs = []
    for p in prose:
        covered = [False] * len(p)
        for i in range(len(p) - n + 1):
            if tuple(p[i:i + n]) in grams:
                covered[i:i + n] = [True] * n
        i = 0
        while i < len(p):
            if covered[i]:
                j = i
                while j < len(p) and covered[j]:
                    j += 1
                runs.append(" ".join(p[i:j]))
                i = j
            else:
                i += 1
    return runs


def test_shared_runs_finds_a_repeated_clause_and_not_a_run_across_a_gap() -> None:
    told = [words("on 21 december 2018 an almaty court sentenced him to eight years in prison")]
    assert shared_runs([words("later, on 21 December 2018 an Almaty court sentenced him to eight years.")], told, 8) == [
        "on 21 december 2018 an almaty court sentenced him to eight years"
    ]
    # the same words split by a link left out of the chapter are two short pieces, not one run
    assert shared_runs([words("on 21 December 2018 an Almaty"), words("court sentenced him to eight years")], told, 8) == []


def test_the_prose_leaves_out_links_headings_and_notes_and_keeps_what_a_reader_reads() -> None:
    page = ('<article><h2 id="x">The mission</h2><p>He met <a href="#">Marcin Święcicki</a> there.'
            '<sup id="fnref:s"><a href="#fn:s">1</a></sup> Year <abbr class="uncertain" title="Inferred: from his age">inferred</abbr>.</p>'
            '<div class="admonition warning"><p class="admonition-title">Sources differ</p><p>One says so.</p></div>'
            '<div class="footnote"><ol><li>A source title</li></ol></div></article>')
    chapter = Prose({"h2", "a", "sup", "footnote", "admonition-title"}, titles=False)
    chapter.feed(page)
    assert [p for p in chapter.pieces if p] == [["he", "met"], ["there"], ["year", "inferred"], ["one", "says", "so"]]
    case = Prose({"sup", "footnote"}, titles=True)
    case.feed(page)
    assert [w for p in case.pieces for w in p] == (
        words("The mission He met Marcin Święcicki there. Year") + words("Inferred: from his age") + words("inferred. Sources differ One says so."))


@pytest.mark.parametrize("case_id", CASES)
def test_the_chapter_does_not_retell_the_case_page(real_site: Path, case_id: str) -> None:
    prose = chapter_prose(real_site, case_id)
    assert sum(map(len, prose)) > 100, "the chapter has prose of its own"
    runs = shared_runs(prose, case_page_text(real_site, case_id), LONGEST_SHARED_RUN + 1)
    assert not runs, f"report/cases/{case_id}/ repeats its case page word for word:\n- " + "\n- ".join(runs)


@pytest.mark.parametrize("case_id", CASES)
def test_the_chapter_and_the_case_page_link_each_other(real_site: Path, case_id: str) -> None:
    def prose_links(path: str) -> set[str]:
        body = article(real_site, path)
        body = body[:body.find('<div class="footnote">')]  # a note's links lead to sources
        return set(re.findall(r'<a href="([^"#]*)"', body))

    assert f"../../../cases/{case_id}/" in prose_links(f"report/cases/{case_id}")
    top = article(real_site, f"cases/{case_id}")
    top = top[:top.index("<h2")]  # before the first section: the reader meets the link first
    assert f'href="../../report/cases/{case_id}/"' in top
