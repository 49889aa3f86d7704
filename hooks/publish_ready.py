"""Refuse to publish a site that does not say who publishes it or where, or a translation no one
fluent has read.

`make deploy` runs this first. The publisher's name (extra.publisher.name) and the site's address
(site_url) are the publisher's to set in mkdocs.yml and are never filled in for it; a translated
edition (mkdocs.<lang>.yml, given after it) is published only once the publisher names the fluent
reader who read it against the English (extra.dossier.reviewed_by); until then its pages say so.
Until all are set, the site is not pushed anywhere. Exit status 0 when they are, 1 with one line
per missing setting otherwise.

    python hooks/publish_ready.py [mkdocs.yml [mkdocs.ru.yml ...]]
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError


def missing(config_file: Path, *, edition: bool = False) -> list[str]:
    """What stops publication: one sentence per unset setting, naming it and where it goes.
    edition: a translated edition, whose publisher and address are the main file's."""
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # the config's own notices are not ours to print
    config = load_config(config_file=str(config_file))
    dossier = config.extra.get("dossier") or {}
    out = []
    if str(dossier.get("language") or "en") != "en" and not str(dossier.get("reviewed_by") or "").strip():
        out.append(f"{config_file}: extra.dossier.reviewed_by is not set: the name of the fluent reader who has "
                   "read this translation against the English")
    if edition:
        return out
    publisher = config.extra.get("publisher") or {}
    if not str(publisher.get("name") or "").strip():
        out.append(f"{config_file}: extra.publisher.name is not set: the name of the organisation that publishes the site")
    if not str(config.site_url or "").strip():
        out.append(f"{config_file}: site_url is not set: the address the site is published at, e.g. https://record.example/")
    return out


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or [Path("mkdocs.yml")]
    problems = []
    for i, config_file in enumerate(files):
        try:
            problems += missing(config_file, edition=i > 0)
        except (ConfigurationError, OSError) as exc:
            print(f"{config_file}: {exc}", file=sys.stderr)
            return 1
    if problems:
        print("Not published: the publisher's settings are missing.", file=sys.stderr)
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
