"""Permutation null for pairwise indices: shuffle each region's industries independently.

Under the null each region keeps its own values (its list size for a binary matrix, its
distribution of shares for a measure matrix) but assigns them to industries at random,
independently of every other region. For each pair the p-value of an observed index θ_rq is

    p_rq = (1 + #{π : θ_rq(π) ≥ θ_rq}) / (1 + P)        (alternative "greater")

over P random permutations. For binary lists and the Jaccard index this is the Monte Carlo
version of the exact hypergeometric null (:func:`ftzlink.stats.overlap_pvalue_matrix`).

Reference: Good, P. (2005). *Permutation, Parametric and Bootstrap Tests of Hypotheses*,
3rd ed., ch. 3; Phipson, B. & Smyth, G. K. (2010), *Stat. Appl. Genet. Mol. Biol.* 9(1), 39.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd

from ftzlink.errors import FtzlinkError
from ftzlink.pairs import stacked_names
from ftzlink.resampling import BATCH_CELLS, REL_TOL
from ftzlink.checks import check_matrix

ALTERNATIVES = ("greater", "less")


def _as_matrix(result, template: pd.DataFrame | None, b: int) -> pd.DataFrame:
    if not isinstance(result, pd.DataFrame):
        raise FtzlinkError(f"index_fn must return a region × region DataFrame, got {type(result).__name__}")
    if template is not None:
        if not (result.index.equals(template.index) and result.columns.equals(template.columns)):
            raise FtzlinkError(f"index_fn: permutation {b} returned labels different from the observed index")
    return result


def permutation_pvalues(mat: pd.DataFrame, index_fn: Callable[[pd.DataFrame], pd.DataFrame],
                        n_permutations: int = 999, seed=None, *, alternative: str = "greater") -> pd.DataFrame:
    """Per-pair permutation p-values of a pairwise index under row-wise shuffling.

    Parameters
    ----------
    mat : DataFrame
        Region × industry matrix (binary lists or a non-negative measure).
    index_fn : callable
        Region × industry DataFrame → region × region DataFrame (e.g. a Jaccard overlap).
    n_permutations : int
        Random permutations; each shuffles every row of ``mat`` independently with
        ``numpy.random.default_rng(seed)`` (same seed → identical output).
    alternative : "greater" or "less"
        "greater": the index is higher than chance (overlap, similarity); "less": lower.

    Returns
    -------
    DataFrame
        One row per region pair (index levels named after the result's axes): ``estimate``,
        ``null_mean``, ``null_sd``, ``p_value`` and ``n_valid`` (permutations where the index
        was not NaN; NaN permutations are left out of the count and the p-value).
        ``table["p_value"].unstack()`` gives the region × region p-value matrix.

    Reference: Good (2005), *Permutation, Parametric and Bootstrap Tests of Hypotheses*, ch. 3.

    Example
    -------
    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 0, 0]], index=["a", "b"], columns=list("wxyz"))
    >>> share = lambda x: pd.DataFrame(x.to_numpy() @ x.to_numpy().T / 2, x.index, x.index)
    >>> float(permutation_pvalues(m, share, 999, seed=0).loc[("a", "b"), "p_value"])  # exact 1/6
    0.154
    """
    if alternative not in ALTERNATIVES:
        raise FtzlinkError(f"alternative must be one of {', '.join(ALTERNATIVES)}, got {alternative!r}")
    if isinstance(n_permutations, bool) or not isinstance(n_permutations, (int, np.integer)) or n_permutations < 1:
        raise FtzlinkError(f"n_permutations must be a positive integer, got {n_permutations!r}")
    mat = check_matrix(mat, "mat")
    observed = _as_matrix(index_fn(mat), None, -1)
    values = mat.to_numpy()
    rng = np.random.default_rng(seed)
    batch = max(1, BATCH_CELLS // values.size)
    null = []
    for first in range(0, n_permutations, batch):
        size = min(batch, n_permutations - first)
        for b, shuffled in enumerate(rng.permuted(np.broadcast_to(values, (size, *values.shape)), axis=2)):
            result = _as_matrix(index_fn(pd.DataFrame(shuffled, index=mat.index, columns=mat.columns)),
                                observed, first + b)
            null.append(result.to_numpy(dtype=float))
    null = np.stack(null)
    obs = observed.to_numpy(dtype=float)
    tol = REL_TOL * np.maximum(1.0, np.abs(obs))
    extreme = null >= obs - tol if alternative == "greater" else null <= obs + tol
    n_valid = (~np.isnan(null)).sum(axis=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # all-NaN cells: reported via n_valid
        stats = {
            "estimate": obs,
            "null_mean": np.nanmean(null, axis=0),
            "null_sd": np.nanstd(null, axis=0),
            "p_value": (extreme.sum(axis=0) + 1) / (n_valid + 1),
            "n_valid": n_valid,
        }
    index = pd.MultiIndex.from_product([observed.index, observed.columns], names=stacked_names(observed))
    return pd.DataFrame({k: np.ravel(v) for k, v in stats.items()}, index=index)
