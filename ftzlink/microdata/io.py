"""Read firm records from Parquet (a file or a partitioned directory) or CSV, with pyarrow.

Codes are read as text so that leading zeros survive (``industry_code`` ``"0111"``); dates stay
as stored (Parquet dates/timestamps) or as ISO 8601 text, parsed by the checks.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "firms.csv"
>>> _ = path.write_text("firm_id,start_date,industry_code,adcode\\n007,2019-05-01,0111,420106\\n")
>>> read_firms(path)[["firm_id", "industry_code"]].to_numpy().tolist()
[['007', '0111']]
"""

from __future__ import annotations

import csv
import glob
import os
from pathlib import Path

import pandas as pd

from ftzlink.checks import check_choice, check_names, preview
from ftzlink.errors import FtzlinkError

ENGINES = ("pandas", "dask")
FORMATS = ("parquet", "csv")
TEXT_COLUMNS = ("firm_id", "industry_code", "adcode", "region")
CSV_BLOCKSIZE = "64MB"


def guess_format(path, file_format: str | None = None) -> str:
    """``"parquet"`` or ``"csv"`` from the name (a directory or glob of ``*.parquet`` is Parquet)."""
    if file_format is not None:
        return check_choice(file_format, FORMATS, "file_format")
    text = os.fspath(path).lower()
    if text.endswith((".csv", ".csv.gz", ".csv.bz2", ".csv.zip", ".txt")):
        return "csv"
    if text.endswith((".parquet", ".pq")) or Path(path).is_dir():
        return "parquet"
    raise FtzlinkError(f"path: cannot tell the format of {os.fspath(path)!r}; name it *.parquet / *.csv "
                       f"or pass file_format='parquet' or 'csv'")


