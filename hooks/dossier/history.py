"""When each data file last changed: the git history, read once for all files.

A record page says when its data last changed, and the Atom feed lists the newest changes.
The date comes from the git history of the record's file: one ``git log`` over ``data/``
gives every file's newest commit in a single pass, however many records there are. Outside
git (a copy of the folder, an export without history) or for a file not yet committed, the
file's modification time stands in, clamped to ``SOURCE_DATE_EPOCH`` when that is set, so
that a reproducible build never writes the time it ran.

Shallow clones know only their newest commit: every file then shows that commit's date.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import i18n
from .graph import Graph
from .model_blocks import Correction
from .tables import plain_text


@dataclass(frozen=True)
class Changed:
    """The newest change of one data file."""

    when: dt.datetime  # aware, UTC
    origin: str  # "git" or "mtime"

    @property
    def day(self) -> str:
        """'3 May 2026', as the pages write dates."""
        return i18n.date(self.when.year, self.when.month, self.when.day)  # in the build's language


def git_dates(root: Path, folder: str = "data") -> dict[str, dt.datetime]:
    """{path relative to root: newest commit date} for every file git knows under folder.

    Empty when root is not in a git work tree or git is not installed.
    """
    marker = "\x01"
    try:
        out = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", "--relative", "--no-renames",
             f"--format={marker}%cI", "--name-only", "--", folder],
            cwd=root, capture_output=True, text=True, check=True, timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, dt.datetime] = {}
    when: dt.datetime | None = None
    for line in out.splitlines():
        if line.startswith(marker):
            when = dt.datetime.fromisoformat(line[1:]).astimezone(dt.UTC)
        elif line and when is not None:
            dates.setdefault(line, when)  # git log runs newest first
    return dates


def _mtime(file: Path, clamp: dt.datetime | None) -> dt.datetime:
    when = dt.datetime.fromtimestamp(int(file.stat().st_mtime), dt.UTC)
    return min(when, clamp) if clamp else when


def source_date_epoch() -> dt.datetime | None:
    """The reproducible-builds 'now', when SOURCE_DATE_EPOCH is set."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), dt.UTC)


def last_changed(root: Path, paths: Iterable[str]) -> dict[str, Changed]:
    """{path: Changed} for each data file path (relative to root, e.g. 'data/cases/x.yml')."""
    paths = list(paths)
    known = git_dates(root) if paths else {}
    clamp = source_date_epoch()
    out = {}
    for path in paths:
        if path in known:
            out[path] = Changed(known[path], "git")
        else:
            out[path] = Changed(_mtime(root / path, clamp), "mtime")
    return out


def record_dates(graph: Graph, root: Path) -> dict[tuple[str, str], Changed]:
    """{(kind, id): Changed} for every published record, from its data file."""
    keys = [key for key in graph.origins if key[1] in graph.records.get(key[0], {})]
    dates = last_changed(root, (graph.origins[key].path for key in keys))
    return {key: dates[graph.origins[key].path] for key in keys}


# --------------------------------------------------------------------------- corrections and the feed


@dataclass(frozen=True)
class Logged:
    """A correction recorded on a record (model.Correction), placed in the corrections log."""

    kind: str
    id: str
    title: str
    n: int  # its position among the record's corrections, from 1
    correction: Correction

    @property
    def anchor(self) -> str:
        """Its anchor on the corrections page; stable while corrections are only appended."""
        return f"{self.kind}-{self.id}-{self.n}"


def corrections(graph: Graph) -> list[Logged]:
    """Every published correction, newest first."""
    out = [
        Logged(kind, rid, graph.title(kind, rid), n, c)
        for kind, by_id in sorted(graph.records.items())
        for rid, record in sorted(by_id.items())
        for n, c in enumerate(record.corrections, 1)
    ]
    return sorted(out, key=lambda x: (x.correction.date.sort_key(), x.kind, x.id, x.n), reverse=True)


@dataclass(frozen=True)
class Entry:
    """One entry of the Atom feed: a record's newest change, or a correction."""

    type: str  # "change" or "correction"
    kind: str
    id: str
    title: str
    when: dt.datetime
    text: str
    page: tuple[str, str | None]  # (source path, anchor) of the page that shows the record
    key: str  # unique and stable: what the entry's Atom id is built from


def feed_entries(graph: Graph, changed: dict[tuple[str, str], Changed], limit: int = 100) -> list[Entry]:
    """The newest changes of records and every correction, newest first, at most limit."""
    entries = []
    for (kind, rid), when in changed.items():
        if rid not in graph.records.get(kind, {}):
            continue  # a draft's file: never published
        title = graph.title(kind, rid)
        stamp = when.when.strftime("%Y%m%dT%H%M%SZ")
        entries.append(Entry(
            "change", kind, rid, i18n.t("Updated: {title} ({kind})", title=title, kind=i18n.t(kind)), when.when,
            i18n.t("The data of the {kind} record “{title}” changed on {day}.", kind=i18n.t(kind), title=title,
                   day=when.day),
            graph.page(kind, rid), f"change/{kind}/{rid}/{stamp}",
        ))
    for c in corrections(graph):
        day = c.correction.date.first_day
        entries.append(Entry(
            "correction", c.kind, c.id, i18n.t("Correction: {title} ({kind})", title=c.title, kind=i18n.t(c.kind)),
            dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC),
            f"{c.correction.date.human()}: {plain_text(graph, c.correction.text)}",
            ("corrections.md", c.anchor), f"correction/{c.anchor}",
        ))
    entries.sort(key=lambda e: (e.when, e.type == "correction", e.key), reverse=True)
    return entries[:limit]
