"""Specialisation and concentration: one value per region (or per industry) of a measure matrix.

``mat`` is a region × industry DataFrame of non-negative values (output, employment, firm
counts, positioning weights). Notation: s_ri = x_ri / x_r. (industry share of region r),
S_i = x_.i / x.. (pooled share) or the shares of a ``reference`` vector (e.g. national totals).
Each function follows the EconGeo R package (Balland) function of the same name — its source
in github.com/PABalland/EconGeo, ``R/<name>.r`` — without EconGeo's rounding of some outputs.

Zero handling, common to all: a region whose row is all zero has undefined shares, so its
per-region value is NaN (EconGeo gives NaN too); an industry whose column is all zero has
undefined spatial shares, so its per-industry value is NaN. A single region is allowed
(its shares equal the pooled shares).

All examples below use::

    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]],
    ...                    index=["r1", "r2", "r3"], columns=["a", "b", "c", "d"])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ftzlink.checks import check_flag, check_vector
from ftzlink.indices._kernels import (
    as_array,
    lq_array,
    pooled_shares,
    presence_array,
    reference_shares,
    row_shares,
)


def _shares_and_reference(mat: pd.DataFrame, reference: pd.Series | None) -> tuple[np.ndarray, np.ndarray]:
    x = as_array(mat, "mat")
    ref = pooled_shares(x) if reference is None else reference_shares(reference, mat.columns)
    return row_shares(x), ref


def location_quotient(mat: pd.DataFrame, binary: bool = False, reference: pd.Series | None = None) -> pd.DataFrame:
    """Location quotient (revealed comparative advantage) of each region in each industry.

    LQ_ri = s_ri / S_i  (Balassa 1965). Range [0, ∞); 1 = the region's share equals the reference.
    ``reference``: a Series by industry (e.g. national totals) replacing the pooled shares S_i.

    ``binary=True`` returns 0/1 integers: 1 where LQ ≥ 1. Ties count as 1, as in EconGeo
    (``lq[lq < 1] <- 0; lq[lq > 1] <- 1`` leaves LQ = 1 at 1) and py-ecomplexity (``rca >= 1``);
    values within a relative 1e-9 of 1 are treated as ties, because exact ties often come out of
    floating-point division a few ulps below 1.

    Zeros: an all-zero row or column gives LQ 0 (EconGeo sets the 0/0 cells to 0). A reference of
    0 for an industry with activity raises FtzlinkError (the LQ would be infinite).
    Reference: EconGeo ``location_quotient`` (R/location_quotient.r).

    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> location_quotient(mat).loc["r1"].tolist()
    [3.0, 1.0, 0.0, 0.0]
    >>> location_quotient(mat, binary=True).loc["r1"].tolist()
    [1, 1, 0, 0]
    """
    if check_flag(binary, "binary"):
        m = presence_array(mat, True, reference)
        return pd.DataFrame(m.astype(int), index=mat.index, columns=mat.columns, copy=False)
    x = as_array(mat, "mat")
    ref = None if reference is None else reference_shares(reference, mat.columns)
    return pd.DataFrame(lq_array(x, ref, mat.columns), index=mat.index, columns=mat.columns, copy=False)


def krugman_index(mat: pd.DataFrame, reference: pd.Series | None = None) -> pd.Series:
    """Krugman specialisation index per region: K_r = Σ_i |s_ri − S_i|.

    Range [0, 2]: 0 = same structure as the reference, 2 = no industry in common with it.
    Zeros: all-zero row → NaN. Reference: Krugman (1991) Geography and Trade; EconGeo
    ``krugman_index`` (R/krugman_index.r).

    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> krugman_index(mat).tolist()
    [1.0, 0.5, 0.5]
    """
    s, ref = _shares_and_reference(mat, reference)
    return pd.Series(np.abs(s - ref).sum(axis=1), index=mat.index, name="krugman_index")


def spec_coeff(mat: pd.DataFrame, reference: pd.Series | None = None) -> pd.Series:
    """Hoover coefficient of specialisation per region: K_r / 2 = ½ Σ_i |s_ri − S_i|.

    Range [0, 1]. Zeros: all-zero row → NaN. Reference: Hoover & Giarratani (1985); EconGeo
    ``spec_coeff`` (R/spec_coeff.r).

    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> spec_coeff(mat).tolist()
    [0.5, 0.25, 0.25]
    """
    return (krugman_index(mat, reference) / 2).rename("spec_coeff")


def hoover_index(mat: pd.DataFrame, pop: pd.Series | None = None) -> pd.Series:
    """Hoover index of spatial concentration per industry: 50 · Σ_r |x_ri / x_.i − p_r / p.|.

    ``pop``: a Series by region (population or size); default equal weights 1/n as in EconGeo.
    Range [0, 100): 0 = industry spread like the population. Zeros: all-zero column → NaN.
    Reference: Hoover (1936); EconGeo ``hoover_index`` (R/hoover_index.r, which rounds to 2 digits).

    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> hoover_index(mat, pop=pd.Series([1, 1, 2], index=["r1", "r2", "r3"])).tolist()
    [50.0, 0.0, 25.0, 50.0]
    """
    x = as_array(mat, "mat")
    if pop is None:
        p = np.full(x.shape[0], 1.0 / x.shape[0])
    else:
        p = check_vector(pop, mat.index, "pop", "mat rows")
        p = p / p.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        spatial = x / x.sum(axis=0)
    return pd.Series(50.0 * np.abs(spatial - p[:, None]).sum(axis=0), index=mat.columns, name="hoover_index")


def herfindahl(mat: pd.DataFrame) -> pd.Series:
    """Herfindahl–Hirschman concentration of each region's industry mix: H_r = Σ_i s_ri².

    Range [1/n_industries, 1]. Zeros: all-zero row → NaN. Reference: EconGeo ``herfindahl``
    (R/Herfindahl.r).

    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> herfindahl(mat).tolist()
    [0.625, 0.375, 0.375]
    """
    s = row_shares(as_array(mat, "mat"))
    return pd.Series((s * s).sum(axis=1), index=mat.index, name="herfindahl")


def entropy(mat: pd.DataFrame) -> pd.Series:
    """Shannon entropy of each region's industry mix: E_r = −Σ_i s_ri log2 s_ri, with 0 log 0 = 0.

    Range [0, log2 n_industries]. Zeros: all-zero row → NaN. Reference: Frenken et al. (2007);
    EconGeo ``entropy`` (R/entropy.r). EconGeo computes log2(s + 1e-9) and rounds to 3 digits;
    ftzlink uses the exact definition, so the two differ by less than 1e-8 before that rounding.

    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> entropy(mat).tolist()[1:]
    [1.5, 1.5]
    """
    s = row_shares(as_array(mat, "mat"))
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(s > 0, s * np.log2(np.where(s > 0, s, 1.0)), 0.0)
    values = -terms.sum(axis=1)
    values[np.isnan(s).any(axis=1)] = np.nan
    return pd.Series(values, index=mat.index, name="entropy")


def hachman(mat: pd.DataFrame, reference: pd.Series | None = None) -> pd.Series:
    """Hachman index per region: HI_r = 1 / Σ_i LQ_ri · s_ri.

    Range (0, 1]: 1 = the region's structure equals the reference. Zeros: all-zero row → NaN;
    industries with S_i = 0 contribute 0 (their LQ is 0). Reference: Hachman (1994); EconGeo
    ``hachman`` (R/Hachman.r).

    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> hachman(mat).tolist()[0]
    0.4
    """
    x = as_array(mat, "mat")
    ref = None if reference is None else reference_shares(reference, mat.columns)
    lq = lq_array(x, ref, mat.columns)
    with np.errstate(divide="ignore"):
        values = 1.0 / (lq * row_shares(x)).sum(axis=1)
    return pd.Series(values, index=mat.index, name="hachman")


def gini(mat: pd.DataFrame) -> pd.Series:
    """Gini coefficient of each industry across regions (equal region weights).

    With the column sorted ascending, p_k = k/n and ν_k the cumulative share of the industry held
    by the k poorest regions: G = Σ_{k≥2} ν_k p_{k−1} − Σ_{k<n} ν_k p_{k+1}, EconGeo's Lorenz-curve
    form; it equals Σ_r Σ_q |x_r − x_q| / (2 n² x̄). Range [0, (n−1)/n]; a single region gives 0.
    Zeros: all-zero column → NaN. Reference: Gini (1921); EconGeo ``gini`` (R/Gini.r, which rounds
    to 3 digits).

    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> gini(mat).round(4).tolist()
    [0.5, 0.1667, 0.3333, 0.6667]
    """
    x = np.sort(as_array(mat, "mat"), axis=0)
    n = x.shape[0]
    p = np.arange(1, n + 1)[:, None] / n
    with np.errstate(divide="ignore", invalid="ignore"):
        nu = np.cumsum(x, axis=0) / x.sum(axis=0)
    values = (nu[1:] * p[:-1]).sum(axis=0) - (nu[:-1] * p[1:]).sum(axis=0)
    values[x.sum(axis=0) == 0] = np.nan
    return pd.Series(values, index=mat.columns, name="gini")


def locational_gini(mat: pd.DataFrame) -> pd.Series:
    """Krugman's locational Gini of each industry against regions' total size.

    Regions are ordered by x_ri / (x_r. / x..); with c_k the cumulative share of industry i and
    q_k the cumulative share of total size, LG_i = ½ (Σ_{k≥2} c_k q_{k−1} − Σ_{k<n} c_k q_{k+1}),
    the area between the locational Lorenz curve and the diagonal. Range [0, 0.5); 0 = the industry
    is spread like overall activity. Zeros: all-zero column → NaN; all-zero rows have no weight.
    Reference: Krugman (1991) ch. 2; EconGeo ``locational_gini`` (R/locational_gini.r).

    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> locational_gini(mat).tolist()
    [0.3125, 0.0, 0.1875, 0.25]
    """
    x = as_array(mat, "mat")
    size = x.sum(axis=1) / x.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        order = np.argsort(x / size[:, None], axis=0, kind="stable")
        c = np.cumsum(np.take_along_axis(x, order, axis=0), axis=0) / x.sum(axis=0)
    q = np.cumsum(size[order], axis=0)
    values = ((c[1:] * q[:-1]).sum(axis=0) - (c[:-1] * q[1:]).sum(axis=0)) / 2
    values[x.sum(axis=0) == 0] = np.nan
    return pd.Series(values, index=mat.columns, name="locational_gini")


def diversity(mat: pd.DataFrame, rca: bool = False, reference: pd.Series | None = None) -> pd.Series:
    """Diversity of each region: k_r = Σ_i M_ri, the number of industries it is present in.

    ``rca=False``: ``mat`` is the 0/1 matrix M (anything else raises). ``rca=True``: M = LQ ≥ 1 of
    ``mat`` (ties count, see :func:`location_quotient`; ``reference`` passes through).
    Range [0, n_industries]. Zeros: an all-zero row gives 0. Reference: Hidalgo & Hausmann (2009);
    EconGeo ``diversity`` (R/diversity.r).

    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> diversity(mat, rca=True).tolist()
    [2, 3, 3]
    """
    m = presence_array(mat, rca, reference)
    return pd.Series(m.sum(axis=1).astype(int), index=mat.index, name="diversity")


def ubiquity(mat: pd.DataFrame, rca: bool = False, reference: pd.Series | None = None) -> pd.Series:
    """Ubiquity of each industry: k_i = Σ_r M_ri, the number of regions it is present in.

    Arguments as in :func:`diversity`. Range [0, n_regions]. Zeros: an all-zero column gives 0.
    Reference: Hidalgo & Hausmann (2009); EconGeo ``ubiquity`` (R/ubiquity.r).

    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> ubiquity(mat, rca=True).tolist()
    [2, 3, 2, 1]
    """
    m = presence_array(mat, rca, reference)
    return pd.Series(m.sum(axis=0).astype(int), index=mat.columns, name="ubiquity")


__all__ = [
    "diversity",
    "entropy",
    "gini",
    "hachman",
    "herfindahl",
    "hoover_index",
    "krugman_index",
    "location_quotient",
    "locational_gini",
    "spec_coeff",
    "ubiquity",
]
