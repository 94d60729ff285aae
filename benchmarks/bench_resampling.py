"""Benchmark the resampling inference of ftzlink (issue 19, item 4) against plain NumPy baselines.

Run from the repository root:

    .venv/bin/python benchmarks/bench_resampling.py                                          # print
    .venv/bin/python benchmarks/bench_resampling.py --output benchmarks/RESULTS_resampling.md

Cases (synthetic data from fixed seeds, generated here, never written to disk):

- ``bootstrap_ci`` of pairwise similarity with 499 replicates: the vectorised path (method given
  by name, e.g. ``"cosine"``), the callable path (``lambda m: ftzlink.similarity(m, "cosine")``)
  and a plain NumPy baseline that stacks all replicates and calls ``np.quantile`` /
  ``np.std`` on them, at the report's size (15 zones × 56 industries) and at 500 × 200;
- ``permutation_pvalues`` (row shuffles, 999 permutations), vectorised and callable, against a
  plain NumPy baseline holding every permuted index;
- ``qap_correlation`` and ``mantel`` at 300 zones × 9,999 permutations and ``mrqap`` (double
  semi-partialling, 2 predictors) at 300 zones × 999 permutations, against the same pipeline
  gathering the permuted cells with two index arrays (``a[perm[:, rows], perm[:, cols]]``, the
  previous implementation); the nulls are checked to be identical, bit for bit;
- ``morans_i`` against ``esda.Moran`` on sparse k-nearest-neighbour weights
  (``libpysal.weights.KNN``, k = 8) of 2,000 random points, 999 permutations;
- the bootstrap of cosine similarity of 3,000 regions × 200 industries with 499 replicates
  (all 9 million pairs), and 1,000 × 200 with 199 and 999 replicates, each in a fresh
  subprocess whose peak resident memory is recorded (``VmHWM``; ``ru_maxrss`` would include
  the benchmark process's own peak, which a child inherits through fork and exec on Linux).

Timings: the variants of a case run interleaved (A, B, C, A, B, C, …), ``--repeats`` rounds,
median wall time (``time.perf_counter``) reported with every run. Peak memory of in-process
cases: one further run under ``tracemalloc`` (NumPy and pandas report their buffers to it),
the largest allocation on top of the inputs. The machine may be shared with other jobs: the
1-minute load average is recorded before and after, and ratios are the numbers to read.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import warnings

import numpy as np
import pandas as pd
import scipy
from _measure import cpu_name, peak_bytes, publish  # benchmarks/_measure.py

import ftzlink
from ftzlink import similarity
from ftzlink.pairs import align_pairs, pair_cells
from ftzlink.resampling import permutation_batches, shared_seed
from ftzlink.stats import bootstrap_ci, mantel, morans_i, mrqap, permutation_pvalues, qap_correlation
from ftzlink.stats.mrqap_regression import _dsp_null, _full
from ftzlink.stats.qap import _standardised

SEED = 20240419
LEVEL = 0.95
SHORT_ROUNDS = 21          # interleaved rounds for cases of a few milliseconds (noise)


# ----------------------------------------------------------------------------- synthetic data

def measure_matrix(regions: int, industries: int, seed: int = SEED) -> pd.DataFrame:
    """Log-normal activity with 30 % zero cells (no all-zero region)."""
    rng = np.random.default_rng(seed)
    x = rng.lognormal(size=(regions, industries))
    x[rng.random(x.shape) < 0.3] = 0.0
    x[np.arange(regions), rng.integers(0, industries, regions)] += 1.0
    return pd.DataFrame(x, index=pd.Index([f"r{i:04d}" for i in range(regions)], name="region"),
                        columns=[f"i{j:03d}" for j in range(industries)])


def positioning_lists(regions: int = 15, industries: int = 56, seed: int = SEED) -> pd.DataFrame:
    """0/1 lists like the report's positioning matrix (about 30 % of industries per zone)."""
    rng = np.random.default_rng(seed)
    x = (rng.random((regions, industries)) < 0.3).astype(float)
    return pd.DataFrame(x, index=pd.Index([f"z{i:02d}" for i in range(regions)], name="zone"),
                        columns=[f"i{j:02d}" for j in range(industries)])


def pair_matrix(n: int, seed: int, symmetric: bool) -> pd.DataFrame:
    values = np.random.default_rng(seed).lognormal(size=(n, n))
    if symmetric:
        values = values + values.T
    labels = [f"z{i:03d}" for i in range(n)]
    return pd.DataFrame(values, index=labels, columns=labels)


