"""Centrality of regions in a linkage network (degree, strength, betweenness, closeness) with networkx."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from ftzlink.checks import check_flag
from ftzlink.pairs import check_pairs, check_symmetric, linkage_graph


def network_measures(pairwise: pd.DataFrame, threshold: float = 0.0, *, directed: bool = False) -> pd.DataFrame:
    """Per-zone degree, strength (Σ of edge weights), and betweenness / closeness centrality.

    The network is :func:`ftzlink.pairs.linkage_graph`: an edge r–q of weight S_rq for every
    off-diagonal S_rq > ``threshold``. Degree k_r counts r's edges, strength s_r = Σ_q S_rq sums
    their weights. Path lengths for betweenness and closeness use distance = 1 / weight, so
    strong links are short: betweenness is the share of shortest paths between other zones that
    pass through r (normalised by (n − 1)(n − 2)/2, or (n − 1)(n − 2) when directed), and
    closeness is k / Σ_q d(q, r) over the k other zones connected to r, times k / (n − 1)
    (Wasserman & Faust's scaling, 1 in a connected graph; paths towards r when directed).
    ``df.attrs["density"]`` holds the graph density (edges / possible edges).

    Parameters
    ----------
    pairwise : pandas.DataFrame
        Zone × zone index (e.g. ``overlap(mat)``), the same labels on both axes; symmetric
        unless ``directed``. NaN cells give no edge; the diagonal is ignored.
    threshold : float, default 0.0
        Only pairs with a value above it are linked.
    directed : bool, default False
        Keep r → q edges of a directional index (e.g. complementarity); degree and strength
        then count both directions.

    Returns
    -------
    pandas.DataFrame
        Indexed by zone (in ``pairwise`` order, index named ``zone_id`` unless it has a name),
        columns ``degree``, ``strength``, ``betweenness`` and ``closeness``; an isolated zone has
        0 in each. ``attrs["density"]`` as above.

    Raises
    ------
    FtzlinkError
        When ``threshold`` is not a finite number; when ``pairwise`` is not a DataFrame, has
        duplicate labels or different row and column labels, non-numeric columns or infinite
        off-diagonal values; when it is not symmetric and ``directed`` is False.

    References
    ----------
    Freeman, L. C. (1978), Centrality in social networks: conceptual clarification, *Social
    Networks* 1(3), 215–239. Brandes, U. (2001), A faster algorithm for betweenness centrality,
    *Journal of Mathematical Sociology* 25(2), 163–177 (networkx's ``betweenness_centrality``
    and ``closeness_centrality``). Barrat, A. et al. (2004), The architecture of complex
    weighted networks, *PNAS* 101(11), 3747–3752 (strength). Wasserman, S. & Faust, K. (1994),
    *Social Network Analysis*, Cambridge University Press.

    Examples
    --------
    Edges a–b (weight 0.5, distance 2) and b–c (0.25, distance 4); a–c is 0. The path a–c
    passes through b (betweenness 1); closeness = 2 / (2 + 6), 2 / (2 + 4) and 2 / (4 + 6);
    density = 2 edges / 3 pairs.

    >>> z = ["a", "b", "c"]
    >>> s = pd.DataFrame([[1, 0.5, 0], [0.5, 1, 0.25], [0, 0.25, 1]], index=z, columns=z)
    >>> out = network_measures(s)
    >>> out["degree"].tolist(), out["strength"].round(6).tolist()
    ([1, 2, 1], [0.5, 0.75, 0.25])
    >>> out[["betweenness", "closeness"]].round(6).to_numpy().tolist()
    [[0.0, 0.25], [1.0, 0.333333], [0.0, 0.2]]
    >>> round(out.attrs["density"], 6)
    0.666667
    """
    directed = check_flag(directed, "directed")
    (check_pairs if directed else check_symmetric)(pairwise, "pairwise")
    graph = linkage_graph(pairwise, threshold, directed=directed)
    for _, _, data in graph.edges(data=True):
        data["distance"] = 1.0 / data["weight"] if data["weight"] > 0 else np.inf
    out = pd.DataFrame({
        "degree": pd.Series(dict(graph.degree())),
        "strength": pd.Series(dict(graph.degree(weight="weight"))),
        "betweenness": pd.Series(nx.betweenness_centrality(graph, weight="distance")),
        "closeness": pd.Series(nx.closeness_centrality(graph, distance="distance")),
    }).reindex(pairwise.index)
    out.index.name = pairwise.index.name or "zone_id"
    out.attrs["density"] = nx.density(graph)
    return out
