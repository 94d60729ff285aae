"""The worked examples in the docstrings outside ftzlink.indices run and give what they show.

(ftzlink.indices runs its own, with shared example matrices, in test_indices_docs.py.)
"""

import doctest
import importlib
import pkgutil

import numpy as np
import pandas as pd
import pytest

import ftzlink

SKIP_PACKAGES = ("ftzlink.indices.",)
MODULES = sorted(
    m.name for m in pkgutil.walk_packages(ftzlink.__path__, "ftzlink.")
    if not m.name.startswith(SKIP_PACKAGES) or m.name in ("ftzlink.indices.groups", "ftzlink.indices.portfolio")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"pd": pd, "np": np}, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
