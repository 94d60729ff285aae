"""Tables and findings as a reader sees them: names, numbers, sentences with the run's values."""

import pandas as pd
import pytest
from openpyxl import load_workbook

from ftzlink.errors import FtzlinkError
from ftzlink.report.display import (
    SHEET_GROUP_VARIABLE,
    Labeller,
    append_sheet,
    number_format,
    stage_sheet,
    tidy_numbers,
    write_workbook,
)
from ftzlink.report.findings import complementarity_reading, network_reading, overlap_reading, structure_reading

ZONES = pd.DataFrame({"name_en": ["Wuhan Area", "Ningbo Area"], "name_zh": ["武汉片区", "宁波片区"],
                      "province_en": ["Hubei", "Zhejiang"], "province_zh": ["湖北省", "浙江省"]},
                     index=pd.Index(["hb_wuhan", "zj_ningbo"], name="zone_id"))
CODES = [pd.DataFrame({"name_en": ["Automobiles"], "name_zh": ["汽车制造业"]}, index=["36"])]


@pytest.mark.parametrize("value, text", [(0.678212, "0.678"), (12.345, "12.3"), (1234.5, "1234"),
                                         (0.000123, "0.000123"), (4, "4"), (0.0, "0"), (1e-7, "1.00e-07")])
def test_three_significant_digits(value, text):
    assert number_format(value) == text


def test_whole_number_floats_become_integers():
    out = tidy_numbers(pd.DataFrame({"shared": [4.0, 2.0], "share": [0.5, 1.0]}))
    assert str(out["shared"].dtype) == "Int64" and out["share"].tolist() == [0.5, 1.0]


def test_ids_become_names_in_cells_index_and_headers():
    pairs = pd.DataFrame({"zone_id_a": ["hb_wuhan"], "zone_id_b": ["zj_ningbo"], "q_value": [0.02]})
    zh = Labeller(ZONES, CODES, "zh").names(pairs)
    assert zh.columns.tolist() == ["片区甲", "片区乙", "q 值（BH）"]
    assert zh.iloc[0, :2].tolist() == ["武汉片区", "宁波片区"]
    lq = pd.DataFrame({"36": [1.5]}, index=pd.Index(["hubei"], name="region"))
    assert Labeller(ZONES, CODES, "en").names(lq).columns.tolist() == ["Automobiles"]
    assert Labeller(ZONES, CODES, "en").names(lq).index.tolist() == ["Hubei"]


def test_overlap_reading_states_the_run_values():
    pairs = pd.DataFrame({"zone_id_a": ["hb_wuhan", "hb_wuhan"], "zone_id_b": ["zj_ningbo", "hb_wuhan"],
                          "jaccard": [0.25, 0.0], "shared_industries": [2, 0], "q_value": [0.01, 1.0]})
    blocks = pd.DataFrame([[0.3, 0.1], [0.1, 0.2]], index=["Hubei", "Zhejiang"], columns=["Hubei", "Zhejiang"])
    text = overlap_reading(pairs, blocks, "jaccard", Labeller(ZONES, CODES, "en"), "en")
    # within = mean(0.3, 0.2) = 0.25; between = 0.1; one pair with q < 0.05
    assert "Wuhan Area – Ningbo Area (0.250, 2 shared industries, q = 0.0100)" in text
    assert "1 of 2 pairs" in text and "0.250 within provinces and 0.100 between" in text
    assert "省内平均重合度 0.250" in overlap_reading(pairs, blocks, "jaccard", Labeller(ZONES, CODES, "zh"), "zh")


