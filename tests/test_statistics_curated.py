"""Curated provincial industry statistics in data/raw/statistics/province_industry/ (Hubei, Zhejiang,
national census rows), as written by tools/curate_province_stats.py.

Pure pandas: the CSV files are read directly. Files of the Hunan/national curation (hunan_*,
national_*) are checked by their own tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "data" / "raw" / "statistics" / "province_industry"
SOURCES_MD = ROOT / "data" / "raw" / "statistics" / "SOURCES.md"
COLUMNS = ["region", "region_zh", "industry", "industry_zh", "year", "measure", "unit", "value",
           "source", "table", "verified", "note"]
KEY = ["region", "industry", "year", "measure"]
SECTION_RANGES = {"B": (6, 12), "C": (13, 43), "D": (44, 46), "F": (51, 52)}
CAN_BE_NEGATIVE = {"total_profit"}
ABSOLUTE_PATH = re.compile(r"(?:^|[\s\"'(=])/[A-Za-z][\w.-]*/")  # a machine path, not a URL

FILES = sorted(p for p in FOLDER.glob("*.csv")
               if p.name != "division_checks.csv" and not p.name.startswith(("hunan_", "national_")))


def read(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    df["year"] = df["year"].astype(int)
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    return df


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return {p.name: read(p) for p in FILES}


@pytest.fixture(scope="module")
def checks() -> pd.DataFrame:
    df = pd.read_csv(FOLDER / "division_checks.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    df["year"] = df["year"].astype(int)
    for c in ("total_published", "sum_divisions", "residual", "residual_rel", "tolerance"):
        df[c] = df[c].astype(float)
    for c in ("n_divisions", "n_suppressed"):
        df[c] = df[c].astype(int)
    return df


def test_expected_files_present():
    names = {p.name for p in FILES}
    for expected in ("hubei_2023_above_size_industry_t13-2.csv", "hubei_2024_above_size_industry_t13-2.csv",
                     "zhejiang_2023_above_size_industry_t7-5.csv", "zhejiang_2024_above_size_industry_t7-5.csv",
                     "zhejiang_census2023_t3-2.csv", "zhejiang_census2023_t3-3.csv",
                     "zhejiang_2021_2024_employment_sections_t2-23.csv", "china_census2023_sections.csv"):
        assert expected in names
    assert not (ROOT / "data" / "raw" / "statistics" / "province_industry.csv").exists()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_layout(path: Path):
    assert path.stat().st_size < 2_000_000
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    assert list(raw.columns) == COLUMNS
    assert len(raw) > 0
    assert (raw["source"].str.match(r"https?://\S+$")).all(), "every row needs an http(s) source"
    assert not raw["source"].str.contains("github", case=False).any()
    assert (raw["table"].str.strip() != "").all()
    assert set(raw["verified"]) <= {"true", "false"}
    assert set(raw["region"]) <= {"hubei", "zhejiang", "china"}
    zh = {"hubei": "湖北省", "zhejiang": "浙江省", "china": "全国"}
    assert (raw["region"].map(zh) == raw["region_zh"]).all()
    assert raw["industry"].str.fullmatch(r"\d\d|[A-S]|total").all()
    assert raw["year"].str.fullmatch(r"20\d\d").all()
    assert not raw.duplicated(subset=KEY).any()
    # one unit per measure within a file; no stray whitespace in printed values
    assert (raw.groupby("measure")["unit"].nunique() == 1).all()
    assert raw["value"].str.fullmatch(r"-?\d+(\.\d+)?").all()
    assert not ABSOLUTE_PATH.search(path.read_text(encoding="utf-8"))


def test_values_numeric_and_signs(data):
    for name, df in data.items():
        assert df["value"].notna().all(), name
        negative = df[df["value"] < 0]
        assert set(negative["measure"]) <= CAN_BE_NEGATIVE, (name, negative[KEY].to_dict("records"))


def test_keys_unique_across_files(data):
    allrows = pd.concat(data.values(), ignore_index=True)
    assert not allrows.duplicated(subset=KEY).any()


def test_data_year_not_edition(data):
    hb = data["hubei_2023_above_size_industry_t13-2.csv"]
    assert set(hb["year"]) == {2023} and hb["table"].str.startswith("湖北统计年鉴2024").all()
    zj = data["zhejiang_2024_above_size_industry_t7-5.csv"]
    assert set(zj["year"]) == {2024} and zj["table"].str.startswith("浙江统计年鉴2025").all()


def test_hubei_has_41_divisions_plus_total(data):
    for year in (2023, 2024):
        df = data[f"hubei_{year}_above_size_industry_t13-2.csv"]
        assert set(df["measure"]) == {"enterprise_units", "revenue", "total_profit", "total_assets",
                                      "avg_employed_persons"}
        for _, g in df.groupby("measure"):
            assert len(g) == 42
            assert sorted(g["industry"]) == sorted([f"{c:02d}" for c in range(6, 47)] + ["total"])


def test_employment_concepts_kept_apart(data):
    hb = set(data["hubei_2023_above_size_industry_t13-2.csv"]["measure"])
    zj = set(data["zhejiang_2023_above_size_industry_t7-5.csv"]["measure"])
    assert "avg_employed_persons" in hb and "avg_labour_used" not in hb
    assert "avg_labour_used" in zj and "avg_employed_persons" not in zj


def test_published_cells_spot_values(data):
    def cell(file, industry, year, measure):
        df = data[file]
        hit = df[(df["industry"] == industry) & (df["year"] == year) & (df["measure"] == measure)]
        assert len(hit) == 1, (file, industry, year, measure)
        return float(hit["value"].iloc[0])

    assert cell("hubei_2023_above_size_industry_t13-2.csv", "total", 2023, "enterprise_units") == 19219
    assert cell("hubei_2023_above_size_industry_t13-2.csv", "39", 2023, "total_profit") == -129.47
    assert cell("hubei_2024_above_size_industry_t13-2.csv", "39", 2024, "revenue") == 4678.56
    assert cell("zhejiang_2024_above_size_industry_t7-5.csv", "total", 2024, "avg_labour_used") == 786.41
    assert cell("zhejiang_census2023_t3-2.csv", "39", 2023, "census_enterprise_units") == 13797
    # printed "1119. 3" (space inside the number) is stored as 1119.3
    assert cell("zhejiang_census2023_t3-3.csv", "14", 2023, "census_enterprise_assets") == 1119.3
    assert cell("china_census2023_sections.csv", "total", 2023, "census_legal_persons") == 42898.4


def suppressed_cells_from_sources() -> list[dict]:
    text = SOURCES_MD.read_text(encoding="utf-8")
    start = text.index("Suppressed and missing cells")
    rows = []
    for line in text[start:].splitlines()[1:]:
        if line.startswith("#"):
            break
        parts = [p.strip() for p in line.strip().strip("|").split("|")]
        if len(parts) == 7 and parts[0].endswith(".csv"):
            rows.append(dict(file=parts[0], region=parts[1], year=int(parts[2]), measure=parts[3],
                             industry=parts[4], cell=parts[6].strip("`")))
    return rows


def test_suppressed_cells_absent(data):
    listed = suppressed_cells_from_sources()
    assert len(listed) >= 2
    for m in listed:
        df = data[m["file"]]
        hit = df[(df["region"] == m["region"]) & (df["industry"] == m["industry"])
                 & (df["year"] == m["year"]) & (df["measure"] == m["measure"])]
        assert hit.empty, m
    # two concrete ones: Zhejiang tobacco enterprise count "NA" (2024), census coal revenue "**"
    as_keys = {(m["file"], m["industry"], m["year"], m["measure"], m["cell"]) for m in listed}
    assert ("zhejiang_2024_above_size_industry_t7-5.csv", "16", 2024, "enterprise_units", "NA") in as_keys
    assert ("zhejiang_census2023_t3-3.csv", "06", 2023, "census_enterprise_revenue", "**") in as_keys
    zj = data["zhejiang_2024_above_size_industry_t7-5.csv"]
    assert zj[(zj["industry"] == "16") & (zj["measure"] == "enterprise_units")].empty
    assert not zj[(zj["industry"] == "16") & (zj["measure"] == "revenue")].empty  # the rest of the row is there
    cen = data["zhejiang_census2023_t3-3.csv"]
    assert cen[(cen["industry"] == "06")].empty
    # and suppressed cells are never stored as zero
    assert not ((cen["industry"] == "16") & (cen["value"] == 0)).any()


def components(df: pd.DataFrame, aggregate: str, level: str) -> pd.DataFrame:
    if level == "division":
        sel = df["industry"].str.fullmatch(r"\d\d")
        if aggregate != "total":
            lo, hi = SECTION_RANGES[aggregate]
            sel &= df["industry"].where(sel, "0").astype(int).between(lo, hi)
        return df[sel]
    assert level == "section" and aggregate == "total"
    return df[df["industry"].str.fullmatch(r"[A-Z]")]


def test_division_checks_recomputed(data, checks):
    assert set(checks["status"]) <= {"ok_rounding", "explained_by_suppressed"}
    assert set(checks["file"]) <= set(data)
    for _, c in checks.iterrows():
        df = data[c["file"]]
        df = df[(df["region"] == c["region"]) & (df["year"] == c["year"]) & (df["measure"] == c["measure"])]
        total = df.loc[df["industry"] == c["aggregate"], "value"]
        assert len(total) == 1
        comp = components(df, c["aggregate"], c["level"])
        s = comp["value"].sum()
        assert len(comp) == c["n_divisions"]
        assert s == pytest.approx(c["sum_divisions"], abs=1e-6)
        assert total.iloc[0] == pytest.approx(c["total_published"], abs=1e-9)
        residual = total.iloc[0] - s
        assert residual == pytest.approx(c["residual"], abs=1e-6)
        assert c["residual_rel"] == pytest.approx(residual / total.iloc[0], abs=1e-6)
        assert c["table"] in set(df["table"])
        if c["status"] == "ok_rounding":
            assert abs(residual) <= c["tolerance"] + 1e-9, c.to_dict()
        else:  # a gap beyond rounding is allowed only where component cells are suppressed
            assert c["n_suppressed"] > 0, c.to_dict()
            assert c["measure"] in CAN_BE_NEGATIVE or residual > 0, c.to_dict()


def test_every_aggregate_is_checked(data, checks):
    """Every (file, year, measure) with a published total has a check, except the partial 2018 file."""
    done = set(zip(checks["file"], checks["year"], checks["measure"]))
    for name, df in data.items():
        if name == "census2018_bulletins_partial.csv":
            continue
        for (year, measure), g in df.groupby(["year", "measure"]):
            if (g["industry"] == "total").any() or name.startswith("hubei_census2023"):
                assert (name, year, measure) in done, (name, year, measure)


def test_verified_only_with_clean_structure(data, checks):
    for name, df in data.items():
        for (year, measure), g in df.groupby(["year", "measure"]):
            if (g["verified"] == "true").any():
                mine = checks[(checks["file"] == name) & (checks["year"] == year) & (checks["measure"] == measure)]
                assert len(mine) and (mine["status"] == "ok_rounding").all(), (name, year, measure)
    # the national section table is the one whose total was matched to an independent official figure
    assert (data["china_census2023_sections.csv"]["verified"] == "true").all()


def test_location_quotient_by_hand(data):
    """Hubei's 2023 location quotient for C39 (computers, communication and other electronic
    equipment) revenue against the Hubei+Zhejiang pool, from four published cells:

        Hubei    C39 revenue 3867.5,  total 46973.75   (湖北统计年鉴2024 表13-2 续表10)
        Zhejiang C39 revenue 9562.68, total 111421.80  (浙江统计年鉴2024 表7-5)

        Hubei share   = 3867.5 / 46973.75                           = 0.0823332
        pooled share  = (3867.5 + 9562.68) / (46973.75 + 111421.80)
                      = 13430.18 / 158395.55                        = 0.0847889
        LQ            = 0.0823332 / 0.0847889                       = 0.97104
    """
    hand = (3867.5 / 46973.75) / ((3867.5 + 9562.68) / (46973.75 + 111421.80))
    assert hand == pytest.approx(0.97104, abs=5e-6)

    def rev(file, industry):
        df = data[file]
        return float(df.loc[(df["industry"] == industry) & (df["measure"] == "revenue"), "value"].iloc[0])

    hb, zj = "hubei_2023_above_size_industry_t13-2.csv", "zhejiang_2023_above_size_industry_t7-5.csv"
    hb39, hbt, zj39, zjt = rev(hb, "39"), rev(hb, "total"), rev(zj, "39"), rev(zj, "total")
    lq = (hb39 / hbt) / ((hb39 + zj39) / (hbt + zjt))
    assert lq == pytest.approx(hand, rel=1e-12)


def test_sources_md_documents_measures(data):
    text = SOURCES_MD.read_text(encoding="utf-8")
    assert "## Hunan and national tables" in text
    measures = set(pd.concat(data.values())["measure"])
    for m in measures:
        assert f"`{m}`" in text, m
    assert not ABSOLUTE_PATH.search(text)


def test_province_structure_label_in_chinese_uses_the_vocabulary_of_sources():
    """The zh label names the measure, unit and provinces in Chinese; the measure names are those
    of the measure vocabulary in SOURCES.md (without its remarks in parentheses)."""
    from ftzlink.study.structure import EMPLOYMENT_MEASURES, MEASURE_NAMES_ZH, province_structure

    rows = re.findall(r"^\| `(\w+)` \| ([^|]+?) \|", (ROOT / "data/raw/statistics/SOURCES.md").read_text(encoding="utf-8"),
                      flags=re.M)
    vocabulary = {m: zh.replace(" (", "（").replace(")", "）") for m, zh in rows}
    assert all(vocabulary[m].startswith(zh) for m, zh in MEASURE_NAMES_ZH.items()), MEASURE_NAMES_ZH
    # host-city indicators: "地区生产总值, preliminary …", "第一/二/三产业增加值", "出口 / 进口总额 (RMB)"
    from ftzlink.study.statistics import INDICATOR_NAMES_ZH

    table = (ROOT / "data/raw/statistics/SOURCES.md").read_text(encoding="utf-8").split(
        "| indicator | meaning | unit |")[1].split("\n\n")[0]
    indicators = dict(re.findall(r"^\| `(\w+)`(?:, `\w+`)* \| ([^|]+?) \|", table, flags=re.M))
    assert INDICATOR_NAMES_ZH["gdp"] == indicators["gdp"].split(",")[0]
    assert [INDICATOR_NAMES_ZH[f"va_{s}"] for s in ("primary", "secondary", "tertiary")] == [
        "第" + n + "产业增加值" for n in indicators["va_primary"].removeprefix("第").removesuffix("产业增加值").split("/")]
    assert (INDICATOR_NAMES_ZH["exports"], INDICATOR_NAMES_ZH["imports"]) == tuple(
        w.strip() + "总额" for w in indicators["exports"].split("总额")[0].split("/"))
    for key in ("population_resident", "trade_total", "fdi_actual"):
        assert indicators[key].startswith(INDICATOR_NAMES_ZH[key]), key
    revenue = province_structure(["hubei", "hunan", "zhejiang"], "revenue", 2024)
    assert revenue.label("zh") == ("营业收入，2024 年（亿元）；参照：已有数据省份合计（湖北省+浙江省；未收录全国分行业表）；"
                                   f"{revenue.matrix.shape[1]} 个工业行业大类")
    employment = province_structure(["hubei", "zhejiang"], EMPLOYMENT_MEASURES, 2023)
    assert employment.label("zh").startswith("全部从业人员年平均人数/平均用工人数，2023 年（万人）")
    assert not re.search(r"[A-Za-z]", employment.label("zh"))


def test_structure_description_and_similarity_basis_follow_the_language():
    from ftzlink.study.structure import province_structure, structural_similarity

    s = province_structure(["hubei", "zhejiang"], "revenue", 2024)
    dropped = s.dropped_divisions
    assert dropped, "the 2024 comparison drops suppressed divisions"
    assert s.describe("zh").splitlines() == [s.label("zh"), "未纳入比较的行业大类（有省份保密或缺数）：" + "、".join(dropped)]
    assert s.describe("en").splitlines()[1] == "Divisions left out (suppressed or missing in a province): " + ", ".join(dropped)
    similarity = structural_similarity([s], lang="zh")
    assert similarity["basis"].tolist() == [s.label("zh")] and similarity["basis"][0].startswith("营业收入，2024 年（亿元）")
    assert similarity["measure"].tolist() == ["营业收入"]
    assert structural_similarity([s])["measure"].tolist() == ["revenue"]


def test_provinces_and_zones_left_out_say_why_in_the_language():
    """Hunan has no revenue table by division for 2024 and 5 of the 41 divisions for 2023 (the
    transcribed census yearbook pages, SOURCES.md); its zones go with it."""
    from ftzlink.study.registry import load_zones, positioning_matrix
    from ftzlink.study.structure import plan_fidelity, province_structure

    none = province_structure(["hubei", "hunan", "zhejiang"], "revenue", 2024)
    assert none.excluded.to_numpy().tolist() == [["hunan", "revenue", 0]]
    assert none.left_out("zh").to_numpy().tolist() == [["hunan", "未收录 2024 年营业收入的分行业大类表"]]
    assert none.left_out("en").to_numpy().tolist() == [["hunan", "no by-division table of revenue for 2024 curated"]]
    partial = province_structure(["hubei", "hunan", "zhejiang"], "revenue", 2023)
    assert partial.left_out("zh").to_numpy().tolist() == [["hunan", "2023 年营业收入表不完整：仅有 41 个工业行业大类中的 5 个"]]
    assert partial.left_out("en").to_numpy().tolist() == [["hunan", "partial table: 5 of 41 divisions of revenue 2023"]]
    zones = load_zones()
    fidelity = plan_fidelity(positioning_matrix(level="gbt_division"), zones, none)
    hunan = sorted(zones.index[(zones["province_en"] == "Hunan") & (zones["kind"] == "pilot_area")])
    left = fidelity.left_out("zh")
    assert sorted(left["zone_id"]) == hunan and set(left["reason"]) == {"湖南省：未收录 2024 年营业收入的分行业大类表"}
    assert set(fidelity.left_out("en")["reason"]) == {"Hunan: no by-division table of revenue for 2024 curated"}
    # a zone whose province was not among the compared regions at all
    only_hubei = province_structure(["hubei", "zhejiang"], "revenue", 2024)
    reasons = plan_fidelity(positioning_matrix(level="gbt_division"), zones, only_hubei).left_out("en")
    assert set(reasons["reason"]) == {"Hunan: province not among the compared regions"}


def test_listings_of_a_whole_section_are_not_targets_of_plan_fidelity():
    """Worked from the curated files with pandas: the industries whose concordance covers every
    division of section B, C or D, and the zones that list them; such a listing adds no target,
    while the zone's other listings still count (Ningbo linkage zone: intelligent manufacturing)."""
    from ftzlink.resources import data_file
    from ftzlink.study.registry import load_zones, positioning_matrix
    from ftzlink.study.structure import plan_fidelity, province_structure, section_wide_industries

    concordance = pd.read_csv(data_file("concordance_gbt4754.csv"), dtype=str)
    divisions = pd.read_csv(data_file("gbt4754_2017_divisions.csv"), dtype=str)
    by_item = concordance.groupby("industry_id")["division"].apply(set)
    whole = sorted(i for i, divs in by_item.items()
                   if any(set(divisions.loc[divisions["section"] == s, "division"]) <= divs for s in "BCD"))
    assert section_wide_industries() == whole == ["manufacturing"]
    positioning = pd.read_csv(data_file("positioning.csv"), dtype=str)
    listing = positioning[positioning["industry_id"] == "manufacturing"]["zone_id"].unique()
    assert sorted(listing) == ["zj_jinyi", "zjl_ningbo", "zjl_taizhou"]
    specific = positioning_matrix(level="gbt_division", exclude_industries=whole)
    own = positioning[(positioning["zone_id"] == "zjl_ningbo") & (positioning["industry_id"] != "manufacturing")]
    expected = set(concordance[concordance["industry_id"].isin(own["industry_id"])]["division"])
    assert set(specific.columns[specific.loc["zjl_ningbo"] > 0]) == expected
    structure = province_structure(["hubei", "zhejiang"], "revenue", 2024)
    industrial = {f"{d:02d}" for d in range(6, 47)} & set(structure.matrix.columns)
    # Taizhou's other listing, the port industry, is transport (55, 58, 59): no industrial target left
    assert specific.loc["zjl_taizhou", sorted(industrial)].sum() == 0
    fidelity = plan_fidelity(specific, load_zones(), structure, section_wide=positioning_matrix()[whole])
    assert fidelity.section_wide.to_numpy().tolist() == [[z, "manufacturing"] for z in sorted(listing)]
    table = fidelity.table
    assert table.loc[sorted(listing), "n_section_wide"].tolist() == [1, 1, 1]
    assert table["n_section_wide"].sum() == 3
    assert table.loc["zjl_taizhou", "n_targeted"] == 0
    assert table.loc["zjl_ningbo", "n_targeted"] == len(expected & industrial)
    assert table.loc["zj_jinyi", "n_targeted"] == 0                  # its other listing is logistics

