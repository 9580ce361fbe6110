"""Fixtures for the readers' tests: the shared samples of news-database exports."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def exports_corpus() -> Path:
    """$SEARCHAPP_EXPORTS, else shared/corpora/exports beside a parent folder (as CI has it)."""
    if os.environ.get("SEARCHAPP_EXPORTS"):
        return Path(os.environ["SEARCHAPP_EXPORTS"])
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "corpora" / "exports").is_dir():
            return parent / "shared" / "corpora" / "exports"
    pytest.skip("the shared export samples (shared/corpora/exports) are not on this machine")
