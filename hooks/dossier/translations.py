"""Translations of the record's texts and of the handwritten pages, and whether each is current.

Translators write beside the English, in files they review in git:

- ``data/i18n/<lang>/<folder>/<id>.yml`` for a record: the English field's path as the checker
  names it (``summary.text``, ``timeline[3].text``) -> ``{en: <fingerprint>, <lang>: <text>}``;
- ``data/i18n/<lang>/pages/<path under docs/>.md`` for a page: the whole page in the language,
  whose front matter says ``translation_of: <fingerprint>``.

A fingerprint is the first 12 hex digits of the SHA-256 of the English text with its white
space made single spaces: when the English changes, the translation is *stale*. A stale or
missing translation shows the English text with a short note in the reader's language;
``make check`` lists them, and ``extra.dossier.translations_strict`` makes the build refuse
them. Of a source only the site's own words are translated (``_ONLY``, and a title it supplied
in [square brackets]); its title and publisher stay as published, and names come from the people's sourced spellings, not from these files.
"""

from __future__ import annotations

import hashlib
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import i18n
from .errors import DataError, DataErrors, closest
from .load import Loaded
from .model import BY_KIND, Case, Name, Person, Source
from .model_values import no_links
from .refs import find_refs
from .yamlread import Parsed, Path_, dotted, parse, read_text

FOLDER = "i18n"  #: data/i18n/<lang>/
PAGES = "pages"  #: data/i18n/<lang>/pages/<path under docs/>
FINGERPRINT = re.compile(r"[0-9a-f]{12}")
#: the key of a case's translation file that gives the grammatical gender its words agree with
#: ("gender: feminine": "Освобождена"), in a language that has one; not a text, no fingerprint
GENDER = "gender"
GENDERS = tuple(form for form in i18n.AGREEMENT_FORMS if form != "plural")  #: the catalogue's own forms

#: fields that are never translated: names come from sources, ids and codes are not words
_NEVER = {(Person, "name"), (Name, "name")}
_NEVER_NAMES = {"id", "sources", "editor_notes", "other_names", "short_name", "file", "article", "part", "website",
                "url", "language", "code",
                "code_edition", "coordinates_source"}
#: records of which only these fields are translated. A source's title and publisher are cited as
#: published, in their own language; its date_note and note are the site's own English, which a
#: reader of another edition reads in every list of notes
_ONLY: dict[type[BaseModel], frozenset[str]] = {Source: frozenset({"date_note", "note"})}


def supplied(obj: BaseModel, name: str) -> bool:
    """A source's title in [square brackets]: the site's own English words for a document
    without a title, translated like its notes (and kept in brackets)."""
    title = getattr(obj, "title", "") if isinstance(obj, Source) and name == "title" else ""
    return title.startswith("[") and title.endswith("]")


def notes(lang: str, *, page: bool) -> dict[str, str]:
    """The reader's note on a text ("missing", "stale") in lang: a page's is an admonition."""
    c = i18n.catalogue(lang)
    if not page:
        return {"missing": c.t("(Not translated yet; the English original:)"),
                "stale": c.t("(The translation is out of date; the English original:)")}
    return {state: f'!!! note "{c.t(title)}"\n\n    {c.t(text)}' for state, title, text in (
        ("missing", "Not translated yet", "This page has not been translated yet; below is its English original."),
        ("stale", "Translation out of date",
         "The English page has changed since it was translated; below is its English original."),
        ("editors", "For editors", "This page is for the site's editors and is kept in English only."))}


def fingerprint(text: str) -> str:
    """The first 12 hex digits of SHA-256 of the text with its white space made single spaces."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def texts(record: BaseModel) -> Iterator[tuple[Path_, str]]:
    """(location, English text) of every field of a record that a translator translates."""
    yield from _texts(record, ())


def _texts(obj: BaseModel, loc: Path_) -> Iterator[tuple[Path_, str]]:
    cls = type(obj)
    if getattr(obj, "private", False):
        return  # never published
    refs = getattr(cls, "refs", {})
    only = _ONLY.get(cls)
    for name, info in cls.model_fields.items():
        if (only is not None and name not in only and not supplied(obj, name)) or name in _NEVER_NAMES or name in refs or (cls, name) in _NEVER or _is_literal(info.annotation):
            continue
        value = getattr(obj, name)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for i, item in items:
            here = (*loc, name) if i is None else (*loc, name, i)
            if isinstance(item, BaseModel):
                yield from _texts(item, here)
            elif isinstance(item, str) and item.strip():
                yield here, item


def _is_literal(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return True
    if origin in (typing.Union, types.UnionType, list):
        return any(_is_literal(a) for a in typing.get_args(annotation))
    return False


@dataclass(frozen=True)
class Untranslated:
    """A text shown in English in a language's edition: its translation is 'missing' or 'stale'."""

    state: str
    path: str  #: the translation's file when there is one, else the English one
    line: int
    field: str

    def error(self, lang: str) -> DataError:
        what = (
            "the English text changed since it was translated; update the translation and its fingerprint"
            if self.state == "stale"
            else f"no translation into '{lang}' yet"
        )
        return DataError(self.path, self.line, 1, self.field, f"{self.state}: {what}")


