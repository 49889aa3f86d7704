"""The Russian texts under data/i18n/ru/ translate today's English and keep its facts.

Each data translation maps an English field (named as the checker names fields: "timeline[3].text")
to the fingerprint of the English it translates and the Russian. Each page translation carries the
fingerprint of its whole English page. These tests read the files as they are, without the
Russian build: a translation of a field that does not exist, a fingerprint of yesterday's English
(a stale translation), or a Russian text that loses a date, a number, an article or a link of
the English fails here, naming the file and the field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from common import DOCS, ROOT
from dossier.translations import GENDER, GENDERS, fingerprint
from dossier.yamlread import dotted, parse

RU = ROOT / "data" / "i18n" / "ru"
FOLDERS = ("cases", "people", "missions", "organisations", "places", "recommendations", "sources")
HEADER = "Перевод: проверить носителем языка перед публикацией"

MONTHS_EN = "January February March April May June July August September October November December".split()
MONTHS_RU = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
DATE_EN = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS_EN) + r"),?\s+(\d{4})\b")
DATE_RU = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS_RU) + r"),?\s+(\d{4})\b")
#: "Article 378", "articles 3, 9 and 10", "articles 182, 258 and 405"
ARTICLES_EN = re.compile(r"\b[Aa]rticles?\s+(\d+(?:(?:,\s*|\s+and\s+|\s+or\s+)\d+)*)")
LINK = re.compile(r"\[\[([a-z]+:[^|\]]+)(?:\|[^\]]*)?\]\]")
MD_LINK = re.compile(r"\]\(([^)\s]+)")




def numbers(text: str, *, russian: bool) -> set[str]:
    """Every run of digits, thousands joined: "1,000" in English and "1 000" in Russian are 1000.

    Russian keeps its runs unjoined as well: "+32(0)2 280 11 15" is a telephone number, not 2280."""
    if not russian:
        return set(re.findall(r"\d+", re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)))
    joined = re.sub(r"(?<=\d)[\s\u00a0](?=\d{3}\b)", "", text)
    return set(re.findall(r"\d+", joined)) | set(re.findall(r"\d+", text))


def dates(text: str, *, russian: bool) -> set[tuple[int, int, int]]:
    pattern, months = (DATE_RU, MONTHS_RU) if russian else (DATE_EN, MONTHS_EN)
    return {(int(d), months.index(m) + 1, int(y)) for d, m, y in pattern.findall(text)}


def lost_facts(english: str, russian: str) -> list[str]:
    """What the Russian leaves out of the English (dates, numbers of 2+ digits, articles, links),
    and the numbers, dates and links it adds."""
    lost = [f"date {d}.{m}.{y}" for d, m, y in sorted(dates(english, russian=False) - dates(russian, russian=True))]
    ru_numbers = numbers(russian, russian=True)
    lost += [f"number {n}" for n in sorted(numbers(english, russian=False) - ru_numbers) if len(n) >= 2]
    for group in ARTICLES_EN.findall(english):
        lost += [f"article {n}" for n in re.findall(r"\d+", group) if n not in ru_numbers]
    # and nothing added: a number or a date of the Russian that the English does not have
    en_numbers = numbers(english, russian=False) | set(re.findall(r"\d+", english))
    ru_written = set(re.findall(r"\d+", re.sub(r"(?<=\d)\u00a0(?=\d{3}\b)", "", russian)))
    lost += [f"added number {n}" for n in sorted(ru_written - en_numbers) if len(n) >= 2]
    lost += [
        f"added date {d}.{m}.{y}" for d, m, y in sorted(dates(russian, russian=True) - dates(english, russian=False))
    ]
    en_links, ru_links = LINK.findall(english), LINK.findall(russian)
    lost += [f"link [[{t}]]" for t in sorted(set(en_links)) if en_links.count(t) > ru_links.count(t)]
    lost += [f"added link [[{t}]]" for t in sorted(set(ru_links) - set(en_links))]
    return lost


def field(value: Any, path: str) -> Any:
    """The value at a dotted path ("conflicts[0].accounts[1].text"), or None."""
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        if index:
            value = value[int(index)] if isinstance(value, list) and int(index) < len(value) else None
        else:
            value = value.get(name) if isinstance(value, dict) else None
    return value


def data_files() -> list[Path]:
    return sorted(f for folder in FOLDERS for f in (RU / folder).glob("*.yml"))


def read(file: Path) -> Any:
    return parse(file.read_text(encoding="utf-8"), str(file.relative_to(ROOT))).value


@pytest.fixture(scope="module")
def translations() -> list[tuple[str, str, str, Any, str]]:
    """(file, field, English text, recorded fingerprint, Russian) for every translated field."""
    rows = []
    for file in data_files():
        rel = str(file.relative_to(ROOT))
        english = read(ROOT / "data" / file.parent.name / file.name)
        for path, entry in read(file).items():
            if path == GENDER and file.parent.name == "cases":
                continue  # not a text: the grammatical gender the case's status agrees with
            assert isinstance(entry, dict) and set(entry) == {"en", "ru"}, f"{rel}: {path}: want 'en' and 'ru'"
            rows.append((rel, path, field(english, path), entry["en"], entry["ru"]))
    return rows


def test_every_case_translation_gives_the_gender_its_status_agrees_with() -> None:
    """Without it the Russian status reads "Освобождён(а)", as a form for anyone would."""
    cases = sorted((RU / "cases").glob("*.yml"))
    assert cases
    assert {f.name: read(f).get(GENDER) in GENDERS for f in cases} == {f.name: True for f in cases}


def test_there_are_translations_of_each_kind_of_record() -> None:
    assert {f.parent.name for f in data_files()} == set(FOLDERS)


def test_every_data_translation_names_a_text_field_of_its_english_record(translations: list[tuple]) -> None:
    missing = [f"{file}: {path}" for file, path, english, _, _ in translations if not isinstance(english, str)]
    assert not missing, "translations of fields that the English record does not have:\n" + "\n".join(missing)


def test_a_source_translation_translates_only_the_sites_own_notes(translations: list[tuple]) -> None:
    """A source's title and publisher are cited as published; only date_note and note are the
    site's words, and a title the site supplied in [square brackets], which stays in brackets."""
    def own(path: str, english: str, russian: str) -> bool:
        if path == "title":
            return all(t.startswith("[") and t.endswith("]") for t in (english, russian))
        return path in ("date_note", "note")

    wrong = [f"{file}: {path}" for file, path, english, _, russian in translations
             if "/sources/" in file and not own(path, english, russian)]
    assert not wrong, "fields of a source that stay as published:\n" + "\n".join(wrong)
    titles = {file for file, path, *_ in translations if "/sources/" in file and path == "title"}
    supplied = {f"data/i18n/ru/sources/{f.name}" for f in (ROOT / "data" / "sources").glob("*.yml")
                if str(read(f).get("title", "")).startswith("[")}
    assert supplied and titles == supplied, "every title the site supplied is translated"