def test_complementarity_reading_names_the_plans_the_strongest_links_and_block_means():
    pairs = pd.DataFrame({"supplier": ["hb_wuhan", "zj_ningbo", "hb_wuhan"], "buyer": ["zj_ningbo", "hb_wuhan", "hb_wuhan"],
                          "complementarity": [0.6, 0.2, 0.4]})
    blocks = pd.DataFrame([[0.4, 0.6], [0.2, 0.3]], index=["Hubei", "Zhejiang"], columns=["Hubei", "Zhejiang"])
    text = complementarity_reading(pairs, blocks, "input-output complementarity, NBS 2020 table",
                                   Labeller(ZONES, CODES, "en"), "en")
    # within = mean(0.4, 0.3) = 0.35; between = mean(0.6, 0.2) = 0.4; links by value, strongest first
    assert text.startswith("Complementarity of the zones' plans (the industries they list) rests on "
                           "input-output complementarity, NBS 2020 table.")
    assert "Wuhan Area → Ningbo Area (0.600); Wuhan Area → Wuhan Area (0.400); Ningbo Area → Wuhan Area (0.200)" in text
    assert text.endswith("Mean complementarity is 0.350 within provinces and 0.400 between them.")
    zh = complementarity_reading(pairs, blocks, "投入产出互补性", Labeller(ZONES, CODES, "zh"), "zh")
    assert zh.startswith("片区规划定位（所列产业）之间的互补性，依据：投入产出互补性。") and zh.endswith("省内平均互补性 0.350，省际 0.400。")


def test_structure_reading_pools_targets_over_zones():
    fidelity = pd.DataFrame({"n_targeted": [4, 6, 0], "n_strong_targeted": [3, 3, 0],
                             "expected_share": [0.5, 0.4, 0.5], "q_value": [0.04, 0.5, 1.0]},
                            index=["hb_wuhan", "zj_ningbo", "x"])
    text = structure_reading(fidelity, "revenue 2024", Labeller(ZONES, CODES, "en"), "en")
    # hit = 6 / 10 = 60 %; expected = (0.5·4 + 0.4·6) / 10 = 44 %
    assert "Across the 2 zones" in text and "60.0% of targeted" in text and "44.0% expected" in text
    assert "Wuhan Area concentrates its targets on provincial strengths" in text
    fidelity["q_value"] = [0.01, 0.02, 1.0]
    both = structure_reading(fidelity, "revenue 2024", Labeller(ZONES, CODES, "en"), "en")
    assert "Wuhan Area, Ningbo Area concentrate their targets" in both
    fidelity["q_value"] = 1.0
    none = structure_reading(fidelity, "revenue 2024", Labeller(ZONES, CODES, "en"), "en")
    assert "no zone concentrates its targets" in none and "whole GB/T section" not in none
    # zone "x" listed manufacturing as such: said, and it is still not among the zones with targets
    fidelity["n_section_wide"] = [0, 0, 1]
    broad = structure_reading(fidelity, "revenue 2024", Labeller(ZONES, CODES, "en"), "en")
    assert "Across the 2 zones" in broad
    assert broad.endswith("Listings of a whole GB/T section (e.g. manufacturing as such) by 1 zone are not counted "
                          "as targets.")
    assert structure_reading(fidelity, "r", Labeller(ZONES, CODES, "zh"), "zh").endswith(
        "1 个片区笼统列出整个门类（如“制造业”）的定位未计入。")
    # zones left out, grouped by their reason, in the table's order
    left = pd.DataFrame({"zone_id": ["hb_wuhan", "zj_ningbo"], "reason": ["Hubei: no table", "Zhejiang: no table"]})
    assert structure_reading(fidelity, "r", Labeller(ZONES, CODES, "en"), "en", left).endswith(
        "Left out: Wuhan Area (Hubei: no table); Ningbo Area (Zhejiang: no table).")
    left["reason"] = "没有表"
    assert structure_reading(fidelity, "r", Labeller(ZONES, CODES, "zh"), "zh", left).endswith(
        "未纳入：武汉片区、宁波片区（没有表）。")
    assert structure_reading(fidelity, "r", Labeller(ZONES, CODES, "en"), "en", left.iloc[:0]).endswith(
        "not counted as targets.")


