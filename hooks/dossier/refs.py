"""The record reference syntax of Markdown pages and text fields: [[kind:id]].

``[[case:ardak-ashim]]`` links the record's page with its display name;
``[[case:ardak-ashim|Ms Ashim]]`` chooses the words; ``[[source:x#anchor]]`` adds an anchor.
Every reference is checked before MkDocs touches ``site/``, and an unknown one stops the
build with the page, the line and the closest ids.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .errors import DataError

REF_RE = re.compile(r"\[\[([^\]|#\n]*)(?:#([A-Za-z0-9_-]+))?(?:\|([^\]\n]+))?\]\]")
# fenced code blocks and inline code are left alone, so the syntax can be documented
_CODE_RE = re.compile(r"^(```|~~~).*?^\1[^\n]*$|`[^`\n]+`", re.M | re.S)


@dataclass(frozen=True)
class Ref:
    kind: str
    id: str
    anchor: str | None
    text: str | None


def find_refs(text: str) -> Iterator[tuple[Ref | None, str, int]]:
    """Yield (ref, or None when malformed; the raw target; offset) for each [[...]] outside code."""
    code = [m.span() for m in _CODE_RE.finditer(text)] if "`" in text or "~~~" in text else []
    for m in REF_RE.finditer(text):
        if any(a <= m.start() < b for a, b in code):
            continue
        target, anchor, shown = m.group(1).strip(), m.group(2), m.group(3)
        kind, sep, rid = target.partition(":")
        ref = Ref(kind.strip(), rid.strip(), anchor, shown and shown.strip()) if sep else None
        yield ref, target, m.start()


def position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check_markdown(text: str, path: str, resolve: Callable[[str, str], str | None]) -> tuple[list[DataError], set[tuple[str, str]]]:
    """Errors for unknown references in one page, and the records it mentions."""
    errors, mentioned = [], set()
    for ref, raw, offset in find_refs(text):
        problem = "write [[type:id]], e.g. [[case:ardak-ashim]]" if ref is None else resolve(ref.kind, ref.id)
        if problem:
            line, col = position(text, offset)
            errors.append(DataError(path, line, col, "", f"[[{raw}]]: {problem}"))
        else:
            mentioned.add((ref.kind, ref.id))
    return errors, mentioned


def scan_docs(docs_dir: Path, root: Path, resolve: Callable[[str, str], str | None]) -> tuple[list[DataError], dict[str, set[tuple[str, str]]]]:
    """Check every handwritten Markdown page; return errors and {page: mentioned records}."""
    errors: list[DataError] = []
    mentions: dict[str, set[tuple[str, str]]] = {}
    for file in sorted(docs_dir.rglob("*.md")):
        text = file.read_text(encoding="utf-8-sig")
        if "[[" not in text:
            continue
        page_errors, mentioned = check_markdown(text, file.relative_to(root).as_posix(), resolve)
        errors.extend(page_errors)
        mentions[file.relative_to(docs_dir).as_posix()] = mentioned
    return errors, mentions


def rewrite(text: str, page: str, target: Callable[[str, str], tuple[str | None, str | None, str]]) -> str:
    """Replace each reference by a Markdown link relative to the page's source path.

    target(kind, id) gives (source path of the record's page, its anchor, its display name);
    a path None means the page is not built (a preview of a few records): the name is shown
    without a link.
    """
    if "[[" not in text:
        return text
    here = posixpath.dirname(page)
    out, last = [], 0
    for ref, _raw, offset in find_refs(text):
        if ref is None:
            continue
        end = text.index("]]", offset) + 2
        dest, anchor, name = target(ref.kind, ref.id)
        out.append(text[last:offset])
        last = end
        if dest is None:
            out.append(_escape(ref.text or name))
            continue
        anchor = ref.anchor or anchor
        href = "" if dest == page else posixpath.relpath(dest, here or ".")
        if anchor:
            href += f"#{anchor}"
        out.append(f"[{_escape(ref.text or name)}]({href})")
    out.append(text[last:])
    return "".join(out)


def _escape(words: str) -> str:
    return words.replace("[", r"\[").replace("]", r"\]")