# A translation whose English has changed since (stale) is a normal state, not a failure: `make
# check` lists it, the Russian page shows the English with a note, and a publishing build may
# refuse it (extra.dossier.translations_strict). The checks below hold every current translation
# to the English it translates.


def current(rows: list[tuple]) -> list[tuple]:
    return [row for row in rows if isinstance(row[2], str) and row[3] == fingerprint(row[2])]


def test_most_translations_are_current(translations: list[tuple]) -> None:
    """Not all stale at once: a fingerprint computed another way would make every check below vacuous."""
    assert len(current(translations)) > len(translations) / 2


def test_russian_keeps_every_date_number_article_and_link_of_the_english(translations: list[tuple]) -> None:
    problems = [
        f"{file}: {path}: {', '.join(lost)}"
        for file, path, english, _, russian in current(translations)
        if (lost := lost_facts(english, russian))
    ]
    assert not problems, "\n".join(problems)


def test_every_data_translation_is_written_in_russian(translations: list[tuple]) -> None:
    latin = [
        f"{file}: {path}"
        for file, path, _, _, russian in translations
        if not re.search(r"[а-яё]", russian, re.IGNORECASE)
    ]
    assert not latin, "translations without a Russian word (an English text copied?):\n" + "\n".join(latin)


def test_each_translation_file_says_it_awaits_a_fluent_reader() -> None:
    files = [*data_files(), *page_files(), RU / "GLOSSARY.md"]
    unmarked = [str(f.relative_to(ROOT)) for f in files if HEADER not in f.read_text(encoding="utf-8")[:300]]
    assert not unmarked, unmarked


