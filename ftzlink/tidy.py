"""Convert between tidy long tables and region × industry matrices.

A long table has one row per (region, industry) with a value; a matrix has regions as the
index and industries as columns. ``to_long(to_matrix(df))`` returns the same rows.
"""

from __future__ import annotations

import pandas as pd

from ftzlink.checks import check_columns, check_flag, check_matrix, check_number, check_unique_labels
from ftzlink.errors import FtzlinkError


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
    absent from the long table raise unless ``fill_value`` (a finite number ≥ 0) is given: pass
    ``fill_value=0`` when absence means zero (e.g. positioning lists), leave it ``None`` when
    absence means unknown. Rows without a region or industry label raise, naming the row. The
    result is validated with :func:`ftzlink.checks.check_matrix`; ``name`` starts every message.

    >>> float(to_matrix(pd.DataFrame({"region": ["a", "a", "b"], "industry": ["x", "y", "x"],
    ...                               "value": [1.0, 2.0, 3.0]}), fill_value=0).loc["b", "y"])
    0.0
    """
    check_columns(long_df, (region, industry, value), name)
    if fill_value is not None:
        fill_value = check_number(fill_value, "fill_value", 0)
    keys = long_df[[region, industry]]
    unlabelled = keys.isna().any(axis=1).to_numpy()
    if unlabelled.any():
        pos = int(unlabelled.argmax())
        column = region if pd.isna(keys.iloc[pos][region]) else industry
        raise FtzlinkError(f"{name}: missing {column!r} label at row {keys.index[pos]!r} "
                           f"({int(unlabelled.sum())} row(s))")
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

    The inverse of :func:`to_matrix`: cell (r, i) of the matrix becomes the row (r, i, value).
    Rows come out in matrix order (regions outer, industries inner); ``drop_zeros`` removes
    zero cells (useful for sparse positioning matrices). NaN cells are kept as rows with a NaN
    value.

    Parameters
    ----------
    matrix : pandas.DataFrame
        Regions as the index, industries as the columns.
    region, industry, value : str, default "region", "industry", "value"
        Names of the three columns of the result.
    drop_zeros : bool, default False
        Leave out the cells equal to 0.

    Returns
    -------
    pandas.DataFrame
        One row per cell (per non-zero cell with ``drop_zeros``), columns ``region``,
        ``industry``, ``value`` (as named), index 0..k−1.

    Raises
    ------
    FtzlinkError
        When ``matrix`` is not a DataFrame or repeats a row or column label, or ``drop_zeros``
        is not True or False.

    Examples
    --------
    >>> mat = pd.DataFrame([[1.0, 0.0], [2.0, 3.0]], index=["a", "b"], columns=["x", "y"])
    >>> to_long(mat).to_numpy().tolist()
    [['a', 'x', 1.0], ['a', 'y', 0.0], ['b', 'x', 2.0], ['b', 'y', 3.0]]
    >>> long = to_long(mat, "zone", drop_zeros=True)
    >>> long.columns.tolist(), len(long)
    (['zone', 'industry', 'value'], 3)
    >>> to_matrix(to_long(mat)).equals(mat.rename_axis(index="region", columns="industry"))
    True
    """
    check_unique_labels(matrix, "to_long: matrix")
    drop_zeros = check_flag(drop_zeros, "to_long: drop_zeros")
    long_df = (
        matrix.rename_axis(index=region, columns=industry)
        .stack(future_stack=True)
        .rename(value)
        .reset_index()
    )
    if drop_zeros:
        long_df = long_df[long_df[value] != 0].reset_index(drop=True)
    return long_df
