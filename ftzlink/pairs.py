"""Zone-pair (region × region) matrices: the one home of their checks and helpers.

A pair matrix is a square DataFrame whose row and column labels are the same regions (in any
order): an overlap or similarity index (symmetric), a complementarity index (directional:
rows supply, columns buy), a distance or a dyadic covariate. Only the off-diagonal cells are
data; the diagonal may hold anything, NaN included.

- :func:`check_pairs`, :func:`check_symmetric`, :func:`align_pairs` — validation and alignment;
- :func:`pair_cells`, :func:`stacked_names` — which cells enter a statistic, level names;
- :func:`pairs_to_long` — the pairs as rows of a tidy table;
- :func:`block_means`, :func:`same_group` — summaries and covariates by groups (e.g. 同省);
- :func:`mutual_complementarity` — a directional matrix made symmetric;
- :func:`linkage_graph` — the networkx graph of the pairs above a threshold.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ftzlink.checks import (
    check_flag,
    check_labelled_numeric,
    check_number,
    check_same_labels,
    preview,
)
from ftzlink.errors import FtzlinkError

#: Two cells count as equal in :func:`check_symmetric` when |s_rq − s_qr| ≤ SYMMETRY_RTOL ·
#: max(1, |s_rq|, |s_qr|): far above the rounding of an index computed in float64, far below
#: any real asymmetry.
SYMMETRY_RTOL = 1e-9


def check_pairs(mat: pd.DataFrame, name: str = "pairs", *, min_size: int = 1, finite: bool = False,
                nonnegative: bool = False) -> pd.DataFrame:
    """Validate a square region × region matrix; return it as float with columns in row order.

    Raises FtzlinkError for a non-DataFrame, fewer than ``min_size`` regions, duplicate labels,
    row labels that differ from column labels, non-numeric columns and infinite values. NaN
    (an undefined pair) is kept unless ``finite``; ``nonnegative`` refuses negative
    off-diagonal cells. The diagonal is never checked.

    >>> p = pd.DataFrame([[0, 1], [1, 0]], index=["a", "b"], columns=["b", "a"])
    >>> check_pairs(p).columns.tolist()
    ['a', 'b']
    """
    check_labelled_numeric(mat, name, shape="regions × regions")
    only_rows, only_cols = mat.index.difference(mat.columns), mat.columns.difference(mat.index)
    if len(only_rows) or len(only_cols):
        raise FtzlinkError(f"{name}: rows and columns must carry the same labels; only in rows: "
                           f"[{preview(only_rows)}]; only in columns: [{preview(only_cols)}]")
    if len(mat.index) < max(min_size, 1):
        raise FtzlinkError(f"{name}: needs at least {max(min_size, 1)} regions, got {len(mat.index)}")
    out = mat.loc[:, mat.index].astype(float)
    values = out.to_numpy(copy=True)
    np.fill_diagonal(values, 0.0)
    bad = np.isinf(values)
    what = "infinite"
    if finite:
        bad |= np.isnan(values)
        what = "missing or infinite"
    if nonnegative:
        bad |= values < 0
        what += " or negative"
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise FtzlinkError(f"{name}: {int(bad.sum())} {what} off-diagonal value(s), first {values[r, c]!r} at "
                           f"({out.index[r]!r}, {out.columns[c]!r})")
    return out


def check_symmetric(mat: pd.DataFrame, name: str = "pairs") -> pd.DataFrame:
    """:func:`check_pairs`, then refuse a matrix that is not symmetric within SYMMETRY_RTOL.

    NaN counts as equal to NaN. The message names the first asymmetric pair.

    >>> p = pd.DataFrame([[0, 1], [2, 0]], index=["a", "b"], columns=["a", "b"])
    >>> check_symmetric(p)
    Traceback (most recent call last):
    ...
    ftzlink.errors.FtzlinkError: pairs: not symmetric: ('a', 'b') = 1 but ('b', 'a') = 2; ...
    """
    mat = check_pairs(mat, name)
    values = mat.to_numpy()
    with np.errstate(invalid="ignore"):
        scale = np.maximum(1.0, np.maximum(np.abs(values), np.abs(values.T)))
        differ = np.abs(values - values.T) > SYMMETRY_RTOL * scale
    differ |= np.isnan(values) != np.isnan(values.T)
    if differ.any():
        r, c = np.argwhere(differ)[0]
        raise FtzlinkError(f"{name}: not symmetric: ({mat.index[r]!r}, {mat.index[c]!r}) = {values[r, c]:g} but "
                           f"({mat.index[c]!r}, {mat.index[r]!r}) = {values[c, r]:g}; "
                           f"use the directed form for a directional index")
    return mat


def align_pairs(mats: Mapping[str, pd.DataFrame], *, min_size: int = 2, nonnegative: bool = False
                ) -> tuple[pd.Index, dict[str, np.ndarray]]:
    """Validate several pair matrices (finite off the diagonal), check they cover the same
    regions and align them to the first; return the labels and float arrays (diagonal 0)."""
    checked = {name: check_pairs(mat, name, min_size=min_size, finite=True, nonnegative=nonnegative)
               for name, mat in mats.items()}
    names = list(checked)
    labels = checked[names[0]].index
    arrays = {}
    for name in names:
        check_same_labels(checked[names[0]], checked[name], "index", (names[0], name))
        values = checked[name].reindex(index=labels, columns=labels).to_numpy(copy=True)
        np.fill_diagonal(values, 0.0)
        arrays[name] = values
    return labels, arrays


def pair_cells(n: int, cells: str) -> tuple[np.ndarray, np.ndarray]:
    """Row and column positions of the cells used: ``"offdiag"`` (i ≠ j) or ``"upper"`` (i < j)."""
    if cells == "offdiag":
        return np.nonzero(~np.eye(n, dtype=bool))
    if cells == "upper":
        return np.triu_indices(n, k=1)
    raise FtzlinkError(f"cells: must be 'offdiag' or 'upper', got {cells!r}")


def stacked_names(frame: pd.DataFrame) -> list[str]:
    """Level names for a stacked region × region frame: its axis names, made distinct."""
    a, b = frame.index.name or "region", frame.columns.name or "region"
    return [f"{a}_a", f"{b}_b"] if a == b else [a, b]


def pairs_to_long(pairwise: pd.DataFrame | dict[str, pd.DataFrame], value: str = "value", *,
                  directed: bool = False) -> pd.DataFrame:
    """List the pairs of region × region matrices as rows ``(row label, column label, values…)``.

    ``pairwise`` is one square matrix (its values go to column ``value``) or a dict
    ``{column name: matrix}`` of matrices over the same labels (aligned to the first one).
    Undirected (symmetric indices such as overlap): each unordered pair once, from the upper
    triangle. Directed (complementarity, supplier → buyer): every ordered pair. The diagonal is
    left out; rows keep the matrix order. Label columns come from :func:`stacked_names`.

    >>> s = pd.DataFrame([[1, .5], [.5, 1]], index=["a", "b"], columns=["a", "b"])
    >>> pairs_to_long(s).to_dict("records")
    [{'region_a': 'a', 'region_b': 'b', 'value': 0.5}]
    """
    directed = check_flag(directed, "pairs_to_long: directed")
    given = pairwise if isinstance(pairwise, dict) else {value: pairwise}
    where = "pairwise[{!r}]" if isinstance(pairwise, dict) else "pairwise ({!r})"
    mats = {name: check_pairs(mat, f"pairs_to_long: {where.format(name)}") for name, mat in given.items()}
    first = next(iter(mats.values()))
    for name, mat in mats.items():
        if set(mat.index) != set(first.index):
            raise FtzlinkError(f"pairs_to_long: {name!r} has other labels than the first matrix")
    n = len(first)
    rows, cols = np.triu_indices(n, k=1) if not directed else np.nonzero(~np.eye(n, dtype=bool))
    a, b = stacked_names(first)
    out = {a: first.index[rows], b: first.columns[cols]}
    for name, mat in mats.items():
        out[name] = mat.reindex(index=first.index, columns=first.index).to_numpy()[rows, cols]
    return pd.DataFrame(out)


def block_means(pairwise: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Mean of a region × region index over the pairs in each block of groups.

    B_gh = Σ_{r∈g, q∈h, r≠q} S_rq / #{(r, q): r∈g, q∈h, r≠q, S_rq not NaN}, computed as
    (Gᵀ S₀ G) / (Gᵀ K G) with G the region × group indicator, S₀ the index with the diagonal
    and NaNs set to 0 and K the mask of counted cells. The diagonal B_gg is the within-group
    mean (同省), off-diagonal cells the between-group means; a block without pairs (a group of
    one region on the diagonal) is NaN. For a directional index B_gh averages g → h.

    >>> s = pd.DataFrame([[1, .5, .1], [.5, 1, .2], [.1, .2, 1]], index=list("abc"), columns=list("abc"))
    >>> block_means(s, pd.Series({"a": "x", "b": "x", "c": "y"})).loc["x"].round(6).tolist()
    [0.5, 0.15]
    """
    pairwise = check_pairs(pairwise, "block_means: pairwise")
    if not isinstance(groups, pd.Series):
        raise FtzlinkError(f"block_means: groups: expected a Series region → group, got {type(groups).__name__}")
    check_same_labels(pairwise, groups, "index", ("pairwise", "groups"))
    groups = groups.reindex(pairwise.index)
    if groups.isna().any():
        raise FtzlinkError(f"block_means: no group for {preview(groups.index[groups.isna()])}")
    indicator = pd.get_dummies(groups).astype(float)
    g = indicator.to_numpy()
    values = pairwise.to_numpy(dtype=float)
    counted = ~np.isnan(values) & ~np.eye(len(values), dtype=bool)
    sums = g.T @ np.where(counted, values, 0.0) @ g
    counts = g.T @ counted.astype(float) @ g
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / counts, np.nan)
    labels = indicator.columns
    return pd.DataFrame(means, index=pd.Index(labels, name="group"), columns=pd.Index(labels, name="group"))


