"""Annotated heatmap of a zone × zone index, zones grouped by province and clustered within.

Within each province the zones are ordered by average-linkage hierarchical clustering of
their rows (Euclidean distance between the zones' index profiles) with optimal leaf
ordering (Bar-Joseph, Gifford & Jaakkola 2001), so similar zones sit next to each other while
provinces stay contiguous. The colour scale is sequential (``SEQUENTIAL``) unless ``center``
is given — the index's natural midpoint (1 for location quotients, 0 for correlations) — in
which case a diverging map (``DIVERGING``) is centred on it with a symmetric range.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import colors
from matplotlib.figure import Figure
from scipy.cluster.hierarchy import leaves_list, linkage

from ftzlink.errors import FtzlinkError
from ftzlink.pairs import check_pairs
from ftzlink.plot._draw import contrast_text, mark_groups, wrap
from ftzlink.plot.labels import by_province, names
from ftzlink.plot.style import DIVERGING, SEQUENTIAL, SMALL_SIZE, figsize, style


def cluster_order(index: pd.DataFrame, groups: pd.Series) -> pd.Index:
    """Zone ids ordered group by group (in ``groups`` order), clustered within each group.

    >>> idx = pd.DataFrame([[1, .1, .9], [.1, 1, .2], [.9, .2, 1]], index=list("abc"), columns=list("abc"))
    >>> cluster_order(idx, pd.Series("p", index=list("abc"))).tolist()
    ['b', 'c', 'a']
    """
    order = []
    for group in pd.unique(groups):  # one pass per province
        members = groups.index[(groups == group).to_numpy()]
        if len(members) > 2:
            rows = index.loc[members].to_numpy()
            if np.isnan(rows).any():
                raise FtzlinkError(f"index: clustering needs complete rows; NaN among {list(members)} "
                                   "(pass cluster=False to keep the registry order)")
            members = members[leaves_list(linkage(rows, method="average", optimal_ordering=True))]
        order.extend(members)
    return pd.Index(order)


def index_heatmap(
    index: pd.DataFrame,
    zones: pd.DataFrame,
    *,
    lang: str = "zh",
    center: float | None = None,
    cluster: bool = True,
    annotate: bool = True,
    fmt: str = "{:.2f}",
    diagonal: bool = True,
    label: str | None = None,
    width: str | float = "double",
    font: str = "sans",
) -> Figure:
    """Heatmap of a zone × zone ``index`` (e.g. ``similarity(mat)``), values written in the cells.

    ``zones`` is the registry table (``load_zones()``) giving names and provinces; ``lang``
    picks zh or en names. ``diagonal=False`` blanks the self-pairs; NaN cells are blank too.
    ``label`` titles the colour bar. Returns the figure (export it with :func:`save`).
    """
    index = check_pairs(index, "index")
    groups = by_province(zones, index.index, lang)
    order = cluster_order(index, groups) if cluster else groups.index
    groups = groups.loc[order]
    values = index.loc[order, order].to_numpy()
    if not diagonal:
        values = np.where(np.eye(len(order), dtype=bool), np.nan, values)
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        raise FtzlinkError("index: no finite value to draw")
    if center is None:
        cmap, norm = SEQUENTIAL, colors.Normalize(finite.min(), finite.max())
    else:
        half = float(np.max(np.abs(finite - center))) or 1.0
        cmap, norm = DIVERGING, colors.CenteredNorm(vcenter=center, halfrange=half)
    labels = names(zones, order, lang, name="zones").to_numpy()
    n = len(order)
    with style(font):
        fig, ax = plt.subplots(figsize=figsize(width, aspect=0.82))
        mesh = ax.pcolormesh(np.ma.masked_invalid(values), cmap=cmap, norm=norm,
                             edgecolors="white", linewidth=0.4)
        ax.set_xlim(0, n)
        ax.set_ylim(n, 0)
        ax.set_aspect("equal")
        ax.set_xticks(np.arange(n) + 0.5, labels=labels, rotation=45, ha="right", rotation_mode="anchor")
        ax.set_yticks(np.arange(n) + 0.5, labels=labels)
        ax.tick_params(length=0)
        ax.spines[:].set_visible(False)
        mark_groups(ax, groups, "x")
        mark_groups(ax, groups, "y", label=False)
        if annotate:
            rows, cols = np.nonzero(np.isfinite(values))
            cell = values[rows, cols]
            colours = contrast_text(mesh.cmap(norm(cell)))
            for r, c, v, colour in zip(rows, cols, cell, colours):  # one text per cell
                ax.text(c + 0.5, r + 0.5, fmt.format(v), ha="center", va="center",
                        fontsize=SMALL_SIZE, color=colour)
        fig.colorbar(mesh, ax=ax, shrink=0.6, label=wrap(label))
        fig.draw_without_rendering()
    return fig
