"""Input-output tables: readers, the IOTable object, IO math and the supplier–buyer link to zones.

- :func:`read_io_table` reads NBS-layout or tidy CSV tables into an :class:`IOTable`
  (properties ``A``, ``L``, ``A_domestic``, ``L_domestic``; methods ``multipliers``,
  ``linkages``, ``balance``, ``check_balance``, ``negative_entries``).
- :mod:`ftzlink.io_tables.iomath` is pure array math (A, L, B, G, multipliers, linkages).
- :mod:`ftzlink.io_tables.extensions` is pure array math too: accounts (:func:`gross_output`,
  :func:`intermediate_flows`), satellite accounts (:func:`satellite_coefficients`,
  :func:`satellite_multipliers`, :func:`downstream_multipliers`), demand shocks
  (:func:`demand_impact`) and the hypothetical extraction method (:func:`hypothetical_extraction`).
- :func:`aggregate` maps a table to coarser sectors through a concordance.
- :func:`supplier_buyer_matrix` links zones' sector mixes through A (region × region).
- :func:`io_relatedness` relatedness of sectors from their intermediate flows.
- :func:`load_national_table` the NBS 42-sector tables (2017, 2018, 2020) shipped with ftzlink.
"""

from ftzlink.io_tables.aggregation import aggregate, concordance_matrix
from ftzlink.io_tables.extensions import (
    demand_impact,
    downstream_multipliers,
    gross_output,
    hypothetical_extraction,
    intermediate_flows,
    satellite_coefficients,
    satellite_multipliers,
)
from ftzlink.io_tables.iomath import (
    allocation_coefficients,
    ghosh_inverse,
    intermediate_sales_shares,
    leontief_inverse,
    linkages,
    output_multipliers,
    sector_class,
    technical_coefficients,
)
from ftzlink.io_tables.national import load_national_table, national_tables
from ftzlink.io_tables.readers import read_io_table
from ftzlink.io_tables.relatedness import io_relatedness
from ftzlink.io_tables.supplier_buyer import supplier_buyer_matrix
from ftzlink.io_tables.table import IOTable

__all__ = [
    "IOTable",
    "aggregate",
    "allocation_coefficients",
    "concordance_matrix",
    "ghosh_inverse",
    "intermediate_sales_shares",
    "io_relatedness",
    "leontief_inverse",
    "linkages",
    "load_national_table",
    "national_tables",
    "output_multipliers",
    "read_io_table",
    "sector_class",
    "supplier_buyer_matrix",
    "technical_coefficients",
    "demand_impact",
    "downstream_multipliers",
    "gross_output",
    "hypothetical_extraction",
    "intermediate_flows",
    "satellite_coefficients",
    "satellite_multipliers",
]
