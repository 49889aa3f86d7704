"""`make bench`: the site at 100, 1,000 and 5,000 synthetic cases against plain MkDocs.

For each size it makes a scratch copy of the project with that many synthetic cases (see
synth.py), builds it with the project's hooks, and builds the baseline: the very pages the
hooks produced (captured after every hook has run) written out as plain Markdown files and
built by MkDocs and Material with the same mkdocs.yml minus ``hooks:``. Each build runs in
its own process, three times, alternating with the baseline; the table gives medians.

Timings are wall-clock seconds of the whole ``mkdocs build --strict`` process (start-up
included) and its CPU seconds (user + system), which other work on the machine disturbs
less. Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.utils import yaml_load

from .synth import ROOT, scratch_site, write_config

SIZES = (100, 1000, 5000)
QUICK_SIZES = (100, 1000)
CAPTURE_HOOK = Path(__file__).resolve().parent / "capture.py"
#: the baseline's one hook: the theme overrides' words, nothing of the data
THEME_HOOK = Path(__file__).resolve().parent / "theme.py"

# the targets of issue 8, reported against (never asserted by a test)
MAX_OVERHEAD = 0.10
MAX_GROWTH_1000_TO_5000 = 5.5
MAX_PAGE_DRIFT = 0.05
MAX_INDEX_BYTES_PER_CASE = 3000
MAX_PEAK_BYTES_5000 = 600e6


@dataclass
class Run:
    wall: float
    cpu: float
    peak: int  # bytes
    warnings: list[str]


@dataclass
class Result:
    n: int
    hooks: list[Run] = field(default_factory=list)
    plain: list[Run] = field(default_factory=list)
    case_page: int = 0
    case_words: int = 0
    index_raw: int = 0
    index_gzip: int = 0
    site_bytes: int = 0
    pages: int = 0

    def median(self, which: str, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in getattr(self, which))

    @property
    def overhead(self) -> float:
        return self.median("hooks", "wall") / self.median("plain", "wall") - 1

    @property
    def overhead_cpu(self) -> float:
        return self.median("hooks", "cpu") / self.median("plain", "cpu") - 1

    @property
    def peak(self) -> int:
        return max(r.peak for r in self.hooks)


def build(config: Path, site_dir: Path, log: Path, env: dict[str, str] | None = None) -> Run:
    """One `mkdocs build --strict` in its own process; its wall time, CPU time and peak memory."""
    return builds([(config, site_dir, log, env)])[0]


def builds(specs: list[tuple[Path, Path, Path, dict[str, str] | None]]) -> list[Run]:
    """Several builds at the same time, each in its own process (config, site_dir, log, env)."""
    started, procs, runs = {}, {}, {}
    for i, (config, site_dir, log, env) in enumerate(specs):
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)]
        with open(log, "wb") as out:
            started[i] = time.perf_counter()
            procs[i] = subprocess.Popen(
                cmd, stdout=out, stderr=subprocess.STDOUT, cwd=config.parent, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
            )
    by_pid = {proc.pid: i for i, proc in procs.items()}
    while by_pid:
        pid, status, usage = os.wait4(-1, 0)  # whichever ends first, with its own resource usage
        if pid not in by_pid:
            continue
        i = by_pid.pop(pid)
        wall = time.perf_counter() - started[i]
        procs[i].returncode = os.waitstatus_to_exitcode(status)
        config, _, log, _ = specs[i]
        text = log.read_text(encoding="utf-8", errors="replace")
        if procs[i].returncode != 0:
            raise SystemExit(f"the build of {config} failed:\n{text[-3000:]}")
        warnings = [line for line in text.splitlines() if line.startswith("WARNING")]
        runs[i] = Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, warnings)
    return [runs[i] for i in range(len(specs))]


def project_hooks(repo: Path = ROOT) -> list[str]:
    with open(repo / "mkdocs.yml", encoding="utf-8") as f:
        return list(yaml_load(f).get("hooks") or [])


def make_baseline(dest: Path, hooked: Path, captured: Path) -> Path:
    """A site of plain Markdown files: the scratch site's docs/ overlaid with the captured pages."""
    for entry in hooked.iterdir():
        if entry.name not in ("docs", "data", "mkdocs.yml") and entry.is_symlink():
            os.symlink(os.readlink(entry), dest / entry.name)
    shutil.copytree(hooked / "docs", dest / "docs")
    shutil.copytree(captured, dest / "docs", dirs_exist_ok=True)
    # The one Markdown extension the hook adds (one marker for notes side by side), so that the
    # baseline writes the same HTML: `python -m mkdocs` runs in dest, where dossier/ is importable.
    os.symlink(ROOT / "hooks" / "dossier", dest / "dossier")
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        extensions = yaml_load(f)["markdown_extensions"] + ["dossier.render:NoteGroups"]
    return write_config(dest / "mkdocs.yml", hooks=[str(THEME_HOOK)], watch=[], markdown_extensions=extensions)


