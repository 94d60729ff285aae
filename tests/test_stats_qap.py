"""QAP correlation, Mantel test and MRQAP against permutation distributions enumerated here."""

from itertools import permutations

import numpy as np
import pandas as pd
import pytest
from conftest import lazy_import
from scipy.stats import spearmanr

from ftzlink.errors import FtzlinkError
from ftzlink.pairs import pair_cells
from ftzlink.resampling import cell_offsets, permutation_batches, permuted_cells, permuted_index
from ftzlink.stats import mantel, mrqap, qap_correlation

sm = lazy_import("statsmodels.api")

ZONES4 = ["wuhan", "xiangyang", "yichang", "changsha"]
ZONES5 = [*ZONES4, "yueyang"]


def _offdiag(values: np.ndarray) -> np.ndarray:
    return values[~np.eye(len(values), dtype=bool)]


def _upper(values: np.ndarray) -> np.ndarray:
    return values[np.triu_indices(len(values), k=1)]


def _matrix(values, zones) -> pd.DataFrame:
    return pd.DataFrame(np.asarray(values, dtype=float), index=zones, columns=zones)


# Directed 4 × 4 matrices with distinct off-diagonal values (synthetic, made up for the tests).
A4 = _matrix([[0, 3, 9, 4], [7, 0, 1, 12], [2, 11, 0, 6], [10, 5, 8, 0]], ZONES4)
B4 = _matrix([[0, 10, 3.5, 8.5], [5, 0, 6, 12.5], [1.5, 4, 0, 7.5], [11.5, 9.5, 2, 0]], ZONES4)


def _enumerated(a: np.ndarray, b: np.ndarray, stat, cells=_offdiag):
    """Statistic on every joint row/column permutation of a (all n! of them)."""
    return np.array([stat(cells(a[np.ix_(p, p)]), cells(b)) for p in permutations(range(len(a)))])


def _pearson(x, y):
    return np.corrcoef(x, y)[0, 1]


def _spearman(x, y):
    return spearmanr(x, y).statistic


@pytest.mark.parametrize("method,stat", [("pearson", _pearson), ("spearman", _spearman)])
def test_qap_exact_pvalue_equals_enumerated_24_permutations(method, stat):
    a, b = A4.to_numpy(), B4.to_numpy()
    r_obs = stat(_offdiag(a), _offdiag(b))
    null = _enumerated(a, b, stat)
    assert len(null) == 24
    res = qap_correlation(A4, B4, n_permutations="all", method=method)
    row = res.table.loc[method]
    assert row["estimate"] == pytest.approx(r_obs, abs=1e-12)
    assert row["p_greater"] == pytest.approx(np.mean(null >= r_obs - 1e-9))
    assert row["p_less"] == pytest.approx(np.mean(null <= r_obs + 1e-9))
    assert row["p_value"] == pytest.approx(np.mean(np.abs(null) >= abs(r_obs) - 1e-9))
    assert row["n_permutations"] == 24 and bool(row["exact"])
    assert 1 / 24 < row["p_greater"] < 1      # a non-trivial case: the observed r is not extreme
    np.testing.assert_allclose(np.sort(res.null[:, 0]), np.sort(null), atol=1e-12)


def test_qap_random_pvalue_counts_observed_once():
    res = qap_correlation(A4, B4, n_permutations=200, seed=3)
    r = res.table.loc["pearson", "estimate"]
    null = res.null[:, 0]
    assert res.null.shape == (200, 1)
    assert res.table.loc["pearson", "p_greater"] == pytest.approx((1 + np.sum(null >= r - 1e-9)) / 201)
    assert res.table.loc["pearson", "p_value"] == pytest.approx((1 + np.sum(np.abs(null) >= abs(r) - 1e-9)) / 201)
    # every random permutation gives one of the 24 enumerated values
    exact = _enumerated(A4.to_numpy(), B4.to_numpy(), _pearson)
    assert np.all(np.min(np.abs(null[:, None] - exact[None, :]), axis=1) < 1e-12)


