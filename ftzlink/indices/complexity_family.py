"""The complexity family around ECI/PCI: reflections, outlook, income content, ubiquity, relatedness.

- Method of reflections (Hidalgo & Hausmann 2009, as in EconGeo): :func:`morc` (regions, the
  iterates k_r,N) and :func:`mort` (industries, k_i,N). EconGeo's names: ``morc`` = method of
  reflections for **c**ities (regions), ``mort`` = for **t**echnologies (industries).
- Complexity outlook (Hausmann et al. 2014, *The Atlas of Economic Complexity*): :func:`coi`
  per region and :func:`cog` per region and industry, computed as the Growth Lab's Stata
  ``ecomplexity`` and py-ecomplexity do.
- Income content of specialisation (Hausmann, Hwang & Rodrik 2007): :func:`prody` per industry,
  :func:`expy` per region.
- Ubiquity-based complexity (Balland & Rigby 2017): :func:`norm_ubiquity`,
  :func:`inv_norm_ubiquity`.
- Relatedness density inside and outside a region's portfolio (Boschma, Balland & Kogler 2015;
  Balland, Rigby & Boschma 2015): :func:`relatedness_density_int`, :func:`relatedness_density_ext`
  and their regional averages :func:`relatedness_density_int_avg` (technological coherence) and
  :func:`relatedness_density_ext_avg` (technological flexibility).
- Co-occurrence beyond chance: :func:`z_score` (Teece et al. 1994; EconGeo ``zScore``).
- Recombination (Fleming & Sorenson 2001): :func:`ease_recombination` per industry and
  :func:`modular_complexity` per event (patent, firm, region).

EconGeo's sources: github.com/PABalland/EconGeo, ``R/<name>.r`` (dotted names, e.g.
``MORc.r``, ``relatedness.density.int.r``). EconGeo rounds several outputs (to 0, 2 or 5
digits); ftzlink does not. Everything is vectorised: matrix products over the whole matrix.

Examples below use the 0/1 matrix of the relatedness examples::

    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]],
    ...                  index=["r1", "r2", "r3"], columns=["a", "b", "c", "d"])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ftzlink.checks import check_flag, check_integer, check_vector
from ftzlink.errors import FtzlinkError
from ftzlink.indices._kernels import (
    as_array,
    binary_gram,
    lq_array,
    operand,
    presence_array,
    row_shares,
)
from ftzlink.indices.economic_complexity import presence_matrix, solve
from ftzlink.indices.product_space import density, proximity, relatedness_density
from ftzlink.threads import single_threaded_blas

# ---- method of reflections ------------------------------------------------------------------------


def _rescale(x: np.ndarray) -> np.ndarray:
    """EconGeo's rescale: (x − min) / (max − min) · 100 (NaN when all values are equal)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (x - x.min()) / (x.max() - x.min()) * 100.0


