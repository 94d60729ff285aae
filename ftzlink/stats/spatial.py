"""Global Moran's I of zone attributes with distance-based spatial weights.

For attribute values y over n zones, z = y − ȳ and a spatial weight matrix W (w_ii = 0),

    I = (n / S_0) · Σ_i Σ_j w_ij z_i z_j / Σ_i z_i²,    S_0 = Σ_i Σ_j w_ij,

with E[I] = −1/(n − 1) under no autocorrelation. I and its analytical inference (normality and
randomisation) come from PySAL esda, with the weights kept sparse (a libpysal ``W`` built from
a CSR matrix); the permutation null I_π = (n / S_0) · z_πᵀ W z_π / Σ z² is computed here on
esda's transformed sparse weights, with a seeded NumPy Generator (esda draws from NumPy's
global state) and vectorised over permutations and attributes.

References: Moran, P. A. P. (1950). Notes on continuous stochastic phenomena. *Biometrika*
37(1/2), 17–23. Cliff, A. D. & Ord, J. K. (1981). *Spatial Processes*. Rey, S. J. & Anselin, L.
(2007). PySAL: a Python library of spatial analytical methods. *Review of Regional Studies*
37(1), 5–27.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import sparse

from ftzlink.checks import check_choice, check_integer, check_number, check_same_labels, preview
from ftzlink.errors import FtzlinkError
from ftzlink.pairs import check_pairs
from ftzlink.resampling import (
    permutation_batches,
    permutation_count,
    shared_seed,
    tail_pvalues,
)
from ftzlink.stats.result import InferenceResult
from ftzlink.vocabulary import ALTERNATIVES, SPATIAL_WEIGHT_METHODS, WEIGHT_TRANSFORMATIONS

if TYPE_CHECKING:
    from libpysal.weights import W


def _no_islands(weights: np.ndarray, labels: pd.Index) -> None:
    islands = labels[(weights > 0).sum(axis=1) == 0]
    if len(islands):
        raise FtzlinkError(f"weights: zone(s) without any neighbour: {preview(islands)}; widen the threshold, "
                           f"raise k or drop the zone")


def distance_weights(distance: pd.DataFrame, method: str = "inverse", *, alpha: float = 1.0,
                     threshold: float | None = None, k: int | None = None) -> pd.DataFrame:
    """Zone × zone spatial weights from a distance matrix (diagonal 0, not standardised).

    - ``"inverse"``: w_ij = d_ij^(−alpha), optionally only for d_ij ≤ ``threshold``;
    - ``"band"``: w_ij = 1 if d_ij ≤ ``threshold`` (required), else 0;
    - ``"knn"``: w_ij = 1 for the ``k`` nearest zones j of i (ties: the zone listed first wins);
      not symmetric in general.

    Raises FtzlinkError for a zero off-diagonal distance with ``"inverse"`` and for zones left
    without neighbours (islands), naming them.

    Example
    -------
    >>> d = pd.DataFrame([[0, 1, 2], [1, 0, 4], [2, 4, 0]], index=list("abc"), columns=list("abc"))
    >>> distance_weights(d).loc["a"].tolist()
    [0.0, 1.0, 0.5]
    """
    check_choice(method, SPATIAL_WEIGHT_METHODS, "method")
    alpha = check_number(alpha, "alpha", 0, open_low=True)
    threshold = None if threshold is None else check_number(threshold, "threshold", 0, open_low=True)
    k = None if k is None else check_integer(k, "k", minimum=1)
    dist = check_pairs(distance, "distance", nonnegative=True, finite=True)
    labels, d = dist.index, dist.to_numpy(copy=True)
    n = len(labels)
    off = ~np.eye(n, dtype=bool)
    if method == "band" and threshold is None:
        raise FtzlinkError("threshold: required for method='band' (distance in the units of `distance`)")
    within = off if threshold is None else off & (d <= threshold)
    if method == "knn":
        if k is None or not 1 <= k < n:
            raise FtzlinkError(f"k: method='knn' needs 1 ≤ k < {n} (number of zones), got {k!r}")
        np.fill_diagonal(d, np.inf)
        nearest = np.argsort(d, axis=1, kind="stable")[:, :k]
        w = np.zeros((n, n))
        np.put_along_axis(w, nearest, 1.0, axis=1)
    elif method == "band":
        w = within.astype(float)
    else:
        if (within & (d == 0)).any():
            r, c = np.argwhere(within & (d == 0))[0]
            raise FtzlinkError(f"distance: zero distance between {labels[r]!r} and {labels[c]!r}; inverse-distance "
                               f"weights need distinct points")
        w = np.where(within, np.where(within, d, 1.0) ** -alpha, 0.0)
    _no_islands(w, labels)
    return pd.DataFrame(w, index=labels, columns=labels)


def _weight_frame(weights) -> pd.DataFrame:
    from libpysal.weights import W

    if isinstance(weights, W):
        full, ids = weights.full()
        return pd.DataFrame(full, index=ids, columns=ids)
    return check_pairs(weights, "weights", nonnegative=True, finite=True)


def _sparse_weights(weights) -> tuple[pd.Index, sparse.csr_matrix]:
    """Zone labels and the weights as given (a W's current weights), as CSR without the diagonal."""
    from libpysal.weights import W

    if isinstance(weights, W):
        labels, w = pd.Index(weights.id_order), weights.sparse.tocoo()
    else:
        frame = check_pairs(weights, "weights", nonnegative=True, finite=True)
        labels, w = frame.index, sparse.coo_matrix(frame.to_numpy())
    keep = (w.row != w.col) & (w.data != 0)
    w = sparse.csr_matrix((w.data[keep].astype(float), (w.row[keep], w.col[keep])), shape=w.shape)
    islands = labels[np.bincount(w.nonzero()[0][w.data > 0], minlength=len(labels)) == 0]
    if len(islands):
        raise FtzlinkError(f"weights: zone(s) without any neighbour: {preview(islands)}; widen the threshold, "
                           f"raise k or drop the zone")
    return labels, w


def _moran_null(z: np.ndarray, w: sparse.csr_matrix, s0: float, n_permutations, seed) -> np.ndarray:
    """I of every attribute (columns of the centred values ``z``, n × a) under node permutations, (p, a)."""
    n, a = z.shape
    z2ss = (z * z).sum(axis=0)
    nulls = []
    for perm in permutation_batches(n, n_permutations, seed, n * a):
        zp = z[perm.T].reshape(n, -1)                          # (n, p·a): attribute j of permutation b at b·a + j
        inum = (zp * (w @ zp)).sum(axis=0).reshape(len(perm), a)
        nulls.append(n / s0 * inum / z2ss)
    return np.concatenate(nulls)


def morans_i(values: pd.Series | pd.DataFrame, weights: pd.DataFrame | W, n_permutations: int | str = 999,
             seed=None, *, transformation: str = "r", alternative: str = "two-sided") -> InferenceResult:
    """Global Moran's I of one or several zone attributes, with analytical and permutation p-values.

    Parameters
    ----------
    values : Series or DataFrame
        One attribute (Series) or several (columns) per zone.
    weights : DataFrame or libpysal W
        Zone × zone spatial weights over the same zones, e.g. :func:`distance_weights`; the
        diagonal is ignored. A ``W`` (e.g. ``libpysal.weights.KNN``) is used with its current
        weights and stays sparse; it is not modified.
    n_permutations : int or "all"
        Random permutations of the values over the zones (``numpy.random.default_rng(seed)``,
        the same permutations for every attribute), or ``"all"`` for n ≤ 8 zones.
    seed : int, Generator or None
        Same seed → identical result.
    transformation : "r", "b" or "o"
        Row-standardised (default), binary, or the weights as given (PySAL's codes).

    Returns
    -------
    InferenceResult
        ``table`` indexed by attribute: ``estimate`` (I), ``expected`` (E[I] = −1/(n − 1)),
        ``z_norm``, ``p_norm``, ``z_rand``, ``p_rand`` (two-sided, from esda), the permutation
        ``p_value`` for ``alternative`` (``"two-sided"``: |I_π − E[I]| ≥ |I − E[I]|;
        ``"greater"``: clustering; ``"less"``: dispersion), ``p_greater``, ``p_less``,
        ``alternative``, ``n_permutations``; ``model`` a dict attribute → ``esda.Moran``; ``null`` the permuted I.

    Reference: Moran (1950), *Biometrika* 37, 17–23; esda ``Moran``.

    Example
    -------
    Four zones on a line a–b–c–d, contiguity weights, row-standardised; y = (1, 2, 3, 4):
    z = (−1.5, −0.5, 0.5, 1.5), Σ w_ij z_i z_j = 0.75 + 0.25 + 0.25 + 0.75 = 2, S_0 = 4,
    Σ z² = 5, so I = (4/4) · 2/5 = 0.4 (E[I] = −1/3).

    >>> w = pd.DataFrame(np.eye(4, k=1) + np.eye(4, k=-1), index=list("abcd"), columns=list("abcd"))
    >>> res = morans_i(pd.Series([1.0, 2.0, 3.0, 4.0], index=list("abcd")), w, 99, seed=0)
    >>> round(float(res.table.loc["y", "estimate"]), 12)
    0.4
    """
    check_choice(transformation, WEIGHT_TRANSFORMATIONS, "transformation")
    check_choice(alternative, ALTERNATIVES, "alternative")
    frame = values.to_frame(values.name if values.name is not None else "y") if isinstance(values, pd.Series) \
        else values
    if not isinstance(frame, pd.DataFrame):
        raise FtzlinkError(f"values: expected a Series or DataFrame labelled by zone, got {type(values).__name__}")
    labels, w = _sparse_weights(weights)
    check_same_labels(frame, pd.DataFrame(index=labels), "index", ("values", "weights"))
    n = len(labels)
    if n < 4:
        raise FtzlinkError(f"values: Moran's I needs at least 4 zones for its variance, got {n}")
    _, exact = permutation_count(n, n_permutations)
    y_all = frame.reindex(labels)
    ys = {}
    for name in frame.columns:
        y = pd.to_numeric(y_all[name], errors="coerce").to_numpy(dtype=float)
        if not np.isfinite(y).all():
            raise FtzlinkError(f"values: missing or non-numeric {name!r} for zone(s) "
                               f"{preview(labels[~np.isfinite(y)])}")
        if np.ptp(y) == 0:
            raise FtzlinkError(f"values: {name!r} is the same for every zone; Moran's I is undefined")
        ys[name] = y
    from esda import Moran  # imported here: esda pulls in tqdm.auto, which warns inside notebooks
    from libpysal.weights import WSP

    w_obj = WSP(w, id_order=list(labels)).to_W(silence_warnings=True)
    models = {name: Moran(y, w_obj, transformation=transformation, permutations=0) for name, y in ys.items()}
    z = np.column_stack([y - y.mean() for y in ys.values()])
    null = _moran_null(z, w_obj.sparse, w_obj.s0, n_permutations, shared_seed(seed))
    rows = []
    for j, (name, model) in enumerate(models.items()):
        p = tail_pvalues(np.array([model.I]), null[:, [j]], exact, alternative, centre=model.EI)
        rows.append({"estimate": model.I, "expected": model.EI, "z_norm": model.z_norm, "p_norm": model.p_norm,
                     "z_rand": model.z_rand, "p_rand": model.p_rand, "p_value": p["p_value"][0],
                     "p_greater": p["p_greater"][0], "p_less": p["p_less"][0], "alternative": alternative,
                     "n_permutations": len(null)})
    table = pd.DataFrame(rows, index=pd.Index(frame.columns, name="attribute"))
    return InferenceResult(table=table, model=models, null=null)
