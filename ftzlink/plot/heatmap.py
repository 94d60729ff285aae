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

from ftzlink.checks import check_flag, check_number
from ftzlink.errors import FtzlinkError
from ftzlink.pairs import check_pairs
from ftzlink.plot._draw import column_headers, contrast_text, mark_groups, wrap
from ftzlink.plot.labels import by_province, measure_label, names, text
from ftzlink.plot.theme import DIVERGING, FONT_SIZE, SEQUENTIAL, SMALL_SIZE, check_lang, figsize, style

#: Units a directional heatmap's axis titles can name (``directional=True`` means "zone").
DIRECTIONAL_UNITS = ("zone", "province", "region")


def axis_titles(directional: bool | str | None, lang: str, index: pd.DataFrame | None = None) -> tuple[str, str] | None:
    """(row title, column title) of a directional index: supplier rows, buyer columns; None when
    ``directional`` is False. ``directional`` is True (zones) or a unit of ``DIRECTIONAL_UNITS``;
    None means zones when ``index``'s axes are named "supplier" and "buyer" (as every
    complementarity function names them), else no titles.

    >>> axis_titles(True, "en"), axis_titles("province", "zh")
    (('Supplier zone', 'Buyer zone'), ('供给方省份', '需求方省份'))
    """
    check_lang(lang)
    if directional is None:
        named = index is not None and (index.index.name, index.columns.name) == ("supplier", "buyer")
        directional = bool(named)
    if directional is False or (isinstance(directional, (bool, np.bool_)) and not directional):
        return None
    unit = "zone" if isinstance(directional, (bool, np.bool_)) else directional
    if not isinstance(unit, str) or unit not in DIRECTIONAL_UNITS:
        raise FtzlinkError(f"directional: must be True, False or one of {list(DIRECTIONAL_UNITS)}, got {directional!r}")
    return text(f"supplier_{unit}", lang), text(f"buyer_{unit}", lang)


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
    directional: bool | str | None = None,
) -> Figure:
    """Heatmap of a zone × zone ``index`` (e.g. ``similarity(mat)``), values written in the cells.

    ``zones`` is the registry table (``load_zones()``) giving names and provinces; ``lang``
    picks zh or en names. ``diagonal=False`` blanks the self-pairs; NaN cells are blank too.
    ``label`` titles the colour bar: a measure id ("jaccard", "complementarity" …) is shown
    by its localised name, any other text as it is. ``directional`` titles the axes of an
    asymmetric index, rows supplying and columns buying (by default, when the index's axes are
    named "supplier" and "buyer", as complementarity results are). Returns the figure (export
    it with :func:`save`).

    Zones are grouped by province (in table order) and, with ``cluster``, ordered within each
    province of more than two zones by average-linkage clustering of their rows (Euclidean
    distance) with optimal leaf ordering (:func:`cluster_order`). The colour scale is
    sequential from the smallest to the largest finite value, or, with ``center``, diverging
    and symmetric around ``center`` (half range = max |value − center|).

    Parameters
    ----------
    index : pandas.DataFrame
        Zone × zone index, the same zone ids on both axes (directional indices allowed).
    zones : pandas.DataFrame
        Zones table indexed by zone id with ``name_<lang>`` and ``province_<lang>``.
    lang : {"zh", "en"}, default "zh"
        Language of the names.
    center : float, optional
        Natural midpoint of the index (1 for location quotients, 0 for correlations); None
        gives a sequential scale.
    cluster : bool, default True
        Cluster within provinces; False keeps the table order.
    annotate : bool, default True
        Write each finite value in its cell.
    fmt : str, default "{:.2f}"
        Format of the cell values.
    diagonal : bool, default True
        Draw the self-pairs.
    label : str, optional
        Colour-bar title; a measure id of ``ftzlink.plot.labels.MEASURES`` is replaced by its
        name in ``lang`` (``"jaccard"`` → "Jaccard overlap" / "Jaccard 重合度").
    width : {"single", "onehalf", "double"} or float, default "double"
        Figure width (journal column widths, or millimetres).
    font : {"sans", "serif"}, default "sans"
        CJK font kind of the figure style.
    directional : bool or {"zone", "province", "region"}, optional
        For a directional index (rows supply, columns buy, e.g. complementarity): title the
        rows "Supplier zone" and the columns "Buyer zone" ("供给方片区" / "需求方片区"); a unit
        names provinces ("Supplier province", "供给方省份") or regions instead of zones. None
        (default) titles the axes as zones when ``index``'s axes are named "supplier" and
        "buyer", and leaves them untitled otherwise; False never titles them.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes: the heatmap and its colour bar. Cell values are texts with ``gid="value"``,
        province headers texts with ``gid="province"``.

    Raises
    ------
    FtzlinkError
        When ``index`` is not a square DataFrame with the same zone ids on both axes, unique
        labels, numeric columns and no infinite off-diagonal value; for an unknown ``lang``, a
        zone missing from ``zones`` or an empty name; when clustering meets a NaN in a province of
        more than two zones; when no finite value is left to draw; for a bad ``width``,
        ``font`` or ``directional``.

    References
    ----------
    Bar-Joseph, Z., Gifford, D. K. & Jaakkola, T. S. (2001), Fast optimal leaf ordering for
    hierarchical clustering, *Bioinformatics* 17(suppl. 1), S22–S29. Harrower, M. & Brewer,
    C. A. (2003), ColorBrewer.org: an online tool for selecting colour schemes for maps, *The
    Cartographic Journal* 40(1), 27–37.

    Examples
    --------
    Hubei (two zones, kept in table order) comes before Hunan; without the diagonal six cells
    carry values, the first row's being 0.40 and 0.20:

    >>> zones = pd.DataFrame({"name_en": ["Wuhan", "Xiangyang", "Changsha"],
    ...                       "province_en": ["Hubei", "Hubei", "Hunan"]}, index=["hb_wh", "hb_xy", "hn_cs"])
    >>> idx = pd.DataFrame([[1, 0.4, 0.2], [0.4, 1, 0.3], [0.2, 0.3, 1]], index=zones.index, columns=zones.index)
    >>> fig = index_heatmap(idx, zones, lang="en", diagonal=False)
    >>> [tick.get_text() for tick in fig.axes[0].get_yticklabels()]
    ['Wuhan', 'Xiangyang', 'Changsha']
    >>> len(fig.axes), [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "value"]
    (2, ['0.40', '0.20', '0.40', '0.30', '0.20', '0.30'])
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "province"]
    ['Hubei', 'Hunan']
    >>> plt.close(fig)

    A directional index (rows supply, columns buy) gets axis titles; the measure id on the
    colour bar is named in the figure's language:

    >>> comp = idx.mul([1.0, 2.0, 3.0], axis=0)  # row r supplies column q
    >>> fig = index_heatmap(comp, zones, lang="en", label="complementarity", directional=True)
    >>> fig.axes[0].get_ylabel(), fig.axes[0].get_xlabel(), fig.axes[1].get_ylabel()
    ('Supplier zone', 'Buyer zone', 'Complementarity')
    >>> plt.close(fig)
    """
    index = check_pairs(index, "index")
    titles = axis_titles(directional, lang, index)
    cluster, annotate, diagonal = (check_flag(v, n) for v, n in ((cluster, "cluster"), (annotate, "annotate"),
                                                                  (diagonal, "diagonal")))
    groups = by_province(zones, index.index, lang)
    order = cluster_order(index, groups) if cluster else groups.index
    groups = groups.loc[order]
    values = index.loc[order, order].to_numpy()
    if not diagonal:
        values = np.where(np.eye(len(order), dtype=bool), np.nan, values)
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        raise FtzlinkError("index: no finite value to draw")
    if center is not None:
        center = check_number(center, "center")
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
        mark_groups(ax, groups, "x", label=False)
        mark_groups(ax, groups, "y", label=False)
        if titles is not None:
            ax.set_ylabel(titles[0])
            ax.set_xlabel(titles[1])
        if annotate:
            rows, cols = np.nonzero(np.isfinite(values))
            cell = values[rows, cols]
            colours = contrast_text(mesh.cmap(norm(cell)))
            for r, c, v, colour in zip(rows, cols, cell, colours):  # one text per cell, inside it: out of
                ax.text(c + 0.5, r + 0.5, fmt.format(v), ha="center", va="center",  # the layout, which need
                        fontsize=SMALL_SIZE, color=colour, gid="value", in_layout=False)  # not measure it
        fig.colorbar(mesh, ax=ax, shrink=0.6, label=wrap(measure_label(label, lang)))
        codes = list(groups.to_numpy())
        column_headers(ax, [("province", codes, codes, FONT_SIZE)], base_pt=3.0)
    return fig
