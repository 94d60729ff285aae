"""The report's firm-structure sections: overlap, complementarity and plan fidelity on firm records.

With the parameter ``firm_data`` (and ``firm_zones``), notebooks 02, 03 and 04 end with a section
that computes their index on the zones' firm structure (:mod:`ftzlink.study.firms`) and sets it
beside the same index on the positioning lists:

- **overlap** (02): ``similarity_method`` on the firm structure — on the values for the
  share-based methods, on the sets of specialised divisions (LQ ≥ 1 against the host city) for
  ``jaccard`` — pairs listed with the positioning overlap, and the QAP correlation of the two
  matrices (do plans overlap where economies overlap?);
- **complementarity** (03): complementarity on the 42 IO sectors of the firm structure
  (``complementarity_basis="io"``: the values; ``"relatedness"``: the specialised sectors with
  relatedness from the national table), with its QAP correlation with the positioning-based one;
- **plan fidelity** (04): each zone's targeted divisions against the divisions in which the zone
  itself is specialised (LQ ≥ 1 against its host city), hypergeometric test and BH q across
  zones, beside the share against the host province's strengths.

Every section opens with what it rests on (:meth:`~ftzlink.study.firms.FirmStructure.label`;
synthetic records are flagged in bold). Without ``firm_data`` the sections show nothing.
"""

from __future__ import annotations

import pandas as pd

from ftzlink.report.display import number_format as fmt
from ftzlink.report.findings import Q_LEVEL, fidelity_rates

OVERLAP_WORDS = ("overlap matrices", "重合度矩阵")
COMPLEMENTARITY_WORDS = ("complementarity matrices", "互补性矩阵")
HEADINGS = {
    "overlap": ("## Overlap of the zones' firm structure", "## 片区企业结构的重合度"),
    "complementarity": ("## Complementarity of the zones' firm structure", "## 片区企业结构的互补性"),
    "fidelity": ("## Plans against the zones' own firm structure", "## 规划定位与片区自身企业结构"),
}


def _show(*items) -> None:
    from IPython.display import display

    for item in items:
        display(item)


def _intro(ctx, kind: str, structure) -> None:
    from IPython.display import Markdown

    zh = ctx.params["language"] == "zh"
    text = [HEADINGS[kind][zh], "", ("依据：" if zh else "Basis: ") + structure.label(ctx.params["language"])]
    if structure.synthetic:
        text += ["", "**合成数据：以下结果只演示方法，不描述任何片区。**" if zh else
                 "**Synthetic records: the results below demonstrate the method and describe no zone.**"]
    if structure.missing_zones:
        names = ctx.labeller().zones
        missing = ("、" if zh else ", ").join(str(names.get(z, z)) for z in structure.missing_zones)
        text += ["", (f"数据中没有企业的片区（未纳入本节）：{missing}" if zh
                      else f"Zones without firms in the data (left out of this section): {missing}")]
    _show(Markdown("\n".join(text)))


def _qap(ctx, firm: pd.DataFrame, positioning: pd.DataFrame, stem: str, what: str):
    """QAP correlation of the firm-based and positioning-based matrices over their common zones,
    saved as table ``stem`` (None below three zones, where no permutation test is possible)."""
    from ftzlink.stats import qap_correlation

    common = [z for z in firm.index if z in positioning.index]
    if len(common) < 3:
        return None
    result = qap_correlation(firm.loc[common, common], positioning.loc[common, common],
                             ctx.params["n_permutations"], seed=ctx.params["seed"])
    table = result.table.assign(n_zones=len(common))
    zh, n = ctx.params["language"] == "zh", ctx.params["n_permutations"]
    ctx.save_table(table, stem, caption=f"企业结构与规划定位的{what[1]} QAP 相关（{len(common)} 个片区，置换 {n} 次）" if zh
                   else f"QAP correlation of the firm-based and positioning-based {what[0]} ({len(common)} zones, "
                        f"{n} permutations)")
    return table.iloc[0], len(common)


