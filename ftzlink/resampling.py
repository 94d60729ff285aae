"""Resampling: the one home of seeds, permutation batches, bootstrap draws and tail p-values.

Used by QAP, MRQAP, Mantel and Moran's I (node permutations), the row-shuffle null of
:func:`ftzlink.stats.permutation_pvalues` and :func:`ftzlink.stats.bootstrap_ci`.

- Seeds: every random function takes ``seed`` (int ≥ 0, ``numpy.random.Generator`` or None)
  and draws from ``numpy.random.default_rng(seed)`` (:func:`rng_from`): the same seed gives
  identical output.
- Batches: permuted or resampled copies are made in batches of at most ``BATCH_CELLS``
  values, so memory does not grow with the number of replicates.
- Node permutations of a zone × zone matrix gather the permuted cells with one flat index
  (:func:`permuted_index`, :func:`permuted_cells`): a[π(i), π(j)] = a.ravel()[π(i)·n + π(j)].
- Exact tests: with ``n_permutations="all"`` every permutation of n ≤ 8 nodes is enumerated.
- Tail p-values (:func:`tail_pvalues`): one-sided in both directions and two-sided, with the
  tail a test reports named in its ``alternative`` column.
- Streamed summaries (:class:`ReplicateSummary`): per-statistic count, mean, standard
  deviation, tail counts and exact percentile quantiles of a stream of replicates, in memory
  that does not grow with the number of replicates (for quantiles: with the depth of the tails
  only, about α/2 of them).
- Replicate stacks of pairwise indices (:func:`similarity_stack`): ``ftzlink.similarity`` of
  every matrix of a (replicates, regions, industries) array at once.

>>> bool(rng_from(7).integers(10) == rng_from(7).integers(10))
True
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import permutations as _all_permutations
from math import ceil, factorial

import numpy as np

from ftzlink.checks import check_choice
from ftzlink.errors import FtzlinkError
from ftzlink.indices._kernels import CONSTANT_RTOL, krugman_distances
from ftzlink.vocabulary import ALTERNATIVES, SIMILARITY_METHODS

MAX_EXACT_NODES = 8          # 8! = 40 320 permutations
BATCH_CELLS = 2**22          # permuted values held in memory at once (≈ 32 MB of float64)
REL_TOL = 1e-10              # permuted statistics within this relative distance count as ties
#: Bootstrap and row-shuffle results keep their full replicate distribution (``.null``) only
#: when it holds at most this many values (replicates × statistics; 32 MB of float64).
NULL_CELLS_KEPT = 2**22
#: Replicate stacks of matrices with at least this many regions have their products computed
#: matrix by matrix (see :func:`similarity_stack`).
GRAM_LOOP_ROWS = 512


def rng_from(seed) -> np.random.Generator:
    """``numpy.random.default_rng(seed)`` after checking ``seed`` (int ≥ 0, Generator or None)."""
    if seed is None or isinstance(seed, np.random.Generator):
        return np.random.default_rng(seed)
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise FtzlinkError(f"seed: expected a non-negative integer, a numpy Generator or None, got {seed!r}")
    return np.random.default_rng(int(seed))


def permutation_count(n: int, n_permutations: int | str) -> tuple[int, bool]:
    """Return (number of permutations, exact?) after validating ``n_permutations``."""
    if isinstance(n_permutations, str):
        if n_permutations != "all":
            raise FtzlinkError(f"n_permutations must be a positive integer or 'all', got {n_permutations!r}")
        if n > MAX_EXACT_NODES:
            raise FtzlinkError(
                f"n_permutations='all' enumerates {n}! permutations; allowed up to {MAX_EXACT_NODES} "
                f"nodes — pass an integer number of random permutations instead"
            )
        return factorial(n), True
    if isinstance(n_permutations, bool) or not isinstance(n_permutations, (int, np.integer)) or n_permutations < 1:
        raise FtzlinkError(f"n_permutations must be a positive integer or 'all', got {n_permutations!r}")
    return int(n_permutations), False


def permutation_batches(n: int, n_permutations: int | str, seed, cells_per_permutation: int
                        ) -> Iterator[np.ndarray]:
    """Yield (p, n) integer arrays of permutations of ``range(n)``, in memory-bounded batches."""
    total, exact = permutation_count(n, n_permutations)
    batch = max(1, BATCH_CELLS // max(cells_per_permutation, 1))
    if exact:
        perms = np.array(list(_all_permutations(range(n))), dtype=np.intp)
        for start in range(0, total, batch):
            yield perms[start:start + batch]
        return
    rng = rng_from(seed)
    for start in range(0, total, batch):
        size = min(batch, total - start)
        yield rng.permuted(np.tile(np.arange(n, dtype=np.intp), (size, 1)), axis=1)


def cell_offsets(n: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Flat positions ``rows · n + cols`` of cells of an n × n matrix (C order)."""
    return np.asarray(rows, dtype=np.intp) * n + np.asarray(cols, dtype=np.intp)


