"""The architecture's invariant at run time: importing procgen and train loads no memory or evaluate module.

Every module of perception (procgen, train) is imported. tests/test_invariant.py reads the
sources; this catches what a static reading misses (imports built at run time, a third-party
module that imports memory or evaluate)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs in a fresh interpreter: this test process may already have imported memory.
_IMPORT_ALL = r"""
import importlib, json, pkgutil, sys
imported, failed = [], {}
for package_name in ("procgen", "train"):
    package = importlib.import_module(package_name)
    imported.append(package_name)
    def failed_to_walk(name):  # walk_packages imports subpackages; record, don't hide
        failed[name] = repr(sys.exc_info()[1])
    for info in pkgutil.walk_packages(package.__path__, package_name + ".", onerror=failed_to_walk):
        if info.name.rsplit(".", 1)[-1] == "__main__":  # running it would start a CLI
            continue
        try:
            importlib.import_module(info.name)
            imported.append(info.name)
        except Exception as error:
            failed[info.name] = f"{type(error).__name__}: {error}"
memory = sorted(m for m in sys.modules if m.split(".")[0] in ("memory", "evaluate"))
print(json.dumps({"imported": imported, "failed": failed, "memory": memory}))
"""


def test_importing_all_of_procgen_and_train_loads_no_memory_or_evaluate_module():
    result = subprocess.run([sys.executable, "-c", _IMPORT_ALL], cwd=ROOT, capture_output=True,
                            text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert not report["failed"], f"modules that failed to import: {report['failed']}"
    # The walk must really have reached the modules, or the check below proves nothing.
    expected = {f"{pkg}.{path.stem}" for pkg in ("procgen", "train")
                for path in (ROOT / pkg).glob("*.py") if path.stem not in ("__init__", "__main__")}
    assert expected <= set(report["imported"]), sorted(expected - set(report["imported"]))
    assert report["memory"] == [], f"perception imported knowledge modules: {report['memory']}"


def test_the_runtime_check_sees_a_memory_import(tmp_path):
    """The same script on a fake perception package that imports memory must report it."""
    package = tmp_path / "procgen"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "sneaky.py").write_text(
        "import importlib\nimportlib.import_module('memory.' + 'voting')\n"
        "importlib.import_module('evaluate.' + 'benchmarks')\n")
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "__init__.py").write_text("")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    result = subprocess.run([sys.executable, "-c", _IMPORT_ALL], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120,
                            env=env)  # cwd first on sys.path: the fakes shadow the real ones
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["imported"] == ["procgen", "procgen.sneaky", "train"]
    assert "memory.voting" in report["memory"]
    assert "evaluate.benchmarks" in report["memory"]
