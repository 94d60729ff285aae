"""Read national input-output tables into :class:`~ftzlink.io_tables.table.IOTable`.

Two layouts:

- ``"nbs"``, the National Bureau of Statistics layout (as re-tabulated by the ionet package):
  one row per product (``Code``, ``Description``, ``DescriptionInChinese`` and, in the
  non-competitive 42-sector tables, ``Origin`` = Domestic / Imports / TOT), one column per
  sector code up to ``TIU``, then final-use and total columns (``TC`` or its parts
  ``FU101``/``FU102``/``THC``/``FU103``, ``FU201``, ``FU202``, ``GCF``, ``EX``, ``TFU``,
  ``IM`` in competitive tables, ``GO``), then the rows ``TII``, ``VA001``…, ``TVA``, ``TI``.
- ``"tidy"``: columns ``from_sector, to_sector, value`` (intermediate flows) plus a gross
  output vector (a CSV with columns ``sector, value``, or a Series).

Every declared total (TIU, THC, TC, GCF, TFU, GO, TII, TVA, TI) is checked against its parts
and the table against total input = total output, all within ``rtol``. Bad cells, unknown
rows or columns, negative entries where none are allowed (only changes in inventories, the
totals that include them, and value added may be negative) and unbalanced tables raise
FtzlinkError naming the file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice, check_integer, check_number, check_path
from ftzlink.errors import FtzlinkError
from ftzlink.io_tables.table import IOTable
from ftzlink.readers import parse_numbers, read_csv_text
from ftzlink.vocabulary import IO_LAYOUTS

META_COLUMNS = ("Code", "Description", "DescriptionInChinese", "Origin")
FINAL_USE_TREE = {"TFU": ("TC", "GCF", "EX"), "TC": ("THC", "FU103"), "THC": ("FU101", "FU102"),
                  "GCF": ("FU201", "FU202")}
FINAL_USE_CODES = frozenset(FINAL_USE_TREE) | {c for parts in FINAL_USE_TREE.values() for c in parts}
NEGATIVE_ALLOWED = frozenset({"FU202", "GCF", "TFU"})
TOTAL_ROWS = ("TII", "TVA", "TI")
TIDY_COLUMNS = ("from_sector", "to_sector", "value")


def _year_from_name(path: Path) -> int | None:
    years = re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", path.stem)
    return int(years[0]) if len(years) == 1 else None


def _numbers(cells: pd.DataFrame, path: Path, blank_ok: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`ftzlink.readers.parse_numbers` for a table read with its header on line 1 (row
    label i is on line i + 2); blank cells only where ``blank_ok``."""
    return parse_numbers(cells, path, cells.index.to_numpy() + 2, blank_ok=blank_ok, missing_hint="enter 0 for zero")


def _final_components(node: str, present: set[str]) -> list[str] | None:
    """Leaf final-use columns that make up ``node`` (finest available split), None if impossible."""
    parts = [_final_components(p, present) for p in FINAL_USE_TREE.get(node, ())]
    if parts and all(p is not None for p in parts):
        return [leaf for p in parts for leaf in p]
    return [node] if node in present else None


def _check_sum(path: Path, declared: pd.Series, terms: pd.DataFrame, where: Callable[[object], str],
               rtol: float) -> None:
    """Raise unless ``declared`` equals the row sums of ``terms`` within ``rtol`` (NaN declared = not given)."""
    computed = terms.sum(axis=1)
    scale = np.maximum(declared.abs(), terms.abs().sum(axis=1))
    diff = (declared - computed).abs()
    bad = diff > rtol * scale
    if bad.any():
        k = bad.idxmax()
        parts = ", ".join(map(str, terms.columns[:6])) + (" …" if terms.shape[1] > 6 else "")
        raise FtzlinkError(
            f"{path}: {where(k)}: declared total {declared[k]:.10g} but its parts ({parts}) sum to "
            f"{computed[k]:.10g} (relative difference "
            f"{diff[k] / scale[k]:.2e} > rtol {rtol:g})"
        )


