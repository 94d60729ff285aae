"""Shared fixtures and paths of the test suite.

- ``SHARED_IO``: where the optional real NBS input-output tables are (``../shared/data/nbs_io``
  beside the repository); tests that read them use the ``needs_shared_io`` mark and skip
  cleanly when the folder is absent.
- ``mat`` / ``binary``: the small example matrices of the index docstrings (3 regions × 4
  industries), for tests that check a value worked out by hand on them.
- The ``slow`` mark flags tests that run full reports or build a wheel; ``make test`` runs
  everything, ``make test-fast`` deselects them.
"""

from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_IO = ROOT.parent / "shared" / "data" / "nbs_io"
needs_shared_io = pytest.mark.skipif(not SHARED_IO.is_dir(), reason=f"real IO tables not found at {SHARED_IO}")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: full report runs and packaging (deselect with -m 'not slow')")


@pytest.fixture
def mat() -> pd.DataFrame:
    """Region × industry measure matrix used in the index docstrings."""
    return pd.DataFrame([[3, 1, 0, 0], [1, 1, 2, 0], [0, 2, 2, 4]], index=["r1", "r2", "r3"], columns=list("abcd"))


@pytest.fixture
def binary() -> pd.DataFrame:
    """Region × industry 0/1 matrix used in the index docstrings."""
    return pd.DataFrame([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], index=["r1", "r2", "r3"], columns=list("abcd"))
