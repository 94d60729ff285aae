"""Benchmark the compiled L1 kernel (Krugman, Finger–Kreinin, trade complementarity) and BLAS threads in complexity.

Run from the repository root:

    .venv/bin/python benchmarks/bench_kernels.py                                   # print the results
    .venv/bin/python benchmarks/bench_kernels.py --output benchmarks/RESULTS_kernels.md

1. L1 pairwise measures at 3,000 regions × 1,000 industries, run interleaved (one run of each
   operation per round, so a change in the machine's load hits all of them alike):
   ``similarity(mat, "krugman")`` and ``similarity(mat, "finger_kreinin")`` against one matrix
   product of the same shape (s @ s.T, which NumPy runs as a symmetric rank-k update) and
   against the previous implementation (``squareform(pdist(s, "cityblock"))``, Finger–Kreinin
   as ``np.clip(1 - d / 2, 0, 1)``); the trade complementarity index 100 (1 − ½ Σ_i |x_ri − m_qi|)
   between 3,000 exporters and 3,000 importers through the kernel's two-matrix form against
   ``trade_complementarity`` (still ``scipy.spatial.distance.cdist``) and a general matrix
   product x @ m.T. Target: ≤ 3× the matrix product; equal to SciPy within 1e-12. Peak memory
   (``tracemalloc``, in separate runs) against the size of the output.
2. Where the compiled path starts: the NumPy path against the (warm) compiled kernel around
   ``COMPILED_MIN_WORK``, and the one-off cost of the compiled path in a fresh process (import
   numba + load the cached kernel; compile it when there is no cache).
3. ``complexity`` at 1,000 regions × 500 industries with BLAS on its default threads against
   one thread (``ftzlink.threads.single_threaded_blas``, which ``complexity`` now uses), and
   against py-ecomplexity's ``ecomplexity`` on the same long table.

The synthetic data are generated here from fixed seeds and never written to disk.
Timings are wall-clock medians (``time.perf_counter``); the machine may be shared, so the load
average is recorded before and after and the report gives ratios measured in the same rounds.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import pandas as pd
import scipy
from _measure import cpu_name, peak_bytes, publish  # benchmarks/_measure.py
from scipy.spatial.distance import pdist, squareform

import ftzlink
from ftzlink.indices import _pairwise_l1, complexity, economic_complexity, similarity, trade_complementarity
from ftzlink.indices._kernels import row_shares
from ftzlink.indices._pairwise_l1 import l1_distances

MiB = 2**20


# ---- data ----------------------------------------------------------------------------------------


def region_matrix(n: int, k: int, seed: int) -> pd.DataFrame:
    """n × k log-normal activity, 30 % zero cells, labelled r0000… × i0000…."""
    rng = np.random.default_rng(seed)
    x = rng.lognormal(sigma=1.5, size=(n, k)) * (rng.random((n, k)) >= 0.3)
    return pd.DataFrame(x, index=[f"r{i:04d}" for i in range(n)], columns=[f"i{j:04d}" for j in range(k)])


def complexity_panel(n: int, k: int, seed: int = 2024) -> pd.DataFrame:
    """Long table (year, loc, prod, val) with a nested structure: capable regions make complex industries."""
    rng = np.random.default_rng(seed)
    capability, sophistication = rng.normal(size=n), rng.normal(size=k)
    gap = np.maximum(sophistication[None, :] - capability[:, None], 0)
    value = np.exp(capability[:, None] - 1.5 * gap + rng.normal(size=(n, k)))
    return pd.DataFrame({"year": 2020, "loc": np.repeat([f"r{i:04d}" for i in range(n)], k),
                         "prod": np.tile([f"i{j:04d}" for j in range(k)], n), "val": value.ravel()})


# ---- measuring -----------------------------------------------------------------------------------


def interleaved(ops: dict, rounds: int, slow: set[str] = frozenset(), slow_rounds: int = 3) -> dict[str, list[float]]:
    """Run every operation once per round, in order; operations in ``slow`` only in the first ``slow_rounds``."""
    times = {name: [] for name in ops}
    for r in range(rounds):
        for name, fn in ops.items():
            if name in slow and r >= slow_rounds:
                continue
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return times




def median(values: list[float]) -> float:
    return statistics.median(values)


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def runs(values: list[float]) -> str:
    return ", ".join(f"{v:.3f}" for v in values)


# ---- 1. L1 pairwise measures ---------------------------------------------------------------------


def old_krugman(s: np.ndarray, empty: np.ndarray) -> np.ndarray:
    """The implementation this replaces (ftzlink 0.2.0): SciPy's pdist, then squareform."""
    d = squareform(pdist(np.where(empty[:, None], 0.0, s), "cityblock"))
    np.minimum(d, 2.0, out=d)
    d[empty, :] = np.nan
    d[:, empty] = np.nan
    return d


