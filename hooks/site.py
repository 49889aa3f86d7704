"""The MkDocs hook: event functions only, each a few lines; the work is in ``dossier``.

Data are loaded and checked in ``on_pre_build``, before MkDocs empties ``site/``, so that bad
data stop the build and leave the last good site untouched.
"""

from __future__ import annotations

import gc
import logging
import re
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from dossier import background, report
from dossier.build import Settings, check, report_mission
from dossier.errors import DataErrors
from dossier.export import Site
from dossier.graph import preview
from dossier.history import record_dates
from dossier.refs import SNIPPET_RE, has_report, rewrite
from dossier.searchindex import compact
from dossier.render import cite_sources, doc_title, fill_settings, render_pages, render_snippet, reuse

log = logging.getLogger("mkdocs.hooks.dossier")

_state: dict = {}
# records read by earlier builds of `mkdocs serve`, by file; a file is read again when its
# size or modification time changes (a stamp, not a build's state: it is never stale)
_records_cache: dict = {}
_command: dict = {}  # {"serve": True} under `mkdocs serve`


def _settings(config: MkDocsConfig) -> Settings:
    root = Path(config.config_file_path).resolve().parent
    settings = Settings.from_options(root, Path(config.docs_dir).resolve(), config.extra.get("dossier"))
    return replace(settings, cache=_records_cache) if _command.get("serve") else settings


def _record_pages_in_nav(nav: object) -> list[str]:
    """Ids of the records whose pages (cases/<id>.md, missions/<id>.md, ...) the nav names."""
    if isinstance(nav, dict):
        return [rid for value in nav.values() for rid in _record_pages_in_nav(value)]
    if isinstance(nav, list):
        return [rid for value in nav for rid in _record_pages_in_nav(value)]
    match = re.fullmatch(r"(?:cases|people|organisations|missions)/([a-z0-9-]+)\.md", str(nav))
    return [match.group(1)] if match and match.group(1) != "index" else []


def on_startup(command: str, dirty: bool) -> None:
    _command["serve"] = command == "serve"


def on_pre_build(config: MkDocsConfig) -> None:
    _stop_background()  # a build of `mkdocs serve` that stopped half-way leaves nothing behind
    _state.clear()  # serve reuses this module between builds
    gc.unfreeze()  # the last build's records (`mkdocs serve`): collectable again from here on
    gc.disable()  # the records are made to last the whole build: no garbage to look for among them
    try:
        settings = _settings(config)
        graph, docs_mentions = check(settings)
    except DataErrors as exc:
        raise PluginError("\n" + exc.report()) from None
    finally:
        gc.enable()
    # Set the records aside from Python's cycle collector, which would otherwise go over all of
    # them again and again while the pages are rendered (1.4 s of 7 s at 5,000 cases)
    gc.freeze()
    titles = {
        f.relative_to(settings.docs_dir).as_posix(): doc_title(f.read_text(encoding="utf-8-sig"), f.stem)
        for f in settings.docs_dir.rglob("*.md")
    }
    mission = report_mission(settings, graph, titles)  # check() has said it is one of the missions
    shown = graph
    if settings.only:
        try:  # the records whose pages the nav names are kept too, or the nav would break
            # and what the handwritten pages cite or link (the report's sources, the home page's cases)
            cited = sorted({rid for refs in docs_mentions.values() for _kind, rid in refs})
            keep = [*settings.only, *_record_pages_in_nav(config.nav), *([mission] if mission else []), *cited]
            shown = preview(graph, keep)
        except ValueError as exc:
            raise PluginError(f"only (DOSSIER_ONLY): {exc}") from None
        n = sum(len(by_id) for by_id in shown.records.values())
        message = f"Preview: only {n} records are built, those named in DOSSIER_ONLY and those they refer to"
        # a warning stops a strict build, so that a partial site is never published
        (log.info if _command.get("serve") else log.warning)(message)
    shown.changed = record_dates(shown, settings.root)
    # the exports and the feed are written on the other core while this one renders the pages
    _state["jobs"] = {"exports": background.start(_reuse_encoded, shown, _site(config))}
    pages = render_pages(shown, docs_mentions, titles, report_mission=mission)
    more, files = _state["jobs"].pop("exports").result()
    pages.update(more)
    _state.update(graph=graph, shown=shown, files=files, settings={"contact": settings.contact})
    # The generated pages are finished (their references made links) half here and half on the
    # other core, and kept as UTF-8 (half the memory of Python's text for Cyrillic pages).
    names = sorted(pages)
    _state["jobs"]["finish"] = background.start(_finish_encoded, {p: pages[p] for p in names[1::2]})
    finished = _finish_encoded({p: pages[p] for p in names[::2]})
    finished.update(_state["jobs"].pop("finish").result())
    _state["pages"] = finished
    _state["report"] = report.Report() if has_report(titles) else None
    # The records and pages live until the end of the build, and Python's cycle collector would
    # go over all of them again and again while MkDocs builds the pages (8 % of a build of
    # 1,000 cases): set them aside until the next build (see on_post_build).
    gc.freeze()


