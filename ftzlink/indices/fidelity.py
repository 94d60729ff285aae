"""Plans against revealed structure: do units target the industries their host region is strong in?

Three inputs, shared by every function here:

- ``targets``: a unit × industry 0/1 matrix (e.g. the divisions each free-trade-zone area's
  plan names as targets);
- ``strength``: a region × industry 0/1 matrix over the same industries (e.g. host province
  location quotient ≥ 1), with NaN where the region's strength is not observed;
- ``host``: a Series mapping every unit to its host region (a row label of ``strength``).

:func:`target_fidelity` counts, per unit, how many targets fall on host strengths and tests
whether that is more than a random choice of the same number of industries would give;
:func:`weak_targets` lists targets without host strength and :func:`untargeted_strengths`
host strengths that no unit targets.

Zeros and missing data, common to all: an industry whose host strength is NaN is unknown for
that host, so it is left out of the unit's counts (and of both lists); a unit with no target
has n_targeted = 0. Regions of ``strength`` that host no unit are ignored.

Every example builds the same three units u1, u2 (hosted by H1) and u3 (hosted by H2) over
six industries; H1's strength in i6 is not observed::

    targets = pd.DataFrame([[1, 1, 1, 0, 0, 1], [0, 0, 1, 1, 0, 0], [0, 1, 1, 1, 1, 0]],
                           index=["u1", "u2", "u3"], columns=["i1", "i2", "i3", "i4", "i5", "i6"])
    strength = pd.DataFrame([[1, 1, 0, 0, 1, np.nan], [0, 1, 1, 0, 0, 0]],
                            index=["H1", "H2"], columns=["i1", "i2", "i3", "i4", "i5", "i6"])
    host = pd.Series({"u1": "H1", "u2": "H1", "u3": "H2"})
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import hypergeom

from ftzlink.checks import (
    check_choice,
    check_labelled_numeric,
    check_matrix,
    check_same_labels,
    preview,
)
from ftzlink.errors import FtzlinkError

#: ``untargeted_strengths(by=...)``: one row per (region, industry) or per (unit, region, industry).
UNTARGETED_BY = ("region", "unit")

FIDELITY_COLUMNS = ("host", "n_industries", "n_strong_host", "expected_share", "n_targeted",
                    "n_strong_targeted", "share_strong", "p_value", "n_targeted_no_data")


def _strength(strength: pd.DataFrame) -> np.ndarray:
    """Validate a region × industry 0/1 matrix with NaN allowed; return its float values."""
    check_labelled_numeric(strength, "strength", shape="regions × industries (0/1, NaN = no data)")
    if strength.shape[0] == 0 or strength.shape[1] == 0:
        raise FtzlinkError(f"strength: the matrix is empty ({strength.shape[0]} rows × {strength.shape[1]} columns)")
    values = strength.to_numpy(dtype=float, na_value=np.nan)
    bad = ~(np.isnan(values) | (values == 0) | (values == 1))
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise FtzlinkError(
            f"strength: expected 0/1 (or NaN for no data), found {values[r, c]:g} at row {strength.index[r]!r}, "
            f"column {strength.columns[c]!r}"
        )
    return values


def _inputs(targets: pd.DataFrame, strength: pd.DataFrame,
            host: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validated arrays: T (unit × industry), S (region × industry in T's column order, NaN kept)
    and each unit's host position in S's rows (so S[position] holds every unit's host strengths)."""
    t = check_matrix(targets, "targets", binary=True).to_numpy()
    s = _strength(strength)
    check_same_labels(targets, strength, "columns", ("targets", "strength"))
    s = s[:, strength.columns.get_indexer(targets.columns)]
    if not isinstance(host, pd.Series):
        raise FtzlinkError(f"host: expected a pandas Series mapping unit → region, got {type(host).__name__}")
    dup = host.index[host.index.duplicated()].unique()
    if len(dup):
        raise FtzlinkError(f"host: duplicate unit label(s): {preview(dup)}")
    check_same_labels(host, targets, "index", ("host", "targets"))
    host = host.reindex(targets.index)
    if host.isna().any():
        raise FtzlinkError(f"host: no host region for unit(s) {preview(host.index[host.isna()])}")
    position = strength.index.get_indexer(host.to_numpy())
    if (position < 0).any():
        unknown = host[position < 0]
        raise FtzlinkError(
            f"host: region(s) {preview(pd.unique(unknown.to_numpy()))} (of unit(s) {preview(unknown.index)}) "
            f"are not rows of strength"
        )
    return t, s, position


