"""The report's PDF, drawn by WeasyPrint from the document that ``report.document`` joins.

Kept apart from ``report`` so that WeasyPrint (half a second to import) is loaded only by the
process that draws the PDF, never by a build or a check that does not.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from .report import PDF_PATH, ReportError


class LocalFiles(URLFetcher):
    """Lets WeasyPrint read files of the built site and nothing else: the report must never
    make the build reach a server (no remote fonts, images or stylesheets)."""

    def __init__(self, root: Path):
        super().__init__(allowed_protocols={"file"}, fail_on_errors=True)
        self.root = root.resolve()

    def fetch(self, url: str, headers: dict | None = None):
        if not url.startswith("file:"):
            raise ValueError(f"refused to fetch {url}: the report may use only the site's own files")
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        if not path.is_relative_to(self.root):
            raise ValueError(f"refused to read {path}: it is outside the built site")
        return super().fetch(url, headers)


def write_pdf(document_html: str, target: Path, *, root: Path, stylesheet: Path) -> None:
    """Render the document to a PDF file; raise ReportError if anything is missing or refused."""
    fetcher = LocalFiles(root)
    try:
        css = CSS(
            string=stylesheet.read_text(encoding="utf-8"),
            base_url=stylesheet.parent.as_uri() + "/",
            url_fetcher=fetcher,
        )
        HTML(string=document_html, base_url=target.parent.as_uri() + "/", url_fetcher=fetcher).write_pdf(
            target, stylesheets=[css]
        )
    except FatalURLFetchingError as exc:
        raise ReportError(f"{PDF_PATH}: {exc} ({exc.__cause__})") from None
    except OSError as exc:
        raise ReportError(f"{PDF_PATH}: {exc}") from None
