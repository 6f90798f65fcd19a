"""Privacy analysis against literal delete-and-re-predict, for every sample (oracle test)."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
import torch
from PIL import Image

from memory.features import compute_features
from memory.privacy import main
from memory.privacy_analysis import analyse_privacy, influential_neighbours, verify_privacy
from memory.store import MemoryStore
from memory.voting import PluralityVote, make_vote


def _memory(n: int, d: int, seed: int, backend: str = "torch",
            duplicates: bool = False) -> tuple[MemoryStore, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(4, d))
    labels = rng.integers(0, 4, n)
    x = (centres[labels] + 1.2 * rng.normal(size=(n, d))).astype(np.float32)
    if duplicates:  # exact copies: tied similarities, resolved by id everywhere
        x[rng.integers(0, n, n // 4)] = x[rng.integers(0, n, n // 4)]
    store = MemoryStore(backend=backend)
    store.add(x, labels)
    queries = (centres[rng.integers(0, 4, 30)] + 1.2 * rng.normal(size=(30, d))).astype(np.float32)
    return store, queries


@pytest.mark.parametrize("backend, duplicates", [("torch", True), ("faiss-flat", False)])
@pytest.mark.parametrize("vote", ["softmax", "plurality", "distance", "rank"])
def test_analysis_equals_literal_removal_for_every_sample(backend, duplicates, vote):
    store, queries = _memory(45, 5, seed=11, backend=backend, duplicates=duplicates)
    flagged_counts = []
    for k in (1, 4, 9):
        report = analyse_privacy(store, queries, k=k, vote=make_vote(vote))
        check = verify_privacy(store, queries, report, 0, vote=make_vote(vote),
                               ids=store.ids.tolist())
        assert check.ok, f"k={k}: analysis and literal removal disagree on {check.mismatches}"
        assert len(check.ids) == 45
        # Influence counts equal the number of queries that literally change.
        changed = dict(zip(check.ids, check.changed))
        assert report.influence_counts.tolist() == [changed[i] for i in
                                                    report.nonprivate_ids.tolist()]
        flagged_counts.append(len(report.nonprivate_ids))
    assert all(0 < c < 45 for c in flagged_counts)  # both outcomes occur: the test can fail


def test_the_entering_neighbour_is_taken_into_account():
    """Plurality, k=3, neighbour labels [0, 1, 2] then 1: the 0-1-2 tie goes to 0; removing the
    label-2 neighbour lets the 4th (label 1) in and the vote becomes 1, so the label-2 sample
    is influential although its label differs from the prediction."""
    angles = np.arccos([0.9, 0.8, 0.7, 0.6, -0.9])
    x = np.stack([np.cos(angles), np.sin(angles)], axis=1).astype(np.float32)
    store = MemoryStore()
    store.add(x, [0, 1, 2, 1, 0], ids=[10, 11, 12, 13, 14])
    query = np.array([[1.0, 0.0]], dtype=np.float32)
    report = analyse_privacy(store, query, k=3, vote=PluralityVote())
    assert report.predictions.tolist() == [0]
    assert report.nonprivate_ids.tolist() == [10, 12]  # without 11: [0, 2, 1] still ties to 0
    assert verify_privacy(store, query, report, 0, vote=PluralityVote(), ids=[10, 11, 12, 13, 14]).ok
    sims = torch.tensor([[0.9, 0.8, 0.7, 0.6]])
    full, influential = influential_neighbours(sims, torch.tensor([[0, 1, 2, 1]]),
                                               torch.tensor([0, 1, 2]), PluralityVote(), 3)
    assert full.tolist() == [0] and influential.tolist() == [[True, False, True]]


def test_seeded_verification_of_a_random_subset_and_report():
    store, queries = _memory(300, 8, seed=12)
    report = analyse_privacy(store, queries, k=10, max_bytes=4096)  # many small batches
    first = verify_privacy(store, queries, report, 8, seed=3)
    assert first.ok and len(first.ids) == 8 and sum(first.flagged) == 4
    assert verify_privacy(store, queries, report, 8, seed=3).ids == first.ids
    assert all(c > 0 for c, f in zip(first.changed, first.flagged) if f)
    summary = report.to_dict(["a", "b", "c", "d"])
    assert summary["n_nonprivate"] == len(report.nonprivate_ids) > 0
    assert sum(summary["nonprivate_per_class"].values()) == summary["n_nonprivate"]
    assert summary["fraction_nonprivate"] == pytest.approx(summary["n_nonprivate"] / 300)
    assert set(summary["nonprivate_per_class"]) <= {"a", "b", "c", "d"}


def test_errors():
    store, queries = _memory(100, 8, seed=13, backend="faiss-hnsw")
    with pytest.raises(ValueError, match="needs exact search"):
        analyse_privacy(store, queries, k=5)
    with pytest.raises(ValueError, match="memory is empty"):
        analyse_privacy(MemoryStore(), queries, k=5)


def test_cli_writes_json_and_png(tmp_path, fashion_idx_dir):
    out_json, out_png = tmp_path / "privacy.json", tmp_path / "privacy.png"
    dataset = f"fashion-mnist:{fashion_idx_dir}"
    summary = main(["--backbone", "pixels", "--dataset", dataset, "--k", "5", "--vote", "rank",
                    "--limit-train", "200", "--limit-test", "60", "--check", "6",
                    "--json", str(out_json), "--png", str(out_png)])
    written = json.loads(out_json.read_text())
    assert written == json.loads(json.dumps(summary))
    assert written["n_memory"] == 200 and written["n_queries"] == 60 and written["k"] == 5
    assert written["verification"]["ok"] and written["verification"]["checked"] == 6
    # The same numbers straight from the library on the same features.
    train = compute_features("pixels", dataset, "train", limit=200, progress=False)
    test = compute_features("pixels", dataset, "test", limit=60, progress=False)
    report = analyse_privacy(MemoryStore.from_features(train), test.embeddings, k=5,
                             vote=make_vote("rank"))
    assert written["nonprivate_ids"] == report.nonprivate_ids.tolist()
    with Image.open(out_png) as image:
        assert image.size[0] > 500 and image.format == "PNG"
        assert len(set(np.asarray(image.convert("L")).ravel().tolist())) > 10  # not blank
    helped = subprocess.run([sys.executable, "-m", "memory.privacy", "--help"],
                            capture_output=True, text=True, timeout=60)
    assert helped.returncode == 0 and "--limit-train" in helped.stdout


def test_cli_bad_dataset_is_a_clear_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "memory.privacy", "--backbone", "pixels",
                             "--dataset", "nosuchset:x", "--json", str(tmp_path / "o.json")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "unknown dataset spec" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "o.json").exists()


def test_privacy_shares_the_embedding_options_of_knn():
    from memory.knn import build_parser as knn_parser
    from memory.privacy import build_parser as privacy_parser

    def options(parser):
        return {a.dest: (a.option_strings, a.default, a.choices, a.required, a.help)
                for a in parser._actions}
    knn, privacy = options(knn_parser()), options(privacy_parser())
    for dest in ("backbone", "dataset", "limit_train", "limit_test", "seed", "device",
                 "batch_size", "decoder", "cache_dir"):
        assert privacy[dest] == knn[dest], dest
    assert privacy["decoder"][2] == ("pil", "dali")
    assert all(a.help for a in privacy_parser()._actions)


def test_cli_corrupt_image_is_a_clean_error_naming_the_file(tmp_path, digit_imagefolder,
                                                            capsys):
    victim = sorted((digit_imagefolder / "test" / "seven").glob("*.png"))[0]
    victim.write_bytes(victim.read_bytes()[:40])  # a truncated download
    with pytest.raises(SystemExit) as exit_info:
        main(["--backbone", "pixels@8", "--dataset", f"imagefolder:{digit_imagefolder}",
              "--k", "3", "--decoder", "pil", "--json", str(tmp_path / "p.json")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("memory.privacy: error: cannot decode image file")
    assert str(victim) in err[-1]
    assert not (tmp_path / "p.json").exists()


def test_cli_closes_its_store_when_the_analysis_fails(tmp_path, solid_colour_imagefolder,
                                                      capsys):
    """k=0 passes _run (the CLI rejects it earlier) and fails inside the analysis; the
    traceback keeps _run's frame, whose store must already be closed."""
    import sqlite3

    from memory.privacy import _run, build_parser

    argv = ["--backbone", "pixels@8", "--dataset", f"imagefolder:{solid_colour_imagefolder}",
            "--k", "0", "--json", str(tmp_path / "p.json")]
    with pytest.raises(SystemExit):
        main(argv)
    assert "--k must be >= 1" in capsys.readouterr().err
    with pytest.raises(ValueError, match="k must be >= 1") as failure:
        _run(build_parser().parse_args(argv))
    tb, frames = failure.value.__traceback__, []
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    store = next(f.f_locals["store"] for f in frames if f.f_code is _run.__code__)
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        store.integrity_check()
