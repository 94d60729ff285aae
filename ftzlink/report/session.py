"""One kernel for all notebooks of a run: start-up and imports paid once, namespaces reset between.

Starting a Jupyter kernel and importing the scientific stack into it costs several seconds;
paid once per notebook, it was most of a report's run time. :class:`KernelSession` starts one
kernel per run, imports what the notebooks use once (:data:`WARM_UP`), and before each
further notebook restores the kernel to the state it had after that warm-up
(:func:`reset_kernel_state`, executed inside the kernel): the user namespace and execution
count are cleared (IPython ``reset(new_session=True)``), figures closed, and matplotlib's
``rcParams``, the warnings filters and the working directory put back. Imported modules and
their caches stay — that is the saving. Each notebook remains independent: it runs alone in
JupyterLab or under papermill exactly as in the report.

The kernel talks over IPC sockets inside a private directory (no TCP ports, no warning about
unencrypted TCP) and its own log (start-up messages, the interrupt jupyter_client sends at
shutdown) goes to ``kernel.log`` in the run directory instead of the terminal.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

from ftzlink.errors import FtzlinkError

#: Executed once after start-up: the imports every report notebook makes, and the snapshot.
WARM_UP = (
    "import ftzlink, ftzlink.plot, ftzlink.stats, ftzlink.report\n"
    "import matplotlib.pyplot\n"
    "from ftzlink.report.session import snapshot_kernel_state as _snapshot\n"
    "_snapshot()\n"
    "del _snapshot\n"
)
#: Executed before every notebook after the first.
RESET = "from ftzlink.report.session import reset_kernel_state as _reset\n_reset()\n"
#: Seconds allowed for the warm-up or a reset.
CONTROL_TIMEOUT = 300

_snapshot: dict[str, Any] = {}


def snapshot_kernel_state() -> None:
    """(In the kernel) remember rcParams, warnings filters and the working directory."""
    import matplotlib

    _snapshot.update(rc=matplotlib.rcParams.copy(), filters=list(warnings.filters), cwd=os.getcwd())


def reset_kernel_state() -> None:
    """(In the kernel) clear the user namespace and restore the state of :func:`snapshot_kernel_state`."""
    import matplotlib
    import matplotlib.pyplot as plt
    from IPython import get_ipython

    plt.close("all")
    get_ipython().reset(new_session=True)
    if _snapshot:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # restoring deprecated keys of the snapshot
            matplotlib.rcParams.update(_snapshot["rc"])
        warnings.filters[:] = _snapshot["filters"]
        os.chdir(_snapshot["cwd"])


class KernelSession:
    """A started ``python3`` kernel in ``cwd``, shared by the notebooks of one run.

    Parameters
    ----------
    manager_class : type
        An ``AsyncKernelManager`` subclass (the runner's, with IPC transport).
    cwd : Path
        Working directory of the kernel (the run directory).
    log_path : Path
        File that receives the kernel process's own stdout and stderr.

    Used as a context manager, the kernel is shut down on leaving the block.
    """

    def __init__(self, manager_class: type, cwd: Path, log_path: Path) -> None:
        from jupyter_core.utils import run_sync

        self._run_sync = run_sync
        self.km = manager_class(kernel_name="python3")
        self._log = open(log_path, "ab")  # noqa: SIM115 — closed in close()
        try:
            run_sync(self.km.start_kernel)(cwd=str(cwd), stdout=self._log, stderr=self._log)
            self._execute(WARM_UP, "warm-up")
        except BaseException:
            self.close()
            raise

    def _execute(self, code: str, what: str) -> None:
        kc = self.km.blocking_client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=CONTROL_TIMEOUT)
            reply = kc.execute_interactive(code, timeout=CONTROL_TIMEOUT, output_hook=lambda _msg: None)
        except (RuntimeError, TimeoutError) as exc:
            raise FtzlinkError(f"report kernel {what} failed: {exc}") from None
        finally:
            kc.stop_channels()
        content = reply["content"]
        if content.get("status") != "ok":
            raise FtzlinkError(f"report kernel {what} failed: {content.get('ename')}: {content.get('evalue')} "
                               f"(does the 'python3' kernel run in an environment with ftzlink installed?)")

    def reset(self) -> None:
        """Clear the user namespace and restore the post-warm-up state before the next notebook."""
        self._execute(RESET, "reset")

    def __enter__(self) -> KernelSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Shut the kernel down (its connection files go with it) and close the log."""
        try:
            if self.km.has_kernel:
                self._run_sync(self.km.shutdown_kernel)(now=False)
        finally:
            self._log.close()
