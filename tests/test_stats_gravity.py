"""Great-circle distances, modified gravity linkage and PPML against hand and direct computations."""

from math import acos, cos, pi, radians, sin, sqrt

import numpy as np
import pandas as pd
import pytest
from conftest import lazy_import

from ftzlink.errors import FtzlinkError
from ftzlink.stats import gravity_strength, great_circle_km, ppml_gravity

sm = lazy_import("statsmodels.api")

R = 6371.0088

# Points for the distance tests (rounded coordinates chosen for the test, not registry data).
POINTS = pd.DataFrame(
    {"lon": [114.30, 112.94, 120.16, 0.0], "lat": [30.59, 28.23, 30.27, 0.0]},
    index=pd.Index(["p_wuhan", "p_changsha", "p_hangzhou", "p_origin"], name="zone_id"),
)


def _cosine_law_km(lon1, lat1, lon2, lat2):
    """Spherical law of cosines — an independent formula for the central angle."""
    p1, p2, dl = radians(lat1), radians(lat2), radians(lon2 - lon1)
    return R * acos(min(1.0, sin(p1) * sin(p2) + cos(p1) * cos(p2) * cos(dl)))


def test_great_circle_known_arcs():
    z = pd.DataFrame({"lon": [0.0, 0.0, 90.0, 180.0], "lat": [0.0, 90.0, 0.0, 0.0]}, index=list("abcd"))
    d = great_circle_km(z)
    assert d.loc["a", "b"] == pytest.approx(pi * R / 2)        # equator to pole
    assert d.loc["a", "c"] == pytest.approx(pi * R / 2)        # a quarter of the equator
    assert d.loc["a", "d"] == pytest.approx(pi * R)            # antipodes


def test_great_circle_matches_law_of_cosines_and_is_symmetric():
    d = great_circle_km(POINTS)
    assert list(d.index) == list(POINTS.index) and list(d.columns) == list(POINTS.index)
    for a in POINTS.index:
        for b in POINTS.index:
            if a != b:
                expected = _cosine_law_km(*POINTS.loc[a, ["lon", "lat"]], *POINTS.loc[b, ["lon", "lat"]])
                assert d.loc[a, b] == pytest.approx(expected, rel=1e-9)
    np.testing.assert_allclose(d.to_numpy(), d.to_numpy().T)
    np.testing.assert_array_equal(np.diag(d.to_numpy()), 0.0)


def test_great_circle_custom_columns_and_errors():
    renamed = POINTS.rename(columns={"lon": "x", "lat": "y"})
    pd.testing.assert_frame_equal(great_circle_km(renamed, lon="x", lat="y"), great_circle_km(POINTS))
    missing = POINTS.astype(float)
    missing.loc["p_hangzhou", "lat"] = np.nan
    with pytest.raises(FtzlinkError, match=r"range lat .* for zone\(s\) p_hangzhou"):
        great_circle_km(missing)
    out_of_range = POINTS.assign(lon=[114.3, 212.9, 120.2, 0.0])
    with pytest.raises(FtzlinkError, match="p_changsha"):
        great_circle_km(out_of_range)
    with pytest.raises(FtzlinkError, match="missing column"):
        great_circle_km(POINTS.drop(columns="lat"))
    with pytest.raises(FtzlinkError, match="duplicate zone id"):
        great_circle_km(pd.concat([POINTS, POINTS.iloc[:1]]))


ZONES = ["r", "q", "s"]
DIST = pd.DataFrame([[0, 100, 300], [100, 0, 250], [300, 250, 0]], index=ZONES, columns=ZONES, dtype=float)
POP = pd.Series({"r": 1000.0, "q": 400.0, "s": 250.0})
GDP = pd.Series({"r": 20000.0, "q": 5000.0, "s": 1000.0})


def test_gravity_strength_by_hand():
    out = gravity_strength(POP, GDP, DIST, b=2)
    # R_rq = G_r/(G_r+G_q) · sqrt(P_r G_r) sqrt(P_q G_q) / d²
    #      = 20000/25000 · sqrt(1000·20000) · sqrt(400·5000) / 100² = 0.8 · 20000000^.5 · 2000000^.5 / 1e4
    assert out.loc["r", "q"] == pytest.approx(0.8 * sqrt(2e7) * sqrt(2e6) / 1e4)
    assert out.loc["q", "r"] == pytest.approx(0.2 * sqrt(2e7) * sqrt(2e6) / 1e4)
    assert out.loc["q", "s"] == pytest.approx(5000 / 6000 * sqrt(2e6) * sqrt(2.5e5) / 250**2)
    for a in ZONES:
        for c in ZONES:
            if a != c:
                mass = sqrt(POP[a] * GDP[a]) * sqrt(POP[c] * GDP[c]) / DIST.loc[a, c] ** 1.5
                assert gravity_strength(POP, GDP, DIST, b=1.5).loc[a, c] == pytest.approx(
                    GDP[a] / (GDP[a] + GDP[c]) * mass)
    np.testing.assert_array_equal(np.diag(out.to_numpy()), 0.0)
    # directed: R_rq / R_qr = G_r / G_q
    assert out.loc["r", "s"] / out.loc["s", "r"] == pytest.approx(20.0)


