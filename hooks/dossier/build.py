"""The core as one pure function: data and handwritten pages in, Markdown pages out.

Nothing here imports MkDocs, so the data check (``python -m dossier check``), the tests
and the hook all run exactly the same code and print exactly the same messages.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import i18n, translations
from .checks import build_graph, check_photos, resolve
from .errors import DataError, DataErrors, closest
from .graph import Graph, generated_paths, published_records
from .load import load_all
from .refs import SNIPPETS, has_report, read_pages, scan_docs
from .safety import check_files, check_page
from .sourcing import weak_only, weak_only_pages
from .status import DEFAULT_STATUS_AGE_YEARS
from .translations import FOLDER, Pages, Untranslated, notes, translate
from .yamlread import DEFAULT_MAX_BYTES

#: Whom readers tell about an inaccuracy, unless mkdocs.yml sets extra.dossier.contact: the Open
#: Dialogue Foundation's Brussels office, as its press release of 15 May 2018 gives it.
DEFAULT_CONTACT: dict = {
    "name": "Open Dialog Foundation",
    "address": ["Residence Palace", "155 Rue de la Loi", "1040 Brussels, Belgium"],
    "phone": "+32(0)2 280 11 15",
    "email": None,
}


def contact_setting(value: object) -> dict:
    """The contact setting, checked: name, address (lines), phone and email, each text or left out."""
    if value is None:
        return dict(DEFAULT_CONTACT)
    where = "mkdocs.yml: extra.dossier.contact"
    if not isinstance(value, dict) or set(value) - set(DEFAULT_CONTACT):
        raise ValueError(f"{where}: give some of {', '.join(DEFAULT_CONTACT)}")
    out = {**{k: None for k in DEFAULT_CONTACT}, **value}
    out["address"] = [out["address"]] if isinstance(out["address"], str) else (out["address"] or [])
    for key in ("name", "phone", "email"):
        if out[key] is not None and not isinstance(out[key], str):
            raise ValueError(f"{where}.{key}: expected text, got {out[key]!r}")
    if not out["name"]:
        raise ValueError(f"{where}.name: the contact needs a name")
    if not all(isinstance(line, str) for line in out["address"]):
        raise ValueError(f"{where}.address: expected lines of text")
    if out["email"] and not re.fullmatch(r"[^@\s<>()\[\]]+@[^@\s<>()\[\]]+\.[a-z]{2,}", out["email"], re.IGNORECASE):
        raise ValueError(f"{where}.email: '{out['email']}' is not an email address")
    return out


@dataclass(frozen=True)
class Settings:
    root: Path
    data_dir: Path
    docs_dir: Path
    drafts: bool = False
    max_file_bytes: int = DEFAULT_MAX_BYTES
    extra: dict = field(default_factory=dict, hash=False, compare=False)
    contact: dict = field(default_factory=lambda: dict(DEFAULT_CONTACT), hash=False, compare=False)
    #: ids of the records to build pages for (a preview); empty: every record
    only: tuple[str, ...] = ()
    #: records read by earlier builds (see load.load_all); None: read every file
    cache: dict | None = field(default=None, hash=False, compare=False, repr=False)
    #: the mission whose report docs/report/ holds (extra.dossier.report_mission); None: the only mission
    report_mission: str | None = None
    #: a newest status older than this reads "last known" and is never counted as current
    status_age_years: int = DEFAULT_STATUS_AGE_YEARS
    #: the language the pages are written in (extra.dossier.language); translations from data/i18n/<language>/
    language: str = i18n.DEFAULT
    #: refuse a stale or missing translation (extra.dossier.translations_strict): for publishing
    translations_strict: bool = False
    #: the site's stylesheets under docs/, in order (extra.dossier.stylesheets): the build serves
    #: them as one file, pipeline.STYLESHEET, so that a page waits for one request, not one per file
    stylesheets: tuple[str, ...] = ()

    @classmethod
    def for_root(cls, root: Path, **kw) -> Settings:
        return cls(root=root, data_dir=root / "data", docs_dir=root / "docs", **kw)

    @classmethod
    def from_options(cls, root: Path, docs_dir: Path, options: Any, where: str = "mkdocs.yml") -> Settings:
        """Settings from the ``extra.dossier`` options of mkdocs.yml; the hook and the check share this."""
        options = options or {}
        if not isinstance(options, dict):
            raise DataErrors([DataError(where, 1, 1, "extra.dossier", "expected a mapping of options")])
        drafts = options.get("drafts", False)
        if isinstance(drafts, str) or drafts is None:
            drafts = str(drafts).strip().lower() in ("1", "true", "yes", "on")
        max_bytes = options.get("max_file_bytes", DEFAULT_MAX_BYTES)
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
            raise _option_error(where, "extra.dossier.max_file_bytes", f"expected a whole number of bytes, got {max_bytes!r}")
        try:
            contact = contact_setting(options.get("contact"))
        except ValueError as exc:
            raise DataErrors([DataError(where, 1, 1, "extra.dossier.contact", str(exc).split(": ", 1)[-1])]) from None
        only = options.get("only") or ()
        if isinstance(only, str):
            only = only.split(",")
        report_mission = options.get("report_mission")
        if report_mission is not None and not isinstance(report_mission, str):
            raise _option_error(where, "extra.dossier.report_mission", f"expected the id of a mission, got {report_mission!r}")
        age = options.get("status_age_years", DEFAULT_STATUS_AGE_YEARS)
        if isinstance(age, bool) or not isinstance(age, int) or age < 0:
            raise _option_error(where, "extra.dossier.status_age_years", f"expected a whole number of years, got {age!r}")
        language = options.get("language") or i18n.DEFAULT
        try:
            i18n.catalogue(str(language))
        except i18n.CatalogueError as exc:
            raise _option_error(where, "extra.dossier.language", str(exc)) from None
        strict = options.get("translations_strict", False)
        if isinstance(strict, str) or strict is None:
            strict = str(strict).strip().lower() in ("1", "true", "yes", "on")
        styles = options.get("stylesheets") or []
        if not isinstance(styles, list) or not all(isinstance(n, str) and n.strip() for n in styles):
            raise _option_error(where, "extra.dossier.stylesheets", f"expected a list of files under docs/, got {styles!r}")
        for i, name in enumerate(styles):
            if not (docs_dir / name).is_file():
                raise _option_error(where, f"extra.dossier.stylesheets[{i}]", f"no such file: {docs_dir.name}/{name}")
        rest = {
            k: v
            for k, v in options.items()
            if k not in ("drafts", "max_file_bytes", "contact", "only", "report_mission", "status_age_years",
                         "language", "translations_strict", "stylesheets")
        }
        return cls(
            root=root, data_dir=root / "data", docs_dir=docs_dir, drafts=bool(drafts), max_file_bytes=max_bytes,
            extra=rest, contact=contact, only=tuple(str(i).strip() for i in only if str(i).strip()),
            report_mission=report_mission or None, status_age_years=age, language=str(language),
            translations_strict=bool(strict), stylesheets=tuple(styles),
        )

    @classmethod
    def from_config_file(cls, config_file: Path) -> Settings:
        """Settings read from a mkdocs.yml the way MkDocs reads them (``!ENV`` tags included), so that
        ``python -m dossier check`` applies the same options as the build."""
        root = config_file.parent
        config = _read_config(config_file)
        extra = config.get("extra") or {}
        docs_dir = root / str(config.get("docs_dir") or "docs")
        return cls.from_options(root, docs_dir.resolve(), extra.get("dossier"), config_file.name)


def _option_error(where: str, key: str, message: str) -> DataErrors:
    """A bad option of mkdocs.yml's extra.dossier, named for the editor."""
    return DataErrors([DataError(where, 1, 1, key, message)])


