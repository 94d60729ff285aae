"""Assign firms to zones: by a table of administrative codes or by polygons, with reference regions.

A **zone table** (user-supplied; ftzlink ships none) has one row per (zone, administrative code):

==========  ======================================================================================
column      content
==========  ======================================================================================
``zone``    the zone's label (any text; another column name via ``zone_column=``)
``adcode``  a 6-digit GB/T 2260 code: a county (e.g. ``420106``), a whole city (``420100``: every
            code ``4201xx``) or a whole province (``420000``: every code ``42xxxx``)
==========  ======================================================================================

A firm takes the zone of the most specific code that matches its ``adcode`` (county before city
before province); one code may belong to one zone only.

**Polygons** (a GeoDataFrame or a file that ``geopandas.read_file`` reads, e.g. GeoJSON, with a
``zone`` column; several rows of a zone are merged): a firm with ``lon``/``lat`` takes the zone
whose polygon contains its point (geopandas spatial join, predicate ``within``: a point on a
border is outside). Zones whose interiors overlap are refused. Without a CRS the polygons are
taken as WGS84 longitude/latitude (EPSG:4326), the CRS of ``lon``/``lat``.

Firms outside every zone go to a **reference region** (``fallback``): their host city
(``"city"``: the first four digits of ``adcode`` + ``"00"``) or their county (``"county"``: the
6-digit ``adcode``); with ``fallback=None`` they are left without a region (and out of
aggregates). ``region_kind`` says which: ``"zone"``, ``"city"``, ``"county"`` (or ``"given"``
for a ``region`` column already in the records).

>>> firms = pd.DataFrame({"firm_id": [1, 2], "start_date": ["2019-01-01"] * 2,
...                       "industry_code": ["3911", "6510"], "adcode": ["420106", "430102"]})
>>> table = pd.DataFrame({"zone": ["wuhan"], "adcode": ["420100"]})
>>> assign_zones(firms, table)[["region", "region_kind"]].to_numpy().tolist()
[['wuhan', 'zone'], ['430100', 'city']]
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice, preview
from ftzlink.errors import FtzlinkError
from ftzlink.microdata import schema

#: ``fallback=``: the reference region of firms outside every zone (or None: no region).
FALLBACKS = ("city", "county")
WGS84 = "EPSG:4326"


@dataclass(frozen=True)
class ZoneSpec:
    """Checked zone definition sent to every partition (picklable)."""

    table: pd.DataFrame | None = None        # columns code, zone, digits (6, 4 or 2 significant)
    polygons: object | None = None           # GeoDataFrame: zone, geometry
    fallback: str | None = "city"


def zone_table(table: pd.DataFrame, zone_column: str = "zone", name: str = "zones_table") -> pd.DataFrame:
    """Check a zone table (module docstring) and return columns ``code``, ``zone``, ``digits``.

    ``digits`` is how many leading digits a firm's adcode must share: 2 (province), 4 (city)
    or 6 (county).

    >>> zone_table(pd.DataFrame({"zone": ["a", "b"], "adcode": ["420100", "420106"]}))["digits"].tolist()
    [4, 6]
    """
    if not isinstance(table, pd.DataFrame):
        raise FtzlinkError(f"{name}: expected a DataFrame with columns {zone_column}, adcode; "
                           f"got {type(table).__name__}")
    missing = [c for c in (zone_column, "adcode") if c not in table.columns]
    if missing:
        raise FtzlinkError(f"{name}: missing column(s) {preview(missing)}; found {preview(table.columns, 20)}")
    if table.empty:
        raise FtzlinkError(f"{name}: the table has no rows")
    codes = table["adcode"]
    if pd.api.types.is_numeric_dtype(codes):
        codes = codes.astype("Int64")
    codes = codes.astype("str").where(codes.notna())
    bad = codes.isna() | ~codes.str.fullmatch(schema.ADCODE_PATTERN).fillna(False).astype(bool) \
        | table[zone_column].isna()
    if bad.any():
        raise FtzlinkError(f"{name}: rows {preview(table.index[bad.to_numpy()])} need a zone and a 6-digit adcode; "
                           f"got {preview(table['adcode'][bad].tolist())}")
    out = pd.DataFrame({"code": codes.to_numpy(dtype=object), "zone": table[zone_column].astype(str).to_numpy()})
    out = out.drop_duplicates()
    twice = out["code"].duplicated(keep=False)
    if twice.any():
        clash = out[twice].groupby("code")["zone"].agg(", ".join)
        raise FtzlinkError(f"{name}: code(s) listed for more than one zone: "
                           f"{preview(f'{c} ({z})' for c, z in clash.items())}")
    out["digits"] = np.where(out["code"].str.endswith("0000"), 2, np.where(out["code"].str.endswith("00"), 4, 6))
    return out.reset_index(drop=True)


def zone_polygons(polygons, zone_column: str = "zone", name: str = "polygons"):
    """Read and check zone polygons; return a GeoDataFrame with one (multi)polygon per zone.

    >>> from shapely.geometry import box
    >>> import geopandas
    >>> squares = geopandas.GeoDataFrame({"zone": ["a", "b"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)])
    >>> zone_polygons(squares).index.tolist()
    [0, 1]
    """
    import geopandas
    import shapely

    if isinstance(polygons, (str, os.PathLike)):
        try:
            polygons = geopandas.read_file(polygons)
        except Exception as exc:  # pyogrio's errors are not ftzlink's
            raise FtzlinkError(f"{name}: cannot read {os.fspath(polygons)!r} as a vector file ({exc})") from None
    if not isinstance(polygons, geopandas.GeoDataFrame):
        raise FtzlinkError(f"{name}: expected a GeoDataFrame or a path to a GeoJSON/vector file, "
                           f"got {type(polygons).__name__}")
    if zone_column not in polygons.columns:
        raise FtzlinkError(f"{name}: no {zone_column!r} column; found {preview(polygons.columns, 20)}")
    geometry = polygons.geometry
    bad = geometry.isna() | geometry.is_empty | ~geometry.geom_type.isin(["Polygon", "MultiPolygon"])
    if bad.any() or polygons[zone_column].isna().any():
        rows = polygons.index[(bad | polygons[zone_column].isna()).to_numpy()]
        raise FtzlinkError(f"{name}: rows {preview(rows)} need a zone and a polygon geometry")
    crs = polygons.crs or WGS84
    zones = geopandas.GeoDataFrame({"zone": polygons[zone_column].astype(str).to_numpy()},
                                   geometry=geometry.to_numpy(), crs=crs).dissolve(by="zone", as_index=False)
    geoms = zones.geometry.to_numpy()
    i, j = np.triu_indices(len(geoms), k=1)
    overlap = shapely.relate_pattern(geoms[i], geoms[j], "T********")
    if overlap.any():
        pairs = [f"{zones['zone'].iloc[a]} & {zones['zone'].iloc[b]}" for a, b in zip(i[overlap], j[overlap])]
        raise FtzlinkError(f"{name}: zone polygons overlap ({preview(pairs)}); a firm would be in two zones")
    return zones


def zone_spec(zones_table=None, polygons=None, fallback: str | None = "city", zone_column: str = "zone") -> ZoneSpec:
    """Check the zone arguments of :func:`assign_zones` and bundle them."""
    if fallback is not None:
        check_choice(fallback, FALLBACKS, "fallback")
    if zones_table is not None and polygons is not None:
        raise FtzlinkError("assign_zones: give zones_table or polygons, not both")
    table = None if zones_table is None else zone_table(zones_table, zone_column)
    polys = None if polygons is None else zone_polygons(polygons, zone_column)
    return ZoneSpec(table, polys, fallback)


def zones_by_code(adcode: pd.Series, table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Zone of each adcode, most specific code first, as (positions into labels, −1 outside; labels)."""
    positions, uniques = pd.factorize(adcode)
    text = pd.Index(uniques, dtype=object).astype(str)
    zone = np.full(len(text), None, dtype=object)
    for digits in (2, 4, 6):                 # later (more specific) levels overwrite
        level = table[table["digits"] == digits]
        found = pd.Series(level["zone"].to_numpy(), index=level["code"].str.slice(0, digits).to_numpy())
        hit = found.reindex(text.str.slice(0, digits)).to_numpy(dtype=object)
        zone = np.where(pd.isna(hit), zone, hit)
    zone_pos, labels = pd.factorize(zone)
    out = np.where(positions >= 0, zone_pos[positions], -1)
    return out, np.asarray(labels, dtype=object)