def _reuse_encoded(shown, site: Site) -> tuple[dict[str, str], dict[str, bytes]]:
    """The pages that go with the exports (Data, corrections), and the export files as UTF-8."""
    pages, files = reuse(shown, site)
    return pages, {path: text.encode("utf-8") for path, text in files.items()}


def _stop_background() -> None:
    for job in _state.get("jobs", {}).values():
        job.cancel()


def _site(config: MkDocsConfig) -> Site:
    return Site(
        url=config.site_url or "",
        name=config.site_name,
        licence=dict(config.extra.get("dossier", {}).get("licence") or {}),
        directory_urls=config.use_directory_urls,
    )


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # generated pages, then the exports and the feed at their stable addresses
    made = []
    for group, kind in (("pages", "page"), ("files", "file")):
        for path, content in sorted(_state[group].items()):
            if files.get_file_from_path(path):
                raise PluginError(f"docs/{path} is a generated {kind}; remove the handwritten file of that name")
            made.append(File.generated(config, path, content=content))
    if _state["report"] is not None:
        # a placeholder, so that pages may link the PDF; on_post_build writes the real file
        made.append(File.generated(config, report.PDF_PATH, content=b""))
    # MkDocs converts the pages in this order: the report's first, so that its PDF can be drawn
    # while the rest of the site is converted
    first = [f for f in made if report.Report.is_chapter(f.src_uri)]
    return Files([*first, *files, *(f for f in made if f not in first)])


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    if _state["report"] is None:
        return nav
    chapters = [p for p in nav.pages if report.Report.is_chapter(p.file.src_uri)]
    top = min((len(p.ancestors) for p in chapters), default=0)
    _state["report"].order = [(p.file.src_uri, len(p.ancestors) - top) for p in chapters]
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri in _state["pages"]:
        return markdown  # a generated page: finished before the build began, on both cores
    return _finish(markdown, page.file.src_uri)


def _finish(markdown: str, src_uri: str) -> str:
    """A page's snippets, settings, citations and references, filled in and made links."""
    graph, shown = _state["graph"], _state["shown"]

    def target(kind: str, rid: str) -> tuple[str | None, str | None, str]:
        if rid not in shown.records.get(kind, {}):
            return None, None, graph.title(kind, rid)  # left out of a preview
        dest, anchor = shown.page(kind, rid)
        return dest, anchor, graph.title(kind, rid)

    snippets = _state.setdefault("snippets", {})

    def snippet(m: re.Match[str]) -> str:
        if m.group(1) not in snippets:
            snippets[m.group(1)] = render_snippet(m.group(1), shown)
        return snippets[m.group(1)]

    markdown = SNIPPET_RE.sub(snippet, markdown)
    markdown = fill_settings(markdown, _state["settings"])
    markdown = cite_sources(markdown, shown)
    return rewrite(markdown, src_uri, target)


