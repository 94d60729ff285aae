"""Kernels shared by the notebooks of a run: start-up and imports paid once per kernel, not per notebook.

Starting a Jupyter kernel and importing the scientific stack into it costs several seconds;
paid once per notebook, it was most of a report's run time. :class:`KernelSession` starts a
kernel, imports once what the run's notebooks use (:func:`warm_up_modules`: the report
notebooks use ``ftzlink.report``, so the kernel imports ftzlink's indices, plotting,
statistics, the report context and pyplot; notebooks that import none of these get no warm-up), and
before each further notebook restores the kernel to the state it had after that warm-up
(:func:`reset_kernel_state`, executed inside the kernel): the user namespace and execution
count are cleared (IPython ``reset(new_session=True)``), figures closed, and matplotlib's
``rcParams``, the warnings filters and the working directory put back. Imported modules and
their caches stay — that is the saving. Each notebook remains independent: it runs alone in
JupyterLab or under papermill exactly as in the report.

:class:`KernelPool` runs the notebooks of a run on several such kernels at once, one thread
per kernel, each kernel taking the next notebook in the run's order when it is free: the
notebooks are independent, so on a machine with two cores two kernels nearly halve the wall
time spent in notebooks (measured in benchmarks/RESULTS.md). Before each notebook the runner may set environment variables in its kernel (the
report sets the notebook's position, by which the Excel workbook orders its sheets).

The kernel loads this module by its file path (:data:`KERNEL_STATE_MODULE`), so the snapshot and
reset never import the ftzlink package into a kernel whose notebooks do not use it; the
warm-up leaves no names in the first notebook's namespace and no entry in its history. The
warm-up request is sent as the kernel starts and awaited in :meth:`KernelSession.ready`, so
the caller can do its own imports meanwhile; after the last notebook,
:meth:`KernelSession.request_shutdown` lets the kernel exit while the caller builds the report.

The kernel talks over IPC sockets inside a private directory (no TCP ports, no warning about
unencrypted TCP) and its own log (start-up messages, the interrupt jupyter_client sends at
shutdown) goes to ``kernel.log`` in the run directory instead of the terminal.
"""

from __future__ import annotations

# The standard library only at module level: kernels load this file (KERNEL_STATE_MODULE).
import os
import sys
import threading
import time
import warnings
from collections import deque
from pathlib import Path
from typing import Any, Callable, Iterable

#: Modules imported once after start-up, by the modules the run's notebooks import (the key
#: itself: ``import key`` or ``from key import name``; a notebook that imports one submodule,
#: such as ``ftzlink.report.display``, imports what it needs itself). The report notebooks use
#: ``ftzlink.report.report_context``, which computes and draws with ftzlink's indices,
#: statistics, plots and pyplot. Each module is imported as ``from module import *`` would, so
#: the packages that import their public names on first use (``ftzlink``, ``ftzlink.plot``,
#: ``ftzlink.report``) are imported with the modules behind those names.
WARM_UP_MODULES = {
    "ftzlink.report": ("ftzlink.indices", "ftzlink.plot", "ftzlink.stats", "ftzlink.report.context",
                       "matplotlib.pyplot"),
    "ftzlink.plot": ("ftzlink.plot", "matplotlib.pyplot"),
    "ftzlink.stats": ("ftzlink.stats",),
    "ftzlink": ("ftzlink.indices",),
    "matplotlib.pyplot": ("matplotlib.pyplot",),
}
#: Name under which the kernel loads this file (not as ``ftzlink.report.session``, which would
#: import the whole package).
KERNEL_STATE_MODULE = "_ftzlink_kernel_state"
#: Seconds allowed for the warm-up or a reset.
CONTROL_TIMEOUT = 300
#: Kernel options: no IPython history database (the report never reads it back, and the cells
#: of every run would otherwise be appended to the user's history, from parallel runs at once).
KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False"]

_snapshot: dict[str, Any] = {}


