"""2AFC: the score formula, known-distance triplets end to end, PSNR/SSIM baselines, bad CSVs."""
from __future__ import annotations

import csv
import json

import numpy as np
import pytest
import torch
from PIL import Image

from evaluate.twoafc import (TripletError, main, psnr_distance, read_triplets, ssim_distance,
                             twoafc_score)

torch.set_num_threads(1)


def test_score_formula_closed_form():
    d_a = torch.tensor([0.1, 0.5, 0.3, 0.2])
    d_b = torch.tensor([0.2, 0.4, 0.3, 0.9])
    p = torch.tensor([0.25, 0.75, 0.9, 1.0])
    # a closer -> 1-p; b closer -> p; tie -> 0.5
    assert twoafc_score(d_a, d_b, p).tolist() == [0.75, 0.75, 0.5, 0.0]


def test_baselines_identical_and_ordered():
    rng = np.random.default_rng(0)
    x = torch.from_numpy(rng.uniform(size=(2, 3, 32, 32)))
    slightly, very = (x + 0.02).clamp(0, 1), torch.from_numpy(rng.uniform(size=(2, 3, 32, 32)))
    assert torch.all(ssim_distance(x, x).abs() < 1e-12)
    assert torch.all(psnr_distance(x, x) == -torch.inf)
    assert torch.all(ssim_distance(x, slightly) < ssim_distance(x, very))
    assert torch.all(psnr_distance(x, slightly) < psnr_distance(x, very))
    # PSNR of a constant 0.1 error is 20 dB exactly.
    assert psnr_distance(torch.zeros(1, 3, 8, 8), torch.full((1, 3, 8, 8), 0.1)).item() == pytest.approx(-20)


def write_triplets(root, rows, header=("id", "ref_path", "left_path", "right_path", "right_vote",
                                       "votes", "split")):
    for name, seed in (("ref", 0), ("same", 0), ("other", 5), ("other2", 9)):
        array = np.random.default_rng(seed).integers(0, 256, size=(40, 30, 3), dtype=np.uint8)
        Image.fromarray(array).save(root / f"{name}.png")
    with (root / "data.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return root


@pytest.fixture
def triplet_dir(tmp_path):
    rows = [
        (0, "ref.png", "same.png", "other.png", 0.2, 6, "test"),    # a identical: d_a=0 -> 1-p = 0.8
        (1, "ref.png", "other.png", "same.png", 0.7, 7, "test"),    # b identical -> p = 0.7
        (2, "ref.png", "other.png", "other.png", 0.9, 6, "test"),   # same file twice: tie -> 0.5
        (3, "ref.png", "same.png", "other2.png", 0.0, 6, "train"),  # other split: dropped
        (4, "ref.png", "same.png", "other2.png", 1.0, 5, "test"),   # too few votes: dropped
    ]
    return write_triplets(tmp_path, rows)


@pytest.mark.parametrize("backbone", ["pixels@24", "random:vit_tiny_patch16_224@32"])
def test_known_distance_triplets_end_to_end(triplet_dir, backbone):
    out = triplet_dir / "r.json"
    assert main(["--backbone", backbone, "--triplets", str(triplet_dir), "--baseline-size", "32",
                 "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    expected = 100 * (0.8 + 0.7 + 0.5) / 3
    assert result["n_triplets"] == 3
    assert result["score"] == pytest.approx(expected)
    assert result["score_psnr"] == pytest.approx(expected)
    assert result["score_ssim"] == pytest.approx(expected)


def test_split_all_keeps_every_row_with_enough_votes(triplet_dir):
    assert len(read_triplets(triplet_dir, split=None)) == 4
    assert len(read_triplets(triplet_dir, split=None, min_votes=0)) == 5


def test_missing_file_is_named_or_counted(triplet_dir, capsys):
    (triplet_dir / "other2.png").unlink()
    with pytest.raises(TripletError, match=r"data.csv line 5 names missing file\(s\): .*other2.png"):
        read_triplets(triplet_dir, split=None)
    assert read_triplets(triplet_dir, split=None, skip_missing=True).skipped == 1
    assert main(["--backbone", "pixels", "--triplets", str(triplet_dir), "--split", "all"]) == 2
    assert "other2.png" in capsys.readouterr().err


def test_bad_csvs(tmp_path):
    with pytest.raises(TripletError, match="data.csv not found"):
        read_triplets(tmp_path)
    write_triplets(tmp_path, [("ref.png", "same.png", "other.png")],
                   header=("ref_path", "left_path", "right_path"))
    with pytest.raises(TripletError, match=r"lacks columns \['right_vote'\]"):
        read_triplets(tmp_path)
    write_triplets(tmp_path, [("ref.png", "same.png", "other.png", 1.5)],
                   header=("ref_path", "left_path", "right_path", "right_vote"))
    with pytest.raises(TripletError, match=r"line 2: right_vote 1.5 outside \[0, 1\]"):
        read_triplets(tmp_path)
