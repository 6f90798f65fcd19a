"""The evaluations are benchmark kinds of the runner's registry, and each kind really runs."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from evaluate.benchmarks import get_benchmark, list_benchmarks
from evaluate.scenes import write_scenes

torch.set_num_threads(1)

KINDS = ("pca-seg", "knn-seg", "twoafc", "medmnist", "linear")


@pytest.mark.parametrize("kind", KINDS)
def test_kind_registered(kind):
    assert kind in list_benchmarks() and callable(get_benchmark(kind))


def test_pca_seg_kind_runs(tmp_path):
    root = write_scenes(tmp_path / "s", 2, height=32, width=32)
    result = get_benchmark("pca-seg")("pixels", {"images": str(root / "images"),
                                                 "masks": str(root / "instances"),
                                                 "size": 32, "out_size": 16}, tmp_path)
    assert result["n_images"] == 2 and 0 <= result["r2"] <= 100
    assert (tmp_path / "pca_seg.png").is_file()


def test_medmnist_kind_runs(tmp_path):
    rng = np.random.default_rng(0)
    np.savez(tmp_path / "bloodmnist.npz", **{
        f"{s}_{kind}": (rng.integers(0, 256, size=(n, 8, 8), dtype=np.uint8) if kind == "images"
                        else rng.integers(0, 2, size=(n, 1)).astype(np.uint8))
        for s, n in (("train", 20), ("val", 4), ("test", 10)) for kind in ("images", "labels")})
    result = get_benchmark("medmnist")("pixels@8", {"dir": str(tmp_path), "k": [1]}, tmp_path)
    assert [row["set"] for row in result["rows"]] == ["blood"]
