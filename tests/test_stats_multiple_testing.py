"""Benjamini–Hochberg q-values against a hand-worked example and statsmodels' fdr_bh."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from ftzlink.errors import FtzlinkError
from ftzlink.stats.multiple_testing import bh_qvalues, pair_qvalues


def _statsmodels_bh(p: np.ndarray) -> np.ndarray:
    return multipletests(p, method="fdr_bh")[1]


def test_hand_worked_example():
    # p = (0.01, 0.04, 0.03, 0.005), m = 4. Sorted: 0.005 (d), 0.01 (a), 0.03 (c), 0.04 (b).
    # m p_(k) / k: 4·0.005/1 = 0.02, 4·0.01/2 = 0.02, 4·0.03/3 = 0.04, 4·0.04/4 = 0.04.
    # Running minimum from the largest k down: 0.04, 0.04, 0.02, 0.02 → q = a 0.02, b 0.04, c 0.04, d 0.02.
    p = pd.Series([0.01, 0.04, 0.03, 0.005], index=list("abcd"), name="p")
    q = bh_qvalues(p)
    pd.testing.assert_series_equal(q, pd.Series([0.02, 0.04, 0.04, 0.02], index=list("abcd"), name="p"),
                                   rtol=1e-12, atol=0)


def test_hand_worked_example_with_step_down_minimum_and_cap():
    # p = (0.02, 0.03, 0.04, 0.9), m = 4: m p / k = 0.08, 0.06, 0.0533…, 0.9.
    # Running minimum from the top: 0.9, min(0.0533, 0.9) = 0.0533, min(0.06, 0.0533) = 0.0533,
    # min(0.08, 0.0533) = 0.0533 → the first three share q = 0.16/3.
    q = bh_qvalues(np.array([0.02, 0.03, 0.04, 0.9]))
    np.testing.assert_allclose(q, [0.16 / 3, 0.16 / 3, 0.16 / 3, 0.9], rtol=1e-12)
    # m p / k above 1 is capped: p = (0.6, 0.7), m = 2 → 1.2 → 1, 0.7 → q = (0.7, 0.7).
    np.testing.assert_allclose(bh_qvalues(np.array([0.6, 0.7])), [0.7, 0.7], rtol=1e-12)


def test_ties_get_equal_qvalues():
    # p = (0.01, 0.01, 0.5), m = 3: 3·0.01/1 = 0.03, 3·0.01/2 = 0.015, 3·0.5/3 = 0.5 → (0.015, 0.015, 0.5)
    np.testing.assert_allclose(bh_qvalues(np.array([0.01, 0.01, 0.5])), [0.015, 0.015, 0.5], rtol=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_series_matches_statsmodels(seed):
    rng = np.random.default_rng(seed)
    p = np.concatenate([rng.uniform(size=40), rng.uniform(0, 0.01, size=10), [0.0, 1.0, 0.5, 0.5]])
    s = pd.Series(p, index=[f"t{i}" for i in range(p.size)])
    q = bh_qvalues(s)
    assert isinstance(q, pd.Series) and q.index.equals(s.index)
    np.testing.assert_allclose(q.to_numpy(), _statsmodels_bh(p), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(bh_qvalues(p), _statsmodels_bh(p), rtol=1e-12, atol=1e-15)
    assert (q >= s).all() and (q <= 1).all()


def test_dataframe_with_nan_is_one_family():
    rng = np.random.default_rng(7)
    values = rng.uniform(0, 0.2, size=(6, 5))
    values[rng.uniform(size=values.shape) < 0.3] = np.nan
    df = pd.DataFrame(values, index=[f"z{i}" for i in range(6)], columns=list("abcde"))
    q = bh_qvalues(df)
    assert q.index.equals(df.index) and q.columns.equals(df.columns)
    kept = ~np.isnan(values)
    assert np.array_equal(np.isnan(q.to_numpy()), ~kept)  # NaN stay NaN
    np.testing.assert_allclose(q.to_numpy()[kept], _statsmodels_bh(values[kept]), rtol=1e-12, atol=1e-15)


def test_all_nan_and_empty_inputs():
    assert bh_qvalues(pd.Series([np.nan, np.nan], index=["a", "b"])).isna().all()
    assert bh_qvalues(np.array([], dtype=float)).size == 0


def test_pair_matrix_symmetric_adjusts_each_pair_once():
    # Pairs: a–b 0.01, a–c 0.04, b–c 0.03; the diagonal is not a test (0 here, ignored).
    # m = 3: sorted 0.01, 0.03, 0.04 → 3p/k = 0.03, 0.045, 0.04 → running min from top 0.03, 0.04, 0.04.
    p = pd.DataFrame([[0, 0.01, 0.04], [0.01, 0, 0.03], [0.04, 0.03, 0]], index=list("abc"), columns=list("abc"))
    q = pair_qvalues(p)
    expected = pd.DataFrame([[np.nan, 0.03, 0.04], [0.03, np.nan, 0.04], [0.04, 0.04, np.nan]],
                            index=list("abc"), columns=list("abc"))
    pd.testing.assert_frame_equal(q, expected, rtol=1e-12, atol=0)
    # same as adjusting the upper triangle with statsmodels
    np.testing.assert_allclose([q.loc["a", "b"], q.loc["a", "c"], q.loc["b", "c"]],
                               _statsmodels_bh(np.array([0.01, 0.04, 0.03])), rtol=1e-12)
    # Passing the whole matrix to bh_qvalues: with a NaN diagonal every pair counts twice (m = 6),
    # which leaves BH's q-values unchanged (sorted 0.01, 0.01, 0.03, 0.03, 0.04, 0.04 → 6p/k =
    # 0.06, 0.03, 0.06, 0.045, 0.048, 0.04 → running min 0.03, 0.03, 0.04, 0.04, 0.04, 0.04) …
    pd.testing.assert_frame_equal(bh_qvalues(p.where(~np.eye(3, dtype=bool))), expected, rtol=1e-12, atol=0)
    # … but the 0 diagonal would join the family (m = 9, three p = 0): a–b becomes 9·0.01/5 = 0.018.
    assert bh_qvalues(p).loc["a", "b"] == pytest.approx(0.018, rel=1e-12)


def test_pair_matrix_random_symmetric_with_nan_and_column_order():
    rng = np.random.default_rng(3)
    n = 7
    upper = np.triu(rng.uniform(size=(n, n)), k=1)
    values = upper + upper.T
    values[1, 4] = values[4, 1] = np.nan  # an untested pair
    labels = [f"r{i}" for i in range(n)]
    p = pd.DataFrame(values, index=labels, columns=labels)
    shuffled = p[labels[::-1]]
    q = pair_qvalues(shuffled)
    assert list(q.columns) == labels[::-1] and list(q.index) == labels
    q = q[labels]
    iu = np.triu_indices(n, k=1)
    cells = values[iu]
    kept = ~np.isnan(cells)
    np.testing.assert_allclose(q.to_numpy()[iu][kept], _statsmodels_bh(cells[kept]), rtol=1e-12)
    np.testing.assert_array_equal(q.to_numpy(), q.to_numpy().T)
    assert np.isnan(np.diag(q.to_numpy())).all() and np.isnan(q.loc["r1", "r4"])


def test_pair_matrix_directional_uses_all_off_diagonal_cells():
    rng = np.random.default_rng(5)
    values = rng.uniform(size=(4, 4))
    p = pd.DataFrame(values, index=list("abcd"), columns=list("abcd"))
    with pytest.raises(FtzlinkError, match="not symmetric"):
        pair_qvalues(p)
    q = pair_qvalues(p, symmetric=False)
    off = ~np.eye(4, dtype=bool)
    np.testing.assert_allclose(q.to_numpy()[off], _statsmodels_bh(values[off]), rtol=1e-12)
    assert np.isnan(np.diag(q.to_numpy())).all()


def test_errors():
    with pytest.raises(FtzlinkError, match=r"pvalues: 1 value\(s\) outside \[0, 1\], first 1.2 at label 'b'"):
        bh_qvalues(pd.Series([0.1, 1.2], index=["a", "b"]))
    with pytest.raises(FtzlinkError, match="outside .* first -0.1 at row 'x', column 'k'"):
        bh_qvalues(pd.DataFrame({"k": [-0.1, 0.2]}, index=["x", "y"]))
    with pytest.raises(FtzlinkError, match="outside"):
        bh_qvalues(np.array([0.1, np.inf]))
    with pytest.raises(FtzlinkError, match="dtype"):
        bh_qvalues(pd.Series(["0.1", "0.2"]))
    with pytest.raises(FtzlinkError, match="dtype"):
        bh_qvalues(pd.Series([True, False]))
    with pytest.raises(FtzlinkError, match="non-numeric column"):
        bh_qvalues(pd.DataFrame({"p": [0.1, 0.2], "name": ["a", "b"]}))
    with pytest.raises(FtzlinkError, match="boolean column"):
        bh_qvalues(pd.DataFrame({"p": [True, False]}))
    with pytest.raises(FtzlinkError, match="1-D"):
        bh_qvalues(np.array([[0.1, 0.2], [0.3, 0.4]]))
    with pytest.raises(FtzlinkError, match="got list"):
        bh_qvalues([0.1, 0.2])
    with pytest.raises(FtzlinkError, match="got float"):
        bh_qvalues(0.1)
    good = pd.DataFrame([[np.nan, 0.1], [0.1, np.nan]], index=["a", "b"], columns=["a", "b"])
    with pytest.raises(FtzlinkError, match="symmetric: expected True or False"):
        pair_qvalues(good, symmetric="yes")
    with pytest.raises(FtzlinkError, match="same labels"):
        pair_qvalues(good.rename(columns={"b": "c"}))
    with pytest.raises(FtzlinkError, match=r"outside .* row 'a', column 'b'"):
        pair_qvalues(good.replace(0.1, 2.0))
    with pytest.raises(FtzlinkError, match="DataFrame"):
        pair_qvalues(good.to_numpy())
