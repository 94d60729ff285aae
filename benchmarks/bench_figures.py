"""Time the default report's figures: build and save (PDF + PNG at 300 dpi) of each, in English and Chinese.

The seven figures are those the six report notebooks make with the default parameters, from
the same inputs (``report_context`` and its methods, not timed) and with the same plot calls.
Each round runs one worker process, which prepares the inputs, then makes every figure
``--passes`` times (figures and languages interleaved within a pass); the first pass of a
process pays the one-off costs (fonts, map outlines), later passes are warm. Wall-clock and CPU
time (``time.process_time``, less disturbed by other jobs on a shared machine) are recorded.
With ``--baseline DIR`` (a source tree of another version holding ``ftzlink/`` and ``data/``,
e.g. ``git archive <rev> ftzlink data | tar -x -C DIR``) every round also runs a worker on that
tree, the two in alternating order, and the table gives the median of the per-round ratios.
Prints a Markdown section; ``--output FILE`` appends it to FILE; ``--profile FILE`` writes the
cProfile statistics of one warm pass of the current tree instead of timing.

    .venv/bin/python benchmarks/bench_figures.py --rounds 5 --baseline DIR --output benchmarks/RESULTS.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from _measure import publish  # benchmarks/_measure.py
from bench_report import machine

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "zh")
#: Figure stem → notebook that saves it (with the default parameters).
FIGURES = {
    "positioning_matrix": "01", "zone_map": "01", "overlap_heatmap": "02", "complementarity_heatmap": "03",
    "plans_vs_structure": "04", "linkage_network": "05", "linkage_map": "05",
}


def figure_makers(lang: str, output_dir: Path) -> tuple[dict, dict]:
    """(stem → function returning the figure, report parameters) for ``lang``, as the notebooks call them."""
    import ftzlink
    from ftzlink import plot
    from ftzlink.report import report_context

    ctx = report_context(output_dir=output_dir, language=lang)
    p = ctx.params
    binary = ctx.positioning(weight="binary")
    overlap = ftzlink.similarity(ctx.positioning(), method=p["similarity_method"])
    result = ctx.complementarity()
    links = ftzlink.mutual_complementarity(result.matrix).loc[binary.index, binary.index]
    fidelity = ctx.plan_fidelity(ctx.province_structure())
    codes = ctx.code_table()
    makers = {
        "positioning_matrix": lambda: plot.positioning_plot(binary, ctx.zones, codes, lang=lang),
        "zone_map": lambda: plot.zone_map(ctx.zones, lang=lang),
        "overlap_heatmap": lambda: plot.index_heatmap(overlap, ctx.zones, lang=lang, label=p["similarity_method"],
                                                      diagonal=False),
        "complementarity_heatmap": lambda: plot.index_heatmap(result.matrix, ctx.zones, lang=lang, label=result.basis,
                                                              diagonal=False, cluster=False, directional=True),
        "plans_vs_structure": lambda: ctx.structure_figure(fidelity),
        "linkage_network": lambda: plot.linkage_network(links, ctx.zones, lang=lang, threshold=p["link_threshold"],
                                                        label="mutual_complementarity"),
        "linkage_map": lambda: plot.zone_map(ctx.zones.loc[binary.index], links, lang=lang,
                                             threshold=p["link_threshold"], label="mutual_complementarity"),
    }
    return makers, p


def worker(passes: int, keep: Path | None) -> None:
    """Make every figure ``passes`` times in this process; print one JSON line of timings."""
    import matplotlib

    matplotlib.use("Agg")
    import ftzlink

    with tempfile.TemporaryDirectory(prefix="ftzlink-bench-figures-") as tmp:
        jobs = {lang: figure_makers(lang, Path(tmp) / lang) for lang in LANGS}
        runs = [one_pass(jobs, keep or Path(tmp)) for _ in range(passes)]
    print(json.dumps({"source": ftzlink.__file__, "passes": runs}))


def one_pass(jobs: dict, folder: Path) -> dict:
    """Build and save every figure once (figures in report order, each in both languages); return
    ``"<stem>/<lang>"`` → (build, save) wall-clock seconds + (build, save) CPU seconds of this process."""
    import matplotlib.pyplot as plt

    from ftzlink.plot import save

    timings = {}
    for name in FIGURES:
        for lang, (makers, p) in jobs.items():
            t0, c0 = time.perf_counter(), time.process_time()
            fig = makers[name]()
            t1, c1 = time.perf_counter(), time.process_time()
            save(fig, folder / lang / name, formats=tuple(p["formats"]), dpi=p["dpi"])
            t2, c2 = time.perf_counter(), time.process_time()
            plt.close(fig)
            timings[f"{name}/{lang}"] = (t1 - t0, t2 - t1, c1 - c0, c2 - c1)
    return timings


def profile(path: Path) -> None:
    """Write the cProfile statistics of one warm pass (after an unprofiled one) to ``path``."""
    import cProfile

    import matplotlib

    matplotlib.use("Agg")
    with tempfile.TemporaryDirectory(prefix="ftzlink-bench-figures-") as tmp:
        jobs = {lang: figure_makers(lang, Path(tmp) / lang) for lang in LANGS}
        one_pass(jobs, Path(tmp))
        with cProfile.Profile() as prof:
            one_pass(jobs, Path(tmp))
    prof.dump_stats(path)


def run_worker(tree: Path, passes: int, keep: Path | None) -> dict:
    """One worker process importing ftzlink from ``tree``."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tree), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "--passes", str(passes)]
    if keep is not None:
        cmd += ["--keep", str(keep)]
    proc = subprocess.run(cmd, env=env, cwd=tempfile.gettempdir(), capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"worker on {tree} failed ({proc.returncode}):\n{proc.stderr}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if not Path(result["source"]).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"worker on {tree} imported ftzlink from {result['source']}")
    return result


def code_version(tree: Path) -> str:
    """``git describe`` of ``tree`` (commit, ``-dirty`` with uncommitted changes), or "unknown"."""
    proc = subprocess.run(["git", "-C", str(tree), "describe", "--always", "--dirty"], capture_output=True, text=True)
    return f"`{proc.stdout.strip()}`" if proc.returncode == 0 else "unknown"


def per_round(results: list[dict], key: str, part: str) -> list[float]:
    """One value per round: the median over the worker's warm passes of ``part`` of figure ``key``
    (``"build"``, ``"save"``, ``"total"`` wall clock or ``"cpu"``, build + save CPU time);
    ``key`` None sums over every figure."""
    def value(timings):
        keys = list(timings) if key is None else [key]
        pick = {"build": lambda t: t[0], "save": lambda t: t[1], "total": lambda t: t[0] + t[1],
                "cpu": lambda t: t[2] + t[3]}[part]
        return sum(pick(timings[k]) for k in keys)

    return [statistics.median(value(t) for t in r["passes"][1:]) for r in results]


def row(label: str, results: list[dict], baseline: list[dict] | None, key: str | None) -> str:
    """One Markdown row: medians over rounds; with a baseline, its totals and the medians of the
    per-round ratios (rounds ran interleaved, so a change of load between rounds cancels out)."""
    med = {part: statistics.median(per_round(results, key, part)) for part in ("build", "save", "total", "cpu")}
    runs = ", ".join(f"{t:.2f}" for t in per_round(results, key, "total"))
    cells = [label, f"{med['build']:.2f} s", f"{med['save']:.2f} s", f"**{med['total']:.2f} s**", runs,
             f"{med['cpu']:.2f} s"]
    if baseline:
        for part in ("total", "cpu"):
            base = per_round(baseline, key, part)
            ratios = [a / b for a, b in zip(per_round(results, key, part), base)]
            cells += [f"{statistics.median(base):.2f} s", f"**{statistics.median(ratios):.2f}**"]
    return "| " + " | ".join(cells) + " |"


def table(results: list[dict], baseline: list[dict] | None) -> list[str]:
    """Markdown table: every figure in both languages, then the sum of each pass."""
    head = ["figure (notebook), lang", "build", "save (pdf + png)", "total", "total by round (s)", "CPU total"]
    if baseline:
        head += ["baseline total", "ratio", "baseline CPU", "CPU ratio"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    rows += [row(f"{name} ({nb}), {lang}", results, baseline, f"{name}/{lang}")
             for name, nb in FIGURES.items() for lang in LANGS]
    rows.append(row("**all 14 (one pass)**", results, baseline, None))
    return rows


def first_pass(results: list[dict]) -> str:
    """Median (and rounds) of the wall-clock time of a worker's first pass over the 14 figures."""
    totals = [sum(t[0] + t[1] for t in r["passes"][0].values()) for r in results]
    return f"{statistics.median(totals):.1f} s ({', '.join(f'{t:.1f}' for t in totals)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="worker processes per tree (default 5)")
    parser.add_argument("--passes", type=int, default=2, help="passes per worker; the first is not counted (default 2)")
    parser.add_argument("--baseline", type=Path, help="source tree of another version (holding ftzlink/ and data/)")
    parser.add_argument("--keep", type=Path, help="write the figures of the last round under this directory")
    parser.add_argument("--output", type=Path, help="append the Markdown section to this file")
    parser.add_argument("--profile", type=Path, help="write cProfile statistics of one warm pass here and stop")
    parser.add_argument("--label", help="added to the section title (e.g. 'before the change')")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.passes < 2:
        parser.error("--passes must be at least 2 (the first pass of a process is not counted)")
    if args.profile:
        profile(args.profile)
        return
    if args.worker:
        worker(args.passes, args.keep)
        return
    trees = {"current": ROOT} | ({"baseline": args.baseline} if args.baseline else {})
    load_before = os.getloadavg()
    results = {label: [] for label in trees}
    for r in range(args.rounds):
        order = list(trees) if r % 2 == 0 else list(trees)[::-1]
        for label in order:
            keep = args.keep / label if args.keep and r == args.rounds - 1 else None
            results[label].append(run_worker(trees[label], args.passes, keep))
            print(f"round {r + 1}/{args.rounds} {label}: done", file=sys.stderr, flush=True)
    load_after = os.getloadavg()
    command = f"`.venv/bin/python benchmarks/bench_figures.py {shlex.join(sys.argv[1:])}`"
    lines = [
        "## Report figures: build and save (issue 19" + (f", {args.label})" if args.label else ")"), "",
        f"- Date: {dt.datetime.now().isoformat(timespec='minutes')}",
        f"- Machine: {machine()} (shared with other jobs); matplotlib {version('matplotlib')}, "
        f"fontTools {version('fonttools')}, Pillow {version('pillow')}",
        f"- Load average (1 / 5 / 15 min): before {' / '.join(f'{x:.2f}' for x in load_before)}, "
        f"after {' / '.join(f'{x:.2f}' for x in load_after)}",
        f"- Command: {command}",
        f"- Code: {code_version(ROOT)}" + (f"; baseline: `{args.baseline}`" if args.baseline else ""),
        "- Each figure as its notebook makes it with the default parameters (inputs from `report_context`, not "
        "timed); build = the plot call, save = `ftzlink.plot.save(fig, stem, formats=('pdf', 'png'), dpi=300)`. "
        f"{args.rounds} rounds, each one new process per tree (with a baseline, the two in alternating order) that "
        f"makes every figure {args.passes} times, figures and languages interleaved; its first pass (fonts and "
        "boundaries loaded on the way) is left out. Per round the median over the other passes; the table gives "
        "the median over rounds (wall clock) and of the process's CPU time (`time.process_time`, less "
        "disturbed by other jobs)"
        + ("; ratio = median of the per-round ratios current / baseline." if args.baseline else "."),
        "",
        *table(results["current"], results.get("baseline")),
        "",
        f"First pass of a process over the 14 figures (fonts, map boundaries and the rest loaded on the way), "
        f"wall clock, median (rounds): {first_pass(results['current'])}"
        + (f"; baseline {first_pass(results['baseline'])}." if args.baseline else "."),
    ]
    publish(lines, args.output)


if __name__ == "__main__":
    main()
