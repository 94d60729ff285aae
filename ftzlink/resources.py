"""Where ftzlink finds the data and notebooks it ships.

The curated inputs live in ``data/raw/`` and the report notebooks in ``notebooks/`` at the top
of the source tree. A built wheel carries both inside the package (``ftzlink/_bundled/``, copied
there by the build step in ``setup.py``), so an installed ftzlink finds them from any working
directory, read with :mod:`importlib.resources`. Lookup order:

1. ``$FTZLINK_DATA_DIR`` (data only): a user's own copy, for example a reviewed fork;
2. the copy bundled in the installed package;
3. the source checkout (an editable install or running from the repository).

Nothing here knows about zones or reports: the library's readers take paths, and only the
application (:mod:`ftzlink.study`, :mod:`ftzlink.report`) asks this module where its files are.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from ftzlink.errors import FtzlinkError

DATA_ENV = "FTZLINK_DATA_DIR"
_CHECKOUT = Path(__file__).resolve().parent.parent


def _bundled(name: str) -> Path | None:
    """``ftzlink/_bundled/<name>`` inside the installed package, or None when not bundled."""
    root = resources.files("ftzlink") / "_bundled" / name
    return Path(str(root)) if root.is_dir() else None


def data_dir() -> Path:
    """Directory of curated inputs: ``$FTZLINK_DATA_DIR``, the bundled copy, or ``data/raw``.

    Raises FtzlinkError when none exists, saying how to point ftzlink at a copy.
    """
    env = os.environ.get(DATA_ENV)
    if env:
        path = Path(env).expanduser()
        if not path.is_dir():
            raise FtzlinkError(f"{DATA_ENV}={env!r}: no such directory")
        return path
    for candidate in (_bundled("data"), _CHECKOUT / "data" / "raw"):
        if candidate is not None and candidate.is_dir():
            return candidate
    raise FtzlinkError(f"ftzlink's curated data were not found (neither bundled in the package nor in a "
                       f"source checkout); reinstall ftzlink or set {DATA_ENV} to a copy of data/raw")


def data_file(name: str) -> Path:
    """Path of one curated file, ``name`` relative to :func:`data_dir` (e.g. ``"zones.csv"``)."""
    return data_dir() / name


def notebook_dir() -> Path:
    """Directory of the report notebooks shipped with ftzlink (bundled copy or ``notebooks/``)."""
    for candidate in (_bundled("notebooks"), _CHECKOUT / "notebooks"):
        if candidate is not None and candidate.is_dir():
            return candidate
    raise FtzlinkError("ftzlink's report notebooks were not found; reinstall ftzlink or pass --notebook-dir")
