"""Multiple-testing control: Benjamini–Hochberg adjusted p-values (q-values).

Index studies test many zones, industries or zone pairs at once; at the 5 % level about one
test in twenty rejects by chance. The Benjamini–Hochberg (BH) step-up procedure controls the
false discovery rate (the expected share of false rejections among all rejections) for
independent or positively dependent tests. Its adjusted p-values are

    q_(i) = min_{k ≥ i} min(1, m · p_(k) / k),

with p_(1) ≤ … ≤ p_(m) the m p-values of one family in increasing order. Rejecting every test
with q ≤ α is the BH procedure at level α. Tied p-values get the same q-value.

- :func:`bh_qvalues` adjusts a Series, a DataFrame (all non-NaN cells form one family) or a
  1-D array and returns the same type with the same labels.
- :func:`pair_qvalues` adjusts a region × region p-value matrix over its off-diagonal pairs,
  counting each unordered pair once when the matrix is symmetric.

Reference: Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a
practical and powerful approach to multiple testing. *Journal of the Royal Statistical
Society, Series B* 57(1), 289–300. Same values as ``statsmodels.stats.multitest.multipletests``
with ``method="fdr_bh"`` on the non-missing p-values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ftzlink.checks import check_flag, check_labelled_numeric, preview
from ftzlink.errors import FtzlinkError
from ftzlink.pairs import check_pairs, check_symmetric


def _bh(p: np.ndarray) -> np.ndarray:
    """BH q-values of a 1-D array of p-values in [0, 1] without NaN (same order as ``p``)."""
    m = p.size
    if m == 0:
        return p.astype(float)
    order = np.argsort(p, kind="mergesort")
    ranked = p[order] / (np.arange(1, m + 1) / m)  # m p_(k) / k, written as statsmodels does
    q_sorted = np.minimum.accumulate(ranked[::-1])[::-1]
    np.minimum(q_sorted, 1.0, out=q_sorted)
    q = np.empty(m)
    q[order] = q_sorted
    return q


def _adjust_finite(values: np.ndarray) -> np.ndarray:
    """BH over the non-NaN entries of ``values`` (any shape); NaN stay NaN."""
    out = np.full(values.shape, np.nan)
    keep = ~np.isnan(values)
    out[keep] = _bh(values[keep])
    return out


def _check_range(values: np.ndarray, where) -> None:
    """Raise unless every non-NaN value lies in [0, 1]; ``where(k)`` names the flat position k."""
    bad = ~np.isnan(values) & ~((values >= 0) & (values <= 1))
    if bad.any():
        k = int(np.flatnonzero(bad.ravel())[0])
        raise FtzlinkError(
            f"pvalues: {int(bad.sum())} value(s) outside [0, 1], first {values.flat[k]:g} at {where(k)}; "
            f"p-values must be probabilities (NaN marks an untested cell)"
        )


def _reject_bool(dtypes: pd.Series | list, labels, what: str) -> None:
    bools = [label for label, dtype in zip(labels, dtypes) if pd.api.types.is_bool_dtype(dtype)]
    if bools:
        raise FtzlinkError(f"pvalues: boolean {what}(s) {preview(bools)}; expected p-values (floats in [0, 1])")


def bh_qvalues(pvalues):
    """Benjamini–Hochberg adjusted p-values (q-values) of one family of tests.

    Parameters
    ----------
    pvalues : pandas.Series, pandas.DataFrame or 1-D numpy.ndarray
        P-values in [0, 1]. NaN marks an untested cell: it is left out of the family and stays
        NaN. For a DataFrame, **all** non-NaN cells form one family of m tests. For a square
        region × region matrix of pair tests the caller decides which cells are hypotheses: the
        diagonal usually holds no test (a 0, a 1 or NaN), and any non-NaN value there joins the
        family and changes m; a symmetric matrix holds every pair twice, which BH happens to
        tolerate (duplicating every p-value leaves the q-values unchanged) but which misstates
        m. Pass such a matrix through :func:`pair_qvalues`, or set the diagonal (and one
        triangle) to NaN first.

    Returns
    -------
    Same type as ``pvalues``
        q-values with the same labels (and Series name), as floats; NaN where the input is NaN.

    Notes
    -----
    With p_(1) ≤ … ≤ p_(m) the sorted non-missing p-values,

        q_(i) = min_{k ≥ i} min(1, m · p_(k) / k).

    Range: q ∈ [0, 1] and q_i ≥ p_i; the ordering of the p-values is kept and tied p-values get
    equal q-values. Zeros: p = 0 gives q = 0; an input with no non-NaN value is returned as all
    NaN (m = 0, nothing to adjust). Raises FtzlinkError for another type, a 2-D array,
    non-numeric or boolean values, values outside [0, 1] (including ±inf), or repeated labels.

    References
    ----------
    Benjamini, Y. & Hochberg, Y. (1995), *JRSS B* 57(1), 289–300.

    Examples
    --------
    p = (0.01, 0.04, 0.03, 0.005), m = 4. Sorted: 0.005, 0.01, 0.03, 0.04 give m p / k =
    0.02, 0.02, 0.04, 0.04, already non-decreasing, so these are the q-values.

    >>> p = pd.Series([0.01, 0.04, 0.03, 0.005], index=["a", "b", "c", "d"])
    >>> bh_qvalues(p).round(6).tolist()
    [0.02, 0.04, 0.04, 0.02]
    >>> bh_qvalues(np.array([0.01, np.nan, 0.04])).round(6).tolist()  # m = 2
    [0.02, nan, 0.04]
    """
    if isinstance(pvalues, pd.DataFrame):
        check_labelled_numeric(pvalues, "pvalues", shape="tests")
        _reject_bool(pvalues.dtypes, pvalues.columns, "column")
        values = pvalues.to_numpy(dtype=float, na_value=np.nan)
        _check_range(values, lambda k: "row {!r}, column {!r}".format(
            pvalues.index[k // values.shape[1]], pvalues.columns[k % values.shape[1]]))
        return pd.DataFrame(_adjust_finite(values), index=pvalues.index.copy(), columns=pvalues.columns.copy())
    if isinstance(pvalues, pd.Series):
        if pd.api.types.is_bool_dtype(pvalues.dtype) or not pd.api.types.is_numeric_dtype(pvalues.dtype):
            raise FtzlinkError(f"pvalues: expected numeric p-values, got a Series of dtype {pvalues.dtype}")
        if pvalues.index.has_duplicates:
            raise FtzlinkError(f"pvalues: duplicate label(s) {preview(pvalues.index[pvalues.index.duplicated()])}; "
                               f"each test needs its own label")
        values = pvalues.to_numpy(dtype=float, na_value=np.nan)
        _check_range(values, lambda k: f"label {pvalues.index[k]!r}")
        return pd.Series(_adjust_finite(values), index=pvalues.index.copy(), name=pvalues.name)
    if isinstance(pvalues, np.ndarray):
        if pvalues.dtype.kind not in "iuf":
            raise FtzlinkError(f"pvalues: expected a numeric array of p-values, got dtype {pvalues.dtype}")
        if pvalues.ndim != 1:
            raise FtzlinkError(
                f"pvalues: expected a 1-D array, got shape {pvalues.shape}; pass a labelled DataFrame for a table"
            )
        values = pvalues.astype(float)
        _check_range(values, lambda k: f"position {k}")
        return _adjust_finite(values)
    raise FtzlinkError(
        f"pvalues: expected a pandas Series, DataFrame or 1-D numpy array, got {type(pvalues).__name__}"
    )


def pair_qvalues(pvalues: pd.DataFrame, symmetric: bool = True) -> pd.DataFrame:
    """BH q-values of a region × region matrix of pair tests, adjusted over the off-diagonal pairs.

    Parameters
    ----------
    pvalues : pandas.DataFrame
        Square region × region p-values, the same labels on both axes (any column order), e.g.
        from a permutation or hypergeometric test of every pair. The diagonal is ignored (a
        region is not tested against itself); NaN off the diagonal marks an untested pair.
    symmetric : bool, default True
        True for an undirected index (cell [r, q] and [q, r] are the same test): the family is
        the non-NaN cells of the upper triangle (m ≤ n(n − 1)/2) and the q-values are mirrored to
        the lower triangle; the matrix must be symmetric (NaN pattern included, values within
        ``ftzlink.pairs.SYMMETRY_RTOL``). False for a directional index (r → q and q → r are
        separate tests): the family is every non-NaN off-diagonal cell (m ≤ n(n − 1)).

    Returns
    -------
    pandas.DataFrame
        q-values with the input's labels and column order; diagonal NaN.

    Notes
    -----
    q_(i) = min_{k ≥ i} min(1, m p_(k) / k) over the m pair tests (see :func:`bh_qvalues`).
    Range [0, 1]. Zeros: p = 0 gives q = 0; a matrix without any tested pair (e.g. a single
    region) gives all NaN. Raises FtzlinkError for a non-square or mislabelled matrix,
    non-numeric or boolean values, values outside [0, 1] off the diagonal, an asymmetric matrix
    when ``symmetric`` is True, or a ``symmetric`` that is not a bool.

    References
    ----------
    Benjamini, Y. & Hochberg, Y. (1995), *JRSS B* 57(1), 289–300.

    Examples
    --------
    Three pairs with p = 0.01 (a–b), 0.04 (a–c), 0.03 (b–c), m = 3: sorted 0.01, 0.03, 0.04
    give 3p/k = 0.03, 0.045, 0.04; the running minimum from the top gives 0.03, 0.04, 0.04.

    >>> p = pd.DataFrame([[np.nan, 0.01, 0.04], [0.01, np.nan, 0.03], [0.04, 0.03, np.nan]],
    ...                  index=list("abc"), columns=list("abc"))
    >>> q = pair_qvalues(p)
    >>> q.round(6).loc["a"].tolist()
    [nan, 0.03, 0.04]
    >>> q.round(6).loc["c"].tolist()
    [0.04, 0.04, nan]
    """
    symmetric = check_flag(symmetric, "symmetric")
    if isinstance(pvalues, pd.DataFrame):
        _reject_bool(pvalues.dtypes, pvalues.columns, "column")
    checked = (check_symmetric if symmetric else check_pairs)(pvalues, "pvalues")
    values = checked.to_numpy(dtype=float, copy=True)
    labels = checked.index
    n = len(labels)
    np.fill_diagonal(values, np.nan)
    _check_range(values, lambda k: f"row {labels[k // n]!r}, column {labels[k % n]!r}")
    if symmetric:
        upper = np.triu(np.ones((n, n), dtype=bool), k=1)
        q = np.full((n, n), np.nan)
        q[upper] = _adjust_finite(values[upper])
        q.T[upper] = q[upper]
    else:
        q = _adjust_finite(values)
    out = pd.DataFrame(q, index=labels.copy(), columns=labels.copy())
    return out.loc[:, pvalues.columns]


__all__ = ["bh_qvalues", "pair_qvalues"]
