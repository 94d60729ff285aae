"""The complexity family: reflections, outlook (COI/COG), PRODY/EXPY, ubiquity measures, relatedness
density inside/outside the portfolio, co-occurrence z-scores and recombination — worked by hand, and
COI/COG against py-ecomplexity (test dependency only)."""

import contextlib
import io
import warnings
from fractions import Fraction as F
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy.stats import hypergeom

from ftzlink import FtzlinkError
from ftzlink.indices import (
    co_occurrence,
    cog,
    coi,
    ease_recombination,
    expy,
    inv_norm_ubiquity,
    location_quotient,
    modular_complexity,
    morc,
    mort,
    norm_ubiquity,
    prody,
    relatedness_density,
    relatedness_density_ext,
    relatedness_density_ext_avg,
    relatedness_density_int,
    relatedness_density_int_avg,
    z_score,
)

IND = list("abcd")
M = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=IND)
VALUES = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=IND)
INCOME = pd.Series({"r1": 10.0, "r2": 20.0, "r3": 30.0})

# Hidalgo & Hausmann (2009) SI Fig. S4, EconGeo's MORc/MORt example: C1 {P1..P4}, C2 {P2}, C3 {P3, P4}, C4 {P4}
HH = pd.DataFrame([[1, 1, 1, 1], [0, 1, 0, 0], [0, 0, 1, 1], [0, 0, 0, 1]],
                  index=["C1", "C2", "C3", "C4"], columns=["P1", "P2", "P3", "P4"])


# ---- method of reflections ------------------------------------------------------------------------------


def test_reflections_by_hand():
    # diversity (4, 1, 2, 1), ubiquity (1, 2, 2, 3)
    assert morc(HH, steps=0).tolist() == [4, 1, 2, 1]
    assert mort(HH, steps=0).tolist() == [1, 2, 2, 3]
    # step 1: mean ubiquity of held products; mean diversity of holders
    assert morc(HH, steps=1).tolist() == pytest.approx([2, 2, 2.5, 3])
    assert mort(HH, steps=1).tolist() == pytest.approx([4, 2.5, 3, 7 / 3])
    # step 2: C1 = (4 + 2.5 + 3 + 7/3)/4 = 71/24, C2 = 2.5, C3 = (3 + 7/3)/2 = 8/3, C4 = 7/3;
    # P1 = 2, P2 = (2 + 2)/2, P3 = (2 + 2.5)/2 = 2.25, P4 = (2 + 2.5 + 3)/3 = 2.5
    assert morc(HH, steps=2).tolist() == pytest.approx([71 / 24, 2.5, 8 / 3, 7 / 3])
    assert mort(HH, steps=2).tolist() == pytest.approx([2, 2, 2.25, 2.5])
    # step 3, rescaled to 0–100: regions (2.1875, 2, 2.375, 2.5) → (37.5, 0, 75, 100);
    # products (71/24, 131/48, 135/48, 191/72): range 22/72 → (100, 11/44, 23/44, 0) · 100
    assert morc(HH, steps=3).tolist() == pytest.approx([37.5, 0, 75, 100])
    assert mort(HH, steps=3).tolist() == pytest.approx([100, 25, 2300 / 44, 0])


def test_reflections_step_four_uses_the_rescaled_iterates():
    # step 4 reflects the rescaled step-3 values: regions from products (100, 25, 52.27, 0)
    p3 = [F(100), F(25), F(2300, 44), F(0)]
    raw = [sum(p3) / 4, p3[1], (p3[2] + p3[3]) / 2, p3[3]]
    lo, hi = min(raw), max(raw)
    expected = [float((v - lo) / (hi - lo) * 100) for v in raw]
    assert morc(HH, steps=4).tolist() == pytest.approx(expected)


def test_reflections_with_rca_and_zero_rows():
    # rca=True uses LQ ≥ 1: the binary LQ of VALUES is M
    pd.testing.assert_series_equal(morc(VALUES, rca=True, steps=5), morc(M, steps=5))
    padded = M.assign(e=0).reindex(["r0", "r1", "r2", "r3"], fill_value=0)
    out = mort(padded, steps=3)
    assert np.isnan(out["e"]) and out[IND].tolist() == pytest.approx(mort(M, steps=3).tolist())
    assert np.isnan(morc(padded, steps=3)["r0"])


def test_reflections_input_checks():
    with pytest.raises(FtzlinkError, match=r"steps: expected an integer in \[0, 1000\], got -1"):
        morc(M, steps=-1)
    with pytest.raises(FtzlinkError, match="expected a binary"):
        mort(VALUES)
    with pytest.raises(FtzlinkError, match="no region has any industry present"):
        morc(M * 0)


