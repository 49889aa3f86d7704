"""The record reference syntax of Markdown pages and text fields: [[kind:id]].

``[[case:ardak-ashim]]`` links the record's page with its display name;
``[[case:ardak-ashim|Ms Ashim]]`` chooses the words; ``[[source:x#anchor]]`` adds an anchor.

Two forms of the same syntax are not links, and are only for handwritten Markdown pages:
``[[cite:source-id]]`` cites a source as a footnote (``render.cite_sources`` writes the footnote
marker and its definition, exactly as the templates' footnotes), and ``[[setting:contact]]``
stands for a value set in ``mkdocs.yml`` (``render.fill_settings``).
Every reference is checked before MkDocs touches ``site/``, and an unknown one stops the
build with the page, the line and the closest ids.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError

#: <!-- dossier:name --> in a handwritten page is replaced by the generated snippet 'name',
#: rendered from templates/snippets/name.md.j2
SNIPPET_RE = re.compile(r"<!--\s*dossier:([a-z0-9-]+)\s*-->")
SNIPPETS = frozenset(
    p.name.removesuffix(".md.j2") for p in (Path(__file__).parent / "templates" / "snippets").glob("*.md.j2")
)
REF_RE = re.compile(r"\[\[([^\]|#\n]*)(?:#([A-Za-z0-9_-]+))?(?:\|([^\]\n]+))?\]\]")
# fenced code blocks and inline code are left alone, so the syntax can be documented
CODE_RE = re.compile(r"^(```|~~~).*?^\1[^\n]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Ref:
    kind: str
    id: str
    anchor: str | None
    text: str | None


def find_refs(text: str) -> Iterator[tuple[Ref | None, str, int]]:
    """Yield (ref, or None when malformed; the raw target; offset) for each [[...]] outside code."""
    code = [m.span() for m in CODE_RE.finditer(text)] if "`" in text or "~~~" in text else []
    for m in REF_RE.finditer(text):
        if any(a <= m.start() < b for a, b in code):
            continue
        target, anchor, shown = m.group(1).strip(), m.group(2), m.group(3)
        kind, sep, rid = target.partition(":")
        ref = Ref(kind.strip(), rid.strip(), anchor, shown and shown.strip()) if sep else None
        yield ref, target, m.start()


def sub_refs(text: str, replace: Callable[[Ref], str]) -> str:
    """text with each well-formed [[...]] outside code replaced by replace(ref)."""
    if "[[" not in text:
        return text
    out, last = [], 0
    for ref, _raw, offset in find_refs(text):
        if ref is None:
            continue
        out += [text[last:offset], replace(ref)]
        last = text.index("]]", offset) + 2
    out.append(text[last:])
    return "".join(out)


def position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


CITE = "cite"  #: [[cite:source-id]]: a footnote citing a source record
SETTING = "setting"  #: [[setting:name]]: a value from mkdocs.yml (extra.dossier)
SETTINGS = ("contact",)  #: the settings a page may show
NOT_LINKS = (CITE, SETTING)


def check_markdown(
    text: str, path: str, resolve: Callable[[str, str], str | None], snippets: frozenset[str] = frozenset()
) -> tuple[list[DataError], set[tuple[str, str]]]:
    """Errors for unknown references and snippets in one page, and the records it mentions
    (a citation mentions its source)."""
    errors, mentioned = [], set()
    for m in SNIPPET_RE.finditer(text):
        if m.group(1) not in snippets:
            line, col = position(text, m.start())
            known = ", ".join(sorted(snippets)) or "none"
            errors.append(DataError(path, line, col, "", f"unknown snippet '{m.group(1)}'; known snippets: {known}"))
    for ref, raw, offset in find_refs(text):
        problem: str | None
        if ref is None:
            problem = "write [[type:id]], e.g. [[case:ardak-ashim]]"
        elif ref.kind == SETTING:
            problem = None if ref.id in SETTINGS else f"unknown setting '{ref.id}'; use one of {', '.join(SETTINGS)}"
        else:
            problem = resolve("source" if ref.kind == CITE else ref.kind, ref.id)
        if problem:
            line, col = position(text, offset)
            errors.append(DataError(path, line, col, "", f"[[{raw}]]: {problem}"))
        elif ref is not None and ref.kind != SETTING:
            mentioned.add(("source" if ref.kind == CITE else ref.kind, ref.id))
    return errors, mentioned


def has_report(doc_paths: Iterable[str]) -> bool:
    """A site has a report when its docs have a report/ folder (the handwritten chapters)."""
    return any(path.startswith("report/") for path in doc_paths)


def read_pages(docs_dir: Path, root: Path) -> tuple[dict[str, tuple[str, str]], list[DataError]]:
    """{page path under docs/: (path for messages, text)} of every handwritten Markdown page,
    and an error for each page that is not UTF-8 text."""
    pages: dict[str, tuple[str, str]] = {}
    errors: list[DataError] = []
    for file in sorted(docs_dir.rglob("*.md")):
        path = file.relative_to(root).as_posix()
        data = file.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            errors.append(DataError(path, line, 1, "", "the page is not UTF-8 text; save it as UTF-8"))
            continue
        pages[file.relative_to(docs_dir).as_posix()] = (path, text.replace("\r\n", "\n"))
    return pages, errors


def scan_docs(
    pages: dict[str, tuple[str, str]], resolve: Callable[[str, str], str | None], snippets: frozenset[str] = frozenset()
) -> tuple[list[DataError], dict[str, set[tuple[str, str]]]]:
    """Check the references of every handwritten page; return errors and {page: mentioned records}."""
    errors: list[DataError] = []
    mentions: dict[str, set[tuple[str, str]]] = {}
    for page, (path, text) in pages.items():
        if "[[" not in text and "dossier:" not in text:
            continue
        page_errors, mentioned = check_markdown(text, path, resolve, snippets)
        errors.extend(page_errors)
        mentions[page] = mentioned
    return errors, mentions


def rewrite(text: str, page: str, target: Callable[[str, str], tuple[str | None, str | None, str]]) -> str:
    """Replace each reference by a Markdown link relative to the page's source path.

    target(kind, id) gives (source path of the record's page, its anchor, its display name);
    a path None means the page is not built (a preview of a few records): the name is shown
    without a link, as it is where the reference leads to the page itself.
    """
    if "[[" not in text:
        return text
    here = posixpath.dirname(page)
    out, last = [], 0
    for ref, _raw, offset in find_refs(text):
        if ref is None or ref.kind in NOT_LINKS:
            continue
        end = text.index("]]", offset) + 2
        dest, anchor, name = target(ref.kind, ref.id)
        out.append(text[last:offset])
        last = end
        if dest is None:
            out.append(escape(ref.text or name))
            continue
        anchor = ref.anchor or anchor
        if dest == page and not anchor:  # the page itself (a person's description on their case page): no link to here
            out.append(escape(ref.text or name))
            continue
        href = "" if dest == page else _relpath(dest, here or ".")
        if anchor:
            href += f"#{anchor}"
        out.append(f"[{escape(ref.text or name)}]({href})")
    out.append(text[last:])
    return "".join(out)


@functools.lru_cache(maxsize=1 << 16)
def _relpath(dest: str, start: str) -> str:
    # the same few thousand (page folder, target) pairs come up on every page: posixpath.relpath
    # was a fifth of the time spent linking
    return posixpath.relpath(dest, start)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|!])")


def escape(words: str) -> str:
    """Words shown as they are in Markdown: HTML characters as entities (Python-Markdown keeps a
    backslash before '<' and then passes the tag through), Markdown characters backslash-escaped."""
    words = words.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", words)