def same_group(groups: pd.Series) -> pd.DataFrame:
    """Region × region 0/1 matrix: 1 where both regions belong to the same group (diagonal 1).

    Used as a dyadic covariate (e.g. same province, 同省) in QAP / MRQAP regressions.

    >>> same_group(pd.Series({"a": "x", "b": "x", "c": "y"})).loc["a"].tolist()
    [1.0, 1.0, 0.0]
    """
    if not isinstance(groups, pd.Series):
        raise FtzlinkError(f"same_group: groups: expected a Series region → group, got {type(groups).__name__}")
    if groups.index.has_duplicates:
        raise FtzlinkError(f"same_group: groups: duplicate region(s) "
                           f"{preview(groups.index[groups.index.duplicated()].unique())}")
    if groups.isna().any():
        raise FtzlinkError(f"same_group: no group for {preview(groups.index[groups.isna()])}")
    g = groups.to_numpy()
    return pd.DataFrame((g[:, None] == g[None, :]).astype(float), index=groups.index, columns=groups.index)


def mutual_complementarity(comp: pd.DataFrame) -> pd.DataFrame:
    """Symmetric strength of each pair from a directional matrix: (C_rq + C_qr) / 2, NaN as 0.

    Turns a directional matrix (supplier → buyer) into the undirected link strength a network
    or map draws; an undefined direction (nothing to complement) contributes no link. The
    diagonal is 0.

    >>> c = pd.DataFrame([[np.nan, 0.8], [np.nan, np.nan]], index=["a", "b"], columns=["a", "b"])
    >>> float(mutual_complementarity(c).loc["a", "b"])
    0.4
    """
    values = np.nan_to_num(check_pairs(comp, "comp").to_numpy())
    np.fill_diagonal(values, 0.0)
    labels = pd.Index(comp.index, name=comp.index.name if comp.index.name not in ("supplier", None) else "region")
    return pd.DataFrame((values + values.T) / 2, index=labels, columns=labels.copy())


