"""PCA segmentation R^2: closed-form oracles, a brute-force numpy check, COCO and folder CLIs, bad input."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch
from PIL import Image

from evaluate.pca_seg import evaluate_pca_seg, image_r2, main, pca_colouring, segment_r2
from evaluate.scenes import write_scenes
from evaluate.segdata import SegmentationError, coco_set, folder_set

torch.set_num_threads(1)


def blocks(height: int = 24, width: int = 24) -> np.ndarray:
    """A label map with background and three segments (ids 1, 2, 5)."""
    label_map = np.zeros((height, width), np.int64)
    label_map[:12, :12], label_map[12:, :8], label_map[4:20, 14:] = 1, 2, 5
    return label_map


def one_hot(label_map: np.ndarray) -> torch.Tensor:
    ids = np.unique(label_map)
    return torch.from_numpy((label_map[..., None] == ids).astype(np.float32))


def brute_force_r2(features: np.ndarray, label_map: np.ndarray) -> float:
    """numpy: PCA by SVD, min-max, inertia over the foreground, per segment loops."""
    x = features.reshape(-1, features.shape[-1]).astype(np.float64)
    x = x - x.mean(0)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    p = x @ vt[:3].T
    p = (p - p.min(0)) / (p.max(0) - p.min(0))
    seg = label_map.reshape(-1)
    fg = p[(seg != 0) & (seg != 255)]
    total = ((fg - fg.mean(0)) ** 2).sum()
    within = sum(((p[seg == k] - p[seg == k].mean(0)) ** 2).sum()
                 for k in np.unique(seg) if k not in (0, 255))
    return 1 - within / total


def test_segment_id_features_give_r2_one():
    label_map = blocks()
    r2, colouring, truth = image_r2(one_hot(label_map), label_map, out_size=24)
    assert r2 == pytest.approx(1.0, abs=1e-9)
    assert colouring.shape == (24, 24, 3) and colouring.min() >= 0 and colouring.max() <= 1
    assert torch.equal(truth, torch.from_numpy(label_map))


def test_constant_features_give_r2_zero():
    label_map = blocks()
    r2, colouring, _ = image_r2(torch.full((24, 24, 16), 0.7), label_map, out_size=24)
    assert r2 == 0.0 and colouring.abs().max() == 0


def test_background_only_is_nan_and_skipped():
    assert math.isnan(segment_r2(torch.rand(10, 3), torch.zeros(10, dtype=torch.long)))
    data_masks = [np.zeros((24, 24), np.int64), blocks()]

    class Two:
        name, skipped = "two", []

        def __len__(self):
            return 2

        def image(self, i):
            return torch.zeros((24, 24, 3), dtype=torch.uint8)

        def mask(self, i):
            return data_masks[i]

    result = evaluate_pca_seg(Two(), lambda images: torch.stack([one_hot(blocks())] * len(images)),
                              out_size=24, rgb_baseline=False, progress=False)
    assert result["n_scored"] == 1 and result["n_nan"] == 1 and result["r2"] == pytest.approx(100.0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_matches_brute_force_numpy(seed):
    rng = np.random.default_rng(seed)
    label_map = blocks()
    features = rng.normal(size=(24, 24, 10)) + 0.8 * one_hot(label_map).numpy() @ rng.normal(size=(4, 10))
    r2, _, _ = image_r2(torch.from_numpy(features).float(), label_map, out_size=24)
    assert r2 == pytest.approx(brute_force_r2(features, label_map), abs=1e-5)
    assert 0.0 < r2 < 1.0


def test_pca_colouring_is_sign_stable_and_pads_missing_components():
    x = torch.randn(50, 2, generator=torch.Generator().manual_seed(0))
    colours = pca_colouring(x)
    assert colours.shape == (50, 3) and torch.all(colours[:, 2] == 0)
    # The same points in another order get the same colours (signs fixed from the eigenvectors).
    assert torch.allclose(pca_colouring(x.flip(0)).flip(0), colours, atol=1e-6)


def test_cli_folder_end_to_end(tmp_path):
    root = write_scenes(tmp_path / "scenes", 3, seed=1, height=40, width=56)
    out = tmp_path / "out"
    code = main(["--backbone", "random:vit_tiny_patch16_224", "--images", str(root / "images"),
                 "--masks", str(root / "instances"), "--size", "64", "--out-size", "32",
                 "--json", str(out / "r.json"), "--png", str(out / "r.png")])
    assert code == 0
    result = json.loads((out / "r.json").read_text())
    assert result["n_images"] == 3 and result["n_scored"] == 3
    assert 0.0 <= result["r2"] <= 100.0 and 0.0 <= result["r2_rgb"] <= 100.0
    with Image.open(out / "r.png") as png:  # 3 rows x (image, PCA, mask) of 32 px + 2 px pads
        assert png.size == (3 * 34 + 2, 3 * 34 + 2)


def test_pixels_on_flat_colour_segments_score_one(tmp_path):
    """Raw pixels of a picture painted with one colour per segment, compared at full size."""
    label_map = blocks(32, 32)
    palette = np.array([[0, 0, 0], [250, 10, 10], [10, 250, 10], [0, 0, 0], [0, 0, 0], [10, 10, 250]],
                       np.uint8)
    (tmp_path / "im").mkdir(), (tmp_path / "mk").mkdir()
    Image.fromarray(palette[label_map]).save(tmp_path / "im" / "a.png")
    Image.fromarray(label_map.astype(np.uint8)).save(tmp_path / "mk" / "a.png")
    assert main(["--backbone", "pixels", "--images", str(tmp_path / "im"), "--masks",
                 str(tmp_path / "mk"), "--size", "32", "--out-size", "32",
                 "--json", str(tmp_path / "r.json")]) == 0
    result = json.loads((tmp_path / "r.json").read_text())
    assert result["r2"] == pytest.approx(100.0) and result["r2_rgb"] == pytest.approx(100.0)


def write_coco(tmp_path) -> tuple:
    images = tmp_path / "coco_images"
    images.mkdir()
    Image.new("RGB", (40, 30), (90, 90, 90)).save(images / "a.jpg")
    Image.new("RGB", (20, 20), (10, 90, 200)).save(images / "b.png")
    coco = {
        "images": [{"id": 1, "file_name": "a.jpg", "height": 30, "width": 40},
                   {"id": 2, "file_name": "b.png", "height": 20, "width": 20}],
        "categories": [{"id": 3, "name": "cat"}, {"id": 7, "name": "dog"}],
        "annotations": [
            {"id": 10, "image_id": 1, "category_id": 7, "iscrowd": 0, "area": 1, "bbox": [0, 0, 1, 1],
             "segmentation": [[0, 0, 20, 0, 20, 20, 0, 20]]},
            {"id": 11, "image_id": 1, "category_id": 3, "iscrowd": 0, "area": 1, "bbox": [0, 0, 1, 1],
             "segmentation": [[10, 10, 30, 10, 30, 25, 10, 25]]},
            {"id": 12, "image_id": 2, "category_id": 3, "iscrowd": 0, "area": 1, "bbox": [0, 0, 1, 1],
             "segmentation": [[2, 2, 12, 2, 12, 12, 2, 12]]},
        ]}
    path = tmp_path / "instances.json"
    path.write_text(json.dumps(coco))
    return images, path


def test_coco_instances_painted_in_order(tmp_path):
    images, annotations = write_coco(tmp_path)
    data = coco_set(images, annotations)
    assert len(data) == 2 and data.image(0).shape == (30, 40, 3)
    first = data.mask(0)
    assert first.shape == (30, 40)
    assert first[5, 5] == 1 and first[15, 15] == 2 and first[28, 38] == 0  # later overwrites
    semantic = coco_set(images, annotations, semantic=True)
    assert semantic.class_names == ["background", "cat", "dog"]
    assert semantic.mask(0)[5, 5] == 2 and semantic.mask(0)[15, 15] == 1


def test_cli_coco_end_to_end(tmp_path):
    images, annotations = write_coco(tmp_path)
    assert main(["--backbone", "pixels", "--images", str(images), "--coco", str(annotations),
                 "--size", "32", "--out-size", "16", "--json", str(tmp_path / "c.json")]) == 0
    result = json.loads((tmp_path / "c.json").read_text())
    assert result["n_images"] == 2 and result["coco"] == str(annotations)


def test_coco_missing_image_and_size_mismatch(tmp_path):
    images, annotations = write_coco(tmp_path)
    (images / "b.png").unlink()
    with pytest.raises(SegmentationError, match="b.png"):
        coco_set(images, annotations)
    assert coco_set(images, annotations, skip_missing=True).skipped == [str(images / "b.png")]
    Image.new("RGB", (41, 30)).save(images / "a.jpg")
    with pytest.raises(SegmentationError, match="a.jpg.*41x30"):
        coco_set(images, annotations, skip_missing=True)


@pytest.fixture
def pair_dirs(tmp_path):
    (tmp_path / "im").mkdir(), (tmp_path / "mk").mkdir()
    for name in ("a", "b"):
        Image.new("RGB", (16, 12)).save(tmp_path / "im" / f"{name}.png")
        Image.fromarray(np.ones((12, 16), np.uint8)).save(tmp_path / "mk" / f"{name}.png")
    return tmp_path / "im", tmp_path / "mk"


def test_bad_folders_name_the_file(pair_dirs, capsys):
    images, masks = pair_dirs
    Image.fromarray(np.ones((12, 15), np.uint8)).save(masks / "b.png")
    with pytest.raises(SegmentationError, match=r"b\.png is 15x12 .* 16x12"):
        folder_set(images, masks)
    assert main(["--backbone", "pixels", "--images", str(images), "--masks", str(masks)]) == 2
    assert "b.png" in capsys.readouterr().err
    (masks / "b.png").unlink()
    with pytest.raises(SegmentationError, match="without a mask.*b.png"):
        folder_set(images, masks)
    assert folder_set(images, masks, skip_missing=True).skipped == [str(images / "b.png")]
    Image.fromarray(np.ones((12, 16), np.uint8)).save(masks / "zzz.png")
    with pytest.raises(SegmentationError, match="without an image.*zzz.png"):
        folder_set(images, masks, skip_missing=True)


def test_labels_outside_classes_and_rgb_masks(pair_dirs):
    images, masks = pair_dirs
    label_map = np.full((12, 16), 255, np.uint8)
    label_map[0, 0] = 3
    Image.fromarray(label_map).save(masks / "a.png")
    assert len(folder_set(images, masks, num_classes=4)) == 2
    with pytest.raises(SegmentationError, match=r"a\.png has labels \[3\] outside the 3"):
        folder_set(images, masks, num_classes=3)
    Image.new("RGB", (16, 12)).save(masks / "a.png")
    with pytest.raises(SegmentationError, match="a.png: a label map must be single-channel"):
        folder_set(images, masks)


@pytest.mark.parametrize("grid", [(7, 7), (5, 9)])
def test_factored_upsampled_pca_equals_pca_of_upsampled_tokens(grid):
    """The h*w factorisation gives the colouring of the explicitly upsampled O*O vectors."""
    from evaluate.pca_seg import _upsample, upsampled_pca_colouring

    tokens = torch.randn(*grid, 16, generator=torch.Generator().manual_seed(sum(grid))) + 3.0
    direct = pca_colouring(_upsample(tokens, 28).reshape(-1, 16))
    assert torch.allclose(upsampled_pca_colouring(tokens, 28), direct, atol=1e-5)
    label_map = np.kron(np.arange(4).reshape(2, 2), np.ones((14, 14), np.int64))
    upsampled = _upsample(tokens, 28).numpy()
    assert image_r2(tokens, label_map, 28)[0] == pytest.approx(brute_force_r2(upsampled, label_map),
                                                               abs=1e-5)
