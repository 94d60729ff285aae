"""Inequality, concentration and convergence: values worked by hand and REAT's R code transcribed
line by line (R/theil.R, gini.R, cv.R, herf.R, ellison.a.R, betaconv.speed.R, sigmaconv.R)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from ftzlink import FtzlinkError  # noqa: E402
from ftzlink.indices import (  # noqa: E402
    atkinson,
    beta_convergence,
    coefficient_of_variation,
    ellison_glaeser,
    gini,
    gini_coefficient,
    herfindahl,
    hoover_curve,
    hoover_index,
    lorenz_curve,
    normalised_herfindahl,
    numbers_equivalent,
    plant_herfindahl,
    sigma_convergence,
    theil,
    theil_decomposition,
    williamson,
)
from ftzlink.plot.curves import lorenz_plot  # noqa: E402
from ftzlink.stats import InferenceResult  # noqa: E402

GDP = pd.Series({"r1": 1.0, "r2": 2.0, "r3": 3.0, "r4": 6.0})  # mean 3
POP = pd.Series({"r1": 4.0, "r2": 3.0, "r3": 2.0, "r4": 1.0})
PROVINCE = pd.Series({"r1": "p", "r2": "p", "r3": "q", "r4": "q"})


# ---- Theil ----------------------------------------------------------------------------------------------


def test_theil_by_hand():
    # T = ¼ Σ (x/3) ln(x/3) = ¼ [⅓ ln ⅓ + ⅔ ln ⅔ + 0 + 2 ln 2]; L = ¼ [ln 3 + ln 1.5 + 0 + ln 0.5]
    t = (np.log(1 / 3) / 3 + 2 / 3 * np.log(2 / 3) + 2 * np.log(2)) / 4
    assert theil(GDP) == pytest.approx(t)
    assert theil(GDP, index="L") == pytest.approx((np.log(3) + np.log(1.5) + np.log(0.5)) / 4)
    # REAT's theil(x) (R/theil.R): mean(log(mean(x)/x)) — the L form
    assert theil(GDP, index="L") == pytest.approx(np.mean(np.log(GDP.mean() / GDP)))


def test_weighted_theil_is_the_income_share_form():
    # with population weights, T = Σ (Y_r/Y) ln((Y_r/Y)/(P_r/P)), Y_r = P_r x_r
    y = GDP * POP
    ys, ps = y / y.sum(), POP / POP.sum()
    assert theil(GDP, POP) == pytest.approx(float((ys * np.log(ys / ps)).sum()))
    assert theil(GDP, POP, index="L") == pytest.approx(float((ps * np.log(ps / ys)).sum()))


def test_theil_decomposition_by_hand():
    # p = {1, 2}: mean 1.5, share of total 3/12; q = {3, 6}: mean 4.5, share 9/12
    # T_between = ¼ ln(1.5/3) + ¾ ln(4.5/3); T_within = ¼ T_p + ¾ T_q
    t_p = (1 / 1.5 * np.log(1 / 1.5) + 2 / 1.5 * np.log(2 / 1.5)) / 2
    t_q = (3 / 4.5 * np.log(3 / 4.5) + 6 / 4.5 * np.log(6 / 4.5)) / 2
    out = theil_decomposition(GDP, PROVINCE)
    assert out["between"] == pytest.approx(0.25 * np.log(0.5) + 0.75 * np.log(1.5))
    assert out["within"] == pytest.approx(0.25 * t_p + 0.75 * t_q)
    assert out["total"] == pytest.approx(theil(GDP))
    # L: between = Σ W_g ln(μ/μ_g) = ½ ln 2 + ½ ln(2/3); within = Σ W_g L_g
    out_l = theil_decomposition(GDP, PROVINCE, index="L")
    assert out_l["between"] == pytest.approx(0.5 * np.log(2) + 0.5 * np.log(3 / 4.5))
    assert out_l["total"] == pytest.approx(theil(GDP, index="L"))
    # weighted: the parts still add up
    w = theil_decomposition(GDP, PROVINCE, POP)
    assert w["between"] + w["within"] == pytest.approx(theil(GDP, POP))


def test_theil_zero_handling_and_checks():
    with_zero = GDP.copy()
    with_zero["r1"] = 0.0
    assert np.isfinite(theil(with_zero)) and np.isnan(theil(with_zero, index="L"))
    assert np.isnan(theil(GDP * 0))
    with pytest.raises(FtzlinkError, match="index: must be one of 'T', 'L', got 't'"):
        theil(GDP, index="t")
    with pytest.raises(FtzlinkError, match=r"values: negative value\(s\) for r2"):
        theil(GDP * pd.Series({"r1": 1, "r2": -1, "r3": 1, "r4": 1}))
    with pytest.raises(FtzlinkError, match=r"only in weights: \[zz\]; only in values index: \[r4\]"):
        theil(GDP, POP.rename({"r4": "zz"}))
    with pytest.raises(FtzlinkError, match=r"only in groups: \[zz\]"):
        theil_decomposition(GDP, PROVINCE.rename({"r4": "zz"}))
    with pytest.raises(FtzlinkError, match="values: expected a pandas Series by region or a DataFrame"):
        theil(GDP.to_numpy())


# ---- Atkinson, CV, Williamson ------------------------------------------------------------------------------


def test_atkinson_by_hand():
    # ε = 0.5: 1 − (¼ Σ sqrt(x/3))²; ε = 1: 1 − geometric mean / mean = 1 − 36^¼/3;
    # ε = 2: 1 − harmonic mean / mean
    assert atkinson(GDP) == pytest.approx(1 - (np.sqrt(GDP / 3).mean()) ** 2)
    assert atkinson(GDP, epsilon=1) == pytest.approx(1 - 36 ** 0.25 / 3)
    assert atkinson(GDP, epsilon=2) == pytest.approx(1 - (4 / (1 + 1 / 2 + 1 / 3 + 1 / 6)) / 3)
    assert atkinson(GDP, epsilon=0) == pytest.approx(0, abs=1e-15)
    # weighted ε = 1: 1 − exp(Σ w ln x)/Σ w x
    w = POP / POP.sum()
    assert atkinson(GDP, POP, epsilon=1) == pytest.approx(1 - np.exp((w * np.log(GDP)).sum()) / (w * GDP).sum())
    zero = GDP.where(GDP.index != "r1", 0.0)
    assert atkinson(zero, epsilon=1) == 1.0 and atkinson(zero, epsilon=2) == 1.0
    with pytest.raises(FtzlinkError, match=r"epsilon: expected a number in \[0.0, \]"):
        atkinson(GDP, epsilon=-1)


def test_coefficient_of_variation_by_hand():
    # deviations (−2, −1, 0, 3): Σ² = 14; population sd sqrt(14/4), sample sd sqrt(14/3)
    assert coefficient_of_variation(GDP) == pytest.approx(np.sqrt(14 / 4) / 3)
    assert coefficient_of_variation(GDP, ddof=1) == pytest.approx(np.sqrt(14 / 3) / 3)  # REAT cv() default
    # normalised: all in one region reaches 1 (population sd: sqrt(n − 1), sample: sqrt(n))
    spike = pd.Series([0.0, 0.0, 0.0, 5.0], index=GDP.index)
    assert coefficient_of_variation(spike, normalised=True) == pytest.approx(1)
    assert coefficient_of_variation(spike, ddof=1, normalised=True) == pytest.approx(1)
    with pytest.raises(FtzlinkError, match="ddof and normalised apply to the unweighted CV only"):
        coefficient_of_variation(GDP, POP, ddof=1)


def test_williamson_by_hand():
    # population shares (0.4, 0.3, 0.2, 0.1); ȳ = 2.2; Σ w (y − ȳ)² = 2.16
    assert williamson(GDP, POP) == pytest.approx(np.sqrt(2.16) / 2.2)
    assert coefficient_of_variation(GDP, POP) == pytest.approx(williamson(GDP, POP))
    with pytest.raises(FtzlinkError, match="population: required"):
        williamson(GDP, None)


# ---- Gini and curves --------------------------------------------------------------------------------------


def reat_gini(x, weighting=None, coefnorm=False):
    """REAT's gini (R/gini.R) transcribed; its weighted branch leaves the weights unsorted."""
    x_sort = np.sort(x)
    i = len(x)
    if weighting is None:
        y = np.cumsum(x_sort / x.sum())
        sum_y = np.r_[y[0], y[:-1] + y[1:]]
        g = 1 - sum_y.sum() / i
    else:
        n_j_n = weighting / weighting.sum()
        y = np.cumsum(x_sort * weighting / (x_sort * weighting).sum())
        g = 1 - (np.r_[y[0], y[:-1] + y[1:]] * n_j_n).sum()
    return g * i / (i - 1) if coefnorm else g


