"""Official statistics curated in ``data/raw/statistics/``, as matrices for the index functions.

- ``province_industry/*.csv``: one file per official table (provincial statistical yearbooks,
  economic census communiqués and yearbooks, national releases): region × industry (GB/T
  4754-2017 section letter, 2-digit division, or the table's published ``total``) per
  ``year`` and ``measure``, with the bureau's ``table`` and ``source``; see
  ``data/raw/statistics/SOURCES.md``. Suppressed cells are absent, never zero.
- ``city_indicators.csv``: host-city indicators (GDP, sector value added, population, trade,
  FDI) per ``year``.

Values are stored as published (units in the ``unit`` column). Nothing is filled in: a matrix
with a missing cell raises, naming the cell, and :func:`statistics_coverage` reports gaps.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ftzlink.checks import check_file, check_integer, check_names, check_path, preview
from ftzlink.errors import FtzlinkError
from ftzlink.readers import read_csv_text
from ftzlink.resources import data_file
from ftzlink.tidy import to_matrix

TABLES = {
    "province_industry": (["region", "industry", "year", "measure"], "measure"),
    "city_indicators": (["region", "indicator", "year"], "indicator"),
}
#: Chinese names of the host-city indicators, as in the indicator table of
#: ``data/raw/statistics/SOURCES.md``.
INDICATOR_NAMES_ZH = {"gdp": "地区生产总值", "va_primary": "第一产业增加值", "va_secondary": "第二产业增加值",
                      "va_tertiary": "第三产业增加值", "population_resident": "年末常住人口", "exports": "出口总额",
                      "imports": "进口总额", "trade_total": "进出口总额", "fdi_actual": "实际使用外资"}
#: Measures that can be negative (losses); every other measure must be ≥ 0.
SIGNED_MEASURES = ("total_profit", "operating_profit", "investment_income", "financial_expenses")
CHECKS_FILE = "division_checks.csv"


def _table_files(table: str, path: Path | None) -> list[Path]:
    """The CSV files of a curated table: one file, or every file of its folder (checks excluded)."""
    if path is not None:
        path = check_path(path, "path")
    else:
        folder = data_file(f"statistics/{table}")
        path = folder if folder.is_dir() else data_file(f"statistics/{table}.csv")
    if path.is_dir():
        files = sorted(p for p in path.glob("*.csv") if p.name != CHECKS_FILE)
        if not files:
            raise FtzlinkError(f"{path}: no CSV files")
        return files
    return [check_file(path, "path")]


@lru_cache(maxsize=256)
def _checked_file(path: str, _mtime_ns: int, _size: int, table: str) -> pd.DataFrame:
    """One statistics file read and checked, cached per file state (path, modification time, size).

    Callers must not change the frame (load_statistics concatenates copies).
    """
    key, measure_col = TABLES[table]
    file = Path(path)
    df = read_csv_text(file)
    missing = [c for c in key + ["unit", "value", "source", "verified"] if c not in df.columns]
    if missing:
        raise FtzlinkError(f"{file}: missing column(s) {', '.join(missing)}")
    value = pd.to_numeric(df["value"], errors="coerce")
    year = pd.to_numeric(df["year"], errors="coerce")
    signed = df[measure_col].isin(SIGNED_MEASURES) if table == "province_industry" else False
    for what, bad in (("value is not a number", value.isna()), ("value is negative", (value < 0) & ~signed),
                      ("year is not a number", year.isna()),
                      ("source is not an http(s) URL", ~df["source"].str.match(r"https?://")),
                      ("verified must be true or false", ~df["verified"].str.lower().isin(["true", "false"])),
                      ("duplicate key " + "/".join(key), df.duplicated(subset=key))):
        if bad.any():
            line = int(np.flatnonzero(bad.to_numpy())[0]) + 2
            raise FtzlinkError(f"{file}: line {line}: {what}")
    return df.assign(value=value, year=year.astype(int), file=file.name)


def load_statistics(table: str = "province_industry", path: Path | None = None) -> pd.DataFrame:
    """A curated statistics table as a validated long DataFrame (``value`` float, ``year`` int).

    ``table="province_industry"`` reads every file of ``statistics/province_industry/``
    (column ``file`` says which), ``"city_indicators"`` one file; ``path`` reads a user's own
    file or folder in the same layout. Raises FtzlinkError naming the file and line of a
    non-numeric value, a negative value of a measure that cannot be negative, a duplicate key
    (within or across files), a row without an http(s) source or a ``verified`` flag other
    than true/false, or several units for one measure/indicator.

    Examples
    --------
    >>> stats = load_statistics()
    >>> sorted(set(stats["region"]) & {"hubei", "zhejiang"})
    ['hubei', 'zhejiang']
    """
    if not isinstance(table, str) or table not in TABLES:
        raise FtzlinkError(f"load_statistics: table must be one of {list(TABLES)}, got {table!r}")
    key, measure_col = TABLES[table]
    frames = []
    for file in _table_files(table, path):
        stat = file.stat()
        frames.append(_checked_file(str(file), stat.st_mtime_ns, stat.st_size, table))
    df = pd.concat(frames, ignore_index=True)
    twice = df.duplicated(subset=key, keep=False)
    if twice.any():
        rows = df[twice].sort_values(key).head(2)
        raise FtzlinkError(f"statistics: {'/'.join(map(str, rows.iloc[0][key]))} appears in both "
                           f"{rows.iloc[0]['file']} and {rows.iloc[1]['file']}")
    units = df.groupby(["file", measure_col])["unit"].nunique()
    if (units > 1).any():
        file, measure = units.index[units > 1][0]
        raise FtzlinkError(f"{file}: several units for {measure_col} {measure!r}")
    return df.assign(verified=df["verified"].str.lower() == "true")


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
    it — ftzlink does not fill gaps. ``attrs`` carry the measure, year, unit and source tables.

    >>> m = statistics_matrix("revenue", 2024, regions=["hubei"], level="division")
    >>> m.attrs["unit"], m.shape[1]
    ('100m yuan', 41)
    """
    year = check_integer(year, "statistics_matrix: year")
    if not isinstance(measure, str):
        raise FtzlinkError(f"statistics_matrix: measure: expected a measure name (str), got {measure!r}")
    pattern = {"section": r"[A-T]", "division": r"\d{2}"}.get(level) if isinstance(level, str) else None
    if pattern is None:
        raise FtzlinkError(f"statistics_matrix: level must be 'section' or 'division', got {level!r}")
    if table != "province_industry":
        raise FtzlinkError(f"statistics_matrix: table must be 'province_industry' (the only table by industry), "
                           f"got {table!r}; read other tables with load_statistics")
    if regions is not None:
        regions = check_names(regions, "statistics_matrix: regions")
    df = load_statistics(table)
    rows = df[(df["measure"] == measure) & (df["year"] == year)]
    if rows.empty:
        have = df[["measure", "year"]].drop_duplicates().sort_values(["measure", "year"])
        what = "measure" if measure not in set(df["measure"]) else "year"
        raise FtzlinkError(f"statistics_matrix: no {measure!r} for {year}; available: "
                           f"{preview([f'{m} {y}' for m, y in have.itertuples(index=False)], 20)} (check {what})")
    rows = rows[rows["industry"].str.fullmatch(pattern)]
    if regions is not None:
        absent = sorted(set(regions) - set(rows["region"]))
        if absent:
            raise FtzlinkError(f"statistics_matrix: no {measure!r} {year} {level} data for region(s) {preview(absent)}")
        rows = rows[rows["region"].isin(regions)]
    units = sorted(rows["unit"].unique())
    if len(units) > 1:
        raise FtzlinkError(f"statistics_matrix: {measure!r} {year} is published in different units "
                           f"({', '.join(units)}) for the chosen regions; convert them first")
    mat = to_matrix(rows, "region", "industry", "value", name=f"{table} {measure} {year}")
    mat.attrs.update(measure=measure, year=year, unit=units[0],
                     sources=sorted(set(rows["table"] if "table" in rows else rows["source"])))
    return mat


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
