"""Entropy weights (熵值法 / 熵权法) and weighted subsystem scores for indicator systems.

For n units (zones or years) and indicators j, the shares p_ij of each indicator are turned
into an entropy, and indicators that separate the units more (lower entropy) get more weight:

    e_j = −(1 / ln n) Σ_i p_ij ln p_ij    (0 · ln 0 = 0),    d_j = 1 − e_j,    w_j = d_j / Σ_j d_j.

Two ways to form the shares (``normalisation``):

- ``"minmax"`` (default; the 熵值法 of the Chinese regional literature): min–max normalise
  each indicator first,
      x'_ij = (x_ij − min_j) / (max_j − min_j)   (positive indicator: more is better),
      x'_ij = (max_j − x_ij) / (max_j − min_j)   (negative indicator: less is better),
  then p_ij = x'_ij / Σ_i x'_ij. No shift (平移) is added to the zeros this creates; 0 · ln 0 is
  taken as its limit 0.
- ``"share"`` (Shannon's entropy of the raw shares, as in Hwang & Yoon 1981 and Elsayed et al.
  2017): p_ij = x_ij / Σ_i x_ij on the non-negative raw values. The direction of an indicator
  does not change its entropy, so it does not change these weights.

A subsystem's score (:func:`subsystem_scores`) is U_i = Σ_j w_j x'_ij, in [0, 1], with min–max
normalised indicators and the weights computed within that subsystem.

References: Shannon, C. E. (1948). A mathematical theory of communication. *Bell System
Technical Journal* 27(3), 379–423. Hwang, C.-L. & Yoon, K. (1981). *Multiple Attribute Decision
Making: Methods and Applications*. Springer, Lecture Notes in Economics and Mathematical
Systems 186 (entropy weights). Zou, Z., Yun, Y. & Sun, J. (2006). Entropy method for
determination of weight of evaluating indicators in fuzzy synthetic evaluation for water
quality assessment. *Journal of Environmental Sciences* 18(5), 1020–1023. Elsayed, E. A.,
Dawood, A. K. S. & Karthikeyan, R. (2017). Evaluating alternatives through the application of
TOPSIS method with entropy weight. *International Journal of Engineering Trends and
Technology* 46(2), 60–66, doi:10.14445/22315381/IJETT-V46P211.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice, check_labelled_numeric, preview
from ftzlink.errors import FtzlinkError

ENTROPY_NORMALISATIONS = ("minmax", "share")


def _indicator_table(indicators: pd.DataFrame) -> np.ndarray:
    check_labelled_numeric(indicators, "indicators", ("unit", "indicator"), "units × indicators")
    if indicators.shape[0] < 2 or indicators.shape[1] < 1:
        raise FtzlinkError(f"indicators: needs at least 2 units and 1 indicator, got shape {indicators.shape}")
    values = indicators.to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise FtzlinkError(f"indicators: missing or infinite value for unit {indicators.index[r]!r}, "
                           f"indicator {indicators.columns[c]!r}; the entropy method does not fill gaps")
    return values


def _directions(direction, columns: pd.Index) -> np.ndarray:
    if direction is None:
        return np.ones(len(columns), dtype=bool)
    direction = pd.Series(direction)
    unknown = direction.index.difference(columns)
    if len(unknown):
        raise FtzlinkError(f"direction: unknown indicator(s) {preview(unknown)}")
    direction = direction.reindex(columns).fillna("positive")
    bad = ~direction.isin(["positive", "negative"])
    if bad.any():
        raise FtzlinkError(f"direction: expected 'positive' or 'negative', got {direction[bad].iloc[0]!r} "
                           f"for indicator {direction.index[bad][0]!r}")
    return (direction == "positive").to_numpy()


def _normalised(indicators: pd.DataFrame, direction) -> np.ndarray:
    """Min–max normalised indicators (negative indicators reversed), units × indicators."""
    values = _indicator_table(indicators)
    positive = _directions(direction, indicators.columns)
    lo, hi = values.min(axis=0), values.max(axis=0)
    flat = hi == lo
    if flat.any():
        raise FtzlinkError(f"indicators: indicator(s) {preview(indicators.columns[flat])} take the same value "
                           f"for every unit and carry no information; drop them")
    return np.where(positive, values - lo, hi - values) / (hi - lo)


def _weights(norm: np.ndarray) -> np.ndarray:
    """Entropy weights of the columns of a non-negative table whose columns have positive sums."""
    p = norm / norm.sum(axis=0)
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    divergence = np.maximum(1 + plogp.sum(axis=0) / np.log(norm.shape[0]), 0.0)   # e ≤ 1 up to rounding
    divergence[np.ptp(norm, axis=0) == 0] = 0.0                                     # uniform shares: e = 1
    return divergence / divergence.sum()


def _shares_table(indicators: pd.DataFrame, direction) -> np.ndarray:
    """Raw non-negative indicators for ``"share"`` entropy (direction checked, not used)."""
    values = _indicator_table(indicators)
    _directions(direction, indicators.columns)
    negative = values < 0
    if negative.any():
        r, c = np.argwhere(negative)[0]
        raise FtzlinkError(f"indicators: value {values[r, c]!r} for unit {indicators.index[r]!r}, indicator "
                           f"{indicators.columns[c]!r} is negative; normalisation='share' needs shares of "
                           f"non-negative values (use 'minmax')")
    empty = values.sum(axis=0) == 0
    if empty.any():
        raise FtzlinkError(f"indicators: indicator(s) {preview(indicators.columns[empty])} are zero for every unit; "
                           f"their shares are 0/0")
    return values


def entropy_weights(indicators: pd.DataFrame, direction: Mapping[str, str] | pd.Series | None = None, *,
                    normalisation: str = "minmax") -> pd.Series:
    """Entropy weights w_j of the indicator columns (熵值法), summing to 1.

    e_j = −(1 / ln n) Σ_i p_ij ln p_ij over the n units, d_j = 1 − e_j, w_j = d_j / Σ_j d_j,
    with shares p_ij of the min–max normalised indicators (``"minmax"``) or of the raw values
    (``"share"``); see the module docstring. Range: each w_j in [0, 1], Σ_j w_j = 1; an
    indicator concentrated on one unit has e_j = 0 and the largest weight.

    Zeros: 0 · ln 0 = 0 (its limit); no shift (平移) is added. With ``"minmax"`` an indicator
    constant across units raises (it carries no information, 0/0); with ``"share"`` a constant
    indicator gets weight 0, an all-zero one raises.

    Parameters
    ----------
    indicators : pandas.DataFrame
        Units × indicators, numeric and finite (non-negative for ``"share"``).
    direction : mapping or Series, optional
        Indicator → ``"positive"`` (more is better, default) or ``"negative"``; reverses the
        min–max normalisation of negative indicators. Checked but without effect for ``"share"``.
    normalisation : {"minmax", "share"}, default "minmax"
        How the shares p_ij are formed: from min–max normalised values (the Chinese 熵值法) or
        from the raw values (Shannon entropy of the shares, Hwang & Yoon 1981).

    Returns
    -------
    pandas.Series
        Weights named ``weight``, indexed by the indicator columns.

    Raises
    ------
    FtzlinkError
        For a non-DataFrame, fewer than 2 units, duplicate labels, non-numeric, missing or
        infinite values (naming unit and indicator), an unknown direction or ``normalisation``,
        a constant indicator with ``"minmax"``, a negative or all-zero indicator with
        ``"share"``, or a table in which every indicator is constant.

    References
    ----------
    Hwang & Yoon (1981), *Multiple Attribute Decision Making*, Springer LNEMS 186; Zou, Yun & Sun
    (2006), *Journal of Environmental Sciences* 18(5), 1020–1023; Elsayed, Dawood & Karthikeyan
    (2017), *International Journal of Engineering Trends and Technology* 46(2), 60–66.

    Examples
    --------
    Three units; a = (1, 2, 3) normalises to (0, .5, 1), p = (0, 1/3, 2/3),
    e_a = (1/3 ln 3 + 2/3 ln 1.5) / ln 3 = 0.5794; b = (0, 0, 6) gives p = (0, 0, 1),
    e_b = 0. So d = (0.4206, 1) and w_a = 0.4206 / 1.4206 = 0.2961.

    >>> x = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [0.0, 0.0, 6.0]})
    >>> entropy_weights(x).round(4).tolist()
    [0.2961, 0.7039]

    Raw shares: a gives p = (1/6, 1/3, 1/2), e_a = 0.9206, so d = (0.0794, 1) and w_a = 0.0794 / 1.0794:

    >>> entropy_weights(x, normalisation="share").round(4).tolist()
    [0.0735, 0.9265]
    """
    check_choice(normalisation, ENTROPY_NORMALISATIONS, "normalisation")
    if normalisation == "minmax":
        norm = _normalised(indicators, direction)
    else:
        norm = _shares_table(indicators, direction)
    with np.errstate(invalid="ignore", divide="ignore"):
        w = _weights(norm)
    if not np.isfinite(w).all():
        raise FtzlinkError("indicators: every indicator takes the same value for every unit; "
                           "no indicator separates the units")
    return pd.Series(w, index=indicators.columns, name="weight")


def subsystem_scores(indicators: pd.DataFrame, subsystems: Mapping[str, Sequence[str]],
                     direction: Mapping[str, str] | pd.Series | None = None) -> pd.DataFrame:
    """Entropy-weighted score U_k in [0, 1] per unit and subsystem (input to coupling_coordination).

    U_ik = Σ_{j∈k} w_j x'_ij with the min–max normalised indicators x'_ij (negative indicators
    reversed) and the ``"minmax"`` entropy weights w_j of :func:`entropy_weights` computed within
    subsystem k (module docstring). Range: [0, 1]; 0 for a unit at the minimum of every indicator
    of the subsystem, 1 at the maximum.

    Zeros: as :func:`entropy_weights` with ``"minmax"`` (0 · ln 0 = 0; a constant indicator raises).

    Parameters
    ----------
    indicators : pandas.DataFrame
        Units × indicators, numeric and finite.
    subsystems : mapping
        Subsystem name (e.g. ``"industry"``, ``"trade"``) → its indicator columns; every indicator
        belongs to exactly one subsystem.
    direction : mapping or Series, optional
        Indicator → ``"positive"`` (default) or ``"negative"``.

    Returns
    -------
    pandas.DataFrame
        Units × subsystems, indexed like ``indicators``.

    Raises
    ------
    FtzlinkError
        As :func:`entropy_weights`, and for an empty mapping, an indicator in two subsystems, an
        unknown indicator or one in no subsystem.

    References
    ----------
    Zou, Yun & Sun (2006), *Journal of Environmental Sciences* 18(5), 1020–1023 (entropy
    weights); 王淑佳 et al. (2021), 《自然资源学报》 36(3), 793–810 (subsystem scores as input to
    the coupling coordination model).

    Examples
    --------
    s1 = {a, b}: w = (0.2961, 0.7039) (see :func:`entropy_weights`), so the middle unit scores
    0.2961 · 0.5 + 0.7039 · 0 = 0.148.

    >>> x = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [0.0, 0.0, 6.0], "c": [3.0, 1.0, 2.0]})
    >>> subsystem_scores(x, {"s1": ["a", "b"], "s2": ["c"]}).round(4)["s1"].tolist()
    [0.0, 0.148, 1.0]
    """
    norm = pd.DataFrame(_normalised(indicators, direction), index=indicators.index, columns=indicators.columns)
    if not isinstance(subsystems, Mapping) or not subsystems:
        raise FtzlinkError("subsystems: expected a non-empty mapping of subsystem → indicator columns")
    listed = pd.Index([c for cols in subsystems.values() for c in cols])
    twice = listed[listed.duplicated()].unique()
    if len(twice):
        raise FtzlinkError(f"subsystems: indicator(s) in more than one subsystem: {preview(twice)}")
    unknown, unused = listed.difference(indicators.columns), indicators.columns.difference(listed)
    if len(unknown) or len(unused):
        raise FtzlinkError(f"subsystems: unknown indicator(s) [{preview(unknown)}]; "
                           f"indicator(s) in no subsystem [{preview(unused)}]")
    scores = {name: norm[list(cols)].to_numpy() @ _weights(norm[list(cols)].to_numpy())
              for name, cols in subsystems.items()}
    return pd.DataFrame(scores, index=indicators.index)
