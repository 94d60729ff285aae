"""Relatedness between industries and its density in regions (industry × industry, region × industry).

Two families that share one idea — industries are related when the same regions hold them:

- EconGeo's (Balland; R sources at github.com/PABalland/EconGeo, ``R/<name>.r``):
  :func:`co_occurrence` counts regions holding both industries,
  :func:`relatedness` normalises the counts (van Eck & Waltman 2009), and
  :func:`relatedness_density` scores each region–industry pair 0–100. Inputs are 0/1 matrices.
- The product space (Hidalgo et al. 2007, as in the Growth Lab's py-ecomplexity):
  :func:`proximity` and :func:`density`. By default these take a measure matrix and set presence
  M_ri = 1 where LQ_ri ≥ 1 (py-ecomplexity's ``presence_test="rca"``); with ``rca=False`` they
  take the 0/1 matrix as given (``presence_test="manual"``).

Zero handling: an industry present in no region has no co-occurrences, proximity 0 to every
industry including itself, and NaN density / relatedness density (0 related industries to
divide by). Products of 0/1 matrices use scipy.sparse when the matrix is sparse.

Examples below use the 0/1 matrix::

    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]],
    ...                  index=["r1", "r2", "r3"], columns=["a", "b", "c", "d"])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice, check_flag, check_labelled_numeric
from ftzlink.errors import FtzlinkError
from ftzlink.indices._kernels import (
    as_array,
    binary_gram,
    operand,
    presence_array,
    square_matrix,
)
from ftzlink.vocabulary import RELATEDNESS_METHODS


def co_occurrence(mat: pd.DataFrame, diagonal: bool = False) -> pd.DataFrame:
    """Number of regions in which each pair of industries co-occurs: C = Mᵀ M (industry × industry).

    ``mat``: a 0/1 region × industry matrix M (e.g. ``location_quotient(x, binary=True)``); other
    values raise. ``diagonal=False`` sets C_ii to 0; ``True`` keeps the ubiquity of i there.
    Range: integers in [0, n_regions]. Zeros: an all-zero row adds nothing; an all-zero column
    gives a row and column of zeros. Reference: EconGeo ``co_occurrence`` (R/co_occurrence.r),
    which takes the industry × event matrix, i.e. EconGeo's co_occurrence(t(M)).

    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> co_occurrence(m).loc["b"].tolist()
    [2, 0, 2, 1]
    """
    diagonal = check_flag(diagonal, "diagonal")
    counts = binary_gram(as_array(mat, "mat", binary=True).T)
    if not diagonal:
        np.fill_diagonal(counts, 0.0)
    return pd.DataFrame(counts.astype(int), index=mat.columns, columns=mat.columns, copy=False)


def relatedness(cooc: pd.DataFrame, method: str = "prob") -> pd.DataFrame:
    """Relatedness of industries normalised from a symmetric co-occurrence matrix.

    With c_ij the co-occurrences (diagonal ignored), s_i = Σ_j c_ij and T = Σ_ij c_ij:

    - ``prob``: c_ij / [((s_j/T)·s_i/(T − s_j) + (s_i/T)·s_j/(T − s_i)) · T/2] (Steijn 2017);
    - ``association``: c_ij T / (s_i s_j);
    - ``cosine``: c_ij / sqrt(s_i s_j);
    - ``jaccard``: c_ij / (s_i + s_j − c_ij).

    Range [0, ∞) for prob and association (1 = as often as chance), [0, 1] for cosine and jaccard.
    Zeros: 0/0 cells (industries with no co-occurrence) are 0 and the diagonal is 0, as in
    EconGeo. ``method`` is case-insensitive. Raises FtzlinkError when ``cooc`` is not square with
    the same labels on both axes, or not symmetric.
    Reference: van Eck & Waltman (2009); EconGeo ``relatedness`` (R/relatedness.r).

    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> relatedness(co_occurrence(m), "jaccard").loc["a"].round(4).tolist()
    [0.0, 0.3333, 0.1667, 0.0]
    """
    method = check_choice(method.lower() if isinstance(method, str) else method, RELATEDNESS_METHODS,
                          "relatedness: method")
    check_labelled_numeric(cooc, "cooc", shape="industries × industries")
    c = square_matrix(cooc, "cooc", cooc.index, "cooc rows")
    asym = ~np.isclose(c, c.T, rtol=1e-12, atol=0.0)
    if asym.any():
        i, j = np.argwhere(asym)[0]
        raise FtzlinkError(
            f"cooc is not symmetric: [{cooc.index[i]!r}, {cooc.index[j]!r}] = {c[i, j]:g} but "
            f"[{cooc.index[j]!r}, {cooc.index[i]!r}] = {c[j, i]:g}"
        )
    np.fill_diagonal(c, 0.0)
    s = c.sum(axis=0)
    t = c.sum()
    s_col, s_row = s[None, :], s[:, None]  # s_j and s_i at [i, j]
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "prob":
            values = c / ((s_col / t * (s_row / (t - s_col)) + s_row / t * (s_col / (t - s_row))) * (t / 2))
        elif method == "association":
            values = (c / t) / ((s_col / t) * (s_row / t))
        elif method == "cosine":
            values = c / np.sqrt(s_col * s_row)
        else:
            values = c / (s_col + s_row - c)
    values[np.isnan(values)] = 0.0
    np.fill_diagonal(values, 0.0)
    labels = cooc.index
    return pd.DataFrame(values, index=labels, columns=labels, copy=False)


def _weighted_presence(m: np.ndarray, w: np.ndarray) -> np.ndarray:
    """(M W)_rj / Σ_k W_kj: the share of column j's weights that falls on industries region r holds."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (operand(m) @ w) / w.sum(axis=0)


