"""Handwritten pages: what may not run or load, and the escaping of data text (tables)."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest

from dossier.safety import check_page
from dossier.templating import md, plain

REFUSED = [
    ("<script>alert(1)</script>", "1:1: <script> is not allowed in a page: the site runs and embeds nothing from its pages"),
    ("<SCRIPT SRC=x></SCRIPT>", "1:1: <script> is not allowed in a page: the site runs and embeds nothing from its pages"),
    ('<iframe src="https://x.example/"></iframe>', [
        "1:1: <iframe> is not allowed in a page: the site runs and embeds nothing from its pages",
        "1:9: https://x.example/ would be loaded from another site, which exposes readers; copy it into docs/ and use the copy",
    ]),
    ("<style>body{background:url(https://t.example/)}</style>", "1:1: <style> is not allowed in a page: the site runs and embeds nothing from its pages"),
    ('<div onmouseover="steal()">x</div>', "1:6: the attribute 'onmouseover' runs script and is not allowed in a page"),
    ("[x](javascript:alert(1))", "1:5: a 'javascript:' address is not allowed; link to an http(s) address or to a page of the site"),
    ("[x]( JavaScript:alert(1))", "1:6: a 'javascript:' address is not allowed; link to an http(s) address or to a page of the site"),
    ("[x](&#106;avascript:alert(1))", "1:5: a 'javascript:' address is not allowed; link to an http(s) address or to a page of the site"),
    ('<a href="java&#x09;script:alert(1)">x</a>', "1:4: a 'javascript:' address is not allowed; link to an http(s) address or to a page of the site"),
    ("[x]: vbscript:msgbox", "1:6: a 'vbscript:' address is not allowed; link to an http(s) address or to a page of the site"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "1:5: a 'data:' address is not allowed; link to an http(s) address or to a page of the site"),
    ("![map](https://maps.example.com/t.png)", "1:8: https://maps.example.com/t.png would be loaded from another site, which exposes readers; copy it into docs/ and use the copy"),
    ('<img src="//cdn.example/x.png">', "1:6: //cdn.example/x.png would be loaded from another site, which exposes readers; copy it into docs/ and use the copy"),
    ("![map][m]\n\n[m]: https://maps.example.com/t.png", "1:1: the image https://maps.example.com/t.png would be loaded from another site, which exposes readers; copy it into docs/ and use the copy"),
]

ALLOWED = [
    "[ODF](https://en.odfoundation.eu/) and [write to us](mailto:info@example.org)",
    "![The delegation](img/delegation.jpg) <img src='img/local.png' alt='a > b'>",
    '<div class="grid" markdown>\n\n**Mission**\n\n</div>',
    "See [[case:ardak-ashim]] and [the cases](cases/index.md#top).",
    "`<script>` in inline code\n\n```html\n<script src=https://x.example/></script>\n```",
    "a < b and b > c; 3 <4",
]


@pytest.mark.parametrize("text, message", REFUSED)
def test_refused_in_a_page(text: str, message: str | list[str]):
    messages = [message] if isinstance(message, str) else message
    assert [str(e) for e in check_page(text, "docs/p.md")] == [f"docs/p.md:{m}" for m in messages]


@pytest.mark.parametrize("text", ALLOWED)
def test_allowed_in_a_page(text: str):
    assert check_page(text, "docs/p.md") == []


ACTIVE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "*a*{: onclick=alert(1) }",
    "[a](javascript:alert(1))",
    "![a](https://t.example/p.png)",
    "x\n\n[a]: javascript:alert(1)\n\n[a]",
    "&lt;script&gt; already escaped",
]


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, [name for name, _ in attrs]))


@pytest.mark.parametrize("text", ACTIVE)
@pytest.mark.parametrize("escape", [md, plain], ids=["md", "plain"])
def test_data_text_renders_as_text(text: str, escape):
    html = markdown.markdown(escape(text), extensions=["attr_list", "md_in_html", "tables", "footnotes", "toc"])
    parser = Tags()
    parser.feed(html)
    # only harmless formatting is left: no element from the text, no attribute at all
    assert {tag for tag, _ in parser.tags} <= {"p", "em", "strong"}
    assert [attrs for _, attrs in parser.tags if attrs] == []
