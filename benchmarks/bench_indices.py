"""Benchmark ftzlink's index kernels against their references.

Run from the repository root:

    .venv/bin/python benchmarks/bench_indices.py                 # print the results
    .venv/bin/python benchmarks/bench_indices.py --output benchmarks/RESULTS.md

1. Complexity: a synthetic panel of 250 regions × 1,200 industries × 3 years. ftzlink's
   ``complexity`` + ``proximity`` + ``density`` for every year (including the long → matrix
   pivot) against the Growth Lab's py-ecomplexity ``ecomplexity`` + ``proximity`` on the same long
   table (log-supermodularity check off, since ftzlink does not compute it). Target: ≥ 10× faster,
   with ECI, PCI, density and proximity equal within 1e-6.
2. Similarity: pairwise cosine similarity of 2,000 regions × 500 industries against one matrix
   product of the same shape, (2,000 × 500) @ (500 × 2,000). Target: within 2× of the product.

Timings are medians of repeated runs (wall clock, ``time.perf_counter``). The synthetic data are
generated here and never written to disk. py-ecomplexity is a benchmark/test dependency only.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import os
import platform
import statistics
import sys
import time
import warnings

import numpy as np
import pandas as pd
import scipy
from _measure import cpu_name, publish  # benchmarks/_measure.py
from ecomplexity import ecomplexity
from ecomplexity import proximity as ec_proximity

import ftzlink
from ftzlink import to_matrix
from ftzlink.indices import complexity, density, proximity, similarity

COLS = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}


def synthetic_panel(n_regions: int, n_industries: int, years: list[int], seed: int = 2024) -> pd.DataFrame:
    """Long table (year, loc, prod, val) with a nested structure: capable regions make complex industries."""
    rng = np.random.default_rng(seed)
    capability = rng.normal(size=n_regions)
    sophistication = rng.normal(size=n_industries)
    loc = np.repeat([f"r{i:04d}" for i in range(n_regions)], n_industries)
    prod = np.tile([f"i{j:04d}" for j in range(n_industries)], n_regions)
    frames = []
    for year in years:
        gap = np.maximum(sophistication[None, :] - capability[:, None], 0)
        value = np.exp(capability[:, None] - 1.5 * gap + rng.normal(size=(n_regions, n_industries)))
        frames.append(pd.DataFrame({"year": year, "loc": loc, "prod": prod, "val": value.ravel()}))
    return pd.concat(frames, ignore_index=True)


def timed(fn, repeats: int):
    """Run ``fn`` ``repeats`` times; return (median seconds, all timings, last result)."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, result


def run_ftzlink(long: pd.DataFrame) -> dict:
    out = {}
    for year, part in long.groupby("year", sort=True):
        mat = to_matrix(part, region="loc", industry="prod", value="val")
        eci, pci = complexity(mat)
        phi = proximity(mat)
        out[year] = (eci, pci, phi, density(mat, phi, include_self=True))
    return out


def run_ecomplexity(long: pd.DataFrame):
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return (
            ecomplexity(long, COLS, check_logsupermodularity=False, verbose=False),
            ec_proximity(long, COLS),
        )


def max_differences(ours: dict, ref) -> dict:
    table, prox = ref
    worst = dict.fromkeys(("eci", "pci", "density", "proximity"), 0.0)
    for year, (eci, pci, phi, omega) in ours.items():
        t = table[table.year == year]
        p = prox[prox.year == year].pivot(index="prod_1", columns="prod_2", values="proximity")
        pairs = {
            "eci": (eci, t.groupby("loc")["eci"].first().reindex(eci.index)),
            "pci": (pci, t.groupby("prod")["pci"].first().reindex(pci.index)),
            "density": (omega, t.pivot(index="loc", columns="prod", values="density").reindex_like(omega)),
            "proximity": (phi, p.reindex_like(phi)),
        }
        for key, (a, b) in pairs.items():
            worst[key] = max(worst[key], float(np.nanmax(np.abs(a.to_numpy() - b.to_numpy()))))
    return worst


def bench_complexity(repeats_ref: int, repeats_ours: int) -> dict:
    long = synthetic_panel(250, 1200, [2019, 2020, 2021])
    ref_median, ref_times, ref = timed(lambda: run_ecomplexity(long), repeats_ref)
    our_median, our_times, ours = timed(lambda: run_ftzlink(long), repeats_ours)
    return {
        "ref": ref_median, "ref_times": ref_times, "ours": our_median, "our_times": our_times,
        "speedup": ref_median / our_median, "diff": max_differences(ours, ref),
    }


