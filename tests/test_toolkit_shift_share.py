"""Shift-share (偏离-份额分析): classic, Esteban-Marquillas and dynamic, by hand and against REAT's
``shift`` / ``shiftd`` transcribed (R/shift.R, R/shiftd.R: one region, summed over industries)."""

import numpy as np
import pandas as pd
import pytest

from ftzlink import FtzlinkError
from ftzlink.indices import dynamic_shift_share, homothetic_employment, shift_share

START = pd.DataFrame({"a": [10.0, 30.0], "b": [20.0, 40.0]}, index=["r1", "r2"])
END = pd.DataFrame({"a": [15.0, 30.0], "b": [20.0, 60.0]}, index=["r1", "r2"])


def reat_shift(e_ij1, e_ij2, e_i1, e_i2, method="Dunn"):
    """REAT's shift() components for one region (R/shift.R), in its order."""
    e_j1, e_j2, e1, e2 = e_ij1.sum(), e_ij2.sum(), e_i1.sum(), e_i2.sum()
    growth = e_j2 - e_j1
    national = e_j1 * e2 / e1 - e_j1
    mix = (e_ij1 * (e_i2 / e_i1)).sum() - e_j1 * (e2 / e1)
    if method == "Dunn":
        return [growth, national, mix, (e_ij1 * (e_ij2 / e_ij1 - e_i2 / e_i1)).sum(), e_j2 - e_j1 * (e2 / e1)]
    he = e_j1 * (e_i1 / e1)
    return [growth, national, mix, (he * (e_ij2 / e_ij1 - e_i2 / e_i1)).sum(),
            ((e_ij1 - he) * (e_ij2 / e_ij1 - e_i2 / e_i1)).sum()]


def test_classic_by_hand():
    # nation: a 40 → 45 (g_a = 1/8), b 60 → 80 (g_b = 1/3), total 100 → 125 (G = 1/4)
    ss = shift_share(START, END)
    assert ss.loc["national_share"].to_numpy().tolist() == [[2.5, 5.0], [7.5, 10.0]]  # x0 · 1/4
    np.testing.assert_allclose(ss.loc["industry_mix"], [[10 * (1 / 8 - 1 / 4), 20 * (1 / 3 - 1 / 4)],
                                                        [30 * (1 / 8 - 1 / 4), 40 * (1 / 3 - 1 / 4)]])
    np.testing.assert_allclose(ss.loc["competitive_shift"], [[15 - 10 * 9 / 8, 20 - 20 * 4 / 3],
                                                             [30 - 30 * 9 / 8, 60 - 40 * 4 / 3]])
    parts = ss.drop(index="total_change", level="component").groupby(level=1).sum()
    pd.testing.assert_frame_equal(parts, ss.loc["total_change"], check_names=False)
    assert ss.index.names == ["component", "region"]
    assert list(ss.index.get_level_values(0).unique()) == ["total_change", "national_share", "industry_mix",
                                                           "competitive_shift"]


def test_classic_and_esteban_match_reat_per_region():
    rng = np.random.default_rng(3)
    start = pd.DataFrame(rng.uniform(5, 50, (4, 6)), index=list("pqrs"), columns=list("abcdef"))
    end = start * rng.uniform(0.7, 1.5, (4, 6))
    nat0, nat1 = start.sum() * 3, end.sum() * 2.5 + 10  # a national reference beyond these regions
    dunn = shift_share(start, end, reference_start=nat0, reference_end=nat1).sum(axis=1).unstack("component")
    esteban = shift_share(start, end, method="esteban_marquillas", reference_start=nat0, reference_end=nat1)
    esteban = esteban.sum(axis=1).unstack("component")
    for region in start.index:
        ref = reat_shift(start.loc[region], end.loc[region], nat0, nat1)
        ours = dunn.loc[region, ["total_change", "national_share", "industry_mix", "competitive_shift"]].tolist()
        assert ours == pytest.approx(ref[:4])
        assert ref[4] == pytest.approx(ours[2] + ours[3])  # REAT's net total shift
        ref_e = reat_shift(start.loc[region], end.loc[region], nat0, nat1, method="Esteban")
        ours_e = esteban.loc[region, ["total_change", "national_share", "industry_mix", "competitive_effect",
                                      "allocation_effect"]].tolist()
        assert ours_e == pytest.approx(ref_e)


