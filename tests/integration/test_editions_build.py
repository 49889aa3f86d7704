"""Both editions of the fixture site, built as `make build` builds them: the English at the root,
the Russian at ru/, each pointing at the same page in the other, what the reader sees in Russian."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from common import SUMMARY_EN, SUMMARY_RU, build_editions

SITE_URL = "https://example.org/fixture/"  # the fixture's site_url: the sitemaps' addresses are absolute


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_editions(tmp_path_factory.mktemp("editions") / "mini")


def _read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def _text(html: str) -> str:
    body = html[html.index("<article"): html.index("</article>")]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def _lands(site: Path, page: str, href: str) -> Path:
    """The file a link of a page leads to: relative, or absolute under the fixture's site_url."""
    if href.startswith(SITE_URL):
        page, href = "index.html", href[len(SITE_URL):] or "./"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
    return site / target / "index.html" if href.endswith("/") else site / target


def test_each_page_names_its_language_and_leads_to_its_copy_in_the_other(editions: Path) -> None:
    for page, lang, other, other_page in (
        ("cases/pat-prisoner/index.html", "en", "ru", "ru/cases/pat-prisoner/index.html"),
        ("ru/cases/pat-prisoner/index.html", "ru", "en", "cases/pat-prisoner/index.html"),
        ("ru/index.html", "ru", "en", "index.html"),
    ):
        html = _read(editions, page)
        assert f'<html lang="{lang}"' in html
        # no hreflang link in the head, though site_url is set: with full addresses Material's script
        # would fetch a sitemap from the original's host on every page (the sitemaps pair the pages)
        assert not re.search(r'<link rel="alternate"[^>]*hreflang=', html)
        # the language switch: the same page in the other language, past Material's own script
        switch = re.search(rf'<a href="([^"]*)" hreflang="{other}" lang="{other}" target="_self"', html)
        assert switch is not None
        assert _lands(editions, page, switch.group(1)) == editions / other_page


def test_the_russian_case_page_shows_translations_and_says_what_is_still_english(editions: Path) -> None:
    text = _text(_read(editions, "ru/cases/pat-prisoner/index.html"))
    assert SUMMARY_RU in text and SUMMARY_EN not in text
    assert "(Перевод устарел; английский оригинал:) Released." in text  # stale: the English, with the note
    assert "Освобождён." not in text
    assert "(Перевод ещё не готов; английский оригинал:) an example offence" in text  # missing
    assert "Время под стражей" in text and "Time in custody" not in text
    assert "1 января 2018 г." in text and "January" not in text
    assert "Latin script" not in text and "Обвинения" in text


def test_a_translation_no_fluent_reader_has_read_says_so_on_every_page(editions: Path) -> None:
    """Until extra.dossier.reviewed_by names the reader (and make deploy refuses until then)."""
    for page in ("ru/index.html", "ru/cases/pat-prisoner/index.html", "ru/sources/index.html"):
        banner = re.search(r'<aside class="md-banner">(.*?)</aside>', _read(editions, page), re.DOTALL)
        assert banner is not None, page
        text = " ".join(re.sub(r"<[^>]+>", " ", banner.group(1)).split())
        assert text.startswith("Русский перевод ещё не вычитан носителем языка.") and "Сообщить об ошибке" in text
    for page in ("index.html", "cases/pat-prisoner/index.html"):
        assert "md-banner" not in _read(editions, page), page  # the English is the original


def test_the_russian_home_page_is_its_translation(editions: Path) -> None:
    html = _read(editions, "ru/index.html")
    assert "Главная страница" in _text(html)
    assert "<title>Главная" in html or "Главная" in html[: html.index("</head>")]


def test_the_english_edition_is_english(editions: Path) -> None:
    text = _text(_read(editions, "cases/pat-prisoner/index.html"))
    assert SUMMARY_EN in text and "Time in custody" in text and "Перевод" not in text


def test_each_edition_has_its_own_search_in_its_language(editions: Path) -> None:
    ru = json.loads(_read(editions, "ru/search/search_index.json"))
    en = json.loads(_read(editions, "search/search_index.json"))
    assert "ru" in ru["config"]["lang"]
    assert "ru" not in en["config"]["lang"]
    assert any(SUMMARY_RU.split(",")[0] in d["text"] for d in ru["docs"])


