"""Pictures shared by the segmentation evaluations: label maps in colour, rows of tiles as PNG."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from PIL import Image

from procgen.preview import make_grid

__all__ = ["label_colours", "write_rows"]

IGNORE_GREY = 0.5


def label_colours(label_map: np.ndarray | torch.Tensor, ignore: int = 255) -> torch.Tensor:
    """int (H, W) labels -> float32 (3, H, W) in [0, 1]: 0 black, ``ignore`` grey, every other
    label a fixed colour (golden-ratio hues, so neighbouring ids differ clearly)."""
    labels = torch.as_tensor(np.asarray(label_map), dtype=torch.int64)
    hue = (labels.double() * 0.618033988749895) % 1.0
    # HSV (h, 0.75, 0.95) -> RGB, vectorised.
    k = torch.stack([(5 + hue * 6) % 6, (3 + hue * 6) % 6, (1 + hue * 6) % 6])
    rgb = 0.95 - 0.95 * 0.75 * torch.clamp(torch.minimum(k, 4 - k), 0, 1)
    rgb = torch.where(labels == 0, torch.zeros_like(rgb), rgb)
    rgb = torch.where(labels == ignore, torch.full_like(rgb, IGNORE_GREY), rgb)
    return rgb.float()


def write_rows(path: str | Path, tiles: list[torch.Tensor], columns: int) -> Path:
    """Save float (3, S, S) tiles in [0, 1] as a PNG grid, ``columns`` tiles per row."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(make_grid(torch.stack(tiles), columns)).save(path)
    return path
