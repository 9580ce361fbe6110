"""Where the shared corpora are: an environment variable, else shared/corpora/NAME beside one
of this checkout's parent folders (as CI lays them out)."""

from __future__ import annotations

import os
from pathlib import Path


def find_corpus(name: str, variable: str) -> Path | None:
    """The folder of corpus `name`: $`variable` when set, else the first shared/corpora/`name`
    beside a parent folder; None when there is none."""
    if os.environ.get(variable):
        return Path(os.environ[variable])
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "corpora" / name
        if candidate.is_dir():
            return candidate
    return None
