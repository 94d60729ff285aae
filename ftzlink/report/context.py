"""What a report notebook needs: the validated parameters, the zone selection and output paths.

Notebooks stay thin: their ``parameters`` cell sets plain values, then one call
``ctx = report_context(**params)`` validates them and gives access to the selected zones,
their positioning matrix, display labels and the save functions for figures and tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from ftzlink.errors import FtzlinkError
from ftzlink.report.params import validate_params
from ftzlink.report.tables import save_table
from ftzlink.study.registry import (
    load_codes,
    load_industries,
    load_zones,
    positioning_matrix,
)

#: Chinese names of the co-listing relatedness normalisations, for the basis label.
RELATEDNESS_METHODS_ZH = {"prob": "条件概率", "association": "关联强度", "cosine": "余弦", "jaccard": "Jaccard"}


class Complementarity(NamedTuple):
    """Directional zone × zone complementarity (index 'supplier', columns 'buyer') and its basis."""

    matrix: pd.DataFrame
    supplier_buyer: pd.DataFrame | None
    basis: str

    def ranked_pairs(self) -> pd.DataFrame:
        """Every ordered zone pair, most complementary first (supplier–buyer links alongside)."""
        from ftzlink.pairs import pairs_to_long

        mats = {"complementarity": self.matrix}
        if self.supplier_buyer is not None:
            mats["supplier_buyer"] = self.supplier_buyer
        pairs = pairs_to_long(mats, directed=True)
        return pairs.sort_values("complementarity", ascending=False, kind="stable").reset_index(drop=True)


#: Pixels per inch of CSS, the width a saved PNG is shown at in a notebook and the HTML report.
CSS_PX_PER_INCH = 96


@dataclass(frozen=True)
class ReportContext:
    """Validated parameters plus the zones they select and where outputs go."""

    params: dict[str, Any]
    zones: pd.DataFrame
    output_dir: Path
    _firms: dict = field(default_factory=dict, repr=False, compare=False)

    def positioning(self, level: str | None = None, weight: str | None = None,
                    source_docs: list[str] | None = None, exclude_industries: list[str] | None = None) -> pd.DataFrame:
        """Zone × industry positioning matrix of the selected zones (parameters as defaults; see
        :func:`ftzlink.study.registry.positioning_matrix`).

        Zones without any positioning row in the chosen source documents are left out.
        """
        docs = self.params["source_docs"] if source_docs is None else source_docs
        mat = positioning_matrix(level=level or self.params["level"], weight=weight or self.params["weight"],
                                 source_docs=docs, exclude_industries=exclude_industries)
        return mat.reindex([z for z in self.zones.index if z in mat.index])

    def left_out(self) -> list[str]:
        """Names (in the report's language) of selected zones that no analysis can use, each with
        the reason: zones without any positioning row in the chosen source documents."""
        reason = {"en": "no industry positioning in the selected source documents",
                  "zh": "所选来源文件中没有产业定位"}[self.params["language"]]
        kept = set(self.positioning().index)
        missing = [z for z in self.zones.index if z not in kept]
        names = self.labeller().zones
        return [f"{names[z]} ({reason})" if self.params["language"] == "en" else f"{names[z]}（{reason}）"
                for z in missing]

    def io_table(self):
        """The national input-output table the parameters choose (an embedded year or a path)."""
        from ftzlink.io_tables import load_national_table, read_io_table

        choice = self.params["io_table"]
        return load_national_table(choice) if isinstance(choice, int) else read_io_table(choice)

    def complementarity(self) -> Complementarity:
        """Complementarity of the selected zones on the basis the parameters choose.

        ``complementarity_basis="io"`` (default): :func:`ftzlink.complementarity` with the
        positioning on the 42 IO sectors (``weight="split"``) against the national table's A,
        plus the supplier–buyer linkage matrix. ``"relatedness"``: relatedness complementarity
        of the binary IO-sector positioning, with relatedness from the national table
        (:func:`ftzlink.io_tables.io_relatedness`) or, exploratory, from co-listing in the
        zones' own lists (``relatedness_source="co_listing"``, at the canonical-industry level;
        a caution with the number of zones and of industries listed once is printed).
        """
        import ftzlink
        from ftzlink.io_tables import io_relatedness, supplier_buyer_matrix

        basis = self.params["complementarity_basis"]
        if (self.params["level"], self.params["weight"]) != ("industry", "binary"):
            self._say(f"Note: complementarity does not use level={self.params['level']!r} / "
                      f"weight={self.params['weight']!r}: it needs the positioning on the 42 IO sectors "
                      f"(split weights for the io basis, binary for relatedness).",
                      f"说明：互补性不使用参数 level={self.params['level']!r} / weight={self.params['weight']!r}，"
                      f"它以 42 部门投入产出口径的产业定位计算（投入产出口径按权重分摊，关联口径为 0/1）。")
        if basis == "relatedness" and self.params["relatedness_source"] == "co_listing":
            mat = self.positioning(level="industry", weight="binary")
            mat = mat.loc[:, mat.sum(axis=0) > 0]
            method = self.params["relatedness_method"]
            rel = ftzlink.relatedness(ftzlink.co_occurrence(mat), method=method)
            once = int((mat.sum(axis=0) == 1).sum())
            self._say(f"Caution: relatedness estimated from the co-listing of {len(mat)} zones' own lists; "
                      f"{once} of {mat.shape[1]} listed industries are listed by a single zone, so values of "
                      f"1.00 can be artefacts. Exploratory only.",
                      f"注意：关联度由 {len(mat)} 个片区自身定位清单的共现估计；所列 {mat.shape[1]} 个行业中有 {once} 个"
                      f"只被一个片区列出，取值 1.00 可能是假象。仅供探索。")
            return Complementarity(ftzlink.complementarity(mat, "relatedness", rel=rel), None, self.basis_label())
        table = self.io_table()
        mat = self.positioning(level="io42", weight="split" if basis == "io" else "binary")
        if basis == "io":
            return Complementarity(ftzlink.complementarity(mat, "io", io_table=table),
                                   supplier_buyer_matrix(mat, table), self.basis_label(table.year))
        return Complementarity(ftzlink.complementarity(mat, "relatedness", rel=io_relatedness(table)), None,
                               self.basis_label(table.year))

    def firm_structure(self, level: str = "division"):
        """The selected zones' firm structure at ``level`` (``"division"`` or ``"io42"``) from the
        parameters ``firm_data``, ``firm_zones``, ``firm_measure`` and ``firm_year``
        (:func:`ftzlink.study.firms.firm_structure`, computed once per level); None without
        ``firm_data``."""
        if self.params["firm_data"] is None:
            return None
        if level not in self._firms:
            from ftzlink.study.firms import firm_structure
            from ftzlink.study.registry import load_zones

            self._firms[level] = firm_structure(
                self.params["firm_data"], self.zones, load_zones(), assignment=self.params["firm_zones"],
                level=level, measure=self.params["firm_measure"], year=self.params["firm_year"])
        return self._firms[level]

    def firm_section(self, kind: str, **inputs) -> None:
        """Show the firm-structure section of a notebook (nothing without ``firm_data``):
        ``"overlap"`` (``positioning_index=``), ``"complementarity"`` (``positioning=`` the
        :meth:`complementarity` result) or ``"fidelity"`` (``province_fidelity=``, optional);
        see :mod:`ftzlink.report.firm_sections`."""
        from ftzlink.report import firm_sections

        sections = {"overlap": firm_sections.overlap_section, "complementarity": firm_sections.complementarity_section,
                    "fidelity": firm_sections.fidelity_section}
        sections[kind](self, **inputs)

    def basis_label(self, year: int | None = None) -> str:
        """What complementarity rests on, in words in the report's language (IO table year when known)."""
        zh = self.params["language"] == "zh"
        if self.params["complementarity_basis"] == "relatedness" and self.params["relatedness_source"] == "co_listing":
            method = self.params["relatedness_method"]
            return (f"关联互补性（片区定位共现关联，{RELATEDNESS_METHODS_ZH.get(method, method)}；探索性）" if zh
                    else f"relatedness complementarity (co-listing, {method}; exploratory)")
        if year is None:
            year = self.params["io_table"] if isinstance(self.params["io_table"], int) else None
        table = (f"国家统计局 {year} 年投入产出表" if year else "用户投入产出表") if zh else \
            (f"NBS {year} table" if year else "user table")
        if self.params["complementarity_basis"] == "io":
            return f"投入产出互补性（{table}）" if zh else f"input-output complementarity, {table}"
        return (f"关联互补性（投入产出关联，{table}）" if zh
                else f"relatedness complementarity (input-output relatedness, {table})")

    #: Fewest host cities with a value for which a LISA map is drawn (below it, local
    #: statistics on k-nearest-neighbour weights rest on too few neighbours to mean anything).
    MIN_LISA_CITIES = 8

    def spatial_clusters(self, indicator: str = "gdp"):
        """LISA map of the host cities' ``indicator`` (the year with most cities) when the curated
        city statistics cover at least :attr:`MIN_LISA_CITIES` host cities (table ``lisa`` and
        figure ``lisa_map`` saved); otherwise a note saying why not. Returns the note (Markdown).
        """
        from IPython.display import Markdown

        from ftzlink.stats import distance_weights, great_circle_km, local_moran
        from ftzlink.study.statistics import INDICATOR_NAMES_ZH, load_statistics

        cities = self.zones.drop_duplicates("adcode")
        stats = load_statistics("city_indicators")
        rows = stats[(stats["indicator"] == indicator) & stats["adcode"].isin(cities["adcode"])]
        counts = rows.groupby("year")["adcode"].nunique()
        year = int(counts.idxmax()) if len(counts) else None
        n = int(counts.max()) if len(counts) else 0
        zh = self.params["language"] == "zh"
        if n < self.MIN_LISA_CITIES:
            text = (f"未绘制 LISA 图：已收录的城市统计中，{len(cities)} 个所在城市里只有 {n} 个有"
                    f"{INDICATOR_NAMES_ZH.get(indicator, indicator)}数据"
                    f"（{year or '—'} 年），少于 {self.MIN_LISA_CITIES} 个，局部空间自相关没有意义。" if zh else
                    f"No LISA map: the curated city statistics give {indicator} for only {n} of the "
                    f"{len(cities)} host cities ({year or 'no year'}), fewer than {self.MIN_LISA_CITIES}; local "
                    f"spatial statistics on so few units mean nothing (see data/raw/statistics/SOURCES.md).")
            return Markdown(text)
        data = rows[rows["year"] == year].set_index("adcode")["value"]
        sites = cities.set_index("adcode").loc[data.index]
        weights = distance_weights(great_circle_km(sites), "knn", k=3)
        from ftzlink.plot import lisa_map

        lisa = local_moran(data, weights, self.params["n_permutations"], seed=self.params["seed"]).table
        self.save_table(lisa, "lisa", caption=f"LISA of {indicator} {year}, {n} host cities, k = 3")
        self.save_figure(lisa_map(lisa, sites, lang=self.params["language"]), "lisa_map")
        return Markdown(f"LISA of {indicator} {year}, {n} host cities, k = 3 nearest neighbours.")

    def reading(self, kind: str, **tables):
        """A paragraph stating this section's results in the report's language (Markdown).

        ``kind`` is ``"overlap"`` (``pairs``, ``blocks``), ``"complementarity"`` (``pairs``,
        ``blocks``, ``basis``), ``"network"`` (``mrqap``, ``qap``) or ``"structure"``
        (``fidelity``, ``label``); see :mod:`ftzlink.report.findings`.
        """
        from IPython.display import Markdown

        from ftzlink.report import findings

        lang, lab = self.params["language"], self.labeller()
        text = {
            "overlap": lambda: findings.overlap_reading(tables["pairs"], tables["blocks"],
                                                        self.params["similarity_method"], lab, lang),
            "complementarity": lambda: findings.complementarity_reading(tables["pairs"], tables["blocks"],
                                                                        tables["basis"], lab, lang),
            "network": lambda: findings.network_reading(tables["mrqap"], tables["qap"], lang),
            "structure": lambda: findings.structure_reading(tables["fidelity"], tables["label"], lab, lang),
        }[kind]()
        return Markdown(("**阅读：** " if lang == "zh" else "**Reading.** ") + text)

    def provinces(self) -> list[str]:
        """Region ids (``hubei``, ``hunan``, ``zhejiang``) of the selected zones' provinces."""
        return list(dict.fromkeys(self.zones["province_en"].str.lower()))

    def province_table(self) -> pd.DataFrame:
        """Province names (``name_zh``, ``name_en``) indexed by region id, for labels."""
        table = self.zones.assign(region=self.zones["province_en"].str.lower()).drop_duplicates("region")
        return table.set_index("region")[["province_zh", "province_en"]].rename(
            columns={"province_zh": "name_zh", "province_en": "name_en"})

    def province_structure(self, measure=None):
        """:func:`ftzlink.study.structure.province_structure` of the selected provinces for the
        ``measure`` (default: the parameter) and ``statistics_year``."""
        from ftzlink.study.structure import province_structure

        return province_structure(self.provinces(), measure or self.params["measure"], self.params["statistics_year"])

    def plan_fidelity(self, structure):
        """Zones' targeted divisions against ``structure`` (see :func:`ftzlink.study.structure.plan_fidelity`);
        listings that name a whole industrial section are not targets
        (:func:`ftzlink.study.structure.section_wide_industries`), and a note names them."""
        from ftzlink.study.structure import plan_fidelity, section_wide_industries

        if (self.params["level"], self.params["weight"]) != ("industry", "binary"):
            self._say(f"Note: plan fidelity does not use level={self.params['level']!r} / "
                      f"weight={self.params['weight']!r}: targets are binary GB/T divisions, as the statistics.",
                      f"说明：规划契合度不使用参数 level={self.params['level']!r} / weight={self.params['weight']!r}："
                      f"目标按国标行业大类 0/1 计，与统计口径一致。")
        broad = section_wide_industries()
        targets = self.positioning(level="gbt_division", weight="binary", exclude_industries=broad)
        listed = self.positioning(level="industry", weight="binary")[broad]
        fidelity = plan_fidelity(targets, self.zones, structure, section_wide=listed)
        if len(fidelity.section_wide):
            labels = self.labeller()
            zones = [labels.zones[z] for z in fidelity.section_wide["zone_id"].unique()]
            names = sorted({labels.industries[i] for i in fidelity.section_wide["industry_id"]})
            self._say(f"Note: {', '.join(zones)} list “{'”, “'.join(names)}”, a whole GB/T section that names "
                      f"no division: not counted as targets.",
                      f"说明：{'、'.join(zones)}的定位笼统列出“{'”“'.join(names)}”（整个国标门类），未指明行业大类，"
                      f"不计为定位。")
        return fidelity

    def structure_figure(self, fidelity):
        """Provinces' location quotients beside the zones' targeted divisions
        (:func:`ftzlink.plot.structure_plot`), from a :meth:`plan_fidelity` result."""
        from ftzlink.plot import structure_plot

        lq = fidelity.structure.lq
        return structure_plot(fidelity.targets.loc[:, lq.columns], lq, self.zones, self.code_table("gbt_division"),
                              self.province_table(), lang=self.params["language"])

    def zone_table(self) -> pd.DataFrame:
        """The registry columns a reader needs, for the selected zones."""
        cols = ["name_zh", "name_en", "province_en", "kind", "host_city_zh", "adcode", "area_km2",
                "plan_doc_no", "opened_date", "verified"]
        return self.zones[[c for c in cols if c in self.zones.columns]]

    def code_table(self, level: str | None = None) -> pd.DataFrame:
        """Codes of ``level`` (default: the parameter) with ``name_zh`` / ``name_en``, for labels."""
        level = level or self.params["level"]
        return load_industries() if level == "industry" else load_codes(level)

    #: Names of the positioning levels in the robustness table: (en, zh).
    LEVEL_NAMES = {"industry": ("policy industries", "政策产业"), "gbt_division": ("GB/T divisions", "国民经济行业大类"),
                   "io42": ("IO sectors (42)", "投入产出部门（42）")}

    def robustness_alternatives(self, mat: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
        """The baseline zone × zone index (``similarity_method`` on ``mat``, the run's
        :meth:`positioning`) and its alternatives, named in the report's language: each other
        method of ``robustness_methods``, each other positioning level, and the State Council
        plans alone (:func:`ftzlink.study.registry.plan_source_docs`)."""
        from ftzlink.indices import similarity
        from ftzlink.study.registry import plan_source_docs

        zh = self.params["language"] == "zh"
        method = self.params["similarity_method"]
        baseline = similarity(mat, method=method)
        alternatives = {("方法：" if zh else "method: ") + self.measure_name(m): similarity(mat, method=m)
                        for m in self.params["robustness_methods"] if m != method}
        for level, names in self.LEVEL_NAMES.items():
            if level != self.params["level"]:
                alternatives[("对照层级：" if zh else "level: ") + names[zh]] = similarity(
                    self.positioning(level=level), method=method)
        alternatives["仅国务院总体方案" if zh else "State Council plans only"] = similarity(
            self.positioning(source_docs=plan_source_docs()), method=method)
        return baseline, alternatives

    def measure_name(self, measure: str) -> str:
        """The name of a measure id (``"jaccard"`` → "Jaccard overlap" / "Jaccard 重合度") in the
        report's language, for captions (:func:`ftzlink.plot.labels.measure_label`)."""
        from ftzlink.plot.labels import measure_label

        return measure_label(measure, self.params["language"])

    def _say(self, en: str, zh: str) -> None:
        """Print a note under the cell in the report's language."""
        print(zh if self.params["language"] == "zh" else en)

    def labeller(self):
        """Id → name mapping in the report's language (zones, provinces, every industry level)."""
        from ftzlink.report.display import Labeller
        from ftzlink.study.registry import load_codes

        codes = [load_industries(), load_codes("gbt_division"), load_codes("gbt_section")]
        return Labeller(self.zones, codes, self.params["language"], io_sectors=load_codes("io42"))

    def save_table(self, df: pd.DataFrame, stem: str, caption: str | Mapping[str, str] = "",
                   show: int | None = None):
        """Write a table and return it as the report shows it.

        ``tables/<stem>.csv`` keeps ids and full precision (UTF-8 with BOM, so Excel reads the
        Chinese); ``tables/<stem>.tex`` (booktabs) and the sheet ``<stem>`` staged for
        ``tables/tables.xlsx`` (written by :meth:`save_workbook`) show names in the report's
        language, integers as integers and three significant digits. The returned styled table
        (first ``show`` rows, all by default) carries the caption: a string, or one string per
        language (``{"en": ..., "zh": ...}``), of which the report's language is used.
        """
        from ftzlink.report.display import number_format, stage_sheet, tidy_numbers

        if isinstance(caption, Mapping):
            language = self.params["language"]
            if language not in caption:
                raise FtzlinkError(f"caption of table {stem!r}: no text for the report's language {language!r} "
                                   f"(given: {', '.join(map(str, caption))})")
            caption = caption[language]
        data = tidy_numbers(df)
        shown = self.labeller().names(data)
        paths = save_table(data, self.output_dir / "tables" / stem, caption=caption, display=shown,
                           formatter=number_format)
        stage_sheet(self.output_dir / "tables" / "tables.xlsx", shown, stem, caption)
        if show is not None:
            shown = shown.head(show)
        styler = shown.style.format(number_format, na_rep="–").set_caption(caption)
        if isinstance(shown.index, pd.RangeIndex):
            styler = styler.hide(axis="index")
        styler.paths = paths
        return styler

    def save_workbook(self) -> Path:
        """Write ``tables/tables.xlsx`` with a sheet for every table saved in this output
        directory (names, integers and captions as in the report; the last cell of a notebook)."""
        from ftzlink.report.display import write_workbook

        return write_workbook(self.output_dir / "tables" / "tables.xlsx")

    def save_figure(self, fig, stem: str) -> list[Path]:
        """Write ``figures/<stem>.<fmt>`` for every requested format (deterministic bytes).

        In a notebook the figure is then shown once, explicitly (and closed, so the inline
        backend does not show it a second time): every saved figure appears in the report. When
        PNG is among the formats, the saved PNG itself is shown (at the figure's size, so it is
        not drawn a third time); otherwise the figure is drawn by the inline backend.
        """
        import matplotlib.pyplot as plt

        from ftzlink.plot import save

        paths = save(fig, self.output_dir / "figures" / stem, formats=tuple(self.params["formats"]),
                     dpi=self.params["dpi"])
        plt.close(fig)
        try:
            from IPython import get_ipython
            from IPython.display import Image, display
        except ImportError:  # pragma: no cover - IPython ships with the notebook dependencies
            return paths
        if get_ipython() is not None:
            png = next((p for p in paths if p.suffix == ".png"), None)
            display(fig if png is None else Image(filename=png, width=round(fig.get_figwidth() * CSS_PX_PER_INCH)))
        return paths


def report_context(output_dir: str | Path = ".", **params: Any) -> ReportContext:
    """Validate notebook parameters and return the :class:`ReportContext`.

    ``output_dir`` is where figures and tables go (the run directory under ``ftzlink report``).
    """
    merged = validate_params(params)
    zones = load_zones(kinds=merged["kinds"], provinces=merged["provinces"])
    if merged["zones"] is not None:
        zones = zones.loc[merged["zones"]]
    out = Path(output_dir)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    (out / "tables").mkdir(parents=True, exist_ok=True)
    return ReportContext(params=merged, zones=zones, output_dir=out)
