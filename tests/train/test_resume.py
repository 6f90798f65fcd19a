"""Checkpoints: exact resume after SIGTERM, atomic writes, and resume errors before any work."""
from __future__ import annotations

import csv
import os
import signal
import threading
import time

import pytest
import torch

from train import checkpoint as ckpt
from train.config import ConfigError, config_to_dict, resolve_config
from train.distributed import per_rank_batch
from train.loop import train
from train.plot import plot_run, read_metrics


def _losses(run_dir) -> list[tuple[int, float]]:
    with open(run_dir / "metrics.csv") as fh:
        return [(int(r["step"]), float(r["loss"])) for r in csv.DictReader(fh)]


def _sigterm_when_first_row_logged(run_dir) -> threading.Thread:
    """Send SIGTERM to this process as soon as the run has logged its first step."""
    def watch():
        path = run_dir / "metrics.csv"
        deadline = time.time() + 120
        while time.time() < deadline:
            if path.exists() and len(path.read_text().splitlines()) >= 2:
                os.kill(os.getpid(), signal.SIGTERM)
                return
            time.sleep(0.005)
    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_interrupted_and_resumed_run_replays_the_same_losses(tmp_path, tiny_overrides):
    straight_dir, split_dir = tmp_path / "straight", tmp_path / "split"
    straight = train(resolve_config(None, tiny_overrides(straight_dir)))
    assert straight["step"] == 6 and not straight["interrupted"]

    watcher = _sigterm_when_first_row_logged(split_dir)
    first = train(resolve_config(None, tiny_overrides(split_dir)))
    watcher.join()
    # The signal only sets a flag: the run finished its step, checkpointed and returned.
    assert first["interrupted"] and 1 <= first["step"] < 6
    assert first["last_checkpoint_step"] == first["step"]
    assert ckpt.latest_checkpoint(split_dir).name == f"ckpt_{first['step']:08d}.pt"

    second = train(resolve_config(None, tiny_overrides(split_dir, resume="true")))
    assert second["start_step"] == first["step"] and second["step"] == 6
    want, got = _losses(straight_dir), _losses(split_dir)
    assert [s for s, _ in got] == [s for s, _ in want] == list(range(6))
    assert [loss for _, loss in got] == pytest.approx([loss for _, loss in want], abs=1e-6)
    # The final weights agree as well (teacher EMA, optimiser and centre were restored).
    a = ckpt.load_checkpoint(ckpt.latest_checkpoint(straight_dir))
    b = ckpt.load_checkpoint(ckpt.latest_checkpoint(split_dir))
    for key in ("student", "teacher"):
        for name in a[key]:
            assert torch.allclose(a[key][name], b[key][name], atol=1e-6), (key, name)
    assert torch.allclose(a["center"], b["center"], atol=1e-7)
    assert (split_dir / "config.yaml").exists()


def test_first_part_of_a_longer_schedule_equals_that_run_at_the_same_step(tmp_path, tiny_overrides):
    """steps=3 with schedule_steps=6 is the 6-step run stopped at step 3: same losses, same weights."""
    whole_dir, part_dir = tmp_path / "whole", tmp_path / "part"
    train(resolve_config(None, tiny_overrides(whole_dir, checkpoint_every=3)))
    part = train(resolve_config(None, tiny_overrides(part_dir, steps=3, schedule_steps=6)))
    assert part["step"] == 3 and not part["interrupted"]
    got, want = _losses(part_dir), _losses(whole_dir)[:3]
    assert [s for s, _ in got] == [s for s, _ in want] == [0, 1, 2]
    assert [loss for _, loss in got] == pytest.approx([loss for _, loss in want], abs=1e-6)
    a = ckpt.load_checkpoint(dict(ckpt.list_checkpoints(whole_dir))[3])
    b = ckpt.load_checkpoint(ckpt.latest_checkpoint(part_dir))
    for key in ("student", "teacher"):
        for name in a[key]:
            assert torch.allclose(a[key][name], b[key][name], atol=1e-6), (key, name)
    # ... and not the 3-step run with its own (annealed) schedule (the student shows the lr).
    short_dir = tmp_path / "short"
    train(resolve_config(None, tiny_overrides(short_dir, steps=3)))
    c = ckpt.load_checkpoint(ckpt.latest_checkpoint(short_dir))
    assert any(not torch.allclose(b["student"][n], c["student"][n], atol=1e-6) for n in b["student"])


