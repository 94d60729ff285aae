"""The provinces' revealed industrial structure, from the curated official statistics.

Plans say what a zone intends; the above-size industry tables of its province say what the
economy around it is. :func:`province_structure` turns the curated tables
(``data/raw/statistics/province_industry/``) into a province × GB/T 4754-2017 division matrix
of one measure and year, with location quotients against the national table where one is
curated, else against the pool of the provinces that have data (labelled as such).
Divisions suppressed or missing in any compared province are left out for all of them and
listed; nothing is filled in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from ftzlink.checks import preview
from ftzlink.errors import FtzlinkError
from ftzlink.indices import location_quotient
from ftzlink.study.statistics import load_statistics
from ftzlink.tidy import to_matrix

#: The 41 industrial divisions of GB/T 4754-2017 (sections B, C, D).
INDUSTRIAL_DIVISIONS = tuple(f"{d:02d}" for d in range(6, 47))
#: The industrial sections of GB/T 4754-2017: mining, manufacturing, utilities.
INDUSTRIAL_SECTIONS = ("B", "C", "D")
#: Average employment of above-size industry, by the concept each province publishes:
#: Hubei 全部从业人员年平均人数, Zhejiang and Hunan 平均用工人数 (not the same measure).
EMPLOYMENT_MEASURES = {"hubei": "avg_employed_persons", "zhejiang": "avg_labour_used", "hunan": "avg_labour_used"}
NATIONAL = "china"
#: Chinese names of the curated measures, as in the measure vocabulary of
#: ``data/raw/statistics/SOURCES.md`` (the yearbook tables' indicator names); a measure not
#: listed there is shown by its id.
MEASURE_NAMES_ZH = {
    "enterprise_units": "企业单位数", "gross_output": "工业总产值", "revenue": "营业收入", "total_profit": "利润总额",
    "total_assets": "资产总计", "avg_employed_persons": "全部从业人员年平均人数", "avg_labour_used": "平均用工人数",
    "census_enterprise_units": "企业法人单位数", "census_enterprise_persons": "企业法人单位从业人员",
    "census_enterprise_assets": "资产总计（工业企业法人单位）", "census_enterprise_revenue": "营业收入（工业企业法人单位）",
    "census_legal_units": "法人单位数", "census_legal_persons": "法人单位从业人员",
    "employment_yearend_above_size": "规上单位就业人员（年底数）",
}
#: Chinese names of the curated statistics' units.
UNIT_NAMES_ZH = {"100m yuan": "亿元", "10k persons": "万人", "10k units": "万个", "units": "个"}
#: A province enters only with at least this many of the 41 divisions: a partial table (e.g.
#: the transcribed pages of Hunan's census yearbook) would shrink the common divisions of all.
MIN_DIVISIONS = 30


def _left_out_reason(measure: str | None, year: int, n_divisions: int, lang: str) -> str:
    """Why a province's table of ``measure`` in ``year`` (``n_divisions`` divisions curated, 0 for
    none) does not enter a structure, in ``lang``."""
    if lang == "zh":
        name = MEASURE_NAMES_ZH.get(measure, measure) if measure else "该指标"
        if n_divisions:
            return f"{year} 年{name}表不完整：仅有 41 个工业行业大类中的 {n_divisions} 个"
        return f"未收录 {year} 年{name}的分行业大类表"
    name = measure or "the measure"
    if n_divisions:
        return f"partial table: {n_divisions} of 41 divisions of {name} {year}"
    return f"no by-division table of {name} for {year} curated"


@dataclass(frozen=True)
class ProvinceStructure:
    """A province × division matrix of one measure and year, its reference and what was left out.

    ``excluded`` lists the provinces left out (``region``, the ``measure`` looked for, and
    ``n_divisions`` curated for it: 0 when there is no table, fewer than :data:`MIN_DIVISIONS`
    for a partial one); :meth:`left_out` states the reasons in a language.
    """

    matrix: pd.DataFrame
    reference: pd.Series
    reference_label: str
    measure: str
    year: int
    unit: str
    excluded: pd.DataFrame
    dropped_divisions: list[str]
    tables: list[str] = field(default_factory=list)

    @property
    def lq(self) -> pd.DataFrame:
        """Location quotients LQ_pd = (x_pd / x_p.) / (X_d / X_.) against the reference."""
        return location_quotient(self.matrix, reference=self.reference)

    def measure_name(self, lang: str = "en") -> str:
        """The measure: its id(s) in English, the yearbooks' indicator names in Chinese.

        >>> province_structure(["hubei", "zhejiang"], EMPLOYMENT_MEASURES, 2023).measure_name("zh")
        '全部从业人员年平均人数/平均用工人数'
        """
        if lang == "zh":
            return "/".join(MEASURE_NAMES_ZH.get(m, m) for m in self.measure.split("/"))
        return self.measure

    def left_out(self, lang: str = "en") -> pd.DataFrame:
        """The provinces left out (``region``) and why (``reason``, in ``lang``).

        >>> province_structure(["hubei", "hunan", "zhejiang"], "revenue", 2024).left_out("zh").values.tolist()
        [['hunan', '未收录 2024 年营业收入的分行业大类表']]
        """
        reasons = [_left_out_reason(m, self.year, n, lang)
                   for m, n in zip(self.excluded["measure"], self.excluded["n_divisions"])]
        return pd.DataFrame({"region": self.excluded["region"].tolist(), "reason": reasons})

    def describe(self, lang: str = "en") -> str:
        """:meth:`label` and the divisions left out of the comparison, two lines in ``lang``."""
        dropped = ("、" if lang == "zh" else ", ").join(self.dropped_divisions)
        if lang == "zh":
            return f"{self.label(lang)}\n未纳入比较的行业大类（有省份保密或缺数）：{dropped or '无'}"
        return f"{self.label(lang)}\nDivisions left out (suppressed or missing in a province): {dropped or 'none'}"

    def label(self, lang: str = "en") -> str:
        """What every number built on this structure rests on (measure, year, unit, reference)."""
        if lang == "zh":
            from ftzlink.study.registry import province_names

            province = province_names("zh")
            reference = ("全国规模以上工业" if self.reference_label.startswith("national")
                         else "已有数据省份合计（" + "+".join(province.get(r, r) for r in self.matrix.index)
                         + "；未收录全国分行业表）")
            return (f"{self.measure_name(lang)}，{self.year} 年（{UNIT_NAMES_ZH.get(self.unit, self.unit)}）；"
                    f"参照：{reference}；{len(self.matrix.columns)} 个工业行业大类")
        return (f"{self.measure}, {self.year} ({self.unit}); reference: {self.reference_label}; "
                f"{len(self.matrix.columns)} industrial divisions")


def province_structure(regions: Iterable[str], measure: str | Mapping[str, str], year: int) -> ProvinceStructure:
    """Province × division matrix of ``measure`` in ``year`` for the ``regions`` that have it.

    ``measure`` is one measure name, or a mapping region → measure where provinces publish a
    concept under different names (e.g. :data:`EMPLOYMENT_MEASURES`; the concepts then differ
    and the label says so). Regions without a by-division table of the measure and year, or
    with a partial one, are left out and listed (:meth:`ProvinceStructure.left_out`). The
    reference is the national table (region ``china``) when it covers every compared division,
    else the pool (sum) of the compared provinces, which needs at least two of them.

    Raises FtzlinkError when no region has the data or a pooled reference would rest on one
    province.

    Examples
    --------
    >>> s = province_structure(["hubei", "zhejiang"], "revenue", 2023)
    >>> s.matrix.shape[0], s.reference_label.startswith(("national", "pool"))
    (2, True)
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise FtzlinkError(f"province_structure: year must be an integer, got {year!r} ({type(year).__name__})")
    regions = [str(r).lower() for r in ([regions] if isinstance(regions, str) else regions)]
    measures = dict(measure) if isinstance(measure, Mapping) else {r: measure for r in [*regions, NATIONAL]}
    stats = load_statistics()
    rows = stats[(stats["year"] == year) & stats["industry"].isin(INDUSTRIAL_DIVISIONS)]
    picked, excluded = [], []
    for region in regions:
        m = measures.get(region)
        got = rows[(rows["region"] == region) & (rows["measure"] == m)] if m else rows.iloc[:0]
        if got["industry"].nunique() < MIN_DIVISIONS:
            excluded.append((region, m, got["industry"].nunique()))
        else:
            picked.append(got)
    if not picked:
        raise FtzlinkError(f"province_structure: none of {preview(regions)} has a by-division table of "
                           f"{measure!r} for {year}; see data/raw/statistics/SOURCES.md")
    data = pd.concat(picked)
    sets = [set(g["industry"]) for _, g in data.groupby("region")]
    common = sorted(set.intersection(*sets))
    dropped = sorted(set.union(*sets) - set(common))
    units = sorted(data["unit"].unique())
    if len(units) > 1:
        raise FtzlinkError(f"province_structure: {measure!r} {year} comes in different units ({', '.join(units)})")
    mat = to_matrix(data[data["industry"].isin(common)], "region", "industry", "value",
                    name=f"{measure} {year}").reindex(columns=common)
    national = rows[(rows["region"] == NATIONAL) & (rows["measure"] == measures.get(NATIONAL))]
    if set(common) <= set(national["industry"]) and not national.empty and national["unit"].iloc[0] == units[0]:
        reference = national.set_index("industry")["value"].reindex(common)
        label = "national above-size industry (China)"
        tables = sorted(set(data["table"]) | set(national["table"]))
    else:
        if len(mat) < 2:
            raise FtzlinkError(f"province_structure: no national by-division table of {measure!r} {year} is "
                               f"curated and only {preview(mat.index)} has data; a pooled reference needs two provinces")
        reference = mat.sum(axis=0)
        label = "pool of " + " + ".join(r.capitalize() for r in mat.index) + " (no national table by division curated)"
        tables = sorted(set(data["table"]))
    return ProvinceStructure(matrix=mat, reference=reference.rename("reference"), reference_label=label,
                             measure=measure if isinstance(measure, str) else "/".join(sorted(set(measures.values()))),
                             year=year, unit=units[0],
                             excluded=pd.DataFrame(excluded, columns=["region", "measure", "n_divisions"]),
                             dropped_divisions=dropped, tables=tables)


