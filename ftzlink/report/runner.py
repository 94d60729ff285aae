"""Run the report notebooks with papermill into one run directory.

Layout of a run, ``<reports-dir>/<run_id>/``: ``notebooks/`` (executed), ``figures/``,
``tables/``, ``report.html`` and ``manifest.json`` (every path in it relative to the run
directory). ``<reports-dir>/latest`` is a symlink to the last run that succeeded; it is
switched atomically and only on success. A lock file serialises runs, so a scheduled run
never interleaves with a manual one.

Faults: every input (parameters, notebook and reports directories, ``latest``) is checked
before the lock is taken; a cell that runs longer than ``cell_timeout`` fails the run; SIGINT
and SIGTERM stop the run and mark it ``aborted``; a run left ``running`` by a killed process
is marked ``abandoned`` by the next run; disk faults end in FtzlinkError. Kernels talk over
IPC sockets in a private temporary directory, removed with the run.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import signal
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ftzlink.errors import FtzlinkError
from ftzlink.report.manifest import hash_tree, input_hashes, package_versions, write_manifest
from ftzlink.report.params import validate_params
from ftzlink.report.session import KernelPool, KernelSession, kernel_manager_class, warm_up_modules
from ftzlink.resources import notebook_dir as bundled_notebook_dir

DEFAULT_REPORTS_DIR = Path("reports")
#: Most kernels a run starts by default: each imports the scientific stack (seconds of CPU and
#: a few hundred MB), which more kernels than this do not pay back on the six report notebooks.
MAX_DEFAULT_KERNELS = 4
#: Seconds one cell may run; the default report's slowest cell takes a few seconds.
DEFAULT_CELL_TIMEOUT = 600
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

    The lock file is opened without following a symlink and with mode 0600. Raises
    FtzlinkError naming the holder when another run keeps the lock.
    """
    import fcntl

    path = reports_dir / LOCK_NAME
    try:
        reports_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        why = "a symlink there is refused" if path.is_symlink() else exc.strerror
        raise FtzlinkError(f"cannot open the run lock {path}: {why}") from None
    fh = os.fdopen(fd, "r+", encoding="utf-8")
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


def _time_split(notebook: Path) -> dict[str, float]:
    """Seconds of an executed notebook's cells by kind, from papermill's per-cell durations:
    ``setup`` (parameters and the ``report_context`` cell), ``figures`` (cells that save a
    figure) and ``compute`` (every other cell)."""
    import nbformat

    split = {"setup": 0.0, "compute": 0.0, "figures": 0.0}
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        seconds = cell.metadata.get("papermill", {}).get("duration") or 0.0
        if "parameters" in cell.metadata.get("tags", ()) or "report_context(" in cell.source:
            split["setup"] += seconds
        elif "save_figure(" in cell.source or "structure_figure(" in cell.source:
            split["figures"] += seconds
        else:
            split["compute"] += seconds
    return {k: round(v, 2) for k, v in split.items()}


def _run_split(manifest: dict[str, Any]) -> dict[str, float]:
    """A run's wall-clock seconds by stage, summing to the run's seconds: ``kernel`` (until the
    first kernel has started and imported, while this process imports papermill and the HTML
    export), ``notebooks`` (from then until the last notebook finished, on all kernels),
    ``html`` (findings and report.html) and ``other`` (manifest, pruning, waiting for kernels)."""
    split = {"kernel": manifest.get("kernel_seconds", 0.0), "notebooks": manifest.get("notebooks_seconds", 0.0),
             "html": manifest.get("html_seconds", 0.0)}
    split["other"] = manifest["seconds"] - sum(split.values())
    return {k: round(v, 2) for k, v in split.items()}


def _cell_seconds(manifest: dict[str, Any]) -> dict[str, float]:
    """Seconds the kernels spent on the notebooks, summed over notebooks (kernels run at the same
    time, so the sum exceeds the ``notebooks`` stage of :func:`_run_split` when there are
    several): ``setup``, ``compute`` and ``figures`` cells (:func:`_time_split`) and
    ``overhead`` (papermill reading, saving and parameterising notebooks, namespace resets)."""
    cells = {key: sum(e.get("split", {}).get(key, 0.0) for e in manifest["notebooks"])
             for key in ("setup", "compute", "figures")}
    cells["overhead"] = sum(e.get("seconds", 0.0) for e in manifest["notebooks"]) - sum(cells.values())
    return {k: round(v, 2) for k, v in cells.items()}


