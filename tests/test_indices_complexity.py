"""ECI / PCI: a case solved by hand, edge cases, and agreement with py-ecomplexity (Growth Lab)."""

import contextlib
import io
import threading
import warnings

import numpy as np
import pandas as pd
import pytest
from threadpoolctl import threadpool_info

from ftzlink import FtzlinkError
from ftzlink.indices import (
    Complexity,
    complexity,
    complexity_family,
    density,
    diversity,
    economic_complexity,
    morc,
    proximity,
)
from ftzlink.threads import single_threaded_blas


def rca_presence(mat):
    """M_ri = 1 where (x_ri / x_r.) / (x_.i / x..) >= 1, written out from the definition."""
    x = mat.to_numpy(dtype=float)
    return (x / x.sum(axis=1, keepdims=True)) / (x.sum(axis=0) / x.sum()) >= 1


NESTED = pd.DataFrame([[1, 1, 1], [1, 1, 0], [1, 0, 0]], index=["r1", "r2", "r3"], columns=["a", "b", "c"])


def test_nested_case_by_hand():
    # k_r = (3, 2, 1), k_i = (3, 2, 1). M_C = D⁻¹ M U⁻¹ Mᵀ = [[11/18, 5/18, 2/18], [5/12, 5/12, 2/12], [1/3, 1/3, 1/3]].
    # trace 49/36 = 1 + λ2 + λ3, det = det(D⁻¹)·det(M)²·det(U⁻¹) = 1/36 = λ2·λ3 → 36λ² − 13λ + 1 = 0,
    # λ2 = 1/4. (M_C − I/4) v = 0: 4v1 + 4v2 + v3 = 0 and 5v1 + 2v2 + 2v3 = 0 → v = (−2, 1, 4);
    # sign flipped to correlate with diversity: k_c = (2, −1, −4), mean −1, population sd sqrt(6).
    # ECI = (3, 0, −3)/sqrt 6. k_p with D⁻¹ M k_p = k_c: k_p = U⁻¹ Mᵀ k_c / λ2 = (−4, 2, 8);
    # PCI = (k_p − mean k_c)/sd k_c = (−3, 3, 9)/sqrt 6.
    result = complexity(NESTED, rca=False)
    assert isinstance(result, Complexity)
    assert result.eci.tolist() == pytest.approx(np.array([3, 0, -3]) / np.sqrt(6), abs=1e-12)
    assert result.pci.tolist() == pytest.approx(np.array([-3, 3, 9]) / np.sqrt(6), abs=1e-12)
    assert result.eci.name == "eci" and list(result.pci.index) == ["a", "b", "c"]


def test_eci_is_the_mean_pci_of_held_industries():
    rng = np.random.default_rng(5)
    values = pd.DataFrame(rng.lognormal(size=(12, 20)))
    eci, pci = complexity(values)
    m = rca_presence(values)
    np.testing.assert_allclose(eci.to_numpy(), (m @ pci.to_numpy()) / m.sum(1), atol=1e-10)
    assert eci.mean() == pytest.approx(0, abs=1e-12) and eci.std(ddof=0) == pytest.approx(1)
    assert np.corrcoef(eci, diversity(values, rca=True))[0, 1] > 0


def test_more_regions_than_industries_uses_the_other_side():
    tall = pd.concat([NESTED, NESTED.rename(index=lambda r: r + "x")])  # 6 regions × 3 industries
    eci, pci = complexity(tall, rca=False)
    np.testing.assert_allclose(pci.to_numpy(), complexity(NESTED, rca=False).pci.to_numpy(), atol=1e-12)
    np.testing.assert_allclose(eci.to_numpy()[:3], eci.to_numpy()[3:], atol=1e-12)


def test_regions_and_industries_without_presence_are_nan():
    padded = NESTED.assign(z=0).reindex(["r0", "r1", "r2", "r3"], fill_value=0)
    eci, pci = complexity(padded, rca=False)
    assert np.isnan(eci["r0"]) and np.isnan(pci["z"])
    base = complexity(NESTED, rca=False)
    np.testing.assert_allclose(eci[["r1", "r2", "r3"]], base.eci, atol=1e-12)
    np.testing.assert_allclose(pci[["a", "b", "c"]], base.pci, atol=1e-12)


