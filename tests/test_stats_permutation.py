"""Row-shuffling permutation null for pairwise indices (a Jaccard written here)."""

from math import comb

import numpy as np
import pandas as pd
import pytest

import ftzlink.stats.permutation as permutation_module
from ftzlink import similarity
from ftzlink.errors import FtzlinkError
from ftzlink.stats import permutation_pvalues
from ftzlink.vocabulary import SIMILARITY_METHODS


def jaccard(mat: pd.DataFrame) -> pd.DataFrame:
    """|A ∩ B| / |A ∪ B| on the binary pattern (test's own index function)."""
    m = (mat.to_numpy() > 0).astype(float)
    inter = m @ m.T
    union = m.sum(axis=1)[:, None] + m.sum(axis=1)[None, :] - inter
    return pd.DataFrame(inter / union, index=mat.index, columns=mat.index)


LISTS = pd.DataFrame(
    [[1, 1, 1, 0, 0, 0, 0, 0],
     [1, 1, 0, 1, 0, 0, 0, 0],
     [0, 0, 0, 0, 1, 1, 1, 0]],
    index=pd.Index(["a", "b", "c"], name="zone"), columns=[f"i{k}" for k in range(8)],
)


def _tail(k, n_a, n_b, big_n):
    return sum(comb(n_a, j) * comb(big_n - n_a, n_b - j) for j in range(k, min(n_a, n_b) + 1)) / comb(big_n, n_b)


def test_jaccard_permutation_pvalue_approaches_hypergeometric_tail():
    # Shuffling rows keeps list sizes, and Jaccard rises with the number shared, so the
    # p-value estimates P(X ≥ shared) for X hypergeometric (a: 3, b: 3 items of 8, share 2).
    n = 4000
    table = permutation_pvalues(LISTS, jaccard, n, seed=2024).table
    exact = _tail(2, 3, 3, 8)                                # (3·5 + 1) / 56 = 16/56
    assert exact == pytest.approx(16 / 56)
    se = np.sqrt(exact * (1 - exact) / n)
    assert abs(table.loc[("a", "b"), "p_value"] - exact) < 4 * se
    assert table.loc[("a", "b"), "estimate"] == pytest.approx(2 / 4)
    # a and c share nothing: every permutation has Jaccard ≥ 0 → p = 1
    assert table.loc[("a", "c"), "p_value"] == 1.0
    assert table.index.names == ["zone_a", "zone_b"]
    assert (table["n_valid"] == n).all()


def test_less_alternative_and_pvalue_definition():
    n = 300
    table = permutation_pvalues(LISTS, jaccard, n, seed=1, alternative="less").table
    # a and c overlap less than chance can make them: P(X ≤ 0) = C(5,3)/C(8,3) = 10/56
    assert abs(table.loc[("a", "c"), "p_value"] - 10 / 56) < 4 * np.sqrt(10 / 56 * 46 / 56 / n)


def test_same_seed_identical_output():
    first = permutation_pvalues(LISTS, jaccard, 60, seed=9).table
    pd.testing.assert_frame_equal(first, permutation_pvalues(LISTS, jaccard, 60, seed=9).table)
    assert not first.equals(permutation_pvalues(LISTS, jaccard, 60, seed=10).table)


def test_nan_permutations_are_counted_out():
    def share_of_i0(mat):   # NaN whenever zone a has lost industry i0
        value = np.nan if mat.loc["a", "i0"] == 0 else 1.0
        return pd.DataFrame(value, index=mat.index, columns=mat.index)

    table = permutation_pvalues(LISTS, share_of_i0, 400, seed=3).table
    valid = table.loc[("a", "b"), "n_valid"]
    assert 0.25 * 400 < valid < 0.5 * 400                    # P(i0 kept) = 3/8
    assert table.loc[("a", "b"), "p_value"] == pytest.approx((valid + 1) / (valid + 1))


def test_errors():
    with pytest.raises(FtzlinkError, match="alternative"):
        permutation_pvalues(LISTS, jaccard, 10, alternative="above")
    with pytest.raises(FtzlinkError, match="must return a region × region DataFrame"):
        permutation_pvalues(LISTS, lambda m: m.sum(axis=1), 10)
    with pytest.raises(FtzlinkError, match="n_permutations"):
        permutation_pvalues(LISTS, jaccard, 0)
    with pytest.raises(FtzlinkError, match="negative"):
        permutation_pvalues(-LISTS, jaccard, 10)


# ------------------------------------------------------------ similarity methods by name

MEASURE = pd.DataFrame(
    np.random.default_rng(7).poisson(1.2, (6, 20)) * np.random.default_rng(8).uniform(1, 4, (6, 20)),
    index=pd.Index([f"z{i}" for i in range(6)], name="zone"), columns=[f"i{j}" for j in range(20)],
)


@pytest.mark.parametrize("method", SIMILARITY_METHODS)
def test_similarity_by_name_equals_the_callable(method):
    named = permutation_pvalues(MEASURE, method, 300, seed=4)
    by_callable = permutation_pvalues(MEASURE, lambda m: similarity(m, method), 300, seed=4)
    a, b = named.table, by_callable.table
    assert a.index.equals(b.index) and list(a.columns) == list(b.columns)
    for column in ("p_value", "p_greater", "p_less", "n_valid"):
        np.testing.assert_array_equal(a[column], b[column])
    for column in ("estimate", "null_mean", "null_sd"):
        np.testing.assert_allclose(a[column], b[column], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(named.null, by_callable.null, rtol=1e-12, atol=1e-14)


def test_streamed_counts_and_moments_are_those_of_the_null():
    res = permutation_pvalues(MEASURE, "cosine", 400, seed=6, alternative="two-sided")
    null, t = res.null, res.table
    obs = t["estimate"].to_numpy()
    tol = 1e-10 * np.maximum(1.0, np.abs(obs))
    np.testing.assert_allclose(t["null_mean"], null.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(t["null_sd"], null.std(axis=0), rtol=1e-10, atol=1e-15)
    np.testing.assert_array_equal(t["p_greater"], (1 + (null >= obs - tol).sum(axis=0)) / 401)
    np.testing.assert_array_equal(t["p_less"], (1 + (null <= obs + tol).sum(axis=0)) / 401)
    np.testing.assert_array_equal(t["p_value"], (1 + (np.abs(null) >= np.abs(obs) - tol).sum(axis=0)) / 401)


def test_null_is_kept_only_below_the_budget(monkeypatch):
    monkeypatch.setattr(permutation_module, "NULL_CELLS_KEPT", 9 * 50)
    assert permutation_pvalues(LISTS, "jaccard", 50, seed=1).null.shape == (50, 9)
    dropped = permutation_pvalues(LISTS, "jaccard", 51, seed=1)
    assert dropped.null is None and (dropped.table["n_valid"] == 51).all()


def test_unknown_method_name():
    with pytest.raises(FtzlinkError, match="index_fn: must be one of"):
        permutation_pvalues(LISTS, "overlap", 10)