def test_qap_same_seed_identical_output_and_generator_seed():
    first = qap_correlation(A4, B4, n_permutations=50, seed=11)
    second = qap_correlation(A4, B4, n_permutations=50, seed=11)
    pd.testing.assert_frame_equal(first.table, second.table)
    np.testing.assert_array_equal(first.null, second.null)
    other = qap_correlation(A4, B4, n_permutations=50, seed=12)
    assert not np.array_equal(first.null, other.null)
    gen = qap_correlation(A4, B4, n_permutations=50, seed=np.random.default_rng(11))
    np.testing.assert_array_equal(first.null, gen.null)


def test_qap_aligns_labels_of_b_to_a():
    shuffled = B4.loc[ZONES4[::-1], ZONES4[1:] + ZONES4[:1]]
    base = qap_correlation(A4, B4, n_permutations="all").table
    pd.testing.assert_frame_equal(qap_correlation(A4, shuffled, n_permutations="all").table, base)


def test_qap_diagonal_is_ignored():
    noisy = A4.copy()
    noisy.iloc[0, 0], noisy.iloc[2, 2] = np.nan, 1e6
    base = qap_correlation(A4, B4, n_permutations="all").table
    pd.testing.assert_frame_equal(qap_correlation(noisy, B4, n_permutations="all").table, base)


def test_qap_errors_name_the_problem():
    with pytest.raises(FtzlinkError, match="changsha"):
        qap_correlation(A4, B4.drop(index="changsha", columns="changsha"))
    bad = A4.copy()
    bad.loc["wuhan", "yichang"] = np.nan
    with pytest.raises(FtzlinkError, match="'wuhan', 'yichang'"):
        qap_correlation(bad, B4)
    with pytest.raises(FtzlinkError, match=r"a: rows and columns must carry the same labels; only in rows: \[hangzhou\]"):
        qap_correlation(A4.rename(index={"wuhan": "hangzhou"}), B4)
    with pytest.raises(FtzlinkError, match="all off-diagonal values are equal"):
        qap_correlation(_matrix(np.ones((4, 4)), ZONES4), B4)
    with pytest.raises(FtzlinkError, match="up to 8"):
        z9 = [f"z{i}" for i in range(9)]
        m = _matrix(np.arange(81).reshape(9, 9), z9)
        qap_correlation(m, m.T, n_permutations="all")
    with pytest.raises(FtzlinkError, match="n_permutations"):
        qap_correlation(A4, B4, n_permutations=0)
    with pytest.raises(FtzlinkError, match="method"):
        qap_correlation(A4, B4, method="kendall")


# Symmetric 4 × 4 matrices for the Mantel test.
D4 = _matrix([[0, 3, 9, 4], [3, 0, 1, 12], [9, 1, 0, 6], [4, 12, 6, 0]], ZONES4)
S4 = _matrix([[0, 5.5, 1, 3], [5.5, 0, 2.5, 6], [1, 2.5, 0, 4], [3, 6, 4, 0]], ZONES4)


def test_mantel_exact_pvalue_equals_enumeration_on_upper_triangle():
    a, b = D4.to_numpy(), S4.to_numpy()
    r_obs = _pearson(_upper(a), _upper(b))
    null = _enumerated(a, b, _pearson, cells=_upper)
    row = mantel(D4, S4, n_permutations="all").table.loc["pearson"]
    assert row["estimate"] == pytest.approx(r_obs, abs=1e-12)
    assert row["p_greater"] == pytest.approx(np.mean(null >= r_obs - 1e-9))
    assert row["p_value"] == pytest.approx(np.mean(np.abs(null) >= abs(r_obs) - 1e-9))


def test_mantel_equals_qap_on_symmetric_matrices_and_is_seeded():
    m = mantel(D4, S4, n_permutations=40, seed=5)
    q = qap_correlation(D4, S4, n_permutations=40, seed=5)
    assert m.table.loc["pearson", "estimate"] == pytest.approx(q.table.loc["pearson", "estimate"])
    np.testing.assert_allclose(m.null, q.null, atol=1e-12)
    np.testing.assert_array_equal(m.null, mantel(D4, S4, n_permutations=40, seed=5).null)


def test_mantel_rejects_asymmetric_matrix_naming_the_pair():
    with pytest.raises(FtzlinkError, match="not symmetric.*'wuhan', 'xiangyang'"):
        mantel(A4, S4)


