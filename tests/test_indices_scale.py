"""Indices are the same for any common scale of the data, over the whole float64 range."""

import numpy as np
import pandas as pd
import pytest

import ftzlink

MAT = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"),
                   dtype=float)
SCALES = [10.0 ** k for k in (-300, -170, -50, 0, 50, 170, 300)]


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("method", ["cosine", "krugman", "finger_kreinin", "pearson", "jaccard"])
def test_similarity_is_scale_free(scale, method):
    expected = ftzlink.similarity(MAT, method=method)
    pd.testing.assert_frame_equal(ftzlink.similarity(MAT * scale, method=method), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", ["herfindahl", "entropy", "hachman", "krugman_index", "location_quotient"])
def test_specialisation_is_scale_free(scale, name):
    fn = getattr(ftzlink, name)
    expected, got = fn(MAT), fn(MAT * scale)
    np.testing.assert_allclose(np.asarray(got, dtype=float), np.asarray(expected, dtype=float), rtol=1e-12, atol=1e-12)


def test_cosine_by_hand_at_the_top_of_the_range():
    # rows (1, 1) and (1, 0) scaled by 1e300: cosine = 1 / sqrt(2)
    m = pd.DataFrame([[1e300, 1e300], [1e300, 0.0]], index=["a", "b"], columns=["x", "y"])
    assert ftzlink.similarity(m).loc["a", "b"] == pytest.approx(2 ** -0.5, rel=1e-15)