def section_wide_industries() -> list[str]:
    """Canonical industries that name a whole industrial section of GB/T 4754-2017.

    An industry whose concordance covers every division of section B, C or D (e.g. 制造业,
    "manufacturing" as such: all 31 divisions of section C) says that a plan wants industry,
    not which industry. Counted as targets, such a listing makes a zone target every division
    of the section, and its hits and misses follow the province's structure whatever the plan
    says; plan fidelity leaves these listings out (:func:`plan_fidelity`).

    >>> section_wide_industries()
    ['manufacturing']
    """
    from ftzlink.study.registry import load_codes, load_concordance

    concordance = load_concordance("gbt_division") > 0
    section = load_codes("gbt_division")["section"].reindex(concordance.columns)
    covers = [concordance.loc[:, (section == s).to_numpy()].all(axis=1) for s in INDUSTRIAL_SECTIONS]
    return sorted(concordance.index[pd.concat(covers, axis=1).any(axis=1)])


@dataclass(frozen=True)
class PlanFidelity:
    """Zones' targeted divisions against their host province's revealed strength (LQ ≥ 1).

    ``excluded_zones`` lists the zones left out (``zone_id``, host ``province``) because their
    province is not in the structure; :meth:`left_out` states why in a language. ``section_wide``
    lists the listings not counted as targets (``zone_id``, ``industry_id``; see
    :func:`section_wide_industries`).
    """

    table: pd.DataFrame
    weak_targets: pd.DataFrame
    untargeted_strengths: pd.DataFrame
    excluded_zones: pd.DataFrame
    structure: ProvinceStructure
    targets: pd.DataFrame
    section_wide: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["zone_id", "industry_id"]))

    def left_out(self, lang: str = "en") -> pd.DataFrame:
        """The zones left out (``zone_id``) and why (``reason``, in ``lang``): their province's
        reason in :meth:`ProvinceStructure.left_out`.

        >>> from ftzlink.study.registry import load_zones, positioning_matrix
        >>> s = province_structure(["hubei", "hunan", "zhejiang"], "revenue", 2024)
        >>> f = plan_fidelity(positioning_matrix(level="gbt_division"), load_zones(), s)
        >>> f.left_out("en").iloc[0].tolist()
        ['hn_changsha', 'Hunan: no by-division table of revenue for 2024 curated']
        """
        from ftzlink.study.registry import province_names

        names = province_names(lang)
        reasons = dict(self.structure.left_out(lang).to_numpy())
        other = "所在省份未纳入结构比较" if lang == "zh" else "province not among the compared regions"
        sep = "：" if lang == "zh" else ": "
        return pd.DataFrame({"zone_id": self.excluded_zones["zone_id"].tolist(),
                             "reason": [f"{names.get(p, p)}{sep}{reasons.get(p, other)}"
                                        for p in self.excluded_zones["province"]]})


