"""Array kernels shared by the index modules: shares, location quotients, presence, 0/1 products.

Public functions validate their labelled inputs with :mod:`ftzlink.checks` and then work on
plain float arrays through these helpers; nothing here knows about labels except
:func:`square_matrix` and :func:`reference_shares`, which align a second input to the first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from ftzlink.checks import check_flag, check_matrix, check_same_labels, check_vector, preview
from ftzlink.errors import FtzlinkError
from ftzlink.indices._pairwise_l1 import l1_distances

#: Location quotients within this relative distance of 1 count as LQ = 1 (a tie, i.e. presence).
#: Exact ties such as a region whose structure equals the reference come out of floating-point
#: division a few ulps below 1 about one time in five; 1e-9 absorbs that and nothing else.
TIE_RTOL = 1e-9

#: 0/1 matrices with at most this share of ones go through scipy.sparse; denser ones use BLAS.
SPARSE_DENSITY = 0.05

#: A centred share vector shorter than this (relative to the uncentred one) is constant: its
#: Pearson correlation is undefined, not the ±1 that rounding noise would produce.
CONSTANT_RTOL = 1e-12


def as_array(mat: pd.DataFrame, name: str, *, binary: bool = False) -> np.ndarray:
    """Validate a region × industry matrix (see check_matrix) and return its float values."""
    return check_matrix(mat, name, binary=binary).to_numpy()


def row_shares(x: np.ndarray) -> np.ndarray:
    """s_ri = x_ri / x_r. ; an all-zero row gives a row of NaN (its shares are undefined).

    Each row is first divided by its largest value, so the row sum cannot overflow (values
    near 1e308) or vanish (values near 1e-308): shares are the same for any common scale.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        scaled = x / x.max(axis=1, keepdims=True)
        return scaled / scaled.sum(axis=1, keepdims=True)


def reference_shares(reference: pd.Series, columns: pd.Index, name: str = "reference") -> np.ndarray:
    """Align a reference vector (e.g. national totals by industry) to ``columns``; return shares."""
    values = check_vector(reference, columns, name, "mat columns")
    return values / values.sum()


def pooled_shares(x: np.ndarray) -> np.ndarray:
    """S_i = x_.i / x.. , the industry shares of all regions pooled (NaN if the matrix is all zero)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        totals = (x / x.max()).sum(axis=0)   # scaled first: no overflow for values near 1e308
        return totals / totals.sum()


def lq_array(x: np.ndarray, ref: np.ndarray | None, columns: pd.Index) -> np.ndarray:
    """LQ_ri = (x_ri / x_r.) / S_i with S the pooled shares or ``ref``; 0/0 cells give 0.

    Computed in the same order of operations as py-ecomplexity's RCA, so both give identical
    floats. Raises when a reference share is 0 for an industry the matrix has activity in.
    """
    shares = pooled_shares(x) if ref is None else ref
    if ref is not None:
        impossible = (ref == 0) & (x.sum(axis=0) > 0)
        if impossible.any():
            raise FtzlinkError(
                f"reference is zero for industry(ies) with activity in mat: {preview(columns[impossible])}; "
                "their location quotient would be infinite"
            )
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = (x / x.sum(axis=1, keepdims=True)) / shares
    lq[~np.isfinite(lq)] = 0.0
    return lq


def presence_array(mat: pd.DataFrame, rca: bool, reference: pd.Series | None, name: str = "mat") -> np.ndarray:
    """The 0/1 presence matrix M: LQ ≥ 1 (ties included) when ``rca``, else ``mat`` itself (must be 0/1)."""
    if not check_flag(rca, "rca"):
        if reference is not None:
            raise FtzlinkError("reference is only used with rca=True (it defines the location quotient)")
        return as_array(mat, name, binary=True)
    x = as_array(mat, name)
    ref = None if reference is None else reference_shares(reference, mat.columns)
    return (lq_array(x, ref, mat.columns) >= 1.0 - TIE_RTOL).astype(float)


def operand(m: np.ndarray) -> np.ndarray | sparse.csr_array:
    """``m`` as a CSR array when it is sparse (share of non-zeros ≤ SPARSE_DENSITY), else as is."""
    if np.count_nonzero(m) <= SPARSE_DENSITY * m.size:
        return sparse.csr_array(m)
    return m


def binary_gram(m: np.ndarray) -> np.ndarray:
    """m @ m.T as a dense float array: for 0/1 rows, the number of ones each pair of rows shares.

    Dense products run in float32 (twice as fast) when fewer than 2**24 terms are summed, so that
    every count is an exactly representable integer.
    """
    op = operand(m)
    if sparse.issparse(op):
        return (op @ op.T).toarray().astype(float)
    if m.shape[1] < 2**24:
        m = m.astype(np.float32)
    return (m @ m.T).astype(float)


def square_matrix(df: pd.DataFrame, name: str, labels: pd.Index, against: str) -> np.ndarray:
    """Validate a square industry × industry matrix whose rows and columns carry ``labels``.

    Rows and columns are reordered to ``labels``; a label set that differs raises FtzlinkError
    naming the labels found on one side only.
    """
    check_matrix(df, name)
    rows, cols = pd.Series(index=df.index, dtype=float), pd.Series(index=df.columns, dtype=float)
    check_same_labels(rows, cols, "index", (f"{name} rows", f"{name} columns"))
    check_same_labels(rows, pd.Series(index=labels, dtype=float), "index", (name, against))
    return df.loc[labels, labels].to_numpy(dtype=float, copy=True)


def krugman_distances(s: np.ndarray, empty: np.ndarray) -> np.ndarray:
    """Σ_i |s_ri − s_qi| for every pair of rows of the shares ``s``; rows flagged ``empty`` give NaN.

    Computed by :func:`ftzlink.indices._pairwise_l1.l1_distances` (compiled and parallel for
    large matrices); the result is the only region × region array allocated. ``s`` is copied
    only when an empty row holds anything but zeros (e.g. the NaN shares of an all-zero row).
    The one Krugman kernel of :func:`ftzlink.similarity` and of its resampled versions.

    >>> krugman_distances(np.array([[0.5, 0.5], [1.0, 0.0], [0.0, 0.0]]), np.array([False, False, True]))
    array([[ 0.,  1., nan],
           [ 1.,  0., nan],
           [nan, nan, nan]])
    """
    if empty.any() and not (s[empty] == 0).all():
        s = np.where(empty[:, None], 0.0, s)
    d = l1_distances(s)
    np.minimum(d, 2.0, out=d)
    d[empty, :] = np.nan
    d[:, empty] = np.nan
    return d
