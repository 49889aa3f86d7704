"""The report as one document: its chapters joined for printing, and its PDF.

The web edition of the mission's report is a set of Markdown chapters under ``docs/report/``
(handwritten, or generated from the records). MkDocs renders each chapter as usual; this module
takes the rendered content of every chapter, in the order of the navigation, and joins it into
one document: the "whole report" page of the site and, through WeasyPrint, the PDF. Both come
from the same Markdown as the chapter pages, so the three can never say different things.

Joining pages means that ids and links must be made unique and absolute: a footnote
``#fn:x`` of one chapter becomes ``#<chapter>--fn:x``, a link to another chapter becomes a link
inside the document, and a link to any other page of the site keeps (for the PDF: becomes) its
full address so that a printed copy shows where it leads.

``unsourced`` is the rule every chapter keeps: no statement without a footnote.
"""

from __future__ import annotations

import functools
import html as htmllib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from urllib.request import url2pathname

import jinja2

from .refs import sub_refs
from .templating import make

FOLDER = "report/"  #: chapters are the pages under docs/report/
PDF_PATH = "report/kazakhstan-2018-report.pdf"  #: where the PDF is written in the site
PRINT_PAGE = "report/print.md"  #: the generated page that shows the whole report at once
MARKER = "<!-- dossier: the whole report -->"  #: replaced on the print page by every chapter

_ORIGIN = "http://report.invalid/"  # a stand-in origin, only to resolve relative links
_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_ATTR = re.compile(r'\s(id|href|src)="([^"]*)"')


class ReportError(Exception):
    """The PDF could not be made; the message says why."""


@dataclass
class Chapter:
    """One rendered page of the report."""

    src: str  #: source path, e.g. report/findings.md
    url: str  #: the page's path in the site, e.g. report/findings/
    title: str
    html: str  #: the page's content as MkDocs rendered it
    depth: int = 0  #: 0 for a chapter, 1 for a section in a sub-folder of the report

    @property
    def anchor(self) -> str:
        stem = posixpath.splitext(self.src[len(FOLDER):])[0]
        return "chapter-" + re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


@dataclass
class Report:
    """Collects the chapters while MkDocs renders them; ``order`` comes from the navigation."""

    order: list[tuple[str, int]] = field(default_factory=list)  #: (source path, depth) in nav order
    pages: dict[str, Chapter] = field(default_factory=dict)

    @staticmethod
    def is_chapter(src: str) -> bool:
        return src.startswith(FOLDER) and src.endswith(".md") and src != PRINT_PAGE

    def follow_nav(self, pages: list[Any]) -> None:
        """The chapters' order and depth, from the navigation's pages (MkDocs' Page objects)."""
        chapters = [p for p in pages if self.is_chapter(p.file.src_uri)]
        top = min((len(list(p.ancestors)) for p in chapters), default=0)
        self.order = [(p.file.src_uri, len(list(p.ancestors)) - top) for p in chapters]

    def add(self, src: str, url: str, title: str, html: str) -> None:
        if self.is_chapter(src):
            self.pages[src] = Chapter(src, url, title, html)

    def chapters(self) -> list[Chapter]:
        """The chapters in the order of the navigation (pages left out of it are left out here too)."""
        out = []
        for src, depth in self.order:
            if src in self.pages:
                chapter = self.pages[src]
                chapter.depth = depth
                out.append(chapter)
        return out


@functools.cache
def _environment() -> jinja2.Environment:
    return make(markup=True)  # HTML: every value is escaped


def body(chapters: list[Chapter], *, here: str, site_url: str | None, absolute: bool, root: Path | None = None) -> str:
    """Every chapter, joined: the HTML that goes inside the print page or the PDF document.

    here: the site path of the page that shows the result (links to other pages are made
    relative to it); absolute: make links to other pages of the site full addresses (the PDF);
    root: the built site's folder, for local images in the PDF.
    """
    by_url = {c.url: c for c in chapters}
    sections = [(c, _relink(c, by_url, here=here, site_url=site_url, absolute=absolute, root=root)) for c in chapters]
    return _environment().get_template("report_body.html.j2").render(sections=sections)


