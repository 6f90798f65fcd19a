"""procvision.progress: a log (stderr not a terminal) gets a progress line every few seconds, not ten a second."""
import io
import subprocess
import sys

from procvision import progress

LOOP = ("import time\nfrom {module} import {name} as bar\n"
        "for _ in bar(range(20), desc='work'):\n    time.sleep(0.1)\n")


def _redraws(module: str, name: str) -> int:
    result = subprocess.run([sys.executable, "-c", LOOP.format(module=module, name=name)], capture_output=True,
                            text=True, check=True, env={"PROCVISION_PROGRESS_SECONDS": "1", "PATH": ""})
    return result.stderr.count("work:")


def test_a_non_interactive_bar_redraws_at_most_once_per_interval():
    plain, throttled = _redraws("tqdm", "tqdm"), _redraws("procvision.progress", "progress_bar")
    assert plain >= 15  # tqdm alone: about one line per 0.1 s step
    assert 2 <= throttled <= 5  # start, about one per second over 2 s, and the final line


def test_an_interactive_bar_keeps_tqdm_s_redraw_rate(monkeypatch):
    sink = io.StringIO()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with progress.progress_bar(total=3, file=sink) as bar:
        assert bar.mininterval == 0.1 and bar.dynamic_ncols
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    with progress.progress_bar(total=3, file=sink) as bar:
        assert bar.mininterval == progress.LOG_INTERVAL_SECONDS
