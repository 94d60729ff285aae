"""Specialisation and concentration indices against values worked out by hand.

The example matrix (regions r1..r3 × industries a..d):

        a  b  c  d   row total
    r1  3  1  0  0   4
    r2  1  1  2  0   4
    r3  0  2  2  4   8      grand total 16, column totals 4 4 4 4 → pooled shares S = 1/4 each

Industry shares s_r: r1 = (3/4, 1/4, 0, 0), r2 = (1/4, 1/4, 1/2, 0), r3 = (0, 1/4, 1/4, 1/2).
"""

from math import log2

import numpy as np
import pandas as pd
import pytest

from ftzlink import FtzlinkError
from ftzlink.indices import (
    diversity,
    entropy,
    gini,
    hachman,
    herfindahl,
    hoover_index,
    krugman_index,
    location_quotient,
    locational_gini,
    spec_coeff,
    ubiquity,
)

REGIONS, INDUSTRIES = ["r1", "r2", "r3"], ["a", "b", "c", "d"]
MAT = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=REGIONS, columns=INDUSTRIES)
# A copy with an all-zero region r0 and an all-zero industry e added.
WITH_ZEROS = MAT.assign(e=0).reindex(["r0", *REGIONS], fill_value=0)
NATIONAL = pd.Series({"a": 10, "b": 10, "c": 20, "d": 60})  # reference shares 0.1, 0.1, 0.2, 0.6


def series(values, labels):
    return pd.Series(values, index=labels, dtype=float)


def test_location_quotient_by_hand():
    # LQ = s / (1/4) = 4 s
    expected = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 1, 1, 2]], index=REGIONS, columns=INDUSTRIES, dtype=float)
    pd.testing.assert_frame_equal(location_quotient(MAT), expected)


def test_location_quotient_binary_counts_ties_as_presence():
    # LQ = 1 exactly at (r1,b), (r2,a), (r2,b), (r3,b), (r3,c): EconGeo and py-ecomplexity both give 1.
    expected = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=REGIONS, columns=INDUSTRIES)
    pd.testing.assert_frame_equal(location_quotient(MAT, binary=True), expected)


def test_ties_lost_to_floating_point_still_count():
    # Every region has shares (1/3, 1/3, 1/3) = the pooled shares, so LQ = 1 exactly in exact
    # arithmetic; in floating point (1.1 / 3.3) / (6.6 / 19.8) gives 0.9999999999999999 in 6 cells.
    mat = pd.DataFrame(np.outer([1.0, 2.0, 3.0], [1.0, 1.0, 1.0]) * 1.1)
    raw = (mat.to_numpy() / mat.to_numpy().sum(1, keepdims=True)) / (mat.sum().to_numpy() / mat.to_numpy().sum())
    assert (raw < 1).sum() == 6
    assert (location_quotient(mat, binary=True) == 1).all().all()


def test_location_quotient_with_reference():
    # r1: (3/4)/0.1 = 7.5, (1/4)/0.1 = 2.5; r3: (1/4)/0.1 = 2.5, (1/4)/0.2 = 1.25, (1/2)/0.6 = 5/6
    lq = location_quotient(MAT, reference=NATIONAL.iloc[::-1])  # order of the reference is irrelevant
    assert lq.loc["r1"].tolist() == pytest.approx([7.5, 2.5, 0, 0])
    assert lq.loc["r3"].tolist() == pytest.approx([0, 2.5, 1.25, 5 / 6])
    assert location_quotient(MAT, binary=True, reference=NATIONAL).loc["r3"].tolist() == [0, 1, 1, 0]


def test_location_quotient_zero_rows_and_columns_give_zero():
    lq = location_quotient(WITH_ZEROS)
    assert (lq.loc["r0"] == 0).all() and (lq["e"] == 0).all()
    pd.testing.assert_frame_equal(lq.loc[REGIONS, INDUSTRIES], location_quotient(MAT))


