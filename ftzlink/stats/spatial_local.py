"""Local and global spatial statistics through PySAL esda, with ftzlink's labelled inputs.

Thin wrappers: each function aligns a zone-labelled Series (or DataFrame of attributes) with a
zone × zone weights DataFrame or libpysal ``W`` (as :func:`ftzlink.stats.morans_i`), builds the
libpysal weights and calls esda, which computes every statistic, its moments and (global
statistics) its permutation null. What ftzlink adds is the labelled tidy table (an
:class:`~ftzlink.stats.InferenceResult`), the seed and the tail p-values:

- Seeds: esda draws permutations from NumPy's legacy global generator (the global tests) or
  seeds its own from its ``seed`` argument (the local tests). The wrappers seed it from ``seed``
  (an int in [0, 2³²) is used as is, a Generator or None draws one) and restore the global
  state afterwards, so the same seed gives identical output, identical to esda called after
  ``np.random.seed(seed)`` (global) or with ``seed=seed`` (local).
- Conditional permutations (the local statistics): esda draws them in numba-compiled kernels
  (``esda.crand``) that are compiled anew in every Python process, about a minute before the
  first local statistic of a session. ftzlink calls esda without permutations (the statistics,
  quadrants and moments are esda's) and draws the same conditional null itself with NumPy
  (:func:`conditional_null`): the same permuted neighbours as ``esda.crand`` for the same seed
  and the same floating-point operations, so the null, ``p_sim`` and ``z_sim`` are identical to
  esda's (the tests compare them) at no compile cost.
- p-values: esda's ``p_sim`` is folded (the smaller tail, one-sided towards the observed
  value); it is kept, and from esda's own permutation null (``sim``) ftzlink adds ``p_greater``,
  ``p_less`` and ``p_value`` for ``alternative`` with :func:`ftzlink.resampling.tail_pvalues`,
  the two-sided count centred on the mean of the null (``expected``).

Statistics: :func:`local_moran` (LISA, with HH/LH/LL/HL clusters, also bivariate),
:func:`gearys_c`, :func:`getis_ord_g`, :func:`local_g` (G_i and G*_i hot and cold spots),
:func:`bivariate_moran` and :func:`join_counts`.

References: Anselin, L. (1995). Local indicators of spatial association — LISA. *Geographical
Analysis* 27(2), 93–115. Geary, R. C. (1954). The contiguity ratio and statistical mapping.
*The Incorporated Statistician* 5(3), 115–145. Getis, A. & Ord, J. K. (1992). The analysis of
spatial association by use of distance statistics. *Geographical Analysis* 24(3), 189–206.
Ord, J. K. & Getis, A. (1995). Local spatial autocorrelation statistics. *Geographical
Analysis* 27(4), 286–306. Cliff, A. D. & Ord, J. K. (1981). *Spatial Processes*. Rey, S. J. &
Anselin, L. (2007). PySAL: a Python library of spatial analytical methods. *Review of Regional
Studies* 37(1), 5–27.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice, check_integer, check_number, check_same_labels, check_series, preview
from ftzlink.errors import FtzlinkError
from ftzlink.resampling import rng_from, tail_pvalues
from ftzlink.stats.result import InferenceResult
from ftzlink.stats.spatial import _no_islands, _weight_frame
from ftzlink.vocabulary import ALTERNATIVES, G_SPOTS, LISA_CLUSTERS, WEIGHT_TRANSFORMATIONS

ESDA_CLUSTERS = {"High-High": "HH", "Low-High": "LH", "Low-Low": "LL", "High-Low": "HL", "Insignificant": "ns"}
QUADRANTS = dict(zip((1, 2, 3, 4), LISA_CLUSTERS[:4]))
MAX_SEED = 2**32


def esda_seed(seed) -> int:
    """The integer seed handed to esda: an int in [0, 2³²) as is, else one drawn from ``seed``.

    >>> esda_seed(7), esda_seed(np.random.default_rng(0)) == esda_seed(np.random.default_rng(0))
    (7, True)
    """
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, (bool, np.bool_)):
        rng_from(seed)
        if seed >= MAX_SEED:
            raise FtzlinkError(f"seed: esda takes an integer seed below 2**32, got {seed!r}")
        return int(seed)
    return int(rng_from(seed).integers(MAX_SEED))


@contextmanager
def seeded_global_state(seed: int):
    """Seed NumPy's legacy global generator (which esda uses) and restore its state afterwards."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        with warnings.catch_warnings():
            # esda's conditional randomisation announces a future change of its default tail;
            # ftzlink reports its own tails from the kept permutations.
            warnings.filterwarnings("ignore", message="The alternative hypothesis for conditional randomization",
                                    category=DeprecationWarning)
            # esda's own pandas calls (e.g. ``inplace=`` in Join_Counts) warn under pandas 3.
            warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"esda(\.|$)")
            yield
    finally:
        np.random.set_state(state)


