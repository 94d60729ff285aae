"""The firm record schema and its checks (:func:`validate_firms`).

One row per firm (column names fixed; other columns are kept and ignored):

============================  ========  ==========================================================
column                        required  content
============================  ========  ==========================================================
``firm_id``                   yes       unique id (text or integer), e.g. the unified social credit code
``start_date``                yes       date of establishment (ISO 8601 text or a datetime)
``end_date``                  no        date of deregistration/exit; empty = still active
``industry_code``             yes       GB/T 4754 code as text: 4-digit class (小类) or 2-digit division (大类)
``gbt_edition``               no        2017 (default when the column is absent), 2011 or 2002
``adcode``                    one of    6-digit administrative code (GB/T 2260) of the county or city
``lon``, ``lat``              these     WGS84 degrees of the firm's address
``registered_capital``        no        non-negative number (e.g. 万元); empty = unknown
``employment``                no        non-negative number of employees; empty = unknown
``output``                    no        non-negative number (e.g. 万元 per year); empty = unknown
``region``                    no        a region already assigned (e.g. by :func:`~ftzlink.microdata.assign_zones`)
============================  ========  ==========================================================

Per-row checks run partition by partition (the same function for the pandas and the Dask
engine): every failing row gets a bit in an internal ``_problems`` mask, and the first rows of
each kind are named in the :class:`~ftzlink.errors.FtzlinkError`. Duplicate firm ids are a
check over the whole table.

>>> firms = pd.DataFrame({"firm_id": ["a", "b"], "start_date": ["2015-03-01", "2018-07-15"],
...                       "end_date": ["2012-01-01", None], "industry_code": ["3911", "6510"],
...                       "adcode": ["420100", "420106"]})
>>> validate_firms(firms)
Traceback (most recent call last):
...
ftzlink.errors.FtzlinkError: firms: 1 invalid row(s) — end_date before start_date: 1 row(s), e.g. row 0 (firm_id 'a': 2015-03-01 → 2012-01-01)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ftzlink.checks import check_flag, preview
from ftzlink.errors import FtzlinkError
from ftzlink.microdata.industry import (
    CODE_PATTERN,
    CURRENT_EDITION,
    EDITIONS,
    check_concordance,
    division_table,
)
from ftzlink.vocabulary import FIRM_MEASURES

REQUIRED = ("firm_id", "start_date", "industry_code")
LOCATION = ("adcode", "lon", "lat")
MEASURES = FIRM_MEASURES
SCHEMA = ("firm_id", "start_date", "end_date", "industry_code", "gbt_edition", *LOCATION, *MEASURES, "region")
ADCODE_PATTERN = r"[1-9]\d{5}"
EXAMPLES = 3            # offending rows named per kind of problem

#: Kinds of row problems, in report order (bit k of ``_problems`` is the k-th kind).
PROBLEMS = {
    "firm_id": "firm_id missing",
    "start_date": "start_date missing or not a date",
    "end_date": "end_date not a date",
    "end_before_start": "end_date before start_date",
    "industry_code": "industry_code not a 2- or 4-digit code",
    "edition": "gbt_edition not 2002, 2011 or 2017",
    "concordance": "code of an earlier GB/T 4754 edition with no concordance= entry",
    "division": "industry_code's division not in GB/T 4754-2017 (a code of another edition?)",
    "adcode": "adcode not a 6-digit administrative code",
    "lonlat": "lon/lat out of range or only one of them given",
    "location": "no location (neither adcode nor lon/lat)",
    "measure": "negative or infinite measure",
    "fallback": "outside every zone and no adcode for the fallback region",
    "level": "2-digit code cannot be counted at level='class'",
}
BIT = {name: np.uint16(1 << k) for k, name in enumerate(PROBLEMS)}


@dataclass(frozen=True)
class Rules:
    """What the per-partition checks need (picklable, sent to Dask workers)."""

    divisions: frozenset
    concordance: pd.DataFrame | None = None


def rules_for(concordance: pd.DataFrame | None) -> Rules:
    """Rules with the shipped 2017 divisions and a checked user concordance (or none)."""
    table = None if concordance is None else check_concordance(concordance)
    return Rules(frozenset(division_table().index), table)


def check_schema(columns, dtypes, name: str = "firms") -> None:
    """Table-level checks on column names and types (work on a Dask frame's metadata too)."""
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise FtzlinkError(f"{name}: missing column(s) {preview(missing)}; found {preview(columns, 20)} "
                           f"(schema: see ftzlink.microdata)")
    if not any(c in columns for c in LOCATION):
        raise FtzlinkError(f"{name}: no location column; give adcode and/or lon and lat")
    if pd.api.types.is_numeric_dtype(dtypes["industry_code"]):
        raise FtzlinkError(f"{name}: industry_code must be text (codes have leading zeros, e.g. '0111'), got "
                           f"{dtypes['industry_code']}; read the file with industry_code as a string")
    for col in ("lon", "lat", *MEASURES, "gbt_edition"):
        if col in columns and not pd.api.types.is_numeric_dtype(dtypes[col]):
            raise FtzlinkError(f"{name}: column {col} must be numeric, got {dtypes[col]}")
    if ("lon" in columns) != ("lat" in columns):
        raise FtzlinkError(f"{name}: lon and lat come together; found only {'lon' if 'lon' in columns else 'lat'}")


def _dates(values: pd.Series) -> pd.Series:
    """Dates as datetime64[s]; unparseable values become NaT (flagged by the caller)."""
    if not pd.api.types.is_datetime64_any_dtype(values):
        values = pd.to_datetime(values, errors="coerce", format="ISO8601")
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_localize(None)
    return values.astype("datetime64[s]")


def _bits(name: str, mask) -> np.ndarray:
    return np.where(np.asarray(mask, dtype=bool), BIT[name], np.uint16(0)).astype(np.uint16)


def _codes(values: pd.Series, rules: Rules, edition: np.ndarray, problems: np.ndarray) -> dict:
    """Industry codes checked and (earlier editions) harmonised to 2017 through the concordance."""
    positions, uniques = pd.factorize(values)
    text = pd.Index(uniques, dtype=object).astype(str)
    fmt = np.asarray(text.str.fullmatch(CODE_PATTERN), dtype=bool)
    known = fmt & np.asarray(text.str.slice(0, 2).isin(rules.divisions), dtype=bool)
    present = positions >= 0
    problems |= _bits("industry_code", ~present | ~fmt[positions])
    current = edition == CURRENT_EDITION
    problems |= _bits("division", current & present & fmt[positions] & ~known[positions])
    same = isinstance(values.dtype, pd.StringDtype)       # text already: keep the column as it is
    codes = values.array if same else pd.array(text, dtype="str").take(positions, allow_fill=True)
    out = {"industry_code": codes}
    old = ~current & np.isin(edition, EDITIONS) & present & fmt[positions]
    if rules.concordance is not None:
        out["source_code"] = codes.copy()
        out["source_edition"] = edition.copy()
    if not old.any():
        return out
    if rules.concordance is None:
        problems |= _bits("concordance", old)
        return out
    rows = np.flatnonzero(old)
    key = edition[rows].astype(np.int64) * len(text) + positions[rows]
    pair_pos, pairs = pd.factorize(key)
    pair_ed, pair_code = pairs // len(text), text[pairs % len(text)]
    table = rules.concordance
    by_edition = table.set_index(["edition", "old_code"])["new_code"]
    exact = by_edition.reindex(pd.MultiIndex.from_arrays([pair_ed, pair_code])).to_numpy(dtype=object)
    anyed = by_edition.reindex(pd.MultiIndex.from_arrays([np.zeros(len(pairs), int), pair_code])).to_numpy(dtype=object)
    new = np.where(pd.isna(exact), anyed, exact)
    unmapped = pd.isna(new)
    missing = np.zeros(len(values), dtype=bool)
    missing[rows[unmapped[pair_pos]]] = True
    problems |= _bits("concordance", missing)
    mapped = ~unmapped[pair_pos]
    codes = np.asarray(codes, dtype=object)
    codes[rows[mapped]] = new[pair_pos[mapped]]
    edition[rows[mapped]] = CURRENT_EDITION
    out["industry_code"] = pd.array(codes, dtype="str")
    return out


def _adcodes(values: pd.Series, problems: np.ndarray):
    """6-digit administrative codes as text (integers accepted); malformed codes flagged."""
    if pd.api.types.is_numeric_dtype(values):
        number = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
        whole = np.isfinite(number) & (number == np.floor(number))
        text = np.full(len(values), None, dtype=object)
        text[whole] = pd.Index(number[whole].astype(np.int64)).astype(str)
        problems |= _bits("adcode", ~whole & ~np.isnan(number))
        values = pd.Series(text, index=values.index)
    positions, uniques = pd.factorize(values)
    text = pd.Index(uniques, dtype=object).astype(str)
    ok = np.asarray(text.str.fullmatch(ADCODE_PATTERN), dtype=bool)
    problems |= _bits("adcode", (positions >= 0) & ~ok[positions])
    if isinstance(values.dtype, pd.StringDtype):
        return values.array
    return pd.array(text, dtype="str").take(positions, allow_fill=True)


def prepare(df: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Typed firm records of one partition with the ``_problems`` bit mask (see module docstring).

    Pure pandas and row-wise, so the pandas and the Dask engine run the same code.
    """
    n = len(df)
    problems = np.zeros(n, dtype=np.uint16)
    out: dict = {"firm_id": df["firm_id"]}
    problems |= _bits("firm_id", df["firm_id"].isna())
    start = _dates(df["start_date"])
    problems |= _bits("start_date", start.isna())
    if "end_date" in df.columns:
        end = _dates(df["end_date"])
        problems |= _bits("end_date", end.isna() & df["end_date"].notna())
    else:
        end = pd.Series(pd.NaT, index=df.index, dtype="datetime64[s]")
    problems |= _bits("end_before_start", (end < start).to_numpy())
    out["start_date"], out["end_date"] = start, end
    if "gbt_edition" in df.columns:
        edition = pd.to_numeric(df["gbt_edition"], errors="coerce").to_numpy(dtype=float)
        problems |= _bits("edition", ~np.isin(edition, EDITIONS))
        edition = np.where(np.isnan(edition), -1, edition).astype(np.int16)
    else:
        edition = np.full(n, CURRENT_EDITION, dtype=np.int16)
    out.update(_codes(df["industry_code"], rules, edition, problems))
    out["gbt_edition"] = edition
    has_code = np.zeros(n, dtype=bool)
    if "adcode" in df.columns:
        out["adcode"] = _adcodes(df["adcode"], problems)
        has_code = df["adcode"].notna().to_numpy()
    has_xy = np.zeros(n, dtype=bool)
    if "lon" in df.columns:
        lon = df["lon"].to_numpy(dtype=float, na_value=np.nan)
        lat = df["lat"].to_numpy(dtype=float, na_value=np.nan)
        given_lon, given_lat = ~np.isnan(lon), ~np.isnan(lat)
        with np.errstate(invalid="ignore"):
            bad = (given_lon != given_lat) | (given_lon & (np.abs(lon) > 180)) | (given_lat & (np.abs(lat) > 90))
        problems |= _bits("lonlat", bad)
        has_xy = given_lon & given_lat & ~bad
        out["lon"], out["lat"] = lon, lat
    problems |= _bits("location", ~has_code & ~has_xy)
    for col in MEASURES:
        if col in df.columns:
            values = df[col].to_numpy(dtype=float, na_value=np.nan)
            with np.errstate(invalid="ignore"):
                problems |= _bits("measure", np.isinf(values) | (values < 0))
            out[col] = values
    if "region" in df.columns:
        out["region"] = df["region"].astype("str").where(df["region"].notna())
    result = pd.DataFrame(out, index=df.index)
    extra = [c for c in df.columns if c not in result.columns and c != "_problems"]
    if extra:
        result = pd.concat([result, df[extra]], axis=1)
    result["_problems"] = problems
    return result


def _detail(name: str, row: pd.Series) -> str:
    """The offending value(s) of one row, for the message."""
    if name in ("end_before_start",):
        return f"{row['start_date']:%Y-%m-%d} → {row['end_date']:%Y-%m-%d}"
    if name in ("industry_code", "division", "concordance", "level"):
        code = row.get("source_code", row["industry_code"])
        return f"edition {row['gbt_edition']} code {code!r}" if name == "concordance" else repr(code)
    if name == "edition":
        return f"gbt_edition {row['gbt_edition']}"
    if name == "adcode" or name == "fallback":
        return f"adcode {row.get('adcode')!r}"
    if name == "lonlat":
        return f"lon {row.get('lon')}, lat {row.get('lat')}"
    if name == "measure":
        return ", ".join(f"{c}={row[c]}" for c in MEASURES if c in row.index and (np.isinf(row[c]) or row[c] < 0))
    return ""


EXAMPLE_COLUMNS = {"problem": "str", "row": "str", "firm_id": "str", "detail": "str", "n": "int64"}


def examples(df: pd.DataFrame) -> pd.DataFrame:
    """The first offending rows of each kind in one prepared partition, with counts in ``n``."""
    problems = df["_problems"].to_numpy()
    records = []
    for name, bit in BIT.items():           # one pass per kind of problem, not per firm
        hit = np.flatnonzero(problems & bit)
        for j, pos in enumerate(hit[:EXAMPLES]):
            row = df.iloc[pos]
            records.append((name, str(df.index[pos]), str(row["firm_id"]), _detail(name, row),
                            len(hit) if j == 0 else 0))
    return pd.DataFrame(records, columns=list(EXAMPLE_COLUMNS)).astype(EXAMPLE_COLUMNS)


def raise_problems(found: pd.DataFrame, name: str = "firms") -> None:
    """Raise FtzlinkError naming offending rows, given :func:`examples` of one or many partitions."""
    if found.empty:
        return
    parts, total = [], 0
    for kind in PROBLEMS:
        rows = found[found["problem"] == kind]
        if rows.empty:
            continue
        count = int(rows["n"].sum())
        total += count
        shown = "; ".join(f"row {r.row} (firm_id {r.firm_id!r}{': ' + r.detail if r.detail else ''})"
                          for r in rows.head(EXAMPLES).itertuples())
        parts.append(f"{PROBLEMS[kind]}: {count} row(s), e.g. {shown}")
    raise FtzlinkError(f"{name}: {total} invalid row(s) — " + " | ".join(parts))


def duplicate_ids(df: pd.DataFrame, name: str = "firms") -> None:
    """Raise FtzlinkError naming duplicate firm ids and their rows (whole in-memory table)."""
    dup = df["firm_id"].duplicated(keep=False).to_numpy()
    if dup.any():
        rows = df.loc[dup, ["firm_id"]].assign(row=df.index[dup].astype(str))
        groups = rows.groupby("firm_id", sort=False)["row"].agg(list).head(EXAMPLES)
        shown = "; ".join(f"{fid!r} (rows {', '.join(r[:EXAMPLES])})" for fid, r in groups.items())
        raise FtzlinkError(f"{name}: {int(df['firm_id'][dup].nunique())} duplicate firm_id(s), e.g. {shown}")


def validate_firms(firms, *, concordance: pd.DataFrame | None = None, check_ids: bool = True,
                   client=None):
    """Check firm records against the schema and return them typed (codes harmonised to 2017).

    Checks per row: firm_id present; start_date a date; end_date empty or a date not before
    start_date; industry_code a 2- or 4-digit code whose division exists in GB/T 4754-2017
    (records of edition 2011/2002 are converted through ``concordance`` and fail without an
    entry there); gbt_edition one of 2002, 2011, 2017; adcode six digits; lon/lat both given
    and in range; at least one location; measures non-negative. Over the table: unique
    firm_id (``check_ids``).

    Parameters
    ----------
    firms : pandas.DataFrame, dask.dataframe.DataFrame or path
        Records in the schema of :mod:`ftzlink.microdata.schema`; a path is read with
        :func:`ftzlink.microdata.read_firms` (pandas).
    concordance : DataFrame, optional
        ``old_code`` → ``new_code`` (and optionally ``edition``) for records of an earlier
        edition; see :func:`ftzlink.microdata.industry.check_concordance`.
    check_ids : bool, default True
        Check that firm ids are unique (on Dask: one more pass over the ids, by hash).
    client : distributed.Client, optional
        Dask input only: compute the checks on this cluster.

    Returns
    -------
    pandas.DataFrame or dask.dataframe.DataFrame
        Same type as ``firms``: dates as ``datetime64[s]``, codes and adcodes as text,
        ``gbt_edition`` 2017 for harmonised records (with ``source_code`` and
        ``source_edition`` when a concordance is given), measures as float.

    Raises
    ------
    FtzlinkError
        Naming each kind of problem with its count and the first rows (index label and firm_id);
        for ``firms`` of another type, with a column name used twice or without rows, and a
        ``check_ids`` other than True or False.

    Examples
    --------
    >>> firms = pd.DataFrame({"firm_id": ["a", "b"], "start_date": ["2015-03-01", "2018-07-15"],
    ...                       "industry_code": ["3911", "6510"], "adcode": ["420100", "420106"]})
    >>> validate_firms(firms).dtypes[["start_date", "gbt_edition"]].astype(str).tolist()
    ['datetime64[s]', 'int16']
    >>> validate_firms(firms.assign(firm_id="a"))
    Traceback (most recent call last):
    ...
    ftzlink.errors.FtzlinkError: firms: 1 duplicate firm_id(s), e.g. 'a' (rows 0, 1)
    """
    from ftzlink.microdata import engines
    from ftzlink.microdata.io import firms_table

    check_ids = check_flag(check_ids, "check_ids")
    rules = rules_for(concordance)
    if engines.is_dask(firms):
        return engines.validate_dask(firms, rules, check_ids=check_ids, client=client)
    firms = firms_table(firms)
    check_schema(firms.columns, firms.dtypes)
    prepared = prepare(firms, rules)
    raise_problems(examples(prepared))
    if check_ids:
        duplicate_ids(prepared)
    return prepared.drop(columns="_problems")