def plan_fidelity(targets: pd.DataFrame, zones: pd.DataFrame, structure: ProvinceStructure,
                  section_wide: pd.DataFrame | None = None) -> PlanFidelity:
    """Fidelity of each zone's plan to its province's strengths, with BH q-values across zones.

    ``targets`` is the zone × GB/T division 0/1 positioning (``positioning_matrix(level=
    "gbt_division", weight="binary", exclude_industries=section_wide_industries())``); only
    industrial divisions enter. ``section_wide`` is the zone × industry 0/1 positioning of the
    listings left out of ``targets`` for naming a whole section (:func:`section_wide_industries`):
    the table counts them per zone (``n_section_wide``, not targets) and the result lists them. A province is strong
    in a division when its LQ ≥ 1 against ``structure``'s reference; divisions left out of the
    structure (suppressed somewhere) count as unobserved, not as weak. Zones whose province
    has no data are listed in ``excluded_zones``. The test per zone is the hypergeometric
    upper tail of :func:`ftzlink.indices.target_fidelity`; ``q_value`` adjusts those p-values
    across the zones (Benjamini–Hochberg, :func:`ftzlink.stats.bh_qvalues`).

    Examples
    --------
    >>> from ftzlink.study.registry import load_zones, positioning_matrix
    >>> s = province_structure(["hubei", "zhejiang"], "revenue", 2023)
    >>> broad = section_wide_industries()
    >>> f = plan_fidelity(positioning_matrix(level="gbt_division", exclude_industries=broad), load_zones(), s,
    ...                   section_wide=positioning_matrix()[broad])
    >>> f.table.loc[["zj_jinyi", "zj_ningbo"], ["n_targeted", "n_section_wide"]].values.tolist()
    [[0.0, 1.0], [9.0, 0.0]]
    """
    from ftzlink.indices import target_fidelity, untargeted_strengths, weak_targets
    from ftzlink.stats import bh_qvalues

    host = zones.loc[zones.index.intersection(targets.index), "province_en"].str.lower()
    keep = host.isin(structure.matrix.index)
    excluded = pd.DataFrame({"zone_id": host.index[~keep], "province": host[~keep].to_numpy()})
    host = host[keep]
    divisions = [d for d in INDUSTRIAL_DIVISIONS if d in targets.columns]
    tgt = targets.loc[host.index, divisions]
    strength = (structure.lq >= 1.0).astype(float).reindex(columns=divisions)
    table = target_fidelity(tgt, strength, host)
    table.insert(table.columns.get_loc("p_value") + 1, "q_value", bh_qvalues(table["p_value"]))
    broad = section_wide.reindex(host.index).fillna(0.0) if section_wide is not None else pd.DataFrame(index=host.index)
    table["n_section_wide"] = (broad > 0).sum(axis=1).astype(float)
    listed = broad.stack()
    listed = listed[listed > 0]
    return PlanFidelity(table=table, weak_targets=weak_targets(tgt, strength, host),
                        untargeted_strengths=untargeted_strengths(tgt, strength, host),
                        excluded_zones=excluded, structure=structure, targets=tgt,
                        section_wide=pd.DataFrame(listed.index.tolist(), columns=["zone_id", "industry_id"]))


