"""Trade indices (WITS definitions): trade intensity, Grubel–Lloyd, export market penetration and trade
specialisation, worked by hand."""

import numpy as np
import pandas as pd
import pytest

from ftzlink import FtzlinkError
from ftzlink.indices import export_market_penetration, grubel_lloyd, trade_intensity, trade_specialisation

EXPORTS = pd.DataFrame({"a": [10.0, 0.0, 0.0], "b": [5.0, 20.0, 0.0]}, index=["r1", "r2", "r3"])
IMPORTS = pd.DataFrame({"a": [10.0, 5.0, 0.0], "b": [15.0, 0.0, 0.0]}, index=["r1", "r2", "r3"])
FLOWS = pd.DataFrame([[0, 10, 30], [20, 0, 20], [10, 10, 0]], index=list("abc"), columns=list("abc"), dtype=float)


def test_trade_intensity_by_hand():
    # exports a 40, b 40, c 20; world imports a 30, b 20, c 50 of 100
    # TII_ab = (10/40)/(20/100) = 1.25; TII_ca = (10/20)/(30/100) = 5/3
    tii = trade_intensity(FLOWS)
    assert tii.loc["a", "b"] == pytest.approx(1.25)
    assert tii.loc["c", "a"] == pytest.approx(5 / 3)
    assert tii.loc["b", "c"] == pytest.approx(1.0)
    assert np.isnan(np.diag(tii)).all()
    assert tii.index.name == "exporter" and tii.columns.name == "importer"
    # the diagonal is ignored; column order of the input does not matter
    with_self = FLOWS + np.diag([100.0, 100.0, 100.0])
    pd.testing.assert_frame_equal(trade_intensity(with_self[["c", "a", "b"]]), tii)


def test_trade_intensity_zeros_and_checks():
    flows = FLOWS.copy()
    flows.loc["c"] = 0.0  # c exports nothing
    tii = trade_intensity(flows)
    assert tii.loc["c"].isna().all() and tii.loc["a", "b"] == pytest.approx((10 / 40) / (10 / 80))
    with pytest.raises(FtzlinkError, match="negative"):
        trade_intensity(FLOWS - 15)
    with pytest.raises(FtzlinkError, match="rows and columns must carry the same labels"):
        trade_intensity(FLOWS.rename(columns={"c": "z"}))


def test_grubel_lloyd_by_hand():
    # r1: a 1 − 0/20 = 1, b 1 − 10/20 = 0.5; r2: a 1 − 5/5 = 0, b 1 − 20/20 = 0; r3 no trade: NaN
    gl = grubel_lloyd(EXPORTS, IMPORTS)
    np.testing.assert_array_equal(gl.to_numpy(), [[1.0, 0.5], [0.0, 0.0], [np.nan, np.nan]])
    # aggregate: r1 1 − 10/40 = 0.75, r2 1 − 25/25 = 0
    agg = grubel_lloyd(EXPORTS, IMPORTS, aggregate=True)
    assert agg[["r1", "r2"]].tolist() == [0.75, 0.0] and np.isnan(agg["r3"]) and agg.name == "grubel_lloyd"
    # the aggregate is the trade-weighted mean of the industry indices
    weights = (EXPORTS + IMPORTS).loc["r1"]
    assert agg["r1"] == pytest.approx((gl.loc["r1"] * weights).sum() / weights.sum())


def test_trade_specialisation_by_hand():
    tsi = trade_specialisation(EXPORTS, IMPORTS)
    np.testing.assert_array_equal(tsi.to_numpy(), [[0.0, -0.5], [-1.0, 1.0], [np.nan, np.nan]])
    # |TSI| = 1 − GL
    np.testing.assert_allclose(np.abs(tsi), 1 - grubel_lloyd(EXPORTS, IMPORTS))
    # imports in another row/column order are aligned by label
    pd.testing.assert_frame_equal(trade_specialisation(EXPORTS, IMPORTS.iloc[::-1, ::-1]), tsi)


def test_exports_and_imports_must_match():
    with pytest.raises(FtzlinkError, match=r"only in exports: \[b\]; only in imports: \[z\]"):
        grubel_lloyd(EXPORTS, IMPORTS.rename(columns={"b": "z"}))
    with pytest.raises(FtzlinkError, match=r"only in exports: \[r3\]"):
        trade_specialisation(EXPORTS, IMPORTS.drop(index="r3"))
    with pytest.raises(FtzlinkError, match="aggregate: expected True or False"):
        grubel_lloyd(EXPORTS, IMPORTS, aggregate="yes")
    with pytest.raises(FtzlinkError, match="imports: 1 missing or infinite"):
        trade_specialisation(EXPORTS, IMPORTS.where(IMPORTS != 15.0))


def test_export_market_penetration_by_hand():
    flows = pd.DataFrame({
        "exporter": ["a", "a", "b", "c", "c", "a", "b"],
        "importer": ["b", "c", "c", "a", "b", "d", "b"],
        "product": ["p", "p", "p", "q", "p", "q", "q"],
        "value": [5.0, 1.0, 2.0, 3.0, 0.0, 4.0, 7.0],  # c → b of p is zero: not a market
    })
    # p is imported by b and c (2 markets); q by a and d (2; b → b is a self-flow and ignored)
    # a: p to b, c → 100 %; q to d → 50 %. b: p to c → 50 %; q only to itself → 0.
    # c: p nowhere → 0; q to a → 50 %
    emp = export_market_penetration(flows)
    np.testing.assert_allclose(emp.to_numpy(), [[100, 50], [50, 0], [0, 50]])
    assert emp.index.name == "exporter" and emp.columns.name == "product"
    total = export_market_penetration(flows, product=None)  # all trade: markets a, b, c, d
    assert total.tolist() == pytest.approx([75, 25, 25])  # a → b, c, d; b → c; c → a


def test_export_market_penetration_checks():
    flows = pd.DataFrame({"exporter": ["a"], "importer": ["b"], "product": ["p"], "value": [1.0]})
    with pytest.raises(FtzlinkError, match="flows: missing column"):
        export_market_penetration(flows.drop(columns="product"))
    with pytest.raises(FtzlinkError, match="missing, non-numeric, infinite or negative 'value'"):
        export_market_penetration(flows.assign(value=-1.0))
    with pytest.raises(FtzlinkError, match="must name different columns"):
        export_market_penetration(flows, importer="exporter")
    renamed = flows.rename(columns={"exporter": "o", "importer": "d", "product": "hs", "value": "usd"})
    assert export_market_penetration(renamed, "o", "d", "hs", "usd").to_numpy().tolist() == [[100.0]]
