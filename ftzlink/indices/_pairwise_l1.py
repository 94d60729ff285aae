"""Pairwise L1 (city-block) distances between the rows of one matrix or of two: D_rq = Σ_i |x_ri − y_qi|.

The kernel behind the Krugman dissimilarity and the Finger–Kreinin similarity
(:func:`ftzlink.indices.similarity`), and the distance form of complementarity indices.

Two paths give the same values (to a few ulps; each is exactly symmetric when ``y`` is None):

- small problems (n · m · k below :data:`COMPILED_MIN_WORK`): NumPy broadcasting over blocks of
  rows, with temporaries of at most :data:`BLOCK_ELEMENTS` values. Such calls never import numba
  or compile anything (the report's 15 regions × 56 industries take well under a millisecond);
- large problems: a blocked kernel compiled with numba on first use and cached on disk
  (``cache=True``; when no cache directory is writable it is compiled in memory instead,
  silently). The output is cut into square tiles that run in parallel on all cores; for one
  matrix only the tiles on and above the diagonal are computed and mirrored. Each tile holds
  its partial sums in a small buffer and writes them into the output once, so the only
  full-size array is the result itself. Terms are added in blocks of four industries, in
  industry order (no fast-math reassociation).

numba is imported only when the compiled path runs, so ``import ftzlink`` does not pay for it.
"""

from __future__ import annotations

import threading
import warnings

import numpy as np

from ftzlink.errors import FtzlinkError

#: n · m · k (pairs of rows times columns) from which the compiled kernel is used. Below it the
#: NumPy path takes up to about 60 ms (one matrix; twice that for two); above it the loaded kernel
#: is 3–10× faster. Loading it costs about 1 s once per process (import numba, read the cached
#: machine code); compiling it, when there is no cache yet, 5–15 s. Measured with
#: benchmarks/bench_kernels.py on two shared cores.
COMPILED_MIN_WORK = 2**25

#: Largest temporary (number of float64 values) of the NumPy path.
BLOCK_ELEMENTS = 2**16

_TILE = 128  # output tile: _TILE × _TILE distances (a multiple of 4)
_DEPTH = 32  # columns (industries) per pass over a tile (a multiple of 4)

_KERNEL = None  # the compiled kernel, built on first use
_COMPILED = False  # True once the kernel has run (compiled or loaded from the cache)
_LOCK = threading.Lock()  # numba's default thread pool must not be entered by two threads at once

prange = range  # replaced by numba.prange before the kernel is compiled (see _kernel)


def l1_distances(x: np.ndarray, y: np.ndarray | None = None, *, engine: str = "auto") -> np.ndarray:
    """L1 (city-block) distance between every row of ``x`` and every row of ``y`` (or of ``x``).

    D_rq = Σ_i |x_ri − y_qi|, the ``"cityblock"`` metric of :func:`scipy.spatial.distance.cdist`
    (and, with ``y=None``, of ``squareform(pdist(x, "cityblock"))``).

    Parameters
    ----------
    x : ndarray
        n × k array of finite floats.
    y : ndarray, optional
        m × k array; None compares the rows of ``x`` with each other (symmetric result,
        diagonal exactly 0).
    engine : {"auto", "numpy", "compiled"}, default "auto"
        ``auto`` takes the compiled kernel when n · m · k ≥ :data:`COMPILED_MIN_WORK` (and numba is
        importable), else NumPy; the other two force a path (tests, benchmarks).

    Returns
    -------
    ndarray
        n × m float64 array, the only array of that size the function allocates.

    Reference: Krugman (1991) *Geography and Trade*, MIT Press (the index Σ_i |s_ri − s_qi|);
    SciPy ``scipy.spatial.distance.cityblock``.

    Examples
    --------
    >>> x = np.array([[0.75, 0.25, 0.0], [0.25, 0.25, 0.5]])
    >>> l1_distances(x).tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    >>> l1_distances(x, np.array([[0.0, 0.0, 1.0]])).tolist()
    [[2.0], [1.0]]
    """
    if engine not in ("auto", "numpy", "compiled"):
        raise FtzlinkError(f"l1_distances: engine must be 'auto', 'numpy' or 'compiled', got {engine!r}")
    x = np.ascontiguousarray(x, dtype=float)
    if y is not None:
        y = np.ascontiguousarray(y, dtype=float)
        if y.ndim != 2 or y.shape[1] != x.shape[1]:
            raise FtzlinkError(f"l1_distances: x and y must have the same number of columns, got {x.shape} and {y.shape}")
    n, k = x.shape
    m = n if y is None else y.shape[0]
    if engine == "auto":
        engine = "compiled" if n * m * k >= COMPILED_MIN_WORK and _kernel() is not None else "numpy"
    if engine == "numpy" or n == 0 or m == 0 or k == 0:
        return _numpy_l1(x, y)
    return _compiled_l1(x, y)


