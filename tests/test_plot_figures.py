"""Every plot type on small synthetic tables: CJK font embedded and covering the text drawn,
byte-identical re-renders, and the drawing itself (cells, bars, edges, one boundary per city)."""

import io
import re
import zlib

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402
from matplotlib import colormaps, font_manager  # noqa: E402
from matplotlib.collections import PatchCollection, QuadMesh  # noqa: E402
from matplotlib.patches import PathPatch, Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from ftzlink.errors import FtzlinkError  # noqa: E402
from ftzlink.plot import (  # noqa: E402
    cjk_font_path,
    index_heatmap,
    linkage_network,
    missing_chars,
    positioning_plot,
    save,
    specialisation_bars,
    zone_map,
)
from ftzlink.plot.heatmap import cluster_order  # noqa: E402
from ftzlink.plot.maps import boundary  # noqa: E402
from ftzlink.plot.network import checked_graph  # noqa: E402
from ftzlink.plot.theme import DIVERGING  # noqa: E402

# --- synthetic inputs (made up for the tests; points are the cities' representative points) ---

ADCODES = {"z_wh": "420100", "z_yc": "420500", "z_cs": "430100", "z_nb": "330200", "z_nbl": "330200"}


@pytest.fixture(scope="module")
def zones():
    ids = list(ADCODES)
    points = [boundary(ADCODES[z]).representative_point() for z in ids]
    return pd.DataFrame({
        "name_zh": ["武汉片区", "宜昌片区", "长沙片区", "宁波片区", "宁波联动创新区"],
        "name_en": ["Wuhan Area", "Yichang Area", "Changsha Area", "Ningbo Area", "Ningbo Linkage Zone"],
        "province_zh": ["湖北省", "湖北省", "湖南省", "浙江省", "浙江省"],
        "province_en": ["Hubei", "Hubei", "Hunan", "Zhejiang", "Zhejiang"],
        "kind": ["pilot_area"] * 4 + ["linkage_zone"],
        "adcode": [ADCODES[z] for z in ids],
        "lon": [p.x for p in points],
        "lat": [p.y for p in points],
    }, index=pd.Index(ids, name="zone_id"))


@pytest.fixture(scope="module")
def industries():
    return pd.DataFrame({"name_zh": ["生物医药", "现代物流", "新材料", "航运服务"],
                         "name_en": ["Biomedicine", "Modern logistics", "New materials", "Shipping services"],
                         "group": ["manufacturing", "logistics", "manufacturing", "logistics"]},
                        index=["bio", "logi", "mat", "ship"])


@pytest.fixture(scope="module")
def matrix():
    # zone × industry 0/1 positioning, made up; "ship" is listed by nobody
    return pd.DataFrame([[1, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 0], [0, 1, 1, 0], [1, 1, 1, 0]],
                        index=list(ADCODES), columns=["bio", "logi", "mat", "ship"], dtype=float)


@pytest.fixture(scope="module")
def index(matrix):
    # Jaccard overlap of the positioning sets, |A ∩ B| / |A ∪ B|, e.g. wh {bio, logi} vs yc {bio, mat}: 1/3
    b = matrix.to_numpy(bool)
    inter = (b[:, None, :] & b[None, :, :]).sum(axis=2)
    union = (b[:, None, :] | b[None, :, :]).sum(axis=2)
    out = pd.DataFrame(inter / union, index=matrix.index, columns=matrix.index)
    assert out.loc["z_wh", "z_yc"] == pytest.approx(1 / 3)
    return out


def _figure(kind, zones, industries, matrix, index, lang):
    if kind == "heatmap":
        return index_heatmap(index, zones, lang=lang, label="Jaccard")
    if kind == "positioning":
        return positioning_plot(matrix, zones, industries, lang=lang)
    if kind == "bars":
        return specialisation_bars(matrix.sum(axis=1), zones, lang=lang, group="province")
    if kind == "network":
        return linkage_network(index, zones, lang=lang, label="Jaccard")
    return zone_map(zones, index, lang=lang, threshold=0.2, label="Jaccard")


