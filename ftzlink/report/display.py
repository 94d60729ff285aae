"""Tables as a reader sees them: names instead of ids, integers as integers, fixed precision.

The CSV of a table keeps ids and full precision (data for machines); what the report shows,
the LaTeX table and the Excel sheet use the names of zones, industries and provinces in the
report's language, localised column headers, integers without decimals and three significant
digits for other numbers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

#: Columns (or index names) whose values are zone, province or industry ids.
ZONE_COLUMNS = ("zone_id", "zone_id_a", "zone_id_b", "supplier", "buyer", "unit", "region", "region_a",
                "region_b", "zone")
PROVINCE_COLUMNS = ("host", "province_a", "province_b", "group", "region", "supplier", "buyer", "province_en")
INDUSTRY_COLUMNS = ("industry", "industry_id", "division", "gbt_division", "gbt_section")
SIGNIFICANT = 3
#: Coded values of other columns (and index levels), as the reader should see them: (en, zh).
VALUE_NAMES = {
    "alternative": {"two-sided": ("two-sided", "双侧"), "greater": ("greater", "单侧（大于）"),
                    "less": ("less", "单侧（小于）")},
    "method": {"pearson": ("Pearson", "Pearson"), "spearman": ("Spearman", "Spearman")},
    "term": {"const": ("constant", "常数项"), "distance_100km": ("great-circle distance (100 km)", "球面距离（百千米）"),
             "same_province": ("same province (0/1)", "同省（0/1）"), "overlap": ("positioning overlap", "定位重合度")},
}
#: True / False cells: (en, zh).
BOOLEAN_NAMES = {True: ("yes", "是"), False: ("no", "否")}

HEADERS = {
    "zh": {"zone_id": "片区", "zone_id_a": "片区甲", "zone_id_b": "片区乙", "supplier": "供给方", "buyer": "需求方",
           "unit": "片区", "region": "地区", "host": "所在省", "province_a": "省份甲", "province_b": "省份乙",
           "group": "省份", "industry": "行业", "industry_id": "行业", "gbt_division": "国民经济行业大类", "io42": "投入产出部门", "jaccard": "Jaccard 重合度", "cosine": "余弦相似度",
           "krugman": "Krugman 差异度", "finger_kreinin": "Finger–Kreinin 相似度", "pearson": "Pearson 相关",
           "shared_industries": "共同行业数", "p_value": "p 值", "q_value": "q 值（BH）", "estimate": "估计值",
           "complementarity": "互补性", "supplier_buyer": "供需联系", "se": "标准误", "t": "t 值",
           "p_greater": "p（单侧，大于）", "p_less": "p（单侧，小于）", "alternative": "备择假设",
           "n_permutations": "置换次数", "lower": "下限", "upper": "上限", "n_valid": "有效次数",
           "degree": "度", "strength": "强度", "betweenness": "中介中心性", "closeness": "接近中心性",
           "n_industries": "有数据行业数", "n_strong_host": "优势行业数", "expected_share": "随机期望占比",
           "n_targeted": "定位行业数", "n_strong_targeted": "定位于优势行业数", "share_strong": "优势行业占比",
           "n_targeted_no_data": "无数据定位数", "n_section_wide": "整门类定位（不计）", "measure": "指标", "year": "年份", "basis": "依据",
           "reason": "原因", "name_zh": "名称", "name_en": "英文名称", "n_zones": "片区数",
           "firm_structure": "企业结构", "positioning": "规划定位", "share_strong_province": "所在省优势行业占比",
           "province_zh": "省份", "province_en": "省份", "kind": "类型", "host_city_zh": "所在城市",
           "host_city_en": "所在城市", "adcode": "行政区划代码", "area_km2": "面积（km²）",
           "plan_doc_no": "方案文号", "opened_date": "揭牌日期", "verified": "已核实", "term": "变量",
           "null_mean": "置换分布均值", "null_sd": "置换分布标准差", "exact": "精确检验", "method": "方法",
           "specification": "替代设定"},
    "en": {"zone_id": "Zone", "zone_id_a": "Zone A", "zone_id_b": "Zone B", "supplier": "Supplier",
           "buyer": "Buyer", "unit": "Zone", "region": "Region", "host": "Province", "province_a": "Province A",
           "province_b": "Province B", "group": "Province", "industry": "Industry", "industry_id": "Industry", "gbt_division": "GB/T division", "io42": "IO sector", "jaccard": "Jaccard",
           "cosine": "Cosine", "krugman": "Krugman", "finger_kreinin": "Finger–Kreinin", "pearson": "Pearson",
           "shared_industries": "Shared industries", "p_value": "p", "q_value": "q (BH)", "estimate": "Estimate",
           "complementarity": "Complementarity", "supplier_buyer": "Supplier–buyer link", "se": "SE", "t": "t",
           "p_greater": "p (greater)", "p_less": "p (less)", "alternative": "Alternative",
           "n_permutations": "Permutations", "lower": "Lower", "upper": "Upper", "n_valid": "Valid draws",
           "degree": "Degree", "strength": "Strength", "betweenness": "Betweenness", "closeness": "Closeness",
           "n_industries": "Divisions with data", "n_strong_host": "Strong divisions",
           "expected_share": "Expected share", "n_targeted": "Targeted", "n_strong_targeted": "Targeted strong",
           "share_strong": "Share strong", "n_targeted_no_data": "Targeted, no data",
           "n_section_wide": "Whole-section listings (not counted)", "measure": "Measure",
           "year": "Year", "basis": "Basis", "reason": "Reason", "name_zh": "Name (zh)", "name_en": "Name",
           "n_zones": "Zones", "firm_structure": "Firm structure", "positioning": "Positioning",
           "share_strong_province": "Share strong (province)", "province_zh": "Province", "province_en": "Province",
           "kind": "Kind", "host_city_zh": "Host city", "host_city_en": "Host city", "adcode": "Adcode",
           "area_km2": "Area (km²)", "plan_doc_no": "Plan document", "opened_date": "Opened",
           "verified": "Verified", "term": "Term", "null_mean": "Null mean", "null_sd": "Null SD",
           "exact": "Exact", "method": "Method", "specification": "Specification"},
}


class Labeller:
    """Maps ids to names in one language: zones, provinces (region ids and English names) and
    industries of every level, built from the registry tables."""

    def __init__(self, zones: pd.DataFrame, codes: list[pd.DataFrame], lang: str,
                 io_sectors: pd.DataFrame | None = None):
        self.lang = lang
        col = f"name_{lang}"
        self.zones = zones[col].to_dict()
        from ftzlink.study.registry import province_names

        by_id = province_names(lang, zones)
        self.provinces = {**by_id, **{en: by_id[en.lower()] for en in zones["province_en"].unique()}}
        # canonical industries, GB/T divisions ("36") and sections ("C") never collide; the IO-42
        # sector codes ("01"…"42") do collide with divisions, so they are only used on io42 axes
        self.industries = {}
        for table in codes:
            self.industries.update(table[col].to_dict())
        self.io_sectors = {} if io_sectors is None else io_sectors[col].to_dict()

    def _map(self, values: pd.Series | pd.Index, column: str | None):
        mapping = {}
        if column in ZONE_COLUMNS:
            mapping.update(self.zones)
        if column in PROVINCE_COLUMNS:
            mapping.update(self.provinces)
        if column == "kind":
            from ftzlink.plot.labels import TEXT
            from ftzlink.study.registry import ZONE_KINDS

            mapping.update({kind: TEXT[self.lang][kind] for kind in ZONE_KINDS})
        if column == "io42":
            mapping.update(self.io_sectors)
        elif column in INDUSTRY_COLUMNS:
            mapping.update(self.industries)
        language = 1 if self.lang == "zh" else 0
        mapping.update({code: names[language] for code, names in VALUE_NAMES.get(column, {}).items()})
        if pd.api.types.is_bool_dtype(values):
            return values.map(lambda v: BOOLEAN_NAMES[bool(v)][language])
        if not mapping:
            return values
        return values.map(lambda v: mapping.get(v, v))

    def _guess(self, labels: pd.Index) -> pd.Index:
        """Unnamed axis: map it when every label is a known zone, province or industry id."""
        for mapping in (self.zones, self.provinces, self.industries):
            if len(labels) and all(label in mapping for label in labels):
                return labels.map(lambda v: mapping[v])
        return labels

    def names(self, df: pd.DataFrame) -> pd.DataFrame:
        """``df`` with id cells, id index labels and id column labels replaced by names."""
        out = df.copy()
        for column in out.columns:
            if not pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column]):
                out[column] = self._map(out[column], column)
        for axis in ("index", "columns"):
            labels = getattr(out, axis)
            if isinstance(labels, pd.MultiIndex):
                levels = [self._map(labels.get_level_values(i), name) for i, name in enumerate(labels.names)]
                setattr(out, axis, pd.MultiIndex.from_arrays(levels, names=labels.names))
            elif labels.name is not None:
                setattr(out, axis, pd.Index(self._map(labels, labels.name), name=labels.name))
            else:
                setattr(out, axis, pd.Index(self._guess(labels), name=None))
        headers = HEADERS[self.lang]
        out = out.rename(columns=lambda c: headers.get(c, c) if isinstance(c, str) else c)
        for axis in ("index", "columns"):
            labels = getattr(out, axis)
            labels.names = [headers.get(n, n) if isinstance(n, str) else n for n in labels.names]
        return out


def tidy_numbers(df: pd.DataFrame) -> pd.DataFrame:
    """Whole-number float columns become integers (nullable); other floats keep full precision
    here and are shown with :data:`SIGNIFICANT` significant digits by :func:`number_format`."""
    out = df.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_float_dtype(values):
            finite = values.dropna()
            if len(finite) and np.all(np.isclose(finite, np.round(finite))) and finite.abs().max() < 2**53:
                out[column] = values.round().astype("Int64")
    return out


def number_format(value) -> str:
    """Three significant digits (no exponent for ordinary magnitudes), integers as they are."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return f"{value:d}"
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            return "–"
        if value == 0:
            return "0"
        if not 1e-4 <= abs(value) < 1e9:
            return f"{value:.{SIGNIFICANT - 1}e}"
        decimals = max(0, SIGNIFICANT - 1 - int(np.floor(np.log10(abs(value)))))
        return f"{value:.{decimals}f}"
    return str(value)