def target_fidelity(targets: pd.DataFrame, strength: pd.DataFrame, host: pd.Series) -> pd.DataFrame:
    """How far each unit's targets follow its host region's revealed strengths, with an exact test.

    Parameters
    ----------
    targets : pandas.DataFrame
        Unit × industry 0/1 (or boolean) matrix: 1 = the unit's plan targets the industry.
    strength : pandas.DataFrame
        Region × industry 0/1 (or boolean) matrix over the same industry labels (any order):
        1 = the region is strong in the industry (e.g. LQ ≥ 1); NaN = not observed.
    host : pandas.Series
        Host region of every unit of ``targets`` (index: the units, values: rows of ``strength``).

    Returns
    -------
    pandas.DataFrame
        Indexed by unit (``targets``' index), columns:

        - ``host``: the host region h;
        - ``n_industries`` N: industries with data for h (strength not NaN);
        - ``n_strong_host`` K: industries among them where h is strong;
        - ``expected_share`` K / N: the share of strong industries a random choice would hit;
        - ``n_targeted`` n: the unit's targets among the N industries;
        - ``n_strong_targeted`` k: targets where h is strong;
        - ``share_strong`` k / n;
        - ``p_value``: P(X ≥ k) for X ~ Hypergeometric(N, K, n), the chance that n industries
          drawn at random from the N hit at least k of the K strong ones (one-sided: targets
          concentrated on strengths);
        - ``n_targeted_no_data``: targets left out because h's strength there is NaN.

    Notes
    -----
    P(X ≥ k) = Σ_{j ≥ k} C(K, j) C(N − K, n − j) / C(N, n), computed as
    ``scipy.stats.hypergeom.sf(k − 1, N, K, n)``. Range: share_strong and expected_share in
    [0, 1], p_value in (0, 1]; share_strong > expected_share means the plan leans towards the
    host's strengths. Zeros: a unit with no target (n = 0) has share_strong NaN and p_value 1;
    a host with no observed industry (N = 0) has expected_share, share_strong and p_value NaN;
    industries with NaN strength are excluded per host as described above. Raises
    FtzlinkError for non-0/1 values, NaN in ``targets``, industry labels that differ between
    ``targets`` and ``strength``, units without a host and hosts that are not rows of
    ``strength``.

    References
    ----------
    The hypergeometric (one-sided Fisher exact) test of over-representation, as in gene-set
    enrichment: Rivals, I., Personnaz, L., Taing, L. & Potier, M.-C. (2007), Enrichment or
    depletion of a GO category within a class of genes: which test?, *Bioinformatics* 23(4),
    401–407; location quotients for strength: Isard (1960), *Methods of Regional Analysis*.

    Examples
    --------
    u1 (host H1, i6 unobserved) targets i1, i2, i3 of N = 5 industries, K = 3 of them strong,
    k = 2: P(X ≥ 2) = [C(3,2) C(2,1) + C(3,3) C(2,0)] / C(5,3) = 7/10.

    >>> targets = pd.DataFrame([[1, 1, 1, 0, 0, 1], [0, 0, 1, 1, 0, 0], [0, 1, 1, 1, 1, 0]],
    ...                        index=["u1", "u2", "u3"], columns=["i1", "i2", "i3", "i4", "i5", "i6"])
    >>> strength = pd.DataFrame([[1, 1, 0, 0, 1, np.nan], [0, 1, 1, 0, 0, 0]],
    ...                         index=["H1", "H2"], columns=["i1", "i2", "i3", "i4", "i5", "i6"])
    >>> host = pd.Series({"u1": "H1", "u2": "H1", "u3": "H2"})
    >>> f = target_fidelity(targets, strength, host)
    >>> f.loc["u1", ["n_industries", "n_strong_host", "n_targeted", "n_strong_targeted"]].tolist()
    [5, 3, 3, 2]
    >>> f["p_value"].round(6).tolist()
    [0.7, 1.0, 0.4]
    """
    t, s, position = _inputs(targets, strength, host)
    s = s[position]
    observed = ~np.isnan(s)
    strong = np.where(observed, s, 0.0)
    big_n = observed.sum(axis=1)
    big_k = strong.sum(axis=1).astype(np.int64)
    n = (t * observed).sum(axis=1).astype(np.int64)
    k = (t * strong).sum(axis=1).astype(np.int64)
    has_data = big_n > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.where(has_data, big_k / np.where(has_data, big_n, 1), np.nan)
        share = np.where(n > 0, k / np.where(n > 0, n, 1), np.nan)
    p = np.full(len(n), np.nan)
    p[has_data] = hypergeom.sf(k[has_data] - 1, big_n[has_data], big_k[has_data], n[has_data])
    out = pd.DataFrame(
        {
            "host": host.reindex(targets.index).to_numpy(),
            "n_industries": big_n.astype(np.int64),
            "n_strong_host": big_k,
            "expected_share": expected,
            "n_targeted": n,
            "n_strong_targeted": k,
            "share_strong": share,
            "p_value": np.minimum(p, 1.0),
            "n_targeted_no_data": (t * ~observed).sum(axis=1).astype(np.int64),
        },
        index=targets.index.copy(),
    )
    return out.loc[:, list(FIDELITY_COLUMNS)]


def _long(rows: np.ndarray, cols: np.ndarray, row_labels: pd.Index, industries: pd.Index,
          row_name: str, extra: dict | None = None) -> pd.DataFrame:
    data = {row_name: row_labels[rows].to_numpy()}
    data.update(extra or {})
    data["industry"] = industries[cols].to_numpy()
    return pd.DataFrame(data)


