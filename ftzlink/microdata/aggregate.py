"""Firm records → tidy region × industry × year tables (stocks, entries, exits, summed measures).

For calendar year Y with end date E = Y-12-31, a firm with start date s and end date e
(empty = still active) is

    active at the end of Y  ⇔  s ≤ E and (e empty or e > E)  ⇔  year(s) ≤ Y < year(e),
    an entry in Y           ⇔  year(s) = Y,
    an exit in Y            ⇔  year(e) = Y,

and the value of cell (r, i, Y) is the number of such firms of region r and industry i
(``measure="count"``, ``"entries"``, ``"exits"``) or the sum of a measure column over the firms
active at the end of Y (``measure="employment"`` …; missing values are left out of the sum).

The counting is one pandas function of a partition (``np.bincount`` per year over integer
region × industry keys), run on the whole table by the pandas engine and on every partition by
the Dask engine, whose partial tables are then summed by key.

>>> firms = pd.DataFrame({"firm_id": [1, 2], "start_date": ["2018-03-01", "2019-06-30"],
...                       "end_date": [None, "2020-01-15"], "industry_code": ["3911", "3912"],
...                       "adcode": ["420106", "420111"]})
>>> aggregate_firms(firms, years=[2019, 2020])[["year", "value"]].to_numpy().tolist()
[[2019, 2], [2020, 1]]
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice, check_flag, check_integer, preview
from ftzlink.errors import FtzlinkError
from ftzlink.microdata import engines, schema
from ftzlink.microdata import zones as zoning
from ftzlink.microdata.industry import LEVELS, _labels
from ftzlink.microdata.io import ENGINES, firms_table

#: ``aggregate_firms(measure=...)`` besides a numeric column of the records.
COUNTS = ("count", "entries", "exits")
KEYS = ["region", "industry", "year"]


def check_years(years) -> list[int]:
    """Sorted unique calendar years from an iterable of integers (e.g. ``range(2005, 2025)``)."""
    if isinstance(years, (str, bytes)) or not hasattr(years, "__iter__"):
        raise FtzlinkError(f"years: expected an iterable of calendar years, e.g. range(2005, 2025), got {years!r}")
    out = sorted({check_integer(y, "years", minimum=1000, maximum=9999) for y in years})
    if not out:
        raise FtzlinkError("years: no year given")
    return out


def with_industry(df: pd.DataFrame, level: str) -> pd.DataFrame:
    """Add ``industry``: the 2017 code rolled up to ``level``; rows it fails for get a problem bit."""
    positions, uniques = pd.factorize(df["industry_code"])
    labels, bad = _labels(pd.Index(uniques, dtype=object).astype(str), level)
    problems = df["_problems"].to_numpy()
    code_bits = schema.BIT["industry_code"] | schema.BIT["division"] | schema.BIT["concordance"]
    failed = (positions >= 0) & bad[positions] & ((problems & code_bits) == 0)
    out = df.assign(industry=pd.array(labels, dtype="str").take(positions, allow_fill=True))
    out["_problems"] = problems | schema._bits("level", failed)
    return out[[c for c in out.columns if c != "_problems"] + ["_problems"]]


def partial_counts(df: pd.DataFrame, measure: str, years: list[int]) -> pd.DataFrame:
    """Counts (and measure sums) per region × industry × year of one partition (module formulas).

    Rows with a problem or without a region are left out. Returns columns region, industry,
    year, ``n`` (contributing firms) and ``value``; only cells with n > 0.
    """
    region_pos, regions = pd.factorize(df["region"])
    industry_pos, industries = pd.factorize(df["industry"])
    ok = (df["_problems"].to_numpy() == 0) & (region_pos >= 0) & (industry_pos >= 0)
    region_pos, industry_pos = region_pos[ok], industry_pos[ok]
    n_ind = max(len(industries), 1)
    key = region_pos.astype(np.int64) * n_ind + industry_pos
    size = len(regions) * n_ind
    start = df["start_date"].dt.year.to_numpy(dtype=float, na_value=np.nan)[ok]
    end = df["end_date"].dt.year.to_numpy(dtype=float, na_value=np.nan)[ok]
    end = np.where(np.isnan(end), np.inf, end)
    weights = None
    if measure not in COUNTS:
        weights = df[measure].to_numpy(dtype=float, na_value=np.nan)[ok]
        weights = np.where(np.isnan(weights), 0.0, weights)
    frames = []
    for year in years:                    # one vectorised pass per year, never per firm
        if measure == "entries":
            rows = start == year
        elif measure == "exits":
            rows = end == year
        else:
            rows = (start <= year) & (end > year)
        counts = np.bincount(key[rows], minlength=size)
        cells = np.flatnonzero(counts)
        value = counts[cells] if weights is None else np.bincount(key[rows], weights[rows], minlength=size)[cells]
        frames.append(pd.DataFrame({"region": np.asarray(regions, dtype=object)[cells // n_ind],
                                    "industry": np.asarray(industries, dtype=object)[cells % n_ind],
                                    "year": np.int64(year), "n": counts[cells].astype(np.int64),
                                    "value": value}))
    return _typed(pd.concat(frames, ignore_index=True) if frames else _empty(measure), measure)


def _empty(measure: str) -> pd.DataFrame:
    return pd.DataFrame({"region": [], "industry": [], "year": [], "n": [], "value": []})


def _typed(df: pd.DataFrame, measure: str) -> pd.DataFrame:
    value = "int64" if measure in COUNTS else "float64"
    return df.astype({"region": "str", "industry": "str", "year": "int64", "n": "int64", "value": value})


def finish(summed: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Partial tables summed by key → the tidy result (sorted, cells with firms only)."""
    out = _typed(summed.reset_index() if "region" not in summed.columns else summed, measure)
    out = out[out["n"] > 0].sort_values(KEYS, kind="stable")
    return out[[*KEYS, "value"]].reset_index(drop=True)


