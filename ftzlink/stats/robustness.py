"""Agreement of alternative versions of a zone × zone index with a baseline (robustness)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ftzlink.errors import FtzlinkError
from ftzlink.pairs import check_pairs, check_symmetric
from ftzlink.stats.mantel_test import mantel


def agreement_table(baseline: pd.DataFrame, alternatives: Mapping[str, pd.DataFrame],
                    n_permutations: int = 999, seed=None, method: str = "spearman") -> pd.DataFrame:
    """Mantel correlation of each alternative matrix with the baseline, one row per alternative.

    Each alternative is restricted to the zones it shares with the baseline (an alternative
    built from other source documents may lack some zones; ``n_zones`` says how many were
    compared) and is correlated with the baseline over those zones by :func:`ftzlink.stats.mantel`:
    r_M is the (by default Spearman) correlation of the cells above the diagonal, and its null
    distribution permutes the zones of the baseline. A dissimilarity (e.g. Krugman) agrees with
    a similarity baseline when r is strongly negative.

    Parameters
    ----------
    baseline : pandas.DataFrame
        Symmetric zone × zone index (e.g. ``similarity(mat)`` from the default positioning).
    alternatives : mapping of str to pandas.DataFrame
        Name → symmetric zone × zone matrix of the same index computed another way (other
        documents, weights or methods); zones missing from the baseline are ignored.
    n_permutations : int or "all", default 999
        Random permutations per alternative, or ``"all"`` to enumerate every permutation of
        n ≤ 8 zones (exact test).
    seed : int, numpy.random.Generator or None
        Seed of the random permutations; the same seed gives the same table.
    method : {"spearman", "pearson"}, default "spearman"
        Correlation of the cells.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``specification`` (the mapping's keys, in order), columns ``n_zones``,
        ``estimate`` (r_M), ``p_greater`` (share of permuted r ≥ r) and ``p_value`` (two-sided).
        Exact p-values are count / n!, random ones (count + 1) / (n_permutations + 1).

    Raises
    ------
    FtzlinkError
        When ``alternatives`` is not a non-empty mapping; when an alternative shares fewer than 4
        zones with the baseline; when a compared matrix
        is not square, not symmetric, has duplicate or mismatched labels, non-numeric columns, or
        missing or infinite values above the diagonal; when all compared cells of a matrix are
        equal; for an unknown ``method``, a bad ``n_permutations`` (``"all"`` with more than 8
        zones) or a bad ``seed``.

    References
    ----------
    Mantel, N. (1967), The detection of disease clustering and a generalized regression
    approach, *Cancer Research* 27(2), 209–220.

    Examples
    --------
    Squaring keeps the ranks of the six pair values 1 … 6 (Spearman r = 1); 7 − value reverses
    them (r = −1). The values are distinct and no relabelling of the four zones keeps or
    reverses their order except the identity, so exactly 1 of the 4! = 24 permutations is as
    extreme: p = 1/24 two-sided, and for "reversed" every permuted r is ≥ −1 (p_greater = 1).

    >>> z = ["a", "b", "c", "d"]
    >>> base = pd.DataFrame([[0, 1, 2, 3], [1, 0, 4, 5], [2, 4, 0, 6], [3, 5, 6, 0]], index=z, columns=z)
    >>> tab = agreement_table(base, {"squared": base ** 2, "reversed": 7 - base}, n_permutations="all")
    >>> tab.index.tolist(), tab["n_zones"].tolist()
    (['squared', 'reversed'], [4, 4])
    >>> tab[["estimate", "p_greater", "p_value"]].round(6).to_numpy().tolist()
    [[1.0, 0.041667, 0.041667], [-1.0, 1.0, 0.041667]]
    >>> agreement_table(base, {"short": base.iloc[:3, :3]}, n_permutations="all")
    Traceback (most recent call last):
    ftzlink.errors.FtzlinkError: agreement_table: alternative 'short' shares only 3 zones with the baseline; at least 4 are needed
    """
    def checked(mat, name: str) -> pd.DataFrame:
        check_pairs(mat, name, finite=True)
        return check_symmetric(mat, name)

    baseline = checked(baseline, "baseline")
    if not isinstance(alternatives, Mapping) or not alternatives:
        raise FtzlinkError(f"alternatives: expected a non-empty mapping name → zone × zone matrix, got "
                           f"{alternatives!r:.60}")
    alternatives = {name: checked(alt, f"alternatives[{name!r}]") for name, alt in alternatives.items()}
    rows = {}
    for name, alt in alternatives.items():
        common = [z for z in baseline.index if z in alt.index]
        if len(common) < 4:
            raise FtzlinkError(f"agreement_table: alternative {name!r} shares only {len(common)} zones "
                               f"with the baseline; at least 4 are needed")
        b = baseline.loc[common, common]
        a = alt.loc[common, common]
        res = mantel(b, a, n_permutations=n_permutations, seed=seed, method=method).table.iloc[0]
        rows[name] = {"n_zones": len(common), "estimate": res["estimate"],
                      "p_greater": res["p_greater"], "p_value": res["p_value"]}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("specification")