def _read_nbs(df: pd.DataFrame, path: Path, rtol: float, year: int | None) -> IOTable:
    cols = list(df.columns)
    for need in ("Code", "TIU", "GO"):
        if need not in cols:
            raise FtzlinkError(f"{path}: the NBS layout needs a {need!r} column; found {cols[:8]} …")
    sectors = [c for c in cols[: cols.index("TIU")] if c not in META_COLUMNS]
    after = cols[cols.index("TIU") + 1:]
    unknown = [c for c in after if c not in FINAL_USE_CODES | {"IM", "GO"}]
    if not sectors or unknown:
        raise FtzlinkError(
            f"{path}: expected sector columns before 'TIU' and only final-use columns "
            f"{sorted(FINAL_USE_CODES | {'IM', 'GO'})} after it; unknown: {unknown or 'no sector columns'}"
        )
    noncompetitive = "Origin" in cols
    if not noncompetitive and "IM" not in cols:
        raise FtzlinkError(f"{path}: a competitive table (no 'Origin' column) needs an 'IM' (imports) column")
    final = _final_components("TFU", set(after))
    if final is None:
        raise FtzlinkError(f"{path}: no total final use: give 'TFU' or its parts (TC, GCF or FU201 + FU202, EX)")

    code = df["Code"].str.strip()
    origin = df["Origin"].str.strip() if noncompetitive else pd.Series("", index=df.index)
    is_sector = code.isin(sectors)
    is_total = code.isin(TOTAL_ROWS) | code.str.fullmatch(r"VA\d+")
    problems = {
        "row code is neither a sector column code nor a total row (TII, VA…, TVA, TI)": ~(is_sector | is_total),
        "Origin must be Domestic or Imports on sector rows and TOT on total rows": noncompetitive
        & ((is_sector & ~origin.isin(["Domestic", "Imports"])) | (is_total & (origin != "TOT"))),
        "row repeats an earlier (Code, Origin)": (code + "|" + origin).duplicated(),
    }
    for what, mask in problems.items():
        if mask.any():
            k = mask.idxmax()
            raise FtzlinkError(f"{path}: line {k + 2}: {what}: Code {code[k]!r}, Origin {origin[k]!r}")
    value_cols = [*sectors, "TIU", *after]
    blank_ok = pd.DataFrame(False, index=df.index, columns=value_cols)
    blank_ok.loc[is_total, after] = True
    num = _numbers(df[value_cols], path, blank_ok)
    nonneg = [c for c in value_cols if c not in NEGATIVE_ALLOWED]
    neg = (num.loc[is_sector, nonneg] < 0).to_numpy()
    if neg.any():
        r, c = np.argwhere(neg)[0]
        k = num.index[is_sector][r]
        raise FtzlinkError(
            f"{path}: line {k + 2}, column {nonneg[c]!r}: negative value {num.at[k, nonneg[c]]:g} "
            f"(row {code[k]!r} {origin[k]}); only changes in inventories (FU202), the totals including "
            f"them and value added may be negative"
        )

    totals = num[is_total].set_axis(code[is_total])
    va_codes = [c for c in totals.index if c not in TOTAL_ROWS]
    missing_totals = [c for c in TOTAL_ROWS if c not in totals.index] + ([] if va_codes else ["VA001 …"])
    if missing_totals:
        raise FtzlinkError(f"{path}: missing total row(s) {missing_totals}")
    line_of = pd.Series(df.index + 2, index=code + "|" + origin)
    total_origin = "TOT" if noncompetitive else ""

    def at(row: str | None, org: str, col: str | None) -> Callable[[object], str]:
        """Describe a cell for _check_sum: fixed row or column, the other one is the failing label."""
        def where(label) -> str:
            r, c = (row, label) if row is not None else (label, col)
            return f"line {line_of[f'{r}|{org}']}, row {r!r}{' ' + org if org else ''}, column {c!r}"
        return where

    blocks = {}
    for org in ("Domestic", "Imports") if noncompetitive else ("",):
        mask = is_sector & (origin == org)
        rows = num[mask].set_axis(code[mask])
        absent = pd.Index(sectors).difference(rows.index)
        if len(absent):
            raise FtzlinkError(f"{path}: no {org + ' ' if org else ''}row for sector(s) {list(absent)[:5]}")
        rows = blocks[org] = rows.reindex(sectors)
        _check_sum(path, rows["TIU"], rows[sectors], at(None, org, "TIU"), rtol)
        for node in FINAL_USE_TREE:
            parts = _final_components(node, set(after))
            if node in after and parts != [node]:
                _check_sum(path, rows[node], rows[parts], at(None, org, node), rtol)
        signed = rows[sectors + final] if noncompetitive else rows[sectors + final].assign(IM=-rows["IM"])
        _check_sum(path, rows["GO"], signed, at(None, org, "GO"), rtol)
    flows = pd.concat([b[sectors] for b in blocks.values()])
    va = totals.loc[va_codes, sectors]
    _check_sum(path, totals.loc["TII", sectors], flows.T, at("TII", total_origin, None), rtol)
    _check_sum(path, totals.loc["TVA", sectors], va.T, at("TVA", total_origin, None), rtol)
    _check_sum(path, totals.loc["TI", sectors], pd.concat([flows, va]).T, at("TI", total_origin, None), rtol)
    _check_sum(path, totals["TIU"], totals[sectors], at(None, total_origin, "TIU"), rtol)

    dom_origin = "Domestic" if noncompetitive else ""
    dom, imp = blocks[dom_origin], blocks.get("Imports")
    meta = df[is_sector & (origin == dom_origin)].set_axis(code[is_sector & (origin == dom_origin)]).reindex(sectors)
    index = pd.Index(sectors, name="sector")
    final_index = pd.Index(final, name="final_use")

    def frame(block: pd.DataFrame, columns: pd.Index) -> pd.DataFrame:
        return pd.DataFrame(block.to_numpy(), index=index, columns=columns)

    def series(values: pd.Series, name: str) -> pd.Series:
        return pd.Series(values.to_numpy(), index=index, name=name)

    table = IOTable(
        Z=frame(dom[sectors] + imp[sectors] if imp is not None else dom[sectors], index),
        x=series(dom["GO"], "gross_output"),
        final_demand=frame(dom[final] + imp[final] if imp is not None else dom[final], final_index),
        value_added=pd.DataFrame(va.to_numpy(), index=pd.Index(va_codes, name="value_added"), columns=index),
        imports=series(imp["GO"] if imp is not None else dom["IM"], "imports"),
        Z_imports=frame(imp[sectors], index) if imp is not None else None,
        final_demand_imports=frame(imp[final], final_index) if imp is not None else None,
        names=pd.DataFrame({"name": meta.get("Description"), "name_zh": meta.get("DescriptionInChinese")},
                           index=index),
        year=year,
        source=str(path),
    )
    table.check_balance(rtol)
    return table


