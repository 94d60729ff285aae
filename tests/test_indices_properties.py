"""Property tests (hypothesis) for the index library: symmetry, ranges, invariances, direction."""

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, Phase, assume, find, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ftzlink import FtzlinkError
from ftzlink.indices import (
    complexity,
    density,
    gini,
    io_complementarity,
    krugman_index,
    location_quotient,
    overlap,
    proximity,
    relatedness_density,
    similarity,
    spec_coeff,
    trade_complementarity,
)

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NO_SHRINK = settings(max_examples=200, database=None, phases=[Phase.generate])  # any witness will do

cell = st.one_of(st.just(0.0), st.floats(min_value=1e-3, max_value=1e4, allow_subnormal=False))


@st.composite
def matrices(draw, min_rows=1, max_rows=6, min_cols=1, max_cols=6):
    n = draw(st.integers(min_rows, max_rows))
    k = draw(st.integers(min_cols, max_cols))
    values = draw(arrays(np.float64, (n, k), elements=cell))
    return pd.DataFrame(values, index=[f"r{i}" for i in range(n)], columns=[f"i{j}" for j in range(k)])


def defined(df):
    """The part of a region × region result for regions whose own (diagonal) value is defined."""
    keep = ~np.isnan(np.diag(df.to_numpy()))
    return df.to_numpy()[np.ix_(keep, keep)]


@SETTINGS
@given(matrices())
def test_similarities_symmetric_unit_diagonal_within_range(mat):
    for method, low in [("cosine", 0.0), ("finger_kreinin", 0.0), ("jaccard", 0.0), ("pearson", -1.0)]:
        values = similarity(mat, method).to_numpy()
        np.testing.assert_array_equal(values, values.T)
        inner = defined(similarity(mat, method))
        assert np.all(np.diag(inner) == 1.0), method
        assert np.all((inner >= low) & (inner <= 1.0)), method
    krugman = similarity(mat, "krugman").to_numpy()
    np.testing.assert_array_equal(krugman, krugman.T)
    inner = defined(similarity(mat, "krugman"))
    assert np.all(np.diag(inner) == 0.0) and np.all((inner >= 0) & (inner <= 2))


@SETTINGS
@given(matrices())
def test_finger_kreinin_is_the_sum_of_minimum_shares(mat):
    x = mat.to_numpy()
    keep = x.sum(axis=1) > 0
    s = x[keep] / x[keep].sum(axis=1, keepdims=True)
    expected = np.minimum(s[:, None, :], s[None, :, :]).sum(axis=-1)
    np.testing.assert_allclose(defined(similarity(mat, "finger_kreinin")), expected, atol=1e-12)


@SETTINGS
@given(matrices())
def test_krugman_index_and_spec_coeff_ranges(mat):
    k, h = krugman_index(mat).dropna(), spec_coeff(mat).dropna()
    assert ((k >= 0) & (k <= 2 + 1e-12)).all() and ((h >= 0) & (h <= 1 + 1e-12)).all()


@SETTINGS
@given(matrices(), st.floats(min_value=1e-3, max_value=1e3))
def test_location_quotient_is_scale_invariant(mat, factor):
    np.testing.assert_allclose(location_quotient(mat * factor), location_quotient(mat), rtol=1e-12)


@SETTINGS
@given(matrices(), st.data())
def test_location_quotient_against_a_reference_is_row_scale_invariant(mat, data):
    # Scaling one region's row leaves its shares, hence its LQ against a fixed reference, unchanged.
    # (Against the pooled shares it would not: scaling a row moves the pool.)
    reference = pd.Series(data.draw(arrays(np.float64, mat.shape[1], elements=st.floats(0.1, 100))), index=mat.columns)
    factors = data.draw(arrays(np.float64, mat.shape[0], elements=st.floats(1e-2, 1e2)))
    scaled = mat.mul(factors, axis=0)
    np.testing.assert_allclose(
        location_quotient(scaled, reference=reference), location_quotient(mat, reference=reference), rtol=1e-12
    )


