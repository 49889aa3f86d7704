"""The MkDocs hook: event functions only, each a few lines; the work is in ``dossier``.

Data are loaded and checked in ``on_pre_build``, before MkDocs empties ``site/``, so that bad
data stop the build and leave the last good site untouched.
"""

from __future__ import annotations

import gc
import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from dossier.build import Settings, check
from dossier.errors import DataErrors
from dossier.graph import preview
from dossier.refs import rewrite
from dossier.searchindex import compact
from dossier.render import doc_title, render_pages

log = logging.getLogger("mkdocs.hooks.dossier")

_state: dict = {}
# records read by earlier builds of `mkdocs serve`, by file; a file is read again when its
# size or modification time changes (a stamp, not a build's state: it is never stale)
_records_cache: dict = {}
_command: dict = {}  # {"serve": True} under `mkdocs serve`


def _settings(config: MkDocsConfig) -> Settings:
    root = Path(config.config_file_path).resolve().parent
    options = config.extra.get("dossier", {})
    drafts = str(options.get("drafts", False)).lower() in ("1", "true", "yes")
    only = options.get("only") or ()
    if isinstance(only, str):
        only = only.split(",")
    return Settings(
        root=root,
        data_dir=root / "data",
        docs_dir=Path(config.docs_dir).resolve(),
        drafts=drafts,
        max_file_bytes=int(options.get("max_file_bytes", 262144)),
        only=tuple(str(i).strip() for i in only if str(i).strip()),
        cache=_records_cache if _command.get("serve") else None,
    )


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
    _state.clear()  # serve reuses this module between builds
    gc.unfreeze()  # in case the last build stopped before on_post_build
    settings = _settings(config)
    try:
        graph, docs_mentions = check(settings)
    except DataErrors as exc:
        raise PluginError("\n" + exc.report()) from None
    titles = {
        f.relative_to(settings.docs_dir).as_posix(): doc_title(f.read_text(encoding="utf-8-sig"), f.stem)
        for f in settings.docs_dir.rglob("*.md")
    }
    shown = graph
    if settings.only:
        try:  # the records whose pages the nav names are kept too, or the nav would break
            shown = preview(graph, [*settings.only, *_record_pages_in_nav(config.nav)])
        except ValueError as exc:
            raise PluginError(f"only (DOSSIER_ONLY): {exc}") from None
        n = sum(len(by_id) for by_id in shown.records.values())
        message = f"Preview: only {n} records are built, those named in DOSSIER_ONLY and those they refer to"
        # a warning stops a strict build, so that a partial site is never published
        (log.info if _command.get("serve") else log.warning)(message)
    _state["graph"] = graph
    _state["shown"] = shown
    _state["pages"] = render_pages(shown, docs_mentions, titles)
    # The records and pages live until the end of the build, and Python's cycle collector would
    # go over all of them again and again while MkDocs builds the pages (8 % of a build of
    # 1,000 cases): set them aside until on_post_build.
    gc.freeze()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, markdown in sorted(_state["pages"].items()):
        if files.get_file_from_path(path):
            raise PluginError(f"docs/{path} is a generated page; remove the handwritten file of that name")
        files.append(File.generated(config, path, content=markdown))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    graph, shown = _state["graph"], _state["shown"]

    def target(kind: str, rid: str) -> tuple[str | None, str | None, str]:
        if rid not in shown.records.get(kind, {}):
            return None, None, graph.title(kind, rid)  # left out of a preview
        dest, anchor = shown.page(kind, rid)
        return dest, anchor, graph.title(kind, rid)

    return rewrite(markdown, page.file.src_uri, target)


@event_priority(-50)  # after the search plugin has written the index
def on_post_build(config: MkDocsConfig) -> None:
    gc.unfreeze()
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        index.write_text(compact(index.read_text(encoding="utf-8")), encoding="utf-8")
