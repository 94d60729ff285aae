"""Synthetic firm records for tests, examples and benchmarks — never real data, never committed.

:func:`synthetic_firms` draws records in the schema of :mod:`ftzlink.microdata.schema` with
the shapes real registries have, from nothing but a seed and two shipped tables:

- **where**: the host cities of ``zones.csv`` (their ``adcode`` and representative ``lon``/
  ``lat``), with Zipf-like city sizes (weight ∝ 1/rank); points scattered around the city
  point (70 % within a core of σ = 0.05°, 30 % σ = 0.25°; about 3 % without coordinates);
  ``adcode`` is the city's code (no county codes are invented);
- **what**: the 97 GB/T 4754-2017 divisions of ``gbt4754_2017_divisions.csv`` with skewed
  national shares (∝ 1/rank^1.2 over a random order) tilted per city (log-normal, σ = 0.8), so
  cities specialise; the last two digits of ``industry_code`` are drawn from 11–39 and are
  **not** checked against the real GB/T classes;
- **how big**: employment log-normal, rounded up (median 5, heavy right tail), registered capital
  (万元) and output (万元; 10 % missing) rising with employment;
- **when**: 35 % of firms start in the 25 years before the first year, the rest enter over the
  years with entry growing 5 % a year; lifetimes exponential with a mean of 8 years × employment^0.3,
  so small firms exit sooner; firms still alive at the end of the last year have no end date.

Every record is flagged: ``firm_id`` starts with ``"SYN"``, the column ``synthetic`` is True and
``attrs["synthetic"]`` is True.

>>> firms = synthetic_firms(1000, range(2010, 2020), seed=1)
>>> bool(firms["synthetic"].all()), firms.attrs["synthetic"], firms["firm_id"].iloc[0]
(True, True, 'SYN000')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ftzlink.checks import check_integer
from ftzlink.resampling import rng_from
from ftzlink.resources import data_file

CORE_SHARE, CORE_SD, SPREAD_SD = 0.7, 0.05, 0.25
NO_POINT_SHARE = 0.03
INCUMBENT_SHARE, INCUMBENT_YEARS = 0.35, 25
ENTRY_GROWTH = 0.05
MEAN_LIFE_YEARS, LIFE_SIZE_ELASTICITY = 8.0, 0.3
OUTPUT_MISSING_SHARE = 0.10


def _zipf(n: int, exponent: float, rng: np.random.Generator) -> np.ndarray:
    """Shares ∝ 1/rank^exponent, ranks in a random order."""
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return rng.permutation(weights / weights.sum())


def _years(years) -> tuple[int, int]:
    from ftzlink.microdata.aggregate import check_years

    span = check_years(years)
    return span[0], span[-1]


def synthetic_firms(n_firms: int, years, seed=None) -> pd.DataFrame:
    """Synthetic firm records: skewed industries and sizes, entry and exit, clustered locations.

    See the module docstring for the distributions. Generated column by column with NumPy
    (a loop over the ~15 host cities only); 10 million firms take well under a minute.

    Parameters
    ----------
    n_firms : int
        Number of firms (rows).
    years : iterable of int
        The observation window; its first and last year bound entry and exit.
    seed : int, Generator or None
        Same seed → identical records.

    Returns
    -------
    pandas.DataFrame
        Columns ``firm_id``, ``start_date``, ``end_date``, ``industry_code``, ``gbt_edition``,
        ``adcode``, ``lon``, ``lat``, ``registered_capital``, ``employment``, ``output``,
        ``synthetic``; ``attrs["synthetic"] = True``.

    Examples
    --------
    >>> firms = synthetic_firms(2000, range(2015, 2020), seed=3)
    >>> firms.columns.tolist()[:5]
    ['firm_id', 'start_date', 'end_date', 'industry_code', 'gbt_edition']
    >>> bool((firms["end_date"].dropna() >= firms.loc[firms["end_date"].notna(), "start_date"]).all())
    True
    """
    n = check_integer(n_firms, "n_firms", minimum=1)
    first, last = _years(years)
    rng = rng_from(seed)
    cities = (pd.read_csv(data_file("zones.csv"), dtype={"adcode": str})
              .drop_duplicates("adcode")[["adcode", "lon", "lat"]].reset_index(drop=True))
    divisions = pd.read_csv(data_file("gbt4754_2017_divisions.csv"), dtype=str)["division"].to_numpy()
    n_city, n_div = len(cities), len(divisions)

    city = rng.choice(n_city, size=n, p=_zipf(n_city, 1.0, rng))
    shares = _zipf(n_div, 1.2, rng)[None, :] * rng.lognormal(0.0, 0.8, size=(n_city, n_div))
    shares /= shares.sum(axis=1, keepdims=True)
    division = np.empty(n, dtype=np.int64)
    for c in range(n_city):                      # per city, not per firm
        members = np.flatnonzero(city == c)
        division[members] = rng.choice(n_div, size=len(members), p=shares[c])
    suffix = rng.integers(11, 40, size=n)
    class_codes = pd.array([f"{d}{s}" for d in divisions for s in range(11, 40)], dtype="str")
    industry_code = class_codes.take(division * 29 + (suffix - 11))

    core = rng.random(n) < CORE_SHARE
    sd = np.where(core, CORE_SD, SPREAD_SD)
    lon = cities["lon"].to_numpy()[city] + rng.normal(0.0, 1.0, n) * sd
    lat = cities["lat"].to_numpy()[city] + rng.normal(0.0, 1.0, n) * sd
    no_point = rng.random(n) < NO_POINT_SHARE
    lon[no_point] = lat[no_point] = np.nan

    employment = np.ceil(rng.lognormal(1.5, 1.3, n))
    capital = np.round(np.exp(1.0 + 0.8 * np.log(employment) + rng.normal(0.0, 1.0, n)), 2)
    output = np.round(employment * np.exp(rng.normal(3.0, 0.7, n)), 1)
    output[rng.random(n) < OUTPUT_MISSING_SHARE] = np.nan

    day0 = np.datetime64(f"{first}-01-01", "D")
    window = (np.datetime64(f"{last + 1}-01-01", "D") - day0).astype(np.int64)
    incumbent = rng.random(n) < INCUMBENT_SHARE
    span_years = last - first + 1
    entry_weights = (1 + ENTRY_GROWTH) ** np.arange(span_years)
    entry_year = rng.choice(span_years, size=n, p=entry_weights / entry_weights.sum())
    entry_day = (np.array([f"{first + k}-01-01" for k in range(span_years + 1)], dtype="datetime64[D]")
                 - day0).astype(np.int64)
    start = np.where(incumbent,
                     -rng.integers(1, INCUMBENT_YEARS * 365, size=n),
                     entry_day[entry_year] + (rng.random(n) * np.diff(entry_day)[entry_year]).astype(np.int64))
    life = rng.exponential(MEAN_LIFE_YEARS * employment ** LIFE_SIZE_ELASTICITY * 365.25).astype(np.int64)
    end = start + np.maximum(life, 1)
    alive = end >= window
    start_date = (day0 + start).astype("datetime64[s]")
    end_date = (day0 + np.where(alive, 0, end)).astype("datetime64[s]")
    end_date[alive] = np.datetime64("NaT")

    width = len(str(n - 1))
    firm_id = "SYN" + pd.Series(np.arange(n)).astype("str").str.zfill(width)
    firms = pd.DataFrame({
        "firm_id": firm_id.array,
        "start_date": start_date,
        "end_date": end_date,
        "industry_code": industry_code,
        "gbt_edition": np.full(n, 2017, dtype=np.int16),
        "adcode": pd.array(cities["adcode"].to_numpy(), dtype="str").take(city),
        "lon": lon,
        "lat": lat,
        "registered_capital": capital,
        "employment": employment,
        "output": output,
        "synthetic": np.ones(n, dtype=bool),
    })
    firms.attrs["synthetic"] = True
    return firms
