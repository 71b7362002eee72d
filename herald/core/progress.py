"""A one-line progress bar for long management commands (rebuilds, reindexing)."""

from __future__ import annotations

import sys
import time


class ProgressBar:
    """``bar(done, total)`` redraws ``[#####.....] 120/480 label`` on a terminal.

    Off a terminal (a log file, a test) it prints a plain line every ``every``
    items and at the end, so logs stay readable.
    """

    def __init__(self, label: str, stream=None, width: int = 30, every: int = 500):
        self.label, self.stream, self.width, self.every = label, stream or sys.stderr, width, every
        self.started = time.monotonic()
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.tty and done != total and done % self.every:
            return
        filled = self.width * done // total if total else self.width
        elapsed = time.monotonic() - self.started
        line = (f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} "
                f"{self.label} ({elapsed:.1f} s)")
        if self.tty:
            self.stream.write("\r" + line + ("\n" if done == total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
