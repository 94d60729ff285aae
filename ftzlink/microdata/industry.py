"""Industry codes of firm records: GB/T 4754-2017 roll-ups and user concordances between editions.

Roll-up of a 2017 code to a coarser level (:func:`roll_up`):

- ``class`` (小类): the 4-digit code itself;
- ``division`` (大类): its first two digits;
- ``section`` (门类, A–T): the division's section in the shipped ``gbt4754_2017_divisions.csv``;
- ``io42``: the division's sector of the 42-sector national input-output table in the shipped
  ``concordance_gbt4754_io42.csv`` (one sector per division; the links of divisions 12, 69, 81
  and 97 are marked ``verified=false`` there, see ``data/raw/SOURCES.md``).

Earlier editions (2011, 2002) are converted only through a table the user supplies
(:func:`check_concordance`): ftzlink ships no concordance between editions, because none could
be built from a verifiable source (see :mod:`ftzlink.microdata`).

>>> roll_up(pd.Series(["3911", "6510", "39"]), "section").tolist()
['C', 'I', 'C']
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice, preview
from ftzlink.errors import FtzlinkError
from ftzlink.resources import data_file

#: Industry levels of :func:`roll_up` and ``aggregate_firms(level=...)``.
LEVELS = ("class", "division", "section", "io42")
#: Editions of GB/T 4754 a record may carry; only 2017 codes are used without a concordance.
EDITIONS = (2002, 2011, 2017)
CURRENT_EDITION = 2017
CODE_PATTERN = r"\d{2}|\d{4}"


@lru_cache(maxsize=1)
def division_table() -> pd.DataFrame:
    """The 97 GB/T 4754-2017 divisions with their section and IO-42 sector (shipped tables).

    Index ``division`` ("01"…"97"); columns ``section``, ``io42`` and the names
    ``name_zh``, ``name_en`` of the division.

    >>> division_table().loc["39", ["section", "io42"]].tolist()
    ['C', '20']
    """
    divisions = pd.read_csv(data_file("gbt4754_2017_divisions.csv"), dtype=str, keep_default_na=False)
    io42 = pd.read_csv(data_file("concordance_gbt4754_io42.csv"), dtype=str, keep_default_na=False)
    if io42["division"].duplicated().any():
        raise FtzlinkError("concordance_gbt4754_io42.csv: a division maps to several IO-42 sectors; "
                           "roll-up to io42 needs one sector per division")
    table = divisions.set_index("division")[["section", "name_zh", "name_en"]]
    table["io42"] = io42.set_index("division")["io42_code"].reindex(table.index)
    return table[["section", "io42", "name_zh", "name_en"]]


def roll_up(codes: pd.Series, level: str = "division") -> pd.Series:
    """GB/T 4754-2017 industry codes rolled up to ``level``.

    Parameters
    ----------
    codes : pandas.Series of str
        4-digit class codes (小类) or 2-digit division codes (大类) of the 2017 edition.
    level : {"class", "division", "section", "io42"}
        ``class``: the code (4 digits needed); ``division``: its first two digits; ``section``:
        the division's letter A–T; ``io42``: the division's IO-42 sector code ("01"…"42").

    Returns
    -------
    pandas.Series
        Labels at ``level``, same index as ``codes`` (str dtype).

    Raises
    ------
    FtzlinkError
        Codes that are not 2 or 4 digits or whose division is not in GB/T 4754-2017, and
        2-digit codes at ``level="class"``, naming the codes; ``codes`` that are not a Series
        or list (a single code, a number). An empty Series gives an empty Series.

    Examples
    --------
    >>> codes = pd.Series(["0111", "3911", "6510"])
    >>> roll_up(codes, "division").tolist(), roll_up(codes, "io42").tolist()
    (['01', '39', '65'], ['01', '20', '31'])
    """
    check_choice(level, LEVELS, "level")
    if isinstance(codes, (pd.Index, np.ndarray, list, tuple)):
        codes = pd.Series(codes)
    if not isinstance(codes, pd.Series) or codes.ndim != 1:
        raise FtzlinkError(f"codes: expected a Series (or list) of industry codes, got {type(codes).__name__}")
    positions, uniques = pd.factorize(codes)
    labels, bad = _labels(pd.Index(uniques).astype(str), level)
    if bad.any() or (positions < 0).any():
        shown = [repr(c) for c in pd.Index(uniques)[bad]] + (["<missing>"] if (positions < 0).any() else [])
        need = "4-digit class codes" if level == "class" else "2- or 4-digit codes of GB/T 4754-2017 divisions"
        raise FtzlinkError(f"codes: {preview(shown)} cannot be rolled up to {level!r}; expected {need}")
    return pd.Series(pd.array(labels, dtype="str").take(positions), index=codes.index, name=level)


def _labels(uniques: pd.Index, level: str) -> tuple[np.ndarray, np.ndarray]:
    """Labels at ``level`` for unique code strings, and a mask of codes that cannot be rolled up."""
    table = division_table()
    fmt = np.asarray(uniques.str.fullmatch(CODE_PATTERN), dtype=bool)
    division = uniques.str.slice(0, 2)
    known = fmt & np.asarray(division.isin(table.index), dtype=bool)
    if level == "class":
        bad = ~known | (uniques.str.len() != 4)
        labels = np.asarray(uniques, dtype=object)
    elif level == "division":
        bad, labels = ~known, np.asarray(division, dtype=object)
    else:
        bad = ~known
        labels = np.asarray(table[level].reindex(division), dtype=object)
    labels = np.where(bad, None, labels)
    return labels, np.asarray(bad, dtype=bool)


def check_concordance(concordance: pd.DataFrame, name: str = "concordance") -> pd.DataFrame:
    """Validate a user concordance from an earlier GB/T 4754 edition to 2017.

    The table has columns ``old_code`` and ``new_code`` (text, 2 or 4 digits: a division or a
    class) and optionally ``edition`` (2002 or 2011, the edition of ``old_code``; without it a
    row applies to records of any earlier edition). It must be *clean*: each old code maps to one
    2017 code (many-to-one is fine, a split is not — split such firms yourself first), and every
    new code's division must exist in GB/T 4754-2017.

    Returns the table normalised to columns ``edition`` (0 = any earlier edition), ``old_code``,
    ``new_code``, duplicates removed.

    >>> check_concordance(pd.DataFrame({"old_code": ["6510"], "new_code": ["6511"]})).to_numpy().tolist()
    [[0, '6510', '6511']]
    """
    if not isinstance(concordance, pd.DataFrame):
        raise FtzlinkError(f"{name}: expected a DataFrame with columns old_code, new_code (and optionally "
                           f"edition), got {type(concordance).__name__}")
    missing = [c for c in ("old_code", "new_code") if c not in concordance.columns]
    if missing:
        raise FtzlinkError(f"{name}: missing column(s) {preview(missing)}; found {preview(concordance.columns, 20)}")
    if concordance.empty:
        raise FtzlinkError(f"{name}: the table has no rows")
    for col in ("old_code", "new_code"):
        values = concordance[col]
        if pd.api.types.is_numeric_dtype(values):
            raise FtzlinkError(f"{name}: {col} must be text (codes have leading zeros), got {values.dtype}")
        text = values.astype("str")
        bad = values.isna() | ~text.str.fullmatch(CODE_PATTERN).fillna(False).astype(bool)
        if bad.any():
            raise FtzlinkError(f"{name}: {col} not a 2- or 4-digit code at row(s) "
                               f"{preview(concordance.index[bad.to_numpy()])}: {preview(values[bad].tolist())}")
    if "edition" in concordance.columns:
        edition = pd.to_numeric(concordance["edition"], errors="coerce")
        bad = ~edition.isin([e for e in EDITIONS if e != CURRENT_EDITION])
        if bad.any():
            raise FtzlinkError(f"{name}: edition must be 2002 or 2011, got {preview(concordance['edition'][bad])} "
                               f"at row(s) {preview(concordance.index[bad.to_numpy()])}")
        edition = edition.astype(int)
    else:
        edition = pd.Series(0, index=concordance.index)
    table = pd.DataFrame({"edition": edition.to_numpy(), "old_code": concordance["old_code"].astype(str).to_numpy(),
                          "new_code": concordance["new_code"].astype(str).to_numpy()}).drop_duplicates()
    split = table.duplicated(["edition", "old_code"], keep=False)
    if split.any():
        codes = table.loc[split, "old_code"].unique()
        raise FtzlinkError(f"{name}: old code(s) {preview(codes)} map to more than one new code; only clean "
                           f"(many-to-one) concordances are used — split those firms yourself first")
    unknown = ~table["new_code"].str.slice(0, 2).isin(division_table().index)
    if unknown.any():
        raise FtzlinkError(f"{name}: new_code(s) {preview(table.loc[unknown, 'new_code'])} are not in a "
                           f"GB/T 4754-2017 division")
    return table.reset_index(drop=True)