def upper_cells(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The cells i ≤ j of an n × n matrix, for statistics of a symmetric matrix.

    Returns their flat offsets (:func:`cell_offsets`) and, for every cell of the matrix in C
    order, the position among them of the cell or its mirror: ``values[mirror]`` expands
    per-cell results back to the full n × n order.

    >>> offsets, mirror = upper_cells(2)
    >>> offsets.tolist(), mirror.tolist()
    ([0, 1, 3], [0, 1, 1, 2])
    """
    rows, cols = np.triu_indices(n)
    position = np.empty((n, n), dtype=np.intp)
    position[rows, cols] = position[cols, rows] = np.arange(len(rows))
    return cell_offsets(n, rows, cols), position.ravel()


def permuted_index(perm: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Flat positions of the cells ``offsets`` of an n × n matrix relabelled by each permutation.

    For a cell (i, j) at offset i·n + j and a permutation π the relabelled cell is
    a[π(i), π(j)], at flat position π(i)·n + π(j). The n × n × p array of these positions is
    built by broadcasting and the cells are picked from it with one ``take``: faster than
    indexing with the two arrays ``perm[:, rows]`` and ``perm[:, cols]``, and the same values.
    The result (p, m) is laid out column by column (Fortran order), as the two-index gather's
    is, so that matrix products with it (``cells @ zb``) use the same BLAS kernel and give the
    same floats as before to the last bit.

    >>> perm = np.array([[1, 0, 2]])
    >>> permuted_index(perm, cell_offsets(3, np.array([0, 0]), np.array([1, 2]))).tolist()
    [[3, 5]]
    """
    p, n = perm.shape
    nodes = np.ascontiguousarray(perm.T)                       # (n, p)
    full = nodes[:, None, :] * n + nodes[None, :, :]           # (n, n, p)
    return full.reshape(n * n, p).take(offsets, axis=0).T


def permuted_cells(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """The cells of an n × n array at the flat positions ``index`` (:func:`permuted_index`), in its layout.

    ``permuted_cells(a, permuted_index(perm, cell_offsets(n, rows, cols)))`` equals
    ``a[perm[:, rows], perm[:, cols]]`` cell for cell and in memory order.

    >>> a = np.arange(9.0).reshape(3, 3)
    >>> offsets = cell_offsets(3, np.array([0, 1]), np.array([1, 2]))
    >>> permuted_cells(a, permuted_index(np.array([[2, 1, 0]]), offsets)).tolist()
    [[7.0, 3.0]]
    """
    return np.ravel(values).take(index.T).T


def row_shuffles(values: np.ndarray, n_permutations: int, seed) -> Iterator[np.ndarray]:
    """Yield (p, r, c) batches of ``values`` with every row shuffled independently (row-shuffle null).

    The batches are laid out as ``Generator.permuted`` returns them for a broadcast input
    (strided along the rows); :func:`similarity_stack` makes its own contiguous copy.
    """
    rng = rng_from(seed)
    batch = max(1, BATCH_CELLS // max(values.size, 1))
    for start in range(0, n_permutations, batch):
        size = min(batch, n_permutations - start)
        yield rng.permuted(np.broadcast_to(values, (size, *values.shape)), axis=2)


def column_draws(n_columns: int, n_draws: int, seed) -> np.ndarray:
    """(n_draws, n_columns) column positions drawn with replacement, each row sorted (bootstrap)."""
    return np.sort(rng_from(seed).integers(0, n_columns, size=(n_draws, n_columns)), axis=1)


def shared_seed(seed) -> int:
    """A fixed integer seed, so that several statistics can reuse the same permutations.

    An int seed is returned as is; a Generator (or None) is consumed once to draw one.
    """
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, (bool, np.bool_)):
        rng_from(seed)
        return int(seed)
    return int(rng_from(seed).integers(2**63))


def _tail_counts(observed: np.ndarray, null: np.ndarray, centre) -> dict[str, np.ndarray]:
    """Per column of ``null``: how many values are at least as extreme as ``observed`` (NaN never)."""
    tol = REL_TOL * np.maximum(1.0, np.abs(observed))
    with np.errstate(invalid="ignore"):
        return {
            "two-sided": (np.abs(null - centre) >= np.abs(observed - centre) - tol).sum(axis=0),
            "greater": (null >= observed - tol).sum(axis=0),
            "less": (null <= observed + tol).sum(axis=0),
        }


def _tail_p(counts: dict[str, np.ndarray], n_valid: np.ndarray, exact: bool, alternative: str
            ) -> dict[str, np.ndarray]:
    """p-values from tail counts: count / p (exact) or (count + 1) / (p + 1) (random)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        p = {k: (v / n_valid if exact else (v + 1) / (n_valid + 1)) for k, v in counts.items()}
    return {"p_value": p[alternative], "p_greater": p["greater"], "p_less": p["less"], "n_valid": n_valid}


def tail_pvalues(observed: np.ndarray, null: np.ndarray, exact: bool = False,
                 alternative: str = "two-sided", centre: float = 0.0) -> dict[str, np.ndarray]:
    """Permutation p-values of ``observed`` (k,) against ``null`` (p, k); NaN draws left out.

    ``p_greater`` counts null values ≥ observed, ``p_less`` ≤ observed, and the two-sided
    count is |null − centre| ≥ |observed − centre|, with ``centre`` the statistic's expectation
    under the null (0 for correlations and t values, −1/(n − 1) for Moran's I). ``p_value`` is the one for ``alternative`` ("two-sided", "greater", "less").
    Ties within ``REL_TOL`` count as extreme. Exact (all permutations, identity included):
    count / p. Random: (count + 1) / (p + 1) (Phipson & Smyth 2010), never zero. ``n_valid``
    is the number of non-NaN null values per statistic (the p of the formulas).

    >>> out = tail_pvalues(np.array([2.0]), np.array([[1.0], [3.0], [-2.5]]))
    >>> out["p_greater"].tolist(), out["p_less"].tolist(), out["p_value"].tolist()
    ([0.5], [0.75], [0.75])
    """
    check_choice(alternative, ALTERNATIVES, "alternative")
    observed = np.asarray(observed, dtype=float)
    counts = _tail_counts(observed, null, centre)
    return _tail_p(counts, (~np.isnan(null)).sum(axis=0), exact, alternative)


def tail_depth(total: int, quantiles: Sequence[float]) -> tuple[int, int]:
    """How many smallest and largest of ``total`` values linear-interpolation quantiles can use.

    NumPy's default (``method="linear"``) quantile q of n sorted values x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎
    interpolates between x₍⌊h⌋₎ and x₍⌊h⌋₊₁₎ with h = (n − 1)·q, so for n ≤ ``total`` the
    quantiles q ≤ ½ need at most the ⌈(total − 1)·q⌉ + 2 smallest values and those above ½
    the ⌈(total − 1)·(1 − q)⌉ + 2 largest (one spare against rounding of h), capped at
    ``total``.

    >>> tail_depth(499, [0.025, 0.975])   # 95 % percentile interval of 499 replicates
    (15, 15)
    """
    low = [ceil((total - 1) * q) + 2 for q in quantiles if q <= 0.5]
    high = [ceil((total - 1) * (1 - q)) + 2 for q in quantiles if q > 0.5]
    return min(total, max(low, default=0)), min(total, max(high, default=0))


class ReplicateSummary:
    """Per-statistic summary of a stream of replicates, in memory independent of their number.

    Replicates arrive in batches of rows (one row per replicate, one column per statistic,
    NaN for an undefined value) through :meth:`update`; :meth:`finish` closes the stream.
    Kept per statistic (column):

    - ``n_valid``: the number of non-NaN values n;
    - mean and sum of squared deviations M₂, merged block by block with the parallel update
      of Chan, Golub & LeVeque (1979): for a block with n_b values, mean m_b and M₂,b,
      δ = m_b − m, m ← m + δ·n_b/(n + n_b), M₂ ← M₂ + M₂,b + δ²·n·n_b/(n + n_b); the standard
      deviation is √(M₂ / (n − ddof)) (:meth:`sd`);
    - with ``observed``: the tail counts of :func:`tail_pvalues` (:meth:`pvalues`);
    - with ``quantiles``: the d smallest and d largest values (:func:`tail_depth`; NaN left out),
      merged block by block with ``numpy.partition``. They hold every order statistic NumPy's
      linear-interpolation quantile uses, so :meth:`quantile` equals
      ``numpy.nanquantile(all replicates, q, axis=0)`` exactly, bit for bit, whatever the
      number of NaN per statistic.

    Memory: about (2·d + 4·b)·k values for k statistics and blocks of b replicates
    (b = ``BATCH_CELLS`` // k, at least 2·d; d ≈ total·α/2 + 2 for a 1 − α interval), plus the
    replicates themselves when ``keep_null``. Rows are merged in blocks of exactly b
    replicates whatever the batches they arrive in, so the result does not depend on how the
    replicates were batched (locally or on a cluster).

    Reference: Chan, T. F., Golub, G. H. & LeVeque, R. J. (1979). Updating formulae and a
    pairwise algorithm for computing sample variances. Stanford CS report STAN-CS-79-773.
    Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical packages. *The American
    Statistician* 50(4), 361–365 (definition 7, NumPy's default).

    Example
    -------
    >>> reps = np.array([[1.0, np.nan], [4.0, 2.0], [2.0, 6.0], [3.0, np.nan]])
    >>> s = ReplicateSummary(2, 4, quantiles=[0.25]).update(reps[:3]).update(reps[3:]).finish()
    >>> s.n_valid.tolist(), s.mean.tolist(), s.quantile(0.25).tolist()
    ([4, 2], [2.5, 4.0], [1.75, 3.0])
    >>> np.nanquantile(reps, 0.25, axis=0).tolist()
    [1.75, 3.0]
    """

    def __init__(self, cells: int, total: int, *, quantiles: Sequence[float] = (), observed=None,
                 centre: float = 0.0, keep_null: bool = False, block: int | None = None):
        self.cells, self.total = int(cells), int(total)
        self.depth_low, self.depth_high = tail_depth(self.total, quantiles)
        if block is None:
            block = max(1, BATCH_CELLS // max(self.cells, 1), 2 * max(self.depth_low, self.depth_high))
            block = min(block, max(self.total, 1))
        self.block = int(block)
        self.n_valid = np.zeros(self.cells, dtype=np.int64)
        self._mean = np.zeros(self.cells)
        self._m2 = np.zeros(self.cells)
        self._observed = None if observed is None else np.asarray(observed, dtype=float).reshape(self.cells)
        self._centre = centre
        self._counts = None if observed is None else {k: np.zeros(self.cells, dtype=np.int64)
                                                      for k in ("two-sided", "greater", "less")}
        self._low = self._tail_buffer(self.depth_low)
        self._high = self._tail_buffer(self.depth_high)
        self._block = np.empty((self.block, self.cells))       # the block being filled
        self._scratch = np.empty((self.block, self.cells))     # deviations from the block mean
        self._filled = 0
        self._kept: list[np.ndarray] | None = [] if keep_null else None
        self._finished = False

    def _tail_buffer(self, depth: int) -> np.ndarray | None:
        """Rows 0…depth−1 hold the tail (+inf where still empty); the next ``block`` rows a block."""
        return np.full((depth + self.block, self.cells), np.inf) if depth else None

    def update(self, batch: np.ndarray) -> ReplicateSummary:
        """Add a (replicates, statistics) batch; returns the summary itself."""
        if self._finished:
            raise FtzlinkError("ReplicateSummary: update after finish")
        batch = np.asarray(batch, dtype=float)
        if batch.ndim != 2 or batch.shape[1] != self.cells:
            raise FtzlinkError(f"ReplicateSummary: expected a batch of shape (replicates, {self.cells}), "
                               f"got {batch.shape}")
        start = 0
        while start < len(batch):
            rows = min(self.block - self._filled, len(batch) - start)
            self._block[self._filled:self._filled + rows] = batch[start:start + rows]
            self._filled += rows
            start += rows
            if self._filled == self.block:
                self._merge(self._block)
                self._filled = 0
        return self

    def finish(self) -> ReplicateSummary:
        """Merge the last, partial block and sort the tails; returns the summary itself."""
        if not self._finished:
            if self._filled:
                self._merge(self._block[:self._filled])
            self._low_sorted = None if self._low is None else np.sort(self._low[:self.depth_low], axis=0)
            self._high_sorted = None if self._high is None else np.sort(self._high[:self.depth_high], axis=0)
            self._finished = True
        return self

    def _merge(self, values: np.ndarray) -> None:
        b = len(values)
        dev = self._scratch[:b]
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            sums = values.sum(axis=0)
            nan = None if np.isfinite(sums).all() else np.isnan(values)     # finite sums: no NaN
            if nan is None or not nan.any():
                nan = None
                n_b = np.full(self.cells, b, dtype=np.int64)
                mean_b = sums / b
                np.subtract(values, mean_b, out=dev)
            else:
                n_b = b - nan.sum(axis=0)
                np.copyto(dev, values)
                dev[nan] = 0.0
                mean_b = np.divide(dev.sum(axis=0), n_b, out=np.zeros(self.cells), where=n_b > 0)
                np.subtract(dev, mean_b, out=dev)
                dev[nan] = 0.0
            m2_b = np.einsum("ij,ij->j", dev, dev)
            n_old = self.n_valid
            n_new = n_old + n_b
            share = np.divide(n_b, n_new, out=np.zeros(self.cells), where=n_new > 0)
            delta = mean_b - self._mean
            self._mean += delta * share
            self._m2 += m2_b + delta * delta * n_old * share
        self.n_valid = n_new
        if self._counts is not None:
            for key, count in _tail_counts(self._observed, values, self._centre).items():
                self._counts[key] += count
        for buffer, depth, sign in ((self._low, self.depth_low, 1.0), (self._high, self.depth_high, -1.0)):
            if buffer is None:
                continue
            work = buffer[:depth + b]
            np.multiply(values, sign, out=work[depth:])
            if nan is not None:
                work[depth:][nan] = np.inf
            work.partition(depth - 1, axis=0)
        if self._kept is not None:
            self._kept.append(values.copy())

    @property
    def mean(self) -> np.ndarray:
        """Mean of the non-NaN values of each statistic (NaN where there are none)."""
        return np.where(self.n_valid > 0, self._mean, np.nan)

    def sd(self, ddof: int = 1) -> np.ndarray:
        """Standard deviation √(M₂ / (n − ddof)); NaN where n ≤ ddof."""
        denominator = self.n_valid - ddof
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(denominator > 0, np.sqrt(self._m2 / np.maximum(denominator, 1)), np.nan)

    def pvalues(self, exact: bool = False, alternative: str = "two-sided") -> dict[str, np.ndarray]:
        """The p-values of :func:`tail_pvalues` from the streamed counts (needs ``observed``)."""
        if self._counts is None:
            raise FtzlinkError("ReplicateSummary: p-values need the observed statistics (observed=)")
        check_choice(alternative, ALTERNATIVES, "alternative")
        return _tail_p(self._counts, self.n_valid, exact, alternative)

    @property
    def null(self) -> np.ndarray | None:
        """All replicates (replicates, statistics) when ``keep_null`` was set, else None."""
        if self._kept is None:
            return None
        return np.concatenate(self._kept) if self._kept else np.empty((0, self.cells))

    def _order_statistic(self, i: np.ndarray) -> np.ndarray:
        """x₍ᵢ₎ per statistic (0-based, ascending among the non-NaN values), from the kept tails."""
        n = self.n_valid
        from_low = i < self.depth_low
        from_top = n - 1 - i
        if not np.all(from_low | (from_top < self.depth_high) | (n == 0)):
            raise FtzlinkError("ReplicateSummary: quantile outside the kept tails; pass it in quantiles=")
        out = np.full(self.cells, np.nan)
        if self.depth_low:
            low = np.take_along_axis(self._low_sorted, np.minimum(i, self.depth_low - 1)[None, :], axis=0)[0]
            out = np.where(from_low, low, out)
        if self.depth_high:
            top = np.clip(from_top, 0, self.depth_high - 1)
            high = -np.take_along_axis(self._high_sorted, top[None, :], axis=0)[0]
            out = np.where(from_low, out, high)
        return out

    def quantile(self, q: float) -> np.ndarray:
        """``numpy.nanquantile(replicates, q, axis=0)`` (linear interpolation), from the kept tails.

        With n non-NaN values: h = (n − 1)·q (NumPy's virtual index),
        result x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋₊₁₎ − x₍⌊h⌋₎), computed with NumPy's own order of
        operations; NaN for a statistic without values.
        """
        if not self._finished:
            raise FtzlinkError("ReplicateSummary: call finish() before quantile()")
        n = self.n_valid
        with np.errstate(invalid="ignore", over="ignore"):
            virtual = (n - 1) * q                             # numpy's virtual index for method='linear'
            floor = np.floor(virtual)
            above, below = virtual >= n - 1, virtual < 0
            previous = np.where(above, n - 1, np.where(below, 0, floor)).astype(np.intp)
            following = np.where(above, n - 1, np.where(below, 0, floor + 1)).astype(np.intp)
            gamma = virtual - np.where(above, -1, np.where(below, 0, floor))
            a, b = self._order_statistic(np.maximum(previous, 0)), self._order_statistic(np.maximum(following, 0))
            diff = b - a
            result = np.where(gamma >= 0.5, b - diff * (1 - gamma), a + diff * gamma)
        return np.where(n > 0, result, np.nan)


def _shares(x: np.ndarray) -> np.ndarray:
    """Row shares along the last axis, each row first divided by its largest value (as row_shares)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        scaled = x / x.max(axis=-1, keepdims=True)
        return scaled / scaled.sum(axis=-1, keepdims=True)


def _gram(u: np.ndarray) -> np.ndarray:
    """u @ uᵀ for each matrix of a (b, r, i) stack.

    Large matrices go one at a time, where NumPy uses the symmetric rank-k update (about
    twice as fast and exactly symmetric, as :func:`ftzlink.similarity`); small ones in one
    batched product.
    """
    if u.shape[1] < GRAM_LOOP_ROWS:
        return np.matmul(u, u.transpose(0, 2, 1))
    out = np.empty((u.shape[0], u.shape[1], u.shape[1]), dtype=u.dtype)
    for k, matrix in enumerate(u):
        np.matmul(matrix, matrix.T, out=out[k])
    return out


def _cosine_stack(v: np.ndarray, undefined: np.ndarray, top: np.ndarray | None = None) -> np.ndarray:
    """Cosine of every pair of rows of each matrix of ``v``; rows flagged ``undefined`` NaN, diagonal 1.

    The arithmetic of :func:`ftzlink.similarity`'s cosine, with fewer full-size temporaries:
    ``top`` = max |v| per row (given, or max(max v, −min v)), unit vectors divided in place.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        if top is None:
            top = np.maximum(v.max(axis=2, keepdims=True), -v.min(axis=2, keepdims=True))
        v = v / top
    v[undefined] = 0.0
    norms = np.sqrt(np.einsum("bij,bij->bi", v, v))
    norms[undefined] = 1.0
    unit = np.divide(v, norms[:, :, None], out=v)
    unit[undefined] = 0.0
    cos = _gram(unit)
    np.clip(cos, -1.0, 1.0, out=cos)
    diagonal = np.arange(cos.shape[1])
    cos[:, diagonal, diagonal] = 1.0
    which, rows = np.nonzero(undefined)
    cos[which, rows, :] = np.nan
    cos[which, :, rows] = np.nan
    return cos


def similarity_stack(x: np.ndarray, method: str) -> np.ndarray:
    """:func:`ftzlink.similarity` of every region × industry matrix of a (b, r, i) stack → (b, r, r).

    Same formulas, zero handling and clipping as :func:`ftzlink.similarity` (``cosine``,
    ``pearson``: Σ_i u_ri u_qi of unit share vectors; ``krugman``: Σ_i |s_ri − s_qi|;
    ``finger_kreinin``: 1 − krugman / 2; ``jaccard``: |A_r ∩ A_q| / |A_r ∪ A_q|), computed for
    the whole stack with batched matrix products (Krugman matrix by matrix, with the kernel of
    ``similarity`` itself).
    Equal to the one-matrix function up to floating-point rounding (Jaccard exactly).
    ``x`` must be non-negative and finite (as ``similarity`` checks).

    >>> x = np.array([[[3.0, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]]])
    >>> similarity_stack(x, "krugman")[0, 0].tolist()
    [0.0, 1.0, 1.5]
    >>> similarity_stack(x, "jaccard")[0, 0].round(6).tolist()
    [1.0, 0.666667, 0.25]
    """
    check_choice(method, SIMILARITY_METHODS, "method")
    x = np.asarray(x, dtype=float)
    if min(abs(x.strides[1]), abs(x.strides[2])) != x.itemsize:
        x = np.ascontiguousarray(x)        # matrices neither row- nor column-major (row shuffles)
    if method == "jaccard":
        present = (x > 0).astype(np.float32 if x.shape[2] < 2**24 else float)   # exact integer counts
        shared = _gram(present).astype(float)
        size = present.sum(axis=2, dtype=float)
        union = size[:, :, None] + size[:, None, :] - shared
        with np.errstate(divide="ignore", invalid="ignore"):
            return shared / union
    if method == "cosine":
        top = x.max(axis=2, keepdims=True)            # x ≥ 0: max |x|, and 0 only for an all-zero row
        return _cosine_stack(x, top[:, :, 0] == 0, top)
    empty = x.sum(axis=2) == 0
    shares = np.where(empty[:, :, None], 0.0, _shares(x))
    if method == "pearson":
        centred = shares - shares.mean(axis=2, keepdims=True)
        constant = np.linalg.norm(centred, axis=2) <= CONSTANT_RTOL * np.linalg.norm(shares, axis=2)
        return _cosine_stack(centred, empty | constant)
    out = np.empty((x.shape[0], x.shape[1], x.shape[1]))
    for b, (s, gone) in enumerate(zip(shares, empty)):
        out[b] = krugman_distances(s, gone)
    if method == "finger_kreinin":
        np.clip(1.0 - out / 2.0, 0.0, 1.0, out=out)
    return out
