"""YAML built to exhaust the loader is refused early, by counting the work, never by timing it."""

from __future__ import annotations

import subprocess
import sys

import pytest

import dossier.yamlread as load
from dossier.errors import DataErrors


def bomb(levels: int) -> str:
    """A "billion laughs": each level lists the previous one nine times (9**levels strings)."""
    lines = ["id: bomb", 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels + 1):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


class CountingLoader(load._Loader):
    """The project's YAML loader, counting the parser events that the composer asks for."""

    events = 0

    def get_event(self):
        CountingLoader.events += 1
        return super().get_event()


def events_to_refuse(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(load, "_Loader", CountingLoader)
    CountingLoader.events = 0
    with pytest.raises(DataErrors) as refused:
        load.parse(text, "data/sources/bomb.yml")
    assert [str(e) for e in refused.value.errors] == [
        "data/sources/bomb.yml:2:5: l0: YAML anchors and aliases (& and *) are not allowed; write the value out"
    ]
    return CountingLoader.events


def test_a_billion_laughs_is_refused_at_its_first_anchor(monkeypatch: pytest.MonkeyPatch):
    small, huge = events_to_refuse(bomb(2), monkeypatch), events_to_refuse(bomb(30), monkeypatch)
    # 9**30 strings or 81: the loader reads as far as the first anchor and no further
    assert small == huge
    assert huge < len(bomb(30).split())  # far fewer events than the file has words


def test_pyyaml_alone_would_share_alias_nodes_too():
    """Why the refusal is cheap even after composing: PyYAML's composer keeps one node per
    anchor and hands out that same node for every alias, so composing is linear in the text;
    the expansion happens only when a constructor walks the shared nodes."""
    import yaml

    root = yaml.compose(bomb(3), Loader=yaml.SafeLoader)
    assert root is not None
    level3 = {k.value: v for k, v in root.value}["l3"]
    assert len({id(item) for item in level3.value}) == 1


def test_deep_nesting_is_refused_without_crashing_the_interpreter():
    """PyYAML's C composer recurses once per level: 100,000 brackets crashed Python (SIGSEGV).
    Run in a child process, so that a regression fails this test instead of killing the run."""
    code = (
        "import dossier.yamlread as l, dossier.errors as e\n"
        "text = 'id: deep\\nnote: ' + '[' * 100000 + ']' * 100000 + '\\n'\n"
        "try:\n    l.parse(text, 'data/places/deep.yml')\n"
        "except e.DataErrors as exc:\n    print(exc.report())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.splitlines()[0] == (
        f"data/places/deep.yml:2:{6 + load.MAX_DEPTH}: note: the values nest more than {load.MAX_DEPTH} levels deep; "
        "a record needs far fewer"
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ("id: x\nname: *undefined\n", "2:7: name: YAML anchors and aliases (& and *) are not allowed; write the value out"),
        ("id: x\nname: &a A place\n", "2:7: name: YAML anchors and aliases (& and *) are not allowed; write the value out"),
        ("id: x\nname: !!str A place\n", "2:7: name: YAML tags (!!str) are not allowed; write the plain value"),
        ("id: x\nname: !custom A place\n", "2:7: name: YAML tags (!custom) are not allowed; write the plain value"),
        ("id: x\n---\nid: y\n", "2:1: a file holds one record; remove the second document (after '---')"),
        ("id: x\n? [a, b]\n: c\n", "2:3: a field name must be text, got ['a', 'b']"),
        ("id: x\n1: one\n", "2:1: a field name must be text, got 1"),
    ],
)
def test_yaml_that_records_do_not_need_is_refused(text: str, message: str):
    with pytest.raises(DataErrors) as refused:
        load.parse(text, "data/places/x.yml")
    assert [str(e) for e in refused.value.errors] == [f"data/places/x.yml:{message}"]
