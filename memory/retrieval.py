"""A retrieval picture: query images next to their nearest memory images (PNG).

Each row is one query (blue border, true label below) followed by its nearest neighbours in
similarity order, each with its label and cosine similarity, framed green when its label
equals the query's label and red otherwise.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageDraw, ImageFont

from memory.features import Features

__all__ = ["retrieval_picture", "choose_queries"]

QUERY_COLOUR, RIGHT_COLOUR, WRONG_COLOUR = (40, 90, 220), (30, 170, 60), (220, 40, 40)
BORDER, TEXT_HEIGHT, GAP = 4, 30, 12


def choose_queries(n_queries: int, total: int, seed: int = 0) -> list[int]:
    """``min(n_queries, total)`` distinct query rows chosen with a seeded generator, sorted."""
    rng = np.random.default_rng([seed, total])
    return sorted(int(i) for i in rng.choice(total, size=min(n_queries, total), replace=False))


def _tile(image: torch.Tensor, size: int) -> Image.Image:
    """uint8 (H, W) or (H, W, 3) -> a size x size RGB tile (centre square; nearest when
    enlarging so small digits stay crisp)."""
    array = image.numpy()
    picture = Image.fromarray(array, "L" if array.ndim == 2 else "RGB").convert("RGB")
    side = min(picture.size)
    left, top = (picture.width - side) // 2, (picture.height - side) // 2
    picture = picture.crop((left, top, left + side, top + side))
    resample = Image.NEAREST if side < size else Image.LANCZOS
    return picture.resize((size, size), resample)


def _font(size: int) -> ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 has one bitmap size
        return ImageFont.load_default()


def retrieval_picture(path: str | Path, queries: Features, memory: Features,
                      similarities: torch.Tensor, memory_rows: torch.Tensor,
                      query_rows: Sequence[int], tile: int = 84, title: str | None = None) -> Path:
    """Draw queries and their nearest memory images to a PNG.

    Args:
        path: output PNG. queries, memory: the Features of both sides (their images are read).
        similarities: float32 (Q, n) cosine similarities, best first.
        memory_rows: int64 (Q, n) row indices into ``memory`` (-1: no neighbour, left blank).
        query_rows: Q row indices into ``queries``. tile: pixel size of each image.
        title: a line of text above the grid.

    Returns:
        The written path.
    """
    if similarities.shape != memory_rows.shape or len(query_rows) != memory_rows.shape[0]:
        raise ValueError(f"shapes disagree: similarities {tuple(similarities.shape)}, rows "
                         f"{tuple(memory_rows.shape)}, {len(query_rows)} queries")
    n_rows, n_neighbours = memory_rows.shape
    cell_w, cell_h = tile + 2 * BORDER + 6, tile + 2 * BORDER + TEXT_HEIGHT
    header = 28 if title else 6
    width = cell_w * (1 + n_neighbours) + GAP + 6
    canvas = Image.new("RGB", (width, header + cell_h * n_rows), (255, 255, 255))
    draw, font = ImageDraw.Draw(canvas), _font(11)
    if title:
        draw.text((6, 6), title, fill=(0, 0, 0), font=_font(14))

    def put(column: int, row: int, image: torch.Tensor, colour, lines: list[str]) -> None:
        x = 3 + column * cell_w + (GAP if column else 0)
        y = header + row * cell_h
        draw.rectangle([x, y, x + tile + 2 * BORDER - 1, y + tile + 2 * BORDER - 1], fill=colour)
        canvas.paste(_tile(image, tile), (x + BORDER, y + BORDER))
        for i, line in enumerate(lines):
            draw.text((x, y + tile + 2 * BORDER + 1 + 13 * i), line[:16], fill=(0, 0, 0), font=font)

    for row, query in enumerate(query_rows):
        truth = int(queries.labels[query])
        put(0, row, queries.image(query), QUERY_COLOUR, ["query", queries.class_names[truth]])
        for column in range(n_neighbours):
            memory_row = int(memory_rows[row, column])
            if memory_row < 0:
                continue
            label = int(memory.labels[memory_row])
            colour = RIGHT_COLOUR if label == truth else WRONG_COLOUR
            put(1 + column, row, memory.image(memory_row), colour,
                [memory.class_names[label], f"sim {float(similarities[row, column]):.3f}"])
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    canvas.save(path)
    return path
