"""Raw HTML, script and Markdown tricks in any text field of the data are shown, never run.

Every string field of every fixture record that accepts it gets a payload: a <script>, an
<img onerror>, an attribute list that would add onclick, and for fields that refuse Markdown
links (checked separately in the corpus) nothing else. The site is built and every HTML file
is parsed: no <script> from the data, no on...= attribute, no javascript: address. Each
payload must also be found on the site as visible text, so that the test would notice a
field that silently stopped being shown (then it could not vouch for it).
"""

from __future__ import annotations

import itertools
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from common import build, is_valid
from dossier.model import BY_FOLDER


def payload(n: int) -> str:
    return f'<script>alert("xss{n}")</script><img src=x onerror=alert("xss{n}")> *x*{{: onclick="alert(\'xss{n}\')" }} '


class LiveCode(HTMLParser):
    """Collects what would run: script elements with data payloads, event attributes, script addresses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._in_script = True
        for name, value in attrs:
            if name.startswith("on"):
                self.live.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and value and value.strip().lower().startswith(("javascript:", "data:")):
                self.live.append(f"<{tag} {name}={value!r}>")
            if name == "title" and value:  # an uncertainty mark's explanation, shown when tapped
                self.text.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "xss" in data:
            self.live.append(f"<script>{data[:60]}")
        elif not self._in_script:
            self.text.append(data)


def plant(site: Path) -> dict[int, str]:
    """Prefix every string of every record that stays valid with a numbered payload; return
    {number: file and field}. Editors' notes and private items are never shown, so they are left alone."""
    counter = itertools.count(1)
    planted: dict[int, str] = {}
    for file in sorted((site / "data").rglob("*.yml")):
        model = BY_FOLDER[file.parent.name]
        record = yaml.safe_load(file.read_text(encoding="utf-8"))

        def walk(value: Any, where: str) -> None:
            if isinstance(value, dict) and value.get("private"):
                return
            keys = value.keys() if isinstance(value, dict) else range(len(value)) if isinstance(value, list) else []
            for key in list(keys):
                old = value[key]
                if isinstance(old, str) and key not in ("id", "editor_notes"):
                    n = next(counter)
                    value[key] = payload(n) + old
                    if is_valid(model, record):  # noqa: B023 - walk() runs within this iteration
                        planted[n] = f"{where}.{key}"
                    else:
                        value[key] = old
                else:
                    walk(old, f"{where}.{key}")

        walk(record, file.relative_to(site).as_posix())
        file.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return planted


def test_html_from_data_is_inert_in_every_page(mini: Path):
    planted = plant(mini)
    assert len(planted) >= 20  # names, titles, text, notes, publishers... of the fixture
    result = build(mini / "mkdocs.yml", mini / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    live: dict[str, list[str]] = {}
    shown = ""
    for page in sorted((mini / "site").rglob("*.html")):
        parser = LiveCode()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.live:
            live[page.relative_to(mini / "site").as_posix()] = parser.live
        shown += "".join(parser.text)
    assert live == {}
    # the payloads are on the site as text, where readers can see what the data says
    missing = [where for n, where in planted.items() if f'<script>alert("xss{n}")</script>' not in shown]
    assert missing == [], "these fields are not shown anywhere, so this test cannot vouch for them"
