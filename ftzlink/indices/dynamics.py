"""Panel dynamics of region × industry structure: entries, exits and growth between periods.

Every function takes one long table with a row per (region, industry, year) and a value — the
layout of :func:`ftzlink.tidy.to_matrix` plus a year column; column names are arguments. The
table is laid out once as a years × regions × industries array and every period is computed at
once (no loop over regions, industries or years in Python).

- :func:`entry_mat`, :func:`exit_mat`: between two years, region × industry 0/1 with NaN for
  pairs not at risk (EconGeo ``entry_mat`` / ``exit_mat``);
- :func:`entry_list`, :func:`exit_list`: the same for every pair of consecutive years, as a long
  table of the pairs at risk (EconGeo ``entry_list`` / ``exit_list``);
- :func:`growth_mat`, :func:`growth_list`: growth rates (%) of cells, regions' or industries'
  totals between years (EconGeo ``growth_mat``, ``growth_list``, ``growth_reg``, ``growth_ind``).

Presence, for entries and exits, is LQ ≥ 1 within each year (``rca=True``: ties count, as in
:func:`ftzlink.indices.location_quotient`) or the 0/1 value itself (``rca=False``, EconGeo's
input). Missing (region, industry, year) rows raise unless ``fill_value`` is given (e.g. 0 when
absence means none), as in :func:`ftzlink.tidy.to_matrix`.

Long outputs hold region and industry as categorical columns (they can run to tens of millions
of rows), ``start`` and ``end`` as the years of each period.

Examples below use the panel::

    >>> panel = pd.DataFrame({"region": ["r1"] * 4 + ["r2"] * 4,
    ...                       "industry": ["a", "b"] * 4,
    ...                       "year": [2020, 2020, 2021, 2021] * 2,
    ...                       "value": [1, 0, 1, 1, 0, 1, 0, 0]})
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice, check_columns, check_flag, check_number, preview
from ftzlink.errors import FtzlinkError
from ftzlink.indices._kernels import TIE_RTOL
from ftzlink.vocabulary import GROWTH_LEVELS


class Panel(NamedTuple):
    """A long table laid out as a years × regions × industries array."""

    years: pd.Index
    regions: pd.Index
    industries: pd.Index
    values: np.ndarray  # shape (years, regions, industries), float


def label(x):
    """A label as a plain Python value, for messages (2000, not np.int64(2000))."""
    return x.item() if isinstance(x, np.generic) else x


def _codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes into the sorted distinct labels of ``column`` (categoricals: their used categories)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        used = np.flatnonzero(np.bincount(codes, minlength=len(column.cat.categories)) > 0)
        labels, size = column.cat.categories[used], len(column.cat.categories)
    else:
        codes, uniques = pd.factorize(column)  # hash in order of appearance, then sort the few distinct labels
        labels, size = pd.Index(uniques), len(uniques)
        used = np.arange(size)
    try:
        order = labels.argsort()
    except TypeError:  # labels that cannot be sorted keep their order
        order = np.arange(len(labels))
    mapping = np.full(size, -1, dtype=np.int64)
    mapping[used[order]] = np.arange(len(order))
    return mapping[codes], labels[order]


def panel_array(long_df: pd.DataFrame, region: str = "region", industry: str = "industry", year: str = "year",
                value: str = "value", *, fill_value: float | None = None, name: str = "long_df") -> Panel:
    """Validate a long panel table and lay it out as a years × regions × industries float array.

    Raises FtzlinkError for missing columns, repeated (region, industry, year) rows, non-numeric,
    missing, infinite or negative values (naming the first row), and for pairs absent in some year
    unless ``fill_value`` (a finite number ≥ 0) is given. Years, regions and industries come out
    sorted.
    """
    check_columns(long_df, [region, industry, year, value], name)
    if fill_value is not None:
        fill_value = check_number(fill_value, "fill_value", 0)
    if len({region, industry, year, value}) < 4:
        raise FtzlinkError(f"{name}: region, industry, year and value must name four different columns")
    if len(long_df) == 0:
        raise FtzlinkError(f"{name}: the table is empty")

    def where(i: int) -> str:
        row = long_df.iloc[i]
        return f"({label(row[region])!r}, {label(row[industry])!r}, {label(row[year])!r})"

    raw = long_df[value]
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        what = "non-numeric" if pd.notna(raw.iloc[i]) and np.isnan(values[i]) else "missing or infinite"
        raise FtzlinkError(f"{name}: {int(bad.sum())} {what} {value!r} value(s), first {label(raw.iloc[i])!r} for "
                           f"{where(i)}; ftzlink does not fill gaps")
    negative = values < 0
    if negative.any():
        i = int(np.flatnonzero(negative)[0])
        raise FtzlinkError(f"{name}: {int(negative.sum())} negative {value!r} value(s), first {values[i]:g} "
                           f"for {where(i)}; measures must be non-negative")
    labels = []
    flat = None
    for col in (year, region, industry):
        column = long_df[col]
        if column.isna().any():
            raise FtzlinkError(f"{name}: missing {col!r} label(s) in {int(column.isna().sum())} row(s)")
        codes, uniques = _codes(column)
        labels.append(pd.Index(uniques, name=col))
        if flat is None:
            flat = codes
        else:  # flat = (year · R + region) · N + industry, built in place
            flat *= len(uniques)
            flat += codes
        del codes
    t, r, n = (len(u) for u in labels)
    counts = np.bincount(flat, minlength=t * r * n)
    if (counts > 1).any():
        cell = int(np.flatnonzero(counts > 1)[0])
        y, rest = divmod(cell, r * n)
        raise FtzlinkError(f"{name}: {int((counts > 1).sum())} ({region}, {industry}, {year}) combination(s) repeat, "
                           f"e.g. ({label(labels[1][rest // n])!r}, {label(labels[2][rest % n])!r}, "
                           f"{label(labels[0][y])!r}); aggregate them explicitly first")
    missing = counts == 0
    del counts
    if missing.any():
        if fill_value is None:
            cell = int(np.flatnonzero(missing)[0])
            y, rest = divmod(cell, r * n)
            raise FtzlinkError(f"{name}: no value for ({label(labels[1][rest // n])!r}, "
                               f"{label(labels[2][rest % n])!r}, {label(labels[0][y])!r}) and "
                               f"{int(missing.sum()) - 1} other combination(s); pass fill_value=0 if absence "
                               "means zero")
        cube = np.full(t * r * n, float(fill_value))
    else:
        cube = np.empty(t * r * n)
    cube[flat] = values
    return Panel(labels[0], labels[1], labels[2], cube.reshape(t, r, n))


def _presence(cube: np.ndarray, rca: bool, value: str) -> np.ndarray:
    """0/1 presence per year: LQ ≥ 1 within each year (rca) or the 0/1 values themselves."""
    if check_flag(rca, "rca"):
        with np.errstate(divide="ignore", invalid="ignore"):
            totals = cube.sum(axis=1, keepdims=True)
            lq = (cube / cube.sum(axis=2, keepdims=True)) / (totals / totals.sum(axis=2, keepdims=True))
        return np.nan_to_num(lq) >= 1.0 - TIE_RTOL
    if not np.isin(cube, (0.0, 1.0)).all():
        raise FtzlinkError(f"with rca=False the {value!r} column must be 0/1 presence, found "
                           f"{cube[~np.isin(cube, (0.0, 1.0))][0]:g}; pass rca=True to test LQ ≥ 1")
    return cube == 1.0


def _period(panel: Panel, start, end, name: str) -> tuple[int, int]:
    years = panel.years
    if len(years) < 2:
        raise FtzlinkError(f"{name}: needs at least 2 years, found {preview(years)}")
    s = years[0] if start is None else start
    e = years[-1] if end is None else end
    for which, y in (("start", s), ("end", e)):
        if y not in years:
            raise FtzlinkError(f"{name}: {which}={label(y)!r} is not a year of the table ({preview(years, 10)})")
    i, j = years.get_loc(s), years.get_loc(e)
    if i >= j:
        raise FtzlinkError(f"{name}: start ({label(s)!r}) must come before end ({label(e)!r})")
    return i, j


def _cells_long(panel: Panel, data: dict[str, np.ndarray], region: str, industry: str, keep: np.ndarray | None
                ) -> pd.DataFrame:
    """Long table of (period, region, industry) cells of arrays shaped (periods, regions, industries)."""
    t, r, n = next(iter(data.values())).shape
    idx = np.arange(t * r * n) if keep is None else np.flatnonzero(keep.ravel())
    if t * r * n < 2**31:
        idx = idx.astype(np.int32)
    period, rest = np.divmod(idx, r * n)
    reg, ind = np.divmod(rest, n)
    del rest
    years = panel.years.to_numpy()
    columns = {
        region: pd.Categorical.from_codes(reg, categories=panel.regions, validate=False),
        industry: pd.Categorical.from_codes(ind, categories=panel.industries, validate=False),
    }
    del reg, ind
    columns["start"] = years[:-1][period]
    columns["end"] = years[1:][period]
    del period
    for key, v in data.items():
        columns[key] = v.ravel()[idx]
    return pd.DataFrame(columns, copy=False)


def _change(presence_start: np.ndarray, presence_end: np.ndarray, entry: bool) -> np.ndarray:
    """Entry (0 → 1) or exit (1 → 0) indicator as float, NaN where the pair is not at risk."""
    at_risk = ~presence_start if entry else presence_start
    happened = presence_end if entry else ~presence_end
    return np.where(at_risk, happened.astype(float), np.nan)


def _matrix(panel: Panel, values: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(values, index=panel.regions.copy(), columns=panel.industries.copy(), copy=False)


def entry_mat(long_df: pd.DataFrame, region: str = "region", industry: str = "industry", year: str = "year",
              value: str = "value", *, start=None, end=None, rca: bool = True,
              fill_value: float | None = None) -> pd.DataFrame:
    """Entries between two years: 1 where a region gains an industry, 0 where it does not, NaN if held.

    entry_ri = 1 if M_ri(start) = 0 and M_ri(end) = 1; 0 if M_ri(start) = M_ri(end) = 0; NaN if
    M_ri(start) = 1 (not at risk of entering). M is LQ ≥ 1 within each year (``rca=True``) or the
    0/1 values (``rca=False``).

    Parameters
    ----------
    long_df : DataFrame
        One row per (region, industry, year) with a non-negative value.
    region, industry, year, value : str
        Column names.
    start, end : year, optional
        Years compared (default: the first and last of the table).
    rca : bool, default True
        Presence by LQ ≥ 1 (True) or the values are 0/1 presence (False).
    fill_value : float, optional
        Value of (region, industry, year) rows absent from the table (default: absence raises).

    Returns
    -------
    DataFrame
        Region × industry of 1.0, 0.0 and NaN. ``.sum(axis=1)`` counts each region's entries.

    Zeros: a region with nothing in a year holds no industry that year (LQ 0).
    Reference: Neffke, Henning & Boschma (2011) Economic Geography 87: 237–265; EconGeo
    ``entry_mat`` (R/entry.mat.r), which takes the two 0/1 matrices.

    Examples
    --------
    >>> panel = pd.DataFrame({"region": ["r1"] * 4 + ["r2"] * 4, "industry": ["a", "b"] * 4,
    ...                       "year": [2020, 2020, 2021, 2021] * 2, "value": [1, 0, 1, 1, 0, 1, 0, 0]})
    >>> entry_mat(panel, rca=False).to_numpy().tolist()  # r1 enters b; r2 never held a
    [[nan, 1.0], [0.0, nan]]
    """
    panel = panel_array(long_df, region, industry, year, value, fill_value=fill_value)
    i, j = _period(panel, start, end, "entry_mat")
    m = _presence(panel.values[[i, j]], rca, value)
    return _matrix(panel, _change(m[0], m[1], entry=True))


def exit_mat(long_df: pd.DataFrame, region: str = "region", industry: str = "industry", year: str = "year",
             value: str = "value", *, start=None, end=None, rca: bool = True,
             fill_value: float | None = None) -> pd.DataFrame:
    """Exits between two years: 1 where a region loses an industry, 0 where it keeps it, NaN if absent.

    exit_ri = 1 if M_ri(start) = 1 and M_ri(end) = 0; 0 if M_ri(start) = M_ri(end) = 1; NaN if
    M_ri(start) = 0 (not at risk of exiting). Arguments as in :func:`entry_mat`.

    Parameters
    ----------
    long_df, region, industry, year, value, start, end, rca, fill_value
        As in :func:`entry_mat`.

    Returns
    -------
    DataFrame
        Region × industry of 1.0, 0.0 and NaN.

    Zeros: a region with nothing in a year holds no industry that year.
    Reference: Neffke, Henning & Boschma (2011); EconGeo ``exit_mat`` (R/exit.mat.r).

    Examples
    --------
    >>> panel = pd.DataFrame({"region": ["r1"] * 4 + ["r2"] * 4, "industry": ["a", "b"] * 4,
    ...                       "year": [2020, 2020, 2021, 2021] * 2, "value": [1, 0, 1, 1, 0, 1, 0, 0]})
    >>> exit_mat(panel, rca=False).to_numpy().tolist()  # r1 keeps a; r2 loses b
    [[0.0, nan], [nan, 1.0]]
    """
    panel = panel_array(long_df, region, industry, year, value, fill_value=fill_value)
    i, j = _period(panel, start, end, "exit_mat")
    m = _presence(panel.values[[i, j]], rca, value)
    return _matrix(panel, _change(m[0], m[1], entry=False))


def _transitions(long_df, region, industry, year, value, rca, fill_value, entry: bool, name: str) -> pd.DataFrame:
    panel = panel_array(long_df, region, industry, year, value, fill_value=fill_value)
    if len(panel.years) < 2:
        raise FtzlinkError(f"{name}: needs at least 2 years, found {preview(panel.years)}")
    m = _presence(panel.values, rca, value)
    change = _change(m[:-1], m[1:], entry)
    column = "entry" if entry else "exit"
    return _cells_long(panel, {column: change}, region, industry, keep=~np.isnan(change))


def entry_list(long_df: pd.DataFrame, region: str = "region", industry: str = "industry", year: str = "year",
               value: str = "value", *, rca: bool = True, fill_value: float | None = None) -> pd.DataFrame:
    """Entries in every pair of consecutive years, as a long table of the (region, industry) pairs at risk.

    For consecutive years (start, end) and every pair with M_ri(start) = 0: ``entry`` = 1 if
    M_ri(end) = 1, else 0 (see :func:`entry_mat`).

    Parameters
    ----------
    long_df, region, industry, year, value, rca, fill_value
        As in :func:`entry_mat`.

    Returns
    -------
    DataFrame
        Columns ``region``, ``industry`` (categorical, as named), ``start``, ``end`` and
        ``entry`` (0.0 / 1.0), one row per pair at risk, periods in order. EconGeo's
        ``entry_list`` also lists the pairs not at risk, with NA.

    Zeros: a region with nothing in a year holds no industry that year.
    Reference: Neffke, Henning & Boschma (2011); EconGeo ``entry_list`` (R/entry.list.r).

    Examples
    --------
    >>> panel = pd.DataFrame({"region": ["r1"] * 4 + ["r2"] * 4, "industry": ["a", "b"] * 4,
    ...                       "year": [2020, 2020, 2021, 2021] * 2, "value": [1, 0, 1, 1, 0, 1, 0, 0]})
    >>> entry_list(panel, rca=False).astype({"region": str, "industry": str}).to_numpy().tolist()
    [['r1', 'b', 2020, 2021, 1.0], ['r2', 'a', 2020, 2021, 0.0]]
    """
    return _transitions(long_df, region, industry, year, value, rca, fill_value, True, "entry_list")


def exit_list(long_df: pd.DataFrame, region: str = "region", industry: str = "industry", year: str = "year",
              value: str = "value", *, rca: bool = True, fill_value: float | None = None) -> pd.DataFrame:
    """Exits in every pair of consecutive years, as a long table of the (region, industry) pairs at risk.

    For consecutive years (start, end) and every pair with M_ri(start) = 1: ``exit`` = 1 if
    M_ri(end) = 0, else 0 (see :func:`exit_mat`).

    Parameters
    ----------
    long_df, region, industry, year, value, rca, fill_value
        As in :func:`entry_mat`.

    Returns
    -------
    DataFrame
        Columns ``region``, ``industry`` (categorical), ``start``, ``end`` and ``exit``.

    Zeros: a region with nothing in a year holds no industry that year.
    Reference: Neffke, Henning & Boschma (2011); EconGeo ``exit_list`` (R/exit.list.r).

    Examples
    --------
    >>> panel = pd.DataFrame({"region": ["r1"] * 4 + ["r2"] * 4, "industry": ["a", "b"] * 4,
    ...                       "year": [2020, 2020, 2021, 2021] * 2, "value": [1, 0, 1, 1, 0, 1, 0, 0]})
    >>> exit_list(panel, rca=False)["exit"].tolist()  # (r1, a) kept, (r2, b) lost
    [0.0, 1.0]
    """
    return _transitions(long_df, region, industry, year, value, rca, fill_value, False, "exit_list")


def _growth(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """100 · (after − before) / before; 0 → 0 gives 0 (EconGeo), 0 → positive gives +inf."""
    with np.errstate(divide="ignore", invalid="ignore"):
        g = 100.0 * (after - before) / before
    g[(before == 0) & (after == 0)] = 0.0
    return g


def growth_mat(long_df: pd.DataFrame, region: str = "region", industry: str = "industry", year: str = "year",
               value: str = "value", *, start=None, end=None, fill_value: float | None = None) -> pd.DataFrame:
    """Growth rate (%) of each region × industry cell between two years: 100 · (x_end − x_start) / x_start.

    Parameters
    ----------
    long_df, region, industry, year, value, start, end, fill_value
        As in :func:`entry_mat`.

    Returns
    -------
    DataFrame
        Region × industry growth in percent. Range [−100, ∞).

    Zeros: a cell at 0 in both years grows by 0 (EconGeo sets 0/0 to 0); a cell rising from 0
    gets +inf (EconGeo's Inf).
    Reference: EconGeo ``growth_mat`` (R/growth.mat.r, rounded to 2 digits there).

    Examples
    --------
    >>> panel = pd.DataFrame({"region": ["r1"] * 4 + ["r2"] * 4, "industry": ["a", "b"] * 4,
    ...                       "year": [2020, 2020, 2021, 2021] * 2, "value": [4, 0, 5, 2, 0, 2, 0, 1]})
    >>> growth_mat(panel).to_numpy().tolist()
    [[25.0, inf], [0.0, -50.0]]
    """
    panel = panel_array(long_df, region, industry, year, value, fill_value=fill_value)
    i, j = _period(panel, start, end, "growth_mat")
    return _matrix(panel, _growth(panel.values[i], panel.values[j]))


def growth_list(long_df: pd.DataFrame, region: str = "region", industry: str = "industry", year: str = "year",
                value: str = "value", *, level: str = "cell", fill_value: float | None = None) -> pd.DataFrame:
    """Growth rates (%) in every pair of consecutive years: of each cell, region total or industry total.

    g = 100 · (x_end − x_start) / x_start, for x the cell x_ri (``level="cell"``), the region's
    total x_r. (``"region"``) or the industry's total x_.i (``"industry"``).

    Parameters
    ----------
    long_df, region, industry, year, value, fill_value
        As in :func:`entry_mat`.
    level : {"cell", "region", "industry"}, default "cell"
        What grows (EconGeo ``growth_list``, ``growth_list_reg``, ``growth_list_ind``).

    Returns
    -------
    DataFrame
        Columns ``region`` and/or ``industry`` (categorical), ``start``, ``end``, ``growth``; one
        row per unit and period, periods in order.

    Zeros: 0 → 0 gives 0, 0 → positive gives +inf, as in :func:`growth_mat`.
    Reference: EconGeo ``growth_list``, ``growth_list_reg``, ``growth_list_ind``
    (R/growth.list.r, R/growth.list.reg.r, R/growth.list.ind.r; rounded there).

    Examples
    --------
    >>> panel = pd.DataFrame({"region": ["r1"] * 4 + ["r2"] * 4, "industry": ["a", "b"] * 4,
    ...                       "year": [2020, 2020, 2021, 2021] * 2, "value": [4, 0, 5, 2, 0, 2, 0, 1]})
    >>> growth_list(panel, level="region")["growth"].tolist()  # r1: 4 → 7, r2: 2 → 1
    [75.0, -50.0]
    """
    check_choice(level, GROWTH_LEVELS, "level")
    panel = panel_array(long_df, region, industry, year, value, fill_value=fill_value)
    if len(panel.years) < 2:
        raise FtzlinkError(f"growth_list: needs at least 2 years, found {preview(panel.years)}")
    x = panel.values
    if level == "cell":
        return _cells_long(panel, {"growth": _growth(x[:-1], x[1:])}, region, industry, keep=None)
    axis, labels, column = (2, panel.regions, region) if level == "region" else (1, panel.industries, industry)
    totals = x.sum(axis=axis)  # (years, units)
    g = _growth(totals[:-1], totals[1:])
    periods, units = g.shape
    years = panel.years
    return pd.DataFrame({
        column: pd.Categorical.from_codes(np.tile(np.arange(units), periods), categories=labels),
        "start": np.repeat(years[:-1], units),
        "end": np.repeat(years[1:], units),
        "growth": g.ravel(),
    })


__all__ = ["entry_list", "entry_mat", "exit_list", "exit_mat", "growth_list", "growth_mat"]