def linkage_graph(pairwise: pd.DataFrame, threshold: float = 0.0, *, directed: bool = False):
    """networkx graph with an edge r–q (weight S_rq) for every off-diagonal S_rq > ``threshold``.

    Undirected graphs need a symmetric matrix (:func:`check_symmetric`) and take its upper
    triangle; ``directed=True`` keeps r → q for directional indices. NaN cells give no edge.

    >>> s = pd.DataFrame([[1, .5, 0], [.5, 1, .2], [0, .2, 1]], index=list("abc"), columns=list("abc"))
    >>> sorted((a, b, float(w)) for a, b, w in linkage_graph(s, 0.1).edges(data="weight"))
    [('a', 'b', 0.5), ('b', 'c', 0.2)]
    """
    import networkx as nx

    threshold = check_number(threshold, "threshold")
    pairwise = check_pairs(pairwise, "linkage_graph") if directed else check_symmetric(pairwise, "linkage_graph")
    values = pairwise.to_numpy()
    keep = np.nan_to_num(values, nan=-np.inf) > threshold
    np.fill_diagonal(keep, False)
    if not directed:
        keep = np.triu(keep)
    graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(pairwise.index)
    rows, cols = np.nonzero(keep)
    graph.add_weighted_edges_from(zip(pairwise.index[rows], pairwise.columns[cols], values[rows, cols]))
    return graph
