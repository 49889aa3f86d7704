"""Data errors: each names a file, a line, a column, a field and what is wrong."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class DataError:
    path: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DataErrors(Exception):
    """All the errors of one run, reported together, sorted by file and line."""

    def __init__(self, errors: Iterable[DataError]):
        self.errors = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.errors)
        lines = [str(e) for e in self.errors]
        lines.append(f"{n} error{'s' if n != 1 else ''} in the data; the site was not built.")
        return "\n".join(lines)


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(word, sorted(candidates), n=n, cutoff=0.5)


def hint(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'status'?)' or '' when nothing is close."""
    found = closest(word, candidates, n=1)
    return f" (did you mean '{found[0]}'?)" if found else ""
