"""Where searchapp keeps its own files and where its bundled data lives."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "SEARCHAPP_HOME"
_PACKAGE_DIR = Path(__file__).resolve().parent


def home_dir(home: str | os.PathLike[str] | None = None) -> Path:
    """The folder for config and index: `home`, else $SEARCHAPP_HOME, else the user data dir."""
    if home is not None:
        return Path(home).expanduser()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("searchapp", appauthor=False))


def _bundled(name: str) -> Path:
    # An installed wheel carries the data inside the package; a source checkout keeps it at the top.
    installed = _PACKAGE_DIR / "_data" / name
    return installed if installed.is_dir() else _PACKAGE_DIR.parent / name


def seeds_dir() -> Path:
    """The bundled sample archive."""
    return _bundled("seeds")


def resources_dir() -> Path:
    """Icons, style sheet and desktop entry."""
    return _bundled("resources")