# MRQAP: 5 zones (120 permutations), two predictors; synthetic matrices made up for the test.
_rng = np.random.default_rng(20240601)
_upper_dist = np.triu(_rng.uniform(1, 10, (5, 5)), 1)
DIST5 = _matrix(_upper_dist + _upper_dist.T, ZONES5)
SAME5 = _matrix([[0, 1, 1, 0, 0], [1, 0, 1, 0, 0], [1, 1, 0, 0, 0], [0, 0, 0, 0, 1], [0, 0, 0, 1, 0]], ZONES5)
Y5 = _matrix(5 - 0.3 * DIST5.to_numpy() + 0.8 * SAME5.to_numpy() + _rng.normal(0, 1, (5, 5)), ZONES5)


def _ols_t(y: np.ndarray, X: np.ndarray) -> np.ndarray:
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta
    s2 = resid @ resid / (len(y) - X.shape[1])
    return beta / np.sqrt(s2 * np.diag(np.linalg.inv(X.T @ X)))


def _design(*mats):
    cells = [_offdiag(m) for m in mats]
    return np.column_stack([np.ones(len(cells[0])), *cells])


def test_mrqap_coefficients_equal_ols_on_offdiagonal_cells():
    res = mrqap(Y5, {"distance": DIST5, "same_province": SAME5}, n_permutations=20, seed=1)
    X = _design(DIST5.to_numpy(), SAME5.to_numpy())
    direct = sm.OLS(_offdiag(Y5.to_numpy()), X).fit()
    np.testing.assert_allclose(res.table["estimate"].to_numpy(), direct.params, rtol=1e-10)
    np.testing.assert_allclose(res.table["t"].to_numpy(), direct.tvalues, rtol=1e-10)
    assert list(res.table.index) == ["const", "distance", "same_province"]
    assert res.table.loc["const", ["p_value", "p_greater", "p_less"]].isna().all()
    assert res.model.rsquared == pytest.approx(direct.rsquared)


def test_mrqap_y_permutation_exact_pvalues():
    y, d, s = Y5.to_numpy(), DIST5.to_numpy(), SAME5.to_numpy()
    X = _design(d, s)
    t_obs = _ols_t(_offdiag(y), X)[1:]
    null = np.array([_ols_t(_offdiag(y[np.ix_(p, p)]), X)[1:] for p in permutations(range(5))])
    res = mrqap(Y5, {"distance": DIST5, "same_province": SAME5}, n_permutations="all", method="y")
    for j, term in enumerate(["distance", "same_province"]):
        assert res.table.loc[term, "p_value"] == pytest.approx(np.mean(np.abs(null[:, j]) >= abs(t_obs[j]) - 1e-9))
        assert res.table.loc[term, "p_greater"] == pytest.approx(np.mean(null[:, j] >= t_obs[j] - 1e-9))
        assert res.table.loc[term, "p_less"] == pytest.approx(np.mean(null[:, j] <= t_obs[j] + 1e-9))
    assert res.null.shape == (120, 2)


def test_mrqap_double_semi_partialling_exact_pvalues():
    # Dekker et al. (2007): residualise x_k on the other predictors, permute the residual
    # matrix, refit y on the other predictors plus the permuted residual, take its t.
    y, mats = Y5.to_numpy(), [DIST5.to_numpy(), SAME5.to_numpy()]
    yv = _offdiag(y)
    t_obs = _ols_t(yv, _design(*mats))[1:]
    res = mrqap(Y5, {"distance": DIST5, "same_province": SAME5}, n_permutations="all")
    for j, term in enumerate(["distance", "same_province"]):
        others = _design(*[m for i, m in enumerate(mats) if i != j])
        xk = _offdiag(mats[j])
        coef, *_ = np.linalg.lstsq(others, xk, rcond=None)
        resid = np.zeros((5, 5))
        resid[~np.eye(5, dtype=bool)] = xk - others @ coef
        null = np.array([
            _ols_t(yv, np.column_stack([others, _offdiag(resid[np.ix_(p, p)])]))[-1]
            for p in permutations(range(5))
        ])
        assert res.table.loc[term, "p_value"] == pytest.approx(np.mean(np.abs(null) >= abs(t_obs[j]) - 1e-9))
        assert res.table.loc[term, "p_greater"] == pytest.approx(np.mean(null >= t_obs[j] - 1e-9))
        np.testing.assert_allclose(np.sort(res.null[:, j]), np.sort(null), rtol=1e-9)


