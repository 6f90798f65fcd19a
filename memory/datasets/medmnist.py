"""MedMNIST ``.npz`` files (single-label sets, grey or RGB): spec ``medmnist:FILE``."""
from __future__ import annotations

import numpy as np

from memory.data import SPLITS, DatasetNotFoundError, DatasetSpec, ImageSet, array_set, register_dataset_spec


def load_medmnist(spec: DatasetSpec, split: str, seed: int) -> ImageSet:
    """One split (train, val or test) of a MedMNIST npz (``seed`` unused: the splits are fixed)."""
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
    return array_set(str(spec), f"medmnist:{path.stem}", split, images, labels,
                      [str(c) for c in range(n_classes)])


register_dataset_spec("medmnist", load_medmnist, form="medmnist:FILE", needs_path=True)
