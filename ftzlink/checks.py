"""Input checks shared by the readers and the public index functions.

Each check raises :class:`ftzlink.errors.FtzlinkError` naming the offending label, so a user
sees *which* region or industry is wrong instead of a traceback from inside pandas or NumPy.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ftzlink.errors import FtzlinkError


def preview(labels: Iterable, limit: int = 5) -> str:
    labels = [str(x) for x in labels]
    more = f" … (+{len(labels) - limit} more)" if len(labels) > limit else ""
    return ", ".join(labels[:limit]) + more


def check_labelled_numeric(df: pd.DataFrame, name: str, axes: tuple[str, str] = ("row", "column"),
                           shape: str = "regions × industries") -> None:
    """Raise FtzlinkError unless ``df`` is a DataFrame with unique labels and numeric columns.

    ``axes`` names the two axes in messages (e.g. ``("unit", "indicator")``); ``shape`` says
    what the table should hold. The shared first step of every table check in ftzlink.
    """
    if not isinstance(df, pd.DataFrame):
        raise FtzlinkError(f"{name}: expected a pandas DataFrame ({shape}), got {type(df).__name__}")
    for axis, labels in zip(axes, (df.index, df.columns)):
        dup = labels[labels.duplicated()].unique()
        if len(dup):
            raise FtzlinkError(f"{name}: duplicate {axis} label(s): {preview(dup)}")
    non_numeric = [c for c, dtype in df.dtypes.items() if not pd.api.types.is_numeric_dtype(dtype)]
    if non_numeric:
        raise FtzlinkError(f"{name}: non-numeric {axes[1]}(s): {preview(non_numeric)}")


def check_matrix(
    mat: pd.DataFrame,
    name: str = "mat",
    *,
    allow_zero_rows: bool = True,
    allow_zero_cols: bool = True,
    binary: bool = False,
) -> pd.DataFrame:
    """Validate a region × industry measure matrix and return it as float.

    Raises FtzlinkError for: a non-DataFrame, an empty matrix, duplicate row or column labels,
    non-numeric, missing (NaN) or infinite values, negative values, values other than 0/1 when
    ``binary`` is set, and all-zero rows or columns when they are not allowed.
    """
    check_labelled_numeric(mat, name)
    if mat.shape[0] == 0 or mat.shape[1] == 0:
        raise FtzlinkError(f"{name}: the matrix is empty ({mat.shape[0]} rows × {mat.shape[1]} columns)")
    values = mat.to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise FtzlinkError(
            f"{name}: {int(bad.sum())} missing or infinite value(s), first at row {mat.index[r]!r}, "
            f"column {mat.columns[c]!r}; ftzlink does not fill gaps — drop or supply them"
        )
    neg = values < 0
    if neg.any():
        r, c = np.argwhere(neg)[0]
        raise FtzlinkError(
            f"{name}: {int(neg.sum())} negative value(s), first {values[r, c]:g} at row "
            f"{mat.index[r]!r}, column {mat.columns[c]!r}; measures must be non-negative"
        )
    if binary and not np.isin(values, (0.0, 1.0)).all():
        r, c = np.argwhere(~np.isin(values, (0.0, 1.0)))[0]
        raise FtzlinkError(
            f"{name}: expected a binary (0/1) matrix, found {values[r, c]:g} at row "
            f"{mat.index[r]!r}, column {mat.columns[c]!r}"
        )
    if not allow_zero_rows:
        zero = mat.index[values.sum(axis=1) == 0]
        if len(zero):
            raise FtzlinkError(f"{name}: all-zero row(s) (region with no activity): {preview(zero)}")
    if not allow_zero_cols:
        zero = mat.columns[values.sum(axis=0) == 0]
        if len(zero):
            raise FtzlinkError(f"{name}: all-zero column(s) (industry absent everywhere): {preview(zero)}")
    return pd.DataFrame(values, index=mat.index, columns=mat.columns, copy=False)


def check_same_labels(a: pd.DataFrame | pd.Series, b: pd.DataFrame | pd.Series, axis: str,
                      names: tuple[str, str] = ("a", "b")) -> None:
    """Raise FtzlinkError unless ``a`` and ``b`` carry the same labels (any order) on ``axis``.

    ``axis`` is ``"index"`` or ``"columns"``; the message lists labels found in only one input.
    """
    la, lb = getattr(a, axis), getattr(b, axis)
    only_a, only_b = la.difference(lb), lb.difference(la)
    if len(only_a) or len(only_b):
        raise FtzlinkError(
            f"{names[0]} and {names[1]} have different {'row' if axis == 'index' else 'column'} labels: "
            f"only in {names[0]}: [{preview(only_a)}]; only in {names[1]}: [{preview(only_b)}]"
        )


def check_vector(vec: pd.Series, labels: pd.Index, name: str, against: str) -> np.ndarray:
    """Align a labelled non-negative vector to ``labels`` and return it as a float array.

    Raises FtzlinkError when labels differ, values are missing, negative or all zero.
    """
    if not isinstance(vec, pd.Series):
        raise FtzlinkError(f"{name}: expected a pandas Series labelled by {against}, got {type(vec).__name__}")
    dup = vec.index[vec.index.duplicated()].unique()
    if len(dup):
        raise FtzlinkError(f"{name}: duplicate label(s): {preview(dup)}")
    check_same_labels(vec, pd.Series(index=labels, dtype=float), "index", (name, against))
    values = pd.to_numeric(vec, errors="coerce").reindex(labels).to_numpy(dtype=float)
    if not np.isfinite(values).all():
        raise FtzlinkError(f"{name}: missing or non-numeric value(s) for {preview(labels[~np.isfinite(values)])}")
    if (values < 0).any():
        raise FtzlinkError(f"{name}: negative value(s) for {preview(labels[values < 0])}")
    if values.sum() == 0:
        raise FtzlinkError(f"{name}: all values are zero")
    return values


def check_pairwise(mat: pd.DataFrame, name: str = "index", *, min_size: int = 1) -> pd.DataFrame:
    """Validate a square region × region matrix; return it as float with columns in row order.

    Raises FtzlinkError for a non-DataFrame, fewer than ``min_size`` regions, duplicate labels,
    row labels that differ from column labels, non-numeric columns and infinite values. NaN
    (an undefined pair) is kept; callers that cannot use it check for it.
    """
    check_labelled_numeric(mat, name, shape="regions × regions")
    only_rows, only_cols = mat.index.difference(mat.columns), mat.columns.difference(mat.index)
    if len(only_rows) or len(only_cols):
        raise FtzlinkError(f"{name}: rows and columns must carry the same labels; only in rows: "
                           f"[{preview(only_rows)}]; only in columns: [{preview(only_cols)}]")
    if len(mat.index) < max(min_size, 1):
        raise FtzlinkError(f"{name}: needs at least {max(min_size, 1)} regions, got {len(mat.index)}")
    out = mat.loc[:, mat.index].astype(float)
    inf = np.isinf(out.to_numpy())
    if inf.any():
        r, c = np.argwhere(inf)[0]
        raise FtzlinkError(f"{name}: infinite value at row {out.index[r]!r}, column {out.columns[c]!r}")
    return out