def _qap_sentence(qap, what: tuple[str, str], zh: bool) -> str:
    """The QAP result in words (``what``: the matrices' name in English and Chinese)."""
    if qap is None:
        return ("共同片区少于 3 个，未做 QAP 检验。" if zh else
                "Fewer than three zones in common: no QAP test.")
    row, n = qap
    return (f"企业结构与规划定位的{what[1]} QAP 相关系数 {fmt(row['estimate'])}（{n} 个片区，双侧 p = {fmt(row['p_value'])}）。"
            if zh else f"QAP correlation of the firm-based and positioning-based {what[0]}: {fmt(row['estimate'])} "
            f"({n} zones, two-sided p = {fmt(row['p_value'])}).")


def overlap_section(ctx, positioning_index: pd.DataFrame) -> None:
    """Notebook 02's firm section (module docstring); tables ``firm_overlap_pairs``, figure
    ``firm_overlap_heatmap``."""
    from IPython.display import Markdown

    import ftzlink
    from ftzlink.plot import index_heatmap
    from ftzlink.plot.labels import measure_label

    structure = ctx.firm_structure("division")
    if structure is None:
        return
    lang, method = ctx.params["language"], ctx.params["similarity_method"]
    zh = lang == "zh"
    _intro(ctx, "overlap", structure)
    firm = ftzlink.similarity(structure.profile(method), method=method)
    common = [z for z in firm.index if z in positioning_index.index]
    pairs = ftzlink.pairs_to_long({"firm_structure": firm.loc[common, common],
                                   "positioning": positioning_index.loc[common, common]})
    pairs = pairs.sort_values("firm_structure", ascending=method == "krugman", kind="stable").reset_index(drop=True)
    if zh:
        basis = "专业化行业大类（区位熵 ≥ 1）" if method == "jaccard" else "各大类企业数值"
        caption = f"片区企业结构的{measure_label(method, lang)}（{basis}）与规划定位重合度，按片区对；{structure.label(lang)}"
    else:
        basis = "specialised divisions (LQ ≥ 1)" if method == "jaccard" else "firm values by division"
        caption = (f"{measure_label(method, lang)} of the zones' firm structure ({basis}) beside the positioning "
                   f"overlap, by zone pair; {structure.label(lang)}")
    _show(ctx.save_table(pairs, "firm_overlap_pairs", show=15, caption=caption))
    ctx.save_figure(index_heatmap(firm, ctx.zones, lang=lang, label=method, diagonal=False), "firm_overlap_heatmap")
    top = pairs.iloc[0]
    names = ctx.labeller().zones
    a, b = (names.get(top[c], top[c]) for c in pairs.columns[:2])
    qap = _qap(ctx, firm, positioning_index, "firm_overlap_qap", OVERLAP_WORDS)
    measure = measure_label(method, lang)
    text = (f"企业结构{measure}最高的片区对是{a}与{b}（{fmt(top['firm_structure'])}；规划定位 {fmt(top['positioning'])}）。"
            if zh else f"By firm structure the most similar pair ({measure}) is {a} – {b} "
            f"({fmt(top['firm_structure'])}; positioning {fmt(top['positioning'])}). ")
    _show(Markdown(("**阅读：** " if zh else "**Reading.** ") + text
                   + _qap_sentence(qap, OVERLAP_WORDS, zh)))