def excel_sheet_name(stem: str, taken: list[str]) -> str:
    """A worksheet name from a table stem: at most 31 characters, unique in the workbook."""
    name = stem[:31]
    k = 2
    while name in taken:
        suffix = f"~{k}"
        name = stem[: 31 - len(suffix)] + suffix
        k += 1
    return name


#: Directory (beside the workbook) of the staged sheets the workbook is assembled from.
SHEETS_DIR = ".sheets"
#: Environment variable naming the group of the sheets staged now: the report runner sets the
#: notebook's position (``"01"``, ``"02"``, …) in the kernel before each notebook, so that the
#: workbook keeps the notebooks' order when notebooks run on several kernels at once. Unset
#: (a notebook run alone): group ``"00"``.
SHEET_GROUP_VARIABLE = "FTZLINK_SHEET_GROUP"


def _cell(v):
    """An Excel cell value: None for missing, Python scalars for NumPy ones."""
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return None
    return v.item() if isinstance(v, np.generic) else v


def _staged(workbook: Path) -> dict[str, Path]:
    """Staged sheet files by stem (``GGNNNN_<stem>.json``: GG the group, NNNN the staging order
    within it), in workbook order; of two files of one stem the later (higher group) counts, at
    its own place."""
    staged: dict[str, Path] = {}
    for path in sorted((Path(workbook).parent / SHEETS_DIR).glob("[0-9][0-9][0-9][0-9][0-9][0-9]_*.json")):
        stem = path.stem.split("_", 1)[1]
        staged.pop(stem, None)
        staged[stem] = path
    return staged


