"""Records -> {source path: Markdown}, through one Jinja template per page type.

Templates write Markdown and refer to records with [[kind:id]], exactly as handwritten pages
do, so that one mechanism (``refs.rewrite``) turns every reference into a link. Every fact is
followed by footnote markers for its sources; a footnote's label is the source's id, so the
same source keeps one number on a page however often it is cited.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import dictionary, i18n
from .backlinks import Mentions
from .chart import duration, span_days, span_text, span_uncertain
from .graph import Graph
from .model import Case, Mission, Source
from .pages import BY_KIND_PAGE, INDEX_PAGES, OWN_PAGES, REPORT_PAGES, REPORT_SOURCES, PageType
from .pictures import Pictures
from .refs import CITE, SETTING, find_refs, has_report
from .status import DEFAULT_STATUS_AGE_YEARS, Known, custody_spans, known_status, recommendation_status, tally
from .templating import markdown_environment, plain
from .translations import notes, with_note


class Citations:
    """Collects the sources cited on one page, for its footnotes."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.used: list[str] = []
        self._seen: set[str] = set()  # a page that lists every case cites thousands of sources

    def __call__(self, sources: Iterable[str]) -> str:
        out = []
        for sid in sources:
            if sid not in self._seen:
                self._seen.add(sid)
                self.used.append(sid)
            out.append(f"[^{sid}]")
        return "".join(out)

    def footnotes(self) -> str:
        lines = []
        for sid in self.used:
            s = self.graph.get(Source, sid)
            original = self.graph.get(Source, s.copy_of) if s.copy_of else None
            lines.append(f"[^{sid}]: {source_line(s, original)} [[source:{sid}|{i18n.t('About this source')}]]")
        return "\n".join(lines)


FOOTNOTES_HERE = "///Footnotes Go Here///"  # the footnotes extension's placeholder

# two note markers with nothing between them; a marker after text is left alone
_MARKERS_SIDE_BY_SIDE = re.compile(r'(?<=</sup>)(?=<sup id="[^"]*fnref)')


def separate_note_markers(html: str) -> str:
    """A comma between note markers that stand side by side, so that notes 1 and 2 do not read as
    12. Written into the page rather than drawn by CSS: a sibling selector cannot see the text
    between two markers, and put a comma before the first marker of every later sentence."""
    return _MARKERS_SIDE_BY_SIDE.sub('<sup class="note-comma" aria-hidden="true">,</sup>', html)


class NoteGroups(Extension):
    """Markdown: the footnote markers that follow one another on a sentence become one marker,
    "1–4", that leads to the first of them in the list of sources (MkDocs' hook adds it).

    The markers merged keep their ids, inside the one that stays, so that each note's link back
    to the text still lands on its sentence.
    """

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_NoteGroups(md), "dossier-note-groups", 5)  # after the footnotes' own (15+)