def permuted_ids(max_card: int, n: int, permutations: int, seed: int) -> np.ndarray:
    """The permuted neighbour positions of esda's conditional randomisation (``crand``).

    esda's ``vec_permutations`` seeds numba's Mersenne Twister with ``seed`` and, for each
    permutation, takes the first ``max_card`` entries of a random permutation of range(n − 1)
    (the zones other than i). numba's generator is seeded and shuffles exactly as NumPy's legacy
    ``RandomState`` (Fisher–Yates with the same bounded draws), so this gives the same array.

    >>> permuted_ids(2, 5, 3, 0).shape
    (3, 2)
    """
    rs = np.random.RandomState(seed)
    ids = np.empty((permutations, max_card), dtype=np.int64)
    for k in range(permutations):
        ids[k] = rs.permutation(n - 1)[:max_card]
    return ids


#: Local statistics under conditional randomisation, as esda's numba kernels compute them from
#: the permuted lag (``lag``: Σ_j w_ij z_π(j) + w_ii z_i), the zone's own value(s) and the
#: scaling. The operations are in the order esda's compiled kernels (``fastmath``) perform them,
#: so the results are bit-identical: the constant factor is multiplied first, and a division by a
#: constant becomes a multiplication by its reciprocal.
CRAND_STATISTICS = {
    "moran": lambda lag, zi, scaling: lag * (zi * scaling),
    "g": lambda lag, yi, total: lag * (1.0 / (total - yi)),
    "g_star": lambda lag, yi, total: lag * (1.0 / total),
}


def conditional_null(z: np.ndarray, w, permutations: int, seed: int, statistic: str, *, scaling: float | None = None,
                     lag_of: np.ndarray | None = None) -> np.ndarray:
    """The conditional-permutation null of a local statistic (zones × permutations), as esda's ``crand``.

    ``z`` holds each zone's own value (z_i of Moran's I_i, y_i of G_i) and ``lag_of`` the values
    that are permuted over the other zones (default ``z``; the covariate of the bivariate
    LISA). ``w`` is the libpysal W the esda object holds (transformed); as in esda, its sparse
    matrix loses its diagonal (kept as the zone's self-weight). ``scaling`` defaults to esda's
    (n − 1) / Σ z². The neighbour sums are the same BLAS call (``dgemv`` of the permuted values
    by the zone's weights, in esda's neighbour order) as esda's compiled kernel makes.

    >>> from libpysal.weights import lat2W
    >>> conditional_null(np.array([-1.5, -0.5, 0.5, 1.5]), lat2W(4, 1), 5, 0, "moran").shape
    (4, 5)
    """
    from scipy.linalg.blas import dgemv

    z = np.asarray(z, dtype=float)
    lag_of = z if lag_of is None else np.asarray(lag_of, dtype=float)
    n = len(z)
    if scaling is None:
        scaling = (n - 1) / (z * z).sum()
    adj = w.sparse
    self_weights = adj.diagonal()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")            # esda changes the diagonal in place too
        adj.setdiag(0)
        adj.eliminate_zeros()
    other_weights = adj.data.astype(float)
    cardinalities = np.asarray((adj != 0).sum(1)).ravel()
    ids = permuted_ids(int(cardinalities.max()), n, permutations, seed)
    stat = CRAND_STATISTICS[statistic]
    null = np.empty((n, permutations))
    start = 0
    for i, card in enumerate(cardinalities):
        weights_i = other_weights[start:start + card]
        start += card
        others = np.delete(lag_of, i)[ids[:, :card]]               # permutations × card, C order
        lag = dgemv(1.0, others.T, weights_i, trans=1)           # others @ weights_i, as numba calls it
        if self_weights[i]:
            lag = lag + self_weights[i] * lag_of[i]
        null[i] = stat(lag, z[i], scaling)
    return null


def _fill_simulations(model, observed: np.ndarray, null: np.ndarray, permutations: int, prefix: str) -> None:
    """Set esda's permutation attributes (``sim``, ``E{prefix}_sim``, ``se…``, ``V…``, ``z_sim``,
    ``p_z_sim``) on a model built with ``permutations=0``, computed as esda computes them."""
    from scipy import stats

    sim = null.T
    mean, se = sim.mean(axis=0), sim.std(axis=0)
    model.permutations, model.sim = permutations, sim
    setattr(model, f"E{prefix}_sim", mean)
    setattr(model, f"se{prefix}_sim", se)
    setattr(model, f"V{prefix}_sim", se * se)
    with np.errstate(divide="ignore"):
        model.z_sim = (observed - mean) / se
    model.p_z_sim = stats.norm.sf(np.abs(model.z_sim))


def _directed_p(observed: np.ndarray, null: np.ndarray, permutations: int) -> np.ndarray:
    """esda's folded pseudo p-value: (min(#null ≥ observed, #null < observed) + 1) / (p + 1)."""
    larger = (null >= observed[:, None]).sum(axis=1)
    low_extreme = (permutations - larger) < larger
    larger[low_extreme] = permutations - larger[low_extreme]
    return (larger + 1.0) / (permutations + 1.0)