def bench_cosine(repeats: int) -> dict:
    rng = np.random.default_rng(7)
    x = rng.lognormal(size=(2000, 500))
    x[rng.random(x.shape) < 0.3] = 0.0
    y = x.copy()
    mat = pd.DataFrame(x, index=[f"r{i:04d}" for i in range(2000)], columns=[f"i{j:03d}" for j in range(500)])
    gemm, _, _ = timed(lambda: x @ y.T, repeats)  # general matrix product (GEMM)
    syrk, _, _ = timed(lambda: x @ x.T, repeats)  # NumPy uses a symmetric rank-k update (half the flops)
    ours, _, cos = timed(lambda: similarity(mat, "cosine"), repeats)
    unit = x / np.linalg.norm(x, axis=1, keepdims=True)
    diff = float(np.abs(cos.to_numpy() - unit @ unit.T).max())
    return {"gemm": gemm, "syrk": syrk, "ours": ours, "ratio_gemm": ours / gemm, "ratio_syrk": ours / syrk, "diff": diff}


def machine() -> str:
    cpu = cpu_name()
    blas = np.show_config(mode="dicts").get("Build Dependencies", {}).get("blas", {})
    threads = os.environ.get("OMP_NUM_THREADS") or os.environ.get("OPENBLAS_NUM_THREADS") or "library default"
    return (
        f"{cpu}; {os.cpu_count()} logical CPUs (shared with other jobs); {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, NumPy {np.__version__} ({blas.get('name', '?')} {blas.get('version', '')}, "
        f"threads: {threads}), SciPy {scipy.__version__}, pandas {pd.__version__}, ftzlink {ftzlink.__version__}"
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def runs(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


def report(cx: dict, cos: dict) -> str:
    d = cx["diff"]
    return "\n".join([
        "# Benchmark results — `benchmarks/bench_indices.py`",
        "",
        f"- Date: {datetime.date.today().isoformat()}",
        f"- Machine: {machine()}",
        f"- Command: `.venv/bin/python benchmarks/bench_indices.py {' '.join(sys.argv[1:])}`",
        "- Timings: medians of repeated wall-clock runs.",
        "",
        "## Complexity + proximity + density, 250 regions × 1,200 industries × 3 years",
        "",
        "| implementation | median | runs (s) |",
        "|---|---|---|",
        f"| py-ecomplexity `ecomplexity` + `proximity` | {cx['ref']:.2f} s | {runs(cx['ref_times'])} |",
        f"| ftzlink `to_matrix` + `complexity` + `proximity` + `density` | {cx['ours']:.2f} s | {runs(cx['our_times'])} |",
        "",
        f"Speed-up: **{cx['speedup']:.0f}×** (target ≥ 10×). Largest absolute differences over the three years: "
        f"ECI {d['eci']:.1e}, PCI {d['pci']:.1e}, density {d['density']:.1e}, proximity {d['proximity']:.1e} "
        "(target ≤ 1e-6).",
        "",
        "py-ecomplexity also computes COI/COG, which cannot be switched off; its log-supermodularity check "
        "was switched off (`check_logsupermodularity=False`). ftzlink's time includes pivoting each year's "
        "long table to a matrix.",
        "",
        "## Pairwise cosine similarity, 2,000 regions × 500 industries",
        "",
        "| operation | median |",
        "|---|---|",
        f"| one matrix product X @ Y.T, (2,000 × 500) @ (500 × 2,000) (GEMM) | {ms(cos['gemm'])} |",
        f"| X @ X.T (NumPy's symmetric rank-k update, half the flops) | {ms(cos['syrk'])} |",
        f"| ftzlink `similarity(mat, \"cosine\")` (validation + labelled output included) | {ms(cos['ours'])} |",
        "",
        f"Ratio to one matrix product: **{cos['ratio_gemm']:.2f}×** (target ≤ 2×); to X @ X.T: "
        f"{cos['ratio_syrk']:.2f}×. Largest difference from the direct formula: {cos['diff']:.1e}.",
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", help="append the markdown section to this file (e.g. benchmarks/RESULTS.md)")
    parser.add_argument("--repeats", type=int, default=5, help="runs of py-ecomplexity (ftzlink: 3× as many)")
    args = parser.parse_args()
    cx = bench_complexity(args.repeats, 3 * args.repeats)
    cos = bench_cosine(9)
    text = report(cx, cos)
    publish(text, args.output)


if __name__ == "__main__":
    main()
