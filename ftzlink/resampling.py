"""Batches of node permutations and permutation p-values (shared by QAP, MRQAP, Mantel, Moran).

Random permutations come from a :class:`numpy.random.Generator` built with
``numpy.random.default_rng(seed)``, so the same seed gives the same permutations. With
``n_permutations="all"`` every permutation of the n nodes is enumerated (n ≤ 8) and the
p-values are exact.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import permutations as _all_permutations
from math import factorial

import numpy as np

from ftzlink.errors import FtzlinkError

MAX_EXACT_NODES = 8          # 8! = 40 320 permutations
BATCH_CELLS = 2**22          # permuted values held in memory at once (≈ 32 MB of float64)
REL_TOL = 1e-10              # permuted statistics within this relative distance count as ties


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
    rng = np.random.default_rng(seed)
    for start in range(0, total, batch):
        size = min(batch, total - start)
        yield rng.permuted(np.tile(np.arange(n, dtype=np.intp), (size, 1)), axis=1)


def shared_seed(seed) -> int:
    """A fixed integer seed, so that several statistics can reuse the same permutations.

    An int seed is returned as is; a Generator (or None) is consumed once to draw one.
    """
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        return int(seed)
    return int(np.random.default_rng(seed).integers(2**63))


def tail_pvalues(observed: np.ndarray, null: np.ndarray, exact: bool) -> dict[str, np.ndarray]:
    """One- and two-sided permutation p-values of ``observed`` (k,) against ``null`` (p, k).

    ``p_greater`` counts null values ≥ observed, ``p_less`` ≤ observed, ``p_value`` counts
    abs(null) ≥ abs(observed). Exact (all permutations, identity included): count / p.
    Random: (count + 1) / (p + 1) (Phipson & Smyth 2010), never zero.
    """
    observed = np.asarray(observed, dtype=float)
    tol = REL_TOL * np.maximum(1.0, np.abs(observed))
    counts = {
        "p_value": (np.abs(null) >= np.abs(observed) - tol).sum(axis=0),
        "p_greater": (null >= observed - tol).sum(axis=0),
        "p_less": (null <= observed + tol).sum(axis=0),
    }
    p = null.shape[0]
    if exact:
        return {k: v / p for k, v in counts.items()}
    return {k: (v + 1) / (p + 1) for k, v in counts.items()}