def test_gini_by_hand_and_against_reat():
    # mean absolute difference: Σ|x_r − x_q| over ordered pairs = 2 (1 + 2 + 5 + 1 + 4 + 3) = 32; / (2·16·3)
    assert gini_coefficient(GDP) == pytest.approx(32 / 96)
    assert gini_coefficient(GDP) == pytest.approx(reat_gini(GDP.to_numpy()))
    assert gini_coefficient(GDP, normalised=True) == pytest.approx(reat_gini(GDP.to_numpy(), coefnorm=True))
    # REAT's weighted branch is right when the input is already sorted by x (weights in the same order)
    assert gini_coefficient(GDP, POP) == pytest.approx(reat_gini(GDP.to_numpy(), POP.to_numpy()))
    # integer weights = repeating regions: GDP with weights (4, 3, 2, 1) is the 10-value list
    repeated = pd.Series(np.repeat(GDP.to_numpy(), POP.astype(int).to_numpy()))
    assert gini_coefficient(GDP, POP) == pytest.approx(gini_coefficient(repeated))
    # and does not depend on the order of the regions
    assert gini_coefficient(GDP[::-1], POP[::-1]) == pytest.approx(gini_coefficient(GDP, POP))


def test_gini_of_a_dataframe_is_per_column_and_matches_econgeo_gini():
    mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    np.testing.assert_allclose(gini_coefficient(mat), gini(mat), atol=1e-12)
    assert np.isnan(gini_coefficient(mat.assign(e=0))["e"])