def test_esteban_marquillas_by_hand_and_homothetic():
    # homothetic: region totals (30, 70) × national shares (0.4, 0.6)
    h = homothetic_employment(START)
    assert h.to_numpy().tolist() == [[12.0, 18.0], [28.0, 42.0]]
    em = shift_share(START, END, method="esteban_marquillas")
    # r1 a: g_ra − g_a = 0.5 − 0.125 = 0.375: competitive 12 · 0.375 = 4.5,
    # allocation (10 − 12) · 0.375 = −0.75
    assert em.loc[("competitive_effect", "r1"), "a"] == pytest.approx(4.5)
    assert em.loc[("allocation_effect", "r1"), "a"] == pytest.approx(-0.75)
    classic = shift_share(START, END)
    np.testing.assert_allclose(em.loc["competitive_effect"] + em.loc["allocation_effect"],
                               classic.loc["competitive_shift"])
    assert homothetic_employment(START, reference=pd.Series({"a": 1.0, "b": 3.0})).loc["r1"].tolist() == [7.5, 22.5]


def test_zero_cells():
    start = START.copy()
    start.loc["r1", "a"] = 0.0  # r1 enters a: no growth rate
    ss = shift_share(start, END)
    assert ss.loc[("national_share", "r1"), "a"] == 0 and ss.loc[("industry_mix", "r1"), "a"] == 0
    assert ss.loc[("competitive_shift", "r1"), "a"] == 15.0
    em = shift_share(start, END, method="esteban_marquillas")
    assert np.isnan(em.loc[("competitive_effect", "r1"), "a"]) and np.isnan(em.loc[("allocation_effect", "r1"), "a"])


def long_panel(mats):
    return pd.concat([m.rename_axis(index="region", columns="industry").stack().rename("value").reset_index()
                      .assign(year=y) for y, m in mats.items()], ignore_index=True)


def test_dynamic_is_the_sum_of_yearly_splits():
    rng = np.random.default_rng(8)
    mats = {2000: START}
    for y in (2001, 2002, 2003):
        mats[y] = mats[y - 1] * rng.uniform(0.8, 1.3, START.shape)
    panel = long_panel(mats)
    for method in ("classic", "esteban_marquillas"):
        dyn = dynamic_shift_share(panel, method=method)
        expected = sum(shift_share(mats[y - 1], mats[y], method=method) for y in (2001, 2002, 2003))
        pd.testing.assert_frame_equal(dyn, expected, check_names=False, atol=1e-12)
        yearly = dynamic_shift_share(panel, method=method, by_year=True)
        assert yearly.index.names == ["year", "component", "region"]
        pd.testing.assert_frame_equal(yearly.loc[2002], shift_share(mats[2001], mats[2002], method=method),
                                      check_names=False)
    # total change telescopes; REAT's shiftd sums the yearly components the same way
    np.testing.assert_allclose(dyn.loc["total_change"], mats[2003] - mats[2000])
    # differs from one comparison of the end years
    one_step = shift_share(START, mats[2003]).loc["industry_mix"]
    assert not np.allclose(dynamic_shift_share(panel).loc["industry_mix"], one_step)


def test_dynamic_with_a_national_reference():
    mats = {2000: START, 2001: END}
    nation = pd.DataFrame({"a": [100.0, 110.0], "b": [200.0, 180.0]}, index=[2000, 2001])
    dyn = dynamic_shift_share(long_panel(mats), reference=nation)
    expected = shift_share(START, END, reference_start=nation.loc[2000], reference_end=nation.loc[2001])
    pd.testing.assert_frame_equal(dyn, expected, check_names=False)
    with pytest.raises(FtzlinkError, match=r"reference: no row for year\(s\) 2001"):
        dynamic_shift_share(long_panel(mats), reference=nation.loc[[2000]])


def test_shift_share_input_checks():
    with pytest.raises(FtzlinkError, match="method: must be one of 'classic', 'esteban_marquillas', got 'dunn'"):
        shift_share(START, END, method="dunn")
    with pytest.raises(FtzlinkError, match=r"only in start: \[r2\]; only in end: \[r9\]"):
        shift_share(START, END.rename(index={"r2": "r9"}))
    with pytest.raises(FtzlinkError, match="give both"):
        shift_share(START, END, reference_start=START.sum())
    with pytest.raises(FtzlinkError, match=r"end: 1 negative value\(s\), first -1 at row 'r1', column 'a'"):
        shift_share(START, END.where(END != 15.0, -1.0))
    with pytest.raises(FtzlinkError, match=r"reference_start: zero for industry\(ies\) with regional activity: b"):
        shift_share(START, END, reference_start=pd.Series({"a": 5.0, "b": 0.0}), reference_end=END.sum())
    with pytest.raises(FtzlinkError, match="by_year: expected True or False"):
        dynamic_shift_share(long_panel({2000: START, 2001: END}), by_year=1)
    with pytest.raises(FtzlinkError, match="needs at least 2 years"):
        dynamic_shift_share(long_panel({2000: START}))