KINDS = ["heatmap", "positioning", "bars", "network", "map"]


# --- PDF font inspection (independent of matplotlib: raw objects and fontTools) ---

def _pdf_fonts(data: bytes):
    """(BaseFont names, embedded /FontFile2 programs as TTFont) of a PDF written by matplotlib."""
    base = re.findall(rb"/BaseFont\s*/([^\s/>\]]+)", data)
    programs = []
    for ref in re.findall(rb"/FontFile2\s+(\d+)\s+0\s+R", data):
        head = re.search(rb"\n" + ref + rb" 0 obj\s*<<(.*?)>>\s*stream\r?\n", data, re.S)
        length = int(re.search(rb"/Length\s+(\d+)", head.group(1)).group(1))
        raw = data[head.end():head.end() + length]
        if b"/FlateDecode" in head.group(1):
            raw = zlib.decompress(raw)
        programs.append(TTFont(io.BytesIO(raw)))
    return [b.decode() for b in base], programs


def _drawn_text(fig) -> str:
    return "".join(t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text())


def _cjk(text: str) -> str:
    return "".join(sorted({ch for ch in text if "\u4e00" <= ch <= "\u9fff"}))


@pytest.fixture(scope="module")
def renders(tmp_path_factory, zones, industries, matrix, index):
    """Each kind in zh, rendered twice from fresh figures, saved as pdf, png and svg."""
    out = {}
    root = tmp_path_factory.mktemp("figs")
    for kind in KINDS:
        texts, files = [], []
        for run in (1, 2):
            fig = _figure(kind, zones, industries, matrix, index, "zh")
            texts.append(_drawn_text(fig))
            files.append(save(fig, root / f"{kind}_{run}", dpi=100))
            fonts = {font_manager.findfont(t.get_fontproperties()) for t in fig.findobj(Text) if _cjk(t.get_text())}
            plt.close(fig)
        out[kind] = {"text": texts[0], "files": files, "fonts": fonts}
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_two_renders_are_byte_identical(renders, kind):
    first, second = renders[kind]["files"]
    assert [p.suffix for p in first] == [".pdf", ".png", ".svg"]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_embeds_the_cjk_font_as_truetype_covering_every_character(renders, kind):
    text = renders[kind]["text"]
    chars = _cjk(text)
    assert chars, "the zh figure draws Chinese labels"
    base, programs = _pdf_fonts(renders[kind]["files"][0][0].read_bytes())
    assert any(re.fullmatch(r"[A-Z]{6}\+NotoSansCJKscTTF-Regular", b) for b in base), base
    cjk_programs = [p for p in programs if "NotoSansCJKscTTF" in p["name"].getDebugName(6)]
    assert cjk_programs and all("glyf" in p and "CFF " not in p for p in cjk_programs)
    embedded = set().union(*(p.getBestCmap() for p in cjk_programs))
    assert {ord(c) for c in chars} <= embedded
    assert b"/CreationDate" not in renders[kind]["files"][0][0].read_bytes()


@pytest.mark.parametrize("kind", KINDS)
def test_chinese_labels_use_the_cjk_font_and_it_covers_all_text(renders, kind):
    path = cjk_font_path()
    assert {str(f) for f in renders[kind]["fonts"]} == {str(path)}
    assert missing_chars(renders[kind]["text"], path) == ""
    with TTFont(path, lazy=True) as font:  # independent check of the font's cmap
        cmap = font.getBestCmap()
    assert all(ord(c) in cmap for c in _cjk(renders[kind]["text"]))


def test_english_labels_switch_with_lang(zones, industries, matrix, index):
    fig = index_heatmap(index, zones, lang="en")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    plt.close(fig)
    assert set(labels) == set(zones["name_en"]) and not _cjk("".join(labels))


# --- heatmap ---