def _imported_modules(source: str) -> set[str]:
    """Modules a code cell imports, with ``from m import a`` counted as ``m`` and ``m.a`` (``a``
    may be a submodule); lines of IPython magics and shell commands are skipped."""
    import ast
    import re

    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return set(re.findall(r"^\s*(?:from|import)\s+([A-Za-z_][\w.]*)", source, re.MULTILINE))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def warm_up_modules(notebooks: Iterable[str | Path]) -> list[str]:
    """The modules of :data:`WARM_UP_MODULES` for what the notebooks' code cells import.

    A notebook that cannot be read as nbformat 4 JSON counts as importing everything (the
    run then fails on it as it would without a warm-up).

    >>> import json, tempfile
    >>> path = Path(tempfile.mkdtemp()) / "n.ipynb"
    >>> cell = {"cell_type": "code", "source": ["%matplotlib inline\\n", "import os, matplotlib.pyplot as plt\\n",
    ...                                          "from ftzlink import stats"]}
    >>> _ = path.write_text(json.dumps({"nbformat": 4, "cells": [cell]}))
    >>> warm_up_modules([path])
    ['ftzlink.stats', 'ftzlink.indices', 'matplotlib.pyplot']
    """
    import json

    imported: set[str] = set()
    for path in notebooks:
        try:
            nb = json.loads(Path(path).read_text(encoding="utf-8"))
            cells = nb["cells"] if nb.get("nbformat") == 4 else None
        except (OSError, ValueError, KeyError, AttributeError):
            cells = None
        if not isinstance(cells, list):
            imported.update(WARM_UP_MODULES)
            continue
        for cell in cells:
            source = cell.get("source", "") if isinstance(cell, dict) and cell.get("cell_type") == "code" else ""
            imported |= _imported_modules("".join(source) if isinstance(source, list) else str(source))
    modules: list[str] = []
    for key, wanted in WARM_UP_MODULES.items():
        if key in imported:
            modules += [m for m in wanted if m not in modules]
    return modules


def warm_up_code(modules: Iterable[str]) -> str:
    """Code run once in a new kernel: import ``modules``, load this file as
    :data:`KERNEL_STATE_MODULE` and take the snapshot; no names are left behind."""
    return (
        "def _ftzlink_warm_up():\n"
        "    import importlib, importlib.util, sys\n"
        f"    for name in {list(modules)!r}:\n"
        "        module = importlib.import_module(name)\n"
        "        for public in getattr(module, '__all__', ()):\n"
        "            getattr(module, public)\n"
        f"    spec = importlib.util.spec_from_file_location({KERNEL_STATE_MODULE!r}, {str(Path(__file__))!r})\n"
        "    module = importlib.util.module_from_spec(spec)\n"
        "    spec.loader.exec_module(module)\n"
        "    sys.modules[spec.name] = module\n"
        "    module.snapshot_kernel_state()\n"
        "try:\n"
        "    _ftzlink_warm_up()\n"
        "finally:\n"
        "    del _ftzlink_warm_up\n"
    )


def snapshot_kernel_state() -> None:
    """(In the kernel) remember rcParams, warnings filters and the working directory."""
    import matplotlib

    _snapshot.update(rc=matplotlib.rcParams.copy(), filters=list(warnings.filters), cwd=os.getcwd())


def begin_notebook(reset: bool, environment: dict[str, str]) -> None:
    """(In the kernel) prepare the next notebook: :func:`reset_kernel_state` unless it is the
    kernel's first, then set ``environment`` in ``os.environ``."""
    if reset:
        reset_kernel_state()
    os.environ.update(environment)


def begin_code(reset: bool, environment: dict[str, str]) -> str:
    """Code calling :func:`begin_notebook` in the kernel; it leaves no name behind."""
    return f"__import__('sys').modules[{KERNEL_STATE_MODULE!r}].begin_notebook({reset!r}, {dict(environment)!r})\n"


