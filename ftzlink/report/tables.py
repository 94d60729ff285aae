"""Write report tables: CSV (data: ids, full precision) and LaTeX (display: names, rounded)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ftzlink.files import write_atomic


def save_table(df: pd.DataFrame, stem: str | Path, caption: str = "", *, display: pd.DataFrame | None = None,
               formatter: Callable[[object], str] | None = None) -> list[Path]:
    """Write ``<stem>.csv`` and ``<stem>.tex``; return both paths.

    The CSV is ``df`` (UTF-8 with a byte-order mark so that Excel on Chinese Windows reads it,
    full precision, ``\\n`` line ends). The LaTeX table (booktabs rules, text escaped) shows
    ``display`` (default ``df``) with numbers through ``formatter`` (default three decimals). A
    plain 0…n−1 row index (e.g. a ranked pair list) is not written. Same data → same bytes.
    """
    index = not isinstance(df.index, pd.RangeIndex)
    stem = Path(stem)
    csv_path, tex_path = stem.with_suffix(".csv"), stem.with_suffix(".tex")
    write_atomic(csv_path, df.to_csv(lineterminator="\n", index=index), encoding="utf-8-sig")
    shown = df if display is None else display
    numbers = shown.select_dtypes("number").columns
    if formatter is not None:
        shown = shown.astype({c: object for c in numbers})
        for c in numbers:
            shown[c] = shown[c].map(lambda v: "–" if pd.isna(v) else formatter(v))
    latex = shown.to_latex(index=index, float_format=None if formatter else "%.3f", caption=caption or None,
                           label=f"tab:{stem.name}", escape=True)
    write_atomic(tex_path, latex)
    return [csv_path, tex_path]
