"""Firm microdata → zone industry structure, in memory (pandas) or partitioned (Dask).

A library module: it knows GB/T 4754 industry codes and GB/T 2260 administrative codes, not
free trade zones. Zones are whatever the user defines (a code table or polygons).

- :func:`read_firms`: Parquet (file or partitioned directory) or CSV, read with pyarrow.
- :func:`validate_firms`: the record schema (:mod:`ftzlink.microdata.schema`) with
  :class:`~ftzlink.errors.FtzlinkError` naming the offending rows.
- :func:`roll_up`: 4-digit class → 2-digit division → section (A–T) or IO-42 sector, through
  the shipped tables ``gbt4754_2017_divisions.csv`` and ``concordance_gbt4754_io42.csv``.
- :func:`assign_zones`: zone by a user table of administrative codes or by polygons (spatial
  join), reference region (host city or county) for firms outside every zone.
- :func:`aggregate_firms`: tidy ``region, industry, year, value`` tables of year-end stocks,
  entries, exits or summed measures, ready for :func:`ftzlink.to_matrix`.
- :func:`synthetic_firms`: clearly flagged synthetic records for tests and benchmarks.

**Engines.** Every function taking ``firms`` accepts a pandas DataFrame, a Dask DataFrame or a
path; ``engine="pandas"`` works in memory, ``engine="dask"`` partition by partition (larger
than memory, or on a cluster through ``client=``). Both run the same pandas functions per
partition and give the same table (counts exactly; sums of float measures up to the order of
floating-point additions). Dask is optional (``pip install ftzlink[scale]``) and imported
only when ``engine="dask"`` is used.

**Editions of GB/T 4754.** Codes are used in the 2017 edition, the one whose divisions ftzlink
ships. Records of the 2011 or 2002 edition (column ``gbt_edition``) are converted only through
a concordance the user supplies (``concordance=``: a DataFrame with ``old_code``, ``new_code``
and optionally ``edition``; codes of 2 or 4 digits; many-to-one only, see
:func:`check_concordance`). ftzlink ships **no** concordance between editions at any level
(class, group, division or section): no correspondence table from NBS or another verifiable
source could be consulted, and a revision may renumber, split or merge codes at every level, so
no level is assumed unchanged. Without a concordance, records of an earlier edition are
refused, naming the rows.

>>> firms = synthetic_firms(500, range(2016, 2020), seed=2)
>>> long = aggregate_firms(firms, "section", years=[2019])
>>> sorted(long.columns)
['industry', 'region', 'value', 'year']
"""

from ftzlink.microdata.aggregate import COUNTS, aggregate_firms
from ftzlink.microdata.industry import EDITIONS, LEVELS, check_concordance, division_table, roll_up
from ftzlink.microdata.io import read_firms
from ftzlink.microdata.schema import MEASURES, PROBLEMS, REQUIRED, SCHEMA, validate_firms
from ftzlink.microdata.synthetic import synthetic_firms
from ftzlink.microdata.zones import FALLBACKS, assign_zones

__all__ = [
    "read_firms", "validate_firms", "roll_up", "assign_zones", "aggregate_firms", "synthetic_firms",
    "check_concordance", "division_table",
    "SCHEMA", "REQUIRED", "MEASURES", "PROBLEMS", "LEVELS", "EDITIONS", "COUNTS", "FALLBACKS",
]
