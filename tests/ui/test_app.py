"""Starting the window: a display it cannot use is one sentence, not Qt's own abort."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import searchapp.ui.app as app


@pytest.fixture
def linux_x11(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")


def test_missing_x11_libraries_are_named_with_their_packages(linux_x11, monkeypatch):
    present = {"xcb-icccm", "xkbcommon-x11"}
    monkeypatch.setattr(app, "find_library", lambda name: name if name in present else None)
    problem = app.display_problem()
    assert "apt-get install libxcb-cursor0 libxcb-keysyms1" in problem
    assert "libxcb-icccm4" not in problem


def test_no_display_is_said_plainly(linux_x11, monkeypatch):
    monkeypatch.delenv("DISPLAY")
    assert "no display" in app.display_problem()


def test_an_offscreen_or_wayland_platform_needs_no_x11(linux_x11, monkeypatch):
    monkeypatch.setattr(app, "find_library", lambda name: None)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert app.display_problem() is None
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert app.display_problem() is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11 check is Linux's")
def test_the_window_command_without_a_display_exits_with_one_sentence(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["SEARCHAPP_HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "searchapp"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.startswith("searchapp: there is no display") and done.stderr.count("\n") == 1