def weak_targets(targets: pd.DataFrame, strength: pd.DataFrame, host: pd.Series) -> pd.DataFrame:
    """List the (unit, industry) pairs a unit targets although its host region is not strong there.

    Parameters
    ----------
    targets, strength, host
        As in :func:`target_fidelity`.

    Returns
    -------
    pandas.DataFrame
        Long table with columns ``unit``, ``region`` (the host) and ``industry``: one row per
        cell with targets = 1 and host strength = 0, in the order of ``targets``' rows and
        columns; no rows when every target falls on a strength.

    Notes
    -----
    The cells counted by n_targeted − n_strong_targeted in :func:`target_fidelity`. Zeros: a
    target where the host's strength is NaN is unknown, not weak, and is not listed.

    References
    ----------
    The complement of the hit count of :func:`target_fidelity` (see its references).

    Examples
    --------
    >>> targets = pd.DataFrame([[1, 1, 1, 0, 0, 1], [0, 0, 1, 1, 0, 0], [0, 1, 1, 1, 1, 0]],
    ...                        index=["u1", "u2", "u3"], columns=["i1", "i2", "i3", "i4", "i5", "i6"])
    >>> strength = pd.DataFrame([[1, 1, 0, 0, 1, np.nan], [0, 1, 1, 0, 0, 0]],
    ...                         index=["H1", "H2"], columns=["i1", "i2", "i3", "i4", "i5", "i6"])
    >>> host = pd.Series({"u1": "H1", "u2": "H1", "u3": "H2"})
    >>> weak_targets(targets, strength, host).values.tolist()
    [['u1', 'H1', 'i3'], ['u2', 'H1', 'i3'], ['u2', 'H1', 'i4'], ['u3', 'H2', 'i4'], ['u3', 'H2', 'i5']]
    """
    t, s, position = _inputs(targets, strength, host)
    rows, cols = np.nonzero((t == 1) & (s[position] == 0))
    return _long(rows, cols, targets.index, targets.columns, "unit",
                 {"region": strength.index[position[rows]].to_numpy()})


def untargeted_strengths(targets: pd.DataFrame, strength: pd.DataFrame, host: pd.Series,
                         by: str = "region") -> pd.DataFrame:
    """List host strengths that the hosted units leave untargeted.

    Parameters
    ----------
    targets, strength, host
        As in :func:`target_fidelity`.
    by : {"region", "unit"}, default "region"
        ``"region"``: one row per (region, industry) where the region is strong and **none** of
        the units it hosts targets the industry (a strength the region's plans leave unused).
        ``"unit"``: one row per (unit, region, industry) where the unit's host is strong and
        that unit does not target it.

    Returns
    -------
    pandas.DataFrame
        Long table with columns ``region``, ``industry`` (``by="region"``; regions in
        ``strength``'s row order) or ``unit``, ``region``, ``industry`` (``by="unit"``; units
        in ``targets``' row order); industries in ``targets``' column order.

    Notes
    -----
    With G the region × unit hosting indicator, a (region, industry) cell is listed when
    S_ri = 1 and (G T)_ri = 0. Only regions that host at least one unit are considered.
    Zeros: NaN strength is not a strength, so it is never listed.

    References
    ----------
    The reverse view of :func:`target_fidelity` (strengths without targets); see its references.

    Examples
    --------
    >>> targets = pd.DataFrame([[1, 1, 1, 0, 0, 1], [0, 0, 1, 1, 0, 0], [0, 1, 1, 1, 1, 0]],
    ...                        index=["u1", "u2", "u3"], columns=["i1", "i2", "i3", "i4", "i5", "i6"])
    >>> strength = pd.DataFrame([[1, 1, 0, 0, 1, np.nan], [0, 1, 1, 0, 0, 0]],
    ...                         index=["H1", "H2"], columns=["i1", "i2", "i3", "i4", "i5", "i6"])
    >>> host = pd.Series({"u1": "H1", "u2": "H1", "u3": "H2"})
    >>> untargeted_strengths(targets, strength, host).values.tolist()
    [['H1', 'i5']]
    >>> untargeted_strengths(targets, strength, host, by="unit").values.tolist()
    [['u1', 'H1', 'i5'], ['u2', 'H1', 'i1'], ['u2', 'H1', 'i2'], ['u2', 'H1', 'i5']]
    """
    check_choice(by, UNTARGETED_BY, "untargeted_strengths: by")
    t, s, position = _inputs(targets, strength, host)
    if by == "unit":
        rows, cols = np.nonzero((s[position] == 1) & (t == 0))
        return _long(rows, cols, targets.index, targets.columns, "unit",
                     {"region": strength.index[position[rows]].to_numpy()})
    hosting = np.zeros((strength.shape[0], t.shape[0]))
    hosting[position, np.arange(t.shape[0])] = 1.0
    targeted = hosting @ t > 0
    is_host = hosting.sum(axis=1) > 0
    rows, cols = np.nonzero(is_host[:, None] & (s == 1) & ~targeted)
    return _long(rows, cols, strength.index, targets.columns, "region")


__all__ = ["target_fidelity", "untargeted_strengths", "weak_targets"]
