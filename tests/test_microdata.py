"""Firm microdata → zone structure (issue 18): schema, counts by hand, roll-ups, zones, engines, cluster."""

import geopandas
import numpy as np
import pandas as pd
import pytest
from conftest import lazy_import
from shapely.geometry import box

from ftzlink import FtzlinkError
from ftzlink.microdata import (
    aggregate_firms,
    assign_zones,
    read_firms,
    roll_up,
    synthetic_firms,
    validate_firms,
)
from ftzlink.scale import map_batches
from ftzlink.stats import bootstrap_ci, mantel, mrqap, qap_correlation

dd = lazy_import("dask.dataframe")
pytestmark = [pytest.mark.skipif(dd is None, reason="dask is not installed"),
              pytest.mark.filterwarnings("ignore:The inplace keyword")]     # inside dask's Parquet reader

YEARS = [2017, 2018, 2019, 2020]

# Five firms in two cities (420100 Wuhan, 430100 Changsha), divisions 39 and 65.
HAND = pd.DataFrame({
    "firm_id": ["f1", "f2", "f3", "f4", "f5"],
    "start_date": ["2017-06-01", "2018-12-31", "2019-01-01", "2016-03-01", "2020-07-01"],
    "end_date": [None, "2019-12-31", "2020-01-01", "2018-05-05", None],
    "industry_code": ["3911", "3912", "6510", "3911", "6510"],
    "adcode": ["420106", "420111", "420100", "430102", "430102"],
    "employment": [10, 5, np.nan, 7, 3],
})


def cells(table: pd.DataFrame) -> dict:
    return {(r, i, y): v for r, i, y, v in table[["region", "industry", "year", "value"]].itertuples(index=False)}


# ---------------------------------------------------------------- schema


def test_valid_records_are_typed():
    out = validate_firms(HAND)
    assert str(out["start_date"].dtype) == "datetime64[s]"
    assert out["gbt_edition"].eq(2017).all()
    assert out["end_date"].isna().tolist() == [True, False, False, False, True]


@pytest.mark.parametrize("change, kind, row", [
    ({"end_date": [None, "2017-01-01", "2020-01-01", "2018-05-05", None]}, "end_date before start_date", "row 1 (firm_id 'f2'"),
    ({"industry_code": ["3911", "391", "6510", "3911", "6510"]}, "industry_code not a 2- or 4-digit code", "'f2': '391'"),
    ({"industry_code": ["3911", "3912", "9811", "3911", "6510"]}, "division not in GB/T 4754-2017", "'f3': '9811'"),
    ({"start_date": ["2017-06-01", "yesterday", "2019-01-01", "2016-03-01", "2020-07-01"]}, "start_date missing", "'f2'"),
    ({"adcode": ["420106", "4201", "420100", "430102", "430102"]}, "adcode not a 6-digit", "'f2': adcode '4201'"),
    ({"employment": [10, -5, np.nan, 7, 3]}, "negative or infinite measure", "employment=-5.0"),
    ({"gbt_edition": [2017, 2011, 2017, 2017, 2017]}, "earlier GB/T 4754 edition with no concordance", "edition 2011 code '3912'"),
    ({"gbt_edition": [2017, 2017, 2017, 2017, 1994]}, "gbt_edition not 2002, 2011 or 2017", "'f5'"),
])
def test_invalid_rows_are_named(change, kind, row):
    with pytest.raises(FtzlinkError) as err:
        validate_firms(HAND.assign(**change))
    assert kind in str(err.value) and row in str(err.value), str(err.value)


def test_duplicate_ids_and_table_level_errors_are_named():
    with pytest.raises(FtzlinkError, match=r"duplicate firm_id.*'f1' \(rows 0, 4\)"):
        validate_firms(HAND.assign(firm_id=["f1", "f2", "f3", "f4", "f1"]))
    with pytest.raises(FtzlinkError, match="missing column.*start_date"):
        validate_firms(HAND.drop(columns="start_date"))
    with pytest.raises(FtzlinkError, match="industry_code must be text"):
        validate_firms(HAND.assign(industry_code=[3911, 3912, 6510, 3911, 6510]))
    with pytest.raises(FtzlinkError, match="no location"):
        validate_firms(HAND.assign(adcode=[None, "420111", "420100", "430102", "430102"]))