def test_gravity_strength_aligns_labels_and_validates():
    shuffled = gravity_strength(POP[::-1], GDP.sample(frac=1, random_state=0), DIST)
    pd.testing.assert_frame_equal(shuffled, gravity_strength(POP, GDP, DIST))
    same_point = DIST.copy()
    same_point.loc["q", "s"] = same_point.loc["s", "q"] = 0.0
    with pytest.raises(FtzlinkError, match="zero distance between 'q' and 's'"):
        gravity_strength(POP, GDP, same_point)
    with pytest.raises(FtzlinkError, match="only in population"):
        gravity_strength(POP.rename({"s": "t"}), GDP, DIST)
    with pytest.raises(FtzlinkError, match="negative"):
        gravity_strength(POP, GDP.mul([1, -1, 1]), DIST)
    with pytest.raises(FtzlinkError, match="exponent"):
        gravity_strength(POP, GDP, DIST, b=0)


# PPML: synthetic flows drawn here from a known gravity model.
def _synthetic_flows(seed=7, n=8):
    rng = np.random.default_rng(seed)
    zones = [f"z{i}" for i in range(n)]
    xy = rng.uniform(0, 1000, (n, 2))
    dist = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
    np.fill_diagonal(dist, 1.0)
    province = np.array([0, 0, 0, 1, 1, 1, 2, 2])
    same = (province[:, None] == province[None, :]).astype(float)
    gdp = rng.uniform(100, 5000, n)
    mu = np.exp(-2 + 0.8 * np.log(gdp)[:, None] + 0.6 * np.log(gdp)[None, :] - 1.1 * np.log(dist) + 0.5 * same)
    flows = rng.poisson(mu).astype(float)
    frame = lambda a: pd.DataFrame(a, index=zones, columns=zones)   # noqa: E731
    return zones, frame(flows), frame(np.log(dist)), frame(same), pd.Series(np.log(gdp), index=zones)


def _long(zones, flows, logd, same, lgdp):
    rows = [(o, d, flows.loc[o, d], logd.loc[o, d], same.loc[o, d], lgdp[o], lgdp[d])
            for o in zones for d in zones if o != d]
    return pd.DataFrame(rows, columns=["o", "d", "flow", "logd", "same", "lgdp_o", "lgdp_d"])


def test_ppml_equals_direct_statsmodels_glm_call():
    zones, flows, logd, same, lgdp = _synthetic_flows()
    res = ppml_gravity(flows, {"log_distance": logd, "same_province": same},
                       origin={"log_gdp_o": lgdp}, destination={"log_gdp_d": lgdp})
    long = _long(zones, flows, logd, same, lgdp)
    X = sm.add_constant(long[["logd", "same", "lgdp_o", "lgdp_d"]])
    direct = sm.GLM(long["flow"], X, family=sm.families.Poisson()).fit(cov_type="HC1")
    np.testing.assert_allclose(res.table["estimate"].to_numpy(), direct.params.to_numpy(), rtol=1e-6)
    np.testing.assert_allclose(res.table["se"].to_numpy(), direct.bse.to_numpy(), rtol=1e-6)
    np.testing.assert_allclose(res.table["p_value"].to_numpy(), direct.pvalues.to_numpy(), rtol=1e-5)
    assert list(res.table.index) == ["const", "log_distance", "same_province", "log_gdp_o", "log_gdp_d"]
    assert res.model.model.data.orig_exog.index.names == ["origin", "destination"]
    assert res.table.loc["log_distance", "estimate"] < 0


def test_ppml_fixed_effects_equal_glm_with_dummies():
    zones, flows, logd, same, lgdp = _synthetic_flows(seed=11)
    res = ppml_gravity(flows, {"log_distance": logd, "same_province": same}, fixed_effects=True, cov_type="HC0")
    long = _long(zones, flows, logd, same, lgdp)
    dummies = pd.get_dummies(long[["o", "d"]], drop_first=True, dtype=float)
    X = sm.add_constant(pd.concat([long[["logd", "same"]], dummies], axis=1))
    direct = sm.GLM(long["flow"], X, family=sm.families.Poisson()).fit(cov_type="HC0")
    np.testing.assert_allclose(res.table["estimate"].to_numpy(), direct.params.iloc[:3].to_numpy(), rtol=1e-6)
    np.testing.assert_allclose(res.table["se"].to_numpy(), direct.bse.iloc[:3].to_numpy(), rtol=1e-6)
    assert len(res.model.params) == 3 + 2 * (len(zones) - 1)


def test_ppml_errors():
    zones, flows, logd, same, lgdp = _synthetic_flows()
    neg = flows.copy()
    neg.loc["z1", "z2"] = -1.0
    with pytest.raises(FtzlinkError, match="'z1', 'z2'"):
        ppml_gravity(neg, {"log_distance": logd})
    with pytest.raises(FtzlinkError, match="absorbed"):
        ppml_gravity(flows, {"log_distance": logd}, origin={"g": lgdp}, fixed_effects=True)
    with pytest.raises(FtzlinkError, match="collinear"):
        ppml_gravity(flows, {"log_distance": logd, "twice": 2 * logd})
    with pytest.raises(FtzlinkError, match="used twice"):
        ppml_gravity(flows, {"g": logd}, origin={"g": lgdp})
    with pytest.raises(FtzlinkError, match="only in log_gdp_o"):
        ppml_gravity(flows, origin={"log_gdp_o": lgdp.rename({"z0": "zz"})})
    with pytest.raises(FtzlinkError, match="all off-diagonal flows are zero"):
        ppml_gravity(flows * 0, {"log_distance": logd})