def stage_sheet(workbook: Path, frame: pd.DataFrame, stem: str, caption: str, *, first: bool = False) -> Path:
    """Stage ``frame`` as sheet ``stem`` of ``workbook`` (written by :func:`write_workbook`).

    The sheet (caption row, header row, values) goes to ``<workbook dir>/.sheets/GGNNNN_<stem>.json``
    atomically: GG is the group (:data:`SHEET_GROUP_VARIABLE`, the notebook's position in a
    report run), NNNN counts the stagings within the group (so the same tables give the same
    files, in the same order, however the notebooks were spread over kernels); staging a stem
    again replaces it (a sheet of a later group is kept: the later notebook's table wins, as
    it would running the notebooks one after the other). Staging costs the same for the first
    and the fiftieth table, where rewriting the workbook after every table grew quadratically.
    """
    import json
    import os

    from ftzlink.errors import FtzlinkError
    from ftzlink.files import write_atomic

    group = os.environ.get(SHEET_GROUP_VARIABLE, "00")
    if not (len(group) == 2 and group.isdigit()):
        raise FtzlinkError(f"{SHEET_GROUP_VARIABLE}={group!r}: expected two digits (the notebook's position)")
    staged = _staged(workbook)
    folder = Path(workbook).parent / SHEETS_DIR     # counted over every file, shadowed ones too
    order = 1 + max((int(p.name[2:6]) for p in folder.glob(f"{group}[0-9][0-9][0-9][0-9]_*.json")), default=0)
    flat = frame.reset_index() if not isinstance(frame.index, pd.RangeIndex) else frame
    sheet = {"stem": stem, "caption": caption, "first": first,
             "columns": [str(c) for c in flat.columns],
             "rows": [[_cell(v) for v in row] for row in flat.itertuples(index=False)]}
    path = write_atomic(folder / f"{group}{order:04d}_{stem}.json",
                        json.dumps(sheet, ensure_ascii=False, default=str))
    if stem in staged and staged[stem].name[:2] <= group:   # a later notebook's sheet of that stem wins
        staged[stem].unlink(missing_ok=True)
    return path


