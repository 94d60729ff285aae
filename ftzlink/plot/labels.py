"""Bilingual (zh / en) labels and province groups for figures, from the registry tables or your own.

A zones table (``load_zones()``) has ``name_zh, name_en, province_zh, province_en``; an
industries table (``load_industries()``) has ``name_zh, name_en``. ``lang`` picks the
``_zh`` or ``_en`` column; a missing id or an empty name raises, naming it. Provinces are
ordered (and coloured) by their first appearance in the zones table, so every figure made
from the same table groups and colours them the same way.

Your own regions table may instead carry a single ``name`` column (used for both languages)
and, optionally, a grouping column: ``province_zh`` / ``province_en``, a single ``province``,
or ``group`` (looked for in that order; without one every region is in one group).

Measure names on colour bars and legends go through :func:`measure_label` (``"jaccard"`` →
"Jaccard overlap" / "Jaccard 重合度"), industry groups through :func:`industry_groups` and zone
names in narrow columns through :func:`short_names`, so a figure in Chinese shows no English
identifier.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ftzlink.checks import check_ids, preview
from ftzlink.errors import FtzlinkError
from ftzlink.plot.theme import CATEGORICAL, check_lang

TEXT = {
    "zh": {"province": "省份", "group": "分组", "pilot_area": "自贸试验区片区", "linkage_zone": "联动创新区",
           "coordination_area": "协同区", "shared_point": "同一城市代表点上的区已错开显示",
           "pilot_area_plural": "片区", "linkage_zone_plural": "联动创新区", "coordination_area_plural": "协同区",
           "pilot_area_short": "片区", "linkage_zone_short": "联动", "coordination_area_short": "协同",
           "n_zones": "片区数", "supplier_zone": "供给方片区", "buyer_zone": "需求方片区",
           "supplier_province": "供给方省份", "buyer_province": "需求方省份", "supplier_region": "供给方地区",
           "buyer_region": "需求方地区"},
    "en": {"province": "Province", "group": "Group", "pilot_area": "Pilot area", "linkage_zone": "Linkage zone",
           "coordination_area": "Coordination area",
           "shared_point": "zones sharing a city point are spread apart",
           "pilot_area_plural": "Pilot areas", "linkage_zone_plural": "Linkage zones",
           "coordination_area_plural": "Coordination areas", "n_zones": "Zones",
           "pilot_area_short": "Pilot", "linkage_zone_short": "Linkage", "coordination_area_short": "Coord.",
           "supplier_zone": "Supplier zone", "buyer_zone": "Buyer zone", "supplier_province": "Supplier province",
           "buyer_province": "Buyer province", "supplier_region": "Supplier region", "buyer_region": "Buyer region"},
}

#: Localised names of the measures passed as colour-bar or legend titles, by measure id.
MEASURES = {
    "jaccard": ("Jaccard 重合度", "Jaccard overlap"),
    "cosine": ("余弦相似度", "Cosine similarity"),
    "krugman": ("Krugman 差异度", "Krugman dissimilarity"),
    "finger_kreinin": ("Finger–Kreinin 相似度", "Finger–Kreinin similarity"),
    "pearson": ("Pearson 相关系数", "Pearson correlation"),
    "spearman": ("Spearman 秩相关系数", "Spearman correlation"),
    "complementarity": ("互补性", "Complementarity"),
    "mutual_complementarity": ("相互互补性", "Mutual complementarity"),
    "io_complementarity": ("投入产出互补性", "IO complementarity"),
    "relatedness_complementarity": ("关联互补性", "Relatedness complementarity"),
    "supplier_buyer": ("供需联系", "Supplier–buyer link"),
    "relatedness": ("关联度", "Relatedness"),
    "lq": ("区位熵", "Location quotient"),
    "location_quotient": ("区位熵", "Location quotient"),
    "rca": ("显示性比较优势（RCA）", "Revealed comparative advantage (RCA)"),
    "overlap": ("定位重合度", "Positioning overlap"),
    "shared_industries": ("共同行业数", "Shared industries"),
}

#: Localised names of the industry groups of the registry's industries table (its ``group`` ids).
INDUSTRY_GROUPS = {
    "manufacturing": ("制造业", "Manufacturing"),
    "strategic_emerging": ("战略性新兴产业", "Strategic emerging industries"),
    "digital": ("数字经济", "Digital economy"),
    "trade": ("贸易", "Trade"),
    "finance": ("金融", "Finance"),
    "logistics": ("物流与航运", "Logistics and shipping"),
    "services": ("服务业", "Services"),
    "agriculture": ("农业", "Agriculture"),
}

#: Endings of zone names by kind (zh, en; the first that matches), left out of the short names
#: (:func:`short_names`).
KIND_SUFFIXES = {
    "pilot_area": (("片区",), (" Area",)),
    "linkage_zone": (("联动创新区", "联动区"), (" Linkage Innovation Zone", " Linkage Zone")),
    "coordination_area": (("协同发展区", "协同区"), (" Coordination Area",)),
}


def text(key: str, lang: str) -> str:
    """Fixed figure text (legend titles etc.) in ``lang``."""
    return TEXT[check_lang(lang)][key]


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if check_lang(lang) == "zh" else pair[1]


def measure_label(label: str | None, lang: str) -> str | None:
    """The localised name of a measure id (``"jaccard"``, ``"cosine"``, ``"complementarity"`` …, see
    ``MEASURES``; case, spaces and hyphens ignored), or ``label`` unchanged when it is not one: a
    title you wrote yourself is kept as it is.

    >>> measure_label("jaccard", "zh"), measure_label("Jaccard", "en")
    ('Jaccard 重合度', 'Jaccard overlap')
    >>> measure_label("mutual complementarity", "zh")
    '相互互补性'
    >>> measure_label("my own index", "zh"), measure_label(None, "en") is None
    ('my own index', True)
    """
    check_lang(lang)
    if label is None:
        return None
    key = str(label).strip().lower().replace("-", "_").replace(" ", "_")
    return _pick(MEASURES[key], lang) if key in MEASURES else str(label)


def _strip(name: str, endings: tuple[tuple[str, ...], tuple[str, ...]], lang: str) -> str:
    for end in _pick(endings, lang):
        if name.endswith(end) and name[: -len(end)].strip():
            return name[: -len(end)].strip()
    return name


def industry_groups(industries: pd.DataFrame, ids: Iterable, lang: str) -> pd.Series:
    """Group label of each industry id in ``lang``: the table's ``group_<lang>`` column when it has
    one, else its ``group`` ids named through ``INDUSTRY_GROUPS`` (an unknown id is shown as it is).

    >>> inds = pd.DataFrame({"group": ["manufacturing", "my_group"]}, index=["auto", "x"])
    >>> industry_groups(inds, ["auto", "x"], "zh").tolist()
    ['制造业', 'my_group']
    """
    _table(industries, "industries")
    col = f"group_{check_lang(lang)}"
    if col not in industries.columns:
        col = "group"
    values = _values(industries, ids, col, "industries")
    if col == "group":
        values = values.map(lambda g: _pick(INDUSTRY_GROUPS[g], lang) if g in INDUSTRY_GROUPS else g)
    return values


def short_names(zones: pd.DataFrame, ids: Iterable, lang: str) -> pd.Series:
    """Short zone names for narrow columns, as a Series indexed by id.

    A ``short_name_<lang>`` (or ``short_name``) column is used when the table has one; otherwise
    the ending that repeats the zone's ``kind`` is left out ("武汉片区" → "武汉", "Ningbo Linkage
    Innovation Zone" → "Ningbo"), which is unambiguous only beside a kind header (as
    :func:`ftzlink.plot.positioning_plot` draws). Names without a known kind or ending, and names
    that would coincide with another zone's short name of the same kind and province, stay whole.

    >>> z = pd.DataFrame({"name_en": ["Ningbo Area", "Ningbo Linkage Innovation Zone", "Yiwu"],
    ...                   "kind": ["pilot_area", "linkage_zone", "pilot_area"]}, index=["a", "b", "c"])
    >>> short_names(z, ["a", "b", "c"], "en").tolist()
    ['Ningbo', 'Ningbo', 'Yiwu']
    """
    ids = pd.Index(ids)
    for col in (f"short_name_{check_lang(lang)}", "short_name"):
        if col in zones.columns:
            return _values(zones, ids, col, "zones")
    full = names(zones, ids, lang, name="zones")
    if "kind" not in zones.columns:
        return full
    kinds = zones.loc[ids, "kind"].astype(str).to_numpy()
    short = pd.Series([_strip(n, KIND_SUFFIXES[k] if k in KIND_SUFFIXES else ((), ()), lang)
                       for n, k in zip(full, kinds)], index=ids, dtype=object)
    key = pd.Series(list(zip(groups(zones, ids, lang).to_numpy(), kinds, short.to_numpy())), index=ids)
    return short.where(~key.duplicated(keep=False), full)


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


def abbreviate_province(name: str, lang: str) -> str:
    """A province name without its administrative ending in Chinese ("湖北省" → "湖北", "上海市" →
    "上海", "广西壮族自治区" → "广西"); English names are kept.

    >>> abbreviate_province("广西壮族自治区", "zh"), abbreviate_province("Hubei", "en")
    ('广西', 'Hubei')
    """
    if check_lang(lang) == "en":
        return name
    for ending in ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市"):
        if name.endswith(ending) and len(name) > len(ending) + 1:
            return name[: -len(ending)]
    return name


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
