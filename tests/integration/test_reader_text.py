"""What a reader reads, taken from the built HTML as a browser gives its text (the text of the
elements joined as they stand, without the tags): list items that run together, sentences glued
to the next one, the editors' words on the readers' pages, stray commas before note numbers in
the PDF, and addresses printed when the publisher has set none."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from bad_inputs import tiny_png
from common import ROOT, build

#: the editors' pages: they may speak of records, ids and YAML (docs/about/)
EDITORS = {"about/editors-guide/", "about/data-dictionary/", "about/performance/", "about/for-editors/", "about/mirrors/"}
#: pages whose wording other branches of issue 14 rewrite (the case pages and their status card,
#: the map's legend): the lead removes these when those branches are merged
ELSEWHERE = re.compile(r"^(cases/[^/]+/|people/[^/]+/|organisations/[^/]+/|missions/[^/]+/|map/)$")
#: words of the editors' trade, never on a reader's page: "record" as a thing the site holds ("this
#: record", "the record's"), not the verb ("what other sources record")
DEVELOPER = re.compile(
    r"\b(?:JSON|YAML|ids?|generated)\b"
    r"|\b(?:[Tt]he|[Aa]|[Tt]his|[Ii]ts|[Ee]ach|[Ee]very|[Oo]ne|whole|published|public|place) records?(?:'s)?\b"
    r"|\b[Rr]ecords\b(?! (?:that|the|a|an|his|her|its|their|how|what|when)\b)"
)
#: one list item, heading or sentence running into the next: "Święcicki.- Marcin", "Shymkent.The court"
RUN_TOGETHER = re.compile(r"[.)]- [A-Z]|[a-z)][.][A-Z][a-z]")


class Text(HTMLParser):
    """The text of a page's article as the browser's textContent gives it; `code` holds the text of
    code elements (file and field names, left out of the word check)."""

    SKIP = frozenset({"script", "style", "svg", "code"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article>
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        elif tag in self.SKIP and self.depth:
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        elif tag in self.SKIP and self.depth and self.skip:
            self.skip -= 1
            self.parts.append(" ")  # a code element stands for a word

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def text(site: Path, page: str) -> str:
    parser = Text()
    parser.feed((site / page / "index.html").read_text(encoding="utf-8"))
    return "".join(parser.parts)


def reader_pages(site: Path) -> list[str]:
    pages = sorted(f.parent.relative_to(site).as_posix() + "/" for f in site.rglob("index.html"))
    # the Russian edition's pages (ru/...) are the same pages: its editors' pages are left out too
    return [("" if p == "./" else p) for p in pages
            if p.removeprefix("ru/") not in EDITORS and not p.removeprefix("ru/").startswith(("assets/", "search/"))]


def test_the_indexes_places_and_press_release_keep_their_items_apart(real_site: Path) -> None:
    people, orgs, places = text(real_site, "people"), text(real_site, "organisations"), text(real_site, "places")
    assert "Święcicki.- " not in people and "Święcicki.\n" in people
    assert "(DCK)- " not in orgs and "(DCK)\n" in orgs
    assert "Shymkent.The court" not in places and re.search(r"Shymkent\.\s+The court", places)
    press = text(real_site, "press-conference")
    assert "Report: Iskander Yerimbetov" in press
    assert not re.search(r"-\s*-\s*Report", press), "an empty bullet before the report's title"


def test_no_reader_page_runs_its_text_together(real_site: Path) -> None:
    found = {}
    for page in reader_pages(real_site):
        hits = [m.string[max(0, m.start() - 30) : m.end() + 20] for m in RUN_TOGETHER.finditer(text(real_site, page))]
        if hits:
            found[page or "/"] = hits[:3]
    assert not found, found


def test_no_term_of_a_list_is_swallowed_by_the_one_before(real_site: Path) -> None:
    """A term of a definition list (the mission's "Delegation") stays a term of its own: when a
    template's block tag eats the blank line before it, Markdown nests it in the definition above."""
    found = [page or "/" for page in sorted({*reader_pages(real_site), "about/data-dictionary/"})
             if re.search(r"<dd>\s*<dl>", (real_site / page / "index.html").read_text(encoding="utf-8"))]
    assert found == []
    mission = (real_site / "missions" / "kazakhstan-2018" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"</dd>\s*<dt>Delegation</dt>", mission)


def test_reader_pages_speak_the_readers_language(real_site: Path) -> None:
    found = {}
    for page in reader_pages(real_site):
        if ELSEWHERE.match(page.removeprefix("ru/")):
            continue
        words = text(real_site, page)
        if page.removeprefix("ru/") == "data/":  # the page of files for reuse names their formats and their columns
            words = re.sub(r"\b(?:JSON|[Ii]ds?)\b|[\w./-]+\.(?:json|csv)\b", "", words)
        hits = sorted({m.group() for m in DEVELOPER.finditer(words)})
        if hits:
            found[page or "/"] = hits
    assert not found, found


def test_editors_pages_are_left_out_by_path_only(real_site: Path) -> None:
    """The exclusions name pages that exist: a renamed guide would otherwise leave the check silently."""
    for page in EDITORS:
        assert (real_site / page / "index.html").is_file(), page


def test_the_pdf_has_no_stray_comma_before_its_note_numbers(real_site: Path) -> None:
    pdf = real_site / "report" / "kazakhstan-2018-report.pdf"
    words = "\n".join(p.extract_text() or "" for p in PdfReader(pdf).pages)
    assert re.search(r"\d,\d", words), "notes side by side are still told apart"
    stray = re.findall(r".{20}[.,;:)]\s?,\d.{0,10}", words)
    assert not stray, stray[:5]


PHOTO = """photo:
  file: docs/photos/ardak-ashim.png
  alt: A grey square standing in for a portrait
  credit: The test suite
  licence: made for the tests
  consent: 2024-05-01
"""


@pytest.fixture(scope="module")
def site_without_address(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site built with no site_url, as it stands until the publisher sets one; one person
    is given a photo made for the test (a grey square), so that one build shows where photos go."""
    root = tmp_path_factory.mktemp("no-address")
    for folder in ("data", "docs"):
        shutil.copytree(ROOT / folder, root / folder)
    for folder in ("hooks", "overrides"):
        (root / folder).symlink_to(ROOT / folder)
    (root / "docs" / "photos").mkdir()
    (root / "docs" / "photos" / "ardak-ashim.png").write_bytes(tiny_png())
    person = root / "data" / "people" / "ardak-ashim.yml"
    person.write_text(person.read_text(encoding="utf-8") + PHOTO, encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^site_url:.*\n", "", config)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = root / "site"
    result = build(root / "mkdocs.yml", site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_without_site_url_no_absolute_address_of_the_site_is_printed(site_without_address: Path) -> None:
    placeholder = "kazakhstan-2018.example.org"
    home = (site_without_address / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in home and 'property="og:url"' not in home
    assert 'property="og:title"' in home, "the sharing tags that need no address are still there"
    feed = (site_without_address / "feed.xml").read_text(encoding="utf-8")
    assert "<id>urn:dossier:feed</id>" in feed and placeholder not in feed
    for file in site_without_address.rglob("*"):
        if file.suffix in (".html", ".xml", ".json", ".csv"):
            assert placeholder not in file.read_text(encoding="utf-8"), file
    pdf = site_without_address / "report" / "kazakhstan-2018-report.pdf"
    words = "\n".join(p.extract_text() or "" for p in PdfReader(pdf).pages)
    assert placeholder not in words and "https://None" not in words and "None/" not in words


def test_a_photo_shows_in_the_card_the_fact_box_and_the_pdf_with_its_credit(site_without_address: Path) -> None:
    home = (site_without_address / "index.html").read_text(encoding="utf-8")
    card = home[home.index('class="home-cards"'):]
    assert re.search(r'<img alt="A grey square standing in for a portrait"[^>]* src="photos/ardak-ashim.png"', card)
    assert "Photo: The test suite, made for the tests" in card
    assert card.count("person-photo--none") == 4, "the four others keep the neutral outline"
    case = (site_without_address / "cases" / "ardak-ashim" / "index.html").read_text(encoding="utf-8")
    box = case[case.index('class="case-facts"'):case.index("</section>", case.index('class="case-facts"'))]
    assert re.search(r'<img alt="A grey square standing in for a portrait"[^>]* src="../../photos/ardak-ashim.png"', box)
    assert "Photo: The test suite, made for the tests" in box
    other = (site_without_address / "cases" / "almat-zhumagulov" / "index.html").read_text(encoding="utf-8")
    assert "person-photo" not in other, "a fact box without a photo shows none, not an outline"
    pdf = PdfReader(site_without_address / "report" / "kazakhstan-2018-report.pdf")
    images = [
        name for page in pdf.pages for name, obj in (page.get("/Resources", {}).get("/XObject", {}) or {}).items()
        if obj.get_object().get("/Subtype") == "/Image"
    ]
    assert images, "the photo is drawn in the PDF's follow-up chapter"


def test_without_a_photo_every_card_shows_a_neutral_outline(real_site: Path) -> None:
    home = (real_site / "index.html").read_text(encoding="utf-8")
    cards = home[home.index('class="home-cards"'):home.index("</article>")]
    assert cards.count('class="home-card"') == 5
    assert cards.count("person-photo--none") == 5 and "<img" not in cards
    words = text(real_site, "")
    for name in ("Iskander Yerimbetov", "Almat Zhumagulov", "Kenzhebek Abishev", "Mukhtar Dzhakishev", "Ardak Ashim"):
        assert re.search(re.escape(name) + r"\s+\S[^\n]*, as of (?:\d{1,2} )?(?:[A-Z][a-z]+ )?\d{4}", words), name
