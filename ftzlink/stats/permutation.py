"""Permutation null for pairwise indices: shuffle each region's industries independently.

Under the null each region keeps its own values (its list size for a binary matrix, its
distribution of shares for a measure matrix) but assigns them to industries at random,
independently of every other region. For each pair the p-value of an observed index θ_rq is

    p_rq = (1 + #{π : θ_rq(π) ≥ θ_rq}) / (1 + P)        (alternative "greater")

over P random permutations. For binary lists and the Jaccard index this is the Monte Carlo
version of the exact hypergeometric null (:func:`ftzlink.stats.overlap_pvalue_matrix`).
The permuted indices are counted as they are computed, not kept (beyond a small size), so
memory does not grow with P; the pairwise indices of :func:`ftzlink.similarity`, named by their
method, are computed on whole batches of shuffled matrices at once.

Reference: Good, P. (2005). *Permutation, Parametric and Bootstrap Tests of Hypotheses*,
3rd ed., ch. 3; Phipson, B. & Smyth, G. K. (2010), *Stat. Appl. Genet. Mol. Biol.* 9(1), 39.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice, check_integer, check_matrix
from ftzlink.errors import FtzlinkError
from ftzlink.indices.structural_similarity import similarity
from ftzlink.pairs import stacked_names
from ftzlink.resampling import NULL_CELLS_KEPT, ReplicateSummary, row_shuffles, similarity_stack, upper_cells
from ftzlink.stats.bootstrap import _method
from ftzlink.stats.result import InferenceResult
from ftzlink.vocabulary import ALTERNATIVES


def _as_matrix(result, template: pd.DataFrame | None, b: int) -> pd.DataFrame:
    if not isinstance(result, pd.DataFrame):
        raise FtzlinkError(f"index_fn must return a region × region DataFrame, got {type(result).__name__}")
    if template is not None:
        if not (result.index.equals(template.index) and result.columns.equals(template.columns)):
            raise FtzlinkError(f"index_fn: permutation {b} returned labels different from the observed index")
    return result


def _matrix_rows(index_fn: Callable, mat: pd.DataFrame, observed: pd.DataFrame, first: int,
                 batch: np.ndarray) -> np.ndarray:
    """``index_fn`` on each shuffled matrix of ``batch``, as (permutations, cells) rows."""
    return np.stack([
        _as_matrix(index_fn(pd.DataFrame(shuffled, index=mat.index, columns=mat.columns)), observed,
                   first + b).to_numpy(dtype=float).ravel()
        for b, shuffled in enumerate(batch)
    ])


def permutation_pvalues(mat: pd.DataFrame, index_fn: Callable[[pd.DataFrame], pd.DataFrame] | str,
                        n_permutations: int = 999, seed=None, *, alternative: str = "greater") -> InferenceResult:
    """Per-pair permutation p-values of a pairwise index under row-wise shuffling.

    Parameters
    ----------
    mat : DataFrame
        Region × industry matrix (binary lists or a non-negative measure).
    index_fn : callable or str
        Region × industry DataFrame → region × region DataFrame (e.g. a Jaccard overlap), or a
        method of :func:`ftzlink.similarity` (``"cosine"``, ``"krugman"``,
        ``"finger_kreinin"``, ``"jaccard"``, ``"pearson"``), computed on whole batches of
        shuffled matrices at once (:func:`ftzlink.resampling.similarity_stack`); the numbers
        equal those of ``lambda m: ftzlink.similarity(m, method)`` up to floating-point rounding.
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
        ``null``: the permuted index (n_permutations, pairs) when it holds at most
        :data:`ftzlink.resampling.NULL_CELLS_KEPT` values, else None. The permutations are
        counted as they are drawn (:class:`ftzlink.resampling.ReplicateSummary`), so memory
        does not grow with ``n_permutations``; ``null_sd`` has ddof = 0.

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
    >>> p = permutation_pvalues(m, "jaccard", 999, seed=0).table.loc[("a", "b"), "p_value"]
    >>> abs(float(p) - 1 / 6) < 0.03
    True
    """
    check_choice(alternative, ALTERNATIVES, "alternative")
    method = _method(index_fn)
    n_permutations = check_integer(n_permutations, "n_permutations", minimum=1)
    mat = check_matrix(mat, "mat")
    observed = similarity(mat, method) if method else _as_matrix(index_fn(mat), None, -1)
    obs = observed.to_numpy(dtype=float).ravel()
    keep = n_permutations * obs.size <= NULL_CELLS_KEPT
    if method:
        offsets, mirror = upper_cells(len(mat))
        summary = ReplicateSummary(len(offsets), n_permutations, observed=obs[offsets], keep_null=keep)
        for batch in row_shuffles(mat.to_numpy(), n_permutations, seed):
            summary.update(similarity_stack(batch, method).reshape(len(batch), -1).take(offsets, axis=1))
    else:
        mirror = None
        summary = ReplicateSummary(obs.size, n_permutations, observed=obs, keep_null=keep)
        first = 0
        for batch in row_shuffles(mat.to_numpy(), n_permutations, seed):
            summary.update(_matrix_rows(index_fn, mat, observed, first, batch))
            first += len(batch)
    summary.finish()
    p = summary.pvalues(alternative=alternative)
    stats = {"null_mean": summary.mean, "null_sd": summary.sd(ddof=0), "p_value": p["p_value"],
             "p_greater": p["p_greater"], "p_less": p["p_less"], "n_valid": p["n_valid"]}
    null = summary.null
    if mirror is not None:
        stats = {k: v[mirror] for k, v in stats.items()}
        null = None if null is None else null[:, mirror]
    index = pd.MultiIndex.from_product([observed.index, observed.columns], names=stacked_names(observed))
    table = pd.DataFrame({"estimate": obs, **stats}, index=index)
    table.insert(6, "alternative", alternative)
    return InferenceResult(table=table, null=null)