def _moran_local(y: np.ndarray, x: np.ndarray | None, w, transformation: str, permutations: int, seed: int):
    """esda ``Moran_Local`` (or ``Moran_Local_BV`` with ``x``) with its conditional null drawn by
    :func:`conditional_null`: the same attributes and numbers as esda with ``seed``."""
    import esda

    if x is None:
        model = esda.Moran_Local(y, w, transformation=transformation, permutations=0)
        null = conditional_null(model.z, model.w, permutations, seed, "moran")
    else:
        model = esda.Moran_Local_BV(y, x, w, transformation=transformation, permutations=0)
        null = conditional_null(model.zx, model.w, permutations, seed, "moran",
                                scaling=(model.n - 1) / (model.zx * model.zx).sum(), lag_of=model.zy)
    model.rlisas = null
    model.p_sim = _directed_p(model.Is, null, permutations)
    _fill_simulations(model, model.Is, null, permutations, "I")
    return model


def _g_local(y: np.ndarray, w, transformation: str, permutations: int, star: bool, seed: int):
    """esda ``G_Local`` with its conditional null drawn by :func:`conditional_null` (as esda with ``seed``)."""
    import esda

    model = esda.G_Local(y, w, transform=transformation.upper(), permutations=0, star=star, n_jobs=1)
    null = conditional_null(y, model.w, permutations, seed, "g_star" if star else "g", scaling=y.sum())
    model.rGs = null
    model.p_sim = _directed_p(model.Gs, null, permutations).astype(np.float32)   # esda's crand: float32
    _fill_simulations(model, model.Gs, null, permutations, "G")
    return model


def _prepared(values, weights, *, name: str = "values", series: bool = False, min_zones: int = 4,
              scale: bool = True) -> tuple[pd.DataFrame, pd.Index, np.ndarray]:
    """Attributes aligned to the weights' zones, the zones, and the weights with a zero diagonal.

    With ``scale``, each attribute is divided by the power of two just above its largest absolute
    value: the statistics of this module other than join counts (0/1 values, ``scale=False``)
    are the same for any scale of the attribute, and esda's sums of squares then neither
    overflow (values near 1e308) nor underflow (near 1e-308). A power of two changes no digit,
    so the results are those of esda on the unscaled values; the esda models hold the scaled
    values.
    """
    if isinstance(values, pd.Series):
        frame = values.to_frame(values.name if values.name is not None else "y")
    elif isinstance(values, pd.DataFrame) and not series:
        frame = values
    else:
        want = "a Series" if series else "a Series or DataFrame"
        raise FtzlinkError(f"{name}: expected {want} labelled by zone, got {type(values).__name__}")
    wf = _weight_frame(weights)
    check_same_labels(frame, wf, "index", (name, "weights"))
    labels = wf.index
    w = wf.to_numpy(copy=True)
    np.fill_diagonal(w, 0.0)
    _no_islands(w, labels)
    if len(labels) < min_zones:
        raise FtzlinkError(f"{name}: needs at least {min_zones} zones, got {len(labels)}")
    frame = frame.reindex(labels)
    scaled = {}
    for column in frame.columns:
        y = check_series(frame[column], f"{name} {column!r}").to_numpy()
        if np.ptp(y) == 0:
            raise FtzlinkError(f"{name}: {column!r} is the same for every zone; the statistic is undefined")
        scaled[column] = np.ldexp(y, -np.frexp(np.abs(y).max())[1]) if scale else y
    return pd.DataFrame(scaled, index=labels, columns=frame.columns), labels, w


def _w(w: np.ndarray, labels: pd.Index):
    """A fresh libpysal W (esda changes the transformation of the W it is given)."""
    from libpysal.weights import full2W

    return full2W(w, ids=list(labels), silence_warnings=True)


def _tails(observed, null: np.ndarray, alternative: str, centre) -> dict[str, np.ndarray]:
    return tail_pvalues(np.atleast_1d(np.asarray(observed, dtype=float)), null.reshape(len(null), -1),
                        False, alternative, centre=np.atleast_1d(centre))


def _common(n_permutations, alternative: str, seed) -> tuple[int, int]:
    check_choice(alternative, ALTERNATIVES, "alternative")
    return check_integer(n_permutations, "n_permutations", 1), esda_seed(seed)


