"""The search index, made small enough for a phone at thousands of cases.

Material's search plugin writes every section of every page into one JSON file that the
reader's browser downloads and indexes whole. Three things make it larger than it needs to
be, and this module takes them out after the plugin has written the file:

- every non-ASCII character is written as a ``\\uXXXX`` escape: six bytes for a Cyrillic
  letter that takes two in UTF-8 (the file is served and read as UTF-8);
- every footnote marker is kept as ``<sup>3</sup>``: a number that matches nothing a reader
  types and shows as noise in the results;
- the paragraph and list tags around the text: results show the text without them.

What is indexed at all is decided where the pages are written: the templates leave out
the footnotes, the "Mentioned on" lists and the pages that only repeat what the record
pages say (``search: exclude`` in the front matter, ``{ data-search-exclude }`` on a heading).
"""

from __future__ import annotations

import json
import re

_FOOTNOTE_MARK = re.compile(r"<sup>[\d,–-]+</sup>")  # one note, or a group: "1–5", "1,2"
_BLOCK_TAGS = re.compile(r"(?:\s*</?(?:p|ul|ol|li)>\s*)+")


def compact_text(text: str) -> str:
    """One entry's text without footnote markers and block tags."""
    text = _FOOTNOTE_MARK.sub("", text)
    return _BLOCK_TAGS.sub(" ", text).strip()


def compact(index_json: str) -> str:
    """The search index, as Material writes it, with every entry's text compacted, in UTF-8."""
    data = json.loads(index_json)
    for entry in data.get("docs", []):
        if isinstance(entry.get("text"), str):
            entry["text"] = compact_text(entry["text"])
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