def test_undefined_cases_raise():
    with pytest.raises(FtzlinkError, match=r"at least 2 regions and 2 industries with presence; found 1 region"):
        complexity(NESTED.loc[["r1"]], rca=False)
    split = pd.DataFrame([[1, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 1], [0, 0, 0, 1]], index=list("pqrs"), columns=list("abcd"))
    with pytest.raises(FtzlinkError, match=r"splits into 2 disconnected groups.*regions \[(p, q|r, s)\]"):
        complexity(split, rca=False)
    same = pd.DataFrame([[1, 1, 0], [1, 1, 0], [0, 0, 0]], index=list("pqr"), columns=list("abc"))
    with pytest.raises(FtzlinkError, match="every region with presence holds the same set of industries"):
        complexity(same, rca=False)


def test_constant_diversity_still_gives_a_defined_sign():
    # every region holds 2 industries: the sign comes from PCI correlating negatively with ubiquity
    m = pd.DataFrame([[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1], [0, 1, 0, 1]], columns=list("abcd"))
    eci, pci = complexity(m, rca=False)
    ubi = m.sum()
    assert np.corrcoef(pci, ubi)[0, 1] < 0
    assert np.isfinite(eci).all()


# ---- agreement with py-ecomplexity (test dependency only) -----------------------------------------


def synthetic_panel(n_regions, n_industries, years, seed):
    """Values with a nested structure (capable regions make complex industries), plus noise."""
    rng = np.random.default_rng(seed)
    capability = rng.normal(size=n_regions)
    sophistication = rng.normal(size=n_industries)
    regions = [f"r{i:03d}" for i in range(n_regions)]
    industries = [f"i{j:03d}" for j in range(n_industries)]
    mats = {}
    for year in years:
        gap = np.maximum(sophistication[None, :] - capability[:, None], 0)
        log_value = capability[:, None] - 1.5 * gap + rng.normal(size=(n_regions, n_industries))
        mats[year] = pd.DataFrame(np.exp(log_value), index=regions, columns=industries)
    long = pd.concat(
        [m.rename_axis(index="loc", columns="prod").stack().rename("val").reset_index().assign(year=y) for y, m in mats.items()],
        ignore_index=True,
    )
    return mats, long


def run_ecomplexity(long, **kwargs):
    ecomplexity = pytest.importorskip("ecomplexity")
    cols = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = ecomplexity.ecomplexity(long, cols, check_logsupermodularity=False, verbose=False, **kwargs)
        prox = ecomplexity.proximity(long, cols, **kwargs)
    return out, prox


def test_agrees_with_ecomplexity_on_a_multi_year_panel():
    mats, long = synthetic_panel(30, 45, [2019, 2020, 2021], seed=11)
    out, prox = run_ecomplexity(long)
    for year, mat in mats.items():
        ref = out[out.year == year]
        eci, pci = complexity(mat)
        phi = proximity(mat)
        omega = density(mat, phi, include_self=True)  # py-ecomplexity 0.5 keeps the proximity diagonal
        np.testing.assert_allclose(eci, ref.groupby("loc")["eci"].first().reindex(mat.index), atol=1e-6)
        np.testing.assert_allclose(pci, ref.groupby("prod")["pci"].first().reindex(mat.columns), atol=1e-6)
        ref_density = ref.pivot(index="loc", columns="prod", values="density").reindex(index=mat.index, columns=mat.columns)
        np.testing.assert_allclose(omega, ref_density, atol=1e-6)
        ref_prox = prox[prox.year == year].pivot(index="prod_1", columns="prod_2", values="proximity")
        np.testing.assert_allclose(phi, ref_prox.reindex(index=mat.columns, columns=mat.columns), atol=1e-6)
        # same presence rule: ecomplexity's mcp is RCA ≥ 1
        presence = ref.pivot(index="loc", columns="prod", values="mcp").reindex(index=mat.index, columns=mat.columns)
        np.testing.assert_array_equal(presence.to_numpy(), rca_presence(mat))


def test_agrees_with_ecomplexity_on_a_given_presence_matrix():
    # presence_test="manual" ≙ rca=False; more regions than industries exercises the industry-side solver
    mats, _ = synthetic_panel(40, 25, [2020], seed=4)
    mat = mats[2020]
    m = pd.DataFrame(rca_presence(mat).astype(int), index=mat.index, columns=mat.columns)
    long = m.rename_axis(index="loc", columns="prod").stack().rename("val").reset_index().assign(year=2020)
    out, prox = run_ecomplexity(long, presence_test="manual")
    eci, pci = complexity(m, rca=False)
    np.testing.assert_allclose(eci, out.groupby("loc")["eci"].first().reindex(m.index), atol=1e-6)
    np.testing.assert_allclose(pci, out.groupby("prod")["pci"].first().reindex(m.columns), atol=1e-6)
    ref_prox = prox.pivot(index="prod_1", columns="prod_2", values="proximity").reindex(index=m.columns, columns=m.columns)
    np.testing.assert_allclose(proximity(m, rca=False), ref_prox, atol=1e-6)


