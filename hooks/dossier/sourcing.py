"""A weak source never stands alone.

A mirror (a copy on a third-party site), a blog or a low-reliability page may add to what a
stronger source says, but it is never the only ground of a published fact. The one place a
weak source may stand alone is one side of a listed conflict (an account in ``conflicts``):
there the page shows every account with its source, and the reader weighs them. Marking a
fact ``certainty: disputed`` does not excuse it: a disputed fact is still published.

Every value that carries ``sources`` is checked (facts, events, charges, places of detention,
courts, contacts, spellings of a name, meetings, follow-ups, corrections), except the items a
build does not publish: drafts (unless drafts are shown) and private items.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .errors import DataError
from .graph import walk
from .load import Loaded
from .model_blocks import Account

MESSAGE = (
    "every source of this fact is weak (mirror, blog or low); "
    "add a stronger source or list it as one side of a conflict"
)


def weak_only(loaded: Loaded, *, drafts: bool = False) -> list[DataError]:
    """An error at the ``sources`` of each published item whose every source is weak.

    A source id that names no source record is left to the reference check, which reports it.
    """
    sources = loaded.records.get("source", {})
    errors = []
    for kind, by_id in loaded.records.items():
        for rid, record in by_id.items():
            if (record.draft and not drafts) or (kind, rid) in loaded.incomplete:
                continue
            for model, loc in _published(record):
                ids = getattr(model, "sources", None)
                if ids and all(s in sources and sources[s].weak for s in ids):  # type: ignore[attr-defined]
                    errors.append(loaded.origins[(kind, rid)].error(loc + ("sources",), MESSAGE))
    return errors


def _published(record: BaseModel) -> Iterator[tuple[BaseModel, tuple[Any, ...]]]:
    """Every model in a record that a build publishes and that is no side of a conflict."""
    left_out: list[tuple[Any, ...]] = []
    for model, loc in walk(record):  # parents come before their parts
        if any(loc[: len(out)] == out for out in left_out):
            continue
        if getattr(model, "private", False) or isinstance(model, Account):
            left_out.append(loc)
            continue
        yield model, loc