def reset_kernel_state() -> None:
    """(In the kernel) clear the user namespace and restore the state of :func:`snapshot_kernel_state`."""
    import matplotlib
    from IPython import get_ipython

    if "matplotlib.pyplot" in sys.modules:            # figures exist only if pyplot was imported
        sys.modules["matplotlib.pyplot"].close("all")
    get_ipython().reset(new_session=True)
    if _snapshot:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # restoring deprecated keys of the snapshot
            matplotlib.rcParams.update(_snapshot["rc"])
        warnings.filters[:] = _snapshot["filters"]
        os.chdir(_snapshot["cwd"])


def kernel_manager_class(socket_dir: str, name: str) -> type:
    """An ``AsyncKernelManager`` subclass for the run's kernels.

    Its kernels use IPC sockets ``<socket_dir>/<name>-<n>`` (no TCP ports, no warning about
    unencrypted TCP, nothing left behind once the directory is removed; kernels started at the
    same time need different names, or they pick the same sockets). Its kernels run the Python
    that runs the report (:func:`runner_kernel_spec`), whatever ``python3`` kernel spec Jupyter
    would find first. It keeps the clients it
    hands out (papermill's executor asks for one per notebook and, given a kernel manager,
    leaves it connected), so :meth:`KernelSession.close_notebook_clients` can close them.
    """
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import CaselessStrEnum, List, Unicode

    def client(self, **kwargs):
        kc = AsyncKernelManager.client(self, **kwargs)
        self.handed_out.append(kc)
        return kc

    def kernel_spec(self):
        if self._kernel_spec is None:
            self._kernel_spec = runner_kernel_spec()
        return self._kernel_spec

    return type("FtzlinkKernelManager", (AsyncKernelManager,), {
        "transport": CaselessStrEnum(["tcp", "ipc"], default_value="ipc"),
        "ip": Unicode(os.path.join(socket_dir, name)),
        "handed_out": List(),
        "client": client,
        "kernel_spec": property(kernel_spec),
    })


def runner_kernel_spec():
    """The ``python3`` kernel spec of the running interpreter (``sys.executable``).

    A report's kernels must import the same ``ftzlink`` as the runner that checked the
    parameters and reads the outputs. The ``python3`` spec Jupyter finds first (``JUPYTER_PATH``,
    the user's data directory, then the environment's) may belong to another environment, with
    another version of the package or none: it is not used. The arguments are those ipykernel's
    own installer writes (on CPython, frozen modules off, so the debugger sees every module).

    >>> import sys
    >>> spec = runner_kernel_spec()
    >>> spec.argv[0] == sys.executable, spec.argv[-4:]
    (True, ['-m', 'ipykernel_launcher', '-f', '{connection_file}'])
    """
    import platform

    from ipykernel.kernelspec import RESOURCES, get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec

    frozen_off = ["-Xfrozen_modules=off"] if platform.python_implementation() == "CPython" else None
    return KernelSpec(name="python3", resource_dir=RESOURCES, **get_kernel_dict(python_arguments=frozen_off))


