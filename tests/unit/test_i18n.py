"""The languages: the interface catalogue, Russian dates and plurals, and the translations of
the data and the pages (fingerprints, stale, missing, bad files)."""

from __future__ import annotations

import ast
import re
import shutil
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from common import FIXTURE, ROOT
from dossier import i18n
from dossier.build import Settings, check
from dossier.chart import duration
from dossier.errors import DataErrors
from dossier.i18n import CATALOGUES, catalogue, plural_form
from dossier.model import When
from dossier.status import status_at
from dossier.templating import TEMPLATES, period
from dossier.translations import fingerprint, notes, pages, with_note


@pytest.fixture
def ru() -> Iterator[i18n.Catalogue]:
    yield i18n.use("ru")
    i18n.use("en")


# --------------------------------------------------------------------------- the catalogue


def test_english_is_the_key_and_a_missing_string_stays_english(ru: i18n.Catalogue) -> None:
    assert catalogue("en").t("Time in custody") == "Time in custody"
    assert ru.t("Time in custody") == "Время под стражей"
    assert ru.t("A string no catalogue has") == "A string no catalogue has"
    assert ru.t("Download {what}", what="данные") == "Скачать данные"


def _template_strings() -> set[str]:
    """Every literal string the templates (_("...")) and the code (i18n.t("...")) look up."""
    found: set[str] = set()
    for file in TEMPLATES.rglob("*.j2"):
        text = file.read_text(encoding="utf-8")
        found |= {m.group(2) for m in re.finditer(r'_\((["\'])((?:(?!\1).)+)\1', text)}
    for file in (ROOT / "overrides").rglob("*.html"):  # the theme's overrides call dossier_t(...)
        for call in re.findall(r"dossier_t\(([^)]*)\)", file.read_text(encoding="utf-8")):
            found |= {m.group(2) for m in re.finditer(r'(["\'])((?:(?!\1).)+)\1', call)}
    found |= set(i18n.MARKDOWN_WORDS.values())  # the titles Python-Markdown writes
    for file in TEMPLATES.parent.glob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "t"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "i18n"):
                found |= {a.value for a in node.args[:1] if isinstance(a, ast.Constant) and isinstance(a.value, str)}
                found |= {v.value for a in node.args[:1] if isinstance(a, ast.IfExp)
                          for v in (a.body, a.orelse) if isinstance(v, ast.Constant) and isinstance(v.value, str)}
    return found


