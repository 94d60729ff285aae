"""Spatial statistics and regressions: the wrappers give esda's and spreg's own numbers.

Peer data: the Columbus neighbourhood crime data shipped with libpysal (49 zones, queen
contiguity from ``columbus.gal``; Anselin 1988). Every wrapper is called with ftzlink's labelled
input (a zone-labelled Series and the libpysal W, or its zone × zone DataFrame) and compared
with esda / spreg called directly on the same arrays with the documented seed: the statistics,
the permutation nulls and the pseudo p-values are identical. The wrappers reimplement nothing
but the conditional permutation null of the local statistics, which ftzlink draws with NumPy
(esda compiles it with numba in every process); the tests below hold it bit for bit to esda's.
"""

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from conftest import lazy_import  # noqa: E402

from ftzlink.errors import FtzlinkError  # noqa: E402
from ftzlink.plot import lisa_map  # noqa: E402
from ftzlink.stats import (  # noqa: E402
    bivariate_moran,
    gearys_c,
    getis_ord_g,
    join_counts,
    local_g,
    local_moran,
    morans_i,
    spatial_regression,
)

esda, spreg, libpysal = (lazy_import(name) for name in ("esda", "spreg", "libpysal"))
pytestmark = pytest.mark.skipif(None in (esda, spreg, libpysal), reason="esda, spreg and libpysal are the peers")


def _columbus_w():
    from libpysal import examples

    with open(examples.get_path("columbus.gal")) as handle:
        return libpysal.io.open(handle.name).read()


@pytest.fixture(scope="module")
def columbus():
    from libpysal import examples

    w = _columbus_w()
    ids = w.id_order
    db = libpysal.io.open(examples.get_path("columbus.dbf"), "r")
    data = pd.DataFrame({c.lower(): db.by_col(c) for c in ("CRIME", "INC", "HOVAL")}, index=pd.Index(ids, name="zone"))
    db.close()
    full, order = w.full()
    frame = pd.DataFrame(full, index=order, columns=order)
    return {"w": w, "frame": frame, "data": data}


@pytest.fixture(scope="module", autouse=True)
def esda_kernels_cached(request, tmp_path_factory):
    """esda compiles its conditional-randomisation kernels (numba, ``esda.crand``) anew in every
    process: about a minute before the first local statistic. The comparisons below need esda's
    compiled kernels, so they are cached on disk between test runs (numba's own cache, in
    pytest's cache directory). numba cannot cache a kernel specialised on a function passed as
    an argument, which ``esda.crand.compute_chunk`` (the loop over observations that calls the
    statistic's kernel) is; it runs here as the Python function it compiles from, so that each
    statistic's compiled kernel (``_moran_local_crand``, ...) and the significance kernel are
    compiled on their own, once, and cached: the numbers are those kernels' numbers."""
    import numba
    from numba.core.caching import NullCache
    from numba.core.registry import CPUDispatcher

    cache = getattr(request.config, "cache", None)
    previous = numba.config.CACHE_DIR
    numba.config.CACHE_DIR = str(cache.mkdir("numba") if cache is not None else tmp_path_factory.mktemp("numba"))
    try:
        modules = [m for m in (getattr(esda, name, None) for name in ("crand", "moran", "getisord", "significance"))
                   if m]
        for module in modules:
            for kernel in vars(module).values():
                if isinstance(kernel, CPUDispatcher) and isinstance(kernel._cache, NullCache):
                    kernel.enable_caching()     # the cache locator is chosen here, from CACHE_DIR
    finally:
        numba.config.CACHE_DIR = previous       # ftzlink's own kernels keep their cache
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(esda.crand, "compute_chunk", esda.crand.compute_chunk.py_func)
        yield


def fresh_w():
    """A new libpysal W for the direct esda / spreg call (esda changes the W it is given)."""
    return _columbus_w()


