"""Pairwise structural similarity and overlap between regions (region × region, symmetric).

All methods compare regions' industry share vectors s_r = x_r / x_r. (or, for Jaccard, the sets
of industries a region is active in) and return a symmetric region × region DataFrame labelled
by ``mat``'s index on both axes.

Zero handling, common to all: a region whose row is all zero has no structure to compare, so
its row and column are NaN (for Jaccard: only pairs of two empty sets are NaN; an empty set
against a non-empty one has overlap 0). A single region gives a 1 × 1 matrix.

Examples below use::

    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]],
    ...                    index=["r1", "r2", "r3"], columns=["a", "b", "c", "d"])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice
from ftzlink.indices._kernels import CONSTANT_RTOL, as_array, binary_gram, krugman_distances, row_shares
from ftzlink.vocabulary import SIMILARITY_METHODS


def _cosine(v: np.ndarray, undefined: np.ndarray) -> np.ndarray:
    """Cosine of every pair of rows of ``v``; rows flagged ``undefined`` give NaN, diagonal 1."""
    with np.errstate(divide="ignore", invalid="ignore"):
        v = v / np.abs(v).max(axis=1, keepdims=True)   # scale rows first: squares neither overflow nor vanish
    v[undefined] = 0.0
    norms = np.sqrt(np.einsum("ij,ij->i", v, v))
    norms[undefined] = 1.0
    unit = v / norms[:, None]
    unit[undefined] = 0.0
    cos = unit @ unit.T  # NumPy computes A @ A.T with a symmetric rank-k update (exactly symmetric)
    np.clip(cos, -1.0, 1.0, out=cos)
    np.fill_diagonal(cos, 1.0)
    cos[undefined, :] = np.nan
    cos[:, undefined] = np.nan
    return cos


def _finger_kreinin(s: np.ndarray, empty: np.ndarray) -> np.ndarray:
    """1 − ½ Σ_i |s_ri − s_qi| (= Σ_i min(s_ri, s_qi)) for every pair of rows, computed in the Krugman array."""
    d = krugman_distances(s, empty)
    d *= -0.5
    d += 1.0
    np.clip(d, 0.0, 1.0, out=d)
    return d


def similarity(mat: pd.DataFrame, method: str = "cosine") -> pd.DataFrame:
    """Structural similarity (or, for ``krugman``, dissimilarity) of every pair of regions.

    Methods (s = industry shares of a region):

    - ``cosine`` (产业结构相似系数, UNIDO): Σ_i s_ri s_qi / sqrt(Σ s_ri² · Σ s_qi²); range [0, 1],
      diagonal 1.
    - ``krugman``: Σ_i |s_ri − s_qi|; range [0, 2], diagonal 0 (a dissimilarity). Krugman (1991).
    - ``finger_kreinin``: Σ_i min(s_ri, s_qi) = 1 − krugman / 2; range [0, 1], diagonal 1.
      Finger & Kreinin (1979).
    - ``jaccard``: |A_r ∩ A_q| / |A_r ∪ A_q| of the sets of industries with a non-zero value;
      same as :func:`overlap`.
    - ``pearson``: correlation of s_r and s_q; range [−1, 1], diagonal 1; NaN for a region whose
      shares are all equal (including the case of a single industry).

    Zeros: an all-zero row gives NaN in its row and column. Values are clipped to their range to
    remove floating-point overshoot (at most a few ulps). ``krugman`` and ``finger_kreinin`` on
    large matrices (regions² × industries ≥ 2**25) run a compiled kernel on all cores; the first
    such call in a session loads it (about a second; longer the very first time, when numba
    compiles it and caches it on disk).
    Reference: UNIDO structural similarity coefficient; Krugman (1991); Finger & Kreinin (1979);
    Jaccard (1912).

    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> similarity(mat).round(6).loc["r2"].tolist()
    [0.516398, 1.0, 0.5]
    >>> similarity(mat, "krugman").loc["r1"].tolist()
    [0.0, 1.0, 1.5]
    >>> similarity(mat, "finger_kreinin").loc["r1"].tolist()
    [1.0, 0.5, 0.25]
    """
    check_choice(method, SIMILARITY_METHODS, "similarity: method")
    if method == "jaccard":
        return overlap(mat)
    x = as_array(mat, "mat")
    empty = x.sum(axis=1) == 0
    if method == "cosine":
        values = _cosine(x, empty)
    elif method == "pearson":
        s = np.where(empty[:, None], 0.0, row_shares(x))
        centred = s - s.mean(axis=1, keepdims=True)
        constant = np.linalg.norm(centred, axis=1) <= CONSTANT_RTOL * np.linalg.norm(s, axis=1)
        values = _cosine(centred, empty | constant)
    else:
        s = row_shares(x)
        s[empty] = 0.0  # NaN shares of all-zero rows: zeroed here rather than copied by krugman_distances
        values = krugman_distances(s, empty) if method == "krugman" else _finger_kreinin(s, empty)
    return pd.DataFrame(values, index=mat.index, columns=mat.index, copy=False)


def overlap(mat: pd.DataFrame) -> pd.DataFrame:
    """Jaccard overlap (同质化) of the industry sets of every pair of regions.

    A_r = {i : x_ri > 0} — a positioning list, or the RCA set if ``mat`` is
    ``location_quotient(..., binary=True)``. J_rq = |A_r ∩ A_q| / |A_r ∪ A_q|; range [0, 1],
    diagonal 1. Zeros: two empty sets (all-zero rows) give NaN, including an empty region's own
    diagonal cell; an empty set against a non-empty one gives 0. Computed with sparse products
    when the pattern is sparse. Reference: Jaccard (1912); van Eck & Waltman (2009).

    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> overlap(mat).loc["r1"].tolist()
    [1.0, 0.6666666666666666, 0.25]
    """
    present = (as_array(mat, "mat") > 0).astype(float)
    shared = binary_gram(present)
    size = present.sum(axis=1)
    union = size[:, None] + size[None, :] - shared
    with np.errstate(divide="ignore", invalid="ignore"):
        values = shared / union
    return pd.DataFrame(values, index=mat.index, columns=mat.index, copy=False)


__all__ = ["overlap", "similarity"]