def test_workbook_sheets_are_replaced_and_the_run_sheet_goes_first(tmp_path):
    book = tmp_path / "tables.xlsx"
    append_sheet(book, pd.DataFrame({"a": [1]}), "first_table", "caption 1")
    append_sheet(book, pd.DataFrame({"a": [2]}), "first_table", "caption 2")
    append_sheet(book, pd.DataFrame({"p": ["x"]}), "run", "the run", first=True)
    wb = load_workbook(book)
    assert wb.sheetnames == ["run", "first_table"]
    assert [c.value for c in wb["first_table"]["A"]] == ["caption 2", "a", 2]


def test_staged_sheets_reach_the_workbook_only_when_it_is_written(tmp_path):
    book = tmp_path / "tables.xlsx"
    stage_sheet(book, pd.DataFrame({"a": [1.5, float("nan")]}, index=pd.Index(["x", "y"], name="k")), "b_table", "B")
    stage_sheet(book, pd.DataFrame({"n": [pd.NA, 3]}, dtype="Int64"), "a_table", "A")
    assert not book.exists()
    stage_sheet(book, pd.DataFrame({"p": ["v"]}), "run", "the run", first=True)
    write_workbook(book)
    wb = load_workbook(book)
    assert wb.sheetnames == ["run", "b_table", "a_table"]          # first, then in staging order
    assert [[c.value for c in row] for row in wb["b_table"].iter_rows()] == [["B", None], ["k", "a"], ["x", 1.5],
                                                                              ["y", None]]
    assert [c.value for c in wb["a_table"]["A"]] == ["A", "n", None, 3]


def test_sheet_groups_order_the_workbook_whatever_the_staging_order(tmp_path, monkeypatch):
    """Notebook 2's kernel stages before notebook 1's: the workbook still follows the groups; a
    stem staged by two notebooks keeps the later notebook's sheet, as a sequential run would."""
    book = tmp_path / "tables.xlsx"
    monkeypatch.setenv(SHEET_GROUP_VARIABLE, "02")
    stage_sheet(book, pd.DataFrame({"a": [2]}), "second", "from notebook 2")
    stage_sheet(book, pd.DataFrame({"a": [22]}), "shared", "shared, notebook 2")
    monkeypatch.setenv(SHEET_GROUP_VARIABLE, "01")
    stage_sheet(book, pd.DataFrame({"a": [1]}), "first", "from notebook 1")
    stage_sheet(book, pd.DataFrame({"a": [11]}), "shared", "shared, notebook 1")
    write_workbook(book)
    wb = load_workbook(book)
    assert wb.sheetnames == ["first", "second", "shared"]
    assert [c.value for c in wb["shared"]["A"]] == ["shared, notebook 2", "a", 22]
    assert sorted(p.name for p in (tmp_path / ".sheets").iterdir()) == [
        "010001_first.json", "010002_shared.json", "020001_second.json", "020002_shared.json"]
    monkeypatch.setenv(SHEET_GROUP_VARIABLE, "01")      # staged after notebook 1's shadowed "shared"
    assert stage_sheet(book, pd.DataFrame({"a": [3]}), "late", "late").name == "010003_late.json"
    monkeypatch.setenv(SHEET_GROUP_VARIABLE, "2")
    with pytest.raises(FtzlinkError, match="FTZLINK_SHEET_GROUP='2': expected two digits"):
        stage_sheet(book, pd.DataFrame({"a": [1]}), "x", "x")


def test_registry_columns_and_zone_kinds_are_named_in_the_report_language():
    table = ZONES.loc[["hb_wuhan"], ["province_en"]].assign(kind="pilot_area")
    zh = Labeller(ZONES, CODES, "zh").names(table)
    assert zh.columns.tolist() == ["省份", "类型"] and zh.iloc[0].tolist() == ["湖北省", "自贸试验区片区"]
    en = Labeller(ZONES, CODES, "en").names(table)
    assert en.columns.tolist() == ["Province", "Kind"] and en.iloc[0].tolist() == ["Hubei", "Pilot area"]