def test_partial_temp_file_is_ignored_and_fresh_run_refuses_old_dir(tmp_path, tiny_overrides):
    run_dir = tmp_path / "run"
    train(resolve_config(None, tiny_overrides(run_dir, steps=2, checkpoint_every=1)))
    folder = ckpt.checkpoint_dir(run_dir)
    # A crash mid-write leaves only a temp file with a later step in its name: never "latest".
    (folder / ".ckpt_00000099_abc.tmp").write_bytes(b"PK\x03\x04truncated")
    assert ckpt.latest_checkpoint(run_dir) == folder / "ckpt_00000002.pt"
    resumed = train(resolve_config(None, tiny_overrides(run_dir, steps=3, resume="true")))
    assert resumed["start_step"] == 2 and resumed["step"] == 3
    assert not (folder / ".ckpt_00000099_abc.tmp").exists()  # stale temp files are removed
    with pytest.raises(ckpt.CheckpointError, match="already holds checkpoints"):
        train(resolve_config(None, tiny_overrides(run_dir, steps=3)))
    # The run's metrics plot as a PNG (3 rows: 2 steps, then 1 resumed step).
    png = plot_run(run_dir)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert read_metrics(run_dir)["step"] == [0.0, 1.0, 2.0]


def test_truncated_checkpoint_is_a_clear_error(tmp_path):
    path = tmp_path / "ckpt_00000001.pt"
    path.write_bytes(b"\x80\x02garbage")
    with pytest.raises(ckpt.CheckpointError, match="cannot read checkpoint"):
        ckpt.load_checkpoint(path)


def test_resume_errors_before_any_work(tmp_path, tiny_overrides):
    missing = tmp_path / "nope.pt"
    with pytest.raises(ckpt.CheckpointError, match="nope.pt.*does not exist"):
        train(resolve_config(None, tiny_overrides(tmp_path / "a", resume=str(missing))))
    with pytest.raises(ckpt.CheckpointError, match="holds no checkpoint"):
        train(resolve_config(None, tiny_overrides(tmp_path / "b", resume="true")))
    # A checkpoint of another architecture (written for real, no training needed).
    other = resolve_config(None, tiny_overrides(tmp_path / "c", **{"model.arch": "vit_small_patch16_224"}))
    path = ckpt.save_checkpoint({"config": config_to_dict(other)}, tmp_path / "c", 5)
    with pytest.raises(ckpt.CheckpointError, match="another architecture: model.arch"):
        train(resolve_config(None, tiny_overrides(tmp_path / "d", resume=str(path))))
    assert not (tmp_path / "d").exists()  # nothing was written: the error came first


@pytest.mark.parametrize("key, value, match", [
    ("data.dataset", "imagenet", "'data.dataset'.*imagenet"),
    ("model.arch", "vit_nope", "'model.arch': unknown timm architecture 'vit_nope'"),
])
def test_unknown_names_fail_before_any_work(tmp_path, tiny_overrides, key, value, match):
    with pytest.raises(ConfigError, match=match):
        train(resolve_config(None, tiny_overrides(tmp_path / "run", **{key: value})))
    assert not (tmp_path / "run").exists()


def test_batch_split_errors():
    assert per_rank_batch(8, 2) == 4
    with pytest.raises(ConfigError, match="smaller than the number of ranks"):
        per_rank_batch(1, 2)
    with pytest.raises(ConfigError, match="not divisible"):
        per_rank_batch(7, 2)


