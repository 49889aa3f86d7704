"""The language a build writes its pages in: interface strings from one catalogue, dates and
plurals per language.

The English text of the templates and of the code is the key: ``t("Time in custody")`` is the
English string itself in the English edition, and the catalogue's entry for it in another
(``catalogue/<lang>.yml``). A string the catalogue lacks stays English (the test
tests/unit/test_i18n.py lists every string the templates ask for and finds it in every
catalogue). A build is in one language: the hook calls ``use(lang)`` once, before it renders;
the templates and ``When.human()`` read the language from here, so that no function between
them needs a language argument.

Adding a language: ``catalogue/<lang>.yml`` (its strings, months and plural forms), a
``mkdocs.<lang>.yml`` with ``extra.dossier.language: <lang>``, and ``data/i18n/<lang>/``
(docs/about/editors-guide.md, "Translations").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CATALOGUES = Path(__file__).parent / "catalogue"
DEFAULT = "en"

_DOUBLE_STOP = re.compile(r"(\d{4} г\.)\.(?!\.)")

MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


@dataclass(frozen=True)
class Catalogue:
    """One language's interface strings, month names and plural forms."""

    lang: str
    strings: dict[str, str] = field(default_factory=dict)
    #: month names in a date with a day ("15 мая"), and alone ("апрель 2018 г.")
    months_of: tuple[str, ...] = MONTHS_EN
    months: tuple[str, ...] = MONTHS_EN
    #: "{day} {month} {year}", "{month} {year}", "{year}": how a date is written
    date_formats: dict[str, str] = field(default_factory=dict)
    #: a noun's forms for counting: English [one, other]; Russian [one, few, many]
    plurals: dict[str, list[str]] = field(default_factory=dict)
    #: short dates for pictures: "{day} {month} {year}" with abbreviated months, or numbers
    short_formats: dict[str, str] = field(default_factory=dict)
    #: thousands separator and decimal mark
    number: tuple[str, str] = (",", ".")
    #: words that agree with whom they are said of: English text -> {form: text}, the forms being
    #: a grammatical gender ("feminine", "masculine") or "plural"; strings holds the form for a
    #: person whose gender no translation gives ("Освобождён(а)")
    agreement: dict[str, dict[str, str]] = field(default_factory=dict)
    #: quotation marks: the outer pair, and the inner pair for quotation marks inside a quotation
    quotes: tuple[str, str, str, str] = ("“", "”", "‘", "’")

    def t(self, text: str, **values: object) -> str:
        out = self.strings.get(text, text) if self.strings else text
        return out.format(**values) if values else out

    def quote(self, text: str) -> str:
        """A title in the language's quotation marks ("“…”", "«…»"); the same marks inside it
        become the inner ones («… „…“ …»)."""
        start, end, inner_start, inner_end = self.quotes
        return f"{start}{text.replace(start, inner_start).replace(end, inner_end)}{end}"

    def agree(self, text: str, form: str | None) -> str:
        """text in the form that agrees with a person of a grammatical gender, or with several
        people ("plural"); t(text) when the language has no such form or the form is unknown."""
        return self.agreement.get(text, {}).get(form or "") or self.t(text)

    def tidy(self, markdown: str) -> str:
        """A page's text with one full stop where a date that ends in one ends a sentence
        ("… по 5 мая 2018 г." and not "г..")."""
        if not self.date_formats.get("year", "").endswith("."):
            return markdown
        return _DOUBLE_STOP.sub(r"\1", markdown)

    def date(self, year: int, month: int | None = None, day: int | None = None, *, after: bool = False) -> str:
        """A date in words; after: it follows a preposition ('since', 'until'), which in Russian
        puts a month without a day in the genitive too ('с февраля 2014 г.')."""
        if month and (day or after) and not day:
            return self.date_formats.get("month", "{month} {year}").format(month=self.months_of[month - 1], year=year)
        if day and month:
            fmt = self.date_formats.get("day", "{day} {month} {year}")
            return fmt.format(day=day, month=self.months_of[month - 1], year=year)
        if month:
            return self.date_formats.get("month", "{month} {year}").format(month=self.months[month - 1], year=year)
        return self.date_formats.get("year", "{year}").format(year=year)

    def short(self, year: int, month: int | None = None, day: int | None = None) -> str:
        """A date for a picture's narrow space: '21 May 2009', 'May 2009', '2009'; in Russian
        '21.05.2009', '05.2009', '2009'."""
        kind = "day" if day and month else "month" if month else "year"
        fmt = self.short_formats.get(kind) or {"day": "{day} {abbr} {year}", "month": "{abbr} {year}"}.get(kind, "{year}")
        return fmt.format(day=day, month=month, year=year, abbr=MONTHS_EN[month - 1][:3] if month else "")

    def plural(self, n: int, noun: str) -> str:
        """'1 year', '5 years'; '1 год', '2 года', '5 лет': the count and the noun's right form."""
        forms = self.plurals.get(noun) or [noun, noun + "s"]
        return f"{self.num(n)} {forms[plural_form(self.lang, n, len(forms))]}"

    def num(self, n: float, digits: int = 0) -> str:
        sep, mark = self.number
        text = f"{n:,.{digits}f}"
        return text.replace(",", "\0").replace(".", mark).replace("\0", sep)


