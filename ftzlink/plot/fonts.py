"""CJK fonts for figures: a TrueType-outline Noto CJK SC font that PDF viewers accept.

Where the font comes from, in order:

1. the file named by the environment variable ``FTZLINK_CJK_FONT`` (a .ttf/.otf, or the first
   face of a .ttc);
2. the Noto CJK SC font shipped by the ``mplfonts`` dependency (``NotoSansCJKsc-Regular.otf``
   for ``kind="sans"``, ``NotoSerifCJKsc-Regular.otf`` for ``kind="serif"``), so every machine
   with the project's dependencies draws the same glyphs;
3. a system font of a known CJK family (e.g. WenQuanYi Zen Hei, Source Han Sans SC, SimSun),
   the face matplotlib's font list names (collections included).

Noto CJK is licensed under the SIL Open Font License 1.1, which allows embedding in documents.
The ``SimHei.ttf`` also shipped by mplfonts is not used: its licence is proprietary.

Why a conversion: matplotlib embeds fonts in PDF as Type 42 (``/CIDFontType2`` with a
``/FontFile2`` stream), which must hold TrueType (``glyf``) outlines. The Noto CJK ``.otf``
files hold CFF outlines, which matplotlib would copy into ``/FontFile2`` unchanged — an
invalid PDF that Acrobat and journal preflight reject (matplotlib issue #20870). So a CFF font
(or any face of a collection other than the first) is written once as a single-face font,
CFF outlines converted to TrueType outlines (cubic → quadratic Béziers, fontTools cu2qu with a
maximum error of 1 font unit, i.e. 1/1000 em), renamed with a " TTF" suffix so it cannot be
confused with an installed CFF copy, and cached (``FTZLINK_FONT_CACHE`` or matplotlib's cache
directory, file name keyed by the source's SHA-1). The cached file is written atomically and
is byte-identical on every machine (no timestamps recalculated).

Why a subset: Noto Sans CJK SC has 65,535 glyphs (Japanese kana, Hangul, rare ideographs…);
converting all of them took about half a minute on a fresh machine, and matplotlib re-reads
the whole font to subset it for every PDF it writes (seconds per figure). The cached font
therefore holds only :data:`REPERTOIRE` — the GB 2312 character set (6,763 hanzi and 682
symbols, which covers the zone, city, province and industry names), Latin, Greek and the
punctuation and symbol blocks — about 7,900 glyphs, without the OpenType layout tables that
matplotlib does not use. A figure that needs a character outside it (a rare character of a
county name, say) makes :func:`ftzlink.plot.export.save` convert the complete font once
(:func:`cjk_family` with ``complete=True``, family suffix " Full TTF") and use it as a
fallback for that figure's text.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
from functools import lru_cache
from pathlib import Path

import matplotlib
from matplotlib import font_manager

from ftzlink.errors import FtzlinkError
from ftzlink.files import write_with

log = logging.getLogger(__name__)

KINDS = {"sans": "NotoSansCJKsc-Regular.otf", "serif": "NotoSerifCJKsc-Regular.otf"}
SYSTEM_FAMILIES = {
    "sans": ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
             "WenQuanYi Micro Hei", "Droid Sans Fallback", "Microsoft YaHei", "PingFang SC", "SimHei"),
    "serif": ("Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "AR PL UMing CN",
              "Songti SC", "SimSun"),
}
PROBE = "中国自由贸易试验区湖北湖南浙江"  # characters any usable font must cover
MAX_ERR = 1.0  # font units, cubic -> quadratic tolerance
SUFFIX = " TTF"
FULL_SUFFIX = " Full TTF"
#: Unicode blocks kept beside GB 2312: Latin (incl. Extended-A/B), IPA and spacing modifiers,
#: Greek, general punctuation, super/subscripts, letterlike symbols, number forms, arrows,
#: mathematical operators, miscellaneous technical, enclosed alphanumerics, box drawing,
#: geometric shapes, CJK symbols and punctuation, enclosed CJK, fullwidth forms.
BLOCKS = ((0x20, 0x7E), (0xA0, 0x2FF), (0x370, 0x3FF), (0x2000, 0x23FF), (0x2460, 0x25FF),
          (0x3000, 0x303F), (0x3200, 0x32FF), (0xFF00, 0xFFEF))


def _gb2312() -> set[int]:
    """Code points of the GB 2312 character set (decoded from its two-byte code space)."""
    points = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                points.add(ord(bytes((hi, lo)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return points


#: Code points the cached CJK font keeps (see the module docstring).
REPERTOIRE = frozenset(_gb2312().union(*(range(a, b + 1) for a, b in BLOCKS)))


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise FtzlinkError(f"CJK font kind must be one of {list(KINDS)}, got {kind!r}")


def bundled_font(kind: str = "sans") -> Path | None:
    """Path of the Noto CJK SC ``.otf`` shipped by ``mplfonts``, or None when it is not installed."""
    _check_kind(kind)
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / KINDS[kind]
    return path if path.is_file() else None


def system_font(kind: str = "sans") -> tuple[Path, int] | None:
    """(file, face index) of the first installed font of a known CJK family (``SYSTEM_FAMILIES``)
    that covers ``PROBE``, or None."""
    _check_kind(kind)
    by_name = {}
    for entry in font_manager.fontManager.ttflist:
        by_name.setdefault(entry.name, (Path(entry.fname), entry.index))
    for family in SYSTEM_FAMILIES[kind]:
        if family in by_name and not missing_chars(PROBE, *by_name[family]):
            return by_name[family]
    return None


def cache_dir() -> Path:
    """Directory of converted fonts: ``$FTZLINK_FONT_CACHE`` or ``<matplotlib cache>/ftzlink-fonts``."""
    return Path(os.environ.get("FTZLINK_FONT_CACHE") or Path(matplotlib.get_cachedir()) / "ftzlink-fonts")


def _open(path: Path, index: int = 0, **kw):
    from fontTools.ttLib import TTFont

    return TTFont(path, fontNumber=index, recalcTimestamp=False, **kw)


def to_truetype(src: Path, dst: Path, index: int = 0, unicodes: frozenset[int] | None = None,
                suffix: str = SUFFIX) -> Path:
    """Write face ``index`` of ``src`` to ``dst`` as a single TrueType-outline font (atomically).

    With ``unicodes``, only the glyphs of those code points are converted and kept (fontTools
    subsetter) and the OpenType layout and vertical-metrics tables (:data:`UNUSED_TABLES`),
    which matplotlib does not use, are dropped. CFF outlines are approximated by quadratic splines within
    ``MAX_ERR`` font units (fontTools ``Cu2QuPen``, the method of fontTools' ``otf2ttf``
    snippet); metrics and cmap are kept; the family and PostScript names get ``suffix``.
    Returns ``dst``.
    """
    def convert(fh) -> None:
        with _open(src, index) as font:
            keep = None
            if unicodes is not None:
                for tag in UNUSED_TABLES:
                    if tag in font:
                        del font[tag]
                cmap = font.getBestCmap()
                keep = {".notdef", *(cmap[u] for u in unicodes if u in cmap)}
            if "glyf" not in font:
                _quadratic_outlines(font, keep)
            if unicodes is not None:
                _subset(font, unicodes)
            _rename(font, suffix)
            font.save(fh)

    return write_with(dst, convert)


#: Tables a subset leaves out: OpenType layout and vertical metrics, which matplotlib does not use.
UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG", "DSIG")


def _subset(font, unicodes: frozenset[int]) -> None:
    """Keep only the glyphs of ``unicodes`` in a TrueType-outline ``font`` (in place)."""
    from fontTools import subset

    options = subset.Options(layout_features=[], name_IDs=["*"], name_languages=["*"], notdef_outline=True,
                             recalc_timestamp=False, glyph_names=False)
    options.drop_tables += list(UNUSED_TABLES)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)


def _quadratic_outlines(font, keep: set[str] | None = None) -> None:
    """Replace the ``CFF `` table of ``font`` by ``glyf``/``loca`` (in place); glyphs not in
    ``keep`` (when given) become empty, to be dropped by a subset."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphset = font.getGlyphSet()
    glyphs = {}
    for name in order:  # one-off conversion, not a hot path
        pen = TTGlyphPen(None)
        if keep is None or name in keep:
            glyphset[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 3.0, [], {}
    font.sfntVersion = "\x00\x01\x00\x00"


def _rename(font, suffix: str = SUFFIX) -> None:
    """Append ``suffix`` to the family names and its letters to the PostScript name (in place)."""
    names = font["name"]
    family = names.getDebugName(16) or names.getDebugName(1)
    ps_name = names.getDebugName(6)
    tag = suffix.replace(" ", "")
    ps_new = ps_name.replace("-", f"{tag}-", 1) if "-" in ps_name else ps_name + tag
    for record in names.names:
        if record.nameID in (1, 4, 16):
            record.string = record.toUnicode().replace(family, family + suffix)
        elif record.nameID in (3, 6):
            record.string = record.toUnicode().replace(ps_name, ps_new)


def _is_truetype(path: Path, index: int) -> bool:
    with _open(path, index, lazy=True) as font:
        return "glyf" in font


def cjk_font_path(kind: str = "sans", complete: bool = False) -> Path:
    """Path of a TrueType-outline CJK font for ``kind`` ("sans" or "serif"), converting if needed.

    Raises FtzlinkError when no CJK font is available or ``FTZLINK_CJK_FONT`` names a missing file.

    The source is, in order, the file named by ``FTZLINK_CJK_FONT``, the Noto CJK SC font shipped
    by ``mplfonts``, or an installed system font of a known CJK family. A source with TrueType
    (``glyf``) outlines is returned as it is; a CFF font, or a face of a collection other than the
    first, is converted once into a single-face TrueType font in :func:`cache_dir` — the
    :data:`REPERTOIRE` subset (seconds), or with ``complete=True`` every glyph (about half a
    minute for Noto Sans CJK SC) — and the cached copy is returned.

    Parameters
    ----------
    kind : {"sans", "serif"}, default "sans"
        Noto Sans CJK SC or Noto Serif CJK SC (or the system equivalents).
    complete : bool, default False
        Convert every glyph of a CFF source instead of the :data:`REPERTOIRE` subset.

    Returns
    -------
    pathlib.Path
        A single-face font file with TrueType outlines, which matplotlib can embed in PDF as
        Type 42.

    Raises
    ------
    FtzlinkError
        For an unknown ``kind``; when ``FTZLINK_CJK_FONT`` names a missing file; when no CJK font
        is available; when the converted font cannot be written to the cache directory.

    Examples
    --------
    >>> from fontTools.ttLib import TTFont
    >>> path = cjk_font_path()
    >>> with TTFont(path, fontNumber=0, lazy=True) as font:
    ...     "glyf" in font
    True
    >>> missing_chars("自由贸易试验区", path)
    ''
    >>> cjk_font_path("mono")
    Traceback (most recent call last):
    ftzlink.errors.FtzlinkError: CJK font kind must be one of ['sans', 'serif'], got 'mono'
    """
    return _truetype_copy(*_source(kind), bool(complete))


def _source(kind: str) -> tuple[Path, int]:
    """(file, face index) of the CJK font of ``kind``: ``FTZLINK_CJK_FONT``, mplfonts' Noto, or a system font."""
    _check_kind(kind)
    env = os.environ.get("FTZLINK_CJK_FONT")
    if env:
        if not Path(env).is_file():
            raise FtzlinkError(f"FTZLINK_CJK_FONT={env!r}: no such font file")
        return Path(env), 0
    bundled = bundled_font(kind)
    source = (bundled, 0) if bundled else system_font(kind)
    if source is None:
        raise FtzlinkError(f"no CJK {kind} font: install the 'mplfonts' package (a dependency of ftzlink) "
                           "or point FTZLINK_CJK_FONT to a .ttf/.otf font with Chinese glyphs")
    return source


@lru_cache(maxsize=None)
def _truetype_copy(src: Path, index: int, complete: bool) -> Path:
    if index == 0 and _is_truetype(src, 0):
        return src
    digest = hashlib.sha1(src.read_bytes()).hexdigest()[:12]
    if complete:
        dst = cache_dir() / f"{src.stem}-{index}-{digest}-full-tt.ttf"
        unicodes, suffix = None, FULL_SUFFIX
    else:
        dst = cache_dir() / f"{src.stem}-{index}-{digest}-gb2312-tt.ttf"
        unicodes, suffix = REPERTOIRE, SUFFIX
    if not dst.is_file():
        log.info("writing face %d of %s as a TrueType-outline font once into %s", index, src.name, dst)
        to_truetype(src, dst, index, unicodes, suffix)
    return dst


@lru_cache(maxsize=None)
def cjk_family(kind: str = "sans", complete: bool = False) -> str:
    """Register the CJK font of ``kind`` with matplotlib and return its family name.

    The font is :func:`cjk_font_path` (``kind``); it is added to matplotlib's font manager once
    per process, so the name can be used in ``font.family`` (as :func:`ftzlink.plot.theme.rc_params`
    does) or in ``fontfamily=`` of a text.

    Parameters
    ----------
    kind : {"sans", "serif"}, default "sans"
        Noto Sans CJK SC or Noto Serif CJK SC (or the system equivalents).
    complete : bool, default False
        The complete conversion (every glyph) instead of the :data:`REPERTOIRE` subset.

    Returns
    -------
    str
        The family name matplotlib knows the font by (e.g. "Noto Sans CJK SC TTF" for the
        converted subset of the bundled font, "Noto Sans CJK SC Full TTF" for the complete one).

    Raises
    ------
    FtzlinkError
        As :func:`cjk_font_path`: an unknown ``kind``, a missing ``FTZLINK_CJK_FONT`` file, no CJK
        font available, or a converted font that cannot be written.

    Examples
    --------
    >>> family = cjk_family()
    >>> family in {entry.name for entry in font_manager.fontManager.ttflist}
    True
    """
    path = cjk_font_path(kind, complete)
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    if not complete:
        _SUBSET_KINDS[family] = kind
    return family


#: Family name → kind of the subset fonts :func:`cjk_family` registered in this process.
_SUBSET_KINDS: dict[str, str] = {}


@lru_cache(maxsize=None)
def _cmap(path: Path, index: int) -> frozenset[int]:
    with _open(path, index, lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_chars(text: str, path: Path | str, index: int = 0) -> str:
    """Characters of ``text`` (whitespace excepted) that the font at ``path`` (face ``index`` of
    a collection) has no glyph for.

    Reads the font's Unicode cmap with fontTools; returns them in order of first appearance.

    >>> missing_chars("武汉 Wuhan", cjk_font_path())
    ''
    """
    cmap = _cmap(Path(path), index)
    return "".join(dict.fromkeys(ch for ch in text if not ch.isspace() and ord(ch) not in cmap))


def add_complete_fallback(fig, chars: str) -> bool:
    """Give the texts of ``fig`` the complete CJK font as a fallback for ``chars``; False if it has none.

    For a figure with characters outside :data:`REPERTOIRE`: each text whose families include
    a CJK subset registered by :func:`cjk_family` gets the complete font of the same kind
    (converted once) appended to its families — only when the source font has glyphs for all
    of ``chars`` and is not used as it is (a TrueType source is its own complete font).
    Returns whether any text changed.
    """
    from matplotlib.text import Text

    changed = False
    for text in fig.findobj(Text):
        families = list(text.get_fontfamily())
        extra = [cjk_family(kind, True)
                 for kind in dict.fromkeys(_SUBSET_KINDS[f] for f in families if f in _SUBSET_KINDS)
                 if not missing_chars(chars, *_source(kind)) and cjk_font_path(kind, True) != cjk_font_path(kind)
                 and cjk_family(kind, True) not in families]
        if extra:
            text.set_fontfamily(families + extra)
            changed = True
    return changed