@dataclass
class Translated:
    """The records in one language, and what is still shown in English."""

    loaded: Loaded
    errors: list[DataError] = field(default_factory=list)
    untranslated: list[Untranslated] = field(default_factory=list)


def translate(loaded: Loaded, data_dir: Path, root: Path, lang: str, note: dict[str, str]) -> Translated:
    """The records with their texts in lang; a text whose translation is stale or missing stays
    English, after note[state] (the reader's note, in lang)."""
    folder = data_dir / FOLDER / lang
    out = Translated(Loaded(loaded.records, loaded.origins, loaded.errors, loaded.broken, loaded.incomplete))
    files = {p for p in folder.rglob("*.yml")} if folder.is_dir() else set()
    records: dict[str, dict[str, Any]] = {}
    for kind, by_id in loaded.records.items():
        records[kind] = dict(by_id)
        model = BY_KIND[kind]
        for rid, record in by_id.items():
            if record.draft:
                continue
            file = folder / model.folder / f"{rid}.yml"
            entries = _read(file, root, out.errors) if file in files else {}
            files.discard(file)
            gender = entries.pop(GENDER, None)
            path = file.relative_to(root).as_posix()
            records[kind][rid] = _one(record, entries, path, loaded, (kind, rid), out, note)
            if gender is not None and model is not Case:
                out.errors.append(DataError(path, gender.line, 1, GENDER, "only a case's translation gives the "
                                            "grammatical gender that words said of its person agree with"))
            elif gender is not None:
                records[kind][rid]._gender = gender.text
    for file in sorted(files):
        if file.relative_to(folder).parts[0] != PAGES:
            out.errors.append(DataError(file.relative_to(root).as_posix(), 1, 1, "",
                                        "translates no record: no English record has this folder and id"))
    out.loaded.records = records
    return out


@dataclass(frozen=True)
class _Entry:
    en: str
    text: str
    line: int


def _read(file: Path, root: Path, errors: list[DataError]) -> dict[str, _Entry]:
    path = file.relative_to(root).as_posix()
    lang = file.relative_to(root).parts[2]
    try:
        parsed = parse(read_text(file, path, 1 << 22), path)
    except DataErrors as exc:
        errors.extend(exc.errors)
        return {}
    if not isinstance(parsed.value, dict):
        errors.append(DataError(path, 1, 1, "", "a translation file is a mapping: field path -> {en: ..., "
                                f"{lang}: ...}}"))
        return {}
    entries = {}
    for key, value in parsed.value.items():
        line = parsed.where((key,), key=True)[0]
        if key == GENDER:
            if value in GENDERS:
                entries[GENDER] = _Entry("", value, line)
            else:
                errors.append(DataError(path, line, 1, GENDER, f"{value!r}: the grammatical gender that words said "
                                        f"of the person agree with is {' or '.join(GENDERS)}"))
            continue
        if not isinstance(value, dict) or set(value) != {"en", lang}:
            errors.append(DataError(path, line, 1, str(key), f"give exactly 'en' (the fingerprint of the English "
                                    f"text) and '{lang}' (the translation)"))
            continue
        en, text = value["en"], value[lang]
        if not isinstance(en, str) or not FINGERPRINT.fullmatch(en):
            errors.append(DataError(path, _line(parsed, (key, "en")), 1, f"{key}.en",
                                    f"{en!r} is not a fingerprint: 12 hex digits (0-9, a-f) of SHA-256"))
            continue
        if not isinstance(text, str) or not text.strip():
            errors.append(DataError(path, _line(parsed, (key, lang)), 1, f"{key}.{lang}", "expected the translated text"))
            continue
        entries[str(key)] = _Entry(en, text, line)
    return entries


def _line(parsed: Parsed, loc: Path_) -> int:
    return parsed.where(loc)[0]


def _one(record: Any, entries: dict[str, _Entry], path: str, loaded: Loaded, key: tuple[str, str],
         out: Translated, note: dict[str, str]) -> Any:
    """One record in the language (a copy; the English record is left as it is)."""
    found = dict(texts(record))
    by_key = {dotted(loc): loc for loc in found}
    only = _ONLY.get(type(record))
    for name in sorted(set(entries) - set(by_key)):
        if only is not None and name.split(".")[0].split("[")[0] not in only:
            out.errors.append(DataError(path, entries[name].line, 1, name, f"a {record.kind}'s '{name}' is never "
                                        f"translated (it stays as published); translate only {', '.join(sorted(only))}"
                                        ", and a title the site supplied in [square brackets]"))
            continue
        near = closest(name, by_key)
        hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
        out.errors.append(DataError(path, entries[name].line, 1, name,
                                    f"the English record has no text at this path{hint}"))
    copy = record.model_copy(deep=True)
    for loc, english in found.items():
        name = dotted(loc)
        entry = entries.get(name)
        if entry is not None and entry.en == fingerprint(english):
            problem = _check_text(entry.text, english) or _check_brackets(record, loc, entry.text)
            if problem:
                out.errors.append(DataError(path, entry.line, 1, name, problem))
                continue
            _set(copy, loc, entry.text)
            continue
        if entry is not None:
            out.untranslated.append(Untranslated("stale", path, entry.line, name))
        else:
            line = loaded.origins[key].parsed.where(loc)[0] if key in loaded.origins else 1
            out.untranslated.append(Untranslated("missing", loaded.origins[key].path, line, name))
        _set(copy, loc, f"{note['stale' if entry else 'missing']} {english}")
    return copy


