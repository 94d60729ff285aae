"""Resampling: the one home of seeds, permutation batches, bootstrap draws and tail p-values.

Used by QAP, MRQAP, Mantel and Moran's I (node permutations), the row-shuffle null of
:func:`ftzlink.stats.permutation_pvalues` and :func:`ftzlink.stats.bootstrap_ci`.

- Seeds: every random function takes ``seed`` (int ≥ 0, ``numpy.random.Generator`` or None)
  and draws from ``numpy.random.default_rng(seed)`` (:func:`rng_from`): the same seed gives
  identical output.
- Batches: permuted or resampled copies are made in batches of at most ``BATCH_CELLS``
  values, so memory does not grow with the number of replicates.
- Exact tests: with ``n_permutations="all"`` every permutation of n ≤ 8 nodes is enumerated.
- Tail p-values (:func:`tail_pvalues`): one-sided in both directions and two-sided, with the
  tail a test reports named in its ``alternative`` column.

>>> bool(rng_from(7).integers(10) == rng_from(7).integers(10))
True
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import permutations as _all_permutations
from math import factorial

import numpy as np

from ftzlink.checks import check_choice
from ftzlink.errors import FtzlinkError
from ftzlink.vocabulary import ALTERNATIVES

MAX_EXACT_NODES = 8          # 8! = 40 320 permutations
BATCH_CELLS = 2**22          # permuted values held in memory at once (≈ 32 MB of float64)
REL_TOL = 1e-10              # permuted statistics within this relative distance count as ties


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


def row_shuffles(values: np.ndarray, n_permutations: int, seed) -> Iterator[np.ndarray]:
    """Yield (p, r, c) batches of ``values`` with every row shuffled independently (row-shuffle null)."""
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
    tol = REL_TOL * np.maximum(1.0, np.abs(observed))
    with np.errstate(invalid="ignore"):
        counts = {
            "two-sided": (np.abs(null - centre) >= np.abs(observed - centre) - tol).sum(axis=0),
            "greater": (null >= observed - tol).sum(axis=0),
            "less": (null <= observed + tol).sum(axis=0),
        }
    n_valid = (~np.isnan(null)).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = {k: (v / n_valid if exact else (v + 1) / (n_valid + 1)) for k, v in counts.items()}
    return {"p_value": p[alternative], "p_greater": p["greater"], "p_less": p["less"], "n_valid": n_valid}
