"""KNN segmentation: patch-majority labels, the mIoU = 1 oracle, forgetting an image, CLI, bad input."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from PIL import Image

from evaluate.knn_seg import (build_patch_memory, confusion_scores, evaluate_knn_seg, main,
                              patch_labels)
from evaluate.scenes import write_scenes
from evaluate.segdata import SegmentationError, folder_set
from memory.embed import backbone_from_spec
from memory.patches import patch_features

torch.set_num_threads(1)

# Class colours distinct in direction, so cosine similarity of raw pixels tells them apart.
PALETTE = np.array([[120, 120, 120], [250, 0, 0], [0, 250, 0], [0, 0, 250]], np.uint8)


def write_split(root, split: str, count: int, seed: int, side: int = 16) -> None:
    rng = np.random.default_rng(seed)
    (root / split / "images").mkdir(parents=True), (root / split / "masks").mkdir(parents=True)
    for i in range(count):
        label_map = np.zeros((side, side), np.uint8)
        for cls in (1, 2, 3):
            top, left = rng.integers(0, side - 4, size=2)
            label_map[top:top + int(rng.integers(3, 8)), left:left + int(rng.integers(3, 8))] = cls
        label_map[0, 0] = 255  # an ignore pixel: never scored
        Image.fromarray(PALETTE[np.where(label_map == 255, 0, label_map)]).save(
            root / split / "images" / f"{i}.png")
        Image.fromarray(label_map).save(root / split / "masks" / f"{i}.png")


@pytest.fixture
def palette_data(tmp_path):
    root = tmp_path / "seg"
    write_split(root, "train", 3, seed=0)
    write_split(root, "test", 2, seed=1)
    (root / "classes.txt").write_text("background\nred\ngreen\nblue\n")
    return root


def test_patch_labels_majority_ignore_and_ties():
    label_map = np.full((4, 4), 255)
    label_map[:2, :2] = [[1, 1], [1, 2]]      # majority 1
    label_map[:2, 2:] = [[2, 3], [3, 2]]      # tie 2 / 3 -> the smaller label
    label_map[2:, :2] = [[0, 255], [255, 255]]  # ignore does not vote
    labels = patch_labels(label_map, 4, (2, 2), num_classes=4)
    assert labels.tolist() == [[1, 2], [0, -1]]


def test_confusion_scores_closed_form():
    confusion = torch.tensor([[3, 1, 0], [0, 2, 0], [0, 0, 0]])
    scores = confusion_scores(confusion)
    # IoU0 = 3 / (4 + 3 - 3) = 0.75, IoU1 = 2 / (2 + 3 - 2) = 2/3, class 2 absent.
    assert scores["miou"] == pytest.approx(100 * (0.75 + 2 / 3) / 2)
    assert scores["pixel_accuracy"] == pytest.approx(500 / 6)
    assert scores["iou"][2] is None


def test_segment_id_features_give_miou_one(palette_data):
    """Raw pixels of class-coloured images at full size: each patch is its class colour."""
    names = (palette_data / "classes.txt").read_text().split()
    train = folder_set(palette_data / "train/images", palette_data / "train/masks", class_names=names)
    test = folder_set(palette_data / "test/images", palette_data / "test/masks", class_names=names)
    pixels = backbone_from_spec("pixels")
    result = evaluate_knn_seg(train, test, lambda ims: patch_features(pixels, ims, 16).tokens,
                              size=16, num_classes=4, k=5, progress=False)
    assert result["miou"] == pytest.approx(100.0) and result["pixel_accuracy"] == pytest.approx(100.0)
    assert result["n_memory_patches"] == 3 * (16 * 16 - 1)  # one ignore pixel per image


def test_forgetting_an_image_removes_its_patches(palette_data):
    names = (palette_data / "classes.txt").read_text().split()
    train = folder_set(palette_data / "train/images", palette_data / "train/masks", class_names=names)
    pixels = backbone_from_spec("pixels")
    with build_patch_memory(train, lambda ims: patch_features(pixels, ims, 16).tokens, 16, 4,
                            progress=False) as store:
        before = len(store)
        forgotten = str(train.image_paths[1])
        assert store.remove_where(source=forgotten) == 16 * 16 - 1
        assert len(store) == before - (16 * 16 - 1) and store.count_where(source=forgotten) == 0
        assert store.count_where(source=str(train.image_paths[0])) == 16 * 16 - 1


def test_cli_end_to_end_vit(tmp_path):
    root = tmp_path / "scenes"
    for split, count, seed in (("train", 3, 0), ("test", 2, 1)):
        scenes = write_scenes(tmp_path / f"raw_{split}", count, seed=seed, height=48, width=64)
        (root / split).mkdir(parents=True)
        (scenes / "images").rename(root / split / "images")
        (scenes / "classes").rename(root / split / "masks")
    db = tmp_path / "patches.sqlite"
    code = main(["--backbone", "random:vit_tiny_patch16_224", "--data", str(root),
                 "--num-classes", "4", "--size", "64", "--k", "5", "--db", str(db),
                 "--json", str(tmp_path / "r.json"), "--png", str(tmp_path / "r.png")])
    assert code == 0
    result = json.loads((tmp_path / "r.json").read_text())
    assert result["n_memory_patches"] == 3 * 16 and 0 <= result["miou"] <= 100
    assert 0 <= result["pixel_accuracy"] <= 100 and (tmp_path / "r.png").is_file()
    with Image.open(tmp_path / "r.png") as png:
        assert png.size == (3 * 98 + 2, 2 * 98 + 2)
    assert db.is_file()


def test_bad_input_names_the_problem(palette_data, capsys):
    label_map = np.zeros((16, 16), np.uint8)
    label_map[3, 3] = 7
    Image.fromarray(label_map).save(palette_data / "test/masks/1.png")
    assert main(["--backbone", "pixels@16", "--data", str(palette_data)]) == 2
    err = capsys.readouterr().err
    assert "1.png has labels [7] outside the 4 declared classes" in err
    (palette_data / "classes.txt").unlink()
    with pytest.raises(SystemExit):
        main(["--backbone", "pixels", "--data", str(palette_data), "--k", "x"])
    assert main(["--backbone", "pixels", "--data", str(palette_data)]) == 2
    assert "classes.txt" in capsys.readouterr().err


def test_all_ignore_memory_is_an_error(tmp_path):
    (tmp_path / "im").mkdir(), (tmp_path / "mk").mkdir()
    Image.new("RGB", (8, 8)).save(tmp_path / "im/a.png")
    Image.fromarray(np.full((8, 8), 255, np.uint8)).save(tmp_path / "mk/a.png")
    data = folder_set(tmp_path / "im", tmp_path / "mk", num_classes=2)
    pixels = backbone_from_spec("pixels")
    with pytest.raises(SegmentationError, match="no labelled patch"):
        build_patch_memory(data, lambda ims: patch_features(pixels, ims, 8).tokens, 8, 2,
                           progress=False)
