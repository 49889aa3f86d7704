"""`make deploy` refuses to publish until the publisher's name and the site's address are set,
and says which of them is missing (hooks/publish_ready.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from common import ROOT

SCRIPT = ROOT / "hooks" / "publish_ready.py"
PUBLISHER = '  publisher:\n    name: "An Example Publisher"\n'


def ready(mini: Path, *, site_url: bool, publisher: str | None) -> subprocess.CompletedProcess[str]:
    config = mini / "mkdocs.yml"
    text = config.read_text()
    if not site_url:
        text = re.sub(r"(?m)^site_url:.*\n", "", text)
    if publisher is not None:
        text = text.replace("extra:\n", "extra:\n" + publisher, 1)
    config.write_text(text)
    return subprocess.run([sys.executable, str(SCRIPT), str(config)], capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, cwd=mini)


@pytest.mark.parametrize(
    ("site_url", "publisher", "named"),
    [
        (False, None, ["extra.publisher.name", "site_url"]),
        (False, '  publisher:\n    name: ""\n    address: []\n    email: ""\n', ["extra.publisher.name", "site_url"]),
        (True, None, ["extra.publisher.name"]),
        (False, PUBLISHER, ["site_url"]),
    ],
)
def test_publishing_is_refused_naming_each_missing_setting(mini: Path, site_url: bool, publisher: str | None,
                                                           named: list[str]) -> None:
    result = ready(mini, site_url=site_url, publisher=publisher)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if " is not set" in line]
    assert [line.split(": ")[1].split(" is not set")[0] for line in lines] == named, result.stderr
    assert "Traceback" not in result.stderr


def test_publishing_goes_ahead_when_both_are_set(mini: Path) -> None:
    result = ready(mini, site_url=True, publisher=PUBLISHER)
    assert (result.returncode, result.stderr) == (0, "")


def test_a_translation_is_published_only_once_a_fluent_reader_is_named(mini: Path) -> None:
    ready(mini, site_url=True, publisher=PUBLISHER)
    edition = mini / "mkdocs.ru.yml"
    for reviewed in ("", '    reviewed_by: ""\n', "    reviewed_by: A. Reader\n"):
        edition.write_text(f"INHERIT: mkdocs.yml\nextra:\n  dossier:\n    language: ru\n{reviewed}", encoding="utf-8")
        result = subprocess.run([sys.executable, str(SCRIPT), "mkdocs.yml", "mkdocs.ru.yml"], capture_output=True,
                                text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, cwd=mini)
        if "A. Reader" in reviewed:
            assert (result.returncode, result.stderr) == (0, ""), result.stderr
        else:
            assert result.returncode == 1 and "Traceback" not in result.stderr
            assert [line.strip() for line in result.stderr.splitlines()[1:]] == [
                ("mkdocs.ru.yml: extra.dossier.reviewed_by is not set: the name of the fluent reader who has read "
                 "this translation against the English")]


def test_make_deploy_checks_both_editions_then_builds_them_before_it_pushes() -> None:
    """The deploy recipe runs the check before it builds and pushes (read with make -n: nothing is pushed)."""
    out = subprocess.run(["make", "-n", "deploy"], capture_output=True, text=True, cwd=ROOT).stdout
    check = out.index("hooks/publish_ready.py mkdocs.yml mkdocs.ru.yml")
    assert check < out.index("mkdocs build --strict -f mkdocs.ru.yml") < out.index("ghp-import"), out

