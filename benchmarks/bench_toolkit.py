"""Benchmark one representative function of each toolkit family (issue 16) at 3,000 regions × 1,000 industries.

Run from the repository root:

    .venv/bin/python benchmarks/bench_toolkit.py                                  # print the table
    .venv/bin/python benchmarks/bench_toolkit.py --append benchmarks/RESULTS.md   # and append it

Families and sizes (panel functions take 10 years, i.e. a long table of 30 million rows):

- complexity family: ``cog`` (ECI/PCI eigenvector, proximity, density, outlook gain), 3,000 × 1,000;
- panel dynamics: ``entry_list`` (LQ presence per year, entries in 9 consecutive periods);
- inequality: ``gini_coefficient`` of every industry across the 3,000 regions (one sort per column);
- shift-share: ``dynamic_shift_share`` (classic, 9 yearly splits summed);
- trade: ``grubel_lloyd`` of 3,000 regions × 1,000 products (exports and imports).

The data are synthetic, generated here from a fixed seed and never written to disk: a nested
structure (capable regions produce sophisticated industries) with log-normal noise, 30 % zero
cells, and values that drift from year to year. Region and industry labels of the long table are
categorical, as a large panel would be stored.

Timings are medians of repeated wall-clock runs (``time.perf_counter``) with tracing off. Peak
memory is measured in a separate run with ``tracemalloc`` (which NumPy and pandas report their
buffers to): the largest amount allocated during the call on top of what existed before it (the
inputs), so it is the function's own working memory.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import platform
import statistics
import time

import numpy as np
import pandas as pd
import scipy
from _measure import cpu_name, peak_bytes, publish  # benchmarks/_measure.py

import ftzlink
from ftzlink.indices import cog, dynamic_shift_share, entry_list, gini_coefficient, grubel_lloyd

N_REGIONS, N_INDUSTRIES, N_YEARS = 3000, 1000, 10
SEED = 20161


def synthetic_matrices(seed: int = SEED) -> list[np.ndarray]:
    """Ten region × industry years: nested structure, log-normal noise, 30 % zeros, yearly drift."""
    rng = np.random.default_rng(seed)
    capability = rng.normal(size=N_REGIONS)
    sophistication = rng.normal(size=N_INDUSTRIES)
    gap = np.maximum(sophistication[None, :] - capability[:, None], 0)
    base = np.exp(capability[:, None] - 1.5 * gap + rng.normal(size=(N_REGIONS, N_INDUSTRIES)))
    base[rng.random(base.shape) < 0.3] = 0.0
    years, current = [], base
    for _ in range(N_YEARS):
        years.append(current)
        current = current * np.exp(rng.normal(0.03, 0.1, size=current.shape))
    return years


def long_table(years: list[np.ndarray]) -> pd.DataFrame:
    """The ten matrices as one long table (region, industry, year, value) with categorical labels."""
    regions = pd.Index([f"r{i:04d}" for i in range(N_REGIONS)])
    industries = pd.Index([f"i{j:04d}" for j in range(N_INDUSTRIES)])
    cells = N_REGIONS * N_INDUSTRIES
    region_codes = np.tile(np.repeat(np.arange(N_REGIONS, dtype=np.int16), N_INDUSTRIES), N_YEARS)
    industry_codes = np.tile(np.arange(N_INDUSTRIES, dtype=np.int16), N_REGIONS * N_YEARS)
    return pd.DataFrame({
        "region": pd.Categorical.from_codes(region_codes, categories=regions),
        "industry": pd.Categorical.from_codes(industry_codes, categories=industries),
        "year": np.repeat(np.arange(2011, 2011 + N_YEARS, dtype=np.int64), cells),
        "value": np.concatenate([y.ravel() for y in years]),
    })


def timed(fn, repeats: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times




def threads() -> str:
    env = {k: os.environ[k] for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS") if k in os.environ}
    detail = ""
    with contextlib.suppress(ImportError):
        from threadpoolctl import threadpool_info

        pools = {f"{p.get('internal_api')} {p.get('num_threads')}" for p in threadpool_info()}
        detail = ", ".join(sorted(pools))
    settings = ", ".join(f"{k}={v}" for k, v in env.items()) or "no thread variables set"
    return f"{settings}; thread pools: {detail or 'unknown'}"


def machine() -> str:
    cpu = cpu_name()
    return (f"{cpu}; {os.cpu_count()} logical CPUs (shared with other jobs); {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, NumPy {np.__version__}, SciPy {scipy.__version__}, "
            f"pandas {pd.__version__}, ftzlink {ftzlink.__version__}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--append", help="append the markdown section to this file (one write, at the end)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per function (median reported)")
    args = parser.parse_args()

    start = time.perf_counter()
    years = synthetic_matrices()
    regions = [f"r{i:04d}" for i in range(N_REGIONS)]
    industries = [f"i{j:04d}" for j in range(N_INDUSTRIES)]
    mat = pd.DataFrame(years[0], index=regions, columns=industries)
    imports = pd.DataFrame(years[1][::-1], index=regions, columns=industries)  # another synthetic year, flipped
    panel = long_table(years)
    setup = time.perf_counter() - start

    size2 = f"{N_REGIONS:,} × {N_INDUSTRIES:,}"
    size3 = f"{size2} × {N_YEARS} years ({len(panel) / 1e6:.0f} M rows)"
    cases = [
        ("complexity family", "cog(mat)", size2, lambda: cog(mat)),
        ("panel dynamics", "entry_list(panel)", size3, lambda: entry_list(panel)),
        ("inequality", "gini_coefficient(mat)", f"{size2} (one Gini per column)", lambda: gini_coefficient(mat)),
        ("shift-share", "dynamic_shift_share(panel)", size3, lambda: dynamic_shift_share(panel)),
        ("trade", "grubel_lloyd(exports, imports)", size2, lambda: grubel_lloyd(mat, imports)),
    ]
    rows = []
    for family, call, size, fn in cases:
        fn()  # warm-up (imports, caches)
        median, runs = timed(fn, args.repeats)
        peak = peak_bytes(fn)
        rows.append((family, call, size, median, runs, peak))
        print(f"{family}: {median:.2f} s, peak {peak / 2**20:.0f} MiB", flush=True)

    lines = [
        "",
        "## Toolkit families (issue 16)",
        "",
        f"- Date: {datetime.date.today().isoformat()}",
        f"- Machine: {machine()}",
        f"- Threads: {threads()}",
        f"- Command: `.venv/bin/python benchmarks/bench_toolkit.py --repeats {args.repeats}"
        f"{' --append ' + args.append if args.append else ''}`",
        f"- Data: synthetic (seed {SEED}, generated by the script in {setup:.1f} s, never written to disk): "
        "nested capability structure, log-normal noise, 30 % zero cells, yearly drift; long-table labels "
        "categorical.",
        "- Median of the timed runs (wall clock, tracing off); peak memory = largest allocation during one "
        "further call on top of its inputs (`tracemalloc`, which NumPy and pandas report to).",
        "",
        "| family | function | size | median time | runs (s) | peak memory |",
        "|---|---|---|---|---|---|",
    ]
    for family, call, size, median, runs, peak in rows:
        lines.append(f"| {family} | `{call}` | {size} | {median:.2f} s | {', '.join(f'{t:.2f}' for t in runs)} "
                     f"| {peak / 2**20:,.0f} MiB |")
    text = "\n".join(lines) + "\n"
    publish(text, args.append)


if __name__ == "__main__":
    main()
