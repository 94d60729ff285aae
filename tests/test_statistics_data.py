"""Consistency checks for the curated official statistics in data/raw/statistics/.

Rounding tolerance: every value is published rounded to ``d`` decimals, so each
figure carries an error of at most 0.5 * 10**-d.  A sum of ``n`` components
compared with a separately rounded total can therefore differ by at most
(n + 1) * 0.5 * 10**-d, where ``d`` is the largest number of decimals in the group.
"""
import csv
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "raw" / "statistics"
PROVINCE = DATA / "province_industry.csv"
CITY = DATA / "city_indicators.csv"

PROVINCE_COLUMNS = ["region", "region_zh", "industry", "industry_zh", "year",
                    "measure", "unit", "value", "source", "verified"]
CITY_COLUMNS = ["region", "region_zh", "adcode", "indicator", "year", "unit",
                "value", "source", "verified"]
PROVINCES = {"hubei": "湖北", "hunan": "湖南", "zhejiang": "浙江", "china": "全国"}
CITIES = {
    "wuhan": ("武汉", "420100"), "xiangyang": ("襄阳", "420600"),
    "yichang": ("宜昌", "420500"), "changsha": ("长沙", "430100"),
    "yueyang": ("岳阳", "430600"), "chenzhou": ("郴州", "431000"),
    "zhoushan": ("舟山", "330900"), "ningbo": ("宁波", "330200"),
    "hangzhou": ("杭州", "330100"), "jinhua": ("金华", "330700"),
    "wenzhou": ("温州", "330300"), "jiaxing": ("嘉兴", "330400"),
    "taizhou": ("台州", "331000"),
}
# Sections published in the census tables of legal entities / employment
# (GB/T 4754-2017 A-S; T, international organisations, is not tabulated) and
# the industrial sections B, C, D of the industrial-enterprise tables.
SECTIONS_ALL = set("ABCDEFGHIJKLMNOPQRS")
SECTIONS_INDUSTRY = set("BCD")
FULL_SECTION_SET = {
    "legal_entities": SECTIONS_ALL, "employment": SECTIONS_ALL,
    "enterprise_legal_entities": SECTIONS_ALL, "enterprise_employment": SECTIONS_ALL,
    "industrial_enterprises": SECTIONS_INDUSTRY, "industrial_employment": SECTIONS_INDUSTRY,
}
# GB/T 4754-2017 divisions (大类) of each section that has divisions in our data.
DIVISIONS = {
    "B": {f"{i:02d}" for i in range(6, 13)},
    "C": {f"{i:02d}" for i in range(13, 44)},
    "D": {"44", "45", "46"},
    "F": {"51", "52"},
}


def read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def decimals(text):
    return len(text.split(".")[1]) if "." in text else 0


def tolerance(values):
    """(n + 1) * 0.5 * 10**-d for n component strings plus one total string."""
    d = max(decimals(v) for v in values)
    return Decimal(len(values)) * Decimal("0.5") * Decimal(10) ** -d


@pytest.fixture(scope="module")
def province():
    return read(PROVINCE)


@pytest.fixture(scope="module")
def city():
    return read(CITY)


def test_province_schema(province):
    header, rows = province
    assert header == PROVINCE_COLUMNS
    assert rows
    for row in rows:
        assert PROVINCES[row["region"]] == row["region_zh"]
        assert re.fullmatch(r"[A-T]|\d{2}|total", row["industry"]), row
        assert row["year"] in {"2018", "2023"}, row
        assert row["industry_zh"], row


def test_city_schema(city):
    header, rows = city
    assert header == CITY_COLUMNS
    assert rows
    for row in rows:
        assert CITIES[row["region"]] == (row["region_zh"], row["adcode"]), row
        assert 2019 <= int(row["year"]) <= 2023, row


@pytest.mark.parametrize("path", [PROVINCE, CITY])
def test_source_and_verified(path):
    _, rows = read(path)
    for row in rows:
        assert re.match(r"https?://\S+$", row["source"]), row
        assert row["verified"] in {"true", "false"}, row


