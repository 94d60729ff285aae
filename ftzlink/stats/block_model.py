"""Positions in linkage networks: CONCOR block models and core–periphery structure.

Both take a zone × zone (or industry × industry) linkage matrix — an index from
:mod:`ftzlink.indices`, a 0/1 network, a directional complementarity matrix — with the
diagonal ignored (块模型 / 核心—边缘结构 of the Chinese spatial-network literature).

CONCOR (Breiger, Boorman & Arabie 1975; Wasserman & Faust 1994, ch. 9). Each actor's
profile is its column of the stacked matrix [S; Sᵀ] (ties received and sent; several relations
are stacked one under the other). The initial matrix R₁ holds the Pearson correlations of the
profiles of i and j over the other actors k ≠ i, j (the diagonal cells missing); then
R_{t+1} = corr(columns of R_t) until every entry is ±1. The sign pattern splits the actors into
two blocks (those correlated +1 with the first actor, and the rest); each block is split again
by CONCOR on its part of R₁, ``depth`` times. Actors with a constant profile (no ties) have no
correlations and form a block of their own, listed last.

Core–periphery (Borgatti & Everett 2000), on the symmetrised matrix a_ij = (s_ij + s_ji)/2:

- continuous: coreness c_i ≥ 0 such that a_ij ≈ c_i c_j (i ≠ j), fitted by least squares
  with the minimum-residual iteration c_i ← Σ_{j≠i} a_ij c_j / Σ_{j≠i} c_j² (Boyd, Fitzgerald &
  Beck 2006), scaled to Σ c_i² = 1; fit = corr(a_ij, c_i c_j) over i < j;
- discrete: a core C maximising the correlation between a_ij and the ideal pattern δ_ij = 1
  for i, j ∈ C (core–core), 0 for i, j ∉ C (periphery–periphery), the core–periphery cells
  left out (Borgatti & Everett's model with those blocks "missing"). Every partition is
  evaluated for n ≤ ``EXACT_MAX`` actors; above, a deterministic search starts from the best
  prefix of the actors ranked by continuous coreness and moves single actors while the fit
  improves (a local optimum, as the genetic algorithm of the original is a heuristic too).

References: Breiger, R. L., Boorman, S. A. & Arabie, P. (1975). An algorithm for clustering
relational data with applications to social network analysis and comparison with
multidimensional scaling. *Journal of Mathematical Psychology* 12(3), 328–383. Wasserman, S.
& Faust, K. (1994). *Social Network Analysis*, Cambridge University Press, ch. 9. Borgatti,
S. P. & Everett, M. G. (2000). Models of core/periphery structures. *Social Networks* 21(4),
375–395, doi:10.1016/S0378-8733(99)00019-2 (the issue carries the date 1999; published October
2000). Boyd, J. P., Fitzgerald, W. J. & Beck, R. J. (2006). Computing core/periphery
structures and permutation tests for social relations data. *Social Networks* 28(2), 165–178.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import product

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice, check_integer, check_number
from ftzlink.errors import FtzlinkError
from ftzlink.pairs import align_pairs, check_pairs
from ftzlink.vocabulary import CORE_PERIPHERY_MODELS

EXACT_MAX = 14          # discrete core–periphery: every partition up to this many actors
MAX_ITER = 1000


def _masked_corr(values: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Pearson correlations of the columns of ``values``, pairwise over the rows valid for both.

    NaN where a column has no variance over the shared rows (or fewer than 2 shared rows).
    """
    x = np.where(valid, values, 0.0)
    v = valid.astype(float)
    count = v.T @ v
    sx = x.T @ v                        # sx[i, j]: sum of column i over rows valid for i and j
    sxx = (x * x).T @ v
    sxy = x.T @ x
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = sxy - sx * sx.T / count
        var_i = sxx - sx**2 / count
        r = cov / np.sqrt(var_i * var_i.T)
    r[(count < 2) | ~(var_i > 1e-12 * np.maximum(1.0, sxx)) | ~(var_i.T > 1e-12 * np.maximum(1.0, sxx.T))] = np.nan
    return np.clip(r, -1.0, 1.0)


def _concor_split(r1: np.ndarray, max_iter: int, tol: float) -> np.ndarray:
    """CONCOR on an initial correlation matrix: a boolean mask of the block of actor 0."""
    r = r1.copy()
    np.fill_diagonal(r, 1.0)
    for _ in range(max_iter):
        finite = np.isfinite(r)
        if (np.abs(r[finite]) >= 1 - tol).all():
            break
        r = _masked_corr(np.nan_to_num(r), finite)
    return ~(r[0] < 0)


