"""Methods of the Chinese regional-economics literature on published and hand-worked examples.

- 灰色关联度 (Deng's grey relational analysis): no published example with full numbers could be
  obtained offline (刘思峰's textbook was not at hand), so the examples are worked by hand,
  every step written out in the test.
- 熵权TOPSIS: Hwang & Yoon's (1981) fighter-aircraft example (published closeness values),
  plus hand-worked examples and the entropy-weight default.
- CONCOR: the two worked examples of the concorR package documentation (CRAN, README:
  Wolf, Suda & Traxler; results printed there), plus exact structural-equivalence designs
  worked by hand. Wasserman & Faust's Krackhardt example needs their data, not at hand.
- Core–periphery: Borgatti & Everett's idealised structure and a rank-one pattern, worked by
  hand.
- Coupling degree: the "traditional" form C = n·[Π U_i / (Σ U_i)^n]^{1/n} is, algebraically,
  the form ``coupling_coordination`` already computes (test below).
"""

from math import prod

import numpy as np
import pandas as pd
import pytest

import ftzlink.stats.block_model as block_model
from ftzlink.errors import FtzlinkError
from ftzlink.stats import (
    concor,
    core_periphery,
    coupling_coordination,
    entropy_weights,
    grey_relational_coefficients,
    grey_relational_grades,
    topsis,
)

YEARS = [2021, 2022, 2023]

# ---- grey relational analysis -----------------------------------------------------------------


def test_grey_relational_initial_value_worked_by_hand():
    """Worked by hand (no published example at hand). 初值化: X0 = (10, 12, 15) → (1, 1.2, 1.5),
    X1 = (20, 25, 28) → (1, 1.25, 1.4), X2 = (5, 5, 8) → (1, 1, 1.6). Δ1 = (0, .05, .1),
    Δ2 = (0, .2, .1); Δmin = 0, Δmax = .2, ρΔmax = .1. ξ1 = (1, .1/.15, .1/.2) = (1, 2/3, 1/2),
    ξ2 = (1, .1/.3, .1/.2) = (1, 1/3, 1/2); r1 = 13/18, r2 = 11/18."""
    x = pd.DataFrame([[20.0, 25.0, 28.0], [5.0, 5.0, 8.0]], index=["x1", "x2"], columns=YEARS)
    ref = pd.Series([10.0, 12.0, 15.0], index=YEARS)
    xi = grey_relational_coefficients(x, ref)
    np.testing.assert_allclose(xi.to_numpy(), [[1, 2 / 3, 1 / 2], [1, 1 / 3, 1 / 2]], rtol=1e-12)
    grades = grey_relational_grades(x, ref)
    assert grades.name == "grade"
    np.testing.assert_allclose(grades.to_numpy(), [13 / 18, 11 / 18], rtol=1e-12)
    # ρ = 1: ξ1 = (.2/.2, .2/.25, .2/.3), ξ2 = (1, .2/.4, .2/.3)
    np.testing.assert_allclose(grey_relational_coefficients(x, ref, rho=1.0).to_numpy(),
                               [[1, 0.8, 2 / 3], [1, 0.5, 2 / 3]], rtol=1e-12)
    # weighted grade with w = (.5, .25, .25): r1 = .5 + .25·2/3 + .25·.5
    w = pd.Series([0.5, 0.25, 0.25], index=YEARS)
    assert grey_relational_grades(x, ref, weights=w)["x1"] == pytest.approx(0.5 + 0.25 * 2 / 3 + 0.125)
    # the reference's order of points does not matter (aligned by label)
    np.testing.assert_allclose(grey_relational_grades(x, ref.iloc[::-1]).to_numpy(), grades.to_numpy())


def test_grey_relational_mean_and_minmax_worked_by_hand():
    """Worked by hand. 均值化: X0 = (1, 2, 3)/2, X1 = (2, 3, 7)/4 = (.5, .75, 1.75), X2 = (3, 6, 9)/6
    = X0: Δ1 = (0, .25, .25), Δ2 = 0; Δmax = .25, ρΔmax = .125 → ξ1 = (1, 1/3, 1/3), r1 = 5/9, r2 = 1.
    区间化 with ρ = 1: X0 → (0, .5, 1), X1 = (10, 30, 20) → (0, 1, .5), X2 = (5, 6, 9) →
    (0, .25, 1): Δ1 = (0, .5, .5), Δ2 = (0, .25, 0), Δmax = .5 → ξ1 = (1, .5, .5), ξ2 = (1, 2/3, 1)."""
    ref = pd.Series([1.0, 2.0, 3.0], index=YEARS)
    x = pd.DataFrame([[2.0, 3.0, 7.0], [3.0, 6.0, 9.0]], index=["x1", "x2"], columns=YEARS)
    np.testing.assert_allclose(grey_relational_grades(x, ref, normalisation="mean").to_numpy(), [5 / 9, 1.0])
    x = pd.DataFrame([[10.0, 30.0, 20.0], [5.0, 6.0, 9.0]], index=["x1", "x2"], columns=YEARS)
    xi = grey_relational_coefficients(x, ref, rho=1.0, normalisation="minmax")
    np.testing.assert_allclose(xi.to_numpy(), [[1, 0.5, 0.5], [1, 2 / 3, 1]])
    # identical sequences: Δmax = 0, every coefficient is the limit 1
    same = grey_relational_coefficients(pd.DataFrame([[2.0, 4.0, 6.0]], columns=YEARS), ref)
    assert same.to_numpy().tolist() == [[1.0, 1.0, 1.0]]