def test_network_reading_names_the_predictors():
    mrqap = pd.DataFrame({"estimate": [0.4, -0.014, 0.55], "p_value": [float("nan"), 0.131, 0.001]},
                         index=["const", "distance_100km", "overlap"])
    qap = pd.DataFrame({"estimate": [-0.2], "p_value": [0.04]}, index=["r"])
    en = network_reading(mrqap, qap, "en")
    assert "great-circle distance (100 km) -0.0140 (p = 0.131); positioning overlap 0.550 (p = 0.00100)" in en
    assert "distance_100km" not in en and "const" not in en
    zh = network_reading(mrqap, qap, "zh")
    assert "球面距离（百千米） -0.0140（p = 0.131）" in zh and "定位重合度 0.550" in zh


def test_division_and_io_sector_codes_do_not_collide():
    io = pd.DataFrame({"name_en": ["Comprehensive technical services"], "name_zh": ["综合技术服务"]}, index=["36"])
    lab = Labeller(ZONES, CODES, "en", io_sectors=io)
    assert lab.names(pd.DataFrame({"industry": ["36"]}))["Industry"].tolist() == ["Automobiles"]
    io42 = pd.DataFrame([[1]], index=pd.Index(["hb_wuhan"], name="zone_id"), columns=pd.Index(["36"], name="io42"))
    assert lab.names(io42).columns.tolist() == ["Comprehensive technical services"]


def test_province_supplier_buyer_tables_get_province_names():
    comp = pd.DataFrame([[0.6]], index=pd.Index(["hubei"], name="supplier"), columns=pd.Index(["zhejiang"], name="buyer"))
    named = Labeller(ZONES, CODES, "zh").names(comp)
    assert named.index.tolist() == ["湖北省"] and named.columns.tolist() == ["浙江省"]


def test_basis_label_names_the_relatedness_method_in_the_report_language(tmp_path):
    from ftzlink.report.context import ReportContext

    params = {"language": "zh", "complementarity_basis": "relatedness", "relatedness_source": "co_listing",
              "relatedness_method": "cosine", "io_table": 2020}
    zh = ReportContext(params=params, zones=ZONES, output_dir=tmp_path).basis_label()
    assert "余弦" in zh and "cosine" not in zh
    en = ReportContext(params={**params, "language": "en"}, zones=ZONES, output_dir=tmp_path).basis_label()
    assert "cosine" in en


def test_table_caption_follows_the_report_language(tmp_path):
    from ftzlink.report.context import report_context

    caption = {"en": "Zones and areas", "zh": "片区与面积"}
    table = pd.DataFrame({"area_km2": [70.0]}, index=pd.Index(["hb_wuhan"], name="zone_id"))
    for language in ("zh", "en"):
        ctx = report_context(output_dir=tmp_path / language, language=language)
        styled = ctx.save_table(table, "areas", caption=caption)
        assert styled.caption == caption[language]
        assert (tmp_path / language / "tables" / "areas.tex").read_text(encoding="utf-8").count(caption[language]) == 1
    with pytest.raises(FtzlinkError, match="caption of table 'areas': no text for the report's language 'en'"):
        ctx.save_table(table, "areas", caption={"zh": "片区与面积"})


def test_notes_and_measure_names_follow_the_report_language(tmp_path, capsys):
    """A note printed under a cell (complementarity ignores level / weight) and a measure named in
    a caption are in the report's language: no English sentence or measure id in a Chinese report."""
    from ftzlink.report.context import report_context

    said = {}
    for language in ("zh", "en"):
        ctx = report_context(output_dir=tmp_path / language, language=language, level="gbt_division")
        ctx.complementarity()
        said[language] = capsys.readouterr().out
        assert ctx.measure_name("jaccard") == {"zh": "Jaccard 重合度", "en": "Jaccard overlap"}[language]
        assert ctx.measure_name("cosine") == {"zh": "余弦相似度", "en": "Cosine similarity"}[language]
    assert said["zh"].startswith("说明：互补性不使用参数 level='gbt_division'") and "Note" not in said["zh"]
    assert said["en"].startswith("Note: complementarity does not use level='gbt_division'")


