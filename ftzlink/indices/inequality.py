"""Regional inequality, concentration and convergence (the REAT family).

Inequality indices take ``values``: a Series of a non-negative measure by region (GDP per
capita, income, employment), or a DataFrame with regions in rows and one column per year or
variable — then every column is measured at once and a Series by column comes back. Optional
``weights`` (population, usually) are a Series by region or a DataFrame of the same shape;
weighted indices use the weight shares w_r = p_r / Σ p. μ = Σ_r w_r x_r is the (weighted) mean.

- :func:`theil` (T and L) and :func:`theil_decomposition` (between / within groups),
  :func:`atkinson`, :func:`coefficient_of_variation`, :func:`williamson`,
  :func:`gini_coefficient` (weighted, normalised);
- curves: :func:`lorenz_curve`, :func:`hoover_curve` (plots: :func:`ftzlink.plot.curves.lorenz_plot`);
- concentration of a region × industry ``mat``: :func:`normalised_herfindahl`,
  :func:`numbers_equivalent`, and the Ellison–Glaeser index :func:`ellison_glaeser` with the
  plant-size Herfindahl from :func:`plant_herfindahl`;
- convergence over a regions × years table: :func:`beta_convergence` (OLS, statsmodels) and
  :func:`sigma_convergence`.

REAT (Wieland; R sources at github.com/cran/REAT, ``R/<name>.R``) is the peer; where REAT's
code departs from the published definition (noted in each docstring) ftzlink follows the
definition and says how to get REAT's number.

Examples below use::

    >>> gdp = pd.Series({"r1": 1.0, "r2": 2.0, "r3": 3.0, "r4": 6.0})
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ftzlink.checks import (
    check_choice,
    check_columns,
    check_flag,
    check_integer,
    check_matrix,
    check_number,
    check_same_labels,
    check_series,
    check_vector,
    preview,
)
from ftzlink.errors import FtzlinkError
from ftzlink.indices._kernels import as_array, row_shares
from ftzlink.vocabulary import DISPERSION_MEASURES, THEIL_INDICES

if TYPE_CHECKING:
    from ftzlink.stats.result import InferenceResult


class _Columns:
    """``values`` (and ``weights``) as 2-D arrays (regions × columns) plus how to label the result."""

    def __init__(self, values, weights, *, weights_name: str = "weights", require_weights: bool = False):
        if isinstance(values, pd.Series):
            self.x = check_series(values, "values", nonnegative=True).to_numpy()[:, None]
            self.columns = None
        elif isinstance(values, pd.DataFrame):
            self.x = check_matrix(values, "values").to_numpy()
            self.columns = values.columns
        else:
            raise FtzlinkError(f"values: expected a pandas Series by region or a DataFrame regions × columns, "
                               f"got {type(values).__name__}")
        self.index = values.index
        if weights is None:
            if require_weights:
                raise FtzlinkError(f"{weights_name}: required (a Series by region)")
            self.w = np.full(self.x.shape, 1.0 / self.x.shape[0])
            self.weighted = False
            return
        if isinstance(weights, pd.Series):
            w = check_vector(weights, values.index, weights_name, "values index")[:, None] * np.ones(self.x.shape)
        elif isinstance(weights, pd.DataFrame) and isinstance(values, pd.DataFrame):
            check_same_labels(weights, values, "index", (weights_name, "values"))
            check_same_labels(weights, values, "columns", (weights_name, "values"))
            w = check_matrix(weights.loc[values.index, values.columns], weights_name, allow_zero_cols=False).to_numpy()
        else:
            raise FtzlinkError(f"{weights_name}: expected a Series by region (or a DataFrame shaped like values), "
                               f"got {type(weights).__name__}")
        w = np.ldexp(w, -np.frexp(w.max(axis=0))[1])   # scaled first (exactly): the sum cannot overflow
        self.w = w / w.sum(axis=0)
        self.weighted = True

    def scaled(self) -> np.ndarray:
        """Values divided by the power of two just above their column maximum (exact: no digit
        changes): for indices that do not depend on the scale, so that squares neither overflow
        (values near 1e308) nor underflow (near 1e-308)."""
        return np.ldexp(self.x, -np.frexp(self.x.max(axis=0))[1])

    def out(self, values: np.ndarray, name: str):
        values = np.asarray(values, dtype=float)
        if self.columns is None:
            return float(values[0])
        return pd.Series(values, index=self.columns, name=name)


def _xlogx_ratio(x: np.ndarray, m: np.ndarray) -> np.ndarray:
    """(x / m) ln(x / m) with 0 ln 0 = 0 (m broadcast)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        r = x / m
        return np.where(x > 0, r * np.log(np.where(x > 0, r, 1.0)), 0.0)