def local_moran(values: pd.Series, weights, n_permutations: int = 999, seed=None, *,
                covariate: pd.Series | None = None, alpha: float = 0.05, transformation: str = "r",
                alternative: str = "two-sided") -> InferenceResult:
    """Local Moran's I (LISA) per zone with HH / LH / LL / HL clusters, via esda ``Moran_Local``.

    With z = (y − ȳ)/s (s the population standard deviation) and weights w_ij,

        I_i = z_i · Σ_j w_ij z_j · (n − 1) / Σ_k z_k²,

    positive for a zone like its neighbours (HH: high among high, LL: low among low), negative
    for an outlier (HL, LH). With a ``covariate`` x the bivariate LISA (esda ``Moran_Local_BV``)
    is I_i = z_i · Σ_j w_ij x̃_j · (n − 1) / Σ_k z_k², with x̃ the standardised covariate: the
    zone's value against its neighbours' covariate. Inference is by conditional permutation
    (the other zones' values shuffled around zone i). Range: unbounded; Σ_i I_i / n is the
    global Moran's I for row-standardised weights.

    Zeros: a zone at the mean (z_i = 0) has I_i = 0 and, following esda, counts as "low" in
    its quadrant; a zone without neighbours is refused (islands).

    Parameters
    ----------
    values : Series
        One attribute per zone.
    weights : DataFrame or libpysal W
        Zone × zone weights over the same zones (diagonal ignored), e.g. :func:`distance_weights`.
    n_permutations : int
        Conditional permutations per zone (esda ``permutations``).
    seed : int, Generator or None
        Same seed → identical result; an int gives esda's null for its ``seed``.
    covariate : Series, optional
        A second attribute over the same zones for the bivariate LISA.
    alpha : float
        Significance level of the clusters, in (0, 1).
    transformation : "r", "b" or "o"
        Row-standardised (default), binary, or the weights as given.
    alternative : "two-sided", "greater" or "less"
        Tail of ``p_value``.

    Returns
    -------
    InferenceResult
        ``table`` indexed by zone: ``estimate`` (I_i), ``expected`` (mean of the zone's
        permutation null), ``z_sim``, ``p_sim`` (esda's folded pseudo p-value), ``p_value``,
        ``p_greater``, ``p_less``, ``alternative``, ``n_permutations``, ``quadrant`` (HH, LH,
        LL, HL: value × spatial lag) and ``cluster`` (the quadrant where ``p_sim < alpha``,
        else ``ns``: esda's ``get_cluster_labels`` rule, as in GeoDa's LISA cluster map);
        ``model`` the esda object; ``null`` the permuted I_i (permutations × zones).

    Raises
    ------
    FtzlinkError
        For values or a covariate that are not a zone-labelled numeric Series, cover other
        zones than the weights, miss values or are constant; invalid weights or zones without
        neighbours; fewer than 4 zones; a bad ``alpha``, ``n_permutations``, ``seed``,
        ``transformation`` or ``alternative``.

    References
    ----------
    Anselin, L. (1995), Local indicators of spatial association — LISA, *Geographical Analysis*
    27(2), 93–115; Anselin, L., Syabri, I. & Smirnov, O. (2002), Visualizing multivariate
    spatial correlation with dynamically linked windows; esda ``Moran_Local``, ``Moran_Local_BV``.

    Examples
    --------
    Zones a–b–c–d–e on a line, values 1, 2, 3, 9, 10: z = (−4, −3, −2, 4, 5)/√14 and Σ z² = n,
    so for e (one neighbour, d) I_e = z_e z_d (n − 1)/n = (20/14)(4/5) = 8/7; the two high zones
    at the end form a high–high pair, and c (low, next to d) is low–high.

    >>> w = pd.DataFrame(np.eye(5, k=1) + np.eye(5, k=-1), index=list("abcde"), columns=list("abcde"))
    >>> res = local_moran(pd.Series([1.0, 2.0, 3.0, 9.0, 10.0], index=list("abcde")), w, 99, seed=1)
    >>> res.table["quadrant"].tolist()
    ['LL', 'LL', 'LH', 'HH', 'HH']
    >>> round(float(res.table.loc["e", "estimate"]), 6)
    1.142857
    """
    check_choice(transformation, WEIGHT_TRANSFORMATIONS, "transformation")
    alpha = check_number(alpha, "alpha", 0, 1, open_low=True, open_high=True)
    permutations, s = _common(n_permutations, alternative, seed)
    frame, labels, w = _prepared(values, weights, series=True)
    y = frame.iloc[:, 0].to_numpy()
    x = None if covariate is None else _prepared(covariate, weights, name="covariate", series=True)[0].iloc[:, 0]
    with seeded_global_state(s):
        model = _moran_local(y, None if x is None else x.to_numpy(), _w(w, labels), transformation, permutations, s)
    p = _tails(model.Is, model.sim, alternative, model.EI_sim)
    table = pd.DataFrame({
        "estimate": model.Is, "expected": model.EI_sim, "z_sim": model.z_sim, "p_sim": model.p_sim,
        "p_value": p["p_value"], "p_greater": p["p_greater"], "p_less": p["p_less"], "alternative": alternative,
        "n_permutations": permutations, "quadrant": [QUADRANTS[q] for q in model.q],
        "cluster": [ESDA_CLUSTERS[c] for c in model.get_cluster_labels(alpha)],
    }, index=labels)
    return InferenceResult(table=table, model=model, null=model.sim)


