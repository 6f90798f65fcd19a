"""Patch features of every backbone kind: grid shape, stride, CLS dropped, any input size."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from memory.embed import backbone_from_spec
from memory.patches import feature_stride, patch_features, resize_square

torch.set_num_threads(1)


def images(count: int = 2) -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    return [rng.integers(0, 256, size=(30 + 7 * i, 41, 3), dtype=np.uint8) for i in range(count)]


@pytest.mark.parametrize("size", [32, 48, 64])
def test_vit_tokens_any_size_cls_dropped(size):
    backbone = backbone_from_spec("random:vit_tiny_patch16_224")
    features = patch_features(backbone, images(), size)
    assert features.tokens.shape == (2, size // 16, size // 16, 192)
    assert features.stride == 16 == feature_stride(backbone) and features.grid == (size // 16,) * 2
    # The tokens are exactly the model's last-layer tokens after the CLS token.
    x = torch.stack([resize_square(i, size) for i in images()]).permute(0, 3, 1, 2).float() / 255
    mean = torch.tensor(backbone.preprocess.mean).view(1, 3, 1, 1)
    std = torch.tensor(backbone.preprocess.std).view(1, 3, 1, 1)
    with torch.inference_mode():
        tokens = backbone.model.forward_features((x - mean) / std)
    assert torch.allclose(features.tokens.reshape(2, -1, 192), tokens[:, 1:], atol=1e-5)


def test_vit_pooled_embedding_unchanged_by_dynamic_size():
    """dynamic_img_size must not change the pooled CLS embedding at the native resolution."""
    import timm

    backbone = backbone_from_spec("random:vit_tiny_patch16_224@32", seed=3)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(3)
        plain = timm.create_model("vit_tiny_patch16_224", pretrained=False, num_classes=0,
                                  img_size=32).eval()
    x = torch.randn(2, 3, 32, 32)
    with torch.inference_mode():
        assert torch.allclose(backbone.embed(x), torch.nn.functional.normalize(plain(x), dim=1),
                              atol=1e-5)


def test_convnet_feature_map_and_stride():
    backbone = backbone_from_spec("random:resnet18")
    features = patch_features(backbone, images(3), 64)
    assert features.tokens.shape == (3, 2, 2, 512) and features.stride == 32
    assert feature_stride(backbone) == 32


def test_pixels_are_their_own_patches():
    backbone = backbone_from_spec("pixels")
    picture = np.zeros((10, 20), np.uint8)
    picture[:, 10:] = 255
    features = patch_features(backbone, [picture], 20)
    assert features.tokens.shape == (1, 20, 20, 3) and features.stride == 1
    assert features.tokens[0, 5, 0].tolist() == [0, 0, 0]
    assert features.tokens[0, 5, 19].tolist() == [1, 1, 1]


def test_bad_input():
    backbone = backbone_from_spec("pixels")
    with pytest.raises(ValueError, match="no images"):
        patch_features(backbone, [], 8)
    with pytest.raises(ValueError, match="uint8"):
        patch_features(backbone, [np.zeros((4, 4), np.float32)], 8)
