"""Curated industry vocabulary and concordances in data/raw/.

Files: industries.csv, gbt4754_2017_divisions.csv, io42_sectors.csv, concordance_gbt4754.csv,
concordance_gbt4754_io42.csv and concordance_io42.csv, each with ``source`` and ``verified``. They are read directly (paths relative to
this test file), every column as text, so zero-padded codes stay strings.
"""

from pathlib import Path

import pandas as pd
import pytest

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
from conftest import SHARED_IO as NBS_IO

COLUMNS = {
    "industries.csv": ["industry_id", "name_zh", "name_en", "group", "source", "verified"],
    "gbt4754_2017_divisions.csv": ["section", "section_zh", "section_en", "division", "name_zh", "name_en",
                                   "source", "verified"],
    "io42_sectors.csv": ["io42_code", "name_zh", "name_en", "source", "verified"],
    "concordance_gbt4754.csv": ["industry_id", "division", "note", "source", "verified"],
    "concordance_gbt4754_io42.csv": ["division", "io42_code", "note", "source", "verified"],
    "concordance_io42.csv": ["industry_id", "io42_code", "note", "source", "verified"],
}
KEYS = {
    "industries.csv": ["industry_id"],
    "gbt4754_2017_divisions.csv": ["division"],
    "io42_sectors.csv": ["io42_code"],
    "concordance_gbt4754.csv": ["industry_id", "division"],
    "concordance_gbt4754_io42.csv": ["division"],
    "concordance_io42.csv": ["industry_id", "io42_code"],
}
CURATED = list(COLUMNS)  # every file carries source and verified

# Division ranges of each GB/T 4754-2017 section, as the standard's section notes state them
# ("本门类包括01～05大类" …): 5+7+31+3+4+2+8+2+3+4+1+2+3+4+3+1+2+5+6+1 = 97 divisions.
SECTION_RANGES = {"A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52),
                  "G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72),
                  "M": (73, 75), "N": (76, 79), "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90),
                  "S": (91, 96), "T": (97, 97)}


