"""Bootstrap intervals on cases whose bootstrap distribution is known exactly, and the streamed
summary behind them against NumPy's quantile and standard deviation of all replicates."""

import warnings

import numpy as np
import pandas as pd
import pytest

import ftzlink.stats.bootstrap as bootstrap_module
from ftzlink import similarity
from ftzlink.errors import FtzlinkError
from ftzlink.resampling import BATCH_CELLS, ReplicateSummary, tail_depth
from ftzlink.stats import bootstrap_ci
from ftzlink.vocabulary import SIMILARITY_METHODS


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


# ------------------------------------------------ pairwise indices by name, streamed summaries

def _sparse_measure(seed: int = 11) -> pd.DataFrame:
    """8 zones × 30 industries, sparse enough that replicates leave zones empty (NaN cells)."""
    rng = np.random.default_rng(seed)
    x = rng.poisson(0.9, (8, 30)).astype(float) * rng.uniform(0.5, 3.0, (8, 30))
    x[2] = 0.0
    x[2, 4] = 2.0                                  # one industry only: empty in about 1/e of replicates
    x[5] = 0.0                                     # an empty zone: NaN in every replicate
    return pd.DataFrame(x, index=pd.Index([f"z{i}" for i in range(8)], name="zone"),
                        columns=[f"i{j}" for j in range(30)])


def _units(seed: int = 12) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"zone": rng.choice([f"z{i}" for i in range(6)], 400),
                         "industry": rng.choice([f"i{j}" for j in range(25)], 400),
                         "value": rng.lognormal(size=400)})


def _assert_tables_match(named: pd.DataFrame, callable_: pd.DataFrame) -> None:
    assert named.index.equals(callable_.index) and list(named.columns) == list(callable_.columns)
    np.testing.assert_array_equal(named["n_valid"], callable_["n_valid"])
    for column in ("estimate", "se", "lower", "upper"):
        np.testing.assert_allclose(named[column], callable_[column], rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("method", SIMILARITY_METHODS)
@pytest.mark.parametrize("resample", ["industries", "units"])
def test_similarity_by_name_equals_the_callable(method, resample):
    data = _sparse_measure() if resample == "industries" else _units()
    kwargs = {"resample": resample, "region": "zone", "n_boot": 150, "seed": 3}
    named = bootstrap_ci(data, method, **kwargs)
    by_callable = bootstrap_ci(data, lambda m: similarity(m, method), **kwargs)
    _assert_tables_match(named.table, by_callable.table)
    np.testing.assert_allclose(named.null, by_callable.null, rtol=1e-12, atol=1e-12)
    assert named.table.index.names == ["zone_a", "zone_b"]
    if resample == "industries":
        assert (named.table["n_valid"] < 150).any()               # NaN replicates are counted out
        # an empty zone has no structure: NaN in every replicate (Jaccard: only against itself)
        empty = named.table.xs("z5", level="zone_a")["n_valid"]
        assert empty.eq(0).all() if method != "jaccard" else empty.eq(0).tolist() == [z == "z5" for z in empty.index]


def test_interval_and_se_are_those_of_all_replicates():
    # the streamed summary gives numpy's nanquantile (linear interpolation) and nanstd of the
    # replicates, which are kept here (small problem), cell by cell including NaN replicates
    res = bootstrap_ci(_sparse_measure(), "cosine", n_boot=301, level=0.9, seed=8)
    reps = res.null
    assert reps.shape == (301, 64)
    valid = (~np.isnan(reps)).sum(axis=0)
    np.testing.assert_array_equal(res.table["n_valid"], valid)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)         # all-NaN cells (the empty zone)
        lower = np.nanquantile(reps, (1 - 0.9) / 2, axis=0)        # the quantiles bootstrap_ci asks for
        upper = np.nanquantile(reps, (1 + 0.9) / 2, axis=0)
        se = np.nanstd(reps, axis=0, ddof=1)
    np.testing.assert_array_equal(res.table["lower"], lower)
    np.testing.assert_array_equal(res.table["upper"], upper)
    np.testing.assert_allclose(res.table["se"], se, rtol=1e-12, atol=1e-15)
    assert ((valid > 0) & (valid < 301)).any()