@pytest.mark.parametrize("as_frame", [False, True])
def test_local_moran_is_esda_moran_local(columbus, as_frame):
    y = columbus["data"]["crime"]
    weights = columbus["frame"] if as_frame else columbus["w"]
    res = local_moran(y, weights, 999, seed=12345)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        direct = esda.Moran_Local(y.to_numpy(), fresh_w(), permutations=999, seed=12345)
    t = res.table
    assert t.index.equals(y.index)
    np.testing.assert_array_equal(t["estimate"].to_numpy(), direct.Is)
    np.testing.assert_array_equal(t["p_sim"].to_numpy(), direct.p_sim)
    np.testing.assert_array_equal(t["z_sim"].to_numpy(), direct.z_sim)
    np.testing.assert_array_equal(res.null, direct.sim)
    labels = {"High-High": "HH", "Low-High": "LH", "Low-Low": "LL", "High-Low": "HL", "Insignificant": "ns"}
    assert t["cluster"].tolist() == [labels[c] for c in direct.get_cluster_labels(0.05)]
    assert t["quadrant"].tolist() == [{1: "HH", 2: "LH", 3: "LL", 4: "HL"}[q] for q in direct.q]
    # the one-sided tails are counts over esda's own null (Phipson & Smyth: (b + 1)/(p + 1))
    k = 0
    assert t["p_greater"].iloc[k] == pytest.approx(((direct.sim[:, k] >= direct.Is[k]).sum() + 1) / 1000)
    assert t["p_less"].iloc[k] == pytest.approx(((direct.sim[:, k] <= direct.Is[k]).sum() + 1) / 1000)
    assert set(t["alternative"]) == {"two-sided"}
    assert (t.loc[t["cluster"] != "ns", "p_sim"] < 0.05).all()