def _check_text(text: str, english: str) -> str | None:
    try:
        no_links(text)
    except ValueError as exc:  # PydanticCustomError is a ValueError
        return str(exc)
    ours = {(r.kind, r.id) for r, _raw, _o in find_refs(text) if r is not None}
    theirs = {(r.kind, r.id) for r, _raw, _o in find_refs(english) if r is not None}
    if ours - theirs:
        extra = ", ".join(f"[[{k}:{i}]]" for k, i in sorted(ours - theirs))
        return f"links {extra}, which the English text does not; keep the English text's links"
    return None


def _check_brackets(record: Any, loc: Path_, text: str) -> str | None:
    if len(loc) == 1 and supplied(record, str(loc[0])) and not (text.startswith("[") and text.endswith("]")):
        return "keep the square brackets: they tell the reader that the site supplied this title"
    return None


def _set(obj: Any, loc: Path_, value: str) -> None:
    for part in loc[:-1]:
        obj = obj[part] if isinstance(part, int) else getattr(obj, part)
    last = loc[-1]
    if isinstance(last, int):
        obj[last] = value
    else:
        setattr(obj, last, value)


# --------------------------------------------------------------------------- handwritten pages

_FRONT = re.compile(r"\A---\s*\n(.*?\n)---\s*\n", re.DOTALL)


@dataclass
class Pages:
    """The handwritten pages in one language: {path under docs/: Markdown}."""

    text: dict[str, str] = field(default_factory=dict)
    #: the file each page's text comes from, for messages
    files: dict[str, str] = field(default_factory=dict)
    errors: list[DataError] = field(default_factory=list)
    untranslated: list[Untranslated] = field(default_factory=list)


def pages(english: dict[str, str], data_dir: Path, root: Path, lang: str, note: dict[str, str]) -> Pages:
    """Each page in lang: its translation when current, else the English page with a note
    after its heading (note[state]: an admonition, in lang). english: {path under docs/: text}."""
    folder = data_dir / FOLDER / lang / PAGES
    out = Pages()
    found = {f.relative_to(folder).as_posix(): f for f in folder.rglob("*.md")} if folder.is_dir() else {}
    for name in sorted(set(found) - set(english)):
        out.errors.append(DataError(found[name].relative_to(root).as_posix(), 1, 1, "",
                                    f"translates no page: docs/{name} does not exist" + _hint(name, english)))
    for name, text in english.items():
        file = found.get(name)
        state, line = "missing", 1
        where = f"docs/{name}"
        if file is not None:
            where = file.relative_to(root).as_posix()
            mine = file.read_text(encoding="utf-8-sig")
            got = _translation_of(mine, where, out.errors)
            if got is None:
                continue
            fp, line = got
            if fp == fingerprint(text):
                out.text[name], out.files[name] = mine, where
                continue
            state = "stale"
        out.untranslated.append(Untranslated(state, where, line, "translation_of" if state == "stale" else ""))
        out.text[name], out.files[name] = with_note(text, note[state]), f"docs/{name}"
    return out


def _hint(name: str, english: dict[str, str]) -> str:
    near = closest(name, english)
    return f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""


def _translation_of(text: str, path: str, errors: list[DataError]) -> tuple[str, int] | None:
    m = _FRONT.match(text)
    if m is None:
        errors.append(DataError(path, 1, 1, "translation_of", "the page needs front matter (between --- lines) "
                                "with translation_of: the fingerprint of the English page"))
        return None
    try:
        parsed = parse(m.group(1), path)
    except DataErrors as exc:
        errors.extend(DataError(e.path, e.line + 1, e.col, e.field, e.message) for e in exc.errors)
        return None
    value = parsed.value.get("translation_of") if isinstance(parsed.value, dict) else None
    line = parsed.where(("translation_of",))[0] + 1 if value is not None else 1
    if not isinstance(value, str) or not FINGERPRINT.fullmatch(value):
        errors.append(DataError(path, line, 1, "translation_of",
                                f"{value!r} is not a fingerprint: 12 hex digits (0-9, a-f) of SHA-256"))
        return None
    return value, line


def with_note(page: str, note: str) -> str:
    """The page with a note (Markdown) after its first heading, or at its top; the English text
    after the note is marked as English, so that a screen reader reads it in an English voice."""
    m = _FRONT.match(page)
    head, body = (page[: m.end()], page[m.end():]) if m else ("", page)
    h1 = re.search(r"^# .*\n", body, re.MULTILINE)
    cut = h1.end() if h1 else 0
    return f'{head}{body[:cut]}\n{note}\n\n<div lang="en" markdown>\n\n{body[cut:]}\n\n</div>\n'