@SETTINGS
@given(matrices(min_rows=1), matrices(min_rows=1))
def test_trade_complementarity_direction_and_range(exports, imports):
    imports = imports.iloc[:, : exports.shape[1]]
    assume(imports.shape[1] == exports.shape[1])
    imports.columns = exports.columns
    tc = trade_complementarity(exports, imports)
    assert ((tc.stack().dropna() >= 0) & (tc.stack().dropna() <= 100)).all()
    # swapping the roles of supplier and buyer transposes the matrix
    swapped = trade_complementarity(imports, exports)
    np.testing.assert_allclose(tc.to_numpy(), swapped.to_numpy().T)
    assert tc.index.name == "supplier" and tc.columns.name == "buyer"


def test_complementarity_is_not_symmetric_in_general():
    # hypothesis searches for a structure matrix whose IO complementarity is asymmetric …
    a = pd.DataFrame([[0.1, 0.2, 0.0], [0.3, 0.0, 0.4], [0.0, 0.2, 0.1]], index=list("abc"), columns=list("abc"))

    def asymmetric(mat):
        values = io_complementarity(mat, a).to_numpy()
        gap = np.abs(values - values.T)
        return bool(np.isfinite(gap).any() and np.nanmax(gap) > 1e-6)

    found = find(
        matrices(min_rows=2, max_rows=3, min_cols=3, max_cols=3).map(lambda m: m.set_axis(list("abc"), axis=1)),
        asymmetric,
        settings=NO_SHRINK,
    )
    assert asymmetric(found)

    # … and a pair of export and import matrices whose trade complementarity is asymmetric
    def tc_asymmetric(pair):
        exports, imports = pair
        values = trade_complementarity(exports, imports).to_numpy()
        return bool(np.isfinite(values).all() and np.abs(values - values.T).max() > 1e-6)

    same_shape = matrices(min_rows=2, max_rows=2, min_cols=3, max_cols=3)
    exports, imports = find(st.tuples(same_shape, same_shape), tc_asymmetric, settings=NO_SHRINK)
    assert tc_asymmetric((exports, imports))


@SETTINGS
@given(matrices(min_rows=2))
def test_overlap_diagonal_and_bounds(mat):
    values = overlap(mat).to_numpy()
    empty = (mat.to_numpy() > 0).sum(axis=1) == 0
    assert np.all(np.isnan(np.diag(values)[empty])) and np.all(np.diag(values)[~empty] == 1)


@SETTINGS
@given(matrices(min_rows=2))
def test_gini_equals_mean_absolute_difference(mat):
    x = mat.to_numpy()
    keep = x.sum(axis=0) > 0
    n = x.shape[0]
    mad = np.abs(x[:, None, keep] - x[None, :, keep]).sum(axis=(0, 1)) / (2 * n * n * x[:, keep].mean(axis=0))
    np.testing.assert_allclose(gini(mat).to_numpy()[keep], mad, atol=1e-12)


@SETTINGS
@given(matrices(min_rows=2))
def test_proximity_and_density(mat):
    phi = proximity(mat)
    values = phi.to_numpy()
    np.testing.assert_array_equal(values, values.T)
    assert ((values >= 0) & (values <= 1)).all()
    present = location_quotient(mat, binary=True).sum().to_numpy() > 0
    assert np.all(np.diag(values)[present] == 1)
    omega = density(mat, phi, include_self=True)
    np.testing.assert_allclose(omega * 100, relatedness_density(location_quotient(mat, binary=True), phi))
    inner = omega.to_numpy()[:, present]
    assert ((inner >= 0) & (inner <= 1 + 1e-12)).all()


binary_rows = arrays(np.float64, st.tuples(st.integers(1, 7), st.integers(2, 8)), elements=st.sampled_from([0.0, 1.0]))


@SETTINGS
@given(binary_rows)
def test_eci_is_standardised_and_averages_pci(rows):
    # a first region holding every industry keeps the presence network connected
    m = np.vstack([np.ones(rows.shape[1]), rows])
    mat = pd.DataFrame(m)
    try:
        eci, pci = complexity(mat, rca=False)
    except FtzlinkError:  # e.g. fewer than 2 regions with presence
        assume(False)
    held = m.sum(axis=1) > 0
    e = eci.to_numpy()[held]
    assert abs(e.mean()) < 1e-9 and abs(e.std() - 1) < 1e-9
    np.testing.assert_allclose(e, (m[held] @ pci.to_numpy()) / m[held].sum(axis=1), atol=1e-8)