def test_each_sitemap_lists_both_editions(editions: Path) -> None:
    for sitemap, own in (("sitemap.xml", ""), ("ru/sitemap.xml", "ru/")):
        tree = ElementTree.parse(editions / sitemap)
        locs = {loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
        assert f"{SITE_URL}{own}cases/pat-prisoner/" in locs
        hrefs = {(link.get("hreflang"), link.get("href")) for link in tree.iter("{http://www.w3.org/1999/xhtml}link")}
        assert ("en", f"{SITE_URL}cases/pat-prisoner/") in hrefs
        assert ("ru", f"{SITE_URL}ru/cases/pat-prisoner/") in hrefs


def _prose(html: str) -> list[str]:
    """The text of each heading, paragraph, list item, definition and table cell of a page's
    article, without its code spans (file, field and column names stay as they are)."""
    article = html[html.index("<article"): html.index("</article>")]
    body = re.sub(r"<code>.*?</code>", " ", article, flags=re.DOTALL)
    blocks = re.findall(r"<(h[1-3]|p|li|dd|td|th)\b[^>]*>(.*?)</\1>", body, flags=re.DOTALL)
    return [t for t in (" ".join(re.sub(r"<[^>]+>|¶", " ", inner).split()) for _, inner in blocks) if t]


def test_the_russian_data_page_explains_the_files_in_russian(editions: Path) -> None:
    en, ru = _prose(_read(editions, "data/index.html")), _prose(_read(editions, "ru/data/index.html"))
    ru_text = " ".join(ru)
    # every English sentence and clause with four words in a row, the tables' and columns'
    # descriptions among them, is gone from the Russian page (lists of values such as
    # 'met, raised, access-refused' are what the files hold, and stay)
    clauses = {c.strip() for block in en for c in re.split(r"[.;:()]", block)}
    english = sorted(c for c in clauses if re.search(r"[A-Za-z']+( [A-Za-z']+){3}", c))
    assert any("row per case" in c for c in english) and any("newest event" in c for c in english)
    assert [c for c in english if c in ru_text] == []
    # its title, headings and the descriptions of the files are Russian; counts take Russian plurals
    html = _read(editions, "ru/data/index.html")
    assert "<title>Данные для повторного использования" in html
    cyrillic = re.compile(r"[А-Яа-яЁё]")
    headings = re.findall(r"<h[12]\b[^>]*>(.*?)</h[12]>", html[html.index("<article"):], flags=re.DOTALL)
    assert len(headings) >= 6 and all(cyrillic.search(h) for h in headings)
    files = re.findall(r"<tr>\s*<td><a [^>]*>[^<]*</a></td>\s*<td>(.*?)</td>", html, flags=re.DOTALL)
    assert len(files) >= 10 and all(cyrillic.search(d) for d in files)
    assert re.search(r"\d+ (строка|строки|строк)\.", ru_text) and " rows." not in ru_text
    assert "Нет лицензии" in ru_text or "лицензия не указана" in ru_text


def test_the_english_of_every_russian_page_is_marked_english(real_site: Path) -> None:
    """The editors' pages stay English in the Russian edition: each says so in Russian, and its
    English is marked lang="en" (a screen reader then reads it in an English voice)."""
    notes = ("Перевод ещё не готов", "Перевод устарел", "ведётся только на английском языке")
    found = []
    for page in sorted((real_site / "ru").rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if "<article" not in html:
            continue
        article = html[html.index("<article"): html.index("</article>")]
        if not any(n in article for n in notes):
            continue
        found.append(page.relative_to(real_site).as_posix())
        head, _, marked = article.partition('<div lang="en">')
        assert marked, f"{found[-1]}: its English is not marked lang=\"en\""
        assert any(n in head for n in notes) and "<p>" in marked, found[-1]
    assert "ru/about/data-dictionary/index.html" in found and "ru/about/editors-guide/index.html" in found


def test_the_russian_notes_tag_weak_sources_and_name_languages_in_russian(real_site: Path) -> None:
    """A weak source's tag in the notes ("mirror", "blog", "low") and a document's language are
    words of the reader's language, as the legend of the sources page explains them."""
    tag = re.compile(r"<em>(mirror|blog|low|копия|блог|ненадёжный источник)</em>\.")
    code = re.compile(r"(?:language|Language|язык|Язык): [a-z]{2}\b")
    pages = ("sources/index.html", "report/sources/index.html", "cases/kenzhebek-abishev/index.html")
    english = " ".join(_read(real_site, p) for p in pages)
    russian = " ".join(_read(real_site, "ru/" + p) for p in pages)
    assert {m.group(1) for m in tag.finditer(english)} == {"mirror", "low"}  # no blog is cited alone in a note
    assert {m.group(1) for m in tag.finditer(russian)} == {"копия", "ненадёжный источник"}
    for page in (*pages, *("ru/" + p for p in pages)):
        assert not code.search(_text(_read(real_site, page))), page
    assert "язык: русский" in _text(_read(real_site, "ru/sources/index.html"))
    assert "language: Russian" in _text(_read(real_site, "sources/index.html"))


def test_the_russian_data_page_states_the_licence_in_russian(real_site: Path) -> None:
    english, russian = _text(_read(real_site, "data/index.html")), _text(_read(real_site, "ru/data/index.html"))
    assert "may be reused under the Creative Commons" in english
    assert "may be reused" not in russian and "можно использовать повторно на условиях лицензии" in russian
    assert "CC BY 4.0" in english and "CC BY 4.0" in russian  # the licence's own name stays as published


def test_no_page_of_the_real_site_has_an_hreflang_link_in_its_head(real_site: Path) -> None:
    """A relative hreflang address is invalid (Lighthouse's SEO audit fails it), and a full one
    makes Material's script ask the original's host for a sitemap: the head names none, and the
    language switch still leads across."""
    pages = sorted(real_site.rglob("*.html"))
    assert any(p.relative_to(real_site).parts[0] == "ru" for p in pages)
    with_links = [str(p.relative_to(real_site)) for p in pages
                  if re.search(r'<link rel="alternate"[^>]*hreflang=', p.read_text(encoding="utf-8"))]
    assert not with_links, with_links[:5]
    home = (real_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="[^"]*ru/" hreflang="ru" lang="ru" target="_self"', home)


def test_every_page_searches_with_the_worker_that_stems_russian_words(real_site: Path) -> None:
    """Material's configuration on every page of both editions names the wrapper
    (overrides/assets/javascripts/workers/search-stems.js), and the wrapper loads Material's worker
    by a name that is published beside it: after an upgrade of Material the name must change
    in both files (overrides/main.html replaces it), or this fails."""
    pages = sorted(real_site.rglob("*.html"))
    workers = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.DOTALL)
        if found:
            workers.add(posixpath.basename(json.loads(found.group(1))["search"]))
    assert workers == {"search-stems.js"}
    for edition in (real_site, real_site / "ru"):
        wrapper = (edition / "assets/javascripts/workers/search-stems.js").read_text(encoding="utf-8")
        material = re.search(r'var MATERIAL = "([^"]+)"', wrapper)
        assert material, "search-stems.js no longer names Material's worker"
        assert (edition / "assets/javascripts/workers" / material.group(1)).is_file(), material.group(1)


def test_a_russian_status_agrees_with_the_person_it_is_said_of(real_site: Path) -> None:
    """Ardak Ashim is a woman and the other four are men: no status reads "Освобождён(а)" or
    "Умер(ла)", the form for anyone; and a count of several people takes the plural."""
    pages = ("ru/index.html", "ru/cases/index.html", "ru/missions/kazakhstan-2018/index.html",
             "ru/report/follow-up/index.html", *(f"ru/cases/{c.name}/index.html" for c in (real_site / "ru" / "cases").iterdir()
                                                 if (c / "index.html").is_file()))
    text = {p: _text(_read(real_site, p)) for p in pages}
    assert len(text) >= 9
    for page, words in text.items():
        assert "(а)" not in words and "(ла)" not in words, page
    released = {p: w for p, w in text.items() if "/cases/" in p and p.count("/") == 3 and "Освобождён" in w}
    assert len(released) >= 2, "the men released show the masculine form on their pages"
    assert "Освобождены" in text["ru/cases/index.html"]  # the filter: released people, several


def test_the_titles_markdown_writes_are_in_the_language_of_the_edition(real_site: Path) -> None:
    """A heading's link and a note's way back carry a title (on hover, and for screen readers):
    Python-Markdown's English unless the edition's catalogue gives its own."""
    english, russian = (_read(real_site, p + "cases/almat-zhumagulov/index.html") for p in ("", "ru/"))
    for html, permalink, back in ((english, "Permanent link", "Jump back to footnote 1 in the text"),
                                  (russian, "Постоянная ссылка на этот раздел", "Вернуться к сноске 1 в тексте")):
        titles = set(re.findall(r'title="([^"]*)"', html))
        assert {permalink, back} <= titles
    assert not {t for t in re.findall(r'title="([^"]*)"', russian) if "Jump back" in t or t == "Permanent link"}


def test_the_sections_of_a_generated_page_have_the_same_ids_in_both_editions(real_site: Path) -> None:
    """A section's address (#timeline, #charges) is the same in both editions, so that a link
    to it works in either and the case sheet's print layout, which finds sections by id, applies
    to Russian pages too (Cyrillic headings alone would give ids like "_3")."""
    pages = [p.relative_to(real_site).as_posix() for p in sorted((real_site / "cases").glob("*/index.html"))]
    pages += ["map/index.html", "data/index.html", "missions/kazakhstan-2018/index.html", "report/follow-up/index.html"]
    ids = re.compile(r'<h[23][^>]* id="([^"]+)"')
    for page in pages:
        english, russian = (ids.findall(_read(real_site, p + page)) for p in ("", "ru/"))
        assert english and russian == english, page
        assert not [i for i in russian if re.fullmatch(r"_\d+", i)], page


def test_a_russian_note_quotes_its_title_in_guillemets(real_site: Path) -> None:
    """«Ёлочки» around a source's title in the Russian notes, as the glossary asks; “…” in English."""
    page = "cases/mukhtar-dzhakishev/index.html"
    russian, english = _text(_read(real_site, "ru/" + page)), _text(_read(real_site, page))
    assert "Tirek.info, «Хождение по тюрьмам Мухтара Джакишева»" in russian
    assert "Tirek.info, “Хождение по тюрьмам Мухтара Джакишева”" in english
    assert not re.search(r", “[^”]+”, ", russian)
