"""Work done on the machine's other core while MkDocs goes on with the build.

MkDocs builds on one core. The exports and the report's PDF need nothing that MkDocs makes
after they start, so each runs in a forked copy of the build process: the copy already holds
the records, so nothing is read twice, and it hands back its result through a pipe.

``start(fn, *args)`` forks and returns a ``Job``; ``job.result()`` waits for it and returns
what ``fn`` returned, or raises what it raised. Where ``os.fork`` does not exist the work is
done at once, in the build's own process.
"""

from __future__ import annotations

import os
import pickle
import signal
import traceback
from typing import Any, Callable


#: from this many files or records on, reading and checking them is split between two processes;
#: below it, a fork costs more than it saves
PARALLEL_FROM = 2000


class BackgroundError(Exception):
    """The forked process failed in a way that could not be handed back as its own exception."""


class Job:
    """One piece of work running in a forked process."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        self.name = getattr(fn, "__name__", "work")
        self.pid: int | None = None
        self._fd: int | None = None
        self._done: tuple[str, Any] | None = None
        if not hasattr(os, "fork"):
            self._done = _run(fn, args)
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy: do the work, hand back the outcome, leave without cleaning up the parent's state
            status = 0
            try:
                os.close(read)
                data = pickle.dumps(_run(fn, args), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
            except BaseException:  # noqa: BLE001 - nothing may escape into the parent's code
                status = 1
            finally:
                os._exit(status)
        os.close(write)
        self.pid, self._fd = pid, read

    def result(self) -> Any:
        """What the work returned; raises what it raised."""
        if self._done is None:
            assert self._fd is not None and self.pid is not None
            with os.fdopen(self._fd, "rb") as inp:
                data = inp.read()
            self._fd = None
            _, status = os.waitpid(self.pid, 0)
            self.pid = None
            if not data:
                raise BackgroundError(f"{self.name}: the background process stopped (wait status {status}) without a result")
            self._done = pickle.loads(data)
        kind, value = self._done
        if kind == "error":
            raise value
        return value

    def cancel(self) -> None:
        """Stop the work if it still runs (a rebuild of `mkdocs serve` starts it afresh)."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGTERM)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _run(fn: Callable[..., Any], args: tuple) -> tuple[str, Any]:
    try:
        return "ok", fn(*args)
    except Exception as exc:  # handed back to the parent, which raises it
        try:
            pickle.dumps(exc)
            return "error", exc
        except Exception:  # an exception that cannot cross the pipe: its text does
            return "error", BackgroundError("".join(traceback.format_exception_only(exc)).strip())


def start(fn: Callable[..., Any], *args: Any) -> Job:
    return Job(fn, *args)
