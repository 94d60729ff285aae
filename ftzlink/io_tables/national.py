"""China's national input-output tables embedded in ftzlink (NBS, 42 sectors).

The curated copies live in ``data/raw/io_tables/`` (``nbs_<year>_42.csv``, made by
``tools/curate_io_tables.py``; see the README there). Each file is a long table with columns
``origin`` (``domestic`` / ``imports`` / ``total``), ``row``, ``column`` and ``value``
(10,000 yuan). :func:`load_national_table` rebuilds the NBS layout from it in memory and
passes it through the same reader as :func:`~ftzlink.io_tables.read_io_table`, so every
declared total and the balance are checked on each load. :func:`national_tables` lists the
embedded tables with their citation and verification status.
"""

from __future__ import annotations

import dataclasses
from numbers import Integral

import pandas as pd

from ftzlink.errors import FtzlinkError
from ftzlink.io_tables.readers import _read_nbs
from ftzlink.io_tables.table import IOTable
from ftzlink.readers import read_csv_text
from ftzlink.resources import data_file

TABLES_FILE = "io_tables/tables.csv"
TABLE_COLUMNS = ("year", "sectors", "file", "title", "publisher", "publication", "url", "verified", "source",
                 "note")
LONG_COLUMNS = ("origin", "row", "column", "value")
ORIGIN_LABELS = {"domestic": "Domestic", "imports": "Imports", "total": "TOT"}
TOTAL_ROW_NAMES = {  # labels of the total rows in the NBS layout (Description, DescriptionInChinese)
    "TII": ("Total intermediate input", "中间投入合计"),
    "VA001": ("Compensation of employees", "劳动者报酬"),
    "VA002": ("Net taxes on production", "生产税净额"),
    "VA003": ("Depreciation of fixed assets", "固定资产折旧"),
    "VA004": ("Operating surplus", "营业盈余"),
    "TVA": ("Total value-added", "增加值合计"),
    "TI": ("Total inputs", "总投入"),
}
RTOL = 1e-6


def national_tables() -> pd.DataFrame:
    """The embedded national input-output tables, one row per table.

    Returns
    -------
    pandas.DataFrame
        The contents of ``data/raw/io_tables/tables.csv``: ``year`` and ``sectors`` (int),
        ``file``, ``title``, ``publisher``, ``publication``, ``url``, ``verified`` (bool: three
        published aggregates were found and equal the file), ``source`` (where the facts of
        the row were read) and ``note`` (including what is known of the domestic / imports
        split).

    Raises
    ------
    FtzlinkError
        When the file is missing or malformed.

    Examples
    --------
    >>> from ftzlink.io_tables import national_tables
    >>> tables = national_tables()
    >>> [(int(y), int(s)) for y, s in zip(tables["year"], tables["sectors"])]
    [(2017, 42), (2018, 42), (2020, 42)]
    >>> tables["verified"].dtype
    dtype('bool')
    """
    path = data_file(TABLES_FILE)
    df = read_csv_text(path)
    missing = [c for c in TABLE_COLUMNS if c not in df.columns]
    if missing:
        raise FtzlinkError(f"{path}: missing column(s) {missing}")
    for name in ("year", "sectors"):
        if not df[name].str.fullmatch(r"\d+").all():
            raise FtzlinkError(f"{path}: column {name!r} must hold whole numbers; got {list(df[name])}")
        df[name] = df[name].astype(int)
    if not df["verified"].isin(["true", "false"]).all():
        raise FtzlinkError(f"{path}: column 'verified' must be true or false; got {sorted(set(df['verified']))}")
    df["verified"] = df["verified"] == "true"
    if df.duplicated(["year", "sectors"]).any():
        raise FtzlinkError(f"{path}: more than one row for the same (year, sectors)")
    return df.sort_values(["year", "sectors"]).reset_index(drop=True)


def _check_int(value, name: str, tables: pd.DataFrame) -> int:
    """``value`` as an int; FtzlinkError naming the argument for bools, strings, floats …"""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise FtzlinkError(
            f"load_national_table: {name} must be an integer (e.g. {2020 if name == 'year' else 42}), "
            f"got {value!r} ({type(value).__name__}); embedded: {_embedded(tables)}"
        )
    return int(value)


def _embedded(tables: pd.DataFrame) -> str:
    """'2017, 2018, 2020 (42 sectors)' for the message of an unknown table."""
    groups = tables.groupby("sectors")["year"].apply(lambda ys: ", ".join(str(y) for y in sorted(ys)))
    return "; ".join(f"{years} ({sectors} sectors)" for sectors, years in groups.items())


