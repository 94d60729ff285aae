"""TOPSIS ranking of units by closeness to the ideal, with entropy weights (熵权TOPSIS).

For n units (zones, provinces, years) and indicators j with weights w_j (Σ w_j = 1; by default
the entropy weights of :func:`ftzlink.stats.entropy_weights`, which makes it 熵权TOPSIS):

    r_ij = x_ij / sqrt(Σ_i x_ij²)                 vector normalisation (Hwang & Yoon), or
    r_ij = min–max normalised x_ij                (negative indicators reversed),
    v_ij = w_j r_ij,
    v_j⁺ = best v_ij, v_j⁻ = worst v_ij           (max / min for positive, min / max for negative),
    D_i⁺ = sqrt(Σ_j (v_ij − v_j⁺)²),  D_i⁻ = sqrt(Σ_j (v_ij − v_j⁻)²),
    C_i = D_i⁻ / (D_i⁺ + D_i⁻)                    closeness coefficient (贴近度), in [0, 1].

C_i = 1 for a unit at the ideal on every indicator, 0 at the anti-ideal. With min–max
normalisation the ideal is w_j and the anti-ideal 0 for every indicator.

References: Hwang, C.-L. & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods and
Applications*. Springer, Lecture Notes in Economics and Mathematical Systems 186 (TOPSIS with
vector normalisation; the fighter-aircraft example). Opricovic, S. & Tzeng, G.-H. (2004).
Compromise solution by MCDM methods: a comparative analysis of VIKOR and TOPSIS. *European
Journal of Operational Research* 156(2), 445–455 (a three-alternative example, reproduced here
with min–max normalisation). Elsayed, E. A., Dawood, A. K. S. & Karthikeyan, R. (2017).
Evaluating alternatives through the application of TOPSIS method with entropy weight.
*International Journal of Engineering Trends and Technology* 46(2), 60–66 (entropy weights of
the raw shares). For the entropy weights see :mod:`ftzlink.stats.entropy_method`; for the
``"share"`` form pass ``weights=entropy_weights(x, normalisation="share")``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice, check_matrix, check_weights, preview
from ftzlink.errors import FtzlinkError
from ftzlink.stats.entropy_method import _directions, _normalised, entropy_weights
from ftzlink.vocabulary import TOPSIS_NORMALISATIONS


def topsis(indicators: pd.DataFrame, weights: pd.Series | Mapping[str, float] | None = None,
           direction: Mapping[str, str] | pd.Series | None = None, *, normalisation: str = "vector"
           ) -> pd.DataFrame:
    """Closeness of each unit to the ideal solution (TOPSIS), entropy-weighted by default.

    v_ij = w_j r_ij with r_ij = x_ij / sqrt(Σ_i x_ij²) (``"vector"``) or the min–max normalised
    x_ij (``"minmax"``, negative indicators reversed); v⁺ / v⁻ the best / worst v_ij of each
    indicator; D_i^± = sqrt(Σ_j (v_ij − v_j^±)²); closeness C_i = D_i⁻ / (D_i⁺ + D_i⁻) (module
    docstring). Range: C in [0, 1], higher is better; ``rank`` 1 is the closest to the ideal.

    Zeros: an all-zero indicator column has zero vector norm and is left at 0 (it separates no
    units); a table in which the ideal and anti-ideal coincide (every weighted indicator
    constant, D⁺ + D⁻ = 0) raises FtzlinkError.

    Parameters
    ----------
    indicators : pandas.DataFrame
        Units × indicators, numeric and finite (non-negative for ``"vector"``).
    weights : Series or mapping, optional
        Indicator weights (labelled by the columns, non-negative, summing to 1); default the
        ``"minmax"`` entropy weights of the indicators with the same ``direction`` (熵权TOPSIS,
        :func:`ftzlink.stats.entropy_weights`).
    direction : mapping or Series, optional
        Indicator → ``"positive"`` (more is better, default) or ``"negative"`` (a cost).
    normalisation : {"vector", "minmax"}, default "vector"
        Vector normalisation x / ‖x‖ (Hwang & Yoon 1981) or min–max normalisation.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``indicators``: ``d_plus`` (D⁺), ``d_minus`` (D⁻), ``closeness`` (C) and
        ``rank`` (1 = best; ties share the smaller rank).

    Raises
    ------
    FtzlinkError
        For a non-DataFrame, fewer than 2 units, duplicate labels, non-numeric, missing or
        infinite values, negative values with ``"vector"``, weights with other labels,
        negative values or a sum other than 1, an unknown direction or normalisation, an
        indicator constant across units with ``"minmax"`` or the entropy weights (it carries no
        information), and ideal = anti-ideal.

    References
    ----------
    Hwang, C.-L. & Yoon, K. (1981), *Multiple Attribute Decision Making*, Springer LNEMS 186;
    Opricovic, S. & Tzeng, G.-H. (2004), *European Journal of Operational Research* 156(2),
    445–455.

    Examples
    --------
    Two units, two positive indicators, equal weights: the vector norms are 5 and 10, so
    v = [[0.3, 0.4], [0.4, 0.3]], the ideal is (0.4, 0.4), the anti-ideal (0.3, 0.3) and both
    units are 0.1 from each: C = 0.5.

    >>> x = pd.DataFrame({"gdp": [3.0, 4.0], "trade": [8.0, 6.0]}, index=["z1", "z2"])
    >>> topsis(x, {"gdp": 0.5, "trade": 0.5})["closeness"].round(6).tolist()
    [0.5, 0.5]

    Min–max normalisation, a cost indicator reversed: gdp (1, 2, 3) → (0, 0.5, 1), cost
    (5, 4, 1) → (0, 0.25, 1); with equal weights z2 sits at v = (0.25, 0.125), the ideal is
    (0.5, 0.5) and the anti-ideal 0, so C = √0.078125 / (√0.203125 + √0.078125):

    >>> x = pd.DataFrame({"gdp": [1.0, 2.0, 3.0], "cost": [5.0, 4.0, 1.0]}, index=["z1", "z2", "z3"])
    >>> out = topsis(x, {"gdp": 0.5, "cost": 0.5}, {"cost": "negative"}, normalisation="minmax")
    >>> out["closeness"].round(6).tolist(), out["rank"].tolist()
    ([0.0, 0.382782, 1.0], [3, 2, 1])

    Without weights the entropy weights of the indicators are used (熵权TOPSIS):

    >>> bool(topsis(x, direction={"cost": "negative"})["rank"].tolist() == [3, 2, 1])
    True
    """
    check_choice(normalisation, TOPSIS_NORMALISATIONS, "normalisation")
    positive = _directions(direction, indicators.columns) if isinstance(indicators, pd.DataFrame) else None
    if normalisation == "vector":
        values = check_matrix(indicators, "indicators").to_numpy()
        if values.shape[0] < 2:
            raise FtzlinkError(f"indicators: needs at least 2 units, got {values.shape[0]}")
        norm = np.sqrt((values**2).sum(axis=0))
        r = values / np.where(norm == 0, 1.0, norm)
    else:
        r = _normalised(indicators, direction)
        positive = np.ones(r.shape[1], dtype=bool)
    if weights is None:
        w = entropy_weights(indicators, direction).to_numpy()
    else:
        w = check_weights(weights, indicators.columns, "weights", "indicator columns")
    v = r * w
    ideal = np.where(positive, v.max(axis=0), v.min(axis=0))
    anti = np.where(positive, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    total = d_plus + d_minus
    if (total == 0).any():
        raise FtzlinkError(f"indicators: ideal and anti-ideal coincide for unit(s) "
                           f"{preview(indicators.index[total == 0])}; every weighted indicator is constant")
    closeness = d_minus / total
    out = pd.DataFrame({"d_plus": d_plus, "d_minus": d_minus, "closeness": closeness}, index=indicators.index)
    out["rank"] = out["closeness"].rank(ascending=False, method="min").astype(int)
    return out
