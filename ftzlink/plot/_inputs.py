"""Input checks shared by the plot functions (each raises FtzlinkError naming the culprit)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ftzlink.errors import FtzlinkError
from ftzlink.validation import _preview


def require_columns(table: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    """Raise FtzlinkError unless ``table`` is a DataFrame with all ``columns``."""
    if not isinstance(table, pd.DataFrame):
        raise FtzlinkError(f"{name}: expected a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise FtzlinkError(f"{name}: missing column(s) {_preview(missing)}; found {_preview(table.columns, 20)}")


def require_ids(ids: Iterable, table: pd.DataFrame, name: str) -> None:
    """Raise FtzlinkError if any of ``ids`` is not in the index of ``table``."""
    unknown = pd.Index(ids).difference(table.index)
    if len(unknown):
        raise FtzlinkError(f"{name}: no row for id(s) {_preview(unknown)}")


def check_pairwise(index: pd.DataFrame, name: str = "index") -> pd.DataFrame:
    """A zone × zone index matrix as float, columns in row order.

    Requires a DataFrame with unique labels, the same labels on both axes, numeric values and
    no infinities; NaN (an undefined pair) is kept and drawn blank.
    """
    if not isinstance(index, pd.DataFrame):
        raise FtzlinkError(f"{name}: expected a zone × zone pandas DataFrame, got {type(index).__name__}")
    if index.empty:
        raise FtzlinkError(f"{name}: the matrix is empty")
    for axis, labels in (("row", index.index), ("column", index.columns)):
        dup = labels[labels.duplicated()].unique()
        if len(dup):
            raise FtzlinkError(f"{name}: duplicate {axis} label(s): {_preview(dup)}")
    only_rows, only_cols = index.index.difference(index.columns), index.columns.difference(index.index)
    if len(only_rows) or len(only_cols):
        raise FtzlinkError(f"{name}: rows and columns must carry the same zones; only in rows: "
                           f"[{_preview(only_rows)}]; only in columns: [{_preview(only_cols)}]")
    non_numeric = [c for c in index.columns if not pd.api.types.is_numeric_dtype(index[c])]
    if non_numeric:
        raise FtzlinkError(f"{name}: non-numeric column(s): {_preview(non_numeric)}")
    out = index.loc[:, index.index].astype(float)
    inf = np.isinf(out.to_numpy())
    if inf.any():
        r, c = np.argwhere(inf)[0]
        raise FtzlinkError(f"{name}: infinite value at row {out.index[r]!r}, column {out.columns[c]!r}")
    return out


def check_values(values: pd.Series, name: str = "values") -> pd.Series:
    """A labelled Series of finite numbers (one per zone or industry) as float."""
    if not isinstance(values, pd.Series):
        raise FtzlinkError(f"{name}: expected a pandas Series labelled by id, got {type(values).__name__}")
    if values.empty:
        raise FtzlinkError(f"{name}: the Series is empty")
    dup = values.index[values.index.duplicated()].unique()
    if len(dup):
        raise FtzlinkError(f"{name}: duplicate label(s): {_preview(dup)}")
    if not pd.api.types.is_numeric_dtype(values):
        raise FtzlinkError(f"{name}: values must be numeric, got dtype {values.dtype}")
    out = values.astype(float)
    bad = ~np.isfinite(out.to_numpy())
    if bad.any():
        raise FtzlinkError(f"{name}: missing or infinite value(s) for {_preview(out.index[bad])}")
    return out