def _read_config(config_file: Path, seen: tuple[Path, ...] = ()) -> dict:
    """A mkdocs.yml as MkDocs reads it: a file that names another with INHERIT is merged over it."""
    if not config_file.is_file():
        return {}
    config = yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_ConfigLoader) or {}
    parent = config.pop("INHERIT", None) if isinstance(config, dict) else None
    if not isinstance(config, dict):
        return {}
    if parent:
        path = (config_file.parent / str(parent)).resolve()
        if path in seen:
            raise DataErrors([DataError(config_file.name, 1, 1, "INHERIT", f"{parent} inherits from this file again")])
        return _merge(_read_config(path, (*seen, config_file.resolve())), config)
    return config


def _merge(base: dict, over: dict) -> dict:
    """Mappings merged key by key, as MkDocs merges an inherited configuration; other values replace."""
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: !ENV as MkDocs resolves it; other tags (!!python/name:...) are not needed here."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = [node] if isinstance(node, yaml.ScalarNode) else list(node.value)
    default = loader.construct_object(names.pop()) if len(names) > 1 else None
    for name in names:
        var = loader.construct_scalar(name)
        if var in os.environ:
            value = os.environ[var]
            return loader.construct_object(
                yaml.ScalarNode(loader.resolve(yaml.ScalarNode, value, (True, False)), value)
            )
    return default


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def check(
    settings: Settings, untranslated: list[tuple[str, Untranslated]] | None = None
) -> tuple[Graph, dict[str, set[tuple[str, str]]]]:
    """Load and validate every record and every reference; raise DataErrors with all errors.

    A file that does not load does not hide the errors of the others: the records that load
    are linked and the pages checked, so that one run reports everything there is to fix.
    In another language than English, the records and pages are those of that language
    (translations.py). untranslated: filled with (language, text shown in English) -- of the
    build's language, or, in English, of every language in data/i18n/ (`make check` lists them).
    """
    loaded = load_all(settings.data_dir, settings.root, settings.max_file_bytes, settings.cache)
    errors: list[DataError] = []  # build_graph reports the files that did not load, with the rest
    #: the other languages' translation errors (`make check` in English): reported only once the
    #: English records and pages have none, as a broken English record breaks its translations too
    theirs: list[DataError] = []
    shown_in_english: list[tuple[str, Untranslated]] = []
    langs = [settings.language] if settings.language != i18n.DEFAULT else (
        other_languages(settings.data_dir) if untranslated is not None else [])
    for lang in langs:
        done = translate(loaded, settings.data_dir, settings.root, lang, notes(lang, page=False))
        (errors if lang == settings.language else theirs).extend(done.errors)
        shown_in_english += [(lang, u) for u in done.untranslated]
        if lang == settings.language:
            loaded = done.loaded
    graph = None
    try:
        graph = build_graph(loaded, drafts=settings.drafts)
    except DataErrors as exc:
        errors.extend(exc.errors)
    # the pages are checked against what would be published, even when some records have errors
    published = graph.records if graph is not None else published_records(loaded, drafts=settings.drafts)
    errors.extend(weak_only(loaded, drafts=settings.drafts))  # a weak source never stands alone
    errors.extend(check_files(settings.docs_dir, settings.data_dir, settings.root))
    errors.extend(check_photos(loaded, settings.root))
    docs_mentions: dict[str, set[tuple[str, str]]] = {}
    pages: dict[str, tuple[str, str]] = {}
    if settings.docs_dir.is_dir():
        pages, page_errors = read_pages(settings.docs_dir, settings.root)
        errors.extend(page_errors)
        for lang in langs:
            done_pages = translated_pages(settings, pages, lang)
            (errors if lang == settings.language else theirs).extend(done_pages.errors)
            shown_in_english += [(lang, u) for u in done_pages.untranslated]
            if lang == settings.language:
                pages = {name: (done_pages.files[name], text) for name, text in done_pages.text.items()}
        for path, text in pages.values():
            errors.extend(check_page(text, path))
        doc_errors, docs_mentions = scan_docs(pages, lambda kind, rid: resolve(kind, rid, loaded, published), SNIPPETS)
        errors.extend(doc_errors)
        errors.extend(weak_only_pages(pages, loaded.records.get("source", {})))
    if graph is not None:
        try:
            check_generated(settings, generated_paths(graph))
            report_mission(settings, graph, pages)
        except DataErrors as exc:
            errors.extend(exc.errors)
    if settings.translations_strict:
        errors.extend(u.error(lang) for lang, u in shown_in_english)
    if untranslated is not None:
        untranslated.extend(shown_in_english)
    if not errors and graph is not None:
        errors.extend(theirs)
    if errors or graph is None:
        raise DataErrors(errors)
    return graph, docs_mentions