def test_grey_relational_errors_name_the_argument():
    x = pd.DataFrame([[20.0, 25.0, 28.0], [0.0, 5.0, 8.0]], index=["x1", "x2"], columns=YEARS)
    ref = pd.Series([10.0, 12.0, 15.0], index=YEARS)
    with pytest.raises(FtzlinkError, match="comparison: sequence\\(s\\) x2: its first value is 0"):
        grey_relational_grades(x, ref)
    with pytest.raises(FtzlinkError, match="rho: expected a number in \\(0, 1\\]"):
        grey_relational_grades(x, ref, rho=0, normalisation="none")
    with pytest.raises(FtzlinkError, match="normalisation: must be one of"):
        grey_relational_grades(x, ref, normalisation="zscore")
    with pytest.raises(FtzlinkError, match="reference and comparison columns have different"):
        grey_relational_grades(x, pd.Series([1.0, 2.0, 3.0], index=[2020, 2021, 2022]))
    with pytest.raises(FtzlinkError, match="weights: must sum to 1"):
        grey_relational_grades(x, ref, normalisation="none", weights=pd.Series([0.5, 0.5, 0.5], index=YEARS))
    with pytest.raises(FtzlinkError, match="comparison: missing or infinite value for sequence x1, point 2022"):
        grey_relational_grades(x.replace(25.0, np.nan), ref, normalisation="none")


# ---- TOPSIS ----------------------------------------------------------------------------------

FIGHTERS = pd.DataFrame(
    {"speed": [2.0, 2.5, 1.8, 2.2], "range": [1500.0, 2700.0, 2000.0, 1800.0],
     "payload": [20000.0, 18000.0, 21000.0, 20000.0], "cost": [5.5, 6.5, 4.5, 5.0],
     "reliability": [5.0, 3.0, 7.0, 5.0], "maneuverability": [9.0, 5.0, 7.0, 5.0]},
    index=["A1", "A2", "A3", "A4"])


def test_topsis_hwang_yoon_fighter_example():
    """Hwang & Yoon (1981), *Multiple Attribute Decision Making*, Springer, the fighter-aircraft
    example of section 2.3.4: 4 aircraft × 6 attributes (max speed in Mach, ferry range in NM,
    max payload in lb, acquisition cost in 10⁶ $ — the only cost attribute —, reliability and
    maneuverability on a 1–9 scale), weights w = (.2, .1, .1, .1, .2, .3), vector
    normalisation. Published relative closeness C* = (0.643, 0.268, 0.614, 0.312): preference
    order A1, A3, A4, A2."""
    w = {"speed": 0.2, "range": 0.1, "payload": 0.1, "cost": 0.1, "reliability": 0.2, "maneuverability": 0.3}
    out = topsis(FIGHTERS, w, {"cost": "negative"})
    np.testing.assert_allclose(out["closeness"].to_numpy(), [0.643, 0.268, 0.614, 0.312], atol=5e-4)
    assert out["rank"].tolist() == [1, 4, 2, 3]
    assert list(out.columns) == ["d_plus", "d_minus", "closeness", "rank"]


def test_entropy_topsis_uses_the_entropy_weights():
    direction = {"cost": "negative"}
    default = topsis(FIGHTERS, direction=direction)
    explicit = topsis(FIGHTERS, entropy_weights(FIGHTERS, direction), direction)
    pd.testing.assert_frame_equal(default, explicit)
    assert ((default["closeness"] >= 0) & (default["closeness"] <= 1)).all()


def test_topsis_vector_normalisation_worked_by_hand():
    # two indicators with norms 5 and 10: v = [[.3, .4], [.4, .3]] for equal weights; with
    # w = (.8, .2): v = [[.48, .16], [.64, .12]], ideal (.64, .16), anti (.48, .12):
    # D1+ = .16, D1− = .04 → C1 = .2; D2+ = .04, D2− = .16 → C2 = .8
    x = pd.DataFrame({"gdp": [3.0, 4.0], "trade": [8.0, 6.0]}, index=["z1", "z2"])
    out = topsis(x, {"gdp": 0.8, "trade": 0.2})
    np.testing.assert_allclose(out[["d_plus", "d_minus"]].to_numpy(), [[0.16, 0.04], [0.04, 0.16]])
    np.testing.assert_allclose(out["closeness"].to_numpy(), [0.2, 0.8])
    assert out["rank"].tolist() == [2, 1]


