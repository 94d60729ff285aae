"""Shift-share analysis (偏离-份额分析): regional change split into national, industry-mix and regional parts.

For region r, industry i, start and end values x_ri,0 and x_ri,1 (employment, output) and
national (reference) totals X_i,0, X_i,1 with growth rates g_i = X_i,1 / X_i,0 − 1 and
G = Σ_i X_i,1 / Σ_i X_i,0 − 1, every cell's change splits as

    x_ri,1 − x_ri,0 = x_ri,0 G  +  x_ri,0 (g_i − G)  +  [x_ri,1 − x_ri,0 (1 + g_i)]
                      national share  industry mix      competitive (regional) shift

(Dunn 1960, the "classic" method). Esteban-Marquillas (1972) split the competitive shift with
the homothetic value ê_ri = x_r.,0 · X_i,0 / Σ_j X_j,0 (what the region would have in i with the
national structure) into a competitive effect ê_ri (g_ri − g_i) free of the region's structure and
an allocation effect (x_ri,0 − ê_ri)(g_ri − g_i), positive where the region is specialised in
industries in which it outgrows the nation. :func:`dynamic_shift_share` applies the split to
every pair of consecutive years of a panel and sums the components (Barff & Knight 1988).

Results are region × industry, labelled by component: a DataFrame whose rows are a
(component, region) MultiIndex and whose columns are the industries, so ``out.loc["industry_mix"]``
is the region × industry mix effect and ``out.sum(axis=1).unstack("component")`` the region
totals by component. The components other than ``total_change`` add up to it.

Examples below use::

    >>> start = pd.DataFrame({"a": [10.0, 30.0], "b": [20.0, 40.0]}, index=["r1", "r2"])
    >>> end = pd.DataFrame({"a": [15.0, 30.0], "b": [20.0, 60.0]}, index=["r1", "r2"])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice, check_flag, check_matrix, check_same_labels, check_vector, preview
from ftzlink.errors import FtzlinkError
from ftzlink.indices.dynamics import label, panel_array
from ftzlink.vocabulary import SHIFT_SHARE_METHODS

CLASSIC = ("total_change", "national_share", "industry_mix", "competitive_shift")
ESTEBAN = ("total_change", "national_share", "industry_mix", "competitive_effect", "allocation_effect")


def _components(x0: np.ndarray, x1: np.ndarray, n0: np.ndarray, n1: np.ndarray, method: str) -> dict[str, np.ndarray]:
    """Cell components of one period: x regions × industries, n national totals by industry."""
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(n0 > 0, n1 / n0 - 1.0, 0.0)  # an industry absent nationally has no growth rate (x0 = 0 there)
        big_g = n1.sum() / n0.sum() - 1.0
    out = {
        "total_change": x1 - x0,
        "national_share": x0 * big_g,
        "industry_mix": x0 * (g - big_g),
    }
    competitive = x1 - x0 * (1.0 + g)
    if method == "classic":
        out["competitive_shift"] = competitive
        return out
    homothetic = x0.sum(axis=1, keepdims=True) * (n0 / n0.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_gap = np.where(x0 > 0, competitive / x0, np.nan)  # g_ri − g_i
    out["competitive_effect"] = homothetic * rate_gap
    out["allocation_effect"] = (x0 - homothetic) * rate_gap
    return out


def _frame(parts: dict[str, np.ndarray], regions: pd.Index, industries: pd.Index) -> pd.DataFrame:
    index = pd.MultiIndex.from_product([list(parts), regions], names=["component", regions.name or "region"])
    return pd.DataFrame(np.concatenate(list(parts.values()), axis=0), index=index, columns=industries.copy())


def _national(reference: pd.Series | None, x: np.ndarray, columns: pd.Index, name: str) -> np.ndarray:
    if reference is None:
        return x.sum(axis=0)
    n = check_vector(reference, columns, name, "mat columns")
    short = (n == 0) & (x.sum(axis=0) > 0)
    if short.any():
        raise FtzlinkError(f"{name}: zero for industry(ies) with regional activity: {preview(columns[short])}")
    return n


def shift_share(start: pd.DataFrame, end: pd.DataFrame, *, method: str = "classic",
                reference_start: pd.Series | None = None, reference_end: pd.Series | None = None) -> pd.DataFrame:
    """Shift-share decomposition of each region × industry change between two years.

    Classic (Dunn): national share x_ri,0 G, industry mix x_ri,0 (g_i − G), competitive shift
    x_ri,1 − x_ri,0 (1 + g_i); Esteban-Marquillas splits the competitive shift into a
    competitive effect ê_ri (g_ri − g_i) and an allocation effect (x_ri,0 − ê_ri)(g_ri − g_i),
    ê the homothetic value (:func:`homothetic_employment`). See the module docstring.

    Parameters
    ----------
    start, end : DataFrame
        Region × industry values in the two years (same labels, any order).
    method : {"classic", "esteban_marquillas"}, default "classic"
    reference_start, reference_end : Series, optional
        National totals by industry in the two years (both or neither); default: the column
        sums of ``start`` and ``end`` (the regions given are the nation).

    Returns
    -------
    DataFrame
        Rows (component, region), columns industries. Components: ``total_change``,
        ``national_share``, ``industry_mix`` and ``competitive_shift`` (classic) or
        ``competitive_effect`` and ``allocation_effect`` (Esteban-Marquillas); all but
        ``total_change`` add up to it.

    Zeros: a cell at 0 in the start year has national share and industry mix 0 and its whole
    change in the competitive shift; its growth rate g_ri is undefined, so both
    Esteban-Marquillas effects are NaN there. An industry absent nationally at the start has no
    growth rate and raises if a region has it (reference given).
    Reference: Dunn (1960) Papers Reg. Sci. Assoc. 6: 97–112; Esteban-Marquillas (1972) Regional
    and Urban Economics 2: 249–255; REAT ``shift`` (R/shift.R: one region, summed over
    industries, methods "Dunn" and "Esteban").

    Examples
    --------
    >>> start = pd.DataFrame({"a": [10.0, 30.0], "b": [20.0, 40.0]}, index=["r1", "r2"])
    >>> end = pd.DataFrame({"a": [15.0, 30.0], "b": [20.0, 60.0]}, index=["r1", "r2"])
    >>> ss = shift_share(start, end)  # G = 25/100, g_a = 5/40, g_b = 20/60
    >>> ss.loc["competitive_shift"].round(4).to_numpy().tolist()
    [[3.75, -6.6667], [-3.75, 6.6667]]
    >>> ss.sum(axis=1).unstack("component").loc["r1"].round(4).tolist()  # columns in alphabetical order
    [-2.9167, 0.4167, 7.5, 5.0]
    """
    check_choice(method, SHIFT_SHARE_METHODS, "method")
    x0 = check_matrix(start, "start")
    x1 = check_matrix(end, "end")
    check_same_labels(start, end, "index", ("start", "end"))
    check_same_labels(start, end, "columns", ("start", "end"))
    x1 = x1.loc[start.index, start.columns]
    if (reference_start is None) != (reference_end is None):
        raise FtzlinkError("reference_start and reference_end: give both (national totals in both years) or neither")
    a0, a1 = x0.to_numpy(), x1.to_numpy()
    n0 = _national(reference_start, a0, start.columns, "reference_start")
    n1 = _national(reference_end, a1, start.columns, "reference_end")
    if n0.sum() == 0:
        raise FtzlinkError("start: the national total is zero, so there is no national growth rate")
    return _frame(_components(a0, a1, n0, n1, method), start.index, start.columns)


def homothetic_employment(mat: pd.DataFrame, reference: pd.Series | None = None) -> pd.DataFrame:
    """Homothetic value of each region × industry cell: ê_ri = x_r. · S_i (Esteban-Marquillas).

    What region r would have in industry i if its total x_r. were distributed like the nation
    (shares S_i of ``reference``, default the pooled column shares). x_ri − ê_ri > 0 marks
    specialisation; it weights the allocation effect of :func:`shift_share`.

    Parameters
    ----------
    mat : DataFrame
        Region × industry values.
    reference : Series, optional
        National totals by industry (default: the column sums of ``mat``).

    Returns
    -------
    DataFrame
        Region × industry; rows sum to the region totals.

    Zeros: an all-zero region has ê = 0 everywhere.
    Reference: Esteban-Marquillas (1972); REAT ``shift(..., shift.method="Esteban")``.

    Examples
    --------
    >>> start = pd.DataFrame({"a": [10.0, 30.0], "b": [20.0, 40.0]}, index=["r1", "r2"])
    >>> homothetic_employment(start).to_numpy().tolist()  # national shares 0.4, 0.6
    [[12.0, 18.0], [28.0, 42.0]]
    """
    x = check_matrix(mat, "mat").to_numpy()
    n = _national(reference, x, mat.columns, "reference")
    if n.sum() == 0:
        raise FtzlinkError("mat: all values are zero, so there is no national structure")
    return pd.DataFrame(x.sum(axis=1, keepdims=True) * (n / n.sum()), index=mat.index, columns=mat.columns)


def dynamic_shift_share(long_df: pd.DataFrame, region: str = "region", industry: str = "industry",
                        year: str = "year", value: str = "value", *, method: str = "classic",
                        reference: pd.DataFrame | None = None, fill_value: float | None = None,
                        by_year: bool = False) -> pd.DataFrame:
    """Dynamic shift-share: the split of :func:`shift_share` for every pair of consecutive years, summed.

    For years t_0 < t_1 < … < t_T the components of each period (t_k−1, t_k) use that period's
    national growth rates, and their sum over periods is returned (Barff & Knight 1988): the
    national and industry-mix effects then follow the changing national structure instead of the
    start year's only. ``total_change`` sums to x_ri,T − x_ri,0.

    Parameters
    ----------
    long_df : DataFrame
        One row per (region, industry, year) with a non-negative value.
    region, industry, year, value : str
        Column names.
    method : {"classic", "esteban_marquillas"}, default "classic"
    reference : DataFrame, optional
        National totals, years (index) × industries (columns); default: the panel's sums over
        regions in each year.
    fill_value : float, optional
        Value of absent (region, industry, year) rows (default: absence raises).
    by_year : bool, default False
        Return every period's components (an outer index level named as ``year``, holding each
        period's end year) instead of their sum.

    Returns
    -------
    DataFrame
        Rows (component, region) — (year, component, region) with ``by_year`` — columns industries.

    Zeros: as in :func:`shift_share`, period by period (a NaN Esteban-Marquillas effect in one
    period makes the sum NaN).
    Reference: Barff & Knight (1988) Growth and Change 19: 1–10; REAT ``shiftd`` (R/shiftd.R).

    Examples
    --------
    >>> panel = pd.DataFrame({"region": ["r1", "r1", "r2", "r2"] * 3, "industry": ["a", "b"] * 6,
    ...                       "year": [2000] * 4 + [2001] * 4 + [2002] * 4,
    ...                       "value": [10, 20, 30, 40, 15, 20, 30, 60, 15, 30, 30, 60]})
    >>> dyn = dynamic_shift_share(panel)
    >>> dyn.loc["total_change"].to_numpy().tolist()
    [[5.0, 10.0], [0.0, 20.0]]
    >>> (dyn.groupby(level="component").sum().sum(axis=1).round(6) + 0.0).tolist()  # competitive, mix, national, total
    [0.0, 0.0, 35.0, 35.0]
    """
    check_choice(method, SHIFT_SHARE_METHODS, "method")
    by_year = check_flag(by_year, "by_year")
    panel = panel_array(long_df, region, industry, year, value, fill_value=fill_value)
    if len(panel.years) < 2:
        raise FtzlinkError(f"dynamic_shift_share: needs at least 2 years, found {preview(panel.years)}")
    x = panel.values
    if reference is None:
        national = x.sum(axis=1)
    else:
        ref = check_matrix(reference, "reference")
        check_same_labels(ref, pd.DataFrame(columns=panel.industries), "columns", ("reference", "long_df industries"))
        missing = panel.years.difference(ref.index)
        if len(missing):
            raise FtzlinkError(f"reference: no row for year(s) {preview(missing)}")
        national = ref.loc[panel.years, panel.industries].to_numpy()
        short = (national == 0) & (x.sum(axis=1) > 0)
        if short.any():
            t, i = np.argwhere(short)[0]
            raise FtzlinkError(f"reference: zero for industry {label(panel.industries[i])!r} in "
                               f"{label(panel.years[t])!r}, "
                               "where regions have activity")
    if (national.sum(axis=1)[:-1] == 0).any():
        t = int(np.flatnonzero(national.sum(axis=1)[:-1] == 0)[0])
        raise FtzlinkError(f"{value}: the national total is zero in {label(panel.years[t])!r}, so there is no "
                           "growth rate")
    names = CLASSIC if method == "classic" else ESTEBAN
    if by_year:
        frames = [_frame(_components(x[k], x[k + 1], national[k], national[k + 1], method), panel.regions,
                         panel.industries) for k in range(len(panel.years) - 1)]
        return pd.concat(frames, keys=list(panel.years[1:]), names=[year])
    totals = dict.fromkeys(names, 0.0)
    for k in range(len(panel.years) - 1):  # periods, not regions or industries: each step is one array operation
        for key, part in _components(x[k], x[k + 1], national[k], national[k + 1], method).items():
            totals[key] = totals[key] + part
    return _frame(totals, panel.regions, panel.industries)


__all__ = ["dynamic_shift_share", "homothetic_employment", "shift_share"]