def other_languages(data_dir: Path) -> list[str]:
    """The languages data/i18n/ holds translations into."""
    folder = data_dir / FOLDER
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def translated_pages(settings: Settings, pages: dict[str, tuple[str, str]], lang: str) -> Pages:
    """The handwritten pages in lang (pages: {path under docs/: (path for messages, English text)})."""
    english = {name: text for name, (_path, text) in pages.items()}
    return translations.pages(english, settings.data_dir, settings.root, lang, notes(lang, page=True))


def report_mission(settings: Settings, graph: Graph, doc_paths: Iterable[str]) -> str | None:
    """The id of the mission whose report the site publishes (None: the site has no report).

    The report's generated chapters (recommendations, follow-up) cover that mission's
    recommendations and the cases it took up, never the whole record: a site that carries many
    missions still publishes one report per mission. Left unset, a site with one mission uses it.
    """
    if not has_report(doc_paths):
        return None
    missions = [m.id for m in graph.missions]
    if settings.report_mission is None and len(missions) == 1:
        return missions[0]
    if settings.report_mission in missions:
        return settings.report_mission
    if settings.report_mission is None:
        found = ", ".join(missions) if missions else "none"
        problem = f"docs/report/ holds a report, but which mission's? set report_mission to one of: {found}"
    else:
        near = closest(settings.report_mission, missions)
        hint = (
            f"; did you mean {' or '.join(repr(n) for n in near)}?"
            if near
            else f"; the missions are: {', '.join(missions) or 'none'}"
        )
        problem = f"no published mission has the id '{settings.report_mission}'{hint}"
    line = _line_of(settings.root / "mkdocs.yml", "report_mission")
    raise DataErrors([DataError("mkdocs.yml", line, 1, "extra.dossier.report_mission", problem)])


def _line_of(config_file: Path, key: str) -> int:
    """The line of mkdocs.yml that sets key, for messages (1 when it is not found there)."""
    try:
        lines = config_file.read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return 1
    return next((i for i, text in enumerate(lines, 1) if re.match(rf"\s*{key}\s*:", text)), 1)


def check_generated(settings: Settings, pages: Iterable[str]) -> None:
    """A handwritten page may not take the path of a generated one; say so before site/ is touched."""
    clashes = [
        DataError((settings.docs_dir / path).relative_to(settings.root).as_posix(), 1, 1, "",
                  "this path belongs to a generated page; rename or remove the handwritten file")
        for path in sorted(pages)
        if (settings.docs_dir / path).exists()
    ]
    if clashes:
        raise DataErrors(clashes)
