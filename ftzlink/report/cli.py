"""The ``ftzlink`` console command.

    ftzlink report [--config FILE] [-p key=value ...] [--wait SECONDS] [--quiet]
    ftzlink validate
    ftzlink indices INDEX [--input FILE | --level LEVEL --weight WEIGHT] [--output FILE]

Exit status: 0 success, 1 a report notebook failed, 2 bad input or parameters.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ftzlink.errors import FtzlinkError

INDEX_CHOICES = ("similarity", "overlap", "location_quotient", "krugman_index", "herfindahl", "entropy",
                 "diversity", "ubiquity", "complexity")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ftzlink", description="Industry-linkage analytics for China's pilot FTZs.")
    sub = parser.add_subparsers(dest="command", required=True)

    rep = sub.add_parser("report", help="run the report notebooks with papermill into reports/<run_id>/")
    rep.add_argument("--config", type=Path, help="YAML file of report parameters")
    rep.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE",
                     help="override one parameter (value parsed as YAML, e.g. -p 'formats=[pdf, svg]')")
    rep.add_argument("--reports-dir", type=Path, default=None, help="where runs are written (default: ./reports under the current directory)")
    rep.add_argument("--notebook-dir", type=Path, default=None, help="notebooks to run (default: notebooks/)")
    rep.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                     help="wait this long for a concurrent run to finish instead of refusing")
    rep.add_argument("--quiet", action="store_true", help="no progress lines")
    rep.add_argument("--list-params", action="store_true", help="print the parameters with their defaults and exit")

    sub.add_parser("validate", help="check every curated file in data/raw and print a summary")

    ind = sub.add_parser("indices", help="compute an index on the positioning matrix or a table; CSV to stdout")
    ind.add_argument("index", choices=INDEX_CHOICES)
    ind.add_argument("--method", default="jaccard", help="similarity method (default jaccard)")
    ind.add_argument("--input", type=Path, help="a region × industry table (CSV/Excel, long or wide)")
    ind.add_argument("--level", default="industry", choices=("industry", "gbt_division", "gbt_section", "io42"))
    ind.add_argument("--weight", default="binary", choices=("binary", "count", "split"))
    ind.add_argument("--output", type=Path, help="write CSV here instead of stdout")
    return parser


def _report(args) -> int:
    import yaml

    from ftzlink.report.params import DEFAULTS, parse_overrides, read_config
    from ftzlink.report.runner import DEFAULT_REPORTS_DIR, run_report

    if args.list_params:
        print(yaml.safe_dump(DEFAULTS, allow_unicode=True, sort_keys=False), end="")
        return 0
    params = read_config(args.config) if args.config else {}
    params.update(parse_overrides(args.param))
    result = run_report(params, reports_dir=args.reports_dir or DEFAULT_REPORTS_DIR,
                        notebook_dir=args.notebook_dir, wait=args.wait, progress=not args.quiet)
    if result.status != "succeeded":
        print(f"ftzlink: report failed: {result.manifest['error']}\n  run kept for diagnosis: {result.run_dir}",
              file=sys.stderr)
        return 1
    print(result.run_dir)
    return 0


def _validate(_args) -> int:
    from ftzlink.study.registry import LEVELS, load_concordance, load_industries, load_positioning, load_zones

    zones, pos, ind = load_zones(), load_positioning(), load_industries()
    print(f"zones.csv        {len(zones):4d} zones, {zones['verified'].mean():.0%} verified")
    print(f"positioning.csv  {len(pos):4d} rows, {pos['verified'].mean():.0%} verified, "
          f"source documents: {', '.join(sorted(pos['source_doc'].unique()))}")
    print(f"industries.csv   {len(ind):4d} industries")
    for level in (lv for lv in LEVELS if LEVELS[lv]):
        conc = load_concordance(level)
        used = int((conc.sum(axis=0) > 0).sum())
        print(f"concordance {level:<13s} {int(conc.to_numpy().sum()):4d} mappings onto {used} of {conc.shape[1]} codes")
    return 0


def _indices(args) -> int:
    import ftzlink
    from ftzlink.readers import read_table
    from ftzlink.study.registry import positioning_matrix

    mat = read_table(args.input) if args.input else positioning_matrix(level=args.level, weight=args.weight)
    fn = getattr(ftzlink, args.index)
    result = fn(mat, method=args.method) if args.index == "similarity" else fn(mat)
    if isinstance(result, tuple):  # complexity → (ECI, PCI): write ECI per region
        result = result[0]
    text = result.to_csv(lineterminator="\n")
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``ftzlink`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return {"report": _report, "validate": _validate, "indices": _indices}[args.command](args)
    except FtzlinkError as exc:
        print(f"ftzlink: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
