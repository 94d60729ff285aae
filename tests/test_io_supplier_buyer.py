"""Supplier–buyer matrix S = s W sᵀ on 2 regions × 2 sectors, worked out by hand.

mat = [[3, 1], [0, 2]] → shares s_r = (0.75, 0.25), s_q = (0, 1).
Technical, A = [[0.2, 0.15], [0.1, 0.2]]:
  S_rr = 0.75·0.75·0.2 + 0.75·0.25·0.15 + 0.25·0.75·0.1 + 0.25·0.25·0.2 = 0.171875
  S_rq = 0.75·0.15 + 0.25·0.2 = 0.1625      S_qr = 0.1·0.75 + 0.2·0.25 = 0.125      S_qq = 0.2
Sales, Z = [[20, 30], [10, 40]] → O = [[0.4, 0.6], [0.2, 0.8]]:
  S_rr = 0.75·(0.4·0.75 + 0.6·0.25) + 0.25·(0.2·0.75 + 0.8·0.25) = 0.425
  S_rq = 0.75·0.6 + 0.25·0.8 = 0.65         S_qr = 0.2·0.75 + 0.8·0.25 = 0.35       S_qq = 0.8
"""

import numpy as np
import pandas as pd
import pytest

from ftzlink.errors import FtzlinkError
from ftzlink.io_tables import IOTable, supplier_buyer_matrix

SECTORS = pd.Index(["01", "02"], name="sector")
TABLE = IOTable(
    Z=pd.DataFrame([[20.0, 30.0], [10.0, 40.0]], index=SECTORS, columns=SECTORS),
    x=pd.Series([100.0, 200.0], index=SECTORS),
    Z_imports=pd.DataFrame([[20.0, 0.0], [0.0, 0.0]], index=SECTORS, columns=SECTORS),
)
MAT = pd.DataFrame([[3.0, 1.0], [0.0, 2.0]], index=pd.Index(["r", "q"], name="zone"), columns=["01", "02"])


def test_technical_variant_by_hand():
    S = supplier_buyer_matrix(MAT, TABLE)
    assert S.index.name == "supplier" and S.columns.name == "buyer"
    assert list(S.index) == ["r", "q"] and list(S.columns) == ["r", "q"]
    np.testing.assert_allclose(S.to_numpy(), [[0.171875, 0.1625], [0.125, 0.2]], rtol=1e-14)


def test_sales_variant_by_hand():
    S = supplier_buyer_matrix(MAT, TABLE, coefficients="sales")
    np.testing.assert_allclose(S.to_numpy(), [[0.425, 0.65], [0.35, 0.8]], rtol=1e-14)


def test_domestic_variant_uses_domestic_coefficients():
    # A_domestic = [[0, 0.15], [0.1, 0.2]]: S_rq = 0.75·0.15 + 0.25·0.2 = 0.1625, S_qr = 0.125,
    # S_rr = 0.171875 − 0.75·0.75·0.2 = 0.059375
    S = supplier_buyer_matrix(MAT, TABLE, domestic=True)
    np.testing.assert_allclose(S.to_numpy(), [[0.059375, 0.1625], [0.125, 0.2]], rtol=1e-14)


def test_column_order_does_not_matter_and_duck_typed_table():
    duck = type("Duck", (), {"A": TABLE.A})()
    S = supplier_buyer_matrix(MAT[["02", "01"]], duck)
    np.testing.assert_allclose(S.to_numpy(), supplier_buyer_matrix(MAT, TABLE).to_numpy(), rtol=1e-15)


@pytest.mark.parametrize(
    ("mat", "table", "kwargs", "message"),
    [
        (MAT.rename(columns={"02": "03"}), TABLE, {}, r"only in mat: \[03\]"),
        (MAT.assign(**{"01": [0.0, 0.0], "02": [1.0, 0.0]}), TABLE, {}, r"all-zero row\(s\).*q"),
        (MAT.assign(**{"01": [-1.0, 0.0]}), TABLE, {}, "negative value"),
        (MAT, object(), {}, "no attribute 'A'"),
        (MAT, TABLE, {"coefficients": "input"}, "coefficients: must be one of 'technical', 'sales'"),
        (MAT, IOTable(Z=TABLE.Z, x=TABLE.x), {"domestic": True}, "no domestic / imports split"),
    ],
)
def test_bad_input_raises(mat, table, kwargs, message):
    with pytest.raises(FtzlinkError, match=message):
        supplier_buyer_matrix(mat, table, **kwargs)
