"""Records -> {source path: Markdown}, through one Jinja template per page type.

Templates write Markdown and refer to records with [[kind:id]], exactly as handwritten pages
do, so that one mechanism (``refs.rewrite``) turns every reference into a link. Every fact is
followed by footnote markers for its sources; a footnote's label is the source's id, so the
same source keeps one number on a page however often it is cited.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any, Iterable

import jinja2

from .graph import (
    STATUS_LABELS,
    Graph,
    custody_spans,
    recommendation_status,
    status_at,
)
from .model import Case, Mission, Record, Source, When
from .refs import find_refs

TEMPLATES = Path(__file__).parent / "templates"

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def plain(value: Any) -> str:
    """Text shown as it is: Markdown and HTML characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(value)).replace("&", "&amp;")


def md(value: Any) -> str:
    """A Markdown text field: Markdown stays Markdown, raw HTML is shown as text."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.split("\n")) if "\n\n" not in text else text


def one_line(value: Any) -> str:
    """Text for a front-matter description: one line, no Markdown, no quotes to break YAML."""
    text = re.sub(r"\[\[[^\]|]*\|([^\]]+)\]\]", r"\1", str(value))
    text = re.sub(r"\[\[[^\]]*?:([^\]]+)\]\]", r"\1", text)
    text = re.sub(r"[*_`\[\]<>\"\\]", "", " ".join(text.split()))
    return text[:300]


class Citations:
    """Collects the sources cited on one page, for its footnotes."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.used: list[str] = []

    def __call__(self, sources: Iterable[str]) -> str:
        out = []
        for sid in sources:
            if sid not in self.used:
                self.used.append(sid)
            out.append(f"[^{sid}]")
        return "".join(out)

    def footnotes(self) -> str:
        lines = []
        for sid in self.used:
            s: Source = self.graph.get("source", sid)  # type: ignore[assignment]
            lines.append(f"[^{sid}]: {source_line(s)} [[source:{sid}|About this source]]")
        return "\n".join(lines)


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


def certainty(item: Any) -> str:
    """' *(inferred: why)*' after a fact whose value is not stated outright."""
    c = getattr(item, "certainty", None)
    if not c:
        return ""
    label = {"sources-differ": "sources differ"}.get(c, c)
    note = getattr(item, "note", None)
    return f" *({label}{': ' + md(note) if note else ''})*"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,  # templates write Markdown; text is escaped by the md and plain filters
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(md=md, plain=plain, human=human, one_line=one_line, certainty=certainty)
    env.tests["contains"] = lambda seq, item: item in (seq or ())
    env.globals.update(STATUS_LABELS=STATUS_LABELS, status_at=status_at, custody_spans=custody_spans)
    return env


def render_pages(graph: Graph, docs_mentions: dict[str, set[tuple[str, str]]], doc_titles: dict[str, str]) -> dict[str, str]:
    """Every generated page, by source path; record pages end with the pages that mention them."""
    env = environment()
    pages: dict[str, str] = {}

    def render(path: str, template: str, **context: Any) -> None:
        cite = Citations(graph)
        pages[path] = env.get_template(template).render(g=graph, cite=cite, docs=doc_titles, **context)

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
        _append_backlinks(pages, own, sorted(both.items()))
    return pages


def _append_backlinks(pages: dict[str, str], own: str, where: list[tuple[str, str]]) -> None:
    if not where:
        return
    here = posixpath.dirname(own)
    lines = ["", "## Mentioned on { data-search-exclude }", ""]
    for path, title in where:
        lines.append(f"- [{plain(title)}]({posixpath.relpath(path, here or '.')})")
    block = "\n".join(lines) + "\n"
    marker = "\n## Sources"
    text = pages[own]
    pages[own] = text.replace(marker, block + marker, 1) if marker in text else text + block


def _title(markdown: str) -> str:
    m = re.search(r"^title:\s*(.+)$", markdown, re.M) or re.search(r"^# (.+)$", markdown, re.M)
    return m.group(1).strip().strip('"') if m else ""


def doc_title(text: str, fallback: str) -> str:
    return _title(text) or fallback
