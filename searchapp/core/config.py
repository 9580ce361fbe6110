"""The library's settings file: which folders it holds."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from searchapp.core.errors import UserInputError
from searchapp.paths import seeds_dir

CONFIG_NAME = "config.json"
FORMAT = 1


class ConfigError(UserInputError):
    """The library's settings file cannot be used."""


@dataclass
class Config:
    folders: list[Path] = field(default_factory=list)
    # The folders are the bundled sample the library starts with: the first folder the user
    # adds takes its place.
    sample: bool = False

    @classmethod
    def load(cls, home: Path) -> Config:
        """The saved settings; on first run, a library of the bundled sample archive."""
        path = home / CONFIG_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(folders=[seeds_dir()], sample=True)
        except (OSError, ValueError) as exc:
            where = os.fsdecode(path)
            raise ConfigError(f"the library settings in {where} cannot be read ({exc})") from exc
        folders = data.get("folders") if isinstance(data, dict) else None
        if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
            raise ConfigError(
                f"the library settings in {os.fsdecode(path)} have no list of folders; "
                "fix the file or delete it to start again"
            )
        # Names that are not UTF-8 were saved as \udcXX escapes and come back as such.
        paths = [Path(f) for f in folders]
        sample = data.get("sample", paths == [seeds_dir()])  # files older than the key
        return cls(folders=paths, sample=sample is True)

    def save(self, home: Path) -> None:
        """Write atomically."""
        data = {
            "format": FORMAT,
            "folders": [os.fsdecode(f) for f in self.folders],
            "sample": self.sample,
        }
        temporary = home / f"{CONFIG_NAME}.{os.getpid()}.tmp"
        try:
            home.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
            os.replace(temporary, home / CONFIG_NAME)
        except OSError as exc:
            where = os.fsdecode(home)
            raise ConfigError(
                f"the library settings cannot be saved in {where} ({exc.strerror or exc})"
            ) from exc
