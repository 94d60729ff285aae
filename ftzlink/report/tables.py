"""Write report tables as CSV (full precision) and LaTeX (booktabs, 3 decimals)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def save_table(df: pd.DataFrame, stem: str | Path, caption: str = "", decimals: int = 3) -> list[Path]:
    """Write ``<stem>.csv`` (UTF-8, full precision, ``\\n`` line ends) and ``<stem>.tex``.

    The LaTeX table uses booktabs rules and rounds floats to ``decimals`` for display only;
    the CSV keeps every digit. Same data → same bytes.
    """
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    csv_path, tex_path = stem.with_suffix(".csv"), stem.with_suffix(".tex")
    df.to_csv(csv_path, encoding="utf-8", lineterminator="\n")
    latex = df.to_latex(float_format=f"%.{decimals}f", caption=caption or None,
                        label=f"tab:{stem.name}", escape=True)
    tex_path.write_text(latex, encoding="utf-8")
    return [csv_path, tex_path]
