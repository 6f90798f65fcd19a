"""Generated segmentation scenes (shapes on textured backgrounds) for tests, benchmarks and smoke runs.

Scene ``i`` of ``seed`` depends only on (seed, i): a noisy colour gradient background with 1-4
objects (ellipse, rectangle or triangle, class 1, 2, 3), each filled with its own noisy colour.
It is written in the folder layout of ``evaluate.segdata``: ``images/<i>.png``,
``instances/<i>.png`` (instance ids painted in order, later objects on top) and
``classes/<i>.png`` (the shape class of the visible object).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from procvision.progress import progress_bar

__all__ = ["SHAPES", "scene", "write_scenes"]

SHAPES = ("ellipse", "rectangle", "triangle")  # class index = position + 1


def scene(seed: int, index: int, height: int = 480, width: int = 640
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scene ``index``: image uint8 (H, W, 3), instances uint8 (H, W), classes uint8 (H, W)."""
    rng = np.random.default_rng([seed, index])
    ys, xs = np.mgrid[0:height, 0:width] / max(height, width)
    corner = rng.uniform(40, 215, size=(2, 3))
    image = corner[0] * (1 - xs[..., None]) + corner[1] * ys[..., None]
    image = image + rng.normal(0, 12, size=(height, width, 3))
    instances = np.zeros((height, width), np.uint8)
    classes = np.zeros((height, width), np.uint8)
    for instance in range(1, int(rng.integers(1, 5)) + 1):
        kind = int(rng.integers(0, len(SHAPES)))
        h, w = rng.uniform(0.15, 0.5) * height, rng.uniform(0.15, 0.5) * width
        top, left = rng.uniform(0, height - h), rng.uniform(0, width - w)
        box = (left, top, left + w, top + h)
        canvas = Image.new("L", (width, height), 0)
        draw = ImageDraw.Draw(canvas)
        if SHAPES[kind] == "ellipse":
            draw.ellipse(box, fill=1)
        elif SHAPES[kind] == "rectangle":
            draw.rectangle(box, fill=1)
        else:
            draw.polygon([(left, top + h), (left + w / 2, top), (left + w, top + h)], fill=1)
        inside = np.asarray(canvas, dtype=bool)
        colour = rng.uniform(0, 255, size=3)
        image[inside] = colour + rng.normal(0, 8, size=(int(inside.sum()), 3))
        instances[inside], classes[inside] = instance, kind + 1
    return np.clip(image, 0, 255).astype(np.uint8), instances, classes


def write_scenes(root: str | Path, count: int, seed: int = 0, height: int = 480,
                 width: int = 640, progress: bool = False) -> Path:
    """Write scenes 0..count-1 under ``root`` (images/, instances/, classes/); returns root."""
    root = Path(root)
    for folder in ("images", "instances", "classes"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for index in progress_bar(range(count), desc="scenes", unit="img", disable=not progress):
        image, instances, classes = scene(seed, index, height, width)
        name = f"{index:05d}.png"
        Image.fromarray(image).save(root / "images" / name)
        Image.fromarray(instances).save(root / "instances" / name)
        Image.fromarray(classes).save(root / "classes" / name)
    return root
