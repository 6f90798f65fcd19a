"""DDP over torchrun (gloo, CPU): 2 ranks x B/2 images make the same step as 1 rank x B images."""
from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from train import checkpoint as ckpt

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(REPO)}
    for key in ("RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT"):
        env.pop(key, None)
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def _torchrun(nproc: int) -> list[str]:
    return [sys.executable, "-m", "torch.distributed.run", "--nnodes=1", f"--nproc_per_node={nproc}",
            "--master_addr=127.0.0.1", f"--master_port={_free_port()}", "-m", "train"]


def test_two_ranks_match_one_rank(tmp_path, tiny_overrides):
    # drop_path=0: DropPath masks are drawn per rank, so they would differ from a 1-rank run.
    # steps=2 with freeze_last_layer_steps=1: the second step also trains the last layer.
    common = {"steps": 2, "batch_size": 8, "model.drop_path": 0.0, "threads": 1}
    one = _run([sys.executable, "-m", "train", *tiny_overrides(tmp_path / "one", **common)])
    assert one.returncode == 0, one.stderr[-3000:]
    two = _run(_torchrun(2) + tiny_overrides(tmp_path / "two", **common))
    assert two.returncode == 0, two.stderr[-3000:]

    a = ckpt.load_checkpoint(ckpt.latest_checkpoint(tmp_path / "one"))
    b = ckpt.load_checkpoint(ckpt.latest_checkpoint(tmp_path / "two"))
    assert a["step"] == b["step"] == 2
    # Loss (mean over ranks) and global grad norm (after DDP's all-reduce) match the 1-rank run:
    # this pins the gradient *scale*, which Adam's update alone would hide.
    rows_one, rows_two = _rows(tmp_path / "one"), _rows(tmp_path / "two")
    for r1, r2 in zip(rows_one, rows_two, strict=True):
        assert float(r2["loss"]) == pytest.approx(float(r1["loss"]), rel=1e-5)
        assert float(r2["grad_norm"]) == pytest.approx(float(r1["grad_norm"]), rel=1e-5)
    # Parameters: Adam's first steps move each weight by about lr * sign(grad), so a weight whose
    # gradient is ~0 can flip sign on float round-off between 1 and 2 ranks. Hence: almost every
    # element equal to 1e-6, and none further apart than the lr bound of 2 steps.
    max_lr = max(float(r["lr"]) for r in rows_one)
    total = off = 0
    for key in ("student", "teacher"):
        for name, wa in a[key].items():
            diff = (wa - b[key][name]).abs()
            total, off = total + diff.numel(), off + int((diff > 1e-6).sum())
            assert float(diff.max()) <= 2 * 2 * max_lr, (key, name)
    assert off / total < 1e-3, f"{off} of {total} weights differ by more than 1e-6"
    # The centre is all-reduced over ranks, so it equals the 1-rank centre of the global batch.
    assert torch.allclose(a["center"], b["center"], atol=1e-6)
    # Not vacuous: training moved the student away from the teacher (EMA lags behind).
    assert not torch.allclose(a["student"]["backbone.blocks.0.attn.qkv.weight"],
                              a["teacher"]["backbone.blocks.0.attn.qkv.weight"])


def _rows(run_dir: Path) -> list[dict]:
    with open(run_dir / "metrics.csv") as fh:
        return list(csv.DictReader(fh))


def test_batch_smaller_than_ranks_is_a_clear_error(tmp_path, tiny_overrides):
    run = _run(_torchrun(2) + tiny_overrides(tmp_path / "bad", batch_size=1))
    assert run.returncode != 0
    assert "batch_size=1 is smaller than the number of ranks (2)" in run.stderr
    assert not (tmp_path / "bad").exists()