@pytest.mark.parametrize("method", ["dsp", "y"])
def test_mrqap_same_seed_identical_output(method):
    x = {"distance": DIST5, "same_province": SAME5}
    first = mrqap(Y5, x, n_permutations=30, seed=7, method=method)
    second = mrqap(Y5, x, n_permutations=30, seed=7, method=method)
    pd.testing.assert_frame_equal(first.table, second.table)
    np.testing.assert_array_equal(first.null, second.null)
    assert not np.array_equal(first.null, mrqap(Y5, x, n_permutations=30, seed=8, method=method).null)


def test_mrqap_errors():
    with pytest.raises(FtzlinkError, match="constant predictor.*flat"):
        mrqap(Y5, {"distance": DIST5, "flat": _matrix(np.ones((5, 5)), ZONES5)})
    with pytest.raises(FtzlinkError, match="collinear"):
        mrqap(Y5, {"distance": DIST5, "twice": 2 * DIST5})
    with pytest.raises(FtzlinkError, match="reserved"):
        mrqap(Y5, {"const": DIST5})
    with pytest.raises(FtzlinkError, match="non-empty mapping"):
        mrqap(Y5, {})
    with pytest.raises(FtzlinkError, match="yueyang"):
        mrqap(Y5, {"distance": DIST5.drop(index="yueyang", columns="yueyang")})


# ------------------------------------------- one flat gather, the same nulls as two index arrays

def _random_pairs(seed: int, n: int = 9, symmetric: bool = False) -> pd.DataFrame:
    values = np.random.default_rng(seed).uniform(0, 10, (n, n))
    return _matrix(values + values.T if symmetric else values, [f"z{i}" for i in range(n)])


def _random_permutations(n: int, count: int, seed: int, cells: int) -> np.ndarray:
    return np.concatenate(list(permutation_batches(n, count, seed, cells)))


@pytest.mark.parametrize("cells", ["offdiag", "upper"])
def test_flat_gather_equals_the_two_index_gather(cells):
    n = 7
    a = np.random.default_rng(1).normal(size=(n, n))
    perm = _random_permutations(n, 30, 2, n * n)
    rows, cols = pair_cells(n, cells)
    direct = a[perm[:, rows], perm[:, cols]]
    flat = permuted_cells(a, permuted_index(perm, cell_offsets(n, rows, cols)))
    np.testing.assert_array_equal(flat, direct)
    assert flat.flags.f_contiguous == direct.flags.f_contiguous     # same layout → same BLAS products


@pytest.mark.parametrize("method", ["pearson", "spearman"])
def test_qap_null_equals_the_correlation_of_each_relabelled_matrix(method):
    a, b = _random_pairs(3), _random_pairs(4)
    res = qap_correlation(a, b, 300, seed=21, method=method)
    n = len(a)
    stat = _pearson if method == "pearson" else _spearman
    perms = _random_permutations(n, 300, 21, n * (n - 1))
    direct = [stat(_offdiag(a.to_numpy()[np.ix_(p, p)]), _offdiag(b.to_numpy())) for p in perms]
    np.testing.assert_allclose(res.null[:, 0], direct, rtol=0, atol=1e-12)


def test_mantel_null_equals_the_correlation_of_each_relabelled_matrix():
    a, b = _random_pairs(5, symmetric=True), _random_pairs(6, symmetric=True)
    res = mantel(a, b, 250, seed=13)
    n = len(a)
    perms = _random_permutations(n, 250, 13, n * (n - 1) // 2)
    direct = [_pearson(_upper(a.to_numpy()[np.ix_(p, p)]), _upper(b.to_numpy())) for p in perms]
    np.testing.assert_allclose(res.null[:, 0], direct, rtol=0, atol=1e-12)


def test_mrqap_y_null_equals_ols_on_each_relabelled_response():
    y, x1, x2 = _random_pairs(7), _random_pairs(8), _random_pairs(9)
    res = mrqap(y, {"x1": x1, "x2": x2}, 120, seed=17, method="y")
    n = len(y)
    X = _design(x1.to_numpy(), x2.to_numpy())
    perms = _random_permutations(n, 120, 17, n * (n - 1))
    direct = np.array([_ols_t(_offdiag(y.to_numpy()[np.ix_(p, p)]), X)[1:] for p in perms])
    np.testing.assert_allclose(res.null, direct, rtol=1e-9)