# ---- complexity outlook ---------------------------------------------------------------------------------


def synthetic(n_regions, n_industries, seed):
    rng = np.random.default_rng(seed)
    capability, sophistication = rng.normal(size=n_regions), rng.normal(size=n_industries)
    gap = np.maximum(sophistication[None, :] - capability[:, None], 0)
    values = np.exp(capability[:, None] - 1.5 * gap + rng.normal(size=(n_regions, n_industries)))
    return pd.DataFrame(values, index=[f"r{i:03d}" for i in range(n_regions)],
                        columns=[f"i{j:03d}" for j in range(n_industries)])


def test_coi_and_cog_with_self_proximity_equal_ecomplexity():
    ecomplexity = pytest.importorskip("ecomplexity")
    mat = synthetic(30, 45, seed=11)
    long = mat.rename_axis(index="loc", columns="prod").stack().rename("val").reset_index().assign(year=2020)
    cols = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = ecomplexity.ecomplexity(long, cols, check_logsupermodularity=False, verbose=False)
    ref_coi = out.groupby("loc")["coi"].first().reindex(mat.index)
    ref_cog = out.pivot(index="loc", columns="prod", values="cog").reindex(index=mat.index, columns=mat.columns)
    np.testing.assert_allclose(coi(mat, include_self=True), ref_coi, atol=1e-9)
    np.testing.assert_allclose(cog(mat, include_self=True), ref_cog, atol=1e-9)


def ecomplexity_outlook_without_self(m):
    """py-ecomplexity's own pieces (eigenvector, density, COI/COG) fed a zero-diagonal proximity."""
    pytest.importorskip("ecomplexity")
    from ecomplexity.calc_density import calc_density
    from ecomplexity.calc_proximity import calc_discrete_proximity
    from ecomplexity.coicog import calc_coi_cog
    from ecomplexity.ecomplexity import calc_eci_pci

    data = SimpleNamespace(mcp_t=m, diversity_t=m.sum(axis=1), ubiquity_t=m.sum(axis=0), t=2020)
    eci_raw, kp_raw = calc_eci_pci(data)
    prox = calc_discrete_proximity(m, data.ubiquity_t)
    np.fill_diagonal(prox, 0.0)  # issue #38 / Stata: no self-proximity
    data.density_t, data.pci_t = calc_density(m, prox), kp_raw
    raw_coi, raw_cog = calc_coi_cog(data, prox)
    return (raw_coi - raw_coi.mean()) / raw_coi.std(), raw_cog / eci_raw.std()


def test_coi_and_cog_default_equal_ecomplexity_with_the_proximity_diagonal_zeroed():
    mat = synthetic(30, 45, seed=12)
    m = location_quotient(mat, binary=True)
    ref_coi, ref_cog = ecomplexity_outlook_without_self(m.to_numpy(dtype=float))
    np.testing.assert_allclose(coi(mat), ref_coi, atol=1e-9)
    np.testing.assert_allclose(cog(mat), ref_cog, atol=1e-9)
    # and the two conventions really differ
    assert np.abs(coi(mat) - coi(mat, include_self=True)).max() > 1e-3


def test_cog_by_hand_on_a_small_case():
    # M: r1 {a, b}, r2 {a, b, c}, r3 {b, c, d}. COG_r1,c = Σ_{j ∈ {c, d}} φ_jc k̃_j / Σ_k φ_jk (no self):
    # φ_dc = 1/2, row sum of d = 1/3 + 1/2 = 5/6 → COG_r1,c = (1/2) k̃_d / (5/6) = 0.6 k̃_d
    # COG_r1,d = φ_cd k̃_c / Σ_k φ_ck = (1/2) k̃_c / (1/2 + 2/3 + 1/2) = 0.3 k̃_c
    from ftzlink.indices.economic_complexity import presence_matrix, solve

    kp = solve(presence_matrix(M, rca=False), M.index, M.columns).kp
    g = cog(M, rca=False)
    assert g.loc["r1", "c"] == pytest.approx(0.6 * kp[3])
    assert g.loc["r1", "d"] == pytest.approx(0.3 * kp[2])
    assert (g.where(M == 1) == 0).sum().sum() == M.to_numpy().sum()  # held cells are 0


def test_sample_sd_rescales_coi_and_cog():
    mat = synthetic(20, 25, seed=5)
    n = len(mat)
    np.testing.assert_allclose(coi(mat, ddof=1), coi(mat) * np.sqrt((n - 1) / n), atol=1e-12)
    np.testing.assert_allclose(cog(mat, ddof=1), cog(mat) * np.sqrt((n - 1) / n), atol=1e-12)


