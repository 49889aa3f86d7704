"""`make screenshots`: pictures of the main pages, for people to look at, not a test.

Takes full-page PNGs of the home page, a mission, a case, the cases index and the report at
1,280 and 375 px, in the light and the dark scheme, from a built site served on 127.0.0.1 in
Debian's Chromium, into tests/artifacts/screenshots/ (ignored by git):
home-1280-light.png, home-375-dark.png, ...

    PYTHONPATH=tests python -m browser.screenshots [--site site] [--out tests/artifacts/screenshots]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from browser.browsing import SCHEMES, WIDTHS, BrowserMissing, Served, launch, new_context, serve, settle
from common import ARTIFACTS, ROOT

#: name of the picture -> the page types (builtsite.page_type) to take it from, the first found wins
PAGES = {
    "home": [""],
    "mission": ["missions/*"],
    "case": ["cases/*"],
    "cases-index": ["cases/"],
    "report": ["report/", "report/*"],
}


def pick(served: Served, types: list[str]) -> str | None:
    groups = served.site.by_type()
    for kind in types:
        if kind in groups:
            return groups[kind][0]
    return None


def take(site: Path, out: Path) -> list[Path]:
    """Write every picture into out; return their paths. SystemExit names what is missing."""
    if not (site / "sitemap.xml").is_file():
        raise SystemExit(f"{site}: no built site here (run `make build` first)")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as served, sync_playwright() as playwright:
        try:
            browser = launch(playwright)
        except BrowserMissing as exc:
            raise SystemExit(str(exc)) from exc
        try:
            for name, types in PAGES.items():
                path = pick(served, types)
                if path is None:
                    raise SystemExit(f"{site}: no page of type {' or '.join(types)} for the picture '{name}'")
                for width, px in WIDTHS.items():
                    for scheme in SCHEMES:
                        context = new_context(browser, width=width, scheme=scheme)
                        try:
                            page = context.new_page()
                            page.goto(served.url(path), wait_until="networkidle")
                            settle(page)
                            file = out / f"{name}-{px}-{scheme}.png"
                            page.screenshot(path=str(file), full_page=True)
                        finally:
                            context.close()
                        written.append(file)
                        print(f"{file.relative_to(ROOT) if file.is_relative_to(ROOT) else file}  (/{path})")
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--out", type=Path, default=ARTIFACTS / "screenshots", help="where the PNGs go")
    args = parser.parse_args(argv)
    take(args.site.resolve(), args.out.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
