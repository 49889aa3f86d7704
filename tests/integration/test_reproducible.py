"""The same commit always builds the same bytes, wherever and whenever it is built.

Time enters a MkDocs build in one place, the sitemap (its <lastmod> dates and the gzip header
of sitemap.xml.gz), and MkDocs takes that time from SOURCE_DATE_EPOCH, which `make build` sets
to the time of the last commit. Everything else must not depend on the folder, the hash seed,
the time zone, the locale or the files' modification times.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

from bad_inputs import tree_digest
from common import FIXTURE, ROOT, build

EPOCH = 1526342400  # 2018-05-15 00:00 UTC, the day of the press conference; any fixed value will do


def fixture_copy(dest: Path) -> Path:
    shutil.copytree(FIXTURE, dest)
    config = dest / "mkdocs.yml"
    config.write_text(config.read_text().replace("../../../hooks/site.py", str(ROOT / "hooks" / "site.py")))
    return dest


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_in_different_folders_and_settings_are_byte_identical(tmp_path: Path):
    one = fixture_copy(tmp_path / "one" / "mini")
    two = fixture_copy(tmp_path / "elsewhere" / "deeper" / "mini-copy")
    for file in two.rglob("*"):  # a fresh clone has other modification times
        os.utime(file, (time.time() - 86400 * 400, time.time() - 86400 * 400))
    env = {"SOURCE_DATE_EPOCH": str(EPOCH)}
    a = build(one / "mkdocs.yml", one / "site", env={**env, "PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C"})
    b = build(
        two / "mkdocs.yml",
        two / "site",
        env={**env, "PYTHONHASHSEED": "4242", "TZ": "Asia/Almaty", "LC_ALL": "C.UTF-8"},
    )
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    first, second = files(one / "site"), files(two / "site")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert tree_digest(one / "site") == tree_digest(two / "site")


def test_time_enters_only_through_source_date_epoch(tmp_path: Path):
    site = fixture_copy(tmp_path / "mini")
    later = EPOCH + 86400 * 365 + 3600 * 5  # another day, another hour
    # outside git, a record's "last changed" is its file's time, clamped to SOURCE_DATE_EPOCH:
    # files older than both epochs keep their own date, so only the build's own time varies
    for file in (site / "data").rglob("*.yml"):
        os.utime(file, (EPOCH - 86400, EPOCH - 86400))
    assert build(site / "mkdocs.yml", tmp_path / "a", env={"SOURCE_DATE_EPOCH": str(EPOCH)}).returncode == 0
    assert build(site / "mkdocs.yml", tmp_path / "b", env={"SOURCE_DATE_EPOCH": str(later)}).returncode == 0
    a, b = files(tmp_path / "a"), files(tmp_path / "b")
    assert sorted(name for name in a if a[name] != b[name]) == ["sitemap.xml", "sitemap.xml.gz"]
    for folder, epoch in ((tmp_path / "a", EPOCH), (tmp_path / "b", later)):
        day = dt.datetime.fromtimestamp(epoch, dt.UTC).date()
        sitemap = (folder / "sitemap.xml").read_text()
        assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {day.isoformat()}
        packed = (folder / "sitemap.xml.gz").read_bytes()
        header_time = int.from_bytes(packed[4:8], "little")
        assert dt.datetime.fromtimestamp(header_time, dt.UTC).date() == day
        assert gzip.decompress(packed).decode() == sitemap


def test_make_build_dates_the_build_with_the_last_commit():
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(["make", "-n", "build"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if "mkdocs build" in line)
    commit = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
    if commit.returncode == 0 and commit.stdout.strip():
        assert line.startswith(f"SOURCE_DATE_EPOCH={commit.stdout.strip()} ")
    else:  # outside git there is no commit to date the build with
        assert "SOURCE_DATE_EPOCH" not in line
