"""Bootstrap confidence intervals for any index computed from a region × industry matrix.

For B bootstrap replicates X*_1 … X*_B of the data, the index θ = f(X) is recomputed on each,
and the percentile interval at level 1 − α is

    [q_{α/2}(θ*), q_{1−α/2}(θ*)],   se = sd(θ*)  (ddof = 1),

with q the empirical quantile (NumPy's default linear interpolation). Two resampling schemes:

- ``resample="industries"``: draw the industry columns with replacement (each region keeps its
  row). The uncertainty is that of *which* industries are observed — suited to positioning
  lists and to indices that treat industries as exchangeable items (Jaccard, cosine, …).
- ``resample="units"``: the data are a long table of micro units (firms, projects,
  establishments: one row per unit with its region, industry and value); units are drawn with
  replacement *within each region* (stratified bootstrap, each region keeps its number of
  units) and summed to the matrix. The uncertainty is sampling of the units behind the totals.

The replicates are summarised as they are computed and then dropped
(:class:`ftzlink.resampling.ReplicateSummary`): se by a streaming update, the interval from the
few smallest and largest replicate values of each statistic, which is exactly NumPy's quantile
of all of them. Memory therefore does not grow with the number of replicates beyond those
tails. The pairwise indices of :func:`ftzlink.similarity`, named by their method, are computed
on whole stacks of replicates at once.

Reference: Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*, ch. 13
(percentile interval) and §8.3 (stratified resampling).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import islice

import numpy as np
import pandas as pd

from ftzlink.checks import (
    check_choice,
    check_integer,
    check_matrix,
    check_number,
    preview,
)
from ftzlink.errors import FtzlinkError
from ftzlink.indices.structural_similarity import similarity
from ftzlink.pairs import stacked_names
from ftzlink.resampling import (
    BATCH_CELLS,
    NULL_CELLS_KEPT,
    ReplicateSummary,
    column_draws,
    rng_from,
    similarity_stack,
    upper_cells,
)
from ftzlink.scale import items_per_batch, map_batches
from ftzlink.stats.result import InferenceResult
from ftzlink.vocabulary import RESAMPLE_SCHEMES, SIMILARITY_METHODS


def _industry_replicates(mat: pd.DataFrame, draws: np.ndarray):
    """Yield matrices with the industry columns of each row of ``draws``; copies relabelled ``label#k``."""
    values, labels = mat.to_numpy(), mat.columns
    positions = np.broadcast_to(np.arange(draws.shape[1]), draws.shape)
    new_run = np.ones_like(draws, dtype=bool)
    new_run[:, 1:] = draws[:, 1:] != draws[:, :-1]
    copy = positions - np.maximum.accumulate(np.where(new_run, positions, 0), axis=1)   # 0 = first copy
    for draw, k in zip(draws, copy):
        cols = labels[draw].to_numpy(dtype=object)
        cols[k > 0] = [f"{lab}#{j + 1}" for lab, j in zip(cols[k > 0], k[k > 0])]
        yield pd.DataFrame(values[:, draw], index=mat.index, columns=pd.Index(cols, name=labels.name))


