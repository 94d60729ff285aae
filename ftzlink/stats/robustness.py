"""Agreement of alternative versions of a zone × zone index with a baseline (robustness)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ftzlink.errors import FtzlinkError
from ftzlink.stats.mantel import mantel


def agreement_table(baseline: pd.DataFrame, alternatives: Mapping[str, pd.DataFrame],
                    n_permutations: int = 999, seed=None, method: str = "spearman") -> pd.DataFrame:
    """Mantel correlation of each alternative matrix with the baseline, one row per alternative.

    Each alternative is restricted to the zones it shares with the baseline (an alternative
    built from other source documents may lack some zones; ``n_zones`` says how many were
    compared) and pairs with NaN in either matrix are dropped by the Mantel test's checks.
    Columns: ``n_zones``, ``statistic`` (Spearman r by default), ``p_greater`` and
    ``p_value`` (two-sided). A dissimilarity (e.g. Krugman) agrees with a similarity baseline
    when r is strongly negative. Reference: Mantel (1967); see :func:`ftzlink.stats.mantel`.
    """
    rows = {}
    for name, alt in alternatives.items():
        common = [z for z in baseline.index if z in alt.index]
        if len(common) < 4:
            raise FtzlinkError(f"agreement_table: alternative {name!r} shares only {len(common)} zones "
                               f"with the baseline; at least 4 are needed")
        b = baseline.loc[common, common]
        a = alt.loc[common, common]
        res = mantel(b, a, n_permutations=n_permutations, seed=seed, method=method).table.iloc[0]
        rows[name] = {"n_zones": len(common), "statistic": res["statistic"],
                      "p_greater": res["p_greater"], "p_value": res["p_value"]}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("alternative")
