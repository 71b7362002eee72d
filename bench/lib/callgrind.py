"""Instructions a server's one worker executes per request, counted by callgrind.

Wall time on a shared machine moves with everything else running; the number of
instructions a request executes does not. ``CallgrindServer`` starts a command
(a gunicorn with one worker) under ``valgrind --tool=callgrind`` with counting
off, and ``count`` counts what the worker executes while a caller's requests run:
user space only, the whole worker (Django, the templates, the cache and database
clients), not Redis or PostgreSQL. Valgrind runs the server 20–50 times slower,
so give it time-outs to match.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

TOTALS = re.compile(r"^(?:summary|totals): (\d+)", re.M)


def children(pid: int) -> list[int]:
    """The processes ``pid`` started, and theirs."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found += [int(entry.name), *children(int(entry.name))]
    return found


class CallgrindServer:
    """``command`` under callgrind, answering at ``health_url`` once started."""

    def __init__(self, command: list[str], *, env: dict, cwd: Path, health_url: str):
        self.command, self.env, self.cwd, self.health_url = command, env, cwd, health_url
        self.out_dir = Path(tempfile.mkdtemp(prefix="bench-callgrind-"))
        self.process: subprocess.Popen | None = None
        self.worker: str | None = None

    def __enter__(self) -> CallgrindServer:
        if not shutil.which("valgrind"):
            raise RuntimeError("--callgrind needs valgrind (apt-get install valgrind)")
        self.process = subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--trace-children=yes",
             f"--callgrind-out-file={self.out_dir}/callgrind.%p", *self.command],
            env=self.env, cwd=self.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(900):  # Django starts slowly under valgrind
            if self.process.poll() is not None:
                raise RuntimeError("the server under valgrind exited early")
            try:
                with urllib.request.urlopen(self.health_url, timeout=60):
                    break
            except OSError:
                time.sleep(1)
        else:
            raise RuntimeError("the server under valgrind did not answer within 15 minutes")
        # The worker: the last process of the tree (valgrind -> herald -> gunicorn master
        # -> worker; the master execs in place of the command).
        tree = children(self.process.pid)
        if not tree:
            raise RuntimeError("the server under valgrind started no worker")
        self.worker = str(tree[-1])
        return self

    def _control(self, *options: str) -> None:
        subprocess.run(["callgrind_control", *options, self.worker], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def count(self, name: str, send: Callable[[], int]) -> float:
        """Instructions per request while ``send()`` runs; it returns how many it sent.
        Counting is on from the first call (warming up before it costs less)."""
        self._control("--instr=on")
        self._control("--zero")
        requests = send()
        before = set(self.out_dir.iterdir())
        self._control(f"--dump={name}")
        for _ in range(600):  # the worker dumps when it next wakes
            dumps = set(self.out_dir.iterdir()) - before
            if dumps:
                break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"callgrind wrote no dump for {name} into {self.out_dir}")
        time.sleep(0.5)  # written in full
        text = max(dumps, key=lambda path: path.stat().st_mtime).read_text()
        return int(TOTALS.search(text).group(1)) / requests

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                # A worker under valgrind may not stop in time; left running, it would
                # answer the next run's requests on the same port.
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.out_dir, ignore_errors=True)
