"""Entropy weights and coupling coordination (traditional and modified) on examples worked by hand."""

from math import log, sqrt

import numpy as np
import pandas as pd
import pytest

from ftzlink.errors import FtzlinkError
from ftzlink.stats import coupling_coordination, entropy_weights, subsystem_scores


def test_coupling_two_subsystems_worked_example():
    # U = (0.4, 0.9): C = 2·sqrt(0.36)/1.3 = 1.2/1.3, T = 0.65, D = sqrt(1.2/1.3 · 0.65) = sqrt(0.6)
    out = coupling_coordination(pd.DataFrame({"econ": [0.4], "env": [0.9]}, index=["hb_wuhan"]))
    assert list(out.columns) == ["C", "T", "D"]
    assert out.loc["hb_wuhan", "C"] == pytest.approx(1.2 / 1.3)
    assert out.loc["hb_wuhan", "T"] == pytest.approx(0.65)
    assert out.loc["hb_wuhan", "D"] == pytest.approx(sqrt(0.6))


def test_coupling_three_subsystems_worked_example_with_weights():
    # U = (0.2, 0.4, 0.8): product 0.064, cube root 0.4, sum 1.4 → C = 3·0.4/1.4 = 6/7
    scores = pd.DataFrame({"industry": [0.2, 0.5], "trade": [0.4, 0.5], "innovation": [0.8, 0.5]},
                          index=["z1", "z2"])
    out = coupling_coordination(scores)
    assert out.loc["z1", "C"] == pytest.approx(6 / 7)
    assert out.loc["z1", "T"] == pytest.approx(1.4 / 3)
    assert out.loc["z1", "D"] == pytest.approx(sqrt(6 / 7 * 1.4 / 3))
    assert out.loc["z2", "C"] == pytest.approx(1.0)                  # equal scores: perfect coupling
    assert out.loc["z2", "D"] == pytest.approx(sqrt(0.5))
    weighted = coupling_coordination(scores, {"industry": 0.5, "trade": 0.3, "innovation": 0.2})
    # T = 0.5·0.2 + 0.3·0.4 + 0.2·0.8 = 0.38
    assert weighted.loc["z1", "T"] == pytest.approx(0.38)
    assert weighted.loc["z1", "D"] == pytest.approx(sqrt(6 / 7 * 0.38))
    assert weighted.loc["z1", "C"] == pytest.approx(6 / 7)


def test_coupling_zero_score_gives_zero_coupling():
    out = coupling_coordination(pd.DataFrame({"a": [0.0], "b": [0.7]}))
    assert out.iloc[0].tolist() == [0.0, 0.35, 0.0]


def test_modified_coupling_two_subsystems_worked_example():
    # 王淑佳 et al. (2021), n = 2: C = sqrt[(1 − |U1 − U2|) · min/max]; U = (0.4, 0.9):
    # C = sqrt(0.5 · 4/9) = sqrt(2/9), T = 0.65 (the modified model changes C only)
    out = coupling_coordination(pd.DataFrame({"econ": [0.4], "env": [0.9]}, index=["hb_wuhan"]), model="modified")
    assert out.loc["hb_wuhan", "C"] == pytest.approx(sqrt(2 / 9))
    assert out.loc["hb_wuhan", "T"] == pytest.approx(0.65)
    assert out.loc["hb_wuhan", "D"] == pytest.approx(sqrt(sqrt(2 / 9) * 0.65))
    # weights enter T and D only
    w = coupling_coordination(pd.DataFrame({"econ": [0.4], "env": [0.9]}), {"econ": 0.2, "env": 0.8},
                              model="modified")
    assert w["C"].iloc[0] == pytest.approx(sqrt(2 / 9))
    assert w["T"].iloc[0] == pytest.approx(0.8)


