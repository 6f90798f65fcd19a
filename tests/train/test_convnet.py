"""Convnet backbones (timm resnet etc.) next to the ViT: two DINO steps, export, memory loading."""
from __future__ import annotations

import json

import pytest
import timm
import torch

from memory.embed import backbone_from_spec as memory_backbone
from train.checkpoint import latest_checkpoint, load_checkpoint
from train.config import ConfigError, resolve_config
from train.export import export_checkpoint, export_random_init, load_export_config, load_exported_backbone
from train.loop import train
from train.model import backbone_kwargs, build_backbone, has_batchnorm, is_vit, switch_on_zeroed_branches


def test_architecture_kinds():
    assert is_vit("vit_tiny_patch16_224") and is_vit("deit_tiny_patch16_224")
    assert not is_vit("resnet18") and not is_vit("convnext_atto") and not is_vit("regnetx_002")
    assert backbone_kwargs("resnet18", 32, 16) == {}
    assert backbone_kwargs("vit_tiny_patch16_224", 32, 8) == {"img_size": 32, "patch_size": 8,
                                                               "dynamic_img_size": True}


def test_patch_size_rule_applies_to_vits_only(tiny_overrides, tmp_path):
    # 24 px crops are no multiple of 16 px patches: an error for a ViT, fine for a convnet.
    with pytest.raises(ConfigError, match="crops.global_size"):
        resolve_config(None, tiny_overrides(tmp_path / "a", **{"crops.global_size": 24}))
    cfg = resolve_config(None, tiny_overrides(tmp_path / "b", **{"crops.global_size": 24, "model.arch": "resnet18"}))
    assert cfg.crops.global_size == 24


@pytest.mark.parametrize("arch", ["resnet18", "vit_tiny_patch16_224"])
def test_two_steps_export_round_trip(arch, tiny_overrides, tmp_path):
    cfg = resolve_config(None, tiny_overrides(tmp_path / "run", steps=2, **{"model.arch": arch}))
    summary = train(cfg)
    assert summary["step"] == 2
    state = load_checkpoint(latest_checkpoint(cfg.output_dir))
    assert state["provenance"]["kind"] == "procedural" and state["provenance"]["dataset"] == "shaders"
    out = export_checkpoint(latest_checkpoint(cfg.output_dir), tmp_path / "export")
    config = load_export_config(out)
    assert config["provenance"]["kind"] == "procedural"
    assert config["timm_kwargs"] == backbone_kwargs(arch, 32, 16)
    model = load_exported_backbone(out)
    teacher = {k.removeprefix("backbone."): v for k, v in state["teacher"].items() if k.startswith("backbone.")}
    loaded = model.state_dict()
    assert loaded.keys() == teacher.keys()
    assert all(torch.equal(loaded[k].float(), teacher[k].float()) for k in teacher)
    if arch == "resnet18":  # the teacher's BatchNorm statistics moved (teacher runs on batch statistics)
        assert has_batchnorm(model)
        assert not torch.equal(teacher["bn1.running_mean"], torch.zeros_like(teacher["bn1.running_mean"]))
    x = torch.rand(3, 3, 32, 32, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        expected = torch.nn.functional.normalize(model(x), dim=1)
    embedded = memory_backbone(str(out)).embed(x)  # memory's own loader builds the same model
    assert embedded.shape == (3, config["embed_dim"])
    torch.testing.assert_close(embedded, expected, rtol=1e-5, atol=1e-5)


def test_random_init_export_is_the_runs_start(tiny_overrides, tmp_path):
    cfg = resolve_config(None, tiny_overrides(tmp_path / "run", steps=1, **{"optim.lr": 1e-12,
                                                                           "optim.min_lr": 1e-12}))
    before = torch.random.get_rng_state()
    out = export_random_init(cfg, tmp_path / "init")
    assert torch.equal(before, torch.random.get_rng_state())  # the caller's RNG is left alone
    assert json.loads((out / "config.json").read_text())["provenance"] == {"kind": "random-init"}
    # lr 1e-12: one step moves the weights by ~1e-12 and the EMA mixes near-equal weights, so the
    # trained teacher equals the init within 1e-6; another init differs by ~0.02 per weight.
    train(cfg)
    trained = load_exported_backbone(export_checkpoint(latest_checkpoint(cfg.output_dir), tmp_path / "exp")).state_dict()
    init = load_exported_backbone(out).state_dict()
    for k in init:
        torch.testing.assert_close(init[k], trained[k], rtol=0, atol=1e-6)
    other = load_exported_backbone(export_random_init(resolve_config(None, tiny_overrides(tmp_path / "r2", seed=1)),
                                             tmp_path / "init1")).state_dict()
    assert not torch.allclose(other["cls_token"], init["cls_token"])


def test_residual_branches_start_switched_on():
    """A regression test: timm's zero-initialised residual branches made the random-init ResNet a
    one-pixel feature (chance-level KNN, RESULTS.md issue 11); DINO's ResNet started with them on."""
    model = build_backbone("resnet18", 32, None)
    scales = [m.weight for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    assert scales and all(bool(w.any()) for w in scales)
    assert switch_on_zeroed_branches(model) == 0  # nothing left to switch on
    # Every other weight is timm's seeded init, untouched: same as a plain timm model with its
    # zero-initialised scales set to 1 by hand.
    torch.manual_seed(0)
    plain = timm.create_model("resnet18", pretrained=False, num_classes=0)
    torch.manual_seed(0)
    ours = build_backbone("resnet18", 32, None)
    assert switch_on_zeroed_branches(plain) == 8  # the last BN of each of resnet18's 8 blocks
    for (name, a), (_, b) in zip(plain.state_dict().items(), ours.state_dict().items(), strict=True):
        assert torch.equal(a, b), name
