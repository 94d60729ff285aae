"""Coupling coordination degree (耦合协调度) of n subsystems, traditional and corrected forms.

For a unit with subsystem scores U_1 … U_n in [0, 1] (e.g. from
:func:`ftzlink.stats.subsystem_scores`) and subsystem weights α_k (Σ α_k = 1):

    T = Σ_k α_k U_k                      comprehensive development index (综合发展指数)
    D = sqrt(C · T)                      coupling coordination degree (耦合协调度), in [0, 1],

with one of two coupling degrees C (耦合度):

- ``"traditional"`` (传统模型, normative form):
  C = n · [Π_k U_k / (Σ_k U_k)^n]^(1/n) = (Π_k U_k)^(1/n) / ((1/n) Σ_k U_k),
  the ratio of the geometric to the arithmetic mean, in [0, 1] (1 when all U_k are equal);
  for n = 2, C = 2 sqrt(U_1 U_2) / (U_1 + U_2). Without the factor n, C only reaches 1/n
  (0.5 for two subsystems); 王淑佳 et al. (2021) list a lost coefficient (丢失系数) among the
  misuses of the model (abstract; that it is this factor is inferred, the text was not read), and
  their Table 8 prints traditional values up to 1.0000, so their traditional model keeps it.
- ``"modified"`` (修正模型 of 王淑佳 et al. 2021):
  C = sqrt{ [1 − Σ_{i>j} |U_i − U_j| / Σ_{m=1}^{n−1} m] · [Π_k (U_k / max_j U_j)]^(1/(n−1)) },
  in [0, 1], with Σ_{m=1}^{n−1} m = n(n − 1)/2 the number of pairs (so the first factor is one
  minus the mean pairwise gap) and |U_i − U_j| written sqrt((U_i − U_j)²) in the paper's
  notation. The traditional C stays close to 1 unless the scores are very unequal; the modified
  one also falls with the gaps and with the lagging subsystems' distance to the leader.

Provenance of the modified formula. The paper's text could not be read here (only its abstract
and Table 8 are stored). The formula is the one quoted, with the paper as its source, by two
independent implementations: the R package ``coupling`` (Lyu, ``method = "wang"``; vignettes/ccd.Rmd
and inst/include/coupling/ccd.hpp of https://github.com/stscl/coupling at commit 7d16cd9) and
the R package ``mathmodels`` (``type = "adjusted"``; R/system_evaluation.R of
https://github.com/zhjx19/mathmodels at commit 1da5686); both put the exponent
1/(n − 1) on the product only and the square root over the whole product of the two factors.
It is checked against the paper's Table 8
(https://www.jnr.ac.cn/article/2021/1000-3037/1000-3037-36-3-793/T7.html, two subsystems,
13 cities, 2008–2014): the printed traditional C fixes the score ratio r, and each of the 91
printed modified values lies, within the printed rounding, in the range [r, sqrt(r)) the formula
gives for scores U = (r·M, M), 0 < M ≤ 1; the same formula without its outer square root fails
this for 90 of them (``tests/test_toolkit_chinese.py``). This is a consistency check, not a
reproduction (the paper's scores are not available), and for n = 2 the placement of the exponent
1/(n − 1) = 1 cannot be checked.

References: 王淑佳, 孔伟, 任亮, 治丹丹, 戴彬婷 (2021). 国内耦合协调度模型的误区及修正
(Research on misuses and modification of coupling coordination degree model in China).
《自然资源学报》 (Journal of Natural Resources) 36(3), 793–810, doi:10.31497/zrzyxb.20210319.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice, check_labelled_numeric, check_weights, preview
from ftzlink.errors import FtzlinkError

COUPLING_MODELS = ("traditional", "modified")


def _traditional(u: np.ndarray) -> np.ndarray:
    n = u.shape[1]
    return np.minimum(n * np.prod(u, axis=1) ** (1.0 / n) / u.sum(axis=1), 1.0)   # ≤ 1 up to rounding


def _modified(u: np.ndarray) -> np.ndarray:
    n = u.shape[1]
    i, j = np.triu_indices(n, k=1)
    gaps = np.abs(u[:, i] - u[:, j]).sum(axis=1) / (n * (n - 1) / 2)
    ratio = np.prod(u / u.max(axis=1, keepdims=True), axis=1) ** (1.0 / (n - 1))
    return np.sqrt(np.clip((1.0 - gaps) * ratio, 0.0, 1.0))


def coupling_coordination(scores: pd.DataFrame, weights: pd.Series | Mapping[str, float] | None = None, *,
                          model: str = "traditional") -> pd.DataFrame:
    """Coupling degree C, development index T and coordination degree D per unit.

    T = Σ_k α_k U_k and D = sqrt(C · T), with the coupling degree C of ``model``:

    - ``"traditional"``: C = n · [Π_k U_k / (Σ_k U_k)^n]^(1/n) (n = 2: 2 sqrt(U_1 U_2) / (U_1 + U_2));
    - ``"modified"`` (王淑佳 et al. 2021): C = sqrt{[1 − Σ_{i>j} |U_i − U_j| / Σ_{m=1}^{n−1} m] ·
      [Π_k (U_k / max_j U_j)]^(1/(n−1))}.

    Range: C, T and D in [0, 1]; both C equal 1 when all scores are equal (and positive).

    Zeros: a unit with one zero score has C = 0 and D = 0 under both models; a unit whose scores
    are all zero (C = 0/0) raises FtzlinkError naming it.

    Parameters
    ----------
    scores : pandas.DataFrame
        Units (zones, years) × subsystems, one column per subsystem (at least two), values in
        [0, 1].
    weights : Series or mapping, optional
        Subsystem weights α for T, labelled by the score columns, non-negative, summing to 1;
        default equal weights 1/n.
    model : {"traditional", "modified"}, default "traditional"
        Coupling degree: the normative traditional form or the corrected form of 王淑佳 et al.
        (2021) (module docstring, with the provenance of its formula).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``scores``, columns ``C``, ``T``, ``D``.

    Raises
    ------
    FtzlinkError
        For a non-DataFrame, duplicate or non-numeric labels, fewer than two subsystem columns,
        a score outside [0, 1] or missing (naming unit and subsystem), a unit with all scores
        zero, weights with other labels, negative or not summing to 1, an unknown ``model``.

    References
    ----------
    王淑佳, 孔伟, 任亮, 治丹丹, 戴彬婷 (2021), 国内耦合协调度模型的误区及修正, 《自然资源学报》
    36(3), 793–810, doi:10.31497/zrzyxb.20210319.

    Examples
    --------
    U = (0.4, 0.9), equal weights. Traditional: C = 2·sqrt(0.36)/1.3 = 12/13, T = 0.65,
    D = sqrt(12/13 · 0.65) = sqrt(0.6). Modified: C = sqrt[(1 − 0.5) · 0.4/0.9] = sqrt(2/9).

    >>> s = pd.DataFrame({"econ": [0.4], "env": [0.9]})
    >>> coupling_coordination(s).round(6).iloc[0].tolist()
    [0.923077, 0.65, 0.774597]
    >>> coupling_coordination(s, model="modified").round(6).iloc[0].tolist()
    [0.471405, 0.65, 0.553546]
    """
    check_choice(model, COUPLING_MODELS, "model")
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
        w = check_weights(weights, scores.columns, "weights", "score columns")
    zero = u.sum(axis=1) == 0
    if zero.any():
        raise FtzlinkError(f"scores: all subsystem scores are zero for unit(s) {preview(scores.index[zero])}; "
                           f"the coupling degree C = 0/0 is undefined")
    c = _traditional(u) if model == "traditional" else _modified(u)
    t = u @ w
    return pd.DataFrame({"C": c, "T": t, "D": np.sqrt(c * t)}, index=scores.index)