def relatedness_density(mat: pd.DataFrame, rel: pd.DataFrame) -> pd.DataFrame:
    """Relatedness density RD_ri = 100 · Σ_j M_rj φ_ji / Σ_j φ_ji (region × industry).

    ``mat``: 0/1 region × industry matrix; ``rel``: industry × industry relatedness φ labelled by
    ``mat``'s columns (any order); for an asymmetric φ the sums run over φ's columns, as in
    EconGeo (``mat %*% relatedness`` over ``colSums``). Range [0, 100]: the share of industries
    related to i that region r already holds. Zeros: an industry related to nothing gives NaN (0/0), as in EconGeo.
    Reference: Boschma, Balland & Kogler (2015); EconGeo ``relatedness_density``
    (R/relatedness_density.r, which rounds to 2 digits).

    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> relatedness_density(m, co_occurrence(m)).loc["r1"].round(2).tolist()
    [66.67, 40.0, 75.0, 50.0]
    """
    presence = as_array(mat, "mat", binary=True)
    phi = square_matrix(rel, "rel", mat.columns, "mat columns")
    return pd.DataFrame(100.0 * _weighted_presence(presence, phi), index=mat.index, columns=mat.columns, copy=False)


def proximity(mat: pd.DataFrame, rca: bool = True, reference: pd.Series | None = None) -> pd.DataFrame:
    """Product-space proximity φ_ij = Σ_r M_ri M_rj / max(k_i, k_j) (industry × industry).

    k_i is the ubiquity of i; φ_ij is the smaller of the two conditional probabilities
    P(i | j) and P(j | i). Range [0, 1], diagonal 1 for industries present somewhere.
    ``rca=True``: M = LQ ≥ 1 of ``mat`` (ties count; ``reference`` passes to the LQ);
    ``rca=False``: ``mat`` is M. Zeros: an industry present nowhere has proximity 0 to all.
    Reference: Hidalgo et al. (2007) Science 317: 482; py-ecomplexity ``proximity`` (identical
    values, checked in the test suite).

    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> proximity(m, rca=False).loc["b"].round(4).tolist()
    [0.6667, 1.0, 0.6667, 0.3333]
    """
    presence = presence_array(mat, rca, reference)
    counts = binary_gram(presence.T)
    ubiquity = np.diag(counts)
    # an industry present nowhere has counts 0, so dividing by max(k_i, k_j, 1) gives it 0
    values = counts / np.maximum(np.maximum(ubiquity[:, None], ubiquity[None, :]), 1.0)
    return pd.DataFrame(values, index=mat.columns, columns=mat.columns, copy=False)


def density(
    mat: pd.DataFrame,
    prox: pd.DataFrame,
    rca: bool = True,
    reference: pd.Series | None = None,
    include_self: bool = False,
) -> pd.DataFrame:
    """Product-space density ω_ri = Σ_{j≠i} M_rj φ_ij / Σ_{j≠i} φ_ij (region × industry).

    ``prox``: industry × industry proximity (e.g. :func:`proximity`) labelled by ``mat``'s
    columns. M as in :func:`proximity`. Range [0, 1]: the proximity-weighted share of i's
    neighbours that region r holds. A product's own proximity φ_ii is left out of numerator and
    denominator (``include_self=False``, the default; ftzlink 0.2 kept it): density measures what
    the *other* products a region holds imply for i, so M_ri does not feed its own density
    (the Growth Lab's Stata ``ecomplexity`` subtracts the identity from proximity; py-ecomplexity
    issue #38 agreed to zero the diagonal). ``include_self=True`` keeps the earlier form
    Σ_j M_rj φ_ij / Σ_j φ_ij, which py-ecomplexity 0.5 computes and which equals
    :func:`relatedness_density` / 100 for a symmetric ``prox``.

    Zeros: an industry with zero proximity to every other industry gives NaN (0/0).
    Reference: Hidalgo et al. (2007) Science 317: 482; Stata ``ecomplexity`` (Growth Lab,
    ``calculate_density.ado``); py-ecomplexity ``calc_density`` (identical values with
    ``include_self=True``, and with its proximity diagonal zeroed for the default).

    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> density(m, proximity(m, rca=False), rca=False).loc["r1"].round(4).tolist()
    [0.5714, 0.4, 0.7, 0.4]
    >>> density(m, proximity(m, rca=False), rca=False, include_self=True).loc["r1"].round(4).tolist()
    [0.7692, 0.625, 0.4375, 0.1818]
    """
    include_self = check_flag(include_self, "include_self")
    presence = presence_array(mat, rca, reference)
    phi = square_matrix(prox, "prox", mat.columns, "mat columns")
    if not include_self:
        np.fill_diagonal(phi, 0.0)
    return pd.DataFrame(_weighted_presence(presence, phi.T), index=mat.index, columns=mat.columns, copy=False)


__all__ = ["co_occurrence", "density", "proximity", "relatedness", "relatedness_density"]