def default_kernels(n_notebooks: int) -> int:
    """Kernels a run uses unless told: the cores this process may use, at most ``n_notebooks`` and
    at most :data:`MAX_DEFAULT_KERNELS`.

    >>> 1 <= default_kernels(6) <= MAX_DEFAULT_KERNELS and default_kernels(1) == 1
    True
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:              # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, n_notebooks, MAX_DEFAULT_KERNELS))


def _run_id() -> str:
    return f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%S%fZ}-{os.getpid()}"


def _switch_latest(reports_dir: Path, run_dir: Path) -> None:
    """Point ``<reports-dir>/latest`` at ``run_dir`` with an atomic rename of a fresh symlink."""
    tmp = reports_dir / f".latest-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(run_dir.name, target_is_directory=True)
    os.replace(tmp, reports_dir / "latest")


def _mark_abandoned(reports_dir: Path) -> None:
    """Runs still ``running`` while we hold the lock were killed: mark them ``abandoned``."""
    for path in reports_dir.glob("*/manifest.json"):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if manifest.get("status") == "running":
            manifest["status"] = "abandoned"
            manifest["error"] = "the run's process ended without finishing (killed); found by a later run"
            write_manifest(path, manifest)


def _prune(reports_dir: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest run directories and the one ``latest`` points to (lock held)."""
    import shutil

    latest = reports_dir / "latest"
    current = latest.resolve() if latest.is_symlink() else None
    runs = sorted((p for p in reports_dir.iterdir()
                   if p.is_dir() and not p.is_symlink() and (p / "manifest.json").is_file()),
                  key=lambda p: p.name, reverse=True)
    removed = []
    for run in runs[keep:]:
        if run.resolve() == current:
            continue
        try:
            shutil.rmtree(run)
        except OSError as exc:
            raise FtzlinkError(f"cannot remove the old run {run}: {exc.strerror or exc}") from None
        removed.append(run)
    return removed


def prune_runs(reports_dir: str | Path = DEFAULT_REPORTS_DIR, keep: int = 10, wait: float = 0.0) -> list[Path]:
    """Delete old runs in ``reports_dir``, keeping the ``keep`` newest and the run ``latest`` points to.

    Runs are the directories holding a ``manifest.json`` (named by their UTC start time, so
    the newest sort last); other files are left alone. The run lock is held while deleting, so
    a report running at the same time is never touched. Returns the removed directories.
    """
    if isinstance(keep, bool) or not isinstance(keep, int) or keep < 1:
        raise FtzlinkError(f"keep: expected a positive number of runs, got {keep!r}")
    reports_dir = Path(reports_dir).expanduser().resolve()
    if not reports_dir.is_dir():
        raise FtzlinkError(f"--reports-dir {reports_dir}: no such directory")
    with run_lock(reports_dir, wait):
        return _prune(reports_dir, keep)


#: Messages of the OS errors that mean the disk, not a notebook, failed (ENOSPC, EROFS, EDQUOT).
DISK_FAULTS = ("No space left on device", "Read-only file system", "Disk quota exceeded")


def _disk_fault(message: str) -> str | None:
    """The disk fault named in ``message``, if any."""
    return next((fault for fault in DISK_FAULTS if fault in message), None)


def _progress(message: str, enabled: bool) -> None:
    if enabled:
        print(message, file=sys.stderr, flush=True)