@pytest.mark.parametrize("key, value, old", [
    ("data.dataset", "kml-mixup", "kml"),
    ("data.resolution", 48, 32),
    ("data.kml_k", 3, None),
    ("data.mixup", 3, None),
    ("seed", 1, 0),
    ("batch_size", 8, 4),
])
def test_resume_on_another_stream_is_refused_before_any_work(tmp_path, tiny_overrides, key, value, old):
    """Same architecture, other stream: resuming would not continue the stream, so it is an error."""
    if key == "data.mixup":  # an option only kml-mixup takes
        base = {"data.dataset": "kml-mixup"}
    else:
        base = {"data.dataset": "kml"}
    saved = resolve_config(None, tiny_overrides(tmp_path / "c", **base))
    path = ckpt.save_checkpoint({"config": config_to_dict(saved)}, tmp_path / "c", 5)
    run = resolve_config(None, tiny_overrides(tmp_path / "d", resume=str(path), **{**base, key: value}))
    with pytest.raises(ckpt.CheckpointError, match="another data stream") as error:
        train(run)
    assert f"{key}: checkpoint {old!r} vs run {value!r}" in str(error.value)
    assert not (tmp_path / "d").exists()  # nothing was written: the error came first


def test_resume_with_another_library_is_refused_and_old_checkpoints_mean_shaders(tmp_path, tiny_overrides):
    """`data.library` is a stream key: another library is refused naming it; a checkpoint written
    before the key existed ran on shaders/, so it resumes as the default library (regression)."""
    from benchmarks.variant_library import write_variant_library

    corpus = str(write_variant_library(tmp_path / "corpus", 2, progress=False))
    saved = config_to_dict(resolve_config(None, tiny_overrides(tmp_path / "c")))
    assert saved["data"]["library"] == "shaders"
    path = ckpt.save_checkpoint({"config": saved}, tmp_path / "c", 5)
    run = resolve_config(None, tiny_overrides(tmp_path / "d", resume=str(path), **{"data.library": corpus}))
    with pytest.raises(ckpt.CheckpointError, match="another data stream") as error:
        train(run)
    assert f"data.library: checkpoint 'shaders' vs run {corpus!r}" in str(error.value)
    assert not (tmp_path / "d").exists()  # nothing was written: the error came first

    old = {**saved, "data": {k: v for k, v in saved["data"].items() if k != "library"}}
    default_run = config_to_dict(resolve_config(None, tiny_overrides(tmp_path / "e")))
    ckpt.check_compatible(old, default_run, path)  # no refusal: absent means shaders/
    with pytest.raises(ckpt.CheckpointError, match=f"data.library: checkpoint 'shaders' vs run {corpus!r}"):
        ckpt.check_compatible(old, config_to_dict(run), path)


def _open_files_under(folder) -> list[str]:
    fds = "/proc/self/fd"
    targets = []
    for fd in os.listdir(fds):
        try:
            targets.append(os.readlink(os.path.join(fds, fd)))
        except OSError:  # closed meanwhile (the listing's own fd)
            pass
    return [t for t in targets if t.startswith(str(folder))]


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc to list open files")
def test_failures_close_files_stop_the_stream_and_restore_signal_handlers(tmp_path, tiny_overrides):
    handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    # 1. The stream refuses its arguments after the metrics log was opened.
    bad_stream = resolve_config(None, tiny_overrides(tmp_path / "a", tensorboard=True, **{"data.resolution": 5000}))
    with pytest.raises(ValueError, match="resolution") as failure:
        train(bad_stream)
    assert not (tmp_path / "a").exists()  # failed before its first step: no half-made folder
    # Checked while the traceback (and so every frame's locals) is alive: closed, not collected.
    assert failure.tb is not None and _open_files_under(tmp_path) == []
    # 2. A failure inside the loop (lr 1e30 makes the loss NaN at step 1), with prefetch running.
    diverging = resolve_config(None, tiny_overrides(
        tmp_path / "b", tensorboard=True, steps=4, **{"optim.lr": 1e30, "optim.lr_batch_scaling": False,
                                                       "optim.warmup_steps": 0, "optim.clip_grad": 0.0}))
    with pytest.raises(FloatingPointError, match="loss is nan at step 1") as failure:
        train(diverging)
    assert failure.tb is not None and _open_files_under(tmp_path) == []
    assert {s: signal.getsignal(s) for s in handlers} == handlers
    assert not [t for t in threading.enumerate() if t.name.startswith("procgen-stream")]