def test_every_string_the_templates_ask_for_is_in_every_catalogue() -> None:
    asked = _template_strings()
    assert {"Time in custody", "In psychiatric confinement", "Timeline of the case of {name}", "Open a report in the site's",
            "For editors"} <= asked
    for file in CATALOGUES.glob("*.yml"):
        strings = (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("strings") or {}
        assert sorted(asked - set(strings)) == [], file.name


def test_an_unknown_language_is_named_with_the_known_ones() -> None:
    with pytest.raises(DataErrors, match=r"extra.dossier.language: .*no catalogue for the language 'xx'.*en, ru"):
        Settings.from_options(Path("/r"), Path("/r/docs"), {"language": "xx"})


# --------------------------------------------------------------------------- dates and plurals


@pytest.mark.parametrize(
    ("n", "year", "day"),
    [(1, "1 год", "1 день"), (2, "2 года", "2 дня"), (5, "5 лет", "5 дней"), (11, "11 лет", "11 дней"),
     (21, "21 год", "21 день"), (22, "22 года", "22 дня"), (112, "112 лет", "112 дней"), (0, "0 лет", "0 дней")],
)
def test_russian_plurals(ru: i18n.Catalogue, n: int, year: str, day: str) -> None:
    assert ru.plural(n, "year") == year
    assert ru.plural(n, "day") == day


def test_english_plurals_are_unchanged() -> None:
    assert catalogue("en").plural(1, "day") == "1 day"
    assert catalogue("en").plural(3, "day") == "3 days"
    assert plural_form("en", 2, 2) == 1


def test_russian_dates(ru: i18n.Catalogue) -> None:
    assert When(2018, 5, 15).human() == "15 мая 2018 г."
    assert When(2018, 4).human() == "апрель 2018 г."
    assert When(2018).human() == "2018 г."
    assert period(When(2018, 4, 14), When(2018, 4, 17)) == "14–17 апреля 2018 г."
    assert period(When(2018, 3, 31), When(2018, 5, 5)) == "31 марта 2018 г. — 5 мая 2018 г."
    # a qualifier is translated and stays attached to its date
    assert When(2018, 1, 17, "year inferred").human() == "17 января 2018 г. (год установлен косвенно)"
    assert ru.tidy("по 5 мая 2018 г.. Дальше") == "по 5 мая 2018 г. Дальше"


def test_russian_durations(ru: i18n.Catalogue) -> None:
    assert duration(35) == "35 дней"
    assert duration(1) == "1 день"
    assert duration(402) == "1,1 года"


def test_english_dates_are_unchanged() -> None:
    assert When(2018, 5, 15).human() == "15 May 2018"
    assert period(When(2018, 4, 14), When(2018, 4, 17)) == "14–17 April 2018"
    assert duration(402) == "1.1 years"


# --------------------------------------------------------------------------- translations


def test_a_fingerprint_ignores_how_the_text_is_wrapped() -> None:
    assert fingerprint("An activist  detained\nin Example City.") == fingerprint("An activist detained in Example City.")
    assert fingerprint("An activist detained.") != fingerprint("An activist released.")
    assert re.fullmatch(r"[0-9a-f]{12}", fingerprint("x"))


SUMMARY = "An activist detained in Example City and later released."


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    shutil.copytree(FIXTURE / "docs", tmp_path / "docs")
    return tmp_path


def _translate(site: Path, text: str, *, strict: bool = False) -> tuple[object, list]:
    file = site / "data" / "i18n" / "ru" / "cases" / "pat-prisoner.yml"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    untranslated: list = []
    graph, _ = check(Settings.for_root(site, language="ru", translations_strict=strict), untranslated)
    return graph, untranslated


def test_a_current_translation_replaces_the_english_and_a_stale_one_does_not(site: Path, ru: i18n.Catalogue) -> None:
    graph, untranslated = _translate(site, (
        f"summary.text:\n  en: {fingerprint(SUMMARY)}\n  ru: Активист, задержанный и позже освобождённый.\n"
        "timeline[2].text:\n  en: 0123456789ab\n  ru: Освобождён.\n"
    ))
    case = graph.get("case", "pat-prisoner")  # type: ignore[attr-defined]
    assert case.summary.text == "Активист, задержанный и позже освобождённый."
    assert case.timeline[2].text == notes("ru", page=False)["stale"] + " Released."
    assert case.timeline[0].text.startswith("(Перевод ещё не готов")
    states = {(u.state, u.field) for _lang, u in untranslated if "cases/" in u.path}
    assert ("stale", "timeline[2].text") in states
    assert ("missing", "timeline[0].text") in states
    assert not any(f == "summary.text" for _s, f in states)
    stale = next(u for _lang, u in untranslated if u.state == "stale")
    assert (stale.path, stale.line) == ("data/i18n/ru/cases/pat-prisoner.yml", 4)


def test_the_strict_setting_refuses_what_is_not_translated(site: Path, ru: i18n.Catalogue) -> None:
    with pytest.raises(DataErrors) as exc:
        _translate(site, "timeline[2].text:\n  en: 0123456789ab\n  ru: Освобождён.\n", strict=True)
    report = exc.value.report()
    assert "data/i18n/ru/cases/pat-prisoner.yml:1:1: timeline[2].text: stale: the English text changed" in report
    assert "data/cases/pat-prisoner.yml:6:1: summary.text: missing: no translation into 'ru' yet" in report


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("summary.text: [unclosed\n", "data/i18n/ru/cases/pat-prisoner.yml:2:1"),
        ("summary.txt:\n  en: 0123456789ab\n  ru: Текст.\n",
         "pat-prisoner.yml:1:1: summary.txt: the English record has no text at this path; did you mean 'summary.text'?"),
        ("summary.text:\n  en: 12345\n  ru: Текст.\n",
         "pat-prisoner.yml:2:1: summary.text.en: 12345 is not a fingerprint: 12 hex digits"),
        ("summary.text:\n  ru: Текст.\n", "pat-prisoner.yml:1:1: summary.text: give exactly 'en'"),
        (f"summary.text:\n  en: {fingerprint(SUMMARY)}\n  ru: Текст со ссылкой [[case:other]].\n",
         "summary.text: links [[case:other]], which the English text does not"),
        ("gender: female\n",
         ("pat-prisoner.yml:1:1: gender: 'female': the grammatical gender that words said of the person agree "
          "with is feminine or masculine")),
    ],
)
def test_a_bad_translation_file_is_named_with_line_and_field(site: Path, ru: i18n.Catalogue, text: str, message: str) -> None:
    with pytest.raises(DataErrors) as exc:
        _translate(site, text)
    assert message in exc.value.report()