def test_outlook_input_checks():
    with pytest.raises(FtzlinkError, match="include_self: expected True or False"):
        coi(M, rca=False, include_self=1)
    with pytest.raises(FtzlinkError, match="presence: must be one of"):
        cog(VALUES, presence="bogus")
    with pytest.raises(FtzlinkError, match="at least 2 regions and 2 industries"):
        coi(M.loc[["r1"]], rca=False)


# ---- PRODY, EXPY, ubiquity measures ----------------------------------------------------------------------


def test_prody_and_expy_by_hand():
    # LQ of VALUES: r1 (3, 1, 0, 0), r2 (1, 1, 2, 0), r3 (0, 1, 1, 2); Y = (10, 20, 30)
    # PRODY a = (3·10 + 1·20)/4 = 12.5, b = (10 + 20 + 30)/3 = 20, c = (2·20 + 30)/3 = 70/3, d = 2·30/2 = 30
    assert prody(VALUES, INCOME).tolist() == pytest.approx([12.5, 20, 70 / 3, 30])
    # EXPY with shares r1 (3/4, 1/4, 0, 0), r2 (1/4, 1/4, 1/2, 0), r3 (0, 1/4, 1/4, 1/2)
    assert expy(VALUES, INCOME).tolist() == pytest.approx([
        0.75 * 12.5 + 0.25 * 20, 0.25 * 12.5 + 0.25 * 20 + 0.5 * 70 / 3, 0.25 * 20 + 0.25 * 70 / 3 + 0.5 * 30])
    # HHR's weights s_ri / Σ_q s_qi give the same PRODY (RCA is s_ri over a constant per industry)
    s = VALUES.div(VALUES.sum(axis=1), axis=0)
    np.testing.assert_allclose(prody(VALUES, INCOME), (s.T @ INCOME) / s.sum(), rtol=1e-12)


def test_prody_expy_zero_handling_and_checks():
    padded = VALUES.assign(e=0).reindex(["r1", "r2", "r3", "r4"], fill_value=0)
    income = pd.concat([INCOME, pd.Series({"r4": 5.0})])
    assert np.isnan(prody(padded, income)["e"])
    out = expy(padded, income)
    assert np.isnan(out["r4"]) and out[["r1", "r2", "r3"]].tolist() == pytest.approx(expy(VALUES, INCOME).tolist())
    with pytest.raises(FtzlinkError, match=r"only in income: \[zz\]; only in mat rows: \[r3\]"):
        prody(VALUES, INCOME.rename({"r3": "zz"}))
    with pytest.raises(FtzlinkError, match=r"income: negative value\(s\) for r2"):
        expy(VALUES, INCOME * pd.Series({"r1": 1, "r2": -1, "r3": 1}))


def test_ubiquity_measures_by_hand():
    # column totals (4, 4, 4, 4) of 16, ubiquity (LQ ≥ 1) (2, 3, 2, 1) of 8
    assert norm_ubiquity(VALUES).tolist() == pytest.approx([1, 2 / 3, 1, 2])
    assert inv_norm_ubiquity(VALUES).tolist() == pytest.approx([100 * np.log(4) / k for k in (2, 3, 2, 1)])
    # EconGeo's formula ln(x + 0.001)/k · 100 differs by less than 0.1/(x k)
    econgeo = [100 * np.log(4.001) / k for k in (2, 3, 2, 1)]
    np.testing.assert_allclose(inv_norm_ubiquity(VALUES), econgeo, atol=0.1 / 4)
    zero = VALUES.assign(e=0)
    assert np.isnan(norm_ubiquity(zero)["e"]) and np.isnan(inv_norm_ubiquity(zero)["e"])
    with pytest.raises(FtzlinkError, match="negative value"):
        norm_ubiquity(VALUES - 1)


# ---- relatedness density inside / outside the portfolio ----------------------------------------------------


def test_relatedness_density_int_and_ext_by_hand():
    # relatedness = co-occurrence, column sums (3, 5, 4, 2); RD (from test_indices_relatedness):
    # r1 = (200/3, 40, 75, 50), r3 = (100, 60, 75, 100)
    rel = co_occurrence(M)
    internal, external = relatedness_density_int(M, rel), relatedness_density_ext(M, rel)
    assert internal.loc["r1"].tolist()[:2] == pytest.approx([200 / 3, 40])
    assert internal.loc["r1"].isna().tolist() == [False, False, True, True]
    assert external.loc["r1"].tolist()[2:] == pytest.approx([75, 50])
    assert external.loc["r3"].isna().tolist() == [False, True, True, True]
    pd.testing.assert_frame_equal(internal.fillna(external), relatedness_density(M, rel))
    # coherence: r1 = (200/3 + 40)/2 = 160/3; r3 = (60 + 75 + 100)/3 = 235/3; flexibility r1 = (75 + 50)/2, r3 = 100
    assert relatedness_density_int_avg(M, rel)[["r1", "r3"]].tolist() == pytest.approx([160 / 3, 235 / 3])
    assert relatedness_density_ext_avg(M, rel)[["r1", "r3"]].tolist() == pytest.approx([62.5, 100])


