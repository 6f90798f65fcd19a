"""The memory tools say what a backbone's weights saw, and warn plainly about real images."""
from __future__ import annotations

import json

import pytest

from memory.cli_common import REAL_DATA_WARNING, backbone_provenance
from memory.knn import main as knn_main
from memory.privacy import main as privacy_main


def _with_provenance(folder, provenance):
    config = json.loads((folder / "config.json").read_text())
    config["provenance"] = provenance
    (folder / "config.json").write_text(json.dumps(config))


def test_provenance_of_each_backbone_form(tmp_path, export_factory):
    export_factory(tmp_path / "old")  # written before provenance was recorded
    assert backbone_provenance(str(tmp_path / "old")) == {"kind": "unknown"}
    assert backbone_provenance(str(tmp_path / "old") + "@16") == {"kind": "unknown"}
    assert backbone_provenance("random:resnet18@32") == {"kind": "random-init"}
    assert backbone_provenance("pixels@28") is None


@pytest.mark.parametrize("kind, warned", [("procedural", False), ("real", True)])
def test_knn_and_privacy_print_and_record_it(tmp_path, export_factory, fashion_idx_dir, capsys, kind, warned):
    folder = tmp_path / "export"
    export_factory(folder)
    provenance = {"kind": kind, "dataset": "kml-mixup" if kind == "procedural" else "fashion-mnist"}
    _with_provenance(folder, provenance)
    common = ["--backbone", str(folder), "--dataset", f"fashion-mnist:{fashion_idx_dir}", "--limit-train", "40",
              "--limit-test", "20"]
    assert knn_main(common + ["--k", "3", "--json", str(tmp_path / "knn.json")]) == 0
    out = capsys.readouterr()
    assert f"backbone provenance: {kind}" in out.out
    assert (REAL_DATA_WARNING in out.err) is warned
    assert json.loads((tmp_path / "knn.json").read_text())["provenance"] == provenance
    summary = privacy_main(common + ["--k", "3", "--json", str(tmp_path / "p.json")])
    out = capsys.readouterr()
    assert (REAL_DATA_WARNING in out.err) is warned
    assert summary["provenance"] == provenance
    assert json.loads((tmp_path / "p.json").read_text())["provenance"] == provenance
