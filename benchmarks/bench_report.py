"""Time the default report: cold (empty font and matplotlib caches) and warm, on the default
number of kernels and on one kernel, with the manifest's split.

Each run is a separate ``ftzlink report`` process on the embedded data into a temporary
reports directory; the kinds of run are interleaved (cold, warm, warm on one kernel, cold, …)
so that load on a shared machine affects all alike. A cold run gets an empty
``FTZLINK_FONT_CACHE`` and ``MPLCONFIGDIR`` (as on a fresh machine after installation: the CJK
font subset is converted and matplotlib's font list rebuilt). "warm, 1 kernel" runs
``--kernels 1``: all notebooks one after the other in one kernel, the alternative to running
them on several kernels at once. Prints a Markdown section; ``--output FILE`` appends it to FILE.

    .venv/bin/python benchmarks/bench_report.py --repeats 2 --output benchmarks/RESULTS.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _measure import cpu_name, publish  # benchmarks/_measure.py

#: Wall-clock stages of a run (``split``) and kernel seconds by kind of cell (``cell_seconds``).
STAGES = ("kernel", "notebooks", "html", "other")
CELLS = ("setup", "compute", "figures", "overhead")
KINDS = {"cold": (True, None), "warm": (False, None), "warm, 1 kernel": (False, 1)}


def one_run(cold: bool, workdir: Path, kernels: int | None = None) -> dict:
    """Run the default report once; return wall seconds, kernels and the manifest's splits."""
    env = dict(os.environ)
    if cold:
        env["FTZLINK_FONT_CACHE"] = tempfile.mkdtemp(dir=workdir, prefix="fonts-")
        env["MPLCONFIGDIR"] = tempfile.mkdtemp(dir=workdir, prefix="mpl-")
    reports = Path(tempfile.mkdtemp(dir=workdir, prefix="reports-"))
    exe = Path(sys.executable).with_name("ftzlink")
    t0 = time.perf_counter()
    command = [str(exe), "report", "--quiet", "--reports-dir", str(reports)]
    if kernels is not None:
        command += ["--kernels", str(kernels)]
    proc = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"report failed ({proc.returncode}): {proc.stderr}")
    manifest = json.loads((reports / "latest" / "manifest.json").read_text(encoding="utf-8"))
    return {"wall": wall, "seconds": manifest["seconds"], "kernels": manifest["kernels"], "split": manifest["split"],
            "cells": manifest["cell_seconds"], "notebooks": {e["name"]: e["seconds"] for e in manifest["notebooks"]}}


def machine() -> str:
    return f"{cpu_name()}; {os.cpu_count()} logical CPUs; {platform.system()} {platform.release()}; Python {platform.python_version()}"


def threads() -> str:
    try:
        from threadpoolctl import threadpool_info

        return ", ".join(f"{i['internal_api']} {i['num_threads']}" for i in threadpool_info()) or "none loaded"
    except ImportError:
        return "threadpoolctl not installed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2, help="cold/warm pairs (default 2)")
    parser.add_argument("--output", type=Path, help="append the Markdown section to this file")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    runs = {kind: [] for kind in KINDS}
    with tempfile.TemporaryDirectory(prefix="ftzlink-bench-report-") as tmp:
        one_run(False, Path(tmp))   # fills the user's caches once, so that "warm" is warm
        for _ in range(args.repeats):
            for kind, (cold, kernels) in KINDS.items():
                runs[kind].append(one_run(cold, Path(tmp), kernels))
    load_after = os.getloadavg()[0]
    lines = [
        "## Default report run time (issue 19)", "",
        f"- Date: {dt.date.today().isoformat()}",
        f"- Machine: {machine()}; 1-minute load average {load_before:.1f} before, {load_after:.1f} after",
        f"- Threads: {threads()} (thread variables: "
        + (", ".join(f"{k}={os.environ[k]}" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS") if k in os.environ)
           or "none set") + ")",
        f"- Command: `.venv/bin/python benchmarks/bench_report.py --repeats {args.repeats}`",
        "- Each run: `ftzlink report --quiet` in a new process on the embedded data (six notebooks, 7 figures "
        "as PDF + PNG at 300 dpi); cold = empty CJK font cache and matplotlib config directory "
        "(a fresh machine after installation); the kinds of run interleaved. wall = command start to exit; "
        "run = the manifest's `seconds` (lock taken to manifest written); stages from its `split` (wall "
        "clock) and kernel seconds by kind of cell from its `cell_seconds` (summed over the kernels).",
        "",
        "| run | kernels | wall (s) | run (s) | " + " | ".join(STAGES) + " | " + " | ".join(f"{c} (kernel s)" for c in CELLS)
        + " |",
        "|---|---|---|---|" + "---|" * (len(STAGES) + len(CELLS)),
    ]
    for kind, results in runs.items():
        for r in results:
            lines.append(f"| {kind} | {r['kernels']} | {r['wall']:.1f} | {r['seconds']:.1f} | "
                         + " | ".join(f"{r['split'][s]:.1f}" for s in STAGES) + " | "
                         + " | ".join(f"{r['cells'][c]:.1f}" for c in CELLS) + " |")
    for kind, results in runs.items():
        lines.append("")
        lines.append(f"Median {kind}: **{statistics.median(r['wall'] for r in results):.1f} s** wall "
                     f"({statistics.median(r['seconds'] for r in results):.1f} s in the manifest).")
    publish(lines, args.output)


if __name__ == "__main__":
    main()