def test_cluster_order_keeps_close_zones_adjacent():
    # rows a, c almost equal (distance sqrt(3 * 0.1²) = 0.17); b is far from both, nearer to c
    # (|b - c| = 1.15 < |b - a| = 1.45), so the optimal leaf order puts b next to c: b c a or a c b
    idx = pd.DataFrame([[1, .1, .9], [.1, 1, .2], [.9, .2, 1]], index=list("abc"), columns=list("abc"))
    assert cluster_order(idx, pd.Series("p", index=list("abc"))).tolist() in (["b", "c", "a"], ["a", "c", "b"])


def test_heatmap_groups_provinces_and_annotates_values(zones, index):
    fig = index_heatmap(index, zones, lang="zh", cluster=False, fmt="{:.2f}")
    ax = fig.axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows == ["武汉片区", "宜昌片区", "长沙片区", "宁波片区", "宁波联动创新区"]
    assert [t.get_text() for t in ax.texts if t.get_gid() == "province"] == ["湖北省", "湖南省", "浙江省"]
    cells = [t.get_text() for t in ax.texts if t.get_gid() == "value"]
    # 1/3 for wh–yc, wh–nb, yc–nb, cs–nbl, each shown above and below the diagonal
    assert len(cells) == 25 and cells.count("0.33") == 8 and cells.count("1.00") == 5
    mesh = next(c for c in ax.collections if isinstance(c, QuadMesh))
    np.testing.assert_allclose(np.asarray(mesh.get_array()).reshape(5, 5), index.to_numpy())
    plt.close(fig)


def test_diverging_scale_is_centred_on_the_midpoint(zones, index):
    fig = index_heatmap(index - 0.5, zones, center=0.0, diagonal=False)
    mesh = next(c for c in fig.axes[0].collections if isinstance(c, QuadMesh))
    assert mesh.cmap.name == DIVERGING and mesh.norm(0.0) == 0.5
    plt.close(fig)


def test_heatmap_rejects_bad_input(zones, index):
    with pytest.raises(FtzlinkError, match=r"rows and columns must carry the same labels; only in rows: \[z_nbl\]"):
        index_heatmap(index.iloc[:, :4], zones)
    with pytest.raises(FtzlinkError, match="no row for id"):
        index_heatmap(index.rename(index={"z_wh": "x"}, columns={"z_wh": "x"}), zones)
    with pytest.raises(FtzlinkError, match="lang"):
        index_heatmap(index, zones, lang="fr")


# --- positioning matrix and bars ---

def test_positioning_cells_follow_provinces_and_industry_groups(zones, industries, matrix):
    fig = positioning_plot(matrix, zones, industries, lang="en")
    ax = fig.axes[0]
    # "ship" (listed by no zone) dropped; manufacturing group first, then logistics
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Biomedicine", "New materials", "Modern logistics"]
    assert [t.get_text() for t in ax.texts if t.get_gid() == "industry-group"] == ["Manufacturing",
                                                                                   "Logistics and shipping"]
    mesh = next(c for c in ax.collections if isinstance(c, QuadMesh))
    # rows: group header (blank), bio, mat, group header (blank), logi
    drawn = np.ma.asarray(mesh.get_array()).reshape(5, 5)
    assert drawn.mask.all(axis=1).tolist() == [True, False, False, True, False]
    expected = matrix.loc[:, ["bio", "mat", "logi"]].T.to_numpy()
    np.testing.assert_array_equal(drawn[[1, 2, 4]].data, expected)
    assert [t.get_text() for t in ax.texts if t.get_gid() == "n-zones"] == ["3", "3", "4"]  # zones per industry
    # short zone names under kind headers (the two Ningbo zones told apart by their kind)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Wuhan", "Yichang", "Changsha", "Ningbo", "Ningbo"]
    assert [t.get_text() for t in ax.texts if t.get_gid() == "kind"] == ["Pilot areas"] * 3 + ["Linkage zones"]
    assert [t.get_text() for t in ax.texts if t.get_gid() == "province"] == ["Hubei", "Hunan", "Zhejiang"]
    plt.close(fig)
    with pytest.raises(FtzlinkError, match="binary"):
        positioning_plot(matrix * 2, zones, industries)


