"""Refuse to publish a site that does not say who publishes it or where.

`make deploy` runs this first. The publisher's name (extra.publisher.name) and the site's address
(site_url) are the publisher's to set in mkdocs.yml and are never filled in for it; until both are
set, the site is not pushed anywhere. Exit status 0 when both are set, 1 with one line per missing
setting otherwise.

    python hooks/publish_ready.py [mkdocs.yml]
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError


def missing(config_file: Path) -> list[str]:
    """What stops publication: one sentence per unset setting, naming it and where it goes."""
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # the config's own notices are not ours to print
    config = load_config(config_file=str(config_file))
    publisher = config.extra.get("publisher") or {}
    out = []
    if not str(publisher.get("name") or "").strip():
        out.append(f"{config_file}: extra.publisher.name is not set: the name of the organisation that publishes the site")
    if not str(config.site_url or "").strip():
        out.append(f"{config_file}: site_url is not set: the address the site is published at, e.g. https://record.example/")
    return out


def main(argv: list[str]) -> int:
    config_file = Path(argv[0] if argv else "mkdocs.yml")
    try:
        problems = missing(config_file)
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
