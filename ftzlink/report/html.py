"""Build ``report.html``: the executed notebooks' outputs, no code, figures embedded."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbconvert import HTMLExporter


def _strip(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """Cells worth showing: markdown, and code outputs without stderr (warnings, progress)."""
    cells = []
    for cell in nb.cells:
        if "parameters" in cell.metadata.get("tags", []) or "injected-parameters" in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
        cells.append(cell)
    return cells


def build_html(notebooks: list[Path], out: Path, title: str) -> Path:
    """Concatenate the executed notebooks and export them as one self-contained HTML page.

    Inputs (code) and prompts are excluded; images are inline ``data:`` URIs, so the page reads
    offline; no MathJax or require.js is loaded from the network.
    """
    merged = nbformat.v4.new_notebook()
    merged.metadata["title"] = title
    for path in notebooks:
        merged.cells.extend(_strip(nbformat.read(path, as_version=4)))
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True, mathjax_url="", require_js_url="")
    body, _ = exporter.from_notebook_node(merged, resources={"metadata": {"name": title}})
    tmp = out.with_suffix(".html.tmp")
    tmp.write_text(body, encoding="utf-8")
    tmp.replace(out)
    return out