def test_default_density_is_ecomplexity_density_with_the_proximity_diagonal_zeroed():
    # py-ecomplexity issue #38: zero the diagonal of proximity in the density; Stata's ecomplexity
    # subtracts the identity. Feed py-ecomplexity's own calc_density the zero-diagonal proximity.
    pytest.importorskip("ecomplexity")
    from ecomplexity.calc_density import calc_density

    mats, long = synthetic_panel(30, 45, [2020], seed=8)
    mat = mats[2020]
    out, prox = run_ecomplexity(long)
    mcp = out.pivot(index="loc", columns="prod", values="mcp").reindex(index=mat.index, columns=mat.columns)
    phi = prox.pivot(index="prod_1", columns="prod_2", values="proximity")
    phi = phi.reindex(index=mat.columns, columns=mat.columns)
    phi_zero = phi.to_numpy(copy=True)
    np.fill_diagonal(phi_zero, 0.0)
    expected = calc_density(mcp.to_numpy(dtype=float), phi_zero)
    np.testing.assert_allclose(density(mat, proximity(mat)), expected, atol=1e-12)
    # and the old form is py-ecomplexity's own output
    ref = out.pivot(index="loc", columns="prod", values="density").reindex(index=mat.index, columns=mat.columns)
    np.testing.assert_allclose(density(mat, proximity(mat), include_self=True), ref, atol=1e-12)


# ---- conventions: standard deviation, threshold, presence tests ------------------------------------


def test_sample_sd_scales_by_sqrt_n_over_n_minus_one():
    # NESTED: k_c = (2, -1, -4), deviations (3, 0, -3): population sd sqrt 6, sample sd 3
    eci, pci = complexity(NESTED, rca=False, ddof=1)
    assert eci.tolist() == pytest.approx([1, 0, -1], abs=1e-12)
    assert pci.tolist() == pytest.approx([-1, 1, 3], abs=1e-12)  # (k_p − mean k_c)/3 with k_p = (−4, 2, 8)
    mats, _ = synthetic_panel(25, 30, [2020], seed=3)
    pop, sample = complexity(mats[2020]).eci, complexity(mats[2020], ddof=1).eci
    np.testing.assert_allclose(sample, pop * np.sqrt(24 / 25), atol=1e-12)
    assert sample.std(ddof=1) == pytest.approx(1)


def test_threshold_and_rpop_agree_with_ecomplexity():
    mats, long = synthetic_panel(30, 40, [2020], seed=21)
    mat = mats[2020]
    out, _ = run_ecomplexity(long, rca_mcp_threshold=1.5)
    eci, pci = complexity(mat, threshold=1.5)
    np.testing.assert_allclose(eci, out.groupby("loc")["eci"].first().reindex(mat.index), atol=1e-6)
    np.testing.assert_allclose(pci, out.groupby("prod")["pci"].first().reindex(mat.columns), atol=1e-6)
    # population roughly proportional to activity, so that every region passes RPOP somewhere
    population = mat.sum(axis=1) * np.random.default_rng(2).uniform(0.5, 2.0, len(mat))
    pop_table = population.rename_axis("loc").rename("pop").reset_index().assign(year=2020)[["year", "loc", "pop"]]
    from ftzlink.indices.economic_complexity import presence_matrix

    assert (presence_matrix(mat, presence="rpop", population=population) != presence_matrix(mat)).sum() > 50
    out, _ = run_ecomplexity(long, presence_test="rpop", pop=pop_table)
    eci, pci = complexity(mat, presence="rpop", population=population)
    np.testing.assert_allclose(eci, out.groupby("loc")["eci"].first().reindex(mat.index), atol=1e-6)
    np.testing.assert_allclose(pci, out.groupby("prod")["pci"].first().reindex(mat.columns), atol=1e-6)