def test_lorenz_and_hoover_curves_by_hand():
    curve = lorenz_curve(GDP)
    assert curve["cum_population"].tolist() == pytest.approx([0, 0.25, 0.5, 0.75, 1])
    assert curve["cum_value"].tolist() == pytest.approx([0, 1 / 12, 3 / 12, 6 / 12, 1])
    assert pd.isna(curve["region"].iloc[0]) and curve["region"].tolist()[1:] == ["r1", "r2", "r3", "r4"]
    # weighted: cumulative population (4, 7, 9, 10)/10, value Σ p x = (4, 10, 16, 22)/22
    w = lorenz_curve(GDP[::-1], POP)
    assert w["cum_population"].tolist() == pytest.approx([0, 0.4, 0.7, 0.9, 1])
    assert w["cum_value"].tolist() == pytest.approx([0, 4 / 22, 10 / 22, 16 / 22, 1])
    # EconGeo's Hoover.curve example: ind (0, 10, 10, 30, 50), pop (10, 15, 20, 25, 30), ordered by ind/pop
    ind = pd.Series([0.0, 10, 10, 30, 50], index=list("abcde"))
    pop = pd.Series([10.0, 15, 20, 25, 30], index=list("abcde"))
    order = np.argsort((ind / pop).to_numpy(), kind="stable")
    h = hoover_curve(ind, pop)
    assert h["cum_value"].tolist() == pytest.approx(np.r_[0, np.cumsum(ind.to_numpy()[order]) / 100].tolist())
    assert h["cum_population"].tolist() == pytest.approx(np.r_[0, np.cumsum(pop.to_numpy()[order]) / 100].tolist())
    # the Hoover index is the largest vertical gap (EconGeo hoover_index with pop, 0–100 scale)
    gap = (h["cum_population"] - h["cum_value"]).max() * 100
    assert gap == pytest.approx(hoover_index(ind.to_frame("x"), pop)["x"])


def test_lorenz_plot_draws_the_curve():
    fig = lorenz_plot(GDP, POP, lang="en")
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Cumulative share of population"
    np.testing.assert_allclose(ax.lines[1].get_ydata(), lorenz_curve(GDP, POP)["cum_value"])
    plt.close(fig)
    with pytest.raises(FtzlinkError, match="at most 8 curves"):
        lorenz_plot(pd.DataFrame(np.ones((3, 9))))
    with pytest.raises(FtzlinkError, match="lang: must be one of"):
        lorenz_plot(GDP, lang="fr")


# ---- Herfindahl and Ellison–Glaeser ------------------------------------------------------------------------


def test_normalised_herfindahl_and_numbers_equivalent():
    mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    h = herfindahl(mat)  # (0.625, 0.375, 0.375)
    # REAT herf(x, coefnorm=TRUE) = (H − 1/n)/(1 − 1/n), herf(x, output="eq") = 1/H
    assert normalised_herfindahl(mat).tolist() == pytest.approx(((h - 0.25) / 0.75).tolist())
    assert normalised_herfindahl(mat).tolist() == pytest.approx([0.5, 1 / 6, 1 / 6])
    assert numbers_equivalent(mat).tolist() == pytest.approx([1.6, 8 / 3, 8 / 3])
    assert np.isnan(numbers_equivalent(mat.reindex(["r1", "r0"], fill_value=0))["r0"])