def test_robustness_alternatives_are_named_in_the_report_language_and_computed_as_stated(tmp_path):
    """The baseline is the parameters' similarity on the positioning; each alternative is the same
    computation with one thing changed (method, level, documents), recomputed here directly."""
    from ftzlink.indices import similarity
    from ftzlink.report.context import report_context
    from ftzlink.study.registry import plan_source_docs, positioning_matrix

    zh = report_context(output_dir=tmp_path / "zh", language="zh", robustness_methods=["jaccard", "cosine"])
    baseline, alternatives = zh.robustness_alternatives(zh.positioning())
    assert list(alternatives) == ["方法：余弦相似度", "对照层级：国民经济行业大类", "对照层级：投入产出部门（42）",
                                  "仅国务院总体方案"]
    zones = list(baseline.index)
    pd.testing.assert_frame_equal(baseline, similarity(positioning_matrix().loc[zones], "jaccard"))
    pd.testing.assert_frame_equal(alternatives["方法：余弦相似度"], similarity(positioning_matrix().loc[zones], "cosine"))
    by_division = positioning_matrix(level="gbt_division").loc[zones]
    pd.testing.assert_frame_equal(alternatives["对照层级：国民经济行业大类"], similarity(by_division, "jaccard"))
    plans = positioning_matrix(source_docs=plan_source_docs())
    assert list(alternatives["仅国务院总体方案"].index) == [z for z in zones if z in plans.index]
    en = report_context(output_dir=tmp_path / "en", language="en", level="io42")
    assert list(en.robustness_alternatives(en.positioning())[1]) == [
        "method: Cosine similarity", "method: Finger–Kreinin similarity", "level: policy industries",
        "level: GB/T divisions", "State Council plans only"]


def test_coded_values_and_booleans_are_shown_in_the_report_language():
    table = pd.DataFrame({"method": ["pearson"], "alternative": ["two-sided"], "exact": [False], "verified": [True]},
                         index=pd.Index(["distance_100km"], name="term"))
    zh = Labeller(ZONES, CODES, "zh").names(table)
    assert zh.to_dict("records") == [{"方法": "Pearson", "备择假设": "双侧", "精确检验": "否", "已核实": "是"}]
    assert zh.index.tolist() == ["球面距离（百千米）"] and zh.index.name == "变量"
    en = Labeller(ZONES, CODES, "en").names(table)
    assert en.to_dict("records") == [{"Method": "Pearson", "Alternative": "two-sided", "Exact": "no", "Verified": "yes"}]
    assert en.index.tolist() == ["great-circle distance (100 km)"]


def test_plan_fidelity_note_names_the_zones_listing_a_whole_section(tmp_path, capsys):
    from ftzlink.report.context import report_context

    for language, note in (("en", "Note: Jinyi Area, Ningbo Linkage Innovation Zone, Taizhou Linkage Innovation Zone "
                                  "list “Manufacturing (general)”, a whole GB/T section that names no division: "
                                  "not counted as targets."),
                           ("zh", "说明：金义片区、宁波联动创新区、台州联动创新区的定位笼统列出“制造业”（整个国标门类），"
                                  "未指明行业大类，不计为定位。")):
        ctx = report_context(output_dir=tmp_path / language, language=language)
        fidelity = ctx.plan_fidelity(ctx.province_structure())
        assert capsys.readouterr().out.strip() == note
        assert fidelity.table.loc["zjl_taizhou", "n_targeted"] == 0
    quiet = report_context(output_dir=tmp_path / "some", zones=["hb_wuhan", "hb_yichang", "zj_ningbo"])
    quiet.plan_fidelity(quiet.province_structure())
    assert capsys.readouterr().out == ""                          # none of them lists manufacturing as such