def test_modified_coupling_zero_rule_and_extremes():
    out = coupling_coordination(pd.DataFrame({"a": [0.0, 1.0, 0.5], "b": [0.7, 0.0, 0.5]}), model="modified")
    assert out["C"].tolist()[:2] == [0.0, 0.0]                      # a zero score: C = 0, D = 0
    assert out["D"].tolist()[:2] == [0.0, 0.0]
    assert out["C"].iloc[2] == pytest.approx(1.0)                   # equal scores: perfect coupling
    with pytest.raises(FtzlinkError, match="all subsystem scores are zero for unit.*z1"):
        coupling_coordination(pd.DataFrame({"a": [0.0, 0.5], "b": [0.0, 0.5]}, index=["z1", "z2"]),
                              model="modified")
    with pytest.raises(FtzlinkError, match="model: must be one of 'traditional', 'modified'"):
        coupling_coordination(pd.DataFrame({"a": [0.2], "b": [0.3]}), model="wang")


def test_coupling_errors_name_unit_and_subsystem():
    with pytest.raises(FtzlinkError, match="unit 'z2', subsystem 'trade'"):
        coupling_coordination(pd.DataFrame({"industry": [0.2, 0.5], "trade": [0.4, 1.5]}, index=["z1", "z2"]))
    with pytest.raises(FtzlinkError, match="all subsystem scores are zero for unit.*z1"):
        coupling_coordination(pd.DataFrame({"a": [0.0, 0.5], "b": [0.0, 0.5]}, index=["z1", "z2"]))
    with pytest.raises(FtzlinkError, match="sum to 1"):
        coupling_coordination(pd.DataFrame({"a": [0.2], "b": [0.3]}), {"a": 0.5, "b": 0.6})
    with pytest.raises(FtzlinkError, match="only in weights"):
        coupling_coordination(pd.DataFrame({"a": [0.2], "b": [0.3]}), {"a": 0.5, "c": 0.5})
    with pytest.raises(FtzlinkError, match="two subsystem columns"):
        coupling_coordination(pd.DataFrame({"a": [0.2]}))


INDICATORS = pd.DataFrame(
    {"gdp": [1.0, 2.0, 3.0], "exports": [0.0, 0.0, 6.0], "pollution": [5.0, 1.0, 3.0]},
    index=pd.Index(["z1", "z2", "z3"], name="zone"),
)


def _entropy_weights_by_hand(columns):
    """Each column already normalised to [0, 1]; follow the definition literally."""
    n = len(columns[0])
    d = []
    for x in columns:
        p = [v / sum(x) for v in x]
        e = -sum(pi * log(pi) for pi in p if pi > 0) / log(n)
        d.append(1 - e)
    return [di / sum(d) for di in d]


def test_entropy_weights_worked_example():
    # gdp (1,2,3) → (0, .5, 1); exports (0,0,6) → (0, 0, 1);
    # pollution is negative: (max − x)/(max − min) = (0, 1, .5)
    expected = _entropy_weights_by_hand([[0, 0.5, 1], [0, 0, 1], [0, 1, 0.5]])
    w = entropy_weights(INDICATORS, {"pollution": "negative"})
    np.testing.assert_allclose(w.to_numpy(), expected, rtol=1e-12)
    assert w.sum() == pytest.approx(1.0)
    # e_gdp = (1/3 ln 3 + 2/3 ln 1.5)/ln 3; e_exports = 0
    e_gdp = (1 / 3 * log(3) + 2 / 3 * log(1.5)) / log(3)
    two = entropy_weights(INDICATORS[["gdp", "exports"]])
    assert two["gdp"] == pytest.approx((1 - e_gdp) / ((1 - e_gdp) + 1))
    assert two.name == "weight" and list(two.index) == ["gdp", "exports"]


