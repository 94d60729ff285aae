"""Pairwise similarity and overlap against values worked out by hand.

Same example as the specialisation tests; shares s_r1 = (3/4, 1/4, 0, 0), s_r2 = (1/4, 1/4, 1/2, 0),
s_r3 = (0, 1/4, 1/4, 1/2); Σ s² = 10/16, 6/16, 6/16. Active sets: r1 {a,b}, r2 {a,b,c}, r3 {b,c,d}.
"""

import warnings
from math import sqrt

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import cdist, pdist, squareform

from ftzlink import FtzlinkError
from ftzlink.indices import _pairwise_l1, overlap, similarity
from ftzlink.indices._kernels import SPARSE_DENSITY, row_shares
from ftzlink.indices._pairwise_l1 import l1_distances

REGIONS = ["r1", "r2", "r3"]
MAT = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=REGIONS, columns=list("abcd"))


def frame(rows):
    return pd.DataFrame(rows, index=REGIONS, columns=REGIONS, dtype=float)


def test_cosine_by_hand():
    # r1·r2 = 3/16 + 1/16 = 4/16 over sqrt(10/16 · 6/16) = sqrt(60)/16 → 4/sqrt(60)
    # r1·r3 = 1/16 → 1/sqrt(60); r2·r3 = 1/16 + 2/16 = 3/16 over 6/16 → 1/2
    c12, c13 = 4 / sqrt(60), 1 / sqrt(60)
    expected = frame([[1, c12, c13], [c12, 1, 0.5], [c13, 0.5, 1]])
    pd.testing.assert_frame_equal(similarity(MAT), expected, rtol=1e-12)


def test_krugman_and_finger_kreinin_by_hand():
    # |s1-s2| = 1/2 + 0 + 1/2 + 0 = 1; |s1-s3| = 3/4 + 0 + 1/4 + 1/2 = 3/2; |s2-s3| = 1/4 + 0 + 1/4 + 1/2 = 1
    pd.testing.assert_frame_equal(similarity(MAT, "krugman"), frame([[0, 1, 1.5], [1, 0, 1], [1.5, 1, 0]]))
    # Σ min: r1,r2 = 1/4 + 1/4; r1,r3 = 1/4; r2,r3 = 1/4 + 1/4
    pd.testing.assert_frame_equal(
        similarity(MAT, "finger_kreinin"), frame([[1, 0.5, 0.25], [0.5, 1, 0.5], [0.25, 0.5, 1]])
    )


def test_jaccard_by_hand():
    # {a,b}∩{a,b,c} = 2 of 3; {a,b}∩{b,c,d} = 1 of 4; {a,b,c}∩{b,c,d} = 2 of 4
    expected = frame([[1, 2 / 3, 1 / 4], [2 / 3, 1, 1 / 2], [1 / 4, 1 / 2, 1]])
    pd.testing.assert_frame_equal(overlap(MAT), expected)
    pd.testing.assert_frame_equal(similarity(MAT, "jaccard"), expected)


def test_pearson_by_hand():
    # shares minus their mean 1/4: d1 = (1/2, 0, -1/4, -1/4), d2 = (0, 0, 1/4, -1/4), d3 = (-1/4, 0, 0, 1/4)
    # |d|² = 6/16, 2/16, 2/16; d1·d2 = 0; d1·d3 = -2/16 - 1/16 = -3/16 → -3/sqrt(12); d2·d3 = -1/16 → -1/2
    r13 = -3 / sqrt(12)
    expected = frame([[1, 0, r13], [0, 1, -0.5], [r13, -0.5, 1]])
    pd.testing.assert_frame_equal(similarity(MAT, "pearson"), expected, atol=1e-15)


def test_labels_are_kept():
    mat = MAT.rename_axis("zone_id")
    out = similarity(mat)
    assert out.index.name == "zone_id" and list(out.columns) == REGIONS


@pytest.mark.parametrize("method", ["cosine", "krugman", "finger_kreinin", "pearson"])
def test_all_zero_row_is_nan(method):
    mat = MAT.reindex(["r0", *REGIONS], fill_value=0)
    out = similarity(mat, method)
    assert out.loc["r0"].isna().all() and out["r0"].isna().all()
    pd.testing.assert_frame_equal(out.loc[REGIONS, REGIONS], similarity(MAT, method))