def structural_similarity(structures: Iterable[ProvinceStructure],
                          methods: Iterable[str] = ("cosine", "krugman", "finger_kreinin"),
                          lang: str = "en") -> pd.DataFrame:
    """Similarity of the provinces' structures, one row per province pair and structure.

    Columns: ``province_a``, ``province_b``, ``measure`` (:meth:`ProvinceStructure.measure_name`
    in ``lang``), one column per method of :func:`ftzlink.similarity` (cosine and
    Finger–Kreinin: 1 = same structure; Krugman: 0 = same, 2 = disjoint), ``year`` and
    ``basis`` (the structure label in ``lang``).

    Examples
    --------
    >>> s = province_structure(["hubei", "zhejiang"], "revenue", 2023)
    >>> t = structural_similarity([s])
    >>> t[["province_a", "province_b"]].values.tolist()
    [['hubei', 'zhejiang']]
    """
    from ftzlink.indices import similarity
    from ftzlink.pairs import pairs_to_long

    frames = []
    for structure in structures:
        mats = {m: similarity(structure.matrix, method=m) for m in methods}
        long = pairs_to_long(mats).rename(columns={"region_a": "province_a", "region_b": "province_b"})
        frames.append(long.assign(measure=structure.measure_name(lang), year=structure.year,
                                  basis=structure.label(lang)))
    return pd.concat(frames, ignore_index=True)


def province_io_complementarity(structure: ProvinceStructure, table) -> pd.DataFrame:
    """Input-output complementarity between provinces on their real structure (supplier × buyer).

    Division values are summed to the 42 IO sectors through the curated GB/T → IO-42
    concordance, then :func:`ftzlink.complementarity` with ``basis="io"`` against the
    table's A. Sectors without any of the compared divisions stay zero.

    Examples
    --------
    >>> from ftzlink.io_tables import load_national_table
    >>> s = province_structure(["hubei", "zhejiang"], "revenue", 2023)
    >>> c = province_io_complementarity(s, load_national_table(2020))
    >>> bool(0 <= c.loc["hubei", "zhejiang"] <= 1)
    True
    """
    from ftzlink.indices import complementarity
    from ftzlink.study.registry import load_division_io42

    mapping = load_division_io42().reindex(structure.matrix.columns)
    by_sector = structure.matrix.T.groupby(mapping.to_numpy()).sum().T
    by_sector = by_sector.reindex(columns=table.sectors, fill_value=0.0)
    return complementarity(by_sector, "io", io_table=table)