def test_bars_sorted_and_coloured_by_reference(industries):
    lq = pd.Series({"bio": 0.5, "logi": 2.0, "mat": 1.0})
    fig = specialisation_bars(lq, industries, lang="en", reference=1.0)
    ax = fig.axes[0]
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert [b.get_width() for b in bars] == [2.0, 1.0, 0.5]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Modern logistics", "New materials", "Biomedicine"]
    high, low = colormaps[DIVERGING](0.85), colormaps[DIVERGING](0.15)
    assert [b.get_facecolor() for b in bars] == [pytest.approx(high), pytest.approx(high), pytest.approx(low)]
    plt.close(fig)
    with pytest.raises(FtzlinkError, match="missing or infinite"):
        specialisation_bars(pd.Series({"bio": np.nan}), industries)


# --- network ---

def test_linkage_graph_edges_and_widths(zones, index):
    graph = checked_graph(index, threshold=0.4)
    # pairs above 0.4, worked out from the made-up sets: wh–cs {logi}/{bio, logi} = 1/2,
    # cs–nb 1/2, and 2/3 for wh–nbl, yc–nbl, nb–nbl (others are 0 or 1/3)
    assert sorted(tuple(sorted(e)) for e in graph.edges) == [
        ("z_cs", "z_nb"), ("z_cs", "z_wh"), ("z_nb", "z_nbl"), ("z_nbl", "z_wh"), ("z_nbl", "z_yc")]
    fig = linkage_network(index, zones, threshold=0.4, lang="en")
    edges = fig.axes[0].collections[0]
    assert sorted(edges.get_linewidths()) == pytest.approx([0.4, 0.4, 3.0, 3.0, 3.0])  # 1/2 → 0.4, 2/3 → 3.0
    plt.close(fig)
    with pytest.raises(FtzlinkError, match="not symmetric"):
        linkage_network(index.where(np.triu(np.ones((5, 5), bool)), 0.0), zones)


# --- map ---

def test_map_draws_one_boundary_per_host_city_and_arcs(zones, index, tmp_path):
    fig = zone_map(zones, index, lang="zh", threshold=0.4)
    ax = fig.axes[0]
    cities = [p.get_gid() for p in ax.patches if isinstance(p, PathPatch) and (p.get_gid() or "").startswith("city-")]
    assert sorted(cities) == ["city-330200", "city-420100", "city-420500", "city-430100"]  # Ningbo once
    provinces = sorted(p.get_gid() for p in ax.patches if (p.get_gid() or "").startswith("province-"))
    assert provinces == ["province-330000", "province-420000", "province-430000"]
    arcs = next(c for c in ax.collections if isinstance(c, PatchCollection) and c.get_gid() == "arcs")
    assert len(arcs.get_paths()) == 5  # the five pairs above 0.4, as in the network test
    assert sorted(arcs.get_linewidths()) == pytest.approx([0.4, 0.4, 3.5, 3.5, 3.5])
    svg = save(fig, tmp_path / "map", formats=("svg",))[0].read_text()
    assert svg.count('id="city-') == 4
    plt.close(fig)


def test_projected_outlines_are_kept_between_runs(tmp_path, monkeypatch):
    import shapely

    from ftzlink.plot import maps

    project = maps._projected.__wrapped__  # without the per-process cache
    monkeypatch.setattr(maps, "_outline_cache", lambda: tmp_path)
    wuhan = project("420100", "land", 800.0)
    (kept,) = tmp_path.iterdir()
    assert kept.name.startswith("420100-land-") and shapely.from_wkb(kept.read_bytes()).equals_exact(wuhan, 0)
    kept.write_bytes(shapely.to_wkb(shapely.Point(0, 0)))  # the next run reads the file instead of projecting
    assert project("420100", "land", 800.0).equals(shapely.Point(0, 0))
    project("420100", "land", 400.0)  # another tolerance: another file
    assert len(list(tmp_path.iterdir())) == 2
    (tmp_path / "file").write_text("")
    monkeypatch.setattr(maps, "_outline_cache", lambda: tmp_path / "file" / "sub")  # cannot be written: skipped
    assert project("420100", "land", 800.0).equals_exact(wuhan, 0)


