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
directory, file name keyed by the source's SHA-1). The conversion of Noto Sans CJK SC (65 535
glyphs) takes about a minute and happens once per machine; the cached file is written
atomically and is byte-identical on every machine (no timestamps recalculated).
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


def to_truetype(src: Path, dst: Path, index: int = 0) -> Path:
    """Write face ``index`` of ``src`` to ``dst`` as a single TrueType-outline font (atomically).

    CFF outlines are approximated by quadratic splines within ``MAX_ERR`` font units (fontTools
    ``Cu2QuPen``, the method of fontTools' ``otf2ttf`` snippet); metrics, cmap and layout tables
    are kept; the family and PostScript names get a " TTF" suffix. Returns ``dst``.
    """
    def convert(fh) -> None:
        with _open(src, index) as font:
            if "glyf" not in font:
                _quadratic_outlines(font)
            _rename(font)
            font.save(fh)

    return write_with(dst, convert)


def _quadratic_outlines(font) -> None:
    """Replace the ``CFF `` table of ``font`` by ``glyf``/``loca`` (in place)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphset = font.getGlyphSet()
    glyphs = {}
    for name in order:  # one-off conversion, not a hot path
        pen = TTGlyphPen(None)
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


def _rename(font) -> None:
    """Append " TTF" to the family names and "TTF" to the PostScript name (in place)."""
    names = font["name"]
    family = names.getDebugName(16) or names.getDebugName(1)
    ps_name = names.getDebugName(6)
    ps_new = ps_name.replace("-", "TTF-", 1) if "-" in ps_name else ps_name + "TTF"
    for record in names.names:
        if record.nameID in (1, 4, 16):
            record.string = record.toUnicode().replace(family, family + SUFFIX)
        elif record.nameID in (3, 6):
            record.string = record.toUnicode().replace(ps_name, ps_new)


def _is_truetype(path: Path, index: int) -> bool:
    with _open(path, index, lazy=True) as font:
        return "glyf" in font


def cjk_font_path(kind: str = "sans") -> Path:
    """Path of a TrueType-outline CJK font for ``kind`` ("sans" or "serif"), converting if needed.

    Raises FtzlinkError when no CJK font is available or ``FTZLINK_CJK_FONT`` names a missing file.

    The source is, in order, the file named by ``FTZLINK_CJK_FONT``, the Noto CJK SC font shipped
    by ``mplfonts``, or an installed system font of a known CJK family. A source with TrueType
    (``glyf``) outlines is returned as it is; a CFF font, or a face of a collection other than the
    first, is converted once into a single-face TrueType font in :func:`cache_dir` (about a
    minute for Noto Sans CJK SC) and the cached copy is returned.

    Parameters
    ----------
    kind : {"sans", "serif"}, default "sans"
        Noto Sans CJK SC or Noto Serif CJK SC (or the system equivalents).

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
    _check_kind(kind)
    env = os.environ.get("FTZLINK_CJK_FONT")
    if env:
        if not Path(env).is_file():
            raise FtzlinkError(f"FTZLINK_CJK_FONT={env!r}: no such font file")
        source = (Path(env), 0)
    else:
        bundled = bundled_font(kind)
        source = (bundled, 0) if bundled else system_font(kind)
        if source is None:
            raise FtzlinkError(f"no CJK {kind} font: install the 'mplfonts' package (a dependency of ftzlink) "
                               "or point FTZLINK_CJK_FONT to a .ttf/.otf font with Chinese glyphs")
    return _truetype_copy(*source)


@lru_cache(maxsize=None)
def _truetype_copy(src: Path, index: int) -> Path:
    if index == 0 and _is_truetype(src, 0):
        return src
    digest = hashlib.sha1(src.read_bytes()).hexdigest()[:12]
    dst = cache_dir() / f"{src.stem}-{index}-{digest}-tt.ttf"
    if not dst.is_file():
        log.info("writing face %d of %s as a TrueType-outline font once (CFF: about a minute) into %s",
                 index, src.name, dst)
        to_truetype(src, dst, index)
    return dst


@lru_cache(maxsize=None)
def cjk_family(kind: str = "sans") -> str:
    """Register the CJK font of ``kind`` with matplotlib and return its family name.

    The font is :func:`cjk_font_path` (``kind``); it is added to matplotlib's font manager once
    per process, so the name can be used in ``font.family`` (as :func:`ftzlink.plot.theme.rc_params`
    does) or in ``fontfamily=`` of a text.

    Parameters
    ----------
    kind : {"sans", "serif"}, default "sans"
        Noto Sans CJK SC or Noto Serif CJK SC (or the system equivalents).

    Returns
    -------
    str
        The family name matplotlib knows the font by (e.g. "Noto Sans CJK SC TTF" for the
        converted copy of the bundled font).

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
    path = cjk_font_path(kind)
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


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
