"""Report parameters: their specification, YAML config, ``-p key=value`` overrides and validation.

Each parameter is specified once in :data:`PARAMETERS` (default, allowed values, description);
allowed values come from the library's vocabulary (:mod:`ftzlink.vocabulary`) and the study's
registry, so ``--list-params``, the validation and the CLI cannot drift apart. Parameters are
validated here, before any notebook runs, and each error names the parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ftzlink.errors import FtzlinkError
from ftzlink.study.registry import LEVELS, WEIGHTS, ZONE_KINDS
from ftzlink.vocabulary import (
    COMPLEMENTARITY_BASES,
    FIGURE_FORMATS,
    FIRM_MEASURES,
    LANGUAGES,
    RELATEDNESS_METHODS,
    SIMILARITY_METHODS,
)

NOTEBOOKS = (
    "01_zone_profiles",
    "02_positioning_overlap",
    "03_complementarity",
    "04_plans_vs_structure",
    "05_linkage_network",
    "06_robustness",
)
RELATEDNESS_SOURCES = ("io_table", "co_listing")


@dataclass(frozen=True)
class Parameter:
    """One report parameter: default, allowed values (None: free), kind and description."""

    default: Any
    description: str
    choices: tuple | None = None
    kind: str = "choice"          # choice | list | int | optional_int | number | text | io_table | optional_list | optional_path
    bounds: tuple | None = None


PARAMETERS: dict[str, Parameter] = {
    "provinces": Parameter(["Hubei", "Hunan", "Zhejiang"], "provinces whose zones are analysed (English or Chinese names)", kind="list"),
    "zones": Parameter(None, "zone ids to keep (default: every zone of the provinces and kinds)", kind="optional_list"),
    "kinds": Parameter(["pilot_area", "linkage_zone"], "zone kinds: pilot areas 片区, linkage zones 联动创新区, coordination areas 协同区", ZONE_KINDS, kind="list"),
    "level": Parameter("industry", "industry level of the positioning matrix in notebooks 01, 02, 05 (overlap) and 06; complementarity (03, 05) uses the 42 IO sectors and notebook 04 GB/T divisions by construction, and says so", tuple(LEVELS)),
    "weight": Parameter("binary", "how listings weigh in the positioning matrix (01, 02, 06); complementarity uses split (io) or binary (relatedness) weights, the overlap tests binary lists, and says so", WEIGHTS),
    "similarity_method": Parameter("jaccard", "pairwise index of positioning overlap (同质化)", SIMILARITY_METHODS),
    "complementarity_basis": Parameter("io", "what complementarity rests on: the national input-output table (io) or industry relatedness", COMPLEMENTARITY_BASES),
    "io_table": Parameter(2020, "national input-output table: an embedded year (2017, 2018, 2020) or the path of a 42-sector NBS table", kind="io_table"),
    "relatedness_source": Parameter("io_table", "with complementarity_basis=relatedness: relatedness from the IO table, or exploratory co-listing of the zones' own lists", RELATEDNESS_SOURCES),
    "relatedness_method": Parameter("cosine", "normalisation of co-listing relatedness (relatedness_source=co_listing)", RELATEDNESS_METHODS),
    "robustness_methods": Parameter(["jaccard", "cosine", "finger_kreinin"], "alternative similarity methods compared with the baseline", SIMILARITY_METHODS, kind="list"),
    "source_docs": Parameter(None, "positioning source documents to use (default: all)", kind="optional_list"),
    "statistics_year": Parameter(2024, "data year of the provincial industry statistics", kind="int", bounds=(2000, 2100)),
    "measure": Parameter("revenue", "measure of the provincial industry statistics (e.g. revenue, avg_employment)", kind="text"),
    "firm_data": Parameter(None, "firm records (Parquet file or directory, or CSV; schema of ftzlink.microdata): notebooks 02, 03 and 04 then also compare the zones' firm structure", kind="optional_path"),
    "firm_zones": Parameter(None, "zone assignment of the firm records: a CSV zone table (zone, adcode) or polygons (GeoJSON, GeoPackage, shapefile) whose zone column holds zone ids; not needed when the records carry a region column of zone ids", kind="optional_path"),
    "firm_measure": Parameter("count", "what the firm structure measures: active firms at year end (count) or the sum over them of a firm measure", ("count", *FIRM_MEASURES)),
    "firm_year": Parameter(None, "year whose end the firm structure describes (default: the last year of the data)", kind="optional_int", bounds=(1900, 2100)),
    "language": Parameter("en", "language of figures, tables and text", LANGUAGES),
    "formats": Parameter(["pdf", "png"], "figure formats written", FIGURE_FORMATS, kind="list"),
    "dpi": Parameter(300, "resolution of PNG figures", kind="int", bounds=(72, 1200)),
    "n_permutations": Parameter(999, "random permutations of every permutation test", kind="int", bounds=(1, 1_000_000)),
    "n_boot": Parameter(499, "bootstrap replicates", kind="int", bounds=(2, 1_000_000)),
    "link_threshold": Parameter(0.25, "mutual complementarity above which a pair is drawn as a link", kind="number", bounds=(0, 1)),
    "seed": Parameter(20240401, "seed of every random draw (same seed → same results)", kind="int", bounds=(0, 2**32 - 1)),
    "notebooks": Parameter(list(NOTEBOOKS), "notebooks to run, in order", NOTEBOOKS, kind="list"),
}
DEFAULTS: dict[str, Any] = {name: spec.default for name, spec in PARAMETERS.items()}


def read_config(path: str | Path) -> dict[str, Any]:
    """Read a YAML mapping of parameters with ``yaml.safe_load`` (no arbitrary objects)."""
    path = Path(path)
    if not path.is_file():
        raise FtzlinkError(f"config {path}: no such file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise FtzlinkError(f"config {path}: not valid UTF-8 YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FtzlinkError(f"config {path}: expected a mapping of parameter: value, got {type(data).__name__}")
    return data


def parse_overrides(pairs: list[str]) -> dict[str, Any]:
    """Turn ``["level=io42", "formats=[pdf, svg]"]`` into a dict; values are parsed as YAML."""
    out = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise FtzlinkError(f"-p {pair!r}: expected key=value")
        try:
            out[key.strip()] = yaml.safe_load(raw) if raw.strip() else None
        except yaml.YAMLError as exc:
            raise FtzlinkError(f"-p {pair!r}: cannot parse the value: {exc}") from None
    return out


def describe_parameters() -> str:
    """The parameters as text for ``ftzlink report --list-params``: default, allowed values, meaning."""
    lines = []
    for name, spec in PARAMETERS.items():
        default = yaml.safe_dump(spec.default, default_flow_style=True, allow_unicode=True).strip()
        default = default.removesuffix("\n...").removesuffix("...").strip()
        allowed = ", ".join(map(str, spec.choices)) if spec.choices else (
            f"integer in [{spec.bounds[0]}, {spec.bounds[1]}]" if spec.kind == "int" else
            f"number in [{spec.bounds[0]}, {spec.bounds[1]})" if spec.kind == "number" else
            "embedded year or path" if spec.kind == "io_table" else "path (file or directory) or null"
            if spec.kind == "optional_path" else "integer or null" if spec.kind == "optional_int" else "list of strings" if "list" in spec.kind
            else "text")
        lines.append(f"{name}: {default}\n    {spec.description}\n    allowed: {allowed}")
    return "\n".join(lines) + "\n"


def _check_list(key: str, value, spec: Parameter):
    if value is None and spec.kind == "optional_list":
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise FtzlinkError(f"parameter {key!r}: expected a non-empty list of strings, got {value!r}")
    twice = sorted({v for v in value if value.count(v) > 1})
    if twice:
        raise FtzlinkError(f"parameter {key!r}: {', '.join(twice)} given more than once")
    return value


def _check_io_table(value) -> int | str:
    """An embedded year (int) or the absolute path of an existing table file (str)."""
    from ftzlink.io_tables.national import national_tables

    years = sorted(national_tables()["year"].astype(int).unique())
    if isinstance(value, bool) or not isinstance(value, (int, str)) or value == "":
        raise FtzlinkError(f"parameter 'io_table': expected an embedded year ({', '.join(map(str, years))}) "
                           f"or the path of a table, got {value!r}")
    if isinstance(value, int):
        if value not in years:
            raise FtzlinkError(f"parameter 'io_table': no embedded table for {value}; embedded: "
                               f"{', '.join(map(str, years))}, or give the path of a table")
        return value
    path = Path(value).expanduser()
    if not path.is_file():
        raise FtzlinkError(f"parameter 'io_table': no such file {value!r}")
    return str(path.resolve())


def _check_path(key: str, value) -> str | None:
    """None, or the absolute path of an existing file or directory (notebooks run elsewhere)."""
    if value is None:
        return None
    if not isinstance(value, (str, Path)) or str(value) == "":
        raise FtzlinkError(f"parameter {key!r}: expected the path of a file or directory, got {value!r}")
    path = Path(value).expanduser()
    if not path.exists():
        raise FtzlinkError(f"parameter {key!r}: no such file or directory {str(value)!r}")
    return str(path.resolve())


def validate_params(params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Merge ``params`` over :data:`DEFAULTS`, check every value and return the full set.

    Raises FtzlinkError naming the first bad parameter (unknown key, wrong type, value outside
    its choices or bounds, a value given twice, zone or province not in the registry, an IO
    table that is neither embedded nor a file, statistics that do not exist).
    """
    if params is not None and not isinstance(params, Mapping):
        raise FtzlinkError(f"parameters: expected a mapping of name → value, got {type(params).__name__}")
    params = dict(params or {})
    unknown = sorted(set(params) - set(PARAMETERS))
    if unknown:
        raise FtzlinkError(f"unknown parameter(s) {', '.join(unknown)}; known: {', '.join(PARAMETERS)}")
    merged = {**DEFAULTS, **params}
    for key, spec in PARAMETERS.items():
        value = merged[key]
        if spec.kind in ("list", "optional_list"):
            value = _check_list(key, value, spec)
        elif spec.kind == "optional_path":
            value = _check_path(key, value)
        elif spec.kind in ("int", "optional_int") and not (value is None and spec.kind == "optional_int"):
            lo, hi = spec.bounds
            if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
                raise FtzlinkError(f"parameter {key!r}: expected an integer in [{lo}, {hi}], got {value!r}")
        elif spec.kind == "number":
            lo, hi = spec.bounds
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value < hi:
                raise FtzlinkError(f"parameter {key!r}: expected a number in [{lo}, {hi}), got {value!r}")
        elif spec.kind == "text":
            if not isinstance(value, str) or not value:
                raise FtzlinkError(f"parameter {key!r}: expected a non-empty text, got {value!r}")
        elif spec.kind == "io_table":
            value = _check_io_table(value)
        if spec.choices is not None and value is not None:
            values = value if isinstance(value, list) else [value]
            bad = [v for v in values if v not in spec.choices]
            if bad:
                raise FtzlinkError(f"parameter {key!r}: {', '.join(map(str, bad))} not one of "
                                   f"{', '.join(map(str, spec.choices))}")
        merged[key] = value
    if merged["firm_data"] is None and (merged["firm_zones"] is not None or merged["firm_year"] is not None):
        raise FtzlinkError("parameters 'firm_zones'/'firm_year': they describe firm data; give 'firm_data' too")
    _check_registry(merged)
    return merged


