"""Panel dynamics: entries, exits and growth between years, worked by hand on small panels and
against EconGeo's definitions (entry_mat: NA where already present; exit_mat: NA where absent)."""

import numpy as np
import pandas as pd
import pytest

from ftzlink import FtzlinkError
from ftzlink.indices import (
    entry_list,
    entry_mat,
    exit_list,
    exit_mat,
    growth_list,
    growth_mat,
    location_quotient,
)


def long_panel(mats: dict) -> pd.DataFrame:
    """Long table (region, industry, year, value) from {year: region × industry matrix}."""
    return pd.concat([m.rename_axis(index="region", columns="industry").stack().rename("value").reset_index()
                      .assign(year=y) for y, m in mats.items()], ignore_index=True)


IND = list("abc")
# presence (0/1) in three years
P0 = pd.DataFrame([[1, 0, 0], [0, 1, 1], [1, 1, 0]], index=["r1", "r2", "r3"], columns=IND)
P1 = pd.DataFrame([[1, 1, 0], [0, 0, 1], [1, 1, 0]], index=["r1", "r2", "r3"], columns=IND)
P2 = pd.DataFrame([[0, 1, 1], [0, 0, 1], [1, 1, 1]], index=["r1", "r2", "r3"], columns=IND)
BINARY = long_panel({2000: P0, 2001: P1, 2002: P2})


def test_entry_and_exit_matrices_by_hand():
    # 2000 → 2002: r1 (1,0,0) → (0,1,1): enters b, c; exits a. r2 (0,1,1) → (0,0,1): a stays out, exits b.
    # r3 (1,1,0) → (1,1,1): enters c.
    entry = entry_mat(BINARY, rca=False)
    expected = [[np.nan, 1, 1], [0, np.nan, np.nan], [np.nan, np.nan, 1]]
    np.testing.assert_array_equal(entry.to_numpy(), expected)
    exits = exit_mat(BINARY, rca=False)
    np.testing.assert_array_equal(exits.to_numpy(), [[1, np.nan, np.nan], [np.nan, 1, 0], [0, 0, np.nan]])
    # between 2000 and 2001 only r1 enters b and r2 exits b
    assert entry_mat(BINARY, rca=False, end=2001).sum().sum() == 1
    assert exit_mat(BINARY, rca=False, start=2000, end=2001).loc["r2", "b"] == 1
    # EconGeo's entry_mat: mat1 with 1 → NA, plus mat2
    econgeo = P0.where(P0 != 1) + P2
    np.testing.assert_array_equal(entry.to_numpy(), econgeo.to_numpy())


def test_entry_and_exit_lists_cover_consecutive_years():
    entries = entry_list(BINARY, rca=False)
    assert list(entries.columns) == ["region", "industry", "start", "end", "entry"]
    # 2000 → 2001 at risk: r1 b, c; r2 a; r3 c → entries r1 b
    # 2001 → 2002 at risk: r1 c; r2 a, b; r3 c → entries r1 c, r3 c
    got = entries.astype({"region": str, "industry": str}).to_numpy().tolist()
    assert got == [
        ["r1", "b", 2000, 2001, 1.0], ["r1", "c", 2000, 2001, 0.0], ["r2", "a", 2000, 2001, 0.0],
        ["r3", "c", 2000, 2001, 0.0],
        ["r1", "c", 2001, 2002, 1.0], ["r2", "a", 2001, 2002, 0.0], ["r2", "b", 2001, 2002, 0.0],
        ["r3", "c", 2001, 2002, 1.0],
    ]
    exits = exit_list(BINARY, rca=False)
    assert exits.groupby("end")["exit"].sum().tolist() == [1.0, 1.0]  # r2 b, then r1 a
    # each period equals the matrix version
    for (start, end), part in entries.groupby(["start", "end"]):
        mat = entry_mat(BINARY, rca=False, start=start, end=end).stack().dropna()
        assert part.set_index(["region", "industry"])["entry"].sort_index().tolist() == mat.sort_index().tolist()
    assert isinstance(entries["region"].dtype, pd.CategoricalDtype)


def test_rca_presence_within_each_year():
    rng = np.random.default_rng(4)
    mats = {y: pd.DataFrame(rng.integers(0, 9, size=(6, 5)), index=[f"r{i}" for i in range(6)],
                            columns=[f"i{j}" for j in range(5)]) for y in (2010, 2015)}
    expected = location_quotient(mats[2010], binary=True)
    after = location_quotient(mats[2015], binary=True)
    entry = entry_mat(long_panel(mats))
    np.testing.assert_array_equal(entry.to_numpy(), after.where(expected == 0).to_numpy(dtype=float))


