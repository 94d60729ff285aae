"""Findings stated in words, generated from a run's results (never hand-written numbers).

Each ``*_reading`` function turns the tables one notebook computed into a short paragraph in
English or Chinese; notebooks show it at the end of their section, and :func:`run_findings`
puts them together at the top of ``report.html`` with the run's parameters, date, package
version and the provenance of every curated input. Claims about significance use
Benjamini–Hochberg q-values (``Q_LEVEL``), never raw p-values.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from ftzlink.plot.labels import measure_label
from ftzlink.report.display import VALUE_NAMES
from ftzlink.report.display import number_format as fmt

Q_LEVEL = 0.05


def _name(labeller, value, kind: str) -> str:
    table = {"zone": labeller.zones, "province": labeller.provinces}[kind]
    return str(table.get(value, value))


def overlap_reading(pairs: pd.DataFrame, blocks: pd.DataFrame, method: str, labeller, lang: str) -> str:
    """Most and least overlapping zone pairs, the number significant at q < Q_LEVEL, and the
    within- versus between-province means."""
    a, b = pairs.columns[:2]
    ranked = pairs.sort_values(method, ascending=False, kind="stable")
    top, low = ranked.iloc[0], ranked.iloc[-1]
    n_sig = int((pairs["q_value"] < Q_LEVEL).sum()) if "q_value" in pairs else 0
    within = float(np.nanmean(np.diag(blocks.to_numpy(dtype=float))))
    off = blocks.to_numpy(dtype=float)[~np.eye(len(blocks), dtype=bool)]
    between = float(np.nanmean(off)) if off.size else float("nan")
    z = lambda r, c: _name(labeller, r[c], "zone")  # noqa: E731
    if lang == "zh":
        return (f"产业定位重合度（{measure_label(method, lang)}）最高的片区对是{z(top, a)}与{z(top, b)}（{fmt(top[method])}，"
                f"共同行业 {int(top['shared_industries'])} 个，q = {fmt(top['q_value'])}），最低的是{z(low, a)}与"
                f"{z(low, b)}（{fmt(low[method])}）。{len(pairs)} 个片区对中有 {n_sig} 个的重合显著高于随机"
                f"（超几何检验，BH 校正 q < {Q_LEVEL}）。省内平均重合度 {fmt(within)}，省际 {fmt(between)}。")
    return (f"The most overlapping pair of plans ({measure_label(method, lang)}) is {z(top, a)} – {z(top, b)} ({fmt(top[method])}, "
            f"{int(top['shared_industries'])} shared industries, q = {fmt(top['q_value'])}); the least is "
            f"{z(low, a)} – {z(low, b)} ({fmt(low[method])}). {n_sig} of {len(pairs)} pairs overlap more than "
            f"chance (hypergeometric test, Benjamini–Hochberg q < {Q_LEVEL}). Mean overlap is {fmt(within)} "
            f"within provinces and {fmt(between)} between them.")


def complementarity_reading(pairs: pd.DataFrame, blocks: pd.DataFrame, basis: str, labeller, lang: str) -> str:
    """The strongest supplier → buyer links between the zones' plans and the within/between-province
    means, with the basis."""
    top = pairs.sort_values("complementarity", ascending=False, kind="stable").head(3)
    z = lambda v: _name(labeller, v, "zone")  # noqa: E731
    within = float(np.nanmean(np.diag(blocks.to_numpy(dtype=float))))
    off = blocks.to_numpy(dtype=float)[~np.eye(len(blocks), dtype=bool)]
    between = float(np.nanmean(off)) if off.size else float("nan")
    if lang == "zh":
        links = "；".join(f"{z(r.supplier)} → {z(r.buyer)}（{fmt(r.complementarity)}）" for r in top.itertuples())
        return (f"片区规划定位（所列产业）之间的互补性，依据：{basis}。最强的供给→需求联系为：{links}。"
                f"省内平均互补性 {fmt(within)}，省际 {fmt(between)}。")
    links = "; ".join(f"{z(r.supplier)} → {z(r.buyer)} ({fmt(r.complementarity)})" for r in top.itertuples())
    return (f"Complementarity of the zones' plans (the industries they list) rests on {basis}. The strongest "
            f"supplier → buyer links: {links}. Mean complementarity is {fmt(within)} within provinces and "
            f"{fmt(between)} between them.")


def network_reading(mrqap: pd.DataFrame, qap: pd.DataFrame, lang: str) -> str:
    """What explains mutual complementarity (MRQAP terms) and overlap against distance (QAP)."""
    terms = mrqap.drop(index="const", errors="ignore")
    zh = lang == "zh"
    parts = []
    for term, row in terms.iterrows():
        name = VALUE_NAMES["term"][term][zh] if term in VALUE_NAMES["term"] else term
        parts.append(f"{name} {fmt(row['estimate'])}" + (f"（p = {fmt(row['p_value'])}）" if zh
                                                         else f" (p = {fmt(row['p_value'])})"))
    r = qap.iloc[0]
    if lang == "zh":
        return (f"MRQAP（因变量：片区间相互互补性；双半偏置换检验，双侧）系数：{'；'.join(parts)}。"
                f"定位重合度与球面距离的 QAP 相关系数 {fmt(r['estimate'])}（双侧 p = {fmt(r['p_value'])}）。")
    return (f"MRQAP of mutual complementarity between zones (double semi-partialling, two-sided): "
            f"{'; '.join(parts)}. QAP correlation of positioning overlap with great-circle distance: "
            f"{fmt(r['estimate'])} (two-sided p = {fmt(r['p_value'])}).")


def fidelity_rates(fidelity: pd.DataFrame) -> tuple[int, float, float, list]:
    """From a :func:`ftzlink.indices.target_fidelity` table with ``q_value``: the number of
    zones with targets, the share of all their targets that hit strengths (Σk / Σn), the share
    expected by chance (Σ n·K/N / Σn) and the zones significant at q < ``Q_LEVEL``."""
    f = fidelity[fidelity["n_targeted"] > 0]
    if f.empty:
        return 0, float("nan"), float("nan"), []
    total = f["n_targeted"].sum()
    return (len(f), float(f["n_strong_targeted"].sum() / total),
            float((f["expected_share"] * f["n_targeted"]).sum() / total), list(f.index[f["q_value"] < Q_LEVEL]))


def structure_reading(fidelity: pd.DataFrame, label: str, labeller, lang: str,
                      left_out: pd.DataFrame | None = None) -> str:
    """Plans against structure: how often targets sit in the host province's strengths; the
    zones ``left_out`` (``zone_id``, ``reason`` in ``lang``: the table of
    :meth:`ftzlink.study.structure.PlanFidelity.left_out`) are named with their reasons."""
    n, hit, expected, significant = fidelity_rates(fidelity)
    sig = [_name(labeller, z, "zone") for z in significant]
    broad = int((fidelity["n_section_wide"] > 0).sum()) if "n_section_wide" in fidelity else 0
    zh = lang == "zh"
    opening, closing = ("（", "）") if zh else (" (", ")")
    groups = [] if left_out is None else [
        ("、" if zh else ", ").join(_name(labeller, z, "zone") for z in g["zone_id"]) + f"{opening}{reason}{closing}"
        for reason, g in left_out.groupby("reason", sort=False)]
    if zh:
        who = "、".join(sig) if sig else "没有片区"
        note = f"{broad} 个片区笼统列出整个门类（如“制造业”）的定位未计入。" if broad else ""
        gone = f"未纳入：{'；'.join(groups)}。" if groups else ""
        return (f"依据：{label}。有定位的 {n} 个片区中，{fmt(100 * hit)}% 的定位行业落在所在省的优势行业"
                f"（区位熵 ≥ 1），随机选择的期望为 {fmt(100 * expected)}%；{who}的定位显著偏向本省优势"
                f"（超几何检验，BH q < {Q_LEVEL}）。{note}{gone}")
    who = ", ".join(sig) if sig else "no zone"
    verb = "concentrate their" if len(sig) > 1 else "concentrates its"
    note = (f" Listings of a whole GB/T section (e.g. manufacturing as such) by {broad} "
            f"zone{'s' if broad > 1 else ''} are not counted as targets." if broad else "")
    gone = f" Left out: {'; '.join(groups)}." if groups else ""
    return (f"Basis: {label}. Across the {n} zones with industrial targets, {fmt(100 * hit)}% of targeted "
            f"divisions are ones where the host province is strong (LQ ≥ 1), against {fmt(100 * expected)}% "
            f"expected by chance; {who} {verb} targets on provincial strengths (hypergeometric "
            f"test, BH q < {Q_LEVEL}).{note}{gone}")


def firm_reading(run_dir: Path, params: dict, lang: str) -> str:
    """Firm structure against plans, from the firm sections' tables (empty without them): QAP
    correlations of the overlap and complementarity matrices, plan fidelity to the zones' own
    specialisation; synthetic records are said to be synthetic."""
    from ftzlink.study.firms import is_synthetic

    overlap, comp = _read(run_dir, "firm_overlap_qap", index=True), _read(run_dir, "firm_complementarity_qap", index=True)
    fidelity = _read(run_dir, "plan_fidelity_firms", index=True)
    if params.get("firm_data") is None or (overlap is None and comp is None and fidelity is None):
        return ""
    zh = lang == "zh"
    name = Path(params["firm_data"]).name
    parts = []
    for table, what in ((overlap, ("overlap", "重合度")), (comp, ("complementarity", "互补性"))):
        if table is not None:
            r = table.iloc[0]
            parts.append(f"{what[1]} QAP r = {fmt(r['estimate'])}（p = {fmt(r['p_value'])}）" if zh else
                         f"{what[0]} QAP r = {fmt(r['estimate'])} (p = {fmt(r['p_value'])})")
    if fidelity is not None:
        n, hit, expected, _ = fidelity_rates(fidelity)
        parts.append(f"{n} 个片区的定位行业中 {fmt(100 * hit)}% 是片区企业专业化行业（随机期望 {fmt(100 * expected)}%）"
                     if zh else f"{fmt(100 * hit)}% of the targeted divisions of {n} zones are ones their own firms "
                     f"specialise in ({fmt(100 * expected)}% expected by chance)")
    synthetic = is_synthetic(params["firm_data"])
    if zh:
        head = f"企业结构（{name}{'，合成数据，仅作演示' if synthetic else ''}）与规划定位："
        return head + "；".join(parts) + "。"
    head = f"Firm structure ({name}{'; SYNTHETIC records, a demonstration only' if synthetic else ''}) against plans: "
    return head + "; ".join(parts) + "."


def _read(run_dir: Path, stem: str, index: bool = False) -> pd.DataFrame | None:
    path = run_dir / "tables" / f"{stem}.csv"
    if not path.is_file():
        return None
    return pd.read_csv(path, encoding="utf-8-sig", index_col=0 if index else None, dtype={0: str})


def run_findings(run_dir: Path, params: dict, labeller, basis: str | None, structure_label: str | None,
                 left_out: list[str] = ()) -> str:
    """Markdown of the report's opening: findings from the run's tables, then the run itself."""
    lang = params["language"]
    heads = {"en": ("Findings", "Run", "Provenance of the curated inputs"),
             "zh": ("主要发现", "运行信息", "数据来源")}[lang]
    lines = [f"# {heads[0]}", ""]
    pairs, blocks = _read(run_dir, "overlap_pairs"), _read(run_dir, "overlap_by_province", index=True)
    if pairs is not None and blocks is not None:
        lines += ["- " + overlap_reading(pairs, blocks, params["similarity_method"], labeller, lang)]
    comp, cblocks = _read(run_dir, "complementarity_pairs"), _read(run_dir, "complementarity_by_province", index=True)
    if comp is not None and cblocks is not None and basis:
        lines += ["- " + complementarity_reading(comp, cblocks, basis, labeller, lang)]
    mrqap, qap = _read(run_dir, "mrqap_complementarity", index=True), _read(run_dir, "qap_overlap_distance", index=True)
    if mrqap is not None and qap is not None:
        lines += ["- " + network_reading(mrqap, qap, lang)]
    fidelity = _read(run_dir, "plan_fidelity", index=True)
    if fidelity is not None and structure_label:
        lines += ["- " + structure_reading(fidelity, structure_label, labeller, lang,
                                           _read(run_dir, "plan_fidelity_excluded"))]
    firms = firm_reading(run_dir, params, lang)
    if firms:
        lines += ["- " + firms]
    from ftzlink import __version__

    date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines += ["", f"## {heads[1]}", "",
              f"ftzlink {__version__}; {date}; " + ("参数：" if lang == "zh" else "parameters: ")
              + "; ".join(f"`{k}` = {v}" for k, v in params.items()), ""]
    if left_out:
        lines += [("未纳入分析的片区：" if lang == "zh" else "Zones left out of every analysis: ")
                  + ("；" if lang == "zh" else "; ").join(left_out), ""]
    lines += [f"## {heads[2]}", ""]
    lines += provenance_lines(lang)
    return "\n".join(lines)


def provenance_lines(lang: str) -> list[str]:
    """One line per curated input: rows, share verified, the publication it rests on."""
    from ftzlink.io_tables import national_tables
    from ftzlink.study.registry import load_positioning, load_zones
    from ftzlink.study.statistics import load_statistics

    zones, pos, stats = load_zones(), load_positioning(), load_statistics()
    io = national_tables()
    files = stats.groupby("file").agg(rows=("value", "size"), verified=("verified", "mean"),
                                      table=("table", "first") if "table" in stats else ("source", "first"))
    out = [f"- zones.csv: {len(zones)} zones, {fmt(100 * zones['verified'].mean())}% verified",
           f"- positioning.csv: {len(pos)} rows from {pos['source_doc'].nunique()} documents, "
           f"{fmt(100 * pos['verified'].mean())}% verified"]
    for row in io.itertuples():
        out.append(f"- io_tables/{row.file}: {row.title} ({row.publisher}); verified = {row.verified}")
    for name, row in files.iterrows():
        out.append(f"- statistics/province_industry/{name}: {row.rows} values, {fmt(100 * row.verified)}% verified; "
                   f"{row.table}")
    return out
