"""Segmentation datasets: images with label maps, from a folder of PNGs or COCO annotations.

Layouts (docs/EVALUATIONS.md):

- folder: ``IMAGES/<stem>.<png|jpg|...>`` and ``MASKS/<stem>.png``, a single-channel label map
  of the image's size (8- or 16-bit, or a palette PNG whose indices are the labels). 0 is
  background, 255 is "ignore" (never scored), any other value is a segment (``pca_seg``: an
  instance or segment id; ``knn_seg``: a class index < the declared number of classes).
- COCO: ``--coco instances_val2017.json`` with ``IMAGES`` holding each image's ``file_name``.
  Read with pycocotools; each image's instance masks are painted in annotation order (a later
  instance overwrites an earlier one). ``semantic=False``: the i-th instance gets id i + 1;
  ``semantic=True``: its category's position among the sorted category ids + 1.

Every check that can fail (pairing, sizes, labels) runs over the whole set before any model
work, and names the file.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import torch
from PIL import Image

from memory.data import IMAGE_EXTENSIONS, decode_image_file

__all__ = ["IGNORE", "SegmentationError", "SegmentationSet", "folder_set", "coco_set", "load_segmentation"]

logger = logging.getLogger(__name__)

IGNORE = 255
MASK_MODES = ("L", "P", "I", "I;16", "1")


class SegmentationError(ValueError):
    """A segmentation dataset is malformed; the message names the file and the problem."""


@dataclass
class SegmentationSet:
    """Images and their label maps, in a fixed (sorted) order.

    Attributes:
        name: where it came from. image_paths: N image files.
        class_names: names of labels 0..C-1 when declared (knn_seg), else None.
        skipped: images left out because they had no mask (only when asked to skip).
    """
    name: str
    image_paths: list[Path]
    _masks: list[Callable[[], np.ndarray]]
    class_names: list[str] | None = None
    skipped: list[str] | None = None

    def __len__(self) -> int:
        return len(self.image_paths)

    def image(self, index: int) -> torch.Tensor:
        """uint8 (H, W) or (H, W, 3)."""
        return decode_image_file(self.image_paths[index])

    def mask(self, index: int) -> np.ndarray:
        """int64 (H, W) label map (0 background, 255 ignore)."""
        return self._masks[index]()

    def subset(self, limit: int | None) -> "SegmentationSet":
        """The first ``limit`` items (all when None)."""
        if limit is None or limit >= len(self):
            return self
        return SegmentationSet(self.name, self.image_paths[:limit], self._masks[:limit],
                               self.class_names, self.skipped)


def _image_files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        raise SegmentationError(f"image folder not found: {folder}")
    files = {p.stem: p for p in sorted(folder.iterdir())
             if p.is_file() and p.suffix.lower() in IMAGE_EXTENSIONS}
    if not files:
        raise SegmentationError(f"no image files ({', '.join(IMAGE_EXTENSIONS)}) in {folder}")
    return files


def _image_size(path: Path) -> tuple[int, int]:
    """(H, W) from the file header, without decoding the pixels."""
    try:
        with Image.open(path) as img:
            return img.height, img.width
    except OSError as error:
        raise SegmentationError(f"cannot read image file {path}: {error}") from None


def read_label_map(path: Path) -> np.ndarray:
    """A single-channel PNG label map -> int64 (H, W). RGB masks are refused (ambiguous ids)."""
    try:
        with Image.open(path) as img:
            if img.mode not in MASK_MODES:
                raise SegmentationError(f"{path}: a label map must be single-channel (L, P or "
                                        f"16-bit); got mode {img.mode}")
            return np.asarray(img).astype(np.int64)
    except OSError as error:
        raise SegmentationError(f"cannot read mask file {path}: {error}") from None


def folder_set(images: str | Path, masks: str | Path, num_classes: int | None = None,
               class_names: list[str] | None = None, skip_missing: bool = False) -> SegmentationSet:
    """Pair ``IMAGES/<stem>.*`` with ``MASKS/<stem>.png`` and check every pair.

    Args:
        num_classes: labels must lie in [0, num_classes) or be 255 (None: any id is a segment).
        class_names: names of the classes (sets num_classes when given).
        skip_missing: leave out images without a mask (counted in ``skipped``) instead of failing.

    Raises:
        SegmentationError: an image without a mask, a mask without an image, a mask whose
        size differs from its image's, a label outside the declared classes.
    """
    images, masks = Path(images), Path(masks)
    image_files = _image_files(images)
    if not masks.is_dir():
        raise SegmentationError(f"mask folder not found: {masks}")
    mask_files = {p.stem: p for p in sorted(masks.glob("*.png"))}
    orphans = sorted(set(mask_files) - set(image_files))
    if orphans:
        raise SegmentationError(f"{len(orphans)} mask(s) without an image in {images}: "
                                f"{', '.join(str(mask_files[s]) for s in orphans[:5])}")
    missing = sorted(set(image_files) - set(mask_files))
    if missing and not skip_missing:
        raise SegmentationError(f"{len(missing)} image(s) without a mask <stem>.png in {masks}: "
                                f"{', '.join(str(image_files[s]) for s in missing[:5])}")
    if class_names is not None:
        num_classes = len(class_names)
    stems = [s for s in image_files if s in mask_files]
    if not stems:
        raise SegmentationError(f"no image in {images} has a mask in {masks}")
    for stem in stems:  # every check before any model work
        label_map = read_label_map(mask_files[stem])
        size = _image_size(image_files[stem])
        if label_map.shape != size:
            raise SegmentationError(f"mask {mask_files[stem]} is {label_map.shape[1]}x"
                                    f"{label_map.shape[0]} but its image {image_files[stem]} is "
                                    f"{size[1]}x{size[0]} (width x height)")
        if num_classes is not None:
            bad = np.unique(label_map[(label_map != IGNORE) & ((label_map < 0) | (label_map >= num_classes))])
            if bad.size:
                raise SegmentationError(f"mask {mask_files[stem]} has labels {bad[:8].tolist()} "
                                        f"outside the {num_classes} declared classes "
                                        f"[0, {num_classes}) (255 = ignore)")
    if missing:
        logger.warning("skipped %d image(s) without a mask", len(missing))
    return SegmentationSet(str(images), [image_files[s] for s in stems],
                           [lambda p=mask_files[s]: read_label_map(p) for s in stems],
                           list(class_names) if class_names is not None else
                           ([str(c) for c in range(num_classes)] if num_classes else None),
                           [str(image_files[s]) for s in missing])


def _paint_coco(coco, annotation_ids: list[int], height: int, width: int,
                value_of: Callable[[dict, int], int]) -> np.ndarray:
    """Instance masks painted in order onto a zero background: int64 (H, W)."""
    label_map = np.zeros((height, width), dtype=np.int64)
    for order, annotation in enumerate(coco.loadAnns(annotation_ids)):
        label_map[coco.annToMask(annotation).astype(bool)] = value_of(annotation, order)
    return label_map


def coco_set(images: str | Path, annotations: str | Path, semantic: bool = False,
             skip_missing: bool = False) -> SegmentationSet:
    """COCO instances of the images present in ``images`` (see the module docstring).

    Raises:
        SegmentationError: missing annotation file or image files (named), an image whose size
        differs from the annotation's height/width.
    """
    annotations, images = Path(annotations), Path(images)
    if not annotations.is_file():
        raise SegmentationError(f"COCO annotation file not found: {annotations}")
    if not images.is_dir():
        raise SegmentationError(f"image folder not found: {images}")
    try:
        from pycocotools.coco import COCO
    except ImportError:
        raise SegmentationError("reading COCO annotations needs pycocotools "
                                "(`pip install pycocotools`), or give --masks with PNG label "
                                "maps instead") from None
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):  # pycocotools prints its progress
        try:
            coco = COCO(str(annotations))
        except (ValueError, KeyError) as error:
            raise SegmentationError(f"{annotations} is not COCO instances JSON: {error}") from None
    categories = sorted(coco.getCatIds())
    category_label = {c: i + 1 for i, c in enumerate(categories)}
    paths, loaders, missing = [], [], []
    for image_id in sorted(coco.getImgIds()):
        info = coco.loadImgs(image_id)[0]
        path = images / info["file_name"]
        if not path.is_file():
            missing.append(str(path))
            continue
        size = _image_size(path)
        if size != (info["height"], info["width"]):
            raise SegmentationError(f"image {path} is {size[1]}x{size[0]} but {annotations} "
                                    f"says {info['width']}x{info['height']} (width x height)")
        ann_ids = coco.getAnnIds(imgIds=image_id)
        value = ((lambda a, i: category_label[a["category_id"]]) if semantic
                 else (lambda a, i: i + 1))
        paths.append(path)
        loaders.append(lambda a=ann_ids, h=info["height"], w=info["width"], v=value:
                       _paint_coco(coco, a, h, w, v))
    if missing and not skip_missing:
        raise SegmentationError(f"{len(missing)} image(s) named in {annotations} are not in "
                                f"{images}: {', '.join(missing[:5])}")
    if not paths:
        raise SegmentationError(f"none of the images named in {annotations} is in {images}")
    names = (["background"] + [coco.loadCats(c)[0]["name"] for c in categories]) if semantic else None
    return SegmentationSet(str(annotations), paths, loaders, names, missing)


def load_segmentation(images: str | Path, masks: str | Path | None = None,
                      coco: str | Path | None = None, **options) -> SegmentationSet:
    """``folder_set`` when ``masks`` is given, ``coco_set`` when ``coco`` is (exactly one)."""
    if (masks is None) == (coco is None):
        raise SegmentationError("give exactly one of a mask folder or a COCO annotation file")
    if masks is not None:
        return folder_set(images, masks, **options)
    return coco_set(images, coco, **{k: v for k, v in options.items()
                                     if k in ("semantic", "skip_missing")})
