"""`make bench`, last step: the two editions (English at /, Russian at ru/) built one after the
other, as `make build` builds them, for the real records and for N synthetic cases.

    python -m bench.editions --cases 1000

Prints figures; asserts nothing. Issue 16's limit: both editions together in at most twice the
time of the English build of the real site. The synthetic cases have no Russian translation, so
the Russian build of them shows every text in English with its note: the path a missing
translation takes, which costs as much as a translated one.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from .run import Run, build
from .synth import ROOT, scratch_site


def measure(n: int, work: Path) -> tuple[Run, Run]:
    """Build the English, then the Russian edition of the real records plus n synthetic cases."""
    config, _ = scratch_site(work / "project", n)
    russian = work / "project" / "mkdocs.ru.yml"
    russian.unlink(missing_ok=True)  # a link to the project's own (scratch_site links what it does not copy)
    russian.write_text(f"INHERIT: {ROOT / 'mkdocs.ru.yml'}\n", encoding="utf-8")
    env = {"DOSSIER_DRAFTS": "", "DOSSIER_ONLY": ""}
    english = build(config, work / "site", work / "en.log", env)
    return english, build(russian, work / "site" / "ru", work / "ru.log", env)


def report(n: int, english: Run, russian: Run) -> str:
    what = f"{n:,} synthetic cases (plus the real records)" if n else "the real records"
    both = english.wall + russian.wall
    return (
        f"Both editions of {what}: English {english.wall:.1f} s ({english.cpu:.1f} s CPU), Russian "
        f"{russian.wall:.1f} s ({russian.cpu:.1f} s CPU), together {both:.1f} s: {both / english.wall:.2f} times the English"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.editions", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    args = parser.parse_args(argv)
    for n in dict.fromkeys((0, args.cases)):
        with tempfile.TemporaryDirectory(prefix=f"dossier-bench-editions-{n}-") as tmp:
            print(report(n, *measure(n, Path(tmp))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