def test_location_quotient_single_region():
    one = MAT.loc[["r3"]]
    assert location_quotient(one).loc["r3"].tolist() == [0.0, 1.0, 1.0, 1.0]  # a is 0/0 → 0


def test_reference_errors_name_the_labels():
    with pytest.raises(FtzlinkError, match=r"only in reference: \[z\]; only in mat columns: \[d\]"):
        location_quotient(MAT, reference=NATIONAL.rename({"d": "z"}))
    with pytest.raises(FtzlinkError, match=r"reference is zero for industry\(ies\) with activity in mat: d"):
        location_quotient(MAT, reference=NATIONAL.replace(60, 0))


def test_krugman_and_spec_coeff_by_hand():
    # r1: |3/4-1/4| + |1/4-1/4| + |0-1/4| + |0-1/4| = 1; r2: 0 + 0 + 1/4 + 1/4 = 1/2; r3: 1/4 + 0 + 0 + 1/4
    pd.testing.assert_series_equal(krugman_index(MAT), series([1.0, 0.5, 0.5], REGIONS).rename("krugman_index"))
    pd.testing.assert_series_equal(spec_coeff(MAT), series([0.5, 0.25, 0.25], REGIONS).rename("spec_coeff"))
    # against national shares (0.1, 0.1, 0.2, 0.6): r1 = 0.65 + 0.15 + 0.2 + 0.6 = 1.6
    assert krugman_index(MAT, reference=NATIONAL)["r1"] == pytest.approx(1.6)


def test_herfindahl_entropy_hachman_by_hand():
    # H = Σ s²: r1 = 9/16 + 1/16; r2 = 1/16 + 1/16 + 4/16; r3 = 1/16 + 1/16 + 4/16
    assert herfindahl(MAT).tolist() == pytest.approx([10 / 16, 6 / 16, 6 / 16])
    # E = -Σ s log2 s: r1 = -(3/4 log2 3/4 + 1/4 log2 1/4) = 2 - (3/4) log2 3; r2 = r3 = 1/4·2 + 1/4·2 + 1/2·1
    assert entropy(MAT).tolist() == pytest.approx([2 - 0.75 * log2(3), 1.5, 1.5])
    # Σ LQ·s: r1 = 3·3/4 + 1·1/4 = 5/2 → 0.4; r2 = 1/4 + 1/4 + 2·1/2 = 3/2 → 2/3; r3 = 1/4 + 1/4 + 2·1/2
    assert hachman(MAT).tolist() == pytest.approx([0.4, 2 / 3, 2 / 3])


def test_per_region_indices_are_nan_for_an_all_zero_row():
    for index in (krugman_index, spec_coeff, herfindahl, entropy, hachman):
        values = index(WITH_ZEROS)
        assert np.isnan(values["r0"]), index.__name__
        assert values[REGIONS].tolist() == pytest.approx(index(MAT).tolist()), index.__name__


def test_hoover_index_by_hand():
    # equal population 1/3: a = 50·(|3/4-1/3| + |1/4-1/3| + |0-1/3|) = 50·10/12; b = 50·4/12;
    # c = 50·(4/12 + 2/12 + 2/12); d = 50·(4/12 + 4/12 + 8/12)
    assert hoover_index(MAT).tolist() == pytest.approx([500 / 12, 200 / 12, 400 / 12, 800 / 12])
    # population (1, 1, 2) → (1/4, 1/4, 1/2): a = 50·(1/2 + 0 + 1/2); b = 0; c = 50·(1/4 + 1/4); d = 50·1
    pop = pd.Series({"r3": 2, "r1": 1, "r2": 1})
    assert hoover_index(MAT, pop=pop).tolist() == pytest.approx([50, 0, 25, 50])
    with pytest.raises(FtzlinkError, match=r"only in pop: \[r9\]"):
        hoover_index(MAT, pop=pop.rename({"r3": "r9"}))


