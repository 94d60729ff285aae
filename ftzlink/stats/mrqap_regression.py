"""MRQAP: multiple regression of a zone-pair matrix on zone-pair matrices with QAP p-values.

The model is OLS on the off-diagonal cells (i ≠ j),

    y_ij = β_0 + Σ_k β_k x_k,ij + ε_ij,

e.g. complementarity on distance, same-province and overlap matrices. Coefficients are
ordinary OLS; their significance comes from node permutations (rows and columns jointly), with
the t statistic as test statistic:

- ``method="dsp"`` (default, double semi-partialling; Dekker, Krackhardt & Snijders 2007): for
  each predictor k, regress x_k on the other predictors, permute the residual matrix e_k, refit
  y on the other predictors and the permuted e_k and record the t of e_k. Robust to collinear
  predictors.
- ``method="y"`` (Krackhardt 1988): permute y and refit the whole model.

The intercept is not tested (its p-values are NaN).

References: Krackhardt, D. (1988), *Social Networks* 10, 359–381. Dekker, D., Krackhardt, D. &
Snijders, T. A. B. (2007). Sensitivity of MRQAP tests to collinearity and autocorrelation
conditions. *Psychometrika* 72(4), 563–581.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS

from ftzlink.checks import check_choice
from ftzlink.errors import FtzlinkError
from ftzlink.pairs import align_pairs, pair_cells
from ftzlink.resampling import (
    cell_offsets,
    permutation_batches,
    permutation_count,
    permuted_cells,
    permuted_index,
    shared_seed,
    tail_pvalues,
)
from ftzlink.scale import map_batches
from ftzlink.stats.result import InferenceResult
from ftzlink.vocabulary import MRQAP_METHODS


def _full(cells: np.ndarray, n: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    out = np.zeros((n, n))
    out[rows, cols] = cells
    return out


def _y_batch(Y: np.ndarray, X: np.ndarray, proj: np.ndarray, xtx_inv: np.ndarray, offsets: np.ndarray,
             perm: np.ndarray) -> np.ndarray:
    """Slope t statistics for one batch of permutations of y, shape (p, k − 1)."""
    m, k = X.shape
    yp = permuted_cells(Y, permuted_index(perm, offsets))     # (p, m)
    beta = yp @ proj                                          # (p, k)
    rss = ((yp - beta @ X.T) ** 2).sum(axis=1)
    se = np.sqrt(rss[:, None] / (m - k) * np.diag(xtx_inv)[None, :])
    return (beta / se)[:, 1:]


def _y_null(y: np.ndarray, X: np.ndarray, rows, cols, n, n_permutations, seed, client=None) -> np.ndarray:
    """t statistics of all slopes after permuting y (Krackhardt 1988), shape (p, k − 1)."""
    m, k = X.shape
    xtx_inv = np.linalg.inv(X.T @ X)
    proj = X @ xtx_inv                                        # beta = y @ proj
    Y = _full(y, n, rows, cols)
    batch_fn = partial(_y_batch, Y, X, proj, xtx_inv, cell_offsets(n, rows, cols))
    return np.concatenate(list(map_batches(batch_fn, permutation_batches(n, n_permutations, seed, m), client)))


def _dsp_batch(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]], k: int, offsets: np.ndarray,
               perm: np.ndarray) -> np.ndarray:
    """t statistics of every predictor's permuted residual for one batch of permutations, (p, k − 1).

    ``parts`` holds, per predictor, its residual matrix E, the orthonormal basis q of the other
    predictors and ỹ; the permuted cells' positions are computed once for all predictors.
    """
    m = len(offsets)
    index = permuted_index(perm, offsets)                     # (p, m)
    out = []
    for E, q, y_t in parts:
        ep = permuted_cells(E, index)
        e_t = ep - (ep @ q) @ q.T
        ee, ey = (e_t * e_t).sum(axis=1), e_t @ y_t
        b = ey / ee
        rss = y_t @ y_t - b * ey
        out.append(b / np.sqrt(rss / (m - k) / ee))
    return np.column_stack(out)


def _dsp_null(y: np.ndarray, X: np.ndarray, rows, cols, n, n_permutations, seed, client=None) -> np.ndarray:
    """t statistics of each slope under double semi-partialling (Dekker et al. 2007), (p, k − 1).

    By Frisch–Waugh–Lovell, with M the annihilator of the other predictors, ẽ = M e_π and
    ỹ = M y: b = ẽ·ỹ / ẽ·ẽ, RSS = ỹ·ỹ − b · ẽ·ỹ, t = b / sqrt(RSS / (m − k) / ẽ·ẽ).
    Every predictor uses the same permutations, evaluated in the same batch.
    """
    m, k = X.shape
    seed = shared_seed(seed)
    parts = []
    for j in range(1, k):
        q, _ = np.linalg.qr(np.delete(X, j, axis=1))          # orthonormal basis of the others
        resid = X[:, j] - q @ (q.T @ X[:, j])
        y_t = y - q @ (q.T @ y)
        parts.append((_full(resid, n, rows, cols), q, y_t))
    batch_fn = partial(_dsp_batch, parts, k, cell_offsets(n, rows, cols))
    return np.concatenate(list(map_batches(batch_fn, permutation_batches(n, n_permutations, seed, m), client)))


def mrqap(y: pd.DataFrame, x: Mapping[str, pd.DataFrame], n_permutations: int | str = 999, seed=None, *,
          method: str = "dsp", alternative: str = "two-sided", client=None) -> InferenceResult:
    """Regress a zone × zone matrix on zone × zone predictors, with QAP permutation p-values.

    Parameters
    ----------
    y : DataFrame
        Square zone × zone response (e.g. complementarity); diagonal ignored.
    x : mapping name → DataFrame
        Predictor matrices over the same zones (e.g. ``{"log_distance": ..., "same_province":
        ..., "overlap": ...}``); an intercept is added.
    n_permutations : int or "all"
        Random permutations from ``numpy.random.default_rng(seed)``, or ``"all"`` (n ≤ 8 zones)
        for the exact permutation distribution.
    seed : int, Generator or None
        Same seed → identical result.
    method : "dsp" or "y"
        Double semi-partialling (default) or permutation of y; see the module docstring.
    client : distributed.Client, optional
        Spread the permutation batches over a Dask cluster (:func:`ftzlink.scale.map_batches`);
        the permutations are drawn locally, so the result equals the local run's.

    Returns
    -------
    InferenceResult
        ``table`` indexed by term (``const`` first, then the predictors in the order given):
        ``estimate`` (the coefficient), ``se`` and ``t`` (classical OLS), ``p_value`` for
        ``alternative`` (``"two-sided"``: abs(t_π) ≥ abs(t)), ``p_greater``, ``p_less``,
        ``alternative``, ``n_permutations``; ``model`` the statsmodels OLS results on
        the off-diagonal cells; ``null`` the permuted t statistics of the predictors.

    Reference: Dekker, Krackhardt & Snijders (2007), *Psychometrika* 72, 563–581.

    Example
    -------
    >>> z = ["a", "b", "c", "d"]
    >>> d = pd.DataFrame([[0, 1, 2, 3], [1, 0, 4, 5], [2, 4, 0, 6], [3, 5, 6, 0]], z, z)
    >>> res = mrqap(d ** 2, {"distance": d}, n_permutations="all")
    >>> res.table.loc["distance", ["estimate", "p_greater"]].astype(float).round(6).tolist()  # p = 1/24: only the identity
    [7.0, 0.041667]
    """
    check_choice(method, MRQAP_METHODS, "method")
    if not isinstance(x, Mapping) or not x:
        raise FtzlinkError("x: expected a non-empty mapping of predictor name → zone × zone DataFrame")
    if "y" in x or "const" in x:
        raise FtzlinkError("x: predictor names 'y' and 'const' are reserved; rename them")
    labels, arrays = align_pairs({"y": y, **x}, min_size=3)
    n = len(labels)
    rows, cols = pair_cells(n, "offdiag")
    m = len(rows)
    _, exact = permutation_count(n, n_permutations)
    yv = arrays.pop("y")[rows, cols]
    X = np.column_stack([np.ones(m)] + [a[rows, cols] for a in arrays.values()])
    terms = ["const", *arrays]
    if m <= X.shape[1]:
        raise FtzlinkError(f"mrqap: {m} zone pairs for {X.shape[1]} coefficients; add zones or drop predictors")
    if np.linalg.matrix_rank(X) < X.shape[1]:
        const = [t for t, col in zip(terms[1:], X[:, 1:].T) if np.ptp(col) == 0]
        detail = f"constant predictor(s): {', '.join(const)}" if const else "predictors are collinear"
        raise FtzlinkError(f"mrqap: design matrix is rank-deficient ({detail}); drop or combine predictors")
    model = OLS(yv, pd.DataFrame(X, columns=terms)).fit()
    null_fn = _dsp_null if method == "dsp" else _y_null
    null = null_fn(yv, X, rows, cols, n, n_permutations, seed, client)
    observed = model.tvalues.to_numpy()[1:]
    p = tail_pvalues(observed, null, exact, alternative)
    table = pd.DataFrame({"estimate": model.params, "se": model.bse, "t": model.tvalues})
    for key in ("p_value", "p_greater", "p_less"):
        table[key] = np.r_[np.nan, p[key]]
    table["alternative"] = alternative
    table["n_permutations"] = null.shape[0]
    table.index.name = "term"
    return InferenceResult(table=table, model=model, null=null)
