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

from ftzlink.checks import check_choice, check_integer, check_matrix
from ftzlink.errors import FtzlinkError
from ftzlink.pairs import stacked_names
from ftzlink.resampling import row_shuffles, tail_pvalues
from ftzlink.stats.result import InferenceResult
from ftzlink.vocabulary import ALTERNATIVES


def _as_matrix(result, template: pd.DataFrame | None, b: int) -> pd.DataFrame:
    if not isinstance(result, pd.DataFrame):
        raise FtzlinkError(f"index_fn must return a region × region DataFrame, got {type(result).__name__}")
    if template is not None:
        if not (result.index.equals(template.index) and result.columns.equals(template.columns)):
            raise FtzlinkError(f"index_fn: permutation {b} returned labels different from the observed index")
    return result


def permutation_pvalues(mat: pd.DataFrame, index_fn: Callable[[pd.DataFrame], pd.DataFrame],
                        n_permutations: int = 999, seed=None, *, alternative: str = "greater") -> InferenceResult:
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
    alternative : "greater", "less" or "two-sided"
        "greater": the index is higher than chance (overlap, similarity); "less": lower;
        "two-sided": further from 0 than chance (for indices centred on 0 under the null).

    Returns
    -------
    InferenceResult
        ``table``: one row per region pair (index levels named after the result's axes) with
        ``estimate``, ``null_mean``, ``null_sd``, ``p_value`` (for ``alternative``),
        ``p_greater``, ``p_less``, ``alternative`` and ``n_valid`` (permutations where the index
        was not NaN; NaN permutations are left out of the count and the p-value).
        ``result.table["p_value"].unstack()`` gives the region × region p-value matrix.

    Reference: Good (2005), *Permutation, Parametric and Bootstrap Tests of Hypotheses*, ch. 3.

    Examples
    --------
    Two regions that both list the same 2 of 4 industries: under the null the second list
    matches the first with probability 1 / C(4, 2) = 1/6.

    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 0, 0]], index=["a", "b"], columns=list("wxyz"))
    >>> share = lambda x: pd.DataFrame(x.to_numpy() @ x.to_numpy().T / 2, x.index, x.index)
    >>> p = permutation_pvalues(m, share, 999, seed=0).table.loc[("a", "b"), "p_value"]
    >>> abs(float(p) - 1 / 6) < 0.03
    True
    """
    check_choice(alternative, ALTERNATIVES, "alternative")
    n_permutations = check_integer(n_permutations, "n_permutations", minimum=1)
    mat = check_matrix(mat, "mat")
    observed = _as_matrix(index_fn(mat), None, -1)
    null = np.concatenate([
        np.stack([_as_matrix(index_fn(pd.DataFrame(shuffled, index=mat.index, columns=mat.columns)),
                             observed, b).to_numpy(dtype=float) for b, shuffled in enumerate(batch)])
        for batch in row_shuffles(mat.to_numpy(), n_permutations, seed)
    ])
    obs = observed.to_numpy(dtype=float)
    p = tail_pvalues(obs, null, alternative=alternative)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # all-NaN cells: reported via n_valid
        stats = {"estimate": obs, "null_mean": np.nanmean(null, axis=0), "null_sd": np.nanstd(null, axis=0),
                 "p_value": p["p_value"], "p_greater": p["p_greater"], "p_less": p["p_less"],
                 "n_valid": p["n_valid"]}
    index = pd.MultiIndex.from_product([observed.index, observed.columns], names=stacked_names(observed))
    table = pd.DataFrame({k: np.ravel(v) for k, v in stats.items()}, index=index)
    table.insert(6, "alternative", alternative)
    return InferenceResult(table=table, null=null.reshape(len(null), -1))
