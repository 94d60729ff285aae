"""Grey relational analysis (灰色关联分析, Deng's grey incidence model).

Comparison sequences X_i = (x_i(1), …, x_i(m)) (rows of a table: zones, industries or
factors) are compared point by point with a reference sequence X_0 (e.g. GDP over the years,
or the ideal value of each indicator). After a normalisation operator applied to every
sequence, reference included (刘思峰: 初值化 ``initial`` x(k)/x(1), 均值化 ``mean``
x(k)/x̄, 区间化 ``minmax`` (x(k) − min x)/(max x − min x), or ``none``),

    Δ_i(k) = |x_0(k) − x_i(k)|,   Δmin = min_i min_k Δ_i(k),   Δmax = max_i max_k Δ_i(k),
    ξ_i(k) = (Δmin + ρ Δmax) / (Δ_i(k) + ρ Δmax)          relational coefficient, in (0, 1],
    r_i = Σ_k w_k ξ_i(k)   (w_k = 1/m by default)          relational grade (关联度), in (0, 1],

with the distinguishing coefficient ρ ∈ (0, 1] (分辨系数, usually 0.5). The two-level min and
max run over all comparison sequences, so a grade depends on which sequences are compared
together; grades rank sequences, they are not correlations.

Two uses. Factor analysis (灰色关联因素分析): rows are factors over years, the reference is the
system's behaviour (e.g. GDP), with ``"initial"`` or ``"mean"``. Evaluation (灰色关联评价):
rows are units (zones) over indicators, each indicator min–max normalised beforehand with its
direction, the reference is the ideal unit (1 on every indicator), ``normalisation="none"`` and
indicator ``weights``; this reproduces the grey relational grades of the evaluation example of
Yıldırım & Önder (eds., 2015) as printed in the JMcDM documentation
(``tests/test_toolkit_chinese.py``).

References: Deng, J. L. (1982). Control problems of grey systems. *Systems & Control Letters*
1(5), 288–294. Deng, J. L. (1989). Introduction to grey system theory. *The Journal of Grey
System* 1(1), 1–24. 刘思峰 等 (2017). 《灰色系统理论及其应用》(第8版), 科学出版社, 第3章.
Yıldırım, B. F. & Önder, E. (eds.) (2015). *İşletmeciler, Mühendisler ve Yöneticiler için
Operasyonel, Yönetsel ve Stratejik Problemlerin Çözümünde Çok Kriterli Karar Verme
Yöntemleri*, 2nd ed., Dora, ISBN 978-605-9929-44-8 (grey relational evaluation example).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice, check_labelled_numeric, check_number, check_series, preview
from ftzlink.errors import FtzlinkError
from ftzlink.vocabulary import GREY_NORMALISATIONS


def _normalised(values: np.ndarray, normalisation: str, labels: pd.Index, name: str) -> np.ndarray:
    """Apply the sequence operator row by row (each row one sequence)."""
    if normalisation == "none":
        return values
    if normalisation == "initial":
        base = values[:, 0]
        what = "its first value is 0 (初值化 divides by it)"
    elif normalisation == "mean":
        base = values.mean(axis=1)
        what = "its mean is 0 (均值化 divides by it)"
    else:
        base = np.ptp(values, axis=1)
        what = "it is constant (区间化 divides by its range)"
    bad = base == 0
    if bad.any():
        raise FtzlinkError(f"{name}: sequence(s) {preview(labels[bad])}: {what}; choose another normalisation")
    if normalisation == "minmax":
        return (values - values.min(axis=1, keepdims=True)) / base[:, None]
    return values / base[:, None]


def grey_relational_coefficients(comparison: pd.DataFrame, reference: pd.Series, *, rho: float = 0.5,
                                 normalisation: str = "initial") -> pd.DataFrame:
    """Grey relational coefficients ξ_i(k) of each comparison sequence at each point (Deng 1982).

    ξ_i(k) = (Δmin + ρ Δmax) / (Δ_i(k) + ρ Δmax) with Δ_i(k) = |x_0(k) − x_i(k)| after the
    ``normalisation`` of every sequence; Δmin and Δmax run over all sequences and points (module
    docstring). Range: (0, 1]; 1 where the gap is the smallest one.

    Zeros: when every sequence equals the reference at every point (Δmax = 0) all coefficients
    are 1, the limit of the formula; a zero divisor of the normalisation (first value, mean or
    range) raises FtzlinkError naming the sequence.

    Parameters
    ----------
    comparison : pandas.DataFrame
        Comparison sequences as rows (zones, industries or factors) × points as columns (years
        or indicators), numeric and finite.
    reference : pandas.Series
        The reference sequence over the same points (labels as ``comparison``'s columns).
    rho : float, default 0.5
        Distinguishing coefficient ρ in (0, 1]; smaller values spread the coefficients more.
    normalisation : {"initial", "mean", "minmax", "none"}, default "initial"
        Operator applied to every sequence: x(k)/x(1), x(k)/x̄, (x(k) − min)/(max − min), or
        none (for indicators already made comparable).

    Returns
    -------
    pandas.DataFrame
        ξ, indexed like ``comparison`` with its columns.

    Raises
    ------
    FtzlinkError
        For a non-DataFrame or non-Series input, duplicate labels, non-numeric, missing or
        infinite values, points of the reference that differ from the columns, fewer than two
        points, a ``rho`` outside (0, 1], an unknown normalisation or a zero divisor in it.

    References
    ----------
    Deng, J. L. (1982), Control problems of grey systems, *Systems & Control Letters* 1(5),
    288–294; 刘思峰 等 (2017), 《灰色系统理论及其应用》, 第3章 (邓氏灰色关联度).

    Examples
    --------
    Reference (10, 12, 15) → (1, 1.2, 1.5); X1 = (20, 25, 28) → (1, 1.25, 1.4); X2 = (5, 5, 8)
    → (1, 1, 1.6). Gaps Δ1 = (0, 0.05, 0.1), Δ2 = (0, 0.2, 0.1); Δmin = 0, Δmax = 0.2, ρΔmax = 0.1.

    >>> x = pd.DataFrame([[20.0, 25.0, 28.0], [5.0, 5.0, 8.0]], index=["x1", "x2"], columns=[2021, 2022, 2023])
    >>> xi = grey_relational_coefficients(x, pd.Series([10.0, 12.0, 15.0], index=[2021, 2022, 2023]))
    >>> xi.round(6).to_numpy().tolist()
    [[1.0, 0.666667, 0.5], [1.0, 0.333333, 0.5]]
    """
    check_choice(normalisation, GREY_NORMALISATIONS, "normalisation")
    rho = check_number(rho, "rho", 0, 1, open_low=True)
    check_labelled_numeric(comparison, "comparison", ("sequence", "point"), "sequences × points")
    if comparison.shape[0] < 1 or comparison.shape[1] < 2:
        raise FtzlinkError(f"comparison: needs at least one sequence and two points, got shape {comparison.shape}")
    if not isinstance(reference, pd.Series):
        raise FtzlinkError(f"reference: expected a pandas Series over the points, got {type(reference).__name__}")
    ref = check_series(reference, "reference", comparison.columns, against="comparison columns").to_numpy()
    values = comparison.to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise FtzlinkError(f"comparison: missing or infinite value for sequence {preview([comparison.index[r]])}, "
                           f"point {preview([comparison.columns[c]])}")
    both = _normalised(np.vstack([ref, values]), normalisation, pd.Index(["reference"]).append(comparison.index),
                       "comparison")
    gap = np.abs(both[1:] - both[0])
    low, high = gap.min(), gap.max()
    xi = np.ones_like(gap) if high == 0 else (low + rho * high) / (gap + rho * high)
    return pd.DataFrame(xi, index=comparison.index, columns=comparison.columns)


def grey_relational_grades(comparison: pd.DataFrame, reference: pd.Series, *, rho: float = 0.5,
                           normalisation: str = "initial", weights: pd.Series | None = None) -> pd.Series:
    """Grey relational grade r_i = Σ_k w_k ξ_i(k) of each comparison sequence (Deng's 关联度).

    The (weighted) mean over the points of :func:`grey_relational_coefficients`; w_k = 1/m by
    default. Range: (0, 1]; a higher grade means the sequence moves more like the reference.

    Zeros: see :func:`grey_relational_coefficients`; zero weights drop points.

    Parameters
    ----------
    comparison : pandas.DataFrame
        Comparison sequences (rows) × points (columns).
    reference : pandas.Series
        Reference sequence over the same points.
    rho : float, default 0.5
        Distinguishing coefficient ρ in (0, 1].
    normalisation : {"initial", "mean", "minmax", "none"}, default "initial"
        Operator applied to every sequence.
    weights : pandas.Series, optional
        Weights of the points (labelled by ``comparison``'s columns, non-negative, summing to 1),
        e.g. :func:`ftzlink.stats.entropy_weights` of indicators; default equal weights.

    Returns
    -------
    pandas.Series
        Grades named ``grade``, indexed like ``comparison``.

    Raises
    ------
    FtzlinkError
        As :func:`grey_relational_coefficients`, and for weights with other labels, negative
        or missing values, or a sum other than 1.

    References
    ----------
    Deng, J. L. (1989), Introduction to grey system theory, *The Journal of Grey System* 1(1),
    1–24; 刘思峰 等 (2017), 《灰色系统理论及其应用》, 第3章; Yıldırım & Önder (eds., 2015), Dora
    (weighted evaluation example, module docstring).

    Examples
    --------
    With the coefficients of :func:`grey_relational_coefficients`: r1 = (1 + 2/3 + 1/2)/3 =
    13/18, r2 = (1 + 1/3 + 1/2)/3 = 11/18, so X1 relates more closely to the reference.

    >>> x = pd.DataFrame([[20.0, 25.0, 28.0], [5.0, 5.0, 8.0]], index=["x1", "x2"], columns=[2021, 2022, 2023])
    >>> grey_relational_grades(x, pd.Series([10.0, 12.0, 15.0], index=[2021, 2022, 2023])).round(6).to_dict()
    {'x1': 0.722222, 'x2': 0.611111}
    """
    xi = grey_relational_coefficients(comparison, reference, rho=rho, normalisation=normalisation)
    if weights is None:
        w = np.full(xi.shape[1], 1.0 / xi.shape[1])
    else:
        w = check_series(pd.Series(weights), "weights", xi.columns, nonnegative=True,
                         against="comparison columns").to_numpy()
        if not np.isclose(w.sum(), 1.0, rtol=0, atol=1e-9):
            raise FtzlinkError(f"weights: must sum to 1, got {w.sum():g}")
    return pd.Series(xi.to_numpy() @ w, index=comparison.index, name="grade")
