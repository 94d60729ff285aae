"""Directional complementarity indices against values worked out by hand.

Exports (rows = suppliers) and imports (rows = buyers) of regions p and q in industries a, b, c:

    exports   a  b  c        imports   a  b  c
    p         2  2  0        p         0  2  2
    q         0  1  3        q         4  0  0

Export shares x_p = (1/2, 1/2, 0), x_q = (0, 1/4, 3/4); import shares m_p = (0, 1/2, 1/2), m_q = (1, 0, 0).
"""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from ftzlink import FtzlinkError
from ftzlink.indices import (
    drysdale_complementarity,
    io_complementarity,
    trade_complementarity,
)

COLS = ["a", "b", "c"]
EXPORTS = pd.DataFrame([[2, 2, 0], [0, 1, 3]], index=["p", "q"], columns=COLS)
IMPORTS = pd.DataFrame([[0, 2, 2], [4, 0, 0]], index=["p", "q"], columns=COLS)
# Technical coefficients a_ij: input from sector i per unit of sector j's output.
A = pd.DataFrame([[0.1, 0.2, 0.0], [0.3, 0.0, 0.4], [0.0, 0.2, 0.1]], index=COLS, columns=COLS)
STRUCTURE = pd.DataFrame([[1, 1, 0], [0, 0, 1]], index=["p", "q"], columns=COLS)  # s_p = (1/2, 1/2, 0), s_q = (0, 0, 1)


def directional(rows, suppliers=("p", "q"), buyers=("p", "q")):
    return pd.DataFrame(
        rows, index=pd.Index(list(suppliers), name="supplier"), columns=pd.Index(list(buyers), name="buyer"), dtype=float
    )


def test_trade_complementarity_by_hand():
    # Σ|m_q - x_r|: (p,p) = 1/2 + 0 + 1/2 = 1 → 50; (p,q) = 1/2 + 1/2 + 0 = 1 → 50;
    # (q,p) = 0 + 1/4 + 1/4 = 1/2 → 100·(1 - 1/4) = 75; (q,q) = 1 + 1/4 + 3/4 = 2 → 0
    tc = trade_complementarity(EXPORTS, IMPORTS)
    pd.testing.assert_frame_equal(tc, directional([[50, 50], [75, 0]]))
    assert tc.loc["p", "q"] != tc.loc["q", "p"]  # directional: not symmetric


def test_trade_complementarity_between_different_region_sets():
    buyers = IMPORTS.rename(index={"p": "u", "q": "v"})[["c", "a", "b"]]  # column order does not matter
    tc = trade_complementarity(EXPORTS, buyers)
    pd.testing.assert_frame_equal(tc, directional([[50, 50], [75, 0]], buyers=("u", "v")))


def test_drysdale_by_hand():
    # W_i = exports + imports = (2+4, 3+2, 3+2) = (6, 5, 5) of 16 → w = (6/16, 5/16, 5/16); C = Σ x m / w
    # (p,p) = (1/2·1/2)/(5/16) = 4/5; (p,q) = (1/2·1)/(6/16) = 4/3
    # (q,p) = (1/4·1/2)/(5/16) + (3/4·1/2)/(5/16) = 2/5 + 6/5 = 8/5; (q,q) = 0 (q exports no a)
    expected = directional([[4 / 5, 4 / 3], [8 / 5, 0]])
    pd.testing.assert_frame_equal(drysdale_complementarity(EXPORTS, IMPORTS), expected)
    # world reference (1, 1, 2) → w = (1/4, 1/4, 1/2): (p,q) = (1/2)/(1/4) = 2; (q,p) = (1/8)/(1/4) + (3/8)/(1/2) = 5/4
    world = pd.Series({"a": 1, "b": 1, "c": 2})
    out = drysdale_complementarity(EXPORTS, IMPORTS, reference=world)
    assert out.loc["p", "q"] == pytest.approx(2) and out.loc["q", "p"] == pytest.approx(5 / 4)


def test_drysdale_reference_zero_for_traded_industry():
    with pytest.raises(FtzlinkError, match=r"reference is zero for traded industry\(ies\): c"):
        drysdale_complementarity(EXPORTS, IMPORTS, reference=pd.Series({"a": 1, "b": 1, "c": 0}))


def test_io_complementarity_by_hand():
    # needs d_q = A s_q: for q, s_q = (0,0,1) → column c of A = (0, 0.4, 0.1) → shares (0, 0.8, 0.2);
    # for p, A·(1/2, 1/2, 0) = (0.15, 0.15, 0.1) → shares (0.375, 0.375, 0.25).
    # IOC(p supplies q) = 1 - (1/2 + 0.3 + 0.2)/2 = 0.5; IOC(q supplies p) = 1 - (0.375 + 0.375 + 0.75)/2 = 0.25
    # IOC(p,p) = 1 - (0.125 + 0.125 + 0.25)/2 = 0.75; IOC(q,q) = 1 - (0 + 0.8 + 0.8)/2 = 0.2
    expected = directional([[0.75, 0.5], [0.25, 0.2]])
    pd.testing.assert_frame_equal(io_complementarity(STRUCTURE, A), expected)
    # an object carrying A (e.g. an IO-table object), and A in another label order, give the same
    pd.testing.assert_frame_equal(io_complementarity(STRUCTURE, SimpleNamespace(A=A.loc[COLS[::-1], COLS[::-1]])), expected)


def test_io_complementarity_zero_handling():
    # a buyer whose only sector uses no intermediate inputs has no input needs → NaN column
    no_inputs = A.assign(c=0.0)
    out = io_complementarity(STRUCTURE, no_inputs)
    assert out["q"].isna().all() and out["p"].notna().all()
    # an all-zero region is NaN as supplier and buyer
    out = io_complementarity(STRUCTURE.reindex(["p", "q", "z"], fill_value=0), A)
    assert out.loc["z"].isna().all() and out["z"].isna().all()


def test_label_mismatches_are_named():
    with pytest.raises(FtzlinkError, match=r"exports and imports have different column labels: only in exports: \[c\]"):
        trade_complementarity(EXPORTS, IMPORTS.rename(columns={"c": "x"}))
    with pytest.raises(FtzlinkError, match=r"only in io_table.A: \[x\]; only in mat columns: \[c\]"):
        io_complementarity(STRUCTURE, A.rename(index={"c": "x"}, columns={"c": "x"}))
    with pytest.raises(FtzlinkError, match=r"io_table.A rows and io_table.A columns have different"):
        io_complementarity(STRUCTURE, A.rename(columns={"c": "x"}))
    with pytest.raises(FtzlinkError, match="expected a technical-coefficient DataFrame or an object with attribute A"):
        io_complementarity(STRUCTURE, A.to_numpy())


def test_zero_rows_give_nan():
    tc = trade_complementarity(EXPORTS.reindex(["p", "q", "z"], fill_value=0), IMPORTS)
    assert tc.loc["z"].isna().all() and tc.loc[["p", "q"]].notna().all().all()
    dc = drysdale_complementarity(EXPORTS, IMPORTS.reindex(["p", "q", "z"], fill_value=0))
    assert dc["z"].isna().all()
    assert not np.isnan(dc.loc["p", "p"])
