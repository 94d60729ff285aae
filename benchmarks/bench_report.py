"""Time the default report: cold (empty font and matplotlib caches) and warm, with the manifest's split.

Each run is a separate ``ftzlink report`` process on the embedded data into a temporary
reports directory; cold and warm runs are interleaved (cold, warm, cold, warm, …) so that
load on a shared machine affects both alike. A cold run gets an empty ``FTZLINK_FONT_CACHE``
and ``MPLCONFIGDIR`` (as on a fresh machine after installation: the CJK font subset is
converted and matplotlib's font list rebuilt). Prints a Markdown section; ``--output FILE``
appends it to FILE.

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

STAGES = ("kernel", "setup", "compute", "figures", "html", "other")


def one_run(cold: bool, workdir: Path) -> dict:
    """Run the default report once; return wall seconds and the manifest's split."""
    env = dict(os.environ)
    if cold:
        env["FTZLINK_FONT_CACHE"] = tempfile.mkdtemp(dir=workdir, prefix="fonts-")
        env["MPLCONFIGDIR"] = tempfile.mkdtemp(dir=workdir, prefix="mpl-")
    reports = Path(tempfile.mkdtemp(dir=workdir, prefix="reports-"))
    exe = Path(sys.executable).with_name("ftzlink")
    t0 = time.perf_counter()
    proc = subprocess.run([str(exe), "report", "--quiet", "--reports-dir", str(reports)], env=env,
                          capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"report failed ({proc.returncode}): {proc.stderr}")
    manifest = json.loads((reports / "latest" / "manifest.json").read_text(encoding="utf-8"))
    return {"wall": wall, "split": manifest["split"],
            "notebooks": {e["name"]: e["seconds"] for e in manifest["notebooks"]}}


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
    runs = {"cold": [], "warm": []}
    with tempfile.TemporaryDirectory(prefix="ftzlink-bench-report-") as tmp:
        one_run(False, Path(tmp))   # fills the user's caches once, so that "warm" is warm
        for _ in range(args.repeats):
            for kind in ("cold", "warm"):
                runs[kind].append(one_run(kind == "cold", Path(tmp)))
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
        "(a fresh machine after installation); cold and warm runs interleaved. Split from the manifest.",
        "",
        "| run | wall (s) | " + " | ".join(STAGES) + " |",
        "|---|---|" + "---|" * len(STAGES),
    ]
    for kind, results in runs.items():
        for r in results:
            lines.append(f"| {kind} | {r['wall']:.1f} | " + " | ".join(f"{r['split'][s]:.1f}" for s in STAGES) + " |")
    for kind, results in runs.items():
        lines.append("")
        lines.append(f"Median {kind} wall time: **{statistics.median(r['wall'] for r in results):.1f} s**.")
    publish(lines, args.output)


if __name__ == "__main__":
    main()
