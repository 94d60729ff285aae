"""The zones' industry structure from firm records, read against their host cities.

Plans say what a zone intends; firm records say what its economy is. This module turns firm
records (the schema of :mod:`ftzlink.microdata`) and a user's zone assignment into a zone ×
industry matrix for the zones of the registry (:mod:`ftzlink.study.registry`), with the
reference each zone is read against:

- **values** x_zi: firms active at the end of the year (``measure="count"``) or the sum of a
  firm measure (``employment``, ``registered_capital``, ``output``) over them, per zone z and
  industry i (:func:`ftzlink.microdata.aggregate_firms`);
- **reference** H_zi: the zone's **host city** — the firms of its zones plus the firms of the
  city outside every zone (the reference regions the zone assignment creates) — when the data
  hold firms of every host city outside the zones; otherwise all firms in the data, and the
  label says so;
- **location quotient** LQ_zi = (x_zi / x_z·) / (H_zi / H_z·); the zone is **specialised** in i
  when LQ_zi ≥ 1. Industries without any firm in the whole data are *unobserved* (NaN: the
  records may cover only some sectors, as the industrial enterprise survey covers mining,
  manufacturing and utilities); an industry with firms elsewhere but none in the zone is an
  observed absence (LQ 0).

ftzlink ships no zone assignment: which administrative codes or polygons make up a zone is the
user's input (:mod:`ftzlink.microdata.zones` documents the formats); its ``zone`` column holds
zone ids of the registry (``hb_wuhan``, …).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ftzlink.checks import preview
from ftzlink.errors import FtzlinkError

#: What each ``measure`` means, for labels (English, Chinese).
MEASURE_LABELS = {
    "count": ("active firms at year end", "年末存续企业数"),
    "employment": ("employment of active firms", "存续企业从业人数"),
    "registered_capital": ("registered capital of active firms", "存续企业注册资本"),
    "output": ("output of active firms", "存续企业产出"),
}
#: Industry level names for labels.
LEVEL_LABELS = {"division": ("GB/T 4754-2017 divisions", "GB/T 4754-2017 行业大类"),
                "io42": ("42 input-output sectors", "42 个投入产出部门")}


@dataclass(frozen=True)
class FirmStructure:
    """Zone × industry values of firm records at the end of one year and each zone's reference.

    Attributes
    ----------
    matrix : pandas.DataFrame
        Zone × industry values x_zi (zones of the selection that have firms; every industry
        with a firm anywhere in the data).
    reference : pandas.DataFrame
        Zone × industry values H_zi of each zone's reference region (same labels).
    reference_label : str
        ``"host city"`` or ``"all firms in the data"``.
    level, measure, year, source : str, str, int, str
        Industry level, measure, year and the firm file's name.
    synthetic : bool
        True when every record is flagged synthetic (column ``synthetic``).
    missing_zones : list of str
        Selected zones without any firm in the data.
    """

    matrix: pd.DataFrame
    reference: pd.DataFrame
    reference_label: str
    level: str
    measure: str
    year: int
    source: str
    synthetic: bool
    missing_zones: list[str] = field(default_factory=list)

    @property
    def lq(self) -> pd.DataFrame:
        """LQ_zi = (x_zi / x_z·) / (H_zi / H_z·); NaN where the reference has no firm in i."""
        ref = self.reference.div(self.reference.sum(axis=1), axis=0)
        own = self.matrix.div(self.matrix.sum(axis=1), axis=0)
        return own / ref.where(ref > 0)

    @property
    def specialised(self) -> pd.DataFrame:
        """1.0 where LQ_zi ≥ 1, 0.0 where below or where the zone's reference has no firm in i
        (an observed absence; industries with no firm in the whole data are not columns)."""
        return (self.lq >= 1.0).astype(float)

    def profile(self, method: str) -> pd.DataFrame:
        """The matrix a similarity ``method`` compares: the sets of specialised industries for
        ``jaccard`` (every zone has some firms in almost every industry, so sets of industries
        with firms would all be alike), the values for the share-based methods."""
        return self.specialised if method == "jaccard" else self.matrix

    def label(self, lang: str = "en") -> str:
        """What every number built on this structure rests on, in ``lang``."""
        zh = lang == "zh"
        what = MEASURE_LABELS[self.measure][zh] if self.measure in MEASURE_LABELS else self.measure
        level = LEVEL_LABELS.get(self.level, (self.level, self.level))[zh]
        if zh:
            ref = "所在城市（片区及城市内片区外企业）" if self.reference_label == "host city" else "数据中全部企业"
            text = f"企业数据 {self.source}：{what}，{self.year} 年末，{level}；参照：{ref}"
            return text + ("；合成数据，仅作演示" if self.synthetic else "")
        text = (f"firm records {self.source}: {what}, end of {self.year}, {level}; "
                f"reference: {self.reference_label}")
        return text + ("; SYNTHETIC DATA, for demonstration only" if self.synthetic else "")


def is_synthetic(path) -> bool:
    """True when the firm records at ``path`` carry a ``synthetic`` column that is True throughout."""
    from ftzlink.microdata import read_firms

    try:
        flags = read_firms(path, columns=["synthetic"])
    except FtzlinkError:
        return False
    return "synthetic" in flags.columns and len(flags) > 0 and bool(flags["synthetic"].fillna(False).astype(bool).all())


def _check_zone_labels(long: pd.DataFrame, registry: pd.DataFrame, assignment) -> None:
    """Zone labels of the assignment must be registry zone ids (reference regions are 6-digit codes)."""
    labels = pd.unique(long["region"])
    unknown = [r for r in labels if r not in registry.index and not (len(r) == 6 and r.isdigit())]
    if unknown:
        raise FtzlinkError(f"firm_zones {assignment}: zone label(s) {preview(unknown)} are not zone ids of the "
                           f"registry (e.g. {', '.join(registry.index[:3])}); label zones by their ids")


def firm_structure(firms, zones: pd.DataFrame, registry: pd.DataFrame, *, assignment=None,
                   level: str = "division", measure: str = "count", year: int | None = None) -> FirmStructure:
    """Zone × industry structure of firm records for the selected ``zones``, with host-city references.

    Parameters
    ----------
    firms : str or Path
        Firm records (Parquet file or directory, or CSV) in the schema of :mod:`ftzlink.microdata`.
    zones : pandas.DataFrame
        The selected zones (registry rows indexed by zone id, with the host city's ``adcode``).
    registry : pandas.DataFrame
        Every zone of the registry (:func:`ftzlink.study.registry.load_zones`): zones outside
        the selection still belong to their host city's reference.
    assignment : str or Path, optional
        Zone assignment: a CSV zone table (``zone``, ``adcode``) or polygons (a vector file with
        a ``zone`` column); without it the records' own ``region`` column must hold zone ids.
        Firms outside every zone go to their host city (reference region).
    level : {"division", "io42"}
        Industry level.
    measure : {"count", "employment", "registered_capital", "output"}
        Active firms at year end or the sum of a measure over them.
    year : int, optional
        Year whose end the structure describes; default the last year of the data.

    Returns
    -------
    FirmStructure

    Raises
    ------
    FtzlinkError
        Invalid records or assignment (from :mod:`ftzlink.microdata`), zone labels that are
        not registry ids, a year without active firms, or fewer than two selected zones with firms.

    Examples
    --------
    >>> import tempfile
    >>> import numpy as np
    >>> from ftzlink.microdata import synthetic_firms
    >>> from ftzlink.study.registry import load_zones
    >>> registry = load_zones()
    >>> firms = synthetic_firms(3000, range(2015, 2021), seed=1)
    >>> firms["region"] = np.where(firms.index % 3 == 0, "hb_wuhan", np.where(firms.index % 3 == 1, "hn_changsha",
    ...                            firms["adcode"].str[:4] + "00"))
    >>> path = Path(tempfile.mkdtemp()) / "firms.parquet"
    >>> firms.to_parquet(path)
    >>> s = firm_structure(path, registry.loc[["hb_wuhan", "hn_changsha"]], registry)
    >>> s.year, s.matrix.index.tolist(), s.reference_label, s.synthetic
    (2020, ['hb_wuhan', 'hn_changsha'], 'host city', True)
    """
    from ftzlink.microdata import aggregate_firms
    from ftzlink.tidy import to_matrix

    path = Path(os.fspath(firms))
    long = aggregate_firms(path, level, measure, years=None if year is None else [year], zones=assignment)
    _check_zone_labels(long, registry, assignment or f"{path.name} (column region)")
    if year is None:
        year = int(long["year"].max())
    long = long[long["year"] == year]
    if long.empty:
        raise FtzlinkError(f"firm_data {path.name}: no active firm at the end of {year}")
    by_region = to_matrix(long, "region", "industry", "value", fill_value=0).astype(float)
    present = [z for z in zones.index if z in by_region.index]
    if len(present) < 2:
        raise FtzlinkError(f"firm_data {path.name}: {len(present)} of the selected zones "
                           f"({preview(zones.index)}) have firms at the end of {year}; pairwise indices need two")
    host = registry["adcode"].astype(str)
    city = {z: host[z] for z in present}
    in_city = {c: [r for r in by_region.index if r == c or (r in host.index and host[r] == c)]
               for c in set(city.values())}
    if all(c in by_region.index for c in city.values()):
        reference = pd.DataFrame({z: by_region.loc[in_city[city[z]]].sum(axis=0) for z in present}).T
        label = "host city"
    else:
        total = by_region.sum(axis=0)
        reference = pd.DataFrame({z: total for z in present}).T
        label = "all firms in the data"
    matrix = by_region.loc[present]
    matrix.index.name = reference.index.name = "zone_id"
    return FirmStructure(matrix=matrix, reference=reference.reindex(columns=matrix.columns),
                         reference_label=label, level=level, measure=measure, year=year, source=path.name,
                         synthetic=is_synthetic(path),
                         missing_zones=[z for z in zones.index if z not in present])