def test_relatedness_density_averages_zero_handling():
    full = pd.DataFrame([[1, 1], [1, 0]], index=["p", "q"], columns=["a", "b"])
    rel = pd.DataFrame([[0, 1], [1, 0]], index=["a", "b"], columns=["a", "b"])
    assert np.isnan(relatedness_density_ext_avg(full, rel)["p"])  # holds everything
    empty = full.assign(a=[1, 0], b=[1, 0])
    assert np.isnan(relatedness_density_int_avg(empty, rel)["q"])  # holds nothing
    with pytest.raises(FtzlinkError, match=r"only in rel: \[z\]"):
        relatedness_density_int(full, rel.rename(index={"b": "z"}, columns={"b": "z"}))


# ---- z-score -------------------------------------------------------------------------------------------


def test_z_score_by_hand_and_against_the_hypergeometric():
    m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1], [0, 0, 0, 1]], index=list("pqrs"), columns=IND)
    z = z_score(m)
    # a (n = 2) and b (n = 3) in P = 4: C = 2, μ = 6/4, σ² = 1.5 · (1 − 2/4) · (4 − 3)/3 = 1/4 → z = 1
    assert z.loc["a", "b"] == pytest.approx(1.0)
    # a and d (n = 2): C = 0, μ = 1, σ² = 1 · 1/2 · 2/3 = 1/3 → z = −sqrt 3
    assert z.loc["a", "d"] == pytest.approx(-np.sqrt(3))
    # independent check: C_ij ~ hypergeometric(P, n_i, n_j)
    n = m.sum().to_numpy()
    c = co_occurrence(m).to_numpy()
    for i in range(4):
        for j in range(4):
            if i != j:
                dist = hypergeom(4, n[i], n[j])
                assert z.iloc[i, j] == pytest.approx((c[i, j] - dist.mean()) / dist.std())
    assert np.diag(z).tolist() == [0, 0, 0, 0]
    np.testing.assert_allclose(z, z.T)


def test_z_score_undefined_and_checks():
    m = pd.DataFrame([[1, 1, 0], [1, 0, 0], [1, 1, 0]], index=list("pqr"), columns=list("abc"))
    z = z_score(m)  # a is everywhere, c nowhere: σ = 0
    assert z.loc[["a", "c"], "b"].isna().all() and z.loc["b", ["a", "c"]].isna().all()
    with pytest.raises(FtzlinkError, match="at least 2 regions"):
        z_score(m.iloc[:1])
    with pytest.raises(FtzlinkError, match="expected a binary"):
        z_score(VALUES)


# ---- recombination --------------------------------------------------------------------------------------


def test_ease_of_recombination_and_modular_complexity_by_hand():
    # co-occurring partners: a {b, c}, b {a, c, d}, c {a, b, d}, d {b, c}; occurrences (2, 3, 2, 1)
    assert ease_recombination(M).tolist() == pytest.approx([1, 1, 1.5, 2])
    # r1 {a, b}: 2/(1 + 1); r2 {a, b, c}: 3/(1 + 1 + 1.5); r3 {b, c, d}: 3/(1 + 1.5 + 2)
    assert modular_complexity(M).tolist() == pytest.approx([1, 3 / 3.5, 3 / 4.5])
    # EconGeo takes technologies in rows: its rowSums(binary(cooc)) / rowSums(mat) on t(M)
    tech = M.T.to_numpy()
    cooc = (tech @ tech.T > 0).astype(int)
    np.fill_diagonal(cooc, 0)
    np.testing.assert_allclose(ease_recombination(M), cooc.sum(axis=1) / tech.sum(axis=1))


def test_recombination_zero_handling_and_checks():
    m = pd.DataFrame([[1, 0, 0], [0, 1, 0], [0, 0, 0]], index=list("pqr"), columns=list("abc"))
    ease = ease_recombination(m)
    assert ease[["a", "b"]].tolist() == [0, 0] and np.isnan(ease["c"])
    mod = modular_complexity(m)  # p, q: industries never combined → 0 (EconGeo's Inf → 0); r: nothing → NaN
    assert mod[["p", "q"]].tolist() == [0, 0] and np.isnan(mod["r"])
    with pytest.raises(FtzlinkError, match="expected a binary"):
        modular_complexity(VALUES)
    with pytest.raises(FtzlinkError, match="expected a pandas DataFrame"):
        ease_recombination(M.to_numpy())
