"""Distance weights and Moran's I against esda and a hand-worked case."""

from itertools import permutations

import numpy as np
import pandas as pd
import pytest
from conftest import lazy_import

from ftzlink.errors import FtzlinkError
from ftzlink.resampling import permutation_batches
from ftzlink.stats import distance_weights, morans_i

esda, weights = lazy_import("esda"), lazy_import("libpysal.weights")

LINE = list("abcd")
CONTIGUITY = pd.DataFrame(np.eye(4, k=1) + np.eye(4, k=-1), index=LINE, columns=LINE)


def test_morans_i_hand_example_on_a_line():
    # y = (1, 2, 3, 4), z = (−1.5, −.5, .5, 1.5); row-standardised contiguity:
    # Σ w z_i z_j = .75 + .25 + .25 + .75 = 2, S0 = 4, Σ z² = 5 → I = (4/4)(2/5) = 0.4
    res = morans_i(pd.Series([1.0, 2.0, 3.0, 4.0], index=LINE, name="gdp"), CONTIGUITY, 99, seed=0)
    assert res.table.loc["gdp", "estimate"] == pytest.approx(0.4)
    assert res.table.loc["gdp", "expected"] == pytest.approx(-1 / 3)
    # binary weights: S0 = 6, Σ w z_i z_j = 2·(.75 − .25 + .75) = 2.5 → I = (4/6)(2.5/5) = 1/3
    binary = morans_i(pd.Series([1.0, 2.0, 3.0, 4.0], index=LINE), CONTIGUITY, 9, seed=0, transformation="b")
    assert binary.table.loc["y", "estimate"] == pytest.approx(1 / 3)


def _zones(n=9, seed=3):
    rng = np.random.default_rng(seed)
    zones = [f"z{i}" for i in range(n)]
    xy = rng.uniform(0, 500, (n, 2))
    dist = np.sqrt(((xy[:, None] - xy[None, :]) ** 2).sum(axis=2))
    values = pd.DataFrame({"gdp": xy[:, 0] * 3 + rng.normal(0, 100, n), "firms": rng.uniform(0, 1, n)},
                          index=zones)
    return zones, pd.DataFrame(dist, index=zones, columns=zones), values


@pytest.mark.parametrize("transformation", ["r", "b", "o"])
def test_morans_i_equals_esda_on_the_same_weights(transformation):
    zones, dist, values = _zones()
    w = distance_weights(dist, "inverse", alpha=1.0, threshold=250)
    res = morans_i(values, w, 49, seed=1, transformation=transformation)
    # the same weights built directly: 1/d for pairs at most 250 apart
    d = dist.to_numpy()
    full = np.where(~np.eye(len(zones), dtype=bool) & (d <= 250), 1 / np.where(d > 0, d, 1), 0.0)
    assert 0 < (full > 0).sum() < len(zones) * (len(zones) - 1)   # not a complete graph
    for attr in ["gdp", "firms"]:
        ref = esda.Moran(values[attr].to_numpy(), weights.full2W(full, ids=zones), transformation=transformation,
                         permutations=0)
        row = res.table.loc[attr]
        assert row["estimate"] == pytest.approx(ref.I, rel=1e-12)
        assert row["expected"] == pytest.approx(ref.EI)
        assert row["z_norm"] == pytest.approx(ref.z_norm, rel=1e-10)
        assert row["p_norm"] == pytest.approx(ref.p_norm, rel=1e-10)
        assert row["z_rand"] == pytest.approx(ref.z_rand, rel=1e-10)
        assert row["p_rand"] == pytest.approx(ref.p_rand, rel=1e-10)
    assert res.null.shape == (49, 2)
    assert set(res.model) == {"gdp", "firms"}


def test_morans_i_exact_permutation_pvalue_enumerated():
    zones, dist, values = _zones(n=6, seed=5)
    w = distance_weights(dist, "knn", k=2)
    res = morans_i(values["gdp"], w, n_permutations="all")
    wr = w.to_numpy() / w.to_numpy().sum(axis=1, keepdims=True)
    y = values["gdp"].to_numpy()

    def moran(v):
        z = v - v.mean()
        return len(v) / wr.sum() * (z @ wr @ z) / (z @ z)

    observed = moran(y)
    null = np.array([moran(y[list(p)]) for p in permutations(range(6))])
    assert len(null) == 720
    expected = -1 / 5
    assert res.table.loc["gdp", "estimate"] == pytest.approx(observed)
    assert res.table.loc["gdp", "p_greater"] == pytest.approx(np.mean(null >= observed - 1e-12))
    assert res.table.loc["gdp", "p_less"] == pytest.approx(np.mean(null <= observed + 1e-12))
    two_sided = np.mean(np.abs(null - expected) >= abs(observed - expected) - 1e-12)
    assert res.table.loc["gdp", "p_value"] == pytest.approx(two_sided)
    np.testing.assert_allclose(np.sort(res.null[:, 0]), np.sort(null), atol=1e-12)


def test_morans_i_same_seed_identical_output_and_accepts_libpysal_w():
    zones, dist, values = _zones()
    w = distance_weights(dist, "band", threshold=300)
    first = morans_i(values, w, 60, seed=4)
    second = morans_i(values, w, 60, seed=4)
    pd.testing.assert_frame_equal(first.table, second.table)
    np.testing.assert_array_equal(first.null, second.null)
    assert not np.array_equal(first.null, morans_i(values, w, 60, seed=5).null)
    as_w = morans_i(values, weights.full2W(w.to_numpy(), ids=zones), 60, seed=4)
    pd.testing.assert_frame_equal(as_w.table, first.table)


