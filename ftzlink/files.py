"""Atomic file writing: the one way ftzlink writes figures, tables, HTML and manifests.

A file is written to a hidden temporary file beside its target and renamed into place when
complete (``os.replace`` is atomic on POSIX and Windows), so a reader never sees half a file
and a failure leaves the previous version untouched. Disk faults (full, read-only, missing
permission) raise :class:`~ftzlink.errors.FtzlinkError` naming the target, and leave no
temporary file behind.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "note.txt"
>>> write_atomic(target, "完成\\n").read_text(encoding="utf-8")
'完成\\n'
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ftzlink.errors import FtzlinkError


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


@contextmanager
def atomic_files(targets: list[Path]) -> Iterator[list[BinaryIO]]:
    """Open one temporary file beside each target; publish all of them only if the block succeeds.

    Yields binary file handles in the order of ``targets``. On success each temporary file gets
    the permissions of a normally created file (0666 minus the umask) and is renamed to its
    target; on any exception every temporary file is removed and the targets are untouched.
    OSErrors (disk full, read-only directory, …) become FtzlinkError naming the target.
    """
    targets = [Path(t) for t in targets]
    temps: list[Path] = []
    handles: list[BinaryIO] = []
    current = targets[0] if targets else Path(".")
    try:
        for target in targets:
            current = target
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            temps.append(Path(tmp))
            handles.append(os.fdopen(fd, "wb"))
        yield handles
        for fh, target in zip(handles, targets):
            current = target
            fh.flush()
            fh.close()
        mode = 0o666 & ~_umask()
        for tmp, target in zip(temps, targets):
            current = target
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        temps.clear()
    except OSError as exc:
        raise FtzlinkError(f"cannot write {current}: {exc.strerror or exc}") from None
    finally:
        for fh in handles:
            fh.close()
        for tmp in temps:
            tmp.unlink(missing_ok=True)


def write_atomic(target: str | os.PathLike, data: bytes | str, encoding: str = "utf-8") -> Path:
    """Write ``data`` (bytes, or text encoded with ``encoding``) to ``target`` atomically."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    target = Path(target)
    with atomic_files([target]) as (fh,):
        fh.write(payload)
    return target


def write_with(target: str | os.PathLike, writer: Callable[[BinaryIO], None]) -> Path:
    """Let ``writer`` fill a binary file handle, then publish the file atomically at ``target``."""
    target = Path(target)
    with atomic_files([target]) as (fh,):
        writer(fh)
    return target
