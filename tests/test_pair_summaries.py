"""block_means, relatedness_complementarity, pairs_to_long and network_measures by hand."""

import numpy as np
import pandas as pd
import pytest

from ftzlink import FtzlinkError
from ftzlink.indices import co_occurrence, relatedness
from ftzlink.indices.complementarity_indices import relatedness_complementarity
from ftzlink.pairs import block_means, pairs_to_long
from ftzlink.stats.centrality import network_measures

S = pd.DataFrame([[1, .5, .1], [.5, 1, .2], [.1, .2, 1]], index=list("abc"), columns=list("abc"))


def test_block_means_by_hand():
    b = block_means(S, pd.Series({"a": "x", "b": "x", "c": "y"}))
    assert b.loc["x", "x"] == 0.5              # only pair a–b
    assert b.loc["x", "y"] == pytest.approx((0.1 + 0.2) / 2)
    assert np.isnan(b.loc["y", "y"])           # one region: no within pair


def test_block_means_directional_and_nan():
    d = pd.DataFrame([[np.nan, 1, 2], [3, np.nan, np.nan], [5, 6, np.nan]], index=list("abc"), columns=list("abc"))
    b = block_means(d, pd.Series({"a": "x", "b": "x", "c": "y"}))
    assert b.loc["x", "y"] == 2.0               # a→c = 2; b→c is NaN and not counted
    assert b.loc["y", "x"] == 5.5               # c→a, c→b
    assert b.loc["x", "x"] == 2.0               # a→b = 1, b→a = 3


def test_block_means_label_mismatch():
    with pytest.raises(FtzlinkError, match="only in pairwise: \\[c\\]"):
        block_means(S, pd.Series({"a": "x", "b": "x"}))


def test_relatedness_complementarity_by_hand():
    m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
    rel = relatedness(co_occurrence(m), method="cosine")
    # cosine relatedness from co-occurrences c_ab=2, c_ac=1, c_bc=2, c_bd=1, c_cd=1;
    # s_a=3, s_b=5, s_c=4, s_d=2 → φ_ca = 1/√12, φ_cb = 2/√20, φ_cd = 1/√8.
    phi_c = np.array([1 / np.sqrt(12), 2 / np.sqrt(20), 0, 1 / np.sqrt(8)])
    phi_d = np.array([0, 1 / np.sqrt(10), 1 / np.sqrt(8), 0])
    rd_r1_c = (phi_c[0] + phi_c[1]) / phi_c.sum()   # r1 holds a and b
    rd_r1_d = (phi_d[0] + phi_d[1]) / phi_d.sum()
    rc = relatedness_complementarity(m, rel)
    assert rc.loc["r1", "r2"] == pytest.approx(rd_r1_c)             # r2 adds only c
    assert rc.loc["r1", "r3"] == pytest.approx((rd_r1_c + rd_r1_d) / 2)
    assert np.isnan(rc.loc["r2", "r1"])                              # r1 ⊂ r2: nothing to add
    assert rc.loc["r1", "r3"] != rc.loc["r3", "r1"]                  # directional


def test_pairs_to_long():
    und = pairs_to_long(S)
    assert und.values.tolist() == [["a", "b", .5], ["a", "c", .1], ["b", "c", .2]]
    assert len(pairs_to_long(S, directed=True)) == 6


def test_network_measures_by_hand():
    w = pd.DataFrame([[0, .5, 0], [.5, 0, .25], [0, .25, 0]], index=list("abc"), columns=list("abc"))
    m = network_measures(w)
    # path a–b–c; distances 1/w: a–b 2, b–c 4. closeness(a) = 2 / (2 + 6)
    assert m["degree"].tolist() == [1, 2, 1]
    assert m["strength"].tolist() == [0.5, 0.75, 0.25]
    assert m.loc["b", "betweenness"] == 1.0
    assert m.loc["a", "closeness"] == pytest.approx(0.25)
    assert m.attrs["density"] == pytest.approx(2 / 3)


def test_same_group():
    from ftzlink.pairs import same_group

    m = same_group(pd.Series({"a": "x", "b": "y", "c": "x"}))
    assert m.to_numpy().tolist() == [[1, 0, 1], [0, 1, 0], [1, 0, 1]]


def test_pairs_to_long_several_matrices():
    other = S.loc[["c", "b", "a"], ["c", "b", "a"]] * 2   # same labels, other order
    both = pairs_to_long({"s": S, "twice": other})
    assert both["twice"].tolist() == [1.0, 0.2, 0.4]         # aligned to S's order
    with pytest.raises(FtzlinkError, match="'bad' has other labels"):
        pairs_to_long({"s": S, "bad": S.rename(index={"c": "d"}, columns={"c": "d"})})


def test_agreement_table_monotone_transform_agrees_perfectly():
    from ftzlink.stats.robustness import agreement_table

    z = list("abcde")
    rng = np.random.default_rng(0)
    upper = np.triu(rng.random((5, 5)), 1)
    base = pd.DataFrame(upper + upper.T, z, z)
    table = agreement_table(base, {"squared": base ** 2, "negated": -base}, n_permutations=99, seed=3)
    # Spearman r of a strictly increasing transform is 1, of a decreasing one −1
    assert table.loc["squared", "estimate"] == pytest.approx(1.0)
    assert table.loc["negated", "estimate"] == pytest.approx(-1.0)
    assert table.loc["squared", "n_zones"] == 5


def test_mutual_complementarity_by_hand():
    from ftzlink.pairs import mutual_complementarity

    c = pd.DataFrame([[np.nan, 0.8, 0.2], [0.4, np.nan, np.nan], [0.6, 0.0, np.nan]],
                     index=list("abc"), columns=list("abc"))
    m = mutual_complementarity(c)
    assert m.loc["a", "b"] == pytest.approx(0.6) and m.loc["b", "a"] == pytest.approx(0.6)   # (0.8 + 0.4) / 2
    assert m.loc["b", "c"] == 0.0                                                         # NaN and 0 → no link
    assert m.loc["a", "c"] == pytest.approx(0.4) and np.all(np.diag(m) == 0)
