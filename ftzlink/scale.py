"""Scaling out: the optional Dask stack and the one helper that spreads batches over a cluster.

ftzlink runs in memory with pandas and NumPy by default. Two things can use a Dask cluster
when the optional dependencies are installed (``pip install ftzlink[scale]``: ``dask[dataframe,
distributed]``; pyarrow):

- firm microdata larger than memory (:mod:`ftzlink.microdata` with ``engine="dask"``);
- permutation and bootstrap inference (``client=`` of :func:`ftzlink.stats.qap_correlation`,
  :func:`ftzlink.stats.mantel`, :func:`ftzlink.stats.mrqap`, :func:`ftzlink.stats.bootstrap_ci`).

For the second, the random draws are still made locally, in the same order and from the same
``seed`` as without a cluster (:mod:`ftzlink.resampling`); only the per-batch arithmetic is sent
to the workers, through :func:`map_batches`, and the results come back in batch order. They
are summarised locally (:class:`ftzlink.resampling.ReplicateSummary` merges them in blocks of
a fixed number of replicates, whatever the batches they came in), so the numbers are identical
with and without ``client``.

Dask is imported lazily (:func:`optional_import`): importing ftzlink never needs it, and asking
for it without it installed raises :class:`~ftzlink.errors.FtzlinkError` saying what to install.

>>> list(map_batches(len, [[1, 2], [3]]))
[2, 1]
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from ftzlink.errors import FtzlinkError

INSTALL_HINT = "pip install ftzlink[scale]"


def _import_module(name: str):
    """``importlib.import_module``; a separate name so tests can simulate a missing package."""
    return importlib.import_module(name)


def optional_import(name: str, purpose: str = "engine='dask'"):
    """Import an optional dependency (e.g. ``"dask.dataframe"``, ``"distributed"``).

    Raises FtzlinkError naming the package and the extra to install when it is missing.

    >>> optional_import("math").sqrt(4.0)
    2.0
    """
    try:
        return _import_module(name)
    except ImportError as exc:
        raise FtzlinkError(
            f"{purpose} needs the optional package {name.split('.')[0]!r}, which is not installed "
            f"({exc}); {INSTALL_HINT}"
        ) from None


def client_threads(client) -> int:
    """Total worker threads of a ``distributed.Client`` (at least 1)."""
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # a client without workers yet, or a stand-in
        return 1


def items_per_batch(n_items: int, cap: int, client=None) -> int:
    """Batch size for ``n_items`` independent items: at most ``cap``; with a client also small
    enough for about four batches per worker thread, so that every worker gets work.

    Only for bootstrap replicates (computed one at a time by a callable ``index_fn``, or as
    stacks whose matrices are computed independently of each other): the permutation batches
    of QAP, Mantel and MRQAP keep their size, because a different batch shape can change the
    last bit of a BLAS product over the batch.

    >>> items_per_batch(1000, 64), items_per_batch(10, 64)
    (64, 64)
    """
    size = max(1, cap)
    if client is not None:
        size = min(size, max(1, -(-n_items // (4 * client_threads(client)))))
    return size


def map_batches(fn: Callable, batches: Iterable, client=None, *, window: int | None = None) -> Iterator:
    """Apply ``fn`` to each batch, locally or on a Dask cluster, yielding results in batch order.

    ``client=None``: a plain lazy ``map(fn, batches)`` (nothing held beyond one batch). With a
    ``distributed.Client``: batches are sent with ``client.map`` in windows of ``window``
    batches (default: twice the cluster's threads; the next window is submitted before the
    current one is gathered, so workers stay busy) and collected with ``client.gather``, which
    keeps their order. Memory on the caller therefore stays bounded by two windows of batches.

    ``fn`` must be picklable (a module-level function or a ``functools.partial`` of one) and
    importable on the workers (ftzlink installed there). The batches are sent as they come:
    the cluster gets one task per batch, so it pays off when there are many batches (e.g. many
    permutations of large matrices: a permutation batch holds about 4 million permuted cells,
    :data:`ftzlink.resampling.BATCH_CELLS`).

    Parameters
    ----------
    fn : callable
        Called once per batch.
    batches : iterable
        The batches (e.g. from :func:`ftzlink.resampling.permutation_batches`).
    client : distributed.Client or None
        Where to run; None runs in this process.
    window : int, optional
        Batches per submission with a client.

    Returns
    -------
    iterator
        ``fn(batch)`` for every batch, in the order of ``batches``.

    Examples
    --------
    >>> list(map_batches(sum, iter([[1, 2], [3, 4], [5]])))
    [3, 7, 5]
    """
    if client is None:
        return map(fn, batches)
    if not (callable(getattr(client, "map", None)) and callable(getattr(client, "gather", None))):
        raise FtzlinkError(f"client: expected a distributed.Client (with map and gather) or None, "
                           f"got {type(client).__name__}")
    if window is None:
        window = 2 * client_threads(client)
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise FtzlinkError(f"window: expected a positive integer, got {window!r}")
    return _distributed(fn, iter(batches), client, window)


def _distributed(fn: Callable, batches: Iterator, client, window: int) -> Iterator:
    pending = client.map(fn, list(islice(batches, window)), pure=False)
    while pending:
        upcoming = client.map(fn, list(islice(batches, window)), pure=False)
        yield from client.gather(pending)
        pending = upcoming
