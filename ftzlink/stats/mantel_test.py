"""Mantel test: correlation of two symmetric zone × zone matrices (Mantel 1967).

    r_M = Pearson (or Spearman) correlation of the n(n − 1)/2 cells above the diagonal,

with significance from jointly permuting the rows and columns of the first matrix. For
symmetric matrices this equals the QAP correlation (each pair appears twice among the
off-diagonal cells, which changes neither r nor its permutation distribution); the Mantel test
is the form usually applied to distance or dissimilarity matrices.

Reference: Mantel, N. (1967). The detection of disease clustering and a generalized regression
approach. *Cancer Research* 27(2), 209–220. Legendre & Legendre (2012), *Numerical Ecology*,
§10.5.1.
"""

from __future__ import annotations

import pandas as pd

from ftzlink.pairs import check_symmetric
from ftzlink.stats.qap import matrix_correlation
from ftzlink.stats.result import InferenceResult


def mantel(a: pd.DataFrame, b: pd.DataFrame, n_permutations: int | str = 999, seed=None, *,
           method: str = "pearson", alternative: str = "two-sided", client=None) -> InferenceResult:
    """Mantel test of two symmetric zone × zone matrices (e.g. distance and dissimilarity).

    Parameters and result as :func:`ftzlink.stats.qap_correlation` (``"all"`` enumerates the
    n! permutations for n ≤ 8; same seed → identical result); ``a`` and ``b`` must be
    symmetric, and only the cells above the diagonal enter the statistic. ``client``: a Dask
    ``distributed.Client`` to spread the permutation batches over (same result as without).

    Reference: Mantel (1967), *Cancer Research* 27, 209–220.

    Example
    -------
    >>> z = ["a", "b", "c", "d"]
    >>> d = pd.DataFrame([[0, 1, 2, 3], [1, 0, 4, 5], [2, 4, 0, 6], [3, 5, 6, 0]], z, z)
    >>> round(float(mantel(d, d ** 2, n_permutations="all").table.loc["pearson", "p_greater"]), 6)
    0.041667
    """
    check_symmetric(a, "a")
    check_symmetric(b, "b")
    return matrix_correlation(a, b, ("a", "b"), cells="upper", n_permutations=n_permutations,
                              seed=seed, method=method, alternative=alternative, client=client)
