"""The ``ftzlink`` console command.

    ftzlink report [--config FILE] [-p key=value ...] [--reports-dir DIR] [--notebook-dir DIR]
                   [--wait SECONDS] [--cell-timeout SECONDS] [--keep N] [--kernels N] [--quiet]
                   [--list-params]
    ftzlink prune --keep N [--reports-dir DIR]
    ftzlink init DIR
    ftzlink validate
    ftzlink indices INDEX [--input FILE | --level LEVEL --weight WEIGHT] [--method M] [--output FILE]
    ftzlink --version

Exit status: 0 success, 1 a report notebook failed, 2 bad input, parameters or environment,
130 stopped by SIGINT or SIGTERM (the run is marked aborted).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from ftzlink import __version__
from ftzlink.errors import FtzlinkError
from ftzlink.study.registry import LEVELS, WEIGHTS
from ftzlink.vocabulary import SIMILARITY_METHODS

INDEX_CHOICES = ("similarity", "overlap", "location_quotient", "krugman_index", "herfindahl", "entropy",
                 "diversity", "ubiquity", "complexity")
EXIT_CODES = ("exit status: 0 success, 1 a report notebook failed, 2 bad input, parameters or environment, "
              "130 stopped by SIGINT/SIGTERM")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ftzlink", description="Industry-linkage analytics for China's pilot FTZs.",
                                     epilog=EXIT_CODES)
    parser.add_argument("--version", action="version", version=f"ftzlink {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    rep = sub.add_parser("report", help="run the report notebooks with papermill into <reports-dir>/<run_id>/",
                         epilog=EXIT_CODES)
    rep.add_argument("--config", type=Path, help="YAML file of report parameters (see `ftzlink init`)")
    rep.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE",
                     help="override one parameter (value parsed as YAML, e.g. -p 'formats=[pdf, svg]')")
    rep.add_argument("--reports-dir", type=Path, default=None,
                     help="where runs are written, relative or absolute (default: ./reports)")
    rep.add_argument("--notebook-dir", type=Path, default=None,
                     help="notebooks to run (default: the notebooks shipped with ftzlink)")
    rep.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                     help="wait this long for a concurrent run to finish instead of refusing")
    rep.add_argument("--cell-timeout", type=int, default=None, metavar="SECONDS",
                     help="fail the run when one cell runs longer (default 600)")
    rep.add_argument("--keep", type=int, default=None, metavar="N",
                     help="after a successful run, delete all but the N newest runs (latest is always kept)")
    rep.add_argument("--kernels", type=int, default=None, metavar="N",
                     help="run the notebooks on N kernels at once (default: one per core, at most one per "
                          "notebook and at most 4); the outputs do not depend on N")
    rep.add_argument("--quiet", action="store_true", help="no progress lines")
    rep.add_argument("--list-params", action="store_true",
                     help="print each parameter with its default, allowed values and meaning, and exit")

    prune = sub.add_parser("prune", help="delete old runs, keeping the N newest and the one latest points to",
                           epilog=EXIT_CODES)
    prune.add_argument("--keep", type=int, required=True, metavar="N", help="number of newest runs to keep (≥ 1)")
    prune.add_argument("--reports-dir", type=Path, default=None, help="default: ./reports")
    prune.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                       help="wait this long for a running report to finish instead of refusing")

    init = sub.add_parser("init", help="copy the report notebooks and a commented config into a project folder")
    init.add_argument("directory", type=Path, help="folder to create or fill (existing files are not overwritten)")

    sub.add_parser("validate", help="check every curated data file and print a summary")

    ind = sub.add_parser("indices", help="compute an index on the positioning matrix or a table; CSV to stdout")
    ind.add_argument("index", choices=INDEX_CHOICES)
    ind.add_argument("--method", default=None, choices=SIMILARITY_METHODS,
                     help="similarity method (default: that of ftzlink.similarity, cosine)")
    ind.add_argument("--input", type=Path, help="a region × industry table (CSV/Excel, long or wide)")
    ind.add_argument("--level", default="industry", choices=tuple(LEVELS))
    ind.add_argument("--weight", default="binary", choices=WEIGHTS)
    ind.add_argument("--output", type=Path, help="write CSV here instead of stdout")
    return parser


def _report(args) -> int:
    from ftzlink.report.params import describe_parameters, parse_overrides, read_config
    from ftzlink.report.runner import DEFAULT_CELL_TIMEOUT, DEFAULT_REPORTS_DIR, run_report

    if args.list_params:
        print(describe_parameters(), end="")
        return 0
    params = read_config(args.config) if args.config else {}
    params.update(parse_overrides(args.param))
    result = run_report(params, reports_dir=args.reports_dir or DEFAULT_REPORTS_DIR,
                        notebook_dir=args.notebook_dir, wait=args.wait, progress=not args.quiet,
                        cell_timeout=args.cell_timeout or DEFAULT_CELL_TIMEOUT, keep=args.keep,
                        kernels=args.kernels)
    if result.status != "succeeded":
        print(f"ftzlink: report failed: {result.manifest['error']}\n  run kept for diagnosis: {result.run_dir}",
              file=sys.stderr)
        return 1
    print(result.run_dir)
    return 0


def _prune(args) -> int:
    from ftzlink.report.runner import DEFAULT_REPORTS_DIR, prune_runs

    removed = prune_runs(args.reports_dir or DEFAULT_REPORTS_DIR, args.keep, wait=args.wait)
    print(f"{len(removed)} old run(s) removed" + "".join(f"\n  {p}" for p in removed))
    return 0


def _init(args) -> int:
    """Copy the shipped notebooks and a commented ``ftzlink.yml`` into ``args.directory``."""
    from ftzlink.report.params import describe_parameters
    from ftzlink.resources import notebook_dir

    target = args.directory.expanduser().resolve()
    try:
        (target / "notebooks").mkdir(parents=True, exist_ok=True)
        copied, kept = [], []
        for source in sorted(notebook_dir().glob("*.ipynb")):
            dest = target / "notebooks" / source.name
            (kept if dest.exists() else copied).append(dest.name)
            if not dest.exists():
                shutil.copyfile(source, dest)
        config = target / "ftzlink.yml"
        if not config.exists():
            commented = "".join(f"# {line}\n" if line else "#\n" for line in describe_parameters().splitlines())
            config.write_text("# ftzlink report parameters: uncomment and edit what you want to change.\n"
                              "# Run: ftzlink report --config ftzlink.yml --notebook-dir notebooks\n#\n"
                              + commented, encoding="utf-8")
    except OSError as exc:
        raise FtzlinkError(f"init {target}: {exc.strerror or exc}") from None
    print(f"{target}: {len(copied)} notebook(s) copied" + (f", {len(kept)} kept as they were" if kept else "")
          + "; edit ftzlink.yml, then run\n  cd " + str(target)
          + " && ftzlink report --config ftzlink.yml --notebook-dir notebooks")
    return 0


def _validate(_args) -> int:
    from ftzlink.study.registry import load_concordance, load_industries, load_positioning, load_zones
    from ftzlink.study.statistics import load_statistics

    zones, pos, ind = load_zones(), load_positioning(), load_industries()
    print(f"zones.csv        {len(zones):4d} zones, {zones['verified'].mean():.0%} verified")
    print(f"positioning.csv  {len(pos):4d} rows, {pos['verified'].mean():.0%} verified, "
          f"source documents: {', '.join(sorted(pos['source_doc'].unique()))}")
    print(f"industries.csv   {len(ind):4d} industries")
    for level in (lv for lv in LEVELS if LEVELS[lv]):
        conc = load_concordance(level)
        used = int((conc.sum(axis=0) > 0).sum())
        print(f"concordance {level:<13s} {int(conc.to_numpy().sum()):4d} mappings onto {used} of {conc.shape[1]} codes")
    stats = load_statistics()
    print(f"statistics       {len(stats):4d} values, {stats['verified'].mean():.0%} verified, regions: "
          f"{', '.join(sorted(stats['region'].unique()))}")
    return 0


def _indices(args) -> int:
    import ftzlink
    from ftzlink.readers import read_table
    from ftzlink.study.registry import positioning_matrix

    mat = read_table(args.input) if args.input else positioning_matrix(level=args.level, weight=args.weight)
    fn = getattr(ftzlink, args.index)
    if args.index == "similarity" and args.method:
        result = fn(mat, method=args.method)
    else:
        result = fn(mat)
    if isinstance(result, tuple):  # complexity → (ECI, PCI): write ECI per region
        result = result[0]
    text = result.to_csv(lineterminator="\n")
    if args.output:
        from ftzlink.files import write_atomic

        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def skip_rfc3987_syntax() -> None:
    """Leave jsonschema's ``iri`` format checks out of this process, if jsonschema is not imported yet.

    papermill and nbconvert validate notebooks with nbformat, which imports jsonschema;
    jsonschema imports ``rfc3987_syntax`` when it is installed (``jsonschema[format-nongpl]``,
    pulled in by JupyterLab), and that module compiles about 35 Earley parsers on import: 2–3 s
    of CPU in every process, for the ``iri`` and ``iri-reference`` formats that no notebook
    schema uses (python-jsonschema/jsonschema#1428). Marking the module absent makes jsonschema
    skip those two checks, as it does when the package is not installed. Called by the
    ``ftzlink`` command, whose process is its own; :func:`run_report` called from Python leaves
    the caller's process as it is.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def command(argv: list[str] | None = None) -> int:
    """The ``ftzlink`` console command: :func:`main` in a process of its own (see
    :func:`skip_rfc3987_syntax`); returns the exit status."""
    skip_rfc3987_syntax()
    return main(argv)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``ftzlink`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return {"report": _report, "prune": _prune, "init": _init, "validate": _validate, "indices": _indices}[args.command](args)
    except FtzlinkError as exc:
        print(f"ftzlink: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("ftzlink: stopped; the run is marked aborted and latest was not moved", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(command())
