"""Input-output math on a 2-sector economy worked out by hand.

Z = [[20, 30], [10, 40]], x = [100, 200]:
  A = Z / x_j            = [[0.2, 0.15], [0.1, 0.2]]
  I − A                  = [[0.8, −0.15], [−0.1, 0.8]], det = 0.64 − 0.015 = 0.625
  L = adj(I − A) / det   = [[0.8, 0.15], [0.1, 0.8]] / 0.625 = [[1.28, 0.24], [0.16, 1.28]]
  multipliers (col sums) = [1.44, 1.52]; row sums = [1.52, 1.44]; Σ L = 2.96
  backward = 2 · [1.44, 1.52] / 2.96 = [36/37, 38/37]; forward = [38/37, 36/37]
  B = Z / x_i            = [[0.2, 0.3], [0.05, 0.2]], det(I − B) = 0.625
  G = [[0.8, 0.3], [0.05, 0.8]] / 0.625 = [[1.28, 0.48], [0.08, 1.28]], row sums [1.76, 1.36]
  Ghosh forward = 2 · [1.76, 1.36] / 3.12 = [44/39, 34/39]
  sales shares o_ij = z_ij / Σ_k z_ik = [[0.4, 0.6], [0.2, 0.8]]
"""

import numpy as np
import pandas as pd
import pytest

from ftzlink.errors import FtzlinkError
from ftzlink.io_tables import (
    allocation_coefficients,
    ghosh_inverse,
    intermediate_sales_shares,
    leontief_inverse,
    linkages,
    output_multipliers,
    sector_class,
    technical_coefficients,
)

Z = np.array([[20.0, 30.0], [10.0, 40.0]])
X = np.array([100.0, 200.0])
A_HAND = np.array([[0.2, 0.15], [0.1, 0.2]])
L_HAND = np.array([[1.28, 0.24], [0.16, 1.28]])
G_HAND = np.array([[1.28, 0.48], [0.08, 1.28]])
SECTORS = pd.Index(["01", "02"], name="sector")


def labelled(arr):
    return pd.DataFrame(arr, index=SECTORS, columns=SECTORS)


def test_technical_coefficients_by_hand_arrays_and_frames():
    np.testing.assert_allclose(technical_coefficients(Z, X), A_HAND, rtol=1e-15)
    # a Series x in another order is aligned by label
    A = technical_coefficients(labelled(Z), pd.Series([200.0, 100.0], index=["02", "01"]))
    assert isinstance(A, pd.DataFrame) and list(A.index) == ["01", "02"] and list(A.columns) == ["01", "02"]
    np.testing.assert_allclose(A.to_numpy(), A_HAND, rtol=1e-15)


def test_leontief_inverse_by_hand():
    L = leontief_inverse(labelled(A_HAND))
    np.testing.assert_allclose(L.to_numpy(), L_HAND, rtol=1e-12)
    np.testing.assert_allclose((np.eye(2) - A_HAND) @ L.to_numpy(), np.eye(2), atol=1e-14)


def test_output_multipliers_are_column_sums():
    m = output_multipliers(labelled(L_HAND))
    assert m.name == "output_multiplier"
    np.testing.assert_allclose(m.loc[["01", "02"]].to_numpy(), [1.44, 1.52], rtol=1e-15)
    np.testing.assert_allclose(output_multipliers(L_HAND), [1.44, 1.52], rtol=1e-15)


def test_rasmussen_linkages_by_hand():
    lk = linkages(labelled(L_HAND))
    np.testing.assert_allclose(lk["backward"], [36 / 37, 38 / 37], rtol=1e-14)
    np.testing.assert_allclose(lk["forward"], [38 / 37, 36 / 37], rtol=1e-14)
    np.testing.assert_allclose(lk["backward_total"], [1.44, 1.52], rtol=1e-14)
    assert lk["sector_class"].tolist() == ["forward", "backward"]
    assert list(lk.index) == ["01", "02"]


