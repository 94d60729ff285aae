"""The embedded national input-output tables (data/raw/io_tables/) and their loader.

The expected values are computed here with plain pandas from the curated long files (or read
from the source tables in ``../shared/data/nbs_io/``, relative to the repo root, with the
public reader), independently of :mod:`ftzlink.io_tables.national`.
"""

import importlib.util
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ftzlink.errors import FtzlinkError
from ftzlink.io_tables import load_national_table, national_tables, read_io_table

ROOT = Path(__file__).resolve().parents[1]
CURATED = ROOT / "data" / "raw" / "io_tables"
from conftest import SHARED_IO as SHARED

YEARS = [2017, 2018, 2020]
EMBEDDED_MSG = "embedded: 2017, 2018, 2020 (42 sectors)"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"source tables not found at {SHARED}")


def curated_long(year):
    return pd.read_csv(CURATED / f"nbs_{year}_42.csv", dtype={"origin": str, "row": str, "column": str},
                       keep_default_na=False)


def blocks(year):
    """Z (all origins) and x cut from the curated long file with plain pandas."""
    long = curated_long(year)
    sectors = [f"{k:02d}" for k in range(1, 43)]
    prod = long[long["origin"].isin(["domestic", "imports"]) & long["column"].isin(sectors)]
    Z = prod.pivot_table(index="row", columns="column", values="value", aggfunc="sum").loc[sectors, sectors]
    dom = long[(long["origin"] == "domestic") & (long["column"] == "GO")].set_index("row")["value"]
    return Z, dom.loc[sectors]


@pytest.fixture(scope="module", params=YEARS)
def loaded(request):
    return request.param, load_national_table(request.param)


# (a) the three tables load, balance, have 42 sectors and carry year and citation ------------------

def test_tables_load_and_balance(loaded):
    year, t = loaded
    assert t.year == year
    assert list(t.sectors) == [f"{k:02d}" for k in range(1, 43)]
    assert t.check_balance(rtol=1e-9)["relative"].max() < 1e-12
    assert t.Z_imports is not None and t.final_demand_imports is not None
    assert (t.Z_domestic.to_numpy() >= 0).all()
    assert t.source.startswith(f"中国投入产出表（{year}）") and "国家统计局国民经济核算司" in t.source
    assert f"nbs_{year}_42.csv" in t.source
    assert t.names.loc["20", "name_zh"] == "通信设备、计算机和其他电子设备"


def test_national_tables_lists_the_files():
    tables = national_tables()
    assert list(tables["year"]) == YEARS and set(tables["sectors"]) == {42}
    assert tables["verified"].dtype == bool
    for row in tables.itertuples():
        assert (CURATED / row.file).is_file()
        assert row.title.startswith(f"中国投入产出表（{row.year}）")
        assert row.publisher.startswith("国家统计局国民经济核算司")
        assert "split" in row.note and row.source


# (b) A and L of the 2020 table equal pymrio's -------------------------------------------------------

def test_A_L_equal_pymrio():
    pymrio = pytest.importorskip("pymrio")
    Z, x = blocks(2020)
    t = load_national_table(2020)
    A = pymrio.calc_A(Z, x)
    L = pymrio.calc_L(A)
    assert list(A.index) == list(t.sectors) and list(A.columns) == list(t.sectors)
    np.testing.assert_allclose(t.A.to_numpy(), A.to_numpy(dtype=float), rtol=1e-12, atol=0)
    np.testing.assert_allclose(t.L.to_numpy(), L.to_numpy(dtype=float), rtol=1e-12, atol=0)


# (c) the curated 2020 table equals the source table read with read_io_table --------------------------

@needs_shared
@pytest.mark.parametrize("year", YEARS)
def test_curated_equals_source(year):
    ours = load_national_table(year)
    theirs = read_io_table(SHARED / f"china_{year}_42.csv")
    assert ours.year == theirs.year == year
    for name in ("Z", "final_demand", "value_added", "Z_imports", "final_demand_imports", "names"):
        pd.testing.assert_frame_equal(getattr(ours, name), getattr(theirs, name), check_exact=True)
    for name in ("x", "imports"):
        pd.testing.assert_series_equal(getattr(ours, name), getattr(theirs, name), check_exact=True)


