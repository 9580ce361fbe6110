"""The layering rules of DESIGN.md: the import contracts of pyproject.toml, read from the source
by import-linter, and the same rules at run time, where an import made by a dependency counts
too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _loaded_after_importing(packages: list[str], roots: tuple[str, ...]) -> list[str]:
    code = (
        "import sys, pkgutil, importlib\n"
        f"for name in {packages!r}:\n"
        "    module = importlib.import_module(name)\n"
        "    for m in pkgutil.walk_packages(getattr(module, '__path__', []), name + '.'):\n"
        "        importlib.import_module(m.name)\n"
        f"print(sorted(n for n in sys.modules if n.split('.')[0] in {roots!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return eval(done.stdout)  # a printed list of module names


def test_core_and_cli_never_import_qt():
    loaded = _loaded_after_importing(["searchapp.core", "searchapp.cli"], ("PySide6", "shiboken6"))
    assert loaded == []


def test_reading_an_archive_never_loads_the_search_engine():
    loaded = _loaded_after_importing(["searchapp.core.reading"], ("whoosh", "searchapp"))
    assert "searchapp.core.reading.dates" in loaded  # the walk did import the package
    engine = [n for n in loaded if n.split(".")[0] == "whoosh" or ".engine" in n]
    assert engine == []


def test_the_import_contracts_hold():
    pytest.importorskip("importlinter", reason="import-linter comes with the test extras")
    if not (ROOT / "searchapp").is_dir():
        pytest.skip("the contracts are checked on a source checkout")
    code = (
        "import sys; from importlinter.cli import lint_imports; "
        "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