def _unit_table(data: pd.DataFrame, region: str, industry: str, value: str):
    """Validate a unit-level long table; return region codes, industry codes, values and labels."""
    if not isinstance(data, pd.DataFrame):
        raise FtzlinkError(f"data: resample='units' needs a long DataFrame of units, got {type(data).__name__}")
    missing = [c for c in (region, industry, value) if c not in data.columns]
    if missing:
        raise FtzlinkError(f"data: missing column(s) {preview(missing)}; found {preview(data.columns, 20)}")
    for col in (region, industry):
        if data[col].isna().any():
            raise FtzlinkError(f"data: missing {col} at row {data.index[data[col].isna().to_numpy()][0]!r}")
    values = pd.to_numeric(data[value], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        i = int(np.argmax(bad))
        raise FtzlinkError(f"data: {value} must be a finite non-negative number, got {data[value].iloc[i]!r} "
                           f"at row {data.index[i]!r}")
    r_codes, regions = pd.factorize(data[region], sort=True)
    i_codes, industries = pd.factorize(data[industry], sort=True)
    return r_codes, i_codes, values, pd.Index(regions, name=region), pd.Index(industries, name=industry)


def _unit_batches(r_codes, i_codes, values, regions, industries, n_boot, rng) -> Iterator[np.ndarray]:
    """Yield (replicates, regions, industries) stacks of matrices from units resampled within regions."""
    n_r, n_i = len(regions), len(industries)
    order = np.argsort(r_codes, kind="stable")
    r_sorted, i_sorted, v_sorted = r_codes[order], i_codes[order], values[order]
    sizes = np.bincount(r_sorted, minlength=n_r)
    starts = np.cumsum(sizes) - sizes
    batch = max(1, BATCH_CELLS // len(values))
    for first in range(0, n_boot, batch):
        size = min(batch, n_boot - first)
        picks = starts[r_sorted] + rng.integers(0, sizes[r_sorted], size=(size, len(values)))
        flat = (np.arange(size)[:, None] * n_r + r_sorted[None, :]) * n_i + i_sorted[picks]
        yield np.bincount(flat.ravel(), weights=v_sorted[picks].ravel(),
                          minlength=size * n_r * n_i).reshape(size, n_r, n_i)


def _values(result, template, b: int) -> np.ndarray:
    """The replicate's index values as an array aligned to the estimate's labels."""
    if isinstance(template, pd.DataFrame | pd.Series):
        if type(result) is not type(template):
            raise FtzlinkError(f"index_fn returned a {type(result).__name__} for replicate {b}, "
                               f"a {type(template).__name__} for the data")
        axes = ("index", "columns") if isinstance(template, pd.DataFrame) else ("index",)
        if all(getattr(result, axis).equals(getattr(template, axis)) for axis in axes):
            return result.to_numpy(dtype=float)
        for axis in axes:
            extra = getattr(result, axis).difference(getattr(template, axis))
            lost = getattr(template, axis).difference(getattr(result, axis))
            if len(extra) or len(lost):
                raise FtzlinkError(
                    f"index_fn: replicate {b} has {axis} labels different from the estimate "
                    f"(new: [{preview(extra)}], missing: [{preview(lost)}]); indices per industry "
                    f"cannot be bootstrapped by resampling industries"
                )
        result = result.reindex_like(template)
        return result.to_numpy(dtype=float)
    return np.asarray(result, dtype=float)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def _replicate_values(index_fn: Callable, estimate, chunk: list) -> np.ndarray:
    """``index_fn`` on each (number, replicate) of ``chunk``, as rows aligned to ``estimate``."""
    return np.stack([_values(index_fn(rep), estimate, b) for b, rep in chunk]).reshape(len(chunk), -1)


def _similarity_rows(method: str, offsets: np.ndarray, stack: np.ndarray) -> np.ndarray:
    """Cells ``offsets`` (i ≤ j) of the similarity of each matrix of a (b, r, i) stack, (b, cells)."""
    return similarity_stack(stack, method).reshape(len(stack), -1).take(offsets, axis=1)


def _similarity_draws(x: np.ndarray, method: str, offsets: np.ndarray, draws: np.ndarray) -> np.ndarray:
    """:func:`_similarity_rows` of ``x`` with the industry columns of each row of ``draws``."""
    return _similarity_rows(method, offsets, np.moveaxis(x[:, draws], 1, 0))


def _split(stacks: Iterable[np.ndarray], size: int) -> Iterator[np.ndarray]:
    """The stacks cut into pieces of at most ``size`` matrices."""
    for stack in stacks:
        for start in range(0, len(stack), size):
            yield stack[start:start + size]


def _method(index_fn) -> str | None:
    """The similarity method named by ``index_fn``, or None for a callable."""
    if isinstance(index_fn, str):
        return check_choice(index_fn, SIMILARITY_METHODS, "index_fn")
    if not callable(index_fn):
        raise FtzlinkError(f"index_fn: expected a callable or a similarity method "
                           f"({', '.join(SIMILARITY_METHODS)}), got {type(index_fn).__name__}")
    return None


def bootstrap_ci(data: pd.DataFrame, index_fn: Callable | str, *, resample: str = "industries",
                 n_boot: int = 999, level: float = 0.95, seed=None, region: str = "region",
                 industry: str = "industry", value: str = "value", client=None) -> InferenceResult:
    """Percentile bootstrap confidence intervals for ``index_fn(matrix)``.

    Parameters
    ----------
    data : DataFrame
        ``resample="industries"``: a region × industry matrix. ``resample="units"``: a long
        table of units with columns ``region``, ``industry``, ``value`` (several rows per
        region–industry pair allowed; they are summed).
    index_fn : callable or str
        A callable takes a region × industry DataFrame and returns a DataFrame (e.g. region ×
        region), a Series or a scalar. With industry resampling, columns repeated in a
        replicate carry labels ``"<label>#2"``, ``"<label>#3"``…, so ``index_fn`` must not look
        industries up by label (use ``resample="units"`` for such indices). A method of
        :func:`ftzlink.similarity` (``"cosine"``, ``"krugman"``, ``"finger_kreinin"``,
        ``"jaccard"``, ``"pearson"``) bootstraps that index on whole stacks of replicates at
        once (:func:`ftzlink.resampling.similarity_stack`), far faster for small matrices; the numbers equal
        those of ``lambda m: ftzlink.similarity(m, method)`` up to floating-point rounding.
    n_boot, level : int, float
        Number of replicates and confidence level of the percentile interval.
    seed : int, Generator or None
        Draws come from ``numpy.random.default_rng(seed)``; same seed → identical output.
    client : distributed.Client, optional
        Evaluate the index on batches of replicates on a Dask cluster
        (:func:`ftzlink.scale.map_batches`; a callable ``index_fn`` must be picklable). The
        replicates are drawn locally from ``seed``, so the result equals the local run's.

    Returns
    -------
    InferenceResult
        ``table``: one row per value of the index (a region × region result is stacked to one row per
        pair, index levels named after its axes), columns ``estimate`` (index on the data),
        ``se``, ``lower``, ``upper`` and ``n_valid``. Replicates where the index is NaN
        (e.g. a region left without any drawn industry) are excluded from se and the interval
        and counted out of ``n_valid`` — check it; exceptions from ``index_fn`` propagate.
        ``null``: the replicates (n_boot, rows) when they hold at most
        :data:`ftzlink.resampling.NULL_CELLS_KEPT` values, else None.

    Notes
    -----
    The replicates are not kept: they are summarised as they are computed
    (:class:`ftzlink.resampling.ReplicateSummary`), so memory does not grow with ``n_boot``
    beyond the tails of the distribution. ``se`` is the standard deviation (ddof = 1) by the
    streaming update of Chan et al. (equal to ``numpy.nanstd`` to rounding); ``lower`` and
    ``upper`` keep only the ⌈(n_boot − 1)·(1 − level)/2⌉ + 2 smallest and largest replicate
    values of each row and are exactly ``numpy.nanquantile`` of all replicates (linear
    interpolation), bit for bit. Working memory is about 8·(2·d + 4·b)·rows bytes, with
    d that tail depth (15 for 499 replicates at 95 %) and b = max(2·d, 2²² / rows) replicates
    per block; pairwise methods given by name use only the cells i ≤ j of the symmetric index
    (3,000 regions, 499 replicates: about 5 GiB, against 77 GiB to hold every replicate).

    Reference: Efron & Tibshirani (1993), *An Introduction to the Bootstrap*, ch. 13.

    Example
    -------
    >>> mat = pd.DataFrame({"x": [1.0, 0.0], "y": [3.0, 1.0]}, index=["a", "b"])
    >>> ci = bootstrap_ci(mat, lambda m: m.sum(axis=1), n_boot=200, level=0.9, seed=1).table
    >>> ci.loc["a", ["estimate", "lower", "upper"]].tolist()  # draws {x,x}, {x,y}, {y,y}
    [4.0, 2.0, 6.0]
    >>> lists = pd.DataFrame([[1, 1, 0], [0, 1, 1]], index=["a", "b"], columns=["i", "j", "k"])
    >>> bootstrap_ci(lists, "jaccard", n_boot=200, seed=1).table.loc[("a", "b"), "estimate"].round(6)
    np.float64(0.333333)
    """
    check_choice(resample, RESAMPLE_SCHEMES, "resample")
    method = _method(index_fn)
    n_boot = check_integer(n_boot, "n_boot", minimum=2)
    level = check_number(level, "level", 0, 1, open_low=True, open_high=True)
    rng = rng_from(seed)
    if resample == "industries":
        mat = check_matrix(data, "data")
        draws = column_draws(mat.shape[1], n_boot, rng)
    else:
        codes = _unit_table(data, region, industry, value)
        r_codes, i_codes, values, regions, industries = codes
        totals = np.bincount(r_codes * len(industries) + i_codes, weights=values,
                             minlength=len(regions) * len(industries))
        mat = pd.DataFrame(totals.reshape(len(regions), -1), index=regions, columns=industries)
        stacks = _unit_batches(*codes, n_boot, rng)
    estimate = similarity(mat, method) if method else index_fn(mat)
    observed = _values(estimate, estimate, -1).ravel()
    quantiles = ((1 - level) / 2, (1 + level) / 2)
    keep = n_boot * observed.size <= NULL_CELLS_KEPT
    if method:
        n_r, n_i = mat.shape
        offsets, mirror = upper_cells(n_r)
        per_batch = items_per_batch(n_boot, BATCH_CELLS // (n_r * (n_r + n_i)), client)
        if resample == "industries":
            x = mat.to_numpy(dtype=float)
            batches = map_batches(partial(_similarity_draws, x, method, offsets),
                                  (draws[s:s + per_batch] for s in range(0, n_boot, per_batch)), client)
        else:
            batches = map_batches(partial(_similarity_rows, method, offsets), _split(stacks, per_batch), client)
    else:
        mirror = None
        if resample == "industries":
            replicates = _industry_replicates(mat, draws)
        else:
            replicates = (pd.DataFrame(m, index=mat.index, columns=mat.columns) for stack in stacks for m in stack)
        per_batch = items_per_batch(n_boot, BATCH_CELLS // max(mat.size, 1), client)
        batches = map_batches(partial(_replicate_values, index_fn, estimate),
                              _chunks(enumerate(replicates), per_batch), client)
    cells = observed.size if mirror is None else len(offsets)
    summary = ReplicateSummary(cells, n_boot, quantiles=quantiles, keep_null=keep)
    for batch in batches:
        summary.update(batch)
    summary.finish()
    stats = {"estimate": observed, "se": summary.sd(ddof=1), "lower": summary.quantile(quantiles[0]),
             "upper": summary.quantile(quantiles[1]), "n_valid": summary.n_valid}
    null = summary.null
    if mirror is not None:
        stats = {k: v if k == "estimate" else v[mirror] for k, v in stats.items()}
        null = None if null is None else null[:, mirror]
    if isinstance(estimate, pd.DataFrame):
        index = pd.MultiIndex.from_product([estimate.index, estimate.columns], names=stacked_names(estimate))
    elif isinstance(estimate, pd.Series):
        index = estimate.index
    else:
        index = pd.Index(["value"], name="statistic")
    return InferenceResult(table=pd.DataFrame(stats, index=index), null=null)
