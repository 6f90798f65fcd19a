"""The random-init export of a BatchNorm backbone: statistics measured on procedural images, weights untouched."""
from __future__ import annotations

import gzip
import json

import numpy as np

import torch

from train.augment import IMAGENET_MEAN, IMAGENET_STD
from train.bn_calibrate import batchnorm_layers, recalibrate_batchnorm
from train.config import resolve_config
from train.export import _write_export, export_random_init, load_exported_backbone
from train.config import config_to_dict
from train.loop import seed_global_rng
from train.model import build_student_teacher

FASHION = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"


def _step0_backbone(cfg) -> torch.nn.Module:
    with torch.random.fork_rng(devices=[]):
        seed_global_rng(cfg.seed, 0, "train/model-init")
        _, teacher = build_student_teacher(cfg)
    return teacher.backbone.eval()


def _fashion_mnist(n: int) -> torch.Tensor:
    """The first ``n`` Fashion-MNIST test images: (n, 3, 32, 32), normalised as the training views."""
    with gzip.open(FASHION, "rb") as f:
        raw = np.frombuffer(f.read(), dtype=np.uint8, offset=16)[: n * 784].reshape(n, 1, 28, 28)
    x = torch.from_numpy(raw.astype(np.float32) / 255).expand(n, 3, 28, 28)
    x = torch.nn.functional.interpolate(x, size=32, mode="bilinear", antialias=True)
    return (x - torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)) / torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)


def _spread(model: torch.nn.Module, images: torch.Tensor) -> float:
    """1 - the mean cosine similarity between the embeddings of different images (0: all the same)."""
    with torch.no_grad():
        z = torch.nn.functional.normalize(model(images), dim=1)
    cos = z @ z.T
    return float(1 - cos[~torch.eye(len(z), dtype=torch.bool)].mean())


def test_resnet_random_init_has_procedural_bn_stats(tiny_overrides, tmp_path):
    cfg = resolve_config(None, tiny_overrides(tmp_path / "run", batch_size=8, **{"model.arch": "resnet18"}))
    out = export_random_init(cfg, tmp_path / "init")
    provenance = json.loads((out / "config.json").read_text())["provenance"]
    assert provenance == {"kind": "random-init", "bn_stats": "shaders (64 images)"}  # 8 batches x 8
    calibrated = load_exported_backbone(out)
    init = _step0_backbone(cfg)
    after, before = calibrated.state_dict(), init.state_dict()
    buffers = {f"{name}.{b}" for name, m in init.named_modules() if m in batchnorm_layers(init)
               for b in ("running_mean", "running_var", "num_batches_tracked")}
    for key, value in before.items():
        if key not in buffers:
            assert torch.equal(value, after[key]), key  # bit-identical weights
    assert not torch.equal(before["bn1.running_mean"], after["bn1.running_mean"])
    images = _fashion_mnist(64)  # real images the calibration never saw, as memory feeds them
    spread, degenerate = _spread(calibrated, images), _spread(init, images)
    print(f"mean cosine distance between images: init stats {degenerate:.5f}, procedural stats {spread:.5f}")
    assert spread > 4 * degenerate  # measured: 0.0066 -> 0.0430 (x6.5)


def test_export_is_deterministic_and_vit_unchanged(tiny_overrides, tmp_path):
    cfg = resolve_config(None, tiny_overrides(tmp_path / "run", batch_size=4, **{"model.arch": "resnet18"}))
    a = export_random_init(cfg, tmp_path / "a")
    b = export_random_init(cfg, tmp_path / "b")
    _assert_same_export(a, b)
    vit = resolve_config(None, tiny_overrides(tmp_path / "vit"))
    out = export_random_init(vit, tmp_path / "vit_init")
    # What export_random_init wrote before BN calibration existed: the step-0 weights as they are.
    weights = {k: v.detach().float().contiguous() for k, v in _step0_backbone(vit).state_dict().items()}
    before = _write_export(weights, config_to_dict(vit), 0, {"kind": "random-init"}, tmp_path / "vit_before")
    _assert_same_export(out, before)


def _assert_same_export(a, b) -> None:
    """Same config.json bytes, same checksum metadata, bit-identical tensors (safetensors writes its
    metadata map in no fixed order, so the files' bytes themselves may differ)."""
    from safetensors import safe_open

    assert (a / "config.json").read_bytes() == (b / "config.json").read_bytes()
    with safe_open(str(a / "model.safetensors"), "pt") as fa, safe_open(str(b / "model.safetensors"), "pt") as fb:
        assert fa.metadata() == fb.metadata()  # includes the sha256 of the tensors
        assert set(fa.keys()) == set(fb.keys())
        for key in fa.keys():
            assert torch.equal(fa.get_tensor(key), fb.get_tensor(key)), key


def test_recalibrate_needs_images_and_leaves_momentum():
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.BatchNorm2d(4, momentum=0.3))
    try:
        recalibrate_batchnorm(model, [], 8)
        raise AssertionError("no batches must be an error")
    except ValueError as err:
        assert "no batches" in str(err)
    n = recalibrate_batchnorm(model, [torch.rand(5, 3, 16, 16), torch.rand(3, 3, 16, 16)], 8)
    assert n == 8 and model[1].momentum == 0.3 and not model.training
    assert int(model[1].num_batches_tracked) == 2
    assert recalibrate_batchnorm(torch.nn.Linear(2, 2), [torch.rand(1, 3, 4, 4)], 4) == 0