def _reflections(mat: pd.DataFrame, rca: bool, steps: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Region and industry iterates after ``steps`` reflections; masks of regions / industries kept."""
    steps = check_integer(steps, "steps", 0, 1000)
    m = presence_array(mat, rca, None)
    rows, cols = m.sum(axis=1) > 0, m.sum(axis=0) > 0
    if rows.sum() == 0:
        raise FtzlinkError("method of reflections: no region has any industry present")
    m = m[np.ix_(rows, cols)]
    div, ubi = m.sum(axis=1), m.sum(axis=0)
    op = operand(m)
    region, industry = div, ubi
    with single_threaded_blas():  # a loop of matrix-vector products: one BLAS thread is faster
        for step in range(1, steps + 1):
            region, industry = (op @ industry) / div, (op.T @ region) / ubi
            if step >= 3:
                region, industry = _rescale(region), _rescale(industry)
    return region, industry, rows, cols


def morc(mat: pd.DataFrame, rca: bool = False, steps: int = 20) -> pd.Series:
    """Method-of-reflections complexity of each region: the iterate k_r,N after N = ``steps`` steps.

    k_r,0 = diversity k_r; k_r,N = (1 / k_r) Σ_i M_ri k_i,N−1 and k_i,N = (1 / k_i) Σ_r M_ri k_r,N−1
    with k_i,0 the ubiquity. From step 3 on, every iterate (region and industry) is rescaled to
    0–100 by (x − min) / (max − min) · 100 before the next reflection, as in EconGeo.

    Parameters
    ----------
    mat : DataFrame
        0/1 region × industry matrix (``rca=False``, EconGeo's default), or a measure matrix
        made binary by LQ ≥ 1 (``rca=True``; ties count).
    rca : bool, default False
        Compute presence from the location quotient first.
    steps : int, default 20
        Number of reflections N ≥ 0: 0 gives diversity, 1 the mean ubiquity of the industries
        held, 2 the mean diversity of the regions holding them; from 3 on the 0–100 scale.

    Returns
    -------
    Series
        One value per region, named "morc". Range: [0, 100] for N ≥ 3; counts and means of
        counts for N ≤ 2. Even N ranks regions by complexity (high = complex), odd N inversely.

    Zeros: regions with no industry present and industries present nowhere are dropped before
    iterating (as EconGeo does) and get NaN; an iterate with all values equal gives NaN (0/0).
    Reference: Hidalgo & Hausmann (2009) PNAS 106: 10570; Balland & Rigby (2017) Economic
    Geography 93: 1–23; EconGeo ``morc`` (R/MORc.r).

    Examples
    --------
    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> morc(m, steps=1).round(4).tolist()  # mean ubiquity of held industries, k_i = (2, 3, 2, 1)
    [2.5, 2.3333, 2.0]
    """
    region, _, rows, _ = _reflections(mat, rca, steps)
    out = np.full(len(mat.index), np.nan)
    out[rows] = region
    return pd.Series(out, index=mat.index, name="morc")


def mort(mat: pd.DataFrame, rca: bool = False, steps: int = 19) -> pd.Series:
    """Method-of-reflections complexity of each industry: the iterate k_i,N after N = ``steps`` steps.

    k_i,0 = ubiquity k_i; k_i,N = (1 / k_i) Σ_r M_ri k_r,N−1 (recursion of :func:`morc`), rescaled
    to 0–100 from step 3 on, as in EconGeo.

    Parameters
    ----------
    mat : DataFrame
        0/1 region × industry matrix, or a measure matrix with ``rca=True`` (LQ ≥ 1).
    rca : bool, default False
        Compute presence from the location quotient first.
    steps : int, default 19
        Number of reflections N ≥ 0: 0 gives ubiquity, 1 the mean diversity of the regions
        holding the industry, 2 the mean ubiquity of the industries those regions hold.

    Returns
    -------
    Series
        One value per industry, named "mort". Range: [0, 100] for N ≥ 3. Odd N ranks industries
        by complexity (high = complex), even N inversely (ubiquity-like).

    Zeros: as in :func:`morc`: dropped rows and columns give NaN.
    Reference: Hidalgo & Hausmann (2009); Balland & Rigby (2017); EconGeo ``mort`` (R/MORt.r).

    Examples
    --------
    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> mort(m, steps=1).round(4).tolist()  # mean diversity of holders, k_r = (2, 3, 3)
    [2.5, 2.6667, 3.0, 3.0]
    """
    _, industry, _, cols = _reflections(mat, rca, steps)
    out = np.full(len(mat.columns), np.nan)
    out[cols] = industry
    return pd.Series(out, index=mat.columns, name="mort")


# ---- complexity outlook -------------------------------------------------------------------------


def _outlook(mat, rca, reference, include_self, ddof, threshold, presence, population, rpop_threshold):
    """COI (per region) and COG (region × industry) arrays, see :func:`coi`."""
    include_self = check_flag(include_self, "include_self")
    m = presence_matrix(mat, rca, reference, threshold=threshold, presence=presence, population=population,
                        rpop_threshold=rpop_threshold)
    sol = solve(m, mat.index, mat.columns, ddof)
    presence_df = pd.DataFrame(m, index=mat.index, columns=mat.columns)
    phi = proximity(presence_df, rca=False).to_numpy(copy=True)
    omega = density(presence_df, pd.DataFrame(phi, index=mat.columns, columns=mat.columns), rca=False,
                    include_self=include_self).to_numpy()
    if not include_self:
        np.fill_diagonal(phi, 0.0)
    kp = np.nan_to_num(sol.kp)  # industries present nowhere: no PCI, no weight
    absent = 1.0 - m
    raw_coi = (np.nan_to_num(omega) * absent) @ kp
    rows = m.sum(axis=1) > 0
    coi_values = np.full(len(mat.index), np.nan)
    coi_values[rows] = (raw_coi[rows] - raw_coi[rows].mean()) / raw_coi[rows].std(ddof=ddof)
    total = phi.sum(axis=1)
    weight = np.divide(kp, total, out=np.zeros_like(kp), where=total > 0)
    cog_values = absent * (absent @ (phi * weight[:, None]))
    cog_values[~rows, :] = np.nan
    cog_values[:, m.sum(axis=0) == 0] = np.nan
    return coi_values, cog_values


def coi(
    mat: pd.DataFrame,
    rca: bool = True,
    reference: pd.Series | None = None,
    *,
    include_self: bool = False,
    ddof: int = 0,
    threshold: float = 1.0,
    presence: str = "rca",
    population: pd.Series | None = None,
    rpop_threshold: float = 1.0,
) -> pd.Series:
    """Complexity outlook index of each region: how much complexity lies close to what it makes.

    COI_r = z-score over regions of Σ_i ω_ri (1 − M_ri) k̃_i, with ω the density
    (:func:`ftzlink.indices.density`) and k̃_i = k_p,i / sd(k_c) = PCI_i + mean(k_c) / sd(k_c)
    the eigenvector k_p on the scale of ECI's standard deviation — the vector the Growth Lab's
    Stata ``ecomplexity`` and py-ecomplexity multiply by (their ``kp`` before normalisation).
    The Atlas writes Σ_i ω_ri (1 − M_ri) PCI_i; the two differ by mean(k_c)/sd(k_c) · Σ_i
    ω_ri (1 − M_ri), which the software carries and ftzlink reproduces.

    Parameters
    ----------
    mat, rca, reference, threshold, presence, population, rpop_threshold
        Presence as in :func:`ftzlink.indices.complexity`.
    include_self : bool, default False
        Density and proximity weights without a product's own proximity (Stata ``ecomplexity``);
        True keeps φ_ii = 1, as py-ecomplexity 0.5 does.
    ddof : {0, 1}, default 0
        Standard deviation of ECI's scale and of the z-score (0 = population, py-ecomplexity).

    Returns
    -------
    Series
        One z-score per region, named "coi" (mean 0, sd 1 over regions with presence).
        Reproduces py-ecomplexity's ``coi`` with ``include_self=True``.

    Zeros: regions with no industry present get NaN; industries present nowhere carry no weight.
    Raises FtzlinkError where :func:`ftzlink.indices.complexity` does (ECI undefined).
    Reference: Hausmann, Hidalgo et al. (2014) *The Atlas of Economic Complexity*, MIT Press;
    Stata ``ecomplexity`` (``coicog.ado``) and py-ecomplexity ``calc_coi_cog`` (Growth Lab).

    Examples
    --------
    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> coi(m, rca=False).round(6).tolist()  # r3 already holds the complex c and d
    [0.422473, 0.957582, -1.380055]
    """
    values, _ = _outlook(mat, rca, reference, include_self, ddof, threshold, presence, population, rpop_threshold)
    return pd.Series(values, index=mat.index, name="coi")


def cog(
    mat: pd.DataFrame,
    rca: bool = True,
    reference: pd.Series | None = None,
    *,
    include_self: bool = False,
    ddof: int = 0,
    threshold: float = 1.0,
    presence: str = "rca",
    population: pd.Series | None = None,
    rpop_threshold: float = 1.0,
) -> pd.DataFrame:
    """Complexity outlook gain of each region in each industry it does not hold yet.

    COG_ri = (1 − M_ri) Σ_j (1 − M_rj) φ_ji k̃_j / Σ_k φ_jk: how much entering i would raise the
    density-weighted complexity of the products r does not make, with k̃ as in :func:`coi`
    (PCI on ECI's scale plus mean(k_c)/sd(k_c), as the Growth Lab software computes it). The
    Atlas's formula subtracts a further ω_ri PCI_i term that neither Stata ``ecomplexity`` nor
    py-ecomplexity computes; ftzlink follows the software.

    Parameters
    ----------
    mat, rca, reference, include_self, ddof, threshold, presence, population, rpop_threshold
        As in :func:`coi`; ``include_self=False`` zeroes φ_ii (Stata), True keeps it
        (py-ecomplexity 0.5).

    Returns
    -------
    DataFrame
        Region × industry; 0 where the region already holds the industry. Reproduces
        py-ecomplexity's ``cog`` with ``include_self=True``.

    Zeros: cells of held industries are 0; regions without presence and industries present
    nowhere get NaN; an industry j with zero proximity to all others adds nothing.
    Reference: Hausmann, Hidalgo et al. (2014) *The Atlas of Economic Complexity*; Stata
    ``ecomplexity`` (``coicog.ado``), py-ecomplexity ``calc_coi_cog``.

    Examples
    --------
    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> (cog(m, rca=False).loc["r1"].round(6) + 0.0).tolist()  # r1 holds a and b: no gain there
    [0.0, 0.0, 1.82309, 0.287227]
    """
    _, values = _outlook(mat, rca, reference, include_self, ddof, threshold, presence, population, rpop_threshold)
    return pd.DataFrame(values, index=mat.index, columns=mat.columns, copy=False)


# ---- income content -----------------------------------------------------------------------------


def _prody_array(mat: pd.DataFrame, income: pd.Series) -> np.ndarray:
    x = as_array(mat, "mat")
    y = check_vector(income, mat.index, "income", "mat rows")
    rca = lq_array(x, None, mat.columns)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (y @ rca) / rca.sum(axis=0)


def prody(mat: pd.DataFrame, income: pd.Series) -> pd.Series:
    """PRODY of each industry: the income level its producers have, PRODY_i = Σ_r RCA_ri Y_r / Σ_r RCA_ri.

    RCA_ri = LQ_ri (not binary). Equal to Hausmann, Hwang & Rodrik's Σ_r [s_ri / Σ_q s_qi] Y_r,
    with s_ri = x_ri / x_r. the industry's share in region r's output.

    Parameters
    ----------
    mat : DataFrame
        Region × industry measure (exports, output, employment).
    income : Series
        Non-negative value by region: GDP per capita (or R&D, education…).

    Returns
    -------
    Series
        One value per industry, named "prody", in the units of ``income``; within
        [min Y, max Y] (a weighted mean).

    Zeros: an industry absent everywhere gets NaN; an all-zero region has RCA 0 and no weight.
    Reference: Hausmann, Hwang & Rodrik (2007) J. Econ. Growth 12: 1–25; EconGeo ``prody``
    (R/prody.r, which rounds RCA to 2 digits first).

    Examples
    --------
    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> prody(mat, pd.Series({"r1": 10, "r2": 20, "r3": 30})).round(4).tolist()
    [12.5, 20.0, 23.3333, 30.0]
    """
    return pd.Series(_prody_array(mat, income), index=mat.columns, name="prody")


def expy(mat: pd.DataFrame, income: pd.Series) -> pd.Series:
    """EXPY of each region: the income level of its specialisation, EXPY_r = Σ_i s_ri PRODY_i.

    s_ri = x_ri / x_r. (region r's industry shares); PRODY as in :func:`prody`.

    Parameters
    ----------
    mat : DataFrame
        Region × industry measure.
    income : Series
        Non-negative value by region (GDP per capita …), as for :func:`prody`.

    Returns
    -------
    Series
        One value per region, named "expy", in the units of ``income``.

    Zeros: an all-zero region gets NaN; industries absent everywhere have no share and no weight.
    Reference: Hausmann, Hwang & Rodrik (2007); EconGeo ``expy`` (R/expy.r).

    Examples
    --------
    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> expy(mat, pd.Series({"r1": 10, "r2": 20, "r3": 30})).round(4).tolist()
    [14.375, 19.7917, 25.8333]
    """
    p = _prody_array(mat, income)
    s = row_shares(as_array(mat, "mat"))
    with np.errstate(invalid="ignore"):
        values = np.where(s > 0, s * np.nan_to_num(p), 0.0).sum(axis=1)
    values[np.isnan(s).any(axis=1)] = np.nan
    return pd.Series(values, index=mat.index, name="expy")


# ---- ubiquity-based complexity --------------------------------------------------------------------


def norm_ubiquity(mat: pd.DataFrame) -> pd.Series:
    """Normalised ubiquity of each industry: its share of activity over its share of ubiquity.

    NU_i = (x_.i / x..) / (k_i / Σ_j k_j), with k_i the number of regions where LQ_ri ≥ 1.
    Range (0, ∞): above 1, a large industry concentrated in few regions (complex, in Balland &
    Rigby's reading); below 1, a small one found in many.

    Parameters
    ----------
    mat : DataFrame
        Region × industry measure matrix.

    Returns
    -------
    Series
        One value per industry, named "norm_ubiquity".

    Zeros: an industry absent everywhere gets NaN (0/0).
    Reference: Balland & Rigby (2017) Economic Geography 93: 1–23; EconGeo ``norm_ubiquity``
    (R/norm.ubiquity.r, rounded to 2 digits there).

    Examples
    --------
    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> norm_ubiquity(mat).round(4).tolist()  # shares (4, 4, 4, 4)/16 over ubiquities (2, 3, 2, 1)/8
    [1.0, 0.6667, 1.0, 2.0]
    """
    x = as_array(mat, "mat")
    k = presence_array(mat, True, None).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = (x.sum(axis=0) / x.sum()) / (k / k.sum())
    return pd.Series(values, index=mat.columns, name="norm_ubiquity")


def inv_norm_ubiquity(mat: pd.DataFrame) -> pd.Series:
    """Inverse normalised ubiquity of each industry: INU_i = 100 · ln(x_.i) / k_i.

    x_.i is the industry's total and k_i its ubiquity (regions with LQ ≥ 1): a large industry
    found in few regions scores high. Range: any real (negative when x_.i < 1).

    Parameters
    ----------
    mat : DataFrame
        Region × industry measure matrix (counts: employment, patents …).

    Returns
    -------
    Series
        One value per industry, named "inv_norm_ubiquity".

    Zeros: an industry absent everywhere gets NaN. EconGeo computes ln(x_.i + 0.001) to avoid
    ln 0 and rounds to 2 digits; ftzlink uses ln(x_.i), which differs by less than
    0.1 / (x_.i k_i).
    Reference: Balland & Rigby (2017); EconGeo ``inv_norm_ubiquity`` (R/inv.norm.ubiquity.r).

    Examples
    --------
    >>> mat = pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> inv_norm_ubiquity(mat).round(2).tolist()  # 100 ln 4 / (2, 3, 2, 1)
    [69.31, 46.21, 69.31, 138.63]
    """
    x = as_array(mat, "mat")
    k = presence_array(mat, True, None).sum(axis=0)
    total = x.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = 100.0 * np.log(total) / k
    values[total == 0] = np.nan
    return pd.Series(values, index=mat.columns, name="inv_norm_ubiquity")


# ---- relatedness density inside and outside the portfolio ----------------------------------------


def _split_density(mat: pd.DataFrame, rel: pd.DataFrame, held: bool) -> pd.DataFrame:
    rd = relatedness_density(mat, rel)
    m = mat.to_numpy(dtype=float) == 1.0
    return rd.where(m if held else ~m)


def relatedness_density_int(mat: pd.DataFrame, rel: pd.DataFrame) -> pd.DataFrame:
    """Relatedness density of each region to the industries it holds (NaN elsewhere).

    RD_ri = 100 · Σ_j M_rj φ_ji / Σ_j φ_ji (:func:`ftzlink.indices.relatedness_density`) kept
    where M_ri = 1. Range [0, 100].

    Parameters
    ----------
    mat : DataFrame
        0/1 region × industry matrix.
    rel : DataFrame
        Industry × industry relatedness labelled by ``mat``'s columns.

    Returns
    -------
    DataFrame
        Region × industry, NaN where the region does not hold the industry.

    Zeros: an industry related to nothing gives NaN, as in :func:`relatedness_density`.
    Reference: Boschma, Balland & Kogler (2015) Industrial and Corporate Change 24: 223–250;
    EconGeo ``relatedness_density_int`` (R/relatedness.density.int.r, rounded to integers there).

    Examples
    --------
    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> rel = pd.DataFrame(1 - np.eye(4), index=list("abcd"), columns=list("abcd"))  # all related
    >>> relatedness_density_int(m, rel).loc["r1"].round(2).tolist()  # held: a, b
    [33.33, 33.33, nan, nan]
    """
    return _split_density(mat, rel, True)


def relatedness_density_ext(mat: pd.DataFrame, rel: pd.DataFrame) -> pd.DataFrame:
    """Relatedness density of each region to the industries it does not hold (NaN elsewhere).

    RD_ri as in :func:`relatedness_density_int`, kept where M_ri = 0: how close each missing
    industry is to the region's portfolio. Range [0, 100].

    Parameters
    ----------
    mat, rel : DataFrame
        As in :func:`relatedness_density_int`.

    Returns
    -------
    DataFrame
        Region × industry, NaN where the region holds the industry.

    Zeros: an industry related to nothing gives NaN.
    Reference: Boschma, Balland & Kogler (2015); EconGeo ``relatedness_density_ext``
    (R/relatedness.density.ext.r, rounded to integers there).

    Examples
    --------
    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> rel = pd.DataFrame(1 - np.eye(4), index=list("abcd"), columns=list("abcd"))
    >>> relatedness_density_ext(m, rel).loc["r1"].round(2).tolist()  # missing c, d: 2 of 3 related held
    [nan, nan, 66.67, 66.67]
    """
    return _split_density(mat, rel, False)


def _row_mean(frame: pd.DataFrame, name: str) -> pd.Series:
    values = frame.to_numpy()
    defined = ~np.isnan(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(defined, values, 0.0).sum(axis=1) / defined.sum(axis=1)
    return pd.Series(means, index=frame.index, name=name)


def relatedness_density_int_avg(mat: pd.DataFrame, rel: pd.DataFrame) -> pd.Series:
    """Average relatedness density within each region's portfolio (technological coherence).

    Mean of RD_ri over the industries the region holds (M_ri = 1). Range [0, 100].

    Parameters
    ----------
    mat, rel : DataFrame
        As in :func:`relatedness_density_int`.

    Returns
    -------
    Series
        One value per region, named "relatedness_density_int_avg".

    Zeros: a region holding nothing gets NaN; held industries related to nothing (NaN density)
    are left out of the mean (EconGeo counts them in the denominator with 0).
    Reference: Balland, Rigby & Boschma (2015) Cambridge J. Regions, Economy and Society 8:
    167–184; EconGeo ``relatedness_density_int_avg`` (R/relatedness.density.int.avg.r, which
    averages densities rounded to integers and rounds the mean).

    Examples
    --------
    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> rel = pd.DataFrame(1 - np.eye(4), index=list("abcd"), columns=list("abcd"))
    >>> relatedness_density_int_avg(m, rel).round(2).tolist()
    [33.33, 66.67, 66.67]
    """
    return _row_mean(relatedness_density_int(mat, rel), "relatedness_density_int_avg")


def relatedness_density_ext_avg(mat: pd.DataFrame, rel: pd.DataFrame) -> pd.Series:
    """Average relatedness density of each region to the industries it lacks (technological flexibility).

    Mean of RD_ri over the industries the region does not hold (M_ri = 0). Range [0, 100].

    Parameters
    ----------
    mat, rel : DataFrame
        As in :func:`relatedness_density_int`.

    Returns
    -------
    Series
        One value per region, named "relatedness_density_ext_avg".

    Zeros: a region holding every industry gets NaN; missing industries related to nothing are
    left out of the mean.
    Reference: Balland, Rigby & Boschma (2015); EconGeo ``relatedness_density_ext_avg``
    (R/relatedness.density.ext.avg.r, rounded there).

    Examples
    --------
    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> rel = pd.DataFrame(1 - np.eye(4), index=list("abcd"), columns=list("abcd"))
    >>> relatedness_density_ext_avg(m, rel).round(2).tolist()
    [66.67, 100.0, 100.0]
    """
    return _row_mean(relatedness_density_ext(mat, rel), "relatedness_density_ext_avg")


# ---- co-occurrence beyond chance ----------------------------------------------------------------------


def z_score(mat: pd.DataFrame) -> pd.DataFrame:
    """Z-score of the co-occurrence of each pair of industries against random assignment.

    With P regions (events: patents, firms, regions), n_i the number holding i and C_ij = Σ_r
    M_ri M_rj: z_ij = (C_ij − μ_ij) / σ_ij, μ_ij = n_i n_j / P and σ_ij² = μ_ij (1 − n_i / P)
    (P − n_j) / (P − 1), the mean and variance of C_ij when i's n_i occurrences fall at random
    (hypergeometric). z > 1.96: the pair co-occurs more often than chance at 5 %; a 0/1
    relatedness for :func:`ftzlink.indices.relatedness_density` is e.g. ``(z > 1.96) * 1``.
    This is the relatedness of ``relatedness(..., method="z_score")`` in EconGeo's sense; it
    needs the 0/1 matrix (P and n_i), so it takes ``mat`` rather than a co-occurrence matrix.

    Parameters
    ----------
    mat : DataFrame
        0/1 region (event) × industry matrix, e.g. ``location_quotient(x, binary=True)``.

    Returns
    -------
    DataFrame
        Industry × industry, symmetric, diagonal 0. Range: any real.

    Zeros: an industry held by no region or by every region has a fixed co-occurrence (σ = 0),
    so its z is NaN (0/0); EconGeo gives NaN there too. The diagonal, −n_i²/P/σ_ii in EconGeo,
    is set to 0. Raises FtzlinkError for fewer than 2 regions.
    Reference: Teece, Rumelt, Dosi & Winter (1994) J. Econ. Behav. Organ. 23: 1–30; Kim et al.
    (2016) EPJ Data Science 5: 1–15; EconGeo ``zScore`` (R/zScore.r, Mewes).

    Examples
    --------
    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1], [0, 0, 0, 1]],
    ...                  index=["r1", "r2", "r3", "r4"], columns=list("abcd"))
    >>> float(z_score(m).loc["a", "b"].round(4))  # C = 2, μ = 2·3/4, σ² = 1.5·(1/2)·(1/3)
    1.0
    """
    m = as_array(mat, "mat", binary=True)
    p = m.shape[0]
    if p < 2:
        raise FtzlinkError(f"z_score needs at least 2 regions (events), got {p}")
    c = binary_gram(m.T)
    n = m.sum(axis=0)
    mu = np.outer(n, n) / p
    var = mu * np.outer(1.0 - n / p, (p - n) / (p - 1.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (c - mu) / np.sqrt(var)
    z[~(var > 0)] = np.nan
    np.fill_diagonal(z, 0.0)
    return pd.DataFrame(z, index=mat.columns, columns=mat.columns, copy=False)


# ---- recombination -----------------------------------------------------------------------------------


def _ease(m: np.ndarray) -> np.ndarray:
    partners = binary_gram(m.T) > 0
    np.fill_diagonal(partners, False)
    with np.errstate(divide="ignore", invalid="ignore"):
        return partners.sum(axis=1) / m.sum(axis=0)


def ease_recombination(mat: pd.DataFrame) -> pd.Series:
    """Ease of recombination of each industry (technology): distinct partners per occurrence.

    E_i = #{j ≠ i : C_ij > 0} / k_i, with C = Mᵀ M the co-occurrences over events (rows: patents,
    firms or regions) and k_i the number of events holding i. High E: the technology has been
    combined with many others relative to its use (Fleming & Sorenson's interdependence, inverted).

    Parameters
    ----------
    mat : DataFrame
        0/1 event × industry matrix (e.g. patents × technology classes). EconGeo takes the
        transpose (technologies in rows): ftzlink's ``ease_recombination(m)`` is EconGeo's
        ``ease_recombination(t(m))``.

    Returns
    -------
    Series
        One value per industry (column), named "ease_recombination". Range [0, n_industries − 1].

    Zeros: an industry held by no event gets NaN (0/0).
    Reference: Fleming & Sorenson (2001) Research Policy 30: 1019–1039; EconGeo
    ``ease_recombination`` (R/ease.recombination.r, rounded to 5 digits there).

    Examples
    --------
    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> ease_recombination(m).round(4).tolist()  # partners (2, 3, 3, 2) over occurrences (2, 3, 2, 1)
    [1.0, 1.0, 1.5, 2.0]
    """
    m = as_array(mat, "mat", binary=True)
    return pd.Series(_ease(m), index=mat.columns, name="ease_recombination")


def modular_complexity(mat: pd.DataFrame) -> pd.Series:
    """Modular complexity of each event (patent, firm, region): k_e / Σ_i M_ei E_i.

    k_e is the number of industries (technologies) the event combines and E_i the ease of
    recombination (:func:`ease_recombination`): events built from hard-to-combine technologies
    score high. Range [0, ∞).

    Parameters
    ----------
    mat : DataFrame
        0/1 event × industry matrix (EconGeo's ``modular_complexity(t(mat))``).

    Returns
    -------
    Series
        One value per event (row), named "modular_complexity".

    Zeros: an event with no industry gets NaN (0/0); an event whose industries were never
    combined with any other (ease 0) gets 0, as in EconGeo (which sets the infinite quotient to 0).
    Reference: Fleming & Sorenson (2001); EconGeo ``modular_complexity``
    (R/modular.complexity.r, rounded to 5 digits there).

    Examples
    --------
    >>> m = pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
    >>> modular_complexity(m).round(4).tolist()  # 2/(1 + 1), 3/(1 + 1 + 1.5), 3/(1 + 1.5 + 2)
    [1.0, 0.8571, 0.6667]
    """
    m = as_array(mat, "mat", binary=True)
    ease = np.nan_to_num(_ease(m))
    k = m.sum(axis=1)
    total = operand(m) @ ease
    with np.errstate(divide="ignore", invalid="ignore"):
        values = k / total
    values[np.isinf(values)] = 0.0
    return pd.Series(values, index=mat.index, name="modular_complexity")


__all__ = [
    "coi",
    "cog",
    "ease_recombination",
    "expy",
    "inv_norm_ubiquity",
    "modular_complexity",
    "morc",
    "mort",
    "norm_ubiquity",
    "prody",
    "relatedness_density_ext",
    "relatedness_density_ext_avg",
    "relatedness_density_int",
    "relatedness_density_int_avg",
    "z_score",
]
