"""MedMNIST suite: every file found, KNN matching a brute-force 1-NN, missing sets listed, bad npz named."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from evaluate.medmnist import MEDMNIST_SETS, evaluate_medmnist, find_medmnist, main

torch.set_num_threads(1)


def write_npz(path, seed: int, side: int = 28, rgb: bool = False, drop: str | None = None):
    rng = np.random.default_rng(seed)
    arrays = {}
    for split, n in (("train", 60), ("val", 10), ("test", 30)):
        shape = (n, side, side, 3) if rgb else (n, side, side)
        arrays[f"{split}_images"] = rng.integers(0, 256, size=shape, dtype=np.uint8)
        arrays[f"{split}_labels"] = rng.integers(0, 3, size=(n, 1)).astype(np.uint8)
    arrays.pop(drop, None)
    np.savez(path, **arrays)
    return arrays


def brute_force_1nn(arrays) -> float:
    def unit(x):
        x = x.reshape(len(x), -1).astype(np.float64) / 255
        return x / np.linalg.norm(x, axis=1, keepdims=True)
    sims = unit(arrays["test_images"]) @ unit(arrays["train_images"]).T
    pred = arrays["train_labels"].reshape(-1)[sims.argmax(1)]
    return 100.0 * float((pred == arrays["test_labels"].reshape(-1)).mean())


def test_suite_matches_brute_force_and_lists_missing(tmp_path):
    blood = write_npz(tmp_path / "bloodmnist.npz", 0)
    derma = write_npz(tmp_path / "dermamnist_64.npz", 1, side=64, rgb=True)
    (tmp_path / "chestmnist.npz").write_bytes(b"not one of the 10")  # ignored: not in the suite
    out = tmp_path / "suite.json"
    assert main(["--backbone", "pixels@28", "--dir", str(tmp_path), "--k", "1", "5",
                 "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    rows = {(r["set"], r["size"]): r for r in result["rows"]}
    assert sorted(rows) == [("blood", 28), ("derma", 64)]
    assert rows[("blood", 28)]["top1"]["1"] == pytest.approx(brute_force_1nn(blood))
    assert rows[("blood", 28)]["n_memory"] == 60 and rows[("blood", 28)]["n_queries"] == 30
    # derma at 64 px through pixels@28 is resized, so only the bounds are closed-form here.
    assert 0 <= rows[("derma", 64)]["top1"]["5"] <= 100
    assert result["missing"] == [s for s in MEDMNIST_SETS if s not in ("blood", "derma")]
    assert "Zenodo" in result["how_to_get_missing"]


def test_nothing_found_says_how_to_get(tmp_path, capsys):
    assert main(["--backbone", "pixels", "--dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "not found: bloodmnist*.npz" in out and "pip install medmnist" in out


def test_bad_npz_named_before_any_work(tmp_path, capsys):
    write_npz(tmp_path / "bloodmnist.npz", 0)
    write_npz(tmp_path / "pathmnist_128.npz", 2, drop="test_labels")
    assert main(["--backbone", "pixels", "--dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "pathmnist_128.npz is not a MedMNIST npz: missing arrays ['test_labels']" in err


def test_find_and_only(tmp_path):
    write_npz(tmp_path / "octmnist_224.npz", 0, side=8)
    write_npz(tmp_path / "octmnist.npz", 0, side=8)
    found, missing = find_medmnist(tmp_path)
    assert [(s, n) for s, n, _ in found] == [("oct", 28), ("oct", 224)] and "oct" not in missing
    with pytest.raises(ValueError, match="unknown MedMNIST set"):
        evaluate_medmnist("pixels", tmp_path, only=["chest"])
    result = evaluate_medmnist("pixels@8", tmp_path, ks=(3,), only=["blood"], progress=False)
    assert result["rows"] == [] and result["missing"] == ["blood"]
