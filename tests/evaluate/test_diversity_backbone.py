"""`python -m evaluate.diversity`: the diversity report with a backbone's embeddings (knowledge side)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import torch

from evaluate.diversity import backbone_embedder

REPO = Path(__file__).resolve().parents[2]


def test_backbone_embedder_matches_memory_embedding_of_the_same_pixels():
    from memory.embed import backbone_from_spec, preprocess_batch

    images = (torch.rand(3, 3, 24, 24, generator=torch.Generator().manual_seed(5)) * 255).round() / 255
    x = backbone_embedder("random:vit_tiny_patch16_224@32")(images)
    assert x.shape == (3, 192) and torch.allclose(x.norm(dim=1), torch.ones(3), atol=1e-5)
    backbone = backbone_from_spec("random:vit_tiny_patch16_224@32")
    as_uint8 = (images * 255).round().to(torch.uint8).permute(0, 2, 3, 1)  # how a real image arrives
    assert torch.allclose(x, backbone.embed(preprocess_batch(as_uint8, backbone.preprocess)), atol=1e-5)
    assert not torch.allclose(x[0], x[1], atol=1e-3)


def test_cli_reports_backbone_vendi(tmp_path):
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    cmd = [sys.executable, "-m", "evaluate.diversity", "hand=shaders", "synth:3:4", "--backbone", "pixels@16",
           "--n-programs", "4", "--per-program", "2", "--resolution", "32", "--json", str(tmp_path / "d.json")]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "d.json").read_text())
    for pool in ("hand", "synth:3:4"):
        assert 1.0 <= report["pools"][pool]["vendi_backbone"] <= 8.0
        assert 1.0 <= report["pools"][pool]["vendi_randomnet"] <= 8.0
    assert "vendi_backbone" in report["mix"] and "backbone" in report["mix"]["mixing_gain"]
    bad = subprocess.run(cmd[:-2] + ["--json", str(tmp_path / "e.json"), "--backbone", "nonsense:x"],
                         capture_output=True, text=True, env=env, timeout=600)
    assert bad.returncode == 2 and "--backbone" in bad.stderr and not (tmp_path / "e.json").exists()
