"""Target fidelity (plans against host strengths) against a small example worked by hand.

Units u1, u2 are hosted by region H1, u3 by H2; H3 hosts nothing. Six industries:

    targets  i1 i2 i3 i4 i5 i6        strength  i1 i2 i3 i4 i5 i6
    u1        1  1  1  0  0  1        H1         1  1  0  0  1  NaN
    u2        0  0  1  1  0  0        H2         0  1  1  0  0  0
    u3        0  1  1  1  1  0        H3         1  1  1  1  1  1

H1's strength in i6 is not observed, so i6 leaves every count for u1 and u2:
H1: N = 5 industries with data, K = 3 strong (i1, i2, i5); H2: N = 6, K = 2 (i2, i3).
u1: targets i1, i2, i3 (i6 excluded) → n = 3, k = 2 (i1, i2); 1 target without data
u2: targets i3, i4 → n = 2, k = 0
u3: targets i2, i3, i4, i5 → n = 4, k = 2 (i2, i3)
"""

from math import comb

import numpy as np
import pandas as pd
import pytest
from scipy.stats import fisher_exact

from ftzlink.errors import FtzlinkError
from ftzlink.indices.fidelity import target_fidelity, untargeted_strengths, weak_targets

INDUSTRIES = ["i1", "i2", "i3", "i4", "i5", "i6"]
TARGETS = pd.DataFrame([[1, 1, 1, 0, 0, 1], [0, 0, 1, 1, 0, 0], [0, 1, 1, 1, 1, 0]],
                       index=pd.Index(["u1", "u2", "u3"], name="zone_id"), columns=INDUSTRIES)
STRENGTH = pd.DataFrame([[1, 1, 0, 0, 1, np.nan], [0, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1]],
                        index=["H1", "H2", "H3"], columns=INDUSTRIES)
HOST = pd.Series({"u1": "H1", "u2": "H1", "u3": "H2"})


def tail(k: int, big_n: int, big_k: int, n: int) -> float:
    """P(X ≥ k), X ~ Hypergeometric: Σ_{j≥k} C(K, j) C(N − K, n − j) / C(N, n)."""
    return sum(comb(big_k, j) * comb(big_n - big_k, n - j) for j in range(k, min(big_k, n) + 1)) / comb(big_n, n)


def test_target_fidelity_by_hand():
    f = target_fidelity(TARGETS, STRENGTH, HOST)
    assert f.index.equals(TARGETS.index) and f.index.name == "zone_id"
    assert f["host"].tolist() == ["H1", "H1", "H2"]
    assert f["n_industries"].tolist() == [5, 5, 6]
    assert f["n_strong_host"].tolist() == [3, 3, 2]
    assert f["n_targeted"].tolist() == [3, 2, 4]
    assert f["n_strong_targeted"].tolist() == [2, 0, 2]
    assert f["n_targeted_no_data"].tolist() == [1, 0, 0]
    np.testing.assert_allclose(f["share_strong"], [2 / 3, 0.0, 0.5], rtol=1e-12)
    np.testing.assert_allclose(f["expected_share"], [3 / 5, 3 / 5, 2 / 6], rtol=1e-12)
    # u1: P(X ≥ 2), N = 5, K = 3, n = 3: [C(3,2)·C(2,1) + C(3,3)·C(2,0)] / C(5,3) = (6 + 1) / 10 = 0.7
    # u2: P(X ≥ 0) = 1
    # u3: P(X ≥ 2), N = 6, K = 2, n = 4: C(2,2)·C(4,2) / C(6,4) = 6 / 15 = 0.4
    assert tail(2, 5, 3, 3) == pytest.approx(0.7) and tail(2, 6, 2, 4) == pytest.approx(0.4)
    np.testing.assert_allclose(f["p_value"], [0.7, 1.0, 0.4], rtol=1e-12)


def test_p_value_is_one_sided_fisher_exact():
    # the 2×2 table (targeted / not) × (strong / not) of u3: [[2, 2], [0, 2]]
    f = target_fidelity(TARGETS, STRENGTH, HOST)
    assert f.loc["u3", "p_value"] == pytest.approx(fisher_exact([[2, 2], [0, 2]], alternative="greater")[1])


def test_larger_random_example_matches_comb_formula():
    rng = np.random.default_rng(11)
    cols = [f"d{i:02d}" for i in range(30)]
    targets = pd.DataFrame((rng.uniform(size=(8, 30)) < 0.3).astype(int), index=[f"z{i}" for i in range(8)],
                           columns=cols)
    strength = pd.DataFrame((rng.uniform(size=(3, 30)) < 0.4).astype(float), index=["P", "Q", "R"], columns=cols)
    strength[strength.columns[:4]] = strength[strength.columns[:4]].where(rng.uniform(size=(3, 4)) < 0.5)
    host = pd.Series(["P", "P", "P", "Q", "Q", "R", "R", "R"], index=targets.index)
    f = target_fidelity(targets, strength[cols[::-1]], host)  # column order does not matter
    for unit, row in f.iterrows():
        s = strength.loc[host[unit]]
        seen = s.notna()
        t = targets.loc[unit][seen]
        big_n, big_k = int(seen.sum()), int(s[seen].sum())
        n, k = int(t.sum()), int((t * s[seen]).sum())
        assert (row.n_industries, row.n_strong_host, row.n_targeted, row.n_strong_targeted) == (big_n, big_k, n, k)
        assert row.p_value == pytest.approx(tail(k, big_n, big_k, n), rel=1e-10)


