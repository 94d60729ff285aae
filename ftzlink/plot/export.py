"""Deterministic, atomic export of a figure to PDF, PNG and SVG.

The same figure drawn from the same data gives the same bytes on every run:

- PDF: no ``/CreationDate`` (``metadata={"CreationDate": None}``, so ``SOURCE_DATE_EPOCH`` is
  not needed), fonts embedded as Type 42 subsets whose tag is a hash of the glyphs used;
- SVG: no ``<dc:date>`` (``metadata={"Date": None}``), a fixed ``svg.hashsalt`` for the
  clip-path and glyph ids, text drawn as paths (nothing depends on the reader's fonts);
- PNG: Agg output at ``dpi`` with the fixed matplotlib ``Software`` tag only.

A figure with a layout engine (constrained layout) is laid out once, with the renderer of the
first format (text measured as that file draws it), before anything is drawn; the engine is then
taken off the figure while the files are written, so every format reuses that layout and
``savefig`` draws the figure once per format (with an engine it draws it twice: once, without
output, to lay it out). The engine is put back afterwards.

Files are first written to temporary files in the target directory and renamed into place
only when every format has been written, so a failure leaves the previous files untouched.
A character outside the cached CJK subset makes the complete CJK font a fallback of the
figure's text (see :mod:`ftzlink.plot.fonts`); a glyph missing from every font (a box in
place of a character) raises instead of producing a figure with holes.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterable
from pathlib import Path

import matplotlib as mpl
from matplotlib.backend_bases import get_registered_canvas_class
from matplotlib.figure import Figure

from ftzlink.errors import FtzlinkError
from ftzlink.files import atomic_files
from ftzlink.plot.fonts import add_complete_fallback
from ftzlink.plot.theme import SALT
from ftzlink.vocabulary import FIGURE_FORMATS

METADATA = {"pdf": {"CreationDate": None}, "svg": {"Date": None}, "png": {}}
EXPORT_RC = {"pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "path", "svg.hashsalt": SALT,
             "pdf.compression": 6,
             "figure.autolayout": False, "figure.constrained_layout.use": False}  # set_layout_engine(None) removes it
_MISSING_GLYPH = r"Glyph \d+ .* missing from font"


def save(fig: Figure, stem: str | os.PathLike, formats: Iterable[str] = FIGURE_FORMATS, dpi: float = 300) -> list[Path]:
    """Write ``fig`` to ``<stem>.<format>`` for each format; return the written paths in order.

    ``dpi`` sets the PNG resolution (300 dpi for halftone figures; 600 or more for line art)
    and that of any rasterised element in PDF/SVG. The parent directory is created if needed.
    Raises FtzlinkError for an unknown format, a non-positive ``dpi`` or a character that no
    configured font can draw.

    The output is deterministic (no creation date, fixed SVG id salt, Type 42 PDF fonts, SVG
    text as paths), so the same figure gives the same bytes on every run, and atomic: all
    formats are written to temporary files and renamed into place only when every one has been
    written.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to write.
    stem : str or os.PathLike
        Target path without suffix; ``.pdf``, ``.png``, ``.svg`` are appended.
    formats : str or iterable of str, default ("pdf", "png", "svg")
        Formats to write (repeats are written once).
    dpi : float, default 300
        Resolution of the PNG and of rasterised elements.

    Returns
    -------
    list of pathlib.Path
        The written files, in the order of ``formats``.

    Raises
    ------
    FtzlinkError
        When ``fig`` is not a matplotlib Figure; for an unknown or empty ``formats``; for a
        non-positive or non-numeric ``dpi``; when a character has no glyph in any configured
        font; when a file cannot be written (the previous files are left untouched).

    Examples
    --------
    >>> import shutil, tempfile
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(2, 1.5))
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> folder = Path(tempfile.mkdtemp())
    >>> paths = save(fig, folder / "figures" / "line", formats=("png", "svg"), dpi=50)
    >>> [path.name for path in paths], sorted(path.name for path in (folder / "figures").iterdir())
    (['line.png', 'line.svg'], ['line.png', 'line.svg'])
    >>> first = paths[0].read_bytes()
    >>> save(fig, folder / "figures" / "line", formats="png", dpi=50)[0].read_bytes() == first
    True
    >>> save(fig, folder / "line", formats=("jpg",))
    Traceback (most recent call last):
    ftzlink.errors.FtzlinkError: save: formats must be among ['pdf', 'png', 'svg'], got ['jpg']
    >>> plt.close(fig)
    >>> shutil.rmtree(folder)
    """
    if not isinstance(fig, Figure):
        raise FtzlinkError(f"save: expected a matplotlib Figure, got {type(fig).__name__}")
    formats = list(dict.fromkeys([formats] if isinstance(formats, str) else formats))
    unknown = [f for f in formats if f not in FIGURE_FORMATS]
    if unknown or not formats:
        raise FtzlinkError(f"save: formats must be among {list(FIGURE_FORMATS)}, got {formats!r}")
    if not (isinstance(dpi, (int, float)) and dpi > 0):
        raise FtzlinkError(f"save: dpi must be a positive number, got {dpi!r}")
    stem = Path(stem)
    targets = [stem.parent / f"{stem.name}.{fmt}" for fmt in formats]
    for attempt in ("subset", "complete"):
        engine = fig.get_layout_engine()
        try:
            with mpl.rc_context(EXPORT_RC), warnings.catch_warnings(), atomic_files(targets) as handles:
                warnings.filterwarnings("error", message=_MISSING_GLYPH)
                if engine is not None:
                    _lay_out(fig, formats[0], dpi)
                    fig.set_layout_engine(None)   # the layout serves every format: no layout draw in savefig
                for fmt, fh in zip(formats, handles):
                    fig.savefig(fh, format=fmt, dpi=dpi, metadata=METADATA[fmt])
            return targets
        except UserWarning as warning:
            if not re.search(_MISSING_GLYPH, str(warning)):
                raise
            missing = "".join(chr(int(code)) for code in re.findall(r"Glyph (\d+)", str(warning)))
            if attempt == "subset" and add_complete_fallback(fig, missing):
                continue   # a character outside the CJK subset: retry with the complete font
            raise FtzlinkError(f"save {stem}: {warning} Create text inside ftzlink.plot.style() and use "
                               "characters the CJK font covers (see ftzlink.plot.fonts.missing_chars)") from None
        finally:
            if engine is not None and fig.get_layout_engine() is not engine:
                fig.set_layout_engine(engine)


def _lay_out(fig: Figure, fmt: str, dpi: float) -> None:
    """Run the layout engine of ``fig`` as ``fig.savefig(format=fmt, dpi=dpi)`` does before it draws:
    on the canvas of ``fmt`` (which measures text as that file draws it) at ``dpi``, but without
    the draw that ``savefig`` adds (every artist walked, nothing written)."""
    canvas, figure_dpi = fig.canvas, fig.dpi
    if not hasattr(canvas, f"print_{fmt}"):  # as savefig does: the format's canvas becomes the figure's
        get_registered_canvas_class(fmt)(fig)
    try:
        fig.dpi = dpi
        fig.get_layout_engine().execute(fig)
    finally:
        fig.dpi = figure_dpi
        fig.set_canvas(canvas)
