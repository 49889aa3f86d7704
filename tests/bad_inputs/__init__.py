"""The corpus of bad inputs (cases.yaml) and how a case is written into a copy of a site."""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zlib
from pathlib import Path
from typing import Any

import yaml

CASES_FILE = Path(__file__).with_name("cases.yaml")


def load_cases() -> list[dict[str, Any]]:
    cases = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    for case in cases:
        assert case.get("accepted") or case.get("expect"), f"{case['name']}: give expect or accepted: true"
    return cases


def report(case: dict[str, Any]) -> str:
    """The whole report the case must produce: its messages and the count line."""
    n = len(case["expect"])
    return "\n".join([*case["expect"], f"{n} error{'s' if n != 1 else ''} in the data; the site was not built."])


def apply(case: dict[str, Any], site: Path) -> None:
    """Write a case's files and options into a copy of a site."""
    for rel, text in (case.get("write") or {}).items():
        data = text.encode(case.get("encoding", "utf-8"))
        if "pad_to" in case:
            missing = case["pad_to"] - len(data) - 3
            assert missing >= 0, f"{case['name']}: pad_to is smaller than the text"
            data += b"#" + b" " * missing + b"x\n"
            assert len(data) == case["pad_to"]
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for rel, size in (case.get("png") or {}).items():
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(tiny_png(size))
    for rel, target in (case.get("symlink") or {}).items():
        (site / rel).symlink_to(target)
    for rel in case.get("remove") or []:
        (site / rel).unlink()
    for key, value in (case.get("options") or {}).items():
        set_option(site / "mkdocs.yml", key, value)


def set_option(config_file: Path, key: str, value: Any) -> None:
    """Set extra.dossier.<key> in a mkdocs.yml, as text: the file holds tags (!ENV) that a plain
    YAML round trip would lose."""
    text = config_file.read_text(encoding="utf-8")
    line = f"    {key}: {json.dumps(value)}"
    text, n = re.subn(rf"^    {re.escape(key)}:.*$", line, text, flags=re.MULTILINE)
    if n == 0:
        assert "\n  dossier:\n" in text, "the config has no extra.dossier to set an option in"
        text = text.replace("\n  dossier:\n", f"\n  dossier:\n{line}\n", 1)
    config_file.write_text(text, encoding="utf-8")


def tree_digest(folder: Path) -> str:
    """One hash over the relative paths and bytes of every file under folder."""
    h = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(file.relative_to(folder).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(file.read_bytes()).digest())
    return h.hexdigest()


def tiny_png(size: int = 0) -> bytes:
    """A valid 2 x 2 grey PNG, written by hand (no imaging library): never anyone's photo. size:
    pad it with an ancillary chunk that viewers skip to exactly that many bytes (0: as small as it is)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0))  # 8-bit greyscale
    pixels = chunk(b"IDAT", zlib.compress(b"\x00\x80\x80" * 2))  # two rows: filter byte, two pixels
    png = [b"\x89PNG\r\n\x1a\n", header, pixels]
    if size:
        padding = size - sum(map(len, png)) - 12 - 12  # the padding chunk's and IEND's own bytes
        assert padding >= 0, f"a PNG cannot be as small as {size} bytes"
        png.append(chunk(b"zzPd", b"\x00" * padding))
    png.append(chunk(b"IEND", b""))
    data = b"".join(png)
    assert not size or len(data) == size
    return data