def test_nan_strength_is_excluded_not_counted_as_weak():
    # u1 targets i6, where H1 has no data: not counted in n_targeted, not a weak target
    f = target_fidelity(TARGETS, STRENGTH, HOST)
    assert f.loc["u1", "n_targeted"] == 3 and f.loc["u1", "n_targeted_no_data"] == 1
    assert ("u1", "i6") not in set(zip(weak_targets(TARGETS, STRENGTH, HOST)["unit"],
                                       weak_targets(TARGETS, STRENGTH, HOST)["industry"]))
    # once H1's i6 is observed as strong, it counts: N = 6, K = 4, n = 4, k = 3
    observed = STRENGTH.fillna(1)
    g = target_fidelity(TARGETS, observed, HOST).loc["u1"]
    assert (g.n_industries, g.n_strong_host, g.n_targeted, g.n_strong_targeted) == (6, 4, 4, 3)
    assert g.p_value == pytest.approx(tail(3, 6, 4, 4))  # [C(4,3)C(2,1) + C(4,4)] / C(6,4) = 9/15
    assert g.p_value == pytest.approx(9 / 15)


def test_unit_without_targets_and_host_without_data():
    targets = TARGETS.copy()
    targets.loc["u2"] = 0
    strength = STRENGTH.copy()
    strength.loc["H2"] = np.nan
    f = target_fidelity(targets, strength, HOST)
    assert f.loc["u2", "n_targeted"] == 0 and np.isnan(f.loc["u2", "share_strong"])
    assert f.loc["u2", "p_value"] == 1.0
    assert f.loc["u3", "n_industries"] == 0 and f.loc["u3", "n_targeted_no_data"] == 4
    assert f.loc["u3", ["expected_share", "share_strong", "p_value"]].isna().all()


def test_boolean_inputs_are_accepted_as_0_1():
    f = target_fidelity(TARGETS.astype(bool), STRENGTH.fillna(0).astype(bool), HOST)
    assert f["n_strong_targeted"].tolist() == [2, 0, 2]


def test_weak_targets_by_hand():
    # targeted where the host's strength is 0: u1 i3 (H1); u2 i3, i4 (H1); u3 i4, i5 (H2)
    weak = weak_targets(TARGETS, STRENGTH, HOST)
    assert list(weak.columns) == ["unit", "region", "industry"]
    assert weak.values.tolist() == [["u1", "H1", "i3"], ["u2", "H1", "i3"], ["u2", "H1", "i4"],
                                    ["u3", "H2", "i4"], ["u3", "H2", "i5"]]
    f = target_fidelity(TARGETS, STRENGTH, HOST)
    assert weak.groupby("unit").size().tolist() == (f["n_targeted"] - f["n_strong_targeted"]).tolist()


def test_untargeted_strengths_by_hand():
    # H1 strong in i1, i2, i5; its units target i1, i2, i3, i4, i6 → i5 untargeted.
    # H2 strong in i2, i3; u3 targets both → nothing. H3 hosts no unit → ignored.
    by_region = untargeted_strengths(TARGETS, STRENGTH, HOST)
    assert list(by_region.columns) == ["region", "industry"]
    assert by_region.values.tolist() == [["H1", "i5"]]
    # per unit: u1 misses i5; u2 misses i1, i2, i5; u3 misses nothing
    by_unit = untargeted_strengths(TARGETS, STRENGTH, HOST, by="unit")
    assert list(by_unit.columns) == ["unit", "region", "industry"]
    assert by_unit.values.tolist() == [["u1", "H1", "i5"], ["u2", "H1", "i1"], ["u2", "H1", "i2"],
                                       ["u2", "H1", "i5"]]


def test_empty_lists_keep_their_columns():
    none = untargeted_strengths(TARGETS, STRENGTH * 0, HOST)
    assert none.empty and list(none.columns) == ["region", "industry"]
    assert weak_targets(TARGETS * 0, STRENGTH, HOST).empty


def test_label_mismatch_and_value_errors():
    with pytest.raises(FtzlinkError, match=r"only in targets: \[i6\]; only in strength: \[i7\]"):
        target_fidelity(TARGETS, STRENGTH.rename(columns={"i6": "i7"}), HOST)
    with pytest.raises(FtzlinkError, match=r"host and targets have different row labels: only in host: \[u9\]"):
        target_fidelity(TARGETS, STRENGTH, HOST.rename({"u3": "u9"}))
    with pytest.raises(FtzlinkError, match=r"host: region\(s\) H9 \(of unit\(s\) u3\) are not rows of strength"):
        target_fidelity(TARGETS, STRENGTH, HOST.replace("H2", "H9"))
    with pytest.raises(FtzlinkError, match=r"host: no host region for unit\(s\) u2"):
        target_fidelity(TARGETS, STRENGTH, HOST.replace("H1", None).fillna({"u1": "H1"}))
    with pytest.raises(FtzlinkError, match="host: expected a pandas Series"):
        target_fidelity(TARGETS, STRENGTH, HOST.to_dict())
    half = STRENGTH.astype(float)
    half.loc["H2", "i2"] = 1.5
    with pytest.raises(FtzlinkError, match="strength: expected 0/1 .* found 1.5 at row 'H2', column 'i2'"):
        target_fidelity(TARGETS, half, HOST)
    with pytest.raises(FtzlinkError, match="targets: expected a binary"):
        target_fidelity(TARGETS * 2, STRENGTH, HOST)
    gap = TARGETS.astype(float)
    gap.loc["u1", "i1"] = np.nan
    with pytest.raises(FtzlinkError, match="targets: 1 missing or infinite value.*row 'u1', column 'i1'"):
        target_fidelity(gap, STRENGTH, HOST)
    with pytest.raises(FtzlinkError, match="strength: non-numeric column"):
        target_fidelity(TARGETS, STRENGTH.astype(str), HOST)
    with pytest.raises(FtzlinkError, match="by"):
        untargeted_strengths(TARGETS, STRENGTH, HOST, by="province")
