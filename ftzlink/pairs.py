"""Zone-pair (region × region) matrices: validation, alignment and cell selection.

A pair matrix is a square DataFrame whose row and column labels are the same zones (in any
order). Only the off-diagonal cells are data; the diagonal is ignored (it may hold NaN).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ftzlink.errors import FtzlinkError
from ftzlink.checks import check_pairwise, check_same_labels


def check_pair_matrix(mat: pd.DataFrame, name: str, *, nonnegative: bool = False,
                      min_size: int = 2) -> pd.DataFrame:
    """Validate a square zone × zone matrix; return it as float with columns in row order.

    Raises FtzlinkError for a non-DataFrame, fewer than ``min_size`` zones, duplicate labels,
    row labels that differ from column labels, non-numeric columns, missing or infinite
    off-diagonal cells and (with ``nonnegative``) negative off-diagonal cells, naming the cell.
    """
    mat = check_pairwise(mat, name, min_size=min_size)
    values = mat.to_numpy(copy=True)
    np.fill_diagonal(values, 0.0)
    bad = ~np.isfinite(values)
    if nonnegative:
        bad |= values < 0
    if bad.any():
        r, c = np.argwhere(bad)[0]
        what = "missing, infinite or negative" if nonnegative else "missing or infinite"
        raise FtzlinkError(
            f"{name}: {int(bad.sum())} {what} off-diagonal value(s), first {values[r, c]!r} at "
            f"({mat.index[r]!r}, {mat.columns[c]!r})"
        )
    return mat


def align_pair_matrices(mats: Mapping[str, pd.DataFrame], **check) -> tuple[pd.Index, dict[str, np.ndarray]]:
    """Validate several pair matrices, check they cover the same zones, align to the first.

    Returns the zone labels and a dict of float arrays (diagonal set to 0).
    """
    checked = {name: check_pair_matrix(mat, name, **check) for name, mat in mats.items()}
    names = list(checked)
    labels = checked[names[0]].index
    arrays = {}
    for name in names:
        check_same_labels(checked[names[0]], checked[name], "index", (names[0], name))
        values = checked[name].reindex(index=labels, columns=labels).to_numpy(copy=True)
        np.fill_diagonal(values, 0.0)
        arrays[name] = values
    return labels, arrays


def pair_cells(n: int, cells: str) -> tuple[np.ndarray, np.ndarray]:
    """Row and column positions of the cells used: ``"offdiag"`` (i ≠ j) or ``"upper"`` (i < j)."""
    if cells == "offdiag":
        return np.nonzero(~np.eye(n, dtype=bool))
    if cells == "upper":
        return np.triu_indices(n, k=1)
    raise FtzlinkError(f"cells must be 'offdiag' or 'upper', got {cells!r}")


def stacked_names(frame: pd.DataFrame) -> list[str]:
    """Level names for a stacked region × region frame: axis names, made distinct."""
    a, b = frame.index.name or "row", frame.columns.name or "column"
    return [f"{a}_a", f"{b}_b"] if a == b else [a, b]
