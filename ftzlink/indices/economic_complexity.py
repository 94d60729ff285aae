"""Economic complexity: ECI per region and PCI per industry (method of reflections, eigenvector form).

With M the 0/1 presence matrix, diversity k_r = Σ_i M_ri and ubiquity k_i = Σ_r M_ri, the region
transition matrix M̃_C = D⁻¹ M U⁻¹ Mᵀ (D = diag k_r, U = diag k_i) has largest eigenvalue 1
(constant eigenvector); ECI is built from the eigenvector of its second-largest eigenvalue and
PCI from the matching eigenvector of M̃_P = U⁻¹ Mᵀ D⁻¹ M (Hidalgo & Hausmann 2009).

Kernel: both are similar to the symmetric positive semi-definite B Bᵀ and Bᵀ B with
B = D^-½ M U^-½, whose top eigenvector is known (sqrt(k)). It is deflated and a partial Lanczos
eigensolver (scipy.sparse.linalg.eigsh, one eigenpair) runs on the smaller side through a
matrix-free operator; B is sparse when M is. No dense eigendecomposition is formed. The solver
runs with BLAS on one thread (:func:`ftzlink.threads.single_threaded_blas`): its many small
matrix-vector products are faster, and far steadier on a busy machine, than on several.

Conventions. The defaults are those of the Growth Lab's py-ecomplexity, whose values ftzlink
reproduces (checked in the test suite; see benchmarks/RESULTS.md for speed); the options cover
the Growth Lab's Stata ``ecomplexity`` and other published series:

- presence (``presence="rca"``, ``threshold=1``): M_ri = 1 where LQ_ri ≥ threshold, ties
  included (py-ecomplexity ``rca_mcp_threshold``, ``>=``); Stata's ``ecomplexity`` tests
  ``RCA > rca`` (strict), which differs only for a quotient exactly at the threshold;
  ``presence="rpop"``: population-normalised RCA, RPOP_ri = (x_ri / pop_r) / (x_.i / Σ_r pop_r)
  ≥ ``rpop_threshold`` (Mealy et al. 2019; the Atlas's ``rpop``), which needs ``population``;
  ``presence="both"``: M_ri = 1 where either test holds (Stata's ``rca()`` with ``rpop()``;
  py-ecomplexity's "both" adds the two 0/1 matrices, so its M can be 2 — not reproduced);
  ``rca=False``: ``mat`` is M itself (``presence_test="manual"``);
- k_p is the eigenvector of M̃_P and k_c = D⁻¹ M k_p (so k_c is the eigenvector of M̃_C);
- sign: chosen so that ECI correlates positively with diversity;
- normalisation: ECI = (k_c − mean k_c) / sd k_c and PCI = (k_p − mean k_c) / sd k_c. PCI is
  standardised with ECI's mean and sd (not its own), which keeps ECI_r = mean of PCI over the
  industries r holds. ``ddof=0`` (default) uses the population sd over regions, as
  py-ecomplexity (``numpy.std``); ``ddof=1`` the sample sd over regions (pandas ``.std()``),
  which scales every value by sqrt((n − 1) / n). Stata's ``ecomplexity`` divides by
  ``summarize``'s sd over its rectangular region × industry long table (n·N rows, denominator
  n·N − 1), i.e. by sqrt(n·N / (n·N − 1)) × the population sd: ``ddof=0`` reproduces it to a
  relative 1/(2 n N) (below 1e-5 for 100 regions × 1,000 industries).

Which convention reproduces which published numbers: py-ecomplexity ``ecomplexity()`` with
default arguments = ``complexity(mat)``; Stata ``ecomplexity`` = ``complexity(mat)`` up to the
strict RCA test and the 1/(2 n N) scale above; a table standardised per region with pandas'
``.std()`` = ``complexity(mat, ddof=1)``. For density, COI and COG the Stata convention excludes
a product's own proximity (:func:`ftzlink.indices.density` with ``include_self=False``, the
default, and :mod:`ftzlink.indices.complexity_family`); py-ecomplexity 0.5 keeps it
(``include_self=True``).

Regions (industries) without presence get NaN and stay out of the normalisation; py-ecomplexity
drops them before computing, with the same result. Differences, all at degenerate inputs:

- ties: LQ within a relative 1e-9 of the threshold counts as presence; py-ecomplexity compares
  the rounded quotient with it, so it can drop an exact tie that division left a few ulps below;
- constant diversity (correlation undefined, py-ecomplexity returns NaN): the sign makes PCI
  correlate negatively with ubiquity, and failing that makes the largest-magnitude ECI positive;
- a disconnected presence network (second eigenvalue 1, ECI not unique) or one where all regions
  hold the same industries (no second eigenvector) raises FtzlinkError instead of returning an
  arbitrary eigenvector.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import LinearOperator, eigsh

from ftzlink.checks import check_choice, check_flag, check_integer, check_number, check_vector, preview
from ftzlink.errors import FtzlinkError
from ftzlink.indices._kernels import (
    TIE_RTOL,
    as_array,
    lq_array,
    operand,
    presence_array,
    reference_shares,
)
from ftzlink.threads import single_threaded_blas
from ftzlink.vocabulary import PRESENCE_TESTS

# A second eigenvalue this close to 1 signals a split network; the components are then counted.
_SPLIT_GAP = 1e-9


class Complexity(NamedTuple):
    """ECI per region and PCI per industry, as returned by :func:`complexity`."""

    eci: pd.Series
    pci: pd.Series


class _Solution(NamedTuple):
    """Arrays behind :func:`complexity`, shared with the complexity-outlook functions."""

    presence: np.ndarray  # 0/1, regions × industries (all of them)
    eci: np.ndarray  # NaN for regions without presence
    pci: np.ndarray  # NaN for industries present nowhere
    kp: np.ndarray  # sign · k_p / sd(k_c) = PCI + sign · mean(k_c) / sd(k_c) (the Growth Lab's k_p scale)
    sd: float


def presence_matrix(
    mat: pd.DataFrame,
    rca: bool = True,
    reference: pd.Series | None = None,
    *,
    threshold: float = 1.0,
    presence: str = "rca",
    population: pd.Series | None = None,
    rpop_threshold: float = 1.0,
) -> np.ndarray:
    """The 0/1 presence array M of the complexity functions (see the module docstring).

    ``rca=False`` takes ``mat`` as M (the other presence arguments must keep their defaults);
    ``rca=True`` tests LQ ≥ ``threshold`` (``reference`` passes to the LQ), RPOP ≥
    ``rpop_threshold`` (needs ``population``, a positive Series by region) or either, by
    ``presence``. Ties within a relative 1e-9 of a threshold count as presence.
    """
    check_choice(presence, PRESENCE_TESTS, "presence")
    threshold = check_number(threshold, "threshold", 0.0, open_low=True)
    rpop_threshold = check_number(rpop_threshold, "rpop_threshold", 0.0, open_low=True)
    if not check_flag(rca, "rca"):
        if presence != "rca" or population is not None or threshold != 1.0 or rpop_threshold != 1.0:
            raise FtzlinkError("with rca=False mat is the presence matrix itself: presence, population, threshold "
                               "and rpop_threshold only apply with rca=True")
        return presence_array(mat, False, reference)
    if presence == "rca" and threshold == 1.0 and population is None:
        return presence_array(mat, True, reference)
    x = as_array(mat, "mat")
    m = np.zeros(x.shape, dtype=bool)
    if presence in ("rca", "both"):
        ref = None if reference is None else reference_shares(reference, mat.columns)
        m |= lq_array(x, ref, mat.columns) >= threshold * (1.0 - TIE_RTOL)
    if presence in ("rpop", "both"):
        if population is None:
            raise FtzlinkError(f"presence={presence!r} needs population: a Series of population by region")
        pop = check_vector(population, mat.index, "population", "mat rows")
        if (pop == 0).any():
            raise FtzlinkError(f"population: zero for region(s) {preview(mat.index[pop == 0])}; RPOP needs positive "
                               "population (drop those regions)")
        with np.errstate(divide="ignore", invalid="ignore"):
            rpop = (x / pop[:, None]) / (x.sum(axis=0) / pop.sum())
        rpop[~np.isfinite(rpop)] = 0.0
        m |= rpop >= rpop_threshold * (1.0 - TIE_RTOL)
    elif population is not None:
        raise FtzlinkError("population is only used with presence='rpop' or 'both'")
    return m.astype(float)


def _check_connected(m: np.ndarray, regions: pd.Index, industries: pd.Index) -> None:
    """Raise unless the bipartite region–industry presence network is connected."""
    b = sparse.csr_array(m)
    n_groups, group = connected_components(sparse.block_array([[None, b], [b.T, None]]), directed=False)
    if n_groups > 1:
        sizes = np.bincount(group)
        small = group == np.argmin(sizes)
        raise FtzlinkError(
            f"complexity: the region–industry presence network splits into {n_groups} disconnected groups, "
            f"so ECI/PCI are not defined across them; e.g. regions [{preview(regions[small[: len(regions)]])}] "
            f"with industries [{preview(industries[small[len(regions):]])}] share no industry with the rest — "
            "compute complexity within each group"
        )


def _second_eigenpair(b, top: np.ndarray) -> tuple[float, np.ndarray]:
    """Second-largest eigenvalue of b bᵀ and its unit eigenvector; the top eigenvector is ∝ ``top``."""
    u = top / np.linalg.norm(top)
    n = b.shape[0]

    def matvec(v: np.ndarray) -> np.ndarray:
        v = np.ravel(v)
        return b @ (b.T @ v) - u * (u @ v)

    start = np.random.default_rng(0).standard_normal(n)  # fixed start: reproducible output
    values, vectors = eigsh(LinearOperator((n, n), matvec=matvec, dtype=float), k=1, which="LA", v0=start)
    return float(values[0]), vectors[:, 0]


def _orientation(eci_raw, pci_raw, diversity, ubiquity) -> float:
    for size, values, sign in ((diversity, eci_raw, 1.0), (ubiquity, pci_raw, -1.0)):
        if np.ptp(size) > 0:
            r = np.corrcoef(size, values)[0, 1]
            if np.isfinite(r) and r != 0:
                return sign * np.sign(r)
    return float(np.sign(eci_raw[np.argmax(np.abs(eci_raw))]))


def solve(presence: np.ndarray, regions: pd.Index, industries: pd.Index, ddof: int = 0) -> _Solution:
    """ECI, PCI and the Growth Lab's k_p scale from a 0/1 presence array (see :func:`complexity`)."""
    ddof = check_integer(ddof, "ddof", 0, 1)
    div_all, ubi_all = presence.sum(axis=1), presence.sum(axis=0)
    rows, cols = div_all > 0, ubi_all > 0
    if rows.sum() < 2 or cols.sum() < 2:
        raise FtzlinkError(
            f"complexity needs at least 2 regions and 2 industries with presence; found {int(rows.sum())} "
            f"region(s) and {int(cols.sum())} industry(ies)"
        )
    m = presence[np.ix_(rows, cols)]
    if (m == m[0]).all():
        raise FtzlinkError(
            "complexity: every region with presence holds the same set of industries, so M has rank 1, "
            "there is no second eigenvector and ECI/PCI are not defined"
        )
    div, ubi = div_all[rows], ubi_all[cols]
    b = operand(m / np.sqrt(div)[:, None] / np.sqrt(ubi)[None, :])
    with single_threaded_blas():  # hundreds of matrix-vector products: BLAS threads only wait on each other
        if m.shape[0] <= m.shape[1]:
            value, vector = _second_eigenpair(b, np.sqrt(div))
            pci_raw = (b.T @ vector) / np.sqrt(ubi)
        else:
            value, vector = _second_eigenpair(b.T, np.sqrt(ubi))
            pci_raw = vector / np.sqrt(ubi)
        eci_raw = (operand(m) @ pci_raw) / div
    if value > 1.0 - _SPLIT_GAP:  # eigenvalue 1 repeated: one per connected group
        _check_connected(m, regions[rows], industries[cols])
    sign = _orientation(eci_raw, pci_raw, div, ubi)
    mean, sd = eci_raw.mean(), eci_raw.std(ddof=ddof)
    eci = np.full(len(regions), np.nan)
    pci = np.full(len(industries), np.nan)
    kp = np.full(len(industries), np.nan)
    eci[rows] = sign * (eci_raw - mean) / sd
    pci[cols] = sign * (pci_raw - mean) / sd
    kp[cols] = sign * pci_raw / sd
    return _Solution(presence, eci, pci, kp, float(sd))


