"""Coupling coordination degree (耦合协调度) of n subsystems.

For a unit with subsystem scores U_1 … U_n in [0, 1] (e.g. from
:func:`ftzlink.stats.subsystem_scores`) and subsystem weights w_k (Σ w_k = 1),

    C = n · (Π_k U_k)^(1/n) / Σ_k U_k     coupling degree, in [0, 1] (1 when all U_k are equal)
    T = Σ_k w_k U_k                       comprehensive development index
    D = sqrt(C · T)                       coupling coordination degree, in [0, 1].

C is the ratio of the geometric to the arithmetic mean of the scores, the normative form of
the traditional model (n = 2: C = 2 sqrt(U_1 U_2) / (U_1 + U_2)).

Reference: 王淑佳 等 (2021). 国内耦合协调度模型的误区及修正 (Research on misuses and
modification of coupling coordination degree model in China). 《自然资源学报》 36(3), 793–810.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ftzlink.checks import check_labelled_numeric, check_same_labels, preview
from ftzlink.errors import FtzlinkError


def coupling_coordination(scores: pd.DataFrame, weights: pd.Series | Mapping[str, float] | None = None
                          ) -> pd.DataFrame:
    """Coupling degree C, development index T and coordination degree D per unit.

    Parameters
    ----------
    scores : DataFrame
        Units (zones, years) × subsystems, one column per subsystem (at least two), values in
        [0, 1].
    weights : Series or mapping, optional
        Subsystem weights for T, labelled by the score columns, non-negative, summing to 1;
        default equal weights 1/n.

    Returns
    -------
    DataFrame
        Indexed like ``scores``, columns ``C``, ``T``, ``D``. A unit whose scores are all
        zero (C = 0/0) raises FtzlinkError naming it.

    Example
    -------
    U = (0.4, 0.9): C = 2·sqrt(0.36)/1.3 = 12/13, T = 0.65, D = sqrt(12/13 · 0.65) = sqrt(0.6).

    >>> out = coupling_coordination(pd.DataFrame({"econ": [0.4], "env": [0.9]}))
    >>> out.round(6).iloc[0].tolist()
    [0.923077, 0.65, 0.774597]
    """
    check_labelled_numeric(scores, "scores", ("unit", "subsystem"), "units × subsystems")
    if scores.shape[1] < 2 or scores.shape[0] < 1:
        raise FtzlinkError(f"scores: needs at least one unit and two subsystem columns, got shape {scores.shape}")
    u = scores.to_numpy(dtype=float)
    bad = ~(np.isfinite(u) & (u >= 0) & (u <= 1))
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise FtzlinkError(f"scores: value {u[r, c]!r} for unit {scores.index[r]!r}, subsystem "
                           f"{scores.columns[c]!r} is not in [0, 1]; normalise the scores first")
    n = u.shape[1]
    if weights is None:
        w = np.full(n, 1.0 / n)
    else:
        weights = pd.Series(weights, dtype=float)
        check_same_labels(weights, scores.T, "index", ("weights", "score columns"))
        w = weights.reindex(scores.columns).to_numpy()
        if not np.isfinite(w).all() or (w < 0).any() or not np.isclose(w.sum(), 1.0, rtol=0, atol=1e-9):
            raise FtzlinkError(f"weights: must be non-negative and sum to 1, got {dict(weights)}")
    total = u.sum(axis=1)
    if (total == 0).any():
        raise FtzlinkError(f"scores: all subsystem scores are zero for unit(s) {preview(scores.index[total == 0])}; "
                           f"the coupling degree C = 0/0 is undefined")
    c = n * np.prod(u, axis=1) ** (1.0 / n) / total
    t = u @ w
    return pd.DataFrame({"C": c, "T": t, "D": np.sqrt(c * t)}, index=scores.index)
