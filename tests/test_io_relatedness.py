"""Input-output relatedness (and io_complementarity on an IOTable) against 3-sector tables worked by hand."""

import numpy as np
import pandas as pd
import pytest

from ftzlink.errors import FtzlinkError
from ftzlink.indices.complementarity_indices import io_complementarity
from ftzlink.io_tables.relatedness import io_relatedness
from ftzlink.io_tables.table import IOTable

SECTORS = ["a", "b", "c"]
# z_ij = product i used by sector j; gross output x = (100, 200, 400).
#   row sums (intermediate sales) 70, 130, 80 and column sums (intermediate inputs) 40, 100, 140
#   are all below x, so both measures lie in [0, 1].
Z = pd.DataFrame([[10, 40, 20], [30, 20, 80], [0, 40, 40]], index=SECTORS, columns=SECTORS, dtype=float)
X = pd.Series([100.0, 200.0, 400.0], index=SECTORS)


def sector_frame(rows):
    return pd.DataFrame(rows, index=SECTORS, columns=SECTORS, dtype=float)


def test_max_share_by_hand():
    # a_ij = z_ij / x_j:  a_ab = 40/200 = .2, a_ba = 30/100 = .3, a_ac = 20/400 = .05, a_ca = 0/100 = 0,
    #                     a_bc = 80/400 = .2, a_cb = 40/200 = .2
    # b_ij = z_ij / x_i:  b_ab = 40/100 = .4, b_ba = 30/200 = .15, b_ac = 20/100 = .2, b_ca = 0/400 = 0,
    #                     b_bc = 80/200 = .4, b_cb = 40/400 = .1
    # max: ab = max(.2, .3, .4, .15) = .4; ac = max(.05, 0, .2, 0) = .2; bc = max(.2, .2, .4, .1) = .4
    expected = sector_frame([[0, 0.4, 0.2], [0.4, 0, 0.4], [0.2, 0.4, 0]])
    pd.testing.assert_frame_equal(io_relatedness(Z, X), expected, rtol=1e-12, atol=1e-15)
    pd.testing.assert_frame_equal(io_relatedness(Z, X, method="max_share"), expected, rtol=1e-12, atol=1e-15)


def test_flow_intensity_by_hand():
    # (z_ij + z_ji) / (x_i + x_j): ab = (40 + 30) / 300 = 7/30; ac = (20 + 0) / 500 = .04;
    # bc = (80 + 40) / 600 = .2; diagonal 0
    expected = sector_frame([[0, 7 / 30, 0.04], [7 / 30, 0, 0.2], [0.04, 0.2, 0]])
    pd.testing.assert_frame_equal(io_relatedness(Z, X, "flow_intensity"), expected, rtol=1e-12, atol=1e-15)


def test_iotable_input_equals_dataframe_input_and_domestic_flows():
    table = IOTable(Z=Z, x=X)
    for method in ("max_share", "flow_intensity"):
        pd.testing.assert_frame_equal(io_relatedness(table, method=method), io_relatedness(Z, X, method))
    imports = sector_frame([[0, 20, 0], [10, 0, 0], [0, 0, 40]])
    noncompetitive = IOTable(Z=Z, x=X, Z_imports=imports)
    # domestic flows Z − Z_imports = [[10, 20, 20], [20, 20, 80], [0, 40, 0]]:
    # max_share ab = max(20/200, 20/100, 20/100, 20/200) = .2; ac and bc unchanged (.2, .4)
    pd.testing.assert_frame_equal(io_relatedness(noncompetitive, domestic=True),
                                  sector_frame([[0, 0.2, 0.2], [0.2, 0, 0.4], [0.2, 0.4, 0]]), rtol=1e-12)
    pd.testing.assert_frame_equal(io_relatedness(noncompetitive, domestic=True),
                                  io_relatedness(Z - imports, X))


def test_label_order_does_not_matter():
    shuffled = Z.loc[["c", "a", "b"], ["b", "c", "a"]]
    out = io_relatedness(shuffled, X[["b", "a", "c"]])
    assert list(out.index) == ["c", "a", "b"] and list(out.columns) == ["c", "a", "b"]
    pd.testing.assert_frame_equal(out.loc[SECTORS, SECTORS], io_relatedness(Z, X))


