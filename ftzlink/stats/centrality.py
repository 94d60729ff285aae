"""Network measures of a zone linkage matrix (density, strength, centralities) with networkx."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from ftzlink.checks import check_pairwise


def linkage_graph(pairwise: pd.DataFrame, threshold: float = 0.0, *, directed: bool = False) -> nx.Graph:
    """Graph with an edge r–q (weight S_rq) for every off-diagonal S_rq > ``threshold``.

    Undirected graphs take the upper triangle (symmetric indices); ``directed=True`` keeps
    r → q for directional indices. NaN cells give no edge.
    """
    pairwise = check_pairwise(pairwise, "linkage_graph")
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


def network_measures(pairwise: pd.DataFrame, threshold: float = 0.0, *, directed: bool = False) -> pd.DataFrame:
    """Per-zone degree, strength (Σ of edge weights), and betweenness / closeness centrality.

    Path lengths for betweenness and closeness use distance = 1 / weight, so strong links are
    short. ``df.attrs["density"]`` holds the graph density (edges / possible edges).
    Reference: Freeman (1978); networkx's ``betweenness_centrality`` and
    ``closeness_centrality``.
    """
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