def old_similarity(mat: pd.DataFrame, method: str) -> pd.DataFrame:
    x = mat.to_numpy(dtype=float)
    empty = x.sum(axis=1) == 0
    values = old_krugman(row_shares(x), empty)
    if method == "finger_kreinin":
        values = np.clip(1.0 - values / 2.0, 0.0, 1.0)
    return pd.DataFrame(values, index=mat.index, columns=mat.index, copy=False)


def tc_through_kernel(exports: pd.DataFrame, imports: pd.DataFrame) -> np.ndarray:
    """TC_rq = 100 (1 − ½ Σ_i |x_ri − m_qi|) with the kernel's two-matrix form (what routing would give)."""
    sx, sm = row_shares(exports.to_numpy(dtype=float)), row_shares(imports.to_numpy(dtype=float))
    d = l1_distances(np.nan_to_num(sx), np.nan_to_num(sm))
    np.minimum(d, 2.0, out=d)
    d *= -50.0
    d += 100.0
    return d


def bench_l1(n: int, k: int, rounds: int, slow_rounds: int) -> dict:
    mat = region_matrix(n, k, seed=7)
    exports, imports = region_matrix(n, k, seed=8), region_matrix(n, k, seed=9)
    s = np.nan_to_num(row_shares(mat.to_numpy()))
    sx = np.nan_to_num(row_shares(exports.to_numpy()))
    sm = np.nan_to_num(row_shares(imports.to_numpy()))

    l1_distances(s[:300], engine="compiled")  # load the compiled kernel (compile it if there is no cache yet)
    ops = {
        "syrk": lambda: s @ s.T,
        "krugman": lambda: similarity(mat, "krugman"),
        "finger_kreinin": lambda: similarity(mat, "finger_kreinin"),
        "old_krugman": lambda: old_similarity(mat, "krugman"),
        "old_finger_kreinin": lambda: old_similarity(mat, "finger_kreinin"),
        "gemm": lambda: sx @ sm.T,
        "tc_kernel": lambda: tc_through_kernel(exports, imports),
        "tc_current": lambda: trade_complementarity(exports, imports),
    }
    times = interleaved(ops, rounds, slow={"old_krugman", "old_finger_kreinin", "tc_current"}, slow_rounds=slow_rounds)

    # equality with SciPy (the previous results)
    new_k = similarity(mat, "krugman").to_numpy()
    new_fk = similarity(mat, "finger_kreinin").to_numpy()
    ref_k = old_similarity(mat, "krugman").to_numpy()
    ref_fk = old_similarity(mat, "finger_kreinin").to_numpy()
    tc_new = tc_through_kernel(exports, imports)
    tc_ref = trade_complementarity(exports, imports).to_numpy()
    numpy_path = _pairwise_l1._numpy_l1(s[:500], None)
    diffs = {
        "krugman": float(np.nanmax(np.abs(new_k - ref_k))),
        "finger_kreinin": float(np.nanmax(np.abs(new_fk - ref_fk))),
        "trade_complementarity (÷100)": float(np.nanmax(np.abs(tc_new - tc_ref))) / 100,
        "NumPy path, first 500 rows": float(np.abs(numpy_path - ref_k[:500, :500]).max()),
    }
    symmetric = bool((new_k == new_k.T).all() and (new_fk == new_fk.T).all())
    del new_k, new_fk, ref_k, ref_fk, tc_new, tc_ref

    out_bytes = n * n * 8
    memory = {
        "krugman": peak_bytes(lambda: similarity(mat, "krugman")),
        "finger_kreinin": peak_bytes(lambda: similarity(mat, "finger_kreinin")),
        "old_krugman": peak_bytes(lambda: old_similarity(mat, "krugman")),
        "old_finger_kreinin": peak_bytes(lambda: old_similarity(mat, "finger_kreinin")),
        "tc_kernel": peak_bytes(lambda: tc_through_kernel(exports, imports)),
        "tc_current": peak_bytes(lambda: trade_complementarity(exports, imports)),
    }
    return {"n": n, "k": k, "times": times, "diffs": diffs, "symmetric": symmetric, "memory": memory,
            "out_bytes": out_bytes, "input_bytes": n * k * 8}


