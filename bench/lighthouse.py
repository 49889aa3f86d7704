"""Lighthouse on the built site, at mobile settings, as a host would serve it (`make lighthouse`).

The site (site/, from `make build`) is served on 127.0.0.1 with gzip and a short cache lifetime,
as GitHub Pages serves it; Lighthouse 12.2.3 (npm, package-lock.json) drives Debian's Chromium over
the home page, a case page, the cases index and the map, and the four scores of each page are
printed, with the audits that cost points. A command that prints figures, not a test.

    python -m bench.lighthouse [site-folder] [--runs N]

Each page is audited several times (3 unless --runs says otherwise) and the median is printed, with
the lowest and highest performance score: on a shared or busy machine one audit can differ from
the next by ten points.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Files of the site, gzipped when the browser accepts it; a missing page gets 404.html."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        self.send_response(status)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Cache-Control", "max-age=600")
        if kind.startswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="lighthouse-site", daemon=True).start()
    return server


def pages(site: Path) -> dict[str, str]:
    """The pages audited: name -> path under the site."""
    cases = sorted(p.parent.name for p in (site / "cases").glob("*/index.html"))
    if not cases:
        sys.exit(f"{site}: no case page; build the site first (make build)")
    return {"home": "", "case": f"cases/{cases[0]}/", "cases index": "cases/", "map": "map/"}


def audit(url: str) -> dict:
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
         "--form-factor=mobile", "--screenEmulation.mobile", "--throttling-method=simulate",
         f"--only-categories={','.join(CATEGORIES)}",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROME}, timeout=300, check=False,
    )
    if result.returncode != 0:
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def lost_points(report: dict, category: str) -> list[str]:
    """The audits of a category that did not pass, by their title."""
    audits = report["audits"]
    out = []
    for ref in report["categories"][category]["auditRefs"]:
        a = audits[ref["id"]]
        if ref.get("weight", 0) > 0 and a.get("score") is not None and a["score"] < 1:
            out.append(f"{a['title']} ({a['score']:.2f})")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lighthouse", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=3, help="audits of each page; the median is printed (default 3)")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: npm ci --ignore-scripts (make lighthouse does it)")
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_port}/"
    print(f"Lighthouse 12.2.3, mobile, {CHROME}, the site at {site} served with gzip; "
          f"the median of {args.runs} audits of each page (performance: its lowest and highest too)")
    print(f"{'page':<14}" + "".join(f"{c:>16}" for c in CATEGORIES))
    notes = []
    try:
        for name, path in pages(site).items():
            reports = sorted((audit(base + path) for _ in range(args.runs)), key=lambda r: r["categories"]["performance"]["score"] or 0)
            scores = {c: sorted(round(100 * (r["categories"][c]["score"] or 0)) for r in reports) for c in CATEGORIES}
            shown = [f"{statistics.median_low(v)}" + (f" ({v[0]}-{v[-1]})" if c == "performance" and len(v) > 1 else "")
                     for c, v in scores.items()]
            print(f"{name:<14}" + "".join(f"{s:>16}" for s in shown), flush=True)
            median = reports[(len(reports) - 1) // 2]
            for c in CATEGORIES:
                for item in lost_points(median, c):
                    notes.append(f"  {name} / {c}: {item}")
            # Lighthouse's measure of this machine's speed: its simulated phone scales from it
            speeds = ", ".join(str(r["environment"].get("benchmarkIndex")) for r in reports)
            notes.append(f"  {name}: the machine's benchmarkIndex was {speeds}")
    finally:
        server.shutdown()
    if notes:
        print("Audits that cost points in the median audit, and the machine's speed in each:")
        print("\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