def test_a_status_agrees_with_the_gender_its_translation_gives(site: Path, ru: i18n.Catalogue) -> None:
    """'Released' of one woman, of one man, of a person whose gender no translation gives, and of
    several people: four Russian words; English has one."""
    labels = {}
    for gender in ("feminine", "masculine", None):
        summary = f"summary.text:\n  en: {fingerprint(SUMMARY)}\n  ru: Активист, позже освобождённый.\n"
        graph, _ = _translate(site, (f"gender: {gender}\n" if gender else "") + summary)
        case = graph.get("case", "pat-prisoner")  # type: ignore[attr-defined]
        assert (case.gender, status_at(case).key) == (gender, "released")
        labels[gender] = status_at(case).label
    assert labels == {"feminine": "Освобождена", "masculine": "Освобождён", None: "Освобождён(а)"}
    assert i18n.agree("Released", "plural") == "Освобождены"
    assert i18n.agree("Not in custody", "feminine") == ru.t("Not in custody") == "Не под стражей"  # no forms: one word
    i18n.use("en")
    assert {i18n.agree("Released", form) for form in ("feminine", "masculine", "plural", None)} == {"Released"}


@pytest.mark.parametrize(
    ("tail", "message"),
    [("agreement:\n  Released: Освобождена\n", "agreement.Released: give the forms of a text of strings"),
     ("agreement:\n  Released: {female: Освобождена}\n",
      "agreement.Released.female: the forms are feminine, masculine, plural"),
     ("agreement:\n  Unknown text: {plural: Неизвестные}\n", "agreement.Unknown text: give the forms of a text of strings"),
     ("quotes: [«, »]\n", "quotes: give four marks: the outer pair, then the inner pair")],
)
def test_a_bad_agreement_or_quotes_in_a_catalogue_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           tail: str, message: str) -> None:
    months = "[" + ", ".join(["m"] * 12) + "]"
    (tmp_path / "xx.yml").write_text(f"months: {months}\nstrings:\n  Released: Освобождён(а)\n{tail}", encoding="utf-8")
    monkeypatch.setattr(i18n, "CATALOGUES", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        with pytest.raises(i18n.CatalogueError, match=re.escape(f"hooks/dossier/catalogue/xx.yml: {message}")):
            i18n.catalogue("xx")
    finally:
        i18n.catalogue.cache_clear()


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [("cases/nobody.yml", "summary.text:\n  en: 0123456789ab\n  ru: Текст.\n", "cases/nobody.yml:1:1: translates no record"),
     ("people/pat-prisoner.yml", "# a comment\ngender: feminine\n",  # only a case's status agrees with a gender
      "people/pat-prisoner.yml:2:1: gender: only a case's translation")],
)
def test_a_translation_file_that_no_record_can_take_is_an_error(
    site: Path, ru: i18n.Catalogue, file: str, text: str, message: str
) -> None:
    stray = site / "data" / "i18n" / "ru" / file
    stray.parent.mkdir(parents=True)
    stray.write_text(text, encoding="utf-8")
    with pytest.raises(DataErrors, match=re.escape("data/i18n/ru/" + message)):
        check(Settings.for_root(site, language="ru"))