# ---- 2. where the compiled path starts -----------------------------------------------------------


def bench_threshold(repeats: int) -> list[dict]:
    rng = np.random.default_rng(5)
    rows = []
    for n, k in [(60, 1000), (120, 1000), (180, 1000), (256, 1000), (400, 1000), (800, 1000)]:
        x = rng.random((n, k))
        x /= x.sum(axis=1, keepdims=True)
        t = interleaved({"numpy": lambda: l1_distances(x, engine="numpy"),
                         "compiled": lambda: l1_distances(x, engine="compiled")}, repeats)
        rows.append({"n": n, "k": k, "work": n * n * k, "numpy": median(t["numpy"]), "compiled": median(t["compiled"])})
    return rows


COLD = """
import time
t0 = time.perf_counter()
import numpy as np
from ftzlink.indices._pairwise_l1 import l1_distances
t1 = time.perf_counter()
import numba
t2 = time.perf_counter()
l1_distances(np.random.default_rng(0).random((300, 200)), engine="compiled")
t3 = time.perf_counter()
print(t2 - t1, t3 - t2)
"""


def cold_start(repeats: int, compile_too: bool) -> dict:
    """First compiled call in a fresh process: import numba, then load the cached kernel (or compile it)."""
    def once(env):
        out = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, env=env, check=True)
        return [float(v) for v in out.stdout.split()]

    env = dict(os.environ)
    cached = [once(env) for _ in range(repeats)]
    result = {"import": median([c[0] for c in cached]), "cached": median([c[1] for c in cached]), "compile": None}
    if compile_too:  # an empty cache directory: numba compiles the kernel (and caches it there)
        tmp = tempfile.mkdtemp(prefix="ftzlink-numba-")
        try:
            result["compile"] = once({**env, "NUMBA_CACHE_DIR": tmp})[1]
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return result


# ---- 3. complexity and BLAS threads --------------------------------------------------------------


def bench_complexity(n: int, k: int, rounds: int, with_ecomplexity: bool, ec_rounds: int) -> dict:
    long = complexity_panel(n, k)
    mat = long.pivot(index="loc", columns="prod", values="val")
    limited = lambda: complexity(mat)  # noqa: E731

    def default_threads():
        saved = economic_complexity.single_threaded_blas
        economic_complexity.single_threaded_blas = contextlib.nullcontext
        try:
            return complexity(mat)
        finally:
            economic_complexity.single_threaded_blas = saved

    limited(), default_threads()
    times = interleaved({"default": default_threads, "one_thread": limited}, rounds)
    diff_threads = float(np.abs(limited().eci.to_numpy() - default_threads().eci.to_numpy()).max())
    result = {"n": n, "k": k, "times": times, "diff_threads": diff_threads, "ec": None}
    if with_ecomplexity:
        from ecomplexity import ecomplexity

        cols = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}

        def run_ec():
            with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return ecomplexity(long, cols, check_logsupermodularity=False, verbose=False)

        def run_ours():
            return complexity(ftzlink.to_matrix(long, region="loc", industry="prod", value="val"))

        t = interleaved({"ecomplexity": run_ec, "ftzlink": run_ours}, ec_rounds)
        table = run_ec()
        ref = table.groupby("loc")["eci"].first()
        eci = run_ours().eci
        result["ec"] = {"times": t, "diff": float(np.abs(eci.to_numpy() - ref.reindex(eci.index).to_numpy()).max())}
    return result


