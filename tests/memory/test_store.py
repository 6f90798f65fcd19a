"""MemoryStore: records, ids, metadata, persistence, input checks, foreign files, secure delete."""
from __future__ import annotations

import sqlite3

import numpy as np
import pytest
import torch

from memory.features import Features
from memory.forget import file_contains
from memory.store import MemoryStore, MemoryStoreError


def _data(n: int, d: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, d, generator=g), torch.randint(0, 4, (n,), generator=g)


def _file_rows(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT COUNT(*) FROM memory_records").fetchone()[0]


def test_add_search_get_and_records(tmp_path):
    x, y = _data(20, 8, 0)
    store = MemoryStore(tmp_path / "m.db")
    ids = store.add(x, y, metadata={"source": [f"img{i}.png" for i in range(20)],
                                    "subject": ["alice"] * 10 + ["bob"] * 10,
                                    "added_at": [1000.0 + i for i in range(20)],
                                    "camera": ["x"] * 20})
    assert ids.tolist() == list(range(20)) and ids.dtype == torch.int64
    sims, nn = store.search(x, 3)
    assert sims.dtype == torch.float32 and nn.dtype == torch.int64 and sims.shape == (20, 3)
    assert nn[:, 0].tolist() == list(range(20))  # each vector's nearest is itself
    assert torch.allclose(sims[:, 0], torch.ones(20), atol=1e-6)
    assert (sims[:, :-1] >= sims[:, 1:]).all()
    record = store.get(5)
    assert record.label == int(y[5]) and record.source == "img5.png" and record.subject == "alice"
    assert record.added_at == 1005.0 and record.extras == {"camera": "x"}
    assert np.allclose(record.embedding, (x[5] / x[5].norm()).numpy(), atol=1e-6)
    assert [r.id for r in store] == list(range(20))
    assert store.labels_of(nn).tolist() == y[nn].tolist()
    assert store.labels_of(torch.tensor([[-1, 3]])).tolist() == [[-1, int(y[3])]]
    with pytest.raises(KeyError, match="99"):
        store.labels_of(torch.tensor([99]))
    with pytest.raises(KeyError, match="no record with id 99"):
        store.get(99)
    assert 5 in store and 99 not in store and len(store) == 20


def test_returned_ids_are_not_aliased_by_later_removals():
    x, y = _data(6, 4, 11)
    store = MemoryStore()
    ids = store.add(x, y)  # regression: the torch backend once kept (and compacted) this tensor
    store.remove([0, 1])
    assert ids.tolist() == [0, 1, 2, 3, 4, 5]


def test_metadata_as_list_of_dicts_and_defaults():
    x, y = _data(3, 4, 1)
    store = MemoryStore()
    ids = store.add(x, y, metadata=[{"subject": "a"}, {"dataset": "d", "note": [1, 2]}, {}])
    assert store.get(int(ids[0])).subject == "a" and store.get(int(ids[1])).dataset == "d"
    assert store.get(int(ids[1])).extras == {"note": [1, 2]}
    assert store.get(int(ids[2])).added_at > 1.6e9  # defaults to now


def test_auto_ids_are_monotonic_and_never_reused(tmp_path):
    x, y = _data(6, 4, 2)
    store = MemoryStore(tmp_path / "m.db")
    assert store.add(x[:3], y[:3]).tolist() == [0, 1, 2]
    assert store.remove([2]) == 1
    assert store.add(x[3:4], y[3:4]).tolist() == [3]  # 2 is gone but never handed out again
    assert store.add(x[4:5], y[4:5], ids=[10]).tolist() == [10]
    store.close()
    reopened = MemoryStore.open(tmp_path / "m.db")
    assert reopened.add(x[5:], y[5:]).tolist() == [11]
    assert reopened.ids.tolist() == [0, 1, 3, 10, 11]


def test_reopen_restores_records_and_search(tmp_path):
    x, y = _data(30, 6, 3)
    store = MemoryStore(tmp_path / "m.db", backend="faiss-flat")
    store.add(x, y, ids=torch.arange(100, 130))
    store.class_names = ["w", "x", "y", "z"]
    expected = store.search(x[:5], 4)
    store.close()
    for backend in ("torch", "faiss-flat"):
        again = MemoryStore.open(tmp_path / "m.db", backend=backend)
        assert again.dim == 6 and len(again) == 30 and again.class_names == ["w", "x", "y", "z"]
        sims, ids = again.search(x[:5], 4)
        assert torch.equal(ids, expected[1]) and torch.allclose(sims, expected[0], atol=1e-6)
        again.close()
    with pytest.raises(FileNotFoundError, match="no memory store"):
        MemoryStore.open(tmp_path / "missing.db")


def test_padding_empty_memory_and_classes():
    store = MemoryStore()
    sims, ids = store.search(np.ones((2, 5), dtype=np.float32), 3)  # empty: all padding
    assert ids.tolist() == [[-1] * 3] * 2 and torch.isinf(sims).all() and (sims < 0).all()
    x, _ = _data(3, 5, 4)
    store.add(x, torch.tensor([7, 3, 7]))
    sims, ids = store.search(x[:1], 5)
    assert ids[0, 3:].tolist() == [-1, -1] and torch.isneginf(sims[0, 3:]).all()
    assert torch.isfinite(sims[0, :3]).all()
    assert store.classes.tolist() == [3, 7] and store.class_counts() == {3: 1, 7: 2}


def test_remove_and_remove_where():
    x, y = _data(12, 4, 5)
    store = MemoryStore()
    store.add(x, y, metadata={"subject": ["alice", "bob", "carol"] * 4,
                              "source": [f"s{i % 2}" for i in range(12)],
                              "dataset": ["d"] * 12})
    assert store.remove([100, -5]) == 0  # unknown ids are ignored
    assert store.remove([0, 0, 100]) == 1
    assert store.count_where(subject="bob") == 4
    assert store.remove_where(subject="bob") == 4 and store.count_where(subject="bob") == 0
    assert store.remove_where(subject="alice", source="s1") == 2  # ids 3, 9 (0 already gone)
    assert store.ids.tolist() == [2, 5, 6, 8, 11]
    _, ids = store.search(x, 12)
    assert set(ids[ids >= 0].tolist()) == {2, 5, 6, 8, 11}
    with pytest.raises(ValueError, match="select records by"):
        store.remove_where()
    with pytest.raises(ValueError, match="select records by"):
        store.remove_where(colour="red")


BAD_ADDS = [
    (lambda x, y: (x[:, :5], y), {}, ValueError, "expected 8, got 5"),
    (lambda x, y: (x.to(torch.int64), y), {}, TypeError, "floating point"),
    (lambda x, y: (torch.where(torch.arange(8) == 2, float("nan"), x), y), {}, ValueError, "NaN"),
    (lambda x, y: (torch.where(torch.arange(8) == 2, float("inf"), x), y), {}, ValueError, "inf"),
    (lambda x, y: (x * (torch.arange(4) != 1)[:, None], y), {}, ValueError, "all zero"),
    (lambda x, y: (x[0], y), {}, ValueError, "2-D"),
    (lambda x, y: (x, y[:3]), {}, ValueError, "length 3, expected 4"),
    (lambda x, y: (x, y.double()), {}, TypeError, "integers"),
    (lambda x, y: (x, -y - 1), {}, ValueError, ">= 0"),
    (lambda x, y: (x, y), {"ids": [50, 51, 50, 52]}, ValueError, "duplicate ids within"),
    (lambda x, y: (x, y), {"ids": [1, 60, 61, 62]}, ValueError, "already in the memory"),
    (lambda x, y: (x, y), {"metadata": {"subject": ["a"] * 3}}, ValueError, "list of 4"),
    (lambda x, y: (x, y), {"metadata": [{"note": object()}] * 4}, ValueError, "JSON"),
]


@pytest.mark.parametrize("make, kwargs, error, message", BAD_ADDS)
def test_rejected_add_changes_nothing(tmp_path, make, kwargs, error, message):
    x, y = _data(4, 8, 6)
    store = MemoryStore(tmp_path / "m.db")
    store.add(x, y)
    with pytest.raises(error, match=message):
        store.add(*make(x, y), **kwargs)
    assert len(store) == 4 and _file_rows(tmp_path / "m.db") == 4
    assert store.add(x, y).tolist() == [4, 5, 6, 7]  # the counter did not move either


def test_bad_search_arguments():
    x, y = _data(4, 8, 7)
    store = MemoryStore()
    store.add(x, y)
    for k, error in ((0, ValueError), (-2, ValueError), (True, TypeError), (2.0, TypeError)):
        with pytest.raises(error, match="k must"):
            store.search(x, k)
    with pytest.raises(ValueError, match="expected 8, got 3"):
        store.search(x[:, :3], 2)


def test_foreign_and_corrupt_files_are_refused_untouched(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_bytes(b"hello, not a database\n" * 10)
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE people (name TEXT)")
        conn.execute("INSERT INTO people VALUES ('x')")
    store = MemoryStore(tmp_path / "good.db")
    store.add(*_data(50, 4, 8))
    store.close()
    corrupt = tmp_path / "corrupt.db"
    good = (tmp_path / "good.db").read_bytes()
    corrupt.write_bytes(good[:100] + b"\xff" * (len(good) - 100))  # valid magic, garbage after
    for path, message in ((text, "not a SQLite database"), (foreign, "not a memory store"),
                          (corrupt, "corrupt.db")):
        before = path.read_bytes()
        with pytest.raises(MemoryStoreError, match=message) as info:
            MemoryStore(path)
        assert str(path.name) in str(info.value)
        assert path.read_bytes() == before
    with pytest.raises(MemoryStoreError, match="holds 4-d embeddings, but dim=8"):
        MemoryStore(tmp_path / "good.db", dim=8)


def test_secure_delete_leaves_no_bytes(tmp_path):
    path = tmp_path / "m.db"
    store = MemoryStore(path)
    x, y = _data(40, 16, 9)
    store.add(x, y, metadata={"subject": ["keep"] * 40})
    marker = "FORGET-ME-7f3a91c2e5"
    pattern = torch.linspace(0.125, 0.9, 16)  # distinctive values, stored normalised
    secret_ids = store.add(pattern.repeat(3, 1) + torch.arange(3.0)[:, None] * 1e-3,
                           torch.tensor([1, 2, 3]), metadata={"subject": [marker] * 3,
                                                              "source": [marker + "/a.png"] * 3})
    probes = [store.get(int(i)).embedding.tobytes() for i in secret_ids] + [marker.encode()]
    assert all(file_contains(path, probes))  # present before: the scan can fail
    assert store.remove_where(subject=marker) == 3
    assert not any(file_contains(path, probes))
    assert not (tmp_path / "m.db-wal").exists()
    assert store.integrity_check() == "ok" and len(store) == 40


def test_from_features_save_and_copy(tmp_path):
    x, y = _data(10, 6, 10)
    feats = Features(torch.nn.functional.normalize(x, dim=1), y, [f"f{i}" for i in range(10)],
                     ["a", "b", "c", "d"], "pixels", "toy", "train")
    store = MemoryStore.from_features(feats, path=tmp_path / "f.db", backend="faiss-flat")
    assert len(store) == 10 and store.class_names == ["a", "b", "c", "d"]
    assert store.get(3).source == "f3" and store.get(3).dataset == "toy"
    with pytest.raises(ValueError, match="already holds 10"):
        MemoryStore.from_features(feats, path=tmp_path / "f.db")
    store.save(tmp_path / "copy.db")
    copy_on_disk = MemoryStore.open(tmp_path / "copy.db")
    clone = store.copy(backend="torch")
    clone.remove([0, 1])
    assert len(store) == 10 and len(clone) == 8 and len(copy_on_disk) == 10
    assert torch.equal(copy_on_disk.search(x, 3)[1], store.search(x, 3)[1])
    assert clone.add(x[:1], y[:1]).tolist() == [10]
    with pytest.raises(MemoryStoreError, match="not a SQLite database"):
        (tmp_path / "junk").write_bytes(b"junk" * 100)
        store.save(tmp_path / "junk")