def plural_form(lang: str, n: int, count: int) -> int:
    """Which of a noun's forms a number takes (CLDR's rules for the languages the site has)."""
    if lang in ("ru", "uk", "be") and count >= 3:
        n = abs(n)
        if n % 10 == 1 and n % 100 != 11:
            return 0
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return 1
        return 2
    return 0 if n == 1 else min(1, count - 1)


#: the forms of a word that agrees with whom it is said of (Catalogue.agreement)
AGREEMENT_FORMS = ("feminine", "masculine", "plural")


class CatalogueError(Exception):
    """A catalogue file that cannot be used; the message names the file and the field."""


@functools.cache
def catalogue(lang: str) -> Catalogue:
    """The catalogue of a language: English is built in, the others read from catalogue/<lang>.yml."""
    if lang == DEFAULT:
        return Catalogue(DEFAULT, plurals={"day": ["day", "days"], "year": ["year", "years"],
                                           "month": ["month", "months"], "person": ["person", "people"]})
    path = CATALOGUES / f"{lang}.yml"
    where = f"hooks/dossier/catalogue/{lang}.yml"
    if not path.is_file():
        have = ", ".join(sorted([DEFAULT, *(p.stem for p in CATALOGUES.glob("*.yml"))]))
        raise CatalogueError(f"{where}: no catalogue for the language '{lang}'; the languages are: {have}")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    months, months_of = data.get("months") or [], data.get("months_of") or data.get("months") or []
    if len(months) != 12 or len(months_of) != 12:
        raise CatalogueError(f"{where}: months, months_of: give the twelve month names")
    strings = data.get("strings") or {}
    bad = [k for k, v in strings.items() if not isinstance(k, str) or not isinstance(v, str)]
    if bad:
        raise CatalogueError(f"{where}: strings.{bad[0]}: expected text for text")
    agreement = data.get("agreement") or {}
    for key, forms in agreement.items():
        if not isinstance(forms, dict) or key not in strings:
            raise CatalogueError(f"{where}: agreement.{key}: give the forms of a text of strings: "
                                 f"{{{', '.join(AGREEMENT_FORMS)}: ...}}")
        wrong = [f for f, v in forms.items() if f not in AGREEMENT_FORMS or not isinstance(v, str)]
        if wrong:
            raise CatalogueError(f"{where}: agreement.{key}.{wrong[0]}: the forms are {', '.join(AGREEMENT_FORMS)}, "
                                 "each a text")
    quotes = data.get("quotes") or ["“", "”", "‘", "’"]
    if not (isinstance(quotes, list) and len(quotes) == 4 and all(isinstance(q, str) and q for q in quotes)):
        raise CatalogueError(f"{where}: quotes: give four marks: the outer pair, then the inner pair")
    number = data.get("number") or {}
    return Catalogue(
        lang, strings, tuple(months_of), tuple(months), dict(data.get("date_formats") or {}),
        {k: list(v) for k, v in (data.get("plurals") or {}).items()}, dict(data.get("short_formats") or {}),
        (str(number.get("thousands", ",")), str(number.get("decimal", "."))),
        {str(k): dict(v) for k, v in agreement.items()},
        (quotes[0], quotes[1], quotes[2], quotes[3]),
    )


