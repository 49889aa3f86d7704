"""Command line.

``python -m dossier check`` validates the data without building the site (``make check``);
``python -m dossier new --type case --name "Full Name"`` writes a new draft record (``make new``);
``python -m dossier schema`` writes the JSON Schemas into data/schema/ (``make schema``);
``manifest``, ``verify``, ``offline`` and ``zim`` make and check copies of the site (see copies.py).
Each subcommand imports only what it needs, so that the check stays fast.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dossier")
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="validate data/ and the record references in docs/")
    c.add_argument("--root", type=Path, default=Path.cwd())
    c.add_argument("--drafts", action="store_true", help="also accept references to drafts")
    n = sub.add_parser("new", help="write a new draft record with every field explained")
    n.add_argument("--type", required=True, help="case, person, organisation, source, place, mission or recommendation")
    n.add_argument("--name", required=True, help="the person's or organisation's name, or the title")
    n.add_argument("--id", default="", help="the id to use instead of the one made from the name")
    n.add_argument("--root", type=Path, default=Path.cwd())
    s = sub.add_parser("schema", help="write the JSON Schema of each record type into data/schema/")
    s.add_argument("--root", type=Path, default=Path.cwd())
    from .copies import add_parsers, run

    add_parsers(sub)
    args = parser.parse_args(argv)
    if args.command in ("manifest", "verify", "offline", "zim"):
        return run(args)
    if args.command == "check":
        return _check(args)
    if args.command == "new":
        return _new(args)
    return _schema(args)


def _check(args: argparse.Namespace) -> int:

    from .build import Settings, check
    from .errors import DataErrors

    started = time.perf_counter()
    try:
        # the options of the build (extra.dossier in mkdocs.yml), so that both give the same messages
        settings = Settings.from_config_file(args.root.resolve() / "mkdocs.yml")
        if args.drafts:
            settings = replace(settings, drafts=True)
        untranslated: list = []
        graph, _ = check(settings, untranslated)
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    for lang, u in untranslated:  # shown in English in that language's edition; not an error unless strict
        print(f"{u.error(lang)}")
    if untranslated:
        langs = ", ".join(sorted({lang for lang, _u in untranslated}))
        print(f"{len(untranslated)} texts and pages without a current translation ({langs}): their editions show "
              "them in English with a note; extra.dossier.translations_strict refuses them.")
    n = sum(len(v) for v in graph.records.values())
    hidden = len(graph.origins) - n  # drafts: every loaded record has an origin
    drafts = f"; {hidden} draft{'s' if hidden != 1 else ''} left out of the site" if hidden else ""
    print(f"{n} records and their references are valid{drafts} ({time.perf_counter() - started:.2f} s).")
    return 0


def _new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, plan, write

    root = args.root.resolve()
    try:
        scaffold = plan(root, args.type.strip().lower(), args.name, args.id or None)
        write(root, scaffold)
    except ScaffoldError as exc:
        print(f"make new: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {scaffold.path.as_posix()}, a draft {args.type.strip().lower()} record. Next:")
    for i, step in enumerate(scaffold.next_steps, 1):
        print(f"  {i}. {step}")
    return 0


def _schema(args: argparse.Namespace) -> int:
    from .export import SCHEMA_DIR, write_schemas

    root = args.root.resolve()
    changed = write_schemas(root)
    for file in changed:
        print(f"wrote {file.relative_to(root).as_posix()}")
    if not changed:
        print(f"the schemas in {SCHEMA_DIR.as_posix()}/ are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
