"""Work on the other core: results, errors and stops cross back from the forked process."""

from __future__ import annotations

import os
import time

import pytest

from dossier import pipeline
from dossier.report import ReportError


def _pid_and_sum(*numbers: int) -> tuple[int, int]:
    return os.getpid(), sum(numbers)


def _fails() -> None:
    raise ReportError("report/x.pdf: a stylesheet is missing")


class _Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("no")


def _fails_oddly() -> None:
    raise _Unpicklable("the reason, in words")


def _dies() -> None:
    os._exit(3)


def _sleeps() -> None:
    time.sleep(60)


def test_the_work_runs_in_another_process_and_returns_its_result() -> None:
    pid, total = pipeline.start(_pid_and_sum, 1, 2, 3).result()
    assert total == 6
    assert pid != os.getpid()


def test_the_result_is_kept_for_a_second_call() -> None:
    job = pipeline.start(_pid_and_sum, 5)
    assert job.result() == job.result()


def test_an_error_of_the_work_is_raised_as_itself() -> None:
    job = pipeline.start(_fails)
    with pytest.raises(ReportError, match="a stylesheet is missing"):
        job.result()


def test_an_error_that_cannot_cross_the_pipe_keeps_its_text() -> None:
    with pytest.raises(pipeline.BackgroundError, match="the reason, in words"):
        pipeline.start(_fails_oddly).result()


def test_a_process_that_dies_is_reported_not_waited_for_forever() -> None:
    with pytest.raises(pipeline.BackgroundError, match="_dies: the background process stopped"):
        pipeline.start(_dies).result()


def test_cancel_stops_the_work() -> None:
    job = pipeline.start(_sleeps)
    pid = job.pid
    assert pid is not None
    started = time.monotonic()
    job.cancel()
    assert time.monotonic() - started < 30
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone, and reaped


def test_the_exports_made_on_the_other_core_reach_the_site_whole(tmp_path) -> None:
    """The exports are made by a forked process and handed back through a pipe: every record's
    file in the site equals its entry in records.json, and nothing is left in the temporary folder."""
    import json

    from common import build, copy_fixture
    from dossier.pages import record_path

    site = copy_fixture(tmp_path / "mini")
    scratch_root = tmp_path / "tmp"
    scratch_root.mkdir()
    done = build(site / "mkdocs.yml", tmp_path / "site", env={"TMPDIR": str(scratch_root)})
    assert done.returncode == 0, done.stderr
    assert list(scratch_root.iterdir()) == []
    records = json.loads((tmp_path / "site" / "data" / "records.json").read_text(encoding="utf-8"))
    assert sum(len(items) for items in records["records"].values()) > 5
    for kind, items in records["records"].items():
        for item in items:
            one = tmp_path / "site" / record_path(kind, item["id"])
            assert json.loads(one.read_text(encoding="utf-8")) == item, one