def document(chapters: list[Chapter], *, title: str, site_url: str | None, root: Path) -> str:
    """The whole report as one HTML document, for WeasyPrint."""
    content = body(chapters, here=PDF_PATH, site_url=site_url, absolute=True, root=root)
    return _environment().get_template("report_document.html.j2").render(
        title=title, content=content, site_url=site_url
    )


def _relink(
    chapter: Chapter, by_url: dict[str, Chapter], *, here: str, site_url: str | None, absolute: bool, root: Path | None
) -> str:
    prefix = chapter.anchor + "--"
    base = _ORIGIN + chapter.url
    site = (site_url or "").rstrip("/") + "/" if site_url else ""

    def target(name: str, value: str) -> tuple[str | None, str | None]:
        """(new value, or None to drop the attribute; full address to print after the link or None)."""
        if value.startswith("#"):
            return ("#" + prefix + value[1:] if len(value) > 1 else "#" + chapter.anchor), None
        full = urljoin(base, value)
        if not full.startswith(_ORIGIN):
            return value, None  # another site, or mailto:
        path, _, frag = full[len(_ORIGIN):].partition("#")
        if path in by_url and name == "href":
            other = by_url[path]
            return "#" + (f"{other.anchor}--{frag}" if frag else other.anchor), None
        frag = f"#{frag}" if frag else ""
        if name == "src" and absolute and root is not None:
            return (root / url2pathname(path)).resolve().as_uri(), None
        shown = site + path + frag if site else None
        if absolute:
            # the PDF: a page of the site is linked at its address; with no address set (site_url)
            # the words stay plain text, never a link into the folder the PDF was drawn in
            return shown, None
        rel = posixpath.relpath(path or ".", posixpath.dirname(here) or ".")
        return rel + ("/" if path.endswith("/") and not rel.endswith("/") else "") + frag, shown

    def tag(m: re.Match[str]) -> str:
        shown: list[str] = []

        def attr(a: re.Match[str]) -> str:
            name, value = a.group(1), htmllib.unescape(a.group(2))
            new: str | None = prefix + value
            if name != "id":
                new, full = target(name, value)
                if full:
                    shown.append(full)
            return "" if new is None else f' {name}="{htmllib.escape(new)}"'

        text = _ATTR.sub(attr, m.group(0))
        if shown:  # where a printed copy shows the link's address
            text = text[:-1].rstrip("/") + f' data-url="{htmllib.escape(shown[0])}">'
        return text

    out = _TAG.sub(tag, chapter.html)
    # an address written out as the link's own text is not printed a second time
    return re.sub(r'<a href="([^"]+)"(?=>\1</a>)', r'<a class="bare-url" href="\1"', out)


# --------------------------------------------------------------------------- no statement without a footnote

_CITATION = re.compile(r"\[\[cite:[^\]]+\]\]|\[\^[^\]]+\]|<https?://[^>\s]+>")
_ABBREVIATIONS = {
    "no",
    "nos",
    "art",
    "arts",
    "mr",
    "ms",
    "mrs",
    "dr",
    "st",
    "e.g",
    "i.e",
    "cf",
    "doc",
    "p",
    "pp",
    "vs",
    "ca",
}
_LABEL = re.compile(r"^(?:(?:[-*+]|\d+\.)\s+)?\*\*[^*]+\*\*[:.]?\s*")
_EXEMPT_ADMONITIONS = ("info", "abstract")  # notes about the edition itself, and derived statuses


