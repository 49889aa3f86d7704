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

from dossier.build import Settings, check, reuse
from dossier.errors import DataErrors
from dossier.export import Site
from dossier.history import record_dates
from dossier.refs import rewrite
from dossier.render import doc_title, render_pages

log = logging.getLogger("mkdocs.hooks.dossier")

_state: dict = {}


def _settings(config: MkDocsConfig) -> Settings:
    root = Path(config.config_file_path).resolve().parent
    options = config.extra.get("dossier", {})
    drafts = str(options.get("drafts", False)).lower() in ("1", "true", "yes")
    return Settings(
        root=root,
        data_dir=root / "data",
        docs_dir=Path(config.docs_dir).resolve(),
        drafts=drafts,
        max_file_bytes=int(options.get("max_file_bytes", 262144)),
    )


def on_pre_build(config: MkDocsConfig) -> None:
    _state.clear()  # serve reuses this module between builds
    settings = _settings(config)
    try:
        graph, docs_mentions = check(settings)
    except DataErrors as exc:
        raise PluginError("\n" + exc.report()) from None
    titles = {
        f.relative_to(settings.docs_dir).as_posix(): doc_title(f.read_text(encoding="utf-8-sig"), f.stem)
        for f in settings.docs_dir.rglob("*.md")
    }
    graph.changed = record_dates(graph, settings.root)
    _state["graph"] = graph
    _state["pages"] = render_pages(graph, docs_mentions, titles)
    pages, _state["files"] = reuse(graph, _site(config))
    _state["pages"].update(pages)


def _site(config: MkDocsConfig) -> Site:
    return Site(
        url=config.site_url or "",
        name=config.site_name,
        licence=dict(config.extra.get("dossier", {}).get("licence") or {}),
        directory_urls=config.use_directory_urls,
    )


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # generated pages, then the exports and the feed at their stable addresses
    for path, content in sorted(_state["pages"].items()) + sorted(_state["files"].items()):
        if files.get_file_from_path(path):
            raise PluginError(f"docs/{path} is generated; remove the handwritten file of that name")
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    graph = _state["graph"]

    def target(kind: str, rid: str) -> tuple[str, str | None, str]:
        dest, anchor = graph.page(kind, rid)
        return dest, anchor, graph.title(kind, rid)

    return rewrite(markdown, page.file.src_uri, target)