# ------------------------------------------------------------------------- NumPy baselines

def _cosine_stack(stack: np.ndarray) -> np.ndarray:
    unit = stack / np.linalg.norm(stack, axis=2, keepdims=True)
    return unit @ unit.transpose(0, 2, 1)


def _jaccard_stack(stack: np.ndarray) -> np.ndarray:
    present = (stack > 0).astype(np.float32)
    shared = (present @ present.transpose(0, 2, 1)).astype(float)
    size = present.sum(axis=2, dtype=float)
    return shared / (size[:, :, None] + size[:, None, :] - shared)


STACKS = {"cosine": _cosine_stack, "jaccard": _jaccard_stack}


def baseline_bootstrap(x: np.ndarray, method: str, n_boot: int, seed: int) -> dict[str, np.ndarray]:
    """Plain NumPy: the same column draws as ftzlink, every replicate stacked, np.quantile / np.std."""
    rng = np.random.default_rng(seed)
    draws = np.sort(rng.integers(0, x.shape[1], size=(n_boot, x.shape[1])), axis=1)
    reps = STACKS[method](np.moveaxis(x[:, draws], 1, 0))
    lower, upper = np.quantile(reps, [(1 - LEVEL) / 2, (1 + LEVEL) / 2], axis=0)
    return {"lower": lower.ravel(), "upper": upper.ravel(), "se": reps.std(axis=0, ddof=1).ravel()}


def baseline_permutation(x: np.ndarray, method: str, n_permutations: int, seed: int) -> dict[str, np.ndarray]:
    """Plain NumPy: every row shuffled (the same shuffles as ftzlink), every permuted index kept."""
    rng = np.random.default_rng(seed)
    observed = STACKS[method](x[None])[0]
    null = STACKS[method](rng.permuted(np.broadcast_to(x, (n_permutations, *x.shape)), axis=2))
    tol = 1e-10 * np.maximum(1.0, np.abs(observed))
    count = (null >= observed - tol).sum(axis=0)
    return {"p_value": ((count + 1) / (n_permutations + 1)).ravel(), "null_mean": null.mean(axis=0).ravel()}


def two_index_correlation_null(a: pd.DataFrame, b: pd.DataFrame, cells: str, n_permutations: int,
                               seed: int) -> np.ndarray:
    """The QAP / Mantel null of ftzlink, with the permuted cells gathered by two index arrays."""
    _, arrays = align_pairs({"a": a, "b": b}, min_size=3)
    n = len(a)
    rows, cols = pair_cells(n, cells)
    za = _standardised(arrays["a"], rows, cols, "pearson", "a", cells == "upper")
    zb = _standardised(arrays["b"], rows, cols, "pearson", "b", cells == "upper")[rows, cols]
    m = len(rows)
    return np.concatenate([za[perm[:, rows], perm[:, cols]] @ zb / m
                           for perm in permutation_batches(n, n_permutations, seed, m)])


def c_order_correlation_null(a: pd.DataFrame, b: pd.DataFrame, cells: str, n_permutations: int,
                             seed: int) -> np.ndarray:
    """The QAP null with a flat gather laid out row by row (C order): not used by ftzlink, whose
    gather keeps the two-index gather's column-by-column layout so that ``cells @ zb`` gives the
    same floats to the last bit."""
    _, arrays = align_pairs({"a": a, "b": b}, min_size=3)
    n = len(a)
    rows, cols = pair_cells(n, cells)
    za = _standardised(arrays["a"], rows, cols, "pearson", "a", cells == "upper")
    zb = _standardised(arrays["b"], rows, cols, "pearson", "b", cells == "upper")[rows, cols]
    m, offsets = len(rows), rows * n + cols
    out = []
    for perm in permutation_batches(n, n_permutations, seed, m):
        full = (perm[:, :, None] * n + perm[:, None, :]).reshape(len(perm), n * n)
        out.append(za.ravel().take(full.take(offsets, axis=1)) @ zb / m)
    return np.concatenate(out)


