"""Every PIL mode decodes to the right 8-bit values; degenerate images and empty class folders
never stop a run silently or wrongly."""
from __future__ import annotations

import logging

import numpy as np
import pytest
import torch
from PIL import Image

from memory.data import decode_image_file, load_dataset
from memory.knn import main as knn_main

RAMP8 = np.arange(64, dtype=np.uint8).reshape(8, 8) * 4  # 0..252


def _grey(values: np.ndarray) -> np.ndarray:
    return values.astype(np.uint8)


def _rgb_ramp() -> np.ndarray:
    return np.stack([RAMP8, 255 - RAMP8, RAMP8 // 2], axis=-1)


def _cases() -> dict[str, tuple[Image.Image, np.ndarray]]:
    """mode -> (image in that mode, expected uint8 grey (H, W) or RGB (H, W, 3)), the expected
    values computed from the numbers put in, not through PIL's conversions."""
    rgb = _rgb_ramp()
    ramp16 = RAMP8.astype(np.uint16) * 257 + 128  # 16-bit data: v/257 rounds back to RAMP8
    palette = Image.fromarray(rgb).quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    palette_rgb = np.asarray(palette.convert("RGB"))
    cmyk = Image.fromarray(rgb).convert("CMYK")
    cases = {
        "1": (Image.fromarray(RAMP8 >= 128), _grey(np.where(RAMP8 >= 128, 255, 0))),
        "L": (Image.fromarray(RAMP8), RAMP8),
        "LA": (Image.fromarray(np.stack([RAMP8, 255 - RAMP8], -1), "LA"), RAMP8),
        "P": (palette, palette_rgb),
        "PA": (Image.fromarray(np.stack([RAMP8, 255 - RAMP8], -1), "LA").convert("PA"),
               np.repeat(RAMP8[..., None], 3, -1)),
        "RGB": (Image.fromarray(rgb), rgb),
        "RGBA": (Image.fromarray(np.concatenate([rgb, 255 - RAMP8[..., None]], -1)), rgb),
        "CMYK": (cmyk, rgb),  # PIL's naive CMYK round trip is exact for these colours
        "I;16": (Image.fromarray(ramp16), RAMP8),
        "I": (Image.fromarray(ramp16.astype(np.int32)), RAMP8),
        "I-8bit": (Image.fromarray(RAMP8.astype(np.int32)), RAMP8),
        "F": (Image.fromarray(RAMP8.astype(np.float32) / 255.0), RAMP8),
    }
    return cases


@pytest.mark.parametrize("mode", list(_cases()))
def test_every_pil_mode_decodes_to_the_right_8_bit_values(tmp_path, mode):
    image, expected = _cases()[mode]
    path = tmp_path / f"img_{mode.replace(';', '_')}.tiff"
    image.save(path)
    with Image.open(path) as reopened:
        assert reopened.mode == mode.split("-")[0]  # the file really holds that mode
    got = decode_image_file(path)
    assert got.dtype == torch.uint8
    as_rgb = got.numpy() if got.ndim == 3 else np.repeat(got.numpy()[..., None], 3, -1)
    want = expected if expected.ndim == 3 else np.repeat(expected[..., None], 3, -1)
    assert np.array_equal(as_rgb, want), mode


def test_sixteen_bit_png_is_scaled_not_saturated(tmp_path):
    ramp16 = (np.arange(256, dtype=np.uint16).reshape(16, 16) * 257)
    Image.fromarray(ramp16).save(tmp_path / "deep.png")
    got = decode_image_file(tmp_path / "deep.png").numpy()
    assert np.array_equal(got.reshape(-1), np.arange(256))


def test_black_and_constant_images_do_not_stop_a_pixels_run(tmp_path, solid_colour_imagefolder):
    for split, name in (("train", "red"), ("test", "blue"), ("train", "blue")):
        Image.new("RGB", (20, 20)).save(solid_colour_imagefolder / split / name / "black.png")
    Image.new("L", (20, 20), 77).save(solid_colour_imagefolder / "train" / "red" / "grey.png")
    out = tmp_path / "r.json"
    assert knn_main(["--backbone", "pixels", "--dataset",
                     f"imagefolder:{solid_colour_imagefolder}", "--k", "1",
                     "--json", str(out)]) == 0


def test_empty_class_folder_is_reported_not_a_class(tmp_path, solid_colour_imagefolder, caplog):
    for split in ("train", "test"):
        (solid_colour_imagefolder / split / "green").mkdir()
    (solid_colour_imagefolder / "train" / "green" / "notes.txt").write_text("no images")
    with caplog.at_level(logging.WARNING, logger="memory.data"):
        data = load_dataset(f"imagefolder:{solid_colour_imagefolder}", "train")
    assert data.class_names == ["blue", "red"]
    assert "green" in caplog.text and "no image files" in caplog.text
