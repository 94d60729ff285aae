"""Write report tables as CSV (full precision) and LaTeX (booktabs, 3 decimals)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def save_table(df: pd.DataFrame, stem: str | Path, caption: str = "", decimals: int = 3) -> list[Path]:
    """Write ``<stem>.csv`` (UTF-8, full precision, ``\\n`` line ends) and ``<stem>.tex``.

    The LaTeX table uses booktabs rules and rounds floats to ``decimals`` for display only;
    the CSV keeps every digit. A plain 0…n−1 row index (e.g. a ranked pair list) is not
    written. Same data → same bytes.
    """
    index = not isinstance(df.index, pd.RangeIndex)
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    csv_path, tex_path = stem.with_suffix(".csv"), stem.with_suffix(".tex")
    df.to_csv(csv_path, encoding="utf-8", lineterminator="\n", index=index)
    latex = df.to_latex(index=index, float_format=f"%.{decimals}f", caption=caption or None,
                        label=f"tab:{stem.name}", escape=True)
    tex_path.write_text(latex, encoding="utf-8")
    return [csv_path, tex_path]