def concor(pairs: pd.DataFrame | Mapping[str, pd.DataFrame], depth: int = 1, *, max_iter: int = 100,
           tol: float = 1e-9) -> pd.Series:
    """CONCOR block model: actors split by iterated correlations of their tie profiles.

    Correlations of the actors' profiles (ties sent and received, the diagonal left out) are
    correlated again and again until every entry is ±1 (CONvergence of iterated CORrelations);
    the +1 / −1 pattern splits the actors into two blocks, and each block is split again,
    ``depth`` times (module docstring). Range: at most 2^depth blocks (plus one of isolates).

    Zeros: zero ties are data (no tie); an actor without any tie (constant profile) has no
    correlation with anyone and goes to a separate last block; the diagonal is ignored.

    Parameters
    ----------
    pairs : pandas.DataFrame or mapping of name → DataFrame
        One square actor × actor linkage matrix (rows send, columns receive; symmetric or not),
        or several over the same actors (multiple relations, stacked).
    depth : int, default 1
        Number of successive splits (1 → 2 blocks, 2 → up to 4, …).
    max_iter : int, default 100
        Iterations of the correlation per split.
    tol : float, default 1e-9
        Convergence: every |r| ≥ 1 − tol.

    Returns
    -------
    pandas.Series
        Block number (1, 2, …) per actor, named ``block``, indexed in the matrix's order;
        blocks are numbered along the splits, the block of the first actor first. Feed it to
        :func:`ftzlink.pairs.block_means` for the density (image) matrix.

    Raises
    ------
    FtzlinkError
        For a non-square or invalid matrix (:func:`ftzlink.pairs.check_pairs`: labels, missing,
        infinite values), several matrices over different actors, fewer than 3 actors, a bad
        ``depth``, ``max_iter`` or ``tol``.

    References
    ----------
    Breiger, Boorman & Arabie (1975), *Journal of Mathematical Psychology* 12(3), 328–383;
    Wasserman & Faust (1994), *Social Network Analysis*, ch. 9 (CONCOR).

    Examples
    --------
    Two groups {a, b} and {c, d}, each actor tied to the other group only: a and b have the
    same profile, so do c and d, and the two profiles are opposite.

    >>> s = pd.DataFrame([[0, 0, 1, 1], [0, 0, 1, 1], [1, 1, 0, 0], [1, 1, 0, 0]],
    ...                  index=list("abcd"), columns=list("abcd"))
    >>> concor(s).to_dict()
    {'a': 1, 'b': 1, 'c': 2, 'd': 2}
    """
    depth = check_integer(depth, "depth", 1, 10)
    max_iter = check_integer(max_iter, "max_iter", 1)
    tol = check_number(tol, "tol", 0, 1, open_low=True, open_high=True)
    if isinstance(pairs, Mapping):
        if not pairs:
            raise FtzlinkError("pairs: the mapping of relations is empty")
        labels, arrays = align_pairs(pairs, min_size=3)
        mats = list(arrays.values())
    else:
        checked = check_pairs(pairs, "pairs", min_size=3, finite=True)
        labels, mats = checked.index, [checked.to_numpy(copy=True)]
    n = len(labels)
    stacked = np.vstack([part for m in mats for part in (m, m.T)])
    valid = ~np.vstack([np.eye(n, dtype=bool)] * (2 * len(mats)))
    values = np.where(valid, stacked, 0.0)
    mean = values.sum(axis=0) / valid.sum(axis=0)
    isolate = ~(np.abs(np.where(valid, values - mean, 0.0)).max(axis=0) > 0)
    r1 = _masked_corr(values, valid)
    blocks = [np.flatnonzero(~isolate)]
    for _ in range(depth):
        nxt = []
        for members in blocks:
            if len(members) < 2:
                nxt.append(members)
                continue
            first = _concor_split(r1[np.ix_(members, members)], max_iter, tol)
            nxt += [part for part in (members[first], members[~first]) if len(part)]
        blocks = nxt
    if isolate.any():
        blocks.append(np.flatnonzero(isolate))
    out = np.empty(n, dtype=int)
    for number, members in enumerate(blocks, start=1):
        out[members] = number
    return pd.Series(out, index=labels.copy(), name="block")


def _symmetrised(pairs: pd.DataFrame) -> tuple[pd.Index, np.ndarray]:
    checked = check_pairs(pairs, "pairs", min_size=4, finite=True)
    a = checked.to_numpy(copy=True)
    a = (a + a.T) / 2
    np.fill_diagonal(a, 0.0)
    if not (a != 0).any():
        raise FtzlinkError("pairs: no ties off the diagonal; there is no core–periphery structure to fit")
    return checked.index, a


def _continuous(a: np.ndarray) -> np.ndarray:
    """Minimum-residual coreness: least squares a_ij ≈ c_i c_j over i ≠ j, Σ c² = 1."""
    c = np.abs(a).sum(axis=1)
    c = c / np.linalg.norm(c)
    for _ in range(MAX_ITER):
        new = (a @ c) / np.maximum((c**2).sum() - c**2, 1e-300)
        new = new / np.linalg.norm(new)
        if np.abs(new - c).max() < 1e-12:
            c = new
            break
        c = new
    return c if c.sum() >= 0 else -c


