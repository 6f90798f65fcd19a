"""Typed config: presets, YAML, overrides, errors naming the key, resolved YAML round trip."""
from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from train.config import ConfigError, config_from_dict, config_to_dict, resolve_config, save_config


def test_defaults_and_presets():
    tiny = resolve_config(None, [])
    assert tiny.preset == "cpu-tiny" and tiny.model.arch == "vit_tiny_patch16_224"
    assert (tiny.data.resolution, tiny.crops.global_size, tiny.crops.local_size) == (64, 32, 16)
    vits = resolve_config(None, ["preset=vits16"])
    assert vits.model.arch == "vit_small_patch16_224" and vits.model.out_dim == 65536
    assert (vits.crops.global_size, vits.crops.local_size, vits.crops.n_local) == (224, 96, 8)
    assert vits.optim.clip_grad == 3.0 and vits.dino.momentum_teacher == 0.996
    assert vits.optim.weight_decay == 0.04 and vits.optim.weight_decay_end == 0.4


def test_order_preset_then_yaml_then_overrides(tmp_path):
    f = tmp_path / "c.yaml"
    f.write_text(yaml.safe_dump({"preset": "vits16", "steps": 7, "optim": {"lr": 0.1}, "crops.n_local": 2}))
    cfg = resolve_config(f, ["lr=0.2", "seed=3"])
    assert cfg.preset == "vits16" and cfg.model.out_dim == 65536  # preset from the file
    assert cfg.steps == 7 and cfg.crops.n_local == 2  # file beats preset
    assert cfg.optim.lr == 0.2 and cfg.seed == 3  # overrides beat the file


def test_dotted_and_bare_keys_and_types():
    cfg = resolve_config(None, ["optim.lr=1e-3", "momentum_teacher=0.99", "crops.global_scale=[0.3, 1]",
                                "resume=true", "compile=false"])
    assert cfg.optim.lr == 1e-3 and isinstance(cfg.optim.lr, float)
    assert cfg.dino.momentum_teacher == 0.99
    assert cfg.crops.global_scale == (0.3, 1.0)
    assert cfg.resume is True and cfg.compile is False
    assert resolve_config(None, ["resume=runs/a/ckpt.pt"]).resume == "runs/a/ckpt.pt"


@pytest.mark.parametrize("override, match", [
    (["optim.lrr=1"], r"unknown config key 'optim.lrr'.*did you mean 'optim.lr'"),
    (["stepz=3"], r"unknown config key 'stepz'.*'steps'"),
    (["steps=abc"], r"'steps' expects int"),
    (["steps=1.5"], r"'steps' expects int"),
    (["compile=3"], r"'compile' expects bool"),
    (["crops.global_scale=0.5"], r"'crops.global_scale' expects a list of 2"),
    (["preset=vitXL"], r"unknown preset 'vitXL'"),
    (["crops.local_size=48"], r"local_size \(48\) must not exceed"),
    (["crops.local_size=24"], r"'crops.local_size' = 24 is not a multiple of model.patch_size = 16"),
    (["steps=0"], r"'steps' must be > 0"),
    (["noequals"], r"not of the form key=value"),
])
def test_bad_overrides_name_the_key(override, match):
    with pytest.raises(ConfigError, match=match):
        resolve_config(None, override)


def test_bad_yaml_key(tmp_path):
    f = tmp_path / "c.yaml"
    f.write_text("optim:\n  warmup_stepz: 3\n")
    with pytest.raises(ConfigError, match="optim.warmup_stepz.*optim.warmup_steps"):
        resolve_config(f, [])
    with pytest.raises(ConfigError, match="does not exist"):
        resolve_config(tmp_path / "missing.yaml", [])


def test_saved_yaml_round_trip(tmp_path):
    cfg = resolve_config(None, ["preset=vits16", "steps=11", "crops.local_scale=[0.1, 0.3]"])
    save_config(cfg, tmp_path / "config.yaml")
    again = resolve_config(tmp_path / "config.yaml", [])
    assert again == cfg
    assert config_from_dict(config_to_dict(cfg)) == cfg


def test_cli_reports_config_errors():
    run = subprocess.run([sys.executable, "-m", "train", "optim.lrr=1"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 2 and "unknown config key 'optim.lrr'" in run.stderr
    ok = subprocess.run([sys.executable, "-m", "train", "--print-config", "steps=5"], capture_output=True,
                        text=True, timeout=120)
    assert ok.returncode == 0 and yaml.safe_load(ok.stdout)["steps"] == 5


def test_num_workers_is_gone_but_old_run_configs_still_load():
    with pytest.raises(ConfigError, match="unknown config key 'data.num_workers'"):
        resolve_config(None, ["data.num_workers=2"])
    old = config_to_dict(resolve_config(None, ["seed=5"]))
    old["data"]["num_workers"] = 0  # what checkpoints written before its removal hold
    assert config_from_dict(old).seed == 5
