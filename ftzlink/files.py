"""Atomic file writes: a temporary file beside the target, renamed into place when complete."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def temp_beside(target: Path) -> tuple[int, Path]:
    """Open a hidden temporary file in ``target``'s directory; return (file descriptor, path)."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    return fd, Path(tmp)


def publish(tmp: Path, target: Path) -> None:
    """Give ``tmp`` the permissions of a normally created file (0666 minus the umask) and
    rename it to ``target`` in one step (``os.replace`` is atomic on POSIX and Windows)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, target)