def _gross_output(gross_output: str | Path | pd.Series, encoding: str | None) -> pd.Series:
    """Gross output as a Series labelled by sector code (strings), validated."""
    if isinstance(gross_output, pd.Series):
        src = "gross_output"
        if gross_output.empty or pd.api.types.is_bool_dtype(gross_output):
            raise FtzlinkError("gross_output: expected one number per sector, got "
                               f"{'an empty Series' if gross_output.empty else 'booleans'}")
        labels = gross_output.index.map(str).str.strip()
        values = pd.to_numeric(gross_output, errors="coerce").to_numpy(dtype=float)
        lines = [f"sector {s!r}" for s in labels]
    else:
        if not isinstance(gross_output, (str, Path)):
            raise FtzlinkError(f"gross_output: expected a CSV path or a Series by sector, got "
                               f"{type(gross_output).__name__}")
        src = check_path(gross_output, "gross_output")
        df = read_csv_text(src, encoding)
        df.columns = [str(c).strip() for c in df.columns]
        if not {"sector", "value"} <= set(df.columns):
            raise FtzlinkError(f"{src}: gross output needs columns 'sector' and 'value'; found {list(df.columns)}")
        labels = pd.Index(df["sector"].str.strip())
        values = _numbers(df[["value"]], src)["value"].to_numpy()
        lines = [f"line {k + 2}" for k in df.index]
    bad = (labels == "") | labels.duplicated() | ~np.isfinite(values) | (values < 0)
    if bad.any():
        k = int(np.argmax(bad))
        raise FtzlinkError(
            f"{src}: {lines[k]}: gross output must have one non-empty sector label per row and a finite, "
            f"non-negative value; got sector {labels[k]!r}, value {values[k]:g}"
        )
    return pd.Series(values, index=pd.Index(labels, name="sector"), name="gross_output")


