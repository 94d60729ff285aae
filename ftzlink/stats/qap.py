"""QAP correlation of two zone-pair matrices (Krackhardt 1988).

The statistic is the Pearson (or Spearman) correlation of the off-diagonal cells of two n × n
matrices A and B,

    r = Σ_{i≠j} (a_ij − ā)(b_ij − b̄) / sqrt(Σ_{i≠j} (a_ij − ā)² · Σ_{i≠j} (b_ij − b̄)²),

and its null distribution comes from relabelling the zones of A: rows and columns are
permuted jointly, a_ij → a_π(i)π(j), which keeps the dependence among cells that share a zone
(the reason ordinary correlation tests are invalid for dyadic data).

Reference: Krackhardt, D. (1988). Predicting with networks: nonparametric multiple regression
analysis of dyadic data. *Social Networks* 10(4), 359–381. Hubert, L. (1987). *Assignment
Methods in Combinatorial Data Analysis*.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from ftzlink.checks import check_choice
from ftzlink.errors import FtzlinkError
from ftzlink.pairs import align_pairs, pair_cells
from ftzlink.resampling import (
    cell_offsets,
    permutation_batches,
    permutation_count,
    permuted_cells,
    permuted_index,
    tail_pvalues,
)
from ftzlink.scale import map_batches
from ftzlink.stats.result import InferenceResult
from ftzlink.vocabulary import CORRELATION_METHODS


def _standardised(values: np.ndarray, rows: np.ndarray, cols: np.ndarray, method: str, name: str,
                  symmetric: bool) -> np.ndarray:
    """n × n matrix whose used cells are z-scores (ranks first for Spearman); other cells 0."""
    cells = values[rows, cols]
    if method == "spearman":
        cells = rankdata(cells)
    sd = cells.std()
    if sd == 0:
        raise FtzlinkError(f"{name}: all off-diagonal values are equal ({cells[0]:g}); a correlation is undefined")
    out = np.zeros_like(values)
    out[rows, cols] = (cells - cells.mean()) / sd
    if symmetric:
        out[cols, rows] = out[rows, cols]
    return out


def _permuted_correlations(za: np.ndarray, zb: np.ndarray, offsets: np.ndarray, perm: np.ndarray) -> np.ndarray:
    """Correlations of the cells of ``za`` relabelled by each permutation in ``perm`` with ``zb``."""
    return permuted_cells(za, permuted_index(perm, offsets)) @ zb / len(offsets)


def matrix_correlation(a: pd.DataFrame, b: pd.DataFrame, names: tuple[str, str], *, cells: str,
                       n_permutations: int | str, seed, method: str, alternative: str,
                       client=None) -> InferenceResult:
    """Correlation of the ``cells`` of two pair matrices with a node-permutation null (see module doc).

    With a Dask ``client`` the permutation batches are evaluated on the cluster
    (:func:`ftzlink.scale.map_batches`); the permutations and the result are the same.
    """
    check_choice(method, CORRELATION_METHODS, "method")
    labels, arrays = align_pairs({names[0]: a, names[1]: b}, min_size=3)
    n = len(labels)
    rows, cols = pair_cells(n, cells)
    _, exact = permutation_count(n, n_permutations)
    symmetric = cells == "upper"
    za = _standardised(arrays[names[0]], rows, cols, method, names[0], symmetric)
    zb = _standardised(arrays[names[1]], rows, cols, method, names[1], symmetric)[rows, cols]
    m = len(rows)
    observed = np.array([za[rows, cols] @ zb / m])
    null = np.concatenate(list(map_batches(partial(_permuted_correlations, za, zb, cell_offsets(n, rows, cols)),
                                           permutation_batches(n, n_permutations, seed, m), client)))[:, None]
    p = tail_pvalues(observed, null, exact, alternative)
    table = pd.DataFrame(
        {"estimate": observed, "p_value": p["p_value"], "p_greater": p["p_greater"], "p_less": p["p_less"],
         "alternative": alternative, "null_mean": null.mean(axis=0), "null_sd": null.std(axis=0),
         "n_permutations": null.shape[0], "exact": exact},
        index=pd.Index([method], name="method"),
    )
    return InferenceResult(table=table, null=null)


def qap_correlation(a: pd.DataFrame, b: pd.DataFrame, n_permutations: int | str = 999, seed=None, *,
                    method: str = "pearson", alternative: str = "two-sided", client=None) -> InferenceResult:
    """QAP correlation of two zone × zone matrices with a permutation p-value.

    r is the Pearson (``method="spearman"``: rank) correlation of all off-diagonal cells (i ≠ j,
    so directed matrices use both a_ij and a_ji); the diagonal is ignored. The null
    distribution permutes the zone labels of ``a`` (rows and columns jointly).

    Parameters
    ----------
    a, b : DataFrame
        Square zone × zone matrices over the same zones (any order; ``b`` is aligned to ``a``).
    n_permutations : int or "all"
        Random permutations drawn from ``numpy.random.default_rng(seed)``, or ``"all"`` to
        enumerate every permutation of the n ≤ 8 zones (exact test).
    seed : int, Generator or None
        Same seed → same permutations → identical result.
    client : distributed.Client, optional
        Spread the permutation batches over a Dask cluster (:func:`ftzlink.scale.map_batches`);
        the permutations are drawn locally, so the result equals the local run's.

    Returns
    -------
    InferenceResult
        ``table`` (one row, index = method): ``estimate`` (r), ``p_value`` for
        ``alternative`` (``"two-sided"``: share of abs(r_π) ≥ abs(r); ``"greater"``; ``"less"``),
        ``p_greater`` (r_π ≥ r), ``p_less`` (r_π ≤ r), ``alternative``, ``null_mean``,
        ``null_sd``, ``n_permutations``, ``exact``; ``null`` the permuted r.
        Random p-values are (count + 1) / (n_permutations + 1); exact ones count / n!.

    Reference: Krackhardt (1988), *Social Networks* 10, 359–381.

    Example
    -------
    >>> z = ["a", "b", "c", "d"]
    >>> a = pd.DataFrame([[0, 1, 2, 3], [1, 0, 4, 5], [2, 4, 0, 6], [3, 5, 6, 0]], z, z)
    >>> res = qap_correlation(a, a * 2 + 1, n_permutations="all")
    >>> round(float(res.table.loc["pearson", "estimate"]), 9), round(float(res.table.loc["pearson", "p_greater"]), 6)
    (1.0, 0.041667)
    """
    return matrix_correlation(a, b, ("a", "b"), cells="offdiag", n_permutations=n_permutations,
                              seed=seed, method=method, alternative=alternative, client=client)