def test_map_spreads_zones_sharing_a_point(zones):
    fig = zone_map(zones, lang="en", dodge_km=10)
    ax = fig.axes[0]
    offsets = np.vstack([c.get_offsets() for c in ax.collections if (c.get_gid() or "").startswith("zones-")])
    nb, nbl = offsets[3], offsets[4]  # pilot areas first (table order), then the linkage zone
    assert np.linalg.norm(nb - nbl) == pytest.approx(20_000)  # opposite ends of a 10 km circle
    assert any(t.get_text().startswith("zones sharing") for t in ax.texts)
    plt.close(fig)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_map_labels_cover_no_other_label_marker_legend_or_inset(lang):
    """The registry's 17 zones, with the arcs of a complete graph: Zhejiang's nine sit within
    ~200 km, several on one city point. Every name stays inside the map and its box touches no
    other name, no zone marker (a 6 pt square around each point), neither legend, the inset
    or the other texts."""
    from matplotlib.legend import Legend

    from ftzlink.study.registry import load_zones

    registry = load_zones()
    ids = registry.index
    complete = pd.DataFrame(0.5, index=ids, columns=ids)
    fig = zone_map(registry, complete, lang=lang, label="Jaccard")
    ax = fig.axes[0]
    fig.canvas.draw()
    frame = ax.get_window_extent()
    names = set(registry[f"name_{lang}"])
    labels = [t for t in ax.texts if t.get_text().replace("\n", " ") in names or t.get_text().replace("\n", "") in names]
    assert len(labels) == len(registry)
    boxes = [t.get_window_extent() for t in labels]
    for i, box in enumerate(boxes):
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        assert not any(box.overlaps(other) for other in boxes[i + 1:]), labels[i].get_text()
    half = 3 * fig.dpi / 72
    for label, box in zip(labels, boxes):
        for other in labels:
            if other is not label:
                x, y = ax.transData.transform(other.xy)
                assert not box.overlaps(Bbox([[x - half, y - half], [x + half, y + half]])), (label.get_text(), other.get_text())
    others = [c.get_window_extent() for c in ax.get_children() if isinstance(c, Legend)]
    others += [a.get_window_extent() for a in fig.axes[1:]] + [t.get_window_extent() for t in ax.texts if t not in labels]
    assert len(others) >= 3 + 4                      # two legends, the inset; N, scale, note, provinces
    assert not any(box.overlaps(o) for box in boxes for o in others)
    plt.close(fig)


def test_lisa_map_names_clear_each_other_and_the_markers_with_the_legend_below():
    """Six registry zones: Hubei's three pilot areas and, about 100 km apart, Zhoushan and the
    Ningbo pilot area and linkage zone (one city point, spread apart)."""
    from ftzlink.plot import lisa_map
    from ftzlink.study.registry import load_zones

    zones = load_zones().loc[["hb_wuhan", "hb_xiangyang", "hb_yichang", "zj_zhoushan", "zj_ningbo", "zjl_ningbo"]]
    table = pd.DataFrame({"cluster": ["HH", "HH", "LH", "LL", "HL", "ns"]}, index=zones.index)
    fig = lisa_map(table, zones, lang="en")
    ax = fig.axes[0]
    fig.canvas.draw()
    labels = [t for t in ax.texts if t.get_text().replace("\n", " ") in set(zones["name_en"])]
    boxes = [t.get_window_extent() for t in labels]
    assert len(boxes) == 6
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    half = 3 * fig.dpi / 72
    for label, box in zip(labels, boxes):
        for other in labels:
            x, y = ax.transData.transform(other.xy)
            if other is not label:
                assert not box.overlaps(Bbox([[x - half, y - half], [x + half, y + half]])), label.get_text()
    frame, legend = ax.get_window_extent(), ax.get_legend().get_window_extent()
    assert legend.y1 <= frame.y0 and all(frame.y0 <= b.y0 and b.y1 <= frame.y1 for b in boxes)
    plt.close(fig)