class _NoteGroups(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            kids = list(parent)
            i = 0
            while i < len(kids):
                j = i
                while _is_marker(kids[j]) and not kids[j].tail and j + 1 < len(kids) and _is_marker(kids[j + 1]):
                    j += 1
                if j > i:
                    _merge(parent, kids[i : j + 1])
                i = j + 1


def _is_marker(el: etree.Element) -> bool:
    return (
        el.tag == "sup" and el.get("id", "").startswith("fnref") and len(el) == 1
        and el[0].tag == "a" and el[0].get("class") == "footnote-ref" and (el[0].text or "").isdigit()
    )


def _merge(parent: etree.Element, group: list[etree.Element]) -> None:
    first, link = group[0], group[0][0]
    numbers = {int(sup[0].text or 0): sup[0].get("href", "") for sup in group}
    link.text = note_numbers(sorted(numbers))
    link.set("href", numbers[min(numbers)])
    link.set("title", i18n.t("Sources {numbers}", numbers=", ".join(str(n) for n in sorted(numbers))))
    for sup in group[1:]:
        etree.SubElement(first, "span", {"id": sup.get("id", "")})  # where the note's link back lands
        parent.remove(sup)
    first.tail = group[-1].tail


def note_numbers(numbers: list[int]) -> str:
    """[1, 2, 3, 5, 7, 8] -> '1–3,5,7,8': runs of three or more as a range."""
    out: list[str] = []
    start = prev = None
    for n in [*numbers, None]:
        if prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None and prev is not None:
            out += [f"{start}–{prev}"] if prev - start >= 2 else [str(k) for k in range(start, prev + 1)]
        start = prev = n
    return ",".join(out)


def cite_sources(text: str, graph: Graph) -> str:
    """Turn a handwritten page's [[cite:source-id]] into footnotes, exactly as the templates write them.

    Each citation becomes the marker [^source-id]; the definitions are written by ``Citations``
    at the page end, under "## Sources" (or just before the footnotes placeholder when the page
    places its own), so a source cited three times keeps one number and one entry.
    """
    if "[[" not in text:
        return text
    found = [(offset, ref.id) for ref, _raw, offset in find_refs(text) if ref is not None and ref.kind == CITE]
    if not found:
        return text
    cite = Citations(graph)
    out, last = [], 0
    for offset, sid in found:
        out += [text[last:offset], cite([sid])]
        last = text.index("]]", offset) + 2
    out.append(text[last:])
    body = "".join(out).rstrip()
    if FOOTNOTES_HERE in body:
        return body.replace(FOOTNOTES_HERE, f"{cite.footnotes()}\n\n{FOOTNOTES_HERE}", 1) + "\n"
    return f"{body}\n\n## {i18n.t('Sources')} {{ data-search-exclude }}\n\n{cite.footnotes()}\n\n{FOOTNOTES_HERE}\n"


def fill_settings(text: str, settings: dict[str, Any]) -> str:
    """Replace each [[setting:name]] of a handwritten page by the value set in mkdocs.yml,
    written by the template ``setting_<name>.md.j2``."""
    if f"[[{SETTING}:" not in text:
        return text
    env = markdown_environment()
    out, last = [], 0
    for ref, _raw, offset in find_refs(text):
        if ref is None or ref.kind != SETTING:
            continue
        out += [text[last:offset], env.get_template(f"setting_{ref.id}.md.j2").render(value=settings[ref.id]).strip()]
        last = text.index("]]", offset) + 2
    out.append(text[last:])
    return "".join(out)


def source_line(s: Source, original: Source | None = None) -> str:
    """A note's text: publisher, title, date, a weak source's class, and where to read it: the
    original's address first when `s` is a copy of a known original."""
    date = i18n.t("undated") if s.date == "undated" else s.date.human()
    if s.date == "undated" and s.date_note:
        date += f" ({plain(s.date_note)})"
    weak = f" *{i18n.t(s.reliability)}*." if s.weak else ""  # the legend of the sources page explains the tag
    where = f"<{original.url}>, {i18n.t('copy at')} <{s.url}>" if original else f"<{s.url}>"
    return f"{plain(s.publisher)}, {i18n.quote(plain(s.title))}, {date}.{weak} {where}"


def render_pages(
    graph: Graph,
    docs_mentions: dict[str, set[tuple[str, str]]],
    doc_titles: dict[str, str],
    today: dt.date | None = None,
    report_mission: str | None = None,
    changed: dict[tuple[str, str], Any] | None = None,
    status_age_years: int = DEFAULT_STATUS_AGE_YEARS,
) -> dict[str, str]:
    """Every generated page, by source path; record pages end with the pages that mention them.

    report_mission: the mission whose report docs/report/ holds (see build.report_mission);
    None, for a site with a report: its only mission. changed: (kind, id) -> when the record's
    data file last changed (history.record_dates); status_age_years: see Settings.status_age_years.
    """
    env = markdown_environment()
    pics = Pictures(graph, today, status_age_years)
    common = {"g": graph, "docs": doc_titles, "pics": pics, "last_changed": changed or {},
              **newest_statuses(pics.today, status_age_years)}
    pages: dict[str, str] = {}
    ends: dict[str, tuple[PageType, str, Citations]] = {}  # a record page's end waits for its backlinks

    def render(path: str, template: str, **context: Any) -> Citations:
        cite = Citations(graph)
        pages[path] = env.get_template(template).render(cite=cite, **common, **context)
        return cite

    for t in OWN_PAGES:
        for record in graph.all(t.kind):
            path, _anchor = graph.page(t.kind, record.id)
            if path == t.path(record.id)[0]:  # not a person shown on their case's page
                ends[path] = (t, record.id, render(path, t.template, **t.context(record)))
    for path, template in INDEX_PAGES:
        render(path, template)
    render(*shared("recommendation"), status_of=recommendation_status)
    render(*shared("place"))
    report = has_report(doc_titles)
    if report:  # the report's chapters generated from the records; the others are in docs/report/
        mission = graph.get(Mission, report_mission or graph.missions[0].id)
        # the report is one mission's: its recommendations, and the cases it took up
        recs = graph.recommendations_of(mission.id)
        cases = graph.cases_of_mission(mission.id)
        context = {"mission": mission, "recs": recs, "cases": cases, "status_of": recommendation_status}
        for path, template in REPORT_PAGES:
            render(path, template, **context)

    mentions = Mentions(pages, docs_mentions, {**doc_titles, **{p: _title(t) for p, t in pages.items()}})
    render(*shared("source"), mentioned_in=mentions.on, titles=mentions.titles)
    if report:
        cited = {  # source -> the report's chapters that cite it
            sid: [(p, t) for p, t in mentions.on("source", sid, REPORT_SOURCES[0]) if p.startswith("report/")]
            for sid in mentions.sources()
            if sid in graph.records["source"]
        }
        in_report = sorted(
            (sid for sid in cited if cited[sid]), key=lambda sid: (graph.get(Source, sid).publisher.lower(), sid)
        )
        render(*REPORT_SOURCES, cited=[(sid, cited[sid]) for sid in in_report], source_line=source_line)
    end = env.get_template("_page_end.md.j2")
    for path, (t, rid, cite) in ends.items():
        pages[path] = end.render(body=pages[path], cite=cite, backlinks=mentions.sections(graph, t.kind, rid, path))
    pages[dictionary.PAGE] = dictionary.page(guide=dictionary.GUIDE in doc_titles)  # from the models, not the data
    if i18n.lang() != i18n.DEFAULT:  # an editors' page, in English in every edition: said, and marked English
        pages[dictionary.PAGE] = with_note(pages[dictionary.PAGE], notes(i18n.lang(), page=True)["editors"])
    return pages


def shared(kind: str) -> tuple[str, str]:
    """(source path, template) of the one page that shows every record of a kind."""
    t = BY_KIND_PAGE[kind]
    return str(t.page), t.template


def newest_statuses(today: dt.date, max_age_years: int) -> dict[str, Any]:
    """The templates' helpers for what is true of cases on the build's day: known(case) ->
    status.Known, tally(cases) -> status.Tally, custody_time(case) -> the time in custody."""

    def known(case: Case) -> Known:
        return known_status(case, today, max_age_years)

    def custody_time(case: Case) -> dict[str, Any]:
        spans = custody_spans(case)
        return {
            "days": sum(span_days(s, today) for s in spans),
            "duration": duration(sum(span_days(s, today) for s in spans)),
            "spans": [span_text(s, today) for s in spans],
            "approximate": any(span_uncertain(s) for s in spans),
            "ongoing": any(s.end is None for s in spans),
        }

    return {
        "known": known, "tally": lambda cases: tally([known(c) for c in cases]), "custody_time": custody_time,
        "status_age_years": max_age_years,
    }


def render_snippet(
    name: str, graph: Graph, today: dt.date | None = None, status_age_years: int = DEFAULT_STATUS_AGE_YEARS
) -> str:
    """The Markdown of one snippet, for the page that includes it."""
    cite = Citations(graph)
    pics = Pictures(graph, today, status_age_years)
    text = (
        markdown_environment()
        .get_template(f"snippets/{name}.md.j2")
        .render(g=graph, cite=cite, docs={}, pics=pics, **newest_statuses(pics.today, status_age_years))
    )
    return text + ("\n" + cite.footnotes() + "\n" if cite.used else "")


def _title(markdown: str) -> str:
    m = re.search(r"^title:\s*(.+)$", markdown, re.MULTILINE) or re.search(r"^# (.+)$", markdown, re.MULTILINE)
    return m.group(1).strip().strip('"') if m else ""


def doc_title(text: str, fallback: str) -> str:
    return _title(text) or fallback


def render_page(graph: Graph, template: str, **context: Any) -> str:
    """One page outside the record pages (the corrections log, the Data page), with its own footnotes."""
    return markdown_environment().get_template(template).render(g=graph, cite=Citations(graph), **context)