def test_ghosh_inverse_and_forward_linkages_by_hand():
    B = allocation_coefficients(Z, X)
    np.testing.assert_allclose(B, [[0.2, 0.3], [0.05, 0.2]], rtol=1e-15)
    G = ghosh_inverse(B)
    np.testing.assert_allclose(G, G_HAND, rtol=1e-12)
    # G = x̂⁻¹ L x̂ (Miller & Blair 2009, section 12.1)
    np.testing.assert_allclose(G, np.diag(1 / X) @ L_HAND @ np.diag(X), rtol=1e-12)
    lk = linkages(L_HAND, G)
    np.testing.assert_allclose(lk["forward"], [44 / 39, 34 / 39], rtol=1e-14)
    np.testing.assert_allclose(lk["backward"], [36 / 37, 38 / 37], rtol=1e-14)


def test_sector_class_all_four_groups():
    got = sector_class([1.2, 0.8, 1.1, 0.9], [1.3, 0.7, 0.9, 1.1])
    assert got.tolist() == ["key", "weak", "backward", "forward"]


def test_intermediate_sales_shares_by_hand_and_zero_row():
    np.testing.assert_allclose(intermediate_sales_shares(Z), [[0.4, 0.6], [0.2, 0.8]], rtol=1e-15)
    np.testing.assert_array_equal(intermediate_sales_shares(np.array([[0.0, 0.0], [1.0, 3.0]])),
                                  [[0.0, 0.0], [0.25, 0.75]])


def test_zero_output_sector_gets_zero_column_unless_it_has_inputs():
    np.testing.assert_array_equal(technical_coefficients(np.array([[1.0, 0.0], [2.0, 0.0]]), [10.0, 0.0]),
                                  [[0.1, 0.0], [0.2, 0.0]])
    with pytest.raises(FtzlinkError, match="sector '02' has zero gross output but non-zero inputs"):
        technical_coefficients(labelled([[1.0, 1.0], [2.0, 0.0]]), pd.Series([10.0, 0.0], index=SECTORS))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: technical_coefficients(labelled([[1.0, -1.0], [0.0, 1.0]]), X),
         "negative value -1 at row '01', column '02'"),
        (lambda: technical_coefficients(np.ones((2, 3)), X), "square matrix"),
        (lambda: technical_coefficients(Z, [1.0, 2.0, 3.0]), "expected 2 values"),
        (lambda: technical_coefficients(Z, [100.0, np.nan]), "must be finite and non-negative"),
        (lambda: technical_coefficients(labelled(Z), pd.Series([1.0, 2.0], index=["01", "03"])), "only in x"),
        (lambda: leontief_inverse(pd.DataFrame(A_HAND, index=["01", "02"], columns=["02", "01"])), "same sectors"),
        (lambda: leontief_inverse(np.array([[0.5, 0.5], [0.5, 0.5]])), "singular"),
        (lambda: leontief_inverse(np.array([[0.6, 0.6], [0.6, 0.6]])), "Hawkins–Simon"),
        (lambda: leontief_inverse(np.array([[0.1, np.inf], [0.0, 0.1]])),
         "missing or infinite value at row 0, column 1"),
        (lambda: linkages(L_HAND, np.eye(3)), "same sectors"),
    ],
)
def test_bad_input_raises_naming_the_problem(call, message):
    with pytest.raises(FtzlinkError, match=message):
        call()


def test_economic_validity_of_inputs_is_checked():
    from ftzlink import FtzlinkError
    from ftzlink.io_tables import linkages, sector_class, technical_coefficients

    # column sums of Z are 3 and 7 against outputs 2 and 5: inputs exceed output
    with pytest.raises(FtzlinkError, match="sector 0 uses more intermediate inputs \\(3\\) than its gross output \\(2\\)"):
        technical_coefficients(np.array([[1.0, 3.0], [2.0, 4.0]]), np.array([2.0, 5.0]))
    with pytest.raises(FtzlinkError, match="sums to zero"):
        linkages(np.zeros((2, 2)))
    with pytest.raises(FtzlinkError, match="finite and of the same length"):
        sector_class([1.2, np.nan], [0.8, 1.1])
