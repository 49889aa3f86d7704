"""The shape of the code that issue 13 set: small modules, and data flowing one way.

Read from the source files, without running them: a module over 400 lines of code (blank and
comment lines left out, docstrings counted) or an import circle between the core's modules fails.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

from common import ROOT

HOOKS = ROOT / "hooks"
MOST_LINES = 400
SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}


def lines_of_code(source: str) -> int:
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in SKIPPED:
            lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines)


def core_imports(file: Path) -> set[str]:
    """The core's modules that a module of the core imports (`from .x import`, `from . import x`)."""
    out = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            out |= {node.module} if node.module else {a.name for a in node.names}
    return out


def test_counting_lines_of_code_leaves_out_blank_and_comment_lines() -> None:
    assert lines_of_code('"""A docstring\nof two lines."""\n\n# a comment\nx = 1  # and one after code\n') == 3


def test_no_module_of_the_hooks_has_more_than_400_lines_of_code() -> None:
    sizes = {f.relative_to(ROOT).as_posix(): lines_of_code(f.read_text(encoding="utf-8")) for f in HOOKS.rglob("*.py")}
    assert len(sizes) > 20 and "hooks/site.py" in sizes
    over = {name: n for name, n in sizes.items() if n > MOST_LINES}
    assert not over, over


def test_the_core_imports_no_module_that_imports_it_back() -> None:
    core = HOOKS / "dossier"
    graph = {f.stem: core_imports(f) & {g.stem for g in core.glob("*.py")} for f in core.glob("*.py")}
    assert graph["pipeline"], "the reading of imports finds the pipeline's"

    def circle(start: str, at: str, seen: tuple[str, ...]) -> tuple[str, ...] | None:
        for nxt in sorted(graph.get(at, ())):
            if nxt == start:
                return (*seen, nxt)
            if nxt not in seen:
                found = circle(start, nxt, (*seen, nxt))
                if found:
                    return found
        return None

    circles = [" -> ".join(c) for m in sorted(graph) if (c := circle(m, m, (m,)))]
    assert not circles, circles
