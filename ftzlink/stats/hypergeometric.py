"""Exact null for positioning overlap: the hypergeometric probability of sharing ≥ k industries.

If zone A lists n_a industries and zone B lists n_b, each drawn without regard to the other
from a vocabulary of N industries, the number X of industries they share is hypergeometric,

    P(X = j) = C(n_a, j) · C(N − n_a, n_b − j) / C(N, n_b),

and the p-value of an observed overlap k is P(X ≥ k) = Σ_{j ≥ k} P(X = j). A small value says
the two zones' lists overlap more than chance (homogeneous positioning, 同质化).

Reference: Fisher's exact test / the hypergeometric law, e.g. Rice, J. A. (2007),
*Mathematical Statistics and Data Analysis*, §1.4; used for gene-set and list overlap since
Tavazoie et al. (1999), *Nature Genetics* 22, 281–285.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import hypergeom

from ftzlink.checks import check_matrix
from ftzlink.errors import FtzlinkError


def _counts(value, name: str) -> np.ndarray:
    raw = np.asarray(value)
    if raw.dtype.kind not in "iuf":
        raise FtzlinkError(f"{name}: expected non-negative whole numbers, got {value!r} ({type(value).__name__})")
    arr = raw.astype(float)
    if not np.isfinite(arr).all() or (arr < 0).any() or (arr != np.round(arr)).any():
        raise FtzlinkError(f"{name}: expected non-negative whole numbers, got {value!r}")
    return arr.astype(np.int64)


def overlap_pvalue(shared, n_a, n_b, n_vocabulary):
    """Probability that two random lists of sizes n_a and n_b share at least ``shared`` items.

    P(X ≥ shared) for X ~ Hypergeometric(N = n_vocabulary, n_a, n_b), i.e.
    Σ_{j ≥ shared} C(n_a, j) C(N − n_a, n_b − j) / C(N, n_b). Arguments broadcast (NumPy
    rules); a float is returned for scalar input. Raises FtzlinkError for sizes that are not
    whole numbers (text and booleans included), lists longer than the vocabulary or an overlap
    larger than either list.

    Reference: the hypergeometric tail (one-sided Fisher exact test).

    Example
    -------
    Two zones list 3 and 4 of 10 industries and share 2:
    P = [C(3,2)·C(7,2) + C(3,3)·C(7,1)] / C(10,4) = (63 + 7) / 210 = 1/3.

    >>> round(overlap_pvalue(2, 3, 4, 10), 12)
    0.333333333333
    """
    k, a, b, big_n = (_counts(v, name) for v, name in
                      ((shared, "shared"), (n_a, "n_a"), (n_b, "n_b"), (n_vocabulary, "n_vocabulary")))
    k, a, b, big_n = np.broadcast_arrays(k, a, b, big_n)
    for size, name in ((a, "n_a"), (b, "n_b")):
        if (size > big_n).any():
            raise FtzlinkError(f"{name}: a list of {size[size > big_n].flat[0]} items exceeds the vocabulary "
                               f"of {big_n[size > big_n].flat[0]} (n_vocabulary)")
    if (k > np.minimum(a, b)).any():
        i = np.argmax(k > np.minimum(a, b))
        raise FtzlinkError(f"shared: {k.flat[i]} shared items but the lists have {a.flat[i]} and {b.flat[i]} items")
    p = hypergeom.sf(k - 1, big_n, a, b)
    return float(p) if p.ndim == 0 else p


def overlap_pvalue_matrix(mat: pd.DataFrame, n_vocabulary: int | None = None) -> pd.DataFrame:
    """Zone × zone matrix of hypergeometric overlap p-values from a binary zone × industry matrix.

    shared_rq = (M Mᵀ)_rq, list sizes n_r = Σ_i M_ri, vocabulary N = number of columns unless
    ``n_vocabulary`` (≥ number of columns) is given — pass it when the matrix only holds the
    industries that occur in some list. Cell (r, q) is :func:`overlap_pvalue` (shared_rq, n_r,
    n_q, N); the diagonal is NaN (a zone is not tested against itself). Vectorised with
    ``scipy.stats.hypergeom``.

    Example
    -------
    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1]], index=["a", "b", "c"],
    ...                  columns=["i1", "i2", "i3", "i4"])
    >>> overlap_pvalue_matrix(m).loc["a", "b"]  # 1 / C(4, 2)
    np.float64(0.16666666666666666)
    """
    values = check_matrix(mat, "mat", binary=True).to_numpy()
    big_n = values.shape[1] if n_vocabulary is None else n_vocabulary
    if _counts(big_n, "n_vocabulary") < values.shape[1]:
        raise FtzlinkError(f"n_vocabulary: {big_n} is smaller than the {values.shape[1]} industries in mat")
    shared = values @ values.T
    sizes = values.sum(axis=1)
    p = hypergeom.sf(shared - 1, big_n, sizes[:, None], sizes[None, :])
    np.fill_diagonal(p, np.nan)
    return pd.DataFrame(p, index=mat.index, columns=mat.index)
