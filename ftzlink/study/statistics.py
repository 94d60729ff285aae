"""Official statistics curated in ``data/raw/statistics/``, as matrices for the index functions.

- ``province_industry.csv``: province × industry (GB/T 4754-2017 section letter, division, or
  ``total``) from the economic census bulletins, per ``year`` and ``measure``.
- ``city_indicators.csv``: host-city indicators (GDP, sector value added, population, trade,
  FDI) per ``year``.

Values are stored as published (units in the ``unit`` column). Nothing is filled in: a matrix
with a missing cell raises, naming the cell, and :func:`statistics_coverage` reports gaps.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ftzlink.resources import data_file
from ftzlink.readers import read_csv_text
from ftzlink.tidy import to_matrix
from ftzlink.errors import FtzlinkError
from ftzlink.checks import preview

TABLES = {
    "province_industry": (["region", "industry", "year", "measure"], "measure"),
    "city_indicators": (["region", "indicator", "year"], "indicator"),
}


def load_statistics(table: str = "province_industry", path: Path | None = None) -> pd.DataFrame:
    """A curated statistics table as a validated long DataFrame (``value`` float, ``year`` int).

    Raises FtzlinkError naming the line of a non-numeric or negative value, a duplicate key, a
    row without an http(s) source, or several units for one measure/indicator.
    """
    if table not in TABLES:
        raise FtzlinkError(f"load_statistics: table must be one of {list(TABLES)}, got {table!r}")
    key, measure_col = TABLES[table]
    path = Path(path) if path is not None else data_file(f"statistics/{table}.csv")
    df = read_csv_text(path)
    missing = [c for c in key + ["unit", "value", "source", "verified"] if c not in df.columns]
    if missing:
        raise FtzlinkError(f"{path}: missing column(s) {', '.join(missing)}")
    value = pd.to_numeric(df["value"], errors="coerce")
    year = pd.to_numeric(df["year"], errors="coerce")
    for what, bad in (("value is not a number", value.isna()), ("value is negative", value < 0),
                      ("year is not a number", year.isna()),
                      ("source is not an http(s) URL", ~df["source"].str.match(r"https?://")),
                      ("duplicate key " + "/".join(key), df.duplicated(subset=key))):
        if bad.any():
            line = int(np.flatnonzero(bad.to_numpy())[0]) + 2
            raise FtzlinkError(f"{path}: line {line}: {what}")
    units = df.groupby(measure_col)["unit"].nunique()
    if (units > 1).any():
        raise FtzlinkError(f"{path}: several units for {measure_col}(s) {preview(units.index[units > 1])}")
    return df.assign(value=value, year=year.astype(int), verified=df["verified"].str.lower() == "true")


def statistics_matrix(
    measure: str,
    year: int,
    regions: list[str] | None = None,
    level: str = "section",
    table: str = "province_industry",
) -> pd.DataFrame:
    """Region × industry matrix of one ``measure`` and ``year`` (published totals excluded).

    ``level="section"`` keeps section letters A–T, ``"division"`` two-digit divisions. Every
    region must have a value for every industry present for any region; a gap raises naming
    it — ftzlink does not fill gaps.
    """
    df = load_statistics(table)
    rows = df[(df["measure"] == measure) & (df["year"] == year)]
    if rows.empty:
        have = df[["measure", "year"]].drop_duplicates().sort_values(["measure", "year"])
        raise FtzlinkError(f"statistics_matrix: no {measure!r} for {year}; available: "
                           f"{preview([f'{m} {y}' for m, y in have.itertuples(index=False)], 20)}")
    pattern = {"section": r"[A-T]", "division": r"\d{2}"}.get(level)
    if pattern is None:
        raise FtzlinkError(f"statistics_matrix: level must be 'section' or 'division', got {level!r}")
    rows = rows[rows["industry"].str.fullmatch(pattern)]
    if regions is not None:
        absent = sorted(set(regions) - set(rows["region"]))
        if absent:
            raise FtzlinkError(f"statistics_matrix: no {measure!r} {year} {level} data for region(s) {preview(absent)}")
        rows = rows[rows["region"].isin(regions)]
    return to_matrix(rows, "region", "industry", "value", name=f"{table} {measure} {year}")


def statistics_available(measure: str, year: int, regions: list[str], level: str = "section",
                         table: str = "province_industry") -> bool:
    """True when :func:`statistics_matrix` can build a gap-free matrix for these ``regions``."""
    try:
        statistics_matrix(measure, year, regions=regions, level=level, table=table)
    except FtzlinkError:
        return False
    return True


def statistics_coverage(table: str = "province_industry") -> pd.DataFrame:
    """Number of published values per region × (measure, year): the gaps at a glance."""
    df = load_statistics(table)
    measure_col = TABLES[table][1]
    return pd.crosstab(df["region"], [df[measure_col], df["year"]])
