"""Row-shuffling permutation null for pairwise indices (a Jaccard written here)."""

from math import comb

import numpy as np
import pandas as pd
import pytest

from ftzlink.errors import FtzlinkError
from ftzlink.stats import permutation_pvalues


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
