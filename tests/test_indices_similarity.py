"""Pairwise similarity and overlap against values worked out by hand.

Same example as the specialisation tests; shares s_r1 = (3/4, 1/4, 0, 0), s_r2 = (1/4, 1/4, 1/2, 0),
s_r3 = (0, 1/4, 1/4, 1/2); Σ s² = 10/16, 6/16, 6/16. Active sets: r1 {a,b}, r2 {a,b,c}, r3 {b,c,d}.
"""

from math import sqrt

import numpy as np
import pandas as pd
import pytest

from ftzlink import FtzlinkError
from ftzlink.indices import overlap, similarity
from ftzlink.indices._kernels import SPARSE_DENSITY

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