def test_morans_i_aligns_values_to_weight_labels():
    zones, dist, values = _zones()
    w = distance_weights(dist)
    base = morans_i(values, w, 20, seed=0).table
    pd.testing.assert_frame_equal(morans_i(values.iloc[::-1], w, 20, seed=0).table, base)


def test_distance_weights_by_hand():
    d = pd.DataFrame([[0, 1, 2, 5], [1, 0, 4, 6], [2, 4, 0, 3], [5, 6, 3, 0]], index=LINE, columns=LINE,
                     dtype=float)
    inv = distance_weights(d, alpha=2)
    assert inv.loc["a"].tolist() == pytest.approx([0, 1, 1 / 4, 1 / 25])
    band = distance_weights(d, "band", threshold=3)
    assert band.loc["c"].tolist() == [1.0, 0.0, 0.0, 1.0]
    knn = distance_weights(d, "knn", k=1)
    assert knn.loc["d"].tolist() == [0.0, 0.0, 1.0, 0.0]
    assert knn.to_numpy().sum(axis=1).tolist() == [1.0] * 4
    cut = distance_weights(d, "inverse", threshold=4)
    assert cut.loc["b", "d"] == 0.0 and cut.loc["b", "c"] == pytest.approx(0.25)


def test_distance_weights_and_morans_i_errors():
    d = pd.DataFrame([[0, 1, 20], [1, 0, 25], [20, 25, 0]], index=list("abc"), columns=list("abc"), dtype=float)
    with pytest.raises(FtzlinkError, match="without any neighbour: c"):
        distance_weights(d, "band", threshold=5)
    with pytest.raises(FtzlinkError, match="threshold: required"):
        distance_weights(d, "band")
    with pytest.raises(FtzlinkError, match="1 ≤ k < 3"):
        distance_weights(d, "knn", k=3)
    same = d.copy()
    same.loc["a", "b"] = same.loc["b", "a"] = 0.0
    with pytest.raises(FtzlinkError, match="zero distance between 'a' and 'b'"):
        distance_weights(same)
    with pytest.raises(FtzlinkError, match="same for every zone"):
        morans_i(pd.Series(1.0, index=LINE), CONTIGUITY, 9, seed=0)
    with pytest.raises(FtzlinkError, match="only in values"):
        morans_i(pd.Series([1.0, 2, 3, 4, 5], index=[*LINE, "e"]), CONTIGUITY, 9)
    gap = pd.Series([1.0, np.nan, 3.0, 4.0], index=LINE, name="gdp")
    with pytest.raises(FtzlinkError, match="'gdp' for zone.*b"):
        morans_i(gap, CONTIGUITY, 9)
    with pytest.raises(FtzlinkError, match="at least 4 zones"):
        morans_i(pd.Series([1.0, 2.0, 3.0], index=list("abc")), distance_weights(d), 9)


# ------------------------------------------------------------------ sparse libpysal weights

def _knn_zones(n=60, k=4, seed=8):
    rng = np.random.default_rng(seed)
    points = rng.uniform(0, 100, (n, 2))
    knn = weights.KNN(points, k=k, ids=[f"z{i}" for i in range(n)], silence_warnings=True)
    values = pd.DataFrame({"gdp": points[:, 0] + rng.normal(0, 15, n), "firms": rng.lognormal(size=n)},
                          index=knn.id_order)
    return points, knn, values


@pytest.mark.parametrize("transformation", ["r", "b", "o"])
def test_morans_i_with_sparse_knn_weights_equals_esda(transformation):
    points, knn, values = _knn_zones()
    res = morans_i(values.iloc[::-1], knn, 199, seed=3, transformation=transformation)
    assert knn.transform == "O"                                   # the user's W is left as it was
    n = len(values)
    perms = np.concatenate(list(permutation_batches(n, 199, 3, 2 * n)))
    for j, attr in enumerate(["gdp", "firms"]):
        y = values[attr].to_numpy()
        ref = esda.Moran(y, weights.KNN(points, k=4, silence_warnings=True), transformation=transformation, permutations=0)
        row = res.table.loc[attr]
        for column, expected in [("estimate", ref.I), ("z_norm", ref.z_norm), ("p_norm", ref.p_norm),
                                 ("z_rand", ref.z_rand), ("p_rand", ref.p_rand), ("expected", ref.EI)]:
            assert row[column] == pytest.approx(expected, rel=1e-12, abs=1e-15)
        # the null: I of each permuted attribute with the dense transformed weights
        w = ref.w.full()[0]
        z = y - y.mean()
        direct = np.array([n / w.sum() * (z[p] @ w @ z[p]) / (z @ z) for p in perms])
        np.testing.assert_allclose(res.null[:, j], direct, rtol=0, atol=1e-12)


def test_morans_i_ignores_self_neighbours_of_a_w():
    _, knn, values = _knn_zones(n=12, k=3)
    neighbors = {z: [*knn.neighbors[z], z] for z in knn.id_order}
    looped = weights.W(neighbors, id_order=knn.id_order, silence_warnings=True)
    pd.testing.assert_frame_equal(morans_i(values, looped, 50, seed=2).table, morans_i(values, knn, 50, seed=2).table)


def test_morans_i_names_islands_of_a_w():
    _, knn, values = _knn_zones(n=12, k=3)
    neighbors = {z: ([] if z == "z4" else [q for q in knn.neighbors[z] if q != "z4"]) for z in knn.id_order}
    neighbors["z0"] = neighbors["z0"] or ["z1"]
    with pytest.raises(FtzlinkError, match="without any neighbour: z4"):
        morans_i(values, weights.W(neighbors, id_order=knn.id_order, silence_warnings=True), 9)
