"""Curate China's national 42-sector input-output tables into ftzlink's own long layout.

Run from the repository root::

    python tools/curate_io_tables.py                  # reads ../shared/data/nbs_io/
    python tools/curate_io_tables.py --source DIR     # another copy of the source CSVs

Input: the NBS 42-sector non-competitive-import tables for 2017, 2018 and 2020 as re-tabulated
in the ``ionet`` R package (``china_<year>_42.csv``: one row per product and origin, one column
per sector, then final-use and total columns; values in 10,000 yuan).

Output, in ``data/raw/io_tables/`` (see the README there):

- ``nbs_<year>_42.csv``: one line per non-empty cell, columns ``origin, row, column, value``.
  ``origin`` is ``domestic`` / ``imports`` (product rows 01–42) or ``total`` (rows TII,
  VA001–VA004, TVA, TI). Every non-empty source cell is written, zeros included; a cell that
  is blank in the source (final-use columns of the value-added and total rows) is absent.
  Values are the source numbers parsed as IEEE doubles and written in Python's shortest
  round-trip form, so a reader gets back exactly the same floats.
- ``tables.csv``: one row per table (title, publisher, publication, verification status, notes).
- ``aggregates.csv``: national aggregates computed from the curated figures, next to the
  published values found for them (none so far) and whether they match.

Sector names are not written: ``data/raw/io42_sectors.csv`` already holds codes 01–42 with the
same Chinese and English names as the source tables; the script checks that and stops if they
differ. Published aggregates are entered by hand in ``PUBLISHED`` below, each with its source;
a table's ``verified`` flag is true only when at least three of them match the file.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path

import pandas as pd

SOURCE = Path("../shared/data/nbs_io")
OUT = Path("data/raw/io_tables")
SECTOR_NAMES = Path("data/raw/io42_sectors.csv")
YEARS = (2017, 2018, 2020)
SECTORS = 42
ORIGINS = {"Domestic": "domestic", "Imports": "imports", "TOT": "total"}
TOTAL_ROWS = ("TII", "VA001", "VA002", "VA003", "VA004", "TVA", "TI")
FINAL_COLUMNS = ("TIU", "TC", "FU201", "FU202", "EX", "TFU", "GO")
AGG_UNIT = "100 million yuan (亿元)"
RTOL = 1e-4  # published aggregates are rounded to 亿元; relative 1e-4 is far above that rounding

PUBLISHER = "国家统计局国民经济核算司 (National Accounts Department, National Bureau of Statistics of China)"
NOT_FOUND = ("no published value found with the look-up tools; see README.md, section Verification "
             "for the searches made")

# Curated table metadata. Each fact was read at the URLs in `source`; nothing here is copied
# verbatim from those pages. Facts that were not found (ISBN, official URL) stay empty.
TABLES = {
    2017: {
        "title": "中国投入产出表（2017）/ China Input-Output Table 2017, 42 sectors",
        "publication": (
            "Input-Output Tables of China 2017 (中国投入产出表 2017), compiled by the NBS National Accounts "
            "Department from the 2017 national input-output survey (benchmark table); the book also first "
            "published China's supply and use tables. The national 2017 table was released in September "
            "2019. Press and ISBN not confirmed"
        ),
        "url": "",
        "source": ("http://nianjian.xiaze.com/down/2020/zgtrccb-2017.html (description of the book) | "
                   "http://scces.cn/newsinfo/3898428.html (release date of the national 2017 table)"),
        "split": (
            "Domestic/imports split: origin not confirmed. No description of an NBS 42-sector "
            "non-competitive-import table for 2017 was found with the look-up tools, and the ionet "
            "documentation names NBS as the source without saying how the split was made. The 2020 book "
            "says its non-competitive table was finished a year earlier than before, which suggests NBS "
            "compiled such tables for earlier years too; this was not confirmed for 2017. In the file the "
            "import share of a product differs between its uses, so the split is not a uniform "
            "proportional allocation."
        ),
    },
    2018: {
        "title": "中国投入产出表（2018）/ China Input-Output Table 2018, 42 sectors",
        "publication": (
            "Input-output Table of China 2018 (中国投入产出表 2018), China Statistics Press, "
            "ISBN 978-7-5037-9414-8; compiled with the supply and use tables from the Fourth Economic "
            "Census, the 2017 input-output survey and the 2017 table (a census-year table)"
        ),
        "url": "",
        "source": "https://cdi.cnki.net/Titles/SingleNJ?NJCode=N2021030173 (catalogue entry of the book)",
        "split": (
            "Domestic/imports split: origin not confirmed. No description of an NBS 42-sector "
            "non-competitive-import table for 2018 was found with the look-up tools, and the ionet "
            "documentation names NBS as the source without saying how the split was made. The 2020 book "
            "says its non-competitive table was finished a year earlier than before, which suggests NBS "
            "compiled such tables for earlier years too; this was not confirmed for 2018. In the file the "
            "import share of a product differs between its uses, so the split is not a uniform "
            "proportional allocation."
        ),
    },
    2020: {
        "title": "中国投入产出表（2020）/ China Input-Output Table 2020, 42 sectors",
        "publication": (
            "2020年中国投入产出表 (Input-Output Tables of China 2020), compiled by NBS as an extension-year "
            "table from the 2017 survey and 2020 statistics; the book holds the 153-sector (competitive) "
            "table, supply and use tables (70 products x 60 industries) and a 42 x 42 non-competitive-import "
            "table. Press and ISBN not confirmed"
        ),
        "url": "",
        "source": "https://www.tjnj.net/navibooklist-n3023090401-1.html (description of the book)",
        "split": (
            "Domestic/imports split: published by NBS. The description of the 2020 book says NBS compiled "
            "a 2020 non-competitive-import table (42 x 42 products) from the 2020 survey of the use of "
            "imported goods and from trade data, and that the book contains it. The ionet documentation "
            "names NBS as the source; that the file equals the printed table cell by cell was not checked."
        ),
    },
}

# Published aggregates: (year, aggregate) -> (value in 亿元, source). Enter only figures read in
# an NBS release or a faithful report of one (never the ionet package or a code repository).
# None were found with the look-up tools (see README.md, Verification).
PUBLISHED: dict[tuple[int, str], tuple[float, str]] = {}

AGGREGATES = {
    "total_output": "总产出 (sum of GO over domestic product rows)",
    "total_intermediate_input": "中间投入合计 (row TII, column TIU)",
    "total_value_added": "增加值合计 (row TVA, column TIU)",
    "total_final_use": "最终使用合计 (sum of TFU over domestic and imported product rows)",
    "total_imports": "进口 (sum of GO over imported product rows)",
}


def fail(message: str) -> None:
    """Stop the script with a message on stderr."""
    sys.exit(f"curate_io_tables: {message}")


def read_source(path: Path) -> pd.DataFrame:
    """Read one ionet CSV and return it in the long layout (strings for codes, float values)."""
    if not path.is_file():
        fail(f"{path}: no such file (run from the repository root, or pass --source)")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    sectors = [f"{k:02d}" for k in range(1, SECTORS + 1)]
    expected = ["Code", "Description", "DescriptionInChinese", "Origin", *sectors, *FINAL_COLUMNS]
    if list(df.columns) != expected:
        fail(f"{path}: unexpected columns {list(df.columns)[:8]} …; expected {expected[:8]} …")
    unknown = sorted(set(df["Origin"]) - set(ORIGINS))
    if unknown:
        fail(f"{path}: unknown Origin value(s) {unknown}")
    records = []
    for line, row in zip(range(2, len(df) + 2), df.itertuples(index=False)):
        origin = ORIGINS[row.Origin]
        code = row.Code.strip()
        if (origin == "total") != (code in TOTAL_ROWS) or (origin != "total" and code not in sectors):
            fail(f"{path}: line {line}: row code {code!r} does not fit Origin {row.Origin!r}")
        for column, text in zip(df.columns[4:], row[4:]):
            text = text.strip()
            if text == "":
                if origin != "total":
                    fail(f"{path}: line {line}, column {column!r}: empty cell on a product row")
                continue
            value = float(text)
            if not math.isfinite(value):
                fail(f"{path}: line {line}, column {column!r}: not a finite number: {text!r}")
            records.append((origin, code, column, value))
    long = pd.DataFrame(records, columns=["origin", "row", "column", "value"])
    if long.duplicated(["origin", "row", "column"]).any():
        fail(f"{path}: repeated (origin, row, column) cells")
    return long


def check_sector_names(path: Path, names: pd.DataFrame) -> None:
    """Stop unless io42_sectors.csv has the source table's sector names."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    src = df[df["Origin"] == "Domestic"].set_index("Code")[["DescriptionInChinese", "Description"]]
    ours = names.set_index("io42_code").reindex(src.index)[["name_zh", "name_en"]]
    bad = (ours.to_numpy() != src.to_numpy()).any(axis=1)
    if bad.any():
        fail(f"{path}: sector names differ from {SECTOR_NAMES} for codes {list(src.index[bad])}; "
             f"write the missing names to a new file instead of editing {SECTOR_NAMES}")


