"""Records -> {source path: Markdown}, through one Jinja template per page type.

Templates write Markdown and refer to records with [[kind:id]], exactly as handwritten pages
do, so that one mechanism (``refs.rewrite``) turns every reference into a link. Every fact is
followed by footnote markers for its sources; a footnote's label is the source's id, so the
same source keeps one number on a page however often it is cited.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from pathlib import Path
from typing import Any, Iterable

import jinja2

from . import dictionary
from .graph import (
    STATUS_LABELS,
    Graph,
    custody_spans,
    recommendation_status,
    status_at,
)
from .errors import DataError
from .model import RECORD_TYPES, Case, Mission, Record, Source, When
from .export import Site, atom_feed, exports
from .history import corrections, feed_entries
from .pictures import Pictures
from .refs import CITE, SETTING, escape, find_refs, has_report
from .tables import case_filters, case_summaries, record_path, tables

TEMPLATES = Path(__file__).parent / "templates"

def plain(value: Any) -> str:
    """Text shown as it is: Markdown and HTML characters escaped."""
    return escape(str(value))


# Markdown that could carry an address or an attribute: links and images "](...)", reference
# definitions "[x]: ...", attribute lists "{: onclick=...}". The model refuses links in text
# fields; escaping them here keeps any that reach a page inert.
_MD_ACTIVE = re.compile(r"(?<=\])\(|[{}]")
_MD_REF_DEFINITION = re.compile(r"^( {0,3})\[(?=[^\]\n]*\]:)", re.M)


def md(value: Any) -> str:
    """A Markdown text field: Markdown stays Markdown, raw HTML and links are shown as text."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_REF_DEFINITION.sub(r"\1\\[", _MD_ACTIVE.sub(r"\\\g<0>", text))
    return " ".join(text.split("\n")) if "\n\n" not in text else text


def one_line(value: Any) -> str:
    """Text for a front-matter description: one line, no Markdown, no quotes to break YAML."""
    text = re.sub(r"\[\[[^\]|]*\|([^\]]+)\]\]", r"\1", str(value))
    text = re.sub(r"\[\[[^\]]*?:([^\]]+)\]\]", r"\1", text)
    text = re.sub(r"[*_`\[\]<>\"\\]", "", " ".join(text.split()))
    if len(text) > 300:  # cut at a word, so that a shared link's description does not end mid-word
        text = text[:299].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


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
            s: Source = self.graph.get("source", sid)  # type: ignore[assignment]
            lines.append(f"[^{sid}]: {source_line(s)} [[source:{sid}|About this source]]")
        return "\n".join(lines)


FOOTNOTES_HERE = "///Footnotes Go Here///"  # the footnotes extension's placeholder


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
    return f"{body}\n\n## Sources {{ data-search-exclude }}\n\n{cite.footnotes()}\n\n{FOOTNOTES_HERE}\n"


def fill_settings(text: str, settings: dict[str, Any]) -> str:
    """Replace each [[setting:name]] of a handwritten page by the value set in mkdocs.yml,
    written by the template ``setting_<name>.md.j2``."""
    if f"[[{SETTING}:" not in text:
        return text
    env = environment()
    out, last = [], 0
    for ref, _raw, offset in find_refs(text):
        if ref is None or ref.kind != SETTING:
            continue
        out += [text[last:offset], env.get_template(f"setting_{ref.id}.md.j2").render(value=settings[ref.id]).strip()]
        last = text.index("]]", offset) + 2
    out.append(text[last:])
    return "".join(out)


def source_line(s: Source) -> str:
    date = "undated" if s.date == "undated" else s.date.human()  # type: ignore[union-attr]
    if s.date == "undated" and s.date_note:
        date += f" ({plain(s.date_note)})"
    weak = f" *{s.reliability}*." if s.weak else ""
    return f"{plain(s.publisher)}, “{plain(s.title)}”, {date}.{weak} <{s.url}>"


def human(when: When | str | None) -> str:
    if when is None:
        return "date unknown"
    if isinstance(when, str):
        return when
    return when.human()


def period(start: When, end: When) -> str:
    """'14-17 April 2018' rather than '14 April 2018 to 17 April 2018'."""
    if start.day and end.day and (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.human()}" if start != end else end.human()
    return f"{start.human()} to {end.human()}"


def certainty(item: Any) -> str:
    """' *(inferred: why)*' after a fact whose value is not stated outright."""
    c = getattr(item, "certainty", None)
    if not c:
        return ""
    label = {"sources-differ": "sources differ"}.get(c, c)
    note = getattr(item, "note", None)
    return f" *({label}{': ' + md(note) if note else ''})*"


@functools.cache
def environment() -> jinja2.Environment:
    """The templates' environment, made once: Jinja compiles each template once per environment
    (and still reloads a template whose file changes, for `mkdocs serve`)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,  # templates write Markdown; text is escaped by the md and plain filters
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(md=md, plain=plain, human=human, period=period, one_line=one_line, certainty=certainty)
    env.tests["contains"] = lambda seq, item: item in (seq or ())
    env.globals.update(STATUS_LABELS=STATUS_LABELS, status_at=status_at, custody_spans=custody_spans)
    env.globals.update(case_summaries=case_summaries, case_filters=case_filters)
    # record pages sit one folder deep (cases/x.md): their JSON is ../data/<folder>/<id>.json
    env.globals["json_path"] = lambda kind, rid: "../" + record_path(kind, rid)
    env.globals["record_path"] = record_path
    return env


def render_pages(
    graph: Graph,
    docs_mentions: dict[str, set[tuple[str, str]]],
    doc_titles: dict[str, str],
    today: dt.date | None = None,
    report_mission: str | None = None,
) -> dict[str, str]:
    """Every generated page, by source path; record pages end with the pages that mention them.

    report_mission: the mission whose report docs/report/ holds (see build.report_mission);
    None, for a site with a report: its only mission.
    """
    env = environment()
    pics = Pictures(graph, today)
    pages: dict[str, str] = {}

    def render(path: str, template: str, **context: Any) -> None:
        cite = Citations(graph)
        pages[path] = env.get_template(template).render(g=graph, cite=cite, docs=doc_titles, pics=pics, **context)

    mission_dates = {m.id: m for m in graph.missions}
    for case in graph.cases:
        person = graph.get("person", case.person)
        missions = [mission_dates[mid] for mid in dict.fromkeys(c.mission for c in case.contacts)]
        at_mission = [(m, status_at(case, m.start.first_day)) for m in missions]
        render(f"cases/{case.id}.md", "case.md.j2", case=case, person=person, now=status_at(case), at_mission=at_mission)
    for person in graph.all("person"):
        if graph.case_of(person.id) is None:
            render(f"people/{person.id}.md", "person.md.j2", person=person)
    for org in graph.all("organisation"):
        render(f"organisations/{org.id}.md", "organisation.md.j2", org=org)
    for mission in graph.missions:
        render(f"missions/{mission.id}.md", "mission.md.j2", mission=mission)
    render("cases/index.md", "cases_index.md.j2")
    render("people/index.md", "people_index.md.j2")
    render("organisations/index.md", "organisations_index.md.j2")
    render("recommendations.md", "recommendations.md.j2", status_of=recommendation_status)
    render("places.md", "places.md.j2")
    render("map.md", "map.md.j2")
    if has_report(doc_titles):  # the report's chapters generated from the records; the others are in docs/report/
        mission = graph.get("mission", report_mission or next(m.id for m in graph.missions))
        # the report is one mission's: its recommendations, and the cases it took up
        recs = [r for r in graph.all("recommendation") if r.mission == mission.id]  # type: ignore[attr-defined]
        cases = [c for c in graph.cases if any(x.mission == mission.id for x in c.contacts)]
        report = dict(mission=mission, recs=recs, cases=cases, status_of=recommendation_status)
        render("report/recommendations.md", "report_recommendations.md.j2", **report)
        render("report/follow-up.md", "report_follow_up.md.j2", **report)
        render("report/print.md", "report_print.md.j2")

    # who mentions whom, from every page's references (one pass over all pages)
    mentions: dict[tuple[str, str], set[str]] = {}
    for path, text in pages.items():
        for ref, _, _ in find_refs(text):
            if ref is not None:
                mentions.setdefault((ref.kind, ref.id), set()).add(path)
        for sid in set(re.findall(r"\[\^([a-z0-9-]+)\]", text)):
            mentions.setdefault(("source", sid), set()).add(path)
    for path, refs in docs_mentions.items():
        for key in refs:
            mentions.setdefault(key, set()).add(path)
    graph.mentions = mentions
    titles = dict(doc_titles)
    titles.update({p: _title(t) for p, t in pages.items()})

    def mentioned_in(kind: str, rid: str, own: str) -> list[tuple[str, str]]:
        where = sorted(p for p in mentions.get((kind, rid), ()) if p != own)
        return [(p, titles.get(p, p)) for p in where]

    render("sources.md", "sources.md.j2", mentioned_in=mentioned_in, titles=titles)
    cited = {  # source -> the report's chapters that cite it
        sid: [(p, t) for p, t in mentioned_in("source", sid, "report/sources.md") if p.startswith("report/")]
        for (kind, sid) in mentions
        if kind == "source" and sid in graph.records["source"]
    }
    in_report = sorted((sid for sid in cited if cited[sid]), key=lambda sid: (graph.get("source", sid).publisher.lower(), sid))  # type: ignore[attr-defined]
    if has_report(doc_titles):
        render("report/sources.md", "report_sources.md.j2", cited=[(sid, cited[sid]) for sid in in_report], source_line=source_line)
    for kind, rid in sorted(mentions):
        if kind not in ("person", "organisation", "mission") or rid not in graph.records[kind]:
            continue
        if kind == "person" and graph.case_of(rid):
            continue  # shown on the case page, below
        own, _anchor = graph.page(kind, rid)
        _append_backlinks(pages, own, mentioned_in(kind, rid, own))
    for case in graph.cases:  # a case page also lists the pages that mention its person
        own = f"cases/{case.id}.md"
        both = dict(mentioned_in("case", case.id, own) + mentioned_in("person", case.person, own))
        _append_backlinks(pages, own, sorted((p, t) for p, t in both.items() if not p.startswith("report/")))
        _append_backlinks(pages, own, sorted((p, t) for p, t in both.items() if p.startswith("report/")), "In the report")
    pages[dictionary.PAGE] = dictionary.page(guide=dictionary.GUIDE in doc_titles)  # from the models, not the data
    return pages


def render_snippet(name: str, graph: Graph, today: dt.date | None = None) -> str:
    """The Markdown of one snippet, for the page that includes it."""
    cite = Citations(graph)
    text = environment().get_template(f"snippets/{name}.md.j2").render(g=graph, cite=cite, docs={}, pics=Pictures(graph, today))
    return text + ("\n" + cite.footnotes() + "\n" if cite.used else "")


def _append_backlinks(pages: dict[str, str], own: str, where: list[tuple[str, str]], heading: str = "Mentioned on") -> None:
    if not where:
        return
    here = posixpath.dirname(own)
    lines = ["", f"## {heading} {{ data-search-exclude }}", ""]
    for path, title in where:
        lines.append(f"- [{plain(title)}]({posixpath.relpath(path, here or '.')})")
    block = "\n".join(lines) + "\n"
    marker = "\n## Sources { data-search-exclude }\n"
    text = pages[own]
    pages[own] = text.replace(marker, block + marker, 1) if marker in text else text + block


def _title(markdown: str) -> str:
    m = re.search(r"^title:\s*(.+)$", markdown, re.M) or re.search(r"^# (.+)$", markdown, re.M)
    return m.group(1).strip().strip('"') if m else ""


def doc_title(text: str, fallback: str) -> str:
    return _title(text) or fallback


def render_page(graph: Graph, template: str, **context: Any) -> str:
    """One page outside the record pages (the corrections log, the Data page), with its own footnotes."""
    return environment().get_template(template).render(g=graph, cite=Citations(graph), **context)


def reuse(graph: Graph, site: Site) -> tuple[dict[str, str], dict[str, str]]:
    """What readers find and reuse the record with: ({page: Markdown}, {file: text}).

    The pages are the corrections log and the Data page; the files are the exports (JSON,
    CSV, JSON Schema) and the Atom feed of changes and corrections.
    """
    files = exports(graph, site)
    files["feed.xml"] = atom_feed(
        feed_entries(graph), site, title=f"{site.name}: changes and corrections".lstrip(": "),
        subtitle="The newest changes to the data of the record, and every correction.",
    )
    pages = {
        "corrections.md": render_page(graph, "corrections.md.j2", log=corrections(graph)),
        "data.md": render_page(
            graph, "data.md.j2", licence=site.licence, tables=tables(graph, graph.changed),
            sizes={path: len(text.encode("utf-8")) for path, text in files.items()},
            plural={t.kind: t.folder for t in RECORD_TYPES},
        ),
    }
    return pages, files
