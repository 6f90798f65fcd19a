"""Preprocessing, backbones and feature extraction (memory.embed, memory.features)."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image

from memory.data import load_dataset
from memory.embed import (IMAGENET_MEAN, IMAGENET_STD, Preprocess, backbone_from_spec,
                          extract_embeddings, preprocess_batch)
from memory.features import compute_features


def test_dino_protocol_scales_with_resolution():
    assert Preprocess.dino(224) == Preprocess(224, 256, True)
    assert Preprocess.dino(32).resize_to == 37 and Preprocess.dino(96).resize_to == 110


def test_grey_images_become_three_equal_channels(mnist_digits):
    grey = torch.from_numpy(mnist_digits[0][:4])
    rgb = grey.unsqueeze(-1).repeat(1, 1, 1, 3)
    prep = Preprocess.dino(32)
    out = preprocess_batch(grey, prep)
    assert out.shape == (4, 3, 32, 32) and out.dtype == torch.float32
    torch.testing.assert_close(out, preprocess_batch(rgb, prep))
    # Channels differ only by the ImageNet mean/std: undo them and they are equal.
    mean, std = torch.tensor(IMAGENET_MEAN).view(3, 1, 1), torch.tensor(IMAGENET_STD).view(3, 1, 1)
    raw = out[0] * std + mean
    torch.testing.assert_close(raw[0], raw[2], atol=1e-5, rtol=0)


def test_constant_image_maps_to_imagenet_normalised_value():
    image = torch.full((1, 50, 70, 3), 200, dtype=torch.uint8)
    out = preprocess_batch(image, Preprocess.dino(32))
    expected = (200 / 255 - torch.tensor(IMAGENET_MEAN)) / torch.tensor(IMAGENET_STD)
    torch.testing.assert_close(out[0].mean(dim=(1, 2)), expected, atol=1e-4, rtol=0)
    assert float(out[0].std(dim=(1, 2)).max()) < 1e-4


def test_resize_shorter_side_and_centre_crop_match_a_pil_oracle(hopper_photo):
    """Non-square photo: PIL bicubic resize of the shorter side to 37 then a floor-centred
    32-px crop, against the batched torch path (antialiased bicubic; kernels differ a little)."""
    photo = hopper_photo[100:160, 50:140]  # (60, 90, 3): shorter side is the height
    prep = Preprocess(32, 37, normalize=False)
    ours = preprocess_batch(torch.from_numpy(np.ascontiguousarray(photo))[None], prep)[0]
    new_w = int(37 * 90 / 60)  # 55: longer side truncated like torchvision
    pil = np.asarray(Image.fromarray(photo).resize((new_w, 37), Image.BICUBIC), np.float32) / 255
    top, left = (37 - 32) // 2, (new_w - 32) // 2
    oracle = torch.from_numpy(pil[top:top + 32, left:left + 32]).permute(2, 0, 1)
    assert float((ours - oracle).abs().mean()) < 0.01
    assert float((ours - oracle).abs().max()) < 0.1
    # A 1-pixel shift of the crop is far from the oracle: the test can tell offsets apart.
    shifted = torch.from_numpy(pil[top:top + 32, left + 1:left + 33]).permute(2, 0, 1)
    assert float((ours - shifted).abs().mean()) > 3 * float((ours - oracle).abs().mean())


def test_preprocess_rejects_bad_input():
    with pytest.raises(ValueError, match="uint8"):
        preprocess_batch(torch.zeros(2, 8, 8), Preprocess.dino(8))
    with pytest.raises(ValueError, match="3 colour channels"):
        preprocess_batch(torch.zeros(2, 8, 8, 4, dtype=torch.uint8), Preprocess.dino(8))


def test_pixels_backbone_is_the_normalised_raw_image(mnist_digits):
    backbone = backbone_from_spec("pixels")
    assert backbone.resolution == 28 and backbone.embed_dim == 3 * 28 * 28
    digits = torch.from_numpy(mnist_digits[0][:3])
    emb = backbone.embed(preprocess_batch(digits, backbone.preprocess))
    # 28 px needs no resize: the embedding is the (C, H, W) image flattened, unit length.
    expected = F.normalize(digits.float().unsqueeze(1).expand(3, 3, 28, 28).flatten(1), dim=1)
    torch.testing.assert_close(emb, expected)
    assert backbone_from_spec("pixels@16").embed_dim == 3 * 16 * 16


def test_export_backbone_reproduces_the_saved_model(tiny_export, mnist_digits):
    folder, original = tiny_export
    backbone = backbone_from_spec(str(folder))
    assert backbone.resolution == 32 and backbone.embed_dim == 192
    x = preprocess_batch(torch.from_numpy(mnist_digits[0][:6]), backbone.preprocess)
    emb = backbone.embed(x)
    with torch.inference_mode():
        expected = F.normalize(original.forward_features(x)[:, 0], dim=1)
    torch.testing.assert_close(emb, expected)
    torch.testing.assert_close(emb.norm(dim=1), torch.ones(6))
    assert not torch.allclose(emb[0], emb[1])


def test_memory_loader_agrees_with_the_trainers_loader(tiny_export, mnist_digits):
    """memory reads the export format itself; train.export.load_exported_backbone must give the same
    features (the contract between the packages)."""
    train_export = pytest.importorskip("train.export")
    folder, _ = tiny_export
    backbone = backbone_from_spec(str(folder))
    x = preprocess_batch(torch.from_numpy(mnist_digits[0][:4]), backbone.preprocess)
    with torch.inference_mode():
        theirs = F.normalize(train_export.load_exported_backbone(folder)(x), dim=1)
    torch.testing.assert_close(backbone.embed(x), theirs)


def test_export_mean_std_from_config(tiny_export):
    folder, _ = tiny_export
    config = json.loads((folder / "config.json").read_text())
    config |= {"mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25]}
    (folder / "config.json").write_text(json.dumps(config))
    prep = backbone_from_spec(str(folder)).preprocess
    assert prep.mean == (0.5, 0.5, 0.5) and prep.std == (0.25, 0.25, 0.25)
    white = preprocess_batch(torch.full((1, 40, 40), 255, dtype=torch.uint8), prep)
    torch.testing.assert_close(white, torch.full((1, 3, 32, 32), 2.0))  # (1 - 0.5) / 0.25


def test_export_at_another_resolution(tiny_export, mnist_digits):
    folder, _ = tiny_export
    backbone = backbone_from_spec(f"{folder}@48")
    assert backbone.resolution == 48 and backbone.preprocess.resize_to == 55
    emb = backbone.embed(preprocess_batch(torch.from_numpy(mnist_digits[0][:2]),
                                          backbone.preprocess))
    assert emb.shape == (2, 192) and torch.isfinite(emb).all()


def test_export_errors(tmp_path, tiny_export):
    with pytest.raises(ValueError, match="unknown backbone spec"):
        backbone_from_spec(str(tmp_path / "missing"))
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "config.json").write_text("{}")
    with pytest.raises(FileNotFoundError, match="model.safetensors"):
        backbone_from_spec(str(tmp_path / "half"))
    folder, _ = tiny_export
    config = json.loads((folder / "config.json").read_text())
    config["arch"] = "vit_small_patch16_224"  # weights are ViT-Tiny: shapes do not match
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(ValueError, match="does not match vit_small_patch16_224"):
        backbone_from_spec(str(folder))
    with pytest.raises(ValueError, match="unknown timm architecture"):
        backbone_from_spec("random:not_a_model")


def test_random_backbone_is_seeded_and_leaves_global_rng_alone(mnist_digits):
    state = torch.random.get_rng_state()
    first = backbone_from_spec("random:vit_tiny_patch16_224@32", seed=0)
    again = backbone_from_spec("random:vit_tiny_patch16_224@32", seed=0)
    other = backbone_from_spec("random:vit_tiny_patch16_224@32", seed=1)
    assert torch.equal(torch.random.get_rng_state(), state)
    x = preprocess_batch(torch.from_numpy(mnist_digits[0][:3]), first.preprocess)
    assert torch.equal(first.embed(x), again.embed(x))
    assert not torch.allclose(first.embed(x), other.embed(x))
    assert first.fingerprint == again.fingerprint != other.fingerprint


@pytest.mark.parametrize("arch", ["vit_tiny_patch16_224", "resnet18"])
def test_random_backbone_uses_the_architectures_own_normalisation_and_pooling(arch, mnist_digits):
    import timm

    backbone = backbone_from_spec(f"random:{arch}@32")
    config = timm.data.resolve_model_data_config(backbone.model)
    assert (backbone.preprocess.mean, backbone.preprocess.std) == (tuple(config["mean"]), tuple(config["std"]))
    x = preprocess_batch(torch.from_numpy(mnist_digits[0][:2]), backbone.preprocess)
    with torch.no_grad():
        tokens = backbone.model.forward_features(x)
    # CLS after the final norm for the ViT, global average pooling for the CNN
    pooled = tokens[:, 0] if tokens.ndim == 3 else tokens.mean(dim=(2, 3))
    torch.testing.assert_close(backbone.embed(x), F.normalize(pooled, dim=1))


def test_extraction_is_batch_size_invariant_and_unit_norm(digit_imagefolder, tiny_export):
    folder, _ = tiny_export
    backbone = backbone_from_spec(str(folder))
    images = load_dataset(f"imagefolder:{digit_imagefolder}", "test")
    small = extract_embeddings(backbone, images, batch_size=5, progress=False)
    large = extract_embeddings(backbone, images, batch_size=64, progress=False)
    assert small.shape == (12, 192) and small.dtype == torch.float32
    torch.testing.assert_close(small, large, atol=1e-5, rtol=0)
    torch.testing.assert_close(small.norm(dim=1), torch.ones(12))
    with pytest.raises(ValueError, match="decoder"):
        extract_embeddings(backbone, images, decoder="opencv")


def test_compute_features_cache_hits_and_invalidates(tmp_path, fashion_idx_dir,
                                                     export_factory):
    export = tmp_path / "cached_export"
    export_factory(export)
    cache = tmp_path / "cache"
    spec = f"fashion-mnist:{fashion_idx_dir}"
    first = compute_features(str(export), spec, "test", limit=40, cache_dir=cache,
                             progress=False)
    assert not first.from_cache and len(list(cache.iterdir())) == 1
    second = compute_features(str(export), spec, "test", limit=40, cache_dir=cache,
                              progress=False)
    assert second.from_cache
    assert torch.equal(first.embeddings, second.embeddings)
    assert torch.equal(first.labels, second.labels) and first.sources == second.sources
    # Raw images come back on demand for pictures, aligned with the cached rows.
    assert torch.equal(second.image(3), first.image(3)) and second.image(3).shape == (28, 28)
    # Re-exporting (new weights, new mtime) must not reuse the stale cache.
    export_factory(export, seed=5)
    stat = os.stat(export / "model.safetensors")
    os.utime(export / "model.safetensors", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    third = compute_features(str(export), spec, "test", limit=40, cache_dir=cache,
                             progress=False)
    assert not third.from_cache and not torch.allclose(third.embeddings, first.embeddings)
    assert compute_features(str(export), spec, "test", limit=20, cache_dir=cache,
                            progress=False).embeddings.shape == (20, 192)
