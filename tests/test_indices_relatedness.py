"""Co-occurrence, relatedness, relatedness density, proximity and density worked out by hand.

The 0/1 matrix M (the binary LQ of the specialisation example):

        a  b  c  d
    r1  1  1  0  0
    r2  1  1  1  0
    r3  0  1  1  1       ubiquity k = (2, 3, 2, 1)

Co-occurrences (regions holding both): ab 2, ac 1, ad 0, bc 2, bd 1, cd 1.
"""

from fractions import Fraction as F

import numpy as np
import pandas as pd
import pytest

from ftzlink import FtzlinkError
from ftzlink.indices import (
    co_occurrence,
    density,
    proximity,
    relatedness,
    relatedness_density,
)

IND = ["a", "b", "c", "d"]
M = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=IND)
VALUES = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=IND)
COOC = [[0, 2, 1, 0], [2, 0, 2, 1], [1, 2, 0, 1], [0, 1, 1, 0]]


def square(rows):
    return pd.DataFrame(rows, index=IND, columns=IND, dtype=float)


def test_co_occurrence_by_hand():
    pd.testing.assert_frame_equal(co_occurrence(M), pd.DataFrame(COOC, index=IND, columns=IND))
    with_diag = co_occurrence(M, diagonal=True)
    assert np.diag(with_diag).tolist() == [2, 3, 2, 1]  # the ubiquities


def test_co_occurrence_requires_a_binary_matrix():
    with pytest.raises(FtzlinkError, match=r"expected a binary \(0/1\) matrix, found 3 at row 'r1', column 'a'"):
        co_occurrence(VALUES)


def econgeo_relatedness(c, method):
    """EconGeo's normalisations written out pair by pair in exact fractions."""
    s = [sum(row) for row in c]  # a 3, b 5, c 4, d 2
    t = sum(s)  # 14
    out = []
    for i in range(4):
        row = []
        for j in range(4):
            cij, si, sj = F(c[i][j]), F(s[i]), F(s[j])
            if i == j or cij == 0:
                row.append(0.0)
                continue
            if method == "prob":
                value = cij / ((sj / t * (si / (t - sj)) + si / t * (sj / (t - si))) * F(t, 2))
            elif method == "association":
                value = cij * t / (si * sj)
            elif method == "cosine":
                value = float(cij) / float(si * sj) ** 0.5
            else:
                value = cij / (si + sj - cij)
            row.append(float(value))
        out.append(row)
    return out


@pytest.mark.parametrize("method", ["prob", "association", "cosine", "jaccard"])
def test_relatedness_against_the_formula(method):
    expected = square(econgeo_relatedness(COOC, method))
    pd.testing.assert_frame_equal(relatedness(co_occurrence(M), method), expected, rtol=1e-12)


def test_relatedness_spot_values():
    # s = (3, 5, 4, 2), T = 14.
    # association(a,b) = 2·14/(3·5) = 28/15; jaccard(b,c) = 2/(5+4-2) = 2/7;
    # prob(a,b) = 2 / [((5/14)(3/9) + (3/14)(5/11))·7] = 2 / (50/33) = 1.32
    rel = {m: relatedness(co_occurrence(M), m) for m in ("prob", "association", "jaccard")}
    assert rel["association"].loc["a", "b"] == pytest.approx(28 / 15)
    assert rel["jaccard"].loc["b", "c"] == pytest.approx(2 / 7)
    assert rel["prob"].loc["a", "b"] == pytest.approx(1.32)
    assert relatedness(co_occurrence(M), "Jaccard").equals(rel["jaccard"])  # case-insensitive, like EconGeo


def test_relatedness_input_checks():
    asym = square(COOC)
    asym.loc["a", "b"] = 3
    with pytest.raises(FtzlinkError, match=r"cooc is not symmetric: \['a', 'b'\] = 3 but \['b', 'a'\] = 2"):
        relatedness(asym)
    with pytest.raises(FtzlinkError, match="method: must be one of .*got 'lift'"):
        relatedness(square(COOC), "lift")
    with pytest.raises(FtzlinkError, match=r"cooc rows and cooc columns have different"):
        relatedness(square(COOC).rename(columns={"d": "z"}))


