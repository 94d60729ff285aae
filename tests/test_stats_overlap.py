"""Hypergeometric overlap p-values against the formula written out with math.comb."""

from math import comb

import numpy as np
import pandas as pd
import pytest

from ftzlink.errors import FtzlinkError
from ftzlink.stats import overlap_pvalue, overlap_pvalue_matrix


def _tail(k: int, n_a: int, n_b: int, big_n: int) -> float:
    """P(at least k shared) = Σ_{j≥k} C(n_a, j) C(N − n_a, n_b − j) / C(N, n_b)."""
    return sum(comb(n_a, j) * comb(big_n - n_a, n_b - j) for j in range(k, min(n_a, n_b) + 1)) / comb(big_n, n_b)


@pytest.mark.parametrize("k,n_a,n_b,big_n", [
    (2, 3, 4, 10),      # worked in the docstring: 70 / 210
    (0, 5, 6, 40),      # at least 0 shared: certain
    (3, 3, 8, 40),      # all of the shorter list shared: one term
    (4, 9, 7, 50),
    (1, 1, 1, 2),
    (5, 12, 15, 30),
])
def test_overlap_pvalue_matches_comb_formula(k, n_a, n_b, big_n):
    assert overlap_pvalue(k, n_a, n_b, big_n) == pytest.approx(_tail(k, n_a, n_b, big_n), rel=1e-12)


def test_overlap_pvalue_worked_example_and_broadcasting():
    assert overlap_pvalue(2, 3, 4, 10) == pytest.approx(1 / 3)
    assert overlap_pvalue(0, 5, 6, 40) == 1.0
    out = overlap_pvalue(np.array([0, 1, 2, 3]), 3, 4, 10)
    np.testing.assert_allclose(out, [_tail(k, 3, 4, 10) for k in range(4)], rtol=1e-12)
    assert isinstance(overlap_pvalue(1, 2, 2, 5), float)


def test_overlap_pvalue_rejects_impossible_inputs():
    with pytest.raises(FtzlinkError, match="shared: 4 shared items"):
        overlap_pvalue(4, 3, 5, 10)
    with pytest.raises(FtzlinkError, match="n_b: a list of 12 items exceeds the vocabulary of 10"):
        overlap_pvalue(1, 3, 12, 10)
    with pytest.raises(FtzlinkError, match="whole numbers"):
        overlap_pvalue(1.5, 3, 4, 10)
    with pytest.raises(FtzlinkError, match="n_a"):
        overlap_pvalue(1, -3, 4, 10)


ZONES = ["hb_wuhan", "hb_xiangyang", "hn_changsha", "zj_hangzhou"]
INDUSTRIES = ["it", "biomed", "equip", "auto", "logistics", "finance", "ecommerce"]
# synthetic positioning lists (made up for the test)
LISTS = pd.DataFrame(
    [[1, 1, 1, 0, 1, 1, 0],
     [0, 0, 1, 1, 1, 0, 0],
     [1, 1, 1, 0, 0, 0, 1],
     [1, 0, 0, 0, 0, 1, 1]],
    index=pd.Index(ZONES, name="zone_id"), columns=pd.Index(INDUSTRIES, name="industry_id"),
)


@pytest.mark.parametrize("n_vocabulary", [None, 20])
def test_overlap_pvalue_matrix_each_pair_from_formula(n_vocabulary):
    big_n = n_vocabulary or len(INDUSTRIES)
    p = overlap_pvalue_matrix(LISTS, n_vocabulary=n_vocabulary)
    assert list(p.index) == ZONES and list(p.columns) == ZONES
    sets = {z: set(LISTS.columns[LISTS.loc[z] == 1]) for z in ZONES}
    for a in ZONES:
        for b in ZONES:
            if a == b:
                assert np.isnan(p.loc[a, b])
            else:
                expected = _tail(len(sets[a] & sets[b]), len(sets[a]), len(sets[b]), big_n)
                assert p.loc[a, b] == pytest.approx(expected, rel=1e-12)
    # wuhan and changsha share it, biomed, equip (3 of 5 and 4): C(5,3)C(2,1)+C(5,4)C(2,0) / C(7,4)
    if n_vocabulary is None:
        assert p.loc["hb_wuhan", "hn_changsha"] == pytest.approx((10 * 2 + 5 * 1) / 35)


def test_overlap_pvalue_matrix_validates():
    bad = LISTS.astype(float)
    bad.loc["hb_xiangyang", "auto"] = 0.5
    with pytest.raises(FtzlinkError, match="'hb_xiangyang'.*'auto'"):
        overlap_pvalue_matrix(bad)
    with pytest.raises(FtzlinkError, match="smaller than the 7 industries"):
        overlap_pvalue_matrix(LISTS, n_vocabulary=5)
