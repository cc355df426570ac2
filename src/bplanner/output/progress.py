"""A line on standard error while a long plan is worked out, so a person knows it runs.

Shown only when standard error is a terminal (a pipe, a file, a test runner or a script
gets nothing, so JSON, CSV and logs stay clean), only after ``delay`` seconds (a plan that
takes less prints nothing), and erased when the work ends: standard output never holds it.
"""

from __future__ import annotations

import threading
import time

FRAMES = "|/-\\"


class Progress:
    """``with Progress("Planning", stream):`` writes "Planning... 3 s" to ``stream`` every
    ``interval`` seconds after ``delay``, on a thread of its own, then erases the line."""

    def __init__(self, label: str, stream, delay: float = 1.0, interval: float = 0.25,
                 enabled: bool = True):
        self.label = label
        self.stream = stream
        self.delay = delay
        self.interval = interval
        self.enabled = enabled and _is_terminal(stream)
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = 0  # width of the line on screen, to erase it
        self._start = 0.0

    def __enter__(self):
        if self.enabled:
            self._start = time.monotonic()
            self._thread = threading.Thread(target=self._run, name="bplanner-progress",
                                            daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._done.set()
        if self._thread is not None:
            self._thread.join()
        return False

    def line(self, tick: int) -> str:
        elapsed = time.monotonic() - self._start
        return f"{self.label}... {FRAMES[tick % len(FRAMES)]} {elapsed:.0f} s"

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed terminal: the work goes on without it
            self._done.set()

    def _run(self) -> None:
        if self._done.wait(self.delay):
            return
        tick = 0
        while not self._done.is_set():
            text = self.line(tick)
            self._write("\r" + text.ljust(self._shown))
            self._shown = max(self._shown, len(text))
            tick += 1
            self._done.wait(self.interval)
        if self._shown:
            self._write("\r" + " " * self._shown + "\r")


def _is_terminal(stream) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False
