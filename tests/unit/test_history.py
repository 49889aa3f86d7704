"""When data files last changed: git history in one pass, the modification time outside git."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from dossier import history
from dossier.history import git_dates, last_changed

UTC = dt.UTC


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with the site in a subfolder: a.yml committed once, b.yml changed later."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    site = repo / "site"
    write(site / "data/cases/a.yml", "id: a\n")
    write(site / "data/cases/b.yml", "id: b\n")
    write(repo / "elsewhere.txt", "not data\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first", when="2020-01-01T10:00:00+02:00")
    write(site / "data/cases/b.yml", "id: b\nverified: 2021-06-01\n")
    git(repo, "commit", "-q", "-am", "second", when="2021-06-01T12:30:00+00:00")
    return repo


def test_each_file_gets_its_newest_commit_relative_to_the_site(repo: Path) -> None:
    dates = git_dates(repo / "site")
    assert dates == {
        "data/cases/a.yml": dt.datetime(2020, 1, 1, 8, 0, tzinfo=UTC),
        "data/cases/b.yml": dt.datetime(2021, 6, 1, 12, 30, tzinfo=UTC),
    }


def test_one_git_process_for_all_files(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real_run = subprocess.run

    def counting_run(*args, **kwargs):
        calls.append(args[0])
        return real_run(*args, **kwargs)

    site = repo / "site"
    for i in range(30):
        write(site / f"data/sources/s{i}.yml", f"id: s{i}\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "sources", when="2022-02-02T00:00:00Z")
    monkeypatch.setattr(history.subprocess, "run", counting_run)
    paths = [f"data/sources/s{i}.yml" for i in range(30)] + ["data/cases/a.yml"]
    out = last_changed(site, paths)
    assert len(calls) == 1
    assert {c.origin for c in out.values()} == {"git"}
    assert out["data/sources/s7.yml"].when == dt.datetime(2022, 2, 2, tzinfo=UTC)


def test_a_file_not_yet_committed_falls_back_to_its_modification_time(repo: Path) -> None:
    site = repo / "site"
    new = site / "data/cases/new.yml"
    write(new, "id: new\n")
    os.utime(new, (1_700_000_000, 1_700_000_000))
    out = last_changed(site, ["data/cases/new.yml", "data/cases/a.yml"])
    assert out["data/cases/new.yml"].origin == "mtime"
    assert out["data/cases/new.yml"].when == dt.datetime.fromtimestamp(1_700_000_000, UTC)
    assert out["data/cases/a.yml"].origin == "git"


def test_outside_git_the_modification_time_stands_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    file = tmp_path / "data/cases/a.yml"
    write(file, "id: a\n")
    os.utime(file, (1_600_000_000, 1_600_000_000))
    assert git_dates(tmp_path) == {}
    out = last_changed(tmp_path, ["data/cases/a.yml"])
    assert out["data/cases/a.yml"] == history.Changed(dt.datetime.fromtimestamp(1_600_000_000, UTC), "mtime")


def test_source_date_epoch_caps_the_modification_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "data/cases/a.yml"
    write(file, "id: a\n")
    os.utime(file, (1_600_000_000, 1_600_000_000))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    assert last_changed(tmp_path, ["data/cases/a.yml"])["data/cases/a.yml"].when == dt.datetime.fromtimestamp(
        1_500_000_000, UTC
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # later than the file: the file's time stays
    assert last_changed(tmp_path, ["data/cases/a.yml"])["data/cases/a.yml"].when == dt.datetime.fromtimestamp(
        1_600_000_000, UTC
    )


def test_changed_day_reads_like_the_pages() -> None:
    assert history.Changed(dt.datetime(2026, 5, 3, 23, 0, tzinfo=UTC), "git").day == "3 May 2026"