def _check_registry(merged: dict[str, Any]) -> None:
    """Provinces, zones, source documents and statistics must exist in the curated data."""
    from ftzlink.study.registry import load_positioning, load_zones
    from ftzlink.study.statistics import load_statistics

    try:
        zones = load_zones(kinds=merged["kinds"], provinces=merged["provinces"])
    except FtzlinkError as exc:
        raise FtzlinkError(f"parameter 'provinces': {exc}") from None
    if merged["zones"] is not None:
        from ftzlink.study.registry import zone_ids

        try:
            merged["zones"] = zone_ids(merged["zones"], load_zones())
        except FtzlinkError as exc:
            raise FtzlinkError(f"parameter {exc}") from None
        unknown = sorted(set(merged["zones"]) - set(zones.index))
        if unknown:
            raise FtzlinkError(f"parameter 'zones': {', '.join(unknown)} not among the zones of "
                               f"provinces {merged['provinces']} and kinds {merged['kinds']}")
        if len(merged["zones"]) < 2:
            raise FtzlinkError("parameter 'zones': pairwise indices need at least two zones")
    elif len(zones) < 2:
        raise FtzlinkError("parameter 'provinces': the selection has fewer than two zones")
    if merged["source_docs"] is not None:
        known = set(load_positioning()["source_doc"])
        unknown = sorted(set(merged["source_docs"]) - known)
        if unknown:
            raise FtzlinkError(f"parameter 'source_docs': unknown {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    stats = load_statistics()
    have = stats[(stats["measure"] == merged["measure"]) & (stats["year"] == merged["statistics_year"])]
    if have.empty:
        pairs = stats[["measure", "year"]].drop_duplicates().sort_values(["measure", "year"])
        raise FtzlinkError(f"parameters 'measure'/'statistics_year': no curated {merged['measure']!r} for "
                           f"{merged['statistics_year']}; available: "
                           + ", ".join(f"{m} {y}" for m, y in pairs.itertuples(index=False)))
