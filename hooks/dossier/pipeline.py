"""The one entry point of a build: settings in, every generated page and file out.

``build_site`` checks the data, renders the pages and makes the exports; the hook (``site.py``)
only hands MkDocs what it returns. This is the only module that uses the machine's second
core, and the only one that tunes Python's garbage collector, each for a measured reason:

- the exports and the feed are made in a forked copy of the process while this one renders
  the pages, and the report's PDF is drawn in another while MkDocs converts the site: about
  10 s of 121 s at 5,000 synthetic cases (docs/about/performance.md);
- the records are set aside from the cycle collector once checked (``gc.freeze``), which
  would otherwise go over all of them again and again while the pages are rendered and
  converted (1.4 s of 7 s of rendering at 5,000 cases; 8 % of a build of 1,000 cases).

Where ``os.fork`` does not exist, the work is done at once, in the build's own process.
"""

from __future__ import annotations

import gc
import os
import pickle
import re
import signal
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import i18n, report
from .build import Settings, check, report_mission, translated_pages
from .export import Site, atom_feed, exports
from .graph import Graph, preview
from .history import Changed, corrections, feed_entries, record_dates
from .model import RECORD_TYPES
from .pages import records_in_nav
from .refs import SNIPPET_RE, has_report, rewrite
from .render import cite_sources, doc_title, fill_settings, render_page, render_pages, render_snippet
from .searchindex import compact
from .status import DEFAULT_STATUS_AGE_YEARS
from .tables import tables


class BuildStopped(Exception):
    """The build cannot go on; the message says why, for the editor (no traceback)."""


# --------------------------------------------------------------------------- the other core


class BackgroundError(Exception):
    """The forked process failed in a way that could not be handed back as its own exception."""