def test_map_rejects_missing_points_and_unknown_adcodes(zones):
    with pytest.raises(FtzlinkError, match="no lon/lat for z_cs"):
        zone_map(zones.assign(lat=zones["lat"].where(zones.index != "z_cs")))
    with pytest.raises(FtzlinkError, match="no land boundary for adcode '999999'"):
        zone_map(zones.assign(adcode=["999999"] + list(zones["adcode"].iloc[1:])))


# --- layout at two-column width, localisation, directional axes ---

def _boxes(fig, gids):
    fig.draw_without_rendering()
    return [t.get_window_extent() for ax in fig.axes for t in ax.texts if t.get_gid() in gids and t.get_text()]


def _overlapping(boxes):
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a.overlaps(b)]


@pytest.fixture(scope="module")
def registry():
    from ftzlink.study.registry import load_industries, load_zones, positioning_matrix

    mat = positioning_matrix(level="industry", weight="binary")
    return mat, load_zones().loc[mat.index], load_industries()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_positioning_of_the_registry_is_readable_at_two_column_width(registry, lang):
    mat, zones, industries = registry
    assert len(mat) >= 15 and (mat.sum(axis=0) > 0).sum() >= 50  # the case of issue 13
    fig = positioning_plot(mat, zones, industries, lang=lang)
    ax = fig.axes[0]
    assert fig.get_size_inches()[0] == pytest.approx(190 / 25.4)  # journal double column
    assert all(t.get_rotation() == 0 for t in ax.get_yticklabels())  # industries read horizontally
    rotations = {t.get_rotation() for t in ax.get_xticklabels()}
    assert rotations == {0.0} if lang == "zh" else rotations <= {0.0, 45.0}  # zh city names fit their columns
    assert all(len(t.get_text()) <= (3 if lang == "zh" else 10) for t in ax.get_xticklabels())  # short names
    headers = _boxes(fig, {"province", "kind"})
    assert headers and not _overlapping(headers)
    provinces = [t.get_text() for t in ax.texts if t.get_gid() == "province"]
    assert provinces == list(pd.unique(zones.loc[mat.index, f"province_{lang}"]))
    # zone labels do not overlap each other (horizontal: each narrower than its column)
    fig.draw_without_rendering()
    ticks = [t.get_window_extent() for t in ax.get_xticklabels()]
    if lang == "zh":
        assert not _overlapping(ticks)
    text = "".join(t.get_text() for t in fig.findobj(Text) if t.get_visible())
    if lang == "zh":  # group names translated: no English word left
        assert not re.search(r"[A-Za-z]{2,}", text), re.findall(r"[A-Za-z]{2,}", text)
    plt.close(fig)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_province_headers_never_collide_even_for_one_zone_provinces(lang):
    # six provinces of one zone each, with long names: headers move up a level or abbreviate
    names = {"zh": ["广西壮族自治区", "内蒙古自治区", "黑龙江省", "新疆维吾尔自治区", "宁夏回族自治区", "上海市"],
             "en": ["Guangxi Zhuang Autonomous Region", "Inner Mongolia Autonomous Region", "Heilongjiang",
                    "Xinjiang Uygur Autonomous Region", "Ningxia Hui Autonomous Region", "Shanghai"]}
    ids = [f"z{i}" for i in range(6)]
    table = pd.DataFrame({f"name_{lang}": [f"Zone {i}" if lang == "en" else f"片区{i}" for i in range(6)],
                          f"province_{lang}": names[lang]}, index=ids)
    inds = pd.DataFrame({f"name_{lang}": ["A", "B"]}, index=["a", "b"])
    mat = pd.DataFrame(1.0, index=ids, columns=["a", "b"])
    for width in ("single", "double"):
        fig = positioning_plot(mat, table, inds, lang=lang, width=width)
        headers = _boxes(fig, {"province"})
        assert len(headers) == 6 and not _overlapping(headers)
        plt.close(fig)