def complexity(
    mat: pd.DataFrame,
    rca: bool = True,
    reference: pd.Series | None = None,
    *,
    threshold: float = 1.0,
    presence: str = "rca",
    population: pd.Series | None = None,
    rpop_threshold: float = 1.0,
    ddof: int = 0,
) -> Complexity:
    """Economic Complexity Index of each region and Product Complexity Index of each industry.

    ECI_r = (k_c,r − mean k_c) / sd k_c and PCI_i = (k_p,i − mean k_c) / sd k_c, with k_p the
    eigenvector of the second-largest eigenvalue of M̃_P = U⁻¹ Mᵀ D⁻¹ M and k_c = D⁻¹ M k_p
    (module docstring). Range: z-scores (ECI has mean 0 and sd 1 over the regions with presence).

    Parameters
    ----------
    mat : DataFrame
        Region × industry measure matrix, made binary by the presence test; with ``rca=False``
        the 0/1 presence matrix itself.
    rca : bool, default True
        Test presence (True) or take ``mat`` as M (False, py-ecomplexity's ``"manual"``).
    reference : Series, optional
        Industry totals for the location quotient (default: the pooled shares of ``mat``).
    threshold : float, default 1
        RCA threshold: M = 1 where LQ ≥ threshold (py-ecomplexity ``rca_mcp_threshold``).
    presence : {"rca", "rpop", "both"}, default "rca"
        Presence test: RCA, population-normalised RCA (needs ``population``), or either.
    population : Series, optional
        Positive population by region, for ``presence="rpop"`` or ``"both"``.
    rpop_threshold : float, default 1
        RPOP threshold (py-ecomplexity ``rpop_mcp_threshold``).
    ddof : {0, 1}, default 0
        Standard deviation of the normalisation: population (0: py-ecomplexity, and Stata to a
        relative 1/(2nN)) or sample over regions (1: pandas ``.std()``).

    Returns
    -------
    Complexity
        ``Complexity(eci, pci)``, two Series named "eci" and "pci".

    Zeros: regions with no industry present and industries present nowhere get NaN. Raises
    FtzlinkError when fewer than 2 regions or 2 industries have presence (a single region has no
    second eigenvector), when all regions hold the same industries (second eigenvalue 0), when
    the presence network is disconnected, and for bad presence arguments (a zero population,
    ``population`` without an RPOP test, presence options with ``rca=False``).
    Reference: Hidalgo & Hausmann (2009) PNAS 106: 10570; py-ecomplexity and Stata
    ``ecomplexity`` (Growth Lab); Mealy, Farmer & Teytelboym (2019) Sci. Adv. 5: eaau1705 (RPOP).

    Examples
    --------
    >>> m = pd.DataFrame([[1, 1, 1], [1, 1, 0], [1, 0, 0]], index=["r1", "r2", "r3"], columns=["a", "b", "c"])
    >>> eci, pci = complexity(m, rca=False)
    >>> ((eci * 6 ** 0.5).round(6) + 0.0).tolist(), (pci * 6 ** 0.5).round(6).tolist()  # λ₂ = 1/4
    ([3.0, 0.0, -3.0], [-3.0, 3.0, 9.0])
    >>> (complexity(m, rca=False, ddof=1).eci.round(6) + 0.0).tolist()  # k_c = (2, −1, −4): sample sd 3
    [1.0, 0.0, -1.0]
    """
    m = presence_matrix(mat, rca, reference, threshold=threshold, presence=presence, population=population,
                        rpop_threshold=rpop_threshold)
    sol = solve(m, mat.index, mat.columns, ddof)
    return Complexity(pd.Series(sol.eci, index=mat.index, name="eci"),
                      pd.Series(sol.pci, index=mat.columns, name="pci"))


__all__ = ["Complexity", "complexity"]
