"""The preview and bench command-line tools, on tiny images."""
import json
import subprocess
import sys

import numpy as np
import pytest
import torch
from PIL import Image

from procgen import bench, preview, sample
from procgen.datasets import DATASETS, Shaders, get_dataset, register_dataset

torch.set_num_threads(2)


def test_make_grid_places_images_row_by_row():
    images = torch.zeros(5, 3, 4, 4)
    images[1] = 1.0
    images[4, 0] = 1.0
    grid = preview.make_grid(images, columns=3, pad=1)
    assert grid.shape == (2 * 5 + 1, 3 * 5 + 1, 3) and grid.dtype == np.uint8
    assert (grid[1:5, 6:10] == 255).all()  # image 1: white, row 0 column 1
    assert (grid[6:10, 6:10] == [255, 0, 0]).all()  # image 4: red, row 1 column 1
    assert (grid[1:5, 1:5] == 0).all()
    grey = preview.make_grid(torch.full((1, 1, 2, 2), 0.5), columns=1, pad=0)
    assert (grey == 128).all()  # one channel is shown as grey
    with pytest.raises(ValueError):
        preview.make_grid(torch.zeros(2, 2, 4, 4), 2)


def test_preview_writes_the_samples(tmp_path):
    out = tmp_path / "shaders.png"
    written = preview.main(["--dataset", "shaders", "--n", "5", "--out", str(out),
                            "--resolution", "16", "--seed", "3", "--columns", "5"])
    assert written == [out]
    grid = np.asarray(Image.open(out))
    assert grid.shape == (2 + 18, 2 + 5 * 18, 3)
    first = (sample("shaders", 0, seed=3, resolution=16).permute(1, 2, 0) * 255 + 0.5).to(torch.uint8)
    assert np.array_equal(grid[2:18, 2:18], first.numpy())
    assert not (tmp_path / "shaders_strip.png").exists()


def test_preview_writes_a_kml_strip(tmp_path):
    out = tmp_path / "kml.png"
    written = preview.main(["--dataset", "kml-mixup", "--n", "3", "--out", str(out),
                            "--resolution", "12", "--strip-samples", "2"])
    strip_path = tmp_path / "kml_strip.png"
    assert written == [out, strip_path]
    strip = np.asarray(Image.open(strip_path))
    assert strip.shape == (2 + 5 * 14, 2 + 2 * 14, 3)  # rows s1, mask, s2, s3, result
    mask_tile = strip[2 + 14:2 + 14 + 12, 2:14]
    assert (mask_tile[..., 0] == mask_tile[..., 1]).all()  # the mask row is grey


def test_preview_help_and_bad_arguments(tmp_path):
    out = subprocess.run([sys.executable, "-m", "procgen.preview", "--help"], capture_output=True,
                         text=True, check=True)
    assert "_strip.png" in out.stdout and "--resolution" in out.stdout
    for bad in (["--n", "0"], ["--dataset", "imagenet"], ["--out", str(tmp_path / "x.jpg")]):
        args = ["--dataset", "shaders", "--out", str(tmp_path / "x.png"), *bad]
        with pytest.raises(SystemExit):
            preview.main(args)


@pytest.mark.parametrize("name", list(DATASETS))  # every registered dataset has its baseline
def test_per_image_baseline_computes_the_same_images_as_the_engine(renderer, name):
    # Same programs, seeds and times on both sides: the comparison is like for like.
    dataset = get_dataset(name)
    indices = torch.arange(2, dtype=torch.int64)
    baseline = dataset.per_image_baseline(renderer, indices, 0, 16)()
    engine = dataset.render(renderer, indices, 0, 16)
    for i, image in enumerate(baseline):
        assert image.shape == (3, 16, 16)
        assert np.abs(image - engine[i].numpy()).max() < 1e-4


class Inverted(Shaders):
    """A dataset the bench has never heard of: 1 - one shader image."""

    name = "test-inverted"

    def combine(self, images, indices, seed):
        return {"result": 1.0 - images[:, 0]}

    def combine_numpy(self, images, extra):
        return 1.0 - images[0]


def test_a_newly_registered_dataset_is_benchmarked_with_its_own_baseline(renderer):
    register_dataset(Inverted.name, Inverted)
    try:
        rows = bench.main(["--resolutions", "16", "--batch", "3", "--baseline-samples", "1",
                           "--repeats", "1", "--datasets", Inverted.name])
        assert [r["dataset"] for r in rows] == ["render", Inverted.name]
        assert rows[1]["baseline_samples"] == 3  # the whole batch: not treated as a slow KML row
        dataset = get_dataset(Inverted.name)
        indices = torch.arange(2, dtype=torch.int64)
        baseline = dataset.per_image_baseline(renderer, indices, 0, 16)()
        engine = dataset.render(renderer, indices, 0, 16)
        assert np.abs(np.stack(baseline) - engine.numpy()).max() < 1e-4
    finally:
        del DATASETS[Inverted.name]


def test_bench_rows_and_json(tmp_path):
    path = tmp_path / "bench.json"
    rows = bench.main(["--resolutions", "16", "--batch", "4", "--baseline-samples", "2",
                       "--repeats", "1", "--datasets", "shaders", "kml", "--json", str(path)])
    assert [(r["dataset"], r["resolution"]) for r in rows] == [("render", 16), ("shaders", 16), ("kml", 16)]
    for row in rows:
        assert row["engine_img_s"] > 0 and row["baseline_img_s"] > 0
        assert row["ratio"] == pytest.approx(row["engine_img_s"] / row["baseline_img_s"])
    assert rows[0]["raw_img_s"] > 0 and rows[0]["engine_over_raw"] > 0
    saved = json.loads(path.read_text())
    assert isinstance(saved, list) and len(saved) == 3
    machine = saved[0].pop("machine")
    assert saved[0] == rows[0] and "cpu" in machine and "gl_renderer" in machine
    assert machine["torch_threads"] == 1  # the CPU default
    assert "engine img/s" in bench.format_table(machine, rows)


def test_bench_help_and_bad_arguments():
    out = subprocess.run([sys.executable, "-m", "procgen.bench", "--help"], capture_output=True,
                         text=True, check=True)
    assert "--quick" in out.stdout and "--json" in out.stdout
    with pytest.raises(SystemExit):
        bench.main(["--batch", "0"])
    with pytest.raises(SystemExit):
        bench.main(["--resolutions", "-4"])
