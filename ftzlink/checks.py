"""Input checks: the one home of argument and table validation in ftzlink.

Every public function checks its inputs here, at the edge, and raises
:class:`ftzlink.errors.FtzlinkError` naming the argument, label or cell at fault, so a user
sees *which* region, industry or parameter is wrong instead of a traceback from inside pandas
or NumPy. Zone-pair (region × region) matrices have their checks in :mod:`ftzlink.pairs`,
which builds on :func:`check_labelled_numeric` here.

>>> check_choice("cosine", ("cosine", "jaccard"), "method")
'cosine'
>>> check_flag("yes", "binary")
Traceback (most recent call last):
...
ftzlink.errors.FtzlinkError: binary: expected True or False, got 'yes' (str)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ftzlink.errors import FtzlinkError


def preview(labels: Iterable, limit: int = 5) -> str:
    """The first ``limit`` labels joined by commas, with a count of the rest (for messages)."""
    labels = [str(x) for x in labels]
    more = f" … (+{len(labels) - limit} more)" if len(labels) > limit else ""
    return ", ".join(labels[:limit]) + more


def check_unique_labels(df: pd.DataFrame, name: str, axes: tuple[str, str] = ("row", "column"),
                        shape: str = "regions × industries") -> None:
    """Raise FtzlinkError unless ``df`` is a DataFrame whose row and column labels are unique."""
    if not isinstance(df, pd.DataFrame):
        raise FtzlinkError(f"{name}: expected a pandas DataFrame ({shape}), got {type(df).__name__}")
    for axis, labels in zip(axes, (df.index, df.columns)):
        if labels.is_unique:
            continue
        dup = labels[labels.duplicated()].unique()
        raise FtzlinkError(f"{name}: duplicate {axis} label(s): {preview(dup)}")


def check_labelled_numeric(df: pd.DataFrame, name: str, axes: tuple[str, str] = ("row", "column"),
                           shape: str = "regions × industries") -> None:
    """Raise FtzlinkError unless ``df`` is a DataFrame with unique labels and numeric columns.

    ``axes`` names the two axes in messages (e.g. ``("unit", "indicator")``); ``shape`` says
    what the table should hold. The shared first step of every table check in ftzlink.
    """
    check_unique_labels(df, name, axes, shape)
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
    values = check_series(vec, name, labels, nonnegative=True, against=against).to_numpy()
    if values.sum() == 0:
        raise FtzlinkError(f"{name}: all values are zero")
    return values


def check_choice(value, choices: tuple, name: str):
    """Return ``value`` if it is one of ``choices`` (see :mod:`ftzlink.vocabulary`), else raise."""
    if not isinstance(value, str) or value not in choices:
        raise FtzlinkError(f"{name}: must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value


def check_flag(value, name: str) -> bool:
    """Return ``value`` as bool if it is True or False (NumPy bools too); strings and numbers raise."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise FtzlinkError(f"{name}: expected True or False, got {value!r} ({type(value).__name__})")


