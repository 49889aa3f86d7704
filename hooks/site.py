"""The MkDocs hook: event functions only, each a few lines; the work is in ``dossier``.

Data are loaded and checked in ``on_pre_build``, before MkDocs empties ``site/``, so that bad
data stop the build and leave the last good site untouched.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from dossier.build import Settings, check, check_generated
from dossier.errors import DataErrors
from dossier.refs import rewrite
from dossier.render import doc_title, render_pages

log = logging.getLogger("mkdocs.hooks.dossier")

_state: dict = {}


def _settings(config: MkDocsConfig) -> Settings:
    root = Path(config.config_file_path).resolve().parent
    return Settings.from_options(root, Path(config.docs_dir).resolve(), config.extra.get("dossier"))


def on_pre_build(config: MkDocsConfig) -> None:
    _state.clear()  # serve reuses this module between builds
    try:
        settings = _settings(config)
        graph, docs_mentions = check(settings)
        titles = {
            f.relative_to(settings.docs_dir).as_posix(): doc_title(f.read_text(encoding="utf-8-sig"), f.stem)
            for f in settings.docs_dir.rglob("*.md")
        }
        pages = render_pages(graph, docs_mentions, titles)
        check_generated(settings, pages)
    except DataErrors as exc:
        raise PluginError("\n" + exc.report()) from None
    _state["graph"] = graph
    _state["pages"] = pages


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, markdown in sorted(_state["pages"].items()):
        if files.get_file_from_path(path):
            raise PluginError(f"docs/{path} is a generated page; remove the handwritten file of that name")
        files.append(File.generated(config, path, content=markdown))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    graph = _state["graph"]

    def target(kind: str, rid: str) -> tuple[str, str | None, str]:
        dest, anchor = graph.page(kind, rid)
        return dest, anchor, graph.title(kind, rid)

    return rewrite(markdown, page.file.src_uri, target)
