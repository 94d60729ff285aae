"""Where ftzlink finds its curated inputs and writes its outputs.

The curated inputs live in ``data/raw/`` at the repository root. Set the environment variable
``FTZLINK_DATA_DIR`` to read a different copy (for example a reviewed fork of the registry).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def raw_dir() -> Path:
    """Directory of curated inputs: ``$FTZLINK_DATA_DIR`` or ``<repo>/data/raw``."""
    return Path(os.environ.get("FTZLINK_DATA_DIR", REPO_ROOT / "data" / "raw"))


def raw_file(name: str) -> Path:
    """Path of one curated file under :func:`raw_dir`."""
    return raw_dir() / name
