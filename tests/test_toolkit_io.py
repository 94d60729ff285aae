"""Input-output extensions: agreement with pymrio on its test MRIO, worked examples, bad input.

pymrio's test system (``pymrio.load_test()``: 6 regions × 8 sectors, final demand with 7
categories per region, an emissions satellite account) is the peer; ftzlink's functions are
applied to the same labelled frames and must agree with pymrio's ``calc_*`` functions to
rounding. The hypothetical extraction method has no pymrio function; it is checked against
pymrio's building blocks (``calc_L``, ``calc_G``, ``calc_x_from_L``) on the extracted tables.
"""

import numpy as np
import pandas as pd
import pytest

from ftzlink.errors import FtzlinkError
from ftzlink.io_tables import (
    allocation_coefficients,
    demand_impact,
    downstream_multipliers,
    ghosh_inverse,
    gross_output,
    hypothetical_extraction,
    intermediate_flows,
    leontief_inverse,
    satellite_coefficients,
    satellite_multipliers,
    technical_coefficients,
)

pymrio = pytest.importorskip("pymrio")
RTOL = 1e-10


@pytest.fixture(scope="module")
def mrio():
    io = pymrio.load_test()
    io.calc_all()
    return io


@pytest.fixture(scope="module")
def ours(mrio):
    x = gross_output(mrio.Z, mrio.Y)
    A = technical_coefficients(mrio.Z, x)
    L = leontief_inverse(A)
    G = ghosh_inverse(allocation_coefficients(mrio.Z, x))
    S = satellite_coefficients(mrio.emissions.F, x)
    return {"x": x, "A": A, "L": L, "G": G, "S": S}


def test_gross_output_matches_pymrio_calc_x(mrio, ours):
    expected = pymrio.calc_x(mrio.Z, mrio.Y)["indout"]
    assert ours["x"].index.equals(mrio.Z.index)
    np.testing.assert_allclose(ours["x"].to_numpy(), expected.to_numpy(), rtol=RTOL)
    np.testing.assert_allclose(ours["x"].to_numpy(), mrio.x["indout"].to_numpy(), rtol=RTOL)


def test_flows_from_coefficients_match_pymrio_calc_Z(mrio, ours):
    Z = intermediate_flows(mrio.A, mrio.x["indout"])
    expected = pymrio.calc_Z(mrio.A, mrio.x)
    assert Z.index.equals(expected.index) and Z.columns.equals(expected.columns)
    np.testing.assert_allclose(Z.to_numpy(), expected.to_numpy(), rtol=RTOL, atol=1e-6)
    np.testing.assert_allclose(Z.to_numpy(), mrio.Z.to_numpy(), rtol=1e-9, atol=1e-6)   # round trip


def test_leontief_inverse_matches_pymrio(mrio, ours):
    np.testing.assert_allclose(ours["L"].to_numpy(), mrio.L.to_numpy(), rtol=1e-9, atol=1e-12)


def test_satellite_coefficients_match_pymrio_calc_S(mrio, ours):
    expected = pymrio.calc_S(mrio.emissions.F, mrio.x)
    assert ours["S"].index.equals(expected.index) and ours["S"].columns.equals(expected.columns)
    np.testing.assert_allclose(ours["S"].to_numpy(), expected.to_numpy(), rtol=RTOL)
    np.testing.assert_allclose(ours["S"].to_numpy(), mrio.emissions.S.to_numpy(), rtol=RTOL)


