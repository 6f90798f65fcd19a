"""Output paths of the memory CLIs are checked before any embedding: a directory or a path
under a file is refused (exit 2) and nothing is written, --db included."""
from __future__ import annotations

import pytest

from memory.knn import main as knn_main
from memory.privacy import main as privacy_main


@pytest.mark.parametrize("option", ["--json", "--retrieval-png"])
@pytest.mark.parametrize("where", ["directory", "under_a_file"])
def test_knn_refuses_unwritable_outputs_before_work(tmp_path, solid_colour_imagefolder, capsys,
                                                    option, where):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    target = tmp_path if where == "directory" else blocker / "out.json"
    db, cache = tmp_path / "m.db", tmp_path / "cache"
    with pytest.raises(SystemExit) as stop:
        knn_main(["--backbone", "pixels", "--dataset", f"imagefolder:{solid_colour_imagefolder}",
                  "--k", "1", "--db", str(db), "--cache-dir", str(cache), option, str(target)])
    assert stop.value.code == 2
    assert option in capsys.readouterr().err
    assert not db.exists() and not cache.exists()  # refused before embedding or filling --db


def test_privacy_refuses_a_directory_as_json(tmp_path, solid_colour_imagefolder, capsys):
    cache = tmp_path / "cache"
    with pytest.raises(SystemExit) as stop:
        privacy_main(["--backbone", "pixels", "--dataset",
                      f"imagefolder:{solid_colour_imagefolder}", "--cache-dir", str(cache),
                      "--json", str(tmp_path)])
    assert stop.value.code == 2 and "--json" in capsys.readouterr().err
    assert not cache.exists()