def _is_glob(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def csv_problem(path: Path, header_only: bool = False) -> str | None:
    """The first fault of a CSV file, as "line N: …" (None if none is found).

    Checks, in order: an empty file, bytes that are not UTF-8, a header naming a column twice,
    and a row whose number of fields differs from the header's. Reads the file as a stream;
    ``header_only`` stops after the first line (the cheap check made before every read; the
    whole file is scanned only to explain an error of pyarrow's).
    """
    with open(path, "rb") as fh:
        empty = True
        for number, raw in enumerate(fh, start=1):
            empty = empty and not raw.strip()
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return (f"line {number}: not UTF-8 text; read_firms reads UTF-8 CSV files: re-save the file as "
                        f"UTF-8 (or read it with pandas, giving its encoding, and pass the DataFrame)")
            if header_only and not empty:
                break
    if empty:
        return "the file is empty"
    with open(path, encoding="utf-8-sig", newline="", errors="replace") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        twice = sorted({h for h in header if header.count(h) > 1})
        if twice:
            return f"line 1: column name(s) used twice: {preview(twice)}"
        if header_only:
            return None
        for row in reader:
            if row and len(row) != len(header):
                return f"line {reader.line_num}: {len(row)} fields but the header (line 1) has {len(header)}"
    return None


def file_columns(path, fmt: str) -> list[str]:
    """Column names stored in a Parquet dataset or a CSV file (read from the metadata/header only)."""
    text = os.fspath(path)
    files = sorted(glob.glob(text)) if _is_glob(text) else [text]
    if fmt == "parquet":
        import pyarrow.dataset as ds

        try:
            return list(ds.dataset(files if _is_glob(text) else text, format="parquet",
                                   partitioning="hive").schema.names)
        except Exception as exc:  # noqa: BLE001  (pyarrow raises ArrowInvalid, OSError, …)
            raise FtzlinkError(f"{text}: not a readable Parquet file or dataset ({type(exc).__name__}: {exc})") \
                from None
    problem = csv_problem(Path(files[0]), header_only=True)
    if problem is not None:
        raise FtzlinkError(f"{files[0]}: {problem}")
    return list(pd.read_csv(files[0], nrows=0).columns)


def read_firms(path, *, engine: str = "pandas", columns: list[str] | None = None,
               file_format: str | None = None):
    """Read firm records from Parquet or CSV into pandas (in memory) or Dask (lazy, partitioned).

    Parameters
    ----------
    path : str or Path
        A Parquet file, a directory of Parquet files (e.g. a partitioned dataset written by
        Dask, Spark or pyarrow), a CSV file; with ``engine="dask"`` also a glob
        (``"firms/*.parquet"``, ``"firms-*.csv"``) or a remote URL that fsspec understands
        (``s3://…``, with the matching fsspec package installed).
    engine : {"pandas", "dask"}
        ``"pandas"``: ``pandas.read_parquet`` / ``read_csv`` with the pyarrow engine;
        ``"dask"``: ``dask.dataframe.read_parquet`` / ``read_csv`` (optional dependency).
    columns : list of str, optional
        Read only these columns (those absent from the file are skipped).
    file_format : {"parquet", "csv"}, optional
        Override the format guessed from the name.

    Returns
    -------
    pandas.DataFrame or dask.dataframe.DataFrame
        The columns as stored; ``firm_id``, ``industry_code``, ``adcode`` and ``region`` of a
        CSV as text.

    Raises
    ------
    FtzlinkError
        A missing path, a path that is not text or a path-like, a directory named like a CSV
        file, an unknown format or engine, ``columns`` that is not a list of names;
        ``engine="dask"`` without Dask installed; a CSV file that is empty, not UTF-8, names a
        column twice or has a row with another number of fields than its header (naming the
        line); a Parquet file that pyarrow cannot read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "firms.parquet"
    >>> pd.DataFrame({"firm_id": ["a"], "industry_code": ["0111"]}).to_parquet(path)
    >>> read_firms(path, columns=["industry_code", "lon"]).columns.tolist()
    ['industry_code']
    """
    check_choice(engine, ENGINES, "engine")
    if columns is not None:
        columns = check_names(columns, "columns")
    if not isinstance(path, (str, os.PathLike)):
        raise FtzlinkError(f"path: expected a file, directory or glob, got {type(path).__name__}")
    text = os.fspath(path)
    remote = "://" in text
    if not remote and _is_glob(text):
        if engine == "pandas":
            raise FtzlinkError(f"path: {text!r} is a glob; engine='pandas' reads one file or one Parquet directory")
        if not glob.glob(text):
            raise FtzlinkError(f"path: no file matches {text!r}")
    elif not remote and not Path(text).exists():
        raise FtzlinkError(f"path: {text!r} does not exist")
    fmt = guess_format(path, file_format)
    if fmt == "csv" and not remote and Path(text).is_dir():
        raise FtzlinkError(f"path: {text!r} is a directory; a directory is read as a Parquet dataset "
                           f"(pass file_format='parquet'), a CSV table is one file")
    stored = None if remote else file_columns(path, fmt)
    if columns is not None and stored is not None:
        columns = [c for c in columns if c in stored]
    names = columns if columns is not None else stored
    text_dtypes = {c: "str" for c in TEXT_COLUMNS if names is None or c in names}
    if engine == "pandas":
        try:
            if fmt == "parquet":
                return pd.read_parquet(path, engine="pyarrow", columns=columns)
            return pd.read_csv(path, engine="pyarrow", usecols=columns, dtype=text_dtypes)
        except (ValueError, OSError) as exc:   # pandas' ParserError and pyarrow's ArrowInvalid are ValueErrors
            problem = csv_problem(Path(text)) if fmt == "csv" else None
            raise FtzlinkError(f"{text}: {problem or f'cannot read the {fmt} file ({type(exc).__name__}: {exc})'}") \
                from None
    from ftzlink.scale import optional_import

    dd = optional_import("dask.dataframe")
    if fmt == "parquet":
        return dd.read_parquet(text, columns=columns)
    return dd.read_csv(text, usecols=columns, dtype=text_dtypes, blocksize=CSV_BLOCKSIZE)


def firms_table(firms, columns: list[str] | None = None, name: str = "firms") -> pd.DataFrame:
    """An in-memory firm table from a pandas DataFrame or a path (read with :func:`read_firms`).

    Raises FtzlinkError, naming ``name``, for any other type, a column name used twice and a
    table without rows.
    """
    if isinstance(firms, (str, os.PathLike)):
        firms = read_firms(firms, columns=columns)
    elif not isinstance(firms, pd.DataFrame):
        raise FtzlinkError(f"{name}: expected a pandas or Dask DataFrame or a path to a Parquet or CSV file, "
                           f"got {type(firms).__name__}")
    if firms.columns.has_duplicates:
        raise FtzlinkError(f"{name}: column name(s) used twice: {preview(firms.columns[firms.columns.duplicated()])}")
    if len(firms) == 0:
        raise FtzlinkError(f"{name}: the table has no rows")
    return firms
