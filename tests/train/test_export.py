"""Export round trip: the teacher backbone saved as safetensors + config.json loads back equal."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
import torch

from train import checkpoint as ckpt
from train.config import config_to_dict
from train.dino import DINOStep
from train.export import export_checkpoint, load_export_config, load_exported_backbone
from train.model import build_student_teacher


def _checkpoint(cfg, run_dir):
    student, teacher = build_student_teacher(cfg)
    with torch.no_grad():  # move the teacher away from the student so the test sees which is saved
        gen = torch.Generator().manual_seed(1)
        for p in teacher.parameters():
            p.add_(0.01 * torch.randn(p.shape, generator=gen))
    state = DINOStep(cfg, student, student, teacher, torch.device("cpu")).state_dict()
    state["config"] = config_to_dict(cfg)
    return ckpt.save_checkpoint(state, run_dir, 7), student, teacher


def test_round_trip_same_outputs(tiny_config, tmp_path):
    path, student, teacher = _checkpoint(tiny_config, tmp_path / "run")
    out = export_checkpoint(path, tmp_path / "export")
    assert sorted(p.name for p in out.iterdir()) == ["config.json", "model.safetensors"]
    config = load_export_config(out)
    assert config["arch"] == "vit_tiny_patch16_224" and config["patch_size"] == 16
    assert config["img_size"] == 32 and config["embed_dim"] == 192 and config["steps"] == 7
    assert config["dataset"] == tiny_config.data.dataset and config["seed"] == 0
    assert config["preset"] == "cpu-tiny"
    model = load_exported_backbone(out)
    assert not model.training and model.num_classes == 0
    teacher.eval()
    for size in (32, 16, 48):  # global, local and another size (dynamic position embeddings)
        x = torch.rand(3, 3, size, size, generator=torch.Generator().manual_seed(size))
        with torch.no_grad():
            got = model(x)
            assert torch.equal(got, teacher.backbone(x))
            assert torch.equal(got, model.forward_features(x)[:, 0])
            assert not torch.allclose(got, student.backbone.eval()(x))  # the teacher was exported


def test_cli_and_errors(tiny_config, tmp_path):
    path, _, _ = _checkpoint(tiny_config, tmp_path / "run")
    run = subprocess.run([sys.executable, "-m", "train.export", str(tmp_path / "run"), str(tmp_path / "e")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads((tmp_path / "e" / "config.json").read_text())["steps"] == 7
    bad = subprocess.run([sys.executable, "-m", "train.export", str(tmp_path / "nope.pt"), str(tmp_path / "f")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "does not exist" in bad.stderr
    with pytest.raises(FileNotFoundError, match="not a train.export folder"):
        load_exported_backbone(tmp_path / "run")


def test_memory_loads_the_export_with_its_own_loader(tiny_config, tmp_path):
    """The format contract between the packages: memory's loader (not train's) rebuilds the
    exported teacher, with the training normalisation, and embeds like the teacher."""
    from memory.embed import backbone_from_spec

    from train.augment import IMAGENET_MEAN, IMAGENET_STD

    path, student, teacher = _checkpoint(tiny_config, tmp_path / "run")
    out = export_checkpoint(path, tmp_path / "export")
    backbone = backbone_from_spec(str(out))
    assert backbone.resolution == tiny_config.crops.global_size and backbone.embed_dim == 192
    assert backbone.preprocess.mean == IMAGENET_MEAN and backbone.preprocess.std == IMAGENET_STD
    teacher.eval()
    x = torch.rand(4, 3, 32, 32, generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        cls = teacher.backbone(x)  # (B, 192) CLS after the final norm
        torch.testing.assert_close(backbone.model.forward_features(x)[:, 0], cls, rtol=0, atol=0)
        torch.testing.assert_close(backbone.embed(x), torch.nn.functional.normalize(cls, dim=1))
        student_cls = torch.nn.functional.normalize(student.backbone.eval()(x), dim=1)
        assert not torch.allclose(backbone.embed(x), student_cls)  # the teacher was exported