def _nbs_frame(long: pd.DataFrame, path, names: pd.DataFrame) -> pd.DataFrame:
    """Rebuild the NBS layout (strings, blank = not applicable) from the long layout."""
    missing = [c for c in LONG_COLUMNS if c not in long.columns]
    if missing:
        raise FtzlinkError(f"{path}: missing column(s) {missing}; expected {list(LONG_COLUMNS)}")
    bad = ~long["origin"].isin(ORIGIN_LABELS)
    if bad.any():
        k = bad.idxmax()
        raise FtzlinkError(f"{path}: line {k + 2}: origin must be one of {list(ORIGIN_LABELS)}, "
                           f"got {long.at[k, 'origin']!r}")
    dup = long.duplicated(["origin", "row", "column"])
    if dup.any():
        k = dup.idxmax()
        raise FtzlinkError(f"{path}: line {k + 2}: repeats the cell ({long.at[k, 'origin']}, "
                           f"{long.at[k, 'row']}, {long.at[k, 'column']})")
    columns = list(pd.unique(long["column"]))
    keys = long[["origin", "row"]].drop_duplicates()
    order = keys["origin"].map({o: k for k, o in enumerate(ORIGIN_LABELS)})
    keys = keys.assign(_order=order.to_numpy()).sort_values("_order", kind="stable").drop(columns="_order")
    wide = (long.set_index(["origin", "row", "column"])["value"].unstack("column")
            .reindex(index=pd.MultiIndex.from_frame(keys), columns=columns).fillna(""))
    code = wide.index.get_level_values("row")
    meta_en = [names["name_en"].get(c, TOTAL_ROW_NAMES.get(c, ("", ""))[0]) for c in code]
    meta_zh = [names["name_zh"].get(c, TOTAL_ROW_NAMES.get(c, ("", ""))[1]) for c in code]
    frame = pd.DataFrame({
        "Code": list(code),
        "Description": meta_en,
        "DescriptionInChinese": meta_zh,
        "Origin": [ORIGIN_LABELS[o] for o in wide.index.get_level_values("origin")],
    })
    return pd.concat([frame, pd.DataFrame(wide.to_numpy(), columns=columns)], axis=1)


def load_national_table(year: int = 2020, sectors: int = 42) -> IOTable:
    """China's national input-output table for ``year``, embedded in ftzlink.

    The NBS 42-sector non-competitive-import tables for 2017, 2018 and 2020 (see
    :func:`national_tables` for titles, publication details and verification status). The
    curated long file is rebuilt into the NBS layout and read by the same code as
    :func:`~ftzlink.io_tables.read_io_table` (``layout="nbs"``, ``rtol=1e-6``): every declared
    total (TIU, TFU, GO, TII, TVA, TI) is checked against its parts and the table against
    total input = total output. ``Z`` holds domestic + imported intermediate use and
    ``Z_imports`` the imported part; values are in 10,000 yuan.

    Parameters
    ----------
    year : int, default 2020
        Table year; one of the years listed by :func:`national_tables`.
    sectors : int, default 42
        Number of product sectors (only 42-sector tables are embedded).

    Returns
    -------
    IOTable
        With ``year`` set and ``source`` a citation of the NBS table and the curated file.

    Raises
    ------
    FtzlinkError
        When ``year`` or ``sectors`` is not an integer (a string, a float, a bool), when no
        table is embedded for them (the message lists the embedded ones), or when the curated
        file fails a check.

    Examples
    --------
    >>> from ftzlink.io_tables import load_national_table
    >>> t = load_national_table(2020)
    >>> t.year, len(t.sectors), list(t.sectors[:3])
    (2020, 42, ['01', '02', '03'])
    >>> bool(t.check_balance()["relative"].max() < 1e-9)
    True
    >>> round(float(t.x.sum()) / 1e4)        # total output, 亿元
    2699028
    >>> bool((t.multipliers(domestic=True) < t.multipliers()).all())
    True
    >>> t.source.startswith("中国投入产出表（2020）")
    True
    >>> load_national_table(2019)
    Traceback (most recent call last):
    ...
    ftzlink.errors.FtzlinkError: no embedded 42-sector table for 2019; embedded: 2017, 2018, 2020 (42 sectors)
    """
    tables = national_tables()
    year = _check_int(year, "year", tables)
    sectors = _check_int(sectors, "sectors", tables)
    hit = tables[(tables["year"] == year) & (tables["sectors"] == sectors)]
    if hit.empty:
        raise FtzlinkError(f"no embedded {sectors}-sector table for {year}; embedded: {_embedded(tables)}")
    meta = hit.iloc[0]
    path = data_file(f"io_tables/{meta['file']}")
    long = read_csv_text(path)
    names = read_csv_text(data_file("io42_sectors.csv")).set_index("io42_code")
    table = _read_nbs(_nbs_frame(long, path, names), path, RTOL, year)
    if len(table.sectors) != sectors:
        raise FtzlinkError(f"{path}: expected {sectors} sectors, found {len(table.sectors)}")
    source = (f"{meta['title']}; {meta['publisher']}; non-competitive-import table as re-tabulated in the "
              f"ionet R package, curated in ftzlink as data/raw/io_tables/{meta['file']}")
    return dataclasses.replace(table, source=source)