def measure_site(site: Path, probe: str, result: Result) -> None:
    result.case_page = (site / "cases" / probe / "index.html").stat().st_size
    result.case_words = words(site / "cases" / probe / "index.html")
    index = (site / "search" / "search_index.json").read_bytes()
    result.index_raw = len(index)
    result.index_gzip = len(gzip.compress(index, 6))
    files = [p for p in site.rglob("*") if p.is_file()]
    result.site_bytes = sum(p.stat().st_size for p in files)
    result.pages = sum(1 for p in files if p.name == "index.html")


def bench_size(n: int, runs: int, work: Path, say, clone: str | None = None, jobs: int = 1) -> Result:
    result = Result(n)
    hooked, plain, captured = work / "hooked", work / "plain", work / "captured"
    started = time.perf_counter()
    config, synthetic = scratch_site(hooked, n, clone=clone)
    say(f"  {n} cases: {sum(1 for _ in (hooked / 'data').rglob('*.yml'))} data files written in {time.perf_counter() - started:.1f} s")
    capture_config = write_config(work / "hooked" / "mkdocs-capture.yml", hooks=project_hooks() + [str(CAPTURE_HOOK)])
    plain.mkdir()

    def report(which: str, i: int, run: Run) -> None:
        say(f"  {n} cases, {which} run {i}: {run.wall:.1f} s ({run.cpu:.1f} s CPU, {run.peak / 1e6:.0f} MB)")

    # the first build with hooks also writes out the baseline's pages
    run = build(capture_config, work / "site-hooks-1", work / "hooks-1.log", {"DOSSIER_BENCH_CAPTURE": str(captured)})
    spent = json.loads(Path(f"{captured}.time.json").read_text())
    run.wall -= spent["wall"]
    run.cpu -= spent["cpu"]
    result.hooks.append(run)
    report("hooks", 1, run)
    plain_config = make_baseline(plain, hooked, captured)
    # then the baseline and the hooks in turn: plain 1, hooks 2, plain 2, ... (with --jobs 2,
    # each baseline build runs alongside the next build with hooks, one on each core)
    queue: list[tuple[str, int]] = []
    for i in range(1, runs + 1):
        queue.append(("plain", i))
        if i < runs:
            queue.append(("hooks", i + 1))
    while queue:
        batch, queue = queue[:jobs], queue[jobs:]
        specs: list[tuple[Path, Path, Path, dict[str, str] | None]] = [
            (plain_config if which == "plain" else config, work / f"site-{which}-{i}", work / f"{which}-{i}.log", None)
            for which, i in batch
        ]
        for (which, i), run in zip(batch, builds(specs)):
            (result.plain if which == "plain" else result.hooks).append(run)
            report(which, i, run)
        for which, i in batch:
            if (which, i) != ("hooks", runs):  # the last build with hooks is measured below
                shutil.rmtree(work / f"site-{which}-{i}")
    measure_site(work / f"site-hooks-{runs}", synthetic.probe, result)
    return result


def words(page: Path) -> int:
    """Words of a page's article, its footnotes left out."""
    text = page.read_text(encoding="utf-8")
    article = text[text.index("<article") : text.index("</article>")].split('<div class="footnote">')[0]
    return len(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}; load average {load:.1f} at the start"
    )


def table(results: list[Result]) -> str:
    head = (
        "| N | hooks s | plain s | overhead | hooks CPU s | plain CPU s | CPU overhead | ms/case | extra ms/case "
        "| peak MB | case page KB | search index MB | index gzip MB | site MB | pages | warnings |"
    )
    lines = [head, "|" + "|".join("---:" for _ in range(head.count("|") - 1)) + "|"]
    prev = None
    for r in results:
        hw, pw = r.median("hooks", "wall"), r.median("plain", "wall")
        extra = f"{(hw - prev.median('hooks', 'wall')) / (r.n - prev.n) * 1000:.1f}" if prev else "–"
        warnings = sum(len(x.warnings) for x in r.hooks + r.plain)
        lines.append(
            f"| {r.n:,} | {hw:.1f} | {pw:.1f} | {r.overhead:+.1%} | {r.median('hooks', 'cpu'):.1f} "
            f"| {r.median('plain', 'cpu'):.1f} | {r.overhead_cpu:+.1%} | {hw / r.n * 1000:.1f} | {extra} "
            f"| {r.peak / 1e6:.0f} | {r.case_page / 1e3:.1f} | {r.index_raw / 1e6:.2f} | {r.index_gzip / 1e6:.2f} "
            f"| {r.site_bytes / 1e6:.0f} | {r.pages:,} | {warnings} |"
        )
        prev = r
    return "\n".join(lines)