@needs_shared
@pytest.mark.parametrize("year", YEARS)
def test_curation_script_reproduces_the_files(year):
    """The script's reader, run on the source table, gives exactly the committed long file."""
    spec = importlib.util.spec_from_file_location("curate_io_tables", ROOT / "tools" / "curate_io_tables.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    fresh = script.read_source(SHARED / f"china_{year}_42.csv")
    pd.testing.assert_frame_equal(fresh, curated_long(year), check_exact=True)


# (d) aggregates: recomputed values, published values, verification flags -----------------------------

def recompute(long, aggregate):
    """An aggregate of one table in 亿元, from the long layout (definitions of aggregates.csv)."""
    def col(origins, column):
        return long.loc[long["origin"].isin(origins) & (long["column"] == column), "value"].sum()

    def cell(row, column):
        return long.loc[(long["origin"] == "total") & (long["row"] == row) & (long["column"] == column),
                        "value"].item()

    value = {
        "total_output": lambda: col(["domestic"], "GO"),
        "total_intermediate_input": lambda: cell("TII", "TIU"),
        "total_value_added": lambda: cell("TVA", "TIU"),
        "total_final_use": lambda: col(["domestic", "imports"], "TFU"),
        "total_imports": lambda: col(["imports"], "GO"),
    }[aggregate]()
    return value / 1e4


def test_aggregates_match_file_and_publications():
    aggs = pd.read_csv(CURATED / "aggregates.csv", dtype={"value_published": str, "source": str, "note": str},
                       keep_default_na=False)
    assert set(aggs["matches"].astype(str).str.lower()) <= {"true", "false"}
    counts = aggs.groupby("year").size()
    assert list(counts.index) == YEARS and (counts >= 3).all()
    matched = {}
    for row in aggs.itertuples():
        assert math.isclose(recompute(curated_long(row.year), row.aggregate), row.value_in_file, rel_tol=1e-12)
        ok = str(row.matches).lower() == "true"
        if row.value_published:
            published = float(row.value_published)
            within = abs(row.value_in_file - published) <= row.rtol * abs(published)
            assert ok == within
            assert row.source and not re.search(r"ionet|github", row.source, re.IGNORECASE)
        else:
            assert not ok and row.note  # not found: no match claimed, and the note says so
        matched[row.year] = matched.get(row.year, 0) + ok
    # cross-check the identities the aggregates rest on
    for year in YEARS:
        long = curated_long(year)
        assert math.isclose(recompute(long, "total_output"),
                            recompute(long, "total_intermediate_input") + recompute(long, "total_value_added"),
                            rel_tol=1e-12)
    tables = national_tables().set_index("year")
    for year in YEARS:
        assert tables.loc[year, "verified"] == (matched.get(year, 0) >= 3)


def test_curated_files_are_portable_and_small():
    for path in CURATED.iterdir():
        assert path.stat().st_size < 2_000_000, path
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<![\w.])/(?:work|home|Users|tmp)/|[A-Za-z]:\\\\", text), path


# (e) bad arguments --------------------------------------------------------------------------------

@pytest.mark.parametrize("year, sectors, expected", [
    (2019, 42, "no embedded 42-sector table for 2019"),
    (2020, 149, "no embedded 149-sector table for 2020"),
    (1987, 33, "no embedded 33-sector table for 1987"),
])
def test_unknown_table_lists_embedded(year, sectors, expected):
    with pytest.raises(FtzlinkError) as err:
        load_national_table(year, sectors)
    assert str(err.value) == f"{expected}; {EMBEDDED_MSG}"


@pytest.mark.parametrize("kwargs, name", [
    ({"year": "2020"}, "year"),
    ({"year": True}, "year"),
    ({"year": 2020.0}, "year"),
    ({"year": None}, "year"),
    ({"sectors": "42"}, "sectors"),
    ({"sectors": False}, "sectors"),
    ({"sectors": 42.0}, "sectors"),
])
def test_wrong_types_name_the_argument(kwargs, name):
    with pytest.raises(FtzlinkError, match=rf"^load_national_table: {name} must be an integer") as err:
        load_national_table(**kwargs)
    assert str(err.value).endswith(EMBEDDED_MSG)


def test_numpy_integer_year_is_accepted():
    assert load_national_table(np.int64(2017), np.int32(42)).year == 2017
