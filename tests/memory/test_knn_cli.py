"""``python -m memory.knn`` end to end on small real datasets the fixtures build."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from memory.data import load_dataset
from memory.dali import dali_available
from memory.knn import build_parser, main, run
from memory.store import MemoryStore

REPO = Path(__file__).resolve().parents[2]


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "memory.knn", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_cli_end_to_end_on_separable_colours(tmp_path, solid_colour_imagefolder):
    out_json, png, db = tmp_path / "r.json", tmp_path / "r.png", tmp_path / "memory.sqlite"
    result = _run_cli("--backbone", "pixels@8", "--dataset",
                      f"imagefolder:{solid_colour_imagefolder}", "--k", "1", "3", "5",
                      "--json", str(out_json), "--retrieval-png", str(png), "--db", str(db),
                      "--retrieval-queries", "4", "--retrieval-neighbours", "3")
    assert result.returncode == 0, result.stderr
    assert "top-1" in result.stdout
    results = json.loads(out_json.read_text())
    for key in ("dataset", "backbone", "k", "top1", "top5", "n_memory", "n_queries", "vote",
                "seconds"):
        assert key in results
    assert results["k"] == [1, 3, 5] and results["n_memory"] == 12 and results["n_queries"] == 8
    assert results["top1"] == [100.0, 100.0, 100.0] and results["top5"] == [100.0] * 3
    with Image.open(png) as picture:  # 4 query rows, 1 + 3 columns of 84-px tiles
        assert picture.width > 4 * 84 and picture.height > 4 * 84
    with MemoryStore.open(db) as store:  # the persisted memory
        assert len(store) == 12 and store.class_names == ["blue", "red"]
    again = _run_cli("--backbone", "pixels@8", "--dataset",
                     f"imagefolder:{solid_colour_imagefolder}", "--db", str(db))
    assert again.returncode == 2 and "already holds 12 records" in again.stderr


def test_cli_reports_bad_specs_clearly(tmp_path, capsys):
    result = _run_cli("--backbone", "pixels", "--dataset", "cifar10")
    assert result.returncode == 2
    assert "imagefolder:PATH" in result.stderr and "Traceback" not in result.stderr
    # The same error path in-process (cheaper than more interpreters on a shared machine).
    assert main(["--backbone", "pixels", "--dataset", f"imagefolder:{tmp_path / 'none'}"]) == 2
    assert "ImageFolder root not found" in capsys.readouterr().err
    assert main(["--backbone", str(tmp_path / "no_export"), "--dataset", "mnist"]) == 2
    assert "unknown backbone spec" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--backbone", "pixels", "--dataset", "mnist", "--limit-test", "0"])
    assert "--limit-test must be >= 1" in capsys.readouterr().err
    if not torch.cuda.is_available():
        with pytest.raises(SystemExit):
            main(["--backbone", "pixels", "--dataset", "mnist", "--device", "cuda"])
        assert "CUDA is not available" in capsys.readouterr().err


def test_help_documents_every_option():
    parser = build_parser()
    for action in parser._actions:
        assert action.help, f"option {action.option_strings} has no help"
    assert "--retrieval-png" in parser.format_help()


def _brute_force_1nn_accuracy(train, test) -> float:
    """Oracle: raw pixels in [0,1], L2-normalised, exact 1-NN in numpy."""
    def vectors(images):
        flat = np.stack([np.repeat(images.image(i).numpy()[None], 3, 0).ravel()
                         for i in range(len(images))]).astype(np.float64)
        return flat / np.linalg.norm(flat, axis=1, keepdims=True)
    sims = vectors(test) @ vectors(train).T
    nearest = sims.argmax(axis=1)
    return 100.0 * float(np.mean(train.labels.numpy()[nearest] == test.labels.numpy()))


def test_pixels_1nn_matches_a_numpy_oracle(tmp_path, digit_imagefolder):
    out_json = tmp_path / "digits.json"
    spec = f"imagefolder:{digit_imagefolder}"
    assert main(["--backbone", "pixels", "--dataset", spec, "--k", "1", "--vote", "plurality",
                 "--json", str(out_json)]) == 0
    results = json.loads(out_json.read_text())
    oracle = _brute_force_1nn_accuracy(load_dataset(spec, "train"), load_dataset(spec, "test"))
    assert results["top1"] == [pytest.approx(oracle)]
    assert oracle > 50.0  # three digit classes: far above the 33% chance level


def test_export_backbone_with_cache_and_faiss(tmp_path, digit_imagefolder, tiny_export):
    folder, _ = tiny_export
    cache, out = tmp_path / "cache", tmp_path / "vit.json"
    argv = ["--backbone", str(folder), "--dataset", f"imagefolder:{digit_imagefolder}",
            "--k", "1", "5", "20", "--backend", "faiss-flat", "--cache-dir", str(cache),
            "--limit-train", "30", "--json", str(out)]
    assert main(argv) == 0
    first = json.loads(out.read_text())
    assert first["n_memory"] == 30 and first["n_queries"] == 12 and first["embed_dim"] == 192
    assert len(list(cache.glob("features-*.pt"))) == 2
    assert main(argv[:-1] + [str(tmp_path / "again.json")]) == 0  # from the cache
    second = json.loads((tmp_path / "again.json").read_text())
    assert second["top1"] == first["top1"] and second["top5"] == first["top5"]
    assert all(0.0 <= v <= 100.0 for v in first["top1"] + first["top5"])


def test_retrieval_picture_frames_right_and_wrong_neighbours(tmp_path, digit_imagefolder):
    from memory import retrieval
    from memory.features import Features

    spec = f"imagefolder:{digit_imagefolder}"
    train, test = load_dataset(spec, "train"), load_dataset(spec, "test")

    def features_of(images):
        return Features(torch.zeros(len(images), 2), images.labels, images.sources,
                        images.class_names, "pixels", spec, images.split, _image_set=images)

    queries, memory = features_of(test), features_of(train)
    query = 0
    truth = int(test.labels[query])
    same = int(torch.nonzero(train.labels == truth)[0])
    other = int(torch.nonzero(train.labels != truth)[0])
    rows = torch.tensor([[same, other, -1]])
    sims = torch.tensor([[0.9, 0.5, float("-inf")]])
    path = retrieval.retrieval_picture(tmp_path / "pic.png", queries, memory, sims, rows, [query],
                                       tile=40, title=None)
    picture = np.asarray(Image.open(path).convert("RGB"))
    cell_w, header = 40 + 2 * retrieval.BORDER + 6, 6

    def border_pixel(column: int) -> tuple[int, ...]:
        x = 3 + column * cell_w + (retrieval.GAP if column else 0)
        return tuple(int(v) for v in picture[header + 1, x + 1])

    assert border_pixel(0) == retrieval.QUERY_COLOUR
    assert border_pixel(1) == retrieval.RIGHT_COLOUR
    assert border_pixel(2) == retrieval.WRONG_COLOUR
    assert border_pixel(3) == (255, 255, 255)  # padding (-1): left blank
    with pytest.raises(ValueError, match="shapes disagree"):
        retrieval.retrieval_picture(tmp_path / "bad.png", queries, memory, sims[:, :2], rows,
                                    [query])


def _corrupt_one_file(root: Path) -> Path:
    """Truncate one train PNG of an ImageFolder to half its bytes (a real broken download)."""
    victim = sorted((root / "train" / "one").glob("*.png"))[3]
    victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])
    return victim


def test_corrupt_image_is_a_clean_error_naming_the_file(digit_imagefolder):
    victim = _corrupt_one_file(digit_imagefolder)
    result = _run_cli("--backbone", "pixels@8", "--dataset", f"imagefolder:{digit_imagefolder}",
                      "--k", "1")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(lines) == 1 and "cannot decode image file" in lines[0]
    assert str(victim) in lines[0]


@pytest.mark.skipif(not dali_available(), reason="extra 'dali' not installed")
def test_corrupt_image_with_dali_decoder_names_the_file(digit_imagefolder, capsys):
    victim = _corrupt_one_file(digit_imagefolder)
    assert main(["--backbone", "pixels@8", "--dataset", f"imagefolder:{digit_imagefolder}",
                 "--k", "1", "--decoder", "dali", "--batch-size", "4"]) == 2
    err = capsys.readouterr().err
    assert f"cannot decode image file {victim}" in err and "DALI failed on it too" in err


def test_store_is_closed_when_run_fails_after_building_the_memory(tmp_path,
                                                                 solid_colour_imagefolder):
    """The picture's folder is a file, so writing it fails inside run(); the traceback keeps
    run()'s frame, whose store must already be closed."""
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    args = build_parser().parse_args([
        "--backbone", "pixels@8", "--dataset", f"imagefolder:{solid_colour_imagefolder}",
        "--k", "1", "--db", str(tmp_path / "m.sqlite"),
        "--retrieval-png", str(blocker / "r.png")])
    with pytest.raises(OSError) as failure:
        run(args)
    frames = [tb.tb_frame for tb in _walk(failure.value.__traceback__)]
    store = next(f.f_locals["store"] for f in frames if f.f_code is run.__code__)
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        store.integrity_check()  # a query on the store's SQLite connection
    with MemoryStore.open(tmp_path / "m.sqlite") as reopened:  # what was written is intact
        assert len(reopened) == 12


def _walk(tb):
    while tb is not None:
        yield tb
        tb = tb.tb_next