def _zone_spec(zones_arg, fallback, zone_column) -> zoning.ZoneSpec:
    """``zones=``: None, a code table, polygons (GeoDataFrame) or a file (CSV code table or vector file)."""
    if zones_arg is None:
        return zoning.zone_spec(None, None, fallback, zone_column)
    if isinstance(zones_arg, (str, os.PathLike)) and os.fspath(zones_arg).lower().endswith(".csv"):
        zones_arg = pd.read_csv(zones_arg, dtype={"adcode": str})
    if isinstance(zones_arg, pd.DataFrame) and not hasattr(zones_arg, "geometry"):
        return zoning.zone_spec(zones_arg, None, fallback, zone_column)
    return zoning.zone_spec(None, zones_arg, fallback, zone_column)


def _needed_columns(measure: str) -> list[str]:
    """Columns a job reads: the schema without the measures it does not sum (less to read and hold)."""
    keep = [c for c in schema.SCHEMA if c not in schema.MEASURES]
    return keep + ([] if measure in COUNTS else [measure])


def aggregate_firms(firms, level: str = "division", measure: str = "count", years=None, zones=None,
                    engine: str = "pandas", *, fallback: str | None = "city", zone_column: str = "zone",
                    concordance: pd.DataFrame | None = None, check_ids: bool = True, client=None) -> pd.DataFrame:
    """Firm records → long table of region × industry × year values (stocks, entries, exits, sums).

    With E = 31 December of year Y, a firm is active at the end of Y when start ≤ E and (no end
    or end > E); ``measure="count"`` counts active firms, ``"entries"`` firms whose start date
    falls in Y, ``"exits"`` firms whose end date falls in Y, and a column name (e.g.
    ``"employment"``, ``"registered_capital"``, ``"output"``) sums that column over the
    active firms (missing values left out).

    Parameters
    ----------
    firms : pandas.DataFrame, dask.dataframe.DataFrame or path
        Records in the schema of :mod:`ftzlink.microdata.schema`, or a Parquet file / partitioned
        Parquet directory / CSV file (:func:`ftzlink.microdata.read_firms`). Only the columns
        the job uses are read and checked (measure columns other than ``measure`` are ignored).
    level : {"class", "division", "section", "io42"}
        Industry level (:func:`ftzlink.microdata.roll_up`).
    measure : str
        ``"count"``, ``"entries"``, ``"exits"`` or a numeric column.
    years : iterable of int, optional
        Calendar years; default every year from the earliest start to the latest start or end.
    zones : DataFrame, GeoDataFrame or path, optional
        A zone table (columns ``zone``, ``adcode``; also as a ``*.csv`` path) or zone polygons
        (a GeoDataFrame or a vector file), as in :func:`ftzlink.microdata.assign_zones`.
        Without zones, firms keep a ``region`` column they already have; the others go to
        their ``fallback`` region.
    engine : {"pandas", "dask"}
        In memory, or Dask (partition by partition: larger-than-memory data, clusters). Same
        result; Dask is optional (``pip install ftzlink[scale]``).
    fallback : {"city", "county"} or None
        Reference region of firms outside every zone; None drops them.
    zone_column : str
        Zone column of the zone table / polygons.
    concordance : DataFrame, optional
        Old → 2017 codes for records of an earlier GB/T 4754 edition (:mod:`ftzlink.microdata`).
    check_ids : bool, default True
        Refuse duplicate firm ids (on Dask one extra hash pass over the ids).
    client : distributed.Client, optional
        ``engine="dask"``: compute on this cluster (default: the active client or Dask's
        default scheduler).

    Returns
    -------
    pandas.DataFrame
        Columns ``region``, ``industry``, ``year``, ``value`` (int for counts, float for sums),
        sorted, one row per cell with at least one contributing firm (absent = no firm: pivot
        with ``ftzlink.to_matrix(..., fill_value=0)``).

    Raises
    ------
    FtzlinkError
        Invalid records (naming rows, as :func:`ftzlink.microdata.validate_firms`), bad
        arguments, a Dask frame with ``engine="pandas"``, ``engine="dask"`` without Dask.

    Examples
    --------
    >>> firms = pd.DataFrame({
    ...     "firm_id": ["a", "b", "c"],
    ...     "start_date": ["2015-04-01", "2019-12-31", "2016-01-01"],
    ...     "end_date": [None, None, "2019-06-30"],
    ...     "industry_code": ["3911", "6510", "3914"],
    ...     "adcode": ["420106", "420111", "430102"],
    ...     "employment": [120, 15, 40]})
    >>> stock = aggregate_firms(firms, years=[2018, 2019])
    >>> stock.to_numpy().tolist()
    [['420100', '39', 2018, 1], ['420100', '39', 2019, 1], ['420100', '65', 2019, 1], ['430100', '39', 2018, 1]]
    >>> aggregate_firms(firms, "section", "employment", years=[2018])["value"].tolist()
    [120.0, 40.0]
    >>> aggregate_firms(firms, measure="exits", years=range(2015, 2021))[["region", "year", "value"]].to_numpy().tolist()
    [['430100', 2019, 1]]
    """
    check_choice(level, LEVELS, "level")
    check_choice(engine, ENGINES, "engine")
    check_flag(check_ids, "check_ids")
    if not isinstance(measure, str):
        raise FtzlinkError(f"measure: expected 'count', 'entries', 'exits' or a column name, got {measure!r}")
    spec = _zone_spec(zones, fallback, zone_column)
    rules = schema.rules_for(concordance)
    years = None if years is None else check_years(years)
    if engine == "dask":
        return _aggregate_dask(firms, level, measure, years, spec, rules, check_ids, client)
    if client is not None:
        raise FtzlinkError("client: a Dask client needs engine='dask'")
    if engines.is_dask(firms):
        raise engines.not_dask_error(engine)
    firms = firms_table(firms, columns=_needed_columns(measure))
    _check_measure(measure, firms.columns, firms.dtypes)
    firms = firms[[c for c in _needed_columns(measure) if c in firms.columns]]
    schema.check_schema(firms.columns, firms.dtypes)
    labelled = with_industry(zoning.regions_in_memory(schema.prepare(firms, rules), spec), level)
    schema.raise_problems(schema.examples(labelled))
    if check_ids:
        schema.duplicate_ids(labelled)
    years = years or _data_years(labelled["start_date"].min(), labelled["start_date"].max(),
                                 labelled["end_date"].max())
    return finish(partial_counts(labelled, measure, years).groupby(KEYS, sort=False).sum(), measure)