def complementarity_section(ctx, positioning) -> None:
    """Notebook 03's firm section (module docstring); table ``firm_complementarity_pairs``, figure
    ``firm_complementarity_heatmap``. ``positioning`` is :meth:`ReportContext.complementarity`'s result."""
    from IPython.display import Markdown

    import ftzlink
    from ftzlink.io_tables import io_relatedness, supplier_buyer_matrix
    from ftzlink.plot import index_heatmap
    from ftzlink.report.context import Complementarity

    structure = ctx.firm_structure("io42")
    if structure is None:
        return
    lang = ctx.params["language"]
    zh = lang == "zh"
    _intro(ctx, "complementarity", structure)
    table = ctx.io_table()
    if ctx.params["complementarity_basis"] == "io":
        result = Complementarity(ftzlink.complementarity(structure.matrix, "io", io_table=table),
                                 supplier_buyer_matrix(structure.matrix, table), ctx.basis_label(table.year))
    else:
        if ctx.params["relatedness_source"] == "co_listing":
            print("Note: on firm structure, relatedness comes from the national IO table, not from co-listing.")
        rel = io_relatedness(table)
        result = Complementarity(ftzlink.complementarity(structure.specialised, "relatedness", rel=rel), None,
                                 ("关联互补性（专业化部门，投入产出关联）" if zh else
                                  "relatedness complementarity (specialised sectors, input-output relatedness)"))
    ranking = result.ranked_pairs()
    _show(ctx.save_table(ranking, "firm_complementarity_pairs", show=15,
                         caption=f"按企业结构互补性排序的片区对（{result.basis}）；{structure.label(lang)}" if zh else
                         f"Zone pairs ranked by the complementarity of their firm structure ({result.basis}); "
                         f"{structure.label(lang)}"))
    ctx.save_figure(index_heatmap(result.matrix, ctx.zones, lang=lang, label=result.basis, diagonal=False,
                                  cluster=False, directional=True), "firm_complementarity_heatmap")
    names = ctx.labeller().zones
    top = ranking.head(3)
    value = "（{}）" if zh else " ({})"
    links = ("；" if zh else "; ").join(f"{names.get(r.supplier, r.supplier)} → {names.get(r.buyer, r.buyer)}"
                                       + value.format(fmt(r.complementarity)) for r in top.itertuples())
    qap = _qap(ctx, result.matrix, positioning.matrix, "firm_complementarity_qap", COMPLEMENTARITY_WORDS)
    text = (f"按企业结构，最强的供给→需求联系为：{links}。" if zh else
            f"By firm structure the strongest supplier → buyer links are: {links}. ")
    _show(Markdown(("**阅读：** " if zh else "**Reading.** ") + text
                   + _qap_sentence(qap, COMPLEMENTARITY_WORDS, zh)))


def fidelity_section(ctx, province_fidelity=None) -> None:
    """Notebook 04's firm section (module docstring); table ``plan_fidelity_firms``.

    ``province_fidelity`` (a :class:`~ftzlink.study.structure.PlanFidelity`) adds the share of
    targets in the host province's strengths beside the zone's own."""
    from IPython.display import Markdown

    from ftzlink.indices import target_fidelity
    from ftzlink.stats import bh_qvalues

    structure = ctx.firm_structure("division")
    if structure is None:
        return
    zh = ctx.params["language"] == "zh"
    _intro(ctx, "fidelity", structure)
    targets = ctx.positioning(level="gbt_division", weight="binary")
    zones = [z for z in structure.matrix.index if z in targets.index]
    strength = structure.specialised.reindex(columns=targets.columns)   # NaN: division without firms in the data
    table = target_fidelity(targets.loc[zones], strength.loc[zones], pd.Series(zones, index=zones))
    table = table.drop(columns="host")
    table.insert(table.columns.get_loc("p_value") + 1, "q_value", bh_qvalues(table["p_value"]))
    if province_fidelity is not None:
        table["share_strong_province"] = province_fidelity.table["share_strong"].reindex(table.index)
    _show(ctx.save_table(table, "plan_fidelity_firms",
                         caption=f"各片区定位行业大类中片区自身企业专业化（相对{'所在城市' if structure.reference_label == 'host city' else '全部企业'}"
                                 f"区位熵 ≥ 1）的比例；单侧超几何检验 p 与片区间 BH q；{structure.label('zh')}" if zh else
                         f"Share of each zone's targeted divisions in which the zone itself is specialised "
                         f"(LQ ≥ 1 against {'its host city' if structure.reference_label == 'host city' else 'all firms in the data'}); one-sided hypergeometric p and "
                         f"BH q across zones; {structure.label()}"))
    n, hit, expected, significant = fidelity_rates(table)
    names = ctx.labeller().zones
    sig = [str(names.get(z, z)) for z in significant]
    if zh:
        who = "、".join(sig) if sig else "没有片区"
        text = (f"{n} 个片区的定位行业中，{fmt(100 * hit)}% 是片区自身企业结构专业化的行业（区位熵 ≥ 1），"
                f"随机期望 {fmt(100 * expected)}%；{who}的定位显著偏向自身已有的专业化行业（BH q < {Q_LEVEL}）。")
    else:
        who = ", ".join(sig) if sig else "no zone"
        text = (f"Across {n} zones, {fmt(100 * hit)}% of targeted divisions are ones in which the zone's own "
                f"firms are specialised (LQ ≥ 1), against {fmt(100 * expected)}% expected by chance; {who} "
                f"target(s) what the zone already specialises in (BH q < {Q_LEVEL}).")
    _show(Markdown(("**阅读：** " if zh else "**Reading.** ") + text))