def test_topsis_errors_name_the_argument():
    with pytest.raises(FtzlinkError, match="indicators: 1 negative value\\(s\\), first -1 at row 'A1', column 'cost'"):
        topsis(FIGHTERS.assign(cost=[-1.0, 6.5, 4.5, 5.0]))
    with pytest.raises(FtzlinkError, match="weights: must be non-negative and sum to 1"):
        topsis(FIGHTERS, dict.fromkeys(FIGHTERS.columns, 0.5))
    with pytest.raises(FtzlinkError, match="weights and indicator columns have different"):
        topsis(FIGHTERS, {"speed": 1.0})
    with pytest.raises(FtzlinkError, match="direction: unknown indicator\\(s\\) price"):
        topsis(FIGHTERS, direction={"price": "negative"})
    with pytest.raises(FtzlinkError, match="normalisation: must be one of 'vector', 'minmax'"):
        topsis(FIGHTERS, normalisation="sum")
    with pytest.raises(FtzlinkError, match="ideal and anti-ideal coincide"):
        topsis(pd.DataFrame({"a": [1.0, 1.0], "b": [2.0, 2.0]}), {"a": 0.5, "b": 0.5})
    with pytest.raises(FtzlinkError, match="indicators: needs at least 2 units"):
        topsis(FIGHTERS.iloc[:1], dict.fromkeys(FIGHTERS.columns, 1 / 6))


# ---- CONCOR ----------------------------------------------------------------------------------


def _blocks(series: pd.Series) -> set[frozenset]:
    return {frozenset(series.index[series == b]) for b in series.unique()}


def test_concor_reproduces_the_concorR_documentation_examples():
    """concorR (CRAN; README, 'Example' and 'Example 2: a network with isolated members'). The
    first 5 × 5 matrix (R's column-major ``matrix(c(...), ncol = 5)``) splits into {b, c, d} and
    {a, e}; the second, with the isolate F, into {D, E}, {A, B, C} and the isolate block {F}."""
    cols = [0, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0]
    a = pd.DataFrame(np.array(cols).reshape(5, 5).T, index=list("abcde"), columns=list("abcde"))
    assert _blocks(concor(a)) == {frozenset("bcd"), frozenset("ae")}
    iso = pd.DataFrame([[0, 1, 1, 1, 1, 0], [1, 0, 1, 1, 1, 0], [1, 1, 0, 1, 1, 0], [0, 0, 0, 0, 1, 0],
                        [0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 0, 0]], index=list("ABCDEF"), columns=list("ABCDEF"))
    out = concor(iso)
    assert _blocks(out) == {frozenset("ABC"), frozenset("DE"), frozenset("F")}
    assert out["F"] == out.max()                                      # isolates form the last block


def test_concor_recovers_structurally_equivalent_positions_by_hand():
    # Four positions of three actors each, image [[1,1,0,0],[1,1,0,0],[0,1,1,1],[0,0,1,1]]:
    # actors of a position have identical profiles (r = 1), so depth 2 must return the positions.
    image = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [0, 1, 1, 1], [0, 0, 1, 1]])
    pos = np.repeat(np.arange(4), 3)
    m = image[pos][:, pos].astype(float)
    np.fill_diagonal(m, 0.0)
    names = [f"z{i:02d}" for i in range(12)]
    s = pd.DataFrame(m, index=names, columns=names)
    out = concor(s, depth=2)
    assert out.name == "block" and out.index.tolist() == names
    assert _blocks(out) == {frozenset(names[3 * k:3 * k + 3]) for k in range(4)}
    # one split joins the positions with the most similar profiles: {1, 2} and {3, 4}
    assert _blocks(concor(s, depth=1)) == {frozenset(names[:6]), frozenset(names[6:])}
    # a relation stacked twice has the same correlations as once
    pd.testing.assert_series_equal(concor({"advice": s, "trade": s}, depth=2), out)
    # relabelling the actors does not change the partition
    order = names[::-1]
    assert _blocks(concor(s.loc[order, order], depth=2)) == _blocks(out)


def test_concor_errors_name_the_argument():
    s = pd.DataFrame(np.ones((4, 4)), index=list("abcd"), columns=list("abcd"))
    with pytest.raises(FtzlinkError, match="depth: expected an integer in \\[1, 10\\]"):
        concor(s, depth=0)
    with pytest.raises(FtzlinkError, match="pairs: needs at least 3 regions"):
        concor(s.iloc[:2, :2])
    with pytest.raises(FtzlinkError, match="pairs: 1 missing or infinite off-diagonal value"):
        concor(s.where(~((s.index == "a")[:, None] & (s.columns == "b")[None, :])))
    with pytest.raises(FtzlinkError, match="a and b have different row labels"):
        concor({"a": s, "b": s.rename(index={"d": "e"}, columns={"d": "e"})})


