"""A hook for the benchmark only: writes out what the project's hooks generate.

Run last (lowest priority), it writes every page's final Markdown (after every other hook,
with its front matter) and every other generated file under $DOSSIER_BENCH_CAPTURE, so
that the benchmark can build the very same pages with MkDocs alone: the baseline.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

_spent = [0.0, 0.0]  # wall and CPU seconds spent here, which the benchmark takes off the build's


class _Timed:
    def __enter__(self) -> None:
        self.start = (time.perf_counter(), time.process_time())

    def __exit__(self, *exc: object) -> None:
        _spent[0] += time.perf_counter() - self.start[0]
        _spent[1] += time.process_time() - self.start[1]


def _out(src_uri: str) -> Path:
    path = Path(os.environ["DOSSIER_BENCH_CAPTURE"]) / src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@event_priority(-100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    with _Timed():
        for f in files:
            if f.generated_by and not f.is_documentation_page():
                _out(f.src_uri).write_bytes(f.content_bytes)
    return files


@event_priority(-100)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    with _Timed():
        front = f"---\n{yaml.safe_dump(page.meta, allow_unicode=True, sort_keys=False)}---\n\n" if page.meta else ""
        _out(page.file.src_uri).write_text(front + markdown, encoding="utf-8")
    return markdown


def on_post_build(config: MkDocsConfig) -> None:
    Path(os.environ["DOSSIER_BENCH_CAPTURE"] + ".time.json").write_text(json.dumps({"wall": _spent[0], "cpu": _spent[1]}))
