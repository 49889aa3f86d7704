"""The same facts in both editions (issue 16, item 5), read from the real site as built.

For every English reader page there is a Russian page at ru/<the same path>, and the two carry
the same dates (day, month and year), the same years, the same article numbers and the same
sources (the addresses their notes link to). Pictures are left out (their words are in the lists
beside them) and so are note markers (numbers, not facts).

A Russian page may show a text in English while its translation is missing or out of date (with
a note saying so): its dates are read in both languages' forms.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

#: the editors' pages, which the Russian edition shows in English
EDITORS = {"about/editors-guide/", "about/data-dictionary/", "about/performance/", "about/for-editors/", "about/mirrors/"}
LEFT_OUT = {"script", "style", "svg", "nav", "header", "footer", "noscript", "sup"}

EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december")
#: a month in Russian, in any case ("апреля", "май", "мае", "в марте"): its stem
RU_MONTHS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр")
EN_MONTH = r"(" + "|".join(EN_MONTHS) + r")"
RU_MONTH = r"(январ[ьяе]|феврал[ьяе]|марта?|марте|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|августа?|августе|сентябр[ьяе]" \
           r"|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])"
#: "14–17 April 2018", "14 and 17 April", "с 14 по 17 апреля 2018 г."
BETWEEN = r"\s*(?:–|-|—|,|to|and|по|и)\s*"
ARTICLE = re.compile(r"(?:\bart\.|\barticles?|\bст\.|\bстать[а-яё]*)\s+(\d+)", re.IGNORECASE)
#: a year, not a decade ("the 2020s", "2020-е годы")
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b(?!-[а-яё])")


class Article(HTMLParser):
    """The words of a page's <article> and the web addresses it links to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = self.out = 0
        self.parts: list[str] = []
        self.links: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside += tag == "article"
        self.out += tag in LEFT_OUT
        href = dict(attrs).get("href") or ""
        if self.inside and tag == "a" and href.startswith(("http://", "https://")):
            self.links.add(href)

    def handle_endtag(self, tag: str) -> None:
        self.inside -= tag == "article"
        self.out -= tag in LEFT_OUT

    def handle_data(self, data: str) -> None:
        if self.inside and not self.out:
            self.parts.append(data)


def _month(word: str, russian: bool) -> int:
    word = word.lower()
    if not russian:
        return EN_MONTHS.index(word) + 1
    if word.startswith("ма") and not word.startswith("мар"):
        return 5
    return next(i for i, stem in enumerate(RU_MONTHS, 1) if stem != "ма" and word.startswith(stem))


def dates(text: str, *, russian: bool) -> set[tuple[int, int, int]]:
    """Every (day, month, year) written out in the text, both ends of a range of days included."""
    month = RU_MONTH if russian else EN_MONTH
    out = set()
    for m in re.finditer(rf"\b(\d{{1,2}})(?:{BETWEEN}(\d{{1,2}}))?\s+{month}\s+(\d{{4}})", text, re.IGNORECASE):
        mo, year = _month(m.group(3), russian), int(m.group(4))
        out |= {(int(day), mo, year) for day in (m.group(1), m.group(2)) if day}
    return out


def facts(text: str, *, russian: bool) -> dict[str, set]:
    # a Russian page may show an untranslated text in English (with a note): both forms count there
    found = dates(text, russian=False) | (dates(text, russian=True) if russian else set())
    return {"dates": found, "years": set(YEAR.findall(text)), "articles": set(ARTICLE.findall(text))}


def read(file: Path) -> tuple[str, set[str]]:
    parser = Article()
    parser.feed(file.read_text(encoding="utf-8"))
    return " ".join(parser.parts), parser.links


def reader_pages(site: Path) -> list[str]:
    pages = (f.parent.relative_to(site).as_posix() for f in site.rglob("index.html"))
    return sorted(
        p for p in ("" if p == "." else p + "/" for p in pages)
        if not p.startswith(("ru/", "assets/", "search/")) and p not in EDITORS
    )


def test_the_reading_of_dates_and_articles_itself() -> None:
    """The comparison below is only as good as this: each form the editions use is read."""
    assert dates("the mission of 14–17 April 2018; on 5 May 2018", russian=False) == {(14, 4, 2018), (17, 4, 2018), (5, 5, 2018)}
    assert dates("с 14 по 17 апреля 2018 г.; 5 мая 2018 г.; 1 марта 2020 г.", russian=True) == {
        (14, 4, 2018), (17, 4, 2018), (5, 5, 2018), (1, 3, 2020)}
    assert facts("Art. 174 and Article 378, in 2018", russian=False)["articles"] == {"174", "378"}
    assert facts("ст. 174 и статье 378", russian=True)["articles"] == {"174", "378"}
    assert not facts("JSON Schema мест. 6,9 КБ", russian=True)["articles"], "a word's end is no article"
    assert facts("the 2020s", russian=False)["years"] == facts("2020-е годы", russian=True)["years"] == set()
    english = facts("sentenced on 21 December 2018 under Art. 174", russian=False)
    assert facts("приговорён 21 декабря 2018 г. по ст. 174", russian=True) == english
    assert facts("приговорён в декабре 2018 г. по ст. 174", russian=True) != english, "a lost day is seen"


def test_every_english_reader_page_has_its_russian_page(real_site: Path) -> None:
    pages = reader_pages(real_site)
    assert {"", "cases/", "cases/ardak-ashim/", "report/summary/", "map/", "sources/"} <= set(pages)
    missing = [p for p in pages if not (real_site / "ru" / p / "index.html").is_file()]
    assert not missing, missing


def test_both_editions_give_the_same_dates_articles_and_sources(real_site: Path) -> None:
    problems = []
    for page in reader_pages(real_site):
        other = real_site / "ru" / page / "index.html"
        if not other.is_file():
            continue  # the test above names it
        (en_text, en_links), (ru_text, ru_links) = read(real_site / page / "index.html"), read(other)
        en, ru = facts(en_text, russian=False), facts(ru_text, russian=True)
        for kind in en:
            if en[kind] != ru[kind]:
                problems.append(f"/{page}: {kind} only in English {sorted(en[kind] - ru[kind])[:5]},"
                                f" only in Russian {sorted(ru[kind] - en[kind])[:5]}")
        if en_links != ru_links:
            problems.append(f"/{page}: sources only in English {sorted(en_links - ru_links)[:3]},"
                            f" only in Russian {sorted(ru_links - en_links)[:3]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", ["cases/ardak-ashim/", "report/summary/", "missions/kazakhstan-2018/"])
def test_a_page_carries_facts_to_compare(real_site: Path, page: str) -> None:
    """Not a comparison of empty sets: the pages that matter most have dates and sources to compare."""
    text, links = read(real_site / page / "index.html")
    assert len(facts(text, russian=False)["dates"]) >= 3 and links