# ---- core–periphery --------------------------------------------------------------------------


def _ideal() -> pd.DataFrame:
    """Borgatti & Everett's idealised structure, worked by hand: core {a, b, c} fully tied,
    each periphery actor d, e, f tied to one core actor, no periphery–periphery ties."""
    s = pd.DataFrame(0.0, index=list("abcdef"), columns=list("abcdef"))
    for u, v in [("a", "b"), ("a", "c"), ("b", "c"), ("a", "d"), ("b", "e"), ("c", "f")]:
        s.loc[u, v] = s.loc[v, u] = 1.0
    return s


def test_discrete_core_periphery_of_an_ideal_structure():
    out = core_periphery(_ideal(), "discrete")
    assert out.index[out["core"]].tolist() == ["a", "b", "c"]
    assert out["coreness"].tolist() == [1.0, 1.0, 1.0, 0.0, 0.0, 0.0]
    assert out["fit"].iloc[0] == pytest.approx(1.0)
    # a directional version of the same ties (only a → d, not d → a) is symmetrised first
    directed = _ideal()
    directed.loc["d", "a"] = 0.0
    assert core_periphery(directed, "discrete")["core"].tolist() == out["core"].tolist()


def test_continuous_core_periphery_recovers_a_rank_one_pattern():
    # a_ij = c_i c_j off the diagonal for c = (3, 2, 1, 1, .5): coreness c/‖c‖ exactly, fit 1
    c = np.array([3.0, 2.0, 1.0, 1.0, 0.5])
    a = np.outer(c, c)
    np.fill_diagonal(a, 99.0)                                         # the diagonal is ignored
    out = core_periphery(pd.DataFrame(a, index=list("vwxyz"), columns=list("vwxyz")))
    np.testing.assert_allclose(out["coreness"].to_numpy(), c / np.linalg.norm(c), rtol=1e-9)
    assert out["fit"].iloc[0] == pytest.approx(1.0)
    cont = core_periphery(_ideal())
    assert cont.loc[["a", "b", "c"], "coreness"].min() > cont.loc[["d", "e", "f"], "coreness"].max()
    assert cont["core"].tolist() == [True, True, True, False, False, False]


def test_discrete_search_above_the_exact_limit_finds_the_exact_optimum(monkeypatch):
    rng = np.random.default_rng(4)
    n = 11
    core = np.arange(n) < 4
    p = np.where(core[:, None] & core[None, :], 0.9, np.where(core[:, None] | core[None, :], 0.35, 0.05))
    m = np.triu((rng.random((n, n)) < p).astype(float), 1)
    s = pd.DataFrame(m + m.T)
    exact = core_periphery(s, "discrete")
    monkeypatch.setattr(block_model, "EXACT_MAX", 5)
    search = core_periphery(s, "discrete")
    assert search["fit"].iloc[0] == pytest.approx(exact["fit"].iloc[0])
    assert search["core"].tolist() == exact["core"].tolist()


def test_core_periphery_errors_name_the_argument():
    with pytest.raises(FtzlinkError, match="model: must be one of 'continuous', 'discrete'"):
        core_periphery(_ideal(), "fuzzy")
    with pytest.raises(FtzlinkError, match="pairs: no ties off the diagonal"):
        core_periphery(_ideal() * 0)
    with pytest.raises(FtzlinkError, match="pairs: needs at least 4 regions"):
        core_periphery(_ideal().iloc[:3, :3])


# ---- coupling degree: the traditional form -----------------------------------------------------


@pytest.mark.parametrize("scores", [(0.4, 0.9), (0.2, 0.4, 0.8), (0.05, 0.3, 0.6, 0.95)])
def test_traditional_coupling_degree_is_the_form_coupling_coordination_computes(scores):
    """The traditional coupling degree C = n·[Π U_i / (Σ U_i)^n]^{1/n} (the normative form of the
    traditional model that 王淑佳 et al. 2021, 《自然资源学报》 36(3), 793–810, set out before
    proposing their modified model) equals n·(Π U_i)^{1/n} / Σ U_i, which is what
    ``coupling_coordination`` computes: no second function is needed for it."""
    n = len(scores)
    traditional = n * (prod(scores) / sum(scores) ** n) ** (1 / n)
    out = coupling_coordination(pd.DataFrame([scores], columns=[f"s{k}" for k in range(n)]))
    assert out["C"].iloc[0] == pytest.approx(traditional, rel=1e-12)