def _global(values, weights, n_permutations, seed, alternative: str, build, columns, *,
            nonnegative: bool = False, binary: bool = False) -> tuple[list, dict, np.ndarray, pd.Index]:
    """Run a global esda statistic on each attribute column with the same seeded permutations.

    ``binary``: the statistic uses the weights as 0/1 neighbours, and is then undefined when
    every zone neighbours every other one.
    """
    permutations, s = _common(n_permutations, alternative, seed)
    frame, labels, w = _prepared(values, weights)
    if binary and (w + np.eye(len(labels)) > 0).all():
        raise FtzlinkError("weights: every zone is a neighbour of every other zone, so the statistic (on 0/1 "
                           "neighbours) is the same for any values; use distance-band or k-nearest weights")
    rows, models, nulls = [], {}, []
    for name in frame.columns:
        y = frame[name].to_numpy()
        if nonnegative and (y < 0).any():
            raise FtzlinkError(f"values: {name!r} is negative for {preview(labels[y < 0])}; the statistic needs "
                               f"non-negative values")
        with seeded_global_state(s):
            model = build(y, _w(w, labels), permutations)
        for observed, null, centre, extra in columns(model).values():
            p = _tails(observed, null, alternative, centre)
            rows.append({"estimate": observed, "expected": centre, **extra, "p_value": p["p_value"][0],
                         "p_greater": p["p_greater"][0], "p_less": p["p_less"][0], "alternative": alternative,
                         "n_permutations": permutations})
            nulls.append(np.asarray(null, dtype=float))
        models[name] = model
    return rows, models, np.column_stack(nulls), frame.columns


def gearys_c(values: pd.Series | pd.DataFrame, weights, n_permutations: int = 999, seed=None, *,
             transformation: str = "r", alternative: str = "two-sided") -> InferenceResult:
    """Geary's C of one or several zone attributes, via esda ``Geary``.

        C = (n − 1) Σ_i Σ_j w_ij (y_i − y_j)² / (2 S_0 Σ_i (y_i − ȳ)²),   S_0 = Σ_ij w_ij.

    Range: [0, 2) in practice; E[C] = 1 under no autocorrelation, C < 1 for positive (similar
    neighbours) and C > 1 for negative autocorrelation — the opposite direction to Moran's I.

    Zeros: a constant attribute (Σ (y − ȳ)² = 0) is refused; zero weights are non-neighbours.

    Parameters
    ----------
    values : Series or DataFrame
        One attribute (Series) or several (columns) per zone.
    weights : DataFrame or libpysal W
        Zone × zone weights over the same zones.
    n_permutations : int
        Random permutations of the values (esda ``permutations``); the same for every attribute.
    seed : int, Generator or None
        Same seed → identical result.
    transformation : "r", "b" or "o"
        Weight transformation (PySAL's codes).
    alternative : "two-sided", "greater" or "less"
        Tail of ``p_value``; ``"less"`` tests positive autocorrelation (C below its null).

    Returns
    -------
    InferenceResult
        ``table`` indexed by attribute: ``estimate`` (C), ``expected`` (mean of the null, ≈ 1),
        ``z_norm``, ``z_rand`` (esda's analytical z under normality and randomisation),
        ``p_sim`` (esda, folded), ``p_value``, ``p_greater``, ``p_less``, ``alternative``,
        ``n_permutations``; ``model`` a dict attribute → ``esda.Geary``; ``null`` the permuted C.

    Raises
    ------
    FtzlinkError
        For invalid values or weights (see :func:`local_moran`), fewer than 4 zones, a bad
        ``n_permutations``, ``seed``, ``transformation`` or ``alternative``.

    References
    ----------
    Geary, R. C. (1954), The contiguity ratio and statistical mapping, *The Incorporated
    Statistician* 5(3), 115–145; Cliff & Ord (1981), *Spatial Processes*; esda ``Geary``.

    Examples
    --------
    Four zones on a line, binary weights, y = (1, 2, 3, 4): each of the 3 links has
    (y_i − y_j)² = 1, counted twice, so C = 3 · 6 / (2 · 6 · 5) = 0.3.

    >>> w = pd.DataFrame(np.eye(4, k=1) + np.eye(4, k=-1), index=list("abcd"), columns=list("abcd"))
    >>> res = gearys_c(pd.Series([1.0, 2.0, 3.0, 4.0], index=list("abcd"), name="y"), w, 99, seed=0,
    ...                transformation="b")
    >>> round(float(res.table.loc["y", "estimate"]), 12)
    0.3
    """
    import esda

    check_choice(transformation, WEIGHT_TRANSFORMATIONS, "transformation")
    rows, models, null, names = _global(
        values, weights, n_permutations, seed, alternative,
        lambda y, w, p: esda.Geary(y, w, transformation=transformation, permutations=p),
        lambda m: {"C": (m.C, m.sim, m.EC_sim, {"z_norm": m.z_norm, "z_rand": m.z_rand, "p_sim": m.p_sim})})
    return InferenceResult(table=pd.DataFrame(rows, index=pd.Index(names, name="attribute")), model=models,
                           null=null)