def _replicates(seed: int = 4) -> np.ndarray:
    """257 replicates of 7 statistics: ties, NaN in varying shares, infinities, all-NaN, one value."""
    rng = np.random.default_rng(seed)
    reps = np.round(rng.normal(size=(257, 7)), 2)
    reps[rng.random(reps.shape) < np.linspace(0.0, 0.8, 7)] = np.nan
    reps[3, 1], reps[9, 2] = np.inf, -np.inf
    reps[:, 5] = np.nan
    reps[:, 6] = np.nan
    reps[100, 6] = 1.5
    return reps


@pytest.mark.parametrize("block", [None, 1, 6, 100])
def test_replicate_summary_is_exact_in_any_batches(block):
    reps = _replicates()
    rng = np.random.default_rng(block or 0)
    summary = ReplicateSummary(7, len(reps), quantiles=(0.025, 0.975), block=block)
    start = 0
    while start < len(reps):
        step = int(rng.integers(1, 40))
        summary.update(reps[start:start + step])
        start += step
    summary.finish()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for q in (0.025, 0.975):
            np.testing.assert_array_equal(summary.quantile(q), np.nanquantile(reps, q, axis=0))
        sd = np.nanstd(reps, axis=0, ddof=1)
        mean = np.nanmean(reps, axis=0)
    np.testing.assert_array_equal(summary.n_valid, (~np.isnan(reps)).sum(axis=0))
    finite = np.isfinite(sd)
    assert finite.tolist() == [True, False, False, True, True, False, False]   # inf → NaN sd, n ≤ 1 → NaN
    np.testing.assert_allclose(summary.sd()[finite], sd[finite], rtol=1e-12)
    assert np.isnan(summary.sd()[~finite]).all()
    np.testing.assert_allclose(summary.mean[[0, 3, 4, 6]], mean[[0, 3, 4, 6]], rtol=1e-12)
    assert np.isnan(summary.mean[5])


def test_replicate_summary_does_not_depend_on_the_batches():
    reps = _replicates(5)
    one = ReplicateSummary(7, len(reps), quantiles=(0.05, 0.95), block=32).update(reps).finish()
    pieces = ReplicateSummary(7, len(reps), quantiles=(0.05, 0.95), block=32)
    for start in range(0, len(reps), 3):
        pieces.update(reps[start:start + 3])
    pieces.finish()
    np.testing.assert_array_equal(one.sd(), pieces.sd())
    np.testing.assert_array_equal(one.quantile(0.05), pieces.quantile(0.05))


def test_tail_depth_and_memory_do_not_grow_with_all_replicates():
    # 95 % interval of 499 replicates: h = 498 · 0.025 = 12.45 → x(12), x(13); kept: 15 per tail
    assert tail_depth(499, (0.025, 0.975)) == (15, 15)
    assert tail_depth(5, (0.025, 0.975)) == (3, 3)
    assert tail_depth(3, (0.1, 0.9)) == (3, 3)
    # without quantiles (permutation counts) the block size is fixed by the number of statistics
    few = ReplicateSummary(1000, 10**3, observed=np.zeros(1000))
    many = ReplicateSummary(1000, 10**9, observed=np.zeros(1000))
    assert many.block == BATCH_CELLS // 1000 >= few.block


def test_null_is_kept_only_below_the_budget(monkeypatch):
    assert bootstrap_ci(TWO, row_sums, n_boot=50, seed=1).null.shape == (50, 2)
    monkeypatch.setattr(bootstrap_module, "NULL_CELLS_KEPT", 100)
    assert bootstrap_ci(TWO, row_sums, n_boot=50, seed=1).null.shape == (50, 2)     # 100 values
    dropped = bootstrap_ci(TWO, row_sums, n_boot=51, seed=1)
    assert dropped.null is None
    pd.testing.assert_frame_equal(dropped.table.drop(columns="n_valid"),
                                  bootstrap_ci(TWO, row_sums, n_boot=51, seed=1).table.drop(columns="n_valid"))


def test_index_fn_errors():
    with pytest.raises(FtzlinkError, match="index_fn: must be one of"):
        bootstrap_ci(TWO, "euclidean")
    with pytest.raises(FtzlinkError, match="index_fn: expected a callable"):
        bootstrap_ci(TWO, 3)
