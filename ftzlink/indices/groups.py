"""Summaries of a pairwise index by groups of regions (e.g. within / between provinces)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ftzlink.errors import FtzlinkError
from ftzlink.checks import check_pairwise, check_same_labels


def block_means(pairwise: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Mean of a region × region index over the pairs in each block of groups.

    B_gh = Σ_{r∈g, q∈h, r≠q} S_rq / #{(r, q): r∈g, q∈h, r≠q, S_rq not NaN}, computed as
    (Gᵀ S₀ G) / (Gᵀ K G) with G the region × group indicator, S₀ the index with the diagonal
    and NaNs set to 0 and K the mask of counted cells. The diagonal B_gg is the within-group
    mean (同省), off-diagonal cells the between-group means; a block without pairs (a group of
    one region on the diagonal) is NaN. For a directional index B_gh averages g → h.

    >>> s = pd.DataFrame([[1, .5, .1], [.5, 1, .2], [.1, .2, 1]], index=list("abc"), columns=list("abc"))
    >>> block_means(s, pd.Series({"a": "x", "b": "x", "c": "y"})).loc["x"].tolist()
    [0.5, 0.15000000000000002]
    """
    pairwise = check_pairwise(pairwise, "block_means")
    check_same_labels(pairwise, groups, "index", ("pairwise", "groups"))
    groups = groups.reindex(pairwise.index)
    if groups.isna().any():
        raise FtzlinkError(f"block_means: no group for {list(groups.index[groups.isna()])}")
    indicator = pd.get_dummies(groups).astype(float)
    g = indicator.to_numpy()
    values = pairwise.to_numpy(dtype=float)
    counted = ~np.isnan(values) & ~np.eye(len(values), dtype=bool)
    sums = g.T @ np.where(counted, values, 0.0) @ g
    counts = g.T @ counted.astype(float) @ g
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / counts, np.nan)
    labels = indicator.columns
    return pd.DataFrame(means, index=pd.Index(labels, name="group"), columns=pd.Index(labels, name="group"))


def same_group(groups: pd.Series) -> pd.DataFrame:
    """Region × region 0/1 matrix: 1 where both regions belong to the same group (diagonal 1).

    Used as a dyadic covariate (e.g. same province, 同省) in QAP / MRQAP regressions.
    """
    if groups.isna().any():
        raise FtzlinkError(f"same_group: no group for {list(groups.index[groups.isna()])}")
    g = groups.to_numpy()
    return pd.DataFrame((g[:, None] == g[None, :]).astype(float), index=groups.index, columns=groups.index)
