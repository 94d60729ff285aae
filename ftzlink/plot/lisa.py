"""LISA cluster map: zones as points coloured by their local Moran cluster class.

Takes the table of :func:`ftzlink.stats.local_moran` (its ``cluster`` column: HH, LH, LL, HL
or ns) and the registry's zones table (``lon``, ``lat``, names). Points are projected with
geopandas to the Albers equal-area conic of :mod:`ftzlink.plot.maps` (``CRS``) and drawn in
the conventional LISA colours (GeoDa): high–high red, low–low blue, low–high light blue,
high–low light red, not significant grey; the legend counts the zones of each class.
"""

from __future__ import annotations

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ftzlink.checks import check_columns, check_flag, check_ids, preview
from ftzlink.errors import FtzlinkError
from ftzlink.plot._draw import place_point_labels, spread, wrap
from ftzlink.plot.labels import measure_label, names
from ftzlink.plot.maps import CRS, MARKER_AREA, MARKER_PT
from ftzlink.plot.theme import NEUTRAL, SMALL_SIZE, check_lang, figsize, style
from ftzlink.vocabulary import LISA_CLUSTERS

#: GeoDa's LISA colours, by class.
LISA_COLOURS = {"HH": "#D7191C", "LH": "#ABD9E9", "LL": "#2C7BB6", "HL": "#FDAE61", "ns": NEUTRAL}
LISA_TEXT = {
    "zh": {"HH": "高—高", "LH": "低—高", "LL": "低—低", "HL": "高—低", "ns": "不显著", "title": "LISA 聚类"},
    "en": {"HH": "High–high", "LH": "Low–high", "LL": "Low–low", "HL": "High–low", "ns": "Not significant",
           "title": "LISA cluster"},
}


