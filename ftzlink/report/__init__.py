"""Report runs: parameter validation, the notebook context, the papermill runner and the CLI.

- :func:`report_context` — what a notebook calls after its ``parameters`` cell.
- :func:`run_report` — execute the notebooks into ``reports/<run_id>/`` (``ftzlink report``).
"""

from ftzlink.report.context import ReportContext, report_context
from ftzlink.report.params import DEFAULTS, validate_params
from ftzlink.report.runner import RunResult, run_report

__all__ = ["DEFAULTS", "ReportContext", "RunResult", "report_context", "run_report", "validate_params"]
