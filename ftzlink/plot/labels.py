"""Bilingual (zh / en) labels and province groups for figures, from the registry tables.

A zones table (``load_zones()``) has ``name_zh, name_en, province_zh, province_en``; an
industries table (``load_industries()``) has ``name_zh, name_en``. ``lang`` picks the
``_zh`` or ``_en`` column; a missing id or an empty name raises, naming it. Provinces are
ordered (and coloured) by their first appearance in the zones table, so every figure made
from the same table groups and colours them the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ftzlink.checks import check_columns, check_ids, preview
from ftzlink.errors import FtzlinkError
from ftzlink.plot.style import CATEGORICAL, check_lang

TEXT = {
    "zh": {"province": "省份", "pilot_area": "自贸试验区片区", "linkage_zone": "联动创新区",
           "coordination_area": "协同区", "shared_point": "同一城市代表点上的区已错开显示"},
    "en": {"province": "Province", "pilot_area": "Pilot area", "linkage_zone": "Linkage zone",
           "coordination_area": "Coordination area",
           "shared_point": "zones sharing a city point are spread apart"},
}


def text(key: str, lang: str) -> str:
    """Fixed figure text (legend titles etc.) in ``lang``."""
    return TEXT[check_lang(lang)][key]


def names(table: pd.DataFrame, ids: Iterable, lang: str, column: str = "name", name: str = "table") -> pd.Series:
    """``column_<lang>`` of ``table`` for ``ids``, as a Series indexed by id.

    >>> names(pd.DataFrame({"name_zh": ["武汉片区"], "name_en": ["Wuhan Area"]}, index=["hb_wuhan"]),
    ...       ["hb_wuhan"], "en").tolist()
    ['Wuhan Area']
    """
    col = f"{column}_{check_lang(lang)}"
    check_columns(table, [col], name)
    ids = pd.Index(ids)
    check_ids(ids, table, name)
    out = table.loc[ids, col]
    empty = out.isna() | (out.astype(str).str.strip() == "")
    if empty.any():
        raise FtzlinkError(f"{name}: empty {col} for {preview(ids[empty.to_numpy()])}")
    return out.astype(str)


def by_province(zones: pd.DataFrame, ids: Iterable, lang: str) -> pd.Series:
    """Province label of each id, ordered by province (table order), then by zone (table order).

    >>> z = pd.DataFrame({"province_en": ["Hubei", "Hunan", "Hubei"]}, index=["a", "b", "c"])
    >>> by_province(z, ["b", "c", "a"], "en").index.tolist()
    ['a', 'c', 'b']
    """
    prov = names(zones, ids, lang, column="province", name="zones")
    rank = province_rank(zones, lang)
    key = prov.map(rank) * len(zones) + zones.index.get_indexer(prov.index)
    return prov.iloc[key.to_numpy().argsort(kind="stable")]


def province_rank(zones: pd.DataFrame, lang: str) -> dict[str, int]:
    """Position of each province (``province_<lang>``) by first appearance in ``zones``."""
    col = f"province_{check_lang(lang)}"
    check_columns(zones, [col], "zones")
    return {p: i for i, p in enumerate(pd.unique(zones[col].dropna().astype(str)))}


def province_colours(zones: pd.DataFrame, lang: str) -> dict[str, str]:
    """Okabe–Ito colour of each province of ``zones``, in table order."""
    rank = province_rank(zones, lang)
    if len(rank) > len(CATEGORICAL):
        raise FtzlinkError(f"zones: {len(rank)} provinces, more than the {len(CATEGORICAL)} categorical colours")
    return {p: CATEGORICAL[i] for p, i in rank.items()}
