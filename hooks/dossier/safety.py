"""What a handwritten page may not contain: script, and anything loaded from another site.

Pages in docs/ are Markdown, and Markdown passes raw HTML through. Data text is escaped where
it lands (render.md, render.plain); a page is written by hand, so it is checked here, before
MkDocs touches site/:

- no element that runs or embeds code (<script>, <iframe>, <object>, <style>, ...);
- no on...= event attribute;
- no address with a scheme other than http, https or mailto (javascript:, data:, ...), however
  it is spelt: character references and blanks are resolved first, as a browser does;
- no image, frame or other resource loaded from another site: a request to a third-party
  server can expose a reader. Links that a reader chooses to follow are fine.

Code blocks and inline code are left alone, so that the rules can be documented.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from .errors import DataError
from .load import entries, inside
from .refs import CODE_RE, position

_ELEMENTS = re.compile(
    r"<\s*(script|iframe|frame|object|embed|applet|base|link|meta|form|style|svg|math)\b", re.IGNORECASE
)
_TAG = re.compile(r"<([a-z][\w:-]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"([^\s\"'>/=]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+)")
#: attributes whose value is an address, and those among them that the browser loads by itself
_ADDRESS = {"href", "src", "srcset", "action", "formaction", "poster", "data", "background", "cite", "xlink:href"}
_LOADED = {"src", "srcset", "poster", "data", "background"}

# Markdown: [text](target), ![alt](target), [label]: target, <scheme:...> autolinks
_LINK = re.compile(r"(!?)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)>\s]*)")
_DEFINITION = re.compile(r"^ {0,3}\[((?:[^\]\\]|\\.)+)\]:\s*<?([^\s>]+)", re.MULTILINE)
_REF_IMAGE = re.compile(r"!\[((?:[^\]\\]|\\.)*)\](?:\[((?:[^\]\\]|\\.)*)\])?")
_AUTOLINK = re.compile(r"<([a-z][a-z0-9+.-]*:[^\s>]*)>", re.IGNORECASE)

_SAFE_SCHEMES = ("http", "https", "mailto")


def _scheme(address: str) -> str | None:
    """The scheme of an address as a browser reads it (references decoded, blanks dropped)."""
    plain = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(address))
    m = re.match(r"([a-z][a-z0-9+.-]*):", plain, re.IGNORECASE)
    return m.group(1).lower() if m else None


def _foreign(address: str) -> bool:
    plain = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(address)).lower()
    return plain.startswith(("http:", "https:", "//", "\\\\"))


def check_page(text: str, path: str) -> list[DataError]:
    """The errors of one handwritten page, each with its line and column."""
    if "`" in text or "~~~" in text:  # blank out code, keeping every offset
        text = CODE_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    found: list[tuple[int, str]] = []

    def address(offset: int, value: str, loaded: bool) -> None:
        scheme = _scheme(value)
        if scheme and scheme not in _SAFE_SCHEMES:
            found.append(
                (offset, f"a '{scheme}:' address is not allowed; link to an http(s) address or to a page of the site")
            )
        elif loaded and _foreign(value):
            found.append(
                (
                    offset,
                    (f"{value} would be loaded from another site, which exposes readers; "
                    "copy it into docs/ and use the copy"),
                )
            )

    for m in _ELEMENTS.finditer(text):
        found.append(
            (
                m.start(),
                f"<{m.group(1).lower()}> is not allowed in a page: the site runs and embeds nothing from its pages",
            )
        )
    for tag in _TAG.finditer(text):
        for attr in _ATTRIBUTE.finditer(tag.group(2)):
            name, value = attr.group(1).lower(), attr.group(2).strip("\"'")
            offset = tag.start(2) + attr.start()
            if name.startswith("on"):
                found.append((offset, f"the attribute '{name}' runs script and is not allowed in a page"))
            elif name in _ADDRESS or name.endswith(":href"):
                address(offset, value, name in _LOADED)
    definitions = {}
    for m in _DEFINITION.finditer(text):
        definitions[m.group(1).strip().lower()] = m.group(2)
        address(m.start(2), m.group(2), False)
    for m in _LINK.finditer(text):
        address(m.start(2), m.group(2), bool(m.group(1)))
    for m in _REF_IMAGE.finditer(text):
        if text[m.end() : m.end() + 1] == "(":
            continue  # an inline image, checked above
        label = (m.group(2) or m.group(1)).strip().lower()
        if label in definitions and _foreign(definitions[label]):
            found.append(
                (
                    m.start(),
                    (
                        f"the image {definitions[label]} would be loaded from another site, which exposes readers; "
                        "copy it into docs/ and use the copy"
                    ),
                )
            )
    for m in _AUTOLINK.finditer(text):
        address(m.start(1), m.group(1), False)
    errors = []
    for offset, message in sorted(set(found)):
        line, col = position(text, offset)
        errors.append(DataError(path, line, col, "", message))
    return errors


def check_files(docs_dir: Path, data_dir: Path, root: Path) -> list[DataError]:
    """Files that MkDocs would publish as they are: no HTML page (write it in Markdown), no SVG
    that runs script, and no link to a file outside the project (a build machine's secrets)."""
    errors: list[DataError] = []
    project = os.path.realpath(root)
    for folder in (docs_dir, data_dir):
        if not folder.is_dir():
            continue
        for full in entries(folder, project):
            path = os.path.relpath(full, root).replace(os.sep, "/")
            if os.path.islink(full) and not inside(os.path.realpath(full), project):
                errors.append(
                    DataError(path, 1, 1, "", "a link to a file outside the project is not allowed; copy the file in")
                )
                continue
            if folder != docs_dir or not os.path.isfile(full):
                continue
            suffix = os.path.splitext(full)[1].lower()
            if suffix in (".html", ".htm", ".xhtml", ".shtml"):
                errors.append(
                    DataError(path, 1, 1, "", "an HTML file would be published as it is; write the page in Markdown")
                )
            elif suffix == ".svg":
                text = Path(full).read_bytes().decode("utf-8", "replace")
                errors.extend(e for e in check_page(text, path) if not e.message.startswith("<svg>"))
    return errors
