"""Input checks shared by the plot functions (each raises FtzlinkError naming the culprit)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ftzlink import checks
from ftzlink.errors import FtzlinkError
from ftzlink.checks import preview


def require_columns(table: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    """Raise FtzlinkError unless ``table`` is a DataFrame with all ``columns``."""
    if not isinstance(table, pd.DataFrame):
        raise FtzlinkError(f"{name}: expected a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise FtzlinkError(f"{name}: missing column(s) {preview(missing)}; found {preview(table.columns, 20)}")


def require_ids(ids: Iterable, table: pd.DataFrame, name: str) -> None:
    """Raise FtzlinkError if any of ``ids`` is not in the index of ``table``."""
    unknown = pd.Index(ids).difference(table.index)
    if len(unknown):
        raise FtzlinkError(f"{name}: no row for id(s) {preview(unknown)}")


def check_pairwise(index: pd.DataFrame, name: str = "index") -> pd.DataFrame:
    """A zone × zone index matrix as float, columns in row order (NaN kept, drawn blank)."""
    if isinstance(index, pd.DataFrame) and index.empty:
        raise FtzlinkError(f"{name}: the matrix is empty")
    return checks.check_pairwise(index, name)


def check_values(values: pd.Series, name: str = "values") -> pd.Series:
    """A labelled Series of finite numbers (one per zone or industry) as float."""
    if not isinstance(values, pd.Series):
        raise FtzlinkError(f"{name}: expected a pandas Series labelled by id, got {type(values).__name__}")
    if values.empty:
        raise FtzlinkError(f"{name}: the Series is empty")
    dup = values.index[values.index.duplicated()].unique()
    if len(dup):
        raise FtzlinkError(f"{name}: duplicate label(s): {preview(dup)}")
    if not pd.api.types.is_numeric_dtype(values):
        raise FtzlinkError(f"{name}: values must be numeric, got dtype {values.dtype}")
    out = values.astype(float)
    bad = ~np.isfinite(out.to_numpy())
    if bad.any():
        raise FtzlinkError(f"{name}: missing or infinite value(s) for {preview(out.index[bad])}")
    return out