def two_index_dsp_null(y, X, rows, cols, n, n_permutations, seed) -> np.ndarray:
    """The double semi-partialling null as before: one pass per predictor, two-index gathers."""
    m, k = X.shape
    seed = shared_seed(seed)
    nulls = []
    for j in range(1, k):
        q, _ = np.linalg.qr(np.delete(X, j, axis=1))
        resid = X[:, j] - q @ (q.T @ X[:, j])
        y_t = y - q @ (q.T @ y)
        E = _full(resid, n, rows, cols)
        out = []
        for perm in permutation_batches(n, n_permutations, seed, m):
            ep = E[perm[:, rows], perm[:, cols]]
            e_t = ep - (ep @ q) @ q.T
            ee, ey = (e_t * e_t).sum(axis=1), e_t @ y_t
            coef = ey / ee
            rss = y_t @ y_t - coef * ey
            out.append(coef / np.sqrt(rss / (m - k) / ee))
        nulls.append(np.concatenate(out))
    return np.column_stack(nulls)


def mrqap_design(y: pd.DataFrame, x: dict[str, pd.DataFrame]):
    _, arrays = align_pairs({"y": y, **x}, min_size=3)
    n = len(y)
    rows, cols = pair_cells(n, "offdiag")
    yv = arrays.pop("y")[rows, cols]
    X = np.column_stack([np.ones(len(rows))] + [a[rows, cols] for a in arrays.values()])
    return yv, X, rows, cols, n


# ------------------------------------------------------------------------------ measurement



def interleaved(variants: dict, repeats: int, warm_up: bool = True) -> dict[str, list[float]]:
    """Wall times of each variant over ``repeats`` rounds, the variants run in turn within a round."""
    if warm_up:
        for fn in variants.values():
            fn()                                               # imports, caches, first page faults
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repeats):
        for name, fn in variants.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return times


