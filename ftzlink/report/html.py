"""Build ``report.html``: the executed notebooks' outputs, no code, figures and font embedded."""

from __future__ import annotations

import base64
import functools
import io
import re
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from ftzlink.files import write_atomic

FONT_FAMILY = "ftzlink CJK"
#: Characters the embedded font covers (U+2E80 and up: CJK radicals, ideographs, full-width forms).
CJK_CHARS = re.compile("[\u2e80-\U0010ffff]")


#: Tag of a markdown cell written in one language; the report shows only its own language's.
LANGUAGE_TAGS = {"en": "lang-en", "zh": "lang-zh"}


def _strip(nb: nbformat.NotebookNode, language: str | None = None) -> list[nbformat.NotebookNode]:
    """Cells worth showing: markdown (untagged, or tagged for ``language``), and code outputs
    without stderr (warnings, progress)."""
    other = {tag for lang, tag in LANGUAGE_TAGS.items() if lang != language} if language else set()
    cells = []
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if tags & {"parameters", "injected-parameters"} or tags & other:
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
        cells.append(cell)
    return cells


def cjk_font_face(text: str) -> str:
    """A CSS ``@font-face`` embedding Noto Sans CJK SC subset to the non-ASCII characters of ``text``.

    The subset (a few kB) travels inside the page, so Chinese labels render in any browser,
    offline and without a system CJK font. Empty when the text has no such characters or the
    font is not installed.
    """
    from fontTools import subset

    from ftzlink.plot.fonts import bundled_font, cjk_font_path, missing_chars

    chars = "".join(sorted(set(CJK_CHARS.findall(text))))
    path = bundled_font("sans")
    if not chars or path is None:
        return ""
    cached = cjk_font_path()   # the small TrueType subset the figures use: much faster to subset again
    if cached.suffix == ".ttf" and not missing_chars(chars, cached):
        path = cached
    options = subset.Options()
    buf = io.BytesIO()
    with subset.load_font(str(path), options) as font:     # the font file is closed afterwards
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=chars)
        subsetter.subset(font)
        subset.save_font(font, buf, options)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    kind, fmt = ("ttf", "truetype") if path.suffix == ".ttf" else ("otf", "opentype")
    # The embedded face only covers CJK code points (unicode-range), so Latin text falls
    # through to the reader's usual fonts while Chinese always has glyphs.
    # Printed output (<pre>) and code take the monospace stack, with the same face first.
    families = f"'{FONT_FAMILY}', system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
    code = f"'{FONT_FAMILY}', Menlo, Consolas, 'DejaVu Sans Mono', monospace"
    return (f"@font-face {{ font-family: '{FONT_FAMILY}'; font-display: block; unicode-range: U+2E80-FFFF; "
            f"src: url(data:font/{kind};base64,{data}) format('{fmt}'); }}\n"
            f":root {{ --jp-content-font-family: {families}; --jp-ui-font-family: {families}; "
            f"--jp-code-font-family: {code}; }}\n"
            f"body, h1, h2, h3, h4, p, table, th, td {{ font-family: {families}; }}\n"
            f"pre, code {{ font-family: {code}; }}\n")


@functools.cache
def _exporter() -> HTMLExporter:
    """The page's exporter, made once per process: it compiles nbconvert's templates on first use."""
    return HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                        exclude_output_prompt=True, embed_images=True, mathjax_url="", require_js_url="")


def build_html(notebooks: list[Path], out: Path, title: str, preface: str = "", language: str | None = None) -> Path:
    """Concatenate the executed notebooks and export them as one self-contained HTML page.

    ``preface`` (Markdown) opens the page: the findings and the run's provenance. With
    ``language``, markdown cells tagged for another language (:data:`LANGUAGE_TAGS`, e.g. an
    English paragraph tagged ``lang-en`` beside its Chinese twin tagged ``lang-zh``) are left
    out; untagged cells are always shown. Inputs (code)
    and prompts are excluded; images are inline ``data:`` URIs and a subset of the
    CJK font is embedded, so the page reads offline; no MathJax or require.js is loaded from the
    network.
    """
    merged = nbformat.v4.new_notebook()
    merged.metadata["title"] = title
    if preface:
        merged.cells.append(nbformat.v4.new_markdown_cell(preface))
    for path in notebooks:
        merged.cells.extend(_strip(nbformat.read(path, as_version=4), language))
    for number, cell in enumerate(merged.cells):   # ids are unique per notebook, not across notebooks
        cell["id"] = f"cell-{number}"
    body, _ = _exporter().from_notebook_node(merged, resources={"metadata": {"name": title}})
    style = cjk_font_face(body)
    if style:
        body = body.replace("</head>", f"<style>\n{style}</style>\n</head>", 1)
    return write_atomic(out, body)