def getis_ord_g(values: pd.Series | pd.DataFrame, weights, n_permutations: int = 999, seed=None, *,
                alternative: str = "two-sided") -> InferenceResult:
    """Global Getis–Ord G of non-negative zone attributes, via esda ``G`` (binary weights).

        G = Σ_i Σ_{j≠i} w_ij y_i y_j / Σ_i Σ_{j≠i} y_i y_j,   w_ij ∈ {0, 1}.

    The share of all cross-products of the values that falls on neighbouring pairs: above its
    expectation E[G] = S_0 / (n (n − 1)) when high values cluster (a high-value "hot" pattern),
    below it when low values cluster. Range: [0, 1]. esda binarises the weights (w_ij > 0 → 1).

    Zeros: zero values contribute no cross-products; an all-zero attribute (0/0) is refused as
    constant.

    Parameters
    ----------
    values : Series or DataFrame
        One or several non-negative attributes per zone.
    weights : DataFrame or libpysal W
        Zone × zone weights over the same zones (used as 0/1: neighbour or not).
    n_permutations : int
        Random permutations (esda ``permutations``); the same for every attribute.
    seed : int, Generator or None
        Same seed → identical result.
    alternative : "two-sided", "greater" or "less"
        Tail of ``p_value`` (``"greater"``: high values cluster).

    Returns
    -------
    InferenceResult
        ``table`` indexed by attribute: ``estimate`` (G), ``expected`` (mean of the null),
        ``z_norm`` (esda's analytical z), ``p_sim`` (esda, folded), ``p_value``, ``p_greater``,
        ``p_less``, ``alternative``, ``n_permutations``; ``model`` a dict of ``esda.G``;
        ``null`` the permuted G.

    Raises
    ------
    FtzlinkError
        As :func:`gearys_c`, for negative values, and for weights that make every zone a
        neighbour of every other (esda's G reads them as 0/1, so G = 1 for any values).

    References
    ----------
    Getis, A. & Ord, J. K. (1992), The analysis of spatial association by use of distance
    statistics, *Geographical Analysis* 24(3), 189–206; esda ``G``.

    Examples
    --------
    Four zones on a line, y = (1, 2, 3, 4): neighbour products 2 + 6 + 12 = 20, counted twice;
    all cross-products (Σy)² − Σy² = 100 − 30 = 70, so G = 40 / 70 = 4/7.

    >>> w = pd.DataFrame(np.eye(4, k=1) + np.eye(4, k=-1), index=list("abcd"), columns=list("abcd"))
    >>> res = getis_ord_g(pd.Series([1.0, 2.0, 3.0, 4.0], index=list("abcd"), name="y"), w, 99, seed=0)
    >>> round(float(res.table.loc["y", "estimate"]), 6)
    0.571429
    """
    import esda

    rows, models, null, names = _global(
        values, weights, n_permutations, seed, alternative,
        lambda y, w, p: esda.G(y, w, permutations=p),
        lambda m: {"G": (m.G, m.sim, m.EG_sim, {"z_norm": m.z_norm, "p_sim": m.p_sim})}, nonnegative=True,
        binary=True)
    return InferenceResult(table=pd.DataFrame(rows, index=pd.Index(names, name="attribute")), model=models,
                           null=null)


def bivariate_moran(x: pd.Series, y: pd.Series, weights, n_permutations: int = 999, seed=None, *,
                    transformation: str = "r", alternative: str = "two-sided") -> InferenceResult:
    """Bivariate Moran's I of x against the spatial lag of y, via esda ``Moran_BV``.

        I_xy = Σ_i z_x,i Σ_j w_ij z_y,j / (n − 1),

    with z_x, z_y standardised with the sample standard deviation (ddof = 1) and row-
    standardised weights: the correlation of a zone's x with its neighbours' y. Positive when
    zones with high x sit among zones with high y. Range: about [−1, 1] for row-standardised
    weights. Inference permutes y over the zones.

    Zeros: a constant x or y is refused (z undefined).

    Parameters
    ----------
    x, y : Series
        Two attributes over the same zones.
    weights : DataFrame or libpysal W
        Zone × zone weights over the same zones.
    n_permutations : int
        Random permutations of y (esda ``permutations``).
    seed : int, Generator or None
        Same seed → identical result.
    transformation : "r", "b" or "o"
        Weight transformation.
    alternative : "two-sided", "greater" or "less"
        Tail of ``p_value``.

    Returns
    -------
    InferenceResult
        ``table`` with one row indexed by (x, y) names: ``estimate``, ``expected`` (mean of the
        null), ``z_sim``, ``p_sim`` (esda, folded), ``p_value``, ``p_greater``, ``p_less``,
        ``alternative``, ``n_permutations``; ``model`` the ``esda.Moran_BV``; ``null`` the
        permuted I_xy.

    Raises
    ------
    FtzlinkError
        As :func:`local_moran` for ``x`` and ``y``.

    References
    ----------
    Wartenberg, D. (1985), Multivariate spatial correlation: a method for exploratory
    geographical analysis, *Geographical Analysis* 17(4), 263–283; esda ``Moran_BV``.

    Examples
    --------
    y = x on four zones in a line: with row-standardised weights the bivariate I is then
    Moran's I (see :func:`morans_i`): z = (−1.5, −0.5, 0.5, 1.5)/√(5/3), Wz = (−0.5, −0.5, 0.5,
    0.5)/√(5/3), Σ z_i (Wz)_i = 2 · 3/5 = 1.2, so I_xy = 1.2 / 3 = 0.4.

    >>> w = pd.DataFrame(np.eye(4, k=1) + np.eye(4, k=-1), index=list("abcd"), columns=list("abcd"))
    >>> s = pd.Series([1.0, 2.0, 3.0, 4.0], index=list("abcd"))
    >>> res = bivariate_moran(s.rename("x"), s.rename("y"), w, 99, seed=0)
    >>> round(float(res.table["estimate"].iloc[0]), 12)
    0.4
    """
    import esda

    check_choice(transformation, WEIGHT_TRANSFORMATIONS, "transformation")
    permutations, s = _common(n_permutations, alternative, seed)
    xs, labels, w = _prepared(x, weights, name="x", series=True)
    ys = _prepared(y, weights, name="y", series=True)[0]
    with seeded_global_state(s):
        model = esda.Moran_BV(xs.iloc[:, 0].to_numpy(), ys.iloc[:, 0].to_numpy(), _w(w, labels),
                              transformation=transformation, permutations=permutations)
    p = _tails(model.I, model.sim, alternative, model.EI_sim)
    index = pd.MultiIndex.from_tuples([(xs.columns[0], ys.columns[0])], names=["x", "y"])
    table = pd.DataFrame({"estimate": model.I, "expected": model.EI_sim, "z_sim": model.z_sim, "p_sim": model.p_sim,
                          "p_value": p["p_value"], "p_greater": p["p_greater"], "p_less": p["p_less"],
                          "alternative": alternative, "n_permutations": permutations}, index=index)
    return InferenceResult(table=table, model=model, null=np.asarray(model.sim, dtype=float)[:, None])


