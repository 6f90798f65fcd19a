"""ImageFolder trees (``PATH/{train,test|val}/<class>/*`` or ``PATH/<class>/*``): spec ``imagefolder:PATH``."""
from __future__ import annotations

import logging
import zlib
from pathlib import Path

import numpy as np
import torch

from memory.data import IMAGE_EXTENSIONS, DatasetNotFoundError, DatasetSpec, ImageSet, register_dataset_spec

logger = logging.getLogger(__name__)
TEST_FRACTION = 0.2  # test share of the seeded split of a PATH/<class>/* tree


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


def load_imagefolder(spec: DatasetSpec, split: str, seed: int) -> ImageSet:
    """One split of an ImageFolder tree; without train/test folders a seeded per-class split."""
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
        per_split = seeded_split(_class_files(root), seed, TEST_FRACTION)
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


def seeded_split(classes: dict[str, list[Path]], seed: int,
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


register_dataset_spec("imagefolder", load_imagefolder, form="imagefolder:PATH", needs_path=True)