def test_pages_current_stale_missing_and_bad(tmp_path: Path) -> None:
    english = {"index.md": "# Home\n\nText.\n", "about.md": "# About\n\nMore.\n", "old.md": "# Old\n\nChanged.\n"}
    folder = tmp_path / "data" / "i18n" / "ru" / "pages"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(f"---\ntranslation_of: {fingerprint(english['index.md'])}\ntitle: Главная\n---\n\n# Главная\n")
    (folder / "old.md").write_text("---\ntitle: Старое\ntranslation_of: 0123456789ab\n---\n\n# Старое\n")
    (folder / "bad.md").write_text("---\ntranslation_of: nope\n---\n")
    note = notes("ru", page=True)
    done = pages(english, tmp_path / "data", tmp_path, "ru", note)
    assert done.text["index.md"].endswith("# Главная\n")
    assert done.text["about.md"] == with_note(english["about.md"], note["missing"])
    assert done.text["old.md"].startswith("# Old\n\n!!! note \"Перевод устарел\"")
    assert {(u.state, u.path, u.line) for u in done.untranslated} == {
        ("missing", "docs/about.md", 1), ("stale", "data/i18n/ru/pages/old.md", 3)}
    assert next(str(e) for e in done.errors).startswith("data/i18n/ru/pages/bad.md:1:1: translates no page: docs/bad.md does not exist")


def test_an_english_page_in_another_edition_is_marked_english_after_its_note() -> None:
    """A screen reader reads the English of an untranslated page in an English voice: the page as
    Markdown renders it, its note in the edition's language outside the English part."""
    from markdown import markdown

    english = "---\ntitle: About\n---\n\n# About\n\nThe record is kept here.\n\n## More\n\n- a list item\n"
    note = notes("ru", page=True)
    html = markdown(with_note(english, note["missing"]).split("---\n", 2)[2], extensions=["admonition", "md_in_html"])
    head, marked = html.split('<div lang="en">', 1)
    assert "Перевод ещё не готов" in head and "<h1>About</h1>" in head
    assert "<p>The record is kept here.</p>" in marked and "<h2>More</h2>" in marked and "<li>a list item</li>" in marked
    assert marked.rstrip().endswith("</div>") and "Перевод" not in marked


@pytest.mark.parametrize(("dossier", "shown"), [
    ({"language": "ru"}, True), ({"language": "ru", "reviewed_by": " "}, True),
    ({"language": "ru", "reviewed_by": "A. Reader"}, False), ({"language": "en"}, False), ({}, False)])
def test_the_review_banner_shows_until_a_fluent_reader_is_named(ru: i18n.Catalogue, dossier: dict, shown: bool) -> None:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"))
    env.globals["dossier_t"] = i18n.t
    env.filters["url"] = lambda path: "../" + path
    config = types.SimpleNamespace(extra={"dossier": dossier}, use_directory_urls=True)
    html = env.get_template("partials/review.html").render(config=config)
    assert ("носителем языка" in html and 'href="../about/report-an-error/"' in html) is shown
    assert (html.strip() == "") is not shown  # Material shows its banner when the block is not empty


def test_every_label_the_code_looks_up_by_value_is_in_the_russian_catalogue() -> None:
    from typing import get_args

    from dossier.chart import EVENT_WORDS, GROUP_LABELS
    from dossier.model import Custody, Place
    from dossier.model_values import qualifier_label
    from dossier.status import STATUS_LABELS
    from dossier.tables import CONTACT_LABELS

    strings = catalogue("ru").strings
    labels = [*STATUS_LABELS.values(), *EVENT_WORDS.values(), *GROUP_LABELS.values(), *CONTACT_LABELS.values()]
    labels += [*get_args(Place.model_fields["type"].annotation), *get_args(Custody.model_fields["role"].annotation)]
    labels += [qualifier_label(c, part) or "" for c in ("inferred", "implied", "approximate", "sources-differ", "disputed")
               for part in (None, "date", "year", "month", "place", "fact")]
    labels += ["implemented", "partly implemented", "no follow-up found", "pre-trial", "trial", "conviction"]
    assert sorted({lab for lab in labels if lab not in strings}) == []


def _translate_source(site: Path, text: str) -> tuple[object, list]:
    file = site / "data" / "i18n" / "ru" / "sources" / "ngo-two.yml"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    untranslated: list = []
    graph, _ = check(Settings.for_root(site, language="ru"), untranslated)
    return graph, untranslated


