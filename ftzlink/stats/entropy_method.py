"""Entropy weights (熵值法) and weighted subsystem scores for indicator systems.

For n units (zones or years) and indicators j, min–max normalise each indicator,

    x'_ij = (x_ij − min_j) / (max_j − min_j)     (positive indicator: more is better)
    x'_ij = (max_j − x_ij) / (max_j − min_j)     (negative indicator: less is better),

then p_ij = x'_ij / Σ_i x'_ij, the entropy e_j = −(1 / ln n) Σ_i p_ij ln p_ij (0 · ln 0 = 0),
the divergence d_j = 1 − e_j, and the weight w_j = d_j / Σ_j d_j. An indicator that separates
the units more (lower entropy) gets more weight. A subsystem's score is U_i = Σ_j w_j x'_ij,
in [0, 1], with the weights computed within that subsystem. No shift (平移) is added to zero
values; 0 · ln 0 is taken as its limit 0.

Reference: Shannon, C. E. (1948), *Bell System Technical Journal* 27, 379–423; the
entropy-weight method as in Zou, Z., Yun, Y. & Sun, J. (2006). Entropy method for
determination of weight of evaluating indicators in fuzzy synthetic evaluation for water
quality assessment. *Journal of Environmental Sciences* 18(5), 1020–1023.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ftzlink.checks import check_labelled_numeric, preview
from ftzlink.errors import FtzlinkError


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
    p = norm / norm.sum(axis=0)
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    divergence = 1 + plogp.sum(axis=0) / np.log(norm.shape[0])
    return divergence / divergence.sum()


def entropy_weights(indicators: pd.DataFrame, direction: Mapping[str, str] | pd.Series | None = None
                    ) -> pd.Series:
    """Entropy weights w_j of the indicator columns (sum to 1; formula in the module docstring).

    ``indicators`` is units × indicators; ``direction`` maps indicator → ``"positive"``
    (default) or ``"negative"``. Raises FtzlinkError for missing values and for an indicator
    constant across units, naming it.

    Example
    -------
    Three units; a = (1, 2, 3) normalises to (0, .5, 1), p = (0, 1/3, 2/3),
    e_a = (1/3 ln 3 + 2/3 ln 1.5) / ln 3 = 0.5794; b = (0, 0, 6) gives p = (0, 0, 1),
    e_b = 0. So d = (0.4206, 1) and w_a = 0.4206 / 1.4206 = 0.2961.

    >>> x = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [0.0, 0.0, 6.0]})
    >>> entropy_weights(x).round(4).tolist()
    [0.2961, 0.7039]
    """
    norm = _normalised(indicators, direction)
    return pd.Series(_weights(norm), index=indicators.columns, name="weight")


def subsystem_scores(indicators: pd.DataFrame, subsystems: Mapping[str, Sequence[str]],
                     direction: Mapping[str, str] | pd.Series | None = None) -> pd.DataFrame:
    """Entropy-weighted score U_k in [0, 1] per unit and subsystem (input to coupling_coordination).

    ``subsystems`` maps a subsystem name (e.g. ``"industry"``, ``"trade"``) to its indicator
    columns; weights are computed within each subsystem, U_ik = Σ_{j∈k} w_j x'_ij. Every
    indicator must belong to exactly one subsystem.

    Example
    -------
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
