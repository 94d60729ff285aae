"""China's national input-output tables (NBS, via ionet) checked against pymrio.

The tables live outside the project in ``../shared/data/nbs_io/`` (relative to the repo root);
the tests skip when that folder is absent. The expected values come from pymrio's iomath on
blocks cut from the raw CSV with plain pandas, independently of ftzlink's reader.
"""


import numpy as np
import pandas as pd
import pytest

from ftzlink.io_tables import aggregate, read_io_table

pymrio = pytest.importorskip("pymrio")

from conftest import SHARED_IO as DATA

NONCOMPETITIVE = ["china_2017_42.csv", "china_2018_42.csv", "china_2020_42.csv"]
COMPETITIVE = ["china_2017_149.csv", "china_2020_153.csv"]
RTOL = 1e-9

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason=f"real IO tables not found at {DATA}")


def raw_blocks(name):
    """Z (all origins), Z domestic (or None) and x cut from the CSV with plain pandas."""
    raw = pd.read_csv(DATA / name, dtype={"Code": str}, keep_default_na=False)
    sectors = [c for c in raw.columns if c.isdigit()]
    if "Origin" in raw:
        dom = raw[raw["Origin"] == "Domestic"].set_index("Code").loc[sectors]
        imp = raw[raw["Origin"] == "Imports"].set_index("Code").loc[sectors]
        Zd = dom[sectors].astype(float)
        return Zd + imp[sectors].astype(float), Zd, dom["GO"].astype(float)
    rows = raw.set_index("Code").loc[sectors]
    return rows[sectors].astype(float), None, rows["GO"].astype(float)


@pytest.fixture(scope="module", params=NONCOMPETITIVE + COMPETITIVE)
def case(request):
    return request.param, read_io_table(DATA / request.param), raw_blocks(request.param)


def assert_close(got, expected):
    np.testing.assert_allclose(np.asarray(got, dtype=float), np.asarray(expected, dtype=float), rtol=RTOL, atol=0)


def test_A_L_multipliers_equal_pymrio(case):
    name, table, (Z, _, x) = case
    A = pymrio.calc_A(Z, x)
    L = pymrio.calc_L(A)
    ones = pd.DataFrame(np.ones((1, len(x))), columns=Z.columns)
    assert list(table.sectors) == list(Z.index)
    assert_close(table.A, A)
    assert_close(table.L, L)
    assert_close(table.multipliers(), pymrio.calc_M(ones, L).iloc[0])
    # Ghosh forward linkages: row sums of pymrio's G = (I − B)⁻¹
    assert_close(table.linkages(forward="ghosh")["forward_total"], pymrio.calc_G(pymrio.calc_B(Z, x)).sum(axis=1))
    assert_close(table.linkages()["forward_total"], L.sum(axis=1))


@pytest.mark.parametrize("name", NONCOMPETITIVE)
def test_domestic_variants_equal_pymrio(name):
    table = read_io_table(DATA / name)
    _, Zd, x = raw_blocks(name)
    Ad = pymrio.calc_A(Zd, x)
    assert_close(table.A_domestic, Ad)
    assert_close(table.L_domestic, pymrio.calc_L(Ad))
    # imported inputs only add to requirements: total multipliers exceed domestic ones
    assert (table.multipliers() > table.multipliers(domestic=True)).all()


def test_real_tables_balance(case):
    name, table, _ = case
    bal = table.check_balance()
    assert bal["relative"].max() < 1e-12, name
    # normalised linkages average 1 across sectors by construction
    lk = table.linkages()
    assert abs(lk["backward"].mean() - 1) < 1e-12 and abs(lk["forward"].mean() - 1) < 1e-12


def test_2017_metadata_and_allowed_negatives():
    table = read_io_table(DATA / "china_2017_42.csv")
    assert table.year == 2017 and len(table.sectors) == 42
    assert table.names.loc["01", "name_zh"] == "农林牧渔产品和服务"
    assert list(table.final_demand.columns) == ["TC", "FU201", "FU202", "EX"]
    neg = table.negative_entries()
    assert set(neg["column"][neg["block"] != "value_added"]) == {"FU202"}
    assert set(neg["row"][neg["block"] == "value_added"]) <= {"VA002", "VA004"}


def test_aggregating_2017_to_one_sector_keeps_the_totals():
    table = read_io_table(DATA / "china_2017_42.csv")
    one = aggregate(table, dict.fromkeys(table.sectors, "all"))
    assert one.x.iloc[0] == pytest.approx(table.x.sum(), rel=1e-12)
    assert one.Z.iloc[0, 0] == pytest.approx(table.Z.to_numpy().sum(), rel=1e-12)
    one.check_balance(rtol=1e-12)
    assert one.L.iloc[0, 0] == pytest.approx(1 / (1 - table.Z.to_numpy().sum() / table.x.sum()), rel=1e-12)
