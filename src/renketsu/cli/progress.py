"""A progress display for long runs: shown on the terminal only once a run has lasted a second."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

#: Seconds a run may take before the display appears.
DELAY = 1.0


@contextmanager
def progress(label: str, console: Console | None = None) -> Iterator[Callable[[str], None]]:
    """Yield ``update(step)``; a spinner with the step and elapsed time appears after :data:`DELAY` seconds."""
    console = console or Console(stderr=True)
    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                   transient=True, disable=not console.is_terminal)
    task = bar.add_task(label, total=None)
    started = threading.Event()

    def start() -> None:
        bar.start()
        started.set()

    timer = threading.Timer(DELAY, start)
    timer.daemon = True
    timer.start()
    try:
        yield lambda step: bar.update(task, description=f"{label}: {step}")
    finally:
        timer.cancel()
        if started.is_set():
            bar.stop()
