"""Economic complexity: ECI per region and PCI per industry (method of reflections, eigenvector form).

With M the 0/1 presence matrix, diversity k_r = Σ_i M_ri and ubiquity k_i = Σ_r M_ri, the region
transition matrix M̃_C = D⁻¹ M U⁻¹ Mᵀ (D = diag k_r, U = diag k_i) has largest eigenvalue 1
(constant eigenvector); ECI is built from the eigenvector of its second-largest eigenvalue and
PCI from the matching eigenvector of M̃_P = U⁻¹ Mᵀ D⁻¹ M (Hidalgo & Hausmann 2009).

Kernel: both are similar to the symmetric positive semi-definite B Bᵀ and Bᵀ B with
B = D^-½ M U^-½, whose top eigenvector is known (sqrt(k)). It is deflated and a partial Lanczos
eigensolver (scipy.sparse.linalg.eigsh, one eigenpair) runs on the smaller side through a
matrix-free operator; B is sparse when M is. No dense eigendecomposition is formed.

Conventions — those of the Growth Lab's py-ecomplexity, whose values ftzlink reproduces (checked
in the test suite; see benchmarks/RESULTS.md for speed):

- presence: M_ri = 1 where LQ_ri ≥ 1 (``rca_mcp_threshold=1``, ties count, see
  :func:`ftzlink.indices.location_quotient`), or ``mat`` itself with ``rca=False``
  (``presence_test="manual"``);
- k_p is the eigenvector of M̃_P and k_c = D⁻¹ M k_p (so k_c is the eigenvector of M̃_C);
- sign: chosen so that ECI correlates positively with diversity;
- normalisation: ECI = (k_c − mean k_c) / sd k_c and PCI = (k_p − mean k_c) / sd k_c, population
  standard deviation. PCI is standardised with ECI's mean and sd (not its own), which keeps
  ECI_r = mean of PCI over the industries r holds.

Regions (industries) without presence get NaN and stay out of the normalisation; py-ecomplexity
drops them before computing, with the same result. Differences, all at degenerate inputs:

- ties: LQ within a relative 1e-9 of 1 counts as presence; py-ecomplexity compares the rounded
  quotient with 1, so it can drop an exact tie that division left a few ulps below 1;
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

from ftzlink.checks import preview
from ftzlink.errors import FtzlinkError
from ftzlink.indices._kernels import operand, presence_array

# A second eigenvalue this close to 1 signals a split network; the components are then counted.
_SPLIT_GAP = 1e-9


class Complexity(NamedTuple):
    """ECI per region and PCI per industry, as returned by :func:`complexity`."""

    eci: pd.Series
    pci: pd.Series


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


def complexity(mat: pd.DataFrame, rca: bool = True, reference: pd.Series | None = None) -> Complexity:
    """Economic Complexity Index of each region and Product Complexity Index of each industry.

    ``mat``: region × industry measure matrix, made binary by LQ ≥ 1 (``reference`` passes to the
    LQ); with ``rca=False``, the 0/1 presence matrix itself. Returns ``Complexity(eci, pci)``, two
    Series (z-scores: ECI has mean 0 and population sd 1 over the regions with presence).
    Conventions and kernel: see the module docstring; values equal py-ecomplexity's.

    Zeros: regions with no industry present and industries present nowhere get NaN. Raises
    FtzlinkError when fewer than 2 regions or 2 industries have presence (a single region has no
    second eigenvector), when all regions hold the same industries (second eigenvalue 0), or when
    the presence network is disconnected.
    Reference: Hidalgo & Hausmann (2009) PNAS 106: 10570; py-ecomplexity (Growth Lab).

    >>> m = pd.DataFrame([[1, 1, 1], [1, 1, 0], [1, 0, 0]], index=["r1", "r2", "r3"], columns=["a", "b", "c"])
    >>> eci, pci = complexity(m, rca=False)
    >>> ((eci * 6 ** 0.5).round(6) + 0.0).tolist(), (pci * 6 ** 0.5).round(6).tolist()  # λ₂ = 1/4
    ([3.0, 0.0, -3.0], [-3.0, 3.0, 9.0])
    """
    presence = presence_array(mat, rca, reference)
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
    if m.shape[0] <= m.shape[1]:
        value, vector = _second_eigenpair(b, np.sqrt(div))
        pci_raw = (b.T @ vector) / np.sqrt(ubi)
    else:
        value, vector = _second_eigenpair(b.T, np.sqrt(ubi))
        pci_raw = vector / np.sqrt(ubi)
    if value > 1.0 - _SPLIT_GAP:  # eigenvalue 1 repeated: one per connected group
        _check_connected(m, mat.index[rows], mat.columns[cols])
    eci_raw = (operand(m) @ pci_raw) / div
    sign = _orientation(eci_raw, pci_raw, div, ubi)
    mean, sd = eci_raw.mean(), eci_raw.std()
    eci = np.full(len(mat.index), np.nan)
    pci = np.full(len(mat.columns), np.nan)
    eci[rows] = sign * (eci_raw - mean) / sd
    pci[cols] = sign * (pci_raw - mean) / sd
    return Complexity(pd.Series(eci, index=mat.index, name="eci"), pd.Series(pci, index=mat.columns, name="pci"))


__all__ = ["Complexity", "complexity"]