def write_workbook(workbook: Path) -> Path:
    """Write ``workbook`` atomically from every staged sheet: ``first`` sheets in front, the
    others by group, then in the order they were staged; caption in the first row of each sheet."""
    import io
    import json

    from openpyxl import Workbook

    from ftzlink.files import write_atomic

    sheets = [json.loads(p.read_text(encoding="utf-8")) for p in _staged(workbook).values()]
    sheets.sort(key=lambda sheet: not sheet["first"])      # stable: staging order otherwise
    book = Workbook(write_only=True)
    for sheet in sheets:
        out = book.create_sheet(excel_sheet_name(sheet["stem"], book.sheetnames))
        out.append([sheet["caption"]])
        out.append(sheet["columns"])
        for row in sheet["rows"]:
            out.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return write_atomic(workbook, buffer.getvalue())


def append_sheet(workbook: Path, frame: pd.DataFrame, stem: str, caption: str, *, first: bool = False) -> None:
    """Stage ``frame`` as sheet ``stem`` (:func:`stage_sheet`) and rewrite ``workbook`` at once
    (:func:`write_workbook`): an existing sheet of the same stem is replaced; ``first`` puts the
    sheet in front (the run description)."""
    stage_sheet(workbook, frame, stem, caption, first=first)
    write_workbook(workbook)
