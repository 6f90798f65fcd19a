"""The architecture's invariant: perception (procgen, train) never imports memory or evaluate."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PERCEPTION_PACKAGES = ("procgen", "train")
KNOWLEDGE_PACKAGES = ("memory", "evaluate")  # the side that reads real images


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in a file, relative imports resolved against its package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = path.relative_to(ROOT).parent.parts
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # from .x import y / from .. import memory
                base = package[: len(package) - node.level + 1]
                module = ".".join((*base, node.module) if node.module else base)
                names = [] if node.module else [alias.name for alias in node.names]
                found.append((node.lineno, module))
                found += [(node.lineno, f"{module}.{name}".lstrip(".")) for name in names]
            else:
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
            "import_module", "__import__"
        ):
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.append((node.lineno, node.args[0].value))
    return found


def is_knowledge(module: str) -> bool:
    return any(module == pkg or module.startswith(pkg + ".") for pkg in KNOWLEDGE_PACKAGES)


def perception_files() -> list[Path]:
    return sorted(p for pkg in PERCEPTION_PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def test_there_are_perception_files_to_check():
    assert any(p.parent.name == "procgen" for p in perception_files())


@pytest.mark.parametrize("path", perception_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_perception_never_imports_memory_or_evaluate(path):
    offenders = [f"{path.relative_to(ROOT)}:{line} imports {module}"
                 for line, module in imported_modules(path) if is_knowledge(module)]
    assert not offenders, "perception must not import memory or evaluate: " + "; ".join(offenders)


def test_the_checker_catches_every_import_form(tmp_path, monkeypatch):
    # The detector itself must find the forbidden imports, or the test above proves nothing.
    package = tmp_path / "train"
    package.mkdir()
    sources = {
        "a.py": "import memory\n",
        "b.py": "from memory.store import MemoryStore\n",
        "c.py": "import os, memory.voting as v\n",
        "d.py": "from .. import memory\n",
        "e.py": "import importlib\nimportlib.import_module('memory.store')\n",
        "f.py": "def f():\n    from memory import store\n",
        "g.py": "from evaluate.control import RealImageStream\n",
        "h.py": "import evaluate\n",
    }
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    for name, text in sources.items():
        (package / name).write_text(text)
        assert any(is_knowledge(m) for _, m in imported_modules(package / name)), name
    (package / "ok.py").write_text("import memoryview_tools\nimport evaluate_tools\nfrom procgen import stream\n")
    assert not any(is_knowledge(m) for _, m in imported_modules(package / "ok.py"))