def _discrete_fits(core: np.ndarray, a_upper: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Correlation of a_ij (i < j) with the core–core / periphery–periphery ideal, per partition."""
    ci, cj = core[:, i], core[:, j]
    cc, pp = ci & cj, ~ci & ~cj
    used = cc | pp
    count = used.sum(axis=1)
    s_a = (a_upper * used).sum(axis=1)
    s_aa = (a_upper**2 * used).sum(axis=1)
    s_d = cc.sum(axis=1)
    s_ad = (a_upper * cc).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (count * s_ad - s_a * s_d) / np.sqrt((count * s_aa - s_a**2) * (count * s_d - s_d**2))
    return np.where(np.isfinite(r), r, -np.inf)


def core_periphery(pairs: pd.DataFrame, model: str = "continuous") -> pd.DataFrame:
    """Core–periphery structure of a linkage network (Borgatti & Everett 2000).

    ``"continuous"``: coreness c_i with a_ij ≈ c_i c_j (least squares, Σ c² = 1); ``"discrete"``:
    the core that maximises the correlation of the ties with the ideal core–core = 1,
    periphery–periphery = 0 pattern (module docstring). Range: coreness in [0, 1] (for
    non-negative ties); ``fit`` is a correlation in [−1, 1], 1 for an ideal structure.

    Zeros: zero ties are data; the diagonal is ignored; a matrix with no tie at all raises.

    Parameters
    ----------
    pairs : pandas.DataFrame
        Square actor × actor linkage matrix (e.g. ``overlap(mat)`` or a 0/1 network); a
        directional matrix is symmetrised as (s_ij + s_ji)/2.
    model : {"continuous", "discrete"}, default "continuous"
        Borgatti & Everett's continuous or discrete model.

    Returns
    -------
    pandas.DataFrame
        Indexed by actor: ``coreness`` (c_i for the continuous model; 1 in the core, 0 in the
        periphery for the discrete one), ``core`` (bool: in the discrete core, or for the
        continuous model c_i above the coreness that best splits it, i.e. the discrete model
        restricted to the ranking by c) and ``fit`` (the model's correlation, the same in every
        row).

    Raises
    ------
    FtzlinkError
        For an invalid matrix (see :func:`ftzlink.pairs.check_pairs`), fewer than 4 actors, no
        ties, an unknown ``model``, or a network where no partition has both a core–core and a
        periphery–periphery cell varying (e.g. all ties equal).

    References
    ----------
    Borgatti, S. P. & Everett, M. G. (2000), Models of core/periphery structures, *Social
    Networks* 21(4), 375–395; Boyd, Fitzgerald & Beck (2006), *Social Networks* 28(2), 165–178.

    Examples
    --------
    An ideal structure: a, b, c all tied; d, e, f each tied to one core actor only. The core
    {a, b, c} has core–core cells all 1 and periphery–periphery cells all 0, a fit of 1.

    >>> s = pd.DataFrame(0.0, index=list("abcdef"), columns=list("abcdef"))
    >>> for u, v in [("a", "b"), ("a", "c"), ("b", "c"), ("a", "d"), ("b", "e"), ("c", "f")]:
    ...     s.loc[u, v] = s.loc[v, u] = 1.0
    >>> out = core_periphery(s, "discrete")
    >>> out.index[out["core"]].tolist(), float(out["fit"].iloc[0])
    (['a', 'b', 'c'], 1.0)
    >>> cont = core_periphery(s)
    >>> bool(cont.loc[["a", "b", "c"], "coreness"].min() > cont.loc[["d", "e", "f"], "coreness"].max())
    True
    """
    check_choice(model, CORE_PERIPHERY_MODELS, "model")
    labels, a = _symmetrised(pairs)
    n = len(labels)
    i, j = np.triu_indices(n, k=1)
    a_upper = a[i, j]
    coreness = _continuous(a)
    order = np.argsort(-coreness, kind="stable")
    prefixes = np.zeros((n - 1, n), dtype=bool)
    for k in range(1, n):
        prefixes[k - 1, order[:k]] = True
    if model == "continuous":
        fit = float(np.corrcoef(a_upper, (coreness[:, None] * coreness[None, :])[i, j])[0, 1]) \
            if np.ptp(coreness[i] * coreness[j]) > 0 else np.nan
        best = prefixes[int(np.argmax(_discrete_fits(prefixes, a_upper, i, j)))]
        return pd.DataFrame({"coreness": coreness, "core": best, "fit": fit}, index=labels.copy())
    if n <= EXACT_MAX:
        candidates = np.array(list(product((False, True), repeat=n)), dtype=bool)[1:-1]
    else:
        candidates = prefixes
    fits = _discrete_fits(candidates, a_upper, i, j)
    best, best_fit = candidates[int(np.argmax(fits))].copy(), float(fits.max())
    if n > EXACT_MAX:
        while True:
            moves = np.repeat(best[None], n, axis=0)
            moves[np.arange(n), np.arange(n)] ^= True
            move_fits = _discrete_fits(moves, a_upper, i, j)
            if move_fits.max() <= best_fit + 1e-12:
                break
            best, best_fit = moves[int(np.argmax(move_fits))], float(move_fits.max())
    if not np.isfinite(best_fit):
        raise FtzlinkError("pairs: no partition gives a defined correlation with the ideal core–periphery "
                           "pattern (are all ties equal?)")
    return pd.DataFrame({"coreness": best.astype(float), "core": best, "fit": best_fit}, index=labels.copy())