def _log_ratio(m: np.ndarray, x: np.ndarray) -> np.ndarray:
    """ln(m / x): +inf where x = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(m / x)


def theil(values: pd.Series | pd.DataFrame, weights: pd.Series | pd.DataFrame | None = None, *,
          index: str = "T") -> float | pd.Series:
    """Theil index of inequality across regions: T (GE(1)) or L (mean log deviation, GE(0)).

    T = Σ_r w_r (x_r / μ) ln(x_r / μ) and L = Σ_r w_r ln(μ / x_r), with w_r = 1/n or the weight
    shares and μ = Σ_r w_r x_r. With population weights and x per-capita income, T is the
    income-share form Σ_r (Y_r / Y) ln((Y_r / Y) / (P_r / P)).

    Parameters
    ----------
    values : Series or DataFrame
        Non-negative measure by region (DataFrame: one index per column).
    weights : Series or DataFrame, optional
        Non-negative weights by region (population); default equal weights.
    index : {"T", "L"}, default "T"

    Returns
    -------
    float or Series
        Range [0, ln n] for unweighted T, [0, ∞) for L; 0 = perfect equality.

    Zeros: a zero value adds 0 to T (0 ln 0 = 0) and makes L NaN (ln(μ/0), REAT's NA); a zero
    mean gives NaN. REAT's ``theil(x)`` is the unweighted L (its weighted form averages the
    weighted terms once more; ftzlink uses the definition).
    Reference: Theil (1967) *Economics and Information Theory*; Shorrocks (1980) Econometrica
    48: 613–625; REAT ``theil`` (R/theil.R).

    Examples
    --------
    >>> gdp = pd.Series({"r1": 1.0, "r2": 2.0, "r3": 3.0, "r4": 6.0})
    >>> round(theil(gdp), 6), round(theil(gdp, index="L"), 6)
    (0.187445, 0.202733)
    """
    check_choice(index, THEIL_INDICES, "index")
    c = _Columns(values, weights)
    mu = (c.w * c.x).sum(axis=0)
    with np.errstate(invalid="ignore"):
        if index == "T":
            t = (c.w * _xlogx_ratio(c.x, mu)).sum(axis=0)
        else:
            terms = np.where(c.w > 0, c.w * _log_ratio(mu, c.x), 0.0)
            t = terms.sum(axis=0)
            t[~np.isfinite(t)] = np.nan
    t[~(mu > 0)] = np.nan
    return c.out(t, f"theil_{index}")


def theil_decomposition(values: pd.Series | pd.DataFrame, groups: pd.Series,
                        weights: pd.Series | pd.DataFrame | None = None, *, index: str = "T"
                        ) -> pd.Series | pd.DataFrame:
    """Theil index split into inequality between groups (provinces) and within them.

    T = T_between + T_within with T_between = Σ_g s_g ln(μ_g / μ) and T_within = Σ_g s_g T_g,
    s_g = W_g μ_g / μ the group's share of the total and W_g = Σ_{r∈g} w_r its weight; for L,
    L_between = Σ_g W_g ln(μ / μ_g) and L_within = Σ_g W_g L_g. μ_g is the weighted mean of group g.

    Parameters
    ----------
    values, weights, index
        As in :func:`theil`.
    groups : Series
        Group label (e.g. province) of every region in ``values``.

    Returns
    -------
    Series or DataFrame
        ``between``, ``within``, ``total`` (and ``between_share`` = between / total); a
        DataFrame with one row per column of ``values``.

    Zeros: as in :func:`theil`; a group whose weights sum to 0 adds nothing.
    Reference: Shorrocks (1980); Akita (2003) Annals of Regional Science 37: 55–77.

    Examples
    --------
    >>> gdp = pd.Series({"r1": 1.0, "r2": 2.0, "r3": 3.0, "r4": 6.0})
    >>> provinces = pd.Series({"r1": "p", "r2": "p", "r3": "q", "r4": "q"})
    >>> theil_decomposition(gdp, provinces).round(6).tolist()  # between, within, total, share
    [0.130812, 0.056633, 0.187445, 0.697869]
    """
    check_choice(index, THEIL_INDICES, "index")
    c = _Columns(values, weights)
    if not isinstance(groups, pd.Series):
        raise FtzlinkError(f"groups: expected a pandas Series region → group, got {type(groups).__name__}")
    check_same_labels(groups, pd.Series(index=c.index, dtype=float), "index", ("groups", "values index"))
    labels = groups.reindex(c.index)
    if labels.isna().any():
        raise FtzlinkError(f"groups: missing group for region(s) {preview(c.index[labels.isna().to_numpy()])}")
    codes, _ = pd.factorize(labels)
    one_hot = np.zeros((len(codes), codes.max() + 1))
    one_hot[np.arange(len(codes)), codes] = 1.0
    mu = (c.w * c.x).sum(axis=0)
    wg = one_hot.T @ c.w  # groups × columns
    yg = one_hot.T @ (c.w * c.x)
    with np.errstate(divide="ignore", invalid="ignore"):
        mug = yg / wg
        mu_r = mug[codes]  # each region's group mean
        if index == "T":
            between = np.where(yg > 0, (yg / mu) * np.log(mug / mu), 0.0).sum(axis=0)
            within = (c.w * _xlogx_ratio(c.x, mu_r) * (mu_r / mu)).sum(axis=0)
        else:
            between = np.where(wg > 0, wg * np.log(mu / mug), 0.0).sum(axis=0)
            within = np.where(c.w > 0, c.w * _log_ratio(mu_r, c.x), 0.0).sum(axis=0)
    table = np.vstack([between, within, between + within])
    table[:, ~(mu > 0) | ~np.isfinite(table).all(axis=0)] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        table = np.vstack([table, table[0] / table[2]])
    names = ["between", "within", "total", "between_share"]
    if c.columns is None:
        return pd.Series(table[:, 0], index=names, name=f"theil_{index}")
    return pd.DataFrame(table.T, index=c.columns, columns=names)


def atkinson(values: pd.Series | pd.DataFrame, weights: pd.Series | pd.DataFrame | None = None, *,
             epsilon: float = 0.5) -> float | pd.Series:
    """Atkinson index: A_ε = 1 − (Σ_r w_r (x_r / μ)^(1−ε))^(1/(1−ε)); A_1 = 1 − exp(Σ_r w_r ln x_r) / μ.

    The share of the mean that a society with inequality aversion ε would give up for equality
    (1 − equally-distributed equivalent / mean).

    Parameters
    ----------
    values, weights
        As in :func:`theil`.
    epsilon : float, default 0.5
        Inequality aversion ε ≥ 0 (0: no aversion, A = 0).

    Returns
    -------
    float or Series
        Range [0, 1].

    Zeros: with ε ≥ 1 a zero value makes the equally-distributed equivalent 0, so A = 1 (REAT
    returns NA for ε = 1); a zero mean gives NaN.
    Reference: Atkinson (1970) J. Econ. Theory 2: 244–263; REAT ``atkinson`` (R/atkinson.R,
    unweighted).

    Examples
    --------
    >>> gdp = pd.Series({"r1": 1.0, "r2": 2.0, "r3": 3.0, "r4": 6.0})
    >>> round(atkinson(gdp), 6), round(atkinson(gdp, epsilon=1), 6)
    (0.093667, 0.183503)
    """
    epsilon = check_number(epsilon, "epsilon", 0.0)
    c = _Columns(values, weights)
    mu = (c.w * c.x).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if epsilon == 1.0:
            logs = np.where(c.w > 0, c.w * np.log(c.x), 0.0).sum(axis=0)
            ede = np.exp(logs)
        else:
            power = np.where(c.w > 0, c.w * (c.x / mu) ** (1.0 - epsilon), 0.0).sum(axis=0)
            ede = mu * power ** (1.0 / (1.0 - epsilon))
        a = 1.0 - ede / mu
    a[~(mu > 0)] = np.nan
    return c.out(a, "atkinson")


def coefficient_of_variation(values: pd.Series | pd.DataFrame, weights: pd.Series | pd.DataFrame | None = None, *,
                             ddof: int = 0, normalised: bool = False) -> float | pd.Series:
    """Coefficient of variation across regions: sd / mean, unweighted or weighted.

    Unweighted: CV = sqrt(Σ_r (x_r − x̄)² / (n − ddof)) / x̄. Weighted: CV_w = sqrt(Σ_r w_r
    (x_r − μ)²) / μ with the weight shares w_r (with population weights this is
    :func:`williamson`). ``normalised`` divides by the largest possible value (all of the total
    in one region): sqrt(n − 1) for ddof = 0, sqrt(n) for ddof = 1, so the result lies in [0, 1].

    Parameters
    ----------
    values, weights
        As in :func:`theil`.
    ddof : {0, 1}, default 0
        Population (0) or sample (1) standard deviation; unweighted only.
    normalised : bool, default False
        Divide by the maximum (unweighted only).

    Returns
    -------
    float or Series
        Range [0, sqrt(n − 1)] (ddof = 0), [0, sqrt(n)] (ddof = 1); [0, 1] normalised.

    Zeros: a zero mean gives NaN. REAT's ``cv`` defaults to the sample sd (``is.sample=TRUE``),
    uses the unweighted mean in weighted deviations unless ``wmean=TRUE``, and normalises by
    sqrt(n − 1) (sample) or sqrt(n) (population); ftzlink's ddof=1 equals REAT's default,
    its weighted CV REAT's ``wmean=TRUE``.
    Reference: REAT ``cv`` (R/cv.R).

    Examples
    --------
    >>> gdp = pd.Series({"r1": 1.0, "r2": 2.0, "r3": 3.0, "r4": 6.0})
    >>> round(coefficient_of_variation(gdp), 6), round(coefficient_of_variation(gdp, ddof=1), 6)
    (0.62361, 0.720082)
    """
    ddof = check_integer(ddof, "ddof", 0, 1)
    normalised = check_flag(normalised, "normalised")
    c = _Columns(values, weights)
    if c.weighted and (ddof or normalised):
        raise FtzlinkError("coefficient_of_variation: ddof and normalised apply to the unweighted CV only")
    n = c.x.shape[0]
    if n - ddof < 1:
        raise FtzlinkError(f"coefficient_of_variation: ddof={ddof} needs at least {ddof + 1} regions")
    x = c.scaled()
    mu = (c.w * x).sum(axis=0)
    var = (c.w * (x - mu) ** 2).sum(axis=0) * n / (n - ddof) if not c.weighted else \
        (c.w * (x - mu) ** 2).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = np.sqrt(var) / mu
        if normalised:
            cv = cv / np.sqrt(n - 1 + ddof)
    cv[~(mu > 0)] = np.nan
    return c.out(cv, "cv")


def williamson(values: pd.Series | pd.DataFrame, population: pd.Series | pd.DataFrame) -> float | pd.Series:
    """Williamson index of regional inequality: V_w = sqrt(Σ_r (p_r / P) (y_r − ȳ)²) / ȳ.

    y_r is per-capita income of region r, p_r its population and ȳ = Σ_r p_r y_r / P the national
    per-capita income: the population-weighted coefficient of variation.

    Parameters
    ----------
    values : Series or DataFrame
        Per-capita values by region (columns: years).
    population : Series or DataFrame
        Population by region (required).

    Returns
    -------
    float or Series
        Range [0, ∞); 0 = equal per-capita income everywhere.

    Zeros: a zero national mean gives NaN; zero-population regions carry no weight. REAT's
    ``williamson`` defaults to ``wmean=FALSE`` (deviations from the unweighted mean); ftzlink
    follows Williamson (1965) and equals REAT's ``williamson(x, p, wmean=TRUE)``.
    Reference: Williamson (1965) Economic Development and Cultural Change 13: 1–84; REAT
    ``williamson`` (R/williamson.R).

    Examples
    --------
    >>> gdp = pd.Series({"r1": 1.0, "r2": 2.0, "r3": 3.0, "r4": 6.0})
    >>> round(williamson(gdp, pd.Series({"r1": 4, "r2": 3, "r3": 2, "r4": 1})), 6)  # ȳ = 2.2
    0.668043
    """
    c = _Columns(values, population, weights_name="population", require_weights=True)
    x = c.scaled()
    mu = (c.w * x).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.sqrt((c.w * (x - mu) ** 2).sum(axis=0)) / mu
    v[~(mu > 0)] = np.nan
    return c.out(v, "williamson")


def _lorenz(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort order and cumulative weight / value shares (without the origin) per column."""
    order = np.argsort(x, axis=0, kind="stable")
    xs = np.take_along_axis(x, order, axis=0)
    ws = np.take_along_axis(w, order, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.cumsum(ws, axis=0) / ws.sum(axis=0)
        y = np.cumsum(ws * xs, axis=0) / (ws * xs).sum(axis=0)
    return order, z, y


def gini_coefficient(values: pd.Series | pd.DataFrame, weights: pd.Series | pd.DataFrame | None = None, *,
                     normalised: bool = False) -> float | pd.Series:
    """Gini coefficient of a regional distribution, unweighted or weighted (area form).

    With regions sorted by x, z_k the cumulative weight share and y_k the cumulative value share
    (z_0 = y_0 = 0): G = 1 − Σ_k (z_k − z_k−1)(y_k + y_k−1), one minus twice the area under the
    Lorenz curve. Unweighted, G = Σ_r Σ_q |x_r − x_q| / (2 n² x̄). ``normalised`` multiplies by
    n / (n − 1) (REAT's ``coefnorm``), so one region holding everything gives 1.

    Parameters
    ----------
    values, weights
        As in :func:`theil`.
    normalised : bool, default False

    Returns
    -------
    float or Series
        Range [0, (n − 1)/n] unweighted, [0, 1] normalised.

    Zeros: zeros are values like any other; an all-zero distribution gives NaN. REAT's weighted
    ``gini`` sorts the values but not the weights with them (right only for pre-sorted input);
    ftzlink sorts both. For one industry across regions of a ``mat`` see also
    :func:`ftzlink.indices.gini` (EconGeo's, unweighted).
    Reference: Gini (1912); REAT ``gini`` (R/gini.R).

    Examples
    --------
    >>> gdp = pd.Series({"r1": 1.0, "r2": 2.0, "r3": 3.0, "r4": 6.0})
    >>> round(gini_coefficient(gdp), 6), round(gini_coefficient(gdp, normalised=True), 6)
    (0.333333, 0.444444)
    """
    normalised = check_flag(normalised, "normalised")
    c = _Columns(values, weights)
    _, z, y = _lorenz(c.x, c.w)
    zero = np.zeros((1, z.shape[1]))
    z0, y0 = np.vstack([zero, z]), np.vstack([zero, y])
    g = 1.0 - ((z0[1:] - z0[:-1]) * (y0[1:] + y0[:-1])).sum(axis=0)
    n = c.x.shape[0]
    if normalised:
        g = g * n / (n - 1) if n > 1 else np.full_like(g, np.nan)
    g[~np.isfinite(y).all(axis=0)] = np.nan
    return c.out(g, "gini")


def _curve_frame(labels: pd.Index, order: np.ndarray, z: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    name = labels.name or "region"
    return pd.DataFrame({
        name: [None, *labels[order[:, 0]]],
        "cum_population": np.r_[0.0, z[:, 0]],
        "cum_value": np.r_[0.0, y[:, 0]],
    }).rename_axis("rank")


def lorenz_curve(values: pd.Series, weights: pd.Series | None = None) -> pd.DataFrame:
    """Coordinates of the Lorenz curve: cumulative shares of regions (weights) and of the values.

    Regions sorted by x ascending; point k = (z_k, y_k) with z_k the cumulative share of regions
    (of the weights) and y_k the cumulative share of the values (weighted, Σ w x), from (0, 0)
    to (1, 1). The Gini coefficient is one minus twice the area under it.

    Parameters
    ----------
    values : Series
        Non-negative measure by region.
    weights : Series, optional
        Weights by region (population); default equal weights.

    Returns
    -------
    DataFrame
        Rows 0..n (index "rank"), columns: the region label (missing at the origin; named as
        ``values.index`` or "region"), ``cum_population``, ``cum_value``.

    Zeros: zero values sit at the start of the curve; all-zero values give NaN shares.
    Reference: Lorenz (1905) Publications of the ASA 9: 209–219; EconGeo ``Lorenz.curve``
    (``plot=FALSE``), REAT ``lorenz``.

    Examples
    --------
    >>> gdp = pd.Series({"r1": 1.0, "r2": 2.0, "r3": 3.0, "r4": 6.0})
    >>> lorenz_curve(gdp)["cum_value"].round(4).tolist()
    [0.0, 0.0833, 0.25, 0.5, 1.0]
    """
    if not isinstance(values, pd.Series):
        raise FtzlinkError(f"values: expected a pandas Series by region, got {type(values).__name__}")
    c = _Columns(values, weights)
    order, z, y = _lorenz(c.x, c.w)
    return _curve_frame(values.index, order, z, y)


def hoover_curve(values: pd.Series, population: pd.Series) -> pd.DataFrame:
    """Coordinates of the Hoover (concentration) curve of a measure against population.

    Regions sorted by x_r / p_r ascending; point k = cumulative share of population, cumulative
    share of the measure, from (0, 0) to (1, 1). Equal to :func:`lorenz_curve` of x_r / p_r
    weighted by p_r. The Hoover index is the largest vertical gap to the diagonal.

    Parameters
    ----------
    values : Series
        Non-negative measure by region (an industry's employment, output).
    population : Series
        Population (or any size) by region.

    Returns
    -------
    DataFrame
        As :func:`lorenz_curve`: region, ``cum_population``, ``cum_value``.

    Zeros: a region without population and without the measure sorts first (EconGeo sets 0/0 to
    0); one without population but with the measure sorts last.
    Reference: Hoover (1936) Rev. Econ. Stat. 18: 162–171; EconGeo ``Hoover.curve`` (``plot=FALSE``).

    Examples
    --------
    >>> jobs = pd.Series({"r1": 0.0, "r2": 10.0, "r3": 30.0})
    >>> hoover_curve(jobs, pd.Series({"r1": 1.0, "r2": 2.0, "r3": 1.0}))["cum_value"].tolist()
    [0.0, 0.0, 0.25, 1.0]
    """
    if not isinstance(values, pd.Series):
        raise FtzlinkError(f"values: expected a pandas Series by region, got {type(values).__name__}")
    x = check_series(values, "values", nonnegative=True).to_numpy()
    p = check_vector(population, values.index, "population", "values index")
    if x.sum() == 0:
        raise FtzlinkError("values: all values are zero")
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.nan_to_num(x / p, nan=0.0, posinf=np.inf)
    order = np.argsort(ratio, kind="stable")
    z = np.cumsum(p[order]) / p.sum()
    y = np.cumsum(x[order]) / x.sum()
    return _curve_frame(values.index, order[:, None], z[:, None], y[:, None])


def normalised_herfindahl(mat: pd.DataFrame) -> pd.Series:
    """Normalised Herfindahl of each region's industry mix: H*_r = (H_r − 1/n) / (1 − 1/n).

    H_r = Σ_i s_ri² (:func:`ftzlink.indices.herfindahl`), n the number of industries. Range [0, 1]:
    0 = activity spread evenly over all industries, 1 = all in one. For the concentration of each
    industry across regions pass ``mat.T``.

    Parameters
    ----------
    mat : DataFrame
        Region × industry measure matrix.

    Returns
    -------
    Series
        One value per region, named "normalised_herfindahl".

    Zeros: an all-zero row gives NaN; a single industry (n = 1) gives NaN (0/0).
    Reference: REAT ``herf(x, coefnorm=TRUE)`` (R/herf.R); Hirschman (1964) AER 54: 761.

    Examples
    --------
    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> normalised_herfindahl(mat).round(4).tolist()  # H = (0.625, 0.375, 0.375)
    [0.5, 0.1667, 0.1667]
    """
    s = row_shares(as_array(mat, "mat"))
    h = (s * s).sum(axis=1)
    n = s.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        values = (h - 1.0 / n) / (1.0 - 1.0 / n)
    return pd.Series(values, index=mat.index, name="normalised_herfindahl")


def numbers_equivalent(mat: pd.DataFrame) -> pd.Series:
    """Numbers-equivalent of each region's industry mix: 1 / H_r, the count of equal-sized industries
    with the same Herfindahl.

    Range [1, n_industries].

    Parameters
    ----------
    mat : DataFrame
        Region × industry measure matrix.

    Returns
    -------
    Series
        One value per region, named "numbers_equivalent".

    Zeros: an all-zero row gives NaN.
    Reference: Adelman (1969) Rev. Econ. Stat. 51: 99–101; REAT ``herf(x, output="eq")``.

    Examples
    --------
    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> numbers_equivalent(mat).round(4).tolist()
    [1.6, 2.6667, 2.6667]
    """
    s = row_shares(as_array(mat, "mat"))
    with np.errstate(divide="ignore"):
        values = 1.0 / (s * s).sum(axis=1)
    return pd.Series(values, index=mat.index, name="numbers_equivalent")


def plant_herfindahl(plants: pd.DataFrame, industry: str = "industry", size: str = "size") -> pd.Series:
    """Plant-size Herfindahl of each industry: H_i = Σ_k (e_k / E_i)² over its plants k.

    The input the Ellison–Glaeser index (:func:`ellison_glaeser`) needs to separate plant-level
    lumpiness from agglomeration.

    Parameters
    ----------
    plants : DataFrame
        One row per plant (firm, establishment) with its industry and size (employment).
    industry, size : str
        Column names.

    Returns
    -------
    Series
        One value per industry (sorted), named "plant_herfindahl". Range (0, 1]: 1 = one plant.

    Zeros: zero-size plants add nothing; an industry whose plants all have size 0 gets NaN.
    Reference: Ellison & Glaeser (1997) J. Polit. Econ. 105: 889–927; REAT ``ellison.a``
    (``herf(e_ik)``).

    Examples
    --------
    >>> plants = pd.DataFrame({"industry": ["a", "a", "b"], "size": [30, 10, 5]})
    >>> plant_herfindahl(plants).tolist()  # (3/4)² + (1/4)², 1
    [0.625, 1.0]
    """
    check_columns(plants, [industry, size], "plants")
    if plants.empty:
        raise FtzlinkError("plants: the table has no rows")
    e = pd.to_numeric(plants[size], errors="coerce")
    if e.isna().any() or not np.isfinite(e.to_numpy(dtype=float)).all() or (e < 0).any():
        bad = plants.index[(e.isna() | ~np.isfinite(e.fillna(0)) | (e < 0)).to_numpy()]
        raise FtzlinkError(f"plants: {size!r} must be finite non-negative numbers; bad row(s) {preview(bad)}")
    if plants[industry].isna().any():
        raise FtzlinkError(f"plants: missing {industry!r} in {int(plants[industry].isna().sum())} row(s)")
    frame = pd.DataFrame({"industry": plants[industry].to_numpy(), "e": e.to_numpy(dtype=float)})
    total = frame.groupby("industry")["e"].transform("sum").to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["z2"] = (frame["e"].to_numpy() / total) ** 2
    out = frame.groupby("industry")["z2"].sum(min_count=1)
    out[frame.groupby("industry")["e"].sum() == 0] = np.nan
    return out.rename("plant_herfindahl").rename_axis(industry)


def ellison_glaeser(mat: pd.DataFrame, plant_hhi: pd.Series, region_totals: pd.Series | None = None) -> pd.DataFrame:
    """Ellison–Glaeser agglomeration index γ of each industry, net of plant-size concentration.

    G_i = Σ_r (s_ri − s_r)², with s_ri = x_ri / x_.i the region's share of industry i and s_r its
    share of total employment; γ_i = (G_i − (1 − Σ_r s_r²) H_i) / ((1 − Σ_r s_r²)(1 − H_i)), H_i
    the plant-size Herfindahl (:func:`plant_herfindahl`). E[γ] = 0 when plants locate at random
    ("dartboard"); γ > 0.05 is conventionally "highly concentrated", < 0.02 "not very".

    Parameters
    ----------
    mat : DataFrame
        Region × industry employment.
    plant_hhi : Series
        Plant Herfindahl H_i by industry (``mat``'s columns), in [0, 1).
    region_totals : Series, optional
        Total employment by region for s_r (default: the row sums of ``mat``).

    Returns
    -------
    DataFrame
        One row per industry; columns ``gamma``, ``G`` (raw geographic concentration) and
        ``herfindahl`` (H_i). Range of γ: about [−1, 1].

    Zeros: an industry with no employment gets NaN; H_i = 1 (a single plant) gives NaN (0/0).
    Reference: Ellison & Glaeser (1997) J. Polit. Econ. 105: 889–927; REAT ``ellison.a``
    (R/ellison.a.R, one industry from plant data).

    Examples
    --------
    >>> mat = pd.DataFrame({"a": [30, 10], "b": [10, 30]}, index=["r1", "r2"])
    >>> ellison_glaeser(mat, pd.Series({"a": 0.5, "b": 0.5})).round(4)["gamma"].tolist()  # G = 1/8
    [-0.5, -0.5]
    """
    x = as_array(mat, "mat")
    h = check_series(plant_hhi, "plant_hhi", mat.columns, nonnegative=True, against="mat columns").to_numpy()
    if (h > 1).any():
        raise FtzlinkError(f"plant_hhi: values above 1 for {preview(mat.columns[h > 1])}; a Herfindahl is in [0, 1]")
    totals = x.sum(axis=1) if region_totals is None else check_vector(region_totals, mat.index, "region_totals",
                                                                       "mat rows")
    s = totals / totals.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        share = x / x.sum(axis=0)
        g = ((share - s[:, None]) ** 2).sum(axis=0)
        base = 1.0 - (s * s).sum()
        gamma = (g - base * h) / (base * (1.0 - h))
    gamma[~np.isfinite(gamma)] = np.nan
    return pd.DataFrame({"gamma": gamma, "G": g, "herfindahl": h}, index=mat.columns)


def _years(values: pd.DataFrame, name: str) -> np.ndarray:
    try:
        return np.asarray(values.columns, dtype=float)
    except (TypeError, ValueError):
        raise FtzlinkError(f"{name}: columns must be years (numbers), got {preview(values.columns)}") from None


def beta_convergence(values: pd.DataFrame, *, start=None, end=None,
                     conditions: pd.DataFrame | None = None) -> InferenceResult:
    """β-convergence: OLS of annual log growth on the log initial level across regions.

    (1/T) ln(y_r,end / y_r,start) = α + β ln y_r,start [+ γ' z_r] + ε_r, T = end − start. β < 0
    means poorer regions grow faster (absolute convergence; conditional with ``conditions``).
    Implied speed λ = −ln(1 + βT) / T per year and half-life ln 2 / λ years (Barro &
    Sala-i-Martin): from (1/T) ln(y_T/y_0) = a − [(1 − e^(−λT))/T] ln y_0.

    Parameters
    ----------
    values : DataFrame
        Positive level (GDP per capita) by region (rows) and year (numeric columns).
    start, end : year, optional
        Years compared (default: the first and last column).
    conditions : DataFrame, optional
        Regional covariates z_r (rows = regions) for conditional convergence.

    Returns
    -------
    InferenceResult
        ``table`` indexed by ``term``: ``alpha``, ``beta``, the conditions, ``speed`` and
        ``half_life``; columns ``estimate``, ``se``, ``t``, ``p_value`` (two-sided), ``ci_lower``,
        ``ci_upper`` (95 %; NaN for speed and half-life, which are NaN unless −1/T < β < 0).
        ``model`` is the statsmodels OLS result.

    Zeros: non-positive levels have no logarithm and raise FtzlinkError. REAT's
    ``betaconv.ols`` computes λ = −ln(1 + β) / T from the same annualised β, which understates
    the speed; ftzlink uses −ln(1 + βT) / T.
    Reference: Barro & Sala-i-Martin (1992) J. Polit. Econ. 100: 223–251; REAT ``betaconv.ols``
    (R/betaconv.ols.R).

    Examples
    --------
    >>> y0 = np.array([1.0, 2.0, 4.0, 8.0])
    >>> panel = pd.DataFrame({2000: y0, 2010: np.exp(0.5 * np.log(y0))}, index=list("abcd"))
    >>> res = beta_convergence(panel)  # ln y1 = 0.5 ln y0: β = −0.5 / 10
    >>> round(float(res.table.loc["beta", "estimate"]), 6), round(float(res.table.loc["half_life", "estimate"]), 4)
    (-0.05, 10.0)
    """
    from statsmodels.regression.linear_model import OLS

    from ftzlink.stats.result import InferenceResult

    if not isinstance(values, pd.DataFrame):
        raise FtzlinkError(f"values: expected a DataFrame regions × years, got {type(values).__name__}")
    check_matrix(values, "values")
    years = _years(values, "values")
    i = 0 if start is None else _column(values, start, "start")
    j = len(years) - 1 if end is None else _column(values, end, "end")
    interval = years[j] - years[i]
    if not interval > 0:
        raise FtzlinkError(f"beta_convergence: start ({values.columns[i]!r}) must come before end "
                           f"({values.columns[j]!r})")
    y0, y1 = values.iloc[:, i].to_numpy(dtype=float), values.iloc[:, j].to_numpy(dtype=float)
    bad = (y0 <= 0) | (y1 <= 0)
    if bad.any():
        raise FtzlinkError(f"values: non-positive level(s) for {preview(values.index[bad])}; log growth needs "
                           "positive values")
    exog = pd.DataFrame({"alpha": 1.0, "beta": np.log(y0)}, index=values.index)
    if conditions is not None:
        if not isinstance(conditions, pd.DataFrame):
            raise FtzlinkError(f"conditions: expected a DataFrame by region, got {type(conditions).__name__}")
        check_same_labels(conditions, values, "index", ("conditions", "values"))
        cond = conditions.reindex(values.index)
        non_numeric = [c for c in cond.columns if not pd.api.types.is_numeric_dtype(cond[c])]
        if non_numeric or not np.isfinite(cond.to_numpy(dtype=float)).all():
            raise FtzlinkError("conditions: columns must be finite numbers; check "
                               f"{preview(non_numeric or cond.columns)}")
        clash = [c for c in cond.columns if c in ("alpha", "beta", "speed", "half_life")]
        if clash:
            raise FtzlinkError(f"conditions: column name(s) {preview(clash)} are reserved")
        exog = exog.join(cond.astype(float))
    if len(values) <= exog.shape[1]:
        raise FtzlinkError(f"beta_convergence: {len(values)} regions cannot identify {exog.shape[1]} coefficients")
    growth = pd.Series(np.log(y1 / y0) / interval, index=values.index, name="growth")
    model = OLS(growth, exog).fit()
    ci = model.conf_int()
    table = pd.DataFrame({"estimate": model.params, "se": model.bse, "t": model.tvalues, "p_value": model.pvalues,
                          "ci_lower": ci[0], "ci_upper": ci[1]})
    beta = float(model.params["beta"])
    speed = -np.log1p(beta * interval) / interval if -1.0 < beta * interval < 0 else np.nan
    half_life = np.log(2.0) / speed if speed > 0 else np.nan
    extra = pd.DataFrame({"estimate": [speed, half_life]}, index=["speed", "half_life"]).reindex(columns=table.columns)
    table = pd.concat([table, extra])
    table.index.name = "term"
    return InferenceResult(table=table, model=model)


def _column(values: pd.DataFrame, label, name: str) -> int:
    if label not in values.columns:
        raise FtzlinkError(f"{name}={label!r} is not a column (year) of values ({preview(values.columns, 10)})")
    return int(values.columns.get_loc(label))


def sigma_convergence(values: pd.DataFrame, *, measure: str = "sd", log: bool = True,
                      weights: pd.Series | None = None, ddof: int = 0) -> pd.Series:
    """σ-convergence: dispersion of (log) levels across regions in every year.

    σ_t = sd over regions of ln y_r,t (``measure="sd"``), or its variance ("var") or coefficient
    of variation ("cv"); weighted with the weight shares when ``weights`` is given. A falling σ_t
    means regions converge. ``log=False`` measures the levels themselves.

    Parameters
    ----------
    values : DataFrame
        Positive levels by region (rows) and year (columns).
    measure : {"sd", "var", "cv"}, default "sd"
    log : bool, default True
        Measure ln y (True) or y.
    weights : Series, optional
        Weights by region (population).
    ddof : {0, 1}, default 0
        Population (0, REAT's default ``sigma.issample=FALSE``) or sample sd; unweighted only.

    Returns
    -------
    Series
        One value per year, named "sigma".

    Zeros: non-positive levels raise with ``log=True`` (no logarithm).
    Reference: Barro & Sala-i-Martin (1992); Friedman (1992); REAT ``sigmaconv`` (R/sigmaconv.R,
    two years with a variance-ratio test).

    Examples
    --------
    >>> panel = pd.DataFrame({2000: [1.0, np.e ** 2], 2010: [np.e, np.e ** 2]}, index=["a", "b"])
    >>> sigma_convergence(panel).tolist()  # sd of ln y: (0, 2) then (1, 2)
    [1.0, 0.5]
    """
    check_choice(measure, DISPERSION_MEASURES, "measure")
    log = check_flag(log, "log")
    ddof = check_integer(ddof, "ddof", 0, 1)
    if not isinstance(values, pd.DataFrame):
        raise FtzlinkError(f"values: expected a DataFrame regions × years, got {type(values).__name__}")
    x = check_matrix(values, "values").to_numpy()
    if log:
        if (x <= 0).any():
            r, c = np.argwhere(x <= 0)[0]
            raise FtzlinkError(f"values: non-positive level {x[r, c]:g} at ({values.index[r]!r}, "
                               f"{values.columns[c]!r}); pass log=False or drop it")
        x = np.log(x)
    n = x.shape[0]
    if weights is None:
        w = np.full(x.shape, 1.0 / n)
    else:
        if ddof:
            raise FtzlinkError("sigma_convergence: ddof applies to the unweighted measure only")
        w = check_vector(weights, values.index, "weights", "values index")
        w = (w / w.sum())[:, None] * np.ones(x.shape)
    if n - ddof < 1:
        raise FtzlinkError(f"sigma_convergence: ddof={ddof} needs at least {ddof + 1} regions")
    mu = (w * x).sum(axis=0)
    var = (w * (x - mu) ** 2).sum(axis=0) * (n / (n - ddof) if weights is None else 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        sigma = {"var": var, "sd": np.sqrt(var), "cv": np.sqrt(var) / np.abs(mu)}[measure]
    return pd.Series(sigma, index=values.columns, name="sigma")


__all__ = [
    "atkinson",
    "beta_convergence",
    "coefficient_of_variation",
    "ellison_glaeser",
    "gini_coefficient",
    "hoover_curve",
    "lorenz_curve",
    "normalised_herfindahl",
    "numbers_equivalent",
    "plant_herfindahl",
    "sigma_convergence",
    "theil",
    "theil_decomposition",
    "williamson",
]
