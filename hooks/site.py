"""The MkDocs hook: event functions only, each a few lines; the work is in ``dossier.pipeline``.

Data are loaded and checked in ``on_pre_build``, before MkDocs empties ``site/``, so that bad
data stop the build and leave the last good site untouched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from pathspec.gitignore import GitIgnoreSpec

from dossier import i18n, pipeline, render, report
from dossier.build import Settings
from dossier.errors import DataErrors
from dossier.export import Site
from dossier.pages import not_in_nav
from dossier.render import NoteGroups

log = logging.getLogger("mkdocs.hooks.dossier")


@dataclass
class State:
    """What the events of one build share (`mkdocs serve` reuses this module between builds)."""

    serve: bool = False
    #: records read by earlier builds of `mkdocs serve`, by file; a file is read again when its
    #: size or modification time changes (a stamp, not a build's state: it is never stale)
    records_cache: dict[str, Any] = field(default_factory=dict)
    built: pipeline.Built | None = None
    pdf: pipeline.Job | None = None  #: the report's PDF, drawn on the other core

    def stop(self) -> None:
        if self.pdf is not None:
            self.pdf.cancel()
        self.built, self.pdf = None, None


state = State()


def on_startup(command: str, dirty: bool) -> None:
    state.serve = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    ours = GitIgnoreSpec.from_lines(not_in_nav())  # the records' own pages (dossier/pages.py)
    config.not_in_nav = ours if config.not_in_nav is None else config.not_in_nav + ours
    config.site_url = i18n.edition_url(config.site_url, dict(config.extra))  # another language's: its own folder
    config.markdown_extensions.append(NoteGroups())  # type: ignore[arg-type] # one marker for notes side by side
    for extension, options in i18n.markdown_words(dict(config.extra)).items():  # their titles in the edition's language
        config.mdx_configs.setdefault(extension, {}).update(options)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    state.stop()  # a build of `mkdocs serve` that stopped half-way leaves nothing behind
    root = Path(config.config_file_path).resolve().parent
    licence = dict((config.extra.get("dossier") or {}).get("licence") or {})
    site = Site(config.site_url or "", config.site_name, licence, config.use_directory_urls)
    try:
        settings = Settings.from_options(root, Path(config.docs_dir).resolve(), config.extra.get("dossier"))
        state.built = pipeline.build_site(settings, site, config.nav, state.records_cache if state.serve else None)
    except DataErrors as exc:
        raise PluginError("\n" + exc.report()) from None
    except pipeline.BuildStopped as exc:
        raise PluginError(str(exc)) from None
    if state.built.untranslated:
        log.info(f"{len(state.built.untranslated)} texts shown in English, their translation stale or missing "
                 "(make check lists them)")
    if state.built.preview:  # a warning stops a strict build, so that a partial site is never published
        (log.info if state.serve else log.warning)(state.built.preview)


def _built() -> pipeline.Built:
    assert state.built is not None, "on_pre_build has run"
    return state.built


def on_files(files: Files, config: MkDocsConfig) -> Files:
    built = _built()
    made = []  # generated pages, then the exports and the feed at their stable addresses
    for path, text in built.translated.items():  # another language's edition: its pages take docs/' place
        if (english := files.get_file_from_path(path)) is not None:
            files.remove(english)
        made.append(File.generated(config, path, content=text))
    for group, kind in ((built.pages, "page"), (built.files, "file")):
        for path, content in sorted(group.items()):
            if files.get_file_from_path(path):
                raise PluginError(f"docs/{path} is a generated {kind}; remove the handwritten file of that name")
            made.append(File.generated(config, path, content=content))
    if built.report is not None:  # a placeholder, so that pages may link the PDF; on_post_build writes it
        made.append(File.generated(config, report.PDF_PATH, content=b""))
    # MkDocs converts the pages in this order: the report's first, so that its PDF can be drawn
    # while the rest of the site is converted
    first = [f for f in made if report.Report.is_chapter(f.src_uri)]
    return Files([*first, *files, *(f for f in made if f not in first)])


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    if (the_report := _built().report) is not None:
        the_report.follow_nav(nav.pages)
    return nav


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    return i18n.theme(env)  # the interface strings in the build's language, for overrides/


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _built().finish(markdown, page.file.src_uri)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html = render.separate_note_markers(html)
    if (the_report := _built().report) is not None:
        the_report.add(page.file.src_uri, page.url, page.title or "", html)
        if state.pdf is None and pipeline.pdf_wanted(config.extra.get("dossier") or {}):  # from the last chapter on
            state.pdf = pipeline.start_pdf(the_report, **_pdf_options(config))
    return html


def _pdf_options(config: MkDocsConfig) -> dict[str, Any]:
    return {"site_name": config.site_name, "site_url": config.site_url, "docs": Path(config.docs_dir).resolve()}


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if (the_report := _built().report) is None or page.file.src_uri != report.PRINT_PAGE:
        return output
    whole = report.body(the_report.chapters(), here=page.url, site_url=config.site_url, absolute=False)
    return output.replace(report.MARKER, whole, 1)


@event_priority(-50)  # after the search plugin has written its index
def on_post_build(config: MkDocsConfig) -> None:
    pipeline.finish_site(Path(config.site_dir))
    if (the_report := _built().report) is None:
        return
    job, state.pdf = state.pdf, None
    try:
        log.info(pipeline.finish_report(the_report, job, config.extra.get("dossier") or {}, Path(config.site_dir),
                                        **_pdf_options(config)))
    except pipeline.BuildStopped as exc:
        raise PluginError(str(exc)) from None


def on_build_error(error: Exception) -> None:
    state.stop()


def on_shutdown() -> None:
    state.stop()