def _finish_encoded(pages: dict[str, str]) -> dict[str, bytes]:
    return {path: _finish(text, path).encode("utf-8") for path, text in pages.items()}


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _state["report"] is not None:
        _state["report"].add(page.file.src_uri, page.url, page.title or "", html)
        # the report's pages are converted first (see on_files): from the last of them on, the
        # PDF is drawn on the other core while MkDocs converts the rest of the site
        if not _state.get("pdf_started") and (job := _start_pdf(config)):
            _state["pdf_started"] = True
            _state["jobs"]["pdf"] = job
    return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if _state["report"] is None or page.file.src_uri != report.PRINT_PAGE:
        return output
    whole = report.body(_state["report"].chapters(), here=page.url, site_url=config.site_url, absolute=False)
    return output.replace(report.MARKER, whole, 1)


def _pdf_wanted(config: MkDocsConfig) -> bool:
    return str(config.extra.get("dossier", {}).get("pdf", True)).lower() not in ("0", "false", "no")


def _start_pdf(config: MkDocsConfig) -> background.Job | None:
    """Start drawing the PDF once every chapter of the nav has been converted (None: not yet)."""
    if not _pdf_wanted(config):
        return None  # on_post_build says so
    chapters = _state["report"].chapters()
    if not chapters or len(chapters) != len(_state["report"].order):
        return None  # not yet (or on_post_build draws it then)
    # the site is not written yet: the PDF's stylesheet and any image are read from docs/,
    # from which MkDocs copies them into the site
    docs = Path(config.docs_dir).resolve()
    document = report.document(chapters, title=f"{config.site_name}: the report (web edition)", site_url=config.site_url, root=docs)
    return background.start(_draw_pdf, document, docs)


def _draw_pdf(document: str, docs: Path) -> tuple[float, bytes]:
    """(seconds taken, the PDF): drawn in a scratch folder, written into the site at the end."""
    started = time.perf_counter()
    from dossier import pdf  # WeasyPrint is loaded by the process that draws, never by the build

    with tempfile.TemporaryDirectory(prefix="dossier-pdf-") as scratch:
        target = Path(scratch) / Path(report.PDF_PATH).name
        pdf.write_pdf(document, target, root=docs, stylesheet=docs / "stylesheets" / "report.css")
        return time.perf_counter() - started, target.read_bytes()


@event_priority(-50)  # after the search plugin has written its index
def on_post_build(config: MkDocsConfig) -> None:
    # The records stay set aside (gc.freeze) until the next build starts or the process ends:
    # unfrozen here, the next collection would go over the whole heap of the build once more
    # (2 s at 5,000 cases) only to find them still in use.
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        index.write_text(compact(index.read_text(encoding="utf-8")), encoding="utf-8")
    if _state["report"] is None:
        return
    chapters = _state["report"].chapters()
    if not chapters:
        raise PluginError(f"docs/{report.FOLDER} has pages but none of them is in the nav; list the report's chapters in mkdocs.yml")
    if not _pdf_wanted(config):
        log.info(f"The report: {report.PDF_PATH} left empty (extra.dossier.pdf is off; make serve PDF=1 builds it)")
        return
    job = _state["jobs"].pop("pdf", None) or _start_pdf(config)  # if no page template was rendered
    if job is None:
        raise PluginError(f"The report: a chapter of the nav was not converted, so {report.PDF_PATH} cannot be made")
    waited = time.perf_counter()
    try:
        seconds, data = job.result()
    except report.ReportError as exc:
        raise PluginError(str(exc)) from None
    (Path(config.site_dir) / report.PDF_PATH).write_bytes(data)
    log.info(
        f"The report: {len(chapters)} chapters written to {report.PDF_PATH} in {seconds:.1f} s, "
        f"alongside the build (which then waited {time.perf_counter() - waited:.1f} s for it)"
    )


def on_build_error(error: Exception) -> None:
    _stop_background()


def on_shutdown() -> None:
    _stop_background()