def check_integer(value, name: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """Return ``value`` as int if it is a whole number in [minimum, maximum]; bools and strings raise."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise FtzlinkError(f"{name}: expected an integer, got {value!r} ({type(value).__name__})")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        bounds = f"[{'' if minimum is None else minimum}, {'' if maximum is None else maximum}]"
        raise FtzlinkError(f"{name}: expected an integer in {bounds}, got {value!r}")
    return int(value)


def check_number(value, name: str, low: float | None = None, high: float | None = None, *,
                 open_low: bool = False, open_high: bool = False) -> float:
    """Return ``value`` as float if it is a finite real number within the stated bounds."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value):
        raise FtzlinkError(f"{name}: expected a finite number, got {value!r} ({type(value).__name__})")
    below = low is not None and (value <= low if open_low else value < low)
    above = high is not None and (value >= high if open_high else value > high)
    if below or above:
        bounds = f"{'(' if open_low else '['}{'' if low is None else low}, {'' if high is None else high}" \
                 f"{')' if open_high else ']'}"
        raise FtzlinkError(f"{name}: expected a number in {bounds}, got {value!r}")
    return float(value)


def check_columns(table: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    """Raise FtzlinkError unless ``table`` is a DataFrame with all ``columns``."""
    if not isinstance(table, pd.DataFrame):
        raise FtzlinkError(f"{name}: expected a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise FtzlinkError(f"{name}: missing column(s) {preview(missing)}; found {preview(table.columns, 20)}")


def check_ids(ids: Iterable, table: pd.DataFrame, name: str) -> None:
    """Raise FtzlinkError if any of ``ids`` is not in the index of ``table``."""
    unknown = pd.Index(ids).difference(table.index)
    if len(unknown):
        raise FtzlinkError(f"{name}: no row for id(s) {preview(unknown)}")


def check_series(values: pd.Series, name: str, labels: pd.Index | None = None, *,
                 nonnegative: bool = False, against: str = "the matrix") -> pd.Series:
    """A labelled Series of finite numbers (one per region, zone or industry) as float.

    With ``labels`` the Series must carry exactly those labels (any order) and is returned in
    their order. Raises for a non-Series, an empty Series, duplicate labels, non-numeric,
    missing or infinite values and (``nonnegative``) negative values, naming the labels.
    """
    if not isinstance(values, pd.Series):
        raise FtzlinkError(f"{name}: expected a pandas Series labelled by id, got {type(values).__name__}")
    if values.empty:
        raise FtzlinkError(f"{name}: the Series is empty")
    dup = values.index[values.index.duplicated()].unique()
    if len(dup):
        raise FtzlinkError(f"{name}: duplicate label(s): {preview(dup)}")
    if not (pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)):
        raise FtzlinkError(f"{name}: values must be numeric, got dtype {values.dtype}")
    if labels is not None:
        check_same_labels(values, pd.Series(index=labels, dtype=float), "index", (name, against))
        values = values.reindex(labels)
    out = values.astype(float)
    bad = ~np.isfinite(out.to_numpy())
    if bad.any():
        raise FtzlinkError(f"{name}: missing or infinite value(s) for {preview(out.index[bad])}")
    if nonnegative and (out < 0).any():
        raise FtzlinkError(f"{name}: negative value(s) for {preview(out.index[out < 0])}")
    return out



def check_weights(weights, labels: pd.Index, name: str = "weights", against: str = "columns") -> np.ndarray:
    """Weights labelled by ``labels``: a Series or mapping label → number, non-negative, summing
    to 1 (within 1e-9); returned as a float array in the order of ``labels``."""
    if not isinstance(weights, (pd.Series, Mapping)) or isinstance(weights, pd.DataFrame):
        raise FtzlinkError(f"{name}: expected a Series or mapping label → weight, got {type(weights).__name__}")
    series = weights if isinstance(weights, pd.Series) else pd.Series(dict(weights), dtype=object)
    if series.empty:
        raise FtzlinkError(f"{name}: no weights given")
    numeric = [isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))
               for v in series.to_numpy()]
    if not all(numeric):
        bad = series.index[~np.asarray(numeric)]
        raise FtzlinkError(f"{name}: weights must be numbers, got {preview([series[k] for k in bad])} for {preview(bad)}")
    w = check_series(series.astype(float), name, labels, nonnegative=True, against=against).to_numpy()
    if not np.isclose(w.sum(), 1.0, rtol=0, atol=1e-9):
        raise FtzlinkError(f"{name}: must be non-negative and sum to 1, got {dict(zip(labels, w))}")
    return w

def check_path(path, name: str = "path") -> Path:
    """``path`` (str or os.PathLike) as a Path; anything else raises naming the argument."""
    if isinstance(path, (str, os.PathLike)) and str(path).strip():
        return Path(path)
    raise FtzlinkError(f"{name}: expected a file path (str or pathlib.Path), got {path!r} ({type(path).__name__})")


def check_file(path, name: str = "path") -> Path:
    """``path`` as a Path to an existing file; raise naming it when it is missing or a directory."""
    path = check_path(path, name)
    if path.is_dir():
        raise FtzlinkError(f"{path}: is a directory, not a file")
    if not path.is_file():
        raise FtzlinkError(f"{path}: no such file")
    return path


def check_names(values, name: str, allow_empty: bool = False) -> list[str]:
    """A list of labels (ids, names, kinds) from a str or an iterable of str; empty only with
    ``allow_empty``."""
    if isinstance(values, str):
        return [values]
    if isinstance(values, (pd.Series, pd.Index, np.ndarray, list, tuple, set, frozenset, dict)):
        out = list(values)
    else:
        raise FtzlinkError(f"{name}: expected a list of names, got {values!r} ({type(values).__name__})")
    if not out and not allow_empty:
        raise FtzlinkError(f"{name}: the list is empty; pass None for no selection")
    bad = [v for v in out if not isinstance(v, str)]
    if bad:
        raise FtzlinkError(f"{name}: expected names (str), got {preview(map(repr, bad))}")
    return out
