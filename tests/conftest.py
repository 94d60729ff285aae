"""Shared fixtures and paths of the test suite.

- ``SHARED_IO``: where the optional real NBS input-output tables are (``../shared/data/nbs_io``
  beside the repository); tests that read them use the ``needs_shared_io`` mark and skip
  cleanly when the folder is absent.
- ``mat`` / ``binary``: the small example matrices of the index docstrings (3 regions × 4
  industries), for tests that check a value worked out by hand on them.
- The ``slow`` mark flags tests that run full reports or build a wheel; ``make test`` runs
  everything, ``make test-fast`` deselects them.
- Order: the files of :data:`LONGEST_FIRST` run first, longest first. Under ``pytest-xdist
  --dist loadfile`` (``make test``) files are handed to the workers in collection order, so a
  long file collected last would keep one worker busy after the others have finished.
"""

import importlib
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from ftzlink.report.cli import skip_rfc3987_syntax

# The test processes run reports as the ``ftzlink`` command does: without jsonschema's slow
# ``iri`` format checks (2–3 s of CPU in each process that imports nbformat).
skip_rfc3987_syntax()

ROOT = Path(__file__).resolve().parents[1]
SHARED_IO = ROOT.parent / "shared" / "data" / "nbs_io"
needs_shared_io = pytest.mark.skipif(not SHARED_IO.is_dir(), reason=f"real IO tables not found at {SHARED_IO}")


class LazyModule:
    """Stands for module ``name``, imported on the first attribute access (``esda.Moran_Local``).

    Every xdist worker imports every test module to collect the tests; a peer package that only
    some tests compare with (esda, statsmodels, dask) is then imported only by the worker that
    runs them. (importlib's ``LazyLoader`` does not do here: pytest's collection touches every
    module-level object, and any attribute access, even ``__class__``, loads a lazy module.)
    """

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str):
        if attr.startswith("_"):      # pytest probes every module-level object (e.g. for ``_mock_name``)
            raise AttributeError(attr)
        return getattr(importlib.import_module(self._name), attr)


def lazy_import(name: str) -> LazyModule | None:
    """:class:`LazyModule` for ``name``, or None when its package is not installed."""
    return LazyModule(name) if importlib.util.find_spec(name.split(".")[0]) is not None else None


#: Test files that take longest (``--durations=0`` on 2 workers), longest first. A stale entry
#: only costs balance between the workers, never a result.
LONGEST_FIRST = (
    "test_report_full.py", "test_packaging.py", "test_toolkit_spatial.py", "test_report_faults.py",
    "test_report_runner.py", "test_plot_figures.py", "test_report_firms.py", "test_fuzz.py", "test_tutorial.py",
    "test_plot_export.py", "test_microdata.py", "test_doctests.py", "test_docs_site.py",
)


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: full report runs and packaging (deselect with -m 'not slow')")
    if getattr(config.option, "dist", "no") == "loadfile":
        config.option.loadscopereorder = False  # else xdist hands out the files with the most tests first


def pytest_collection_modifyitems(config, items):
    """Run the files of :data:`LONGEST_FIRST` first, in that order (each file's tests stay together)."""
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture
def mat() -> pd.DataFrame:
    """Region × industry measure matrix used in the index docstrings."""
    return pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))


@pytest.fixture
def binary() -> pd.DataFrame:
    """Region × industry 0/1 matrix used in the index docstrings."""
    return pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