DATE_NOTE = "content implies May 2018"


def test_a_source_has_its_date_note_translated_and_its_title_kept(site: Path, ru: i18n.Catalogue) -> None:
    graph, untranslated = _translate_source(
        site, f"date_note:\n  en: {fingerprint(DATE_NOTE)}\n  ru: судя по содержанию, май 2018 г.\n")
    source = graph.get("source", "ngo-two")  # type: ignore[attr-defined]
    assert source.date_note == "судя по содержанию, май 2018 г."
    assert (source.title, source.publisher) == ("Statement on the mission", "Example NGO")
    assert not any("sources/" in u.path for _lang, u in untranslated)


def test_a_source_without_a_translation_shows_its_note_in_english_and_is_listed(site: Path, ru: i18n.Catalogue) -> None:
    untranslated: list = []
    graph, _ = check(Settings.for_root(site, language="ru"), untranslated)
    assert graph.get("source", "ngo-two").date_note == f'{notes("ru", page=False)["missing"]} {DATE_NOTE}'  # type: ignore[attr-defined]
    assert graph.get("source", "press-one").title == "Activist detained in Example City"  # type: ignore[attr-defined]
    listed = {(u.state, u.path, u.line, u.field) for _lang, u in untranslated if "sources/" in u.path}
    assert listed == {("missing", "data/sources/ngo-two.yml", 6, "date_note")}


def test_a_translation_of_a_source_title_is_refused(site: Path, ru: i18n.Catalogue) -> None:
    with pytest.raises(DataErrors) as exc:
        _translate_source(site, (
            f"date_note:\n  en: {fingerprint(DATE_NOTE)}\n  ru: судя по содержанию, май 2018 г.\n"
            f"title:\n  en: {fingerprint('Statement on the mission')}\n  ru: Заявление о миссии\n"))
    assert ("data/i18n/ru/sources/ngo-two.yml:4:1: title: a source's 'title' is never translated (it stays as "
            "published); translate only date_note, note, and a title the site supplied in [square brackets]") in exc.value.report()


def test_a_title_the_site_supplied_is_translated_and_keeps_its_brackets(site: Path, ru: i18n.Catalogue) -> None:
    """[Square brackets] mark a title the site wrote for a document that has none: its own
    words, translated like its notes; missing, it is listed; unbracketed, it is refused."""
    english = site / "data" / "sources" / "ngo-two.yml"
    english.write_text(english.read_text(encoding="utf-8").replace(
        "title: Statement on the mission", "title: '[Statement on the mission]'"), encoding="utf-8")
    note = f"date_note:\n  en: {fingerprint(DATE_NOTE)}\n  ru: судя по содержанию, май 2018 г.\n"
    graph, untranslated = _translate_source(site, note)
    assert {(u.state, u.field) for _lang, u in untranslated if "ngo-two" in u.path} == {("missing", "title")}
    title = f"title:\n  en: {fingerprint('[Statement on the mission]')}\n  ru: "
    graph, untranslated = _translate_source(site, note + title + "'[Заявление о миссии]'\n")
    assert graph.get("source", "ngo-two").title == "[Заявление о миссии]"  # type: ignore[attr-defined]
    assert not any("ngo-two" in u.path for _lang, u in untranslated)
    with pytest.raises(DataErrors, match=r"ngo-two.yml:4:1: title: keep the square brackets"):
        _translate_source(site, note + title + "Заявление о миссии\n")


def test_a_title_is_quoted_the_way_its_edition_writes(ru: i18n.Catalogue) -> None:
    assert catalogue("en").quote("Kazakhstan: European delegates meet local prisoners") == (
        "“Kazakhstan: European delegates meet local prisoners”")
    assert ru.quote("Хождение по тюрьмам Мухтара Джакишева") == "«Хождение по тюрьмам Мухтара Джакишева»"
    assert ru.quote("[Итальянская версия объявления FIDU «Kazakhstan beyond the headlines»]") == (
        "«[Итальянская версия объявления FIDU „Kazakhstan beyond the headlines“]»")  # marks inside: „лапки“
