"""The evaluate tools share memory's model options and reject bad values before any work."""
from __future__ import annotations

import importlib

import pytest

from memory.knn import build_parser as knn_parser

# tool -> the required arguments besides --backbone (paths need not exist: checks come first)
TOOLS = {"pca_seg": ["--images", "nowhere", "--masks", "nowhere"],
         "knn_seg": ["--data", "nowhere"], "twoafc": ["--triplets", "nowhere"],
         "medmnist": ["--dir", "nowhere"], "linear": ["--dataset", "fashion-mnist"]}


def _options(parser) -> dict:
    return {a.dest: (a.option_strings, a.required, a.help) for a in parser._actions}


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_tool_shares_memorys_model_options(tool):
    module = importlib.import_module(f"evaluate.{tool}")
    ours, memory = _options(module.build_parser()), _options(knn_parser())
    for dest in ("backbone", "seed", "device"):
        assert ours[dest] == memory[dest], (tool, dest)
    assert module.build_parser().prog == f"python -m evaluate.{tool}"
    assert "json" in ours and all(help_ for _, _, help_ in ours.values())


@pytest.mark.parametrize("tool", sorted(TOOLS))
@pytest.mark.parametrize("bad,message", [(["--batch-size", "0"], "--batch-size must be >= 1"),
                                         (["--k", "0"], "--k must be >= 1"),
                                         (["--device", "cuda:0"], "CUDA is not available")])
def test_tool_rejects_bad_values_before_work(tool, bad, message, capsys):
    if bad[0] == "--k" and tool in ("pca_seg", "twoafc"):
        pytest.skip(f"evaluate.{tool} has no --k")
    if bad[0] == "--device":
        import torch
        if torch.cuda.is_available():
            pytest.skip("this machine has CUDA")
    module = importlib.import_module(f"evaluate.{tool}")
    with pytest.raises(SystemExit) as exit_info:
        module.main(["--backbone", "pixels", *TOOLS[tool], *bad])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