def reat_ellison_a(e_ik, e_j, regions):
    """REAT's ellison.a (R/ellison.a.R) transcribed: plant employment, region totals, plant regions."""
    names = list(dict.fromkeys(regions))
    e_ij = np.array([sum(e for e, r in zip(e_ik, regions) if r == name) for name in names])
    s_ij, s_j = e_ij / sum(e_ik), np.asarray(e_j) / sum(e_j)
    g = ((s_ij - s_j) ** 2).sum()
    h = ((np.asarray(e_ik) / sum(e_ik)) ** 2).sum()
    base = 1 - (s_j ** 2).sum()
    return (g - base * h) / (base * (1 - h)), g, h


def test_ellison_glaeser_against_reat():
    # industry a: plants 30 (r1), 10 (r1), 20 (r2); b: 5 (r2), 5 (r3), 40 (r3); region totals from both
    plants = pd.DataFrame({"industry": ["a", "a", "a", "b", "b", "b"], "region": ["r1", "r1", "r2", "r2", "r3", "r3"],
                           "size": [30, 10, 20, 5, 5, 40]})
    mat = plants.pivot_table(index="region", columns="industry", values="size", aggfunc="sum", fill_value=0)
    hhi = plant_herfindahl(plants)
    assert hhi.tolist() == pytest.approx([(9 + 1 + 4) / 36, (1 + 1 + 64) / 100])
    out = ellison_glaeser(mat, hhi)
    totals = mat.sum(axis=1)
    for ind in ("a", "b"):
        part = plants[plants["industry"] == ind]
        # REAT lists every region once in e_j and the plant regions; regions without plants of ind count 0
        e_ik = list(part["size"]) + [0] * len(totals)
        regions = list(part["region"]) + list(totals.index)
        order = list(dict.fromkeys(regions))
        gamma, g, h = reat_ellison_a(e_ik, totals.reindex(order).to_numpy(), regions)
        assert out.loc[ind, "G"] == pytest.approx(g)
        assert out.loc[ind, "gamma"] == pytest.approx(gamma)
        assert out.loc[ind, "herfindahl"] == pytest.approx(h)


def test_ellison_glaeser_by_hand_and_checks():
    # two equal regions: industry a (30, 10) → shares (3/4, 1/4), G = 2 · (1/4)² = 1/8; Σ s_r² = 1/2
    mat = pd.DataFrame({"a": [30, 10], "b": [10, 30]}, index=["r1", "r2"])
    out = ellison_glaeser(mat, pd.Series({"a": 0.1, "b": 0.9}))
    assert out["G"].tolist() == pytest.approx([0.125, 0.125])
    assert out.loc["a", "gamma"] == pytest.approx((0.125 - 0.5 * 0.1) / (0.5 * 0.9))
    assert np.isnan(ellison_glaeser(mat, pd.Series({"a": 1.0, "b": 0.5})).loc["a", "gamma"])
    with pytest.raises(FtzlinkError, match=r"plant_hhi: values above 1 for a"):
        ellison_glaeser(mat, pd.Series({"a": 1.5, "b": 0.5}))
    with pytest.raises(FtzlinkError, match=r"only in plant_hhi: \[c\]; only in mat columns: \[b\]"):
        ellison_glaeser(mat, pd.Series({"a": 0.5, "c": 0.5}))
    with pytest.raises(FtzlinkError, match="plants: missing column"):
        plant_herfindahl(pd.DataFrame({"industry": ["a"], "employment": [3]}))
    with pytest.raises(FtzlinkError, match="'size' must be finite non-negative numbers"):
        plant_herfindahl(pd.DataFrame({"industry": ["a", "b"], "size": [3, -1]}))


# ---- convergence ---------------------------------------------------------------------------------------


def test_beta_convergence_recovers_a_known_speed():
    # y_T = y_0^(e^(−λT)): annual growth = (e^(−λT) − 1)/T · ln y_0, so β = (e^(−λT) − 1)/T exactly
    lam, horizon = 0.02, 20
    y0 = np.array([1.0, 2.0, 5.0, 10.0, 40.0])
    values = pd.DataFrame({2000: y0, 2020: y0 ** np.exp(-lam * horizon)}, index=list("abcde"))
    res = beta_convergence(values)
    assert isinstance(res, InferenceResult)
    table = res.table
    assert table.loc["beta", "estimate"] == pytest.approx((np.exp(-lam * horizon) - 1) / horizon)
    assert table.loc["speed", "estimate"] == pytest.approx(lam)
    assert table.loc["half_life", "estimate"] == pytest.approx(np.log(2) / lam)
    assert list(table.index) == ["alpha", "beta", "speed", "half_life"]
    # REAT's betaconv.speed: λ = −ln(1 + β)/T — with this β it understates λ
    assert -np.log1p(table.loc["beta", "estimate"]) / horizon < lam / 10