def _check_dirs(reports_dir: Path, notebook_dir: Path, names: list[str]) -> None:
    """Everything a run needs from the file system, before anything starts."""
    missing = [n for n in names if not (notebook_dir / f"{n}.ipynb").is_file()]
    if not notebook_dir.is_dir():
        raise FtzlinkError(f"--notebook-dir {notebook_dir}: no such directory")
    if missing:
        raise FtzlinkError(f"{notebook_dir}: notebook(s) not found: {', '.join(missing)}")
    try:
        reports_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FtzlinkError(f"--reports-dir {reports_dir}: {exc.strerror}") from None
    if not os.access(reports_dir, os.W_OK | os.X_OK):
        raise FtzlinkError(f"--reports-dir {reports_dir}: not writable")
    latest = reports_dir / "latest"
    if latest.exists() and not latest.is_symlink():
        raise FtzlinkError(f"{latest} is a real file or directory, not the link ftzlink maintains; "
                           f"move it away")


@contextmanager
def _stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt (as SIGINT already is) while a run executes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, _frame):
        raise KeyboardInterrupt(signal.Signals(signum).name)

    previous = {s: signal.signal(s, interrupt) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


class _Notebooks:
    """The notebooks of one run, executed by the kernels of ``pool`` (one call of :meth:`run_one`
    per notebook, from the kernel's thread); keeps the manifest and progress. A failed notebook
    stops the pool taking further notebooks."""

    def __init__(self, params: dict[str, Any], run_dir: Path, notebook_dir: Path, manifest: dict[str, Any],
                 cell_timeout: int, progress: bool, t_run: float, pool: KernelPool) -> None:
        self.params, self.run_dir, self.notebook_dir = params, run_dir, notebook_dir
        self.manifest, self.cell_timeout, self.progress, self.t_run = manifest, cell_timeout, progress, t_run
        self.pool = pool
        self.lock = threading.Lock()
        self.failure: str | None = None
        self.done = 0

    def _write(self) -> None:
        with self.lock:
            write_manifest(self.run_dir / "manifest.json", self.manifest)

    def run_one(self, session: KernelSession, job: tuple[int, dict[str, Any]], first: bool) -> None:
        """Execute notebook ``job`` = (position, manifest entry) in ``session``."""
        import papermill as pm

        from ftzlink.report.display import SHEET_GROUP_VARIABLE

        position, entry = job
        if first:
            _progress(f"kernel ready, imports done in {time.perf_counter() - self.t_run:.1f}s", self.progress)
        with self.lock:
            entry["status"] = "running"
        t0 = time.perf_counter()
        source = self.notebook_dir / f"{entry['name']}.ipynb"
        target = self.run_dir / "notebooks" / source.name
        error = failure = None
        try:
            # the notebook's position orders its sheets in the workbook, whichever kernel runs it
            session.begin(first, {SHEET_GROUP_VARIABLE: f"{position:02d}"})
            declared = pm.inspect_notebook(str(source))
            given = {k: v for k, v in self.params.items() if k in declared}
            given["output_dir"] = str(self.run_dir)
            try:
                pm.execute_notebook(str(source), str(target), parameters=given, kernel_name="python3",
                                    progress_bar=False, cwd=str(self.run_dir), log_output=False,
                                    execution_timeout=self.cell_timeout, km=session.km)
            finally:
                session.close_notebook_clients()
        except pm.PapermillExecutionError as exc:
            error = {"cell": exc.exec_count, "cell_index": exc.cell_index, "ename": exc.ename, "evalue": exc.evalue}
            failure = f"notebook {entry['name']} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
        except FtzlinkError:
            raise
        except Exception as exc:  # cell timeout, kernel died, …: still record it
            session.kill()      # a timed-out cell still runs: the kernel would not shut down on request
            error = {"ename": type(exc).__name__, "evalue": str(exc)}
            failure = f"notebook {entry['name']} failed: {type(exc).__name__}: {exc}"
        if failure and self.pool.aborted.is_set():      # the run was stopped and its kernels killed
            with self.lock:
                entry.update(status="aborted", seconds=round(time.perf_counter() - t0, 2))
            return
        if failure and (fault := _disk_fault(failure)):
            raise FtzlinkError(f"{fault} while running notebook {entry['name']} (run directory {self.run_dir})")
        split = _time_split(target) if failure is None else None     # read outside the lock
        with self.lock:
            if failure is None:
                entry.update(status="succeeded", split=split)
            else:
                self.pool.stop()
                entry.update(status="failed", error=error)
                self.failure = self.failure or failure
            entry["seconds"] = round(time.perf_counter() - t0, 2)
            self.done += 1
            done = self.done
        _progress(f"[{done}/{len(self.manifest['notebooks'])}] {entry['name']} {entry['status']} in "
                  f"{entry['seconds']:.1f}s (run {time.perf_counter() - self.t_run:.0f}s)", self.progress)
        self._write()

    def finish(self) -> str | None:
        """Mark the notebooks no kernel took after a failure as skipped; the first failure, if any."""
        with self.lock:
            for entry in self.manifest["notebooks"]:
                if entry["status"] == "pending":
                    entry["status"] = "skipped"
        return self.failure


def _preface(run_dir: Path, params: dict[str, Any]) -> str:
    """The findings and provenance opening the report; the run description sheet of the workbook."""
    import pandas as pd

    from ftzlink.report.context import report_context
    from ftzlink.report.display import append_sheet
    from ftzlink.report.findings import run_findings

    ctx = report_context(output_dir=run_dir, **{k: v for k, v in params.items()})
    try:
        label = ctx.province_structure().label(params["language"])
    except FtzlinkError:
        label = None
    text = run_findings(run_dir, params, ctx.labeller(), ctx.basis_label(), label, ctx.left_out())
    run_sheet = pd.DataFrame({"parameter": list(params), "value": [str(v) for v in params.values()]})
    append_sheet(run_dir / "tables" / "tables.xlsx", run_sheet, "run", f"ftzlink report run {run_dir.name}",
                 first=True)
    return text


def run_report(
    params: dict[str, Any] | None = None,
    *,
    reports_dir: str | Path = DEFAULT_REPORTS_DIR,
    notebook_dir: str | Path | None = None,
    wait: float = 0.0,
    progress: bool = True,
    cell_timeout: int = DEFAULT_CELL_TIMEOUT,
    keep: int | None = None,
    kernels: int | None = None,
) -> RunResult:
    """Validate ``params``, execute the selected notebooks and write one run directory.

    ``reports_dir`` (default ``./reports``) and ``notebook_dir`` (default: the notebooks
    shipped with ftzlink) are resolved once, at the start. Parameters and directories are
    checked before anything runs. The first failing notebook stops the run: its directory
    stays for diagnosis with ``status: failed`` in the manifest (notebook and cell named),
    later notebooks are marked skipped and ``latest`` is left untouched. SIGINT/SIGTERM mark
    the run ``aborted`` and raise KeyboardInterrupt. With ``keep``, a successful run then
    deletes all but the ``keep`` newest runs (:func:`prune_runs`; ``latest`` is never deleted).

    The notebooks run on ``kernels`` kernels at once (default :func:`default_kernels`: one per
    available core, at most one per notebook and at most :data:`MAX_DEFAULT_KERNELS`); each
    kernel takes the next notebook in the run's order, and the outputs are the same whatever
    the number. With several kernels a failure stops the others from taking further notebooks;
    notebooks already running finish.
    """
    params = validate_params(params)
    if kernels is not None and (isinstance(kernels, bool) or not isinstance(kernels, int) or kernels < 1):
        raise FtzlinkError(f"kernels: expected a positive number of kernels, got {kernels!r}")
    if isinstance(cell_timeout, bool) or not isinstance(cell_timeout, int) or cell_timeout < 1:
        raise FtzlinkError(f"cell_timeout: expected a positive number of seconds, got {cell_timeout!r}")
    if keep is not None and (isinstance(keep, bool) or not isinstance(keep, int) or keep < 1):
        raise FtzlinkError(f"keep: expected a positive number of runs, got {keep!r}")
    reports_dir = Path(reports_dir).expanduser().resolve()
    notebook_dir = bundled_notebook_dir() if notebook_dir is None else Path(notebook_dir).expanduser().resolve()
    _check_dirs(reports_dir, notebook_dir, params["notebooks"])
    with run_lock(reports_dir, wait), tempfile.TemporaryDirectory(prefix="ftzlink-kernels-") as sockets:
        _mark_abandoned(reports_dir)
        run_dir = reports_dir / _run_id()
        try:
            for sub in ("notebooks", "figures", "tables"):
                (run_dir / sub).mkdir(parents=True)
        except OSError as exc:
            raise FtzlinkError(f"cannot create the run directory {run_dir}: {exc.strerror}") from None
        manifest: dict[str, Any] = {
            "run_id": run_dir.name, "status": "running", "pid": os.getpid(),
            "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "parameters": params, "inputs": input_hashes(params), "package_versions": package_versions(),
            "notebooks": [{"name": n, "status": "pending"} for n in params["notebooks"]],
        }
        write_manifest(run_dir / "manifest.json", manifest)
        t_run = time.perf_counter()
        failure = None
        try:
            with _stop_on_signals():
                warm_up = warm_up_modules(notebook_dir / f"{n}.ipynb" for n in params["notebooks"])
                numbers = itertools.count(1)

                def open_session() -> KernelSession:
                    manager = kernel_manager_class(sockets, f"kernel{next(numbers)}")
                    session = KernelSession(manager, run_dir, run_dir / "kernel.log", warm_up)
                    # While the kernel starts and imports, this process imports what it needs.
                    import papermill  # noqa: F401

                    from ftzlink.report import findings, html  # noqa: F401 — for the preface and HTML
                    return session

                size = kernels or default_kernels(len(params["notebooks"]))
                manifest["kernels"] = size
                with KernelPool(size, open_session) as pool:
                    notebooks = _Notebooks(params, run_dir, notebook_dir, manifest, cell_timeout, progress, t_run,
                                           pool)
                    pool.run(enumerate(manifest["notebooks"], 1), notebooks.run_one)
                    manifest["kernel_seconds"] = round(min(pool.ready_at, default=t_run) - t_run, 2)
                    manifest["notebooks_seconds"] = round(time.perf_counter() - t_run - manifest["kernel_seconds"], 2)
                    failure = notebooks.finish()
                    if not failure:
                        # the idle kernels exit while the report is built
                        from ftzlink.report.html import build_html

                        t0 = time.perf_counter()
                        preface = _preface(run_dir, params)
                        executed = [run_dir / "notebooks" / f"{e['name']}.ipynb" for e in manifest["notebooks"]]
                        build_html(executed, run_dir / "report.html", title="ftzlink report", preface=preface,
                                   language=params["language"])
                        manifest["html_seconds"] = round(time.perf_counter() - t0, 2)
        except KeyboardInterrupt as stop:
            manifest.update(status="aborted", error=f"stopped by {stop.args[0] if stop.args else 'SIGINT'}",
                            finished=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
            for entry in manifest["notebooks"]:
                if entry["status"] in ("pending", "running"):
                    entry["status"] = "aborted"
            write_manifest(run_dir / "manifest.json", manifest)
            raise
        except FtzlinkError as exc:
            manifest.update(status="failed", error=str(exc))
            try:
                write_manifest(run_dir / "manifest.json", manifest)
            finally:
                raise exc
        manifest["outputs"] = {path: digest for path, digest in hash_tree(run_dir, ("figures", "tables")).items()
                               if "/." not in path}   # staged workbook sheets (tables/.sheets) are not outputs
        manifest["seconds"] = round(time.perf_counter() - t_run, 2)
        manifest["split"] = _run_split(manifest)
        manifest["cell_seconds"] = _cell_seconds(manifest)
        manifest["finished"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        manifest["status"] = "failed" if failure else "succeeded"
        if failure:
            manifest["error"] = failure
        write_manifest(run_dir / "manifest.json", manifest)
        if not failure:
            _switch_latest(reports_dir, run_dir)
            if keep is not None:
                manifest["pruned"] = [p.name for p in _prune(reports_dir, keep)]
    split = ", ".join(f"{k} {v:.1f}s" for k, v in manifest["split"].items())
    cells = ", ".join(f"{k} {v:.1f}s" for k, v in manifest["cell_seconds"].items())
    _progress(f"report {manifest['status']} in {manifest['seconds']:.0f}s ({split}; on {manifest['kernels']} "
              f"kernel(s): {cells}): {run_dir}", progress)
    return RunResult(run_dir=run_dir, status=manifest["status"], manifest=manifest)
