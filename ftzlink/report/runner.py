"""Run the report notebooks with papermill into one run directory.

Layout of a run, ``reports/<run_id>/``: ``notebooks/`` (executed), ``figures/``, ``tables/``,
``report.html`` and ``manifest.json``. ``reports/latest`` is a symlink to the last run that
succeeded; it is switched atomically and only on success. A lock file serialises runs, so a
scheduled run never interleaves with a manual one.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import papermill as pm

from ftzlink.errors import FtzlinkError
from ftzlink.report.html import build_html
from ftzlink.report.manifest import (
    hash_tree,
    input_hashes,
    package_versions,
    write_manifest,
)
from ftzlink.report.params import validate_params
from ftzlink.resources import notebook_dir as bundled_notebook_dir

DEFAULT_REPORTS_DIR = Path("reports")
LOCK_NAME = ".run.lock"


@dataclass(frozen=True)
class RunResult:
    """Outcome of :func:`run_report`: the run directory, its status and the manifest."""

    run_dir: Path
    status: str
    manifest: dict[str, Any]


@contextmanager
def run_lock(reports_dir: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold an exclusive lock on ``reports_dir/.run.lock``; wait up to ``wait`` seconds for it.

    Raises FtzlinkError naming the holder when another run keeps the lock.
    """
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / LOCK_NAME
    fh = open(path, "a+", encoding="utf-8")
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    fh.seek(0)
                    holder = fh.read().strip() or "unknown process"
                    raise FtzlinkError(
                        f"another report run is in progress ({holder}; lock {path}); "
                        f"wait for it or pass --wait SECONDS") from None
                time.sleep(0.5)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {dt.datetime.now(dt.timezone.utc):%Y-%m-%dT%H:%M:%SZ}")
        fh.flush()
        yield
    finally:
        fh.close()


def _run_id() -> str:
    return f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%S%fZ}-{os.getpid()}"


def _switch_latest(reports_dir: Path, run_dir: Path) -> None:
    """Point ``reports/latest`` at ``run_dir`` with an atomic rename of a fresh symlink."""
    tmp = reports_dir / f".latest-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(run_dir.name, target_is_directory=True)
    os.replace(tmp, reports_dir / "latest")


def _progress(message: str, enabled: bool) -> None:
    if enabled:
        print(message, file=sys.stderr, flush=True)


def _execute(name: str, params: dict[str, Any], run_dir: Path, notebook_dir: Path) -> None:
    source = notebook_dir / f"{name}.ipynb"
    if not source.is_file():
        raise FtzlinkError(f"notebook {source} not found")
    declared = pm.inspect_notebook(str(source))
    given = {k: v for k, v in params.items() if k in declared}
    given["output_dir"] = str(run_dir)
    pm.execute_notebook(str(source), str(run_dir / "notebooks" / f"{name}.ipynb"), parameters=given,
                        kernel_name="python3", progress_bar=False, cwd=str(run_dir), log_output=False)


def run_report(
    params: dict[str, Any] | None = None,
    *,
    reports_dir: str | Path = DEFAULT_REPORTS_DIR,
    notebook_dir: str | Path | None = None,
    wait: float = 0.0,
    progress: bool = True,
) -> RunResult:
    """Validate ``params``, execute the selected notebooks and write one run directory.

    Parameters are checked before anything runs. The first failing notebook stops the run:
    its directory stays for diagnosis with ``status: failed`` in the manifest (notebook and cell
    named), later notebooks are marked skipped and ``reports/latest`` is left untouched.
    """
    params = validate_params(params)
    reports_dir = Path(reports_dir).expanduser().resolve()
    notebook_dir = bundled_notebook_dir() if notebook_dir is None else Path(notebook_dir).expanduser().resolve()
    with run_lock(reports_dir, wait):
        run_dir = reports_dir / _run_id()
        for sub in ("notebooks", "figures", "tables"):
            (run_dir / sub).mkdir(parents=True)
        manifest: dict[str, Any] = {
            "run_id": run_dir.name, "status": "running",
            "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "parameters": params, "inputs": input_hashes(params), "package_versions": package_versions(),
            "notebooks": [{"name": n, "status": "pending"} for n in params["notebooks"]],
        }
        write_manifest(run_dir / "manifest.json", manifest)
        total = len(params["notebooks"])
        t_run = time.perf_counter()
        failure = None
        for i, entry in enumerate(manifest["notebooks"], 1):
            if failure:
                entry["status"] = "skipped"
                continue
            _progress(f"[{i}/{total}] {entry['name']} …", progress)
            t0 = time.perf_counter()
            try:
                _execute(entry["name"], params, run_dir, notebook_dir)
                entry["status"] = "succeeded"
            except pm.PapermillExecutionError as exc:
                entry["status"] = "failed"
                entry["error"] = {"cell": exc.exec_count, "cell_index": exc.cell_index,
                                  "ename": exc.ename, "evalue": exc.evalue}
                failure = f"notebook {entry['name']} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
            except Exception as exc:  # kernel died, notebook missing, …: still record it
                entry["status"] = "failed"
                entry["error"] = {"ename": type(exc).__name__, "evalue": str(exc)}
                failure = f"notebook {entry['name']} failed: {type(exc).__name__}: {exc}"
            entry["seconds"] = round(time.perf_counter() - t0, 2)
            _progress(f"[{i}/{total}] {entry['name']} {entry['status']} in {entry['seconds']:.1f}s", progress)
            write_manifest(run_dir / "manifest.json", manifest)
        executed = [run_dir / "notebooks" / f"{e['name']}.ipynb" for e in manifest["notebooks"]
                    if e["status"] == "succeeded"]
        if executed and not failure:
            build_html(executed, run_dir / "report.html", title="ftzlink report")
        manifest["outputs"] = hash_tree(run_dir, ("figures", "tables"))
        manifest["seconds"] = round(time.perf_counter() - t_run, 2)
        manifest["finished"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        manifest["status"] = "failed" if failure else "succeeded"
        if failure:
            manifest["error"] = failure
        write_manifest(run_dir / "manifest.json", manifest)
        if not failure:
            _switch_latest(reports_dir, run_dir)
    return RunResult(run_dir=run_dir, status=manifest["status"], manifest=manifest)