def cell(long: pd.DataFrame, origin: str, row: str, column: str) -> float:
    """The value of one cell of the long table."""
    hit = long[(long["origin"] == origin) & (long["row"] == row) & (long["column"] == column)]
    if len(hit) != 1:
        fail(f"no cell ({origin}, {row}, {column})")
    return float(hit["value"].iloc[0])


def aggregates(long: pd.DataFrame) -> dict[str, float]:
    """National aggregates of one table in 亿元, computed from the long layout."""
    def column_sum(origins: tuple[str, ...], column: str) -> float:
        sel = long["origin"].isin(origins) & (long["column"] == column)
        return float(long.loc[sel, "value"].sum())

    out = {
        "total_output": column_sum(("domestic",), "GO"),
        "total_intermediate_input": cell(long, "total", "TII", "TIU"),
        "total_value_added": cell(long, "total", "TVA", "TIU"),
        "total_final_use": column_sum(("domestic", "imports"), "TFU"),
        "total_imports": column_sum(("imports",), "GO"),
    }
    # Consistency of the figures themselves: the declared totals agree with the sums.
    for name, declared in (("total_output", cell(long, "total", "TI", "TIU")),
                           ("total_final_use", cell(long, "total", "TII", "TFU"))):
        if not math.isclose(out[name], declared, rel_tol=1e-9):
            fail(f"{name}: sum {out[name]!r} differs from the declared total {declared!r}")
    return {name: value / 1e4 for name, value in out.items()}


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    """Write a UTF-8 CSV with LF line ends."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE,
                        help="folder with china_<year>_42.csv (default: ../shared/data/nbs_io)")
    args = parser.parse_args(argv)
    if not SECTOR_NAMES.is_file():
        fail(f"{SECTOR_NAMES} not found: run the script from the repository root")
    names = pd.read_csv(SECTOR_NAMES, dtype=str, keep_default_na=False)
    OUT.mkdir(parents=True, exist_ok=True)

    table_rows, aggregate_rows = [], []
    for year in YEARS:
        src = args.source / f"china_{year}_42.csv"
        long = read_source(src)
        check_sector_names(src, names)
        name = f"nbs_{year}_{SECTORS}.csv"
        write_csv(OUT / name, ["origin", "row", "column", "value"],
                  [[o, r, c, repr(v)] for o, r, c, v in long.itertuples(index=False)])

        matched = 0
        for agg, value in aggregates(long).items():
            published = PUBLISHED.get((year, agg))
            if published is None:
                aggregate_rows.append([year, agg, AGGREGATES[agg], AGG_UNIT, repr(value), "", RTOL,
                                       "false", "", NOT_FOUND])
                continue
            pub, source = published
            ok = abs(value - pub) <= RTOL * abs(pub)
            matched += ok
            aggregate_rows.append([year, agg, AGGREGATES[agg], AGG_UNIT, repr(value), repr(pub), RTOL,
                                   str(ok).lower(), source, ""])
        meta = TABLES[year]
        verified = matched >= 3
        found = sum((year, agg) in PUBLISHED for agg in AGGREGATES)
        if verified:
            status = f"Verified: {matched} published aggregates match the file."
        elif not found:
            status = ("Not verified: no published aggregates were found with the look-up tools (three matching "
                      "ones are needed); see aggregates.csv and README.md.")
        else:
            status = (f"Not verified: {found} published aggregate(s) found, {matched} matching the file (three "
                      f"needed); see aggregates.csv and README.md.")
        note = (f"Non-competitive-import table as re-tabulated in the ionet R package; values in 10,000 yuan "
                f"at producers' prices. {meta['split']} {status}")
        table_rows.append([year, SECTORS, name, meta["title"], PUBLISHER, meta["publication"], meta["url"],
                           str(verified).lower(), meta["source"], note])
        print(f"{OUT / name}: {len(long)} cells, verified={str(verified).lower()}")

    write_csv(OUT / "tables.csv", ["year", "sectors", "file", "title", "publisher", "publication", "url",
                                   "verified", "source", "note"], table_rows)
    write_csv(OUT / "aggregates.csv", ["year", "aggregate", "definition", "unit", "value_in_file",
                                       "value_published", "rtol", "matches", "source", "note"], aggregate_rows)
    print(f"{OUT / 'tables.csv'}, {OUT / 'aggregates.csv'} written")


if __name__ == "__main__":
    main()