_active: list[Catalogue] = []


def use(lang: str) -> Catalogue:
    """Make lang the language of what is rendered from here on (one build, one language)."""
    found = catalogue(lang or DEFAULT)
    _active[:] = [found]
    return found


def active() -> Catalogue:
    return _active[0] if _active else catalogue(DEFAULT)


def lang() -> str:
    return active().lang


def t(text: str, **values: object) -> str:
    """An interface string in the build's language (the English text is the key)."""
    return active().t(text, **values)


def theme(env: Any) -> Any:
    """The theme's Jinja environment with `dossier_t`: overrides/ take their words from the catalogue."""
    env.globals["dossier_t"] = t
    return env


def agree(text: str, form: str | None) -> str:
    return active().agree(text, form)


def quote(text: str) -> str:
    return active().quote(text)


def plural(n: int, noun: str) -> str:
    return active().plural(n, noun)


def date(year: int, month: int | None = None, day: int | None = None, *, after: bool = False) -> str:
    return active().date(year, month, day, after=after)


def num(n: float, digits: int = 0) -> str:
    return active().num(n, digits)


#: the words Python-Markdown's extensions write into a page, as titles that show on hover and
#: that screen readers read: (extension, option) -> the English text
MARKDOWN_WORDS = {
    ("toc", "permalink_title"): "Permanent link",
    ("footnotes", "BACKLINK_TITLE"): "Jump back to footnote %d in the text",
}


def markdown_words(extra: dict) -> dict[str, dict[str, str]]:
    """The options of those extensions in the language of an edition (extra.dossier.language):
    {extension: {option: text}}. An unknown language gets none here; the build names it."""
    lang = ((extra or {}).get("dossier") or {}).get("language") or DEFAULT
    try:
        words = catalogue(lang)
    except CatalogueError:
        return {}
    out: dict[str, dict[str, str]] = {}
    for (extension, option), text in MARKDOWN_WORDS.items():
        out.setdefault(extension, {})[option] = words.t(text)
    return out


def edition_url(site_url: str | None, extra: dict) -> str | None:
    """The address of a language's edition: site_url (the English one, which mkdocs.<lang>.yml
    inherits) and the edition's folder of extra.alternate ("ru/"). None stays None."""
    lang = ((extra or {}).get("dossier") or {}).get("language") or DEFAULT
    folder = next((str(a.get("link") or "") for a in extra.get("alternate") or () if a.get("lang") == lang), "")
    if not site_url or not folder or site_url.endswith("/" + folder):
        return site_url
    return site_url.rstrip("/") + "/" + folder


#: which spellings of a name an edition shows, in order of preference: a person's sourced
#: Cyrillic spelling in that language (then in Kazakh), never a spelling made up for the site
NAME_LANGUAGES = {"ru": ("ru", "kk"), "kk": ("kk", "ru")}


def local_name(person: Any) -> str:
    """A person's name as the build's language writes it: from the person's sourced spellings
    (native_names, aliases) in that language's script, else the name the site uses."""
    spellings = [*person.native_names, *person.aliases]
    for language in NAME_LANGUAGES.get(lang(), ()):
        for n in spellings:
            if n.script == "cyrillic" and n.language == language:
                return str(n.name)
    return str(person.name)
