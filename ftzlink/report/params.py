"""Report parameters: defaults, YAML config, ``-p key=value`` overrides and validation.

Parameters are validated here, before any notebook runs, and each error names the parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from ftzlink.errors import FtzlinkError

NOTEBOOKS = (
    "01_zone_profiles",
    "02_positioning_overlap",
    "03_complementarity",
    "04_specialisation",
    "05_linkage_network",
    "06_robustness",
)

DEFAULTS: dict[str, Any] = {
    "provinces": ["Hubei", "Hunan", "Zhejiang"],
    "zones": None,
    "kinds": ["pilot_area", "linkage_zone"],
    "level": "industry",
    "weight": "binary",
    "similarity_method": "jaccard",
    "relatedness_method": "cosine",
    "robustness_methods": ["jaccard", "cosine", "finger_kreinin"],
    "source_docs": None,
    "io_table": None,
    "statistics_year": 2023,
    "measure": "employment",
    "language": "en",
    "formats": ["pdf", "png"],
    "dpi": 300,
    "n_permutations": 999,
    "n_boot": 499,
    "link_threshold": 0.25,
    "seed": 20240401,
    "notebooks": list(NOTEBOOKS),
}

CHOICES = {
    "kinds": ("pilot_area", "linkage_zone", "coordination_area"),
    "level": ("industry", "gbt_division", "gbt_section", "io42"),
    "weight": ("binary", "count", "split"),
    "similarity_method": ("jaccard", "cosine", "finger_kreinin", "krugman", "pearson"),
    "relatedness_method": ("prob", "association", "cosine", "jaccard"),
    "robustness_methods": ("jaccard", "cosine", "finger_kreinin", "krugman", "pearson"),
    "language": ("zh", "en"),
    "formats": ("pdf", "png", "svg"),
    "notebooks": NOTEBOOKS,
}
LIST_PARAMS = ("provinces", "zones", "kinds", "robustness_methods", "source_docs", "formats", "notebooks")
INT_PARAMS = {"statistics_year": (2000, 2100), "dpi": (72, 1200), "n_permutations": (0, 1_000_000),
              "n_boot": (1, 1_000_000), "seed": (0, 2**32 - 1)}


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


def validate_params(params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Merge ``params`` over :data:`DEFAULTS`, check every value and return the full set.

    Raises FtzlinkError naming the first bad parameter (unknown key, wrong type, value outside
    its choices, zone or province not in the registry, missing IO table file).
    """
    params = dict(params or {})
    unknown = sorted(set(params) - set(DEFAULTS))
    if unknown:
        raise FtzlinkError(f"unknown parameter(s) {', '.join(unknown)}; known: {', '.join(DEFAULTS)}")
    merged = {**DEFAULTS, **params}
    for key in LIST_PARAMS:
        value = merged[key]
        if value is None and key in ("zones", "source_docs"):
            continue
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise FtzlinkError(f"parameter {key!r}: expected a non-empty list of strings, got {value!r}")
        merged[key] = value
    for key, choices in CHOICES.items():
        values = merged[key] if isinstance(merged[key], list) else [merged[key]]
        bad = [v for v in values if v not in choices]
        if bad:
            raise FtzlinkError(f"parameter {key!r}: {', '.join(map(str, bad))} not one of {', '.join(choices)}")
    for key, (lo, hi) in INT_PARAMS.items():
        value = merged[key]
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise FtzlinkError(f"parameter {key!r}: expected an integer in [{lo}, {hi}], got {value!r}")
    if not isinstance(merged["measure"], str) or not merged["measure"]:
        raise FtzlinkError(f"parameter 'measure': expected a measure name such as 'employment', got {merged['measure']!r}")
    threshold = merged["link_threshold"]
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold < 1:
        raise FtzlinkError(f"parameter 'link_threshold': expected a number in [0, 1), got {threshold!r}")
    if merged["io_table"] is not None:
        if not isinstance(merged["io_table"], str) or not Path(merged["io_table"]).is_file():
            raise FtzlinkError(f"parameter 'io_table': no such file {merged['io_table']!r}")
        merged["io_table"] = str(Path(merged["io_table"]).resolve())
    _check_registry(merged)
    return merged


def _check_registry(merged: dict[str, Any]) -> None:
    """Provinces, zones and source documents must exist in the curated data."""
    from ftzlink.study.registry import load_positioning, load_zones

    try:
        zones = load_zones(kinds=merged["kinds"], provinces=merged["provinces"])
    except FtzlinkError as exc:
        raise FtzlinkError(f"parameter 'provinces': {exc}") from None
    if merged["zones"] is not None:
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