@pytest.mark.parametrize("lang, row, column", [("en", "Supplier zone", "Buyer zone"), ("zh", "供给方片区", "需求方片区")])
def test_directional_heatmap_titles_supplier_rows_and_buyer_columns(zones, index, lang, row, column):
    comp = index.mul(np.arange(1, 6), axis=0)  # asymmetric: row r supplies column q
    fig = index_heatmap(comp, zones, lang=lang, label="complementarity", directional=True, diagonal=False)
    ax, bar = fig.axes
    assert (ax.get_ylabel(), ax.get_xlabel()) == (row, column)
    assert bar.get_ylabel() == {"en": "Complementarity", "zh": "互补性"}[lang]
    plt.close(fig)
    fig = index_heatmap(comp, zones, lang=lang, directional="province")
    assert ("province" in fig.axes[0].get_ylabel().lower()) or fig.axes[0].get_ylabel() == "供给方省份"
    plt.close(fig)
    fig = index_heatmap(index, zones, lang=lang)
    assert fig.axes[0].get_ylabel() == fig.axes[0].get_xlabel() == ""  # symmetric: no direction
    plt.close(fig)
    named = comp.rename_axis(index="supplier", columns="buyer")  # as complementarity() returns it
    fig = index_heatmap(named, zones, lang=lang)
    assert (fig.axes[0].get_ylabel(), fig.axes[0].get_xlabel()) == (row, column)
    plt.close(fig)
    fig = index_heatmap(named, zones, lang=lang, directional=False)
    assert fig.axes[0].get_ylabel() == ""
    plt.close(fig)
    with pytest.raises(FtzlinkError, match="directional"):
        index_heatmap(comp, zones, directional="firm")


def test_measure_ids_are_localised_on_colour_bars_and_legends(zones, index):
    figs = {"heatmap": index_heatmap(index, zones, lang="zh", label="jaccard"),
            "network": linkage_network(index, zones, lang="zh", label="mutual_complementarity"),
            "map": zone_map(zones, index, lang="zh", threshold=0.2, label="complementarity", inset=False)}
    assert figs["heatmap"].axes[1].get_ylabel() == "Jaccard 重合度"
    assert figs["network"].legends[-1].get_title().get_text() == "相互互补性"
    assert figs["map"].axes[0].get_legend().get_title().get_text() == "互补性"
    for kind, fig in figs.items():
        text = " ".join(t.get_text() for t in fig.findobj(Text) if t.get_visible())
        assert not re.search(r"jaccard|complementarity|mutual", text), kind  # no measure id left
        plt.close(fig)
    en = index_heatmap(index, zones, lang="en", label="jaccard")
    assert en.axes[1].get_ylabel() == "Jaccard overlap"
    plt.close(en)
    own = index_heatmap(index, zones, lang="zh", label="我的指数")  # a title of one's own is kept
    assert own.axes[1].get_ylabel() == "我的指数"
    plt.close(own)


def test_label_helpers():
    from ftzlink.plot.labels import abbreviate_province, industry_groups, measure_label, short_names

    assert measure_label("finger_kreinin", "zh") == "Finger–Kreinin 相似度"
    assert measure_label("Mutual complementarity", "en") == "Mutual complementarity"
    table = pd.DataFrame({"name_zh": ["宁波片区", "宁波联动创新区", "荆州协同区", "特区"],
                          "province_zh": ["浙江省", "浙江省", "湖北省", "湖北省"],
                          "kind": ["pilot_area", "linkage_zone", "coordination_area", "pilot_area"]},
                         index=list("abcd"))
    assert short_names(table, list("abcd"), "zh").tolist() == ["宁波", "宁波", "荆州", "特区"]
    inds = pd.DataFrame({"group": ["logistics", "finance"], "group_en": ["Moving", "Money"]}, index=["x", "y"])
    assert industry_groups(inds, ["x", "y"], "zh").tolist() == ["物流与航运", "金融"]
    assert industry_groups(inds, ["x", "y"], "en").tolist() == ["Moving", "Money"]
    assert abbreviate_province("湖北省", "zh") == "湖北"