def _numpy_l1(x: np.ndarray, y: np.ndarray | None) -> np.ndarray:
    """The NumPy path: |x_r − y_q| summed over columns, a block of rows of x at a time.

    With ``y`` None each block is compared with itself and the rows below it only, and mirrored.
    """
    symmetric = y is None
    other = x if symmetric else y
    n, k = x.shape
    out = np.empty((n, other.shape[0]))
    rows = max(1, BLOCK_ELEMENTS // max(1, other.shape[0] * k))
    for start in range(0, n, rows):
        stop = min(start + rows, n)
        first = start if symmetric else 0
        diff = x[start:stop, None, :] - other[None, first:, :]
        np.abs(diff, out=diff)
        diff.sum(axis=2, out=out[start:stop, first:])
        if symmetric:
            out[stop:, start:stop] = out[start:stop, stop:].T
    return out


def _pack(x: np.ndarray, width: int) -> np.ndarray:
    """Rows 4r … 4r+3 of x interleaved: packed[r, i, q] = x[4r + q, i], zero-padded to 4 rows and ``width`` columns."""
    n, k = x.shape
    packed = np.zeros(((n + 3) // 4, width, 4))
    view = packed.transpose(0, 2, 1)  # view[r, q, :] is row 4r + q
    full = n // 4
    view[:full, :, :k] = x[:4 * full].reshape(full, 4, k)
    if n % 4:
        view[full, :n % 4, :k] = x[4 * full:]
    return packed


def _compiled_l1(x: np.ndarray, y: np.ndarray | None) -> np.ndarray:
    """The compiled path: tiles of the output in parallel (upper triangle only when y is None)."""
    global _COMPILED
    kernel = _kernel()
    if kernel is None:
        raise FtzlinkError("l1_distances: the compiled kernel needs numba, which could not be imported")
    symmetric = y is None
    n, k = x.shape
    width = -(-k // 4) * 4  # columns padded with zeros to whole groups of 4
    xq = _pack(x, width)
    yq = xq if symmetric else _pack(y, width)
    m = n if symmetric else y.shape[0]
    blocks_i, blocks_j = -(-n // _TILE), -(-m // _TILE)
    if symmetric:
        bi, bj = np.triu_indices(blocks_i)
    else:
        bi, bj = np.divmod(np.arange(blocks_i * blocks_j), blocks_j)
    out = np.empty((n, m))
    import numba

    with _LOCK, numba.parallel_chunksize(1):  # tiles handed out one at a time: no idle core under load
        if _COMPILED:
            kernel(xq, yq, out, bi * _TILE, bj * _TILE, _TILE, _DEPTH, symmetric)
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", numba.NumbaWarning)  # e.g. a cache that cannot be written
                kernel(xq, yq, out, bi * _TILE, bj * _TILE, _TILE, _DEPTH, symmetric)
            _COMPILED = True
    return out


def _kernel():
    """The compiled tile kernel (None when numba is not importable); built on first use."""
    global _KERNEL, prange
    if _KERNEL is None:
        try:
            import numba
        except ImportError:  # pragma: no cover - numba is a dependency; stay usable without it
            return None
        prange = numba.prange
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", numba.NumbaWarning)
            try:
                _KERNEL = numba.njit(parallel=True, fastmath=False, cache=True)(_tiles)
            except RuntimeError:  # no writable cache directory (package, NUMBA_CACHE_DIR, user cache)
                _KERNEL = numba.njit(parallel=True, fastmath=False, cache=False)(_tiles)
    return _KERNEL


def _tiles(xq, yq, out, ti, tj, tile, depth, symmetric):  # pragma: no cover - runs compiled
    """out[i, j] = Σ_c |x_ic − y_jc| for the tiles starting at (ti[t], tj[t]); mirrored when ``symmetric``.

    ``xq`` and ``yq`` are packed by :func:`_pack`. Within a tile, 4 rows of x × 4 columns at a
    time go against a vector of y rows, so each y value loaded serves 4 rows and each partial
    sum stored covers 4 columns.
    """
    n, m = out.shape
    width = xq.shape[1]
    for t in prange(ti.shape[0]):
        i0 = ti[t]
        j0 = tj[t]
        ni = min(tile, n - i0)
        nj = min(tile, m - j0)
        acc = np.zeros((tile, tile))
        yb = np.empty((depth, tile))
        for k0 in range(0, width, depth):
            nk = min(depth, width - k0)
            for c in range(nj):  # y rows j0 … j0 + nj, columns k0 … k0 + nk, transposed
                src = yq[(j0 + c) // 4]
                lane = (j0 + c) % 4
                for q in range(nk):
                    yb[q, c] = src[k0 + q, lane]
            for r in range(0, ni, 4):
                xs = xq[(i0 + r) // 4]
                s0 = acc[r]
                s1 = acc[r + 1]
                s2 = acc[r + 2]
                s3 = acc[r + 3]
                for q in range(0, nk, 4):
                    kq = k0 + q
                    a0, a1, a2, a3 = xs[kq, 0], xs[kq, 1], xs[kq, 2], xs[kq, 3]
                    b0, b1, b2, b3 = xs[kq + 1, 0], xs[kq + 1, 1], xs[kq + 1, 2], xs[kq + 1, 3]
                    c0, c1, c2, c3 = xs[kq + 2, 0], xs[kq + 2, 1], xs[kq + 2, 2], xs[kq + 2, 3]
                    d0, d1, d2, d3 = xs[kq + 3, 0], xs[kq + 3, 1], xs[kq + 3, 2], xs[kq + 3, 3]
                    ya = yb[q]
                    yb1 = yb[q + 1]
                    yc = yb[q + 2]
                    yd = yb[q + 3]
                    for c in range(nj):
                        p = ya[c]
                        u = yb1[c]
                        v = yc[c]
                        w = yd[c]
                        s0[c] += (abs(a0 - p) + abs(b0 - u)) + (abs(c0 - v) + abs(d0 - w))
                        s1[c] += (abs(a1 - p) + abs(b1 - u)) + (abs(c1 - v) + abs(d1 - w))
                        s2[c] += (abs(a2 - p) + abs(b2 - u)) + (abs(c2 - v) + abs(d2 - w))
                        s3[c] += (abs(a3 - p) + abs(b3 - u)) + (abs(c3 - v) + abs(d3 - w))
        for r in range(ni):
            for c in range(nj):
                out[i0 + r, j0 + c] = acc[r, c]
        if symmetric and i0 != j0:
            for c in range(nj):
                for r in range(ni):
                    out[j0 + c, i0 + r] = acc[r, c]