def gini_from_definition(x):
    """Gini as the mean absolute difference over all ordered pairs / (2 · mean)."""
    n = len(x)
    return sum(abs(a - b) for a in x for b in x) / (2 * n * n * (sum(x) / n))


def test_gini_by_hand():
    # a = (3,1,0): pairs |3-1| + |3-0| + |1-0| = 6, twice = 12; 2·n²·mean = 2·9·4/3 = 24 → 1/2
    # b = (1,1,2) → 4/24; c = (0,2,2) → 8/24; d = (0,0,4) → 16/24 = (n-1)/n, the maximum
    expected = [gini_from_definition(MAT[c].tolist()) for c in INDUSTRIES]
    assert expected == pytest.approx([1 / 2, 1 / 6, 1 / 3, 2 / 3])
    assert gini(MAT).tolist() == pytest.approx(expected)


def test_locational_gini_by_hand():
    # Size shares (1/4, 1/4, 1/2). Industry a = (3,1,0): order by a/size = (12, 4, 0) → r3, r2, r1;
    # Lorenz points (cum size, cum a) = (1/2, 0), (3/4, 1/4), (1, 1); area under it by trapezoids
    # = 0 + (0 + 1/4)/2·1/4 + (1/4 + 1)/2·1/4 = 3/16; locational Gini = 1/2 - 3/16 = 5/16.
    # b = (1,1,2) is proportional to size → 0. c = (0,2,2): order r1, r3, r2, points (1/4, 0),
    # (3/4, 1/2), (1, 1): area 1/8 + 3/16 = 5/16 → 3/16. d = (0,0,4): points (1/4,0), (1/2,0), (1,1):
    # area 1/4 → 1/4.
    assert locational_gini(MAT).tolist() == pytest.approx([5 / 16, 0, 3 / 16, 1 / 4])


def test_per_industry_indices_are_nan_for_an_all_zero_column():
    for index in (hoover_index, gini, locational_gini):
        values = index(WITH_ZEROS)
        assert np.isnan(values["e"]), index.__name__
    # an all-zero region carries no weight in the locational Gini or the Gini's ordering of shares
    assert locational_gini(WITH_ZEROS)[INDUSTRIES].tolist() == pytest.approx(locational_gini(MAT).tolist())


def test_single_region_concentration_is_zero():
    one = MAT.loc[["r3"]]
    assert gini(one).fillna(-1).tolist() == [-1, 0.0, 0.0, 0.0]  # a is all zero → NaN
    assert locational_gini(one)[["b", "c", "d"]].tolist() == [0.0, 0.0, 0.0]
    assert krugman_index(one).tolist() == [0.0]


def test_diversity_and_ubiquity():
    # binary LQ (ties included): r1 = {a, b}, r2 = {a, b, c}, r3 = {b, c, d}
    assert diversity(MAT, rca=True).tolist() == [2, 3, 3]
    assert ubiquity(MAT, rca=True).tolist() == [2, 3, 2, 1]
    binary = location_quotient(MAT, binary=True)
    assert diversity(binary).tolist() == [2, 3, 3] and ubiquity(binary).tolist() == [2, 3, 2, 1]
    assert diversity(WITH_ZEROS, rca=True)["r0"] == 0 and ubiquity(WITH_ZEROS, rca=True)["e"] == 0
    with pytest.raises(FtzlinkError, match=r"expected a binary \(0/1\) matrix, found 3 at row 'r1', column 'a'"):
        diversity(MAT)


def test_bad_input_is_refused():
    with pytest.raises(FtzlinkError, match="negative value"):
        krugman_index(MAT.replace(4, -4))
    with pytest.raises(FtzlinkError, match="expected a pandas DataFrame"):
        herfindahl(MAT.to_numpy())
    with pytest.raises(FtzlinkError, match="reference is only used with rca=True"):
        diversity(location_quotient(MAT, binary=True), reference=NATIONAL)
