"""Global Moran's I of zone attributes with distance-based spatial weights.

For attribute values y over n zones, z = y − ȳ and a spatial weight matrix W (w_ii = 0),

    I = (n / S_0) · Σ_i Σ_j w_ij z_i z_j / Σ_i z_i²,    S_0 = Σ_i Σ_j w_ij,

with E[I] = −1/(n − 1) under no autocorrelation. Analytical inference (normality and
randomisation) comes from PySAL esda; the permutation p-value is computed here with a seeded
NumPy Generator (esda draws from NumPy's global state) and vectorised over permutations.

References: Moran, P. A. P. (1950). Notes on continuous stochastic phenomena. *Biometrika*
37(1/2), 17–23. Cliff, A. D. & Ord, J. K. (1981). *Spatial Processes*. Rey, S. J. & Anselin, L.
(2007). PySAL: a Python library of spatial analytical methods. *Review of Regional Studies*
37(1), 5–27.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice, check_same_labels, preview
from ftzlink.errors import FtzlinkError
from ftzlink.pairs import check_pairs
from ftzlink.resampling import (
    permutation_batches,
    permutation_count,
    shared_seed,
    tail_pvalues,
)
from ftzlink.stats.result import InferenceResult
from ftzlink.vocabulary import SPATIAL_WEIGHT_METHODS, WEIGHT_TRANSFORMATIONS

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


def morans_i(values: pd.Series | pd.DataFrame, weights: pd.DataFrame | W, n_permutations: int | str = 999,
             seed=None, *, transformation: str = "r", alternative: str = "two-sided") -> InferenceResult:
    """Global Moran's I of one or several zone attributes, with analytical and permutation p-values.

    Parameters
    ----------
    values : Series or DataFrame
        One attribute (Series) or several (columns) per zone.
    weights : DataFrame or libpysal W
        Zone × zone spatial weights over the same zones, e.g. :func:`distance_weights`; the
        diagonal is ignored.
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
    frame = values.to_frame(values.name if values.name is not None else "y") if isinstance(values, pd.Series) \
        else values
    if not isinstance(frame, pd.DataFrame):
        raise FtzlinkError(f"values: expected a Series or DataFrame labelled by zone, got {type(values).__name__}")
    wf = _weight_frame(weights)
    check_same_labels(frame, wf, "index", ("values", "weights"))
    labels = wf.index
    w = wf.to_numpy(copy=True)
    np.fill_diagonal(w, 0.0)
    _no_islands(w, labels)
    n = len(labels)
    if n < 4:
        raise FtzlinkError(f"values: Moran's I needs at least 4 zones for its variance, got {n}")
    _, exact = permutation_count(n, n_permutations)
    w_t = {"r": w / w.sum(axis=1, keepdims=True), "b": (w > 0).astype(float), "o": w}[transformation]
    s0 = w_t.sum()
    y_all = frame.reindex(labels)
    from esda import Moran  # imported here: esda pulls in tqdm.auto, which warns inside notebooks
    from libpysal.weights import full2W

    seed = shared_seed(seed)
    rows, models, nulls = [], {}, []
    for name in frame.columns:
        y = pd.to_numeric(y_all[name], errors="coerce").to_numpy(dtype=float)
        if not np.isfinite(y).all():
            raise FtzlinkError(f"values: missing or non-numeric {name!r} for zone(s) "
                               f"{preview(labels[~np.isfinite(y)])}")
        if np.ptp(y) == 0:
            raise FtzlinkError(f"values: {name!r} is the same for every zone; Moran's I is undefined")
        z = y - y.mean()
        observed = n / s0 * (z @ w_t @ z) / (z @ z)
        null = np.concatenate([
            n / s0 * ((z[perm] @ w_t) * z[perm]).sum(axis=1) / (z @ z)
            for perm in permutation_batches(n, n_permutations, seed, n)
        ])
        p = tail_pvalues(np.array([observed]), null[:, None], exact, alternative, centre=-1.0 / (n - 1))
        model = Moran(y, full2W(w, ids=list(labels), silence_warnings=True),
                           transformation=transformation, permutations=0)
        models[name] = model
        nulls.append(null)
        rows.append({"estimate": model.I, "expected": model.EI, "z_norm": model.z_norm, "p_norm": model.p_norm,
                     "z_rand": model.z_rand, "p_rand": model.p_rand, "p_value": p["p_value"][0],
                     "p_greater": p["p_greater"][0], "p_less": p["p_less"][0], "alternative": alternative,
                     "n_permutations": len(null)})
    table = pd.DataFrame(rows, index=pd.Index(frame.columns, name="attribute"))
    return InferenceResult(table=table, model=models, null=np.column_stack(nulls))
