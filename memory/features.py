"""Embeddings of one dataset split under one backbone, with an optional on-disk cache.

The cache file name is a hash of (backbone fingerprint, dataset fingerprint, split, limit,
seed, decoder, format version). The backbone fingerprint covers the export files' size and
mtime (re-exporting invalidates the cache); the dataset fingerprint covers the spec and the
data file's (or ImageFolder root's) size and mtime. Editing files deep inside an ImageFolder
tree does not change the root's mtime: clear the cache after such edits.

A cache file is a copy of real data (embeddings and source paths): a memory store built from
cached features records the file (``MemoryStore.record_copy``), and ``memory.forget`` deletes
every recorded cache that holds a forgotten source.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

import torch

from memory.data import SPLITS, ImageSet, dataset_kinds, load_dataset, parse_dataset_spec
from memory.embed import backbone_from_spec, extract_embeddings

__all__ = ["Features", "compute_features", "CACHE_VERSION"]

CACHE_VERSION = 1

logger = logging.getLogger(__name__)


@dataclass
class Features:
    """Embeddings of a dataset split.

    Attributes:
        embeddings: float32 (N, D), rows L2-normalised. labels: int64 (N,).
        sources: N source ids (file paths or "dataset/split/index"). class_names: C names.
        backbone, dataset, split: what produced them. from_cache: loaded from the cache.
        cache_file: the cache file holding a copy of them (None: not cached).
    """
    embeddings: torch.Tensor
    labels: torch.Tensor
    sources: list[str]
    class_names: list[str]
    backbone: str
    dataset: str
    split: str
    from_cache: bool = False
    cache_file: Path | None = None
    _load_image_set: Callable[[], ImageSet] | None = field(default=None, repr=False)
    _image_set: ImageSet | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def image_set(self) -> ImageSet:
        """The raw images (loaded on first use when the features came from the cache)."""
        if self._image_set is None:
            if self._load_image_set is None:
                raise RuntimeError("these Features carry no way to load their images")
            self._image_set = self._load_image_set()
            if self._image_set.sources != self.sources:
                raise RuntimeError(f"dataset {self.dataset} changed since its features were "
                                   "cached (sources differ): clear the cache")
        return self._image_set

    def image(self, index: int) -> torch.Tensor:
        """Raw image ``index``: uint8 (H, W) or (H, W, 3), for pictures."""
        return self.image_set.image(index)


def _dataset_fingerprint(dataset: str) -> str:
    spec = parse_dataset_spec(dataset)
    parts = [str(spec)]
    if spec.path is not None and spec.path.exists():
        stat = spec.path.stat()
        parts.append(f"{spec.path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}")
    else:  # the default location a loader reads (its environment variable) identifies the data
        env = dataset_kinds()[spec.kind].env
        parts.append(os.environ.get(env, "") if env else "")
    return "|".join(parts)


def compute_features(backbone: str, dataset: str, split: str, device: str = "cpu",
                     batch_size: int = 256, limit: int | None = None,
                     cache_dir: str | Path | None = None, *, decoder: str = "pil",
                     seed: int = 0, progress: bool = True) -> Features:
    """Embed a dataset split with a backbone (memory.embed) and optionally cache the result.

    Args:
        backbone: ``EXPORT_DIR``, ``random:ARCH`` or ``pixels`` (optional ``@R`` suffix).
        dataset: a dataset spec (memory.data). split: "train" or "test" ("val" where present).
        device: torch device for the backbone. batch_size: images per forward pass.
        limit: seeded class-stratified subset size (None: the whole split).
        cache_dir: folder for cached embeddings (None: no cache).
        decoder: "pil" or "dali" (image-file datasets). seed: subset and random-init seed.

    Returns:
        Features with embeddings float32 (N, D) L2-normalised and labels int64 (N,).
    """
    parse_dataset_spec(dataset)  # bad specs fail before a model is built
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    model = backbone_from_spec(backbone, device=device, seed=seed)
    load_images = partial(load_dataset, dataset, split, limit=limit, seed=seed)
    cache_file = None
    if cache_dir is not None:
        key = json.dumps([CACHE_VERSION, model.fingerprint, _dataset_fingerprint(dataset), split,
                          limit, seed, decoder])
        digest = hashlib.sha256(key.encode()).hexdigest()[:24]
        cache_file = Path(cache_dir) / f"features-{split}-{digest}.pt"
        if cache_file.is_file():
            saved = torch.load(cache_file, map_location="cpu", weights_only=True)
            logger.info("embeddings of %s %s under %s from the cache %s", dataset, split, backbone, cache_file)
            return Features(saved["embeddings"], saved["labels"], saved["sources"],
                            saved["class_names"], backbone, dataset, split, from_cache=True,
                            cache_file=cache_file, _load_image_set=load_images)
    images = load_images()
    embeddings = extract_embeddings(model, images, batch_size=batch_size, device=device,
                                    decoder=decoder, progress=progress)
    features = Features(embeddings, images.labels.clone(), list(images.sources),
                        list(images.class_names), backbone, dataset, split,
                        _load_image_set=load_images, _image_set=images)
    if cache_file is not None:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache_file.with_suffix(".tmp")
        torch.save({"embeddings": embeddings, "labels": features.labels,
                    "sources": features.sources, "class_names": features.class_names,
                    "backbone": backbone, "dataset": dataset, "split": split}, temporary)
        temporary.replace(cache_file)  # atomic: a crash never leaves half a cache file
        features.cache_file = cache_file
        logger.info("cached the embeddings of %s %s under %s in %s", dataset, split, backbone, cache_file)
    return features
