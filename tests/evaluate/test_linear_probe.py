"""Linear probe: separable oracle, seeded determinism, cached features reused, CLI end to end."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from PIL import Image

from evaluate.linear import cosine_lr, main, probe_accuracy, train_probe

torch.set_num_threads(1)


def blobs(seed: int, n: int = 60, dim: int = 8, classes: int = 3):
    """Classes at one-hot centres x 4 plus small noise: linearly separable with a wide margin."""
    g = torch.Generator().manual_seed(seed)
    labels = torch.arange(n) % classes
    features = 4 * torch.nn.functional.one_hot(labels, dim).float() + 0.3 * torch.randn(n, dim, generator=g)
    return features, labels


def test_separable_blobs_are_learned_exactly():
    x, y = blobs(0)
    probe = train_probe(x, y, 3, epochs=100, batch_size=16, progress=False)
    assert probe_accuracy(probe, x, y)["top1"] == 100.0
    test_x, test_y = blobs(1)
    assert probe_accuracy(probe, test_x, test_y)["top1"] == 100.0


def test_seeded_schedule_is_deterministic():
    x, y = blobs(2)
    first = train_probe(x, y, 3, epochs=3, batch_size=7, seed=5, progress=False)
    again = train_probe(x, y, 3, epochs=3, batch_size=7, seed=5, progress=False)
    other = train_probe(x, y, 3, epochs=3, batch_size=7, seed=6, progress=False)
    assert torch.equal(first.linear.weight, again.linear.weight)
    assert not torch.equal(first.linear.weight, other.linear.weight)  # batch order differs


def test_cosine_schedule():
    assert cosine_lr(0, 10, 1.0) == 1.0 and cosine_lr(10, 10, 1.0) == pytest.approx(0.0)
    assert cosine_lr(5, 10, 1.0) == pytest.approx(0.5)


def test_bad_labels():
    x, y = blobs(0)
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 2\)"):
        train_probe(x, y, 2, progress=False)
    with pytest.raises(ValueError, match="59 labels"):
        train_probe(x, y[:-1], 3, progress=False)


def test_cli_end_to_end_with_cache(tmp_path):
    rng = np.random.default_rng(0)
    root = tmp_path / "colours"
    for name, base in (("red", (200, 30, 30)), ("blue", (30, 30, 200)), ("green", (30, 200, 30))):
        for i in range(8):
            folder = root / ("train" if i < 5 else "test") / name
            folder.mkdir(parents=True, exist_ok=True)
            colour = np.clip(np.array(base) + rng.integers(-25, 26, size=3), 0, 255).astype(np.uint8)
            Image.fromarray(np.ascontiguousarray(np.broadcast_to(colour, (12, 12, 3)))).save(
                folder / f"{i}.png")
    args = ["--backbone", "pixels@12", "--dataset", f"imagefolder:{root}", "--cache-dir",
            str(tmp_path / "cache"), "--epochs", "20", "--probe-batch-size", "4", "--k", "3",
            "--json", str(tmp_path / "r.json")]
    assert main(args) == 0
    first = json.loads((tmp_path / "r.json").read_text())
    assert first["linear_top1"] == 100.0 and first["knn_top1"] == 100.0 and not first["cached"]
    assert first["n_train"] == 15 and first["n_test"] == 9
    assert main(args) == 0
    second = json.loads((tmp_path / "r.json").read_text())
    assert second["cached"] and second["linear_top1"] == first["linear_top1"]


def test_cli_bad_dataset(tmp_path, capsys):
    assert main(["--backbone", "pixels", "--dataset", f"imagefolder:{tmp_path / 'nope'}",
                 "--cache-dir", str(tmp_path)]) == 2
    assert "nope" in capsys.readouterr().err
