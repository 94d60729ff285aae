"""Bootstrap intervals on cases whose bootstrap distribution is known exactly."""

import numpy as np
import pandas as pd
import pytest

from ftzlink.errors import FtzlinkError
from ftzlink.stats import bootstrap_ci


def jaccard(mat: pd.DataFrame) -> pd.DataFrame:
    m = (mat.to_numpy() > 0).astype(float)
    inter = m @ m.T
    union = m.sum(axis=1)[:, None] + m.sum(axis=1)[None, :] - inter
    with np.errstate(invalid="ignore"):          # two empty lists: 0/0 → NaN
        return pd.DataFrame(inter / union, index=mat.index, columns=mat.index)


def row_sums(mat: pd.DataFrame) -> pd.Series:
    return mat.sum(axis=1)


TWO = pd.DataFrame({"x": [1.0, 0.0], "y": [3.0, 1.0]}, index=pd.Index(["a", "b"], name="zone"))


def test_industry_resampling_known_distribution():
    # Two industries drawn with replacement: {x,x}, {x,y}, {y,y} with probabilities 1/4, 1/2, 1/4.
    # Row a sums to 2, 4, 6 → estimate 4, 5 %/95 % quantiles 2 and 6, sd sqrt(2).
    # Row b sums to 0, 1, 2 → sd sqrt(0.5).
    ci = bootstrap_ci(TWO, row_sums, n_boot=1000, level=0.9, seed=5).table
    assert ci.loc["a", ["estimate", "lower", "upper"]].tolist() == [4.0, 2.0, 6.0]
    assert ci.loc["b", ["estimate", "lower", "upper"]].tolist() == [1.0, 0.0, 2.0]
    assert ci.loc["a", "se"] == pytest.approx(np.sqrt(2), abs=0.1)
    assert ci.loc["b", "se"] == pytest.approx(np.sqrt(0.5), abs=0.05)
    assert (ci["n_valid"] == 1000).all()
    assert list(ci.columns) == ["estimate", "se", "lower", "upper", "n_valid"]


def test_identical_industries_give_a_degenerate_interval():
    mat = pd.DataFrame(np.tile([[1.0], [2.0], [0.5]], (1, 5)), index=list("pqr"), columns=list("vwxyz"))
    ci = bootstrap_ci(mat, lambda m: m.mean(axis=1), n_boot=50, seed=0).table
    np.testing.assert_allclose(ci["lower"], [1.0, 2.0, 0.5])
    np.testing.assert_allclose(ci["upper"], [1.0, 2.0, 0.5])
    np.testing.assert_allclose(ci["se"], 0.0, atol=1e-15)


def test_pairwise_index_is_stacked_by_pair():
    lists = pd.DataFrame([[1, 1, 0], [0, 1, 1], [1, 1, 1]], index=pd.Index(["a", "b", "c"], name="zone"),
                         columns=["i1", "i2", "i3"])
    ci = bootstrap_ci(lists, jaccard, n_boot=100, seed=1).table
    assert ci.index.names == ["zone_a", "zone_b"]
    assert len(ci) == 9
    assert ci.loc[("a", "b"), "estimate"] == pytest.approx(1 / 3)      # {i2} / {i1, i2, i3}
    assert ci.loc[("a", "c"), "estimate"] == pytest.approx(2 / 3)
    assert (ci["lower"] <= ci["upper"]).all()
    assert ci.loc[("a", "a"), ["lower", "upper"]].tolist() == [1.0, 1.0]
    # a replicate drawing only i3 leaves a empty (Jaccard 0/0): counted out of n_valid
    assert ci.loc[("a", "a"), "n_valid"] < 100


def test_resampled_columns_have_unique_labels():
    seen = []

    def spy(mat):
        seen.append(list(mat.columns))
        assert mat.columns.is_unique
        return mat.sum(axis=1)

    bootstrap_ci(TWO, spy, n_boot=20, seed=2)
    replicate_labels = {lab for cols in seen[1:] for lab in cols}
    assert replicate_labels <= {"x", "y", "x#2", "y#2"}
    assert any("x#2" in cols or "y#2" in cols for cols in seen[1:])