def targets(results: list[Result]) -> list[str]:
    by_n = {r.n: r for r in results}
    big, small = results[-1], results[0]
    out = []

    def line(ok: bool, text: str) -> None:
        out.append(f"- {'met' if ok else 'MISSED'}: {text}")

    at = "" if big.n >= 5000 else f" (this run stops at {big.n:,})"
    line(
        big.overhead <= MAX_OVERHEAD,
        f"hooks' overhead at {big.n:,} cases {big.overhead:+.1%} of the baseline's wall time "
        f"({big.overhead_cpu:+.1%} of its CPU time); target at most {MAX_OVERHEAD:.0%} at 5,000{at}",
    )
    if 1000 in by_n and 5000 in by_n:
        growth = by_n[5000].median("hooks", "wall") / by_n[1000].median("hooks", "wall")
        growth_cpu = by_n[5000].median("hooks", "cpu") / by_n[1000].median("hooks", "cpu")
        line(growth <= MAX_GROWTH_1000_TO_5000, f"5,000 cases take {growth:.2f} times the 1,000-case build ({growth_cpu:.2f} in CPU time); target at most {MAX_GROWTH_1000_TO_5000}")
    else:
        out.append("- not measured: the 5,000-case build against the 1,000-case build (the run did not build both sizes)")
    drift = big.case_page / small.case_page - 1
    line(abs(drift) <= MAX_PAGE_DRIFT, f"the HTML of one case page is {small.case_page:,} bytes at {small.n:,} cases and {big.case_page:,} at {big.n:,} ({drift:+.1%}); target within {MAX_PAGE_DRIFT:.0%}")
    if big.n > small.n:
        per_case = (big.index_raw - small.index_raw) / (big.n - small.n)
        line(per_case <= MAX_INDEX_BYTES_PER_CASE, f"the search index grows by {per_case:,.0f} bytes per case ({big.index_raw / big.n:,.0f} bytes per case in all at {big.n:,}); target at most {MAX_INDEX_BYTES_PER_CASE:,}")
    memory = f"peak memory {big.peak / 1e6:.0f} MB at {big.n:,} cases; target at most {MAX_PEAK_BYTES_5000 / 1e6:.0f} MB at 5,000"
    if big.n >= 5000:
        line(big.peak <= MAX_PEAK_BYTES_5000, memory)
    else:
        out.append(f"- not measured at 5,000: {memory}{at}")
    warnings = sorted({w for r in results for x in r.hooks + r.plain for w in x.warnings})
    line(not warnings, f"{len(warnings)} distinct warnings in the builds" + (": " + "; ".join(warnings[:5]) if warnings else ""))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 and 1,000 cases only")
    parser.add_argument("--sizes", type=lambda s: tuple(int(x) for x in s.split(",")), help="e.g. 100,1000,5000")
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind per size (default 3)")
    parser.add_argument("--keep", type=Path, help="keep the scratch sites in this folder")
    parser.add_argument("--markdown", type=Path, help="also write the results as Markdown to this file")
    parser.add_argument("--clone", metavar="CASE", help="instead of synthetic cases, copies of this real case file under new ids")
    parser.add_argument(
        "--jobs", type=int, default=1, choices=(1, 2),
        help="2: run each baseline build alongside the next build with hooks, one per core (a third less time)",
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)

    def say(text: str, end: str = "\n") -> None:
        print(text, end=end, file=sys.stderr, flush=True)

    started = time.perf_counter()
    about = machine()
    say(f"Benchmark on {about}")
    results = []
    for n in sizes:
        if args.keep:
            work = args.keep / f"n{n}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            results.append(bench_size(n, args.runs, work, say, args.clone, args.jobs))
        else:
            with tempfile.TemporaryDirectory(prefix=f"dossier-bench-{n}-") as tmp:
                results.append(bench_size(n, args.runs, Path(tmp), say, args.clone, args.jobs))
    elapsed = time.perf_counter() - started
    given = sys.argv[1:] if argv is None else list(argv)
    if "--markdown" in given:  # where the report is written says nothing about the run
        del given[given.index("--markdown") : given.index("--markdown") + 2]
    given = [a for a in given if not a.startswith("--markdown=")]
    make = {(): "make bench", ("--quick",): "make bench QUICK=1", ("--jobs", "2"): "make bench JOBS=2", ("--quick", "--jobs", "2"): "make bench QUICK=1 JOBS=2"}
    command = make.get(tuple(given), "python -m bench " + " ".join(given))
    what = (
        f"N copies of the real case file data/cases/{args.clone}.yml under new ids"
        if args.clone
        else "the real records plus N synthetic cases (bench/synth.py)"
    )
    report = "\n".join(
        [
            f"Machine: {about}.",
            "",
            f"Command: `{command}`; {args.runs} builds of each kind per size, medians{'; each baseline build ran alongside a build with hooks' if args.jobs > 1 else ''}; the whole run took {elapsed / 60:.1f} minutes.",
            "",
            f"Data: {what}; the case page measured has {results[-1].case_words} words (its footnotes left out).",
            "",
            table(results),
            "",
            "Targets:",
            "",
            *targets(results),
            "",
        ]
    )
    print(report)
    if args.markdown:
        args.markdown.write_text(report, encoding="utf-8")
    return 0