def _read_tidy(df: pd.DataFrame, path: Path, gross_output, fill_value: float | None, rtol: float,
               year: int | None, encoding: str | None) -> IOTable:
    missing = [c for c in TIDY_COLUMNS if c not in df.columns]
    if missing:
        raise FtzlinkError(f"{path}: the tidy layout needs columns {list(TIDY_COLUMNS)}; missing {missing}")
    if gross_output is None:
        raise FtzlinkError(f"{path}: the tidy layout needs gross_output= (a CSV path with sector, value, or a Series)")
    frm, to = df["from_sector"].str.strip(), df["to_sector"].str.strip()
    value = _numbers(df[["value"]], path)["value"]
    x = _gross_output(gross_output, encoding)
    problems = {
        "empty sector label": (frm == "") | (to == ""),
        "negative flow": value < 0,
        "repeats an earlier (from_sector, to_sector) pair": pd.Series(list(zip(frm, to))).duplicated().to_numpy(),
        "sector has no gross output (not in gross_output)": ~frm.isin(x.index) | ~to.isin(x.index),
    }
    for what, mask in problems.items():
        mask = np.asarray(mask)
        if mask.any():
            k = int(np.argmax(mask))
            raise FtzlinkError(f"{path}: line {k + 2}: {what}: {frm[k]!r} → {to[k]!r}, value {df['value'][k]!r}")
    Z = (
        pd.Series(value.to_numpy(), index=pd.MultiIndex.from_arrays([frm, to]))
        .unstack()
        .reindex(index=x.index, columns=x.index)
        .rename_axis(index="sector", columns="sector")
    )
    if fill_value is not None:
        Z = Z.fillna(fill_value)
    elif Z.isna().to_numpy().any():
        r, c = np.argwhere(Z.isna().to_numpy())[0]
        raise FtzlinkError(
            f"{path}: no flow for ({x.index[r]!r}, {x.index[c]!r}) and {int(Z.isna().to_numpy().sum()) - 1} other "
            f"pair(s); pass fill_value=0 if absent pairs mean zero flow"
        )
    inputs, output = Z.to_numpy().sum(axis=0), x.to_numpy()
    bad = inputs - output > rtol * output
    if bad.any():
        k = int(np.argmax(bad))
        raise FtzlinkError(
            f"{path}: sector {x.index[k]!r}: intermediate inputs {inputs[k]:.10g} exceed gross output "
            f"{output[k]:.10g} beyond rtol {rtol:g}; total input cannot equal total output"
        )
    return IOTable(Z=Z, x=x, year=year, source=str(path))


def read_io_table(
    path: str | Path,
    layout: Literal["auto", "nbs", "tidy"] = "auto",
    *,
    gross_output: str | Path | pd.Series | None = None,
    fill_value: float | None = None,
    rtol: float = 1e-6,
    year: int | None = None,
    encoding: str | None = None,
) -> IOTable:
    """Read an input-output table (CSV; UTF-8, UTF-8 with BOM or GBK/GB18030) into an IOTable.

    - ``layout="nbs"``: the NBS layout described in this module's docstring. Non-competitive
      tables (with ``Origin``) give ``Z`` = domestic + imported use and keep the imported part
      in ``Z_imports``; competitive tables (with ``IM``) give ``imports`` from ``IM``.
      Totals and the balance x = Z·1 + F·1 − m = 1ᵀZ + 1ᵀV are checked within ``rtol``.
    - ``layout="tidy"``: ``from_sector, to_sector, value`` rows plus ``gross_output`` (CSV
      path with ``sector, value`` or a Series; its order fixes the sector order). Pairs absent
      from the file raise unless ``fill_value`` is given. Without final demand and value added
      the balance cannot be checked in full; intermediate inputs exceeding gross output raise.
    - ``layout="auto"``: tidy when the three tidy columns are present, NBS otherwise.

    ``year`` defaults to the one four-digit year in the file name (``china_2017_42.csv`` → 2017);
    given, it is an integer in [1900, 2100]. ``rtol`` and ``fill_value`` are finite numbers ≥ 0.
    Quoted numbers with a decimal comma (``"1,5"``) are refused as ambiguous, naming the line.

    >>> table = read_io_table("china_2017_42.csv")          # doctest: +SKIP
    >>> table.A.loc["01", "06"], table.multipliers().idxmax()  # doctest: +SKIP
    """
    path = check_path(path, "read_io_table: path")
    check_choice(layout, IO_LAYOUTS, "read_io_table: layout")
    rtol = check_number(rtol, "read_io_table: rtol", 0)
    if fill_value is not None:
        fill_value = check_number(fill_value, "read_io_table: fill_value", 0)
    if year is not None:
        year = check_integer(year, "read_io_table: year", 1900, 2100)
    df = read_csv_text(path, encoding)
    df.columns = [str(c).strip() for c in df.columns]
    if layout == "auto":
        layout = "tidy" if set(TIDY_COLUMNS) <= set(df.columns) else "nbs"
    year = year if year is not None else _year_from_name(path)
    if layout == "tidy":
        return _read_tidy(df, path, gross_output, fill_value, rtol, year, encoding)
    if gross_output is not None or fill_value is not None:
        raise FtzlinkError(f"{path}: gross_output and fill_value apply to layout='tidy' only")
    return _read_nbs(df, path, rtol, year)
