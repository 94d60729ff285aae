"""Report runs: parameter validation, the notebook context, the papermill runner and the CLI.

- :func:`report_context` — what a notebook calls after its ``parameters`` cell;
- :func:`run_report` — execute the notebooks into ``<reports-dir>/<run_id>/`` (``ftzlink report``).

The runner (papermill, nbconvert) is imported only when :func:`run_report` is used, so a
notebook's ``from ftzlink.report import report_context`` stays light.
"""

from ftzlink.report.context import ReportContext, report_context
from ftzlink.report.params import DEFAULTS, PARAMETERS, validate_params

__all__ = ["DEFAULTS", "PARAMETERS", "ReportContext", "RunResult", "report_context", "run_report", "validate_params"]


def __getattr__(name: str):
    if name in ("run_report", "RunResult"):
        from ftzlink.report import runner

        return getattr(runner, name)
    raise AttributeError(f"module 'ftzlink.report' has no attribute {name!r}")
