"""The optional DALI decoding path on CPU (device_id=None) against the PIL path."""
from __future__ import annotations

import sys

import pytest
import torch

from memory.dali import DaliNotInstalledError, dali_available, dali_batches
from memory.data import load_dataset
from memory.embed import (IMAGENET_STD, Preprocess, backbone_from_spec, extract_embeddings,
                          preprocess_batch)

needs_dali = pytest.mark.skipif(not dali_available(), reason="extra 'dali' not installed")


def test_missing_dali_names_the_extra(monkeypatch, colour_jpeg_imagefolder):
    """A None entry in sys.modules makes `import nvidia.dali` fail, as on a machine without it."""
    monkeypatch.setitem(sys.modules, "nvidia.dali", None)
    images = load_dataset(f"imagefolder:{colour_jpeg_imagefolder}", "test")
    assert not dali_available()
    with pytest.raises(DaliNotInstalledError, match=r"pip install procvision\[dali\]"):
        extract_embeddings(backbone_from_spec("pixels"), images, decoder="dali")


@needs_dali
@pytest.mark.parametrize("prep", [Preprocess.dino(32), Preprocess(24, 24, normalize=False)])
def test_dali_cpu_pipeline_matches_pil_preprocessing(colour_jpeg_imagefolder, prep):
    """Same decode (libjpeg-turbo both), same sizes and crop offsets; DALI rounds its resize
    output to uint8 and its cubic kernel differs slightly, so pixels agree within a few grey
    levels at most and about one on average (in the output's units)."""
    images = load_dataset(f"imagefolder:{colour_jpeg_imagefolder}", "train")
    assert len({tuple(images.image(i).shape) for i in range(len(images))}) > 3  # varied sizes
    dali = torch.cat(list(dali_batches(images.paths, prep, batch_size=5)))  # 12 = 5 + 5 + 2
    pil = torch.cat([preprocess_batch(images.image(i)[None], prep) for i in range(len(images))])
    assert dali.shape == pil.shape == (12, 3, prep.resolution, prep.resolution)
    step = 1 / 255 / (min(IMAGENET_STD) if prep.normalize else 1.0)
    difference = (dali - pil).abs()
    assert float(difference.max()) < 3 * step, float(difference.max())
    assert float(difference.mean()) < step
    # Order check: every DALI image is closest to the PIL image of the same file.
    distances = torch.cdist(dali.flatten(1), pil.flatten(1))
    assert torch.equal(distances.argmin(dim=1), torch.arange(12))


@needs_dali
def test_dali_and_pil_embeddings_agree(colour_jpeg_imagefolder):
    images = load_dataset(f"imagefolder:{colour_jpeg_imagefolder}", "test")
    backbone = backbone_from_spec("random:vit_tiny_patch16_224@32")
    pil = extract_embeddings(backbone, images, batch_size=3, decoder="pil", progress=False)
    dali = extract_embeddings(backbone, images, batch_size=3, decoder="dali", progress=False)
    cosine = (pil * dali).sum(dim=1)
    assert cosine.shape == (8,) and float(cosine.min()) > 0.99, cosine


@needs_dali
def test_dali_decodes_grey_png_to_rgb(digit_imagefolder):
    images = load_dataset(f"imagefolder:{digit_imagefolder}", "test")  # grey PNG + JPEG
    prep = Preprocess.dino(28)
    dali = torch.cat(list(dali_batches(images.paths, prep, batch_size=8)))
    assert dali.shape == (12, 3, 28, 28)
    pil = torch.cat([preprocess_batch(images.image(i)[None], prep) for i in range(len(images))])
    assert float((dali - pil).abs().mean()) < 0.02


def test_dali_refuses_in_memory_arrays(fashion_idx_dir):
    images = load_dataset(f"fashion-mnist:{fashion_idx_dir}", "test", limit=4)
    with pytest.raises(ValueError, match="reads image files"):
        extract_embeddings(backbone_from_spec("pixels"), images, decoder="dali")
