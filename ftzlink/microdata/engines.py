"""The Dask engine: the same per-partition pandas functions, mapped over a Dask DataFrame.

Everything row-wise (checks, zone assignment by code table or polygons, industry roll-up,
counting) is a pandas function of one partition, applied with ``map_partitions``; the pandas
engine applies the very same functions to the whole table. Only two steps are Dask-specific:
reading (``read_parquet`` / ``read_csv``) and the duplicate-id check, which hashes the ids of
each partition, shuffles the 8-byte hashes into buckets by value (so equal ids meet in one
bucket), then re-reads only the rows whose hash repeats to name them.

Polygon zones are joined inside each partition's task with geopandas (what
``dask_geopandas.sjoin`` does for every pair of partitions, as the zone polygons are one small
partition). Joining in a separate dask-geopandas branch and pairing its output back with the
firm rows made Dask hold firm partitions while waiting for the join: with workers at their
memory limit the run stalled (measured by ``benchmarks/bench_microdata.py``). In one task the
join streams, partition by partition.

Dask is imported only here and only when used (:func:`ftzlink.scale.optional_import`).

>>> is_dask(pd.DataFrame())
False
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ftzlink.errors import FtzlinkError
from ftzlink.microdata import schema, zones
from ftzlink.scale import optional_import

PARTITION_ROWS = 1_000_000     # rows per partition when a pandas frame is handed to the Dask engine


def is_dask(obj) -> bool:
    """True for a Dask (or dask-geopandas) DataFrame, without importing Dask."""
    return type(obj).__module__.split(".")[0] in ("dask", "dask_expr", "dask_geopandas") and hasattr(obj, "npartitions")


def dask_dataframe():
    """``dask.dataframe``, or FtzlinkError saying ``pip install ftzlink[scale]``."""
    return optional_import("dask.dataframe")


def to_dask(firms, columns: list[str] | None = None):
    """A Dask DataFrame from a Dask frame, a pandas frame (1 M rows a partition) or a path."""
    dd = dask_dataframe()
    if is_dask(firms):
        return firms if columns is None else firms[[c for c in columns if c in firms.columns]]
    if isinstance(firms, pd.DataFrame):
        if columns is not None:
            firms = firms[[c for c in columns if c in firms.columns]]
        return dd.from_pandas(firms, npartitions=max(1, math.ceil(len(firms) / PARTITION_ROWS)), sort=False)
    from ftzlink.microdata.io import read_firms

    return read_firms(firms, engine="dask", columns=columns)


def compute(*collections, client=None):
    """Compute Dask collections together (shared inputs read once), on ``client`` if given."""
    if client is not None:
        return tuple(client.gather(client.compute(list(collections))))
    dask = optional_import("dask")
    return dask.compute(*collections)


def prepare(ddf, rules: schema.Rules):
    """:func:`ftzlink.microdata.schema.prepare` on every partition (after the table-level checks)."""
    schema.check_schema(list(ddf.columns), ddf.dtypes)
    return ddf.map_partitions(schema.prepare, rules, meta=schema.prepare(ddf._meta, rules))


def regions(prepared, spec: zones.ZoneSpec):
    """Zone assignment on Dask: the in-memory function on every partition (code table or polygons)."""
    meta = zones.with_regions(prepared._meta, None if spec.table is None and spec.polygons is None
                              else (np.full(0, -1), np.array([], dtype=object)), spec.fallback)
    return prepared.map_partitions(zones.regions_in_memory, spec, meta=meta)


def _id_hashes(ids: pd.Series) -> pd.Series:
    """64-bit hash of every firm id (pandas' hash: equal ids, equal hashes; equal hashes are confirmed)."""
    return pd.util.hash_pandas_object(ids, index=False, categorize=False).rename("hash")   # ids are unique


def _repeated(hashes: pd.DataFrame) -> pd.Series:
    """Hash values that occur more than once in one bucket of the shuffled id hashes."""
    values = np.sort(hashes["hash"].to_numpy(dtype=np.uint64))
    return pd.Series(np.unique(values[1:][values[1:] == values[:-1]]), dtype="uint64", name="hash")


def duplicate_hashes(prepared):
    """Dask Series of repeated id hashes (empty when the ids are unique).

    The 8-byte hashes are shuffled by value into about a quarter as many buckets as there are
    partitions (Dask's task shuffle), so equal ids meet in one bucket and no task holds more than
    a bucket: the check scales with the cluster, not with one worker's memory.
    """
    hashes = prepared["firm_id"].map_partitions(_id_hashes, meta=("hash", "uint64")).to_frame()
    buckets = max(1, prepared.npartitions // 4)
    shuffled = hashes.shuffle(on="hash", npartitions=buckets, shuffle_method="tasks", ignore_index=True)
    return shuffled.map_partitions(_repeated, meta=("hash", "uint64"))


def _with_hash_in(df: pd.DataFrame, hashes: np.ndarray) -> pd.DataFrame:
    return df.loc[np.isin(_id_hashes(df["firm_id"]).to_numpy(), hashes), ["firm_id"]]


def raise_duplicates(prepared, repeated, client=None) -> None:
    """Name the duplicate ids behind repeated hashes (a second, filtered pass; hash collisions pass)."""
    if len(repeated) == 0:
        return
    repeated = np.asarray(repeated, dtype=np.uint64)
    rows = prepared[["firm_id"]].map_partitions(_with_hash_in, repeated, meta=prepared[["firm_id"]]._meta)
    (found,) = compute(rows, client=client)
    schema.duplicate_ids(found)


def check(prepared, check_ids: bool, client=None, *extra):
    """Compute the row examples (and the id hashes) together with ``extra`` collections; raise on problems.

    Returns the computed ``extra`` collections.
    """
    found = prepared.map_partitions(schema.examples, meta=schema.examples(prepared._meta))
    dup = duplicate_hashes(prepared) if check_ids else None
    results = compute(found, *extra, *([dup] if check_ids else []), client=client)
    schema.raise_problems(results[0])
    if check_ids:
        raise_duplicates(prepared, results[-1], client)
        return results[1:-1]
    return results[1:]


def validate_dask(firms, rules: schema.Rules, *, check_ids: bool = True, client=None):
    """:func:`ftzlink.microdata.validate_firms` for a Dask frame: checks computed, result lazy."""
    prepared = prepare(firms, rules)
    check(prepared, check_ids, client)
    return prepared.drop(columns="_problems")


def assign_dask(firms, rules: schema.Rules, spec: zones.ZoneSpec, *, client=None):
    """:func:`ftzlink.microdata.assign_zones` for a Dask frame: checks computed, result lazy."""
    assigned = regions(prepare(firms, rules), spec)
    check(assigned, True, client)
    return assigned.drop(columns="_problems")


def not_dask_error(engine: str) -> FtzlinkError:
    return FtzlinkError(f"firms is a Dask DataFrame but engine={engine!r}; pass engine='dask' "
                        f"(or .compute() it first if it fits in memory)")