def test_user_concordance_converts_earlier_editions_and_refuses_splits():
    old = HAND.assign(gbt_edition=[2017, 2011, 2017, 2017, 2017], industry_code=["3911", "9999", "6510", "3911", "6510"])
    made_up = pd.DataFrame({"edition": [2011], "old_code": ["9999"], "new_code": ["6510"]})   # a test fixture only
    out = validate_firms(old, concordance=made_up)
    assert out.loc[1, ["industry_code", "gbt_edition", "source_code", "source_edition"]].tolist() == ["6510", 2017, "9999", 2011]
    with pytest.raises(FtzlinkError, match="map to more than one new code"):
        validate_firms(old, concordance=pd.DataFrame({"old_code": ["9999", "9999"], "new_code": ["6510", "6520"]}))
    with pytest.raises(FtzlinkError, match=r"no concordance= entry.*'f2'"):
        validate_firms(old, concordance=made_up.assign(old_code="8888"))


# ---------------------------------------------------------------- counts worked out by hand


def test_year_end_stocks_entries_exits_by_hand():
    # f2 ends on 31 Dec 2019: active at the end of 2018, not of 2019; f3 ends 1 Jan 2020: active end 2019.
    assert cells(aggregate_firms(HAND, years=YEARS)) == {
        ("420100", "39", 2017): 1, ("420100", "39", 2018): 2, ("420100", "39", 2019): 1, ("420100", "39", 2020): 1,
        ("420100", "65", 2019): 1, ("430100", "39", 2017): 1, ("430100", "65", 2020): 1}
    assert cells(aggregate_firms(HAND, measure="entries", years=YEARS)) == {
        ("420100", "39", 2017): 1, ("420100", "39", 2018): 1, ("420100", "65", 2019): 1, ("430100", "65", 2020): 1}
    assert cells(aggregate_firms(HAND, measure="exits", years=YEARS)) == {
        ("420100", "39", 2019): 1, ("420100", "65", 2020): 1, ("430100", "39", 2018): 1}
    employment = aggregate_firms(HAND, measure="employment", years=YEARS)
    assert cells(employment) == {
        ("420100", "39", 2017): 10, ("420100", "39", 2018): 15, ("420100", "39", 2019): 10,
        ("420100", "39", 2020): 10, ("420100", "65", 2019): 0, ("430100", "39", 2017): 7, ("430100", "65", 2020): 3}
    assert employment["value"].dtype == "float64"
    assert aggregate_firms(HAND, years=YEARS)["value"].dtype == "int64"
    # default years: the span of the data (2016 … 2020)
    assert aggregate_firms(HAND)["year"].min() == 2016


def test_fallback_county_and_levels():
    county = aggregate_firms(HAND, "section", years=[2018], fallback="county")
    assert cells(county) == {("420106", "C", 2018): 1, ("420111", "C", 2018): 1}
    assert set(aggregate_firms(HAND, "io42", years=[2019])["industry"]) == {"20", "31"}
    assert set(aggregate_firms(HAND, "class", years=[2019])["industry"]) == {"3911", "6510"}
    with pytest.raises(FtzlinkError, match="cannot be counted at level='class'.*'f1': '39'"):
        aggregate_firms(HAND.assign(industry_code=["39", "3912", "6510", "3911", "6510"]), "class", years=[2019])
    with pytest.raises(FtzlinkError, match="measure: 'staff'"):
        aggregate_firms(HAND, measure="staff", years=[2019])


def test_roll_ups_through_the_shipped_concordances():
    codes = pd.Series(["0111", "3911", "3912", "6510", "7240", "97"])
    assert roll_up(codes, "division").tolist() == ["01", "39", "39", "65", "72", "97"]
    assert roll_up(codes, "section").tolist() == ["A", "C", "C", "I", "L", "T"]
    assert roll_up(codes, "io42").tolist() == ["01", "20", "20", "31", "34", "42"]
    with pytest.raises(FtzlinkError, match="'97'.*'class'"):
        roll_up(codes, "class")
    with pytest.raises(FtzlinkError, match="'9811'"):
        roll_up(pd.Series(["9811"]), "division")


# ---------------------------------------------------------------- zones


def test_zones_by_code_table_most_specific_first():
    table = pd.DataFrame({"zone": ["wuhan_city", "wuhan_east", "hunan"], "adcode": ["420100", "420111", "430000"]})
    out = assign_zones(HAND, table)
    assert out["region"].tolist() == ["wuhan_city", "wuhan_east", "wuhan_city", "hunan", "hunan"]
    assert out["region_kind"].eq("zone").all()
    partial = assign_zones(HAND, table.iloc[:1], fallback="county")
    assert partial["region"].tolist() == ["wuhan_city", "wuhan_city", "wuhan_city", "430102", "430102"]
    assert partial["region_kind"].tolist() == ["zone"] * 3 + ["county"] * 2
    with pytest.raises(FtzlinkError, match="more than one zone: 420100"):
        assign_zones(HAND, pd.DataFrame({"zone": ["a", "b"], "adcode": ["420100", "420100"]}))