def _check_measure(measure: str, columns, dtypes) -> None:
    if measure in COUNTS:
        return
    if measure not in columns:
        raise FtzlinkError(f"measure: {measure!r} is neither 'count', 'entries', 'exits' nor a column of firms "
                           f"({preview(columns, 20)})")
    if not pd.api.types.is_numeric_dtype(dtypes[measure]) or pd.api.types.is_bool_dtype(dtypes[measure]):
        raise FtzlinkError(f"measure: column {measure!r} must be numeric, got {dtypes[measure]}")


def _data_years(first_start, last_start, last_end) -> list[int]:
    if pd.isna(first_start):
        raise FtzlinkError("firms: no firm with a start date, so no years to count; pass years=")
    last = max(last_start.year, last_end.year if pd.notna(last_end) else last_start.year)
    return list(range(first_start.year, last + 1))


def _aggregate_dask(firms, level, measure, years, spec, rules, check_ids, client) -> pd.DataFrame:
    ddf = engines.to_dask(firms, _needed_columns(measure))
    _check_measure(measure, list(ddf.columns), ddf.dtypes)
    prepared = engines.regions(engines.prepare(ddf, rules), spec)
    labelled = prepared.map_partitions(with_industry, level, meta=with_industry(prepared._meta, level))
    if years is None:
        spans = (labelled["start_date"].min(), labelled["start_date"].max(), labelled["end_date"].max())
        years = _data_years(*engines.compute(*spans, client=client))
    meta = partial_counts(labelled._meta, measure, years)
    partial = labelled.map_partitions(partial_counts, measure, years, meta=meta)
    summed = partial.groupby(KEYS, sort=False).sum(split_out=1)
    (result,) = engines.check(labelled, check_ids, client, summed)
    return finish(result, measure)
