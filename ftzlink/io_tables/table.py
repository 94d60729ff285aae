"""The input-output table object: a thin frozen container over :mod:`ftzlink.io_tables.iomath`.

:class:`IOTable` holds the blocks of one table with sector codes as labels and computes A, L,
multipliers and linkages lazily through the pure math module.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
import pandas as pd

from ftzlink.checks import check_choice, check_flag, check_number
from ftzlink.errors import FtzlinkError
from ftzlink.io_tables import iomath
from ftzlink.vocabulary import FORWARD_LINKAGES


def _check_frame(frame, name: str, src: str, index: pd.Index | None, columns: pd.Index | None,
                 nonnegative: bool) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise FtzlinkError(f"{src}: {name} must be a pandas DataFrame, got {type(frame).__name__}")
    for axis, want in (("index", index), ("columns", columns)):
        got = getattr(frame, axis)
        if got.has_duplicates:
            raise FtzlinkError(f"{src}: {name} has duplicate {axis} label(s): {list(got[got.duplicated()])[:5]}")
        if want is not None and not got.equals(want):
            raise FtzlinkError(
                f"{src}: {name} {axis} must be the table's sectors in Z's order; "
                f"only in {name}: {list(got.difference(want))[:5]}, missing: {list(want.difference(got))[:5]}"
            )
    if frame.shape[0] == 0 or frame.shape[1] == 0:
        raise FtzlinkError(f"{src}: {name} is empty ({frame.shape[0]} rows × {frame.shape[1]} columns)")
    bools = [c for c, dtype in frame.dtypes.items() if pd.api.types.is_bool_dtype(dtype)]
    if bools or not all(pd.api.types.is_numeric_dtype(dtype) for dtype in frame.dtypes):
        raise FtzlinkError(f"{src}: {name} has non-numeric (text or boolean) entries")
    try:
        values = frame.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise FtzlinkError(f"{src}: {name} has non-numeric entries") from None
    bad = ~np.isfinite(values) | ((values < 0) if nonnegative else False)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise FtzlinkError(
            f"{src}: {name} has value {values[r, c]:g} at row {frame.index[r]!r}, column {frame.columns[c]!r}; "
            f"values must be finite{' and non-negative' if nonnegative else ''}"
        )


@dataclass(frozen=True, eq=False)
class IOTable:
    """One symmetric input-output table with sector codes as labels.

    - ``Z``: intermediate use, products of all origins (domestic + imported); z_ij is the
      product i used by sector j.
    - ``x``: gross output per sector (Series).
    - ``final_demand``: final use of all origins, products × components (e.g. ``TC``,
      ``FU201``, ``FU202``, ``EX``); ``None`` for a tidy table.
    - ``value_added``: value-added components × sectors (``VA001`` …); ``None`` for a tidy table.
    - ``imports``: total imports m per product (the ``IM`` column of a competitive table, the
      import rows' total in a non-competitive one); ``None`` when there is no import column.
    - ``Z_imports``, ``final_demand_imports``: the imported part of ``Z`` and ``final_demand``
      (non-competitive tables only); the domestic variants use ``Z − Z_imports``.
    - ``names`` (columns ``name``, ``name_zh``), ``year``, ``source`` (the file read).

    Accounting identities (Miller & Blair 2009, ch. 2): row side x = Z·1 + F·1 − m, column
    side x = 1ᵀZ + 1ᵀV. The blocks are validated on construction (labels, finite values,
    non-negative Z, x, m); treat them as read-only, since A and L are cached.
    """

    Z: pd.DataFrame
    x: pd.Series
    final_demand: pd.DataFrame | None = None
    value_added: pd.DataFrame | None = None
    imports: pd.Series | None = None
    Z_imports: pd.DataFrame | None = None
    final_demand_imports: pd.DataFrame | None = None
    names: pd.DataFrame | None = None
    year: int | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        src = self.source or "IOTable"
        _check_frame(self.Z, "Z", src, None, None, nonnegative=True)
        sectors = self.Z.index
        if not self.Z.columns.equals(sectors):
            raise FtzlinkError(f"{src}: Z must have the same sectors, in the same order, as rows and columns")
        for name, series in (("x", self.x), ("imports", self.imports)):
            if series is not None:
                if not isinstance(series, pd.Series):
                    raise FtzlinkError(f"{src}: {name} must be a pandas Series, got {type(series).__name__}")
                _check_frame(series.to_frame(), name, src, sectors, None, nonnegative=True)
        if self.final_demand is not None:
            _check_frame(self.final_demand, "final_demand", src, sectors, None, nonnegative=False)
        if self.value_added is not None:
            _check_frame(self.value_added, "value_added", src, None, sectors, nonnegative=False)
        if self.Z_imports is not None:
            _check_frame(self.Z_imports, "Z_imports", src, sectors, sectors, nonnegative=True)
            if (self.Z.to_numpy() < self.Z_imports.to_numpy()).any():
                r, c = np.argwhere(self.Z.to_numpy() < self.Z_imports.to_numpy())[0]
                raise FtzlinkError(
                    f"{src}: imported intermediate use exceeds total use at row {sectors[r]!r}, column {sectors[c]!r}"
                )
        if self.final_demand_imports is not None:
            if self.final_demand is None:
                raise FtzlinkError(f"{src}: final_demand_imports given without final_demand")
            _check_frame(self.final_demand_imports, "final_demand_imports", src, sectors,
                         self.final_demand.columns, nonnegative=False)

    @property
    def sectors(self) -> pd.Index:
        """Sector codes, in table order."""
        return self.Z.index

    @property
    def Z_domestic(self) -> pd.DataFrame:
        """Domestic intermediate flows Z − Z_imports (non-competitive tables only)."""
        if self.Z_imports is None:
            raise FtzlinkError(
                f"{self.source or 'IOTable'}: the table has no domestic / imports split (a competitive-import "
                f"or tidy table); domestic variants need a non-competitive table such as the NBS 42-sector tables"
            )
        return self.Z - self.Z_imports

    @cached_property
    def A(self) -> pd.DataFrame:
        """Technical coefficients a_ij = z_ij / x_j, inputs of all origins (DataFrame by sector code)."""
        return iomath.technical_coefficients(self.Z, self.x)

    @cached_property
    def L(self) -> pd.DataFrame:
        """Leontief inverse (I − A)⁻¹."""
        return iomath.leontief_inverse(self.A)

    @cached_property
    def A_domestic(self) -> pd.DataFrame:
        """Domestic technical coefficients (Z − Z_imports) / x_j, imported inputs excluded."""
        return iomath.technical_coefficients(self.Z_domestic, self.x)

    @cached_property
    def L_domestic(self) -> pd.DataFrame:
        """Domestic Leontief inverse (I − A_domestic)⁻¹."""
        return iomath.leontief_inverse(self.A_domestic)

    def multipliers(self, domestic: bool = False) -> pd.Series:
        """Output multipliers Σ_i l_ij from L, or from L_domestic when ``domestic``."""
        return iomath.output_multipliers(self.L_domestic if check_flag(domestic, "domestic") else self.L)

    def linkages(self, domestic: bool = False, forward: Literal["leontief", "ghosh"] = "leontief") -> pd.DataFrame:
        """Rasmussen linkages (see :func:`ftzlink.io_tables.iomath.linkages`).

        ``forward="leontief"`` takes forward linkages from the rows of L (Rasmussen 1956, the
        usual 感应度系数); ``"ghosh"`` from the rows of the Ghosh inverse (I − x̂⁻¹Z)⁻¹.
        ``domestic`` uses the domestic flows only.
        """
        check_choice(forward, FORWARD_LINKAGES, "linkages: forward")
        domestic = check_flag(domestic, "linkages: domestic")
        L = self.L_domestic if domestic else self.L
        if forward == "leontief":
            return iomath.linkages(L)
        Z = self.Z_domestic if domestic else self.Z
        return iomath.linkages(L, iomath.ghosh_inverse(iomath.allocation_coefficients(Z, self.x)))

    def balance(self) -> pd.DataFrame:
        """Per-sector totals and the relative imbalance of the table.

        ``total_output`` = Σ_j z_ij + Σ_k f_ik − m_i (row side), ``total_input`` =
        Σ_i z_ij + Σ_v v_vj (column side), ``relative`` = max(abs(total_input − x),
        abs(total_output − x)) / x. Needs final demand and value added.
        """
        if self.final_demand is None or self.value_added is None:
            raise FtzlinkError(
                f"{self.source or 'IOTable'}: the balance check needs final demand and value added; "
                f"this table holds only intermediate flows and gross output"
            )
        x = self.x.to_numpy(dtype=float)
        m = 0.0 if self.imports is None else self.imports.to_numpy(dtype=float)
        out = self.Z.to_numpy().sum(axis=1) + self.final_demand.to_numpy().sum(axis=1) - m
        inp = self.Z.to_numpy().sum(axis=0) + self.value_added.to_numpy().sum(axis=0)
        gap = np.maximum(np.abs(inp - x), np.abs(out - x))
        rel = np.divide(gap, x, out=np.where(gap == 0, 0.0, np.inf), where=x > 0)
        return pd.DataFrame(
            {"gross_output": x, "total_output": out, "total_input": inp, "relative": rel}, index=self.sectors
        )

    def check_balance(self, rtol: float = 1e-6) -> pd.DataFrame:
        """Return :meth:`balance`, raising FtzlinkError when any sector's ``relative`` exceeds ``rtol``.

        ``rtol`` is a finite number ≥ 0.
        """
        rtol = check_number(rtol, "check_balance: rtol", 0)
        bal = self.balance()
        bad = bal["relative"] > rtol
        if bad.any():
            s = bal["relative"].idxmax()
            row = bal.loc[s]
            raise FtzlinkError(
                f"{self.source or 'IOTable'}: the table does not balance for {int(bad.sum())} sector(s); worst is "
                f"sector {s!r}: gross output {row.gross_output:.10g}, total output {row.total_output:.10g}, "
                f"total input {row.total_input:.10g} (relative difference {row.relative:.2e} > rtol {rtol:g})"
            )
        return bal

    def negative_entries(self) -> pd.DataFrame:
        """Negative cells of the blocks where they are allowed (final demand, value added).

        Changes in inventories and net taxes on production are legitimately negative; this lists
        them (columns ``block, row, column, value``) so that a user sees them.
        """
        blocks = {"final_demand": self.final_demand, "final_demand_imports": self.final_demand_imports,
                  "value_added": self.value_added}
        parts = [
            frame.rename_axis(index="row", columns="column").stack().loc[lambda s: s < 0]
            .rename("value").reset_index().assign(block=name)
            for name, frame in blocks.items() if frame is not None
        ]
        cols = ["block", "row", "column", "value"]
        if not parts:
            return pd.DataFrame(columns=cols)
        return pd.concat(parts, ignore_index=True)[cols]