def local_g(values: pd.Series, weights, n_permutations: int = 999, seed=None, *, star: bool = False,
            alpha: float = 0.05, transformation: str = "r", alternative: str = "two-sided") -> InferenceResult:
    """Local Getis–Ord G_i (or G*_i) per zone with hot and cold spots, via esda ``G_Local``.

        G_i = Σ_{j≠i} w_ij y_j / Σ_{j≠i} y_j,     G*_i = Σ_j w_ij y_j / Σ_j y_j (w_ii > 0),

    the share of the attribute found around zone i (G*_i counts the zone itself: esda sets
    w_ii to 1 for binary weights and to the row's largest weight for row-standardised ones).
    A zone with G_i above its expectation is a hot spot, below a cold spot. Range: [0, 1] for
    non-negative values. Inference is by conditional permutation.

    Zeros: zero values add nothing to the neighbourhood sums; negative values are refused.

    Parameters
    ----------
    values : Series
        One non-negative attribute per zone.
    weights : DataFrame or libpysal W
        Zone × zone weights over the same zones (diagonal ignored).
    n_permutations : int
        Conditional permutations per zone.
    seed : int, Generator or None
        Same seed → identical result; an int gives esda's null for its ``seed``.
    star : bool
        G*_i (the zone counted in its own neighbourhood) instead of G_i.
    alpha : float
        Significance level of the spots, in (0, 1).
    transformation : "r" or "b"
        Row-standardised or binary weights (the two esda accepts for G_Local).
    alternative : "two-sided", "greater" or "less"
        Tail of ``p_value``.

    Returns
    -------
    InferenceResult
        ``table`` indexed by zone: ``estimate`` (G_i), ``expected`` (esda's analytical E[G_i]),
        ``z_norm`` (esda's analytical z), ``z_sim``, ``p_sim`` (esda, folded), ``p_value``,
        ``p_greater``, ``p_less`` (tails of esda's permutation null, centred on its mean),
        ``alternative``, ``n_permutations`` and ``spot`` (``hot`` where z_norm > 0 and
        p_sim < alpha, ``cold`` where z_norm < 0 and p_sim < alpha, else ``ns``); ``model`` the
        esda object; ``null`` the permuted G_i (permutations × zones).

    Raises
    ------
    FtzlinkError
        As :func:`local_moran`, and for negative values or a transformation other than r or b.

    References
    ----------
    Ord, J. K. & Getis, A. (1995), Local spatial autocorrelation statistics: distributional
    issues and an application, *Geographical Analysis* 27(4), 286–306; esda ``G_Local``.

    Examples
    --------
    Zones a–e on a line with binary weights, y = (1, 1, 1, 5, 5): for e, G_e = y_d / (Σy − y_e)
    = 5 / 8.

    >>> w = pd.DataFrame(np.eye(5, k=1) + np.eye(5, k=-1), index=list("abcde"), columns=list("abcde"))
    >>> res = local_g(pd.Series([1.0, 1.0, 1.0, 5.0, 5.0], index=list("abcde")), w, 99, seed=0,
    ...               transformation="b")
    >>> round(float(res.table.loc["e", "estimate"]), 6)
    0.625
    """
    check_choice(transformation, WEIGHT_TRANSFORMATIONS[:2], "transformation")
    alpha = check_number(alpha, "alpha", 0, 1, open_low=True, open_high=True)
    if not isinstance(star, (bool, np.bool_)):
        raise FtzlinkError(f"star: expected True or False, got {star!r}")
    permutations, s = _common(n_permutations, alternative, seed)
    frame, labels, w = _prepared(values, weights, series=True)
    y = frame.iloc[:, 0].to_numpy()
    if (y < 0).any():
        raise FtzlinkError(f"values: negative for {preview(labels[y < 0])}; G_i needs non-negative values")
    with seeded_global_state(s), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Gi\\* requested", category=UserWarning)
        model = _g_local(y, _w(w, labels), transformation, permutations, bool(star), s)
    p = _tails(model.Gs, model.sim, alternative, model.EG_sim)
    significant = model.p_sim < alpha
    spot = np.where(significant & (model.Zs > 0), G_SPOTS[0], np.where(significant & (model.Zs < 0), G_SPOTS[1],
                                                                       G_SPOTS[2]))
    table = pd.DataFrame({
        "estimate": model.Gs, "expected": model.EGs, "z_norm": model.Zs, "z_sim": model.z_sim, "p_sim": model.p_sim,
        "p_value": p["p_value"], "p_greater": p["p_greater"], "p_less": p["p_less"], "alternative": alternative,
        "n_permutations": permutations, "spot": spot,
    }, index=labels)
    return InferenceResult(table=table, model=model, null=model.sim)