def test_satellite_multipliers_match_pymrio_calc_M(mrio, ours):
    M = satellite_multipliers(ours["S"], ours["L"])
    expected = pymrio.calc_M(mrio.emissions.S, mrio.L)
    assert M.index.equals(expected.index) and M.columns.equals(expected.columns)
    np.testing.assert_allclose(M.to_numpy(), expected.to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(M.to_numpy(), mrio.emissions.M.to_numpy(), rtol=1e-9)


def test_downstream_multipliers_match_pymrio_calc_M_down(mrio, ours):
    G = pymrio.calc_G(pymrio.calc_B(mrio.Z, mrio.x))
    np.testing.assert_allclose(ours["G"].to_numpy(), G.to_numpy(), rtol=1e-9, atol=1e-12)
    M_down = downstream_multipliers(ours["S"], ours["G"])
    expected = pymrio.calc_M_down(mrio.emissions.S, G)
    np.testing.assert_allclose(M_down.to_numpy(), expected.to_numpy(), rtol=1e-9, atol=1e-9)


def test_demand_impact_matches_pymrio_calc_x_from_L(mrio, ours):
    y = mrio.Y.sum(axis=1)
    x = demand_impact(ours["L"], y)
    np.testing.assert_allclose(x.to_numpy(), pymrio.calc_x_from_L(mrio.L, y)["indout"].to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(x.to_numpy(), ours["x"].to_numpy(), rtol=1e-9)
    # a shock: 10 % more final demand for reg1's manufacturing, as a sectors × scenarios table
    shock = pd.DataFrame(0.0, index=y.index, columns=["base", "manufacturing"])
    shock.loc[("reg1", "manufactoring"), "manufacturing"] = 0.1 * y[("reg1", "manufactoring")]
    dx = demand_impact(ours["L"], shock)
    expected = pymrio.calc_x_from_L(mrio.L, shock["manufacturing"])["indout"]
    assert list(dx.columns) == ["base", "manufacturing"] and (dx["base"] == 0).all()
    np.testing.assert_allclose(dx["manufacturing"].to_numpy(), expected.to_numpy(), rtol=1e-9)


def _losses_with_pymrio(mrio, members, keep_within=False):
    """Backward, forward and total losses from pymrio's calc functions on the extracted tables."""
    Z, x = mrio.Z, mrio.x["indout"]
    sel = mrio.Z.index.isin(members)
    inside = np.outer(sel, sel) if keep_within else np.zeros((len(sel), len(sel)), dtype=bool)
    y = x - Z.sum(axis=1)
    v = x - Z.sum(axis=0)
    A, B = pymrio.calc_A(Z, mrio.x), pymrio.calc_B(Z, mrio.x)
    back = A.where(~sel[None, :] | inside, 0.0)
    fwd = B.where(~sel[:, None] | inside, 0.0)
    tot = A.where((~sel[:, None] & ~sel[None, :]) | inside, 0.0)
    total = x.sum()
    return {
        "backward": total - pymrio.calc_x_from_L(pymrio.calc_L(back), y)["indout"].sum(),
        "forward": total - (v.to_numpy() @ pymrio.calc_G(fwd).to_numpy()).sum(),
        "total": total - pymrio.calc_x_from_L(pymrio.calc_L(tot), y)["indout"].sum(),
    }


@pytest.mark.parametrize("keep_within", [False, True])
def test_hypothetical_extraction_matches_pymrio_building_blocks(mrio, keep_within):
    sectors = mrio.get_sectors()
    groups = {"reg1": [("reg1", s) for s in sectors], "reg2 manufacturing": [("reg2", "manufactoring")],
              "mining": [(r, "mining") for r in mrio.get_regions() if r != "reg1"]}
    sector_to_group = pd.Series({member: name for name, members in groups.items() for member in members})
    out = hypothetical_extraction(mrio.Z, mrio.x["indout"], sector_to_group, keep_within=keep_within)
    assert out.index.tolist() == list(groups)
    for name, members in groups.items():
        expected = _losses_with_pymrio(mrio, members, keep_within)
        for column, value in expected.items():
            assert out.loc[name, column] == pytest.approx(value, rel=1e-9)
        assert out.loc[name, "total_share"] == pytest.approx(expected["total"] / mrio.x["indout"].sum(), rel=1e-9)


def test_hypothetical_extraction_every_sector_by_default(mrio):
    out = hypothetical_extraction(mrio.Z, mrio.x["indout"])
    assert out.index.equals(mrio.Z.index) and out.index.names == ["region", "sector"]
    assert (out[["backward", "forward", "total"]] >= -1e-6).all().all()
    assert (out["total"] >= out["backward"] - 1e-6).all()
    assert out[["backward_share", "forward_share", "total_share"]].le(1).all().all()


# ---- a published textbook table: Miller & Blair (2009), section 2.3 -----------------------------

MB_SECTORS = ["s1", "s2"]
MB_Z = pd.DataFrame([[150.0, 500.0], [200.0, 100.0]], index=MB_SECTORS, columns=MB_SECTORS)
MB_F = pd.Series([350.0, 1700.0], index=MB_SECTORS)


def test_miller_blair_two_sector_example():
    """Miller & Blair (2009), *Input-Output Analysis*, 2nd ed., section 2.3 (Table 2.3 and the
    example that follows): Z = [[150, 500], [200, 100]], f = (350, 1700) give x = (1000, 2000),
    A = [[.15, .25], [.2, .05]], L = [[1.2541, .3300], [.2640, 1.1221]], and the new final
    demand f = (600, 1500) requires x = (1247.52, 1841.58)."""
    x = gross_output(MB_Z, MB_F)
    assert x.tolist() == [1000.0, 2000.0]
    A = technical_coefficients(MB_Z, x)
    np.testing.assert_allclose(A.to_numpy(), [[0.15, 0.25], [0.2, 0.05]])
    L = leontief_inverse(A)
    np.testing.assert_allclose(L.to_numpy(), [[1.2541, 0.3300], [0.2640, 1.1221]], atol=5e-5)
    new = demand_impact(L, pd.Series([600.0, 1500.0], index=MB_SECTORS))
    np.testing.assert_allclose(new.to_numpy(), [1247.52, 1841.58], atol=5e-3)
    # the change alone: Δf = (250, −200)
    delta = demand_impact(L, pd.Series([250.0, -200.0], index=MB_SECTORS))
    np.testing.assert_allclose(delta.to_numpy(), new.to_numpy() - x.to_numpy(), atol=1e-9)
    np.testing.assert_allclose(intermediate_flows(A, x).to_numpy(), MB_Z.to_numpy())


def test_satellite_multipliers_worked_by_hand():
    # Miller & Blair's table with 0.3 and 0.1 jobs per unit of output (300 and 200 jobs):
    # M = S L = (0.3·1.2541 + 0.1·0.2640, 0.3·0.3300 + 0.1·1.1221) = (0.40264, 0.21122)
    x = gross_output(MB_Z, MB_F)
    jobs = pd.DataFrame([[300.0, 200.0]], index=["employment"], columns=MB_SECTORS)
    S = satellite_coefficients(jobs, x)
    np.testing.assert_allclose(S.to_numpy(), [[0.3, 0.1]])
    L = leontief_inverse(technical_coefficients(MB_Z, x))
    M = satellite_multipliers(S, L)
    det = 0.85 * 0.95 - 0.25 * 0.2
    np.testing.assert_allclose(M.to_numpy(), [[(0.3 * 0.95 + 0.1 * 0.2) / det, (0.3 * 0.25 + 0.1 * 0.85) / det]])
    # jobs needed for final demand: M f = S x = total employment
    assert float((M.to_numpy() @ MB_F.to_numpy())[0]) == pytest.approx(500.0)
    # the array form gives the same numbers
    np.testing.assert_allclose(satellite_multipliers(np.array([0.3, 0.1]), L.to_numpy()), M.to_numpy()[0])


def test_hypothetical_extraction_worked_by_hand():
    # Z = [[20, 30], [10, 40]], x = (100, 200): A = [[.2, .15], [.1, .2]], f = (50, 150),
    # B = [[.2, .3], [.05, .2]], v = (70, 130).
    # manu's column out: x̄1 = 50/.8 = 62.5, x̄2 = 150 + .1·62.5 = 156.25 → loss 300 − 218.75 = 81.25
    # manu's row out (Ghosh): x̄1 = 70/.8 = 87.5, x̄2 = 130 + .3·87.5 = 156.25 → loss 56.25
    # both: x̄ = (62.5, 150) → loss 87.5
    s = ["agri", "manu"]
    Z = pd.DataFrame([[20.0, 30.0], [10.0, 40.0]], index=s, columns=s)
    out = hypothetical_extraction(Z, pd.Series([100.0, 200.0], index=s))
    assert out.loc["manu", ["backward", "forward", "total"]].tolist() == pytest.approx([81.25, 56.25, 87.5])
    assert out.loc["agri", ["backward", "forward", "total"]].tolist() == pytest.approx([34.375, 59.375, 62.5])
    assert out.loc["manu", "backward_share"] == pytest.approx(81.25 / 300)
    # extracting the whole economy leaves final demand only: loss = Σz = 100
    both = hypothetical_extraction(Z.to_numpy(), np.array([100.0, 200.0]), {0: "all", 1: "all"})
    assert both.loc["all", ["backward", "forward", "total"]].tolist() == pytest.approx([100.0, 100.0, 100.0])
    # ... unless the flows within the set are kept
    kept = hypothetical_extraction(Z, pd.Series([100.0, 200.0], index=s), {"agri": "all", "manu": "all"},
                                   keep_within=True)
    assert kept.loc["all", ["backward", "forward", "total"]].tolist() == pytest.approx([0.0, 0.0, 0.0])


def test_three_sector_extraction_of_a_set_equals_a_merged_sector_by_hand():
    # 3 sectors, extract {b, c} jointly: total extraction leaves a with its own input a_aa only:
    # x̄_a = f_a/(1 − a_aa); x̄_b, x̄_c = f_b, f_c.
    s = list("abc")
    Z = pd.DataFrame([[10.0, 20.0, 5.0], [15.0, 10.0, 25.0], [5.0, 30.0, 10.0]], index=s, columns=s)
    x = pd.Series([100.0, 150.0, 120.0], index=s)
    f = x - Z.sum(axis=1)
    out = hypothetical_extraction(Z, x, pd.Series({"b": "bc", "c": "bc"}))
    expected = x.sum() - (f["a"] / (1 - 10.0 / 100.0) + f["b"] + f["c"])
    assert out.loc["bc", "total"] == pytest.approx(expected)


# ---- bad input -------------------------------------------------------------------------------

def test_errors_name_the_argument_and_label():
    s = ["agri", "manu"]
    Z = pd.DataFrame([[20.0, 30.0], [10.0, 40.0]], index=s, columns=s)
    with pytest.raises(FtzlinkError, match="final_demand: sector labels differ.*only in final_demand: \\[serv\\]"):
        gross_output(Z, pd.Series([1.0, 2.0], index=["agri", "serv"]))
    with pytest.raises(FtzlinkError, match="final_demand: missing or infinite value for sector 'manu'"):
        gross_output(Z, pd.Series([1.0, np.nan], index=s))
    with pytest.raises(FtzlinkError, match="gross output of sector 'agri' would be -10"):
        gross_output(Z, pd.Series([-60.0, 0.0], index=s))
    with pytest.raises(FtzlinkError, match="final_demand: expected 2 values"):
        gross_output(Z, np.ones(3))
    with pytest.raises(FtzlinkError, match="sector 'manu' has zero gross output but a non-zero account"):
        satellite_coefficients(pd.Series([1.0, 2.0], index=s), pd.Series([10.0, 0.0], index=s))
    with pytest.raises(FtzlinkError, match="S: sector labels differ"):
        satellite_multipliers(pd.Series([1.0, 2.0], index=["agri", "serv"]), Z / 100)
    with pytest.raises(FtzlinkError, match="L: negative value"):
        demand_impact(-Z, np.ones(2))
    with pytest.raises(FtzlinkError, match="groups: unknown sector\\(s\\) serv"):
        hypothetical_extraction(Z, pd.Series([100.0, 200.0], index=s), {"serv": "x"})
    with pytest.raises(FtzlinkError, match="groups: expected a Series or mapping sector → group, got list"):
        hypothetical_extraction(Z, pd.Series([100.0, 200.0], index=s), ["agri"])
    with pytest.raises(FtzlinkError, match="keep_within: expected True or False"):
        hypothetical_extraction(Z, pd.Series([100.0, 200.0], index=s), keep_within="yes")
    with pytest.raises(FtzlinkError, match="final demand x − Z·1 is negative .* sector 'agri'"):
        hypothetical_extraction(Z, pd.Series([40.0, 200.0], index=s))
    with pytest.raises(FtzlinkError, match="x: value -1"):
        intermediate_flows(Z / 100, pd.Series([-1.0, 2.0], index=s))
