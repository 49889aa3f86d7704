"""`make bench`: the offline copy (make offline, both editions) at N synthetic cases: the size of its
zip and of its search indexes, one of which every reader of the copy loads whole to search.

    python -m bench.copies --cases 1000

Prints figures; asserts nothing (issue 17's limit of 15 MB is for the real site, whose zip the
tests measure).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from dossier import copies

from .run import build
from .synth import ROOT, scratch_site

SHIM = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"


def measure(n: int, work: Path) -> dict[str, float]:
    """Build the offline copy of the real records plus n synthetic cases in work, both editions as
    `make offline` builds them (the Russian in ru/); its figures."""
    scratch_site(work / "project", n)
    site = work / "offline-site"
    wall = 0.0
    for name, target in (("mkdocs.offline.yml", site), ("mkdocs.offline.ru.yml", site / "ru")):
        config = work / "project" / name
        config.unlink(missing_ok=True)  # a link to the project's own (scratch_site links what it does not copy)
        config.write_text(f"INHERIT: {ROOT / name}\n", encoding="utf-8")
        wall += build(config, target, work / f"{name}.log", {"DOSSIER_DRAFTS": "", "DOSSIER_ONLY": ""}).wall

    def both(name: str) -> int:  # the two editions' files of that name together (a reader loads one)
        return sum((folder / "search" / name).stat().st_size for folder in (site, site / "ru"))

    started = time.perf_counter()
    zip_file = copies.package(site, SHIM, work / f"synthetic-{n}-offline.zip", title=f"{n} synthetic cases", version="bench")
    return {
        "cases": n,
        "build_s": wall,
        "package_s": time.perf_counter() - started,
        "zip_bytes": zip_file.stat().st_size,
        "index_bytes": both("search_index.json"),
        "index_js_bytes": both("search_index.js"),
        "files": sum(1 for p in site.rglob("*") if p.is_file()),
    }


def report(figures: dict[str, float]) -> str:
    mb = 1e6
    return (
        f"Offline copy (both editions) at {figures['cases']:,} synthetic cases (plus the real records): zip {figures['zip_bytes'] / mb:.1f} MB "
        f"({figures['files']:,} files); search indexes of both editions {figures['index_bytes'] / mb:.1f} MB "
        f"(search_index.js, which the copy loads from disk: {figures['index_js_bytes'] / mb:.1f} MB); "
        f"built in {figures['build_s']:.1f} s, zipped in {figures['package_s']:.1f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.copies", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    args = parser.parse_args(argv)
    if not SHIM.is_file():
        print(f"{SHIM} is missing: run `npm ci --ignore-scripts` (make bench does)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix=f"dossier-bench-offline-{args.cases}-") as tmp:
        print(report(measure(args.cases, Path(tmp))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