def fmt_time(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def fmt_bytes(n: float) -> str:
    return f"{n / 2**20:,.1f} MiB" if n < 2**30 else f"{n / 2**30:,.2f} GiB"


def run_case(title: str, size: str, variants: dict, repeats: int, reference: str, check=None,
             memory: bool = True, warm_up: bool = True) -> list[str]:
    """Time (interleaved) and measure the variants; markdown rows relative to ``reference``.

    Long cases skip the warm-up round (``warm_up=False``): the functions have run before.
    Cases whose warm-up takes under a second in all run ``SHORT_ROUNDS`` rounds instead.
    """
    print(f"{title}, {size} …", flush=True)
    if warm_up:
        start = time.perf_counter()
        for fn in variants.values():
            fn()
        if time.perf_counter() - start < 1.0:
            repeats = max(repeats, SHORT_ROUNDS)
    times = interleaved(variants, repeats, warm_up=False)
    peaks = {name: peak_bytes(fn) for name, fn in variants.items()} if memory else {}
    medians = {name: statistics.median(t) for name, t in times.items()}
    rows = []
    for name in variants:
        ratio = medians[name] / medians[reference]
        rows.append(f"| {title} | {size} | {name} | {fmt_time(medians[name])} | "
                    f"{', '.join(fmt_time(t) for t in times[name])} | "
                    f"{'' if name == reference else f'{ratio:.2f}×'} | "
                    f"{fmt_bytes(peaks[name]) if name in peaks else ''} |")
        print(f"  {name}: {fmt_time(medians[name])}  ({ratio:.2f}× {reference})"
              f"{'  peak ' + fmt_bytes(peaks[name]) if name in peaks else ''}", flush=True)
    if check is not None:
        note = check()
        rows.append(f"| | | check | {note} | | | |")
        print(f"  check: {note}", flush=True)
    return rows


# ---------------------------------------------------------------------------------- cases

def bootstrap_case(mat: pd.DataFrame, method: str, n_boot: int, repeats: int, label: str,
                   warm_up: bool = True) -> list[str]:
    x = mat.to_numpy()
    variants = {"NumPy baseline (all replicates stacked)": lambda: baseline_bootstrap(x, method, n_boot, SEED),
                f'ftzlink vectorised (`"{method}"`)': lambda: bootstrap_ci(mat, method, n_boot=n_boot, seed=SEED),
                f'ftzlink callable (`lambda m: similarity(m, "{method}")`)':
                    lambda: bootstrap_ci(mat, lambda m: similarity(m, method), n_boot=n_boot, seed=SEED)}

    def check() -> str:
        base = baseline_bootstrap(x, method, n_boot, SEED)
        table = bootstrap_ci(mat, method, n_boot=n_boot, seed=SEED).table
        diff = max(float(np.nanmax(np.abs(table[k].to_numpy() - base[k]))) for k in ("lower", "upper", "se"))
        return f"max abs difference of lower, upper, se vectorised vs baseline: {diff:.1e}"

    return run_case(f"bootstrap_ci, {method}", label, variants, repeats, next(iter(variants)), check,
                    warm_up=warm_up)


def permutation_case(mat: pd.DataFrame, method: str, n_perm: int, repeats: int, label: str,
                     warm_up: bool = True) -> list[str]:
    x = mat.to_numpy()
    variants = {"NumPy baseline (all permutations stacked)": lambda: baseline_permutation(x, method, n_perm, SEED),
                f'ftzlink vectorised (`"{method}"`)': lambda: permutation_pvalues(mat, method, n_perm, SEED),
                "ftzlink callable": lambda: permutation_pvalues(mat, lambda m: similarity(m, method), n_perm, SEED)}

    def check() -> str:
        base = baseline_permutation(x, method, n_perm, SEED)
        table = permutation_pvalues(mat, method, n_perm, SEED).table
        same = np.array_equal(table["p_value"].to_numpy(), base["p_value"])
        diff = float(np.max(np.abs(table["null_mean"].to_numpy() - base["null_mean"])))
        return f"p-values identical to baseline: {same}; null_mean max abs difference {diff:.1e}"

    return run_case(f"permutation_pvalues, {method}", label, variants, repeats, next(iter(variants)), check,
                    warm_up=warm_up)


def qap_cases(repeats: int) -> list[str]:
    n, perms = 300, 9_999
    a, b = pair_matrix(n, 1, False), pair_matrix(n, 2, False)
    s, t = pair_matrix(n, 3, True), pair_matrix(n, 4, True)
    def qap_check() -> str:
        before = two_index_correlation_null(a, b, "offdiag", perms, SEED)
        c_order = c_order_correlation_null(a, b, "offdiag", perms, SEED)
        return (f"nulls identical (bit for bit): "
                f"{np.array_equal(qap_correlation(a, b, perms, SEED).null[:, 0], before)}; C-order gather: "
                f"identical {np.array_equal(c_order, before)}, max abs difference {np.max(np.abs(c_order - before)):.1e}")

    rows = run_case("qap_correlation", f"{n} zones × {perms:,} permutations", {
        "two-index gather (before)": lambda: two_index_correlation_null(a, b, "offdiag", perms, SEED),
        "ftzlink (one flat gather)": lambda: qap_correlation(a, b, perms, SEED),
        "flat gather in C order (not used: last-bit differences)":
            lambda: c_order_correlation_null(a, b, "offdiag", perms, SEED),
    }, repeats, "two-index gather (before)", qap_check, warm_up=False)
    rows += run_case("mantel", f"{n} zones × {perms:,} permutations", {
        "two-index gather (before)": lambda: two_index_correlation_null(s, t, "upper", perms, SEED),
        "ftzlink (one flat gather)": lambda: mantel(s, t, perms, SEED),
    }, repeats, "two-index gather (before)", lambda: "nulls identical (bit for bit): " + str(np.array_equal(
        mantel(s, t, perms, SEED).null[:, 0], two_index_correlation_null(s, t, "upper", perms, SEED))),
        warm_up=False)
    mperms = 999
    y, x = pair_matrix(n, 5, False), {"distance": pair_matrix(n, 6, True), "overlap": pair_matrix(n, 7, True)}
    design = mrqap_design(y, x)
    rows += run_case("mrqap null (dsp, 2 predictors)", f"{n} zones × {mperms:,} permutations", {
        "per predictor, two-index gather (before)": lambda: two_index_dsp_null(*design, mperms, SEED),
        "ftzlink (predictors in one pass, one flat gather)": lambda: _dsp_null(*design, mperms, SEED),
    }, repeats, "per predictor, two-index gather (before)", lambda: "nulls identical (bit for bit): " + str(
        np.array_equal(_dsp_null(*design, mperms, SEED), two_index_dsp_null(*design, mperms, SEED))), warm_up=False)
    rows += run_case("mrqap (whole call, dsp)", f"{n} zones × {mperms:,} permutations", {
        "ftzlink mrqap": lambda: mrqap(y, x, mperms, SEED)}, 1, "ftzlink mrqap", memory=False, warm_up=False)
    return rows


def moran_case(repeats: int) -> list[str]:
    import esda
    from libpysal.weights import KNN

    n, k, perms = 2_000, 8, 999
    rng = np.random.default_rng(SEED)
    points = rng.uniform(0, 1000, (n, 2))
    knn = KNN(points, k=k, silence_warnings=True)
    y = pd.Series(points[:, 0] / 100 + rng.normal(size=n), index=knn.id_order, name="y")
    esda_w = KNN(points, k=k, silence_warnings=True)

    def esda_moran(permutations: int):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return esda.Moran(y.to_numpy(), esda_w, transformation="r", permutations=permutations)

    def check() -> str:
        res = morans_i(y, knn, perms, SEED).table.loc["y"]
        ref = esda_moran(0)
        diff = max(abs(res["estimate"] - ref.I), abs(res["z_rand"] - ref.z_rand), abs(res["p_norm"] - ref.p_norm))
        return f"I, z_rand, p_norm equal esda to {diff:.1e}"

    return run_case("morans_i", f"{n:,} zones, KNN k = {k} (sparse), {perms} permutations", {
        f"esda.Moran(permutations={perms})": lambda: esda_moran(perms),
        "esda.Moran(permutations=0)": lambda: esda_moran(0),
        f"ftzlink morans_i({perms} seeded permutations)": lambda: morans_i(y, knn, perms, SEED),
    }, repeats, f"esda.Moran(permutations={perms})", check)


def high_water_gib() -> float:
    """Peak resident memory of this process in GiB: VmHWM (Linux; reset at exec, unlike ru_maxrss,
    which a child inherits from the process that forked it), else ru_maxrss."""
    with contextlib.suppress(OSError, StopIteration):
        with open("/proc/self/status", encoding="utf-8") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM")) / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def big_bootstrap(regions: int, industries: int, n_boot: int) -> dict:
    """Run in a fresh process: bootstrap of cosine similarity, wall time and peak resident memory."""
    mat = measure_matrix(regions, industries)
    before = high_water_gib()
    start = time.perf_counter()
    result = bootstrap_ci(mat, "cosine", n_boot=n_boot, seed=SEED)
    wall = time.perf_counter() - start
    table = result.table
    return {"regions": regions, "industries": industries, "n_boot": n_boot, "wall": wall,
            "rss_before_gib": before, "peak_rss_gib": high_water_gib(),
            "rows": len(table), "null_kept": result.null is not None,
            "median_width": float((table["upper"] - table["lower"]).median()),
            "min_n_valid": int(table["n_valid"].min())}


def big_cases(sizes: list[tuple[int, int, int]]) -> list[str]:
    rows = []
    for regions, industries, n_boot in sizes:
        print(f"bootstrap_ci, cosine, {regions:,} × {industries} × {n_boot} (subprocess) …", flush=True)
        load = os.getloadavg()[0]
        out = subprocess.run([sys.executable, __file__, "--child", str(regions), str(industries), str(n_boot)],
                             check=True, capture_output=True, text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        stacked = 2.3 * n_boot * regions**2 * 8                     # the previous stacked replicates
        print(f"  {r['wall']:.1f} s, peak RSS {r['peak_rss_gib']:.2f} GiB", flush=True)
        rows.append(f"| {regions:,} × {industries} | {n_boot} | {r['rows']:,} | {r['wall']:.1f} s | "
                    f"{r['peak_rss_gib']:.2f} GiB (imports and data: {r['rss_before_gib']:.2f} GiB) | "
                    f"{stacked / 2**30:,.1f} GiB | {r['median_width']:.4f} | {r['min_n_valid']} | {load:.1f} |")
    return rows


# -------------------------------------------------------------------------------- reporting

def threads() -> str:
    env = {k: os.environ[k] for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS") if k in os.environ}
    detail = "threadpoolctl not installed"
    with contextlib.suppress(ImportError):
        from threadpoolctl import threadpool_info

        detail = "; ".join(sorted({f"{p.get('internal_api')} ({p.get('prefix')}) {p.get('num_threads')} threads"
                                   for p in threadpool_info()}))
    settings = ", ".join(f"{k}={v}" for k, v in env.items()) or "no thread variables set"
    return f"{settings}; thread pools (threadpoolctl): {detail}"


def machine() -> str:
    import esda
    import libpysal

    cpu = cpu_name()
    memory = ""
    with contextlib.suppress(OSError):
        with open("/proc/meminfo", encoding="utf-8") as f:
            kib = next(int(line.split()[1]) for line in f if line.startswith("MemTotal"))
            memory = f"; {kib / 2**20:.0f} GiB RAM"
    return (f"{cpu}; {os.cpu_count()} logical CPUs (shared with other jobs){memory}; {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}, NumPy {np.__version__}, SciPy "
            f"{scipy.__version__}, pandas {pd.__version__}, esda {esda.__version__}, libpysal {libpysal.__version__}, "
            f"ftzlink {ftzlink.__version__}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", help="append the markdown section to this file (e.g. benchmarks/RESULTS.md)")
    parser.add_argument("--repeats", type=int, default=3, help="interleaved rounds per case (median reported)")
    parser.add_argument("--no-big", action="store_true", help="skip the 3,000-region subprocess runs")
    parser.add_argument("--child", nargs=3, type=int, metavar=("REGIONS", "INDUSTRIES", "N_BOOT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(big_bootstrap(*args.child)))
        return

    command = " ".join(["benchmarks/bench_resampling.py", *sys.argv[1:]])
    load_before = os.getloadavg()
    started = time.perf_counter()
    report, large = positioning_lists(), measure_matrix(500, 200)
    rows = []
    rows += bootstrap_case(measure_matrix(15, 56), "cosine", 499, args.repeats, "15 × 56 (report size), 499 replicates")
    rows += bootstrap_case(report, "jaccard", 499, args.repeats, "15 × 56 lists (notebook 06), 499 replicates")
    rows += bootstrap_case(large, "cosine", 499, args.repeats, "500 × 200, 499 replicates", warm_up=False)
    rows += permutation_case(report, "jaccard", 999, args.repeats, "15 × 56 lists, 999 permutations")
    rows += permutation_case(measure_matrix(200, 100), "cosine", 999, args.repeats, "200 × 100, 999 permutations",
                             warm_up=False)
    rows += qap_cases(args.repeats)
    rows += moran_case(args.repeats)
    big = [] if args.no_big else big_cases([(3000, 200, 499), (1000, 200, 199), (1000, 200, 999)])
    load_after = os.getloadavg()
    total = time.perf_counter() - started

    lines = [
        "",
        "## Resampling inference: bootstrap, permutations, QAP, Moran's I (issue 19, item 4)",
        "",
        f"- Date: {datetime.datetime.now().isoformat(timespec='minutes')}",
        f"- Machine: {machine()}",
        f"- Threads: {threads()}",
        f"- Command: `.venv/bin/python {command}` ({total / 60:.1f} min in all)",
        f"- Load average (1, 5, 15 min): before {', '.join(f'{v:.2f}' for v in load_before)}; after "
        f"{', '.join(f'{v:.2f}' for v in load_after)}. The machine was shared with other jobs, so absolute "
        "times carry noise; the variants of a case ran interleaved, and their ratios are the numbers to read.",
        f"- Data: synthetic, seed {SEED}: log-normal activity with 30 % zero cells; 0/1 lists with 30 % "
        "ones for the report-size Jaccard cases; random zone-pair matrices; 2,000 uniform random points.",
        "- Timing: median of the interleaved rounds (each round: every variant once), all runs listed; "
        "ratio = median / median of the first variant of the case. Peak memory: one further run under "
        "`tracemalloc` (allocations on top of the inputs).",
        "- NumPy baselines (written in the benchmark): bootstrap and row shuffles with every replicate "
        "stacked in one array and `np.quantile` / `np.std` / counts over it (no NaN handling, no labels, "
        "no table); QAP, Mantel and MRQAP: the same nulls with the permuted cells gathered by two index "
        "arrays, as before this change.",
        "",
        "| case | size | variant | median | runs | ratio | peak memory |",
        "|---|---|---|---|---|---|---|",
        *rows,
    ]
    if big:
        lines += [
            "",
            "Large bootstrap of cosine similarity (`bootstrap_ci(mat, \"cosine\", n_boot=…)`, 95 % "
            "percentile interval of every pair), each in a fresh process; peak = that process's high-water "
            "resident memory (`VmHWM` from `/proc/self/status`, which unlike `ru_maxrss` is not inherited "
            "from the forking parent; imports, data and result table included). \"Stacked\" is the memory the previous implementation "
            "needed to hold all replicates (≈ 2.3 · B · n² · 8 bytes).",
            "",
            "| regions × industries | replicates | table rows | wall time | peak RSS | stacked (before) | "
            "median CI width | min n_valid | load at start |",
            "|---|---|---|---|---|---|---|---|---|",
            *big,
        ]
    text = "\n".join(lines) + "\n"
    publish(text, args.output)


if __name__ == "__main__":
    main()
