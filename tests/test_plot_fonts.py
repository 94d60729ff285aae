"""CJK font: where it comes from, the CFF → TrueType conversion, coverage of the registry text."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from fontTools import subset  # noqa: E402
from fontTools.pens.boundsPen import BoundsPen  # noqa: E402
from fontTools.ttLib import TTCollection, TTFont  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from ftzlink.errors import FtzlinkError  # noqa: E402
from ftzlink.plot import fonts  # noqa: E402

SAMPLE = fonts.PROBE + "武汉片区长沙岳阳郴州舟山宁波杭州金义联动创新区协同区AZaz09.−鄠"  # 鄠: not in GB 2312


@pytest.fixture(scope="module")
def small_otf(tmp_path_factory):
    """A CFF subset of the bundled Noto Sans CJK SC covering SAMPLE, renamed so that it cannot
    be mistaken for the real font."""
    src = fonts.bundled_font("sans")
    assert src is not None, "mplfonts ships NotoSansCJKsc-Regular.otf"
    options = subset.Options(name_IDs=["*"], notdef_outline=True)
    font = subset.load_font(str(src), options)
    sub = subset.Subsetter(options)
    sub.populate(text=SAMPLE)
    sub.subset(font)
    for record in font["name"].names:
        text = record.toUnicode().replace("Noto Sans CJK SC", "FtzTest CJK").replace("NotoSansCJKsc", "FtzTestCJK")
        record.string = text
    path = tmp_path_factory.mktemp("otf") / "FtzTestCJK-Regular.otf"
    font.save(str(path))
    font.close()
    return path


def _cmap_ids(font):
    """Code point → glyph index (glyph names differ: the TrueType copy has a format-3 post table)."""
    return {cp: font.getGlyphID(name) for cp, name in font.getBestCmap().items()}


def _bounds(glyphset, name):
    pen = BoundsPen(glyphset)
    glyphset[name].draw(pen)
    return pen.bounds


def test_conversion_keeps_outlines_within_one_unit_and_is_deterministic(small_otf, tmp_path):
    a = fonts.to_truetype(small_otf, tmp_path / "a.ttf")
    b = fonts.to_truetype(small_otf, tmp_path / "b.ttf")
    assert a.read_bytes() == b.read_bytes()
    cff, tt = TTFont(small_otf), TTFont(a)  # small files, read whole
    assert "CFF " in cff
    assert "glyf" in tt and "CFF " not in tt and tt.sfntVersion == "\x00\x01\x00\x00"
    assert _cmap_ids(tt) == _cmap_ids(cff) and len(tt.getGlyphOrder()) == len(cff.getGlyphOrder())
    cff_glyphs, tt_glyphs = cff.getGlyphSet(), tt.getGlyphSet()
    for gid in set(_cmap_ids(cff).values()):
        name = cff.getGlyphName(gid)
        expected, got = _bounds(cff_glyphs, name), _bounds(tt_glyphs, tt.getGlyphName(gid))
        if expected is None:  # the space has no outline
            assert got is None
        else:
            # cu2qu keeps curves within MAX_ERR; glyf stores integer points (± 0.5 unit more)
            assert got == pytest.approx(expected, abs=fonts.MAX_ERR + 0.5), name
    assert tt["name"].getDebugName(16) == "FtzTest CJK TTF" and tt["name"].getDebugName(6) == "FtzTestCJKTTF-Regular"
    assert [p.name for p in tmp_path.iterdir()] and not list(tmp_path.glob(".*.tmp"))


def test_the_default_font_is_the_gb2312_subset_of_the_bundled_noto_in_truetype_outlines():
    path = fonts.cjk_font_path("sans")
    with TTFont(path) as font, TTFont(fonts.bundled_font("sans"), lazy=True) as source:
        assert "glyf" in font and "CFF " not in font and "GSUB" not in font
        kept = set(font.getBestCmap())
        assert kept == set(source.getBestCmap()) & fonts.REPERTOIRE
        assert 7_000 < len(kept) < 10_000
        assert ord("鄠") not in kept and {ord(c) for c in "郴州舟山婺"} <= kept   # 鄠 is outside GB 2312
        glyphs, source_glyphs = font.getGlyphSet(), source.getGlyphSet()
        for char in "武汉A−":
            name, source_name = font.getBestCmap()[ord(char)], source.getBestCmap()[ord(char)]
            assert _bounds(glyphs, name) == pytest.approx(_bounds(source_glyphs, source_name),
                                                          abs=fonts.MAX_ERR + 0.5)
        assert "SIL Open Font License" in font["name"].getDebugName(13)
    assert fonts.cjk_family("sans") == "Noto Sans CJK SC TTF"


def test_gb2312_repertoire_is_the_standard_set():
    # GB 2312-80: 6,763 hanzi (3,755 level 1 + 3,008 level 2) and 682 other characters
    hanzi = [cp for cp in fonts._gb2312() if 0x4E00 <= cp <= 0x9FFF]
    assert len(hanzi) == 6763 and len(fonts._gb2312()) == 6763 + 682


@pytest.fixture
def fresh_font_caches(monkeypatch):
    """Clear the per-process font caches before and after a test that changes the font source;
    fonts it registers with matplotlib are forgotten afterwards."""
    monkeypatch.setattr(font_manager.fontManager, "ttflist", list(font_manager.fontManager.ttflist))
    for cached in (fonts._truetype_copy, fonts.cjk_family):
        cached.cache_clear()
    yield
    for cached in (fonts._truetype_copy, fonts.cjk_family):
        cached.cache_clear()


def test_a_character_outside_the_subset_is_drawn_from_the_complete_font(small_otf, tmp_path, monkeypatch,
                                                                         fresh_font_caches):
    from matplotlib.figure import Figure

    from ftzlink.plot.export import save

    monkeypatch.setenv("FTZLINK_CJK_FONT", str(small_otf))
    monkeypatch.setenv("FTZLINK_FONT_CACHE", str(tmp_path / "cache"))
    subset_path = fonts.cjk_font_path()
    assert fonts.missing_chars("鄠武汉", subset_path) == "鄠"
    with matplotlib.rc_context({"font.family": [fonts.cjk_family(), "DejaVu Sans"]}):
        fig = Figure()
        fig.text(0.1, 0.5, "鄠 武汉")
    pdf = save(fig, tmp_path / "fig", formats=["pdf"])[0].read_bytes()
    assert b"FtzTestCJKTTF-Regular" in pdf and b"FtzTestCJKFullTTF-Regular" in pdf
    assert fonts.missing_chars("鄠", fonts.cjk_font_path(complete=True)) == ""


def test_the_font_covers_every_registry_name():
    from ftzlink.study.registry import load_industries, load_zones

    zones, industries = load_zones(), load_industries()
    text = "".join(zones[["name_zh", "name_en", "province_zh", "province_en"]].to_numpy().ravel().tolist())
    text += "".join(industries[["name_zh", "name_en"]].to_numpy().ravel().tolist())
    assert fonts.missing_chars(text, fonts.cjk_font_path()) == ""


def test_missing_chars_lists_uncovered_characters_once(small_otf):
    # U+E000 is a private-use code point that no font of ours maps; spaces are ignored
    assert fonts.missing_chars("武 \ue000A\ue000", small_otf) == "\ue000"
    assert fonts.missing_chars("郴州 Azaz", small_otf) == ""


def test_env_variable_names_the_font_and_cff_files_are_converted_into_the_cache(small_otf, tmp_path, monkeypatch):
    monkeypatch.setenv("FTZLINK_CJK_FONT", str(small_otf))
    monkeypatch.setenv("FTZLINK_FONT_CACHE", str(tmp_path / "cache"))
    path = fonts.cjk_font_path()
    with TTFont(path, lazy=True) as font:
        assert path.parent == tmp_path / "cache" and "glyf" in font
    monkeypatch.setenv("FTZLINK_CJK_FONT", str(path))  # already TrueType: used as it is
    assert fonts.cjk_font_path() == path
    monkeypatch.setenv("FTZLINK_CJK_FONT", str(tmp_path / "nope.ttf"))
    with pytest.raises(FtzlinkError, match="no such font file"):
        fonts.cjk_font_path()


def test_system_font_is_the_fallback_without_mplfonts(small_otf, tmp_path, monkeypatch):
    ttf = fonts.to_truetype(small_otf, tmp_path / "FtzTestCJK.ttf")
    entry = font_manager.FontEntry(fname=str(ttf), name="FtzTest CJK TTF")
    monkeypatch.delenv("FTZLINK_CJK_FONT", raising=False)
    monkeypatch.setattr(fonts, "bundled_font", lambda kind: None)
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [*font_manager.fontManager.ttflist, entry])
    monkeypatch.setitem(fonts.SYSTEM_FAMILIES, "sans", ("No Such Family", "FtzTest CJK TTF"))
    assert fonts.cjk_font_path("sans") == ttf  # TrueType outlines, first face: used in place
    monkeypatch.setitem(fonts.SYSTEM_FAMILIES, "sans", ("No Such Family",))
    with pytest.raises(FtzlinkError, match="no CJK sans font"):
        fonts.cjk_font_path("sans")


def test_a_cff_face_inside_a_collection_is_written_out_as_truetype(small_otf, tmp_path, monkeypatch):
    collection = TTCollection()
    collection.fonts = [TTFont(fonts.to_truetype(small_otf, tmp_path / "first.ttf")), TTFont(small_otf)]
    collection.save(str(tmp_path / "pair.ttc"))
    entry = font_manager.FontEntry(fname=str(tmp_path / "pair.ttc"), index=1, name="FtzTest CJK")
    monkeypatch.delenv("FTZLINK_CJK_FONT", raising=False)
    monkeypatch.setenv("FTZLINK_FONT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(fonts, "bundled_font", lambda kind: None)
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [*font_manager.fontManager.ttflist, entry])
    monkeypatch.setitem(fonts.SYSTEM_FAMILIES, "sans", ("FtzTest CJK",))
    path = fonts.cjk_font_path("sans")
    assert path.parent == tmp_path / "cache" and path.name.startswith("pair-1-")
    with TTFont(path) as font:
        assert "glyf" in font and font["name"].getDebugName(16) == "FtzTest CJK TTF"


def test_unknown_kind_raises():
    with pytest.raises(FtzlinkError, match="kind"):
        fonts.cjk_font_path("bold")
