"""The loop's data stream: dataset options from the config reach procgen.stream, checked early."""
from __future__ import annotations

import pytest
import torch

from procgen.stream import sample
from train.config import ConfigError, config_from_dict, config_to_dict, resolve_config
from train.distributed import DistInfo
from train.loop import open_data_stream, train

CPU = torch.device("cpu")


def _first_batch(cfg) -> tuple[torch.Tensor, dict]:
    with open_data_stream(cfg, DistInfo(), CPU) as stream:
        return next(stream), dict(stream.options)


def test_dataset_options_reach_the_stream(tmp_path, tiny_overrides):
    common = {"data.dataset": "kml", "data.resolution": 16, "batch_size": 2, "data.prefetch": 0}
    default_cfg = resolve_config(None, tiny_overrides(tmp_path / "a", **common))
    k3_cfg = resolve_config(None, tiny_overrides(tmp_path / "b", **common, **{"data.kml_k": 3}))
    assert default_cfg.data.kml_k is None and default_cfg.data.dataset_options() == {}
    default, default_options = _first_batch(default_cfg)
    k3, k3_options = _first_batch(k3_cfg)
    assert default_options == {} and k3_options == {"k": 3}
    assert default.shape == k3.shape == (2, 3, 16, 16)
    assert not torch.allclose(default, k3)  # 3 colour clusters make other leaves than 2
    # Exactly procgen's element with k=3 (same seed, same global index).
    torch.testing.assert_close(k3[1], sample("kml", 1, seed=0, resolution=16, k=3))


def test_mixup_and_iters_options_map_to_procgen_names(tmp_path, tiny_overrides):
    cfg = resolve_config(None, tiny_overrides(tmp_path / "a", **{
        "data.dataset": "kml-mixup", "data.kml_iters": 1, "data.mixup": 3, "data.kml_k": 4}))
    assert cfg.data.dataset_options() == {"k": 4, "iters": 1, "mixup": 3}
    # null clears an option back to the dataset default; the YAML/checkpoint round trip keeps them.
    assert resolve_config(None, ["data.mixup=3", "data.mixup=null"]).data.mixup is None
    assert config_from_dict(config_to_dict(cfg)).data == cfg.data


@pytest.mark.parametrize("extra, match", [
    ({"data.dataset": "shaders", "data.kml_k": 3}, r"data.kml_k=3 do not fit data.dataset='shaders'"),
    ({"data.dataset": "kml", "data.kml_k": 1}, r"data.kml_k=1 do not fit data.dataset='kml'.*k >= 2"),
    ({"data.dataset": "shaders-mixup", "data.mixup": 0}, r"data.mixup=0 do not fit.*>= 1"),
    ({"data.library": "/nonexistent/corpus"}, r"'data.library': library '/nonexistent/corpus': no such folder"),
    ({"data.library": "shaders:0.5,shaders:0.6"}, r"'data.library': .*weights sum to 1.1 > 1"),
])
def test_unfit_dataset_options_fail_before_any_work(tmp_path, tiny_overrides, extra, match):
    with pytest.raises(ConfigError, match=match):
        train(resolve_config(None, tiny_overrides(tmp_path / "run", **extra)))
    assert not (tmp_path / "run").exists()


def test_dataset_option_types_are_checked():
    with pytest.raises(ConfigError, match="'data.kml_k' expects"):
        resolve_config(None, ["data.kml_k=two"])
    with pytest.raises(ConfigError, match="'data.mixup' expects"):
        resolve_config(None, ["data.mixup=1.5"])