# ---- report --------------------------------------------------------------------------------------


def machine() -> str:
    cpu = cpu_name()
    import numba

    return (f"{cpu}; {os.cpu_count()} logical CPUs (shared with other jobs); {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, NumPy {np.__version__}, SciPy {scipy.__version__}, "
            f"pandas {pd.__version__}, numba {numba.__version__} (threading layer {numba.threading_layer()}, "
            f"{numba.get_num_threads()} threads), ftzlink {ftzlink.__version__}")


def thread_pools() -> str:
    from threadpoolctl import threadpool_info

    env = {k: os.environ[k] for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                                      "NUMBA_NUM_THREADS", "NUMBA_THREADING_LAYER") if k in os.environ}
    pools = "; ".join(f"{p['internal_api']} {p.get('version') or ''} ({os.path.basename(p['filepath'])}): "
                      f"{p['num_threads']} threads" for p in threadpool_info())
    settings = ", ".join(f"{k}={v}" for k, v in env.items()) or "no thread variables set"
    return f"{settings}; threadpoolctl.threadpool_info(): {pools}"


def load() -> str:
    return " / ".join(f"{v:.2f}" for v in os.getloadavg())


def report(l1: dict, thr: list[dict], cold: dict | None, cx: dict, meta: dict) -> str:
    t, n, k = l1["times"], l1["n"], l1["k"]
    syrk, gemm = median(t["syrk"]), median(t["gemm"])

    def ratio_in_rounds(name, base):
        return median([a / b for a, b in zip(t[name], t[base])])

    lines = [
        "## Compiled L1 kernel and BLAS threads (issue 19, items 3–4)",
        "",
        f"- Date: {meta['date']}",
        f"- Machine: {meta['machine']}",
        f"- Threads: {meta['threads']}",
        f"- Load average (1 / 5 / 15 min): before {meta['load_before']}, after {meta['load_after']}",
        f"- Command: `{meta['command']}`",
        "- Data: synthetic, generated by the script from fixed seeds, never written to disk (log-normal "
        "activity, 30 % zero cells; for complexity a nested capability structure).",
        "- Timings: wall-clock medians; operations run interleaved (one of each per round), and ratios are "
        "medians of the per-round ratios, so a change in load between rounds cancels out.",
        "",
        f"### L1 pairwise measures, {n:,} regions × {k:,} industries (output {n:,} × {n:,})",
        "",
        "| operation | median | runs (s) | ÷ matrix product (same rounds) |",
        "|---|---|---|---|",
        f"| s @ s.T (NumPy: symmetric rank-k update) | {fmt_s(syrk)} | {runs(t['syrk'])} | 1 |",
        f"| `similarity(mat, \"krugman\")` (compiled kernel) | {fmt_s(median(t['krugman']))} | {runs(t['krugman'])} "
        f"| **{ratio_in_rounds('krugman', 'syrk'):.2f}×** |",
        f"| `similarity(mat, \"finger_kreinin\")` (compiled kernel) | {fmt_s(median(t['finger_kreinin']))} | "
        f"{runs(t['finger_kreinin'])} | **{ratio_in_rounds('finger_kreinin', 'syrk'):.2f}×** |",
        f"| previous `krugman`: `squareform(pdist(s, \"cityblock\"))` | {fmt_s(median(t['old_krugman']))} | "
        f"{runs(t['old_krugman'])} | {ratio_in_rounds('old_krugman', 'syrk'):.1f}× |",
        f"| previous `finger_kreinin` (pdist + `np.clip(1 − d/2)`) | {fmt_s(median(t['old_finger_kreinin']))} | "
        f"{runs(t['old_finger_kreinin'])} | {ratio_in_rounds('old_finger_kreinin', 'syrk'):.1f}× |",
        f"| x @ m.T, exporters × importers (general matrix product) | {fmt_s(gemm)} | {runs(t['gemm'])} | 1 |",
        f"| trade complementarity through the kernel (x vs m) | {fmt_s(median(t['tc_kernel']))} | "
        f"{runs(t['tc_kernel'])} | **{ratio_in_rounds('tc_kernel', 'gemm'):.2f}×** |",
        f"| `trade_complementarity(exports, imports)` as shipped (`cdist`) | {fmt_s(median(t['tc_current']))} | "
        f"{runs(t['tc_current'])} | {ratio_in_rounds('tc_current', 'gemm'):.1f}× |",
        "",
        f"Speed-up over the previous implementation: Krugman "
        f"{median(t['old_krugman']) / median(t['krugman']):.1f}×, Finger–Kreinin "
        f"{median(t['old_finger_kreinin']) / median(t['finger_kreinin']):.1f}×; trade complementarity through "
        f"the kernel {median(t['tc_current']) / median(t['tc_kernel']):.1f}× faster than `cdist`. "
        "The matrix product's time includes no validation or labels; the similarity calls include "
        "validation, shares, NaN rows and the labelled DataFrame.",
        "",
        "Largest absolute difference from SciPy (the previous results): "
        + ", ".join(f"{name} {value:.1e}" for name, value in l1["diffs"].items())
        + f" (target ≤ 1e-12). Both outputs exactly symmetric: {l1['symmetric']}.",
        "",
        f"Peak memory (one further call, `tracemalloc`) against the output ({l1['out_bytes'] / MiB:.0f} MiB) "
        f"and the input ({l1['input_bytes'] / MiB:.0f} MiB):",
        "",
        "| call | peak | ÷ output |",
        "|---|---|---|",
    ]
    names = {"krugman": "`similarity(mat, \"krugman\")`", "finger_kreinin": "`similarity(mat, \"finger_kreinin\")`",
             "old_krugman": "previous `krugman` (pdist)", "old_finger_kreinin": "previous `finger_kreinin` (pdist)",
             "tc_kernel": "trade complementarity through the kernel", "tc_current": "`trade_complementarity` (cdist)"}
    for key, label in names.items():
        peak = l1["memory"][key]
        lines.append(f"| {label} | {peak / MiB:.0f} MiB | {peak / l1['out_bytes']:.2f} |")
    lines += [
        "",
        "The rest of the peak above 1× the output is input-sized (validation copy, shares, the packed "
        "copy the kernel reads). The kernel's per-tile buffers (128 × 128 partial sums + 32 × 128 packed "
        "values, 160 KiB per thread) come from numba's allocator, which `tracemalloc` does not see.",
        "",
        "### Where the compiled path starts",
        "",
        f"`COMPILED_MIN_WORK` = 2**{int(np.log2(_pairwise_l1.COMPILED_MIN_WORK))} = "
        f"{_pairwise_l1.COMPILED_MIN_WORK:,} (n² k for one matrix). Below it the NumPy path; above, the "
        "compiled kernel (medians, kernel already loaded):",
        "",
        "| regions × industries | n² k | NumPy path | compiled (warm) |",
        "|---|---|---|---|",
    ]
    for row in thr:
        mark = " ←" if row["work"] >= _pairwise_l1.COMPILED_MIN_WORK else ""
        lines.append(f"| {row['n']:,} × {row['k']:,} | {row['work']:.1e}{mark} | {row['numpy'] * 1000:.1f} ms | "
                     f"{row['compiled'] * 1000:.1f} ms |")
    lines.append("")
    if cold:
        compile_text = (f"; with an empty cache directory (`NUMBA_CACHE_DIR`) numba compiles it in "
                        f"{cold['compile']:.1f} s" if cold["compile"] is not None else "")
        lines += [
            f"First compiled call in a fresh process: `import numba` {cold['import']:.2f} s, then loading the "
            f"cached kernel and running it on 300 × 200 {cold['cached']:.2f} s{compile_text}. The report's "
            "15 × 56 matrices (n² k ≈ 1.3e4) stay on the NumPy path and never import numba.",
            "",
        ]
    ct = cx["times"]
    lines += [
        f"### `complexity`, {cx['n']:,} regions × {cx['k']:,} industries: BLAS threads",
        "",
        "| BLAS threads in the eigensolver | median | min – max | runs (s) |",
        "|---|---|---|---|",
        f"| library default ({meta['blas_default']}) | {fmt_s(median(ct['default']))} | {fmt_s(min(ct['default']))} – "
        f"{fmt_s(max(ct['default']))} | {runs(ct['default'])} |",
        f"| one (`single_threaded_blas`, as shipped) | {fmt_s(median(ct['one_thread']))} | "
        f"{fmt_s(min(ct['one_thread']))} – {fmt_s(max(ct['one_thread']))} | {runs(ct['one_thread'])} |",
        "",
        f"One thread is {median(ct['default']) / median(ct['one_thread']):.1f}× faster (medians). ECI identical "
        f"up to {cx['diff_threads']:.1e}. The method of reflections (`morc`, `mort`) runs under the same limit.",
        "",
    ]
    if cx["ec"]:
        et = cx["ec"]["times"]
        lines += [
            "| same long table | median | runs (s) |",
            "|---|---|---|",
            f"| py-ecomplexity `ecomplexity` (also computes density, COI, COG) | {fmt_s(median(et['ecomplexity']))} | "
            f"{runs(et['ecomplexity'])} |",
            f"| ftzlink `to_matrix` + `complexity` | {fmt_s(median(et['ftzlink']))} | {runs(et['ftzlink'])} |",
            "",
            f"Largest ECI difference from py-ecomplexity: {cx['ec']['diff']:.1e}.",
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", help="append the markdown section to this file (e.g. benchmarks/RESULTS.md)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds of the fast operations")
    parser.add_argument("--slow-rounds", type=int, default=3, help="rounds of the SciPy (pdist/cdist) operations")
    parser.add_argument("--regions", type=int, default=3000)
    parser.add_argument("--industries", type=int, default=1000)
    parser.add_argument("--no-cold", action="store_true", help="skip the fresh-process start-up runs")
    parser.add_argument("--no-compile", action="store_true", help="skip compiling the kernel in an empty cache")
    parser.add_argument("--no-ecomplexity", action="store_true", help="skip the py-ecomplexity comparison")
    args = parser.parse_args()

    from threadpoolctl import threadpool_info

    blas = sorted({p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"})
    meta = {"date": datetime.datetime.now().isoformat(timespec="minutes"), "load_before": load(),
            "blas_default": "/".join(map(str, blas)) or "?",
            "command": " ".join([".venv/bin/python", "benchmarks/bench_kernels.py", *sys.argv[1:]])}
    l1 = bench_l1(args.regions, args.industries, args.rounds, args.slow_rounds)
    thr = bench_threshold(args.rounds)
    cold = None if args.no_cold else cold_start(3, compile_too=not args.no_compile)
    cx = bench_complexity(1000, 500, 3 * args.rounds, not args.no_ecomplexity, 3)
    meta.update(load_after=load(), machine=machine(), threads=thread_pools())
    text = report(l1, thr, cold, cx, meta)
    publish(text, args.output)


if __name__ == "__main__":
    main()