class Job:
    """One piece of work running in a forked copy of the build process.

    The copy already holds the records, so nothing is read twice; it hands back what the work
    returned (or raised) through a pipe.
    """

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        self.name = getattr(fn, "__name__", "work")
        self.pid: int | None = None
        self._fd: int | None = None
        self._done: tuple[str, Any] | None = None
        if not hasattr(os, "fork"):
            self._done = _run(fn, args)
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy: do the work, hand back the outcome, leave without cleaning up the parent's state
            status = 0
            try:
                os.close(read)
                data = pickle.dumps(_run(fn, args), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
            except BaseException:  # noqa: BLE001 - nothing may escape into the parent's code
                status = 1
            finally:
                os._exit(status)
        os.close(write)
        self.pid, self._fd = pid, read

    def result(self) -> Any:
        """What the work returned; raises what it raised."""
        if self._done is None:
            assert self._fd is not None and self.pid is not None
            with os.fdopen(self._fd, "rb") as inp:
                data = inp.read()
            self._fd = None
            _, status = os.waitpid(self.pid, 0)
            self.pid = None
            if not data:
                raise BackgroundError(
                    f"{self.name}: the background process stopped (wait status {status}) without a result"
                )
            self._done = pickle.loads(data)
        kind, value = self._done
        if kind == "error":
            raise value
        return value

    def cancel(self) -> None:
        """Stop the work if it still runs (a rebuild of `mkdocs serve` starts it afresh)."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGTERM)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _run(fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
    try:
        return "ok", fn(*args)
    except Exception as exc:  # noqa: BLE001 - handed back to the parent, which raises it
        try:
            pickle.dumps(exc)
            return "error", exc
        except Exception:  # noqa: BLE001 - an exception that cannot cross the pipe: its text does
            return "error", BackgroundError("".join(traceback.format_exception_only(exc)).strip())


def start(fn: Callable[..., Any], *args: Any) -> Job:
    return Job(fn, *args)


# --------------------------------------------------------------------------- the build


@dataclass
class Built:
    """Everything a build generates, and what finishing a handwritten page needs."""

    graph: Graph  #: every published record (titles of records left out of a preview)
    shown: Graph  #: the records whose pages are built: all of them, or a preview's
    pages: dict[str, str]  #: generated pages, finished, by source path
    files: dict[str, str]  #: the exports, the feed and the stylesheet, by path in the site
    contact: dict[str, Any]
    report: report.Report | None  #: None: the site has no report
    preview: str | None = None  #: what a preview leaves out, in words (None: a full build)
    status_age_years: int = DEFAULT_STATUS_AGE_YEARS  #: see Settings.status_age_years
    #: the handwritten pages in the build's language, by path under docs/ (empty in English):
    #: the hook puts them in the place of docs/
    translated: dict[str, str] = field(default_factory=dict)
    #: the texts shown in English for want of a current translation (see translations.py)
    untranslated: list[Any] = field(default_factory=list)
    _snippets: dict[str, str] = field(default_factory=dict)

    def finish(self, markdown: str, src_uri: str) -> str:
        """A page's snippets, settings, citations and references, filled in and made links."""
        if src_uri in self.pages:
            return markdown  # a generated page: finished already
        return i18n.active().tidy(self._finish(markdown, src_uri))

    def _finish(self, markdown: str, src_uri: str) -> str:
        def snippet(m: re.Match[str]) -> str:
            if m.group(1) not in self._snippets:
                self._snippets[m.group(1)] = render_snippet(m.group(1), self.shown, status_age_years=self.status_age_years)
            return self._snippets[m.group(1)]

        markdown = SNIPPET_RE.sub(snippet, markdown)
        markdown = fill_settings(markdown, {"contact": self.contact})
        markdown = cite_sources(markdown, self.shown)
        return rewrite(markdown, src_uri, self._target)

    def _target(self, kind: str, rid: str) -> tuple[str | None, str | None, str]:
        if rid not in self.shown.records.get(kind, {}):
            return None, None, self.graph.title(kind, rid)  # left out of a preview
        dest, anchor = self.shown.page(kind, rid)
        return dest, anchor, self.graph.title(kind, rid)


def build_site(settings: Settings, site: Site, nav: object = None, cache: dict[str, Any] | None = None) -> Built:
    """Check the data and the handwritten pages, then make every generated page and file.

    Raises DataErrors with every error found, or BuildStopped. nav: the navigation of
    mkdocs.yml, whose record pages a preview (settings.only) keeps; cache: the records read by
    the earlier builds of `mkdocs serve` (see load.load_all).
    """
    settings = replace(settings, cache=cache) if cache is not None else settings
    i18n.use(settings.language)  # what is rendered from here on is in the build's language
    untranslated: list[tuple[str, Any]] = []
    gc.unfreeze()  # the last build's records (`mkdocs serve`): collectable again from here on
    gc.disable()  # reading makes millions of objects and no garbage: it doubled reading 26,000 files
    try:
        graph, docs_mentions = check(settings, untranslated if settings.language != i18n.DEFAULT else None)
    finally:
        gc.enable()
    gc.freeze()  # see the module's docstring
    english = {
        f.relative_to(settings.docs_dir).as_posix(): f.read_text(encoding="utf-8-sig")
        for f in settings.docs_dir.rglob("*.md")
    }
    translated: dict[str, str] = {}
    if settings.language != i18n.DEFAULT:
        translated = translated_pages(settings, {k: ("", v) for k, v in english.items()}, settings.language).text
    titles = {path: doc_title(translated.get(path, text), Path(path).stem) for path, text in english.items()}
    mission = report_mission(settings, graph, titles)  # check() has said it is one of the missions
    shown, message = graph, None
    if settings.only:
        # the records whose pages the nav names are kept too, or the nav would break, and what
        # the handwritten pages cite or link (the report's sources, the home page's cases)
        cited = sorted({rid for refs in docs_mentions.values() for _kind, rid in refs})
        keep = [*settings.only, *records_in_nav(nav), *([mission] if mission else []), *cited]
        try:
            shown = preview(graph, keep)
        except ValueError as exc:
            raise BuildStopped(f"only (DOSSIER_ONLY): {exc}") from None
        n = sum(len(by_id) for by_id in shown.records.values())
        message = f"Preview: only {n} records are built, those named in DOSSIER_ONLY and those they refer to"
    changed = record_dates(shown, settings.root)
    job = start(reuse, shown, site, changed)  # on the other core, while this one renders the pages
    pages = render_pages(
        shown, docs_mentions, titles, report_mission=mission, changed=changed, status_age_years=settings.status_age_years
    )
    more, files = job.result()
    if settings.stylesheets:
        files[STYLESHEET] = stylesheet(settings.docs_dir, settings.stylesheets)
    pages.update(more)
    the_report = report.Report() if has_report(titles) else None
    built = Built(graph, shown, {}, files, settings.contact, the_report, message, settings.status_age_years,
                  translated, [u for _lang, u in untranslated])
    tidy = i18n.active().tidy
    built.pages = {path: tidy(built._finish(text, path)) for path, text in sorted(pages.items())}
    gc.freeze()  # the pages live until the end of the build too
    return built


STYLESHEET = "stylesheets/site.css"  #: mkdocs.yml's extra_css names it


def stylesheet(docs_dir: Path, names: tuple[str, ...]) -> str:
    """The site's stylesheets as one file, in their order: a page that links nine files waits for
    nine requests before it shows (Lighthouse's render-blocking resources). The files stay apart in
    docs/, one concern each, for the people who edit them."""
    parts = [f"/* {name} */\n{(docs_dir / name).read_text(encoding='utf-8').strip()}\n" for name in names]
    return "\n".join(parts)


def reuse(graph: Graph, site: Site, changed: dict[tuple[str, str], Changed]) -> tuple[dict[str, str], dict[str, str]]:
    """What readers find and reuse the record with: ({page: Markdown}, {file: text}).

    The pages are the corrections log and the Data page; the files are the exports (JSON,
    CSV, JSON Schema) and the Atom feed of changes and corrections.
    """
    files = exports(graph, site, changed)
    files["feed.xml"] = atom_feed(
        feed_entries(graph, changed), site, title=f"{site.name}: {i18n.t('changes and corrections')}".lstrip(": "),
        subtitle=i18n.t("The newest changes to the data of the record, and every correction."),
    )
    pages = {
        "corrections.md": render_page(graph, "corrections.md.j2", log=corrections(graph)),
        "data.md": render_page(
            graph, "data.md.j2", licence=site.licence, tables=tables(graph, changed),
            sizes={path: len(text.encode("utf-8")) for path, text in files.items()},
            plural={t.kind: t.folder for t in RECORD_TYPES},
        ),
    }
    return pages, files


# --------------------------------------------------------------------------- the report's PDF


def pdf_wanted(options: dict[str, Any]) -> bool:
    """Whether the options (extra.dossier of mkdocs.yml) ask for the PDF; they do unless pdf is off."""
    return str(options.get("pdf", True)).lower() not in ("0", "false", "no")


def start_pdf(the_report: report.Report, *, site_name: str, site_url: str | None, docs: Path) -> Job | None:
    """Start drawing the PDF once every chapter of the nav has been converted (None: not yet).

    The site is not written yet: the PDF's stylesheet and any image are read from docs/, from
    which MkDocs copies them into the site.
    """
    chapters = the_report.chapters()
    if not chapters or len(chapters) != len(the_report.order):
        return None
    title = i18n.t("{site}: the report (web edition)", site=site_name)
    return start(_draw_pdf, report.document(chapters, title=title, site_url=site_url, root=docs), docs)


def write_pdf(job: Job, target: Path) -> tuple[float, float]:
    """Wait for the PDF and write it: (seconds it took to draw, seconds waited for it here)."""
    waited = time.perf_counter()
    seconds, data = job.result()
    target.write_bytes(data)
    return seconds, time.perf_counter() - waited


def finish_report(the_report: report.Report, job: Job | None, options: dict[str, Any], site_dir: Path,
                  **pdf: Any) -> str:
    """Write the report's PDF into the written site, or leave it empty when the options turn it
    off (job: the drawing started during the build, if any); the line to log."""
    if not (chapters := the_report.chapters()):
        raise BuildStopped(f"docs/{report.FOLDER} has pages but none of them is in the nav; "
                           "list the report's chapters in mkdocs.yml")
    if not pdf_wanted(options):
        return f"The report: {report.PDF_PATH} left empty (extra.dossier.pdf is off; make serve PDF=1 builds it)"
    if (job := job or start_pdf(the_report, **pdf)) is None:
        raise BuildStopped(f"The report: a chapter of the nav was not converted, so {report.PDF_PATH} cannot be made")
    try:
        seconds, waited = write_pdf(job, site_dir / report.PDF_PATH)
    except report.ReportError as exc:
        raise BuildStopped(str(exc)) from None
    return (f"The report: {len(chapters)} chapters written to {report.PDF_PATH} in {seconds:.1f} s, "
            f"alongside the build (which then waited {waited:.1f} s for it)")


def finish_site(site_dir: Path) -> None:
    """The written site's last touches: a compact search index; in another language's edition
    (a folder of the English one) no 404 page, so that a host answers with the English one."""
    if i18n.lang() != i18n.DEFAULT:
        (site_dir / "404.html").unlink(missing_ok=True)
    index = site_dir / "search" / "search_index.json"
    if index.is_file():
        index.write_text(compact(index.read_text(encoding="utf-8")), encoding="utf-8")


def _draw_pdf(document: str, docs: Path) -> tuple[float, bytes]:
    """(seconds taken, the PDF): drawn in a scratch folder, written into the site at the end."""
    started = time.perf_counter()
    from . import pdf  # WeasyPrint is loaded by the process that draws, never by the build

    with tempfile.TemporaryDirectory(prefix="dossier-pdf-") as scratch:
        target = Path(scratch) / Path(report.PDF_PATH).name
        pdf.write_pdf(document, target, root=docs, stylesheet=docs / "stylesheets" / "report.css")
        return time.perf_counter() - started, target.read_bytes()
