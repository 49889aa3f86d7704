"""What the tests share besides fixtures: the project's paths and a way to build a site.

(A module of its own rather than conftest.py, which tests/browser/ has too: `import conftest`
would find either.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DOCS = ROOT / "docs"
FIXTURE = TESTS / "fixtures" / "mini"
GOLDEN = TESTS / "golden"
#: what the tests leave for people to look at (ignored by git)
ARTIFACTS = TESTS / "artifacts"
MKDOCS = [sys.executable, "-m", "mkdocs"]
OFFLINE_EPOCH = 1526342400  # the time stamp of the test offline copy's files (make offline gives the commit's)


def build(config: Path, site_dir: Path, *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` on a config; return the finished process (never raises)."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=config.parent,
    )


def copy_fixture(dest: Path) -> Path:
    """Copy the fixture site to dest, with its hook path pointing at this checkout."""
    shutil.copytree(FIXTURE, dest)
    config = dest / "mkdocs.yml"
    config.write_text(config.read_text().replace("../../../hooks/site.py", str(ROOT / "hooks" / "site.py")))
    return dest


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file of a copied site; fail if the file no longer holds it."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def new(root: Path, kind: str, name: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run `make new`'s command (python -m dossier new) in a site; return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "dossier", "new", "--type", kind, "--name", name, *extra],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        cwd=root,
    )


def is_valid(model: type[BaseModel], data: Any) -> bool:
    """Whether the data make a valid record of the model (a planted value must keep it valid)."""
    try:
        model.model_validate(data)
        return True
    except ValidationError:
        return False


def use_overrides(site: Path, extra_yaml: str = "") -> Path:
    """Give a copy of the fixture site the project's Material overrides (overrides/: footer,
    sharing, page templates) and append extra_yaml (top-level keys) to its mkdocs.yml."""
    config = site / "mkdocs.yml"
    text = config.read_text().replace("theme:\n  name: material\n", f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n", 1)
    assert "custom_dir" in text, "the fixture's mkdocs.yml no longer starts its theme with `name: material`"
    config.write_text(text + extra_yaml)
    return site


# --------------------------------------------------------------------------- the two editions

ALTERNATE = """extra:
  alternate:
    - name: English
      link: ""
      lang: en
    - name: Русский
      link: ru/
      lang: ru
"""

RU_CONFIG = """INHERIT: mkdocs.yml
theme:
  language: ru
plugins:
  - search:
      lang: [ru, en]
extra:
  dossier:
    language: ru
"""

SUMMARY_EN = "An activist detained in Example City and later released."
SUMMARY_RU = "Активист, задержанный в Примерном городе, приговорён и позже освобождён."


def build_editions(dest: Path) -> Path:
    """The fixture site in English and in Russian, as `make build` builds the real one: a copy of it
    in dest, the English edition in dest/site and the Russian in dest/site/ru. Its Russian texts: the
    case's summary (current), its last event (stale: the fingerprint of an older English text) and
    the home page; everything else missing. Returns dest/site."""
    from dossier.translations import fingerprint

    site = copy_fixture(dest)
    use_overrides(site)
    edit(site / "mkdocs.yml", "extra:\n", ALTERNATE)
    (site / "mkdocs.ru.yml").write_text(RU_CONFIG, encoding="utf-8")
    ru = site / "data" / "i18n" / "ru"
    (ru / "cases").mkdir(parents=True)
    (ru / "cases" / "pat-prisoner.yml").write_text(
        f"summary.text:\n  en: {fingerprint(SUMMARY_EN)}\n  ru: {SUMMARY_RU}\n"
        "timeline[2].text:\n  en: 0123456789ab\n  ru: Освобождён.\n",
        encoding="utf-8",
    )
    home = (site / "docs" / "index.md").read_text(encoding="utf-8")
    (ru / "pages").mkdir()
    (ru / "pages" / "index.md").write_text(
        f"---\ntranslation_of: {fingerprint(home)}\ntitle: Главная\n---\n\n# Главная страница\n\n"
        "Миссия [[mission:fixture-mission]] встретилась с [[case:pat-prisoner|заключённым]].\n",
        encoding="utf-8",
    )
    out = site / "site"
    for config, target in ((site / "mkdocs.yml", out), (site / "mkdocs.ru.yml", out / "ru")):
        result = build(config, target)
        assert result.returncode == 0, result.stdout + result.stderr
    return out