def test_relatedness_of_nothing_is_zero():
    assert (relatedness(square(np.zeros((4, 4)))) == 0).all().all()  # 0/0 → 0, as in EconGeo


def test_relatedness_density_by_hand():
    # column sums of the co-occurrence matrix: a 3, b 5, c 4, d 2
    # r1 holds {a, b}: a = (0 + 2)/3, b = (2 + 0)/5, c = (1 + 2)/4, d = (0 + 1)/2, times 100
    rd = relatedness_density(M, co_occurrence(M))
    assert rd.loc["r1"].tolist() == pytest.approx([200 / 3, 40, 75, 50])
    # r3 holds {b, c, d}: a = (2 + 1 + 0)/3, b = (0 + 2 + 1)/5, c = (2 + 0 + 1)/4, d = (1 + 1 + 0)/2
    assert rd.loc["r3"].tolist() == pytest.approx([100, 60, 75, 100])


def test_relatedness_density_zero_handling_and_labels():
    rel = square(COOC)
    rel["d"] = 0.0  # nothing relates to d → 0/0
    assert relatedness_density(M, rel)["d"].isna().all()
    with pytest.raises(FtzlinkError, match=r"only in rel: \[z\]; only in mat columns: \[d\]"):
        relatedness_density(M, square(COOC).rename(index={"d": "z"}, columns={"d": "z"}))


def test_proximity_by_hand():
    # φ_ij = C_ij / max(k_i, k_j), k = (2, 3, 2, 1): ab 2/3, ac 1/2, ad 0, bc 2/3, bd 1/3, cd 1/2
    expected = square([[1, 2 / 3, 1 / 2, 0], [2 / 3, 1, 2 / 3, 1 / 3], [1 / 2, 2 / 3, 1, 1 / 2], [0, 1 / 3, 1 / 2, 1]])
    pd.testing.assert_frame_equal(proximity(M, rca=False), expected)
    pd.testing.assert_frame_equal(proximity(VALUES), expected)  # rca=True: M is the binary LQ of VALUES


def test_proximity_of_an_absent_industry_is_zero():
    prox = proximity(M.assign(e=0), rca=False)
    assert (prox["e"] == 0).all() and (prox.loc["e"] == 0).all()


def test_density_by_hand():
    # φ without its diagonal, row sums: a 7/6, b 5/3, c 5/3, d 5/6; r1 holds {a, b}:
    # a = φ_ab/(7/6) = (2/3)/(7/6) = 4/7; b = φ_ba/(5/3) = 2/5; c = (φ_ca + φ_cb)/(5/3) = (1/2 + 2/3)/(5/3) = 7/10;
    # d = φ_db/(5/6) = (1/3)/(5/6) = 2/5
    dens = density(M, proximity(M, rca=False), rca=False)
    assert dens.loc["r1"].tolist() == pytest.approx([4 / 7, 2 / 5, 7 / 10, 2 / 5])
    # r3 holds {b, c, d}: a = (2/3 + 1/2)/(7/6) = 1; b = (2/3 + 1/3)/(5/3) = 3/5; c = (2/3 + 1/2)/(5/3) = 7/10; d = 1
    assert dens.loc["r3"].tolist() == pytest.approx([1, 3 / 5, 7 / 10, 1])
    pd.testing.assert_frame_equal(density(VALUES, proximity(VALUES)), dens)