UNITS = pd.DataFrame({
    "zone": ["a", "a", "b", "b", "b"],
    "industry": ["x", "x", "y", "y", "z"],
    "value": [1.0, 3.0, 5.0, 5.0, 2.0],
})


def test_unit_resampling_stratified_by_region():
    # Zone a: two units (1, 3) in x resampled → totals 2, 4, 6 (p = 1/4, 1/2, 1/4).
    # Zone b: units 5, 5 (y) and 2 (z); the total over 3 draws is 6 + 3·(#draws of a 5-unit),
    # a binomial(3, 2/3) count: totals 6, 9, 12, 15 with p = 1/27, 6/27, 12/27, 8/27.
    ci = bootstrap_ci(UNITS, row_sums, resample="units", region="zone", n_boot=1000, level=0.9, seed=4).table
    assert ci.loc["a", ["estimate", "lower", "upper"]].tolist() == [4.0, 2.0, 6.0]
    assert ci.loc["b", ["estimate", "lower", "upper"]].tolist() == [12.0, 9.0, 15.0]
    var_b = 9 * 3 * (2 / 3) * (1 / 3)                                  # 3² · n p (1 − p)
    assert ci.loc["b", "se"] == pytest.approx(np.sqrt(var_b), abs=0.1)


def test_unit_resampling_builds_the_summed_matrix():
    seen = []

    def spy(mat):
        seen.append(mat)
        return mat.sum(axis=1)

    bootstrap_ci(UNITS, spy, resample="units", region="zone", n_boot=10, seed=0)
    expected = pd.DataFrame({"x": [4.0, 0.0], "y": [0.0, 10.0], "z": [0.0, 2.0]},
                            index=pd.Index(["a", "b"], name="zone"))
    pd.testing.assert_frame_equal(seen[0], expected, check_names=False)
    assert all(m.loc["a"].sum() in (2.0, 4.0, 6.0) and m.loc["a", ["y", "z"]].sum() == 0 for m in seen[1:])


def test_nan_replicates_are_counted_out():
    def needs_x(mat):       # NaN when industry x is not drawn at all (probability 1/4)
        return pd.Series({"a": mat["x"].sum().sum() if "x" in mat.columns else np.nan})

    ci = bootstrap_ci(TWO, needs_x, n_boot=400, seed=6).table
    assert 0.65 * 400 < ci.loc["a", "n_valid"] < 0.85 * 400


@pytest.mark.parametrize("resample,data", [("industries", TWO), ("units", UNITS)])
def test_same_seed_identical_output(resample, data):
    kwargs = {"resample": resample, "n_boot": 40, "region": "zone"}
    first = bootstrap_ci(data, row_sums, seed=8, **kwargs).table
    pd.testing.assert_frame_equal(first, bootstrap_ci(data, row_sums, seed=8, **kwargs).table)
    assert not first.equals(bootstrap_ci(data, row_sums, seed=9, **kwargs).table)


def test_errors():
    with pytest.raises(FtzlinkError, match="resample"):
        bootstrap_ci(TWO, row_sums, resample="regions")
    with pytest.raises(FtzlinkError, match="missing column"):
        bootstrap_ci(UNITS, row_sums, resample="units")          # no 'region' column
    bad = UNITS.assign(value=[1.0, -3.0, 5.0, 5.0, 2.0])
    with pytest.raises(FtzlinkError, match="at row 1"):
        bootstrap_ci(bad, row_sums, resample="units", region="zone")
    with pytest.raises(FtzlinkError, match="labels different"):
        bootstrap_ci(TWO, lambda m: m.sum(axis=0), n_boot=20, seed=0)  # per-industry output
    with pytest.raises(FtzlinkError, match="level"):
        bootstrap_ci(TWO, row_sums, level=95)
    with pytest.raises(FtzlinkError, match="n_boot"):
        bootstrap_ci(TWO, row_sums, n_boot=1)
