"""A weak source never stands alone.

A mirror (a copy on a third-party site), a blog or a low-reliability page may add to what a
stronger source says, but it is never the only ground of a published fact. The one place a
weak source may stand alone is one side of a listed conflict (an account in ``conflicts``):
there the page shows every account with its source, and the reader weighs them. Marking a
fact ``certainty: disputed`` does not excuse it: a disputed fact is still published.

Every value that carries ``sources`` is checked (facts, events, charges, places of detention,
courts, contacts, spellings of a name, meetings, follow-ups, corrections), except the items a
build does not publish: drafts (unless drafts are shown) and private items. So is every sentence
of a handwritten page (the report's chapters): the citations that follow it, ``[[cite:...]]`` one
after another, are its sources; on a page, the accounts of a conflict are listed in a "Sources
differ" admonition (``!!! warning "Sources differ: ..."``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from . import i18n
from .errors import DataError
from .graph import walk
from .load import Loaded
from .model_blocks import Account
from .refs import CITE, find_refs, position

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


#: an admonition and its indented body: ``!!! warning "Sources differ: when ..."``
ADMONITION = re.compile(r'^!!! \w+ "([^"]*)"[^\n]*\n((?:[ \t]*\n|(?:    |\t).*(?:\n|$))*)', re.MULTILINE)


def weak_only_pages(pages: dict[str, tuple[str, str]], sources: dict[str, Any]) -> list[DataError]:
    """An error at each sentence of a handwritten page whose citations are all of weak sources,
    unless it is one side of a conflict: inside a "Sources differ" admonition (in the page's
    language). pages: {page: (path for messages, text)}."""
    differ = {"sources differ", i18n.t("sources differ").lower()}
    errors = []
    for path, text in pages.values():
        if "[[cite:" not in text:
            continue
        conflicts = [m.span(2) for m in ADMONITION.finditer(text) if any(m.group(1).lower().startswith(d) for d in differ)]
        runs: list[list[tuple[int, str]]] = []  # the citations that follow one sentence
        end = -1
        for ref, _raw, offset in find_refs(text):
            if ref is None or ref.kind != CITE:
                continue
            if runs and not text[end:offset].strip():
                runs[-1].append((offset, ref.id))
            else:
                runs.append([(offset, ref.id)])
            end = text.index("]]", offset) + 2
        for run in runs:
            offset = run[0][0]
            if all(rid in sources and sources[rid].weak for _, rid in run) and not any(a <= offset < b for a, b in conflicts):
                line, col = position(text, offset)
                errors.append(DataError(path, line, col, "", f"[[cite:{run[0][1]}]]: {MESSAGE}"))
    return errors
