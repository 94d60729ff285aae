"""What a report notebook needs: the validated parameters, the zone selection and output paths.

Notebooks stay thin: their ``parameters`` cell sets plain values, then one call
``ctx = report_context(**params)`` validates them and gives access to the selected zones,
their positioning matrix, display labels and the save functions for figures and tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ftzlink.data.registry import load_codes, load_industries, load_zones, positioning_matrix
from ftzlink.report.params import validate_params
from ftzlink.report.tables import save_table


@dataclass(frozen=True)
class ReportContext:
    """Validated parameters plus the zones they select and where outputs go."""

    params: dict[str, Any]
    zones: pd.DataFrame
    output_dir: Path

    def positioning(self, level: str | None = None, weight: str | None = None,
                    source_docs: list[str] | None = None) -> pd.DataFrame:
        """Zone × industry positioning matrix of the selected zones (parameters as defaults).

        Zones without any positioning row in the chosen source documents are left out.
        """
        docs = self.params["source_docs"] if source_docs is None else source_docs
        mat = positioning_matrix(level=level or self.params["level"], weight=weight or self.params["weight"],
                                 source_docs=docs)
        return mat.reindex([z for z in self.zones.index if z in mat.index])

    def zone_table(self) -> pd.DataFrame:
        """The registry columns a reader needs, for the selected zones."""
        cols = ["name_zh", "name_en", "province_en", "kind", "host_city_zh", "adcode", "area_km2",
                "plan_doc_no", "opened_date", "verified"]
        return self.zones[[c for c in cols if c in self.zones.columns]]

    def code_table(self, level: str | None = None) -> pd.DataFrame:
        """Codes of ``level`` (default: the parameter) with ``name_zh`` / ``name_en``, for labels."""
        level = level or self.params["level"]
        return load_industries() if level == "industry" else load_codes(level)

    def save_table(self, df: pd.DataFrame, stem: str, caption: str = "") -> list[Path]:
        """Write ``tables/<stem>.csv`` and ``tables/<stem>.tex`` under the output directory."""
        return save_table(df, self.output_dir / "tables" / stem, caption=caption)

    def save_figure(self, fig, stem: str) -> list[Path]:
        """Write ``figures/<stem>.<fmt>`` for every requested format (deterministic bytes).

        In a notebook the figure is then shown once, explicitly (and closed, so the inline
        backend does not show it a second time): every saved figure appears in the report.
        """
        import matplotlib.pyplot as plt

        from ftzlink.plot import save

        paths = save(fig, self.output_dir / "figures" / stem, formats=tuple(self.params["formats"]),
                     dpi=self.params["dpi"])
        plt.close(fig)
        try:
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:  # pragma: no cover - IPython ships with the notebook dependencies
            return paths
        if get_ipython() is not None:
            display(fig)
        return paths


def report_context(output_dir: str | Path = ".", **params: Any) -> ReportContext:
    """Validate notebook parameters and return the :class:`ReportContext`.

    ``output_dir`` is where figures and tables go (the run directory under ``ftzlink report``).
    """
    merged = validate_params(params)
    zones = load_zones(kinds=merged["kinds"], provinces=merged["provinces"])
    if merged["zones"] is not None:
        zones = zones.loc[merged["zones"]]
    out = Path(output_dir)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    (out / "tables").mkdir(parents=True, exist_ok=True)
    return ReportContext(params=merged, zones=zones, output_dir=out)