def has_point(df: pd.DataFrame) -> np.ndarray:
    """Rows with usable lon/lat (both given, in range, row without a lon/lat problem)."""
    if "lon" not in df.columns:
        return np.zeros(len(df), dtype=bool)
    ok = (df["_problems"].to_numpy() & schema.BIT["lonlat"]) == 0
    return ok & df["lon"].notna().to_numpy() & df["lat"].notna().to_numpy()


def points(df: pd.DataFrame, crs):
    """GeoDataFrame of the firms with a point: column ``_pos`` (position in ``df``), in ``crs``."""
    import geopandas

    rows = np.flatnonzero(has_point(df))
    pts = geopandas.GeoDataFrame({"_pos": rows}, geometry=geopandas.points_from_xy(
        df["lon"].to_numpy()[rows], df["lat"].to_numpy()[rows]), crs=WGS84)
    return pts if pts.crs == crs else pts.to_crs(crs)


def zones_from_join(n: int, joined: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Zone per row from a spatial join's (``_pos``, ``zone``) rows, as (positions, −1 outside; labels)."""
    zone_pos, labels = pd.factorize(joined["zone"])
    out = np.full(n, -1, dtype=np.int64)
    out[joined["_pos"].to_numpy(dtype=np.int64)] = zone_pos
    return out, np.asarray(labels, dtype=object)


def zones_by_polygon(df: pd.DataFrame, polygons) -> tuple[np.ndarray, np.ndarray]:
    """Zone of each firm's point by a geopandas spatial join (in memory)."""
    import geopandas

    joined = geopandas.sjoin(points(df, polygons.crs), polygons, how="inner", predicate="within")
    return zones_from_join(len(df), joined)


REGION_KINDS = ("zone", "city", "county", "given")


def with_regions(df: pd.DataFrame, zone: tuple[np.ndarray, np.ndarray] | None, fallback: str | None) -> pd.DataFrame:
    """Add ``region`` and ``region_kind``: the zone, else the fallback region of the adcode.

    ``zone`` is (positions, labels) from :func:`zones_by_code` or :func:`zones_by_polygon`.
    Without a zone definition (``zone`` None) an existing ``region`` column is kept as
    ``"given"``; firms without it get the fallback region. Built from factorised codes (the
    fallback is worked out once per distinct adcode).
    """
    n = len(df)
    kind = np.full(n, -1, dtype=np.int64)
    if zone is None and "region" in df.columns:
        codes, labels = pd.factorize(df["region"])
        kind[codes >= 0] = REGION_KINDS.index("given")
    elif zone is not None:
        codes, labels = zone
        kind[codes >= 0] = REGION_KINDS.index("zone")
    else:
        codes, labels = np.full(n, -1, dtype=np.int64), np.array([], dtype=object)
    codes = np.asarray(codes, dtype=np.int64).copy()
    labels = np.asarray(labels, dtype=object)
    problems = df["_problems"].to_numpy()
    outside = codes < 0
    if fallback is not None and outside.any():
        adcode = df["adcode"] if "adcode" in df.columns else pd.Series(pd.NA, index=df.index, dtype="str")
        code_pos, code_uniques = pd.factorize(adcode)
        text = pd.Index(code_uniques, dtype=object).astype(str)
        ref_pos, ref_labels = pd.factorize(text.str.slice(0, 4) + "00" if fallback == "city" else text)
        usable = (code_pos >= 0) & ((problems & schema.BIT["adcode"]) == 0)
        use = outside & usable
        codes[use] = len(labels) + ref_pos[code_pos[use]]
        labels = np.concatenate([labels, np.asarray(ref_labels, dtype=object)])
        kind[use] = REGION_KINDS.index(fallback)
        problems = problems | schema._bits("fallback", outside & ~usable)
    out = df.drop(columns=[c for c in ("region", "region_kind", "_problems") if c in df.columns])
    out["region"] = pd.array(labels, dtype="str").take(codes, allow_fill=True)
    out["region_kind"] = pd.array(np.array(REGION_KINDS, dtype=object), dtype="str").take(kind, allow_fill=True)
    out["_problems"] = problems
    return out


def regions_in_memory(df: pd.DataFrame, spec: ZoneSpec) -> pd.DataFrame:
    """:func:`with_regions` for one in-memory table or partition (code table or polygons)."""
    if spec.table is not None:
        adcode = df["adcode"] if "adcode" in df.columns else pd.Series(None, index=df.index, dtype=object)
        zone = zones_by_code(adcode, spec.table)
    elif spec.polygons is not None:
        zone = zones_by_polygon(df, spec.polygons)
    else:
        zone = None
    return with_regions(df, zone, spec.fallback)


def assign_zones(firms, zones_table: pd.DataFrame | None = None, polygons=None, fallback: str | None = "city",
                 *, zone_column: str = "zone", concordance: pd.DataFrame | None = None, client=None):
    """Assign each firm a region: its zone, or its host city or county as a reference region.

    Parameters
    ----------
    firms : pandas.DataFrame, dask.dataframe.DataFrame or path
        Firm records (schema in :mod:`ftzlink.microdata.schema`); validated first.
    zones_table : DataFrame, optional
        Zone table: columns ``zone`` and ``adcode`` (county, city ``xxxx00`` or province
        ``xx0000`` codes); see the module docstring. ftzlink ships none.
    polygons : GeoDataFrame or path, optional
        Zone polygons with a ``zone`` column (geopandas spatial join of the firms' lon/lat; on
        Dask inside each partition's task). Give ``zones_table`` or ``polygons``; with neither, every firm goes to
        its reference region.
    fallback : {"city", "county"} or None
        Region of firms outside every zone: host city (``adcode[:4] + "00"``) or county
        (``adcode``); None leaves them without a region.
    zone_column : str, default "zone"
        Name of the zone column of ``zones_table`` / ``polygons``.
    concordance, client
        As in :func:`ftzlink.microdata.validate_firms`.

    Returns
    -------
    pandas.DataFrame or dask.dataframe.DataFrame
        The validated records with ``region`` and ``region_kind`` (``"zone"``, ``"city"`` or
        ``"county"``) added; a Dask input gives a lazy Dask frame (the checks are computed).

    Raises
    ------
    FtzlinkError
        Invalid records (:func:`validate_firms`), a malformed zone table (codes in two zones),
        overlapping polygons, and firms outside every zone without an adcode for the fallback.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> import geopandas
    >>> squares = geopandas.GeoDataFrame({"zone": ["west", "east"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)])
    >>> firms = pd.DataFrame({"firm_id": [1, 2, 3], "start_date": ["2019-01-01"] * 3,
    ...                       "industry_code": ["3911"] * 3, "adcode": ["420106"] * 3,
    ...                       "lon": [0.5, 1.5, 5.0], "lat": [0.5, 0.5, 5.0]})
    >>> assign_zones(firms, polygons=squares, fallback="county")["region"].tolist()
    ['west', 'east', '420106']
    """
    from ftzlink.microdata import engines

    spec = zone_spec(zones_table, polygons, fallback, zone_column)
    rules = schema.rules_for(concordance)
    if engines.is_dask(firms):
        return engines.assign_dask(firms, rules, spec, client=client)
    from ftzlink.microdata.io import firms_table

    firms = firms_table(firms)
    schema.check_schema(firms.columns, firms.dtypes)
    prepared = regions_in_memory(schema.prepare(firms, rules), spec)
    schema.raise_problems(schema.examples(prepared))
    schema.duplicate_ids(prepared)
    return prepared.drop(columns="_problems")