def test_entropy_weights_of_raw_shares_worked_example():
    # normalisation="share": p = x / Σx on the raw values. gdp (1, 2, 3) → p = (1/6, 1/3, 1/2);
    # exports (0, 0, 6) → p = (0, 0, 1), e = 0; pollution (5, 1, 3) → p = (5/9, 1/9, 1/3)
    columns = [[1, 2, 3], [0, 0, 6], [5, 1, 3]]
    expected = _entropy_weights_by_hand(columns)
    w = entropy_weights(INDICATORS, normalisation="share")
    np.testing.assert_allclose(w.to_numpy(), expected, rtol=1e-12)
    e_gdp = -(1 / 6 * log(1 / 6) + 1 / 3 * log(1 / 3) + 1 / 2 * log(1 / 2)) / log(3)
    assert w["gdp"] / w["exports"] == pytest.approx(1 - e_gdp)
    # the direction is checked but does not change the entropy of the raw shares
    pd.testing.assert_series_equal(entropy_weights(INDICATORS, {"pollution": "negative"}, normalisation="share"), w)
    # a constant indicator has e = 1 and weight 0 (with "minmax" it raises, see test_entropy_errors)
    assert entropy_weights(INDICATORS.assign(flat=2.0), normalisation="share")["flat"] == 0.0


def test_subsystem_scores_and_coupling_end_to_end():
    subs = {"economy": ["gdp", "exports"], "environment": ["pollution"]}
    scores = subsystem_scores(INDICATORS, subs, {"pollution": "negative"})
    w = _entropy_weights_by_hand([[0, 0.5, 1], [0, 0, 1]])
    expected_economy = [0.0, w[0] * 0.5, 1.0]
    np.testing.assert_allclose(scores["economy"], expected_economy, rtol=1e-12)
    np.testing.assert_allclose(scores["environment"], [0.0, 1.0, 0.5])      # single indicator: weight 1
    out = coupling_coordination(scores.loc[["z2", "z3"]])
    u1, u2 = expected_economy[1], 1.0
    assert out.loc["z2", "C"] == pytest.approx(2 * sqrt(u1 * u2) / (u1 + u2))
    assert out.loc["z3", "D"] == pytest.approx(sqrt(2 * sqrt(0.5) / 1.5 * 0.75))


def test_entropy_errors():
    with pytest.raises(FtzlinkError, match=r"indicator\(s\) flat take the same value"):
        entropy_weights(INDICATORS.assign(flat=2.0))
    gap = INDICATORS.copy()
    gap.loc["z2", "gdp"] = np.nan
    with pytest.raises(FtzlinkError, match="unit 'z2', indicator 'gdp'"):
        entropy_weights(gap)
    with pytest.raises(FtzlinkError, match="expected 'positive' or 'negative'"):
        entropy_weights(INDICATORS, {"gdp": "up"})
    with pytest.raises(FtzlinkError, match="unknown indicator"):
        entropy_weights(INDICATORS, {"jobs": "negative"})
    with pytest.raises(FtzlinkError, match=r"in no subsystem \[pollution\]"):
        subsystem_scores(INDICATORS, {"economy": ["gdp", "exports"]})
    with pytest.raises(FtzlinkError, match="more than one subsystem"):
        subsystem_scores(INDICATORS, {"a": ["gdp", "exports"], "b": ["gdp", "pollution"]})
    with pytest.raises(FtzlinkError, match="normalisation: must be one of 'minmax', 'share'"):
        entropy_weights(INDICATORS, normalisation="sum")
    with pytest.raises(FtzlinkError, match="unit 'z1', indicator 'gdp' is negative"):
        entropy_weights(INDICATORS.assign(gdp=[-1.0, 2.0, 3.0]), normalisation="share")
    with pytest.raises(FtzlinkError, match=r"indicator\(s\) none are zero for every unit"):
        entropy_weights(INDICATORS.assign(none=0.0), normalisation="share")
    with pytest.raises(FtzlinkError, match="every indicator takes the same value"):
        entropy_weights(pd.DataFrame({"a": [1.0, 1.0], "b": [2.0, 2.0]}), normalisation="share")
