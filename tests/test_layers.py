"""The layering rules of DESIGN.md, checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "searchapp"


def test_core_and_cli_never_import_qt():
    code = (
        "import sys, pkgutil, importlib, searchapp.core, searchapp.cli\n"
        "for m in pkgutil.iter_modules(searchapp.core.__path__):\n"
        "    importlib.import_module('searchapp.core.' + m.name)\n"
        "from searchapp.core.library import Library\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_whoosh_stays_behind_the_engine_modules():
    # The engine: its analysis, the index (schema and store, its posting format, and sync, its
    # writing half), search.
    allowed = {"analysis.py", "index.py", "postings.py", "sync.py", "search.py", "scoring.py"}
    offenders = [
        path.name
        for path in (PACKAGE / "core").glob("*.py")
        if path.name not in allowed and "whoosh" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
    assert "whoosh" not in (PACKAGE / "cli.py").read_text(encoding="utf-8")