def test_beta_convergence_ols_and_conditions():
    rng = np.random.default_rng(9)
    y0 = rng.lognormal(size=40)
    y1 = y0 * np.exp(10 * (0.02 - 0.01 * np.log(y0) + rng.normal(scale=0.01, size=40)))
    values = pd.DataFrame({2000: y0, 2005: y0, 2010: y1}, index=[f"r{i}" for i in range(40)])
    res = beta_convergence(values, start=2000, end=2010)
    growth, x = np.log(y1 / y0) / 10, np.log(y0)
    slope, intercept = np.polyfit(x, growth, 1)
    assert res.table.loc["beta", "estimate"] == pytest.approx(slope)
    assert res.table.loc["alpha", "estimate"] == pytest.approx(intercept)
    resid = growth - intercept - slope * x
    se = np.sqrt(resid @ resid / 38 / ((x - x.mean()) @ (x - x.mean())))
    assert res.table.loc["beta", "se"] == pytest.approx(se)
    assert res.table.loc["beta", "p_value"] < 1e-6
    cond = pd.DataFrame({"coast": rng.integers(0, 2, 40).astype(float)}, index=values.index)
    conditional = beta_convergence(values, conditions=cond)
    assert list(conditional.table.index) == ["alpha", "beta", "coast", "speed", "half_life"]


def test_beta_convergence_checks():
    values = pd.DataFrame({2000: [1.0, 2.0, 3.0], 2010: [2.0, 0.0, 4.0]}, index=list("abc"))
    with pytest.raises(FtzlinkError, match=r"non-positive level\(s\) for b"):
        beta_convergence(values)
    good = values.replace(0.0, 3.0)
    with pytest.raises(FtzlinkError, match="end=2020 is not a column"):
        beta_convergence(good, end=2020)
    with pytest.raises(FtzlinkError, match="start .2010. must come before end .2000."):
        beta_convergence(good, start=2010, end=2000)
    with pytest.raises(FtzlinkError, match="columns must be years"):
        beta_convergence(good.rename(columns=str).rename(columns={"2000": "base"}))
    with pytest.raises(FtzlinkError, match=r"only in conditions: \[z\]"):
        beta_convergence(good, conditions=pd.DataFrame({"x": [1.0, 2, 3]}, index=list("abz")))
    with pytest.raises(FtzlinkError, match="2 regions cannot identify 2 coefficients"):
        beta_convergence(good.iloc[:2])


def test_sigma_convergence_by_hand():
    values = pd.DataFrame({2000: [1.0, np.e ** 2, np.e ** 4], 2010: [np.e, np.e ** 2, np.e ** 3]}, index=list("abc"))
    # ln y: (0, 2, 4) → population sd sqrt(8/3); (1, 2, 3) → sqrt(2/3)
    assert sigma_convergence(values).tolist() == pytest.approx([np.sqrt(8 / 3), np.sqrt(2 / 3)])
    assert sigma_convergence(values, measure="var", ddof=1).tolist() == pytest.approx([4, 1])
    assert sigma_convergence(values, measure="cv").tolist() == pytest.approx([np.sqrt(8 / 3) / 2, np.sqrt(2 / 3) / 2])
    w = pd.Series({"a": 1.0, "b": 0.0, "c": 1.0})  # weights ½, 0, ½: sd of (0, 4) and (1, 3)
    assert sigma_convergence(values, weights=w).tolist() == pytest.approx([2, 1])
    assert sigma_convergence(values, log=False)[2010] == pytest.approx(np.std(np.exp([1, 2, 3])))
    with pytest.raises(FtzlinkError, match="measure: must be one of 'sd', 'var', 'cv'"):
        sigma_convergence(values, measure="iqr")
    with pytest.raises(FtzlinkError, match=r"non-positive level 0 at \('a', 2000\)"):
        sigma_convergence(values.replace(1.0, 0.0))


def test_dataframe_values_measure_every_column():
    frame = pd.DataFrame({"2010": GDP, "2020": GDP[::-1].to_numpy() * 2}, index=GDP.index)
    for fn in (theil, atkinson, coefficient_of_variation, gini_coefficient):
        out = fn(frame)
        assert out.index.tolist() == ["2010", "2020"]
        assert out["2010"] == pytest.approx(fn(GDP))
    weights = pd.DataFrame({"2010": POP, "2020": POP}, index=GDP.index)
    assert williamson(frame, weights)["2010"] == pytest.approx(williamson(GDP, POP))
    dec = theil_decomposition(frame, PROVINCE)
    assert dec.loc["2010", "total"] == pytest.approx(theil(GDP))