def test_jaccard_empty_sets():
    mat = MAT.reindex(["r0", "r00", *REGIONS], fill_value=0)
    out = overlap(mat)
    # two empty sets: undefined (NaN), including an empty region's own cell; empty vs non-empty: 0
    assert out.loc[["r0", "r00"], ["r0", "r00"]].isna().all().all()
    assert (out.loc["r0", REGIONS] == 0).all() and (out.loc[REGIONS, "r00"] == 0).all()


def test_pearson_of_a_flat_structure_is_nan():
    mat = pd.concat([MAT, pd.DataFrame([[5, 5, 5, 5]], index=["flat"], columns=MAT.columns)])
    out = similarity(mat, "pearson")
    assert out.loc["flat"].isna().all()
    assert similarity(MAT[["a"]], "pearson").isna().all().all()  # one industry: shares all equal 1


def test_single_region():
    one = MAT.loc[["r2"]]
    for method, diagonal in [("cosine", 1.0), ("krugman", 0.0), ("finger_kreinin", 1.0), ("jaccard", 1.0)]:
        assert similarity(one, method).to_numpy().tolist() == [[diagonal]]


def test_sparse_and_dense_paths_agree():
    rng = np.random.default_rng(7)
    pattern = (rng.random((40, 300)) < SPARSE_DENSITY / 3).astype(float)  # sparse → scipy.sparse path
    mat = pd.DataFrame(pattern)
    present = pattern > 0
    shared = (present[:, None, :] & present[None, :, :]).sum(-1)
    union = (present[:, None, :] | present[None, :, :]).sum(-1)
    with np.errstate(invalid="ignore"):
        expected = shared / union
    np.testing.assert_array_equal(overlap(mat).to_numpy(), expected)
    dense = (rng.random((40, 30)) < 0.5).astype(float)  # dense → BLAS path
    present = dense > 0
    expected = (present[:, None, :] & present[None, :, :]).sum(-1) / (present[:, None, :] | present[None, :, :]).sum(-1)
    np.testing.assert_array_equal(overlap(pd.DataFrame(dense)).to_numpy(), expected)


def test_unknown_method():
    with pytest.raises(FtzlinkError, match="method: must be one of 'cosine'.*got 'euclid'"):
        similarity(MAT, "euclid")


# ---- the L1 kernel behind krugman and finger_kreinin: NumPy path, compiled path, scipy ----------

# Shapes that cut across the compiled kernel's 128 × 128 tiles, its groups of 4 rows and its passes
# of 32 industries: (rows of x, rows of y or None for x against itself, industries).
L1_SHAPES = [(1, None, 1), (5, 3, 7), (4, None, 3), (131, None, 70), (260, 129, 35), (129, 300, 33)]


def l1_case(n, m, k, seed=3):
    rng = np.random.default_rng(seed)
    x = rng.lognormal(size=(n, k)) * (rng.random((n, k)) < 0.7)
    y = None if m is None else rng.lognormal(size=(m, k)) * (rng.random((m, k)) < 0.7)
    expected = squareform(pdist(x, "cityblock")) if y is None else cdist(x, y, "cityblock")
    return x, y, expected


def assert_l1(got, expected, symmetric):
    np.testing.assert_allclose(got, expected, rtol=1e-13, atol=1e-12)
    if symmetric:
        assert (got == got.T).all() and (np.diag(got) == 0).all()


@pytest.mark.parametrize("shape", L1_SHAPES)
def test_l1_numpy_path_matches_scipy(shape):
    x, y, expected = l1_case(*shape)
    assert_l1(l1_distances(x, y, engine="numpy"), expected, y is None)


@pytest.mark.slow  # compiles the kernel (several seconds) unless numba's cache has it
def test_l1_compiled_path_matches_scipy():
    for shape in L1_SHAPES:
        x, y, expected = l1_case(*shape)
        assert_l1(l1_distances(x, y, engine="compiled"), expected, y is None)


def large_shares_matrix(n=400, k=300, seed=11):
    """n regions × k industries with sparse activity and two empty regions; n² k ≥ COMPILED_MIN_WORK."""
    rng = np.random.default_rng(seed)
    x = rng.lognormal(sigma=2.0, size=(n, k)) * (rng.random((n, k)) < 0.4)
    x[[7, 200]] = 0.0
    assert n * n * k >= _pairwise_l1.COMPILED_MIN_WORK
    return pd.DataFrame(x, index=[f"r{i}" for i in range(n)], columns=[f"i{j}" for j in range(k)])