@pytest.mark.parametrize("path,key", [
    (PROVINCE, ("region", "industry", "year", "measure")),
    (CITY, ("region", "indicator", "year")),
])
def test_no_duplicate_keys(path, key):
    _, rows = read(path)
    keys = [tuple(r[k] for k in key) for r in rows]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("path,measure", [(PROVINCE, "measure"), (CITY, "indicator")])
def test_values_non_negative_and_single_unit(path, measure):
    _, rows = read(path)
    units = defaultdict(set)
    for row in rows:
        assert Decimal(row["value"]) >= 0, row
        units[row[measure]].add(row["unit"])
    assert all(len(u) == 1 for u in units.values()), dict(units)


@pytest.mark.parametrize("path,measure", [(PROVINCE, "measure"), (CITY, "indicator")])
def test_shares_in_range(path, measure):
    """Fractions (measure named *_share) lie in [0, 1]; percentages in [0, 100]."""
    _, rows = read(path)
    for row in rows:
        value = Decimal(row["value"])
        if row[measure].endswith("_share"):
            assert 0 <= value <= 1, row
        if row["unit"] == "%":
            assert 0 <= value <= 100, row


def test_sections_sum_to_total(province):
    """Complete section sets match the total within rounding; partial sets stay below it."""
    _, rows = province
    groups = defaultdict(dict)
    for row in rows:
        groups[(row["region"], row["year"], row["measure"])][row["industry"]] = row["value"]
    for key, values in groups.items():
        if "total" not in values:
            continue
        parts = {k: v for k, v in values.items() if re.fullmatch(r"[A-T]", k)}
        if not parts:
            continue
        total = Decimal(values["total"])
        gap = sum(Decimal(v) for v in parts.values()) - total
        tol = tolerance(list(parts.values()) + [values["total"]])
        if set(parts) >= FULL_SECTION_SET[key[2]]:
            assert abs(gap) <= tol, (key, gap, tol)
        else:
            assert gap <= tol, (key, gap, tol)


def test_divisions_sum_to_section(province):
    _, rows = province
    groups = defaultdict(dict)
    for row in rows:
        groups[(row["region"], row["year"], row["measure"])][row["industry"]] = row["value"]
    for key, values in groups.items():
        for section, divisions in DIVISIONS.items():
            present = {k: v for k, v in values.items() if k in divisions}
            if not present or section not in values:
                continue
            gap = sum(Decimal(v) for v in present.values()) - Decimal(values[section])
            tol = tolerance(list(present.values()) + [values[section]])
            if set(present) == divisions:
                assert abs(gap) <= tol, (key, section, gap)
            else:
                assert gap <= tol, (key, section, gap)


def test_value_added_sums_to_gdp(city):
    _, rows = city
    groups = defaultdict(dict)
    for row in rows:
        groups[(row["region"], row["year"])][row["indicator"]] = row["value"]
    parts = ("va_primary", "va_secondary", "va_tertiary")
    checked = 0
    for key, values in groups.items():
        if "gdp" in values and all(p in values for p in parts):
            shares = [values[p] for p in parts]
            gap = sum(Decimal(v) for v in shares) - Decimal(values["gdp"])
            assert abs(gap) <= tolerance(shares + [values["gdp"]]), (key, gap)
            checked += 1
    assert checked >= 1


def test_national_2023_census_by_hand(province):
    """Table 2-2/2-3 of the 5th census bulletin No. 2, added up by hand.

    Legal entities (10k): 27.2+5.2+404.9+13.6+272.2+1019.7+93.9+71.2+169.6+10.8
    +104.2+460.9+211.8+22.3+90.2+81.8+33.7+81.7+152.1 = 3327.0 = published total.
    Employment (10k persons): the 19 sections add up to 42898.2 against a published
    42898.4; the 0.2 gap is within 20 * 0.05 = 1.0.
    """
    _, rows = province
    pick = {(r["measure"], r["industry"]): Decimal(r["value"]) for r in rows
            if r["region"] == "china" and r["year"] == "2023"}
    le = sum(v for (m, k), v in pick.items() if m == "legal_entities" and k != "total")
    em = sum(v for (m, k), v in pick.items() if m == "employment" and k != "total")
    assert le == Decimal("3327.0") == pick[("legal_entities", "total")]
    assert em == Decimal("42898.2")
    assert pick[("employment", "total")] == Decimal("42898.4")
