"""Read curated and user tables (CSV or Excel; UTF-8, UTF-8 with BOM, GBK/GB18030).

:func:`read_table` is the one entry point: it detects the text encoding, reads long
(``region, industry, value``) or wide (regions × industries, or industries × regions with
``transpose=True``) layouts and validates the result, raising
:class:`~ftzlink.errors.FtzlinkError` with the file and row at fault.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from ftzlink.checks import (
    check_choice,
    check_file,
    check_flag,
    check_integer,
    check_matrix,
    check_number,
    check_path,
)
from ftzlink.errors import FtzlinkError
from ftzlink.tidy import to_matrix
from ftzlink.vocabulary import TABLE_LAYOUTS

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _unusual_gb(text: str) -> int | None:
    """Offset of the first character outside the GB2312 area of GBK, else None.

    GBK/GB18030 decode almost any byte string: Latin-1 or Windows-1252 text (``Müller`` is the
    bytes ``4d fc 6c …``) decodes to rare CJK characters. Real Chinese tables stay within the
    GB2312 area (two bytes, both 0xA1–0xFE: common hanzi and full-width punctuation such as
    "—" or "，"); a character outside it means the encoding cannot be told apart.
    """
    unusual = [text.index(ch) for ch in {c for c in text if ord(c) > 127}
               if (code := ch.encode("gb18030")) and (len(code) != 2 or code[0] < 0xA1 or code[1] < 0xA1)]
    return min(unusual, default=None)


def detect_encoding(raw: bytes, path: str | Path = "<bytes>") -> str:
    """Return ``"utf-8-sig"`` or ``"utf-16"`` (BOM present), ``"utf-8"`` or ``"gb18030"`` (covers GBK/GB2312).

    Tries the encodings in that order. Raises FtzlinkError, naming the line and asking for
    ``encoding=``, when none decodes the bytes, or when they decode as GB18030 only to
    characters outside GB2312: such bytes are just as likely Latin-1 or Windows-1252 text
    (``Müller``, ``Zürich``), and the reader does not guess between them.
    """
    if raw.startswith(_UTF8_BOM):
        return "utf-8-sig"
    if raw.startswith(_UTF16_BOMS):
        return "utf-16"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        line = _line_of(raw, utf8_error.start)
        raise FtzlinkError(f"{path}: line {line}: text is neither UTF-8 nor GBK/GB18030 (bytes "
                           f"{raw[utf8_error.start:utf8_error.start + 4]!r}); re-save it as UTF-8, or pass the "
                           f"encoding, e.g. encoding='cp1252' or encoding='latin-1'") from None
    offset = _unusual_gb(text)
    if offset is not None:
        line = text.count("\n", 0, offset) + 1
        snippet = text.splitlines()[line - 1][:40]
        raise FtzlinkError(f"{path}: line {line}: the encoding cannot be told apart: the bytes read as GB18030 give "
                           f"unusual characters ({snippet!r}) and may as well be Latin-1 or Windows-1252 text; pass "
                           f"encoding='gb18030' for Chinese text, or encoding='cp1252' / 'latin-1'")
    return "gb18030"


def _check_shape(text: str, path: Path, skiprows: int = 0) -> None:
    """Every data line has as many fields as the header, and header names are unique."""
    rows = [r for r in csv.reader(io.StringIO(text))][skiprows:]
    if not rows:
        return
    header = [h.strip() for h in rows[0]]
    twice = sorted({h for h in header if header.count(h) > 1 and h})
    if twice:
        raise FtzlinkError(f"{path}: line {skiprows + 1}: column name(s) used twice: {', '.join(twice)}")
    hint = ("; if the file starts with a title or unit rows, pass skiprows=N"
            if sum(1 for h in header if h) < 2 else "")
    for number, row in enumerate(rows[1:], start=skiprows + 2):
        if row and len(row) != len(header):
            raise FtzlinkError(f"{path}: line {number} has {len(row)} fields but the header (line {skiprows + 1}) "
                               f"has {len(header)}{hint}")


def read_csv_text(path: str | Path, encoding: str | None = None, **kwargs) -> pd.DataFrame:
    """Read a CSV file with its encoding detected (or given) and keep labels as strings.

    The detected encoding is stored in ``df.attrs["encoding"]``. Empty files raise.
    """
    path = check_file(path)
    if encoding is not None and not isinstance(encoding, str):
        raise FtzlinkError(f"{path}: encoding: expected a codec name such as 'gb18030', got {encoding!r}")
    raw = path.read_bytes()
    if not raw.strip(_UTF8_BOM + b" \t\r\n"):
        raise FtzlinkError(f"{path}: the file is empty")
    enc = encoding or detect_encoding(raw, path)
    try:
        text = raw.decode(enc)
    except UnicodeDecodeError as exc:
        raise FtzlinkError(f"{path}: line {_line_of(raw, exc.start)}: cannot decode as encoding={enc!r}: "
                           f"{exc.reason}") from None
    except LookupError:
        raise FtzlinkError(f"{path}: encoding={enc!r} is not a known text encoding") from None
    skiprows = kwargs.get("skiprows", 0)
    if skiprows and skiprows >= len(text.splitlines()):
        raise FtzlinkError(f"{path}: skiprows={skiprows} skips every line of the file")
    _check_shape(text, path, skiprows)
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, **kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise FtzlinkError(f"{path}: not a well-formed CSV table: {exc}") from None
    if df.empty:
        raise FtzlinkError(f"{path}: the table has a header but no data rows")
    df.attrs["encoding"] = enc
    return df


def _read_excel(path: Path, sheet: str | int, skiprows: int) -> pd.DataFrame:
    """One sheet of a workbook as strings, with the same header checks as a CSV file."""
    path = check_file(path)
    if isinstance(sheet, bool) or not isinstance(sheet, (str, int)):
        raise FtzlinkError(f"{path}: sheet: expected a sheet name or position, got {sheet!r}")
    try:
        raw = pd.read_excel(path, sheet_name=sheet, dtype=str, keep_default_na=False, header=None,
                            skiprows=skiprows)
    except (ValueError, IndexError, KeyError) as exc:
        raise FtzlinkError(f"{path}: cannot read sheet {sheet!r}: {exc}") from None
    except Exception as exc:  # noqa: BLE001  (zipfile, openpyxl and xlrd raise their own types)
        raise FtzlinkError(f"{path}: not a readable Excel workbook ({type(exc).__name__}: {exc}); "
                           f"is it a CSV file with an Excel extension?") from None
    if raw.shape[0] < 2:
        raise FtzlinkError(f"{path}: sheet {sheet!r} has no data rows")
    header = [str(h).strip() for h in raw.iloc[0]]
    twice = sorted({h for h in header if header.count(h) > 1 and h})
    if twice:
        raise FtzlinkError(f"{path}: line {skiprows + 1}: column name(s) used twice: {', '.join(twice)}")
    return pd.DataFrame(raw.iloc[1:].to_numpy(), columns=header)


def _read_raw(path: Path, sheet: str | int, encoding: str | None, skiprows: int = 0) -> pd.DataFrame:
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _read_excel(path, sheet, skiprows)
    return read_csv_text(path, encoding, skiprows=skiprows)


#: Cells that yearbooks print for "no data": read as missing (zero only with ``fill_value=0``).
MISSING_MARKERS = ("—", "–", "-", "－", "…", "...", "……", "NA", "**")
#: Chinese province-level names (without 省/市/自治区 suffixes): used to spot a swapped table.
PROVINCE_NAMES = ("北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽",
                  "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州",
                  "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "全国")


def decimal_commas(stripped: pd.DataFrame) -> pd.DataFrame:
    """True for cells such as ``"1,5"`` or ``"12,25"``: a decimal comma, or a misplaced thousands separator.

    ``"1,200"`` (groups of three digits) is a thousands separator and not flagged.
    """
    return stripped.apply(lambda s: s.str.fullmatch(r"-?\d{1,3}(,\d{1,2}|,\d{4,})").fillna(False).astype(bool))


def parse_numbers(cells: pd.DataFrame, path: Path, lines, *, missing_markers: tuple[str, ...] = (),
                  fill_value: float | None = None, blank_ok: pd.DataFrame | None = None,
                  missing_hint: str = "", top_hint: str = "") -> pd.DataFrame:
    """Convert the string ``cells`` of a file to finite floats, or name the file line and column
    of the first bad cell.

    Cells are stripped; thousands separators (``"1,200"``) are accepted and a decimal comma
    (``"1,5"``) is refused as ambiguous. Empty cells and ``missing_markers`` are missing: NaN
    where ``blank_ok`` is true, else ``fill_value`` when one is given, else an error (followed
    by ``missing_hint``). Any other cell that is not a finite number (``"abc"``, ``"inf"``) is an
    error, followed by ``top_hint`` when it is in the first three rows (a title or unit row).

    Parameters
    ----------
    cells : DataFrame of str
        The cells as read.
    path : Path
        The file, named in errors.
    lines : array of int
        The file line of each row of ``cells``.

    Examples
    --------
    >>> cells = pd.DataFrame({"v": ["1,200", " 3.5", "—"]})
    >>> parse_numbers(cells, Path("t.csv"), [2, 3, 4], missing_markers=("—",), fill_value=0)["v"].tolist()
    [1200.0, 3.5, 0.0]
    >>> parse_numbers(cells, Path("t.csv"), [2, 3, 4], missing_markers=("—",), missing_hint="enter 0 for zero")
    Traceback (most recent call last):
    ftzlink.errors.FtzlinkError: t.csv: line 4, column 'v': missing value '—'; enter 0 for zero
    """
    lines = np.asarray(lines)

    def first(mask: np.ndarray, what) -> FtzlinkError:
        r, c = np.argwhere(mask)[0]
        return FtzlinkError(f"{path}: line {lines[r]}, column {cells.columns[c]!r}: {what(cells.iat[r, c], r)}")

    stripped = cells.apply(lambda s: s.str.strip())
    ambiguous = decimal_commas(stripped).to_numpy()
    if ambiguous.any():
        raise first(ambiguous, lambda v, _: f"{v!r} is ambiguous (decimal comma or thousands separator?); "
                                           f"write it with a decimal point")
    missing = stripped.isin(("", *missing_markers)).to_numpy()
    num = stripped.mask(missing, "").apply(lambda s: pd.to_numeric(s.str.replace(",", "", regex=False),
                                                                    errors="coerce"))
    bad = ~np.isfinite(num.to_numpy(dtype=float)) & ~missing
    if bad.any():
        raise first(bad, lambda v, r: f"not a finite number: {v!r}{top_hint if r < 3 else ''}")
    allowed = blank_ok.to_numpy(dtype=bool) if blank_ok is not None else np.zeros_like(missing)
    gaps = missing & ~allowed
    if gaps.any():
        if fill_value is None:
            raise first(gaps, lambda v, _: f"missing value {v!r}; {missing_hint}")
        num = num.mask(gaps, float(fill_value))
    return num


def _numeric(frame: pd.DataFrame, path: Path, first_data_line: int, fill_value: float | None = None) -> pd.DataFrame:
    """:func:`parse_numbers` for a yearbook-like table whose data start on ``first_data_line``:
    yearbook markers (:data:`MISSING_MARKERS`) are missing, and missing values are filled only
    with ``fill_value``."""
    return parse_numbers(frame, path, first_data_line + np.arange(len(frame)), missing_markers=MISSING_MARKERS,
                         fill_value=fill_value,
                         missing_hint="ftzlink does not fill gaps — pass fill_value=0 if missing means zero, "
                                      "or drop the row",
                         top_hint="; if the first lines of the file are a title or units, pass skiprows=N")


def _looks_like_regions(labels) -> list[str]:
    """Labels that are Chinese province names, with or without 省/市/自治区 (湖北, 湖北省, 广西壮族自治区)."""
    out = []
    for label in labels:
        name = str(label).strip()
        for suffix in ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市"):
            name = name.removesuffix(suffix)
        if name in PROVINCE_NAMES:
            out.append(str(label).strip())
    return out


def read_table(
    path: str | Path,
    layout: Literal["auto", "long", "wide"] = "auto",
    *,
    region: str = "region",
    industry: str = "industry",
    value: str = "value",
    sheet: str | int = 0,
    encoding: str | None = None,
    transpose: bool = False,
    fill_value: float | None = None,
    skiprows: int = 0,
) -> pd.DataFrame:
    """Read a measure table and return a validated region × industry matrix.

    - ``layout="long"``: columns ``region, industry, value`` (names configurable); pairs must be
      unique; absent pairs raise unless ``fill_value`` is given.
    - ``layout="wide"``: first column holds row labels, the other columns are numeric. Yearbook
      exports with industries as rows need ``transpose=True``.
    - ``layout="auto"``: long when the three long columns are present, wide otherwise.

    CSV encodings UTF-8, UTF-8 with BOM and GBK/GB18030 are detected; Excel via openpyxl.
    Labels are kept as strings (``"01"`` stays ``"01"``). Thousands separators are accepted.
    Negative, missing or non-numeric values and duplicate labels raise FtzlinkError naming
    the file and line.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.csv`` file, or an Excel workbook (``.xlsx``, ``.xlsm``, ``.xls``).
    layout : {"auto", "long", "wide"}, default "auto"
        Table layout, as above.
    region, industry, value : str, default "region", "industry", "value"
        Column names of a long table; in a wide table ``region`` and ``industry`` name the axes
        of the result.
    sheet : str or int, default 0
        Excel sheet name or position.
    encoding : str, optional
        CSV text encoding; detected when None.
    transpose : bool, default False
        A wide table has industries as rows and regions as columns.
    fill_value : float, optional
        Value for (region, industry) pairs absent from a long table and for empty or "no data"
        cells of a wide one (yearbook markers "—", "-", "…", "NA", "**"); ``0`` when missing
        means zero. None (default) makes them an error naming the cell.
    skiprows : int, default 0
        Lines before the header to skip: a yearbook's title and unit rows. When the first
        lines are not a header the error says so and suggests ``skiprows``.


    Returns
    -------
    pandas.DataFrame
        Regions × industries, float, non-negative, labels as strings (rows and columns sorted
        for a long table, in file order for a wide one).

    Raises
    ------
    FtzlinkError
        When the file does not exist, is empty or has no data rows, cannot be decoded or parsed,
        or the Excel sheet cannot be read; for an unknown ``layout``; when ``layout="long"`` and
        a long column is missing; for repeated (region, industry) pairs, absent pairs without
        ``fill_value``, empty row labels, duplicate labels, and non-numeric, missing, infinite or
        negative values (naming the file, line and column).

    Notes
    -----
    Orientation check (wide layout): when the axis that should hold industries carries more
    Chinese province names (湖北, 湖北省, …) than the axis that should hold regions, the table
    is refused as swapped, naming the labels; ftzlink checks names, not shapes.

    Examples
    --------
    A long table saved as GBK (as Excel on a Chinese Windows does), with one pair absent, and a
    yearbook export with industries as rows and a thousands separator:

    >>> import shutil, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> long = pd.DataFrame({"region": ["武汉", "武汉", "长沙"], "industry": ["汽车", "生物医药", "汽车"],
    ...                      "value": [3, 1, 2]})
    >>> long.to_csv(folder / "long.csv", index=False, encoding="gbk")
    >>> mat = read_table(folder / "long.csv", fill_value=0)
    >>> mat.index.tolist(), mat.columns.tolist()
    (['武汉', '长沙'], ['汽车', '生物医药'])
    >>> mat.to_numpy().tolist()
    [[3.0, 1.0], [2.0, 0.0]]
    >>> wide = pd.DataFrame({"industry": ["01", "02"], "wuhan": ["1,200", "0"], "changsha": ["800", "50"]})
    >>> wide.to_csv(folder / "yearbook.csv", index=False)
    >>> yb = read_table(folder / "yearbook.csv", transpose=True)
    >>> yb.columns.tolist(), yb.loc["wuhan"].tolist()
    (['01', '02'], [1200.0, 0.0])
    >>> read_table(folder / "long.csv")
    Traceback (most recent call last):
    ftzlink.errors.FtzlinkError: ...long.csv: no value for ('长沙', '生物医药') and 0 other pair(s); pass fill_value=0 if absence means zero
    >>> shutil.rmtree(folder)
    """
    path = check_path(path, "read_table: path")
    check_choice(layout, TABLE_LAYOUTS, "read_table: layout")
    for arg, label in (("region", region), ("industry", industry), ("value", value)):
        if not isinstance(label, str):
            raise FtzlinkError(f"read_table: {arg}: expected a column name (str), got {label!r}")
    transpose = check_flag(transpose, "read_table: transpose")
    skiprows = check_integer(skiprows, "read_table: skiprows", minimum=0)
    if fill_value is not None:
        fill_value = check_number(fill_value, "read_table: fill_value", 0)
    df = _read_raw(path, sheet, encoding, skiprows)
    df.columns = [str(c).strip() for c in df.columns]
    unnamed = [c for c in df.columns[1:] if c.startswith("Unnamed:") or c == ""]
    if unnamed:
        raise FtzlinkError(f"{path}: line {skiprows + 1} does not look like a header ({len(unnamed)} empty column "
                           f"name(s)); if the file starts with a title or unit rows, pass skiprows=N")
    is_long = {region, industry, value} <= set(df.columns)
    if layout == "long" and not is_long:
        raise FtzlinkError(
            f"{path}: long layout needs columns {region!r}, {industry!r}, {value!r}; found {list(df.columns)}"
        )
    if layout == "long" or (layout == "auto" and is_long):
        df[value] = _numeric(df[[value]], path, first_data_line=2 + skiprows)[value]
        for column in (region, industry):
            empty = df[column].str.strip() == ""
            if empty.any():
                raise FtzlinkError(f"{path}: line {2 + skiprows + int(empty.to_numpy().argmax())}: empty "
                                   f"{column!r} label")
        df[region] = df[region].str.strip()
        df[industry] = df[industry].str.strip()
        return to_matrix(df, region, industry, value, fill_value=fill_value, name=str(path))
    label_col = df.columns[0]
    labels = df[label_col].str.strip()
    if (labels == "").any():
        line = 2 + int((labels == "").to_numpy().argmax())
        raise FtzlinkError(f"{path}: line {line + skiprows}: empty row label in column {label_col!r}")
    region_like = _looks_like_regions(df.columns[1:] if transpose else labels)
    swapped_like = _looks_like_regions(labels if transpose else df.columns[1:])
    if len(swapped_like) >= 2 and len(swapped_like) > len(region_like):
        where = "rows" if transpose else "columns"
        raise FtzlinkError(f"{path}: the {where} look like regions ({', '.join(swapped_like[:4])}); "
                           f"{'drop transpose=True' if transpose else 'pass transpose=True'} for a table with "
                           f"{'regions as rows' if transpose else 'industries as rows'}")
    values = _numeric(df.drop(columns=label_col), path, first_data_line=2 + skiprows, fill_value=fill_value)
    values.index = pd.Index(labels, name=industry if transpose else region)
    values.columns.name = region if transpose else industry
    if transpose:
        values = values.T
    return check_matrix(values, str(path))
