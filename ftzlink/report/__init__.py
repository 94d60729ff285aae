"""Report runs: parameter validation, the notebook context, the papermill runner and the CLI.

- :func:`report_context` — what a notebook calls after its ``parameters`` cell;
- :func:`run_report` — execute the notebooks into ``<reports-dir>/<run_id>/`` (``ftzlink report``).

Each name is imported on first use: the runner (papermill, nbconvert) only when
:func:`run_report` is used, so a notebook's ``from ftzlink.report import report_context``
stays light, and the context only when a notebook asks for it.
"""

__all__ = ["DEFAULTS", "PARAMETERS", "ReportContext", "RunResult", "report_context", "run_report", "validate_params"]

#: Each public name by its module, imported on first use (PEP 562): the ``ftzlink`` command
#: does not import the report context (pandas, matplotlib) before its kernels start, and a
#: notebook's import does not pull in the runner.
_NAMES = {"ReportContext": "context", "report_context": "context", "DEFAULTS": "params", "PARAMETERS": "params",
          "validate_params": "params", "run_report": "runner", "RunResult": "runner"}


def __getattr__(name: str):
    if name in _NAMES:
        import importlib

        return getattr(importlib.import_module(f"ftzlink.report.{_NAMES[name]}"), name)
    raise AttributeError(f"module 'ftzlink.report' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
