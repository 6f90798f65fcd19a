"""Decoding one image file to 8-bit pixels: every PIL mode, wide grey modes scaled (not
saturated), alpha dropped. The only place image files are decoded with PIL."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from PIL import Image

__all__ = ["ImageDecodeError", "GREY_MODES", "to_uint8", "decode_image_file"]


class ImageDecodeError(OSError):
    """An image file of a dataset is corrupt or not an image; the message names the file."""


GREY_MODES = ("1", "L", "LA", "I", "F", "I;16", "I;16L", "I;16B", "I;16N")


def to_uint8(img: Image.Image) -> np.ndarray:
    """Any PIL image as 8-bit: uint8 (H, W) for grey modes, (H, W, 3) RGB otherwise.

    Alpha is dropped (LA, PA, RGBA keep the colour under it); P/PA through their palette; CMYK
    through PIL's conversion. Wide grey modes are scaled, not saturated: I;16 maps 0..65535 to
    0..255 (v/257, rounded); I (32-bit) holding only 0..255 is 8-bit data and kept, otherwise it
    is 16-bit data (clipped to 0..65535, scaled the same way); F in [0, 1] is scaled by 255,
    any other F image is clipped to 0..255 (NaN -> 0).
    """
    mode = img.mode
    if mode.startswith("I;16") or mode == "I":
        values = np.asarray(img).astype(np.int64)
        if mode == "I" and values.size and values.min() >= 0 and values.max() <= 255:
            return values.astype(np.uint8)
        return ((np.clip(values, 0, 65535) * 255 + 32767) // 65535).astype(np.uint8)
    if mode == "F":
        values = np.nan_to_num(np.asarray(img, dtype=np.float64), nan=0.0)
        if values.size and values.min() >= 0.0 and values.max() <= 1.0:
            values = values * 255.0
        return np.clip(np.round(values), 0, 255).astype(np.uint8)
    if mode in GREY_MODES:
        return np.asarray(img.convert("L"), dtype=np.uint8)
    if mode == "PA" or (mode == "P" and "transparency" in img.info):
        img = img.convert("RGBA")  # the palette may carry alpha: resolve it, then drop it
    return np.asarray(img.convert("RGB"), dtype=np.uint8)


def decode_image_file(path: Path) -> torch.Tensor:
    """Decode one image file to uint8 (H, W) for grey modes, (H, W, 3) otherwise (``to_uint8``)."""
    try:
        with Image.open(path) as img:
            img.load()
            array = to_uint8(img)
    except (OSError, SyntaxError, ValueError) as error:  # PIL signals some broken files so
        raise ImageDecodeError(f"cannot decode image file {path}: {error}") from error
    return torch.from_numpy(np.ascontiguousarray(array).copy())