def lisa_map(lisa_table: pd.DataFrame, zones: pd.DataFrame, *, lang: str = "zh", label_zones: bool = True,
             title: str | None = None, dodge_km: float = 14.0, width: str | float = "single",
             font: str = "sans") -> Figure:
    """Map zones as points coloured by LISA cluster class (HH, LH, LL, HL, not significant).

    Each class is one scatter collection with ``gid="lisa-<class>"`` (classes without zones are
    left out of the map and the legend); the legend entry reads "<class name> (<count>)" and the
    legend sits below the map. Zones sharing a point are spread on a circle of ``dodge_km``, and
    each name takes the first spot around its point where it covers no other name or point (as
    in :func:`zone_map`; a cluster too dense for its names needs a wider ``width``). Range of
    the input: one ``cluster`` value per zone, from ``LISA_CLUSTERS``.

    Zeros: a table with every zone ``ns`` draws grey points only.

    Parameters
    ----------
    lisa_table : pandas.DataFrame
        Indexed by zone id with a ``cluster`` column, e.g. ``local_moran(...).table``.
    zones : pandas.DataFrame
        The registry's zones table indexed by zone id, with ``lon``, ``lat`` and
        ``name_<lang>`` (only the zones of ``lisa_table`` are drawn).
    lang : {"zh", "en"}, default "zh"
        Language of the class names, legend title and zone names.
    label_zones : bool, default True
        Write each zone's name beside its point.
    title : str, optional
        Legend title; default "LISA 聚类" / "LISA cluster" (a measure id of
        ``ftzlink.plot.labels.MEASURES`` is replaced by its name in ``lang``).
    dodge_km : float, default 14.0
        Radius of the circle on which zones sharing a point are spread.
    width : {"single", "onehalf", "double"} or float, default "single"
        Figure width (journal column widths, or millimetres); the height follows the points.
    font : {"sans", "serif"}, default "sans"
        CJK font kind of the figure style.

    Returns
    -------
    matplotlib.figure.Figure
        One axes; export it with :func:`ftzlink.plot.save`.

    Raises
    ------
    FtzlinkError
        When ``lisa_table`` lacks ``cluster`` or holds other classes, names zones missing from
        ``zones``; when ``zones`` lacks lon/lat or names; for an unknown ``lang``, ``width``
        or ``font``.

    References
    ----------
    Anselin, L. (1995), Local indicators of spatial association — LISA, *Geographical Analysis*
    27(2), 93–115; Anselin, L., Syabri, I. & Kho, Y. (2006), GeoDa: an introduction to spatial
    data analysis, *Geographical Analysis* 38(1), 5–22 (the cluster-map colours).

    Examples
    --------
    >>> zones = pd.DataFrame({"name_en": ["Wuhan Area", "Xiangyang Area", "Changsha Area"],
    ...                       "lon": [114.38, 112.00, 113.08], "lat": [30.67, 31.93, 28.25]},
    ...                      index=["hb_wuhan", "hb_xiangyang", "hn_changsha"])
    >>> table = pd.DataFrame({"cluster": ["HH", "HH", "ns"]}, index=zones.index)
    >>> fig = lisa_map(table, zones, lang="en")
    >>> [c.get_gid() for c in fig.axes[0].collections]
    ['lisa-HH', 'lisa-ns']
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['High–high (2)', 'Not significant (1)']
    >>> plt.close(fig)
    """
    lang = check_lang(lang)
    label_zones = check_flag(label_zones, "label_zones")
    check_columns(lisa_table, ["cluster"], "lisa_table")
    if lisa_table.empty:
        raise FtzlinkError("lisa_table: the table is empty")
    unknown = sorted(set(lisa_table["cluster"].astype(str)) - set(LISA_CLUSTERS))
    if unknown:
        raise FtzlinkError(f"lisa_table: unknown cluster class(es) {preview(unknown)}; expected {LISA_CLUSTERS}")
    check_columns(zones, ["lon", "lat", f"name_{lang}"], "zones")
    check_ids(lisa_table.index, zones, "zones")
    lonlat = zones.loc[lisa_table.index, ["lon", "lat"]].apply(pd.to_numeric, errors="coerce")
    missing = lisa_table.index[lonlat.isna().any(axis=1).to_numpy()]
    if len(missing):
        raise FtzlinkError(f"zones: no lon/lat for {preview(missing)}")
    zone_names = names(zones, lisa_table.index, lang, name="zones")
    points = gpd.GeoSeries(gpd.points_from_xy(lonlat["lon"], lonlat["lat"]), crs="EPSG:4326").to_crs(CRS)
    xy = spread(np.c_[points.x, points.y], dodge_km * 1000)
    text = LISA_TEXT[lang]
    cluster = lisa_table["cluster"].astype(str).to_numpy()
    span = np.ptp(xy, axis=0).max() if len(xy) > 1 else 1.0
    pad = 0.12 * max(span, 50_000.0)
    lo, hi = xy.min(axis=0) - pad, xy.max(axis=0) + pad
    with style(font):
        fig, ax = plt.subplots(figsize=figsize(width, aspect=min(1.5, max(0.5, (hi[1] - lo[1]) / (hi[0] - lo[0])))))
        handles = []
        for cls in LISA_CLUSTERS:
            sel = cluster == cls
            if sel.any():
                ax.scatter(xy[sel, 0], xy[sel, 1], s=MARKER_AREA, c=LISA_COLOURS[cls], edgecolors="black", linewidths=0.6,
                           zorder=3 if cls != "ns" else 2, gid=f"lisa-{cls}")
                handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor=LISA_COLOURS[cls],
                                      markeredgecolor="black", label=f"{text[cls]} ({int(sel.sum())})"))
        labels = [ax.annotate(wrap(name, 16), (x, y), xytext=(4, 0), textcoords="offset points",
                              fontsize=SMALL_SIZE, ha="left", va="center", zorder=4)
                  for (x, y), name in zip(xy, zone_names)] if label_zones else []
        ax.set_xlim(lo[0], hi[0])
        ax.set_ylim(lo[1], hi[1])
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.spines[:].set_visible(True)
        ax.spines[:].set_linewidth(0.6)
        # the legend below the map, where it covers no point; the names clear of each other and the markers
        ax.legend(handles=handles, title=wrap(measure_label(title, lang) if title is not None else text["title"], 60),
                  loc="upper center", bbox_to_anchor=(0.5, -0.02), ncols=3, borderaxespad=0.0)
        place_point_labels(ax, labels, [True] * len(labels), marker_pt=MARKER_PT)
    return fig