def test_density_including_self_proximity_by_hand():
    # the earlier form (include_self=True), as py-ecomplexity 0.5 computes it:
    # row sums of φ: a 13/6, b 8/3, c 8/3, d 11/6; r1 holds {a, b}:
    # a = (1 + 2/3)/(13/6) = 10/13; b = (2/3 + 1)/(8/3) = 5/8; c = (1/2 + 2/3)/(8/3) = 7/16; d = (1/3)/(11/6) = 2/11
    dens = density(M, proximity(M, rca=False), rca=False, include_self=True)
    assert dens.loc["r1"].tolist() == pytest.approx([10 / 13, 5 / 8, 7 / 16, 2 / 11])
    pd.testing.assert_frame_equal(density(VALUES, proximity(VALUES), include_self=True), dens)
    # for a symmetric proximity matrix density with self-proximity is relatedness density / 100
    pd.testing.assert_frame_equal(dens * 100, relatedness_density(M, proximity(M, rca=False)))


def test_self_proximity_decides_which_product_is_densest():
    # r1 holds {a}, r2 {a, b}, r3 {b, c}; ubiquity (2, 2, 1); co-occurrences ab 1, ac 0, bc 1, so
    # φ_ab = 1/2, φ_ac = 0, φ_bc = 1/max(2, 1) = 1/2 and φ_ii = 1.
    m = pd.DataFrame([[1, 0, 0], [1, 1, 0], [0, 1, 1]], index=["r1", "r2", "r3"], columns=list("abc"))
    prox = proximity(m, rca=False)
    # with self-proximity (row sums a 3/2, b 2, c 3/2) r1's own product a looks densest:
    # a = 1/(3/2) = 2/3, b = (1/2)/2 = 1/4, c = 0
    assert density(m, prox, rca=False, include_self=True).loc["r1"].tolist() == pytest.approx([2 / 3, 1 / 4, 0])
    # without it (row sums a 1/2, b 1, c 1/2) only the other products count: a = 0 (r1 holds nothing
    # else near a), b = φ_ba = 1/2, c = (φ_ca + φ_cb·0)/(1/2) = 0 — b is r1's densest product
    assert density(m, prox, rca=False).loc["r1"].tolist() == pytest.approx([0, 1 / 2, 0])
    # r3 holds {b, c}: a = (1/2)/(1/2) = 1, b = φ_bc/1 = 1/2, c = φ_cb/(1/2) = 1 (with self: 1/3, 3/4, 1)
    assert density(m, prox, rca=False).loc["r3"].tolist() == pytest.approx([1, 1 / 2, 1])
    assert density(m, prox, rca=False, include_self=True).loc["r3"].tolist() == pytest.approx([1 / 3, 3 / 4, 1])


def test_density_flag_is_checked():
    with pytest.raises(FtzlinkError, match="include_self: expected True or False, got 'no'"):
        density(M, proximity(M, rca=False), rca=False, include_self="no")


def test_density_checks_prox_labels():
    with pytest.raises(FtzlinkError, match=r"only in prox: \[z\]; only in mat columns: \[d\]"):
        density(M, proximity(M, rca=False).rename(index={"d": "z"}, columns={"d": "z"}), rca=False)


def test_sparse_presence_matches_definition():
    # A sparse positioning-like matrix goes through scipy.sparse; compare with the definition.
    rng = np.random.default_rng(3)
    m = (rng.random((30, 200)) < 0.02).astype(int)
    mat = pd.DataFrame(m)
    counts = m.T @ m
    k = np.diag(counts)
    with np.errstate(invalid="ignore"):
        expected = np.nan_to_num(counts / np.maximum.outer(k, k))
    np.testing.assert_allclose(proximity(mat, rca=False).to_numpy(), expected, rtol=0, atol=0)
    with np.errstate(invalid="ignore"):
        expected_density = (m @ expected.T) / expected.sum(axis=1)
    phi = proximity(mat, rca=False)
    np.testing.assert_allclose(density(mat, phi, rca=False, include_self=True).to_numpy(), expected_density, rtol=1e-12)
    off = expected - np.diag(np.diag(expected))  # without self-proximity
    with np.errstate(invalid="ignore"):
        expected_density = (m @ off.T) / off.sum(axis=1)
    np.testing.assert_allclose(density(mat, phi, rca=False).to_numpy(), expected_density, rtol=1e-12)