# --- the handwritten pages ----------------------------------------------------------------------

FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)


def page_files() -> list[Path]:
    return sorted((RU / "pages").rglob("*.md"))


def page(file: Path) -> tuple[str, dict[str, Any], str]:
    """(English page path, Russian front matter, Russian body) of a page translation."""
    rel = str(file.relative_to(ROOT))
    text = file.read_text(encoding="utf-8")
    front = FRONT.match(text)
    assert front, f"{rel}: no front matter"
    meta = parse(front.group(1), rel).value
    return str(file.relative_to(RU / "pages")), meta, text[front.end() :]


def structure(markdown: str) -> list[str]:
    """Heading levels and admonition kinds, in order: the skeleton both languages share."""
    return re.findall(r"^(#{1,6}) ", markdown, re.MULTILINE) + re.findall(
        r"^\s*(?:!!!|\?\?\?\+?)\s*([a-z]+)", markdown, re.MULTILINE
    )


def test_there_are_page_translations_of_english_pages() -> None:
    assert page_files()
    orphans = [str(f) for f in page_files() if not (DOCS / f.relative_to(RU / "pages")).is_file()]
    assert not orphans, f"translations of pages that do not exist: {orphans}"


def current_pages() -> list[Path]:
    """The page translations of today's English (a stale one is listed by `make check` instead)."""
    return [f for f in page_files() if page(f)[1].get("translation_of") == fingerprint((DOCS / page(f)[0]).read_text(encoding="utf-8"))]


def test_most_page_translations_are_current() -> None:
    assert len(current_pages()) > len(page_files()) / 2


@pytest.mark.parametrize("file", current_pages(), ids=lambda f: str(f.relative_to(RU / "pages")))
def test_a_current_page_translation_keeps_the_facts_of_its_english(file: Path) -> None:
    name, meta, body = page(file)
    english = (DOCS / name).read_text(encoding="utf-8")
    assert meta.get("title") and meta.get("description"), f"{name}: the Russian page needs a title and description"
    assert re.search(r"[а-яё]", meta["title"] + meta["description"], re.IGNORECASE), name
    en_front = FRONT.match(english)
    en_body = english[en_front.end() :] if en_front else english
    lost = lost_facts(en_body, body)
    lost = [item for item in lost if not item.startswith("added link")]  # a translation may link its original
    assert not lost, f"{name}: {', '.join(lost)}"
    assert structure(body) == structure(en_body), f"{name}: headings or admonitions differ from the English"
    notes = r"\[\^[^\]]+\]:?"
    assert sorted(re.findall(notes, body)) == sorted(re.findall(notes, en_body)), f"{name}: footnotes differ"
    missing = sorted(set(MD_LINK.findall(en_body)) - set(MD_LINK.findall(body)))
    assert not missing, f"{name}: links of the English missing: {missing}"


def test_the_fact_check_itself_catches_a_lost_date_number_article_and_link() -> None:
    english = "On 5 May 2018 [[case:x|X]] got 14 years under Article 378 and articles 3, 9 and 10; USD 1,000."
    kept = "5 мая 2018 г. [[case:x|Икс]] получил 14 лет по статье 378 и статьям 3, 9 и 10; 1 000 долларов."
    assert lost_facts(english, kept) == []
    assert lost_facts(english, "4 мая 2018 г. получил 15 лет по статье 378 и статьям 3, 8 и 10; 1 000.") == [
        "date 5.5.2018",
        "number 14",
        "article 9",
        "added number 15",
        "added date 4.5.2018",
        "link [[case:x]]",
    ]
    # a telephone number is not a thousand, in either direction
    assert lost_facts("Tel: +32(0)2 280 11 15", "Тел.: +32(0)2 280 11 15") == []
    assert dotted(("timeline", 3, "text")) == "timeline[3].text"
    assert field({"timeline": [{}, {"text": "t"}]}, "timeline[1].text") == "t"
