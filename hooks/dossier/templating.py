"""The templates' environments, made by one factory, and the filters of the Markdown templates.

Markdown templates (``*.md.j2``) write Markdown and escape text themselves, through the ``md``
and ``plain`` filters; markup templates (``*.html.j2``, ``*.svg.j2``) are HTML or SVG, so
Jinja escapes every value. Each environment is made once per process: Jinja compiles each
template once per environment (and still reloads a template whose file changes, for
``mkdocs serve``).
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from pathlib import Path
from typing import Any

import jinja2

from . import i18n
from .model import When
from .pages import BY_KIND_PAGE, REUSE_PAGES, record_path
from .refs import escape, sub_refs
from .status import STATUS_LABELS, custody_spans, status_at
from .tables import case_filters, case_summaries

TEMPLATES = Path(__file__).parent / "templates"


def make(*, markup: bool) -> jinja2.Environment:
    """A new environment over templates/; markup: escape every value (HTML, SVG)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=markup,  # Markdown templates escape text with the md and plain filters
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=not markup,
        undefined=jinja2.StrictUndefined,
    )
    # the interface strings in the build's language (i18n.py): {{ _("Time in custody") }}, and
    # the language itself: {{ lang() }}
    env.globals.update(_=i18n.t, lang=i18n.lang)
    return env


def plain(value: Any) -> str:
    """Text shown as it is: Markdown and HTML characters escaped."""
    return escape(str(value))


# Markdown that could carry an address or an attribute: links and images "](...)", reference
# definitions "[x]: ...", attribute lists "{: onclick=...}". The model refuses links in text
# fields; escaping them here keeps any that reach a page inert.
_MD_ACTIVE = re.compile(r"(?<=\])\(|[{}]")
_MD_REF_DEFINITION = re.compile(r"^( {0,3})\[(?=[^\]\n]*\]:)", re.MULTILINE)


def md(value: Any) -> str:
    """A Markdown text field: Markdown stays Markdown, raw HTML and links are shown as text."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_REF_DEFINITION.sub(r"\1\\[", _MD_ACTIVE.sub(r"\\\g<0>", text))
    return " ".join(text.split("\n")) if "\n\n" not in text else text


def one_line(value: Any) -> str:
    """Text for a front-matter description: one line, no Markdown, no quotes to break YAML."""
    text = sub_refs(str(value), lambda ref: ref.text or ref.id)
    text = re.sub(r"[*_`\[\]<>\"\\]", "", " ".join(text.split()))
    if len(text) > 300:  # cut at a word, so that a shared link's description does not end mid-word
        text = text[:299].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def human(when: When | str | None, after: bool = False) -> str:
    """A date in words; after: it follows 'since', 'from' or 'until' (see When.human)."""
    if when is None:
        return i18n.t("date unknown")
    if isinstance(when, str):
        return when
    return when.human(after=after)


def period(start: When, end: When) -> str:
    """'14-17 April 2018' rather than '14 April 2018 to 17 April 2018'."""
    same_month = start.day and end.day and (start.year, start.month) == (end.year, end.month)
    if same_month and start.qualifier == end.qualifier:  # one label for the range: '14–17 April 2018 (approximate)'
        return f"{start.day}–{end.human()}" if start != end else end.human()
    return i18n.t("{start} to {end}", start=start.human(), end=end.human())


def day_words(day: Any) -> str:
    """A calendar day (datetime.date) in words: '15 May 2018', '15 мая 2018 г.'."""
    return i18n.date(day.year, day.month, day.day)


def certainty_word(value: str) -> str:
    """A certainty's word, in English (the catalogue's key): 'sources-differ' is 'sources differ'."""
    return {"sources-differ": "sources differ"}.get(value, value)


def certainty(item: Any) -> str:
    """After a fact whose value is not stated outright, one quiet mark: ' inferred', 'approximate',
    'sources differ' or 'disputed', its explanation (the item's note) one tap or hover away."""
    c = getattr(item, "certainty", None)
    if not c:
        return ""
    label = i18n.t(certainty_word(c))
    note = getattr(item, "note", None)
    if not note:
        return f' <abbr class="uncertain">{label}</abbr>'
    why = html.escape(" ".join(sub_refs(str(note), lambda ref: ref.text or ref.id).split()), quote=True)
    return f' <abbr class="uncertain" tabindex="0" title="{label[:1].upper()}{label[1:]}: {why}">{label}</abbr>'


def json_path(kind: str, rid: str) -> str:
    """A record's JSON, relative to the record's own page."""
    page, _anchor = BY_KIND_PAGE[kind].path(rid)
    return posixpath.relpath(record_path(kind, rid), posixpath.dirname(page) or ".")


def data_page(kind: str, rid: str) -> str:
    """The Data page (every download and the terms of reuse), relative to a record's own page."""
    page, _anchor = BY_KIND_PAGE[kind].path(rid)
    return posixpath.relpath(REUSE_PAGES[0], posixpath.dirname(page) or ".")


@functools.cache
def markdown_environment() -> jinja2.Environment:
    """The environment of the Markdown templates, with their filters and helpers."""
    env = make(markup=False)
    env.filters.update(md=md, plain=plain, human=human, period=period, one_line=one_line, certainty=certainty)
    # {{ n | plural("year") }}, {{ day | day_words }}, {{ person | name }}: in the build's language
    env.filters.update(name=i18n.local_name, t=i18n.t)
    env.filters.update(plural=lambda n, noun: i18n.plural(n, noun), day_words=day_words)
    env.tests["contains"] = lambda seq, item: item in (seq or ())
    env.globals.update(STATUS_LABELS=STATUS_LABELS, status_at=status_at, custody_spans=custody_spans)
    env.globals.update(case_summaries=case_summaries, case_filters=case_filters)
    env.globals.update(json_path=json_path, record_path=record_path, data_page=data_page)
    return env


def render(template: str, **context: Any) -> str:
    """One Markdown template, rendered."""
    return markdown_environment().get_template(template).render(**context)
