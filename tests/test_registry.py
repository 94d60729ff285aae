"""Registry loaders and positioning_matrix on a small synthetic data directory.

The synthetic files are written by the tests (FTZLINK_DATA_DIR points at them), so the
expected matrices can be worked out by hand.
"""

import numpy as np
import pandas as pd
import pytest

from ftzlink import FtzlinkError
from ftzlink.study.registry import load_positioning, load_zones, positioning_matrix

ZONES = """zone_id,name_zh,name_en,province_zh,province_en,kind,host_city_zh,host_city_en,adcode,area_km2,plan_doc_zh,plan_doc_no,approved_date,opened_date,lon,lat,point_method,source,verified
za,甲片区,A Area,湖北省,Hubei,pilot_area,武汉市,Wuhan,420100,70,p,n,,,114.3,30.6,m,doc1,true
zb,乙片区,B Area,湖南省,Hunan,pilot_area,长沙市,Changsha,430100,,p,n,,,113.0,28.2,m,doc2,false
zc,丙联动区,C Zone,浙江省,Zhejiang,linkage_zone,杭州市,Hangzhou,330100,,,,,,120.1,30.2,m,doc3,true
"""
INDUSTRIES = """industry_id,name_zh,name_en,group,source,verified
it,信息技术,IT,digital,s,true
bio,生物医药,Biomedicine,manufacturing,s,true
log,现代物流,Logistics,logistics,s,true
"""
POSITIONING = """zone_id,industry_id,term_zh,role,source_doc,source,verified
za,it,信息技术,focus,plan,s,true
za,bio,生物医药,focus,plan,s,true
za,it,电子信息,cluster,seed,s,true
zb,bio,生物医药,focus,plan,s,true
zb,log,物流,focus,plan,s,true
zc,log,物流,focus,seed,s,true
"""
# it → divisions 39 and 64; bio → 27; log → 54
GBT = "industry_id,division,note\nit,39,x\nit,64,x\nbio,27,x\nlog,54,x\n"
IO42 = "industry_id,io42_code,note\nit,19,x\nit,31,x\nbio,12,x\nlog,30,x\n"
DIVISIONS = "division,name_zh,name_en,source,verified\n27,医药,Pharma,s,true\n39,电子,Electronics,s,true\n" \
    "54,道路运输,Road transport,s,true\n64,互联网,Internet,s,true\n66,货币金融,Banking,s,true\n"
SECTORS = "io42_code,name_zh,name_en,source,verified\n12,化学,Chemicals,s,true\n19,电气,Electrical,s,true\n" \
    "30,运输,Transport,s,true\n31,信息,ICT,s,true\n"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    files = {"zones.csv": ZONES, "industries.csv": INDUSTRIES, "positioning.csv": POSITIONING,
             "concordance_gbt4754.csv": GBT, "concordance_io42.csv": IO42,
             "gbt4754_2017_divisions.csv": DIVISIONS, "io42_sectors.csv": SECTORS}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("FTZLINK_DATA_DIR", str(tmp_path))
    return tmp_path


def test_load_zones_types_and_filters(data_dir):
    zones = load_zones()
    assert list(zones.index) == ["za", "zb", "zc"]
    assert zones.loc["za", "adcode"] == "420100" and zones.loc["za", "area_km2"] == 70.0
    assert np.isnan(zones.loc["zb", "area_km2"])  # missing stays missing
    assert bool(zones.loc["zb", "verified"]) is False
    assert list(load_zones(kinds=["pilot_area"]).index) == ["za", "zb"]
    assert list(load_zones(provinces=["hunan", "浙江省"]).index) == ["zb", "zc"]


def test_binary_matrix_at_industry_level(data_dir):
    mat = positioning_matrix()
    expected = pd.DataFrame([[1, 1, 0], [0, 1, 1], [0, 0, 1]], index=["za", "zb", "zc"],
                            columns=["it", "bio", "log"], dtype=float)
    pd.testing.assert_frame_equal(mat, expected, check_names=False)


def test_count_weight_counts_source_documents(data_dir):
    # za lists 'it' in two documents (plan and seed), so its count is 2.
    assert positioning_matrix(weight="count").loc["za", "it"] == 2.0