SQUARES = geopandas.GeoDataFrame({"zone": ["west", "east"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs="EPSG:4326")


def test_zones_by_polygons_with_fallback(tmp_path):
    firms = HAND.assign(lon=[0.5, 1.5, 1.0, 3.0, np.nan], lat=[0.5, 0.5, 0.5, 3.0, np.nan])
    out = assign_zones(firms, polygons=SQUARES)
    # f3 lies on the shared border (not within either square) → its city; f5 has no point → its city
    assert out["region"].tolist() == ["west", "east", "420100", "430100", "430100"]
    path = tmp_path / "zones.geojson"
    SQUARES.to_file(path, driver="GeoJSON")
    assert cells(aggregate_firms(firms, zones=path, years=[2018])) == {
        ("west", "39", 2018): 1, ("east", "39", 2018): 1}
    projected = SQUARES.to_crs("EPSG:3857")
    assert assign_zones(firms, polygons=projected)["region"].tolist() == out["region"].tolist()
    overlapping = geopandas.GeoDataFrame({"zone": ["a", "b"]}, geometry=[box(0, 0, 2, 2), box(1, 1, 3, 3)])
    with pytest.raises(FtzlinkError, match="overlap.*a & b"):
        assign_zones(firms, polygons=overlapping)
    with pytest.raises(FtzlinkError, match=r"outside every zone and no adcode.*'f4'"):
        assign_zones(firms.assign(adcode=["420106", "420111", "420100", None, "430102"]), polygons=SQUARES)
    assert assign_zones(firms, polygons=SQUARES, fallback=None)["region"].isna().sum() == 3


# ---------------------------------------------------------------- engines and reading


@pytest.fixture(scope="module")
def firms():
    return synthetic_firms(8_000, range(2005, 2021), seed=7)


@pytest.fixture(scope="module")
def city_squares():
    cities = pd.read_csv(__import__("ftzlink").resources.data_file("zones.csv"), dtype={"adcode": str})
    cities = cities.drop_duplicates("adcode")
    return geopandas.GeoDataFrame({"zone": cities["zone_id"]}, crs="EPSG:4326",
                                  geometry=[box(x - 0.08, y - 0.08, x + 0.08, y + 0.08)
                                            for x, y in zip(cities["lon"], cities["lat"])])


def test_synthetic_firms_are_flagged_reproducible_and_valid(firms):
    assert firms.attrs["synthetic"] and firms["synthetic"].all() and firms["firm_id"].str.startswith("SYN").all()
    pd.testing.assert_frame_equal(synthetic_firms(500, range(2005, 2021), seed=8),
                                  synthetic_firms(500, range(2005, 2021), seed=8))
    assert not synthetic_firms(500, range(2005, 2021), seed=9).equals(synthetic_firms(500, range(2005, 2021), seed=8))
    assert len(validate_firms(firms)) == len(firms)
    stock = aggregate_firms(firms, years=[2020])
    assert stock["value"].sum() == ((firms["start_date"] <= "2020-12-31")
                                    & (firms["end_date"].isna() | (firms["end_date"] > "2020-12-31"))).sum()
    shares = firms["industry_code"].str.slice(0, 2).value_counts(normalize=True)
    assert shares.iloc[0] > 5 * shares.median()                       # skewed industries


@pytest.mark.parametrize("measure, exact", [("count", True), ("entries", True), ("exits", True),
                                            ("employment", True), ("registered_capital", False)])
def test_engines_give_the_same_table(firms, measure, exact):
    years = range(2005, 2021)
    expected = aggregate_firms(firms, "section", measure, years)
    got = aggregate_firms(dd.from_pandas(firms, npartitions=3), "section", measure, years, engine="dask")
    pd.testing.assert_frame_equal(got, expected, check_exact=exact, rtol=1e-12)


def test_engines_agree_on_parquet_polygons_and_code_tables(firms, city_squares, tmp_path):
    dd.from_pandas(firms, npartitions=4).to_parquet(tmp_path / "firms")
    expected = aggregate_firms(firms, years=[2010, 2020], zones=city_squares)
    for engine in ("pandas", "dask"):
        got = aggregate_firms(str(tmp_path / "firms"), years=[2010, 2020], zones=city_squares, engine=engine)
        pd.testing.assert_frame_equal(got, expected)
    assert {"zone", "city"} <= set(assign_zones(firms, polygons=city_squares)["region_kind"])
    table = pd.DataFrame({"zone": ["wuhan", "changsha"], "adcode": ["420100", "430100"]})
    pd.testing.assert_frame_equal(aggregate_firms(tmp_path / "firms", "io42", zones=table, years=[2015], engine="dask"),
                                  aggregate_firms(firms, "io42", zones=table, years=[2015]))
    # errors name rows on the Dask engine too
    bad = firms.copy()
    bad.loc[bad.index[5], "end_date"] = pd.Timestamp("1900-01-01")
    bad.loc[bad.index[9], "firm_id"] = bad["firm_id"].iloc[3]
    with pytest.raises(FtzlinkError, match=rf"end_date before start_date: 1 row.*{bad['firm_id'].iloc[5]}"):
        aggregate_firms(dd.from_pandas(bad, npartitions=3), years=[2019], engine="dask")
    with pytest.raises(FtzlinkError, match=rf"duplicate firm_id.*{bad['firm_id'].iloc[3]}"):
        validate_firms(dd.from_pandas(bad.drop(index=bad.index[5]), npartitions=3))
    with pytest.raises(FtzlinkError, match="engine='dask'"):
        aggregate_firms(dd.from_pandas(firms, npartitions=2), years=[2019])


def test_read_firms_csv_and_parquet(firms, tmp_path):
    small = firms.head(50)
    small.to_csv(tmp_path / "firms.csv", index=False)
    back = read_firms(tmp_path / "firms.csv")
    assert back["industry_code"].tolist() == small["industry_code"].tolist()
    pd.testing.assert_frame_equal(aggregate_firms(tmp_path / "firms.csv", years=[2019]),
                                  aggregate_firms(small, years=[2019]))
    pd.testing.assert_frame_equal(aggregate_firms(str(tmp_path / "firms.csv"), years=[2019], engine="dask"),
                                  aggregate_firms(small, years=[2019]))
    with pytest.raises(FtzlinkError, match="does not exist"):
        read_firms(tmp_path / "nothing.parquet")


# ---------------------------------------------------------------- a cluster, and no Dask at all


def _pairs(seed: int, n: int = 30) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    values = rng.random((n, n))
    labels = [f"z{i}" for i in range(n)]
    return pd.DataFrame(values + values.T, index=labels, columns=labels)


def test_local_cluster_gives_the_in_memory_numbers(firms):
    distributed = pytest.importorskip("distributed")
    a, b, c = _pairs(1), _pairs(2), _pairs(3)
    with distributed.LocalCluster(n_workers=2, processes=False, threads_per_worker=1,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        on_cluster = aggregate_firms(dd.from_pandas(firms, npartitions=4), "division", years=range(2010, 2021),
                                     engine="dask", client=client)
        pd.testing.assert_frame_equal(on_cluster, aggregate_firms(firms, "division", years=range(2010, 2021)))
        local = qap_correlation(a, b, 12_000, seed=11)             # 870 cells: 3 permutation batches
        remote = qap_correlation(a, b, 12_000, seed=11, client=client)
        pd.testing.assert_frame_equal(remote.table, local.table)
        np.testing.assert_array_equal(remote.null, local.null)
        pd.testing.assert_frame_equal(mantel(a, b, 500, seed=2, client=client).table, mantel(a, b, 500, seed=2).table)
        pd.testing.assert_frame_equal(mrqap(a, {"b": b, "c": c}, 6_000, seed=4, client=client).table,
                                      mrqap(a, {"b": b, "c": c}, 6_000, seed=4).table)
        pd.testing.assert_frame_equal(mrqap(a, {"b": b}, 300, seed=4, method="y", client=client).table,
                                      mrqap(a, {"b": b}, 300, seed=4, method="y").table)
        mat = pd.DataFrame(np.arange(12.0).reshape(3, 4) + 1, index=list("pqr"), columns=list("wxyz"))
        pd.testing.assert_frame_equal(bootstrap_ci(mat, lambda m: m.sum(axis=1), n_boot=200, seed=5, client=client).table,
                                      bootstrap_ci(mat, lambda m: m.sum(axis=1), n_boot=200, seed=5).table)
        assert list(map_batches(len, [[1], [1, 2], [1, 2, 3]], client, window=1)) == [1, 2, 3]


def test_clear_error_without_dask(monkeypatch):
    import ftzlink.scale

    def missing(name):
        raise ImportError(f"No module named {name!r}")

    monkeypatch.setattr(ftzlink.scale, "_import_module", missing)
    with pytest.raises(FtzlinkError, match=r"pip install ftzlink\[scale\]"):
        aggregate_firms(HAND, years=[2019], engine="dask")
    with pytest.raises(FtzlinkError, match=r"pip install ftzlink\[scale\]"):
        read_firms(__import__("ftzlink").resources.data_file("zones.csv"), engine="dask")
    assert cells(aggregate_firms(HAND, years=[2019]))[("420100", "39", 2019)] == 1     # pandas engine unaffected
    with pytest.raises(FtzlinkError, match="client: expected a distributed.Client"):
        list(map_batches(len, [[1]], client="tcp://localhost:8786"))
