"""Time from saving a case file to the browser's reload, while `mkdocs serve` runs.

    python -m bench.serve                 # the real site
    python -m bench.serve --cases 1000    # the real records plus 1,000 synthetic cases
    python -m bench.serve --cases 1000 --only syn-case-7   # the fast preview (DOSSIER_ONLY)

On a scratch copy of the project it starts `mkdocs serve` on a free port, waits for the
first build, then edits one case file (its status note) several times. For each save it
asks the live-reload endpoint that the browser's page polls (/livereload/<epoch>/<n>),
which answers when the rebuilt site is ready, and then fetches the case page to check that
it shows the edit. The figure is the time from the save to that answer: what an editor
waits before the browser reloads (the reload itself adds the time to load one page).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import yaml
from mkdocs.utils import yaml_load

from .synth import _Dumper, scratch_site


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 120) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8", errors="replace")


def _edit(file: Path, marker: str) -> None:
    record = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    record["status_note"] = f"Edited for the benchmark: {marker}."
    file.write_text(yaml.dump(record, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def measure(cases: int, edits: int = 3, only: str | None = None, case: str | None = None, say=print) -> list[float]:
    """Seconds from each save to the reload signal, on a scratch site with `cases` synthetic cases."""
    with tempfile.TemporaryDirectory(prefix="dossier-serve-") as tmp:
        config, synthetic = scratch_site(Path(tmp) / "site", cases)
        case = case or (synthetic.probe if cases else "ardak-ashim")
        file = config.parent / "data" / "cases" / f"{case}.yml"
        port = _free_port()
        # as `make serve` runs it: without the report's PDF (PDF=1 adds it, seconds per save)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DOSSIER_PDF": "0"}
        if only:
            env["DOSSIER_ONLY"] = only
        log = open(Path(tmp) / "serve.log", "wb")  # noqa: SIM115 - closed in the finally below, once the server stopped
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
            cwd=config.parent, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        with open(config.parent / "mkdocs.yml", encoding="utf-8") as f:
            mount = urllib.parse.urlsplit(yaml_load(f).get("site_url") or "/").path.rstrip("/")
        try:
            while True:  # the first build
                if proc.poll() is not None:
                    raise SystemExit(f"mkdocs serve stopped:\n{(Path(tmp) / 'serve.log').read_text()[-3000:]}")
                try:
                    epoch = int(_get(f"{base}/livereload/0/0", timeout=2))
                    break
                except OSError:
                    time.sleep(0.2)
            say(f"  first build and start: {time.perf_counter() - started:.1f} s")
            times = []
            for i in range(edits):
                time.sleep(1.5)  # let the file watcher settle
                marker = f"edit-{i}-{time.time_ns()}"
                saved = time.perf_counter()
                _edit(file, marker)
                epoch = int(_get(f"{base}/livereload/{epoch}/{i + 1}"))
                took = time.perf_counter() - saved
                page = _get(f"{base}{mount}/cases/{case}/")
                if marker not in page:
                    raise SystemExit(f"the rebuilt page of {case} does not show the edit")
                times.append(took)
                say(f"  save {i + 1}: reload after {took:.2f} s")
            return times
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=0, help="synthetic cases added to the real records (default none)")
    parser.add_argument("--edits", type=int, default=3, help="saves to time (default 3)")
    parser.add_argument("--only", help="build only these records, as DOSSIER_ONLY does (comma-separated ids)")
    parser.add_argument("--case", help="the case file to edit (default: the first synthetic case, or ardak-ashim)")
    args = parser.parse_args(argv)
    what = f"{args.cases:,} synthetic cases" if args.cases else "the real site"
    print(f"mkdocs serve, {what}{f', DOSSIER_ONLY={args.only}' if args.only else ''}:", file=sys.stderr)
    times = measure(args.cases, args.edits, args.only, args.case, say=lambda s: print(s, file=sys.stderr))
    print(f"save to reload, {what}{f' (DOSSIER_ONLY={args.only})' if args.only else ''}: median {statistics.median(times):.2f} s of {len(times)} saves ({', '.join(f'{t:.2f}' for t in times)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
