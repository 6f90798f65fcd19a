"""Progress bars that stay readable in logs: tqdm, throttled when stderr is not a terminal."""
from __future__ import annotations

import os
import sys
from typing import Iterable, TypeVar

from tqdm import tqdm

__all__ = ["progress_bar", "LOG_INTERVAL_SECONDS"]

T = TypeVar("T")

# In a non-interactive run (CI, `make demo > log`) tqdm's default redraws ten times a second;
# every redraw is a line in the log. One line every few seconds is enough to follow it.
LOG_INTERVAL_SECONDS = float(os.environ.get("PROCVISION_PROGRESS_SECONDS", "5"))


def progress_bar(iterable: Iterable[T] | None = None, **options) -> tqdm:
    """``tqdm(iterable, **options)``, throttled when stderr is not a terminal.

    Interactive: tqdm as usual (dynamic width). Otherwise a redraw at most every
    ``LOG_INTERVAL_SECONDS`` (env PROCVISION_PROGRESS_SECONDS, default 5) and plain ASCII
    (plus the final line when the bar closes). Options are tqdm's and win over these defaults.
    """
    if sys.stderr.isatty():
        defaults = {"dynamic_ncols": True}
    else:
        defaults = {"mininterval": LOG_INTERVAL_SECONDS, "maxinterval": max(LOG_INTERVAL_SECONDS, 10.0),
                    "ascii": True, "ncols": 100}
    return tqdm(iterable, **{**defaults, **options})