@pytest.mark.parametrize("method", ["max_share", "flow_intensity"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_symmetry_range_and_scale_invariance(method, seed):
    rng = np.random.default_rng(seed)
    n = 12
    z = rng.uniform(0, 50, size=(n, n)) * (rng.uniform(size=(n, n)) < 0.6)
    # gross output above both intermediate sales and inputs (non-negative value added and final use)
    x = np.maximum(z.sum(axis=0), z.sum(axis=1)) * rng.uniform(1.0, 3.0, size=n) + 1.0
    labels = [f"s{i:02d}" for i in range(n)]
    zf, xs = pd.DataFrame(z, index=labels, columns=labels), pd.Series(x, index=labels)
    phi = io_relatedness(zf, xs, method).to_numpy()
    np.testing.assert_array_equal(phi, phi.T)  # exactly symmetric
    assert (phi >= 0).all() and (phi <= 1).all()
    assert (np.diag(phi) == 0).all()
    scaled = io_relatedness(zf * 1e4, xs * 1e4, method).to_numpy()  # e.g. 万元 → 元
    np.testing.assert_allclose(scaled, phi, rtol=1e-12, atol=1e-15)


def test_max_share_can_exceed_one_when_sales_exceed_output():
    # b sells 60 to c but produces 50 (imports fill the gap in a competitive-import table):
    # b_bc = 60 / 50 = 1.2, not clipped.
    z = sector_frame([[0, 0, 0], [0, 0, 60], [0, 0, 0]])
    x = pd.Series([10.0, 50.0, 100.0], index=SECTORS)
    assert io_relatedness(z, x).loc["b", "c"] == pytest.approx(1.2)
    assert io_relatedness(z, x, "flow_intensity").loc["b", "c"] == pytest.approx(60 / 150)


def test_errors():
    with pytest.raises(FtzlinkError, match=r"x: zero gross output for sector\(s\) b"):
        io_relatedness(Z.assign(b=0.0).T.assign(b=0.0).T, X.replace(200.0, 0.0))
    with pytest.raises(FtzlinkError, match=r"x: zero gross output for sector\(s\) c"):
        io_relatedness(IOTable(Z=sector_frame(np.zeros((3, 3))), x=X.replace(400.0, 0.0)))
    with pytest.raises(FtzlinkError, match="x: an IOTable carries its own gross output"):
        io_relatedness(IOTable(Z=Z, x=X), X)
    with pytest.raises(FtzlinkError, match="x: gross output by sector is required"):
        io_relatedness(Z)
    with pytest.raises(FtzlinkError, match="domestic: only with an IOTable"):
        io_relatedness(Z, X, domestic=True)
    with pytest.raises(FtzlinkError, match="domestic: expected True or False"):
        io_relatedness(IOTable(Z=Z, x=X), domestic="yes")
    with pytest.raises(FtzlinkError, match="method"):
        io_relatedness(Z, X, "fan_lang")
    with pytest.raises(FtzlinkError, match=r"only in x: \[d\]"):
        io_relatedness(Z, pd.Series([1.0, 2.0, 3.0], index=["a", "b", "d"]))
    with pytest.raises(FtzlinkError, match=r"only in Z rows: \[c\]"):
        io_relatedness(Z.rename(columns={"c": "d"}), X)
    with pytest.raises(FtzlinkError, match="Z: 1 negative value"):
        io_relatedness(Z.replace(30.0, -30.0), X)
    with pytest.raises(FtzlinkError, match="Z: 1 missing or infinite"):
        io_relatedness(Z.replace(30.0, np.nan), X)
    with pytest.raises(FtzlinkError, match="Z: boolean column"):
        io_relatedness(Z > 15, X)
    with pytest.raises(FtzlinkError, match="x: values must be numeric"):
        io_relatedness(Z, X.astype(str))
    with pytest.raises(FtzlinkError, match="x: negative"):
        io_relatedness(Z, -X)
    with pytest.raises(FtzlinkError, match="table_or_Z: expected an IOTable"):
        io_relatedness(Z.to_numpy(), X)


def test_io_complementarity_on_an_iotable_by_hand():
    # x = (100, 100, 200) and Z chosen so that A = Z / x_j = [[.2, .1, 0], [0, .2, .3], [.1, 0, .1]].
    z = sector_frame([[20, 10, 0], [0, 20, 60], [10, 0, 20]])
    table = IOTable(Z=z, x=pd.Series([100.0, 100.0, 200.0], index=SECTORS))
    # structures s_p = (1/2, 0, 1/2), s_q = (0, 1, 0), s_w = (1/4, 1/4, 1/2)
    mat = pd.DataFrame([[2, 0, 2], [0, 3, 0], [1, 1, 2]], index=["p", "q", "w"], columns=SECTORS)
    # input needs d = A s normalised:
    #   d_p = (.1, .15, .1) / .35 = (2/7, 3/7, 2/7); d_q = (.1, .2, 0) / .3 = (1/3, 2/3, 0);
    #   d_w = (.075, .2, .075) / .35 = (3/14, 8/14, 3/14)
    # IOC_rq = 1 − ½ Σ_i |s_ri − d_qi|:
    #   (p,p) 1 − ½(3/14 + 6/14 + 3/14) = 4/7   (p,q) 1 − ½(1/6 + 2/3 + 1/2) = 1/3
    #   (p,w) 1 − ½(4/14 + 8/14 + 4/14) = 3/7   (q,p) 1 − ½(2/7 + 4/7 + 2/7) = 3/7
    #   (q,q) 1 − ½(1/3 + 1/3 + 0) = 2/3       (q,w) 1 − ½(3/14 + 6/14 + 3/14) = 4/7
    #   (w,p) 1 − ½(1/28 + 5/28 + 6/28) = 11/14  (w,q) 1 − ½(1/12 + 5/12 + 6/12) = 1/2
    #   (w,w) 1 − ½(1/28 + 9/28 + 8/28) = 19/28
    expected = pd.DataFrame(
        [[4 / 7, 1 / 3, 3 / 7], [3 / 7, 2 / 3, 4 / 7], [11 / 14, 1 / 2, 19 / 28]],
        index=pd.Index(["p", "q", "w"], name="supplier"), columns=pd.Index(["p", "q", "w"], name="buyer"),
    )
    out = io_complementarity(mat, table)
    pd.testing.assert_frame_equal(out, expected, rtol=1e-12, atol=1e-15)
    # the table's A and the bare A give the same result
    pd.testing.assert_frame_equal(io_complementarity(mat, table.A), out)
