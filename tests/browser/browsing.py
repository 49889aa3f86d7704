"""A built site served on loopback and Debian's Chromium driven by Playwright: what the browser
tests (through tests/browser/conftest.py) and `make screenshots` share.

- `serve` serves a built site with a threaded http.server on 127.0.0.1 and a free port, under the
  path of `site_url` (the 404 page links absolutely below it), answering a missing path with
  404.html and status 404 as a host would.
- `launch` starts /usr/bin/chromium (Debian's package; `playwright install` cannot download here).
- `watch` records every request, failed request, HTTP error, console error and uncaught exception
  of a page; requests to any other origin are recorded and aborted, so that no page ever reaches
  another server.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Playwright

import builtsite

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = {"desktop": 1280, "phone": 375}
HEIGHTS = {"desktop": 800, "phone": 812}
SCHEMES = ("light", "dark")
#: the scheme Material names on the body for each colour scheme a reader's system asks for
SCHEME_OF = {"light": "default", "dark": "slate"}
Scheme = Literal["light", "dark"]



# ---------------------------------------------------------------------------------------------
# The server


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """The site's files under its prefix; any other address gets 404.html."""

    prefix = "/"
    not_found: bytes = b""

    def translate_path(self, path: str) -> str:
        plain = urlsplit(path).path
        if not plain.startswith(self.prefix) and plain + "/" != self.prefix:
            # a name no file has: answered with 404.html (a NUL would make open() raise ValueError and drop the connection)
            return str(Path(self.directory) / "outside\n/none")
        return super().translate_path("/" + plain[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            return super().send_error(code, message, explain)
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.not_found)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(self.not_found)

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Served:
    site: builtsite.BuiltSite
    #: http://127.0.0.1:PORT/kazakhstan-2018/
    base: str

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base)
        return f"{parts.scheme}://{parts.netloc}"

    def url(self, page: str) -> str:
        return self.base + page

    def page_of(self, url: str) -> str:
        """The page path of a served URL (the inverse of url())."""
        assert url.startswith(self.base), url
        return urlsplit(url[len(self.base) :]).path


@contextmanager
def serve(root: Path, handler: type[SiteHandler] = SiteHandler) -> Iterator[Served]:
    """Serve the built site in root on 127.0.0.1 until the block ends (handler: a SiteHandler that
    answers some requests its own way)."""
    site = builtsite.load(root)
    # a class of its own for each server: two sites served at once (the real site and the
    # editions' fixture, each under its own prefix) must not share the prefix or the 404 page
    own = type("SiteHandler", (handler,), {"prefix": site.prefix, "not_found": (root / "404.html").read_bytes()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(own, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield Served(site=site, base=f"http://127.0.0.1:{server.server_port}{site.prefix}")
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------------------------------------
# The browser


def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium under Playwright; a clear message if it is missing or does not start."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        raise BrowserMissing(
            f"No Chromium at {CHROMIUM}: the browser tests need Debian's package `chromium` "
            "(apt-get install chromium; .ci/run installs it). Browser tests never skip."
        )
    try:
        return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as exc:
        raise BrowserMissing(f"Chromium at {CHROMIUM} did not start under Playwright: {exc}") from exc


class BrowserMissing(Exception):
    """Chromium is not installed or does not start."""


@dataclass
class Record:
    """What one page did in the browser."""

    origin: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def take(self) -> Record:
        """What was recorded so far, leaving this record empty for the next page."""
        taken = Record(self.origin, *(list(getattr(self, f)) for f in FIELDS))
        for f in FIELDS:
            getattr(self, f).clear()
        return taken

    def problems(self, *, allow_status: dict[str, int] | None = None) -> list[str]:
        """Every failure on the page; allow_status names a URL whose error status is expected (the 404 page)."""
        allowed = {f"{code} {url}" for url, code in (allow_status or {}).items()}
        out = [f"request to another origin: {u}" for u in self.foreign]
        out += [f"failed request: {u}" for u in self.failed]
        out += [f"HTTP error: {e}" for e in self.http_errors if e not in allowed]
        out += [f"console error: {m}" for m in self.console_errors if not _is_allowed_console(m, allowed)]
        out += [f"uncaught exception: {m}" for m in self.page_errors]
        return out


FIELDS = ("requests", "foreign", "failed", "http_errors", "console_errors", "page_errors")


def _is_allowed_console(message: str, allowed: set[str]) -> bool:
    # Chromium logs the expected 404 of the 404 page itself as a console error; nothing else passes.
    return any(a.startswith("404 ") and "404 (Not Found)" in message for a in allowed)


def new_context(browser: Browser, *, width: str = "desktop", scheme: str = "light", **options) -> BrowserContext:
    """A fresh context (no stored palette, no cache) of one width and colour scheme."""
    return browser.new_context(
        viewport={"width": WIDTHS[width], "height": HEIGHTS[width]},
        color_scheme=cast(Scheme, scheme),
        reduced_motion="reduce",
        service_workers="block",
        **options,
    )


def watch(context: BrowserContext, page: Page, origin: str) -> Record:
    """Record every request of the context and the errors of the page; abort requests to other origins."""
    record = Record(origin=origin)

    def route(r) -> None:
        url = r.request.url
        if url.startswith((origin + "/", "data:", "blob:", "about:")):
            r.continue_()
        else:
            record.foreign.append(url)
            r.abort("blockedbyclient")

    context.route("**/*", route)
    context.on("request", lambda req: record.requests.append(req.url))
    context.on(
        "requestfailed",
        lambda req: None if req.url in record.foreign else record.failed.append(f"{req.url} ({req.failure})"),
    )
    context.on(
        "response", lambda res: record.http_errors.append(f"{res.status} {res.url}") if res.status >= 400 else None
    )
    page.on(
        "console",
        lambda msg: (
            record.console_errors.append(f"{msg.text} at {msg.location.get('url')}") if msg.type == "error" else None
        ),
    )
    page.on("pageerror", lambda exc: record.page_errors.append(str(exc)))
    return record


def settle(page: Page) -> None:
    """Wait until the page is loaded, its fonts laid out and Material's script running (it exports document$)."""
    page.wait_for_function(
        "() => document.readyState === 'complete' && document.fonts.status === 'loaded'"
        " && typeof window.document$ === 'object'"
    )