def test_gbt_levels_by_hand(data_dir):
    binary = positioning_matrix(level="gbt_division")
    # every division of the code list is a column, 66 (no industry maps to it) included
    assert list(binary.columns) == ["27", "39", "54", "64", "66"]
    assert binary.loc["za"].tolist() == [1.0, 1.0, 0.0, 1.0, 0.0]
    split = positioning_matrix(level="gbt_division", weight="split")
    # za: it (½ to 39, ½ to 64) + bio (1 to 27) → row sums to 2 distinct industries
    assert split.loc["za"].tolist() == [1.0, 0.5, 0.0, 0.5, 0.0]
    count = positioning_matrix(level="io42", weight="count")
    # za: it listed twice → 2 in sectors 19 and 31; bio once → 1 in sector 12
    assert count.loc["za"].to_dict() == {"12": 1.0, "19": 2.0, "30": 0.0, "31": 2.0}


def test_source_doc_filter(data_dir):
    mat = positioning_matrix(source_docs=["seed"])
    assert list(mat.index) == ["za", "zc"]
    assert mat.loc["za"].tolist() == [1.0, 0.0, 0.0]


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("positioning.csv", POSITIONING + "zz,it,x,focus,plan,s,true\n", "line 8: unknown zone_id 'zz'"),
        ("positioning.csv", POSITIONING + "za,ai,x,focus,plan,s,true\n", "line 8: unknown industry_id 'ai'"),
        ("positioning.csv", POSITIONING + "za,it,x,focus,plan,s,true\n", "duplicate zone_id/industry_id/role/source_doc"),
        ("positioning.csv", POSITIONING + "za,log,x,focus,plan,,true\n", "line 8: empty source"),
        ("positioning.csv", POSITIONING + "za,log,x,focus,plan,s,yes\n", "line 8: verified must be true or false"),
        ("zones.csv", ZONES.replace("420100", "4201"), "line 2: adcode must be 6 digits"),
        ("zones.csv", ZONES.replace(",70,", ",seventy,"), "line 2: area_km2 is not a number"),
        ("zones.csv", ZONES.replace("linkage_zone", "zone"), "line 4: unknown kind 'zone'"),
    ],
)
def test_bad_curated_rows_are_named(data_dir, name, text, message):
    (data_dir / name).write_text(text, encoding="utf-8")
    with pytest.raises(FtzlinkError) as err:
        positioning_matrix() if name == "positioning.csv" else load_zones()
    assert message in str(err.value) and name in str(err.value)


def test_unmapped_industry_raises(data_dir):
    (data_dir / "concordance_io42.csv").write_text("industry_id,io42_code,note\nit,19,x\nbio,12,x\n")
    with pytest.raises(FtzlinkError, match=r"industry id\(s\) log have no io42 code"):
        positioning_matrix(level="io42")


def test_concordance_code_must_exist(data_dir):
    (data_dir / "concordance_gbt4754.csv").write_text(GBT + "log,99,x\n")
    with pytest.raises(FtzlinkError, match="line 6: unknown division '99'"):
        positioning_matrix(level="gbt_division")


def test_bad_arguments(data_dir):
    with pytest.raises(FtzlinkError, match="level must be one of"):
        positioning_matrix(level="nace")
    with pytest.raises(FtzlinkError, match="weight must be one of"):
        positioning_matrix(weight="tfidf")
    with pytest.raises(FtzlinkError, match="unknown source_doc\\(s\\) nope"):
        load_positioning(source_docs=["nope"])
    with pytest.raises(FtzlinkError, match="unknown province\\(s\\) Hebei"):
        load_zones(provinces=["Hebei"])


def test_section_level_maps_divisions_to_sections(data_dir):
    divisions = "section,section_zh,section_en,division,name_zh,name_en,source,verified\n" \
        "C,制造业,Manufacturing,27,医药,Pharma,s,true\nC,制造业,Manufacturing,39,电子,Electronics,s,true\n" \
        "G,交通,Transport,54,道路运输,Road,s,true\nI,信息,ICT,64,互联网,Internet,s,true\n"
    (data_dir / "gbt4754_2017_divisions.csv").write_text(divisions, encoding="utf-8")
    binary = positioning_matrix(level="gbt_section")
    # za: it → 39 (C) and 64 (I); bio → 27 (C) → sections C and I
    assert binary.loc["za"].to_dict() == {"C": 1.0, "G": 0.0, "I": 1.0}
    split = positioning_matrix(level="gbt_section", weight="split")
    # it touches two sections (½ each), bio one (1): C = ½ + 1, I = ½
    assert split.loc["za"].to_dict() == {"C": 1.5, "G": 0.0, "I": 0.5}