def read(name):
    return pd.read_csv(RAW / name, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def tables():
    return {name: read(name) for name in COLUMNS}


@pytest.mark.parametrize("name", list(COLUMNS))
def test_exact_columns(tables, name):
    assert list(tables[name].columns) == COLUMNS[name]


@pytest.mark.parametrize("name", list(COLUMNS))
def test_no_duplicate_rows_or_keys(tables, name):
    df = tables[name]
    assert not df.duplicated().any()
    assert not df.duplicated(subset=KEYS[name]).any(), df[df.duplicated(subset=KEYS[name], keep=False)]


@pytest.mark.parametrize("name", list(COLUMNS))
def test_no_empty_cells(tables, name):
    df = tables[name]
    empty = df.apply(lambda col: col.str.strip() == "")
    assert not empty.any().any(), df[empty.any(axis=1)]


@pytest.mark.parametrize("name", CURATED)
def test_source_and_boolean_verified(tables, name):
    df = tables[name]
    assert (df["source"].str.strip() != "").all()
    assert df["verified"].isin(["true", "false"]).all(), sorted(set(df["verified"]))


def test_97_divisions_zero_padded(tables):
    div = tables["gbt4754_2017_divisions.csv"]
    assert list(div["division"]) == [f"{i:02d}" for i in range(1, 98)]


def test_division_sections_follow_the_standard(tables):
    div = tables["gbt4754_2017_divisions.csv"].set_index("division")
    assert set(div["section"]) == set("ABCDEFGHIJKLMNOPQRST")
    # Checked by hand against the standard: electronics 39 is manufacturing, internet 64 is
    # information services, monetary finance 66 is finance, 01 agriculture, 44 electricity,
    # 84 health, 97 international organizations.
    hand = {"01": "A", "39": "C", "44": "D", "64": "I", "66": "J", "84": "Q", "97": "T"}
    assert {d: div.loc[d, "section"] for d in hand} == hand
    expected = {f"{i:02d}": s for s, (lo, hi) in SECTION_RANGES.items() for i in range(lo, hi + 1)}
    assert div["section"].to_dict() == expected


def test_section_names_constant_within_section(tables):
    div = tables["gbt4754_2017_divisions.csv"]
    assert (div.groupby("section")[["section_zh", "section_en"]].nunique() == 1).all().all()
    sec = div.drop_duplicates("section").set_index("section")["section_zh"]
    assert sec["C"] == "制造业" and sec["J"] == "金融业" and sec["T"] == "国际组织"


def test_42_io_codes(tables):
    io = tables["io42_sectors.csv"]
    assert list(io["io42_code"]) == [f"{i:02d}" for i in range(1, 43)]
    names = io.set_index("io42_code")["name_zh"]
    assert names["20"] == "通信设备、计算机和其他电子设备"
    assert names["39"] == "教育"


def test_every_industry_maps_to_a_division_and_an_io_sector(tables):
    ids = set(tables["industries.csv"]["industry_id"])
    for name in ("concordance_gbt4754.csv", "concordance_io42.csv"):
        mapped = set(tables[name]["industry_id"])
        assert mapped == ids, (name, sorted(ids - mapped), sorted(mapped - ids))


def test_mapped_codes_exist(tables):
    divisions = set(tables["gbt4754_2017_divisions.csv"]["division"])
    io_codes = set(tables["io42_sectors.csv"]["io42_code"])
    assert set(tables["concordance_gbt4754.csv"]["division"]) <= divisions
    assert set(tables["concordance_io42.csv"]["io42_code"]) <= io_codes
    div_io = tables["concordance_gbt4754_io42.csv"]
    assert list(div_io["division"]) == sorted(divisions)
    assert set(div_io["io42_code"]) == io_codes  # every IO sector receives at least one division


def test_division_to_io_examples(tables):
    # Hand-checked against the IO sector names: electronics → 20, wholesale and retail → 28,
    # transport 53–60 → 29, software/internet 63–65 → 31, finance 66–69 → 32, R&D 73 → 35,
    # education 83 → 39, health 84 → 40.
    div_io = tables["concordance_gbt4754_io42.csv"].set_index("division")["io42_code"]
    hand = {"39": "20", "51": "28", "52": "28", "53": "29", "60": "29", "63": "31", "65": "31",
            "66": "32", "69": "32", "73": "35", "83": "39", "84": "40"}
    assert {d: div_io[d] for d in hand} == hand


def test_io_concordance_is_the_composition(tables):
    ind_div = tables["concordance_gbt4754.csv"][["industry_id", "division"]]
    div_io = tables["concordance_gbt4754_io42.csv"][["division", "io42_code"]]
    composed = ind_div.merge(div_io, on="division")[["industry_id", "io42_code"]].drop_duplicates()
    stored = tables["concordance_io42.csv"][["industry_id", "io42_code"]]
    key = ["industry_id", "io42_code"]
    assert composed.sort_values(key).to_numpy().tolist() == stored.sort_values(key).to_numpy().tolist()


def test_concordance_verified_flags(tables):
    # Industry → division: only the definitional rows (制造业 is GB/T section C) are verified;
    # every other policy-term mapping is a judgement. Division → IO-42: rows whose note says
    # "judgement" (12, 69, 81, 97) are not verified, the name-matched rows are.
    ind_div = tables["concordance_gbt4754.csv"]
    assert set(ind_div.loc[ind_div["verified"] == "true", "industry_id"]) == {"manufacturing"}
    assert (ind_div.loc[ind_div["industry_id"] == "manufacturing", "verified"] == "true").all()
    div_io = tables["concordance_gbt4754_io42.csv"]
    unverified = div_io.loc[div_io["verified"] == "false", "division"].tolist()
    assert unverified == ["12", "69", "81", "97"]
    assert (div_io.loc[div_io["verified"] == "false", "note"].str.contains("judgement")).all()


def test_io_concordance_verified_only_when_every_link_is(tables):
    # A composed (industry, IO sector) row is verified exactly when every (industry, division)
    # and (division, IO sector) link behind it is verified.
    ind_div = tables["concordance_gbt4754.csv"][["industry_id", "division", "verified"]]
    div_io = tables["concordance_gbt4754_io42.csv"][["division", "io42_code", "verified"]]
    links = ind_div.merge(div_io, on="division", suffixes=("_a", "_b"))
    links["ok"] = (links["verified_a"] == "true") & (links["verified_b"] == "true")
    expected = links.groupby(["industry_id", "io42_code"])["ok"].all()
    stored = tables["concordance_io42.csv"].set_index(["industry_id", "io42_code"])["verified"] == "true"
    pd.testing.assert_series_equal(stored.sort_index(), expected.sort_index(), check_names=False)
    # by hand: manufacturing → 13-43 (all verified) → IO 06-23, so all its IO rows are verified
    assert stored.loc["manufacturing"].all() and len(stored.loc["manufacturing"]) == 18


def test_composition_small_case(tables):
    # nev → GB/T 36 (automobiles) and 38 (batteries) → IO 18 transport equipment and 19 electrical.
    ind_div = tables["concordance_gbt4754.csv"]
    io = tables["concordance_io42.csv"]
    assert sorted(ind_div.loc[ind_div["industry_id"] == "nev", "division"]) == ["36", "38"]
    assert sorted(io.loc[io["industry_id"] == "nev", "io42_code"]) == ["18", "19"]
    # aviation_manufacturing → GB/T 37 (aircraft 374) → IO 18, whose 149-sector block 077-081
    # holds 081 other transport equipment; airport_economy → 56, 58, 59 → IO 29 only.
    assert ind_div.loc[ind_div["industry_id"] == "aviation_manufacturing", "division"].tolist() == ["37"]
    assert io.loc[io["industry_id"] == "aviation_manufacturing", "io42_code"].tolist() == ["18"]
    assert sorted(ind_div.loc[ind_div["industry_id"] == "airport_economy", "division"]) == ["56", "58", "59"]
    assert io.loc[io["industry_id"] == "airport_economy", "io42_code"].tolist() == ["29"]


def nbs_sector_names(name):
    df = pd.read_csv(NBS_IO / name, dtype=str, keep_default_na=False, encoding="utf-8",
                     usecols=["Code", "Description", "DescriptionInChinese"])
    df = df[df["Code"].str.fullmatch(r"\d{2}")].drop_duplicates()
    return df.rename(columns={"Code": "io42_code", "DescriptionInChinese": "name_zh", "Description": "name_en"})


@pytest.mark.skipif(not NBS_IO.is_dir(), reason="shared NBS input-output tables not available")
@pytest.mark.parametrize("name", ["china_2017_42.csv", "china_2018_42.csv", "china_2020_42.csv"])
def test_io_names_match_nbs_tables(tables, name):
    nbs = nbs_sector_names(name).set_index("io42_code")[["name_zh", "name_en"]]
    ours = tables["io42_sectors.csv"].set_index("io42_code")[["name_zh", "name_en"]]
    pd.testing.assert_frame_equal(ours, nbs)
