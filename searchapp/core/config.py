"""The library's settings file: which folders it holds."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from searchapp.core.paths import seeds_dir

CONFIG_NAME = "config.json"
FORMAT = 1


@dataclass
class Config:
    folders: list[Path] = field(default_factory=list)

    @classmethod
    def load(cls, home: Path) -> Config:
        """The saved settings; on first run, a library of the bundled sample archive."""
        try:
            data = json.loads((home / CONFIG_NAME).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(folders=[seeds_dir()])
        except (OSError, ValueError):
            data = {}
        folders = data.get("folders") if isinstance(data, dict) else None
        if not isinstance(folders, list):
            return cls(folders=[seeds_dir()])
        return cls(
            folders=[Path(os.fsdecode(os.fsencode(f))) for f in folders if isinstance(f, str)]
        )

    def save(self, home: Path) -> None:
        """Write atomically."""
        home.mkdir(parents=True, exist_ok=True)
        data = {"format": FORMAT, "folders": [os.fsdecode(f) for f in self.folders]}
        temporary = home / f"{CONFIG_NAME}.{os.getpid()}.tmp"
        temporary.write_text(
            json.dumps(data, indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
            errors="surrogateescape",
        )
        os.replace(temporary, home / CONFIG_NAME)
