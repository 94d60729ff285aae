"""Thread limits for BLAS around small and iterative linear algebra.

OpenBLAS splits every product across all its threads, even a matrix-vector product that one
core finishes in microseconds. An iterative solver makes hundreds of such products; each one
then waits for every BLAS thread to be scheduled, so on a machine shared with other jobs the
waits, not the arithmetic, set the time, and it varies from run to run by an order of
magnitude. The eigensolver of :func:`ftzlink.indices.complexity` and the method of reflections
therefore run on one BLAS thread (timings in benchmarks/RESULTS_kernels.md).
:func:`single_threaded_blas` is that limit; large products (one big matrix product, where
threads pay off) stay outside it.

The limit is process-wide (OpenBLAS has one thread setting per library), so the context is
held by one Python thread at a time: another thread entering it waits until the first leaves.
Code inside it is short and single-threaded anyway; the lock keeps the limit and its
restoration on the same thread, so concurrent callers cannot leave BLAS on one thread.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.RLock()  # re-entrant: nested use in one thread is allowed
_CONTROLLER = None  # threadpoolctl.ThreadpoolController, built on first use (finding the libraries takes ~10 ms)
_SEEN_MODULES = 0  # len(sys.modules) when the controller was built: new imports may load a new BLAS


def _controller():
    global _CONTROLLER, _SEEN_MODULES
    if _CONTROLLER is None or len(sys.modules) != _SEEN_MODULES:
        from threadpoolctl import ThreadpoolController

        _CONTROLLER = ThreadpoolController()
        _SEEN_MODULES = len(sys.modules)
    return _CONTROLLER


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Run the enclosed code with every loaded BLAS library (OpenBLAS, MKL, BLIS…) on one thread.

    For iterative solvers and loops of small products, where BLAS's thread synchronisation
    costs more than it saves (see the module docstring). On exit the previous thread counts
    are restored. Uses ``threadpoolctl``'s ``limit(limits=1, user_api="blas")``; OpenMP
    thread pools of other libraries are left alone. One Python thread at a time holds the
    context (nesting within a thread is fine).

    Examples
    --------
    >>> import numpy as np
    >>> a = np.ones((50, 50))
    >>> with single_threaded_blas():
    ...     v = a @ (a @ np.ones(50))
    >>> float(v[0])
    2500.0
    """
    with _LOCK, _controller().limit(limits=1, user_api="blas"):
        yield


__all__ = ["single_threaded_blas"]
