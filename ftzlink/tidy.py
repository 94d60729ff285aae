"""Convert between tidy long tables and region × industry matrices.

A long table has one row per (region, industry) with a value; a matrix has regions as the
index and industries as columns. ``to_long(to_matrix(df))`` returns the same rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ftzlink.errors import FtzlinkError
from ftzlink.checks import preview, check_matrix, check_pairwise


def to_matrix(
    long_df: pd.DataFrame,
    region: str = "region",
    industry: str = "industry",
    value: str = "value",
    *,
    fill_value: float | None = None,
    name: str = "long table",
) -> pd.DataFrame:
    """Pivot a long table into a region × industry matrix.

    Each (region, industry) pair must occur once (duplicates raise, naming the pair). Pairs
    absent from the long table raise unless ``fill_value`` is given: pass ``fill_value=0`` when
    absence means zero (e.g. positioning lists), leave it ``None`` when absence means unknown.
    The result is validated with :func:`ftzlink.checks.check_matrix`.

    >>> to_matrix(pd.DataFrame({"region": ["a", "a", "b"], "industry": ["x", "y", "x"],
    ...                         "value": [1.0, 2.0, 3.0]}), fill_value=0).loc["b", "y"]
    np.float64(0.0)
    """
    missing = [c for c in (region, industry, value) if c not in long_df.columns]
    if missing:
        raise FtzlinkError(f"{name}: missing column(s) {preview(missing)}; found {preview(long_df.columns, 20)}")
    keys = long_df[[region, industry]]
    dup = keys.duplicated(keep=False)
    if dup.any():
        first = keys[dup].iloc[0]
        raise FtzlinkError(
            f"{name}: {int(dup.sum())} rows repeat a ({region}, {industry}) pair, e.g. "
            f"({first[region]!r}, {first[industry]!r}); aggregate them explicitly first"
        )
    values = pd.to_numeric(long_df[value], errors="coerce")
    bad = values.isna() & long_df[value].notna()
    if bad.any():
        i = bad.idxmax()
        raise FtzlinkError(f"{name}: non-numeric {value} {long_df.loc[i, value]!r} at row {i!r}")
    mat = (
        long_df.assign(**{value: values})
        .pivot(index=region, columns=industry, values=value)
        .rename_axis(index=region, columns=industry)
    )
    if fill_value is not None:
        mat = mat.fillna(fill_value)
    elif mat.isna().to_numpy().any():
        r, c = mat.isna().stack().idxmax()
        raise FtzlinkError(
            f"{name}: no value for ({r!r}, {c!r}) and {int(mat.isna().to_numpy().sum()) - 1} other pair(s); "
            f"pass fill_value=0 if absence means zero"
        )
    return check_matrix(mat, name).rename_axis(index=region, columns=industry)


def to_long(
    matrix: pd.DataFrame,
    region: str = "region",
    industry: str = "industry",
    value: str = "value",
    *,
    drop_zeros: bool = False,
) -> pd.DataFrame:
    """Melt a region × industry matrix into a long table with columns region, industry, value.

    Rows come out in matrix order (regions outer, industries inner); ``drop_zeros`` removes
    zero cells (useful for sparse positioning matrices).
    """
    if not isinstance(matrix, pd.DataFrame):
        raise FtzlinkError(f"to_long: expected a DataFrame, got {type(matrix).__name__}")
    long_df = (
        matrix.rename_axis(index=region, columns=industry)
        .stack(future_stack=True)
        .rename(value)
        .reset_index()
    )
    if drop_zeros:
        long_df = long_df[long_df[value] != 0].reset_index(drop=True)
    return long_df


def pairs_to_long(pairwise: pd.DataFrame | dict[str, pd.DataFrame], value: str = "value", *,
                  directed: bool = False) -> pd.DataFrame:
    """List the pairs of region × region matrices as rows ``(row label, column label, values…)``.

    ``pairwise`` is one square matrix (its values go to column ``value``) or a dict
    ``{column name: matrix}`` of matrices over the same labels (aligned to the first one).
    Undirected (symmetric indices such as overlap): each unordered pair once, from the upper
    triangle. Directed (complementarity, supplier → buyer): every ordered pair. The diagonal is
    left out; rows keep the matrix order. Label columns come from the first matrix's axis names
    (default ``region_a``/``region_b``).
    """
    given = pairwise if isinstance(pairwise, dict) else {value: pairwise}
    mats = {name: check_pairwise(mat, f"pairs_to_long: {name!r}") for name, mat in given.items()}
    first = next(iter(mats.values()))
    for name, mat in mats.items():
        if set(mat.index) != set(first.index):
            raise FtzlinkError(f"pairs_to_long: {name!r} has other labels than the first matrix")
    n = len(first)
    rows, cols = np.triu_indices(n, k=1) if not directed else np.nonzero(~np.eye(n, dtype=bool))
    a = first.index.name or "region_a"
    b = first.columns.name or "region_b"
    if a == b:
        a, b = f"{a}_a", f"{b}_b"
    out = {a: first.index[rows], b: first.columns[cols]}
    for name, mat in mats.items():
        out[name] = mat.reindex(index=first.index, columns=first.index).to_numpy()[rows, cols]
    return pd.DataFrame(out)
