"""Consistency checks for the curated city indicators in data/raw/statistics/city_indicators.csv.

(Province × industry tables: tests/test_statistics_curated.py.)

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
CITY = DATA / "city_indicators.csv"

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
def city():
    return read(CITY)


def test_city_schema(city):
    header, rows = city
    assert header == CITY_COLUMNS
    assert rows
    for row in rows:
        assert CITIES[row["region"]] == (row["region_zh"], row["adcode"]), row
        assert 2019 <= int(row["year"]) <= 2023, row


@pytest.mark.parametrize("path", [CITY])
def test_source_and_verified(path):
    _, rows = read(path)
    for row in rows:
        assert re.match(r"https?://\S+$", row["source"]), row
        assert row["verified"] in {"true", "false"}, row


@pytest.mark.parametrize("path,key", [(CITY, ("region", "indicator", "year"))])
def test_no_duplicate_keys(path, key):
    _, rows = read(path)
    keys = [tuple(r[k] for k in key) for r in rows]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("path,measure", [(CITY, "indicator")])
def test_values_non_negative_and_single_unit(path, measure):
    _, rows = read(path)
    units = defaultdict(set)
    for row in rows:
        assert Decimal(row["value"]) >= 0, row
        units[row[measure]].add(row["unit"])
    assert all(len(u) == 1 for u in units.values()), dict(units)


@pytest.mark.parametrize("path,measure", [(CITY, "indicator")])
def test_shares_in_range(path, measure):
    """Fractions (measure named *_share) lie in [0, 1]; percentages in [0, 100]."""
    _, rows = read(path)
    for row in rows:
        value = Decimal(row["value"])
        if row[measure].endswith("_share"):
            assert 0 <= value <= 1, row
        if row["unit"] == "%":
            assert 0 <= value <= 100, row


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
