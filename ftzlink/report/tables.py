"""Write report tables as CSV (full precision) and LaTeX (booktabs, 3 decimals)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ftzlink.files import write_atomic


def save_table(df: pd.DataFrame, stem: str | Path, caption: str = "", decimals: int = 3) -> list[Path]:
    """Write ``<stem>.csv`` (UTF-8 with BOM so Excel reads Chinese, full precision, ``\\n`` line ends) and ``<stem>.tex``.

    The LaTeX table uses booktabs rules and rounds floats to ``decimals`` for display only;
    the CSV keeps every digit. A plain 0…n−1 row index (e.g. a ranked pair list) is not
    written. Same data → same bytes.
    """
    index = not isinstance(df.index, pd.RangeIndex)
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    csv_path, tex_path = stem.with_suffix(".csv"), stem.with_suffix(".tex")
    write_atomic(csv_path, df.to_csv(lineterminator="\n", index=index), encoding="utf-8-sig")
    latex = df.to_latex(index=index, float_format=f"%.{decimals}f", caption=caption or None,
                        label=f"tab:{stem.name}", escape=True)
    write_atomic(tex_path, latex)
    return [csv_path, tex_path]