def test_bivariate_local_moran_is_esda_moran_local_bv(columbus):
    d = columbus["data"]
    res = local_moran(d["crime"], columbus["w"], 199, seed=3, covariate=d["inc"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        direct = esda.Moran_Local_BV(d["crime"].to_numpy(), d["inc"].to_numpy(), fresh_w(), permutations=199, seed=3)
    np.testing.assert_array_equal(res.table["estimate"].to_numpy(), direct.Is)
    np.testing.assert_array_equal(res.table["p_sim"].to_numpy(), direct.p_sim)


def test_same_seed_same_result_and_global_state_restored(columbus):
    y = columbus["data"]["crime"]
    np.random.seed(99)
    before = np.random.get_state()[1].copy()
    a = local_moran(y, columbus["w"], 99, seed=5)
    b = local_moran(y, columbus["w"], 99, seed=5)
    g1 = gearys_c(y, columbus["w"], 99, seed=np.random.default_rng(1))
    g2 = gearys_c(y, columbus["w"], 99, seed=np.random.default_rng(1))
    np.testing.assert_array_equal(np.random.get_state()[1], before)
    pd.testing.assert_frame_equal(a.table, b.table)
    pd.testing.assert_frame_equal(g1.table, g2.table)
    assert not np.array_equal(local_moran(y, columbus["w"], 99, seed=6).null, a.null)


@pytest.mark.parametrize("as_frame", [False, True])
def test_morans_i_is_esda_moran(columbus, as_frame):
    # the sparse W (or its dense frame) goes to esda once; ftzlink adds the seeded permutation null
    data = columbus["data"]
    weights = columbus["frame"] if as_frame else columbus["w"]
    res = morans_i(data[["crime", "inc"]], weights, 99, seed=4)
    assert columbus["w"].transform == "O"
    for attr in ("crime", "inc"):
        direct = esda.Moran(data[attr].to_numpy(), fresh_w(), permutations=0)
        row = res.table.loc[attr]
        for column, value in [("estimate", direct.I), ("expected", direct.EI), ("z_norm", direct.z_norm),
                              ("p_norm", direct.p_norm), ("z_rand", direct.z_rand), ("p_rand", direct.p_rand)]:
            assert row[column] == pytest.approx(value, rel=1e-12)
    assert res.null.shape == (99, 2)
    assert -1 < res.null.mean() < 1


def test_gearys_c_is_esda_geary(columbus):
    d = columbus["data"][["crime", "inc"]]
    res = gearys_c(d, columbus["w"], 999, seed=7)
    for name in d.columns:
        np.random.seed(7)
        direct = esda.Geary(d[name].to_numpy(), fresh_w(), permutations=999)
        row = res.table.loc[name]
        assert row["estimate"] == direct.C
        assert row["z_norm"] == direct.z_norm and row["z_rand"] == direct.z_rand
        assert row["p_sim"] == direct.p_sim
        np.testing.assert_array_equal(res.null[:, list(d.columns).index(name)], direct.sim)
    assert res.table.loc["crime", "estimate"] < 1 < 2               # positive autocorrelation of crime


def test_getis_ord_g_is_esda_g(columbus):
    y = columbus["data"]["crime"]
    res = getis_ord_g(y, columbus["frame"], 999, seed=11)
    np.random.seed(11)
    direct = esda.G(y.to_numpy(), fresh_w(), permutations=999)
    assert res.table.loc["crime", "estimate"] == direct.G
    assert res.table.loc["crime", "z_norm"] == direct.z_norm
    assert res.table.loc["crime", "p_sim"] == direct.p_sim
    np.testing.assert_array_equal(res.null[:, 0], direct.sim)


@pytest.mark.parametrize("star, transformation", [(False, "r"), (True, "b"), (True, "r")])
def test_local_g_is_esda_g_local(columbus, star, transformation):
    y = columbus["data"]["crime"]
    res = local_g(y, columbus["w"], 999, seed=3, star=star, transformation=transformation)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        direct = esda.G_Local(y.to_numpy(), fresh_w(), transform=transformation.upper(), permutations=999,
                              star=star, seed=3, n_jobs=1)
    t = res.table
    np.testing.assert_array_equal(t["estimate"].to_numpy(), direct.Gs)
    np.testing.assert_array_equal(t["z_norm"].to_numpy(), direct.Zs)
    np.testing.assert_array_equal(t["p_sim"].to_numpy(), direct.p_sim)
    np.testing.assert_array_equal(res.null, direct.sim)
    hot = (direct.p_sim < 0.05) & (direct.Zs > 0)
    cold = (direct.p_sim < 0.05) & (direct.Zs < 0)
    assert t["spot"].tolist() == np.where(hot, "hot", np.where(cold, "cold", "ns")).tolist()


@pytest.mark.parametrize("max_card, n, permutations, seed", [(10, 49, 999, 12345), (1, 4, 9, 0), (48, 49, 5, 2**32 - 1)])
def test_permuted_neighbours_are_esda_crand_draws(max_card, n, permutations, seed):
    # the conditional null of the local statistics draws its neighbours with NumPy, as esda's
    # numba kernel does (numba's generator seeds and shuffles as NumPy's legacy RandomState)
    from esda.crand import vec_permutations

    from ftzlink.stats.spatial_local import permuted_ids

    np.testing.assert_array_equal(permuted_ids(max_card, n, permutations, seed),
                                  vec_permutations(max_card, n, permutations, seed))


def test_bivariate_moran_is_esda_moran_bv(columbus):
    d = columbus["data"]
    res = bivariate_moran(d["inc"], d["crime"], columbus["w"], 999, seed=9)
    np.random.seed(9)
    direct = esda.Moran_BV(d["inc"].to_numpy(), d["crime"].to_numpy(), fresh_w(), permutations=999)
    assert res.table.index.tolist() == [("inc", "crime")]
    assert res.table["estimate"].iloc[0] == direct.I
    assert res.table["p_sim"].iloc[0] == direct.p_sim
    np.testing.assert_array_equal(res.null[:, 0], direct.sim)


def test_join_counts_is_esda_join_counts(columbus):
    y = (columbus["data"]["crime"] > columbus["data"]["crime"].median()).astype(int).rename("high_crime")
    res = join_counts(y, columbus["w"], 99, seed=5)
    np.random.seed(5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")                    # esda's pandas calls warn under pandas 3
        direct = esda.Join_Counts(y.to_numpy(), fresh_w(), permutations=99)
    t = res.table
    assert t.index.tolist() == ["BB", "BW"]
    assert t.loc["BB", "estimate"] == direct.bb and t.loc["BW", "estimate"] == direct.bw
    assert t.loc["BB", "p_sim"] == direct.p_sim_bb and t.loc["BW", "p_sim"] == direct.p_sim_bw
    assert t.loc["BB", "joins"] == direct.J
    np.testing.assert_array_equal(res.null[:, 0], direct.sim_bb.astype(float))
    assert t.loc["BB", "expected"] == pytest.approx(direct.mean_bb)


@pytest.mark.parametrize("model", ["lag", "error"])
@pytest.mark.parametrize("method", ["ml", "gm"])
@pytest.mark.parametrize("durbin", [False, True])
def test_spatial_regression_is_spreg(columbus, model, method, durbin):
    d = columbus["data"]
    X = d[["inc", "crime"]]
    res = spatial_regression(d["hoval"], X, columbus["w"], model, method, durbin=durbin)
    w = fresh_w()
    w.transform = "r"
    estimator = {("lag", "ml"): spreg.ML_Lag, ("lag", "gm"): spreg.GM_Lag,
                 ("error", "ml"): spreg.ML_Error, ("error", "gm"): spreg.GM_Error}[model, method]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        direct = estimator(d["hoval"].to_numpy()[:, None], X.to_numpy(), w=w, slx_lags=int(durbin),
                           name_y="hoval", name_x=["inc", "crime"])
    t = res.table
    names = direct.name_z if model == "lag" and method == "gm" else direct.name_x
    assert t.index.tolist() == list(names)
    np.testing.assert_array_equal(t["estimate"].to_numpy(), direct.betas.ravel())
    k = len(direct.std_err)
    np.testing.assert_array_equal(t["se"].to_numpy()[:k], direct.std_err)
    np.testing.assert_array_equal(t["z"].to_numpy()[:k], [z for z, _ in direct.z_stat])
    np.testing.assert_array_equal(t["p_value"].to_numpy()[:k], [p for _, p in direct.z_stat])
    assert set(t["alternative"]) == {"two-sided"}
    assert ("W_inc" in t.index) == durbin
    assert ("W_hoval" in t.index) == (model == "lag") and ("lambda" in t.index) == (model == "error")


def test_spatial_regression_takes_labelled_input_in_any_order(columbus):
    d = columbus["data"]
    res = spatial_regression(d["hoval"], d[["inc", "crime"]], columbus["frame"])
    shuffled = d.sample(frac=1.0, random_state=0)
    again = spatial_regression(shuffled["hoval"], shuffled[["inc", "crime"]], columbus["frame"])
    np.testing.assert_allclose(again.table["estimate"], res.table["estimate"], rtol=1e-10)
    # Anselin (1988) / spreg's documented ML lag estimates for the Columbus data: ρ ≈ 0.175
    assert res.table.loc["W_hoval", "estimate"] == pytest.approx(0.1748, abs=1e-3)


def test_lisa_map_draws_each_class(columbus):
    res = local_moran(columbus["data"]["crime"], columbus["w"], 99, seed=1)
    rng = np.random.default_rng(0)
    zones = pd.DataFrame({"lon": 112 + rng.random(49), "lat": 30 + rng.random(49),
                          "name_en": [f"Zone {i}" for i in res.table.index]}, index=res.table.index)
    fig = lisa_map(res.table, zones, lang="en", label_zones=False)
    gids = [c.get_gid() for c in fig.axes[0].collections]
    counts = res.table["cluster"].value_counts()
    assert gids == [f"lisa-{c}" for c in ("HH", "LH", "LL", "HL", "ns") if c in counts]
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert f"Not significant ({counts['ns']})" in legend
    plt.close(fig)
    with pytest.raises(FtzlinkError, match="lisa_table: unknown cluster class"):
        lisa_map(res.table.assign(cluster="XX"), zones, lang="en")
    with pytest.raises(FtzlinkError, match="zones: no row for id"):
        lisa_map(res.table, zones.iloc[1:], lang="en")
    with pytest.raises(FtzlinkError, match="lisa_table: missing column"):
        lisa_map(res.table.drop(columns="cluster"), zones, lang="en")


def test_errors_name_the_argument(columbus):
    d, w = columbus["data"], columbus["w"]
    with pytest.raises(FtzlinkError, match="values and weights have different row labels"):
        local_moran(d["crime"].iloc[1:], w, 9, seed=0)
    with pytest.raises(FtzlinkError, match="values: 'c' is the same for every zone"):
        local_moran(d["crime"].rename("c") * 0, w, 9, seed=0)
    with pytest.raises(FtzlinkError, match="seed: esda takes an integer seed below 2\\*\\*32"):
        local_moran(d["crime"], w, 9, seed=2**40)
    with pytest.raises(FtzlinkError, match="seed: expected a non-negative integer"):
        gearys_c(d["crime"], w, 9, seed=-1)
    with pytest.raises(FtzlinkError, match="alpha: expected a number in \\(0, 1\\)"):
        local_moran(d["crime"], w, 9, seed=0, alpha=1.5)
    with pytest.raises(FtzlinkError, match="n_permutations: expected an integer"):
        gearys_c(d["crime"], w, "all", seed=0)
    with pytest.raises(FtzlinkError, match="alternative: must be one of"):
        getis_ord_g(d["crime"], w, 9, seed=0, alternative="both")
    with pytest.raises(FtzlinkError, match="values: 'c' is negative"):
        getis_ord_g(d["crime"].rename("c") - 30, w, 9, seed=0)
    with pytest.raises(FtzlinkError, match="values: negative for"):
        local_g(d["crime"] - 30, w, 9, seed=0)
    with pytest.raises(FtzlinkError, match="transformation: must be one of 'r', 'b'"):
        local_g(d["crime"], w, 9, seed=0, transformation="o")
    with pytest.raises(FtzlinkError, match="values: must be 0/1"):
        join_counts(d["crime"], w, 9, seed=0)
    with pytest.raises(FtzlinkError, match="values: expected a Series labelled by zone"):
        local_moran(d[["crime"]], w, 9, seed=0)
    with pytest.raises(FtzlinkError, match="covariate 'inc': missing or infinite value\\(s\\) for 5"):
        local_moran(d["crime"], w, 9, seed=0, covariate=d["inc"].where(d.index != "5"))
    islands = columbus["frame"].copy()
    islands.loc["1", :] = 0.0
    islands.loc[:, "1"] = 0.0
    with pytest.raises(FtzlinkError, match="weights: zone\\(s\\) without any neighbour: 1"):
        local_moran(d["crime"], islands, 9, seed=0)
    with pytest.raises(FtzlinkError, match="model: must be one of 'lag', 'error'"):
        spatial_regression(d["hoval"], d[["inc"]], w, model="durbin")
    gap = d[["inc"]].copy()
    gap.loc["3", "inc"] = np.nan
    with pytest.raises(FtzlinkError, match="X: missing or infinite value for zone '3', regressor 'inc'"):
        spatial_regression(d["hoval"], gap, w)
    with pytest.raises(FtzlinkError, match="X: regressor\\(s\\) k constant across zones"):
        spatial_regression(d["hoval"], d[["inc"]].assign(k=1.0), w)
    with pytest.raises(FtzlinkError, match="durbin: expected True or False"):
        spatial_regression(d["hoval"], d[["inc"]], w, durbin=1)
    with pytest.raises(FtzlinkError, match="y: missing or infinite value"):
        spatial_regression(d["hoval"].where(d.index != "2"), d[["inc"]], w)