class KernelSession:
    """A started Python kernel in ``cwd``, shared by the notebooks of one run.

    Parameters
    ----------
    manager_class : type
        An ``AsyncKernelManager`` subclass (:func:`kernel_manager_class`).
    cwd : Path
        Working directory of the kernel (the run directory).
    log_path : Path
        File that receives the kernel process's own stdout and stderr.
    warm_up : list of str
        Modules to import once after start-up (:func:`warm_up_modules` of the run's notebooks).

    Used as a context manager, the kernel is shut down on leaving the block.
    """

    def __init__(self, manager_class: type, cwd: Path, log_path: Path, warm_up: Iterable[str] = ()) -> None:
        from jupyter_core.utils import run_sync

        self._run_sync = run_sync
        self.km = manager_class(kernel_name="python3")
        self._log = open(log_path, "ab")  # noqa: SIM115 — closed in close()
        self._client = None
        self._warm_up: str | None = None
        self._shutdown_requested = False
        try:
            run_sync(self.km.start_kernel)(cwd=str(cwd), stdout=self._log, stderr=self._log,
                                           extra_arguments=KERNEL_ARGUMENTS)
            # One client for the session's own requests, on the shell channel only: their replies
            # are all it needs (outputs are not read), and it receives nothing of the notebooks.
            self._client = self.km.blocking_client()
            self._client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
            # Sent now, awaited in ready(): the request waits in the socket while the kernel starts.
            self._warm_up = self._client.execute(warm_up_code(warm_up), store_history=False, allow_stdin=False)
        except BaseException:
            self.close()
            raise

    def ready(self) -> None:
        """Wait until the kernel has started and done the warm-up; raises FtzlinkError if it failed.

        The caller may do its own work between creating the session and this call (the kernel
        starts in its own process); it must call it before running a notebook.
        """
        if self._warm_up is not None:
            msg_id, self._warm_up = self._warm_up, None
            self._wait(msg_id, "warm-up")

    def close_notebook_clients(self) -> None:
        """Disconnect the clients the kernel manager handed out (one per notebook, to papermill's
        executor, which leaves them connected when given a kernel manager): otherwise each keeps
        a heartbeat thread and sockets until the process exits, and their pending heartbeats
        delay that exit."""
        for client in self.km.handed_out:
            client.stop_channels()
        self.km.handed_out.clear()

    def kill(self) -> None:
        """Kill the kernel process at once (callable from any thread): a notebook running in it
        fails with a dead kernel."""
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            process.kill()

    def _wait(self, msg_id: str, what: str) -> None:
        """Wait for the reply to request ``msg_id``, checking that the kernel is alive."""
        from queue import Empty

        from ftzlink.errors import FtzlinkError

        deadline = time.monotonic() + CONTROL_TIMEOUT
        while True:
            try:
                reply = self._client.get_shell_msg(timeout=1)
            except Empty:
                if not self._run_sync(self.km.is_alive)():
                    raise FtzlinkError(f"report kernel {what} failed: the kernel died (see kernel.log)") from None
                if time.monotonic() > deadline:
                    raise FtzlinkError(f"report kernel {what} failed: no reply within {CONTROL_TIMEOUT} s") from None
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        content = reply["content"]
        if content.get("status") != "ok":
            raise FtzlinkError(f"report kernel {what} failed: {content.get('ename')}: {content.get('evalue')} "
                               f"(does the 'python3' kernel run in an environment with ftzlink installed?)")

    def begin(self, first: bool, environment: dict[str, str] | None = None) -> None:
        """Prepare the kernel for a notebook: after the first, clear the user namespace and restore
        the post-warm-up state; set ``environment`` in the kernel. Leaves no trace in the
        notebook (no name, no history entry, execution count 1)."""
        self.ready()
        code = begin_code(not first, environment or {})
        self._wait(self._client.execute(code, store_history=False, allow_stdin=False), "reset")

    def __enter__(self) -> KernelSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def request_shutdown(self) -> None:
        """Ask the idle kernel to shut down without waiting; :meth:`close` then waits for its exit.

        The kernel process exits (several seconds with the scientific stack loaded) while the
        caller goes on, e.g. building the report.
        """
        self._run_sync(self.km.request_shutdown)()
        self._shutdown_requested = True

    def close(self) -> None:
        """Shut the kernel down (its connection files go with it) and close the log."""
        try:
            if self._client is not None:
                self._client.stop_channels()
            if self.km.has_kernel and self._shutdown_requested:
                self._run_sync(self.km.finish_shutdown)()
                self._run_sync(self.km.cleanup_resources)()
            elif self.km.has_kernel:
                self._run_sync(self.km.shutdown_kernel)(now=False)
        finally:
            self._log.close()


def _close_thread_loop() -> None:
    """Close the asyncio loop jupyter_client and papermill created for the calling (pool) thread;
    left open, its self-pipe sockets stay until garbage collection, with ResourceWarnings."""
    import asyncio

    policy = asyncio.get_event_loop_policy()
    try:
        loop = policy.get_event_loop()
    except RuntimeError:                    # no loop was created in this thread
        return
    if not loop.is_running() and not loop.is_closed():
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
    policy.set_event_loop(None)