def test_growth_by_hand():
    x0 = pd.DataFrame([[4, 0], [2, 5]], index=["r1", "r2"], columns=["a", "b"])
    x1 = pd.DataFrame([[5, 2], [0, 5]], index=["r1", "r2"], columns=["a", "b"])
    x2 = pd.DataFrame([[10, 2], [0, 0]], index=["r1", "r2"], columns=["a", "b"])
    panel = long_panel({2000: x0, 2001: x1, 2002: x2})
    # cells 2000 → 2001: (5 − 4)/4 = 25 %, 0 → 2: +inf (EconGeo's Inf), −100 %, 0 %
    np.testing.assert_array_equal(growth_mat(panel, end=2001).to_numpy(), [[25, np.inf], [-100, 0]])
    # 2000 → 2002: 150 %, inf, −100 %, −100 %
    np.testing.assert_array_equal(growth_mat(panel).to_numpy(), [[150, np.inf], [-100, -100]])
    # 0 → 0 is 0 (EconGeo sets NaN to 0): r2 a from 2001 to 2002
    cells = growth_list(panel)
    assert cells.query("end == 2002 and region == 'r2' and industry == 'a'")["growth"].item() == 0
    # region totals: r1 4 → 7 → 12, r2 7 → 5 → 0
    regions = growth_list(panel, level="region")
    assert regions["growth"].tolist() == pytest.approx([75, -200 / 7, 500 / 7, -100])
    # industry totals: a 6 → 5 → 10, b 5 → 7 → 2
    industries = growth_list(panel, level="industry")
    assert industries["growth"].tolist() == pytest.approx([-100 / 6, 40, 100, -500 / 7])
    assert list(industries.columns) == ["industry", "start", "end", "growth"]


def test_configurable_column_names_and_fill_value():
    panel = BINARY.rename(columns={"region": "zone", "industry": "sector", "year": "t", "value": "m"})
    out = entry_list(panel, "zone", "sector", "t", "m", rca=False)
    assert list(out.columns) == ["zone", "sector", "start", "end", "entry"]
    sparse = BINARY[BINARY["value"] == 1]  # absent rows mean 0
    with pytest.raises(FtzlinkError, match=r"no value for \('r1', 'b', 2000\).*pass fill_value=0"):
        entry_mat(sparse, rca=False)
    pd.testing.assert_frame_equal(entry_mat(sparse, rca=False, fill_value=0), entry_mat(BINARY, rca=False))


def test_panel_input_checks():
    with pytest.raises(FtzlinkError, match="long_df: missing column"):
        entry_list(BINARY.drop(columns="year"))
    dup = pd.concat([BINARY, BINARY.iloc[[0]]])
    with pytest.raises(FtzlinkError, match=r"repeat, e.g. \('r1', 'a', 2000\)"):
        growth_mat(dup)
    neg = BINARY.assign(value=BINARY["value"] - 1)
    with pytest.raises(FtzlinkError, match=r"negative 'value' value\(s\), first -1 for \('r1', 'b', 2000\)"):
        growth_list(neg)
    nan = BINARY.assign(value=BINARY["value"].where(BINARY.index != 3))
    with pytest.raises(FtzlinkError, match="missing or infinite 'value'"):
        exit_list(nan)
    text = BINARY.assign(value=BINARY["value"].astype(object).where(BINARY.index != 2, "x"))
    with pytest.raises(FtzlinkError, match="non-numeric 'value' value"):
        exit_mat(text)
    with pytest.raises(FtzlinkError, match="with rca=False the 'value' column must be 0/1"):
        entry_mat(BINARY.assign(value=BINARY["value"] * 2), rca=False)
    with pytest.raises(FtzlinkError, match="end=1999 is not a year"):
        entry_mat(BINARY, end=1999)
    with pytest.raises(FtzlinkError, match="start .2002. must come before end .2000."):
        exit_mat(BINARY, start=2002, end=2000)
    with pytest.raises(FtzlinkError, match="needs at least 2 years"):
        entry_list(BINARY[BINARY["year"] == 2000])
    with pytest.raises(FtzlinkError, match="level: must be one of 'cell', 'region', 'industry', got 'zone'"):
        growth_list(BINARY, level="zone")
    with pytest.raises(FtzlinkError, match="rca: expected True or False"):
        entry_list(BINARY, rca="yes")


def test_categorical_labels_are_sorted_and_unused_categories_dropped():
    panel = BINARY.assign(region=pd.Categorical(BINARY["region"], categories=["zz", "r3", "r2", "r1"]))
    out = entry_mat(panel, rca=False)
    assert out.index.tolist() == ["r1", "r2", "r3"]
    pd.testing.assert_frame_equal(out, entry_mat(BINARY, rca=False))
