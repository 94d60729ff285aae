"""The zone registry, official positioning and the industry concordances.

- :func:`load_zones` — one row per zone (pilot area 片区, linkage innovation zone 联动创新区,
  coordination area 协同区), indexed by ``zone_id``.
- :func:`load_positioning` — long table ``zone_id, industry_id, term_zh, role, source_doc``:
  which industries each zone is meant to develop, per source document.
- :func:`positioning_matrix` — the zone × industry matrix that the index functions take, at the
  level of the canonical policy industries, GB/T 4754-2017 divisions or the 42 IO sectors.

Every curated row carries ``source`` and ``verified``; see ``data/raw/SOURCES.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from ftzlink.checks import check_file, check_names, preview
from ftzlink.errors import FtzlinkError
from ftzlink.readers import read_csv_text
from ftzlink.resources import data_file

ZONE_KINDS = ("pilot_area", "linkage_zone", "coordination_area")
LEVELS = {
    "industry": None,
    "gbt_division": ("concordance_gbt4754.csv", "division"),
    "io42": ("concordance_io42.csv", "io42_code"),
    "gbt_section": ("concordance_gbt4754.csv", "division"),
}
CODE_LISTS = {"gbt_division": ("gbt4754_2017_divisions.csv", "division"), "io42": ("io42_sectors.csv", "io42_code")}
WEIGHTS = ("binary", "count", "split")


def _read_curated(name: str, columns: Iterable[str], key: list[str], path: Path | None) -> pd.DataFrame:
    """Read a curated CSV, check its columns, key uniqueness, ``source`` and ``verified``.

    The checked table is cached per file state (path, modification time, size), so the loaders
    that build on each other read and check each file once; callers get a copy.
    """
    path = check_file(path if path is not None else data_file(name), "path")
    stat = path.stat()
    return _read_checked(str(path), stat.st_mtime_ns, stat.st_size, tuple(columns), tuple(key)).copy()


@lru_cache(maxsize=64)
def _read_checked(path: str, _mtime_ns: int, _size: int, columns: tuple[str, ...], key: tuple[str, ...]) -> pd.DataFrame:
    key = list(key)
    df = read_csv_text(path)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise FtzlinkError(f"{path}: missing column(s) {', '.join(missing)}")
    for column in key:
        empty = df[column].str.strip() == ""
        if empty.any():
            raise FtzlinkError(f"{path}: line {int(empty.to_numpy().argmax()) + 2}: empty {column}")
    dup = df.duplicated(subset=key, keep=False)
    if dup.any():
        line = int(np.flatnonzero(dup.to_numpy())[1]) + 2
        raise FtzlinkError(f"{path}: line {line}: duplicate {'/'.join(key)} {tuple(df.loc[dup, key].iloc[0])}")
    if "source" in df.columns:
        empty = df["source"].str.strip() == ""
        if empty.any():
            raise FtzlinkError(f"{path}: line {int(empty.to_numpy().argmax()) + 2}: empty source")
    if "verified" in df.columns:
        flags = df["verified"].str.strip().str.lower()
        bad = ~flags.isin(["true", "false"])
        if bad.any():
            line = int(bad.to_numpy().argmax()) + 2
            raise FtzlinkError(f"{path}: line {line}: verified must be true or false, got {df['verified'].iloc[line - 2]!r}")
        df["verified"] = flags == "true"
    return df


def _check_known(values: pd.Series, known: Iterable[str], what: str, path: str) -> None:
    unknown = ~values.isin(list(known))
    if unknown.any():
        line = int(unknown.to_numpy().argmax()) + 2
        raise FtzlinkError(f"{path}: line {line}: unknown {what} {values.iloc[line - 2]!r}")


def load_industries(path: Path | None = None) -> pd.DataFrame:
    """Canonical policy-industry vocabulary, indexed by ``industry_id`` (zh and en names).

    >>> ind = load_industries()
    >>> {"name_zh", "name_en"} <= set(ind.columns), ind.index.is_unique
    (True, True)
    """
    df = _read_curated("industries.csv", ["industry_id", "name_zh", "name_en"], ["industry_id"], path)
    return df.set_index("industry_id")


def load_zones(
    kinds: Iterable[str] | None = None,
    provinces: Iterable[str] | None = None,
    path: Path | None = None,
) -> pd.DataFrame:
    """Zone registry indexed by ``zone_id``, optionally filtered by ``kinds`` and ``provinces``.

    Provinces are matched against ``province_en`` (case-insensitive) or ``province_zh``.
    ``area_km2``, ``lon`` and ``lat`` are floats (NaN where no source gives them); ``adcode``
    stays a 6-character string.

    >>> load_zones(kinds=["pilot_area"]).loc["hb_wuhan", "adcode"]
    '420100'
    """
    cols = ["zone_id", "name_zh", "name_en", "province_zh", "province_en", "kind", "host_city_zh",
            "host_city_en", "adcode", "area_km2", "lon", "lat", "source", "verified"]
    df = _read_curated("zones.csv", cols, ["zone_id"], path)
    where = str(path or data_file("zones.csv"))
    _check_known(df["kind"], ZONE_KINDS, "kind", where)
    bad = ~df["adcode"].str.fullmatch(r"\d{6}")
    if bad.any():
        line = int(bad.to_numpy().argmax()) + 2
        raise FtzlinkError(f"{where}: line {line}: adcode must be 6 digits, got {df['adcode'].iloc[line - 2]!r}")
    for col in ("area_km2", "lon", "lat"):
        num = pd.to_numeric(df[col].replace("", np.nan), errors="coerce")
        bad = num.isna() & (df[col] != "")
        if bad.any():
            line = int(bad.to_numpy().argmax()) + 2
            raise FtzlinkError(f"{where}: line {line}: {col} is not a number: {df[col].iloc[line - 2]!r}")
        df[col] = num
    df = df.set_index("zone_id")
    if kinds is not None:
        kinds = check_names(kinds, "load_zones: kinds")
        _check_known(pd.Series(kinds), ZONE_KINDS, "zone kind", "load_zones(kinds=...)")
        df = df[df["kind"].isin(kinds)]
    if provinces is not None:
        wanted = check_names(provinces, "load_zones: provinces")
        keys = {_name_key(v): en for en, zh in zip(df["province_en"], df["province_zh"]) for v in (en, zh)}
        unknown = [p for p in wanted if _name_key(p) not in keys]
        if unknown:
            raise FtzlinkError(f"load_zones: unknown province(s) {preview(unknown)}; known: "
                               f"{preview(sorted(set(df['province_en'])), 10)} (or their Chinese names)")
        df = df[df["province_en"].isin({keys[_name_key(p)] for p in wanted})]
    return df


def province_names(lang: str, zones: pd.DataFrame | None = None) -> dict[str, str]:
    """Region id → name in ``lang`` (``"zh"`` or ``"en"``): the provinces of ``zones`` (default the
    registry's) by their lower-case English name, as the curated statistics' ``region`` column
    has them, and ``china`` for the national tables.

    >>> province_names("zh")["hubei"], province_names("en")["china"]
    ('湖北省', 'China')
    """
    if lang not in ("zh", "en"):
        raise FtzlinkError(f"province_names: lang must be 'zh' or 'en', got {lang!r}")
    zones = load_zones() if zones is None else zones
    provinces = zones.drop_duplicates("province_en")
    names = dict(zip(provinces["province_en"].str.lower(), provinces[f"province_{lang}"]))
    names.setdefault("china", "全国" if lang == "zh" else "China")
    return names


_SUFFIXES = ("自由贸易试验区", "联动创新区", "协同区", "片区", "省", "市", " area", " zone")


def _name_key(name) -> str:
    """Case- and suffix-insensitive key of a zone or province name (湖北省 = 湖北 = Hubei = hubei)."""
    key = str(name).strip().lower()
    for suffix in _SUFFIXES:
        key = key.removesuffix(suffix.lower())
    return key.strip()


def zone_ids(names: Iterable[str] | str, zones: pd.DataFrame | None = None) -> list[str]:
    """Zone ids for zones named by id, Chinese name (with or without 片区) or English name.

    Raises FtzlinkError naming unknown or ambiguous names (e.g. 杭州 is both the Hangzhou pilot
    area and the Hangzhou linkage zone: use 杭州片区, 杭州联动创新区 or the id).

    >>> zone_ids(["武汉", "Xiangyang Area", "hb_yichang"])
    ['hb_wuhan', 'hb_xiangyang', 'hb_yichang']
    """
    zones = load_zones() if zones is None else zones
    names = [names] if isinstance(names, str) else list(names)
    exact = {}
    for zid, zh, en in zip(zones.index, zones["name_zh"], zones["name_en"]):
        for label in (zid, zh, en):
            exact.setdefault(str(label).strip().lower(), set()).add(zid)
    loose = {}
    for zid, zh, en in zip(zones.index, zones["name_zh"], zones["name_en"]):
        for label in (zh, en):
            loose.setdefault(_name_key(label), set()).add(zid)
    out, unknown, ambiguous = [], [], []
    for name in names:
        hits = exact.get(str(name).strip().lower()) or loose.get(_name_key(name), set())
        if not hits:
            unknown.append(str(name))
        elif len(hits) > 1:
            ambiguous.append(f"{name} ({', '.join(sorted(hits))})")
        else:
            out.append(next(iter(hits)))
    if unknown or ambiguous:
        raise FtzlinkError("zones: " + "; ".join(
            ([f"unknown {preview(unknown)}"] if unknown else []) + ([f"ambiguous {', '.join(ambiguous)}"] if ambiguous else [])))
    return out


def load_positioning(
    source_docs: Iterable[str] | None = None,
    zones: Iterable[str] | None = None,
    path: Path | None = None,
) -> pd.DataFrame:
    """Official positioning as a long table (one row per zone, industry, role, source document).

    ``source_docs`` and ``zones`` filter the rows; unknown values raise, naming them. Every
    ``zone_id`` must be in the registry and every ``industry_id`` in the vocabulary.

    >>> pos = load_positioning(zones=["hb_wuhan"])
    >>> set(pos["zone_id"]), bool(pos["source"].str.len().gt(0).all())
    ({'hb_wuhan'}, True)
    """
    cols = ["zone_id", "industry_id", "term_zh", "role", "source_doc", "source", "verified"]
    df = _read_curated("positioning.csv", cols, ["zone_id", "industry_id", "role", "source_doc"], path)
    where = str(path or data_file("positioning.csv"))
    _check_known(df["zone_id"], load_zones().index, "zone_id", where)
    _check_known(df["industry_id"], load_industries().index, "industry_id", where)
    for arg, col, name in ((source_docs, "source_doc", "source_docs"), (zones, "zone_id", "zones")):
        if arg is None:
            continue
        wanted = check_names(arg, f"load_positioning: {name}")
        unknown = sorted(set(wanted) - set(df[col]))
        if unknown:
            raise FtzlinkError(f"load_positioning: unknown {col}(s) {preview(unknown)}; known: "
                               f"{preview(sorted(set(df[col])), 12)}")
        df = df[df[col].isin(wanted)]
    return df.reset_index(drop=True)


def load_codes(level: str) -> pd.DataFrame:
    """The code list of ``level`` indexed by code: GB/T 4754-2017 divisions (with their
    ``section``), the GB/T sections (A–T), or the 42 IO sectors."""
    if level == "gbt_section":
        div = load_codes("gbt_division")
        sections = div.drop_duplicates("section").set_index("section")
        return sections[["section_zh", "section_en"]].rename(columns={"section_zh": "name_zh", "section_en": "name_en"})
    if level not in CODE_LISTS:
        raise FtzlinkError(f"load_codes: level must be one of gbt_division, gbt_section, io42, got {level!r}")
    name, code_col = CODE_LISTS[level]
    return _read_curated(name, [code_col, "name_zh", "name_en"], [code_col], None).set_index(code_col)


def load_concordance(level: str, path: Path | None = None) -> pd.DataFrame:
    """Industry × code 0/1 matrix mapping canonical industries to every ``level`` code.

    ``level`` is ``"gbt_division"`` (GB/T 4754-2017 divisions), ``"gbt_section"`` (their
    sections A–T: an industry maps to a section when it maps to one of its divisions) or
    ``"io42"`` (42 IO sectors); columns cover the whole code list, so codes no industry maps
    to are all-zero columns.
    """
    if level == "gbt_section":
        divisions = load_concordance("gbt_division", path)
        section_of = load_codes("gbt_division")["section"]
        return (divisions.T.groupby(section_of.reindex(divisions.columns).to_numpy()).max().T
                .reindex(columns=load_codes("gbt_section").index, fill_value=0.0).rename_axis(columns=level))
    if level not in CODE_LISTS:
        raise FtzlinkError(f"load_concordance: level must be one of gbt_division, gbt_section, io42, got {level!r}")
    name, code_col = LEVELS[level]
    where = str(path or data_file(name))
    df = _read_curated(name, ["industry_id", code_col, "note"], ["industry_id", code_col], path)
    _check_known(df["industry_id"], load_industries().index, "industry_id", where)
    codes = load_codes(level).index
    _check_known(df[code_col], codes, code_col, where)
    return pd.crosstab(df["industry_id"], df[code_col]).astype(float).reindex(columns=codes, fill_value=0.0) \
        .rename_axis(columns=level)


def positioning_matrix(
    level: Literal["industry", "gbt_division", "gbt_section", "io42"] = "industry",
    weight: Literal["binary", "count", "split"] = "binary",
    source_docs: Iterable[str] | None = None,
    zones: Iterable[str] | None = None,
    exclude_industries: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Zone × industry matrix of official positioning.

    Let P be the zone × canonical-industry count matrix (P_zi = number of source documents that
    list industry i for zone z) and C the industry × code concordance (C_ic = 1 when i maps to
    code c; k_i = Σ_c C_ic). Then, at ``level`` "gbt_division", "gbt_section" or "io42":

    - ``weight="binary"``: M_zc = 1 if Σ_i P_zi C_ic > 0 — the zone targets code c at all;
    - ``weight="count"``: M_zc = Σ_i P_zi C_ic — listings mapped to c (an industry that maps to
      k codes counts once in each);
    - ``weight="split"``: M_zc = Σ_i 1[P_zi > 0] C_ic / k_i — each listed industry spreads one unit
      evenly over its codes, so a row sums to the number of distinct industries listed.

    At ``level="industry"`` C is the identity. Columns are every code of the level (zeros
    included, so matrices for different zone sets align); rows are the zones with positioning.
    Listings of ``exclude_industries`` (canonical industry ids) are left out of P; their zones
    keep their rows (all zero when nothing else is listed).

    >>> m = positioning_matrix(level="gbt_division", weight="binary")
    >>> m.columns.name, bool(m.isin([0.0, 1.0]).all().all())
    ('gbt_division', True)
    """
    if not isinstance(level, str) or level not in LEVELS:
        raise FtzlinkError(f"positioning_matrix: level must be one of {list(LEVELS)}, got {level!r}")
    if not isinstance(weight, str) or weight not in WEIGHTS:
        raise FtzlinkError(f"positioning_matrix: weight must be one of {list(WEIGHTS)}, got {weight!r}")
    pos = load_positioning(source_docs=source_docs, zones=zones)
    if pos.empty:
        raise FtzlinkError("positioning_matrix: no positioning rows for the chosen zones and source documents")
    listings = pos.drop_duplicates(["zone_id", "industry_id", "source_doc"])
    counts = pd.crosstab(listings["zone_id"], listings["industry_id"]).astype(float)
    industries = load_industries().index
    excluded = [] if exclude_industries is None else check_names(exclude_industries, "positioning_matrix: "
                                                                "exclude_industries", allow_empty=True)
    unknown = sorted(set(excluded) - set(industries))
    if unknown:
        raise FtzlinkError(f"positioning_matrix: exclude_industries: unknown industry id(s) {preview(unknown)}")
    counts = counts.reindex(columns=industries, fill_value=0.0)
    counts[excluded] = 0.0
    if level == "industry":
        conc = pd.DataFrame(np.eye(len(industries)), index=industries, columns=industries)
    else:
        conc = load_concordance(level).reindex(index=industries, fill_value=0.0)
        unmapped = industries[(counts.sum(axis=0) > 0).to_numpy() & (conc.sum(axis=1) == 0).to_numpy()]
        if len(unmapped):
            raise FtzlinkError(f"positioning_matrix: industry id(s) {preview(unmapped)} have no "
                               f"{level} code in {LEVELS[level][0]}; add a concordance row")
    if weight == "binary":
        mat = ((counts @ conc) > 0).astype(float)
    elif weight == "count":
        mat = counts @ conc
    else:
        k = conc.sum(axis=1).where(lambda v: v > 0, 1.0)
        mat = (counts > 0).astype(float) @ conc.div(k, axis=0)
    return mat.rename_axis(index="zone_id", columns=level if level != "industry" else "industry_id")


def load_division_io42() -> pd.Series:
    """GB/T 4754-2017 division → IO-42 sector code (``concordance_gbt4754_io42.csv``), one each.

    >>> load_division_io42()["36"]
    '18'
    """
    df = _read_curated("concordance_gbt4754_io42.csv", ["division", "io42_code"], ["division"], None)
    return df.set_index("division")["io42_code"].rename("io42_code")


def plan_source_docs() -> list[str]:
    """The ``source_doc`` ids of State Council plans (``plan_*``), as opposed to other documents."""
    return sorted(d for d in load_positioning()["source_doc"].unique() if d.startswith("plan_"))
