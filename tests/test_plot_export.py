"""save(): formats, PNG resolution, deterministic bytes, atomic writes, no boxes for missing glyphs."""

import os
import subprocess
import sys
from unittest import mock

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from ftzlink.errors import FtzlinkError  # noqa: E402
from ftzlink.plot import figsize, save, style  # noqa: E402
from ftzlink.plot.export import EXPORT_RC, METADATA  # noqa: E402


def _figure(title="湖北 湖南 浙江 −1.5"):
    with style():
        fig, ax = plt.subplots(figsize=figsize(127.0, aspect=0.6))  # 127 mm = 5 in wide, 3 in tall
        ax.plot([0, 1, 2], [2.0, -1.5, 0.5])
        ax.set_title(title)
    return fig


def test_writes_each_format_and_returns_the_paths(tmp_path):
    fig = _figure()
    paths = save(fig, tmp_path / "sub" / "fig.v1", formats=("svg", "pdf"))
    plt.close(fig)
    assert paths == [tmp_path / "sub" / "fig.v1.svg", tmp_path / "sub" / "fig.v1.pdf"]
    assert paths[1].read_bytes().startswith(b"%PDF") and b"<svg" in paths[0].read_bytes()
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["fig.v1.pdf", "fig.v1.svg"]  # no temp files
    umask = os.umask(0)
    os.umask(umask)
    assert all(p.stat().st_mode & 0o777 == 0o666 & ~umask for p in paths)


def test_png_has_the_requested_resolution(tmp_path):
    fig = _figure()
    png = save(fig, tmp_path / "fig", formats="png", dpi=300)[0].read_bytes()
    plt.close(fig)
    # IHDR width and height: 5 in × 300 dpi = 1500 px, 3 in × 300 dpi = 900 px
    assert int.from_bytes(png[16:20], "big") == 1500 and int.from_bytes(png[20:24], "big") == 900
    # pHYs: 300 dots per inch = 300 / 0.0254 ≈ 11811 pixels per metre
    phys = png.index(b"pHYs")
    assert int.from_bytes(png[phys + 4:phys + 8], "big") == 11811


def test_same_figure_gives_identical_bytes_whatever_the_clock(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    fig = _figure()
    first = save(fig, tmp_path / "a")
    plt.close(fig)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    fig = _figure()
    second = save(fig, tmp_path / "b")
    plt.close(fig)
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.suffix
    pdf, svg = first[0].read_bytes(), first[2].read_text()
    assert b"/CreationDate" not in pdf and b"/Subtype /Type3" not in pdf and b"/FontFile2" in pdf
    assert "<dc:date>" not in svg and "<text" not in svg  # text drawn as paths


@pytest.mark.parametrize("fmt", ["pdf", "png", "svg"])
def test_layout_is_the_one_savefig_computes_for_the_first_format(tmp_path, fmt):
    fig = _figure()
    engine = fig.get_layout_engine()
    saved = save(fig, tmp_path / "fig", formats=fmt, dpi=100)[0].read_bytes()
    assert fig.get_layout_engine() is engine  # put back after the export
    plt.close(fig)
    plain = _figure()  # matplotlib's own savefig, which lays the figure out in an extra draw
    with matplotlib.rc_context(EXPORT_RC):
        plain.savefig(tmp_path / f"plain.{fmt}", format=fmt, dpi=100, metadata=METADATA[fmt])
    plt.close(plain)
    assert saved == (tmp_path / f"plain.{fmt}").read_bytes()


def test_each_format_is_drawn_once(tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    draws = []
    draw = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: draws.append(type(renderer).__name__) or draw(self, renderer))
    fig = _figure()
    save(fig, tmp_path / "fig", formats=("pdf", "png", "svg"))
    plt.close(fig)
    assert len(draws) == 3, draws  # no draw only to lay the figure out


def test_missing_glyph_raises_and_leaves_previous_files_untouched(tmp_path):
    good = _figure()
    old = save(good, tmp_path / "fig")
    plt.close(good)
    before = [p.read_bytes() for p in old]
    bad = _figure(title="湖北 \ue000")  # a private-use code point no font draws
    with pytest.raises(FtzlinkError, match=r"Glyph 57344 .*missing"):
        save(bad, tmp_path / "fig")
    plt.close(bad)
    assert [p.read_bytes() for p in old] == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fig.pdf", "fig.png", "fig.svg"]


def test_bad_arguments_raise(tmp_path):
    fig = _figure()
    with pytest.raises(FtzlinkError, match="formats"):
        save(fig, tmp_path / "x", formats=("pdf", "jpg"))
    with pytest.raises(FtzlinkError, match="dpi"):
        save(fig, tmp_path / "x", dpi=0)
    with pytest.raises(FtzlinkError, match="Figure"):
        save(fig.axes[0], tmp_path / "x")
    plt.close(fig)
    assert not list(tmp_path.iterdir())


SCRIPT = """
import sys
import matplotlib
matplotlib.use("Agg")
import pandas as pd
from ftzlink.plot import index_heatmap, save
zones = pd.DataFrame({"name_zh": ["武汉片区", "长沙片区", "宁波片区"], "province_zh": ["湖北省", "湖南省", "浙江省"]},
                     index=["a", "b", "c"])
index = pd.DataFrame([[1.0, 0.2, 0.5], [0.2, 1.0, 0.1], [0.5, 0.1, 1.0]], index=list("abc"), columns=list("abc"))
save(index_heatmap(index, zones), sys.argv[1], dpi=100)
print(hash("ftzlink"))
"""


def test_separate_processes_with_different_hash_seeds_write_the_same_bytes(tmp_path):
    """The same figure drawn in a new process with another hash seed, and in this test process
    (after whatever the other tests drew), gives the same bytes."""
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "other")], check=True, timeout=300,
                         env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True)
    assert int(out.stdout.split()[-1]) != hash("ftzlink")          # the hash seeds differ
    with mock.patch.object(sys, "argv", ["-c", str(tmp_path / "here")]):
        exec(compile(SCRIPT, "<script>", "exec"), {})
    plt.close("all")
    for fmt in ("pdf", "png", "svg"):
        assert (tmp_path / f"other.{fmt}").read_bytes() == (tmp_path / f"here.{fmt}").read_bytes(), fmt
