"""Bilingual (zh / en) labels and province groups for figures, from the registry tables or your own.

A zones table (``load_zones()``) has ``name_zh, name_en, province_zh, province_en``; an
industries table (``load_industries()``) has ``name_zh, name_en``. ``lang`` picks the
``_zh`` or ``_en`` column; a missing id or an empty name raises, naming it. Provinces are
ordered (and coloured) by their first appearance in the zones table, so every figure made
from the same table groups and colours them the same way.

Your own regions table may instead carry a single ``name`` column (used for both languages)
and, optionally, a grouping column: ``province_zh`` / ``province_en``, a single ``province``,
or ``group`` (looked for in that order; without one every region is in one group).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ftzlink.checks import check_ids, preview
from ftzlink.errors import FtzlinkError
from ftzlink.plot.theme import CATEGORICAL, check_lang

TEXT = {
    "zh": {"province": "省份", "group": "分组", "pilot_area": "自贸试验区片区", "linkage_zone": "联动创新区",
           "coordination_area": "协同区", "shared_point": "同一城市代表点上的区已错开显示"},
    "en": {"province": "Province", "group": "Group", "pilot_area": "Pilot area", "linkage_zone": "Linkage zone",
           "coordination_area": "Coordination area",
           "shared_point": "zones sharing a city point are spread apart"},
}


def text(key: str, lang: str) -> str:
    """Fixed figure text (legend titles etc.) in ``lang``."""
    return TEXT[check_lang(lang)][key]


def _table(table: pd.DataFrame, name: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise FtzlinkError(f"{name}: expected a pandas DataFrame, got {type(table).__name__}")


def label_column(table: pd.DataFrame, column: str, lang: str, name: str = "table") -> str:
    """The column of ``table`` holding ``column`` in ``lang``: ``<column>_<lang>``, else a single
    ``<column>`` used for both languages; raises FtzlinkError naming the missing column.

    >>> label_column(pd.DataFrame({"name": ["Wuhan"]}), "name", "zh")
    'name'
    >>> label_column(pd.DataFrame({"name_zh": ["武汉"]}), "name", "en", name="regions")
    Traceback (most recent call last):
    ftzlink.errors.FtzlinkError: regions: missing column(s) name_en (or name, for both languages); found name_zh
    """
    _table(table, name)
    col = f"{column}_{check_lang(lang)}"
    if col in table.columns:
        return col
    if column in table.columns:
        return column
    raise FtzlinkError(f"{name}: missing column(s) {col} (or {column}, for both languages); "
                       f"found {preview(table.columns, 20)}")


def _values(table: pd.DataFrame, ids: Iterable, col: str, name: str) -> pd.Series:
    ids = pd.Index(ids)
    check_ids(ids, table, name)
    out = table.loc[ids, col]
    empty = out.isna() | (out.astype(str).str.strip() == "")
    if empty.any():
        raise FtzlinkError(f"{name}: empty {col} for {preview(ids[empty.to_numpy()])}")
    return out.astype(str)


def names(table: pd.DataFrame, ids: Iterable, lang: str, column: str = "name", name: str = "table") -> pd.Series:
    """``column_<lang>`` (or a single ``column``) of ``table`` for ``ids``, as a Series indexed by id.

    >>> names(pd.DataFrame({"name_zh": ["武汉片区"], "name_en": ["Wuhan Area"]}, index=["hb_wuhan"]),
    ...       ["hb_wuhan"], "en").tolist()
    ['Wuhan Area']
    >>> names(pd.DataFrame({"name": ["Wuhan"]}, index=["wh"]), ["wh"], "zh").tolist()
    ['Wuhan']
    """
    return _values(table, ids, label_column(table, column, lang, name), name)


def group_column(table: pd.DataFrame, lang: str, name: str = "zones") -> str | None:
    """The grouping column of a zones or regions table: ``province_<lang>``, ``province`` or
    ``group`` (the first present), or None when there is none. A table with a province column
    in the other language only raises, naming the missing one.

    >>> group_column(pd.DataFrame({"group": ["coast"], "name": ["Ningbo"]}), "en")
    'group'
    >>> group_column(pd.DataFrame({"name": ["Ningbo"]}), "en") is None
    True
    """
    _table(table, name)
    for col in (f"province_{check_lang(lang)}", "province", "group"):
        if col in table.columns:
            return col
    other = [str(c) for c in table.columns if str(c).startswith("province_")]
    if other:
        raise FtzlinkError(f"{name}: missing column(s) province_{lang} (or province, for both languages); "
                           f"found {preview(table.columns, 20)}")
    return None


def groups(table: pd.DataFrame, ids: Iterable, lang: str, name: str = "zones") -> pd.Series:
    """Group label (province, or ``group``) of each id, as a Series indexed by id; ``""`` for
    every id when the table has no grouping column.

    >>> groups(pd.DataFrame({"name": ["a", "b"]}, index=["a", "b"]), ["b"], "en").tolist()
    ['']
    """
    col = group_column(table, lang, name)
    if col is None:
        ids = pd.Index(ids)
        check_ids(ids, table, name)
        return pd.Series("", index=ids, dtype=object)
    return _values(table, ids, col, name)


def by_province(zones: pd.DataFrame, ids: Iterable, lang: str) -> pd.Series:
    """Province (or group) label of each id, ordered by province (table order), then by zone
    (table order).

    >>> z = pd.DataFrame({"province_en": ["Hubei", "Hunan", "Hubei"]}, index=["a", "b", "c"])
    >>> by_province(z, ["b", "c", "a"], "en").index.tolist()
    ['a', 'c', 'b']
    """
    prov = groups(zones, ids, lang)
    rank = province_rank(zones, lang)
    key = prov.map(rank) * len(zones) + zones.index.get_indexer(prov.index)
    return prov.iloc[key.to_numpy().argsort(kind="stable")]


def province_rank(zones: pd.DataFrame, lang: str) -> dict[str, int]:
    """Position of each province (``province_<lang>``, or the grouping column) by first appearance
    in ``zones``; ``{"": 0}`` for a table without a grouping column."""
    col = group_column(zones, lang)
    if col is None:
        return {"": 0}
    return {p: i for i, p in enumerate(pd.unique(zones[col].dropna().astype(str)))}


def province_colours(zones: pd.DataFrame, lang: str) -> dict[str, str]:
    """Okabe–Ito colour of each province (or group) of ``zones``, in table order."""
    rank = province_rank(zones, lang)
    if len(rank) > len(CATEGORICAL):
        raise FtzlinkError(f"zones: {len(rank)} provinces, more than the {len(CATEGORICAL)} categorical colours")
    return {p: CATEGORICAL[i] for p, i in rank.items()}
