"""The Qt binding must not leak references to None (PySide6 6.12.0 did, under Python 3.11)."""

from __future__ import annotations

import sys

import pytest

from .conftest import type_query


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_painting_results_keeps_none_alive(qtbot, seed_library, open_window):
    window = open_window(seed_library)
    type_query(qtbot, window, "Homs")
    viewport = window.results.viewport()
    viewport.repaint()
    before = sys.getrefcount(None)
    for _ in range(30):
        viewport.repaint()
    # A binding that drops a reference per call loses thousands here; Python itself, a few.
    assert sys.getrefcount(None) - before > -50
