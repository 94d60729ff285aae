"""Census of the fuzz cases of tests/test_fuzz.py: how each category of bad input is handled.

Runs the same case generator as the test module, outside pytest, and prints one row per
category of bad input: cases tried, clear FtzlinkError (naming the culprit), correct value
(equal to an independent computation), unclear FtzlinkError (not naming it) and wrong or
escaped (a silently accepted bad input, a wrong value, another exception type or a warning).

    python tools/fuzz_census.py                      # the table
    python tools/fuzz_census.py --details out.csv    # plus every case with its outcome
    python tools/fuzz_census.py --failures           # plus the failing cases, one a line
    python tools/fuzz_census.py --only read_table,to_matrix --no-scale --failures
    python tools/fuzz_census.py --detect-scale      # check the declared scale-free groups
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = {"clear": "clear FtzlinkError", "correct": "correct value", "unclear": "unclear FtzlinkError",
           "bad": "wrong/escaped"}


def load_fuzz_module():
    spec = importlib.util.spec_from_file_location("ftzlink_fuzz_cases", ROOT / "tests" / "test_fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def table(outcomes) -> str:
    """The census as a Markdown table (outcomes: DataFrame with ``category`` and ``status``)."""
    counts = outcomes.assign(status=outcomes["status"].replace({"wrong": "bad", "escaped": "bad"}))
    counts = counts.groupby(["category", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(COLUMNS), fill_value=0)
    counts.insert(0, "tried", counts.sum(axis=1))
    counts.loc["total"] = counts.sum()
    lines = ["| category | tried | " + " | ".join(COLUMNS.values()) + " |",
             "|---|---:|" + "---:|" * len(COLUMNS)]
    for category, row in counts.iterrows():
        lines.append(f"| {category} | " + " | ".join(str(int(v)) for v in row) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", type=Path, help="write every case and its outcome to this CSV file")
    parser.add_argument("--failures", action="store_true", help="print the failing cases")
    parser.add_argument("--only", help="comma-separated function names: run their cases only")
    parser.add_argument("--no-scale", action="store_true", help="leave out the scale-invariance cases")
    parser.add_argument("--detect-scale", action="store_true",
                        help="compare the declared SCALE_GROUPS with the groups found by scaling by 2**±10")
    args = parser.parse_args(argv)
    fuzz = load_fuzz_module()
    if args.detect_scale:
        for name in sorted(fuzz.SPECS):
            found, declared = fuzz.detect_scale_groups(name), fuzz.SCALE_GROUPS.get(name, ())
            if set(found) != set(declared):
                print(f"{name}: declared {declared}, found {found}")
        return 0
    start = time.perf_counter()
    cases = fuzz.all_cases(scale=not args.no_scale)
    if args.only:
        wanted = set(args.only.split(","))
        cases = [case for case in cases if case.func in wanted]
    outcomes = fuzz.census(cases)
    print(table(outcomes))
    print(f"\n{len(outcomes)} cases in {time.perf_counter() - start:.0f} s")
    if args.details:
        outcomes.to_csv(args.details, index=False)
    if args.failures:
        for row in outcomes[~outcomes["status"].isin(fuzz.OK)].itertuples():
            print(f"{row.status:8} {row.id}: {row.detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
