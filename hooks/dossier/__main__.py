"""Command line: ``python -m dossier check`` validates the data without building the site."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

from .build import Settings, check, check_generated
from .render import render_pages
from .errors import DataErrors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dossier")
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="validate data/ and the record references in docs/")
    c.add_argument("--root", type=Path, default=Path.cwd())
    c.add_argument("--drafts", action="store_true", help="also accept references to drafts")
    args = parser.parse_args(argv)
    if args.command == "check":
        started = time.perf_counter()
        try:
            # the options of the build (extra.dossier in mkdocs.yml), so that both give the same messages
            settings = Settings.from_config_file(args.root.resolve() / "mkdocs.yml")
            if args.drafts:
                settings = replace(settings, drafts=True)
            graph, mentions = check(settings)
            # render too, as the build does, so that a page clashing with a generated one is found
            check_generated(settings, render_pages(graph, mentions, {}))
        except DataErrors as exc:
            print(exc.report(), file=sys.stderr)
            return 1
        n = sum(len(v) for v in graph.records.values())
        print(f"{n} records and their references are valid ({time.perf_counter() - started:.2f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
