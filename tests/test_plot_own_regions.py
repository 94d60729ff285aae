"""Maps and networks of a user's own regions (issue 14): a table with a name and either lon/lat or
a 6-digit adcode, optionally a grouping column; no registry columns (kind, province_zh, …)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PatchCollection  # noqa: E402
from matplotlib.patches import PathPatch, Rectangle  # noqa: E402
from pyproj import Transformer  # noqa: E402

from ftzlink.errors import FtzlinkError  # noqa: E402
from ftzlink.plot import index_heatmap, linkage_network, specialisation_bars, zone_map  # noqa: E402
from ftzlink.plot.labels import by_province, names, province_colours  # noqa: E402
from ftzlink.plot.maps import CRS, boundary, region_points  # noqa: E402
from ftzlink.plot.theme import CATEGORICAL  # noqa: E402

IDS = pd.Index(["wh", "hf", "nc"], name="region")
# approximate city-centre points of Wuhan, Hefei and Nanchang (degrees), typed in by a user
LONLAT = {"wh": (114.30, 30.59), "hf": (117.23, 31.82), "nc": (115.86, 28.68)}
ADCODES = {"wh": "420100", "hf": "340100", "nc": "360100"}


@pytest.fixture(scope="module")
def by_point():
    return pd.DataFrame({"name": ["Wuhan", "Hefei", "Nanchang"],
                         "lon": [LONLAT[r][0] for r in IDS], "lat": [LONLAT[r][1] for r in IDS]}, index=IDS)


@pytest.fixture(scope="module")
def by_adcode():
    return pd.DataFrame({"name": ["武汉", "合肥", "南昌"], "adcode": [ADCODES[r] for r in IDS]}, index=IDS)


@pytest.fixture(scope="module")
def index():
    # made-up symmetric index: wh–hf 0.6, wh–nc 0.3, hf–nc 0.1
    return pd.DataFrame([[1.0, 0.6, 0.3], [0.6, 1.0, 0.1], [0.3, 0.1, 1.0]], index=IDS, columns=IDS)


def _projected(lonlat):
    to_map = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
    return np.array([to_map.transform(lon, lat) for lon, lat in lonlat])


def _markers(ax):
    return np.vstack([c.get_offsets() for c in ax.collections if (c.get_gid() or "").startswith("zones")])


def _gids(ax, prefix):
    return sorted(p.get_gid() for p in ax.patches if (p.get_gid() or "").startswith(prefix))


# --- name + lon/lat only ---

def test_map_of_points_only(by_point, index):
    fig = zone_map(by_point, index, lang="en", threshold=0.2, label="made-up index")
    ax, inset = fig.axes[0], fig.axes[0].child_axes[0]
    # no boundaries of cities or provinces; China's outline around the points
    assert _gids(ax, "city-") == [] and _gids(ax, "province-") == [] and _gids(ax, "china") == ["china"]
    # one circle marker per region at its projected point, one colour (no grouping column)
    (zones,) = [c for c in ax.collections if c.get_gid() == "zones"]
    np.testing.assert_allclose(zones.get_offsets(), _projected(LONLAT[r] for r in IDS), rtol=0, atol=1e-3)
    assert len({tuple(fc) for fc in zones.get_facecolors()}) == 1
    assert sorted(t.get_text() for t in ax.texts if t.get_text() in {"Wuhan", "Hefei", "Nanchang"}) == [
        "Hefei", "Nanchang", "Wuhan"]
    arcs = next(c for c in ax.collections if isinstance(c, PatchCollection) and c.get_gid() == "arcs")
    assert len(arcs.get_paths()) == 2  # wh–hf 0.6 and wh–nc 0.3 above 0.2
    assert ax.get_legend().get_title().get_text() == "made-up index"  # no kind legend
    # the map spans at least 400 km, and the inset outlines it
    x0, x1 = ax.get_xlim()
    assert x1 - x0 >= 400_000
    (frame,) = [p for p in inset.patches if p.get_gid() == "inset-extent"]
    assert isinstance(frame, Rectangle) and frame.get_x() == pytest.approx(x0)
    plt.close(fig)


def test_network_geo_of_points_only(by_point, index):
    fig = linkage_network(index, by_point, layout="geo", threshold=0.2)
    ax = fig.axes[0]
    assert len(ax.collections[0].get_segments()) == 2
    assert len(fig.legends) == 1  # edge widths; no group legend without a grouping column
    assert sorted(t.get_text() for t in ax.texts) == ["Hefei", "Nanchang", "Wuhan"]
    plt.close(fig)


# --- name + adcode only ---

def test_map_of_adcodes_draws_boundaries_and_representative_points(by_adcode, index):
    fig = zone_map(by_adcode, index, lang="zh", inset=False)
    ax = fig.axes[0]
    assert _gids(ax, "city-") == ["city-340100", "city-360100", "city-420100"]
    assert _gids(ax, "province-") == ["province-340000", "province-360000", "province-420000"]
    points = [boundary(ADCODES[r]).representative_point() for r in IDS]
    np.testing.assert_allclose(_markers(ax), _projected((p.x, p.y) for p in points), rtol=0, atol=1e-3)
    labels = {t.get_text() for t in ax.texts}
    assert {"武汉", "合肥", "南昌"} <= labels
    plt.close(fig)


def test_network_geo_of_adcodes(by_adcode, index):
    points = region_points(by_adcode)
    assert points.index.equals(IDS) and points["lon"].between(113, 118).all()
    fig = linkage_network(index, by_adcode, layout="geo", lang="en")
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["南昌", "合肥", "武汉"]  # `name` for both languages
    plt.close(fig)


def test_province_level_adcodes_and_a_group_column(index):
    provinces = pd.DataFrame({"name_zh": ["湖北", "安徽", "江西"], "name_en": ["Hubei", "Anhui", "Jiangxi"],
                              "adcode": [420000, 340000, 360000], "group": ["inland", "east", "inland"]},
                             index=IDS)
    fig = zone_map(provinces, lang="en", inset=False)
    ax = fig.axes[0]
    assert _gids(ax, "region-") == ["region-340000", "region-360000", "region-420000"]
    patches = {p.get_gid(): p for p in ax.patches if isinstance(p, PathPatch)}
    inland = patches["region-420000"].get_facecolor()[:3]
    assert inland == patches["region-360000"].get_facecolor()[:3] != patches["region-340000"].get_facecolor()[:3]
    assert province_colours(provinces, "en") == {"inland": CATEGORICAL[0], "east": CATEGORICAL[1]}
    plt.close(fig)
    fig = linkage_network(index, provinces, lang="zh", threshold=0.2)
    assert fig.legends[0].get_title().get_text() == "分组"
    plt.close(fig)


# --- the label helpers and the other figures take the same table ---

def test_label_helpers_accept_a_single_name_and_no_group(by_point, index):
    assert names(by_point, ["nc"], "zh").tolist() == ["Nanchang"]
    assert by_province(by_point, ["nc", "wh"], "en").index.tolist() == ["wh", "nc"]  # table order
    fig = index_heatmap(index, by_point, lang="en", cluster=False)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Wuhan", "Hefei", "Nanchang"]
    plt.close(fig)
    fig = specialisation_bars(pd.Series({"wh": 1.4, "hf": 0.8, "nc": 1.1}), by_point, reference=1)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Wuhan", "Nanchang", "Hefei"]
    plt.close(fig)


def test_missing_columns_are_named(by_point, by_adcode, index):
    with pytest.raises(FtzlinkError, match=r"zones: missing column\(s\) name_en \(or name, for both languages\)"):
        zone_map(by_point.rename(columns={"name": "label"}), lang="en")
    with pytest.raises(FtzlinkError, match=r"zones: missing column\(s\) lon, lat \(or adcode\)"):
        zone_map(by_point.drop(columns=["lon", "lat"]))
    with pytest.raises(FtzlinkError, match=r"zones: missing column\(s\) lat"):
        zone_map(by_point.drop(columns=["lat"]))
    with pytest.raises(FtzlinkError, match=r"missing column\(s\) lon, lat \(or adcode\) for layout='geo'"):
        linkage_network(index, by_point.drop(columns=["lon", "lat"]), layout="geo")
    with pytest.raises(FtzlinkError, match="no adcode for hf"):
        zone_map(by_adcode.assign(adcode=["420100", None, "360100"]))
    with pytest.raises(FtzlinkError, match=r"missing column\(s\) province_en"):
        zone_map(by_point.assign(province_zh=["湖北", "安徽", "江西"]), lang="en")