class KernelPool:
    """Jobs (notebooks) run on ``size`` kernel sessions at once, one thread per session.

    Parameters
    ----------
    size : int
        Number of kernels (threads).
    open_session : callable
        ``open_session() -> KernelSession``: starts a kernel and sends its warm-up (called in
        the session's thread, which owns the session from start to close).

    :meth:`run` starts the threads and returns once every job is done or skipped, while the
    kernels may still be exiting (:meth:`close`, or leaving the ``with`` block, waits for them).
    Each free session takes the next job in the given order, until :meth:`stop` (a failed
    notebook: jobs already running in other sessions finish). An exception in a thread (a disk
    fault, a kernel that failed to start) kills the other kernels and is raised by :meth:`run`;
    so is KeyboardInterrupt in the calling thread (SIGINT, or SIGTERM turned into it), after
    killing every kernel. :attr:`aborted` is set before any kernel is killed.
    """

    def __init__(self, size: int, open_session: Callable[[], KernelSession]) -> None:
        self.size = size
        self._open = open_session
        #: Set when the run is aborted (an error or a signal), before the kernels are killed.
        self.aborted = threading.Event()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._done = threading.Event()
        self._sessions: list[KernelSession] = []
        self._threads: list[threading.Thread] = []
        self._jobs: deque = deque()
        self._finished = 0
        self._error: BaseException | None = None
        #: ``time.perf_counter()`` at which each session had started and warmed up.
        self.ready_at: list[float] = []

    def run(self, jobs: Iterable[Any], work: Callable[[KernelSession, Any, bool], None]) -> None:
        """Run ``jobs``: ``work(session, job, first)`` runs one job in ``session`` (``first``: the
        session's first job)."""
        self._jobs.extend(jobs)
        self._threads = [threading.Thread(target=self._serve, args=(work,), name=f"ftzlink-kernel-{k + 1}",
                                          daemon=True) for k in range(self.size)]
        for thread in self._threads:
            thread.start()
        try:
            while not self._done.wait(0.2):    # short waits: signals reach this thread in between
                pass
        except KeyboardInterrupt:
            self._abort()
            raise
        if self._error is not None:
            raise self._error

    def _serve(self, work: Callable[[KernelSession, Any, bool], None]) -> None:
        session = None
        try:
            session = self._open()
            with self._lock:
                self._sessions.append(session)
            if self._stop.is_set():                 # aborted while this kernel started
                session.kill()
                return
            session.ready()
            with self._lock:
                self.ready_at.append(time.perf_counter())
            first = True
            while True:
                with self._lock:
                    if self._stop.is_set() or not self._jobs:
                        break
                    job = self._jobs.popleft()
                work(session, job, first)
                first = False
        except BaseException as exc:  # noqa: BLE001 — handed to the calling thread by run()
            with self._lock:      # the first error; not one caused by killing the kernels after it
                if self._error is None and not self.aborted.is_set():
                    self._error = exc
            self._abort()
        finally:
            with self._lock:
                self._finished += 1
                if self._finished == self.size:
                    self._done.set()
            if session is not None:
                try:
                    session.request_shutdown()      # the kernel exits while the caller goes on
                except Exception:  # noqa: BLE001 — a killed kernel: close() cleans up
                    pass
                session.close()
            _close_thread_loop()

    def stop(self) -> None:
        """Take no further jobs; jobs already running finish."""
        self._stop.set()

    def _abort(self) -> None:
        """Stop taking jobs and kill every kernel (running notebooks fail with a dead kernel)."""
        self.aborted.set()
        self._stop.set()
        with self._lock:
            sessions = list(self._sessions)
        for session in sessions:
            session.kill()

    def close(self) -> None:
        """Wait for the threads, i.e. until every kernel has exited and its session is closed."""
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is not None:
            self._abort()
        self.close()