def test_presence_both_is_either_test():
    # x = [[4, 1], [1, 4], [1, 1]]: LQ r1 = (0.8·16/6, 0.2·16/6) = (2.13, 0.53); r2 mirrored; r3 (1, 1)
    # population (1, 1, 10): RPOP_ri = (x_ri/p_r)/(x_.i/12) with x_.i = 6: r1 a = 4·2 = 8, b 2; r2 a 2, b 8;
    # r3 a = 0.2, b = 0.2. RCA: r1 {a}, r2 {b}, r3 {a, b}; RPOP: r1 {a, b}, r2 {a, b}, r3 {}
    mat = pd.DataFrame([[4, 1], [1, 4], [1, 1]], index=["r1", "r2", "r3"], columns=["a", "b"])
    population = pd.Series({"r1": 1, "r2": 1, "r3": 10})
    from ftzlink.indices.economic_complexity import presence_matrix

    assert presence_matrix(mat).tolist() == [[1, 0], [0, 1], [1, 1]]
    assert presence_matrix(mat, presence="rpop", population=population).tolist() == [[1, 1], [1, 1], [0, 0]]
    assert presence_matrix(mat, presence="both", population=population).tolist() == [[1, 1], [1, 1], [1, 1]]


def test_presence_options_are_checked():
    mats, _ = synthetic_panel(8, 6, [2020], seed=1)
    mat = mats[2020]
    pop = pd.Series(1.0, index=mat.index)
    with pytest.raises(FtzlinkError, match="presence: must be one of 'rca', 'rpop', 'both', got 'pop'"):
        complexity(mat, presence="pop")
    with pytest.raises(FtzlinkError, match="presence='rpop' needs population"):
        complexity(mat, presence="rpop")
    with pytest.raises(FtzlinkError, match=r"population: zero for region\(s\) r000"):
        complexity(mat, presence="rpop", population=pop.where(pop.index != "r000", 0.0))
    with pytest.raises(FtzlinkError, match="only in population: \\[zz\\]"):
        complexity(mat, presence="both", population=pd.concat([pop, pd.Series({"zz": 1.0})]))
    with pytest.raises(FtzlinkError, match="population is only used with presence='rpop' or 'both'"):
        complexity(mat, population=pop)
    with pytest.raises(FtzlinkError, match="with rca=False mat is the presence matrix itself"):
        complexity(NESTED, rca=False, threshold=2.0)
    with pytest.raises(FtzlinkError, match=r"threshold: expected a number in \(0.0, \]"):
        complexity(mat, threshold=0)
    with pytest.raises(FtzlinkError, match=r"ddof: expected an integer in \[0, 1\], got 2"):
        complexity(mat, ddof=2)


# ---- BLAS threads: the iterative kernels run on one ------------------------------------------------


def blas_threads() -> list[int]:
    return sorted(lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas")


def test_single_threaded_blas_limits_and_restores():
    before = blas_threads()
    assert before, "no BLAS library found by threadpoolctl"
    with single_threaded_blas():
        assert set(blas_threads()) == {1}
        with single_threaded_blas():  # nested: still one thread, and the outer limit survives the inner exit
            assert set(blas_threads()) == {1}
        assert set(blas_threads()) == {1}
    assert blas_threads() == before


def test_single_threaded_blas_from_several_threads():
    """Threads take turns: each sees one BLAS thread inside, and the setting is restored after all."""
    before = blas_threads()
    seen, start = [], threading.Barrier(4)
    values = pd.DataFrame(np.random.default_rng(8).lognormal(size=(20, 30)))

    def work():
        start.wait(timeout=10)
        for _ in range(3):
            with single_threaded_blas():
                seen.append(set(blas_threads()))
                complexity(values)

    workers = [threading.Thread(target=work) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert seen == [{1}] * 12 and blas_threads() == before


def test_iterative_kernels_run_on_one_blas_thread(monkeypatch):
    """The ECI eigensolver and the method of reflections see one BLAS thread; the caller keeps its setting."""
    before = blas_threads()
    seen = []
    solver = economic_complexity._second_eigenpair
    monkeypatch.setattr(economic_complexity, "_second_eigenpair", lambda *a: seen.append(blas_threads()) or solver(*a))
    rescale = complexity_family._rescale
    monkeypatch.setattr(complexity_family, "_rescale", lambda x: seen.append(blas_threads()) or rescale(x))
    values = pd.DataFrame(np.random.default_rng(4).lognormal(size=(30, 40)))
    complexity(values)
    morc(values, rca=True, steps=3)
    assert len(seen) == 3 and all(set(threads) == {1} for threads in seen)
    assert blas_threads() == before
