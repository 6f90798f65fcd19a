"""Fashion-MNIST from its four idx files (Debian's dataset-fashion-mnist): spec ``fashion-mnist[:DIR]``."""
from __future__ import annotations

import gzip
import os
from pathlib import Path

import numpy as np

from memory.data import DatasetNotFoundError, DatasetSpec, ImageSet, array_set, register_dataset_spec

__all__ = ["FASHION_MNIST_CLASSES", "read_idx"]

FASHION_MNIST_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                         "Shirt", "Sneaker", "Bag", "Ankle boot"]
FASHION_MNIST_DEFAULT_DIR = Path("/usr/share/datasets/fashion-mnist")
ENV = "PROCVISION_FASHION_MNIST"

_IDX_DTYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path: Path) -> np.ndarray:
    """Read an idx file (LeCun's format; gzip or plain): magic 0x0000 <dtype> <ndim>, sizes, data.

    Raises:
        ValueError: bad magic number, unknown dtype code or truncated data.
    """
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as handle:
        raw = handle.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_DTYPES:
        raise ValueError(f"{path} is not an idx file (magic bytes {raw[:4].hex()})")
    ndim = raw[3]
    shape = tuple(int(d) for d in np.frombuffer(raw, ">u4", count=ndim, offset=4))
    dtype = np.dtype(_IDX_DTYPES[raw[2]])
    offset = 4 + 4 * ndim
    expected = int(np.prod(shape)) * dtype.itemsize
    if len(raw) - offset != expected:
        raise ValueError(f"{path}: header says shape {shape} ({expected} bytes), "
                         f"file has {len(raw) - offset} data bytes")
    return np.frombuffer(raw, dtype, offset=offset).reshape(shape).astype(dtype.newbyteorder("="))


def _find_idx(directory: Path, stem: str) -> Path | None:
    for name in (f"{stem}.gz", stem, stem.replace("-idx", ".idx") + ".gz"):
        if (directory / name).is_file():
            return directory / name
    return None


def load_fashion_mnist(spec: DatasetSpec, split: str, seed: int) -> ImageSet:
    """One split of Fashion-MNIST (``seed`` unused: the splits are fixed)."""
    if split == "val":
        raise ValueError("fashion-mnist has only train and test splits")
    env = os.environ.get(ENV)
    directory = spec.path or (Path(env) if env else FASHION_MNIST_DEFAULT_DIR)
    prefix = "train" if split == "train" else "t10k"
    files = [_find_idx(directory, f"{prefix}-{kind}") for kind in
             ("images-idx3-ubyte", "labels-idx1-ubyte")]
    if None in files:
        raise DatasetNotFoundError(
            f"Fashion-MNIST {split} files not found in {directory} (looked for "
            f"{prefix}-images-idx3-ubyte.gz and {prefix}-labels-idx1-ubyte.gz). Get them with "
            "`apt-get install dataset-fashion-mnist` (installs "
            "/usr/share/datasets/fashion-mnist/), "
            "or point PROCVISION_FASHION_MNIST or the spec fashion-mnist:DIR at a folder "
            "holding the four idx files.")
    images, labels = read_idx(files[0]), read_idx(files[1])
    return array_set(str(spec), "fashion-mnist", split, images, labels, FASHION_MNIST_CLASSES)


register_dataset_spec("fashion-mnist", load_fashion_mnist, form="fashion-mnist[:DIR]", needs_path=False, env=ENV)
