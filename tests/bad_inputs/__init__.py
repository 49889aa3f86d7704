"""The corpus of bad inputs (cases.yaml) and how a case is written into a copy of a site."""

from __future__ import annotations

import hashlib
import json
import re
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