def join_counts(values: pd.Series, weights, n_permutations: int = 999, seed=None, *,
                alternative: str = "two-sided") -> InferenceResult:
    """Join counts of a 0/1 zone attribute (black = 1, white = 0), via esda ``Join_Counts``.

        BB = ½ Σ_i Σ_j w_ij y_i y_j,    BW = ½ Σ_i Σ_j w_ij (y_i − y_j)²,    w_ij ∈ {0, 1},

    the numbers of black–black and black–white neighbour pairs among the J = S_0 / 2 joins.
    More BB (and fewer BW) than under random relabelling means the black zones cluster (e.g.
    zones with a pilot-zone policy next to each other). Range: 0 ≤ BB, BW ≤ J. esda binarises
    the weights.

    Zeros: an attribute that is all 0 or all 1 is refused (nothing to count).

    Parameters
    ----------
    values : Series
        0/1 per zone.
    weights : DataFrame or libpysal W
        Zone × zone weights over the same zones (used as 0/1).
    n_permutations : int
        Random relabellings (esda ``permutations``).
    seed : int, Generator or None
        Same seed → identical result.
    alternative : "two-sided", "greater" or "less"
        Tail of ``p_value``.

    Returns
    -------
    InferenceResult
        ``table`` with rows ``BB`` and ``BW`` (index ``join``): ``estimate`` (the count),
        ``expected`` (mean of the null), ``joins`` (J), ``p_sim`` (esda's one-sided p for a
        count at least as large), ``p_value``, ``p_greater``, ``p_less``, ``alternative``,
        ``n_permutations``; ``model`` the ``esda.Join_Counts`` (also WW, χ²); ``null`` the
        permuted counts (permutations × 2).

    Raises
    ------
    FtzlinkError
        As :func:`local_moran`, and for values other than 0 and 1.

    References
    ----------
    Cliff, A. D. & Ord, J. K. (1981), *Spatial Processes: Models & Applications*, Pion, ch. 1;
    esda ``Join_Counts``.

    Examples
    --------
    Four zones on a line, y = (1, 1, 0, 0): one black–black join (a–b), one black–white (b–c).

    >>> w = pd.DataFrame(np.eye(4, k=1) + np.eye(4, k=-1), index=list("abcd"), columns=list("abcd"))
    >>> res = join_counts(pd.Series([1, 1, 0, 0], index=list("abcd"), name="pilot"), w, 9, seed=0)
    >>> res.table["estimate"].to_dict()
    {'BB': 1.0, 'BW': 1.0}
    """
    import esda

    permutations, s = _common(n_permutations, alternative, seed)
    frame, labels, w = _prepared(values, weights, series=True, scale=False)
    y = frame.iloc[:, 0].to_numpy()
    if not np.isin(y, (0.0, 1.0)).all():
        raise FtzlinkError(f"values: must be 0/1 (1 = 'black'), found {y[~np.isin(y, (0.0, 1.0))][0]:g}")
    with seeded_global_state(s):
        model = esda.Join_Counts(y, _w(w, labels), permutations=permutations)
    rows, nulls = {}, []
    for key, observed, sim, p_sim in (("BB", model.bb, model.sim_bb, model.p_sim_bb),
                                      ("BW", model.bw, model.sim_bw, model.p_sim_bw)):
        sim = np.asarray(sim, dtype=float)
        p = _tails(observed, sim, alternative, sim.mean())
        rows[key] = {"estimate": float(observed), "expected": sim.mean(), "joins": model.J, "p_sim": p_sim,
                     "p_value": p["p_value"][0], "p_greater": p["p_greater"][0], "p_less": p["p_less"][0],
                     "alternative": alternative, "n_permutations": permutations}
        nulls.append(sim)
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "join"
    return InferenceResult(table=table, model=model, null=np.column_stack(nulls))