def unsourced(markdown: str, *, per_sentence: bool = True) -> list[tuple[int, str]]:
    """(line, sentence) for each statement of a report page that carries no source.

    A statement is a sentence of a paragraph, list item or table row (per_sentence=False: the
    whole block, for pages generated from records, whose every text field is one statement with
    one list of sources). It is sourced when it contains a footnote ([[cite:id]] or [^id]) or
    names its source's address (<https://...>).
    Not statements: headings, front matter, footnote definitions, code, lines that are only
    links (a table of contents), and admonitions of type 'info' (notes about this edition)
    or 'abstract' (a status derived from the sourced events shown beside it).
    """
    problems: list[tuple[int, str]] = []
    for line_no, block in _blocks(markdown):
        block = _LABEL.sub("", block)  # a bold label such as "**Not known:**" starts a statement, it is not one
        for sentence in _sentences(block) if per_sentence else [block]:
            if not _CITATION.search(sentence) and re.search(r"[A-Za-z]{2}", _strip_links(sentence)):
                problems.append((line_no, sentence.strip()))
    return problems


def _strip_links(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", "", text)  # [words](target)
    text = sub_refs(text, lambda _ref: "")  # [[kind:id]]
    return re.sub(r"[\s\-*_.,;:]+", " ", text).strip()


def _blocks(markdown: str) -> list[tuple[int, str]]:
    lines = markdown.split("\n")
    i, blocks = 0, []
    if lines and lines[0].strip() == "---":  # front matter
        end = next((j for j in range(1, len(lines)) if lines[j].strip() == "---"), 0)
        i = end + 1
    current: list[str] = []
    start = 0
    skip_indented = False  # inside an exempt admonition or a footnote definition
    fence = None

    def flush() -> None:
        nonlocal current
        if current:
            blocks.append((start + 1, " ".join(x.strip() for x in current)))
        current = []

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence):
                fence = None
            i += 1
            continue
        if stripped.startswith(("```", "~~~")):
            flush()
            fence = stripped[:3]
            i += 1
            continue
        if skip_indented:
            if not stripped or line.startswith(("    ", "\t")):
                i += 1
                continue
            skip_indented = False
        m = re.match(r"^(?:!!!|\?\?\?\+?)\s+([\w-]+)", stripped)
        if m:
            flush()
            skip_indented = m.group(1) in _EXEMPT_ADMONITIONS
            i += 1
            continue
        if re.match(r"^\[\^[^\]]+\]:", stripped):
            flush()
            skip_indented = True
            i += 1
            continue
        if (
            not stripped
            or stripped.startswith(("#", "<!--"))
            or stripped == "///Footnotes Go Here///"
            or re.match(r"^\|?[\s:|-]+\|[\s:|-]*$", stripped)  # a table's separator row
            or re.match(r"^</?[a-z]+[^>]*>$", stripped)  # a lone HTML tag (md_in_html wrappers)
        ):
            flush()
            i += 1
            continue
        if re.match(r"^(?:[-*+]|\d+\.)\s", stripped) or stripped.startswith("|"):
            flush()  # each list item and table row is a block of its own
            if stripped.startswith("|") and i + 1 < len(lines) and re.match(r"^\|?[\s:|-]+\|", lines[i + 1].strip()):
                i += 1  # a table's header row is not a statement
                continue
        if not current:
            start = i
        current.append(line)
        i += 1
    flush()
    return blocks


def _sentences(block: str) -> list[str]:
    """Split a block after '.', '!' or '?' (and any closing quotes and footnotes that follow)
    where the next word starts a sentence; abbreviations and initials do not end one."""
    out, last = [], 0
    pattern = re.compile(r"[.!?][\"”’)\]*_]*((?:\[\[cite:[^\]]+\]\]|\[\^[^\]]+\])*)\s+(?=[A-Z\"“(*\[])")
    for m in pattern.finditer(block):
        before = block[last:m.start()]
        word = re.search(r"([\w.]+)$", before)
        if word and (word.group(1).lower() in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word.group(1))):
            continue
        out.append(block[last:m.end()])
        last = m.end()
    out.append(block[last:])
    return [s for s in out if s.strip()]
