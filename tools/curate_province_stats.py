"""Curate official provincial industry statistics (Hubei, Zhejiang, national) into ftzlink's long layout.

Run from the repository root::

    python tools/curate_province_stats.py                   # reads ../shared/data/province_stats/
    python tools/curate_province_stats.py --source DIR      # another copy of the transcriptions
    python tools/curate_province_stats.py --print-missing   # also print the suppressed-cell table

Input: third-party JSON transcriptions of official tables (one file per xls sheet or html page;
the directory's README names, for each file, the bureau, yearbook, table number and URL). The
numbers are cited to those official publications, never to the transcriptions.

Output, in ``data/raw/statistics/province_industry/`` (one CSV per official table), columns::

    region, region_zh, industry, industry_zh, year, measure, unit, value, source, table, verified, note

plus ``division_checks.csv`` (one row per published aggregate that the script re-adds).

Rules applied here:

- ``year`` is the data year (湖北统计年鉴2024 holds 2023 data).
- A suppressed or missing cell (``**``, ``NA``, ``…``, blank, ``null``) is never written, and never
  as 0; it is collected in ``MISSING`` and listed in SOURCES.md.
- Numbers with spaces inside (``"1119. 3"``) are cleaned by deleting the whitespace; each such
  cell is collected in ``CLEANED`` and listed in SOURCES.md.
- Values are written as printed (same decimals); the xls-based Hubei cells are JSON numbers and
  are written in their shortest decimal form (``19219``, ``3867.5``).
- ``verified`` is ``true`` only when the table adds up (components vs published aggregate within
  rounding) AND the published total was matched to an independent official figure listed in
  ``INDEPENDENT``. Otherwise ``false``; ``note`` says what was checked.

The rows of the former ``data/raw/statistics/province_industry.csv`` (census bulletins; hand
curated, no transcription file) are kept in ``HAND_ROWS`` below and written to their own files.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = Path("..") / "shared" / "data" / "province_stats"  # relative to the repo root
OUT = Path("data") / "raw" / "statistics" / "province_industry"

COLUMNS = ["region", "region_zh", "industry", "industry_zh", "year", "measure", "unit", "value",
           "source", "table", "verified", "note"]
CHECK_COLUMNS = ["region", "year", "measure", "table", "total_published", "sum_divisions", "residual",
                 "n_divisions", "n_suppressed", "note",
                 # extra columns: which file and aggregate row, component level, relative residual,
                 # rounding tolerance and the outcome
                 "file", "aggregate", "level", "residual_rel", "tolerance", "status"]

REGION_ZH = {"hubei": "湖北省", "zhejiang": "浙江省", "china": "全国"}
MISSING_MARKERS = {"**", "NA", "…", "...", "-", "—"}

# GB/T 4754-2017 industrial divisions (B 06-12, C 13-43, D 44-46) and the printed variants met
DIVISIONS = {
    "06": "煤炭开采和洗选业", "07": "石油和天然气开采业", "08": "黑色金属矿采选业",
    "09": "有色金属矿采选业", "10": "非金属矿采选业", "11": "开采专业及辅助性活动", "12": "其他采矿业",
    "13": "农副食品加工业", "14": "食品制造业", "15": "酒、饮料和精制茶制造业", "16": "烟草制品业",
    "17": "纺织业", "18": "纺织服装、服饰业", "19": "皮革、毛皮、羽毛及其制品和制鞋业",
    "20": "木材加工和木、竹、藤、棕、草制品业", "21": "家具制造业", "22": "造纸和纸制品业",
    "23": "印刷和记录媒介复制业", "24": "文教、工美、体育和娱乐用品制造业",
    "25": "石油、煤炭及其他燃料加工业", "26": "化学原料和化学制品制造业", "27": "医药制造业",
    "28": "化学纤维制造业", "29": "橡胶和塑料制品业", "30": "非金属矿物制品业",
    "31": "黑色金属冶炼和压延加工业", "32": "有色金属冶炼和压延加工业", "33": "金属制品业",
    "34": "通用设备制造业", "35": "专用设备制造业", "36": "汽车制造业",
    "37": "铁路、船舶、航空航天和其他运输设备制造业", "38": "电气机械和器材制造业",
    "39": "计算机、通信和其他电子设备制造业", "40": "仪器仪表制造业", "41": "其他制造业",
    "42": "废弃资源综合利用业", "43": "金属制品、机械和设备修理业", "44": "电力、热力生产和供应业",
    "45": "燃气生产和供应业", "46": "水的生产和供应业",
}
DIVISION_ALIASES = {  # older (GB/T 4754-2011) or abbreviated names printed in the tables
    "石油加工、炼焦和核燃料加工业": "25", "石油加工、炼焦及核燃料加工业": "25", "开采辅助活动": "11",
    "电力、热力的生产和供应业": "44", "木材加工及木、竹、藤、棕、草制品业": "20", "造纸及纸制品业": "22",
    "化学原料及化学制品制造业": "26", "黑色金属冶炼及压延加工业": "31", "有色金属冶炼及压延加工业": "32",
    "通用设备制造": "34", "电气机械及器材制造业": "38",
}
SECTIONS = {
    "A": "农、林、牧、渔业", "B": "采矿业", "C": "制造业", "D": "电力、热力、燃气及水生产和供应业",
    "E": "建筑业", "F": "批发和零售业", "G": "交通运输、仓储和邮政业", "H": "住宿和餐饮业",
    "I": "信息传输、软件和信息技术服务业", "J": "金融业", "K": "房地产业", "L": "租赁和商务服务业",
    "M": "科学研究和技术服务业", "N": "水利、环境和公共设施管理业", "O": "居民服务、修理和其他服务业",
    "P": "教育", "Q": "卫生和社会工作", "R": "文化、体育和娱乐业", "S": "公共管理、社会保障和社会组织",
}
SECTION_ALIASES = {"交通运输、仓储及邮政业": "G", "住宿和餐饮": "H", "租赁与商务服务业": "L",
                   "文化、体育与娱乐业": "R"}
SECTION_RANGES = {"A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52)}
TOTAL_LABELS = {"按行业分", "总计", "合计"}
COUNT_UNITS = {"units"}  # exact counts: no rounding tolerance
CAN_BE_NEGATIVE = {"total_profit"}

HB_ZIP = {
    2023: ("http://tjj.hubei.gov.cn/tjsj/sjkscx/tjnj/qstjnj/202501/P020250114330164457869.zip",
           "湖北统计年鉴2024", "湖北统计年鉴2024/第13章 工 业/"),
    2024: ("http://tjj.hubei.gov.cn/tjsj/sjkscx/tjnj/qstjnj/202601/P020260114553839802144.zip",
           "湖北统计年鉴2025", "湖北统计年鉴2025-定/湖北统计年鉴2025-定/第13章 工业/"),
}
ZJ_OSS = ("https://zjjcmspublicnew.oss-cn-hangzhou-zwynet-d01-a.internet.cloud.zj.gov.cn/cms_files/"
          "jcms1/web3077/site/flash/tjj/Reports1/{ed}%E6%B5%99%E6%B1%9F%E7%BB%9F%E8%AE%A1%E5%B9%B4"
          "%E9%89%B4/cn/html/{page}.html")
ZJ_PAGES = {
    "7-5-2023": "7-5%20%E6%8C%89%E8%A1%8C%E4%B8%9A%E5%88%86%E7%9A%84%E8%A7%84%E6%A8%A1%E4%BB%A5%E4%B8%8A"
                "%E5%B7%A5%E4%B8%9A%E4%BC%81%E4%B8%9A%E4%B8%BB%E8%A6%81%E7%BB%8F%E6%B5%8E%E6%8C%87%E6%A0%87"
                "%EF%BC%882023%E5%B9%B4%EF%BC%89",
    "7-5-2024": "7-5%20%E6%8C%89%E8%A1%8C%E4%B8%9A%E5%88%86%E7%9A%84%E8%A7%84%E6%A8%A1%E4%BB%A5%E4%B8%8A"
                "%E5%B7%A5%E4%B8%9A%E4%BC%81%E4%B8%9A%E4%B8%BB%E8%A6%81%E7%BB%8F%E6%B5%8E%E6%8C%87%E6%A0%87"
                "%EF%BC%882024%E5%B9%B4%EF%BC%89",
    "2-22": "2-22%20%E6%8C%89%E8%A1%8C%E4%B8%9A%E5%88%86%E7%9A%84%E9%9D%9E%E7%A7%81%E8%90%A5%E5%8D%95"
            "%E4%BD%8D%E5%B7%A5%E4%B8%9A%E3%80%81%E5%BB%BA%E7%AD%91%E4%B8%9A%E4%BC%81%E4%B8%9A%E5%B0%B1"
            "%E4%B8%9A%E4%BA%BA%E5%91%98%E4%BA%BA%E6%95%B0%EF%BC%88%E5%B9%B4%E5%BA%95%E6%95%B0%EF%BC%89",
    "2-23": "2-23%20%E5%88%86%E8%A1%8C%E4%B8%9A%E8%A7%84%E4%B8%8A%E5%8D%95%E4%BD%8D%E5%B0%B1%E4%B8%9A"
            "%E4%BA%BA%E5%91%98%E4%BA%BA%E6%95%B0%EF%BC%88%E5%B9%B4%E5%BA%95%E6%95%B0%EF%BC%89",
    "2-25": "2-25%20%E5%88%86%E8%A1%8C%E4%B8%9A%E8%A7%84%E4%B8%8A%E5%8D%95%E4%BD%8D%E5%B0%B1%E4%B8%9A"
            "%E4%BA%BA%E5%91%98%E4%BA%BA%E6%95%B0%EF%BC%88%E5%B9%B4%E5%BA%95%E6%95%B0%EF%BC%89",
}
ZJ_CENSUS_URL = "https://tjj.zj.gov.cn/art/2025/3/13/art_1229856888_58963443.html"
NBS_CENSUS2 = "https://www.stats.gov.cn/zt_18555/zthd/lhfw/2025/2025_zgjjpc/202502/t20250207_1958632.html"
HB_CENSUS4 = "http://tjj.hubei.gov.cn/tjsj/tjgb/pcgb/wjp/202503/t20250321_5584798.shtml"

NO_INDEPENDENT = "no independent official figure for the total was found (see SOURCES.md)"

# Independent official confirmations of published totals: (file, measure, year) -> note text.
INDEPENDENT = {
    ("china_census2023_sections.csv", "census_legal_units", 2023):
        "total 3327.0 also stated in NBS 第五次全国经济普查公报（第一号） (2024-12-26), as reported by "
        "中新网 and 工人日报",
    ("china_census2023_sections.csv", "census_legal_persons", 2023):
        "total 42898.4 also stated in NBS 第五次全国经济普查公报（第一号） (2024-12-26), as reported by "
        "中新网",
}

MISSING: list[dict] = []   # suppressed / missing cells, for SOURCES.md
CLEANED: list[dict] = []   # numbers printed with whitespace inside


def norm_label(text: str) -> str:
    """A printed row label without any whitespace (ASCII or full-width)."""
    return re.sub(r"[\s\u3000]+", "", str(text))


def division_code(label: str) -> str | None:
    key = norm_label(label)
    for code, name in DIVISIONS.items():
        if key == name:
            return code
    return DIVISION_ALIASES.get(key)


def section_code(label: str) -> str | None:
    key = norm_label(label)
    for code, name in SECTIONS.items():
        if key == name:
            return code
    return SECTION_ALIASES.get(key)


def parse_cell(raw, where: dict) -> tuple[Decimal | None, str]:
    """(number, printed text) for a table cell, or (None, marker) for a suppressed/missing one."""
    if raw is None:
        return None, "null"
    if isinstance(raw, bool):
        raise ValueError(f"unexpected boolean cell at {where}")
    if isinstance(raw, (int, float)):
        text = repr(raw)
        value = Decimal(text)
        if value == value.to_integral_value():
            text = str(int(value))
        return value, text
    text = str(raw).strip()
    if text == "":
        return None, "blank"
    if text in MISSING_MARKERS:
        return None, text
    cleaned = re.sub(r"\s+", "", text)
    if cleaned != text:
        CLEANED.append(dict(where, printed=text, cleaned=cleaned))
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise ValueError(f"not a number: {text!r} at {where}")
    return Decimal(cleaned), cleaned


def decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


class Table:
    """Rows of one official table (one output file), with their missing cells."""

    def __init__(self, file: str, region: str, source: str):
        self.file, self.region, self.source = file, region, source
        self.rows: list[dict] = []
        self.printed: dict[tuple, str] = {}  # (region, industry, year, measure) -> printed text
        self.missing: list[dict] = []

    def add(self, industry, industry_zh, year, measure, unit, raw, table, note, where=None):
        where = dict(where or {}, file=self.file, industry=industry, year=year, measure=measure)
        value, text = parse_cell(raw, where)
        key = (self.region, industry, year, measure)
        if value is None:
            cell = dict(file=self.file, region=self.region, year=year, measure=measure, industry=industry,
                        industry_zh=industry_zh, cell=text, table=table)
            self.missing.append(cell)
            MISSING.append(cell)
            return
        if key in self.printed:
            raise ValueError(f"{self.file}: duplicate key {key}")
        self.printed[key] = text
        self.rows.append(dict(region=self.region, region_zh=REGION_ZH[self.region], industry=industry,
                              industry_zh=industry_zh, year=year, measure=measure, unit=unit, value=text,
                              source=self.source, table=table, verified="false", note=note))


def components_of(aggregate: str, level: str, industry: str) -> bool:
    if level == "division":
        if not re.fullmatch(r"\d\d", industry):
            return False
        if aggregate == "total":
            return True
        lo, hi = SECTION_RANGES[aggregate]
        return lo <= int(industry) <= hi
    return bool(re.fullmatch(r"[A-Z]", industry)) and aggregate == "total"


def check(tab: Table, year: int, measure: str, aggregate: str, level: str, extra: str = "") -> dict:
    """Re-add the components of one published aggregate; return a division_checks row."""
    rows = [r for r in tab.rows if r["year"] == year and r["measure"] == measure]
    total_rows = [r for r in rows if r["industry"] == aggregate]
    if len(total_rows) != 1:
        raise ValueError(f"{tab.file}: no single {aggregate} row for {year} {measure}")
    total = total_rows[0]
    comps = [r for r in rows if components_of(aggregate, level, r["industry"])]
    missing = [m for m in tab.missing if m["year"] == year and m["measure"] == measure
               and components_of(aggregate, level, m["industry"])]
    s = sum(Decimal(r["value"]) for r in comps)
    t = Decimal(total["value"])
    residual = t - s
    d = max([decimals(r["value"]) for r in comps] + [decimals(total["value"])])
    tol = Decimal(0) if total["unit"] in COUNT_UNITS else (len(comps) + 1) * Decimal("0.5") * Decimal(10) ** -d
    if abs(residual) <= tol:
        status = "ok_rounding"
        note = f"components add up to the published {aggregate} within rounding"
    elif missing and (measure in CAN_BE_NEGATIVE or residual > 0):
        status = "explained_by_suppressed"
        cells = ", ".join(f"{m['industry']} ({m['cell']})" for m in missing)
        note = (f"gap beyond rounding; the suppressed/missing component cells {cells} are inside the published "
                f"{aggregate}" + ("; their sign is unknown for profit" if measure in CAN_BE_NEGATIVE else ""))
    else:
        status = "fail"
        note = "components do NOT add up to the published aggregate"
    if missing and status == "ok_rounding":
        note += f" although {len(missing)} component cell(s) are blank/suppressed"
    if extra:
        note += "; " + extra
    rel = (residual / t) if t != 0 else Decimal(0)
    return dict(region=tab.region, year=year, measure=measure, table=total["table"], total_published=str(t),
                sum_divisions=str(s), residual=str(residual), n_divisions=len(comps), n_suppressed=len(missing),
                note=note, file=tab.file, aggregate=aggregate, level=level, residual_rel=f"{rel:.6f}",
                tolerance=str(tol), status=status)


def finish(tab: Table, checks: list[dict], table_checks: list[dict]) -> None:
    """Set verified/note of each row from the checks of its (year, measure)."""
    for r in tab.rows:
        mine = [c for c in table_checks if c["year"] == r["year"] and c["measure"] == r["measure"]]
        structural = bool(mine) and all(c["status"] != "fail" for c in mine)
        indep = INDEPENDENT.get((tab.file, r["measure"], r["year"]))
        if mine:
            summary = "; ".join(f"{c['aggregate']} check {c['status']} (residual {c['residual']}, "
                                f"tolerance {c['tolerance']})" for c in mine)
        else:
            summary = "no published aggregate to re-add in this table"
        r["verified"] = "true" if (structural and indep and all(c["status"] == "ok_rounding" for c in mine)) \
            else "false"
        r["note"] = "; ".join(x for x in (r["note"], summary, indep or NO_INDEPENDENT) if x)
    checks.extend(table_checks)
    if any(c["status"] == "fail" for c in table_checks):
        bad = [c for c in table_checks if c["status"] == "fail"]
        raise SystemExit(f"{tab.file}: division check failed: {bad}")


# --------------------------------------------------------------------------------------------- Hubei
HB_MEASURES = [  # (continuation, header text, measure, unit)
    (7, "企业单位数", "enterprise_units", "units"),
    (7, "资产总计", "total_assets", "100m yuan"),
    (10, "营业收入", "revenue", "100m yuan"),
    (12, "利润总额", "total_profit", "100m yuan"),
    (13, "全部从业人员年平均人数", "avg_employed_persons", "10k persons"),
]


def hb_file(src: Path, year: int, cont: int) -> Path:
    edition = year + 1
    pad = f" {cont}" if cont < 10 else str(cont)
    name = f"hb{edition}-1302-{cont}-规模以上工业企业单位数和主要经济指标（{year}）续{pad}.json"
    return src / name


def hubei(src: Path, year: int) -> tuple[Table, list[dict]]:
    url, book, member_dir = HB_ZIP[year]
    tab = Table(f"hubei_{year}_above_size_industry_t13-2.csv", "hubei", url)
    for cont, header, measure, unit in HB_MEASURES:
        path = hb_file(src, year, cont)
        data = json.loads(path.read_text(encoding="utf-8"))
        cells = data["cells"]
        first = next(i for i, r in enumerate(cells) if isinstance(r[2], (int, float)))
        heads = ["".join(norm_label(cells[i][j]) for i in range(first)) for j in range(len(cells[0]))]
        # "营业收入" is not a substring of "主营业务收入", so a plain containment test is unambiguous
        cols = [j for j, h in enumerate(heads) if j >= 2 and header in h]
        if len(cols) != 1:
            raise ValueError(f"{path.name}: header {header!r} found in columns {cols}")
        col = cols[0]
        table = (f"{book}, 表13-2 规模以上工业企业单位数和主要经济指标（{year}）, 续表{cont}")
        note = f"ZIP member {member_dir}{data['member'].rsplit('/', 1)[-1]}, column {header}"
        codes = []
        for r in cells[first:]:
            label = norm_label(r[0])
            if label in TOTAL_LABELS:
                code, zh = "total", label
            else:
                code, zh = division_code(label), label
                if code is None:
                    raise ValueError(f"{path.name}: unknown row label {r[0]!r}")
                codes.append(code)
            tab.add(code, zh, year, measure, unit, r[col], table, note, where={"src": path.name})
        if codes != sorted(DIVISIONS) or len(codes) != 41:
            raise ValueError(f"{path.name}: expected the 41 divisions in order, got {codes}")
    checks = [check(tab, year, m, "total", "division") for _, _, m, _ in HB_MEASURES]
    return tab, checks


# ------------------------------------------------------------------------------------------ Zhejiang
ZJ75_MEASURES = [  # (header text without whitespace, measure, unit)
    ("企业单位数(个)", "enterprise_units", "units"),
    ("工业总产值", "gross_output", "100m yuan"),
    ("资产总计", "total_assets", "100m yuan"),
    ("营业收入", "revenue", "100m yuan"),
    ("利润总额", "total_profit", "100m yuan"),
    ("平均用工人数(万人)", "avg_labour_used", "10k persons"),
]


def zj_75(src: Path, year: int) -> tuple[Table, list[dict]]:
    edition = year + 1
    path = src / f"zj-{edition}-7-5-embedded.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = data["data"]
    url = ZJ_OSS.format(ed=edition, page=ZJ_PAGES[f"7-5-{year}"])
    tab = Table(f"zhejiang_{year}_above_size_industry_t7-5.csv", "zhejiang", url)
    table = f"浙江统计年鉴{edition}, 表7-5 按行业分的规模以上工业企业主要经济指标（{year}年）"
    if norm_label(data["templetname"]) != norm_label(f"按行业分的规模以上工业企业主要经济指标（{year}年）"):
        raise ValueError(f"{path.name}: unexpected title {data['templetname']!r}")
    heads = [norm_label(h) for h in rows[0]]
    start = next(i for i, r in enumerate(rows) if norm_label(r[0]) == "按工业行业分")
    total_row = next(r for r in rows if norm_label(r[0]) == "总计")
    for header, measure, unit in ZJ75_MEASURES:
        cols = [j for j, h in enumerate(heads) if h == header]
        if len(cols) != 1:
            raise ValueError(f"{path.name}: header {header!r} in columns {cols}")
        col = cols[0]
        note = f"column {header}"
        tab.add("total", "总计", year, measure, unit, total_row[col], table, note, where={"src": path.name})
        codes = []
        for r in rows[start + 1:]:
            code = division_code(r[0])
            if code is None:
                raise ValueError(f"{path.name}: unknown row label {r[0]!r}")
            codes.append(code)
            tab.add(code, norm_label(r[0]), year, measure, unit, r[col], table, note, where={"src": path.name})
        if codes != sorted(codes) or len(codes) != 38:
            raise ValueError(f"{path.name}: expected 38 division rows in order, got {codes}")
    absent = sorted(set(DIVISIONS) - set(codes))
    extra = f"divisions {', '.join(absent)} are not printed in this table at all"
    checks = [check(tab, year, m, "total", "division", extra) for _, m, _ in ZJ75_MEASURES]
    return tab, checks


def zj_census(src: Path) -> list[tuple[Table, list[dict]]]:
    """Zhejiang 5th-census communiqué No. 3, tables 3-2 (units, persons) and 3-3 (revenue)."""
    path = src / "zj-census-third-official-cells.json"
    rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
    blocks, cur = [], None
    for r in rows:
        if len(r) >= 3 and norm_label(r[0]) in ("", "产品名称"):  # a block's column-header row
            cur = {"head": [norm_label(c) for c in r], "rows": []}
            blocks.append(cur)
        elif cur is not None:
            cur["rows"].append(r)
    industrial = [b for b in blocks if any(division_code(r[0]) for r in b["rows"])]
    if len(industrial) != 2:
        raise ValueError(f"{path.name}: expected two by-division blocks, found {len(industrial)}")
    b32, b33 = industrial
    if b32["head"][1:] != ["企业法人单位（个）", "从业人员（万人）"] or b33["head"][1:] != [
            "资产总计（亿元）", "负债合计（亿元）", "营业收入（亿元）"]:
        raise ValueError(f"{path.name}: unexpected block headers {b32['head']} / {b33['head']}")
    title = "浙江省第五次全国经济普查公报（第三号）——第二产业基本情况"
    out = []
    for block, tnum, ttitle, specs in (
        (b32, "3-2", "按行业大类分组的工业企业法人单位数和从业人员",
         [(1, "census_enterprise_units", "units"), (2, "census_enterprise_persons", "10k persons")]),
        (b33, "3-3", "按行业大类分组的工业企业法人单位主要经济指标",
         [(1, "census_enterprise_assets", "100m yuan"), (3, "census_enterprise_revenue", "100m yuan")]),
    ):
        tab = Table(f"zhejiang_census2023_t{tnum}.csv", "zhejiang", ZJ_CENSUS_URL)
        table = f"{title}, 表{tnum} {ttitle}"
        for col, measure, unit in specs:
            note = f"column {block['head'][col]}; all industrial enterprise legal units (not only above-size)"
            codes = []
            for r in block["rows"]:
                label = norm_label(r[0])
                if label == "合计":
                    tab.add("total", "合计", 2023, measure, unit, r[col], table, note, where={"src": path.name})
                    continue
                code = division_code(label)
                if code is None:
                    raise ValueError(f"{path.name}: unknown row label {r[0]!r}")
                codes.append(code)
                tab.add(code, label, 2023, measure, unit, r[col], table, note, where={"src": path.name})
            if len(codes) != 40 or codes != sorted(codes):
                raise ValueError(f"{path.name}: expected 40 division rows in order, got {codes}")
        absent = sorted(set(DIVISIONS) - set(codes))
        extra = f"division {', '.join(absent)} is not printed in this table"
        out.append((tab, [check(tab, 2023, m, "total", "division", extra) for _, m, _ in specs]))
    return out


def zj_sections(src: Path, edition: int, tnum: str, years_wanted: list[int]) -> tuple[Table, list[dict]]:
    """Zhejiang yearbook 2-23 / 2-25: year-end employment in above-size units, by section."""
    path = src / f"zj-{edition}-{tnum}-embedded.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = data["data"]
    years = [int(y) for y in rows[1][1:]]
    url = ZJ_OSS.format(ed=edition, page=ZJ_PAGES[tnum])
    span = f"{min(years_wanted)}_{max(years_wanted)}" if len(years_wanted) > 1 else str(years_wanted[0])
    tab = Table(f"zhejiang_{span}_employment_sections_t{tnum}.csv", "zhejiang", url)
    table = f"浙江统计年鉴{edition}, 表{tnum} {norm_label(data['templetname'])}"
    for r in rows[2:]:
        label = norm_label(r[0])
        code = "total" if label == "总计" else section_code(label)
        if code is None:
            raise ValueError(f"{path.name}: unknown row label {r[0]!r}")
        for j, y in enumerate(years, start=1):
            if y in years_wanted:
                tab.add(code, label, y, "employment_yearend_above_size", "10k persons", r[j], table,
                        "year-end employment in above-size (规上) units, all sectors", where={"src": path.name})
    checks = [check(tab, y, "employment_yearend_above_size", "total", "section") for y in years_wanted]
    return tab, checks


def zj_overlap_check(src: Path) -> str:
    """2-25 (2024 edition) and 2-23 (2025 edition) share 2021-2023: confirm every cell is equal."""
    a = json.loads((src / "zj-2025-2-23-embedded.json").read_text(encoding="utf-8"))["data"]
    b = json.loads((src / "zj-2024-2-25-embedded.json").read_text(encoding="utf-8"))["data"]
    ya, yb = [int(y) for y in a[1][1:]], [int(y) for y in b[1][1:]]
    n = 0
    for ra, rb in zip(a[2:], b[2:]):
        if norm_label(ra[0]) != norm_label(rb[0]):
            raise ValueError(f"2-23/2-25 row labels differ: {ra[0]!r} / {rb[0]!r}")
        for y in set(ya) & set(yb):
            va, vb = ra[ya.index(y) + 1], rb[yb.index(y) + 1]
            if (va or "") != (vb or ""):
                raise ValueError(f"2-23/2-25 differ for {ra[0]} {y}: {va!r} / {vb!r}")
            n += 1
    return f"{n} overlapping cells (2021-2023) of 2-25 equal those of 2-23"


def zj_222(src: Path) -> tuple[Table, list[dict]]:
    """Zhejiang yearbook 2025 table 2-22: year-end employment, non-private industrial and construction units."""
    path = src / "zj-2025-2-22-embedded.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = data["data"]
    years = [int(y) for y in rows[0][1:]]
    tab = Table("zhejiang_2022_2024_nonprivate_employment_t2-22.csv", "zhejiang", ZJ_OSS.format(ed=2025, page=ZJ_PAGES["2-22"]))
    table = f"浙江统计年鉴2025, 表2-22 {norm_label(data['templetname'])}"
    note = "year-end employment in urban non-private industrial and construction enterprises"
    for r in rows[1:]:
        label = norm_label(r[0])
        if label == "按行业分组":
            continue
        code = "total" if label == "总计" else (section_code(label) or division_code(label))
        if code is None:
            raise ValueError(f"{path.name}: unknown row label {r[0]!r}")
        for j, y in enumerate(years, start=1):
            tab.add(code, label, y, "employment_yearend_nonprivate", "10k persons", r[j], table, note,
                    where={"src": path.name})
    checks = []
    for y in years:
        checks.append(check(tab, y, "employment_yearend_nonprivate", "total", "section",
                            "sections B, C, D, E (construction has no division rows here)"))
        for sec in ("B", "C", "D"):
            checks.append(check(tab, y, "employment_yearend_nonprivate", sec, "division"))
    return tab, checks


# ----------------------------------------------------------------------------- hand-curated bulletins
# Rows of the former data/raw/statistics/province_industry.csv, re-cited. (file, region, source, table,
# measure, unit, year, note, [(industry, industry_zh, value), ...])
NBS2_T22 = "第五次全国经济普查公报（第二号）——单位基本情况, 表2-2 按行业门类分组的法人单位数与个体经营户数"
NBS2_T23 = "第五次全国经济普查公报（第二号）——单位基本情况, 表2-3 按行业门类分组的法人单位与个体经营户从业人员"
SECTION_LIST = list(SECTIONS)
NBS2_UNITS = ["3327.0", "27.2", "5.2", "404.9", "13.6", "272.2", "1019.7", "93.9", "71.2", "169.6", "10.8",
              "104.2", "460.9", "211.8", "22.3", "90.2", "81.8", "33.7", "81.7", "152.1"]
NBS2_PERSONS = ["42898.4", "133.5", "469.8", "10481.5", "478.2", "5117.2", "5325.8", "1582.7", "894.2", "1517.9",
                "1248.4", "1443.5", "3906.6", "1700.3", "485.5", "673.6", "2677.0", "1461.9", "519.5", "2781.1"]
REPRINT = "read from a reprint; the stats.gov.cn address of the original was not found"
HAND_ROWS = [
    ("china_census2023_sections.csv", "china", NBS_CENSUS2, NBS2_T22, "census_legal_units", "10k units", 2023,
     "legal units of the secondary and tertiary industries, year end; section A covers only agricultural "
     "support activities; NBS page text copy read (header dated 2024-12-26)",
     list(zip(["total"] + SECTION_LIST, ["合计"] + [SECTIONS[s] for s in SECTION_LIST], NBS2_UNITS))),
    ("china_census2023_sections.csv", "china", NBS_CENSUS2, NBS2_T23, "census_legal_persons", "10k persons", 2023,
     "persons employed in legal units, year end; section A covers only agricultural support activities",
     list(zip(["total"] + SECTION_LIST, ["合计"] + [SECTIONS[s] for s in SECTION_LIST], NBS2_PERSONS))),
    ("china_census2023_industry_sections.csv", "china", "http://m.fmjfmlk.cn/news/2024-12/243741.html",
     "第五次全国经济普查公报（第三号）——第二产业基本情况 (NBS, 2024-12-26), 正文 一（一）",
     "census_enterprise_units", "10k units", 2023,
     "industrial enterprise legal units, year end; " + REPRINT,
     [("total", "合计", "423.6"), ("B", "采矿业", "5.2"), ("C", "制造业", "404.8"),
      ("D", "电力、热力、燃气及水生产和供应业", "13.6")]),
    ("china_census2023_industry_sections.csv", "china", "http://m.fmjfmlk.cn/news/2024-12/243741.html",
     "第五次全国经济普查公报（第三号）——第二产业基本情况 (NBS, 2024-12-26), 正文 一（一）",
     "census_enterprise_persons", "10k persons", 2023,
     "persons employed in industrial enterprise legal units, year end; " + REPRINT,
     [("total", "合计", "11428.9"), ("B", "采矿业", "469.8"), ("C", "制造业", "10481.4"),
      ("D", "电力、热力、燃气及水生产和供应业", "477.6")]),
    ("hubei_census2023_bulletin4_t4-1.csv", "hubei", HB_CENSUS4,
     "湖北省第五次全国经济普查公报（第四号）, 表4-1 (批发和零售业企业法人单位和从业人员)",
     "census_enterprise_units", "10k units", 2023, "enterprise legal units, year end",
     [("F", "批发和零售业", "41.58"), ("51", "批发业", "18.53"), ("52", "零售业", "23.05")]),
    ("hubei_census2023_bulletin4_t4-1.csv", "hubei", HB_CENSUS4,
     "湖北省第五次全国经济普查公报（第四号）, 表4-1 (批发和零售业企业法人单位和从业人员)",
     "census_enterprise_persons", "10k persons", 2023, "persons employed in enterprise legal units, year end",
     [("F", "批发和零售业", "260.16"), ("51", "批发业", "124.00"), ("52", "零售业", "136.16")]),
    ("census2018_bulletins_partial.csv", "china", "http://map.zdcj.net/yanbao/201911/627906888366.html",
     "第四次全国经济普查 主要数据 (NBS press release, 2019-11-20), text", "census_legal_units", "10k units", 2018,
     "total and the three largest sections named in the text; " + REPRINT,
     [("total", "合计", "2178.9"), ("F", "批发和零售业", "649.9"), ("C", "制造业", "327.0"),
      ("L", "租赁和商务服务业", "255.1")]),
    ("census2018_bulletins_partial.csv", "china", "http://ylzx.net/7/158090.html",
     "第四次全国经济普查 主要数据 (NBS press release, 2019-11-20), employment paragraph (新京报 report)",
     "census_legal_persons", "10k persons", 2018,
     "total and the three largest sections named in the text; " + REPRINT,
     [("total", "合计", "38323.6"), ("C", "制造业", "10471.3"), ("E", "建筑业", "5809.1"),
      ("F", "批发和零售业", "4008.5")]),
    ("census2018_bulletins_partial.csv", "china", "https://a.lx.city/forum.php?mod=viewthread&tid=627",
     "第四次全国经济普查公报（第三号）——第二产业基本情况 (NBS, 2019-11-20), text", "census_enterprise_units",
     "10k units", 2018, "industrial enterprise legal units, year end; " + REPRINT,
     [("total", "合计", "345.1"), ("B", "采矿业", "7.0"), ("C", "制造业", "327.0"),
      ("D", "电力、热力、燃气及水生产和供应业", "11.0")]),
    ("census2018_bulletins_partial.csv", "china", "https://a.lx.city/forum.php?mod=viewthread&tid=627",
     "第四次全国经济普查公报（第三号）——第二产业基本情况 (NBS, 2019-11-20), text", "census_enterprise_persons",
     "10k persons", 2018, "persons employed in industrial enterprise legal units (B/C/D published as shares "
     "only, so only the total); " + REPRINT, [("total", "合计", "11521.5")]),
    ("census2018_bulletins_partial.csv", "zhejiang", "http://www.bkxgmt.tw/gdjj/8203.html",
     "第四次全国经济普查公报（第七号） (NBS, 2019-11-20), text", "census_legal_persons", "10k persons", 2018,
     "provincial total only; " + REPRINT, [("total", "合计", "2951.8")]),
]
HAND_CHECKS = {  # file -> [(measure, year, aggregate, level)]
    "china_census2023_sections.csv": [("census_legal_units", 2023, "total", "section"),
                                      ("census_legal_persons", 2023, "total", "section")],
    "china_census2023_industry_sections.csv": [("census_enterprise_units", 2023, "total", "section"),
                                               ("census_enterprise_persons", 2023, "total", "section")],
    "hubei_census2023_bulletin4_t4-1.csv": [("census_enterprise_units", 2023, "F", "division"),
                                            ("census_enterprise_persons", 2023, "F", "division")],
    "census2018_bulletins_partial.csv": [],
}


def hand_tables() -> list[tuple[Table, list[dict]]]:
    tables: dict[str, Table] = {}
    for file, region, source, table, measure, unit, year, note, cells in HAND_ROWS:
        tab = tables.get(file)
        if tab is None:
            tab = tables[file] = Table(file, region, source)
        tab.region, tab.source = region, source  # the 2018 file mixes regions and reprint pages
        for industry, zh, value in cells:
            tab.add(industry, zh, year, measure, unit, value, table, note)
    out = []
    for file, tab in tables.items():
        out.append((tab, [check(tab, y, m, agg, lvl) for m, y, agg, lvl in HAND_CHECKS[file]]))
    return out


# ------------------------------------------------------------------------------------------- output
def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r[c] for c in columns})


def missing_markdown() -> str:
    lines = ["| file | region | year | measure | industry | printed label | cell |",
             "|---|---|---|---|---|---|---|"]
    for m in MISSING:
        lines.append(f"| {m['file']} | {m['region']} | {m['year']} | {m['measure']} | {m['industry']} | "
                     f"{m['industry_zh']} | `{m['cell']}` |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=Path, default=None, help="directory of the JSON transcriptions")
    ap.add_argument("--print-missing", action="store_true", help="print the suppressed/missing cells as markdown")
    args = ap.parse_args(argv)
    src = args.source if args.source is not None else REPO / DEFAULT_SOURCE
    if not src.is_dir():
        raise SystemExit(f"source directory not found: {src}")
    out = REPO / OUT
    out.mkdir(parents=True, exist_ok=True)

    built = [hubei(src, 2023), hubei(src, 2024), zj_75(src, 2023), zj_75(src, 2024)]
    built += zj_census(src)
    overlap = zj_overlap_check(src)
    built.append(zj_sections(src, 2025, "2-23", [2021, 2022, 2023, 2024]))
    t225, c225 = zj_sections(src, 2024, "2-25", [2020])
    for r in t225.rows:
        r["note"] += "; the table's 2021-2023 columns repeat 2-23 and are not written here (" + overlap + ")"
    built.append((t225, c225))
    built.append(zj_222(src))
    built += hand_tables()

    checks: list[dict] = []
    for tab, table_checks in built:
        finish(tab, checks, table_checks)
        rows = sorted(tab.rows, key=lambda r: (r["region"], r["measure"], r["year"],
                                               r["industry"] != "total", len(r["industry"]), r["industry"]))
        write_csv(out / tab.file, COLUMNS, rows)
        print(f"{tab.file}: {len(rows)} rows, {len(tab.missing)} suppressed/missing cells")
    write_csv(out / "division_checks.csv", CHECK_COLUMNS, checks)
    print(f"division_checks.csv: {len(checks)} checks")
    for c in checks:
        print(f"  {c['file']:58s} {c['year']} {c['measure']:32s} {c['aggregate']:5s} "
              f"residual {c['residual']:>8s} (rel {c['residual_rel']}) tol {c['tolerance']:>6s} {c['status']}")
    if CLEANED:
        print("cells with whitespace inside numbers (cleaned):")
        for c in CLEANED:
            print(f"  {c['file']} {c['industry']} {c['year']} {c['measure']}: {c['printed']!r} -> {c['cleaned']}")
    if args.print_missing:
        print(missing_markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