def check_krugman_and_finger_kreinin(mat):
    s = np.nan_to_num(row_shares(mat.to_numpy(dtype=float)))
    empty = mat.sum(axis=1).to_numpy() == 0
    reference = squareform(pdist(s, "cityblock"))
    reference[empty, :] = np.nan
    reference[:, empty] = np.nan
    krugman = similarity(mat, "krugman").to_numpy()
    fk = similarity(mat, "finger_kreinin").to_numpy()
    np.testing.assert_allclose(krugman, np.minimum(reference, 2.0), rtol=0, atol=1e-12)
    np.testing.assert_allclose(fk, np.clip(1.0 - reference / 2.0, 0.0, 1.0), rtol=0, atol=1e-12)
    assert (krugman[~np.isnan(krugman)] >= 0).all() and np.nanmax(krugman) <= 2.0
    assert (fk[~np.isnan(fk)] >= 0).all() and np.nanmax(fk) <= 1.0
    for values in (krugman, fk):
        np.testing.assert_array_equal(values, values.T)
    return krugman, fk


@pytest.mark.slow  # first use of the compiled kernel in the session (compiled, or loaded from numba's cache)
def test_large_matrices_take_the_compiled_path_and_match_pdist(monkeypatch):
    mat = large_shares_matrix()
    calls = []
    compiled = _pairwise_l1._compiled_l1
    monkeypatch.setattr(_pairwise_l1, "_compiled_l1", lambda *a: calls.append(1) or compiled(*a))
    krugman, fk = check_krugman_and_finger_kreinin(mat)
    assert len(calls) == 2
    for factor in (1e300, 1e-170):  # shares do not depend on the scale of the data
        np.testing.assert_allclose(similarity(mat * factor, "krugman").to_numpy(), krugman, rtol=0, atol=1e-14)
        np.testing.assert_allclose(similarity(mat * factor, "finger_kreinin").to_numpy(), fk, rtol=0, atol=1e-14)
    monkeypatch.setattr(_pairwise_l1, "COMPILED_MIN_WORK", np.inf)  # the NumPy path on the same data
    np.testing.assert_allclose(similarity(mat, "krugman").to_numpy(), krugman, rtol=0, atol=1e-14)


def test_small_matrices_take_the_numpy_path(monkeypatch):
    """The report's size (15 zones × 56 industries) never loads numba or compiles anything."""
    def no_kernel():
        raise AssertionError("a small input reached the compiled kernel")

    monkeypatch.setattr(_pairwise_l1, "_kernel", no_kernel)
    monkeypatch.setattr(_pairwise_l1, "_compiled_l1", no_kernel)
    rng = np.random.default_rng(2)
    mat = pd.DataFrame(rng.integers(0, 5, size=(15, 56)) * (rng.random((15, 56)) < 0.5))
    mat.iloc[3] = 0
    krugman, fk = check_krugman_and_finger_kreinin(mat)
    for factor in (1e300, 1e-170):
        np.testing.assert_allclose(similarity(mat * factor, "krugman").to_numpy(), krugman, rtol=0, atol=1e-14)
        np.testing.assert_allclose(similarity(mat * factor, "finger_kreinin").to_numpy(), fk, rtol=0, atol=1e-14)


def test_no_writable_cache_compiles_in_memory_without_warning(monkeypatch):
    """With no cache location numba can write to, the kernel is built uncached and nothing warns."""
    numba = pytest.importorskip("numba")
    from numba.core import caching

    impl = getattr(caching, "CacheImpl", None) or caching._CacheImpl  # renamed in numba 0.61
    monkeypatch.setattr(impl, "_locator_classes", [])
    if hasattr(numba.config, "CACHE_LOCATOR_CLASSES"):  # a user's NUMBA_CACHE_LOCATOR_CLASSES would take over
        monkeypatch.setattr(numba.config, "CACHE_LOCATOR_CLASSES", None)
    monkeypatch.setattr(_pairwise_l1, "_KERNEL", None)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kernel = _pairwise_l1._kernel()
    assert kernel is not None and type(kernel._cache).__name__ == "NullCache"


def test_l1_engine_is_checked():
    with pytest.raises(FtzlinkError, match="engine"):
        l1_distances(np.ones((2, 2)), engine="fast")
    with pytest.raises(FtzlinkError, match="same number of columns"):
        l1_distances(np.ones((2, 2)), np.ones((2, 3)))
